"""Whether a GeoPackage's kept totals may be stale, answered without reading the records on every open.

Opening a store used to compare ``count(*)`` of the records with the sum of the kept totals: two full
scans (a million records, some 300,000 total rows) on *every* open, a fifth of a ``stats`` command's
time. Instead a one-row table, ``aggregates_state``, says what the kept totals account for:

* ``max_fid``: the largest record ``fid`` when the app last changed the records (it writes the row in
  the same transaction as the records and their totals, :meth:`GeoPackageStore._after_write`, and after
  a rebuild). Records added by another tool get larger ``fid`` values (SQLite's rowid), so they show.
* ``deletions``: records deleted by anyone, counted by a trigger on ``records`` that every SQLite
  client runs (QGIS, the sqlite3 shell); ``deletions_kept``: those the app removed from the totals.
  A record deleted by another tool leaves the two apart.

So the check costs two index look-ups: the state row and ``max(fid)``. The totals are rebuilt when the
state row is missing and the old count check fails (a store made before this table: the check runs
once, then the row is written), when another tool added or deleted records, or when the kept totals
are empty beside records (a store made before them). What the check cannot see, as the count check
could not: another tool *editing* a record in place (:meth:`rebuild_aggregates` mends that).

PostGIS checks only the schema version at start-up (the app role may not write behind its own rules;
a migration rebuilds the totals), so this is the GeoPackage's alone.
"""

from __future__ import annotations

import sqlite3

STATE_DDL = """
CREATE TABLE IF NOT EXISTS aggregates_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  max_fid INTEGER,
  deletions INTEGER NOT NULL DEFAULT 0,
  deletions_kept INTEGER NOT NULL DEFAULT 0);
CREATE TRIGGER IF NOT EXISTS records_deletions_counted AFTER DELETE ON records
  BEGIN UPDATE aggregates_state SET deletions = deletions + 1 WHERE id = 1; END;
"""


def state_stale(connection: sqlite3.Connection) -> bool | None:
    """Whether the kept totals may miss a change of the records; ``None`` when the store has no state row yet."""
    row = connection.execute("SELECT max_fid, deletions, deletions_kept FROM aggregates_state WHERE id = 1").fetchone()
    if row is None:
        return None
    max_fid, deletions, deletions_kept = row
    current = connection.execute("SELECT max(fid) FROM records").fetchone()[0]
    if current != max_fid or deletions != deletions_kept:
        return True
    # Records beside no kept totals at all: a store whose totals were never built, or emptied.
    return current is not None and connection.execute("SELECT 1 FROM aggregates LIMIT 1").fetchone() is None


def mark_kept(connection: sqlite3.Connection) -> None:
    """Record that the kept totals now account for every record (in the transaction that made it so)."""
    connection.execute(
        "INSERT INTO aggregates_state (id, max_fid, deletions, deletions_kept)"
        " VALUES (1, (SELECT max(fid) FROM records), 0, 0)"
        " ON CONFLICT (id) DO UPDATE SET max_fid = excluded.max_fid, deletions_kept = aggregates_state.deletions")
