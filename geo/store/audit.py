"""The audit trail: who did what, when. Append-only (the backends refuse updates and deletes in the database).

Records and accounts write their event in the same transaction as the change itself
(:meth:`AuditMixin._audit`); reads, sign-ins and exports append theirs on their own
(:meth:`AuditMixin.record_audit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from geo.access import Actor
from geo.store import audit_chain
from geo.store.sql import SqlBase, json_or_none, now_text

# Audit actions (the Administration page filters on them).
AUDIT_ACTIONS = ("sign_in", "sign_in_refused", "import", "export", "briefing", "record_edit", "agency_saved",
                 "user_saved", "sharing_granted", "sharing_revoked", "batch_removed", "profile_saved",
                 "profile_removed", "backup", "restore", "duplicate_confirmed", "duplicate_rejected")


class AuditMixin(SqlBase):
    """Appending to the audit trail and reading it back."""

    def record_audit(self, actor: Actor, action: str, *, target: str | None = None, records: int | None = None,
                     filters: dict | None = None, detail: dict | None = None) -> None:
        """Append one event to the audit trail (its own transaction)."""
        with self._write() as connection:
            self._audit(connection, actor, action, target=target, records=records, filters=filters, detail=detail)

    def _audit(self, connection, actor: Actor, action: str, *, target: str | None = None,
               records: int | None = None, filters: dict | None = None, detail: dict | None = None) -> None:
        if action not in AUDIT_ACTIONS:
            raise ValueError(f"audit action {action!r}: expected one of {', '.join(AUDIT_ACTIONS)}")
        values = [now_text(), actor.name, actor.agency, actor.role, action, target,
                  None if records is None else int(records), json_or_none(filters), json_or_none(detail)]
        self._lock_audit_chain(connection)
        previous = self._execute(connection, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        self._execute(connection, "INSERT INTO audit (at, actor, agency, role, action, target, records, filters,"
                      " detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [*values, audit_chain.link(previous[0] if previous else None, values)])

    def verify_audit(self) -> audit_chain.ChainReport:
        """Check the audit trail's hash chain from its first event to its newest (:mod:`geo.store.audit_chain`)."""
        columns = ", ".join(audit_chain.CHAINED_FIELDS)
        with self.connect() as connection:
            cursor = self._execute(connection, f"SELECT id, hash, {columns} FROM audit ORDER BY id")  # noqa: S608
            return audit_chain.verify(iter(cursor.fetchone, None))

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
