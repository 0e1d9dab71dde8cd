"""Seizure records and their provenance: batches written in one transaction, quarantined rows, imported files.

Tables: ``records``, ``import_batches`` (one row per write), ``quarantine`` (rows
held back, with the reason) and ``import_files`` (every imported file, byte for
byte). Reads go through the visibility rule of :func:`geo.access.sql_clause`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo import access
from geo.access import Actor, Viewer
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.store.audit import AuditMixin
from geo.store.sql import AccessDenied, now_text

if TYPE_CHECKING:  # geopandas loads when records are first read as a frame, not with every command (issue 16)
    import geopandas as gpd

EDITABLE_FIELDS = ("sensitivity", "reliability", "notes")  # a record's facts stay as imported


@dataclass(frozen=True)
class Batch:
    """Provenance of one write: who, what file, which agency."""

    kind: str  # "import", "demo" or "public"
    created_by: str
    file_name: str | None = None
    sha256: str | None = None
    agency: str | None = None
    sensitivity: str | None = None


@dataclass(frozen=True)
class BatchResult:
    """What one batch did. ``rows == accepted + quarantined + duplicates``."""

    batch_id: str
    rows: int
    accepted: int
    quarantined: int
    duplicates: int
    duplicate_ids: tuple[str, ...] = ()


def record_where(record_filter: RecordFilter) -> tuple[str, list]:
    """``WHERE ...`` for a filter and its viewer, with ``?`` placeholders, and the parameters."""
    clauses: list[str] = []
    params: list = []
    for column, values in (
        ("substance", record_filter.substances),
        ("country", record_filter.countries),
        ("conveyance", record_filter.conveyances),
        ("dataset", record_filter.datasets),
    ):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if record_filter.date_from:
        clauses.append("date >= ?")
        params.append(record_filter.date_from.isoformat())
    if record_filter.date_to:
        clauses.append("date <= ?")
        params.append(record_filter.date_to.isoformat())
    visibility, visibility_params = access.sql_clause(record_filter.viewer)
    if visibility:
        clauses.append(visibility)
        params.extend(visibility_params)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Canonical columns typed as the schema says, with point geometry from lon/lat (EPSG:4326)."""
    for name, kind in schema.FIELDS.items():
        if kind == "float":
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
        elif kind == "integer":  # a store made before the column existed reads it back as 1
            frame[name] = pd.to_numeric(frame[name]).fillna(1).astype("int64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ms]")
    import geopandas as gpd

    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    geometry[frame["lat"].isna().to_numpy()] = None
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


class RecordsMixin(AuditMixin):
    """Writing batches of records, reading and editing records, and the batch log with its quarantine."""

    def count(self) -> int:
        """How many records are stored (all agencies)."""
        return int(self._scalar("SELECT count(*) FROM records"))

    def version(self) -> str:
        """A token that changes whenever records change (for cache keys)."""
        with self.connect() as connection:
            last, batches = self._execute(connection, "SELECT max(fid), count(*) FROM import_batches").fetchone()
            # Removing a batch deletes records without adding a batch: it must change the token too.
            edits = self._execute(connection, "SELECT count(*) FROM audit WHERE action IN ('record_edit',"
                                  " 'batch_removed', 'duplicate_confirmed', 'duplicate_rejected')").fetchone()[0]
            pairs = self._execute(connection, "SELECT count(*) FROM duplicate_pairs").fetchone()[0]  # totals flag them
        return f"{last or 0}-{batches}-{edits}-{pairs}"

    def find_batch(self, sha256: str, agency: str | None) -> str | None:
        """Id of an earlier batch with the same file content and agency, if any.

        A removed batch does not count: its file may be imported again.
        """
        live = "removed_at IS NULL AND sha256 = ?"
        text = (f"SELECT batch_id FROM import_batches WHERE {live} AND agency = ? ORDER BY fid" if agency  # noqa: S608
                else f"SELECT batch_id FROM import_batches WHERE {live} AND agency IS NULL ORDER BY fid")  # noqa: S608
        return self._scalar(text, [sha256, agency] if agency else [sha256])

    def write_batch(
        self, records: pd.DataFrame, batch: Batch, quarantined: pd.DataFrame | None = None,
        original: bytes | None = None, *, coerced: bool = False,
    ) -> BatchResult:
        """Store ``records`` and the ``quarantined`` rows as one batch, in one transaction.

        ``records`` go through :func:`geo.core.schema.coerce_records`. A record whose
        ``record_id`` is already stored (by any agency), or repeats an earlier row of
        the same batch, is counted as a duplicate and not written. ``quarantined``
        holds ``row_number, field, reason, raw`` and optionally ``code`` and
        ``problems``. ``original`` is the imported file itself, kept with the batch
        so that nothing a user imports is ever lost. The batch is written to the
        audit trail in the same transaction. ``coerced=True`` says ``records`` is what
        ``coerce_records`` returned already (an import checks every row with it first): not done twice.
        """
        return self.write_batch_chunks([(records, quarantined)], batch, original, coerced=coerced)

    def write_batch_chunks(
        self, chunks: Iterable[tuple[pd.DataFrame, pd.DataFrame | None]], batch: Batch,
        original: bytes | None = None, *, coerced: bool = False,
    ) -> BatchResult:
        """Store a batch given in parts, ``(records, quarantined)`` each, as :meth:`write_batch` stores one.

        All parts go in one transaction: a failure in any part (or in the code producing them, which
        runs while the transaction is open) leaves the store as it was. A record repeating the id of
        an earlier part's record is a duplicate, as within one part. So a large file is imported
        streamed, with only one part of it in memory (:mod:`geo.ingest.streaming`).
        """
        batch_id, now = uuid.uuid4().hex, now_text()
        rows = accepted = held = duplicates = 0
        duplicate_ids: list[str] = []
        with self._write() as connection:
            for records, quarantined in chunks:
                frame = records.reset_index(drop=True) if coerced else schema.coerce_records(records)
                repeated = frame["record_id"].duplicated(keep="first")
                candidates = frame.loc[~repeated].copy()
                candidates["batch_id"], candidates["created_at"], candidates["created_by"] = (batch_id, now,
                                                                                              batch.created_by)
                written_ids = self._insert_new(connection, candidates)
                is_duplicate = ~_member(frame["record_id"], written_ids) | repeated
                quarantined = _quarantine_frame(quarantined)
                self._insert_quarantine(connection, batch_id, quarantined)
                rows += len(frame) + len(quarantined)
                accepted, held = accepted + len(written_ids), held + len(quarantined)
                duplicates += int(is_duplicate.sum())
                duplicate_ids += frame.loc[is_duplicate, "record_id"].tolist()
            if original is not None:
                self._insert_original(connection, batch_id, original)
            result = BatchResult(batch_id=batch_id, rows=rows, accepted=accepted, quarantined=held,
                                 duplicates=duplicates, duplicate_ids=tuple(duplicate_ids))
            self._execute(
                connection,
                "INSERT INTO import_batches (batch_id, created_at, created_by, kind, file_name, sha256, agency,"
                " sensitivity, rows, accepted, quarantined, duplicates) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [batch_id, now, batch.created_by, batch.kind, batch.file_name, batch.sha256, batch.agency,
                 batch.sensitivity, result.rows, result.accepted, result.quarantined, result.duplicates],
            )
            self._audit(connection, Actor(batch.created_by, batch.agency, role=None), "import", target=batch_id,
                        records=result.accepted, detail={"file": batch.file_name, "kind": batch.kind,
                                                         "rows": result.rows, "quarantined": result.quarantined,
                                                         "duplicates": result.duplicates})
            self._after_write(connection)
        return result

    def _insert_original(self, connection, batch_id: str, original: bytes) -> None:
        """Keep the imported file with its batch (the GeoPackage writes it in pieces, without a copy)."""
        self._execute(connection, "INSERT INTO import_files (batch_id, content) VALUES (?, ?)", [batch_id, original])

    def _insert_new(self, connection, frame: pd.DataFrame) -> set[str]:
        """Insert the rows whose id is not stored yet; return the ids written."""
        stored = self._existing_ids(connection, frame["record_id"].tolist())
        new = frame.loc[~_member(frame["record_id"], stored)]
        self._insert_records(connection, new)
        self._aggregates_add(connection, new)  # the kept totals change in the same transaction (geo.store.aggregates)
        return set(new["record_id"])

    def stored_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are stored already (by any agency): an import's duplicates, counted without writing."""
        with self.connect() as connection:
            return self._existing_ids(connection, list(ids))

    def _existing_ids(self, connection, ids: list[str]) -> set[str]:
        return self._stored_keys(connection, "records", "record_id", ids)

    def _insert_quarantine(self, connection, batch_id: str, quarantined: pd.DataFrame) -> None:
        rows = [
            [batch_id, int(q.row_number), q.field, q.code, q.reason, json.dumps(q.raw, ensure_ascii=False, default=str),
             None if q.problems is None else json.dumps(q.problems, ensure_ascii=False, default=str)]
            for q in quarantined.itertuples(index=False)
        ]
        if rows:
            connection.cursor().executemany(self._sql(
                "INSERT INTO quarantine (batch_id, row_number, field, code, reason, raw, problems)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"), rows)

    def record(self, record_id: str, viewer: Viewer | None = None) -> dict | None:
        """One record by id, as ``viewer`` may see it, or ``None``."""
        where, params = record_where(RecordFilter(viewer=viewer))
        clause = f"{where} AND record_id = ?" if where else "WHERE record_id = ?"
        columns = ", ".join(schema.CANONICAL_COLUMNS)
        frame = self._frame(f"SELECT {columns} FROM records {clause}", [*params, record_id], viewer)  # noqa: S608
        return None if frame.empty else to_geodataframe(frame).drop(columns="geometry").iloc[0].to_dict()

    def edit_record(self, actor: Actor, viewer: Viewer, record_id: str, changes: dict[str, object]) -> dict:
        """Change a record's editable fields; the old and new values go to the audit trail.

        Only an analyst or administrator of the owner agency may edit, and only
        :data:`EDITABLE_FIELDS` (what was seized, where and when stays as imported).
        Returns the fields that changed, ``{field: [old, new]}``.
        """
        unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
        if unknown:
            raise ValueError(f"field {unknown[0]}: not editable (editable: {', '.join(EDITABLE_FIELDS)})")
        if "sensitivity" in changes and changes["sensitivity"] not in schema.SENSITIVITIES:
            raise ValueError(f"sensitivity {changes['sensitivity']!r}: expected one of "
                             f"{', '.join(schema.SENSITIVITIES)}")
        current = self.record(record_id, viewer)
        if current is None:
            raise AccessDenied(f"record {record_id}: not found")
        if not access.may_edit(actor, current["agency"]):
            raise AccessDenied(f"record {record_id}: only the owner agency's analysts may edit it")
        changed = {f: [current[f], v] for f, v in changes.items() if (current[f] or None) != (v or None)}
        if not changed:
            return {}
        names = list(changed)
        with self._write(viewer) as connection:
            assignments = ", ".join(f"{name} = ?" for name in names)  # names checked against EDITABLE_FIELDS
            if "sensitivity" in changed:  # the kept totals are per sensitivity: the record moves between rows
                self.aggregates_subtract_records(connection, [record_id])
            self._execute(connection, f"UPDATE records SET {assignments} WHERE record_id = ?",  # noqa: S608
                          [*(changed[n][1] for n in names), record_id])
            if "sensitivity" in changed:
                self.aggregates_subtract_records(connection, [record_id], sign=1)
            self._audit(connection, actor, "record_edit", target=record_id, records=1,
                        detail={n: {"old": _jsonable(o), "new": _jsonable(v)} for n, (o, v) in changed.items()})
        return changed

    def batches(self, agency: str | None = None) -> pd.DataFrame:
        """The batch log, newest first; one agency's batches when ``agency`` is given."""
        if agency is None:
            return self._frame("SELECT * FROM import_batches ORDER BY fid DESC")
        return self._frame("SELECT * FROM import_batches WHERE agency = ? ORDER BY fid DESC", [agency])

    def quarantine(self, batch_id: str) -> pd.DataFrame:
        """Quarantined rows of one batch (``row_number, field, code, reason, raw, problems``), JSON decoded."""
        frame = self._frame("SELECT row_number, field, code, reason, raw, problems FROM quarantine"
                            " WHERE batch_id = ? ORDER BY row_number", [batch_id])
        frame["raw"] = frame["raw"].map(json.loads)
        frame["problems"] = frame["problems"].map(lambda text: None if text is None else json.loads(text))
        return frame

    def original_file(self, batch_id: str) -> bytes | None:
        """The file a batch was imported from, byte for byte, when it was kept."""
        content = self._scalar("SELECT content FROM import_files WHERE batch_id = ?", [batch_id])
        return None if content is None else bytes(content)


def _member(ids: pd.Series, found: set[str]) -> np.ndarray:
    """Whether each id is in ``found``, as a boolean array.

    Not ``Series.isin``: on pandas' Arrow strings it builds one Arrow scalar per value of ``found``, a second
    per 100,000 ids written.
    """
    return np.fromiter((value in found for value in ids.to_numpy(dtype=object)), dtype=bool, count=len(ids))


def _quarantine_frame(quarantined: pd.DataFrame | None) -> pd.DataFrame:
    """``quarantined`` with the optional ``code`` and ``problems`` columns (an empty frame for ``None``)."""
    if quarantined is None:
        quarantined = pd.DataFrame(columns=["row_number", "field", "reason", "raw"])
    for column in ("code", "problems"):
        if column not in quarantined:
            quarantined = quarantined.assign(**{column: None})
    return quarantined


def _jsonable(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value
