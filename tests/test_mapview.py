"""The map rendered to HTML without a browser: assets, layers, escaping, modes, legend."""

import re

import branca.colormap
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import demo, reference
from geo.core.schema import coerce_records
from geo.i18n import maps as map_text
from geo.maps import basemap, build, choropleth, flows, legend, seizures
from geo.maps.literal_geojson import LiteralGeoJson
from tests.support import external_loads

HOSTILE = "<img src=x onerror=alert(1)>"

def _record(**overrides) -> dict:
    row = {"date": "2021-03-04", "country": "SEN", "place": "Dakar", "lat": 14.69, "lon": -17.44,
           "substance": "cocaine", "quantity": 12.0, "unit": "kg", "agency": "sen-douanes", "sensitivity": "public",
           "origin": "BRA", "transit": "CPV", "destination": "ESP", "conveyance": "sea",
           "source": "https://example.org/report ; javascript:alert(2)", "notes": "routine"}
    return {**row, **overrides}


def _records(*rows: dict) -> pd.DataFrame:
    return coerce_records(pd.DataFrame(list(rows)))


def _text(html: str) -> str:
    """The page with JSON's \\uXXXX escapes decoded, as the browser's JavaScript sees the strings."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return _records(_record(notes=HOSTILE, place="<script>alert(3)</script>"),
                    _record(country="MLI", place="Gao", lat=16.27, lon=-0.04, substance="cannabis_resin",
                            quantity=2.0, unit="t"),
                    _record(country="NER", place="Niamey", lat=13.51, lon=2.11, substance="tramadol",
                            quantity=20000, unit="tablets"),
                    _record(country="GIN", place=None, lat=None, lon=None, location_precision="unlocated"))


@pytest.fixture(scope="module")
def many() -> pd.DataFrame:
    return coerce_records(demo.generate(600, 3))


@pytest.fixture(scope="module", params=["fr", "en"])
def rendered(request, small) -> tuple[str, str]:
    m = build.build_map(small, request.param, draw=True)
    return request.param, m.get_root().render()


@pytest.mark.slow
def test_no_cdn_and_only_local_assets(rendered):
    _, html = rendered
    assert external_loads(html) == []
    assert "tile.openstreetmap.org" not in html  # web tiles only when asked for
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert scripts[0] == "../../app/static/vendor/leaflet-1.9.4/leaflet.js"
    assert all(url.startswith("../../app/static/vendor/") for url in scripts + styles), scripts + styles
    assert "../../app/static/vendor/leaflet-draw-1.0.4/leaflet.draw.js" in scripts
    for dropped in ("jquery", "bootstrap", "awesome", "font-awesome", "fontawesome"):
        assert dropped not in html.lower()


@pytest.mark.slow
def test_layer_names_in_each_language(rendered):
    lang, html = rendered
    text = _text(html)
    for key in ("layer_countries", "layer_corridors", "layer_posts", "layer_ports", "layer_public"):
        assert map_text.t(key, lang) in text
    assert map_text.t("seizures", lang) in text
    other = "en" if lang == "fr" else "fr"
    assert map_text.t("layer_posts", other) not in text


@pytest.mark.slow
def test_hostile_text_is_escaped_never_raw(rendered):
    _, html = rendered
    text = _text(html)
    assert HOSTILE not in text and "<script>alert(3)" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in text
    assert 'href="javascript:' not in text  # a source that is not a web address stays text


def test_popup_carries_the_record_fields(small):
    values = seizures._popup_values(next(small.itertuples(index=False)), "en")
    shown = dict(zip(["title", *seizures.POPUP_FIELDS], values))
    assert shown["title"] == "Cocaine · 12 kg"
    assert shown["date"] == "2021-03-04" and shown["country"] == "Senegal"
    assert shown["route"] == "Brazil → Cabo Verde → Spain"
    assert shown["source"].startswith('<a href="https://example.org/report" target="_blank" rel="noopener noreferrer">')
    assert shown["notes"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_few_records_are_points_sized_by_quantity(small):
    layer = seizures.seizure_layer(small, "en")
    assert (layer.mode, layer.resolution, layer.features, layer.unlocated) == ("points", None, 3, 1)
    assert layer.mode_label("en") == "points"
    data = next(iter(layer.group._children.values())).data
    radius = [f["properties"]["r"] for f in data["features"]]
    assert len(set(radius)) == 3  # 12 kg, 2 t and 20,000 tablets: three sizes
    assert radius == sorted(radius, reverse=True)  # small circles drawn last, on top
    assert all("style_function" not in vars(child) for child in layer.group._children.values())


@pytest.mark.slow
def test_many_records_switch_to_hexagons_and_the_legend_says_so(many):
    points = seizures.seizure_layer(many, "fr", max_points=len(many))
    hexagons = seizures.seizure_layer(many, "fr", max_points=100)
    assert points.mode == "points" and hexagons.mode == "hexagons"
    assert hexagons.resolution == 3 and hexagons.features < points.features
    html = _text(legend.legend("fr", seizures=hexagons).html)
    assert "hexagones (H3 rés. 3)" in html
    assert "hexagons (H3 res 3)" in _text(legend.legend("en", seizures=hexagons).html)
    assert "points" in _text(legend.legend("en", seizures=points).html)


@pytest.mark.slow
def test_the_browser_never_gets_more_features_than_the_cap(many):
    layer = seizures.seizure_layer(many, "en", max_points=100, max_cells=12, resolution=6)
    assert layer.features <= 12 and layer.resolution < 6
    assert layer.located == many["lat"].notna().sum()  # every located record is in some cell


@pytest.mark.slow
def test_build_map_picks_hexagons_above_the_threshold(many):
    html = _text(build.build_map(many, "en", max_points=200).get_root().render())
    assert "Seizures — hexagons (H3 res 3)" in html
    assert "Total per hexagon" in html


@pytest.mark.slow
def test_corridor_tooltips_carry_name_period_confidence_and_sources():
    html = _text(build.build_map(None, "en").get_root().render())
    for row in reference.corridors().itertuples():
        assert f"Reported active: {row.active_from}–{row.active_to}" in html
    assert "Confidence: high (pattern)" in html and "Sources: " in html
    assert '"dashArray": "5 6"' in html  # schematic parts are dashed


def test_choropleth_colours_follow_the_values():
    values = pd.Series({"SEN": 5.0, "MLI": 800.0, "NER": 40000.0})
    group, ramp = choropleth.countries_layer("en", values, title="kg")
    styles = {f["properties"]["iso3"]: f["properties"]["style"]
              for f in next(iter(group._children.values())).data["features"]}
    fills = {iso3: styles[iso3]["fillColor"] for iso3 in values.index}
    assert len(set(fills.values())) == 3
    assert fills["NER"] == ramp.colours[-1]
    assert styles["GHA"]["fillOpacity"] == 0  # no value: boundary only
    _, none = choropleth.countries_layer("en")
    assert none is None


def test_legend_lists_substances_symbols_and_ramp(small):
    layer = seizures.seizure_layer(small, "fr")
    _, ramp = choropleth.countries_layer("fr", pd.Series({"SEN": 1.0, "MLI": 10.0}), title="Masse saisie (kg)")
    html = _text(legend.legend("fr", seizures=layer, choropleth=ramp, flows_largest=500.0).html)
    for text in ("Cocaïne", "Résine de cannabis", "Tramadol", "poste frontière", "port maritime", "aéroport",
                 "Saisie publique", "Pays: Masse saisie (kg)", "Flux", "émergent", "en déclin",
                 "1 saisies sans position non dessinées"):
        assert text in html, text


def _legs() -> gpd.GeoDataFrame:
    lines = [shapely.LineString([(-17.4, 14.7), (-8.0, 12.6)]), shapely.LineString([(-8.0, 12.6), (2.1, 13.5)]),
             shapely.LineString([(2.1, 13.5), (8.0, 17.0)])]
    return gpd.GeoDataFrame({"from_iso3": ["SEN", "MLI", "NER"], "to_iso3": ["MLI", "NER", "DZA"],
                             "substance": ["cocaine", "cocaine", "cannabis_resin"], "kg": [900.0, 100.0, 4.0],
                             "cases": [9, 3, 1], "weight": [900.0, 100.0, 4.0], "share": [0.9, 0.1, 0.004],
                             "status": ["stable", "emerging", "fading"]}, geometry=lines, crs="EPSG:4326")


def test_flow_widths_scale_with_weight_and_status_shows():
    group = flows.flow_layer(_legs(), "en")
    features = next(iter(group._children.values())).data["features"]
    lines = {f["properties"]["status"]: f["properties"]["style"] for f in features}
    assert lines["stable"]["weight"] == flows.FLOW_MAX_PX
    assert flows.FLOW_MIN_PX < lines["fading"]["weight"] < lines["emerging"]["weight"] < lines["stable"]["weight"]
    assert lines["halo"]["weight"] > lines["emerging"]["weight"]  # emerging: a bright halo beneath
    assert features[0]["properties"]["status"] == "halo"
    assert lines["fading"]["opacity"] < lines["stable"]["opacity"] and lines["fading"]["dashArray"]
    assert any("<b>Senegal → Mali</b>" in f["properties"].get("tip", "") for f in features)


@pytest.mark.slow
def test_build_map_draws_flows_with_a_width_key():
    html = _text(build.build_map(None, "fr", legs=_legs()).get_root().render())
    assert map_text.t("layer_flows", "fr") in html and "Flux : largeur" in html


@pytest.mark.slow
def test_basemap_is_offline_vector_unless_tiles_are_asked_for():
    plain = basemap.base_map("fr").get_root().render()
    assert "tile.openstreetmap.org" not in plain and "L.tileLayer" not in plain
    assert '"maxZoom": 12' in plain and '"preferCanvas": true' in plain
    assert "Niamey" in plain and "Dakar" in plain  # capital labels
    tiled = _text(build.build_map(None, "en", tiles=True).get_root().render())
    assert "tile.openstreetmap.org" in tiled and "OpenStreetMap (needs internet)" in tiled
    assert "Vector basemap (offline)" in tiled


@pytest.mark.slow
def test_capitals_come_from_geonames_not_from_memory():
    capitals = basemap.capitals().set_index("iso3")
    assert capitals.loc["NGA", "name"] == "Abuja" and capitals.loc["CIV", "name"] == "Yamoussoukro"
    assert capitals["source"].str.contains("geonameid").all()
    assert "ESH" not in capitals.index


@pytest.mark.slow
def test_no_branca_colormap_because_st_folium_would_fetch_d3_from_a_cdn(small):
    m = build.build_map(small, "en")

    def walk(element):
        yield element
        for child in element._children.values():
            yield from walk(child)

    assert not any(isinstance(e, branca.colormap.ColorMap) for e in walk(m))


def test_point_radius_grows_with_the_square_root():
    radius = seizures.point_radius(np.array([1.0, 100.0, 10000.0]), np.full(3, np.nan))
    assert radius[0] < radius[1] < radius[2] == seizures.R_MAX


# Record text that Jinja would run if a rendered layer were compiled as a template again.
TEMPLATE_TEXTS = ("X{{ 7*7 }}Y", "{{ cycler.__init__.__globals__.os.getpid() }}", "{% if %}", "{#")


@pytest.mark.slow
@pytest.mark.parametrize("field", ["notes", "place", "source_ref", "source", "transport_detail"])
def test_template_syntax_in_record_text_stays_inert(field):
    records = _records(*(_record(**{field: text}) for text in TEMPLATE_TEXTS))
    html = _text(build.standalone_html(build.build_map(records, "fr")))
    assert "X49Y" not in html
    for text in TEMPLATE_TEXTS:
        assert text.replace("<", "&lt;") in html


@pytest.mark.slow
def test_every_geojson_layer_renders_literally(small):
    def walk(element):
        yield element
        for child in element._children.values():
            yield from walk(child)

    m = build.build_map(small, "en", draw=True)
    geojsons = [e for e in walk(m) if isinstance(e, folium.GeoJson)]
    assert len(geojsons) >= 8
    assert all(isinstance(e, LiteralGeoJson) for e in geojsons), [type(e) for e in geojsons]
