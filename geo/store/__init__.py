"""Where records live: one interface (:class:`SqlStore`), two backends and the first-start seeding.

The backends are an embedded GeoPackage file and a shared PostGIS server; :func:`open_store`
picks one from the location. The interface is assembled in :mod:`geo.store.base` from
records (:mod:`~geo.store.records`), accounts (:mod:`~geo.store.accounts`) and the audit
trail (:mod:`~geo.store.audit`); the tables are defined once in :mod:`geo.store.schema_sql`.
"""

from __future__ import annotations

from pathlib import Path

from geo.store.base import Batch, BatchResult, SqlStore
from geo.store.geopackage import GeoPackageStore
from geo.store.opening import StoreUnusable

__all__ = ["Batch", "BatchResult", "GeoPackageStore", "SqlStore", "StoreUnusable", "open_store"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str | Path) -> SqlStore:
    """Open the store at ``location``: a GeoPackage path or a ``postgresql://`` URL."""
    text = str(location)
    if text.startswith(POSTGRES_SCHEMES):
        from geo.store.postgis import PostGISStore  # psycopg is only needed for the shared server

        return PostGISStore(text)
    return GeoPackageStore(text)
