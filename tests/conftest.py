"""Fixtures shared by the tests (helpers and builders live in ``tests/support``), and the automatic markers.

``store`` runs each test twice: on a GeoPackage file and on PostGIS. The PostGIS server is
``$COULOIRS_TEST_POSTGIS`` (a superuser URL of a *test* server: the fixtures create and drop
``couloirs_test_*`` databases there and set the password of the role ``couloirs_app``) or,
when unset, a throwaway cluster started for the session by ``scripts/start-test-postgis.sh``.
Without PostgreSQL on the machine the PostGIS cases are skipped, or fail when ``$CI`` is set.

Markers (see ``tests/README.md``): every test that reaches PostGIS is marked ``postgis`` and every test
under ``tests/browser`` ``browser``, here at collection. ``slow`` is written on the tests themselves, and added
here to the cases of a parameter table after its first ``TABLE_HEAD``: ``make test-fast`` runs the head of
every table, ``make test`` all of it.
"""

from __future__ import annotations

import collections
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.store import Batch, GeoPackageStore
from tests.support import agency_records, make_records, register_people
from tests.support import postgis as pg

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
POSTGIS_FIXTURES = {"postgis_url", "postgis_template", "postgis_schema_template", "postgis_db", "postgis_store"}
TABLE_HEAD = 5  # cases of each parametrised test that make test-fast runs; the rest of the table is slow


def pytest_configure(config) -> None:
    """Route leg lines cached by this run only (geo.analysis.leg_cache), never in the user's own cache folder.

    One folder per run, shared by its workers and the command-line processes they start (they inherit it).
    """
    run = getattr(config, "workerinput", {}).get("testrunuid") or f"{os.getpid()}"
    os.environ.setdefault("COULOIRS_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"couloirs-test-cache-{run}"))


def pytest_collection_modifyitems(config, items) -> None:
    """Mark ``postgis`` what needs the server, ``browser`` what lives under tests/browser, ``slow`` a table's tail."""
    cases = collections.Counter()
    for item in items:
        callspec = getattr(item, "callspec", None)
        if POSTGIS_FIXTURES & set(item.fixturenames) or (callspec and callspec.params.get("store") == "postgis"):
            item.add_marker(pytest.mark.postgis)
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        if callspec:
            cases[item.path, item.originalname] += 1
            if cases[item.path, item.originalname] > TABLE_HEAD:
                item.add_marker(pytest.mark.slow)


# -- PostGIS server ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """Superuser URL of a PostgreSQL server with PostGIS: ``$COULOIRS_TEST_POSTGIS`` or a throwaway cluster."""
    given = os.environ.get("COULOIRS_TEST_POSTGIS")
    if given:
        yield given
        return
    if pg.postgres_bin() is None:
        pg.unavailable("PostgreSQL server binaries not found (run scripts/install-system-deps.sh, or set "
                       "COULOIRS_TEST_POSTGIS to a test server's superuser URL)")
    directory = tempfile.mkdtemp(prefix="couloirs-pg-")  # not under pytest's tmp: the postgres user must reach it
    try:
        yield pg.start_throwaway_server(directory)
    finally:
        pg.stop_throwaway_server(directory)


@pytest.fixture(scope="session")
def postgis_template(postgis_url: str) -> Iterator[str]:
    """A template database with PostGIS enabled, owned by the owner role (created once per session)."""
    pg.ensure_app_role(postgis_url)
    name = pg.create_postgis_template(postgis_url, pg.fresh_database_name("template_"))
    yield name
    pg.drop_database(postgis_url, name)


@pytest.fixture(scope="session")
def postgis_schema_template(postgis_url: str, postgis_template: str) -> Iterator[str]:
    """A template database that also holds the store's schema, made as the owner role (``geo init --app-role``)."""
    name = pg.create_database(postgis_url, postgis_template, pg.fresh_database_name("schema_"))
    pg.init_schema(pg.url_as(postgis_url, pg.APP_ROLE, pg.APP_PASSWORD, name))
    yield name
    pg.drop_database(postgis_url, name)


@pytest.fixture
def postgis_db(postgis_url: str, postgis_template: str) -> Iterator[str]:
    """The app role's URL of a fresh database with PostGIS and no tables yet, dropped afterwards.

    The app role cannot make the tables: ``tests.support.postgis.init_schema`` does, as the owner role.
    """
    name = pg.create_database(postgis_url, postgis_template, pg.fresh_database_name())
    yield pg.url_as(postgis_url, pg.APP_ROLE, pg.APP_PASSWORD, name)
    pg.drop_database(postgis_url, name)


@pytest.fixture
def postgis_store(request, postgis_url: str, postgis_schema_template: str):
    """A PostGIS store on a fresh database (the schema already made: start-up only checks it), as the app role."""
    from geo.store.postgis import PostGISStore

    name = pg.create_database(postgis_url, postgis_schema_template, pg.fresh_database_name())
    request.addfinalizer(lambda: pg.drop_database(postgis_url, name))
    store = PostGISStore(pg.url_as(postgis_url, pg.APP_ROLE, pg.APP_PASSWORD, name))
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


# -- the app in AppTest (tests/support/apptest.py) -------------------------------------------------------------------
@pytest.fixture
def app_py_runs_on_every_run(monkeypatch) -> None:
    """Every AppTest run goes through app.py, as on a served app (see ``serve_app_py_on_every_run``).

    A module that needs it says ``pytestmark = pytest.mark.usefixtures("app_py_runs_on_every_run")``.
    """
    from tests.support.apptest import serve_app_py_on_every_run  # imports Streamlit: only where it is needed

    serve_app_py_on_every_run(monkeypatch)


@pytest.fixture
def people_db(tmp_path, monkeypatch) -> GeoPackageStore:
    """The app's store: agencies A and B, their people, and one record of each kind (no demo seeding)."""
    db = tmp_path / "roles.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    store = GeoPackageStore(db)
    register_people(store)
    store.write_batch(make_records(*agency_records()), Batch(kind="import", created_by="test"))
    return store


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """The files behind every download button drawn, by file name: calling one builds it, as a click does."""
    from tests.support.apptest import capture_deferred_files

    return capture_deferred_files(monkeypatch, by="file_name")


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict:
    """What each download button would build when clicked, by its file id (the browser's fetch, in a test)."""
    from tests.support.apptest import capture_deferred_files

    return capture_deferred_files(monkeypatch, by="file_id")
