"""What the GeoPackage and PostGIS stores share: one interface, portable SQL.

Both backends speak DB-API: SQLite takes ``?`` placeholders, psycopg ``%s``.
Statements here are written with ``?`` and every value is a bound parameter;
:meth:`SqlStore._sql` adapts the placeholders. A backend supplies the
connection, the write transaction, the record insert and the record read.

Tables besides the records: ``import_batches``, ``quarantine``,
``import_files`` (every imported file, byte for byte), and for access
(DESIGN.md §9): ``agencies``, ``users``, ``sharing`` (owner agency shares its
restricted records with partner agency) and ``audit`` (append-only: the
backends refuse updates and deletes at the database level).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime

import geopandas as gpd
import pandas as pd

from geo import access
from geo.access import Actor, Viewer
from geo.core import schema
from geo.core.filters import RecordFilter

# The access tables use only portable types: one definition for SQLite and PostgreSQL. Role and clearance
# lists come from geo.access (constants, never user input).
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

# Audit actions (the Administration page filters on them).
AUDIT_ACTIONS = ("sign_in", "sign_in_refused", "import", "export", "briefing", "record_edit", "agency_saved",
                 "user_saved", "sharing_granted", "sharing_revoked")
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


class AccessDenied(PermissionError):
    """The actor may not do this (the message says why)."""


def now_text() -> str:
    """UTC now as ISO text with microseconds: sorts as it reads, on both backends."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ms]")
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    geometry[frame["lat"].isna().to_numpy()] = None
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


class SqlStore:
    """The store interface, written once for both backends."""

    placeholder = "?"

    # -- what a backend provides -------------------------------------------------------------------
    def connect(self, viewer: Viewer | None = None) -> AbstractContextManager:
        """A connection for reads, as ``viewer`` (PostGIS row-level security); closed on exit."""
        raise NotImplementedError

    def _write(self, viewer: Viewer | None = None) -> AbstractContextManager:
        """One write transaction: all of it commits, or none of it."""
        raise NotImplementedError

    def _insert_records(self, connection, frame: pd.DataFrame) -> int:
        """Insert new records (ids already checked); return how many were written."""
        raise NotImplementedError

    def query(self, record_filter: RecordFilter | None = None) -> gpd.GeoDataFrame:
        """Records matching ``record_filter`` as its viewer may see them, oldest first."""
        raise NotImplementedError

    @property
    def location(self) -> str:
        """Where the store lives, without secrets (cache keys, messages)."""
        raise NotImplementedError

    def _after_write(self, connection) -> None:
        """Bookkeeping after records changed (the GeoPackage extent)."""

    # -- helpers ------------------------------------------------------------------------------------
    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _execute(self, connection, text: str, params: Sequence = ()):
        return connection.execute(self._sql(text), list(params))

    def _frame(self, text: str, params: Sequence = (), viewer: Viewer | None = None) -> pd.DataFrame:
        with self.connect(viewer) as connection:
            cursor = self._execute(connection, text, params)
            columns = [d[0] for d in cursor.description]
            return pd.DataFrame(cursor.fetchall(), columns=columns)

    def _scalar(self, text: str, params: Sequence = ()):
        with self.connect() as connection:
            row = self._execute(connection, text, params).fetchone()
        return None if row is None else row[0]

    # -- records and batches ------------------------------------------------------------------------
    def count(self) -> int:
        """How many records are stored (all agencies)."""
        return int(self._scalar("SELECT count(*) FROM records"))

    def version(self) -> str:
        """A token that changes whenever records change (for cache keys)."""
        with self.connect() as connection:
            last, batches = self._execute(connection, "SELECT max(fid), count(*) FROM import_batches").fetchone()
            edits = self._execute(connection, "SELECT count(*) FROM audit WHERE action = 'record_edit'").fetchone()[0]
        return f"{last or 0}-{batches}-{edits}"

    def find_batch(self, sha256: str, agency: str | None) -> str | None:
        """Id of an earlier batch with the same file content and agency, if any."""
        text = ("SELECT batch_id FROM import_batches WHERE sha256 = ? AND agency = ? ORDER BY fid" if agency
                else "SELECT batch_id FROM import_batches WHERE sha256 = ? AND agency IS NULL ORDER BY fid")
        return self._scalar(text, [sha256, agency] if agency else [sha256])

    def write_batch(
        self, records: pd.DataFrame, batch: Batch, quarantined: pd.DataFrame | None = None,
        original: bytes | None = None,
    ) -> BatchResult:
        """Store ``records`` and the ``quarantined`` rows as one batch, in one transaction.

        ``records`` go through :func:`geo.core.schema.coerce_records`. A record whose
        ``record_id`` is already stored (by any agency), or repeats an earlier row of
        the same batch, is counted as a duplicate and not written. ``quarantined``
        holds ``row_number, field, reason, raw`` and optionally ``code`` and
        ``problems``. ``original`` is the imported file itself, kept with the batch
        so that nothing a user imports is ever lost. The batch is written to the
        audit trail in the same transaction.
        """
        frame = schema.coerce_records(records)
        if quarantined is None:
            quarantined = pd.DataFrame(columns=["row_number", "field", "reason", "raw"])
        for column in ("code", "problems"):
            if column not in quarantined:
                quarantined = quarantined.assign(**{column: None})
        batch_id, now = uuid.uuid4().hex, now_text()
        with self._write() as connection:
            repeated = frame["record_id"].duplicated(keep="first")
            candidates = frame.loc[~repeated].copy()
            candidates["batch_id"], candidates["created_at"], candidates["created_by"] = (batch_id, now,
                                                                                          batch.created_by)
            written_ids = self._insert_new(connection, candidates)
            is_duplicate = ~frame["record_id"].isin(written_ids) | repeated
            self._insert_quarantine(connection, batch_id, quarantined)
            if original is not None:
                self._execute(connection, "INSERT INTO import_files (batch_id, content) VALUES (?, ?)",
                              [batch_id, original])
            result = BatchResult(
                batch_id=batch_id, rows=len(frame) + len(quarantined), accepted=len(written_ids),
                quarantined=len(quarantined), duplicates=int(is_duplicate.sum()),
                duplicate_ids=tuple(frame.loc[is_duplicate, "record_id"]),
            )
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

    def _insert_new(self, connection, frame: pd.DataFrame) -> set[str]:
        """Insert the rows whose id is not stored yet; return the ids written."""
        stored = self._existing_ids(connection, frame["record_id"].tolist())
        new = frame.loc[~frame["record_id"].isin(stored)]
        self._insert_records(connection, new)
        return set(new["record_id"])

    def _existing_ids(self, connection, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 900):  # stay under SQLite's parameter limit
            chunk = ids[start: start + 900]
            marks = ",".join("?" * len(chunk))
            cursor = self._execute(connection, f"SELECT record_id FROM records WHERE record_id IN ({marks})",  # noqa: S608
                                   chunk)
            found.update(row[0] for row in cursor.fetchall())
        return found

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
            self._execute(connection, f"UPDATE records SET {assignments} WHERE record_id = ?",  # noqa: S608
                          [*(changed[n][1] for n in names), record_id])
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

    # -- agencies, users, sharing -------------------------------------------------------------------
    def agencies(self) -> pd.DataFrame:
        """Known agencies (``agency, name, country, created_at``), by id."""
        return self._frame("SELECT agency, name, country, created_at FROM agencies ORDER BY agency")

    def save_agency(self, actor: Actor, agency: str, name: str | None = None, country: str | None = None) -> None:
        """Register an agency or change its name and country."""
        agency = _required("agency", agency)
        with self._write() as connection:
            known = self._execute(connection, "SELECT 1 FROM agencies WHERE agency = ?", [agency]).fetchone()
            if known:
                self._execute(connection, "UPDATE agencies SET name = ?, country = ? WHERE agency = ?",
                              [name, country, agency])
            else:
                self._execute(connection, "INSERT INTO agencies (agency, name, country, created_at)"
                              " VALUES (?, ?, ?, ?)", [agency, name, country, now_text()])
            self._audit(connection, actor, "agency_saved", target=agency,
                        detail={"name": name, "country": country, "new": not known})

    def find_agency(self, agency: str) -> bool:
        """Whether ``agency`` is registered or owns records."""
        return bool(self._scalar("SELECT 1 FROM agencies WHERE agency = ?", [agency])
                    or self._scalar("SELECT 1 FROM records WHERE agency = ? LIMIT 1", [agency]))

    def ensure_agency(self, actor: Actor, agency: str) -> bool:
        """Register ``agency`` when unknown (name = id); return whether it was new.

        One insert that yields to an existing row, so importers of the same new
        agency starting together register it once (and audit it once).
        """
        agency = _required("agency", agency)
        with self._write() as connection:
            new = self._execute(connection, "INSERT INTO agencies (agency, name, country, created_at)"
                                " VALUES (?, ?, NULL, ?) ON CONFLICT (agency) DO NOTHING RETURNING agency",
                                [agency, agency, now_text()]).fetchone()
            if new:
                self._audit(connection, actor, "agency_saved", target=agency,
                            detail={"name": agency, "country": None, "new": True})
        return new is not None

    def users(self) -> pd.DataFrame:
        """People allowed to sign in, with their agency, role, clearance and whether they are active."""
        frame = self._frame("SELECT email, subject, name, agency, role, clearance, active, created_at, updated_at"
                            " FROM users ORDER BY agency, email")
        frame["active"] = frame["active"].astype(bool)
        return frame

    def save_user(self, actor: Actor, email: str, agency: str, role: str, clearance: str = "restricted",
                  name: str | None = None, subject: str | None = None, active: bool = True) -> None:
        """Add a person or change their agency, role, clearance or status (matched on e-mail)."""
        email = _required("email", email).lower()
        if role not in access.ROLES:
            raise ValueError(f"role {role!r}: expected one of {', '.join(access.ROLES)}")
        if clearance not in access.CLEARANCES:
            raise ValueError(f"clearance {clearance!r}: expected one of {', '.join(access.CLEARANCES)}")
        now = now_text()
        with self._write() as connection:
            if not self._execute(connection, "SELECT 1 FROM agencies WHERE agency = ?", [agency]).fetchone():
                raise ValueError(f"agency {agency!r}: unknown; register it first")
            known = self._execute(connection, "SELECT 1 FROM users WHERE email = ?", [email]).fetchone()
            values = [subject or None, name, agency, role, clearance, int(active), now]
            if known:
                self._execute(connection, "UPDATE users SET subject = COALESCE(?, subject), name = ?, agency = ?,"
                              " role = ?, clearance = ?, active = ?, updated_at = ? WHERE email = ?", [*values, email])
            else:
                self._execute(connection, "INSERT INTO users (subject, name, agency, role, clearance, active,"
                              " updated_at, created_at, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              [*values, now, email])
            self._audit(connection, actor, "user_saved", target=email,
                        detail={"agency": agency, "role": role, "clearance": clearance, "active": active,
                                "new": not known})

    def find_user(self, email: str | None = None, subject: str | None = None) -> dict | None:
        """The active or inactive user matching the identity's subject, else its e-mail."""
        for column, value in (("subject", subject), ("email", (email or "").lower() or None)):
            if value:
                frame = self._frame(f"SELECT email, subject, name, agency, role, clearance, active FROM users"  # noqa: S608
                                    f" WHERE {column} = ?", [value])
                if not frame.empty:
                    found = frame.iloc[0].to_dict()
                    found["active"] = bool(found["active"])
                    return found
        return None

    def bind_subject(self, email: str, subject: str) -> bool:
        """Tie a user matched on e-mail to the provider's subject, once: later sign-ins must come from that account.

        Only a row without a subject changes; the change is in the audit trail. Returns whether it changed.
        """
        with self._write() as connection:
            row = self._execute(connection, "SELECT agency, role FROM users WHERE email = ? AND subject IS NULL",
                                [email]).fetchone()
            if row is None:
                return False
            self._execute(connection, "UPDATE users SET subject = ?, updated_at = ? WHERE email = ?",
                          [subject, now_text(), email])
            self._audit(connection, Actor(email, row[0], row[1]), "user_saved", target=email,
                        detail={"subject": subject, "bound_at_first_sign_in": True})
        return True

    def sharing(self) -> pd.DataFrame:
        """Sharing agreements: ``owner`` shares its restricted records with ``partner``."""
        return self._frame("SELECT owner, partner, created_at, created_by FROM sharing ORDER BY owner, partner")

    def set_sharing(self, actor: Actor, owner: str, partner: str, shared: bool = True) -> None:
        """Grant (or revoke) ``partner`` the restricted records of ``owner``."""
        owner, partner = _required("owner", owner), _required("partner", partner)
        if owner == partner:
            raise ValueError(f"agency {owner!r} cannot share with itself")
        with self._write() as connection:
            for agency in (owner, partner):
                if not self._execute(connection, "SELECT 1 FROM agencies WHERE agency = ?", [agency]).fetchone():
                    raise ValueError(f"agency {agency!r}: unknown; register it first")
            self._execute(connection, "DELETE FROM sharing WHERE owner = ? AND partner = ?", [owner, partner])
            if shared:
                self._execute(connection, "INSERT INTO sharing (owner, partner, created_at, created_by)"
                              " VALUES (?, ?, ?, ?)", [owner, partner, now_text(), actor.name])
            self._audit(connection, actor, "sharing_granted" if shared else "sharing_revoked",
                        target=f"{owner}->{partner}")

    def partners_of(self, agency: str) -> tuple[str, ...]:
        """Agencies that share their restricted records with ``agency``."""
        frame = self._frame("SELECT owner FROM sharing WHERE partner = ? ORDER BY owner", [agency])
        return tuple(frame["owner"])

    def viewer_for(self, agency: str, clearance: str = "confidential") -> Viewer:
        """What ``agency`` may see at ``clearance``, with the sharing agreements in force now."""
        return Viewer.of_agency(agency, clearance, self.partners_of(agency))

    # -- audit trail --------------------------------------------------------------------------------
    def record_audit(self, actor: Actor, action: str, *, target: str | None = None, records: int | None = None,
                     filters: dict | None = None, detail: dict | None = None) -> None:
        """Append one event to the audit trail (its own transaction)."""
        with self._write() as connection:
            self._audit(connection, actor, action, target=target, records=records, filters=filters, detail=detail)

    def _audit(self, connection, actor: Actor, action: str, *, target: str | None = None,
               records: int | None = None, filters: dict | None = None, detail: dict | None = None) -> None:
        if action not in AUDIT_ACTIONS:
            raise ValueError(f"audit action {action!r}: expected one of {', '.join(AUDIT_ACTIONS)}")
        self._execute(connection, "INSERT INTO audit (at, actor, agency, role, action, target, records, filters,"
                      " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [now_text(), actor.name, actor.agency, actor.role, action, target,
                       None if records is None else int(records), _json_or_none(filters), _json_or_none(detail)])

    def audit_log(self, *, actions: Sequence[str] = (), actor: str | None = None, agency: str | None = None,
                  since: date | None = None, until: date | None = None, limit: int = 5000) -> pd.DataFrame:
        """Audit events, newest first, filtered by action, actor (substring), agency and day range."""
        clauses, params = [], []
        if actions:
            clauses.append(f"action IN ({','.join('?' * len(actions))})")
            params.extend(actions)
        if actor:
            clauses.append("lower(actor) LIKE ?")
            params.append("%" + actor.lower().replace("%", "").replace("_", "") + "%")
        if agency:
            clauses.append("agency = ?")
            params.append(agency)
        if since:
            clauses.append("at >= ?")
            params.append(since.isoformat())
        if until:
            clauses.append("at < ?")
            params.append((pd.Timestamp(until) + pd.Timedelta(days=1)).date().isoformat())
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._frame(f"SELECT at, actor, agency, role, action, target, records, filters, detail"  # noqa: S608
                           f" FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, int(limit)])


def _required(name: str, value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise ValueError(f"{name}: required")
    return text


def _json_or_none(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _jsonable(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value

