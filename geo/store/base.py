"""The store interface both backends implement, assembled from its parts.

* :mod:`geo.store.sql`: the backend's hooks (connection, write transaction, record
  insert and read) and the portable SQL helpers;
* :mod:`geo.store.records`: records, batches, quarantined rows, imported files, and the
  ``WHERE`` clause that applies a viewer's visibility rule to every read;
* :mod:`geo.store.accounts`: agencies, users and sharing agreements, which decide
  who may see which agency's records;
* :mod:`geo.store.totals`: official annual totals (country x year x drug), their own table;
* :mod:`geo.store.batches`: a batch read back and removed (undo), the trail kept;
* :mod:`geo.store.profiles`: saved mapping profiles, per agency;
* :mod:`geo.store.duplicates`: probable duplicates across agencies, their review, read per viewer;
* :mod:`geo.store.aggregates`: totals kept at import time, read by maps, stats and briefings;
* :mod:`geo.store.area`: bounded record reads (a drawn area's box, records by id) for the map;
* :mod:`geo.store.audit`: the append-only audit trail every change is written to;
* :mod:`geo.store.schema_sql`: the tables, defined once for SQLite and PostgreSQL.

The names callers use (:class:`SqlStore`, :class:`Batch`, :class:`AccessDenied`,
:data:`AUDIT_ACTIONS`...) are importable from here.
"""

from __future__ import annotations

from geo.store.accounts import AccountsMixin
from geo.store.aggregates import AggregatesMixin
from geo.store.area import AreaMixin
from geo.store.audit import AUDIT_ACTIONS
from geo.store.batches import BatchesMixin, Removal, UnknownBatch
from geo.store.duplicates import DuplicatesMixin
from geo.store.profiles import ProfilesMixin, UnknownProfile
from geo.store.records import EDITABLE_FIELDS, Batch, BatchResult, RecordsMixin
from geo.store.sql import AccessDenied
from geo.store.totals import TotalsMixin

__all__ = ["AUDIT_ACTIONS", "EDITABLE_FIELDS", "AccessDenied", "Batch", "BatchResult", "Removal", "SqlStore",
           "UnknownBatch", "UnknownProfile"]


class SqlStore(RecordsMixin, TotalsMixin, BatchesMixin, ProfilesMixin, AccountsMixin, DuplicatesMixin, AggregatesMixin,
               AreaMixin):
    """The store interface, written once for both backends: records, totals, batches, profiles, accounts, audit."""
