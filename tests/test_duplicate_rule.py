"""Two rows are duplicates only when they share a key (agency + reference) or every original cell is identical.

Customs registers have no case reference: two branches' rows for the same month, drug and weight are
two sets of seizures, told apart only by a column nobody maps (the branch). Before, the id was a hash
of the mapped fields and the second row was dropped as a duplicate.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo import reference
from geo.core import schema
from geo.demo.generator import generate
from geo.ingest import pipeline as importer
from geo.ingest.row_ids import content_ids
from geo.store import GeoPackageStore
from geo.store.seed import load_demo, load_public_reports
from tests.support import FRENCH_ROWS, register_csv

AGENCY = "sen-douanes"


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "dup.gpkg")


def customs(rows: list[dict], sep: str = ",") -> bytes:
    return pd.DataFrame(rows).to_csv(index=False, sep=sep).encode("utf-8")


def row(branch: str, count: int = 3) -> dict:
    return {"Date": "2023-04-01", "Bureau": branch, "Drug": "Cannabis herb", "Weight": 120.0, "Unit": "kg",
            "Country": "SEN", "Count of Event": count}


def run(store, data: bytes, name: str, agency: str = AGENCY) -> importer.ImportReport:
    report = importer.import_bytes(store, data, name, agency=agency, created_by="test")
    assert report.rows == report.accepted + report.quarantined + report.duplicates
    assert report.duplicates == report.duplicates_by_key + report.duplicates_identical
    return report


@pytest.mark.slow
def test_two_branches_same_month_drug_and_weight_are_both_kept(store):
    report = run(store, customs([row("Port autonome"), row("Kidira")]), "douanes.csv")
    assert (report.accepted, report.duplicates) == (2, 0)
    assert store.query()["seizure_count"].sum() == 6


@pytest.mark.slow
def test_the_same_row_twice_is_one_record_and_one_identical_duplicate(store):
    report = run(store, customs([row("Port autonome"), row("Port autonome")]), "douanes.csv")
    assert (report.accepted, report.duplicates_identical, report.duplicates_by_key) == (1, 1, 0)
    printed = report.as_json()
    assert (printed["duplicates"], printed["duplicates_by_key"], printed["duplicates_identical"]) == (1, 0, 1)
    assert "1 identical rows" in importer.summary_text(report, "en")


@pytest.mark.slow
def test_the_same_reference_with_different_cells_is_a_key_duplicate(store):
    first = {**row("Port autonome"), "N° PV": "PV-7"}
    second = {**row("Kidira", count=5), "N° PV": "PV-7"}
    report = run(store, customs([first, second]), "douanes.csv")
    assert (report.accepted, report.duplicates_by_key, report.duplicates_identical) == (1, 1, 0)
    assert store.query()["record_id"].tolist() == [f"{AGENCY}:PV-7"]  # ids with a reference keep their form


@pytest.mark.slow
def test_the_same_file_saved_again_with_another_separator_is_all_duplicate(store):
    rows = [row("Port autonome"), row("Kidira", 4), row("AIBD", 1)]
    first = run(store, customs(rows), "douanes.csv")
    again = run(store, customs(rows, sep=";"), "douanes (réenregistré).csv")
    assert not again.already_imported  # other bytes: read and checked again
    assert (first.accepted, again.accepted, again.duplicates_identical) == (3, 0, 3)
    reordered = pd.DataFrame(rows).iloc[:, ::-1].to_csv(index=False).encode("utf-8")
    assert run(store, reordered, "colonnes inversées.csv").duplicates_identical == 3
    changed = run(store, customs([row("Port autonome", count=9)]), "corrigé.csv")
    assert (changed.accepted, changed.duplicates) == (1, 0)  # one differing cell: a new record


@pytest.mark.slow
def test_another_agency_same_cells_is_its_own(store):
    data = customs([row("Port autonome")])
    run(store, data, "a.csv")
    assert run(store, data, "b.csv", agency="mli-douanes").accepted == 1


def test_content_ids_ignore_column_order_and_blank_columns():
    a = pd.DataFrame({"Mois": ["2024-01", "2024-01"], "Bureau": ["Port", "Kidira"]})
    b = pd.DataFrame({"Bureau": ["Port", "Kidira"], "Vide": [None, ""], "Mois": ["2024-01", "2024-01"]})
    assert content_ids(a, AGENCY).tolist() == content_ids(b, AGENCY).tolist()
    assert content_ids(a, AGENCY).nunique() == 2
    assert content_ids(a, AGENCY).tolist() != content_ids(a, "mli-douanes").tolist()


@pytest.mark.slow
def test_json_report_of_a_register_with_references(store):
    report = run(store, register_csv(FRENCH_ROWS), "registre.csv", agency="sen-ocrtis")
    printed = json.loads(json.dumps(report.as_json()))
    assert printed["duplicates"] == printed["duplicates_by_key"] == 1 and printed["duplicates_identical"] == 0


@pytest.mark.slow
def test_seeding_keeps_its_ids(store):
    demo = generate(rows=50, seed=3)
    load_demo(store, rows=50, seed=3)
    load_public_reports(store)
    stored = set(store.query()["record_id"])
    assert set(demo["agency"] + ":" + demo["source_ref"]) <= stored  # agency:reference, as before
    public = schema.coerce_records(reference.public_seizures())
    assert set(public["record_id"]) <= stored  # seeds go through the record model's ids, unchanged
