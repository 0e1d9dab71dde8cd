"""Linking a new batch reads only the records that could pair with it (both backends), and finds the same pairs
as linking every stored record: a national register imported into its own agency's store reads none."""

from __future__ import annotations

import pandas as pd

from geo.analysis import duplicates
from geo.analysis.duplicate_runs import KEPT_FROM, find_duplicates
from geo.core.filters import RecordFilter
from geo.store import Batch
from tests.support import ROOT_ACTOR, make_records

TWINS = [  # one seizure reported by two agencies, one day apart, and one far from it in time and place
    {"source_ref": "A-1", "agency": "agency-a", "date": "2022-02-01", "country": "SEN", "place": "Kidira",
     "lat": 14.46, "lon": -12.22, "quantity": 1100, "unit": "kg", "conveyance": "land"},
    {"source_ref": "A-2", "agency": "agency-a", "date": "2019-07-01", "country": "MLI", "place": "Gao",
     "lat": 16.27, "lon": -0.04, "quantity": 40, "unit": "kg"},
]
TWIN_B = {"source_ref": "B-1", "agency": "agency-b", "date": "2022-02-02", "country": "SEN",
          "place": "poste de Kidira", "lat": 14.461, "lon": -12.221, "quantity": 1.1, "unit": "t",
          "conveyance": "land"}


def _agencies(store) -> None:
    for agency in ("agency-a", "agency-b"):
        store.save_agency(ROOT_ACTOR, agency, name=agency.upper())


def test_a_batch_of_one_agency_alone_reads_no_record(store, monkeypatch):
    _agencies(store)
    batch = store.write_batch(make_records(*TWINS), Batch(kind="import", created_by="test", agency="agency-a"))
    assert store.batch_extent(batch.batch_id)[0] == ("MLI", "SEN")

    def no_read(*args, **kwargs):
        raise AssertionError("the records were read although no other agency holds any")

    monkeypatch.setattr(store, "query", no_read)
    assert find_duplicates(store, batch.batch_id) == 0


def test_the_pairs_of_a_new_batch_are_those_linking_every_record_finds(store):
    _agencies(store)
    store.write_batch(make_records(*TWINS), Batch(kind="import", created_by="test", agency="agency-a"))
    batch = store.write_batch(make_records(TWIN_B), Batch(kind="import", created_by="test", agency="agency-b"))
    everything = store.query(RecordFilter())
    expected = duplicates.link(everything, threshold=KEPT_FROM,
                               touching=everything.loc[everything["batch_id"] == batch.batch_id, "record_id"]).pairs
    assert len(expected) == 1
    assert find_duplicates(store, batch.batch_id) == 1
    saved = store.duplicate_pairs(None)
    pd.testing.assert_frame_equal(saved[["a", "b"]].reset_index(drop=True), expected[["a", "b"]])
    assert saved["probability"].tolist() == expected["probability"].tolist()
    # A batch with no record in a country and window another agency reports in has nothing to pair.
    assert store.agencies_between(("MLI",), pd.Timestamp("2019-06-01").date(), pd.Timestamp("2019-08-01").date()) == 1
