"""The Import page (AppTest): value mappings, a value for every row and the fiscal year start change what an import
does, and profiles carry them whole between the page and the command line, both ways.

The file is a customs service's published monthly aggregate (``test_real_registers``): a title row, a fiscal year
starting in October, weights in pounds, no country column, and a local word for cannabis no vocabulary knows.
Every count is checked against an independent pandas computation.
"""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.access import Actor
from geo.cli import main
from geo.core.filters import RecordFilter
from geo.ingest import pipeline
from geo.store import GeoPackageStore
from tests.support import identity, register_people
from tests.support.apptest import open_app
from tests.test_real_registers import DRUGS, POUND_KG, expected_dates, monthly_register
from ui.keys import ImportKeys as K

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("app_py_runs_on_every_run")]
CUSTOMS = "analyst@cbp.example"
LOCAL_WORD = "Zamal"  # cannabis in the Indian Ocean: not in the substance vocabulary
DRUG_IDS = {**DRUGS, LOCAL_WORD: "cannabis_herb"}


@pytest.fixture
def env(tmp_path, monkeypatch):
    db = tmp_path / "import.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    register_people(GeoPackageStore(db), {CUSTOMS: ("us-cbp", "analyst", "restricted")})
    return db


def customs_file(seed: int = 7) -> tuple[pd.DataFrame, bytes]:
    frame = monthly_register(rows=40, seed=seed).replace({"Drug Type": {"Marijuana": LOCAL_WORD}})
    return frame, ("Nationwide Drug Seizures (published statistics)\n" + frame.to_csv(index=False)).encode()


def upload(data: bytes, lang: str = "en", name: str = "monthly.csv") -> AppTest:
    at = open_app(identity(CUSTOMS), "import", lang=lang, timeout=120)
    at.file_uploader(key=K.FILE).set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def checked(at: AppTest) -> dict:
    """Click "check without importing": the four counts of the dry run."""
    at.button(key=K.CHECK).click().run()
    assert not at.exception, at.exception
    return {m.label: int(m.value.replace(",", "").replace("\u202f", "")) for m in at.metric}


def test_a_value_mapping_a_constant_and_the_fiscal_year_change_what_is_imported(env):
    frame, data = customs_file()
    sha, local = pipeline.sha256(data), int((frame["Drug Type"] == LOCAL_WORD).sum())
    assert local > 0
    at = upload(data)
    picker = at.selectbox(key=K.value(sha, "substance", "zamal"))
    assert picker.value is None and LOCAL_WORD in picker.label and f"{local} row" in picker.label
    assert checked(at) == {"Rows read": len(frame), "Accepted": len(frame) - local, "Quarantined": local,
                           "Duplicates": 0}

    at.selectbox(key=K.value(sha, "substance", "zamal")).set_value("cannabis_herb")
    at.selectbox(key=K.constant(sha, "country")).set_value("USA")
    at.selectbox(key=K.fiscal(sha)).set_value("10")
    assert checked(at)["Accepted"] == len(frame)
    assert GeoPackageStore(env).count() == 0  # the check wrote nothing

    at.button(key=K.RUN).click().run()
    assert not at.exception, at.exception
    stored = GeoPackageStore(env).query(RecordFilter())
    assert len(stored) == len(frame) and set(stored["country"]) == {"USA"}
    expected = frame["Drug Type"].map(DRUG_IDS).value_counts().to_dict()
    assert stored["substance"].value_counts().to_dict() == expected
    assert stored["quantity_kg"].sum() == pytest.approx((frame["Sum Qty (lbs)"] * POUND_KG).sum(), rel=1e-9)
    months = sorted(pd.to_datetime(stored["date"]).dt.strftime("%Y-%m"))
    assert months == sorted(expected_dates(frame, 10).dt.strftime("%Y-%m"))
    assert months != sorted(expected_dates(frame, 1).dt.strftime("%Y-%m"))  # the start month did something


def test_a_value_for_every_row_turns_quarantined_rows_into_accepted_ones(env):
    # A cocaine-only sheet: no substance column at all, so every row lacks its substance.
    sheet = pd.DataFrame({"N° PV": ["C-1", "C-2", "C-3"], "Date de saisie": ["02/01/2024", "09/01/2024", "15/01/2024"],
                          "Pays": ["Sénégal", "Mali", "Guinée"], "Quantité (kg)": ["12", "3,5", "40"]})
    data = sheet.to_csv(index=False, sep=";").encode("utf-8")
    at = upload(data, lang="fr", name="cocaine.csv")
    assert checked(at) == {"Lignes lues": 3, "Acceptées": 0, "En quarantaine": 3, "Doublons": 0}
    at.selectbox(key=K.constant(pipeline.sha256(data), "substance")).set_value("cocaine")
    assert checked(at) == {"Lignes lues": 3, "Acceptées": 3, "En quarantaine": 0, "Doublons": 0}
    at.button(key=K.RUN).click().run()
    stored = GeoPackageStore(env).query(RecordFilter())
    assert set(stored["substance"]) == {"cocaine"} and stored["quantity_kg"].sum() == pytest.approx(55.5)


def test_a_profile_saved_on_the_page_imports_from_the_command_line_and_back(env, tmp_path, capsys):
    frame, data = customs_file()
    sha = pipeline.sha256(data)
    at = upload(data)
    at.selectbox(key=K.value(sha, "substance", "zamal")).set_value("cannabis_herb")
    at.selectbox(key=K.constant(sha, "country")).set_value("USA")
    at.selectbox(key=K.fiscal(sha)).set_value("10")
    at.text_input(key=K.PROFILE_NAME).set_value("cbp monthly").run()
    at.button(key=K.PROFILE_SAVE).click().run()
    assert not at.exception, at.exception
    store, actor = GeoPackageStore(env), Actor(CUSTOMS, "us-cbp", "analyst")
    saved = store.mapping_profile(actor, "us-cbp", "cbp monthly")["settings"]
    assert saved["values"] == {"substance": {LOCAL_WORD: "cannabis_herb"}} and saved["constants"] == {"country": "USA"}
    assert saved["fiscal_year_start"] == 10 and saved["default_unit"] == "lb" and set(saved["columns"]) == set(frame)

    # Page -> command line: next year's file, the profile alone.
    later, later_data = customs_file(seed=11)
    path = tmp_path / "next.csv"
    path.write_bytes(later_data)
    assert main(["import", str(path), "--db", str(env), "--agency", "us-cbp", "--profile", "cbp monthly",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["accepted"], report["quarantined"]) == (len(later), len(later), 0)
    stored = store.query(RecordFilter())
    assert set(stored["country"]) == {"USA"}
    assert stored["substance"].value_counts().to_dict() == later["Drug Type"].map(DRUG_IDS).value_counts().to_dict()
    assert sorted(pd.to_datetime(stored["date"]).dt.strftime("%Y-%m")) == sorted(
        expected_dates(later, 10).dt.strftime("%Y-%m"))

    # Command line -> page: a profile saved by a dry run (the start month changed) is proposed and fills the page.
    assert main(["import", str(path), "--db", str(env), "--agency", "us-cbp", "--profile", "cbp monthly",
                 "--fiscal-year-start", "7", "--dry-run", "--save-profile", "cbp from cli"]) == 0
    capsys.readouterr()
    at = upload(data)
    assert at.selectbox(key=K.profile(sha)).value == "cbp from cli"  # the last saved for these headers
    suffix = "_cbp from cli"
    assert at.selectbox(key=K.value(sha, "substance", "zamal") + suffix).value == "cannabis_herb"
    assert at.selectbox(key=K.constant(sha, "country") + suffix).value == "USA"
    assert at.selectbox(key=K.fiscal(sha) + suffix).value == "7"
    assert at.selectbox(key=K.unit(sha) + suffix).value == "lb"
    assert checked(at)["Accepted"] == len(frame)
