"""Bounded record reads for the map: the records in a drawn area's box, and records by id.

The Map page draws sums from kept totals (:mod:`geo.store.aggregates`); it reads records only for
what a user singles out. A drawn area asks for the records of the period shown inside the drawing's
bounding box (:meth:`AreaMixin.records_in_box`): the date window goes through the ``records_date``
index and the box narrows the rows further, so the read costs what the area holds, not what the store
holds. The caller then keeps the records inside the drawing itself (:func:`geo.analysis.selection.
within_area`). Both reads apply the filter and its viewer's visibility rule (and PostGIS row-level
security) as :meth:`geo.store.SqlStore.query` does, and give the same canonical columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from geo.core import schema
from geo.core.filters import RecordFilter
from geo.store.records import record_where, to_geodataframe

if TYPE_CHECKING:  # geopandas loads when records are read, not with every command that opens a store (issue 16)
    import geopandas as gpd

_CHUNK = 900  # ids per query: under SQLite's parameter limit


class AreaMixin:
    """Records in a box and a date window, or by id, for a filter and its viewer."""

    def records_in_box(self, record_filter: RecordFilter, start: date, end: date,
                       box: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
        """Records dated ``start`` to ``end`` (inclusive) with a position in ``box`` (west, south, east, north).

        Oldest first, as :meth:`geo.store.SqlStore.query`; unlocated records are never in a box.
        """
        west, south, east, north = (float(value) for value in box)
        if not (west <= east and south <= north):
            raise ValueError(f"box {box}: expected (west, south, east, north) with west <= east and south <= north")
        where, params = record_where(record_filter)
        clauses = [where[len("WHERE "):]] if where else []
        clauses += ["date >= ?", "date <= ?", "lat >= ?", "lat <= ?", "lon >= ?", "lon <= ?"]
        params += [pd.Timestamp(start).date().isoformat(), pd.Timestamp(end).date().isoformat(),
                   south, north, west, east]
        return self._records_where("WHERE " + " AND ".join(clauses), params, record_filter)

    def records_by_id(self, record_filter: RecordFilter, record_ids: Sequence[str]) -> gpd.GeoDataFrame:
        """The records among ``record_ids`` that ``record_filter`` selects and its viewer may see."""
        where, params = record_where(record_filter)
        frames = []
        ids = sorted({str(i) for i in record_ids})
        for first in range(0, len(ids), _CHUNK):
            chunk = ids[first:first + _CHUNK]
            condition = f"{where + ' AND' if where else 'WHERE'} record_id IN ({','.join('?' * len(chunk))})"
            frames.append(self._records_where(condition, [*params, *chunk], record_filter))
        if not frames:
            return self._records_where("WHERE 1 = 0", [], record_filter)
        return to_geodataframe(pd.concat([pd.DataFrame(f.drop(columns="geometry")) for f in frames],
                                          ignore_index=True).loc[:, list(schema.CANONICAL_COLUMNS)])

    def has_duplicate_pairs(self, statuses: Sequence[str]) -> bool:
        """Whether any pair of ``statuses`` is stored at all, whoever may see it: one look-up in the pairs table.

        :meth:`geo.store.SqlStore.duplicate_pairs` checks both records of every pair against the
        viewer's visibility, which costs a pass over the records even when no pair exists (seconds
        at a million records); a page asks this first and reads the pairs only when there are some.
        """
        marks = ",".join("?" * len(statuses))
        return self._scalar(f"SELECT 1 FROM duplicate_pairs WHERE status IN ({marks}) LIMIT 1",  # noqa: S608
                            list(statuses)) is not None

    def _records_where(self, where: str, params: list, record_filter: RecordFilter) -> gpd.GeoDataFrame:
        columns = ", ".join(schema.CANONICAL_COLUMNS)
        frame = self._frame(f"SELECT {columns} FROM records {where} ORDER BY date, fid",  # noqa: S608
                            params, record_filter.viewer)
        if frame.empty:
            frame = pd.DataFrame({c: pd.Series(dtype="object") for c in schema.CANONICAL_COLUMNS})
        return to_geodataframe(frame.loc[:, list(schema.CANONICAL_COLUMNS)])
