"""Undoing an import on both backends: records and quarantine gone in one transaction, the batch and file kept."""

import pytest

from geo.access import Actor, Viewer
from geo.core.filters import RecordFilter
from geo.ingest import pipeline
from geo.store.base import AccessDenied, UnknownBatch
from tests.support import FRENCH_ROWS, register_csv

ANALYST = Actor("analyst@sen.example", "sen-ocrtis", "analyst")
OTHER_ANALYST = Actor("analyst@mli.example", "mli-ocs", "analyst")
VIEWER = Actor("viewer@sen.example", "sen-ocrtis", "viewer")


def _import(store, data: bytes, name: str = "registre.csv", agency: str = "sen-ocrtis"):
    return pipeline.import_bytes(store, data, name, agency=agency, created_by=ANALYST.name)


@pytest.mark.slow
def test_remove_batch_deletes_its_rows_keeps_the_trail_and_allows_a_reimport(store):
    other = _import(store, register_csv([["MLI-1", "01/04/2023", "Gao", "Mali", "Cannabis", "40", "kg", "", "", ""]]),
                    "mali.csv", agency="mli-ocs")
    data = register_csv(FRENCH_ROWS)
    first = _import(store, data)
    assert first.quarantined > 0 and first.accepted > 0
    assert not store.quarantine(first.batch_id).empty

    with pytest.raises(AccessDenied):
        store.remove_batch(OTHER_ANALYST, first.batch_id)
    with pytest.raises(AccessDenied):
        store.remove_batch(VIEWER, first.batch_id)
    with pytest.raises(UnknownBatch):
        store.remove_batch(ANALYST, "nope")

    version = store.version()
    removal = store.remove_batch(ANALYST, first.batch_id)
    assert (removal.records, removal.quarantined) == (first.accepted, first.quarantined)
    assert store.version() != version
    remaining = store.query(RecordFilter(viewer=Viewer.administrator()))
    assert set(remaining["batch_id"]) == {other.batch_id}
    assert store.quarantine(first.batch_id).empty
    assert store.original_file(first.batch_id) == data  # the file stays for the record
    batch = store.batch(first.batch_id)
    assert batch["removed_by"] == ANALYST.name and batch["removed_at"]
    assert batch["accepted"] == first.accepted  # what the import did stays readable

    event = store.audit_log(actions=["batch_removed"]).iloc[0]
    assert (event["actor"], event["target"], event["records"]) == (ANALYST.name, first.batch_id, first.accepted)
    assert f'"quarantined": {first.quarantined}' in event["detail"]

    with pytest.raises(ValueError, match="already removed"):
        store.remove_batch(Actor.command_line("root"), first.batch_id)

    again = _import(store, data)  # the removed batch no longer makes the file a repeat
    assert again.batch_id != first.batch_id
    assert (again.accepted, again.quarantined) == (first.accepted, first.quarantined)
    repeat = _import(store, data)  # the new batch does
    assert repeat.already_imported and repeat.batch_id == again.batch_id


@pytest.mark.slow
def test_an_administrator_removes_any_batch_and_reasons_are_counted(store):
    report = _import(store, register_csv(FRENCH_ROWS))
    reasons = store.batch_reasons(report.batch_id)
    assert int(reasons["rows"].sum()) == report.quarantined
    expected = store.quarantine(report.batch_id).groupby(["code", "field"]).size()
    assert dict(zip(zip(reasons["code"], reasons["field"]), reasons["rows"])) == expected.to_dict()
    admin = Actor("admin@mli.example", "mli-ocs", "admin")
    assert store.remove_batch(admin, report.batch_id).records == report.accepted
    assert store.count() == 0
    assert store.find_batch(report.sha256, "sen-ocrtis") is None
