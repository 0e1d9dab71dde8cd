"""The embedded store: one GeoPackage file that QGIS and GDAL open as they are.

Tables: ``records`` (a point feature table), ``import_batches`` and
``quarantine`` (attribute tables). SQLite rules (DESIGN.md §8): WAL journal,
busy timeout, one writer at a time (``BEGIN IMMEDIATE`` plus a process lock),
one transaction per batch.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo import schema
from geo.filters import RecordFilter

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10400  # GeoPackage 1.4
BUSY_TIMEOUT_MS = 15_000
_SQL_TYPES = {"text": "TEXT", "float": "REAL", "date": "DATE"}
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()

_BASE_DDL = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326,
   'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
   || 'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
   || 'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],'
   || 'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE IF NOT EXISTS import_batches (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL UNIQUE, created_at DATETIME NOT NULL,
  created_by TEXT, kind TEXT NOT NULL, file_name TEXT, sha256 TEXT, agency TEXT, sensitivity TEXT,
  rows INTEGER NOT NULL, accepted INTEGER NOT NULL, quarantined INTEGER NOT NULL, duplicates INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS import_batches_sha ON import_batches (sha256, agency);
CREATE TABLE IF NOT EXISTS quarantine (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL, row_number INTEGER NOT NULL,
  field TEXT, reason TEXT NOT NULL, raw TEXT NOT NULL, code TEXT, problems TEXT);
CREATE INDEX IF NOT EXISTS quarantine_batch ON quarantine (batch_id);
CREATE TABLE IF NOT EXISTS import_files (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL UNIQUE, content BLOB NOT NULL);
"""


def _records_ddl() -> str:
    columns = ",\n  ".join(
        f"{name} {_SQL_TYPES[kind]}" + (" NOT NULL UNIQUE" if name == "record_id" else "")
        for name, kind in schema.FIELDS.items()
    )
    # Column names come from schema.FIELDS, never from users.
    return f"""
CREATE TABLE IF NOT EXISTS records (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  {columns});
CREATE INDEX IF NOT EXISTS records_date ON records (date);
CREATE INDEX IF NOT EXISTS records_substance ON records (substance);
CREATE INDEX IF NOT EXISTS records_country ON records (country);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
  VALUES ('records', 'features', 'records', 'Drug seizure records (Couloirs)', 4326);
INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('records', 'geom', 'POINT', 4326, 0, 0);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('import_batches', 'attributes', 'import_batches', 'One row per import batch');
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('quarantine', 'attributes', 'quarantine', 'Rows held back from import, with the reason');
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('import_files', 'attributes', 'import_files', 'Each imported file as it was received');
"""  # noqa: S608


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


def gpkg_point_blobs(lon: np.ndarray, lat: np.ndarray) -> list[bytes | None]:
    """GeoPackage binary geometries (header + little-endian WKB) for points; ``None`` where missing."""
    header = struct.pack("<2sBBi", b"GP", 0, 0b00000001, 4326)  # little-endian, no envelope
    missing = np.isnan(lon) | np.isnan(lat)
    wkbs = shapely.to_wkb(shapely.points(np.where(missing, 0, lon), np.where(missing, 0, lat)), byte_order=1)
    return [None if gone else header + wkb for gone, wkb in zip(missing, wkbs)]


class GeoPackageStore:
    """Seizure records in a GeoPackage file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _WRITE_LOCKS_GUARD:
            self._write_lock = _WRITE_LOCKS.setdefault(str(self.path.resolve()), threading.Lock())
        self.ensure_schema()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in WAL mode with a busy timeout; closed on exit."""
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it."""
        with self._write_lock, self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def ensure_schema(self) -> None:
        """Create the GeoPackage tables when missing (idempotent)."""
        with self._write() as connection:
            connection.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
            for statement in (_BASE_DDL + _records_ddl()).split(";\n"):
                if statement.strip():
                    connection.execute(statement)
            quarantine_columns = {row[1] for row in connection.execute("PRAGMA table_info(quarantine)")}
            for column in ("code", "problems"):  # stores made before reasons had codes
                if column not in quarantine_columns:
                    connection.execute(f"ALTER TABLE quarantine ADD COLUMN {column} TEXT")

    def count(self) -> int:
        """How many records are stored."""
        with self.connect() as connection:
            return connection.execute("SELECT count(*) FROM records").fetchone()[0]

    def version(self) -> str:
        """A token that changes whenever a batch is written (for cache keys)."""
        with self.connect() as connection:
            last, batches = connection.execute("SELECT max(fid), count(*) FROM import_batches").fetchone()
        return f"{last or 0}-{batches}"

    def find_batch(self, sha256: str, agency: str | None) -> str | None:
        """Id of an earlier batch with the same file content and agency, if any."""
        with self.connect() as connection:
            row = connection.execute(
                "SELECT batch_id FROM import_batches WHERE sha256 = ? AND agency IS ? ORDER BY fid LIMIT 1",
                (sha256, agency),
            ).fetchone()
        return row[0] if row else None

    def write_batch(
        self, records: pd.DataFrame, batch: Batch, quarantined: pd.DataFrame | None = None,
        original: bytes | None = None,
    ) -> BatchResult:
        """Store ``records`` and the ``quarantined`` rows as one batch, in one transaction.

        ``records`` go through :func:`geo.schema.coerce_records`. A record whose
        ``record_id`` is already stored, or repeats an earlier row of the same
        batch, is counted as a duplicate and not written. ``quarantined`` holds
        ``row_number, field, reason, raw`` and optionally ``code`` and ``problems``
        (``raw`` a dict of the input values, ``problems`` a list of dicts with each
        problem's field, code, value and detail, so a page can word them in any
        language). ``original`` is the imported file itself, kept with the batch so
        that nothing a user imports is ever lost (columns nobody mapped included).
        """
        frame = schema.coerce_records(records)
        if quarantined is None:
            quarantined = pd.DataFrame(columns=["row_number", "field", "reason", "raw"])
        for column in ("code", "problems"):
            if column not in quarantined:
                quarantined = quarantined.assign(**{column: None})
        batch_id = uuid.uuid4().hex
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self._write() as connection:
            stored = _existing_ids(connection, frame["record_id"].tolist())
            repeated = frame["record_id"].duplicated(keep="first")
            is_duplicate = frame["record_id"].isin(stored) | repeated
            new = frame.loc[~is_duplicate].copy()
            new["batch_id"], new["created_at"], new["created_by"] = batch_id, now, batch.created_by
            _insert_records(connection, new)
            connection.executemany(
                "INSERT INTO quarantine (batch_id, row_number, field, code, reason, raw, problems)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (batch_id, int(q.row_number), q.field, q.code, q.reason,
                     json.dumps(q.raw, ensure_ascii=False, default=str),
                     None if q.problems is None else json.dumps(q.problems, ensure_ascii=False, default=str))
                    for q in quarantined.itertuples(index=False)
                ],
            )
            if original is not None:
                connection.execute("INSERT INTO import_files (batch_id, content) VALUES (?, ?)", (batch_id, original))
            result = BatchResult(
                batch_id=batch_id,
                rows=len(frame) + len(quarantined),
                accepted=len(new),
                quarantined=len(quarantined),
                duplicates=int(is_duplicate.sum()),
                duplicate_ids=tuple(frame.loc[is_duplicate, "record_id"]),
            )
            connection.execute(
                "INSERT INTO import_batches (batch_id, created_at, created_by, kind, file_name, sha256, agency,"
                " sensitivity, rows, accepted, quarantined, duplicates) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (batch_id, now, batch.created_by, batch.kind, batch.file_name, batch.sha256, batch.agency,
                 batch.sensitivity, result.rows, result.accepted, result.quarantined, result.duplicates),
            )
            _update_extent(connection)
        return result

    def query(self, record_filter: RecordFilter | None = None) -> gpd.GeoDataFrame:
        """Records matching ``record_filter``, as a GeoDataFrame in EPSG:4326, oldest first."""
        where, params = _where(record_filter or RecordFilter())
        columns = ", ".join(schema.CANONICAL_COLUMNS)
        # GDAL reads straight into Arrow: ~5x faster than building Python rows, which matters at a million
        # records. OGR takes no bound parameters, so the values go in as quoted SQL literals.
        sql = f"SELECT {columns} FROM records {_inline(where, params)} ORDER BY date, fid"  # noqa: S608
        frame = pyogrio.read_dataframe(self.path, sql=sql, read_geometry=False, use_arrow=True)
        if frame.empty:  # GDAL reports no column types for an empty result
            frame = pd.DataFrame({c: pd.Series(dtype="object") for c in schema.CANONICAL_COLUMNS})
        return _to_geodataframe(pd.DataFrame(frame).loc[:, list(schema.CANONICAL_COLUMNS)])

    def record(self, record_id: str, viewer: str | None = None) -> dict | None:
        """One record by id, as the viewer may see it, or ``None``."""
        where, params = _where(RecordFilter(viewer=viewer))
        clause = f"{where} AND record_id = ?" if where else "WHERE record_id = ?"
        columns = ", ".join(schema.CANONICAL_COLUMNS)
        with self.connect() as connection:
            frame = pd.read_sql_query(f"SELECT {columns} FROM records {clause}", connection,  # noqa: S608
                                      params=[*params, record_id])
        return None if frame.empty else _to_geodataframe(frame).drop(columns="geometry").iloc[0].to_dict()

    def batches(self) -> pd.DataFrame:
        """The batch log, newest first."""
        with self.connect() as connection:
            return pd.read_sql_query("SELECT * FROM import_batches ORDER BY fid DESC", connection)

    def quarantine(self, batch_id: str) -> pd.DataFrame:
        """Quarantined rows of one batch (``row_number, field, code, reason, raw, problems``), JSON decoded."""
        with self.connect() as connection:
            frame = pd.read_sql_query(
                "SELECT row_number, field, code, reason, raw, problems FROM quarantine WHERE batch_id = ?"
                " ORDER BY row_number", connection, params=[batch_id],
            )
        frame["raw"] = frame["raw"].map(json.loads)
        frame["problems"] = frame["problems"].map(lambda text: None if text is None else json.loads(text))
        return frame

    def original_file(self, batch_id: str) -> bytes | None:
        """The file a batch was imported from, byte for byte, when it was kept."""
        with self.connect() as connection:
            row = connection.execute("SELECT content FROM import_files WHERE batch_id = ?", (batch_id,)).fetchone()
        return None if row is None else bytes(row[0])


def _existing_ids(connection: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):  # stay under SQLite's parameter limit
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in connection.execute(f"SELECT record_id FROM records WHERE record_id IN ({marks})",  # noqa: S608
                                                       chunk))
    return found


def _insert_records(connection: sqlite3.Connection, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    values = frame.loc[:, list(schema.CANONICAL_COLUMNS)].astype(object)
    values["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    values = values.where(values.notna(), None)
    blobs = gpkg_point_blobs(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))
    names = ", ".join(("geom", *schema.CANONICAL_COLUMNS))
    marks = ", ".join("?" * (len(schema.CANONICAL_COLUMNS) + 1))
    rows = ((blob, *row) for blob, row in zip(blobs, values.to_numpy().tolist()))
    connection.executemany(f"INSERT INTO records ({names}) VALUES ({marks})", rows)  # noqa: S608


def _update_extent(connection: sqlite3.Connection) -> None:
    connection.execute(
        "UPDATE gpkg_contents SET (min_x, min_y, max_x, max_y) = "
        "(SELECT min(lon), min(lat), max(lon), max(lat) FROM records), "
        "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'records'"
    )


def _where(record_filter: RecordFilter) -> tuple[str, list]:
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
    if record_filter.viewer is not None:
        # Restricted records are shared by agreement (access issue); until then, own agency only.
        clauses.append("(sensitivity = 'public' OR agency = ?)")
        params.append(record_filter.viewer)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _literal(value: object) -> str:
    """A SQLite text literal (quotes doubled: SQLite has no other escape)."""
    return "'" + str(value).replace("'", "''") + "'"


def _inline(where: str, params: list) -> str:
    """``where`` with each ``?`` replaced by its parameter as a literal."""
    parts = where.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError("query parameters do not match their placeholders")
    return "".join(part + (_literal(value) if i < len(params) else "") for i, (part, value) in
                   enumerate(zip(parts, [*params, None])))


def _to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    for name, kind in schema.FIELDS.items():
        if kind == "float":
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ms]")
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    geometry[frame["lat"].isna().to_numpy()] = None
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def open_store(location: str | Path) -> GeoPackageStore:
    """Open the store at ``location`` (a GeoPackage path; PostGIS URLs arrive with their issue)."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise ValueError(f"store {text.split('@')[-1]!r}: PostGIS is not supported yet; use a .gpkg path")
    return GeoPackageStore(text)
