"""Undoing an import: a batch's records and quarantined rows removed in one transaction, the trail kept.

A batch is never erased: its row in ``import_batches`` stays, marked removed (when and by whom), and the
imported file stays in ``import_files``, so the audit trail still reads. Only the records and the
quarantined rows go. A removed batch no longer counts as an earlier import of its file
(:meth:`geo.store.records.RecordsMixin.find_batch`), so the same file may be imported again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo import access
from geo.access import Actor
from geo.store.audit import AuditMixin
from geo.store.sql import AccessDenied, now_text


class UnknownBatch(LookupError):
    """No batch has this id."""


@dataclass(frozen=True)
class Removal:
    """What removing one batch deleted."""

    batch_id: str
    records: int
    quarantined: int


class BatchesMixin(AuditMixin):
    """One batch read back with its reason counts, and removed."""

    def batch(self, batch_id: str) -> dict | None:
        """One row of the batch log as a dict, or ``None``."""
        frame = self._frame("SELECT * FROM import_batches WHERE batch_id = ?", [batch_id])
        return None if frame.empty else {k: _plain(v) for k, v in frame.iloc[0].to_dict().items()}

    def batch_reasons(self, batch_id: str) -> pd.DataFrame:
        """How many quarantined rows of a batch fell for each reason: ``code, field, rows``, most first."""
        return self._frame("SELECT code, field, count(*) AS rows FROM quarantine WHERE batch_id = ?"
                           " GROUP BY code, field ORDER BY count(*) DESC, code, field", [batch_id])

    def remove_batch(self, actor: Actor, batch_id: str) -> Removal:
        """Delete a batch's records and quarantined rows in one transaction; mark the batch removed; audit it.

        Raises :class:`UnknownBatch` for an unknown id, :class:`AccessDenied` when ``actor`` may not
        (:func:`geo.access.may_remove_batch`), ``ValueError`` when the batch was removed already.
        """
        found = self.batch(batch_id)
        if found is None:
            raise UnknownBatch(f"batch {batch_id}: unknown")
        if not access.may_remove_batch(actor, found["agency"]):
            raise AccessDenied(f"batch {batch_id}: only the owner agency's analysts or an administrator may remove it")
        if found["removed_at"] is not None:
            raise ValueError(f"batch {batch_id}: already removed on {found['removed_at']} by {found['removed_by']}")
        # Written as the store itself (no viewer): on PostGIS only the administrator setting may delete records,
        # and the rule above has already been checked for the person.
        with self._write() as connection:
            marked = self._execute(connection, "UPDATE import_batches SET removed_at = ?, removed_by = ?"
                                   " WHERE batch_id = ? AND removed_at IS NULL", [now_text(), actor.name, batch_id])
            if marked.rowcount != 1:  # another process removed it meanwhile: nothing to do twice
                raise ValueError(f"batch {batch_id}: already removed")
            self._aggregates_of_batch(connection, batch_id)  # the kept totals lose the batch in this transaction
            records = self._execute(connection, "DELETE FROM records WHERE batch_id = ?", [batch_id]).rowcount
            # A totals batch (geo.store.totals) holds official totals instead of records: they go the same way.
            records += self._execute(connection, "DELETE FROM official_totals WHERE batch_id = ?",
                                     [batch_id]).rowcount
            quarantined = self._execute(connection, "DELETE FROM quarantine WHERE batch_id = ?", [batch_id]).rowcount
            self._audit(connection, actor, "batch_removed", target=batch_id, records=records,
                        detail={"file": found["file_name"], "agency": found["agency"], "records": records,
                                "quarantined": quarantined})
            self._after_write(connection)
        return Removal(batch_id, int(records), int(quarantined))


def _plain(value: object) -> object:
    """NumPy scalars and missing values as plain Python (for JSON)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value
