"""Duplicate pairs in the store (both backends): found after an import, reviewed and audited, shown per viewer,
and counted once in the totals of whoever may see the cluster; nothing about a hidden record leaks through a pair."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.access import Actor, Viewer
from geo.analysis import stats
from geo.analysis.count_once import counted_records
from geo.analysis.duplicate_runs import count_once, find_duplicates
from geo.cli import main
from geo.core.filters import RecordFilter
from geo.store import Batch
from geo.store.base import AccessDenied
from tests.support import ROOT_ACTOR, make_records

A_ANALYST = Actor("analyst@a.example", "agency-a", "analyst")
B_ANALYST = Actor("analyst@b.example", "agency-b", "analyst")
VIEW_A, VIEW_B = Viewer.of_agency("agency-a"), Viewer.of_agency("agency-b")
# The same seizures in each agency's words. A-RES is agency A's restricted report; B-OF-RES is agency B's
# public report of the same seizure. A-PUB / B-PUB: one seizure reported publicly by both, 1,100 kg and 1.1 t.
SEIZURES = [
    {"source_ref": "A-PUB", "agency": "agency-a", "date": "2022-02-01", "country": "SEN", "place": "Kidira",
     "lat": 14.46, "lon": -12.22, "quantity": 1100, "unit": "kg", "conveyance": "land", "origin": "GNB",
     "destination": "MLI", "location_precision": "exact"},
    {"source_ref": "B-PUB", "agency": "agency-b", "date": "2022-02-02", "country": "SEN", "place": "poste de Kidira",
     "lat": 14.461, "lon": -12.221, "quantity": 1.1, "unit": "t", "conveyance": "land", "origin": "GNB",
     "destination": "MLI", "location_precision": "place"},
    {"source_ref": "A-RES", "agency": "agency-a", "sensitivity": "restricted", "substance": "captagon",
     "quantity": 7100, "unit": "tablets", "date": "2022-05-01", "country": "NER", "lat": 13.5, "lon": 2.1,
     "place": "Agadez", "conveyance": "land", "origin": "LBY"},
    {"source_ref": "B-OF-RES", "agency": "agency-b", "substance": "captagon", "quantity": 7100, "unit": "tablets",
     "date": "2022-05-02", "country": "NER", "lat": 13.5, "lon": 2.1, "place": "Agadez", "conveyance": "land",
     "origin": "LBY"},
    {"source_ref": "A-OTHER", "agency": "agency-a", "date": "2022-09-01", "quantity": 3.0},  # no twin
]
PUBLIC_PAIR = ("agency-a:A-PUB", "agency-b:B-PUB")
HIDDEN_PAIR = ("agency-a:A-RES", "agency-b:B-OF-RES")


@pytest.fixture
def linked(store):
    for agency in ("agency-a", "agency-b"):
        store.save_agency(ROOT_ACTOR, agency, name=agency.upper())
    result = store.write_batch(make_records(*SEIZURES), Batch(kind="import", created_by="test"))
    assert find_duplicates(store, result.batch_id) >= 2
    return store


def pair_ids(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["a"], frame["b"], strict=True))


def test_pairs_found_after_an_import_are_shown_only_to_whoever_sees_both_records(linked):
    everything = linked.duplicate_pairs(None, min_probability=0.95)
    assert {PUBLIC_PAIR, HIDDEN_PAIR} <= pair_ids(everything)
    assert pair_ids(linked.duplicate_pairs(VIEW_A)) >= {PUBLIC_PAIR, HIDDEN_PAIR}  # A sees its own and B's public
    assert pair_ids(linked.duplicate_pairs(VIEW_B)) == {PUBLIC_PAIR}  # not the pair to A's restricted record
    assert pair_ids(linked.duplicate_pairs(Viewer.open_demo())) == {PUBLIC_PAIR}
    row = everything.set_index(["a", "b"]).loc[PUBLIC_PAIR]
    assert row["status"] == "probable" and "quantity" in row["agree"] and "date" in row["differ"]


def test_each_viewer_gets_exactly_the_pairs_whose_two_records_it_may_read(linked):
    every = pair_ids(linked.duplicate_pairs(None))
    for viewer in (VIEW_A, VIEW_B, Viewer.open_demo(), Viewer.of_agency("agency-c"), None):
        readable = set(linked.query(RecordFilter(viewer=viewer))["record_id"])
        expected = {(a, b) for a, b in every if a in readable and b in readable}
        assert pair_ids(linked.duplicate_pairs(viewer)) == expected, viewer
    assert pair_ids(linked.duplicate_pairs(VIEW_B)) < every  # the check above can tell viewers apart


def test_row_level_security_hides_the_pair_even_to_a_bare_select(linked):
    if "postgresql" not in linked.location:
        pytest.skip("row-level security is PostGIS's; the GeoPackage reads pairs through duplicate_pairs only")
    rows = linked._frame("SELECT record_a, record_b FROM duplicate_pairs", viewer=VIEW_B)  # no clause of ours
    assert set(zip(rows["record_a"], rows["record_b"], strict=True)) == {PUBLIC_PAIR}


def test_review_is_audited_and_survives_a_new_run(linked):
    linked.review_duplicate(A_ANALYST, VIEW_A, *PUBLIC_PAIR, "confirmed", reference=PUBLIC_PAIR[0])
    linked.review_duplicate(A_ANALYST, VIEW_A, *HIDDEN_PAIR, "rejected")
    find_duplicates(linked)  # on demand, everything again: an analyst's decision stays
    statuses = linked.duplicate_pairs(None).set_index(["a", "b"])["status"]
    assert statuses[PUBLIC_PAIR] == "confirmed" and statuses[HIDDEN_PAIR] == "rejected"
    audit = linked.audit_log(actions=["duplicate_confirmed", "duplicate_rejected"])
    assert sorted(audit["action"]) == ["duplicate_confirmed", "duplicate_rejected"]
    assert set(audit["actor"]) == {A_ANALYST.name}
    assert json.loads(audit.iloc[-1]["detail"])["previous"] == "probable"


def test_who_may_not_review(linked):
    with pytest.raises(AccessDenied, match="analysts"):
        linked.review_duplicate(Actor("viewer@b.example", "agency-b", "viewer"), VIEW_B, *PUBLIC_PAIR, "confirmed")
    with pytest.raises(AccessDenied, match="not found"):  # B cannot see A-RES: the same answer as no pair at all
        linked.review_duplicate(B_ANALYST, VIEW_B, *HIDDEN_PAIR, "confirmed")
    with pytest.raises(ValueError, match="reference"):
        linked.review_duplicate(A_ANALYST, VIEW_A, *PUBLIC_PAIR, "confirmed", reference="agency-a:A-OTHER")


def test_a_confirmed_cluster_counts_once_for_whoever_sees_it_and_leaks_nothing(linked):
    linked.review_duplicate(A_ANALYST, VIEW_A, *PUBLIC_PAIR, "confirmed")
    linked.review_duplicate(A_ANALYST, VIEW_A, *HIDDEN_PAIR, "confirmed")
    for viewer, merged in ((VIEW_A, 2), (None, 2), (VIEW_B, 1), (Viewer.open_demo(), 1)):
        records = linked.query(RecordFilter(viewer=viewer))
        counted = count_once(linked, viewer, records)
        summary = stats.totals(counted.records, merged_reports=counted.merged_reports)
        assert summary["merged_reports"] == merged
        # An independent count: every report the viewer sees, less one per confirmed pair it sees whole.
        seen = set(records["record_id"])
        whole = [p for p in (PUBLIC_PAIR, HIDDEN_PAIR) if set(p) <= seen]
        assert summary["cases"] == len(records) - len(whole)
        kg = records.set_index("record_id")["quantity_kg"].fillna(0)
        assert summary["by_substance"]["cocaine"]["kg"] == pytest.approx(kg.sum() - (1100.0 if PUBLIC_PAIR in whole
                                                                                      else 0), abs=1e-6)
    # B never learns that its public captagon report is merged with a record it cannot see.
    b_records = linked.query(RecordFilter(viewer=VIEW_B))
    assert "agency-b:B-OF-RES" in set(count_once(linked, VIEW_B, b_records).records["record_id"])


def test_unreviewed_probable_pairs_are_counted_as_reported_and_flagged(linked):
    records = linked.query(RecordFilter(viewer=VIEW_B))
    counted = count_once(linked, VIEW_B, records)
    assert counted.merged_reports == 0 and len(counted.records) == len(records)
    assert counted.unreviewed_reports == 2  # the public pair only: the hidden one is nobody's business of B's
    assert counted.unreviewed_kg == pytest.approx(2200.0)


def test_the_reference_is_the_named_record_else_the_most_precise():
    records = pd.DataFrame({"record_id": ["x", "y", "z"], "location_precision": ["place", "exact", "place"],
                            "date_precision": ["day"] * 3, "quantity": [1.0] * 3, "quantity_kg": [1.0] * 3})
    chain = pd.DataFrame({"a": ["x", "y"], "b": ["y", "z"], "status": ["confirmed"] * 2, "probability": [1.0] * 2,
                          "reference": [None, None]})
    assert counted_records(records, chain).records["record_id"].tolist() == ["y"]  # a cluster of three: once
    chain["reference"] = ["x", None]
    assert counted_records(records, chain).records["record_id"].tolist() == ["x"]
    assert counted_records(records.iloc[:2], chain).merged_reports == 1  # z outside the view changes nothing


def test_command_line(linked, capsys):
    db = ["--db", linked.location] if "postgresql" not in linked.location else None
    if db is None:
        pytest.skip("the command line test reads the GeoPackage; PostGIS is covered above")
    assert main(["duplicates", *db, "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert {(p["a"], p["b"]) for p in pairs} == {PUBLIC_PAIR, HIDDEN_PAIR}
    assert set(pairs[0]) == {"a", "b", "probability", "status", "agree", "differ"}
    assert main(["duplicates", *db, "--json", "--as", "agency-b"]) == 0
    assert {(p["a"], p["b"]) for p in json.loads(capsys.readouterr().out)["pairs"]} == {PUBLIC_PAIR}
    assert main(["duplicates", *db, "--confirm", *PUBLIC_PAIR]) == 0
    capsys.readouterr()
    assert main(["stats", *db, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["merged_reports"] == 1 and summary["cases"] == len(SEIZURES) - 1
    assert main(["duplicates", *db, "--reject", "agency-a:A-OTHER", "agency-b:B-PUB"]) == 2
    assert "not found" in capsys.readouterr().err
