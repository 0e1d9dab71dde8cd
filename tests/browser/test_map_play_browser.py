"""The Map page plays, answers "what is here?" and fits a projector: in a real browser, offline.

Play advances the period drawn inside the map (the caption the layer swap fills) and stops when
toggled off; a place holding several records opens their list, largest first; presenter mode at
1920×1080 and 1280×720 keeps its legend and caption off the Senegal–Guinea coast, in large type.
Hexagon hovering under route lines is tested on a standalone map (the dashboard's open demo has too
few records for hexagons; both maps share the panes and renderers of ``geo.maps.layers``).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from geo import demo
from geo.core.schema import coerce_records
from geo.maps.build import standalone_map
from tests.support.browser import screenshot

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Coast points that a projected map must leave in view: Dakar, Bissau, Conakry.
COAST = ((14.69, -17.44), (11.86, -15.60), (9.51, -13.71))


def open_map(page, url: str):
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".cl-period-box .cl-cap-h")).to_be_visible(timeout=240_000)  # a cold server seeds first
    return frame


def leaflet_frame(page):
    return next(f for f in page.frames if "streamlit_folium.st_folium" in f.url)


def test_play_advances_then_stops(app_url, page):
    frame = open_map(page, f"{app_url}/?granularity=quarter&period=2016-Q1")
    heading = frame.locator(".cl-period-box .cl-cap-h")
    expect(heading).to_have_text("T1 2016", timeout=60_000)
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_label("Secondes par période")).click()
    page.get_by_role("option", name="1 s").click()
    page.get_by_text("Lecture", exact=True).click()
    # Three periods advance by themselves (the issue asks for them within 10 s, which holds on an idle
    # machine; the suite never times an assertion, as other jobs share the machine).
    seen: list[str] = []
    start = time.monotonic()
    while len(set(seen)) < 4 and time.monotonic() - start < 180:
        seen.append(heading.inner_text())
        page.wait_for_timeout(200)
    assert len(set(seen)) >= 4, seen  # the first period and three more
    page.get_by_text("Lecture", exact=True).click()
    # Ticks already queued on a busy machine may still land: wait until the map has settled.
    stopped, start = heading.inner_text(), time.monotonic()
    while time.monotonic() - start < 120:
        page.wait_for_timeout(3000)
        now = heading.inner_text()
        if now == stopped and page.get_by_test_id("stStatusWidget").count() == 0:
            break
        stopped = now
    page.wait_for_timeout(5000)  # two ticks of the chosen interval and more
    assert heading.inner_text() == stopped
    assert page.console.errors == []


def test_first_period_has_nothing_to_compare(app_url, page):
    frame = open_map(page, f"{app_url}/?granularity=year&period=2015&mode=cumulative")
    box = frame.locator(".cl-period-box")
    expect(box.locator(".cl-cap-h")).to_have_text("2015", timeout=60_000)  # never "2015 – 2015"
    expect(box).to_contain_text("aucune période antérieure pour comparer")
    # no leg flagged emerging on the first period: no halo drawn
    assert leaflet_frame(page).evaluate(
        "() => window.feature_group.every(g => !JSON.stringify(g.toGeoJSON()).includes('\"halo\"'))")


STACKED_JS = """() => {
    const found = [];
    window.feature_group.forEach(g => g.eachLayer(function visit(layer) {
        if (layer.eachLayer) { layer.eachLayer(visit); return; }
        const p = layer.feature && layer.feature.properties;
        if (p && p.s && p.s.every(v => / kg$/.test(v[0]))) {
            const pt = map_div.latLngToContainerPoint(layer.getLatLng());
            found.push({x: pt.x, y: pt.y, n: p.s.length});
        }
    }));
    const size = map_div.getSize();
    return found.filter(f => f.x > 60 && f.y > 60 && f.x < size.x - 320 && f.y < size.y - 60)
                .sort((a, b) => b.n - a.n);
}"""


def kg(text: str) -> float:
    number = re.search(r"([\d\s\u202f\u00a0]+(?:,\d+)?) kg$", text).group(1)
    return float(re.sub(r"[\s\u202f\u00a0]", "", number).replace(",", "."))


def test_a_place_with_several_records_lists_them_largest_first(app_url, page):
    frame = open_map(page, f"{app_url}/?granularity=year&period=2022")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=120_000)
    places = leaflet_frame(page).evaluate(STACKED_JS)
    assert places, "the demo has places holding several weighed records"
    page.locator(MAP_FRAME).evaluate("e => e.scrollIntoView()")
    page.wait_for_timeout(500)
    box = page.locator(MAP_FRAME).bounding_box()
    visible = [p for p in places if box["y"] + p["y"] < page.viewport_size["height"] - 20]
    assert visible, "a stacked place within the window"
    place = visible[0]
    page.mouse.click(box["x"] + place["x"], box["y"] + place["y"])
    items = frame.locator(".cl-popup .cl-stack > li > details > summary")
    expect(items.first).to_be_visible(timeout=10_000)
    titles = items.all_inner_texts()
    assert len(titles) == place["n"] >= 2
    masses = [kg(title.split(" · ")[1]) for title in titles]
    assert masses == sorted(masses, reverse=True)
    screenshot(page, "map-stacked-place")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_presenter_layout_keeps_the_coast_in_view(app_url, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="fr-FR")
    page = context.new_page()
    try:
        frame = open_map(page, f"{app_url}/?presenter=1&granularity=year&period=2016")
        page.wait_for_timeout(1500)
        inner = leaflet_frame(page)
        coast = inner.evaluate("(points) => points.map(p => map_div.latLngToContainerPoint(p))",
                               [list(p) for p in COAST])
        xs, ys = [p["x"] for p in coast], [p["y"] for p in coast]
        coast_box = (min(xs) - 10, min(ys) - 10, max(xs) + 10, max(ys) + 10)
        size_now = inner.evaluate("() => map_div.getSize()")
        assert coast_box[0] >= 0 and coast_box[2] <= size_now["x"] and coast_box[1] >= 0
        assert coast_box[3] <= size_now["y"]  # the coast is on screen
        assert size_now["y"] >= size[1] - 20  # the map fills the window's height
        for selector in (".cl-legend-box", ".cl-period-box"):
            r = inner.evaluate(f"() => {{ const b = document.querySelector('{selector}').getBoundingClientRect();"
                               " return [b.left, b.top, b.right, b.bottom]; }")
            assert r[2] <= coast_box[0] or r[0] >= coast_box[2] or r[3] <= coast_box[1] or r[1] >= coast_box[3], \
                (selector, r, coast_box)
        for selector in (".cl-cap-h", ".cl-cap-fig", ".cl-cap-leg"):
            px = inner.evaluate(f"() => parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)")
            assert px >= 28, (selector, px)
        expect(frame.locator(".cl-period-box .cl-badge")).to_be_visible()  # the demo banner's small badge
        assert page.get_by_test_id("stAlert").count() == 0 or not page.get_by_test_id("stAlert").first.is_visible()
        assert page.get_by_test_id("stSidebar").is_hidden()
        screenshot(page, f"map-presenter-{size[0]}")
    finally:
        context.close()


def test_hexagons_answer_the_pointer_under_route_lines(browser, tmp_path):
    records = coerce_records(demo.generate(rows=2600, seed=3))
    path = tmp_path / "map.html"
    path.write_text(standalone_map(records, "fr"), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => document.querySelectorAll('.leaflet-cl-hex-pane path').length > 20",
                               timeout=60_000)
        assert page.locator(".leaflet-cl-flows-pane path").count() > 0  # routes are drawn over the hexagons
        # A hexagon's centre where no other shape is painted: the pointer must reach the hexagon.
        point = page.evaluate("""() => {
            for (const path of document.querySelectorAll('.leaflet-cl-hex-pane path')) {
                const b = path.getBoundingClientRect();
                const x = b.left + b.width / 2, y = b.top + b.height / 2;
                if (x > 80 && y > 80 && x < innerWidth - 420 && y < innerHeight - 80
                        && document.elementFromPoint(x, y) === path) { return [x, y]; }
            }
            return null;
        }""")
        assert point is not None, "some hexagon is reachable by the pointer"
        page.mouse.move(*point)
        expect(page.locator(".leaflet-tooltip.cl-tip")).to_contain_text("kg", timeout=5_000)
        # Where a route line crosses the map, the area around its stroke still reaches what lies beneath.
        blocked = page.evaluate("""() => {
            const svg = document.querySelector('.leaflet-cl-flows-pane svg');
            return svg ? getComputedStyle(svg).pointerEvents : 'none';
        }""")
        assert blocked == "none"
        screenshot(page, "map-hexagon-hover")
    finally:
        context.close()
