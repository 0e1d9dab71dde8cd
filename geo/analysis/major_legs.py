"""Which route legs the map draws by default: the period's heaviest of each substance, a few dozen at most.

The others are still drawn, in the "minor legs" layer the user turns on
(:mod:`geo.maps.flows`). The interactive map, its animation and the printed map all use
:func:`top_legs`, so they show the same lines.
"""

from __future__ import annotations

import pandas as pd

from geo.core import settings


def top_leg_limit() -> int:
    """The default number of legs the map draws (setting ``COULOIRS_MAP_TOP_LEGS``)."""
    return int(settings.get("COULOIRS_MAP_TOP_LEGS"))


def top_legs(legs: pd.DataFrame, limit: int) -> pd.Series:
    """Which legs are drawn by default: the heaviest of each substance in turn, ``limit`` at most.

    Every substance's heaviest leg comes first, then every substance's second, and so on
    (ties between substances go to the larger share of its substance, then the heavier), so a
    substance of small weights is not crowded out by cocaine's tonnes. Legs of zero weight
    (gone since the previous window) are never among them.

    >>> legs = pd.DataFrame({"substance": ["a", "a", "a", "b"], "weight": [9.0, 5.0, 1.0, 0.5],
    ...                      "share": [0.6, 0.33, 0.07, 1.0]})
    >>> top_legs(legs, 2).tolist()
    [True, False, False, True]
    """
    if legs.empty or limit <= 0:
        return pd.Series(False, index=legs.index)
    weight = legs["weight"].fillna(0.0)
    rank = weight.groupby(legs["substance"]).rank(method="first", ascending=False)
    order = pd.DataFrame({"rank": rank, "share": -legs["share"].fillna(0.0), "weight": -weight})
    order = order[weight > 0].sort_values(["rank", "share", "weight"], kind="stable")
    chosen = pd.Series(False, index=legs.index)
    chosen.loc[order.index[:limit]] = True
    return chosen
