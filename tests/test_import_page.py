"""The Import page (AppTest): upload, preview, mapping, import, the sum, reasons, downloads; hostile files."""

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import GeoPackageStore
from tests.support import FRENCH_ROWS, REGISTER_HEADER, identity, register_csv, register_people
from tests.support.apptest import app_test, open_app, sign_in
from ui.keys import ImportKeys

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("app_py_runs_on_every_run")]
ANALYST = "analyste@ocrtis.example"


@pytest.fixture
def import_env(tmp_path, monkeypatch):
    db = tmp_path / "import.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    register_people(GeoPackageStore(db), {ANALYST: ("sen-ocrtis", "analyst", "restricted"),
                                          "chef@ocrtis.example": ("sen-ocrtis", "admin", "confidential"),
                                          "douane@gmb.example": ("gmb-customs", "analyst", "restricted")})
    return db


def open_import(lang: str = "fr", email: str = ANALYST) -> AppTest:
    return open_app(identity(email), "import", lang=lang, timeout=120)


def upload(at: AppTest, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key=ImportKeys.FILE).set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def test_page_previews_maps_and_imports_with_every_row_accounted_for(import_env):
    at = upload(open_import(), "registre.csv", register_csv(FRENCH_ROWS))
    assert at.title[0].value == "Importer"
    preview = at.dataframe[0].value
    assert list(preview.columns) == ["#", *REGISTER_HEADER]
    assert preview["#"].tolist()[:2] == ["4", "5"]  # the file's own line numbers (title, blank, header)
    mapping = at.dataframe[1].value.set_index("Colonne du fichier")["Champ Couloirs"]  # the editable mapping
    assert mapping["Date de saisie"] == "Date" and mapping["Produit"] == "Substance"
    assert mapping["N° PV"] == "N° de procédure" and mapping["Provenance"] == "Provenance"
    assert "Agence : sen-ocrtis" in [text.value for text in at.text]  # the analyst's own agency, not a choice
    at.button(key=ImportKeys.RUN).click().run()
    assert not at.exception, at.exception
    values = {m.label: m.value for m in at.metric}
    assert values == {"Lignes lues": "6", "Acceptées": "3", "En quarantaine": "2", "Doublons": "1"}
    assert any(md.value == "**lignes lues 6 = acceptées 3 + en quarantaine 2 + doublons 1**" for md in at.markdown)
    reasons = at.dataframe[-1].value
    assert reasons["Lignes"].sum() == 2 and "31/02/2023" in " ".join(reasons["Motif (premier cas)"])
    store = GeoPackageStore(import_env)
    assert store.count() == 3
    batch = store.batches().iloc[0]
    assert (batch["agency"], batch["created_by"]) == ("sen-ocrtis", ANALYST)
    assert set(store.query()["agency"]) == {"sen-ocrtis"}


def test_the_same_file_twice_is_recognised(import_env):
    at = upload(open_import("en"), "registre.csv", register_csv(FRENCH_ROWS))
    at.button(key=ImportKeys.RUN).click().run()
    at.button(key=ImportKeys.RUN).click().run()
    assert any("already imported" in info.value for info in at.info)
    assert {m.label: m.value for m in at.metric}["Accepted"] == "3"  # the first batch, shown again
    assert GeoPackageStore(import_env).count() == 3


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.csv"),
    ("vide.csv", b"", "vide.csv"),
])
def test_an_unusable_file_is_explained_never_a_crash(import_env, name, data, reason):
    at = upload(open_import(), name, data)
    assert at.error and at.error[0].value.startswith(reason)
    assert ImportKeys.RUN not in [button.key for button in at.button]  # nothing to import


def test_an_administrator_may_import_for_another_registered_agency(import_env):
    at = upload(open_import(email="chef@ocrtis.example"), "registre.csv", register_csv(FRENCH_ROWS))
    picker = at.selectbox(key=ImportKeys.AGENCY)
    assert picker.value == "sen-ocrtis" and picker.options == ["sen-ocrtis", "gmb-customs"]
    picker.set_value("gmb-customs").run()
    at.button(key=ImportKeys.RUN).click().run()
    assert not at.exception, at.exception
    assert set(GeoPackageStore(import_env).query()["agency"]) == {"gmb-customs"}


def test_the_result_shown_is_the_sessions_own_batch_and_its_download_is_audited(import_env, deferred):
    at = upload(open_import(), "registre.csv", register_csv(FRENCH_ROWS))
    at.button(key=ImportKeys.RUN).click().run()
    other = app_test(timeout=120)  # another agency's analyst, same server
    sign_in(other, identity("douane@gmb.example"))
    other.session_state[ImportKeys.BATCH] = at.session_state[ImportKeys.BATCH]  # even knowing the batch id
    other.run().switch_page("pages/import_data.py").run()
    assert not other.exception and not other.metric  # nothing of sen-ocrtis's batch
    csv_name = next(name for name in deferred if name.endswith(".csv"))
    content = deferred[csv_name]().decode("utf-8-sig")
    assert "31/02/2023" in content  # the quarantined row, fixable
    event = GeoPackageStore(import_env).audit_log(actions=["export"]).iloc[0]
    assert (event["actor"], event["target"], event["records"]) == (ANALYST, csv_name, 2)


def test_a_unodc_totals_table_is_read_as_totals_and_imported_as_one_totals_batch(import_env):
    from tests.support.totals import unodc_xlsx

    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at = upload(open_import("en"), "drug_seizures.xlsx", unodc_xlsx(), mime)
    assert any("official annual totals" in info.value for info in at.info)
    at.button(key=ImportKeys.RUN).click().run()
    assert not at.exception, at.exception
    values = {m.label: m.value for m in at.metric}
    assert values == {"Rows read": "12", "Accepted": "9", "Quarantined": "2", "Duplicates": "1"}
    store = GeoPackageStore(import_env)
    assert store.count() == 0 and len(store.read_totals()) == 9
    assert store.batches().iloc[0]["kind"] == "totals"


def test_the_upload_states_the_servers_limit_and_the_batches_name_their_columns(import_env, monkeypatch):
    monkeypatch.setenv("COULOIRS_MAX_UPLOAD_MB", "20")
    at = upload(open_import(), "registre.csv", register_csv(FRENCH_ROWS))
    assert at.file_uploader(key=ImportKeys.FILE).label.endswith("ODS, GeoJSON, GeoPackage, KML, KMZ ; 20 Mo au plus)")
    at.button(key=ImportKeys.RUN).click().run()
    batches = at.table[-1].value
    # The file's own name under "Fichier" (not the uploader's label), the removal date under its own heading.
    assert list(batches.columns) == ["#", "Fichier", "Agence qui importe", "Lignes lues", "Acceptées",
                                     "En quarantaine", "Doublons", "Supprimé le"]
    assert batches["Fichier"].tolist() == ["registre.csv"]
