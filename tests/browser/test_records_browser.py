"""The Records page in a real browser: demo data shown in French, then in English."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot

pytestmark = pytest.mark.browser


def test_records_page_in_french_then_english(app_url, page):
    page.goto(app_url)  # the Map opens first; a user reaches Records from the navigation
    page.get_by_test_id("stSidebarNav").get_by_text("Saisies").click()
    expect(page.get_by_role("heading", name="Saisies")).to_be_visible(timeout=90_000)
    expect(page.get_by_text(re.compile("saisies synthétiques de démonstration"))).to_be_visible()
    expect(page.get_by_text(re.compile("Démonstration ouverte"))).to_be_visible()  # no sign-in configured
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Saisies")
    grid = page.get_by_test_id("stDataFrame").last
    expect(grid).to_be_visible()
    expect(page.get_by_text(re.compile(r"saisies affichées sur"))).to_be_visible()
    screenshot(page, "records-fr")

    page.get_by_test_id("stSidebar").locator("label").filter(has_text="English").click()
    expect(page.get_by_role("heading", name="Records")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile("synthetic demo records"))).to_be_visible()
    expect(page.get_by_text(re.compile("Open demo"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"records shown"))).to_be_visible()
    assert "lang=en" in page.url
    screenshot(page, "records-en")
    assert page.console.errors == []
    assert page.console.external_requests == []
