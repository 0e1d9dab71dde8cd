"""Checks made before a GeoPackage store is opened: fail fast, and never write into someone else's file.

An in-memory database cannot be shared between the app's sessions and the command line; a medium where
SQLite cannot keep a write-ahead log (read-only, or without shared memory) would leave every writer
waiting for a lock that never comes. Both are refused at once with one sentence. A SQLite file that
already holds another application's tables is never modified: a store is created only at a new path
(or an empty file, or a SQLite file without any table), or by ``python -m geo init`` at one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables every Couloirs store has had since its first release.
STORE_TABLES = frozenset({"records", "import_batches", "audit"})
IN_MEMORY = (":memory:", "")


class StoreUnusable(RuntimeError):
    """The location cannot hold a Couloirs store; the message says why and what to do, in one line."""


def check_location(location: str | Path) -> bool:
    """Raise :class:`StoreUnusable` unless ``location`` can hold a store; ``True`` when a store is already there.

    >>> check_location(":memory:")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.store.opening.StoreUnusable: an in-memory database cannot hold a store ...
    """
    text = str(location)
    if text in IN_MEMORY or text.startswith("file:") or "mode=memory" in text:
        raise StoreUnusable("an in-memory database cannot hold a store that the app and the command line share: "
                            "give a file path (e.g. couloirs.gpkg)")
    path = Path(text)
    if path.is_dir():
        raise StoreUnusable(f"{path} is a folder: give the path of a GeoPackage file (e.g. {path / 'couloirs.gpkg'})")
    if not path.exists() or path.stat().st_size == 0:
        return False
    tables = existing_tables(path)
    if tables >= STORE_TABLES:
        return True
    if not tables:  # SQLite's header and no table: a store another process is making now (its tables commit at once)
        return False
    raise StoreUnusable(f"{path} is a SQLite database of another application (no Couloirs tables): it is left "
                        "untouched; give a new path for the store")


def existing_tables(path: Path) -> set[str]:
    """The table names of the SQLite file at ``path``, read without writing anything to it."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise StoreUnusable(f"{path} cannot be read: {error.strerror or error}") from error
    if magic != SQLITE_MAGIC:
        raise StoreUnusable(f"{path} is not a GeoPackage (not a SQLite file): it is left untouched; "
                            "give a new path for the store")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreUnusable(f"{path} cannot be read as a SQLite database: {error}") from error


def no_wal(path: Path, mode: str) -> StoreUnusable:
    """The refusal when SQLite keeps ``mode`` instead of the write-ahead log at ``path``."""
    return StoreUnusable(f"{path}: SQLite cannot keep a write-ahead log there (journal mode stays {mode!r}: "
                         "a read-only or network medium?); put the store on a local, writable disk")
