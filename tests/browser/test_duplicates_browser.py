"""The "Doublons / Duplicates" review in a real browser, in French: an analyst signs in, reads a pair side by side,
confirms it, and the Records page's count says one report was merged."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from geo.access import Actor
from geo.analysis.duplicate_runs import find_duplicates
from geo.store import Batch, GeoPackageStore
from tests.support import make_records
from tests.support.browser import ANALYST, running_signed_in_streamlit, screenshot

pytestmark = pytest.mark.browser

# One seizure at Kidira reported by the analyst's office and by customs, in their own words; one other seizure.
REPORTS = [
    {"source_ref": "PV 2024/0112", "agency": "sen-ocrtis", "date": "2024-03-14", "place": "Kidira", "lat": 14.4637,
     "lon": -12.2193, "quantity": 1100, "unit": "kg", "substance": "cannabis_resin", "conveyance": "land",
     "transport_detail": "camion", "origin": "MAR", "destination": "MLI", "location_precision": "exact"},
    {"source_ref": "BAD 2024/0458", "agency": "sen-douanes", "date": "2024-03-15", "place": "poste de Kidira",
     "lat": 14.4651, "lon": -12.2170, "quantity": 1.1, "unit": "t", "substance": "cannabis_resin",
     "conveyance": "land", "transport_detail": "camion", "origin": "MAR", "destination": "MLI",
     "location_precision": "place"},
    {"source_ref": "PV 2024/0150", "agency": "sen-ocrtis", "date": "2024-06-02", "place": "Dakar", "quantity": 12},
]


@pytest.fixture(scope="module")
def review_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("duplicates")
    store = GeoPackageStore(folder / "app.gpkg")
    for agency in ("sen-ocrtis", "sen-douanes"):
        store.save_agency(Actor("test"), agency, name=agency.upper())
    store.save_user(Actor("test"), ANALYST["email"], "sen-ocrtis", "analyst", name=ANALYST["name"])
    batch = store.write_batch(make_records(*REPORTS), Batch(kind="import", created_by="test"))
    assert find_duplicates(store, batch.batch_id) == 1
    env = {**os.environ, "COULOIRS_DB": str(folder / "app.gpkg"), "COULOIRS_DEMO": "0"}
    with running_signed_in_streamlit(folder, ANALYST, env) as url:
        yield url, store


def test_an_analyst_confirms_a_pair_and_the_count_says_one_report_was_merged(review_app, page):
    url, store = review_app
    page.goto(f"{url}/?lang=fr")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Connecté : Awa Diop · sen-ocrtis · analyste")).to_be_visible(timeout=90_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Saisies").click()
    expect(page.get_by_role("heading", name="Doublons")).to_be_visible(timeout=90_000)
    pair = page.locator("table.couloirs-pair")
    expect(pair).to_contain_text("poste de Kidira")
    expect(pair.locator("tr.agree")).not_to_have_count(0)  # quantity 1 100 kg = 1,1 t, conveyance, route
    expect(pair.locator("tr.differ")).not_to_have_count(0)  # a day apart, ~300 m apart
    expect(page.get_by_text(re.compile(r"2\s200 kg figurent dans 2 déclarations"))).to_be_visible()  # the banner
    pair.scroll_into_view_if_needed()
    screenshot(page, "duplicates-review-fr")
    page.get_by_role("button", name="Même saisie : confirmer").click()
    expect(page.get_by_text("Paire confirmée : comptée une fois.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("2 saisies (1 déclaration fusionnée)")).to_be_visible()
    assert store.duplicate_pairs(None).iloc[0]["status"] == "confirmed"
    assert page.console.errors == []
    assert page.console.external_requests == []
