"""The store's tables, defined once for SQLite (the GeoPackage) and PostgreSQL (PostGIS).

The tables have the same names and columns on both backends, so QGIS and the store read
either the same way. Only a few types differ; a backend passes them as a :class:`Dialect`.
What only one backend has (GeoPackage registrations, row-level security, the triggers that
keep the audit trail append-only, indexes a backend's queries need) stays in its module.
Column names come from :mod:`geo.core.schema` and role and clearance lists from
:mod:`geo.access`: constants, never user input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from geo import access
from geo.core import schema


@dataclass(frozen=True)
class Dialect:
    """The column types that differ between the backends."""

    identity: str  # an auto-numbered primary key
    audit_identity: str  # the audit trail's key: numbered by the database only
    timestamp: str  # the batch log's creation time (ISO text)
    blob: str  # an imported file's bytes
    geometry: str  # the records' point, WGS84
    field_types: Mapping[str, str]  # SQL type of each kind in geo.core.schema.FIELDS ("text", "float", "date")


# The access tables use only portable types: one text for both backends.
ACCESS_DDL = f"""
CREATE TABLE IF NOT EXISTS agencies (
  agency TEXT PRIMARY KEY, name TEXT, country TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  email TEXT PRIMARY KEY, subject TEXT UNIQUE, name TEXT, agency TEXT NOT NULL REFERENCES agencies (agency),
  role TEXT NOT NULL CHECK (role IN ({", ".join(f"'{r}'" for r in access.ROLES)})),
  clearance TEXT NOT NULL CHECK (clearance IN ({", ".join(f"'{c}'" for c in access.CLEARANCES)})),
  active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sharing (
  owner TEXT NOT NULL REFERENCES agencies (agency), partner TEXT NOT NULL REFERENCES agencies (agency),
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, PRIMARY KEY (owner, partner));
CREATE INDEX IF NOT EXISTS sharing_partner ON sharing (partner, owner);
"""


def batch_tables_ddl(dialect: Dialect) -> str:
    """The batch log, the quarantined rows and the imported files."""
    return f"""
CREATE TABLE IF NOT EXISTS import_batches (
  fid {dialect.identity}, batch_id TEXT NOT NULL UNIQUE, created_at {dialect.timestamp} NOT NULL,
  created_by TEXT, kind TEXT NOT NULL, file_name TEXT, sha256 TEXT, agency TEXT, sensitivity TEXT,
  rows INTEGER NOT NULL, accepted INTEGER NOT NULL, quarantined INTEGER NOT NULL, duplicates INTEGER NOT NULL,
  removed_at TEXT, removed_by TEXT);
CREATE INDEX IF NOT EXISTS import_batches_sha ON import_batches (sha256, agency);
CREATE TABLE IF NOT EXISTS quarantine (
  fid {dialect.identity}, batch_id TEXT NOT NULL, row_number INTEGER NOT NULL,
  field TEXT, reason TEXT NOT NULL, raw TEXT NOT NULL, code TEXT, problems TEXT);
CREATE INDEX IF NOT EXISTS quarantine_batch ON quarantine (batch_id);
CREATE TABLE IF NOT EXISTS import_files (
  fid {dialect.identity}, batch_id TEXT NOT NULL UNIQUE, content {dialect.blob} NOT NULL);
"""


def audit_table_ddl(dialect: Dialect) -> str:
    """The audit trail (each backend adds the triggers that refuse to change it)."""
    return f"""
CREATE TABLE IF NOT EXISTS audit (
  id {dialect.audit_identity}, at TEXT NOT NULL, actor TEXT NOT NULL, agency TEXT, role TEXT,
  action TEXT NOT NULL, target TEXT, records INTEGER, filters TEXT, detail TEXT, hash TEXT);
CREATE INDEX IF NOT EXISTS audit_action ON audit (action, at);
"""


# Record columns added after stores were first created: opening an older store adds them (empty).
def record_columns(dialect: Dialect) -> list[str]:
    """``name type`` of each canonical column, in :data:`geo.core.schema.FIELDS` order."""
    return [f"{name} {dialect.field_types[kind]}" for name, kind in schema.FIELDS.items()]


def records_ddl(dialect: Dialect) -> str:
    """The records table (a point feature table) and the indexes both backends' filters use.

    The date index differs: SQLite appends the row id (``fid``) to every index entry by
    itself, PostgreSQL must be given it to serve ``ORDER BY date, fid``; so each backend
    creates its own.
    """
    columns = ",\n  ".join(column + (" NOT NULL UNIQUE" if column.startswith("record_id ") else "")
                           for column in record_columns(dialect))
    return f"""
CREATE TABLE IF NOT EXISTS records (
  fid {dialect.identity},
  geom {dialect.geometry},
  {columns});
CREATE INDEX IF NOT EXISTS records_substance ON records (substance);
CREATE INDEX IF NOT EXISTS records_country ON records (country);
"""


# Columns added after the first release: a store made before them gains them when opened (each backend's
# ensure_schema adds what is missing). ``(table, column, type)``.
ADDED_COLUMNS = (("import_batches", "removed_at", "TEXT"), ("import_batches", "removed_by", "TEXT"))
# The audit trail's hash chain (geo.store.audit_chain), added after the audit table itself.
AUDIT_ADDED_COLUMNS = (("audit", "hash", "TEXT"),)

# Saved mapping profiles: one agency's column and value mapping, reused for the same layout month after month.
PROFILES_DDL = """
CREATE TABLE IF NOT EXISTS mapping_profiles (
  agency TEXT NOT NULL, name TEXT NOT NULL, settings TEXT NOT NULL, headers TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (agency, name));
"""

# Columns added to the records after the first release: name -> (kind, the value older rows take; None: blank).
# CREATE TABLE IF NOT EXISTS leaves an existing table as it is, so a store made by an older
# version gains each of them here when it is opened.
ADDED_RECORD_COLUMNS: dict[str, tuple[str, str | None]] = {"substance_label": ("text", None),
                                                           "seizure_count": ("integer", "1")}


def records_upgrade_ddl(dialect: Dialect, existing: set[str] | None = None) -> str:
    """``ALTER TABLE`` statements adding :data:`ADDED_RECORD_COLUMNS` to an older records table.

    ``existing`` is the table's current columns (SQLite has no ``ADD COLUMN IF NOT EXISTS``);
    ``None`` writes ``IF NOT EXISTS`` statements (PostgreSQL).
    """
    statements = []
    for name, (kind, default) in ADDED_RECORD_COLUMNS.items():
        if existing is not None and name in existing:
            continue
        guard = "IF NOT EXISTS " if existing is None else ""
        filled = f" NOT NULL DEFAULT {default}" if default is not None else ""
        statements.append(f"ALTER TABLE records ADD COLUMN {guard}{name} {dialect.field_types[kind]}{filled};\n")
    return "".join(statements)


# ---- official annual totals (issue 15) ----------------------------------------------------------------------
# A country's annual total per drug as published (UNODC's seizure tables, an office's annual report): its own
# kind of data, never seizure records. ``total_id`` hashes every stored field (a row repeated whole is one
# total); ``label`` is the drug name as the source wrote it, ``substance`` its vocabulary id (a group id such as
# ``cocaine_type`` for a group total: geo.analysis.coverage decides which rows a sum takes).
def totals_ddl(dialect: Dialect) -> str:
    """The official totals table (same owner agency and sensitivity columns as the records)."""
    return f"""
CREATE TABLE IF NOT EXISTS official_totals (
  fid {dialect.identity}, total_id TEXT NOT NULL UNIQUE, batch_id TEXT NOT NULL, agency TEXT, sensitivity TEXT,
  country TEXT NOT NULL, year INTEGER NOT NULL, substance TEXT NOT NULL, label TEXT NOT NULL,
  kg {dialect.field_types["float"]} NOT NULL, cases INTEGER, source TEXT, row_number INTEGER,
  created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS official_totals_key ON official_totals (country, year, substance);
CREATE INDEX IF NOT EXISTS official_totals_batch ON official_totals (batch_id);
"""


# --- Duplicates across agencies (issue 18) -------------------------------------------------------------------------
# One row per pair of records two agencies may have reported for one seizure (geo.analysis.duplicates): a < b,
# the linkage's probability and the fields that agree or differ (JSON lists), and the review. ``reference`` is
# the record a confirmed cluster counts (the most precise by default); a viewer who cannot see it counts the
# most precise record they can see. Pairs are read only when the viewer may see both records.
DUPLICATE_STATUSES = ("probable", "confirmed", "rejected")


def duplicate_pairs_ddl(dialect: Dialect) -> str:
    """The duplicate pairs table."""
    statuses = ", ".join(f"'{s}'" for s in DUPLICATE_STATUSES)
    return f"""
CREATE TABLE IF NOT EXISTS duplicate_pairs (
  record_a TEXT NOT NULL, record_b TEXT NOT NULL, probability {dialect.field_types["float"]} NOT NULL,
  agree TEXT NOT NULL, differ TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'probable' CHECK (status IN ({statuses})),
  reference TEXT, reviewed_by TEXT, reviewed_at TEXT, found_at TEXT NOT NULL, PRIMARY KEY (record_a, record_b),
  CHECK (record_a < record_b));
CREATE INDEX IF NOT EXISTS duplicate_pairs_b ON duplicate_pairs (record_b);
"""
