"""Where records live: one interface (:class:`SqlStore`), two backends (an embedded GeoPackage file, a
shared PostGIS server) and the first-start seeding. :func:`open_store` picks the backend from the location."""

from __future__ import annotations

from pathlib import Path

from geo.store.base import Batch, BatchResult, SqlStore
from geo.store.geopackage import GeoPackageStore

__all__ = ["Batch", "BatchResult", "GeoPackageStore", "SqlStore", "open_store"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str | Path) -> SqlStore:
    """Open the store at ``location``: a GeoPackage path or a ``postgresql://`` URL."""
    text = str(location)
    if text.startswith(POSTGRES_SCHEMES):
        from geo.store.postgis import PostGISStore  # psycopg is only needed for the shared server

        return PostGISStore(text)
    return GeoPackageStore(text)
