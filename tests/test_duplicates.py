"""Probable duplicates across agencies: the demo's twins, and the linkage measured against their known truth."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.analysis import duplicates
from geo.core.schema import coerce_records
from geo.demo.twins import generate_with_twins, twin_agencies
from tests.support import make_records


@pytest.fixture(scope="module")
def twins():
    demo = generate_with_twins(rows=6000, seed=5, share=0.1)
    records = coerce_records(demo.records)
    ids = records["record_id"].to_numpy()
    truth = {tuple(sorted((ids[i], ids[j]))) for i, j in demo.true_pairs()}
    return demo, records, truth


def test_twins_are_other_agencies_reporting_the_same_seizure_in_other_words(twins):
    demo, records, truth = twins
    assert demo.seizure.index.equals(demo.records.index)
    assert "seizure" not in demo.records.columns  # the truth travels beside the records, never in them
    assert records["record_id"].is_unique
    assert 0.08 * 6000 < len(demo.records) - 6000 < 0.14 * 6000
    for _seizure, group in records.groupby(demo.seizure.to_numpy()):
        if len(group) > 1:
            assert group["agency"].is_unique  # never the same agency twice
            assert group["country"].nunique() == 1 and group["substance"].nunique() == 1
            assert (group["date"].max() - group["date"].min()).days <= 4
    twin_rows = records[demo.seizure.duplicated(keep="first").to_numpy()]
    assert (twin_rows["unit"] == "t").any() and (twin_rows["unit"] == "g").any()  # 1,100 kg written 1.1 t
    assert twin_rows["place"].str.startswith("poste de ").any()
    assert twin_agencies("SEN", "sen-ocrtis") == ["sen-douanes", "sen-gendarmerie", "sen-police"]


def test_same_arguments_give_the_same_twins():
    first, second = generate_with_twins(300, 2, 0.2), generate_with_twins(300, 2, 0.2)
    pd.testing.assert_frame_equal(first.records, second.records)
    assert first.true_pairs() == second.true_pairs()


def test_precision_and_recall_at_the_default_threshold(twins):
    _, records, truth = twins
    found = duplicates.link(records, threshold=duplicates.DEFAULT_THRESHOLD).pairs
    pairs = set(zip(found["a"], found["b"], strict=True))
    hits = len(pairs & truth)
    precision, recall = hits / len(pairs), hits / len(truth)
    print(f"\nthreshold {duplicates.DEFAULT_THRESHOLD}: {len(truth)} true pairs, {len(pairs)} found, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.90


def test_a_pair_says_what_agrees_and_what_differs():
    records = coerce_records(make_records(
        {"agency": "sen-douanes", "source_ref": "BAD 2021/0001", "place": "Kidira", "quantity": 1100, "unit": "kg",
         "lat": 14.46, "lon": -12.22, "conveyance": "land", "origin": "GNB", "destination": "MLI"},
        {"agency": "sen-gendarmerie", "source_ref": "PV 2021/77", "date": "2021-03-16", "place": "poste de Kidira",
         "quantity": 1.1, "unit": "t", "lat": 14.461, "lon": -12.221, "conveyance": "land", "origin": "GNB",
         "destination": "MLI"},
        {"agency": "sen-douanes", "source_ref": "BAD 2021/0002", "place": "Kidira", "quantity": 1100, "unit": "kg",
         "lat": 14.46, "lon": -12.22},  # the same agency: its own references already tell its repeats apart
        {"agency": "mli-ocs", "source_ref": "PV 9", "country": "MLI", "place": "Kidira", "quantity": 1100,
         "unit": "kg", "lat": 14.46, "lon": -12.22},  # another country: not blocked together
        {"agency": "sen-police", "source_ref": "PV 10", "date": "2021-05-01", "place": "Kidira", "quantity": 1100,
         "unit": "kg", "lat": 14.46, "lon": -12.22},  # six weeks later
    ))
    pairs = duplicates.link(records).pairs
    ids = records["record_id"].tolist()
    assert sorted(zip(pairs["a"], pairs["b"], strict=True)) == sorted(
        [tuple(sorted((ids[0], ids[1]))), tuple(sorted((ids[1], ids[2])))])
    best = pairs[(pairs["a"] == min(ids[0], ids[1])) & (pairs["b"] == max(ids[0], ids[1]))].iloc[0]
    assert best["probability"] >= duplicates.DEFAULT_THRESHOLD
    assert {"quantity", "conveyance", "route", "text"} <= set(best["agree"])
    assert {"date", "place"} <= set(best["differ"])  # a day apart, ~150 m apart


def test_nothing_to_link_gives_no_pairs():
    assert duplicates.link(coerce_records(make_records({}))).pairs.empty
    assert list(duplicates.link(coerce_records(make_records({}, {"source_ref": "x"}))).pairs.columns) == [
        "a", "b", "probability", "agree", "differ"]
