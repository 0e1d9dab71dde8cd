"""The Import page (AppTest): saved mapping profiles (save, load, proposal) and removing a batch."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.access import Actor, Viewer
from geo.core.filters import RecordFilter
from geo.ingest import pipeline
from geo.ingest.mapping import suggest_mapping
from geo.store import GeoPackageStore
from tests.support import FRENCH_ROWS, REGISTER_HEADER, identity, register_csv, register_people
from tests.support.apptest import open_app
from ui.keys import ImportKeys

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("app_py_runs_on_every_run")]
ANALYST = "analyste@ocrtis.example"
MALI_ROWS = [["MLI-1", "01/04/2023", "Gao", "Mali", "Cannabis", "40", "kg", "", "", ""]]


@pytest.fixture
def import_env(tmp_path, monkeypatch):
    db = tmp_path / "import.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    register_people(GeoPackageStore(db), {ANALYST: ("sen-ocrtis", "analyst", "restricted"),
                                          "douane@gmb.example": ("gmb-customs", "analyst", "restricted")})
    return db


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=ImportKeys.FILE).set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def mapping_shown(at: AppTest) -> pd.Series:
    return at.dataframe[1].value.set_index("Colonne du fichier")["Champ Couloirs"]


def test_the_current_mapping_is_saved_as_a_profile(import_env):
    at = upload(open_app(identity(ANALYST), "import", timeout=120), "registre.csv", register_csv(FRENCH_ROWS))
    at.text_input(key=ImportKeys.PROFILE_NAME).set_value("Registre OCRTIS").run()
    at.button(key=ImportKeys.PROFILE_SAVE).click().run()
    assert not at.exception, at.exception
    assert any("Registre OCRTIS" in s.value for s in at.success)
    found = GeoPackageStore(import_env).mapping_profile(Actor(ANALYST, "sen-ocrtis", "analyst"), "sen-ocrtis",
                                                         "Registre OCRTIS")
    assert found["headers"] == REGISTER_HEADER and found["created_by"] == ANALYST
    assert found["settings"]["columns"] == {h: f for h, f in suggest_mapping(REGISTER_HEADER).fields.items()}


def test_the_agencys_profile_for_the_same_headers_is_proposed_and_loaded(import_env):
    store, actor = GeoPackageStore(import_env), Actor(ANALYST, "sen-ocrtis", "analyst")
    fields = {**suggest_mapping(REGISTER_HEADER).fields, "Provenance": None}  # this agency never imports it
    store.save_mapping_profile(actor, "sen-ocrtis", "mensuel", {"fields": fields, "default_unit": "g"},
                               [h.upper() for h in reversed(REGISTER_HEADER)])
    store.save_mapping_profile(actor, "sen-ocrtis", "autre", {"fields": {"Date": "date"}}, ["Date"])
    data = register_csv(FRENCH_ROWS)
    sha = pipeline.sha256(data)
    at = upload(open_app(identity(ANALYST), "import", timeout=120), "registre.csv", data)
    assert at.selectbox(key=ImportKeys.profile(sha)).value == "mensuel"
    assert any("mensuel" in info.value for info in at.info)
    assert mapping_shown(at)["Provenance"] == "—"
    assert at.selectbox(key=ImportKeys.unit(sha) + "_mensuel").value == "g"

    at.selectbox(key=ImportKeys.profile(sha)).select_index(0).run()  # back to the suggestion
    assert mapping_shown(at)["Provenance"] == "Provenance"
    at.selectbox(key=ImportKeys.profile(sha)).set_value("mensuel").run()
    at.button(key=ImportKeys.RUN).click().run()
    assert not at.exception, at.exception
    assert store.query()["origin"].isna().all()  # the loaded mapping was the one used


def test_removing_a_batch_is_confirmed_deletes_its_records_and_is_audited(import_env):
    store = GeoPackageStore(import_env)
    store.ensure_agency(Actor.command_line("root"), "gmb-customs")
    pipeline.import_bytes(store, register_csv(MALI_ROWS), "autre.csv", agency="gmb-customs", created_by="x")
    at = upload(open_app(identity(ANALYST), "import", timeout=120), "registre.csv", register_csv(FRENCH_ROWS))
    at.button(key=ImportKeys.RUN).click().run()
    batch_id = at.session_state[ImportKeys.BATCH]
    assert store.count() == 4
    picker = at.selectbox(key=ImportKeys.BATCH_PICK)  # its own agency's batches only
    assert picker.value == batch_id and len(picker.options) == 1 and "registre.csv" in picker.options[0]

    at.button(key=ImportKeys.BATCH_REMOVE).click().run()  # not confirmed: nothing happens
    assert any("Confirmer la suppression" in w.value for w in at.warning) and store.count() == 4
    at.checkbox(key=ImportKeys.BATCH_CONFIRM).check().run()
    at.button(key=ImportKeys.BATCH_REMOVE).click().run()
    assert not at.exception, at.exception
    assert any("3 saisies et 2 lignes en quarantaine" in s.value for s in at.success)
    remaining = store.query(RecordFilter(viewer=Viewer.administrator()))
    assert list(remaining["agency"]) == ["gmb-customs"]
    event = store.audit_log(actions=["batch_removed"]).iloc[0]
    assert (event["actor"], event["target"], event["records"]) == (ANALYST, batch_id, 3)
    assert store.batch(batch_id)["removed_by"] == ANALYST
    assert ImportKeys.BATCH_REMOVE not in [b.key for b in at.button]  # nothing of its agency left to remove
