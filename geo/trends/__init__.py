"""Trends: the figures behind the Trends page and the briefings, their charts and tables.

Series per substance or country, top legs, Sankey links, leg and country changes, hotspots, conveyance and
concealment mix.
"""

from geo.trends.figures import (
    CONCEALMENT_COLUMNS,
    COUNTRY_CHANGE_COLUMNS,
    HOTSPOT_COLUMNS,
    LINK_COLUMNS,
    MIX_COLUMNS,
    SERIES_COLUMNS,
    TOP_LEG_COLUMNS,
    Window,
    between,
    concealment_mix,
    conveyance_mix,
    country_changes,
    hotspots,
    leg_changes,
    make_window,
    sankey_links,
    sankey_path,
    series,
    top_legs,
)

__all__ = [
    "CONCEALMENT_COLUMNS",
    "COUNTRY_CHANGE_COLUMNS",
    "HOTSPOT_COLUMNS",
    "LINK_COLUMNS",
    "MIX_COLUMNS",
    "SERIES_COLUMNS",
    "TOP_LEG_COLUMNS",
    "Window",
    "between",
    "concealment_mix",
    "conveyance_mix",
    "country_changes",
    "hotspots",
    "leg_changes",
    "make_window",
    "sankey_links",
    "sankey_path",
    "series",
    "top_legs",
]
