"""Eight importers at once, in separate processes, into one store: nothing lost, nothing counted twice.

Each worker does what ``python -m geo import FILE --agency ID`` does (open the store, register
the agency, import the file), all released together by a barrier, on a GeoPackage file and on
PostGIS. Every file holds its own rows, rows shared with the other files (same record ids,
half of the files list them in reverse order) and one quarantined row.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import sqlite3
import sys
import types
from pathlib import Path

import pyogrio
import pytest

from geo.access import Actor
from geo.ingest import pipeline as importer
from geo.store import open_store
from tests.support.postgis import init_schema

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 8
OWN_ROWS = 120
SHARED_ROWS = 40
AGENCY = "sen-ocrtis"
# Coordinates given: no worker needs the gazetteer (seconds to load, eight times over on two cores).
HEADER = ["N° PV", "Date de saisie", "Latitude", "Longitude", "Pays", "Produit", "Quantité", "Unité"]


def register(worker: int) -> bytes:
    """Worker ``worker``'s file: its own rows, the shared rows, one impossible date."""
    own = [[f"W{worker}-{n}", f"{1 + n % 28:02d}/03/2023", "14.69", "-17.44", "Sénégal", "Cocaïne", "2", "kg"]
           for n in range(OWN_ROWS)]
    shared = [[f"SHARED-{n}", "15/03/2023", "12.55", "-12.18", "Sénégal", "Cocaïne", "5", "kg"]
              for n in range(SHARED_ROWS)]
    if worker % 2:  # opposite orders: on PostGIS two such importers can deadlock, and must be retried
        shared.reverse()
    bad = [[f"W{worker}-bad", "31/02/2023", "14.69", "-17.44", "Sénégal", "Cocaïne", "1", "kg"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER, *shared[:SHARED_ROWS // 2], *own, *bad,
                                                  *shared[SHARED_ROWS // 2:]])
    return buffer.getvalue().encode("utf-8")


_barrier = None


def _start_worker(barrier) -> None:
    global _barrier  # one per worker process, set once by the pool
    _barrier = barrier


def _import(location: str, worker: int) -> dict:
    """In a worker process: wait for the others, then open, register and import as the command line does."""
    _barrier.wait()
    store = open_store(location)
    store.ensure_agency(Actor.command_line(f"worker{worker}"), AGENCY)
    report = importer.import_bytes(store, register(worker), f"registre-{worker}.csv", agency=AGENCY,
                                   created_by=f"worker{worker}")
    return {"batch_id": report.batch_id, "rows": report.rows, "accepted": report.accepted,
            "quarantined": report.quarantined, "duplicates": report.duplicates}


@pytest.fixture(scope="module")
def workers():
    """Eight fresh processes, kept for both backends.

    A fork server that has imported this module forks them: nothing inherited from pytest
    (connections, locks, threads), and no eight imports of pandas competing for two cores.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    barrier = context.Barrier(WORKERS, timeout=120)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", str(ROOT))  # the fork server finds this module whatever the working folder
        # Streamlit's AppTest leaves app.py as __main__, which each child would run again: give them none.
        patch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
        pool = context.Pool(WORKERS, initializer=_start_worker, initargs=(barrier,))
    with pool:
        yield pool


def import_concurrently(pool, location: str) -> list[dict]:
    # One task per worker: each blocks at the barrier until all eight have theirs.
    return pool.starmap(_import, [(location, worker) for worker in range(WORKERS)], chunksize=1)


def check_accounts(store, reports: list[dict]) -> None:
    expected_records = WORKERS * OWN_ROWS + SHARED_ROWS
    assert all(r["rows"] == OWN_ROWS + SHARED_ROWS + 1 for r in reports)
    assert all(r["rows"] == r["accepted"] + r["quarantined"] + r["duplicates"] for r in reports)
    assert all(r["quarantined"] == 1 for r in reports)
    assert sum(r["accepted"] for r in reports) == expected_records
    assert sum(r["duplicates"] for r in reports) == (WORKERS - 1) * SHARED_ROWS  # each shared id stored once
    assert store.count() == expected_records
    records = store.query()
    assert records["record_id"].is_unique
    assert set(records["source_ref"]) == ({f"W{w}-{n}" for w in range(WORKERS) for n in range(OWN_ROWS)}
                                          | {f"SHARED-{n}" for n in range(SHARED_ROWS)})
    per_batch = records.groupby("batch_id").size()
    assert {r["batch_id"]: r["accepted"] for r in reports if r["accepted"]} == per_batch.to_dict()
    batches = store.batches()
    assert sorted(batches["batch_id"]) == sorted(r["batch_id"] for r in reports)  # no batch lost
    assert all(len(store.quarantine(r["batch_id"])) == 1 for r in reports)
    assert list(store.agencies()["agency"]) == [AGENCY]
    registered = store.audit_log(actions=["agency_saved"])["detail"]
    assert registered.str.contains('"new": true').sum() == 1  # registered once, by one of them
    assert len(store.audit_log(actions=["import"])) == WORKERS


@pytest.mark.slow
def test_eight_importers_into_one_geopackage(workers, tmp_path):
    path = tmp_path / "shared.gpkg"  # created by the workers themselves, all at once
    reports = import_concurrently(workers, str(path))
    store = open_store(path)
    check_accounts(store, reports)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(pyogrio.read_dataframe(path, layer="records")) == WORKERS * OWN_ROWS + SHARED_ROWS


@pytest.mark.slow
def test_eight_importers_into_postgis(workers, postgis_db):
    init_schema(postgis_db)  # as the owner role (geo init): the app role the workers connect as only checks it
    reports = import_concurrently(workers, postgis_db)
    store = open_store(postgis_db)
    try:
        check_accounts(store, reports)
    finally:
        store.close()
