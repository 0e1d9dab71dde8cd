"""The PostGIS test server: its URLs, the two roles, throwaway databases.

As on a real server (README: Shared server (PostGIS)), the owner role owns the databases and makes the
schema (``init_schema``, what ``python -m geo init`` does), and the app role, which the store connects
as, is granted row privileges only. The fixtures of the top ``conftest.py`` (``postgis_url``,
``postgis_db``, ``postgis_store``, ``store``) use these.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
APP_ROLE = "couloirs_app"  # what the store connects as: LOGIN, not a superuser, no BYPASSRLS
APP_PASSWORD = "couloirs-test-only"  # noqa: S105 - a throwaway test server's role
OWNER_ROLE = "couloirs_owner"  # owns the databases and the schema: creates and migrates it, never used by the app
OWNER_PASSWORD = "couloirs-owner-test-only"  # noqa: S105 - a throwaway test server's role
_DATABASES = itertools.count()


def url_as(url: str, user: str, password: str | None, database: str) -> str:
    """``url`` (any PostgreSQL URL of the server) for another user and database."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return urlunsplit((parts.scheme, f"{credentials}@{host}", f"/{database}", parts.query, ""))


def superuser(url: str) -> tuple[str, str | None]:
    """The user and password of a superuser URL."""
    parts = urlsplit(url)
    return parts.username or "postgres", parts.password


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries on the machine (Debian's layout first), or None."""
    found = sorted((p for p in Path("/usr/lib/postgresql").glob("*/bin/initdb") if p.parent.parent.name.isdigit()),
                   key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable(reason: str) -> None:
    """Skip the PostGIS tests, or fail them on CI where the server must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"PostGIS tests cannot run on CI: {reason}")
    pytest.skip(f"PostGIS tests skipped: {reason}")


def start_throwaway_server(directory: str) -> str:
    """Start a cluster in ``directory`` (scripts/start-test-postgis.sh); its superuser URL."""
    started = subprocess.run(["sh", str(ROOT / "scripts" / "start-test-postgis.sh"), directory],
                             capture_output=True, text=True, timeout=180, check=False)
    if started.returncode != 0:
        unavailable(f"the throwaway server did not start: {started.stderr.strip()[-500:]}")
    return started.stdout.strip().splitlines()[-1]


def stop_throwaway_server(directory: str) -> None:
    subprocess.run(["sh", str(ROOT / "scripts" / "stop-test-postgis.sh"), directory], check=False, timeout=120)


def ensure_app_role(superuser_url: str) -> None:
    """Create the owner and app roles, or reset them (no superuser, no BYPASSRLS, the test passwords)."""
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        for role, password in ((OWNER_ROLE, OWNER_PASSWORD), (APP_ROLE, APP_PASSWORD)):
            exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            connection.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                                       " PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))


def owner_url(app_url: str) -> str:
    """The owner role's URL of the database that ``app_url`` (the app role's) names."""
    parts = urlsplit(app_url)
    return url_as(app_url, OWNER_ROLE, OWNER_PASSWORD, parts.path.lstrip("/"))


def init_schema(app_url: str) -> None:
    """Create the schema as the owner role and grant the app role row privileges (``geo init --app-role``)."""
    from geo.store.postgis import PostGISStore
    from geo.store.postgis_roles import grant_app_role

    store = PostGISStore(owner_url(app_url), migrate=True)
    try:
        with store.connect() as connection:
            assert grant_app_role(connection, APP_ROLE) == []
    finally:
        store.close()  # no session may stay open (the database may be a template)


def create_postgis_template(superuser_url: str, name: str) -> str:
    """A database ``name`` owned by the owner role with PostGIS enabled (a superuser's job, once per database)."""
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name),
                                                                         sql.Identifier(OWNER_ROLE)))
    with psycopg.connect(url_as(superuser_url, *superuser(superuser_url), name), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION postgis")
    return name


def create_database(superuser_url: str, template: str, name: str) -> str:
    """A copy of ``template`` named ``name``, owned by the owner role (the app role's grants come with it)."""
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        # FILE_COPY: ~30 ms for a PostGIS template, half of WAL_LOG's time.
        strategy = " STRATEGY FILE_COPY" if connection.info.server_version >= 150000 else ""
        connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {}" + strategy).format(
            sql.Identifier(name), sql.Identifier(template), sql.Identifier(OWNER_ROLE)))
    return name


def drop_database(superuser_url: str, name: str) -> None:
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def fresh_database_name(kind: str = "") -> str:
    """A database name no other test of this session (or of another session on the server) uses."""
    return f"couloirs_test_{kind}{os.getpid()}" if kind else f"couloirs_test_{os.getpid()}_{next(_DATABASES)}"
