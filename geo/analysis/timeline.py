"""The map's timeline without drawing: its periods, the position of a period, and the flows a step shows.

The interactive map (:mod:`geo.maps.timeline`), its animation (:mod:`geo.briefs.animation`),
the Trends page (:mod:`geo.trends.figures`) and the briefings (:mod:`geo.briefs.content`) all
place periods and pick the legs they draw with these functions, so they agree with each other.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from geo.analysis import change_rules, major_legs, routes
from geo.core import periods

MAX_FLOWS = 40  # legs drawn per period: the heaviest, plus the emerging ones; a screen shows no more


def timeline(records: pd.DataFrame, granularity: str) -> tuple[str, ...]:
    """Every period from the first to the last record (empty periods included, so time runs evenly)."""
    dates = records["date"].dropna()
    if dates.empty:
        return ()
    return tuple(periods.period_range(dates.min().date(), dates.max().date(), granularity))


def period_index(keys: tuple[str, ...], period: str | None) -> int:
    """Position of ``period`` in ``keys``; the latest period when it is absent."""
    return keys.index(period) if period in keys else len(keys) - 1


def strongest_legs(legs: pd.DataFrame, limit: int = MAX_FLOWS) -> pd.DataFrame:
    """The ``limit`` heaviest legs, and every emerging or fading leg among the next ones up to ``limit`` more.

    >>> legs = pd.DataFrame({"weight": [5.0, 1.0, 3.0], "status": ["stable", "emerging", "stable"]})
    >>> strongest_legs(legs, limit=1)["weight"].tolist()
    [5.0, 1.0]
    """
    ranked = legs.sort_values("weight", ascending=False)
    top, rest = ranked.iloc[:limit], ranked.iloc[limit:]
    flagged = rest[rest["status"].isin(["emerging", "fading"])].iloc[:limit]
    return pd.concat([top, flagged])


def step_flows(window_legs: Callable[[int, int], pd.DataFrame], index: int, mode: str,
               top: int | None = None, rule: change_rules.ChangeRule | None = None) -> gpd.GeoDataFrame:
    """The flows drawn at slider step ``index``: flagged against the rule's baseline, with their lines.

    ``window_legs(first, last)`` sums leg totals over periods (:func:`geo.analysis.routes.window_legs`
    bound to a timeline's legs, cached or not). The map and its animation both draw these.
    Column ``major`` marks the legs drawn by default (:func:`geo.analysis.major_legs.top_legs`,
    ``top`` of them, the setting by default); the others are the map's minor legs.
    """
    rule = rule or change_rules.current_rule()
    now, _ = routes.window_positions(index, mode)
    first, last, windows = routes.baseline_positions(index, mode, rule)
    changes = routes.flag_changes(window_legs(*now), window_legs(first, last), rule, windows)
    changes = changes.assign(major=major_legs.top_legs(changes, major_legs.top_leg_limit() if top is None else top))
    drawn = routes.leg_geometries(changes)
    return drawn.loc[drawn.geometry.notna()].reset_index(drop=True)
