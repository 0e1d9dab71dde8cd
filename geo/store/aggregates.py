"""Totals kept at import time: what maps, trends, stats and briefings read instead of every record.

One row of the ``aggregates`` table per combination of :data:`KEYS` (month, substance, country, the
reported route, conveyance, H3 cell, owner agency, sensitivity, dataset) with the sums of
:data:`AMOUNTS`. A store of a million records holds a few hundred thousand such rows at most, and a
view sums only the ones its filter and its viewer select, in SQL.

The table changes in the same transaction as the records it sums: an import adds its records'
totals (:meth:`AggregatesMixin._aggregates_add`), removing a batch subtracts them, editing a record's
sensitivity moves it from one row to another. Opening a store whose totals do not match its records
(made before this table, or changed by another tool) rebuilds them (:meth:`AggregatesMixin.
rebuild_aggregates`, also ``python -m geo init``).

Visibility: the ``agency`` and ``sensitivity`` columns are the records' own, so the rule of
:func:`geo.access.sql_clause` (and PostGIS row-level security) applies to these rows exactly as to
records. Sharing agreements are read when a query runs, so a new agreement changes no row here.

A missing key value is stored as ``''`` (a primary key cannot hold NULL on PostgreSQL, and two NULLs
would not conflict on SQLite); it reads back as ``None``. ``''`` is not a sensitivity, so the rule
treats such a row as the strictest level, as it treats a record with none.

Merged duplicates (issue 18): a record that should not count (a confirmed cross-agency duplicate that is not
its cluster's reference) is subtracted with :meth:`AggregatesMixin.aggregates_subtract_records` in the
transaction that confirms the merge, and added back when the merge is undone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import h3
import numpy as np
import pandas as pd

from geo import access
from geo.access import Viewer
from geo.core.filters import RecordFilter
from geo.store.aggregates_rollups import CELLS_TABLE, ROLLUPS, rollup_rows, rollups_ddl, smallest_table
from geo.store.aggregates_years import YEAR_KEYS, YEARS_TABLE, year_bounds, year_rows, years_ddl
from geo.store.postgis_roles import table_policies_ddl
from geo.store.records import record_where

# The map's overview zoom (5) draws H3 resolution 3 (geo.analysis.hexagons.default_resolution); coarser
# cells are parents of these, so one stored resolution serves every coarsening the map does.
CELL_RESOLUTION = 3
POSITION_DIGITS = 4  # as geo.analysis.hexagons: positions within ~10 m share a cell look-up
KEYS = ("month", "substance", "country", "origin", "transit", "destination", "conveyance", "cell", "agency",
        "sensitivity", "dataset")
# record_rows: how many records; weighed: how many of them have a mass (a substance weighed on at least
# half of its records is drawn by kg, geo.analysis.routes.weighed_in_kg); cases: the sum of seizure_count.
AMOUNTS = ("record_rows", "weighed", "cases", "kg", "tablets", "plants")
# The record columns the totals are computed from.
SOURCE_COLUMNS = ("date", "substance", "country", "origin", "transit", "destination", "conveyance", "lat", "lon",
                  "agency", "sensitivity", "dataset", "quantity_kg", "count", "unit", "seizure_count")
_FILTER_KEYS = ("substance", "country", "conveyance", "dataset")  # RecordFilter's columns, named as in records
_CHUNK = 200_000  # records read at a time when rebuilding


def aggregates_ddl(text: str, integer: str, real: str) -> str:
    """The ``aggregates`` table for a backend's ``text``, ``integer`` and ``real`` types."""
    keys = ",\n  ".join(f"{key} {text} NOT NULL DEFAULT ''" for key in KEYS)
    amounts = ",\n  ".join(f"{name} {real if name in ('kg', 'tablets', 'plants') else integer} NOT NULL"
                           for name in AMOUNTS)
    return f"""
CREATE TABLE IF NOT EXISTS aggregates (
  {keys},
  {amounts},
  PRIMARY KEY ({", ".join(KEYS)}));
CREATE INDEX IF NOT EXISTS aggregates_visibility ON aggregates (agency, sensitivity);
""" + years_ddl(text, integer, real) + rollups_ddl(text, integer, real)


def aggregates_policies_ddl(may_read: str, may_write: str) -> str:
    """PostGIS row-level security on ``aggregates``: the records' read and write expressions, on its own columns."""
    return "".join(table_policies_ddl(table, read=may_read, insert=may_write, update=may_write, delete=may_write)
                   for table in ("aggregates", YEARS_TABLE, *ROLLUPS))


def cells_of(lat: pd.Series, lon: pd.Series) -> np.ndarray:
    """The H3 cell (:data:`CELL_RESOLUTION`) of each position, ``''`` where unlocated; one look-up per place."""
    lat_values, lon_values = lat.to_numpy(float), lon.to_numpy(float)
    located = ~(np.isnan(lat_values) | np.isnan(lon_values))
    place = pd.Series(lat_values.round(POSITION_DIGITS) + 1j * lon_values.round(POSITION_DIGITS))
    codes, uniques = pd.factorize(place)  # an unlocated position has code -1
    cells = np.array([*(h3.latlng_to_cell(z.real, z.imag, CELL_RESOLUTION) for z in uniques), ""], dtype=object)
    return np.where(located, cells[np.where(codes >= 0, codes, len(uniques))], "")


def _text(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.StringDtype):  # typed records: already text, only the blanks to fill
        return values.fillna("").to_numpy(dtype=object)
    return values.astype("object").where(values.notna(), "").astype(str).to_numpy()


def _month_texts(dates: pd.Series) -> np.ndarray:
    """``YYYY-MM`` of each date, ``''`` where missing (NumPy's own formatting: ``dt.strftime`` is a call per value)."""
    months = np.asarray(dates.to_numpy()).astype("datetime64[M]")
    texts = np.datetime_as_string(months, unit="M").astype(object)
    texts[np.isnat(months)] = ""
    return texts


def aggregate_rows(records: pd.DataFrame) -> pd.DataFrame:
    """:data:`KEYS` and the summed :data:`AMOUNTS` of typed canonical ``records`` (one row per key)."""
    if records.empty:
        return pd.DataFrame(columns=[*KEYS, *AMOUNTS])
    dates = pd.to_datetime(records["date"])
    unit = records["unit"]
    count = pd.to_numeric(records["count"]).astype(float)
    seizures = records["seizure_count"] if "seizure_count" in records else pd.Series(1, index=records.index)
    kg = pd.to_numeric(records["quantity_kg"]).astype(float)
    frame = pd.DataFrame({
        "month": _month_texts(dates),
        **{key: _text(records[key]) for key in KEYS if key not in ("month", "cell")},
        "cell": cells_of(pd.to_numeric(records["lat"]), pd.to_numeric(records["lon"])),
        "record_rows": 1,
        "weighed": kg.notna().astype("int64").to_numpy(),
        "cases": pd.to_numeric(seizures).fillna(1).astype("int64").to_numpy(),
        "kg": kg.fillna(0.0).to_numpy(),
        "tablets": count.where(unit == "tablets", 0.0).fillna(0.0).to_numpy(),
        "plants": count.where(unit == "plants", 0.0).fillna(0.0).to_numpy(),
    })
    return frame.groupby(list(KEYS), sort=False, as_index=False)[list(AMOUNTS)].sum()


def month_bounds(record_filter: RecordFilter) -> tuple[str | None, str | None] | None:
    """The filter's dates as first and last months, or ``None`` when a date falls inside a month.

    Totals are kept per month: a window from the 10th cannot be answered from them (the caller
    reads the records instead, never a changed figure).
    """
    start, end = record_filter.date_from, record_filter.date_to
    if start is not None and start.day != 1:
        return None
    if end is not None and (end + timedelta(days=1)).day != 1:
        return None
    return (start.strftime("%Y-%m") if start else None, end.strftime("%Y-%m") if end else None)


class AggregatesMixin:
    """Keeping the ``aggregates`` table with the records, and reading it under the visibility rule."""

    # -- writing (inside the caller's transaction) ---------------------------------------------------
    def _aggregates_add(self, connection, records: pd.DataFrame, sign: int = 1) -> None:
        """Add (``sign=1``) or subtract (``-1``) the totals of ``records``; rows left empty are deleted."""
        rows = aggregate_rows(records)
        if rows.empty:
            return
        for name in AMOUNTS:
            rows[name] = rows[name] * sign
        names = [*KEYS, *AMOUNTS]
        updates = ", ".join(f"{name} = aggregates.{name} + excluded.{name}" for name in AMOUNTS)
        text = (f"INSERT INTO aggregates ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
                f" ON CONFLICT ({', '.join(KEYS)}) DO UPDATE SET {updates}")
        # Each column to plain Python values at once (NumPy's tolist), zipped into rows: no per-value check.
        connection.cursor().executemany(self._sql(text), list(zip(*(rows[name].tolist() for name in names))))
        self._upsert_years(connection, year_rows(rows))
        for table, (_, keys) in ROLLUPS.items():  # the smaller tables (geo.store.aggregates_rollups)
            self._upsert_kept(connection, table, keys, rollup_rows(rows, table))
        if sign < 0:
            self._execute(connection, "DELETE FROM aggregates WHERE record_rows <= 0")
            for table in (YEARS_TABLE, *ROLLUPS):
                self._execute(connection, f"DELETE FROM {table} WHERE record_rows <= 0")  # noqa: S608

    def _upsert_years(self, connection, rows: pd.DataFrame) -> None:
        """Add signed yearly rows (:mod:`geo.store.aggregates_years`) to their table."""
        self._upsert_kept(connection, YEARS_TABLE, YEAR_KEYS, rows)

    def _upsert_kept(self, connection, table: str, keys: Sequence[str], rows: pd.DataFrame) -> None:
        """Add signed rows of a kept table (its ``keys`` and :data:`AMOUNTS`; both constants) to it."""
        names = [*keys, *AMOUNTS]
        updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in AMOUNTS)
        text = (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
                f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}")
        connection.cursor().executemany(self._sql(text), list(zip(*(rows[name].tolist() for name in names))))

    def _aggregates_of_batch(self, connection, batch_id: str, sign: int = -1) -> None:
        """Subtract (or add) the totals of one batch's stored records: before the batch is removed."""
        for frame in self._source_chunks(connection, "WHERE batch_id = ?", [batch_id]):
            self._aggregates_add(connection, frame, sign)

    def aggregates_subtract_records(self, connection, record_ids: Sequence[str], sign: int = -1) -> None:
        """Subtract (``sign=-1``) or add back the totals of stored records, in the caller's transaction.

        For a change that makes records stop counting while they stay stored (a confirmed merge of
        duplicates keeps only the cluster's reference record in the totals).
        """
        for start in range(0, len(record_ids), 900):
            chunk = list(record_ids[start:start + 900])
            marks = ",".join("?" * len(chunk))
            for frame in self._source_chunks(connection, f"WHERE record_id IN ({marks})", chunk):
                self._aggregates_add(connection, frame, sign)

    def _source_chunks(self, connection, where: str, params: list) -> Iterable[pd.DataFrame]:
        columns = ", ".join(SOURCE_COLUMNS)
        cursor = self._execute(connection, f"SELECT {columns} FROM records {where}", params)  # noqa: S608
        while rows := cursor.fetchmany(_CHUNK):
            frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
            for name in ("lat", "lon", "quantity_kg", "count"):
                frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
            frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
            yield frame

    def rebuild_aggregates(self) -> int:
        """Recompute the whole table from the records, in one transaction; return how many rows it has."""
        with self._write() as connection:
            self._rebuild_aggregates(connection)
            return int(self._execute(connection, "SELECT count(*) FROM aggregates").fetchone()[0])

    def _rebuild_aggregates(self, connection) -> None:
        self._execute(connection, "DELETE FROM aggregates")
        for table in (YEARS_TABLE, *ROLLUPS):
            self._execute(connection, f"DELETE FROM {table}")  # noqa: S608 - a constant
        for frame in self._source_chunks(connection, "", []):
            self._aggregates_add(connection, frame, 1)

    def _aggregates_stale(self, connection) -> bool:
        """Whether the totals count other records than the table holds (an older store, another tool's edit)."""
        stored = self._execute(connection, "SELECT count(*) FROM records").fetchone()[0]
        summed = self._execute(connection, "SELECT coalesce(sum(record_rows), 0) FROM aggregates").fetchone()[0]
        return int(stored) != int(summed)

    # -- reading ------------------------------------------------------------------------------------
    def sees_confirmed_pair(self, viewer: Viewer | None) -> bool:
        """Whether ``viewer`` may see both records of a confirmed duplicate pair (kept totals count both).

        The rows :meth:`duplicate_pairs` would list with ``statuses=("confirmed",)``, stopped at the first:
        each record is looked up by its id, instead of listing every record the viewer may see.
        """
        visibility, params = access.sql_clause(viewer)
        also = f" AND ({visibility})" if visibility else ""
        seen = [f"EXISTS (SELECT 1 FROM records WHERE records.record_id = duplicate_pairs.{column}{also})"  # noqa: S608
                for column in ("record_a", "record_b")]
        text = (f"SELECT 1 FROM duplicate_pairs WHERE status = 'confirmed' AND probability >= 0"  # noqa: S608
                f" AND {seen[0]} AND {seen[1]} LIMIT 1")
        return not self._frame(text, [*params, *params], viewer).empty

    def aggregates(self, record_filter: RecordFilter | None = None, by: Sequence[str] = KEYS) -> pd.DataFrame | None:
        """Sums of :data:`AMOUNTS` per combination of ``by`` over what the filter and its viewer select.

        ``None`` when the filter cannot be answered from monthly totals (a date inside a month):
        the caller then reads the records. Key values read back as ``None`` where missing. The sums are
        read from the smallest kept table that holds ``by`` (:mod:`geo.store.aggregates_rollups`).
        """
        record_filter = record_filter or RecordFilter()
        years = year_bounds(record_filter)
        table, period, keys = smallest_table(by, KEYS, years_fit=years is not None)
        bounds = years if period == "year" else month_bounds(record_filter)
        return self._kept(table, period, keys, bounds, record_filter, by)

    def aggregates_by_year(self, record_filter: RecordFilter | None = None,
                           by: Sequence[str] = YEAR_KEYS) -> pd.DataFrame | None:
        """As :meth:`aggregates`, from the yearly totals (:mod:`geo.store.aggregates_years`), ``year`` for ``month``.

        ``None`` when a date of the filter falls inside a year. A tenth of the monthly rows or fewer:
        what a yearly view (``stats --json``, the default granularity) reads at a million records.
        """
        record_filter = record_filter or RecordFilter()
        return self._kept(YEARS_TABLE, "year", YEAR_KEYS, year_bounds(record_filter), record_filter, by)

    def cells_by_year(self, record_filter: RecordFilter | None = None,
                      by: Sequence[str] = ROLLUPS[CELLS_TABLE][1]) -> pd.DataFrame | None:
        """As :meth:`aggregates_by_year`, per H3 cell: ``aggregates_cells``, a fifteenth of the monthly rows at 1M.

        ``None`` when a date of the filter falls inside a year. What the Map page's yearly view of a visibility
        class reads (the same table as ``geo map --out``, so the page and the file sum each cell alike).
        """
        record_filter = record_filter or RecordFilter()
        return self._kept(CELLS_TABLE, "year", ROLLUPS[CELLS_TABLE][1], year_bounds(record_filter), record_filter,
                          by)

    def _kept(self, table: str, period: str, keys: Sequence[str], bounds: tuple[str | None, str | None] | None,
              record_filter: RecordFilter, by: Sequence[str]) -> pd.DataFrame | None:
        if bounds is None:
            return None
        unknown = sorted(set(by) - set(keys))
        if unknown:
            raise ValueError(f"{table}: no key {unknown[0]!r} (keys: {', '.join(keys)})")
        undated = dataclasses.replace(record_filter, date_from=None, date_to=None)
        where, params = record_where(undated)
        clauses = [where[len("WHERE "):]] if where else []
        if bounds[0]:
            clauses.append(f"{period} >= ? AND {period} <> ''")
            params.append(bounds[0])
        if bounds[1]:
            clauses.append(f"{period} <= ? AND {period} <> ''")
            params.append(bounds[1])
        condition = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        names = ", ".join(by)
        sums = ", ".join(f"sum({name}) AS {name}" for name in AMOUNTS)
        text = (f"SELECT {names + ', ' if names else ''}{sums} FROM {table} {condition}"  # noqa: S608
                + (f" GROUP BY {names}" if names else ""))
        frame = self._frame(text, params, record_filter.viewer)
        frame = frame.loc[frame["record_rows"].fillna(0) > 0] if not frame.empty else frame
        for name in by:
            frame[name] = frame[name].where(frame[name] != "", None)
        for name in AMOUNTS:
            kind = float if name in ("kg", "tablets", "plants") else "int64"
            frame[name] = pd.to_numeric(frame[name]).fillna(0).astype(kind)
        return frame.reset_index(drop=True)


def first_of_month(month: str) -> date:
    """``"2021-03"`` -> 2021-03-01."""
    return date(int(month[:4]), int(month[5:7]), 1)
