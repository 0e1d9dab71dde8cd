"""What the Trends page shows, computed in one call: every table behind every chart, for one view.

The page renders :class:`TrendFigures` with :mod:`geo.trends.charts`; the tables are also what its
"download data" buttons export. Computing them together lets the page cache one object per
filter, view and data version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.analysis import hotspots, routes, stats
from geo.core import periods
from geo.trends import figures as trends

SECTIONS = ("volumes", "routes", "change", "hotspots", "emerging", "mix")


@dataclass(frozen=True)
class TrendFigures:
    """The tables of one Trends view (records already filtered by substance, country and conveyance)."""

    window: trends.Window
    series: pd.DataFrame
    top_legs: pd.DataFrame
    sankey: pd.DataFrame
    leg_changes: pd.DataFrame
    country_changes: pd.DataFrame
    hotspots: pd.DataFrame
    conveyance_mix: pd.DataFrame
    concealment_mix: pd.DataFrame
    demo_records: int  # synthetic records among those shown (labelled on every chart)
    window_records: int
    window_cases: int = 0  # seizures the window's records stand for (sum of seizure_count)
    # Emerging hot spots of every period up to the window's last (geo.analysis.hotspots), as on the map's layer.
    emerging_hotspots: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def window_range(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The window's first and last day, as the time series highlights it."""
        first, last = self.window.bounds()
        return pd.Timestamp(first), pd.Timestamp(last)


def period_text(window: trends.Window, mode: str, lang: str) -> str:
    """The window as charts state it: one period, or the first to the chosen one."""
    last = periods.period_label(window.keys[window.now[1]], lang)
    if mode == "cumulative" or window.now[0] != window.now[1]:
        return f"{periods.period_label(window.keys[window.now[0]], lang)} – {last}"
    return last


def compute(records: pd.DataFrame, legs: routes.PeriodLegs, granularity: str, period: str | None, mode: str,
            *, by: str = "substance", sankey_substance: str | None = None, measure: str = "kg") -> TrendFigures:
    """Every table of the Trends page for ``records`` at ``period``.

    ``legs`` are the map's leg totals of the same records (:attr:`geo.maps.timeline.Timeline.legs`).
    """
    window = trends.make_window(records, granularity, period, mode)
    first, last = window.bounds()
    shown = trends.between(records, first, last)
    return TrendFigures(
        window=window,
        series=trends.series(records, granularity, by=by),
        top_legs=trends.top_legs(legs),
        sankey=trends.sankey_links(records, first, last, sankey_substance),
        leg_changes=trends.leg_changes(legs, window),
        country_changes=trends.country_changes(records, window, measure=measure),
        hotspots=trends.hotspots(records, window),
        conveyance_mix=trends.conveyance_mix(shown),
        concealment_mix=trends.concealment_mix(shown),
        demo_records=int((shown["dataset"] == "demo").sum()),  # the window's, as the caption's period says
        window_records=len(shown),
        window_cases=stats.total_cases(shown),
        emerging_hotspots=hotspots.emerging_hotspots(trends.between(records, window.bounds_of_all()[0], last),
                                                     granularity),
    )
