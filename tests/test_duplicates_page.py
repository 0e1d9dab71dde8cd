"""The "Doublons / Duplicates" review on the Records page: analysts only, side by side, confirm counts once."""

from __future__ import annotations

import pytest

from geo.analysis.duplicate_runs import find_duplicates
from geo.records import duplicates_view
from geo.store import Batch, GeoPackageStore
from tests.support import identity, make_records, register_people
from tests.support.apptest import open_app
from ui.keys import RecordsKeys as K

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("app_py_runs_on_every_run")]

TWINS = [
    {"source_ref": "A-1", "agency": "agency-a", "date": "2022-02-01", "place": "Kidira", "lat": 14.46,
     "lon": -12.22, "quantity": 1100, "unit": "kg", "conveyance": "land", "location_precision": "exact",
     "notes": "<script>alert(1)</script>"},
    {"source_ref": "B-1", "agency": "agency-b", "date": "2022-02-02", "place": "poste de Kidira", "lat": 14.461,
     "lon": -12.221, "quantity": 1.1, "unit": "t", "conveyance": "land", "location_precision": "place"},
    {"source_ref": "A-2", "agency": "agency-a", "date": "2022-08-01", "quantity": 5.0},
]


@pytest.fixture
def twins_db(tmp_path, monkeypatch) -> GeoPackageStore:
    db = tmp_path / "twins.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    store = GeoPackageStore(db)
    register_people(store)
    result = store.write_batch(make_records(*TWINS), Batch(kind="import", created_by="test"))
    find_duplicates(store, result.batch_id)
    return store


def text_of(at) -> str:
    return "\n".join(str(e.proto) for e in at.main)


def test_analysts_review_pairs_side_by_side_and_a_confirmed_pair_counts_once(twins_db):
    at = open_app(identity("analyst@a.example"), "records", lang="fr")
    page = text_of(at)
    assert "Doublons" in page
    assert "2 200 kg" in page.replace("\u202f", " ")  # the banner: kg in unreviewed probable duplicates
    assert "poste de Kidira" in page and "&lt;script&gt;" in page and "<script>alert" not in page
    assert at.metric[0].value == "3"
    at.button(key=K.DUP_CONFIRM).click().run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "2 saisies (1 déclaration fusionnée)"
    assert "Paire confirmée" in text_of(at)
    assert twins_db.duplicate_pairs(None).iloc[0]["reference"] == "agency-a:A-1"  # the exact point: most precise
    assert len(twins_db.audit_log(actions=["duplicate_confirmed"])) == 1


def test_viewers_see_no_review(twins_db):
    at = open_app(identity("viewer@a.example"), "records", lang="en")
    assert "Duplicates" not in "\n".join(str(s.value) for s in at.subheader)
    assert not [b for b in at.button if b.key == K.DUP_CONFIRM]


def test_the_side_by_side_table_marks_agreement_and_escapes_text():
    a = {"record_id": "a:1", "date": "2022-02-01", "place": "Kidira <b>", "quantity": 1100.0, "unit": "kg",
         "conveyance": "land", "lat": 14.46, "lon": -12.22}
    b = {"record_id": "b:1", "date": "2022-02-02", "place": "poste de Kidira", "quantity": 1.1, "unit": "t",
         "conveyance": "land", "lat": 14.461, "lon": -12.221}
    markup = duplicates_view.pair_html(a, b, ["quantity", "conveyance"], ["date", "place"], "fr")
    assert "Kidira &lt;b&gt;" in markup and "Kidira <b>" not in markup
    assert markup.count('class="agree"') >= 2 and markup.count('class="differ"') >= 3  # date, lat, lon
    assert duplicates_view.most_precise({**a, "location_precision": "place"}, {**b, "location_precision": "exact"}) \
        == "b:1"
