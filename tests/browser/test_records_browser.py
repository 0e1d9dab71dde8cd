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
    expect(grid).to_be_visible(timeout=60_000)  # the metrics come first; the table follows in the same run
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


def test_records_table_fits_1440_and_opens_the_record_panel(app_url, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(app_url)  # the Map opens first; a user reaches Records from the navigation
    page.get_by_test_id("stSidebarNav").get_by_text("Saisies").click(timeout=240_000)
    expect(page.get_by_role("heading", name="Saisies")).to_be_visible(timeout=240_000)  # a cold start
    grid = page.get_by_test_id("stDataFrame").last
    expect(grid).to_be_visible(timeout=60_000)
    grid.scroll_into_view_if_needed()
    # Every column fits: the grid has no horizontal scroll (its scroller is no wider than it).
    widths = grid.locator(".dvn-scroller").first.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 52)  # the first row's selector
    expect(page.get_by_role("heading", name="Fiche de la saisie")).to_be_visible(timeout=60_000)
    panel = page.locator(".couloirs-record")
    expect(panel).to_be_visible()
    expect(panel.locator("dt")).to_have_count(32)  # every field of a record
    expect(panel.get_by_text("Itinéraire déclaré", exact=True)).to_be_visible()
    screenshot(page, "records-fr-panel-1440")
    assert page.console.errors == []
