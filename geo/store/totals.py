"""Official annual totals: a country's seizures of one drug in one year, as a government or UNODC published them.

Stored in ``official_totals`` (:func:`geo.store.schema_sql.totals_ddl`), never among the records: a total has
no event, place or date, and summing it with the records would count every seizure twice. A totals file is one
batch in the import accounting like any other (``import_batches``, ``quarantine``, ``import_files``), so
``geo batch list/show/remove`` work on it and ``rows = accepted + quarantined + duplicates``.

Reads apply the records' visibility rule (:func:`geo.access.sql_clause`; row-level security on PostGIS):
owner agency, sensitivity and the sharing agreements.
"""

from __future__ import annotations

import hashlib
import json
import uuid

import pandas as pd

from geo import access
from geo.access import Actor, Viewer
from geo.core.filters import RecordFilter
from geo.store.audit import AuditMixin
from geo.store.records import Batch, BatchResult, _quarantine_frame
from geo.store.sql import now_text

# What a caller gives per total (``row_number`` is the file's row, for messages and the quarantine).
TOTAL_FIELDS = ("country", "year", "substance", "label", "kg", "cases", "source")
# What :meth:`TotalsMixin.read_totals` returns, in this order.
READ_COLUMNS = (*TOTAL_FIELDS, "agency", "sensitivity", "batch_id")
_STORED = ("total_id", "batch_id", "agency", "sensitivity", *TOTAL_FIELDS, "row_number", "created_at")


def total_ids(totals: pd.DataFrame, agency: str | None, sensitivity: str | None) -> pd.Series:
    """One id per total: a hash of the agency, the level and every field, so a row repeated whole is one total."""
    def one(row: dict) -> str:
        key = [agency, sensitivity, *(_plain(row[name]) for name in TOTAL_FIELDS)]
        return hashlib.sha256(json.dumps(key, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()[:32]

    return pd.Series([one(row) for row in totals.loc[:, list(TOTAL_FIELDS)].to_dict("records")],
                     index=totals.index, dtype="object")


class TotalsMixin(AuditMixin):
    """Writing a batch of official totals and reading them back as a viewer may see them."""

    def write_totals(self, totals: pd.DataFrame, batch: Batch, quarantined: pd.DataFrame | None = None,
                     original: bytes | None = None) -> BatchResult:
        """Store ``totals`` (:data:`TOTAL_FIELDS`, ``row_number``) and ``quarantined`` rows as one batch.

        A total identical to an earlier row of the batch or to a stored one (same agency, level and figures)
        is a duplicate and is not written. One transaction: all of it, or nothing.
        """
        batch_id, now = uuid.uuid4().hex, now_text()
        frame = totals.copy()
        frame["total_id"] = total_ids(frame, batch.agency, batch.sensitivity)
        repeated = frame["total_id"].duplicated(keep="first")
        quarantined = _quarantine_frame(quarantined)
        with self._write() as connection:
            stored = self._stored_total_ids(connection, frame.loc[~repeated, "total_id"].tolist())
            new = frame.loc[~repeated & ~frame["total_id"].isin(stored)]
            rows = [[tid, batch_id, batch.agency, batch.sensitivity, *(_plain(v) for v in values), now]
                    for tid, *values in new.loc[:, ["total_id", *TOTAL_FIELDS, "row_number"]].itertuples(index=False)]
            if rows:
                names = ", ".join(_STORED)
                connection.cursor().executemany(self._sql(
                    f"INSERT INTO official_totals ({names}) VALUES ({', '.join('?' * len(_STORED))})"),  # noqa: S608
                    rows)
            self._insert_quarantine(connection, batch_id, quarantined)
            if original is not None:
                self._insert_original(connection, batch_id, original)
            accepted = len(new)
            result = BatchResult(batch_id=batch_id, rows=len(frame) + len(quarantined), accepted=accepted,
                                 quarantined=len(quarantined), duplicates=len(frame) - accepted)
            self._execute(
                connection,
                "INSERT INTO import_batches (batch_id, created_at, created_by, kind, file_name, sha256, agency,"
                " sensitivity, rows, accepted, quarantined, duplicates) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [batch_id, now, batch.created_by, batch.kind, batch.file_name, batch.sha256, batch.agency,
                 batch.sensitivity, result.rows, result.accepted, result.quarantined, result.duplicates])
            self._audit(connection, Actor(batch.created_by, batch.agency, role=None), "import", target=batch_id,
                        records=result.accepted, detail={"file": batch.file_name, "kind": batch.kind,
                                                         "rows": result.rows, "quarantined": result.quarantined,
                                                         "duplicates": result.duplicates})
        return result

    def stored_total_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are stored already (a dry run's duplicates, counted without writing)."""
        with self.connect() as connection:
            return self._stored_total_ids(connection, list(ids))

    def _stored_total_ids(self, connection, ids: list[str]) -> set[str]:
        return self._stored_keys(connection, "official_totals", "total_id", ids)

    def read_totals(self, viewer: Viewer | None = None, record_filter: RecordFilter | None = None) -> pd.DataFrame:
        """The official totals ``viewer`` may see, narrowed by ``record_filter``'s countries, substances and years.

        A year is kept when any day of it lies in the filter's period. Columns :data:`READ_COLUMNS`, ordered by
        country, year, substance and label; ``cases`` is a nullable integer, exactly as stored.
        """
        record_filter = record_filter or RecordFilter()
        clauses, params = [], []
        for column, values in (("country", record_filter.countries), ("substance", record_filter.substances)):
            if values:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        if record_filter.date_from:
            clauses.append("year >= ?")
            params.append(record_filter.date_from.year)
        if record_filter.date_to:
            clauses.append("year <= ?")
            params.append(record_filter.date_to.year)
        visibility, visibility_params = access.sql_clause(viewer)
        if visibility:
            clauses.append(visibility)
            params.extend(visibility_params)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        frame = self._frame(f"SELECT {', '.join(READ_COLUMNS)} FROM official_totals {where}"  # noqa: S608
                            " ORDER BY country, year, substance, label, fid", params, viewer)
        frame = frame.reindex(columns=list(READ_COLUMNS))
        frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
        frame["kg"] = pd.to_numeric(frame["kg"]).astype("float64")
        frame["cases"] = pd.to_numeric(frame["cases"]).astype("Int64")
        return frame

    def totals_count(self) -> int:
        """How many official totals are stored (all agencies)."""
        return int(self._scalar("SELECT count(*) FROM official_totals"))


def _plain(value: object) -> object:
    """NumPy scalars and missing values as plain Python values for the driver."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value
