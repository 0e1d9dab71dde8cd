"""The Map page in a real browser, offline: draws, steps through time, restores a view from its URL."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def block_the_internet(page) -> None:
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())


def open_map(page, url: str):
    block_the_internet(page)
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=120_000)
    return frame


def leaflet_frame(page):
    return next(f for f in page.frames if "streamlit_folium.st_folium" in f.url)


def dynamic_layers(page) -> list[int]:
    """Size of each layer the slider swaps in (choropleth, flows, seizures, no report, caption), as GeoJSON text."""
    return leaflet_frame(page).evaluate(
        "() => window.feature_group.filter(g => map_div.hasLayer(g)).map(g => JSON.stringify(g.toGeoJSON()).length)")


def drawn_layers(page) -> int:
    """How many Leaflet layers the map holds (the canvas hides them from the DOM)."""
    return leaflet_frame(page).evaluate("() => { let n = 0; map_div.eachLayer(() => n++); return n; }")


def test_map_draws_offline_with_every_layer(app_url, page):
    frame = open_map(page, app_url)
    for name in ("Couloirs et routes documentés", "Postes frontières", "Ports et aéroports", "Pays",
                 "Flux reconstitués", "Saisies"):
        expect(frame.locator(".leaflet-control-layers")).to_contain_text(name)
    expect(frame.locator(".cl-legend-box")).to_be_visible()
    # Reference layers come from the app's static data files: border posts, ports and capitals are DOM markers.
    expect(frame.locator(".cl-sym").first).to_be_attached()
    expect(frame.locator(".cl-capital").first).to_be_attached()
    leaflet_frame(page).wait_for_function("() => { let n = 0; map_div.eachLayer(() => n++); return n > 200; }")
    assert drawn_layers(page) > 200  # land, labels, corridors, posts, ports, flows, seizures
    screenshot(page, "map-fr")
    assert page.console.errors == []
    assert page.console.external_requests == []


def test_stepping_back_changes_the_period_and_the_layers(app_url, page):
    frame = open_map(page, app_url)
    heading = frame.locator(".cl-period-box .cl-cap-h")  # drawn inside the map, with its layers
    expect(heading.first).not_to_be_empty(timeout=60_000)
    latest = heading.first.inner_text()
    page.wait_for_timeout(1000)
    layers_before = dynamic_layers(page)
    assert len(layers_before) == 5 and min(layers_before[:3]) > 100  # the fifth carries the caption's script
    page.get_by_role("button", name="◀").click()
    expect(heading.first).not_to_have_text(latest, timeout=120_000)
    earlier = heading.first.inner_text()
    assert int(earlier) == int(latest) - 1
    expect(page).to_have_url(re.compile(f"period={earlier}"))
    page.wait_for_timeout(1500)
    layers_after = dynamic_layers(page)
    assert len(layers_after) == 5
    assert layers_after[1:3] != layers_before[1:3]  # other flows, other seizures
    screenshot(page, "map-fr-stepped")
    assert page.console.errors == []


def test_a_copied_url_reopens_the_view(app_url, page):
    frame = open_map(page, f"{app_url}/?substance=cocaine&granularity=quarter&period=2022-Q3&measure=cases&lang=en")
    expect(frame.locator(".cl-period-box .cl-cap-h")).to_have_text("Q3 2022", timeout=60_000)
    expect(page.get_by_text("Number of seizures")).to_be_visible()
    expect(frame.locator(".leaflet-control-layers")).to_contain_text("Seizures")
    screenshot(page, "map-en-url")
    assert page.console.errors == []


def test_presenter_mode_plays_the_timeline(app_url, page):
    frame = open_map(page, f"{app_url}/?presenter=1&granularity=year&period=2016")
    heading = frame.locator(".cl-period-box .cl-cap-h")
    expect(heading.first).to_have_text("2016", timeout=60_000)
    expect(heading.first).not_to_have_text("2016", timeout=20_000)  # it moved on by itself
    seen = heading.first.inner_text()
    assert seen in {"2017", "2018"}
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert page.get_by_role("button", name="◀").count() == 0
    screenshot(page, "map-presenter")
    assert page.console.errors == []
