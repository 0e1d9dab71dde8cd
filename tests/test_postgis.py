"""What only the PostGIS store has: row-level security, the append-only audit table, the server schema.

Row-level security is tested by connecting straight to the database as the application
role with psycopg, without the store's code: the server alone must hide what a viewer may
not see, whatever query the application sends.
"""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from urllib.parse import urlsplit

import pandas as pd
import psycopg
import pytest
from psycopg import errors, sql

from geo.access import Actor, Viewer
from geo.core.filters import RecordFilter
from geo.ingest import pipeline as importer
from geo.store import Batch, GeoPackageStore
from geo.store.postgis import PostGISStore, UnsafeRole, redact
from tests.support import APP_PASSWORD, APP_ROLE, make_records, url_as
from tests.support.postgis import OWNER_PASSWORD, OWNER_ROLE, init_schema, owner_url

A, B, C = "sen-ocrtis", "mli-ocs", "gha-nacob"  # A shares with B in the tests that say so
LEVELS = ("public", "restricted", "confidential", None, "secret")  # None and unknown levels: the strictest
ADMIN = Actor("admin@couloirs.org", None, "admin")


def rid(agency: str, level: str | None, dataset: str = "agency") -> str:
    return f"{agency}/{level}/{dataset}"


@pytest.fixture
def rls_db(postgis_db: str) -> str:
    """A database with the store's schema and one record per agency and level, written with plain SQL."""
    init_schema(postgis_db)  # as the owner role
    with psycopg.connect(postgis_db) as connection:
        connection.execute("SELECT set_config('couloirs.admin', 'on', true)")
        for agency in (A, B, C):
            connection.execute("INSERT INTO agencies (agency, created_at) VALUES (%s, '2024-01-01')", [agency])
        rows = [(rid(agency, level), agency, level, "agency") for agency in (A, B, C) for level in LEVELS]
        rows.append((rid(A, "restricted", "demo"), A, "restricted", "demo"))
        connection.cursor().executemany(
            "INSERT INTO records (record_id, agency, sensitivity, dataset, date, substance, country)"
            " VALUES (%s, %s, %s, %s, '2024-01-01', 'cocaine', 'SEN')", rows)
    return postgis_db


def seen(url: str, **settings: str) -> set[str]:
    """Record ids the app role reads with a bare ``SELECT`` under ``couloirs.<name>`` settings."""
    with psycopg.connect(url) as connection:
        for name, value in settings.items():
            connection.execute("SELECT set_config(%s, %s, true)", [f"couloirs.{name}", value])
        return {row[0] for row in connection.execute("SELECT record_id FROM records")}


def share(url: str, owner: str, partner: str, shared: bool = True) -> None:
    with psycopg.connect(url) as connection:
        if shared:
            connection.execute("INSERT INTO sharing (owner, partner, created_at, created_by)"
                               " VALUES (%s, %s, '2024-01-01', 'test')", [owner, partner])
        else:
            connection.execute("DELETE FROM sharing WHERE owner = %s AND partner = %s", [owner, partner])


PUBLIC = {rid(agency, "public") for agency in (A, B, C)}
EVERYTHING = {rid(agency, level) for agency in (A, B, C) for level in LEVELS} | {rid(A, "restricted", "demo")}


# -- row-level security, straight from the database ---------------------------------------------------------------
def test_without_settings_only_public_rows_are_visible(rls_db):
    assert seen(rls_db) == PUBLIC


def test_the_administrator_setting_sees_everything_and_the_demo_what_is_public(rls_db):
    assert seen(rls_db, admin="on") == EVERYTHING
    assert seen(rls_db, demo="on") == PUBLIC  # a synthetic record marked restricted stays hidden too


def test_restricted_records_reach_a_partner_only_through_the_sharing_table(rls_db):
    as_b = {"agency": B, "clearance": "confidential"}
    assert rid(A, "restricted") not in seen(rls_db, **as_b)
    share(rls_db, A, B)
    after = seen(rls_db, **as_b)
    assert rid(A, "restricted") in after
    assert not after & {rid(A, "confidential"), rid(A, None), rid(A, "secret")}  # never shared
    assert rid(C, "restricted") not in after  # C shares with nobody
    assert rid(B, "restricted") not in seen(rls_db, agency=A, clearance="confidential")  # one way only
    share(rls_db, A, B, shared=False)
    assert rid(A, "restricted") not in seen(rls_db, **as_b)


@pytest.mark.parametrize(
    ("clearance", "own_levels"),
    [
        ("public", {"public"}),
        ("restricted", {"public", "restricted"}),
        ("confidential", {"public", "restricted", "confidential", None, "secret"}),
    ],
)
def test_clearance_caps_what_an_agency_sees_of_its_own(rls_db, clearance, own_levels):
    share(rls_db, A, B)
    visible = seen(rls_db, agency=B, clearance=clearance)
    assert {r for r in visible if r.startswith(B)} == {rid(B, level) for level in own_levels}
    assert (rid(A, "restricted") in visible) == (clearance != "public")
    assert not visible & {rid(A, "confidential"), rid(C, "confidential"), rid(C, "restricted")}


@pytest.mark.parametrize("hostile", ["x' OR '1'='1", "sen-ocrtis' OR agency <> '", "') OR true --"])
def test_hostile_setting_values_stay_values(rls_db, hostile):
    share(rls_db, A, B)
    assert seen(rls_db, agency=hostile, clearance="confidential") == PUBLIC
    assert seen(rls_db, agency=B, clearance=hostile) == PUBLIC  # an unknown clearance is the lowest
    assert seen(rls_db, admin=hostile) == PUBLIC


def test_settings_last_one_transaction(rls_db):
    with psycopg.connect(rls_db) as connection:
        connection.execute("SELECT set_config('couloirs.admin', 'on', true)")
        assert len(connection.execute("SELECT record_id FROM records").fetchall()) == len(EVERYTHING)
        connection.commit()
        assert {r[0] for r in connection.execute("SELECT record_id FROM records")} == PUBLIC


def test_another_agency_cannot_change_or_plant_records(rls_db):
    with psycopg.connect(rls_db) as connection:
        connection.execute("SELECT set_config('couloirs.agency', %s, true), set_config('couloirs.clearance',"
                           " 'confidential', true)", [B])
        assert connection.execute("UPDATE records SET notes = 'x' WHERE agency = %s", [A]).rowcount == 0
        assert connection.execute("DELETE FROM records").rowcount == 0
        assert connection.execute("UPDATE records SET notes = 'mine' WHERE agency = %s", [B]).rowcount == len(LEVELS)
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            connection.execute("INSERT INTO records (record_id, agency, sensitivity) VALUES ('planted', %s,"
                               " 'public')", [A])


def test_the_owner_role_owns_the_tables_and_row_level_security_is_forced_on_it(rls_db):
    with psycopg.connect(rls_db) as connection:
        superuser, bypass = connection.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone()
        owner, enabled, forced = connection.execute(
            "SELECT pg_get_userbyid(relowner), relrowsecurity, relforcerowsecurity FROM pg_class"
            " WHERE oid = 'records'::regclass").fetchone()
    assert (superuser, bypass) == (False, False)
    assert (owner, enabled, forced) == (OWNER_ROLE, True, True)


def test_the_audit_table_is_append_only_even_for_its_owner(rls_db):
    store = PostGISStore(rls_db)
    store.record_audit(ADMIN, "export", target="a.csv", records=1)
    store.close()
    with psycopg.connect(owner_url(rls_db), autocommit=True) as connection:
        for statement in ("UPDATE audit SET actor = 'nobody'", "DELETE FROM audit", "TRUNCATE audit"):
            with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
                connection.execute(statement)
        assert connection.execute("SELECT actor FROM audit").fetchall() == [(ADMIN.name,)]


# -- the store on the server --------------------------------------------------------------------------------------
def test_the_store_sets_its_viewer_so_a_query_without_a_where_clause_is_still_filtered(rls_db):
    store = PostGISStore(rls_db)
    try:
        store.set_sharing(ADMIN, A, B)
        shared_by_a = {rid(A, "restricted"), rid(A, "restricted", "demo")}
        cases = [(store.viewer_for(B), {rid(B, level) for level in LEVELS} | PUBLIC | shared_by_a),
                 (Viewer.of_agency(B, "public"), PUBLIC), (Viewer.open_demo(), PUBLIC),
                 (Viewer.administrator(), EVERYTHING), (None, EVERYTHING)]
        for viewer, expected in cases:
            with store.connect(viewer) as connection:
                assert {r[0] for r in connection.execute("SELECT record_id FROM records")} == expected, viewer
        # The viewer's own list of partners widens nothing: the server reads the sharing table.
        with store.connect(Viewer.of_agency(C, partners=(A,))) as connection:
            assert rid(A, "restricted") not in {r[0] for r in connection.execute("SELECT record_id FROM records")}
    finally:
        store.close()


def test_a_kept_connection_that_the_server_dropped_is_replaced(postgis_store, postgis_url):
    postgis_store.write_batch(make_records({"source_ref": "A"}), Batch(kind="import", created_by="t"))
    assert postgis_store.count() == 1  # its connection is kept for the next call
    with psycopg.connect(postgis_url, autocommit=True) as connection:
        dropped = connection.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND usename = %s",
            [urlsplit(postgis_store.url).path.lstrip("/"), APP_ROLE]).fetchone()[0]
    assert dropped >= 1
    assert postgis_store.count() == 1
    assert list(postgis_store.query()["source_ref"]) == ["A"]


def test_the_store_refuses_a_superuser(postgis_url):
    with pytest.raises(UnsafeRole, match="superuser or has BYPASSRLS"):
        PostGISStore(postgis_url)


def test_a_database_without_postgis_is_named_with_the_fix(postgis_url):
    name = "couloirs_test_no_postgis"
    with psycopg.connect(postgis_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 OWNER {}").format(
            sql.Identifier(name), sql.Identifier(OWNER_ROLE)))
    try:
        with pytest.raises(RuntimeError, match="as a superuser, run CREATE EXTENSION postgis"):
            PostGISStore(url_as(postgis_url, OWNER_ROLE, OWNER_PASSWORD, name), migrate=True)
    finally:
        with psycopg.connect(postgis_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def test_the_location_hides_the_password(postgis_store):
    assert APP_PASSWORD not in postgis_store.location
    assert postgis_store.location.startswith(f"postgresql://{APP_ROLE}@")
    assert redact("postgresql://u:p%40ss@h/db?password=x&sslmode=require") == "postgresql://u@h/db?sslmode=require"


def test_columns_have_server_types(postgis_store):
    with postgis_store.connect() as connection:
        types = dict(connection.execute(
            "SELECT table_name || '.' || column_name, data_type || coalesce(' ' || identity_generation, '')"
            " FROM information_schema.columns WHERE table_schema = current_schema()").fetchall())
        geometry = connection.execute("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'records'"
                                      " AND f_geometry_column = 'geom'").fetchone()
    assert geometry == ("POINT", 4326)
    assert types["records.date"] == "date"
    assert types["records.quantity_kg"] == types["records.lat"] == "double precision"
    assert types["records.fid"] == "bigint BY DEFAULT"
    assert types["audit.id"] == "bigint ALWAYS"
    assert types["import_files.content"] == "bytea"


def test_several_owners_may_initialise_an_empty_database_at_once(postgis_db):
    with ThreadPoolExecutor(6) as pool:  # each has its own connections, as separate `geo init` processes would
        list(pool.map(lambda _: PostGISStore(owner_url(postgis_db), migrate=True).close(), range(6)))
    init_schema(postgis_db)  # then the grants, once
    stores = [PostGISStore(postgis_db) for _ in range(6)]
    stores[0].write_batch(make_records({"source_ref": "A"}), Batch(kind="import", created_by="t"))
    assert [s.count() for s in stores] == [1] * 6
    with stores[0].connect() as connection:
        assert connection.execute("SELECT count(*) FROM couloirs_schema").fetchone()[0] == 1
    for store in stores:
        store.close()


def test_a_write_that_meets_a_deadlock_is_run_again_whole(postgis_store, monkeypatch):
    real_insert, calls = postgis_store._insert_new, []

    def deadlock_once(connection, frame):
        calls.append(len(frame))
        written = real_insert(connection, frame)
        if len(calls) == 1:
            raise errors.DeadlockDetected("deadlock detected")
        return written

    monkeypatch.setattr(postgis_store, "_insert_new", deadlock_once)
    result = postgis_store.write_batch(make_records({"source_ref": "A"}, {"source_ref": "B"}),
                                       Batch(kind="import", created_by="t"))
    assert calls == [2, 2] and result.accepted == 2
    assert postgis_store.count() == 2
    assert list(postgis_store.batches()["batch_id"]) == [result.batch_id]  # the first attempt left nothing
    assert len(postgis_store.audit_log(actions=["import"])) == 1


def test_queries_return_exactly_what_the_geopackage_returns(postgis_store, tmp_path):
    gpkg = GeoPackageStore(tmp_path / "same.gpkg")
    batches = [
        make_records({"source_ref": "A", "date": "2020-05-01", "notes": "« ok » 'quoted'", "transit": "MLI;BFA"},
                     {"source_ref": "B", "date": "2019-01-01", "lat": None, "lon": None, "sensitivity": "restricted"},
                     {"source_ref": "C", "date": "2020-05-01", "substance": "tramadol", "quantity": 1200,
                      "unit": "tablets", "agency": "mli-ocs"}),
        make_records({"source_ref": "D", "date": "2020-05-01", "sensitivity": "confidential", "agency": "mli-ocs"},
                     {"source_ref": "A", "date": "2018-01-01"}),  # a duplicate: not written again
    ]
    for records in batches:
        for store in (gpkg, postgis_store):
            store.write_batch(records, Batch(kind="import", created_by="t"))
    for record_filter in (RecordFilter(), RecordFilter(viewer=Viewer.of_agency("mli-ocs")),
                          RecordFilter(substances=("cocaine",), date_from=date(2020, 1, 1)),
                          RecordFilter(countries=("TCD",))):
        ours, theirs = postgis_store.query(record_filter), gpkg.query(record_filter)
        assert list(ours["source_ref"]) == list(theirs["source_ref"])  # date, then order of arrival
        varying = ["batch_id", "created_at"]
        pd.testing.assert_frame_equal(pd.DataFrame(ours.drop(columns=[*varying, "geometry"])),
                                      pd.DataFrame(theirs.drop(columns=[*varying, "geometry"])))
        assert ours.geometry.equals(theirs.geometry) and ours.crs == theirs.crs
    ours, theirs = postgis_store.record("sen-ocrtis:B"), gpkg.record("sen-ocrtis:B")
    pd.testing.assert_series_equal(pd.Series(ours).drop(varying), pd.Series(theirs).drop(varying))


def test_hostile_header_names_and_values_stay_data(postgis_store):
    hostile = ["N° PV", "Date de saisie", "Pays", "Produit", "Quantité", "Unité",
               "x\"); DROP TABLE records; --", "Produit' OR '1'='1"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([
        hostile,
        ["PV-1", "15/03/2023", "Sénégal", "Cocaïne", "2", "kg", "'; DELETE FROM audit; --", "1"],
        ["PV-2", "31/02/2023", "Sénégal", "Cocaïne", "2", "kg", "x", "y"],
    ])
    report = importer.import_bytes(postgis_store, buffer.getvalue().encode("utf-8"), "hostile.csv", agency=A)
    assert (report.accepted, report.quarantined) == (1, 1)
    assert postgis_store.count() == 1
    raw = postgis_store.quarantine(report.batch_id).loc[0, "raw"]
    assert raw["x\"); DROP TABLE records; --"] == "x" and raw["Produit' OR '1'='1"] == "y"
    assert len(postgis_store.audit_log(actions=["import"])) == 1


def test_rows_fetched_in_chunks_make_the_frame_fetched_at_once():
    # The records come from the cursor a chunk at a time (memory): the frame must not depend on where chunks end.
    from geo.core import schema
    from geo.store.postgis import _columns_frame

    class Cursor:
        def __init__(self, rows):
            self.rows = list(rows)

        def fetchmany(self, size):
            taken, self.rows = self.rows[:size], self.rows[size:]
            return taken

    kinds = {"text": ["a", None, "é", ""], "float": [1.5, None, 0.1 + 0.2, -0.0],
             "integer": [1, 3, 7, 2], "date": [date(2021, 3, 1), None, date(1999, 12, 31), date(2024, 2, 29)]}
    rows = [tuple(kinds[kind][(i + j) % 4] for j, kind in enumerate(schema.FIELDS.values())) for i in range(7)]
    whole = _columns_frame(Cursor(rows), chunk_rows=100)
    pd.testing.assert_frame_equal(_columns_frame(Cursor(rows), chunk_rows=2), whole, check_exact=True)
    assert whole["date"].dtype == "datetime64[ms]" and len(whole) == 7
    assert _columns_frame(Cursor([]), chunk_rows=2) is None
