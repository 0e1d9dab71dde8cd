"""Shared fixtures: small hand-made record builders and a fresh store per test, on both backends.

``store`` runs each test twice: on a GeoPackage file and on PostGIS. The PostGIS server is
``$COULOIRS_TEST_POSTGIS`` (a superuser URL of a *test* server: the fixtures create and drop
``couloirs_test_*`` databases there and set the password of the role ``couloirs_app``) or,
when unset, a throwaway cluster started for the session by ``scripts/start-test-postgis.sh``.
Without PostgreSQL on the machine the PostGIS cases are skipped, or fail when ``$CI`` is set.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pandas as pd
import psycopg
import pytest
from psycopg import sql

from geo.store import GeoPackageStore

ROOT = Path(__file__).resolve().parent.parent
APP_ROLE = "couloirs_app"  # what the store connects as: LOGIN, not a superuser, no BYPASSRLS
APP_PASSWORD = "couloirs-test-only"  # noqa: S105 - a throwaway test server's role
_DATABASES = itertools.count()


def make_records(*rows: dict) -> pd.DataFrame:
    """Records from partial rows; unspecified fields take plain defaults."""
    defaults = {"date": "2021-03-15", "substance": "cocaine", "country": "SEN", "quantity": 10.0, "unit": "kg",
                "lat": 14.69, "lon": -17.44, "agency": "sen-ocrtis", "sensitivity": "public", "dataset": "agency"}
    return pd.DataFrame([{**defaults, **row} for row in rows])


# -- PostGIS server ------------------------------------------------------------------------------------------------
def url_as(url: str, user: str, password: str | None, database: str) -> str:
    """``url`` (any PostgreSQL URL of the server) for another user and database."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return urlunsplit((parts.scheme, f"{credentials}@{host}", f"/{database}", parts.query, ""))


def _postgres_bin() -> Path | None:
    found = sorted((p for p in Path("/usr/lib/postgresql").glob("*/bin/initdb") if p.parent.parent.name.isdigit()),
                   key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostGIS tests cannot run on CI: {reason}")
    pytest.skip(f"PostGIS tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """Superuser URL of a PostgreSQL server with PostGIS: ``$COULOIRS_TEST_POSTGIS`` or a throwaway cluster."""
    given = os.environ.get("COULOIRS_TEST_POSTGIS")
    if given:
        yield given
        return
    if _postgres_bin() is None:
        _unavailable("PostgreSQL server binaries not found (run scripts/install-system-deps.sh, or set "
                     "COULOIRS_TEST_POSTGIS to a test server's superuser URL)")
    directory = tempfile.mkdtemp(prefix="couloirs-pg-")  # not under pytest's tmp: the postgres user must reach it
    try:
        started = subprocess.run(["sh", str(ROOT / "scripts" / "start-test-postgis.sh"), directory],
                                 capture_output=True, text=True, timeout=180, check=False)
        if started.returncode != 0:
            _unavailable(f"the throwaway server did not start: {started.stderr.strip()[-500:]}")
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["sh", str(ROOT / "scripts" / "stop-test-postgis.sh"), directory], check=False, timeout=120)


@pytest.fixture(scope="session")
def postgis_template(postgis_url: str) -> Iterator[str]:
    """A template database with PostGIS enabled, owned by the app role (created once per session)."""
    name = f"couloirs_test_template_{os.getpid()}"
    with psycopg.connect(postgis_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE]).fetchone()
        verb = "ALTER" if exists else "CREATE"
        connection.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD {}")
                           .format(sql.Identifier(APP_ROLE), sql.Literal(APP_PASSWORD)))
        connection.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name),
                                                                         sql.Identifier(APP_ROLE)))
    with psycopg.connect(url_as(postgis_url, *_superuser(postgis_url), name), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION postgis")  # a superuser's job, once per database
    yield name
    _drop_database(postgis_url, name)


def _superuser(url: str) -> tuple[str, str | None]:
    parts = urlsplit(url)
    return parts.username or "postgres", parts.password


def _drop_database(superuser_url: str, name: str) -> None:
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def postgis_schema_template(postgis_url: str, postgis_template: str) -> Iterator[str]:
    """A template database that also holds the store's schema, made by the store itself as the app role."""
    from geo.store.postgis import PostGISStore

    name = _create_database(postgis_url, postgis_template, f"couloirs_test_schema_{os.getpid()}")
    PostGISStore(url_as(postgis_url, APP_ROLE, APP_PASSWORD, name)).close()  # no session may stay open on a template
    yield name
    _drop_database(postgis_url, name)


def _create_database(superuser_url: str, template: str, name: str) -> str:
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        # FILE_COPY: ~30 ms for a PostGIS template, half of WAL_LOG's time.
        strategy = " STRATEGY FILE_COPY" if connection.info.server_version >= 150000 else ""
        connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {}" + strategy).format(
            sql.Identifier(name), sql.Identifier(template), sql.Identifier(APP_ROLE)))
    return name


@pytest.fixture
def postgis_db(postgis_url: str, postgis_template: str) -> Iterator[str]:
    """The app role's URL of a fresh database with PostGIS and no tables yet, dropped afterwards."""
    name = _create_database(postgis_url, postgis_template, f"couloirs_test_{os.getpid()}_{next(_DATABASES)}")
    yield url_as(postgis_url, APP_ROLE, APP_PASSWORD, name)
    _drop_database(postgis_url, name)


@pytest.fixture
def postgis_store(request, postgis_url: str, postgis_schema_template: str):
    """A PostGIS store on a fresh database (the schema already made: start-up only checks it), as the app role."""
    from geo.store.postgis import PostGISStore

    name = _create_database(postgis_url, postgis_schema_template, f"couloirs_test_{os.getpid()}_{next(_DATABASES)}")
    request.addfinalizer(lambda: _drop_database(postgis_url, name))
    store = PostGISStore(url_as(postgis_url, APP_ROLE, APP_PASSWORD, name))
    request.addfinalizer(store.close)
    return store


# -- stores --------------------------------------------------------------------------------------------------------
@pytest.fixture
def gpkg_store(tmp_path) -> GeoPackageStore:
    """A fresh GeoPackage store, for what only the file format has (GDAL, PRAGMA, file locks)."""
    return GeoPackageStore(tmp_path / "test.gpkg")


@pytest.fixture(params=["gpkg", "postgis"])
def store(request):
    """A fresh store, once on each backend: the interface must behave the same on both."""
    return request.getfixturevalue(f"{request.param}_store")


EXTERNAL_LOAD = re.compile(
    r"""<script[^>]+src=["'](?:https?:)?//|<link[^>]+href=["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def external_loads(html: str) -> list[str]:
    """Every place where a page would fetch a script, stylesheet, font or image from another host."""
    return [html[m.start(): m.start() + 120] for m in EXTERNAL_LOAD.finditer(html)]
