"""Backups of the embedded store, taken while the app runs and imports continue, and their restoration.

A GeoPackage is copied with SQLite's online backup API in one step: the copy is the store as of one
committed transaction (the store is in WAL mode, so readers and the copy never block a writer, and a
writer never makes the copy see half an import). A restore copies a checked backup over a store the
same way, and refuses to replace a store that holds anything unless told to. The PostGIS store is
backed up with PostgreSQL's own tools (``pg_dump``/``pg_restore``: README, "Backups").
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geo.store.geopackage import GeoPackageStore
from geo.store.opening import StoreUnusable, check_location


@dataclass(frozen=True)
class StoreCheck:
    """What a store holds and whether it is whole: SQLite's integrity check, batches, records, the audit chain."""

    location: str
    integrity: str
    batches: int
    records: int
    audit_events: int
    audit_intact: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def as_json(self) -> dict:
        """The check as ``--json`` prints it."""
        return {**asdict(self), "ok": self.ok}


def backup(store: GeoPackageStore, out: str | Path) -> StoreCheck:
    """Copy ``store`` to the new file ``out`` as of one committed transaction; the copy's check."""
    target = Path(out)
    if target.exists():
        raise StoreUnusable(f"{target} exists: a backup never overwrites a file (give a new name)")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(store.path, target)
    return check(GeoPackageStore(target))


def restore(source: str | Path, target: GeoPackageStore, *, replace: bool = False) -> StoreCheck:
    """Copy the backup ``source`` over ``target``; refused when ``target`` holds anything unless ``replace``."""
    source = Path(source)
    if not check_location(source):
        raise StoreUnusable(f"{source} is not a Couloirs backup (no store in it)")
    found = check(GeoPackageStore(source))
    if not found.ok:
        raise StoreUnusable(f"{source} fails its checks, nothing restored: {'; '.join(found.problems)}")
    if not replace and (target.count() or not target.batches().empty):
        raise StoreUnusable(f"{target.location} already holds {target.count()} records: restoring would replace "
                            "them (add --replace to do so, after a backup of it)")
    _copy(source, target.path)
    return check(GeoPackageStore(target.path))


def check(store: GeoPackageStore) -> StoreCheck:
    """Check ``store``: SQLite's integrity, each batch's records against its accounting, the audit chain."""
    with store.connect() as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        short = connection.execute(
            "SELECT b.batch_id, b.accepted, (SELECT count(*) FROM records r WHERE r.batch_id = b.batch_id) "
            # a totals batch holds official totals instead of records (geo.store.totals)
            "+ (SELECT count(*) FROM official_totals o WHERE o.batch_id = b.batch_id) "
            "FROM import_batches b WHERE b.removed_at IS NULL").fetchall()
        records = connection.execute("SELECT count(*) FROM records").fetchone()[0]
    chain = store.verify_audit()
    problems = [] if integrity == "ok" else [f"SQLite integrity check: {integrity}"]
    problems += [f"batch {batch}: {accepted} records accepted, {held} in the store"
                 for batch, accepted, held in short if held != accepted]
    if not chain.intact:
        problems.append(f"audit event {chain.broken_at}: {chain.reason}")
    return StoreCheck(store.location, integrity, len(short), int(records), chain.events, chain.intact, problems)


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into ``target`` in one step (one consistent snapshot)."""
    reading = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()
