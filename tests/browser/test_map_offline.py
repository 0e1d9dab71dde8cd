"""The map with no network at all: a standalone export from file://, and st_folium on a local server.

Every request that would leave the machine is aborted and recorded; the tests fail on
any of them, on any console error, and on a map that did not draw.
"""

import os

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import demo
from geo.core.schema import coerce_records
from geo.i18n import maps as map_text
from geo.maps import assets
from geo.maps.basemap import capitals
from geo.maps.build import build_map, standalone_html
from tests.support.browser import ROOT, running_streamlit, screenshot

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>"
LOCAL = ("file:", "data:", "about:", "blob:", "http://127.0.0.1")


class Offline:
    """A page whose requests to other hosts are aborted, with its console errors and dialogs."""

    def __init__(self, browser, lang: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale=f"{lang}-FR")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()


@pytest.fixture
def offline(browser, request):
    sessions: list[Offline] = []

    def make(lang: str) -> Offline:
        sessions.append(Offline(browser, lang))
        return sessions[-1]

    yield make
    for session in sessions:
        session.context.close()


def _records(rows: int) -> pd.DataFrame:
    frame = demo.generate(rows, 1)
    hostile = frame.iloc[[0]].assign(notes=HOSTILE, place="Kidira", lat=14.46, lon=-12.22, quantity=7.0, unit="kg")
    return coerce_records(pd.concat([frame, hostile], ignore_index=True))


def _legs() -> gpd.GeoDataFrame:
    lines = [shapely.LineString([(-13.7, 9.5), (-8.0, 12.6)]), shapely.LineString([(-8.0, 12.6), (2.1, 13.5)]),
             shapely.LineString([(2.1, 13.5), (8.0, 17.0)]), shapely.LineString([(1.2, 6.1), (2.1, 13.5)])]
    return gpd.GeoDataFrame({"from_iso3": ["GIN", "MLI", "NER", "TGO"], "to_iso3": ["MLI", "NER", "DZA", "NER"],
                             "substance": ["cocaine", "cocaine", "cannabis_resin", "tramadol"],
                             "kg": [900.0, 400.0, 60.0, 250.0], "cases": [9, 5, 2, 30],
                             "weight": [900.0, 400.0, 60.0, 250.0], "share": [0.5, 0.25, 0.05, 0.2],
                             "status": ["stable", "emerging", "fading", "stable"]}, geometry=lines, crs="EPSG:4326")


def _open(session: Offline, m, path) -> None:
    path.write_text(standalone_html(m), encoding="utf-8")
    session.page.goto(path.as_uri())
    session.page.wait_for_selector(".leaflet-container .cl-capital", state="attached")
    session.page.wait_for_timeout(300)  # let the canvases paint before the screenshot


def _count_in_pane(page, map_name: str, pane: str) -> int:
    return page.evaluate("""([name, pane]) => {
        let n = 0;
        window[name].eachLayer(l => { if (l.feature && l.options.pane === pane) { n += 1; } });
        return n;
    }""", [map_name, pane])


def _records_in_pane(page, map_name: str, pane: str) -> int:
    """The records the pane's features stand for: a place holding several records lists them (``s``)."""
    return page.evaluate("""([name, pane]) => {
        let n = 0;
        window[name].eachLayer(l => {
            if (l.feature && l.options.pane === pane) { n += (l.feature.properties.s || [null]).length; }
        });
        return n;
    }""", [map_name, pane])


def test_standalone_map_draws_with_no_network(offline, tmp_path):
    session, page = (s := offline("fr")), s.page
    records = _records(1500)
    m = build_map(records, "fr")
    _open(session, m, tmp_path / "carte.html")

    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".leaflet-cl-land-pane canvas").count() == 1
    assert _count_in_pane(page, m.get_name(), "cl-land") > 150  # study countries + the world around them
    located = records.dropna(subset=["lat", "lon"])
    places = located[["lon", "lat"]].round(4).drop_duplicates()  # one circle per place, its records listed
    assert _count_in_pane(page, m.get_name(), "cl-seizures") == len(places)
    assert _records_in_pane(page, m.get_name(), "cl-seizures") == len(located)
    assert page.locator(".cl-capital").count() == len(capitals())
    layers = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    names = [map_text.t(k, "fr") for k in ("layer_countries", "layer_no_report", "layer_corridors", "layer_posts",
                                           "layer_ports", "layer_public")] + ["Saisies"]
    assert [text.strip() for text in layers] == names
    assert "points" in page.locator(".cl-legend").inner_text()
    path = screenshot(page, "map-offline-fr")
    assert path.stat().st_size > 50_000
    assert session.external == [] and session.errors == []


def test_hostile_notes_show_as_text_in_the_popup(offline, tmp_path):
    session, page = (s := offline("fr")), s.page
    m = build_map(_records(50), "fr")
    _open(session, m, tmp_path / "carte.html")
    opened = page.evaluate("""(name) => {
        let found = false;
        window[name].eachLayer(l => {
            if (!found && l.feature && l.feature.properties.v && l.feature.properties.v.join("").includes("onerror")) {
                l.openPopup(); found = true;
            }
        });
        return found;
    }""", m.get_name())
    assert opened
    content = page.locator(".leaflet-popup-content")
    assert HOSTILE in content.inner_text()
    assert content.locator("img").count() == 0
    page.wait_for_timeout(200)
    assert session.dialogs == [] and session.errors == [] and session.external == []


def test_hexagons_and_flows_in_english(offline, tmp_path):
    session, page = (s := offline("en")), s.page
    m = build_map(_records(3000), "en", legs=_legs())
    _open(session, m, tmp_path / "map.html")
    legend = page.locator(".cl-legend").inner_text()
    assert "hexagons (H3 res 3)" in legend and "Flows" in legend
    assert _count_in_pane(page, m.get_name(), "cl-hex") > 50
    # four legs, their four arrowheads and the emerging one's halo
    assert _count_in_pane(page, m.get_name(), "cl-flows") == 9
    screenshot(page, "map-offline-en-hexagons-flows")
    assert session.external == [] and session.errors == []


APP = """
import sys
from pathlib import Path
import streamlit as st
from streamlit_folium import st_folium
from geo import demo
from geo.maps.build import build_map
from geo.core.schema import coerce_records

st.set_page_config(layout="wide")
records = coerce_records(demo.generate(300, 1))
st_folium(build_map(records, "fr", draw=True), key="map", height=800, use_container_width=True,
          returned_objects=[])
"""


@pytest.fixture
def folium_app(tmp_path):
    """A one-page app showing the map through st_folium, with static serving like the dashboard's."""
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    assets.install_static(tmp_path / "static")  # Streamlit serves ./static only if it exists at start
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with running_streamlit(tmp_path, env, tmp_path / "streamlit.log", "--server.enableStaticServing", "true") as url:
        yield url


def test_st_folium_loads_leaflet_from_the_app_itself(offline, folium_app):
    session, page = (s := offline("fr")), s.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(folium_app)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".leaflet-container .cl-capital").first.wait_for(state="attached", timeout=60_000)
    assert frame.locator(".leaflet-control-layers-overlays label").count() == 7  # "no report" countries included
    assert frame.locator(".leaflet-draw-draw-polygon").count() == 1
    vendor = [url for url in requested if "/vendor/" in url]
    assert f"{folium_app}/app/static/vendor/leaflet-1.9.4/leaflet.js" in vendor
    screenshot(page, "map-st-folium-fr")
    assert session.external == [] and session.errors == []
