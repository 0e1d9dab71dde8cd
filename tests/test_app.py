"""Page tests: the app runs in AppTest on a fresh store seeded with demo and public data."""

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.analysis import stats
from geo.core import schema
from geo.store import GeoPackageStore
from tests.support.apptest import app_test, open_app
from ui.keys import AppKeys, RecordsKeys

pytestmark = pytest.mark.slow  # each test runs the whole app in AppTest


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    db = tmp_path / "app.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO_ROWS", "400")
    monkeypatch.delenv("COULOIRS_DEMO", raising=False)
    return db


def run_app(page: str = "pages/records.py") -> AppTest:
    return open_app(page=page, lang=None, timeout=120)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_records_page_shows_seeded_data_in_french(app_env):
    at = run_app()
    assert at.title[0].value == "Saisies"
    store = GeoPackageStore(app_env)
    records = store.query()
    records = records[records["sensitivity"] == "public"]  # the open demo shows records marked public only
    assert set(records["dataset"]) == {"demo", "public"}
    assert metric(at, "Saisies") == f"{len(records):,}".replace(",", "\u202f")
    kg = stats.summarise(records, "substance")["kg"].sum()
    assert metric(at, "Masse saisie (kg)") == f"{kg:,.0f}".replace(",", "\u202f")
    assert any("synthétiques" in w.value for w in at.warning)
    assert any("saisies publiques réelles" in i.value for i in at.info)
    table = at.dataframe[-1].value
    assert len(table) == len(records)
    assert "Substance" in table.columns and "Pays" in table.columns


def test_switching_to_english(app_env):
    # AppTest re-sends radio values through their old labels, so the switch itself is driven
    # in the browser test; here the session starts in English, as the radio's callback leaves it.
    at = app_test(timeout=120)
    at.session_state[AppKeys.LANG] = "en"
    at.run()
    assert at.title[0].value == "Map"
    assert at.radio(key=AppKeys.LANG_WIDGET).value == "en"
    at.switch_page("pages/records.py")
    at.run()
    assert at.title[0].value == "Records"
    assert any("synthetic" in w.value for w in at.warning)
    assert "Country" in at.dataframe[-1].value.columns


def test_filters_narrow_the_table_and_totals(app_env):
    at = run_app()
    at.multiselect(key=RecordsKeys.SUBSTANCES).set_value(["tramadol"]).run()
    store = GeoPackageStore(app_env)
    tramadol = store.query()
    tramadol = tramadol[(tramadol["substance"] == "tramadol") & (tramadol["sensitivity"] == "public")]
    assert metric(at, "Saisies") == f"{len(tramadol):,}".replace(",", "\u202f")
    assert set(at.dataframe[-1].value["Substance"]) == {"Tramadol"}
    at.multiselect(key=RecordsKeys.DATASETS).set_value(["public"]).run()
    shown = at.dataframe[-1].value
    assert len(shown) == int((tramadol["dataset"] == "public").sum())


def test_empty_store_when_demo_is_off(app_env, monkeypatch):
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    at = run_app()
    assert metric(at, "Saisies") == "0"
    assert any("Aucune saisie" in i.value for i in at.info)
    assert GeoPackageStore(app_env).count() == 0


def test_selecting_a_row_shows_the_whole_record_verbatim(app_env):
    from geo.store import Batch
    from tests.support import make_records

    hostile = "<img src=x onerror=alert(1)> =cmd|' /C calc'!A0"
    GeoPackageStore(app_env).write_batch(make_records(
        {"source_ref": "PV 2026/001", "date": "2026-01-05", "notes": hostile, "transit": "MLI;BFA"},
        {"source_ref": "PV 2025/099", "date": "2025-03-01"},
    ), Batch(kind="import", created_by="test"))
    at = run_app()
    assert not at.subheader  # no detail until a row is chosen
    at.session_state[RecordsKeys.TABLE] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert at.subheader[0].value == "Fiche de la saisie"
    panel = at.get("html")[-1].proto.body  # the record panel (geo.records.panel), every value escaped
    detail = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)(?: <span class=\"original\">.*?</span>)?</dd>", panel))
    assert detail["Identifiant"] == "sen-ocrtis:PV 2026/001"
    assert html.unescape(detail["Notes"]) == hostile and "<img" not in panel  # as written, never as HTML
    assert detail["Transit"] == "Mali → Burkina Faso"
    assert detail["Date"] == "2026-01-05"
    assert len(detail) == len(schema.CANONICAL_COLUMNS)  # every canonical field
