"""Smaller kept totals beside ``aggregates``: the same sums without the keys a view does not group by.

``aggregates`` (:mod:`geo.store.aggregates`) keeps one row per month, route, H3 cell, agency...: some 345,000
rows at a million demo records, and summing them costs seconds whatever the view asks for. A map groups by
cell, substance, country and dataset only; a briefing by month and substance; the route legs by route and
conveyance. So the store keeps, in the same transaction and from the same rows, these coarser tables
(:data:`ROLLUPS`; rows at a million demo records):

* ``aggregates_cells``: per year and H3 cell, without the route (~23,000 rows): the map's hexagons,
  choropleth and hatching;
* ``aggregates_months``: per month, without the route and the cell (~66,000 rows): a briefing's facts.

Each keeps the columns a :class:`geo.core.filters.RecordFilter` selects on (substance, country, conveyance,
dataset) and the records' ``agency`` and ``sensitivity``, so the filter and the visibility rule (and PostGIS
row-level security) apply to its rows exactly as to records. :func:`smallest_table` picks, for one read, the
smallest kept table that has every key asked for and the period the filter's dates need (a window of whole
years may read a yearly table; a month inside a year reads a monthly one); the sums are the same, only fewer
rows are read. A store made before these tables fills them once from ``aggregates``, in its schema script.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from geo.store.aggregates_years import YEAR_KEYS, YEARS_TABLE, kept_table_ddl

_AMOUNTS = ("record_rows", "weighed", "cases", "kg", "tablets", "plants")  # geo.store.aggregates.AMOUNTS
_SHARED = ("substance", "country", "conveyance", "agency", "sensitivity", "dataset")  # filter + visibility

# table -> (period column, keys). The period is the first key; "year" rows are cut from "month" rows.
CELLS_TABLE = "aggregates_cells"
ROLLUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    CELLS_TABLE: ("year", ("year", "cell", *_SHARED)),
    "aggregates_months": ("month", ("month", *_SHARED)),
}


def rollups_ddl(text: str, integer: str, real: str) -> str:
    """Each rollup table, its visibility index, and its first filling from ``aggregates`` when it is new."""
    return "".join(kept_table_ddl(table, keys, text, integer, real) for table, (_, keys) in ROLLUPS.items())


def rollup_rows(monthly: pd.DataFrame, table: str) -> pd.DataFrame:
    """Rows of ``aggregates`` (its keys and signed amounts) summed into rows of the rollup ``table``."""
    period, keys = ROLLUPS[table]
    frame = monthly.assign(year=monthly["month"].astype(str).str[:4]) if period == "year" else monthly
    return frame.groupby(list(keys), sort=False, as_index=False)[list(_AMOUNTS)].sum()


def smallest_table(by: Sequence[str], monthly_keys: Sequence[str],
                   years_fit: bool) -> tuple[str, str, tuple[str, ...]]:
    """The smallest kept table (name, period, keys) that can sum ``by`` for a filter.

    ``years_fit``: whether the filter's dates are whole years (a yearly table can answer it). ``by`` naming
    ``month`` needs a monthly table. Falls back to ``aggregates`` itself (``monthly_keys``), which has every key.
    """
    wanted = set(by)
    # Smallest first (rows at a million demo records: 23k, 37k, 66k, 345k).
    candidates = [("aggregates_cells", *ROLLUPS["aggregates_cells"]), (YEARS_TABLE, "year", YEAR_KEYS),
                  ("aggregates_months", *ROLLUPS["aggregates_months"])]
    for table, period, keys in candidates:
        if period == "year" and (not years_fit or "month" in wanted):
            continue
        if wanted <= set(keys) - {"year"}:
            return table, period, keys
    return "aggregates", "month", tuple(monthly_keys)
