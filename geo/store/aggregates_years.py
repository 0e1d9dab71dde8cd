"""The kept totals per year, without the H3 cell: what a yearly view reads at a million records.

``aggregates`` (:mod:`geo.store.aggregates`) keeps one row per month, place cell, route, agency...: at a
million demo records some 300,000 rows, and summing them for ``stats --json`` costs seconds. The same
totals per *year* and without the cell (``aggregates_years``) hold about a tenth of that (35,000 rows at
800,000 records), and answer every figure of a yearly ``stats --json``: totals per substance, country,
year and period, the legs (origin, transit, country, destination and conveyance are kept), their change
flags between years, and the coverage of official annual totals. A filter whose dates fall inside a year,
or a finer granularity, reads the monthly table instead.

The table changes with ``aggregates``, in the same transaction and from the same rows
(:meth:`geo.store.aggregates.AggregatesMixin._aggregates_add`); it has the records' ``agency`` and
``sensitivity`` columns, so the visibility rule (and PostGIS row-level security) applies exactly as to
records. A store made before it fills it once from the monthly table, in its schema script (both stores).
"""

from __future__ import annotations

import re
from datetime import date  # noqa: F401 - the doctests use it

import pandas as pd

from geo.core.filters import RecordFilter

YEARS_TABLE = "aggregates_years"
# The monthly KEYS with "month" cut to its year and without "cell" (geo.store.aggregates.KEYS).
YEAR_KEYS = ("year", "substance", "country", "origin", "transit", "destination", "conveyance", "agency",
             "sensitivity", "dataset")
_AMOUNTS = ("record_rows", "weighed", "cases", "kg", "tablets", "plants")  # geo.store.aggregates.AMOUNTS


def years_ddl(text: str, integer: str, real: str) -> str:
    """The yearly table and, when it is new beside filled monthly totals, its first filling from them."""
    return kept_table_ddl(YEARS_TABLE, YEAR_KEYS, text, integer, real)


def kept_table_ddl(table: str, keys: tuple[str, ...], text: str, integer: str, real: str) -> str:
    """A kept table of the monthly totals summed over the keys it drops (a ``"year"`` key cuts the month).

    Its visibility index, and its first filling from ``aggregates`` when it is new: the ``NOT EXISTS`` makes
    the copy run once, since in a consistent store a kept table is empty only when ``aggregates`` is (PostgreSQL
    asks it once; SQLite on each row of ``aggregates``, so the GeoPackage store asks first: :func:`first_filling_of`).
    """
    columns = ",\n  ".join(f"{key} {text} NOT NULL DEFAULT ''" for key in keys)
    amounts = ",\n  ".join(f"{name} {real if name in ('kg', 'tablets', 'plants') else integer} NOT NULL"
                           for name in _AMOUNTS)
    # substr(month, 1, 4): '2021-03' -> '2021', '' (undated) -> ''.
    source = ", ".join("substr(month, 1, 4)" if key == "year" else key for key in keys)
    return f"""
CREATE TABLE IF NOT EXISTS {table} (
  {columns},
  {amounts},
  PRIMARY KEY ({", ".join(keys)}));
CREATE INDEX IF NOT EXISTS {table}_visibility ON {table} (agency, sensitivity);
INSERT INTO {table} ({", ".join(keys)}, {", ".join(_AMOUNTS)})
  SELECT {source}, {", ".join(f"sum({name})" for name in _AMOUNTS)} FROM aggregates
  WHERE NOT EXISTS (SELECT 1 FROM {table}) GROUP BY {source};
"""  # noqa: S608 - constants only


_FIRST_FILLING = re.compile(r"\s*INSERT INTO (\w+) .*WHERE NOT EXISTS \(SELECT 1 FROM \1\)", re.DOTALL)


def first_filling_of(statement: str) -> str | None:
    """The kept table ``statement`` fills when it is new (a statement of :func:`kept_table_ddl`), else ``None``.

    A filled table makes that statement insert nothing, but SQLite tests the ``NOT EXISTS`` on each row of
    ``aggregates`` (~0.1 s at a million records, at every opening): the GeoPackage store asks first.

    >>> first_filling_of(kept_table_ddl("aggregates_years", YEAR_KEYS, "TEXT", "INTEGER", "REAL").split(";")[2])
    'aggregates_years'
    >>> first_filling_of("CREATE INDEX IF NOT EXISTS t_visibility ON t (agency, sensitivity)") is None
    True
    """
    match = _FIRST_FILLING.match(statement)
    return match.group(1) if match else None


def year_rows(monthly: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``aggregates`` (KEYS and AMOUNTS, signed) summed into rows of the yearly table."""
    frame = monthly.assign(year=monthly["month"].astype(str).str[:4])
    return frame.groupby(list(YEAR_KEYS), sort=False, as_index=False)[list(_AMOUNTS)].sum()


def year_bounds(record_filter: RecordFilter) -> tuple[str | None, str | None] | None:
    """The filter's dates as first and last years, or ``None`` when a date falls inside a year.

    >>> year_bounds(RecordFilter(date_from=date(2021, 1, 1), date_to=date(2022, 12, 31)))
    ('2021', '2022')
    >>> year_bounds(RecordFilter(date_from=date(2021, 3, 1))) is None
    True
    """
    start, end = record_filter.date_from, record_filter.date_to
    if start is not None and (start.month, start.day) != (1, 1):
        return None
    if end is not None and (end.month, end.day) != (12, 31):
        return None
    return (f"{start.year:04d}" if start else None, f"{end.year:04d}" if end else None)
