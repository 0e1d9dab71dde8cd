"""PostGIS least privilege: the owner role makes the schema, the app role only reads and writes rows.

Everything here connects straight to the server as the app role with psycopg, as someone holding a
stolen app password would: the server alone must refuse DDL and hide other agencies' batch logs.
"""

from __future__ import annotations

import pandas as pd
import psycopg
import pytest
from psycopg import errors

from geo import cli
from geo.access import Actor
from geo.ingest import pipeline
from geo.ingest.mapping import ColumnMapping
from geo.ingest.profiles import settings_of
from geo.store.postgis import PostGISStore, SchemaNotReady
from geo.store.postgis_roles import role_findings
from tests.support import FRENCH_ROWS, register_csv
from tests.support.postgis import APP_ROLE, OWNER_ROLE, owner_url

A, B = "sen-ocrtis", "mli-ocs"
ADMIN = Actor("admin@couloirs.org", None, "admin")
MAPPING = ColumnMapping(fields={"Date": "date", "Pays": "country"})
# What a stolen app password would try: none of it may work.
FORBIDDEN = [
    "CREATE TABLE loot (x text)",
    "ALTER TABLE records ADD COLUMN loot text",
    "DROP TABLE records",
    "DROP POLICY records_read ON records",
    "DROP POLICY import_batches_agency ON import_batches",
    "ALTER TABLE records DISABLE ROW LEVEL SECURITY",
    "ALTER TABLE audit DISABLE TRIGGER audit_no_change",
    "DROP TRIGGER audit_no_change ON audit",
    "CREATE OR REPLACE FUNCTION couloirs_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RETURN NEW; END $$",
    "UPDATE audit SET actor = 'nobody'",
    "DELETE FROM audit",
    "TRUNCATE audit",
    "UPDATE couloirs_schema SET version = 1",
    "CREATE SCHEMA loot",
]


def as_app(url: str, admin: bool = False, agency: str = "", clearance: str = "confidential") -> psycopg.Connection:
    """A bare connection of the app role with the store's viewer settings (what hand-written SQL could do)."""
    connection = psycopg.connect(url)
    connection.execute("SELECT set_config('couloirs.admin', %s, true), set_config('couloirs.agency', %s, true),"
                       " set_config('couloirs.clearance', %s, true)", ["on" if admin else "off", agency, clearance])
    return connection


def test_the_app_role_owns_nothing_and_may_not_change_the_schema(postgis_store):
    url = postgis_store.url
    postgis_store.record_audit(ADMIN, "export", target="a.csv", records=1)
    allowed = []
    for statement in FORBIDDEN:
        with psycopg.connect(url, autocommit=True) as connection:
            try:
                connection.execute(statement)
            except errors.InsufficientPrivilege:
                continue
            allowed.append(statement)
    assert allowed == []
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT current_user").fetchone()[0] == APP_ROLE
        assert role_findings(connection) == []
        owners = {row[0] for row in connection.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class"
            " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relname <> 'spatial_ref_sys'")}
        assert owners == {OWNER_ROLE}
        assert connection.execute("SELECT actor FROM audit").fetchall() == [(ADMIN.name,)]
    with psycopg.connect(owner_url(url)) as connection:  # the owner could: the check says so
        assert any("owns" in finding for finding in role_findings(connection))


def _import(store: PostGISStore, agency: str, name: str):
    result = pipeline.import_bytes(store, register_csv(FRENCH_ROWS), name, agency=agency, created_by=f"a@{agency}")
    assert result.quarantined > 0 and result.accepted > 0
    return result


def test_row_level_security_hides_other_agencies_batches_quarantine_files_and_profiles(postgis_store):
    a, b = _import(postgis_store, A, "a.csv"), _import(postgis_store, B, "b.csv")
    for agency in (A, B):
        postgis_store.save_mapping_profile(ADMIN, agency, f"profile-{agency}", settings_of(MAPPING), ["Date", "Pays"])
    # What each agency owns, computed from the store's own (administrator) reads, independently of RLS.
    batches = postgis_store.batches()
    expected_quarantine = {batch: len(postgis_store.quarantine(batch)) for batch in (a.batch_id, b.batch_id)}
    assert set(batches["agency"]) == {A, B}

    def visible(connection: psycopg.Connection) -> dict[str, object]:
        quarantine = pd.DataFrame(connection.execute("SELECT batch_id FROM quarantine").fetchall(),
                                  columns=["batch_id"])
        return {"batches": {r[0] for r in connection.execute("SELECT batch_id FROM import_batches")},
                "quarantine": quarantine.value_counts("batch_id").to_dict(),
                "files": {r[0] for r in connection.execute("SELECT batch_id FROM import_files")},
                "profiles": {r[0] for r in connection.execute("SELECT agency FROM mapping_profiles")}}

    url = postgis_store.url
    with as_app(url, agency=B) as connection:
        assert visible(connection) == {"batches": {b.batch_id}, "quarantine": {b.batch_id: b.quarantined},
                                       "files": {b.batch_id}, "profiles": {B}}
        # Nor may B write into or change A's log, even by hand.
        assert connection.execute("UPDATE import_batches SET removed_at = 'x' WHERE agency = %s", [A]).rowcount == 0
        assert connection.execute("DELETE FROM quarantine WHERE batch_id = %s", [a.batch_id]).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            connection.execute("INSERT INTO import_batches (batch_id, created_at, kind, agency, rows, accepted,"
                               " quarantined, duplicates) VALUES ('forged', 'now', 'import', %s, 0, 0, 0, 0)", [A])
    with as_app(url) as connection:  # no viewer at all: nothing
        assert visible(connection) == {"batches": set(), "quarantine": {}, "files": set(), "profiles": set()}
    with as_app(url, admin=True) as connection:
        assert visible(connection) == {"batches": {a.batch_id, b.batch_id}, "quarantine": expected_quarantine,
                                       "files": {a.batch_id, b.batch_id}, "profiles": {A, B}}
    assert expected_quarantine == {a.batch_id: a.quarantined, b.batch_id: b.quarantined}
    assert len(postgis_store.quarantine(a.batch_id)) == a.quarantined  # the store itself still reads everything


def test_the_app_only_checks_the_schema_and_geo_init_as_owner_makes_it(postgis_db, capsys):
    with pytest.raises(SchemaNotReady, match="has no Couloirs schema: as the owner role, run python -m geo init"):
        PostGISStore(postgis_db)
    assert cli.main(["stats", "--db", postgis_db]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "geo init" in error and "couloirs-test-only" not in error
    with psycopg.connect(postgis_db) as connection:  # the failed start wrote nothing
        assert connection.execute("SELECT to_regclass('records')").fetchone()[0] is None

    assert cli.main(["init", "--db", owner_url(postgis_db), "--app-role", APP_ROLE]) == 0
    captured = capsys.readouterr()
    assert f"role '{APP_ROLE}' may read and write rows only" in captured.out and "warning" not in captured.err
    assert cli.main(["init", "--db", owner_url(postgis_db), "--app-role", APP_ROLE]) == 0  # idempotent
    assert cli.main(["init", "--db", owner_url(postgis_db), "--app-role", "nobody_here"]) == 2
    assert "no such role" in capsys.readouterr().err
    store = PostGISStore(postgis_db)
    try:
        assert store.count() == 0
    finally:
        store.close()
