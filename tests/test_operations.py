"""Operations: a store location that cannot work is refused at once, another application's file is never
touched, backups are consistent while imports run, restores refuse to overwrite, and the audit trail's hash
chain shows a rewritten event."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import threading
from urllib.parse import urlsplit

import psycopg
import pytest

from geo import cli
from geo.access import Actor
from geo.ingest import pipeline
from geo.store import GeoPackageStore, StoreUnusable, backup, geopackage, open_store
from geo.store.opening import check_location
from geo.store.postgis import PostGISStore
from tests.support import FRENCH_ROWS, register_csv
from tests.support import postgis as pg
from tests.support.postgis import owner_url

ANALYST = Actor("analyst@sen.example", "sen-ocrtis", "analyst")


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign_sqlite(path):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers (name) VALUES ('Awa')")
    connection.commit()
    connection.close()
    return path


# -- fail fast, fail closed -------------------------------------------------------------------------------------
@pytest.mark.parametrize("location", [":memory:", "", "file::memory:?cache=shared"])
def test_an_in_memory_location_is_refused_at_once(location):
    with pytest.raises(StoreUnusable, match="in-memory"):
        open_store(location)


def test_the_command_line_refuses_an_in_memory_store_in_one_line(capsys):
    assert cli.main(["stats", "--json", "--db", ":memory:"]) == 2
    error = capsys.readouterr().err.strip()
    assert "in-memory" in error and "\n" not in error


@pytest.mark.parametrize("command", [["stats", "--json"], ["import", "REGISTER", "--agency", "sen-ocrtis"], ["init"]])
def test_another_applications_sqlite_file_is_refused_and_left_untouched(tmp_path, capsys, command):
    foreign = _foreign_sqlite(tmp_path / "crm.sqlite")
    register = tmp_path / "registre.csv"
    register.write_bytes(register_csv(FRENCH_ROWS))
    before = _sha(foreign)
    argv = [str(register) if part == "REGISTER" else part for part in command]
    assert cli.main([*argv, "--db", str(foreign)]) == 2
    assert "another application" in capsys.readouterr().err
    assert _sha(foreign) == before
    assert not (tmp_path / "crm.sqlite-wal").exists()
    with sqlite3.connect(foreign) as connection:
        assert {r[0] for r in connection.execute("SELECT name FROM sqlite_master")} == {"customers"}


def test_a_file_that_is_not_sqlite_or_a_folder_is_refused(tmp_path):
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database")
    with pytest.raises(StoreUnusable, match="not a SQLite file"):
        GeoPackageStore(text)
    assert text.read_text() == "not a database"
    with pytest.raises(StoreUnusable, match="is a folder"):
        GeoPackageStore(tmp_path)


class _KeepsJournal:
    """A connection on a medium where SQLite keeps its rollback journal (no WAL possible)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, statement: str, *params):
        if statement.upper().startswith("PRAGMA JOURNAL_MODE"):
            return self._connection.execute("SELECT 'delete'")
        return self._connection.execute(statement, *params)

    def __getattr__(self, name):
        return getattr(self._connection, name)


def test_a_medium_without_write_ahead_log_is_refused_instead_of_waiting(tmp_path, monkeypatch):
    real_connect = sqlite3.connect
    monkeypatch.setattr(geopackage.sqlite3, "connect", lambda *a, **k: _KeepsJournal(real_connect(*a, **k)))
    monkeypatch.setattr(geopackage, "WAL_KEPT_SECONDS", 0)
    with pytest.raises(StoreUnusable, match="write-ahead log"):
        GeoPackageStore(tmp_path / "store.gpkg")


def test_init_creates_a_store_and_recognises_one(tmp_path, capsys):
    path = tmp_path / "new" / "couloirs.gpkg"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert "store created" in capsys.readouterr().out
    assert cli.main(["init", "--db", str(path)]) == 0
    assert "already" in capsys.readouterr().out
    assert GeoPackageStore(path).count() == 0


# -- the audit trail's hash chain ---------------------------------------------------------------------------------
def _rewrite_audit_event(store, event_id: int) -> None:
    """What someone with the database's files or owner role could do: disable the guard, rewrite a row."""
    if isinstance(store, GeoPackageStore):
        with sqlite3.connect(store.path) as connection:
            connection.execute("DROP TRIGGER audit_no_update")
            connection.execute("UPDATE audit SET records = 999 WHERE id = ?", [event_id])
        return
    with psycopg.connect(owner_url(store.url), autocommit=True) as connection:  # the app role may not
        connection.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_change")
        connection.execute("UPDATE audit SET records = 999 WHERE id = %s", [event_id])


@pytest.mark.slow
def test_the_audit_chain_holds_and_shows_the_first_rewritten_event(store):
    for number in range(5):
        store.record_audit(ANALYST, "export", target=f"saisies-{number}.csv", records=number,
                           filters={"substances": ["cocaine"], "n": number})
    report = store.verify_audit()
    assert report.intact and report.events == 5 and len(report.head) == 64
    ids = store._frame("SELECT id FROM audit ORDER BY id")["id"].tolist()
    _rewrite_audit_event(store, ids[2])
    broken = store.verify_audit()
    assert not broken.intact and broken.broken_at == ids[2] and broken.events == 3


def test_audit_verify_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "s.gpkg"
    store = GeoPackageStore(path)
    pipeline.import_bytes(store, register_csv(FRENCH_ROWS), "registre.csv", agency="sen-ocrtis",
                          created_by=ANALYST.name)
    assert cli.main(["audit", "verify", "--db", str(path)]) == 0
    assert "intact" in capsys.readouterr().out
    _rewrite_audit_event(store, 1)
    assert cli.main(["audit", "verify", "--json", "--db", str(path)]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["intact"] is False and printed["broken_at"] == 1


def test_events_from_before_the_chain_are_counted_not_refused(tmp_path):
    store = GeoPackageStore(tmp_path / "old.gpkg")
    with sqlite3.connect(store.path) as connection:  # an event written by a version without the chain
        connection.execute("INSERT INTO audit (at, actor, action) VALUES ('2025-01-01T00:00:00Z', 'old', 'export')")
    store.record_audit(ANALYST, "export", target="a.csv", records=1)
    report = store.verify_audit()
    assert report.intact and (report.events, report.unchained) == (2, 1)


# -- backups ---------------------------------------------------------------------------------------------------
def _registers(count: int) -> list[bytes]:
    return [register_csv([[f"PV-{batch}-{row}", "12/03/2023", "Dakar", "Sénégal", "Cocaïne", str(row + 1), "kg",
                           "", "", ""] for row in range(200)]) for batch in range(count)]


@pytest.mark.slow
def test_a_backup_taken_during_imports_restores_exactly_the_committed_batches(tmp_path):
    source = GeoPackageStore(tmp_path / "live.gpkg")
    registers = _registers(6)
    first_done = threading.Event()

    def importing() -> None:
        for number, data in enumerate(registers):
            pipeline.import_bytes(source, data, f"registre-{number}.csv", agency="sen-ocrtis", created_by="test")
            first_done.set()

    writer = threading.Thread(target=importing)
    writer.start()
    first_done.wait(timeout=120)
    copy = backup.backup(source, tmp_path / "backup.gpkg")
    writer.join(timeout=300)
    assert copy.ok and copy.integrity == "ok" and copy.audit_intact
    assert 1 <= copy.batches <= 6 and copy.records == 200 * copy.batches

    target = GeoPackageStore(tmp_path / "restored.gpkg")
    restored = backup.restore(tmp_path / "backup.gpkg", target)
    assert restored.ok and (restored.batches, restored.records) == (copy.batches, copy.records)
    live = source.batches().sort_values("created_at")["batch_id"].tolist()
    kept = GeoPackageStore(target.path).batches().sort_values("created_at")["batch_id"].tolist()
    assert kept == live[:len(kept)]  # the batches committed when the copy was taken, every one whole
    assert source.query()["record_id"].isin(GeoPackageStore(target.path).query()["record_id"]).sum() == copy.records


@pytest.mark.slow
def test_restore_refuses_to_replace_a_store_that_holds_data(tmp_path, capsys):
    live = tmp_path / "live.gpkg"
    pipeline.import_bytes(GeoPackageStore(live), register_csv(FRENCH_ROWS), "registre.csv", agency="sen-ocrtis")
    assert cli.main(["backup", "--db", str(live), "--out", str(tmp_path / "b.gpkg")]) == 0
    capsys.readouterr()
    assert cli.main(["backup", "--db", str(live), "--out", str(tmp_path / "b.gpkg")]) == 2  # never overwrites
    assert "exists" in capsys.readouterr().err

    other = tmp_path / "other.gpkg"
    mali = register_csv([["X-1", "01/01/2024", "Gao", "Mali", "Cannabis", "5", "kg", "", "", ""]])
    pipeline.import_bytes(GeoPackageStore(other), mali, "x.csv", agency="mli-ocs")
    before = GeoPackageStore(other).query()
    assert cli.main(["restore", str(tmp_path / "b.gpkg"), "--db", str(other)]) == 2
    assert "--replace" in capsys.readouterr().err
    assert GeoPackageStore(other).query()["record_id"].tolist() == before["record_id"].tolist() == ["mli-ocs:X-1"]
    assert cli.main(["restore", str(tmp_path / "b.gpkg"), "--db", str(other), "--replace", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] and printed["records"] == GeoPackageStore(live).count()
    assert set(GeoPackageStore(other).query()["agency"]) == {"sen-ocrtis"}
    actions = GeoPackageStore(other).audit_log()["action"].tolist()
    assert actions[0] == "restore"


@pytest.mark.slow
def test_a_postgis_store_dumped_while_in_use_restores_whole(postgis_url, postgis_store, tmp_path):
    """README, Backups: pg_dump as the superuser while the app runs, pg_restore into an empty database."""
    pipeline.import_bytes(postgis_store, register_csv(FRENCH_ROWS), "registre.csv", agency="sen-ocrtis",
                          created_by=ANALYST.name)
    postgis_store.record_audit(ANALYST, "export", target="saisies.csv", records=3)
    source = urlsplit(postgis_store.url).path.lstrip("/")
    user, password = pg.superuser(postgis_url)
    tools = pg.postgres_bin()
    dump = tmp_path / "couloirs.dump"
    subprocess.run([str(tools / "pg_dump"), "--format=custom", f"--file={dump}",
                    f"--dbname={pg.url_as(postgis_url, user, password, source)}"], check=True, timeout=300)

    target = pg.create_database(postgis_url, "template0", pg.fresh_database_name())
    try:
        subprocess.run([str(tools / "pg_restore"), "--clean", "--if-exists",
                        f"--dbname={pg.url_as(postgis_url, user, password, target)}", str(dump)],
                       check=True, timeout=300)
        restored = PostGISStore(pg.url_as(postgis_url, pg.APP_ROLE, pg.APP_PASSWORD, target))
        try:
            assert sorted(restored.query()["record_id"]) == sorted(postgis_store.query()["record_id"])
            assert restored.batches()["accepted"].tolist() == postgis_store.batches()["accepted"].tolist()
            chain = restored.verify_audit()
            assert chain.intact and chain.head == postgis_store.verify_audit().head
        finally:
            restored.close()
    finally:
        pg.drop_database(postgis_url, target)


def test_a_sqlite_file_without_any_table_is_a_store_being_made_not_another_applications(tmp_path):
    # Two processes opening the same new store at once (eight importers, or the app and the command line on the
    # first run): the first has set the write-ahead log, so the file holds SQLite's header, and commits the tables
    # a moment later. The second must wait for it as for an empty file, not call it another application's file.
    path = tmp_path / "new.gpkg"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    assert check_location(path) is False  # nothing there yet: a store may be made
    store = open_store(path)
    assert check_location(path) is True and store.count() == 0
