"""The Trends page in a real browser: charts drawn in French, the map's filters kept, no console errors."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot

pytestmark = pytest.mark.browser


def test_trends_page_draws_its_charts(app_url, page):
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())  # offline
    # Opened from the map with its filters, as an analyst moves between the two pages.
    page.goto(f"{app_url.rstrip('/')}/?substance=cocaine,cannabis_resin&granularity=quarter")
    expect(page.get_by_role("heading", name="Carte")).to_be_visible(timeout=90_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Tendances").click()
    expect(page.get_by_role("heading", name="Tendances")).to_be_visible(timeout=90_000)
    expect(page.get_by_text("T4 2025").first).to_be_visible()  # the map's time step (quarters), kept
    assert "substance=cocaine" in page.url
    charts = page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg")
    expect(charts.first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Inclut").first).to_be_visible()  # the synthetic-data warning under the chart
    screenshot(page, "trends-fr")
    page.get_by_role("tab", name="Routes").click()
    sankey = page.locator("[data-testid=stPlotlyChart]").first
    expect(sankey).to_be_visible(timeout=60_000)
    expect(sankey.locator(".sankey-node").first).to_be_attached()  # drawn, not an empty frame
    sankey.scroll_into_view_if_needed()
    screenshot(page, "trends-fr-routes")
    assert page.console.errors == []
    assert page.console.external_requests == []


def _overlaps(boxes):
    """Pairs of boxes (x, y, width, height) that intersect by more than a pixel."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"]) > 1
                    and min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"]) > 1):
                found.append((a, b))
    return found


# Each language once, at each width once: the labels' lengths differ by language, the columns' room by width.
@pytest.mark.parametrize(("width", "lang", "trends"), [(1440, "fr", "Tendances"), (1920, "en", "Trends")])
def test_sankey_labels_do_not_overlap(app_url, page, width, lang, trends):
    # Plotly draws the last column's labels left of their nodes, the others right of theirs.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app_url.rstrip('/')}/?lang={lang}")  # the Map opens first; a user reaches Trends from the navigation
    page.get_by_test_id("stSidebarNav").get_by_text(trends).click(timeout=240_000)
    expect(page.get_by_role("heading", name=trends)).to_be_visible(timeout=240_000)  # a cold start
    page.get_by_role("tab", name="Routes").click()
    sankey = page.locator("[data-testid=stPlotlyChart]").first
    expect(sankey.locator(".sankey-node").first).to_be_attached(timeout=60_000)
    sankey.scroll_into_view_if_needed()
    labels = sankey.locator(".sankey-node text")
    boxes = [box for box in (labels.nth(i).bounding_box() for i in range(labels.count())) if box and box["width"]]
    assert len(boxes) >= 2
    assert _overlaps(boxes) == []
    screenshot(page, f"trends-{lang}-sankey-{width}")
