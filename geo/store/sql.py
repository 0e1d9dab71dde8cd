"""What every part of the store stands on: the backend's connection hooks and portable SQL helpers.

Both backends speak DB-API: SQLite takes ``?`` placeholders, psycopg ``%s``.
Statements are written with ``?`` and every value is a bound parameter;
:meth:`SqlBase._sql` adapts the placeholders. A backend supplies the
connection, the write transaction, the record insert and the record read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd

from geo.access import Viewer
from geo.core.filters import RecordFilter

if TYPE_CHECKING:  # geopandas loads when records are read, not with every command (issue 16)
    import geopandas as gpd


class AccessDenied(PermissionError):
    """The actor may not do this (the message says why)."""


def now_text() -> str:
    """UTC now as ISO text with microseconds: sorts as it reads, on both backends."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def required(name: str, value: str | None) -> str:
    """``value`` stripped; ``ValueError`` naming ``name`` when it is blank."""
    text = (value or "").strip()
    if not text:
        raise ValueError(f"{name}: required")
    return text


def json_or_none(value: dict | None) -> str | None:
    """``value`` as JSON text with sorted keys (so equal values store equal text), or ``None``."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class SqlBase:
    """The hooks a backend provides and the helpers that run portable SQL through them."""

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

    def _lock_audit_chain(self, connection) -> None:
        """Serialise audit appends within ``connection``'s transaction (SQLite's write lock already does)."""

    # -- helpers ------------------------------------------------------------------------------------
    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _execute(self, connection, text: str, params: Sequence = ()):
        return connection.execute(self._sql(text), list(params))

    def _stored_keys(self, connection, table: str, column: str, keys: list[str]) -> set[str]:
        """Which of ``keys`` stand in ``table.column`` (both constants of the store's own schema)."""
        found: set[str] = set()
        for start in range(0, len(keys), 900):  # stay under SQLite's parameter limit
            chunk = keys[start: start + 900]
            marks = ",".join("?" * len(chunk))
            cursor = self._execute(connection, f"SELECT {column} FROM {table} WHERE {column} IN ({marks})",  # noqa: S608
                                   chunk)
            found.update(row[0] for row in cursor.fetchall())
        return found

    def _frame(self, text: str, params: Sequence = (), viewer: Viewer | None = None) -> pd.DataFrame:
        with self.connect(viewer) as connection:
            cursor = self._execute(connection, text, params)
            columns = [d[0] for d in cursor.description]
            return pd.DataFrame(cursor.fetchall(), columns=columns)

    def _scalar(self, text: str, params: Sequence = ()):
        with self.connect() as connection:
            row = self._execute(connection, text, params).fetchone()
        return None if row is None else row[0]
