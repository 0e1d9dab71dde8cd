"""PostGIS stores for :mod:`benchmarks.bench_scale`: one database per size on a test server, set up as in production.

Given a superuser URL of a *throwaway* server (``sh scripts/start-test-postgis.sh DIR`` prints one), this
makes, once, a database ``couloirs_scale_<size>`` owned by an owner role with PostGIS enabled; creates or
upgrades its schema as the owner role and grants the app role row privileges (what ``python -m geo init
--app-role`` does, run again on every benchmark run so that a branch's schema change is applied); and
seeds it as the app role (administrator settings, as the command line) unless it already holds its
records. The commands are then measured as the app role, under row-level security, as a real server
runs them.

The two roles get a fresh random password on every run (``ALTER ROLE``): nothing is kept in a file.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlsplit, urlunsplit

OWNER_ROLE = "couloirs_bench_owner"
APP_ROLE = "couloirs_bench_app"


def _url_as(url: str, user: str, password: str, database: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{quote(user, safe='')}:{quote(password, safe='')}@{host}", f"/{database}",
                       parts.query, ""))


def _roles(connection, password: str) -> None:
    """The owner and app roles: log in, no superuser, no BYPASSRLS (the store refuses such a role)."""
    from psycopg import sql

    for role in (OWNER_ROLE, APP_ROLE):
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
        verb = "ALTER" if exists else "CREATE"
        connection.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD {}")
                           .format(sql.Identifier(role), sql.Literal(password)))


def postgis_locations(superuser_url: str, sizes: Iterable[int],
                      seed: Callable[[str, int], None]) -> dict[int, str]:
    """The app role's URL of a seeded database per size (``seed(url, rows)`` fills an empty one)."""
    import psycopg
    from psycopg import sql

    from geo.store.postgis import PostGISStore
    from geo.store.postgis_roles import grant_app_role

    password = secrets.token_hex(16)
    user = urlsplit(superuser_url).username or "postgres"
    superuser_password = urlsplit(superuser_url).password or ""
    locations = {}
    with psycopg.connect(superuser_url, autocommit=True) as connection:
        _roles(connection, password)
    for size in sizes:
        name = f"couloirs_scale_{size}"
        with psycopg.connect(superuser_url, autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name),
                                                                                 sql.Identifier(OWNER_ROLE)))
        with psycopg.connect(_url_as(superuser_url, user, superuser_password, name), autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        store = PostGISStore(_url_as(superuser_url, OWNER_ROLE, password, name), migrate=True)
        try:
            with store.connect() as connection:
                grant_app_role(connection, APP_ROLE)
        finally:
            store.close()
        locations[size] = _url_as(superuser_url, APP_ROLE, password, name)
        seed(locations[size], size)
    return locations
