"""The embedded store: one GeoPackage file that QGIS and GDAL open as they are.

Tables: ``records`` (a point feature table) and the attribute tables of
:mod:`geo.store.schema_sql`. So that several app processes share one file
safely: WAL journal, busy timeout, one writer at a time (``BEGIN IMMEDIATE``
plus a process lock), short transactions, and a retry when another process
holds the file longer than the busy timeout. The audit table refuses updates
and deletes (triggers).
"""

from __future__ import annotations

import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.access import Viewer
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.store.aggregates import aggregates_ddl
from geo.store.aggregates_state import STATE_DDL, mark_kept, state_stale
from geo.store.aggregates_years import first_filling_of
from geo.store.base import SqlStore
from geo.store.opening import StoreUnusable, check_location, no_wal
from geo.store.records import record_where, to_geodataframe
from geo.store.schema_sql import (
    ACCESS_DDL,
    ADDED_COLUMNS,
    AUDIT_ADDED_COLUMNS,
    PROFILES_DDL,
    Dialect,
    audit_table_ddl,
    batch_tables_ddl,
    duplicate_pairs_ddl,
    records_ddl,
    records_upgrade_ddl,
    totals_ddl,
)

if TYPE_CHECKING:  # GDAL and GEOS load when records are read or written, not when kept totals are (issue 16)
    import geopandas as gpd

__all__ = ["GeoPackageStore"]

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10400  # GeoPackage 1.4
BUSY_TIMEOUT_MS = 15_000
WRITE_RETRY_SECONDS = 300  # a writer waits this long in all for the file before giving up
WAL_KEPT_SECONDS = 3  # SQLite keeping another journal mode this long means it cannot keep a WAL there
WRITE_CACHE_KB = 256 * 1024  # a writer's page cache, at most (filled only as pages are used)
_BLOB_PIECE = 8 * 1024 * 1024  # an imported file is written into its blob this much at a time
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()

DIALECT = Dialect(
    identity="INTEGER PRIMARY KEY AUTOINCREMENT", audit_identity="INTEGER PRIMARY KEY AUTOINCREMENT",
    timestamp="DATETIME", blob="BLOB", geometry="POINT",
    field_types={"text": "TEXT", "float": "REAL", "integer": "INTEGER", "date": "DATE"},
)

# The GeoPackage's own tables (OGC GeoPackage 1.4), which QGIS and GDAL read.
_GPKG_DDL = """
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
"""

_AUDIT_APPEND_ONLY = """
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""

def _registered_attributes(tables: dict[str, str]) -> str:
    """The GeoPackage's registration of attribute tables (``gpkg_contents``), as the standard asks."""
    return "".join(_REGISTER_ATTRIBUTES.format(table=table, description=description)
                   for table, description in tables.items())


_REGISTER_ATTRIBUTES = ("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)\n"
                        "  VALUES ('{table}', 'attributes', '{table}', '{description}');\n")


_RECORDS_ATTRIBUTE_TABLES = {
    "import_batches": "One row per import batch",
    "quarantine": "Rows held back from import, with the reason",
    "import_files": "Each imported file as it was received",
    "audit": "Who did what, when (append-only)",
    "mapping_profiles": "Saved column mappings, per agency",
    "official_totals": "Official annual totals per country, year and drug",
    "duplicate_pairs": "Probable duplicates across agencies, reviewed",
}
_KEPT_ATTRIBUTE_TABLES = {
    "aggregates": "Totals per month, substance, place and route (kept)",
    "aggregates_years": "Totals per year, substance and route (kept)",
    "aggregates_cells": "Totals per year, substance and H3 cell (kept)",
    "aggregates_months": "Totals per month and substance (kept)",
}

# What only the GeoPackage adds to the records: its date index (SQLite appends the row id, fid, to every
# index entry, so date alone serves ORDER BY date, fid) and the tables registered as the standard asks.
_RECORDS_GPKG_DDL = """
CREATE INDEX IF NOT EXISTS records_date ON records (date);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
  VALUES ('records', 'features', 'records', 'Drug seizure records (Couloirs)', 4326);
INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('records', 'geom', 'POINT', 4326, 0, 0);
""" + _registered_attributes(_RECORDS_ATTRIBUTE_TABLES)


# The kept totals (geo.store.aggregates), registered as an attribute table.
_AGGREGATES_GPKG_DDL = (aggregates_ddl("TEXT", "INTEGER", "REAL") + _registered_attributes(_KEPT_ATTRIBUTE_TABLES)
                        + STATE_DDL)


def schema_ddl() -> str:
    """Every statement that creates the GeoPackage's tables, as one script."""
    return (_GPKG_DDL + batch_tables_ddl(DIALECT) + audit_table_ddl(DIALECT) + _AUDIT_APPEND_ONLY + ACCESS_DDL
            + PROFILES_DDL + records_ddl(DIALECT) + totals_ddl(DIALECT) + duplicate_pairs_ddl(DIALECT)
            + _RECORDS_GPKG_DDL)


# What every stored point's blob starts with: the GeoPackage header ("GP", version 0, flags 1 = little-endian
# without an envelope, EPSG:4326), then the WKB point's byte order (1 = little-endian) and type (1 = point).
_POINT_HEAD = struct.pack("<2sBBiBI", b"GP", 0, 0b00000001, 4326, 1, 1)
_POINT_BLOB = np.dtype([("head", f"V{len(_POINT_HEAD)}"), ("x", "<f8"), ("y", "<f8")])


def gpkg_point_blobs(lon: np.ndarray, lat: np.ndarray) -> list[bytes | None]:
    """GeoPackage binary geometries (header + little-endian WKB) for points; ``None`` where missing.

    A 2D point's blob has a fixed layout (29 bytes), so all of them are written into one NumPy buffer and cut
    into ``bytes``: the same bytes as ``shapely.to_wkb`` behind the header, without a geometry object per row.
    """
    missing = np.isnan(lon) | np.isnan(lat)
    points = np.empty(len(lon), dtype=_POINT_BLOB)
    points["head"] = np.frombuffer(_POINT_HEAD, dtype=_POINT_BLOB["head"])[0]
    points["x"], points["y"] = lon, lat
    data, size = points.tobytes(), _POINT_BLOB.itemsize
    blobs: list[bytes | None] = [data[start:start + size] for start in range(0, len(data), size)]
    for position in np.flatnonzero(missing).tolist():
        blobs[position] = None
    return blobs


def _plain_values(values: pd.Series) -> list:
    """A column as a list of plain Python values (``int``, ``float``, ``str``), ``None`` where missing."""
    if values.dtype.kind == "f":  # NumPy's own list, then the few NaN replaced: no object array in between
        numbers = values.to_numpy()
        plain = numbers.tolist()
        for position in np.flatnonzero(np.isnan(numbers)).tolist():
            plain[position] = None
        return plain
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        return values.to_numpy(dtype=object, na_value=None).tolist()
    return values.astype(object).where(values.notna(), None).tolist()


def _day_texts(dates: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` of each date (vectorised by NumPy; ``None`` where missing), as ``dt.strftime`` writes it."""
    days = dates.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
    texts = np.datetime_as_string(days, unit="D").astype(object)
    texts[np.isnat(days)] = None
    return pd.Series(texts, index=dates.index, dtype=object)


class GeoPackageStore(SqlStore):
    """Seizure records in a GeoPackage file."""

    def __init__(self, path: str | Path) -> None:
        check_location(path)  # fails fast: in memory, a folder, another application's SQLite file
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnusable(f"{self.path.parent} cannot be created: {error.strerror or error}") from error
        with _WRITE_LOCKS_GUARD:
            self._write_lock = _WRITE_LOCKS.setdefault(str(self.path.resolve()), threading.Lock())
        try:
            self.ensure_schema()
        except sqlite3.OperationalError as error:  # a read-only medium or folder, a file we may not open
            raise StoreUnusable(f"{self.path}: the store cannot be written there ({error})") from error

    @property
    def location(self) -> str:
        """The GeoPackage file's path."""
        return str(self.path)

    @contextmanager
    def connect(self, viewer: Viewer | None = None) -> Iterator[sqlite3.Connection]:
        """A connection in WAL mode with a busy timeout; closed on exit (visibility is in the query)."""
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _use_wal(connection, self.path)
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _write(self, viewer: Viewer | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it.

        Threads of this process queue on a lock; other processes on SQLite's
        write lock. ``BEGIN IMMEDIATE`` takes that lock before anything is read,
        and is retried while another writer holds the file.
        """
        with self._write_lock, self.connect() as connection:
            # A batch of a million records outgrows SQLite's 2 MB page cache: its indexes would be re-read.
            connection.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KB}")
            _begin_immediate(connection)
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def ensure_schema(self) -> None:
        """Create the GeoPackage tables when missing (idempotent)."""
        with self._write() as connection:
            for pragma, value in (("application_id", GPKG_APPLICATION_ID), ("user_version", GPKG_USER_VERSION)):
                # Set only when it differs: setting writes the file's header even unchanged, and each opening
                # then paid a WAL write, its checkpoint and their syncs.
                if connection.execute(f"PRAGMA {pragma}").fetchone()[0] != value:
                    connection.execute(f"PRAGMA {pragma} = {value}")
            for statement in _statements(schema_ddl()):
                connection.execute(statement)
            quarantine_columns = {row[1] for row in connection.execute("PRAGMA table_info(quarantine)")}
            for column in ("code", "problems"):  # stores made before reasons had codes
                if column not in quarantine_columns:
                    connection.execute(f"ALTER TABLE quarantine ADD COLUMN {column} TEXT")
            record_columns = {row[1] for row in connection.execute("PRAGMA table_info(records)")}
            for statement in _statements(records_upgrade_ddl(DIALECT, record_columns)):
                connection.execute(statement)
            for table, column, kind in (*ADDED_COLUMNS, *AUDIT_ADDED_COLUMNS):  # constants, never user input
                if column not in {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}:
                    connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            for statement in _statements(_AGGREGATES_GPKG_DDL):
                filled = first_filling_of(statement)  # a kept table's first filling: only when it is empty
                if filled is None or connection.execute(f"SELECT 1 FROM {filled} LIMIT 1").fetchone() is None:  # noqa: S608
                    connection.execute(statement)
            # Two index look-ups (geo.store.aggregates_state); the full count check only for a store without them.
            stale = state_stale(connection)
            if stale is None or stale:
                if stale or self._aggregates_stale(connection):  # made before the kept totals, or changed by others
                    self._rebuild_aggregates(connection)
                mark_kept(connection)

    def _insert_records(self, connection: sqlite3.Connection, frame: pd.DataFrame) -> int:
        if frame.empty:
            return 0
        # Column by column, each to a list of plain Python values (None where missing), zipped into rows: no
        # frame of objects and no per-row conversion, ~3x cheaper than converting the frame as a whole.
        columns = [_plain_values(_day_texts(frame["date"]) if name == "date" else frame[name])
                   for name in schema.CANONICAL_COLUMNS]
        blobs = gpkg_point_blobs(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))
        names = ", ".join(("geom", *schema.CANONICAL_COLUMNS))
        marks = ", ".join("?" * (len(schema.CANONICAL_COLUMNS) + 1))
        connection.executemany(f"INSERT INTO records ({names}) VALUES ({marks})", zip(blobs, *columns))  # noqa: S608
        return len(frame)

    def _insert_original(self, connection: sqlite3.Connection, batch_id: str, original: bytes) -> None:
        # A bound 170 MB value is copied by SQLite first; an incremental blob is written from the caller's bytes.
        cursor = connection.execute("INSERT INTO import_files (batch_id, content) VALUES (?, zeroblob(?))",
                                    [batch_id, len(original)])
        if not original:
            return
        view = memoryview(original)
        with connection.blobopen("import_files", "content", cursor.lastrowid) as blob:
            for start in range(0, len(view), _BLOB_PIECE):
                blob.write(view[start:start + _BLOB_PIECE])

    def _after_write(self, connection: sqlite3.Connection) -> None:
        mark_kept(connection)  # the records and their kept totals changed together (geo.store.aggregates_state)
        connection.execute(
            "UPDATE gpkg_contents SET (min_x, min_y, max_x, max_y) = "
            "(SELECT min(lon), min(lat), max(lon), max(lat) FROM records), "
            "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'records'"
        )

    def query(self, record_filter: RecordFilter | None = None) -> gpd.GeoDataFrame:
        """Records matching ``record_filter`` as its viewer may see them, as a GeoDataFrame, oldest first."""
        where, params = record_where(record_filter or RecordFilter())
        columns = ", ".join(schema.CANONICAL_COLUMNS)
        # GDAL reads straight into Arrow: ~5x faster than building Python rows, which matters at a million
        # records. OGR takes no bound parameters, so the values go in as quoted SQL literals.
        sql = f"SELECT {columns} FROM records {_inline(where, params)} ORDER BY date, fid"  # noqa: S608
        import pyogrio

        frame = pyogrio.read_dataframe(self.path, sql=sql, read_geometry=False, use_arrow=True)
        if frame.empty:  # GDAL reports no column types for an empty result
            frame = pd.DataFrame({c: pd.Series(dtype="object") for c in schema.CANONICAL_COLUMNS})
        return to_geodataframe(pd.DataFrame(frame).loc[:, list(schema.CANONICAL_COLUMNS)])


def _statements(script: str) -> list[str]:
    """The statements of a DDL script (a trigger's inner ``;`` is not followed by a newline)."""
    return [statement for statement in script.split(";\n") if statement.strip()]


def _begin_immediate(connection: sqlite3.Connection) -> None:
    """Take the write lock, retrying past the busy timeout while other writers hold it."""
    _while_locked(lambda: connection.execute("BEGIN IMMEDIATE"))


def _use_wal(connection: sqlite3.Connection, path: Path) -> None:
    """Switch the file to WAL (it stays so) unless it already is.

    The switch needs the file to itself, and SQLite reports "locked" at once, without
    waiting, when processes open a new file together: so it is retried like a write. When
    SQLite answers with the mode it kept, it is retried only briefly: on a medium that cannot
    hold the log (read-only, no shared memory) it never changes, and waiting would hang.
    """
    started = time.monotonic()

    def switch() -> None:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal" and time.monotonic() - started > WAL_KEPT_SECONDS:
            raise no_wal(path, mode)
        if mode != "wal":
            raise sqlite3.OperationalError(f"database is locked (journal mode still {mode})")

    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _while_locked(switch)


def _while_locked(statement: Callable[[], object]) -> None:
    """Run ``statement``, again and again while another connection holds the file, up to the retry limit."""
    deadline = time.monotonic() + WRITE_RETRY_SECONDS
    pause = 0.05
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


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
