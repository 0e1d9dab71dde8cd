"""The Import page (AppTest): upload, preview, mapping, import, the sum, reasons, downloads; hostile files."""

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import GeoPackageStore
from tests.test_importer import FRENCH_ROWS, REGISTER_HEADER, register_csv


@pytest.fixture
def import_env(tmp_path, monkeypatch):
    db = tmp_path / "import.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    return db


def open_import(lang: str = "fr") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key="import_file").set_value((name, data, mime)).run()
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
    at.text_input(key="import_agency").set_value("sen-ocrtis")
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    values = {m.label: m.value for m in at.metric}
    assert values == {"Lignes lues": "6", "Acceptées": "3", "En quarantaine": "2", "Doublons": "1"}
    assert any(md.value == "**lignes lues 6 = acceptées 3 + en quarantaine 2 + doublons 1**" for md in at.markdown)
    reasons = at.dataframe[-1].value
    assert reasons["Lignes"].sum() == 2 and "31/02/2023" in " ".join(reasons["Motif (premier cas)"])
    assert GeoPackageStore(import_env).count() == 3


def test_the_same_file_twice_is_recognised(import_env):
    at = upload(open_import("en"), "registre.csv", register_csv(FRENCH_ROWS))
    at.text_input(key="import_agency").set_value("sen-ocrtis")
    at.button(key="import_run").click().run()
    at.button(key="import_run").click().run()
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
    assert "import_run" not in [button.key for button in at.button]  # nothing to import
