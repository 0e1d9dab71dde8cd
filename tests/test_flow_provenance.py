"""Route provenance (reported or inferred legs) and the decluttered flow map (issue 17, items 3 and 4)."""

from __future__ import annotations

import itertools
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from colorspacious import cspace_convert, deltaE
from shapely.geometry import LineString

from geo.analysis import major_legs, provenance, routes, stats
from geo.core.schema import coerce_records
from geo.core.view import View
from geo.maps import build, flow_key, flow_style, flows
from geo.maps import static as staticmap
from geo.maps import timeline as map_timeline
from tests.support import make_records

WEST = ["SEN", "MLI", "GIN", "GNB", "GMB", "MRT", "CIV", "BFA", "NER", "GHA", "TGO", "BEN", "NGA", "LBR", "SLE"]
SUBSTANCES = ["cocaine", "cannabis_resin", "cannabis_herb", "tramadol", "heroin", "methamphetamine"]


def seizure(origin: str | None, transit: str | None, country: str, destination: str | None, kg: float,
            **fields: object) -> dict:
    """A seizure in ``country`` on a route as an office's register states it (blank links left blank)."""
    return {"origin": origin, "transit": transit, "country": country, "destination": destination,
            "quantity": kg, "conveyance": "air", **fields}


@pytest.fixture(scope="module")
def mixed() -> pd.DataFrame:
    """Brazil → Senegal stated by two seizures, spanned across an "unknown" transit by a third; on to Mali."""
    return coerce_records(make_records(
        seizure("BRA", None, "SEN", "MLI", 100.0),
        seizure("BRA", "unknown", "SEN", None, 300.0),  # BRA → SEN across an unknown link: not stated
        seizure("BRA", "", "SEN", None, 50.0, date="2021-04-02"),  # a blank transit states nothing: still stated
        seizure("BRA", "ZZZ;unknown", "SEN", "MLI", 20.0),  # unrecognised code and unknown: BRA → SEN not stated
    ))


def test_reported_totals_are_the_stated_records_weight(mixed):
    legs = routes.legs_for_window(mixed, None, mixed["date"].max().date()).set_index(["from_iso3", "to_iso3"])
    # Independent count: for each record, which legs it states (consecutive known links, nothing unknown between).
    stated = {("BRA", "SEN"): 100.0 + 50.0, ("SEN", "MLI"): 100.0 + 20.0}
    expected_kg = mixed.groupby(["origin"])["quantity"].sum()["BRA"]
    assert legs.loc[("BRA", "SEN"), "kg"] == pytest.approx(expected_kg)
    for key, kg in stated.items():
        assert legs.loc[key, "reported_kg"] == pytest.approx(kg)
    assert legs.loc[("BRA", "SEN"), "reported_share"] == pytest.approx(150.0 / 470.0)
    assert legs.loc[("SEN", "MLI"), "reported_share"] == pytest.approx(1.0)
    assert legs.loc[("BRA", "SEN"), "reported_cases"] == 2
    # Unknown links stay unknown: no country appears that no record names.
    assert set(legs.index.get_level_values(0)) | set(legs.index.get_level_values(1)) == {"BRA", "SEN", "MLI"}


def test_reported_totals_add_up_over_periods(mixed):
    legs = routes.period_legs(mixed, ("2021-Q1", "2021-Q2"), "quarter")
    whole = routes.window_legs(legs, 0, 1).set_index(["from_iso3", "to_iso3"])
    parts = [routes.window_legs(legs, k, k).set_index(["from_iso3", "to_iso3"]) for k in (0, 1)]
    summed = pd.concat(parts).groupby(level=[0, 1])["reported_kg"].sum()
    assert whole["reported_kg"].to_dict() == pytest.approx(summed.to_dict())


def test_stats_json_legs_give_the_reported_share(mixed):
    out = json.loads(json.dumps(stats.totals(mixed)))
    by_leg = {(leg["from"], leg["to"]): leg for leg in out["legs"]}
    assert by_leg[("BRA", "SEN")]["reported_kg"] == pytest.approx(150.0)
    assert by_leg[("BRA", "SEN")]["reported_share"] == pytest.approx(round(150.0 / 470.0, 4))
    assert by_leg[("SEN", "MLI")]["reported_share"] == 1.0


def test_a_counted_substance_reports_its_share_of_cases():
    records = coerce_records(make_records(
        seizure("NGA", None, "NER", None, None, substance="tramadol", unit="tablets", count=5000),
        seizure("NGA", "unknown", "NER", None, None, substance="tramadol", unit="tablets", count=9000),
        seizure("NGA", "unknown", "NER", None, None, substance="tramadol", unit="tablets", count=100),
    ))
    leg = routes.legs_for_window(records, None, records["date"].max().date()).iloc[0]
    assert leg["basis"] == "cases" and leg["reported_share"] == pytest.approx(1 / 3)


# --- provenance of a drawn leg ---------------------------------------------------------------
def drawn(rows: list[tuple]) -> gpd.GeoDataFrame:
    """Legs as step_flows gives them: (from, to, substance, kg, reported_kg, via, status)."""
    frame = pd.DataFrame(rows, columns=["from_iso3", "to_iso3", "substance", "kg", "reported_kg", "via", "status"])
    frame["cases"], frame["reported_cases"], frame["basis"], frame["weight"] = 3, 3, "kg", frame["kg"]
    frame["share"] = frame["kg"] / frame["kg"].sum()
    frame["reported_share"] = provenance.reported_share(frame)
    lines = [LineString([(-17.4 + k, 14.7), (-8.0 + k, 12.6 + k)]) for k in range(len(frame))]
    return gpd.GeoDataFrame(frame, geometry=lines, crs="EPSG:4326")


def line_features(group) -> list[dict]:
    data = next(iter(group._children.values())).data
    return [f for f in data["features"] if f["properties"]["status"] not in ("halo", "arrow")]


def test_reported_legs_are_solid_inferred_ones_dashed_and_tooltips_give_the_share():
    legs = drawn([("BRA", "SEN", "cocaine", 100.0, 100.0, "great_circle", "stable"),  # reported
                  ("SEN", "MLI", "cocaine", 80.0, 80.0, "border_post:Kidira–Diboli border crossing", "stable"),
                  ("GIN", "MLI", "cocaine", 60.0, 12.0, "great_circle", "emerging"),  # 20 % stated
                  ("CPV", "GNB", "cocaine", 40.0, 40.0, "corridor:MC03", "fading")])
    assert provenance.provenance(legs).tolist() == ["reported", "inferred", "inferred", "inferred"]
    features = {(f["properties"]["provenance"], f["properties"]["style"]["dashArray"] is None):
                f["properties"]["tip"] for f in line_features(flows.flow_layer(legs, "en"))}
    assert set(features) == {("reported", True), ("inferred", False)}
    tips = [f["properties"]["tip"] for f in line_features(flows.flow_layer(legs, "fr"))]
    assert "100 % du poids aux deux bouts déclarés" in tips[0] and "itinéraire déclaré" in tips[0]
    assert "poste frontière Kidira–Diboli border crossing" in tips[1] and "choisi par le programme" in tips[1]
    assert "20 % du poids" in tips[2] and "itinéraire déduit" in tips[2]
    assert "couloir maritime MC03" in tips[3]


def test_printed_map_dashes_inferred_legs_only():
    from matplotlib.figure import Figure

    legs = drawn([("BRA", "SEN", "cocaine", 100.0, 100.0, "great_circle", "stable"),
                  ("SEN", "MLI", "cannabis_resin", 80.0, 80.0, "border_post:Kidira", "stable")])
    ax = Figure(figsize=(8, 6)).add_axes((0, 0, 1, 1))
    staticmap.draw_map(ax, pd.DataFrame(), legs, "en")
    main = next(a for a in ax.get_children() if a.get_gid() == "couloirs-flows")
    assert [style[1] is None for style in main.get_linestyles()] == [True, False]
    arrows = next(a for a in ax.get_children() if a.get_gid() == "couloirs-flows-arrows")
    assert len(arrows.get_paths()) == 2


# --- the decluttered map ---------------------------------------------------------------------
def test_top_legs_take_each_substance_in_turn():
    legs = pd.DataFrame({"substance": ["a"] * 5 + ["b", "b", "c"], "weight": [50, 40, 30, 20, 10, 3, 2, 0.0],
                         "share": [0.3, 0.27, 0.2, 0.13, 0.07, 0.6, 0.4, np.nan]})
    chosen = major_legs.top_legs(legs, 4)
    assert legs.loc[chosen, "weight"].tolist() == [50, 40, 3, 2]  # a and b's first, then their second
    assert not chosen.iloc[-1]  # a leg of zero weight (gone) is never among them
    assert major_legs.top_legs(legs, 100).sum() == 7


@pytest.fixture(scope="module")
def busy() -> pd.DataFrame:
    """A year with 60 distinct legs over six substances: far more than a map can show."""
    rows = []
    pairs = [(a, b) for a, b in itertools.permutations(WEST, 2)][:60]
    for k, (a, b) in enumerate(pairs):
        rows.append(seizure(a, None, b, None, 10.0 + 7 * k, substance=SUBSTANCES[k % len(SUBSTANCES)],
                            conveyance="land", date=f"2022-{1 + k % 12:02d}-10", lat=None, lon=None))
    return coerce_records(make_records(*rows))


def test_timeline_map_draws_at_most_the_setting_and_the_rest_as_minor_legs(busy, monkeypatch):
    monkeypatch.setenv("COULOIRS_MAP_TOP_LEGS", "25")
    view = View(granularity="year")
    line = map_timeline.prepare_timeline(busy, view, "en")
    layers = map_timeline.period_layers(line, 0, view, "en")
    names = [g.layer_name for g in layers.groups]
    assert "Minor legs" not in names  # off by default
    main = next(g for g in layers.groups if g.layer_name == "Reconstructed flows")
    assert len(line_features(main)) == 25 < len(layers.legs)
    # the 25 are the heaviest of each substance in turn: every substance is there
    shown = {f["properties"]["tip"].split("<br>")[1].split(" · ")[0] for f in line_features(main)}
    assert len(shown) == len(SUBSTANCES)
    with_minor = map_timeline.period_layers(line, 0, view, "en", top=5, minor=True)
    groups = {g.layer_name: g for g in with_minor.groups}
    assert len(line_features(groups["Reconstructed flows"])) == 5
    assert len(line_features(groups["Minor legs"])) == len(layers.legs) - 5
    assert groups["Minor legs"].show is False  # there, unticked: the standalone map and the animation
    asked = map_timeline.period_layers(line, 0, view, "en", top=5, minor=True, shown_on_request=True)
    # The page adds the minor legs and the hot spots only when its switch is on: then they are drawn at once.
    assert {g.layer_name: g.show for g in asked.groups}["Minor legs"] is True
    assert {g.layer_name: g.show for g in asked.groups}["Emerging hot spots"] is True


def test_standalone_map_html_draws_at_most_the_setting(busy, monkeypatch):
    monkeypatch.setenv("COULOIRS_MAP_TOP_LEGS", "12")
    html = build.standalone_map(busy, "fr")
    groups = re.findall(r'"features": \[(.*?)\], "type": "FeatureCollection"', html) or re.findall(
        r'"type": "FeatureCollection", "features": \[(.*?)\]\}', html)
    flow_lines = [g.count('"provenance"') for g in groups if '"provenance"' in g]
    assert flow_lines == [12, len(busy) - 12]  # the default layer, then the minor legs
    assert "12 tron\\u00e7ons les plus lourds" in html  # the legend says how many (JSON-escaped in the page)
    minor = re.search(r'"Axes secondaires" : (feature_group_\w+)', html).group(1)
    main = re.search(r'"Flux reconstitu\\u00e9s" : (feature_group_\w+)', html).group(1)
    assert f"{main}.addTo(map_" in html and f"{minor}.addTo(map_" not in html  # minor legs: in the control, off


def test_minor_legs_layer_is_off_by_default(busy):
    legs = routes.leg_geometries(routes.legs_for_window(busy, None, busy["date"].max().date()).assign(status="stable"))
    assert flows.flow_layer(legs, "en", minor=True).show is False
    assert flows.flow_layer(legs, "en").show is True


def test_opposite_legs_bend_apart_and_arrowheads_point_downstream():
    there, back = LineString([(0, 0), (10, 0)]), LineString([(10, 0), (0, 0)])
    bent_there, bent_back = flow_style.bend(there), flow_style.bend(back)
    assert bent_there.interpolate(0.5, normalized=True).y < -0.5  # right of eastward travel: south
    assert bent_back.interpolate(0.5, normalized=True).y > 0.5  # right of westward travel: north
    assert bent_there.coords[0] == (0, 0) and bent_there.coords[-1] == (10, 0)  # ends stay on the nodes
    head = flow_style.arrowhead(there, 6.0)
    tip = max(head.exterior.coords, key=lambda c: c[0])
    assert tip[0] > 6.0 and head.centroid.x > 5.9  # at 60 % of the leg, pointing east
    assert flow_style.arrowhead(back, 6.0).centroid.x < 4.1


def test_legend_explains_hues_dashes_and_the_default_count():
    html = flow_key.flow_key_html("en", 25)
    assert all(hue in html for hue in flow_style.FAMILY_HUES.values())
    assert "stroke-dasharray" in html and "inferred: an end or a passage the program chose" in html
    assert "the 25 heaviest legs" in html


# --- colour-vision deficiencies ------------------------------------------------------------------
MIN_DELTA_E = 10.0  # CAM02-UCS distance two hues keep under simulation: clearly different at a glance


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_family_hues_stay_distinguishable_under_colour_blindness(deficiency):
    """Machado, Oliveira & Fernandes (2009) at full severity (dichromacy), then CAM02-UCS distances."""
    rgb = np.array([[int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)] for h in flow_style.FAMILY_HUES.values()])
    seen = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1"), 0, 1)
    names = list(flow_style.FAMILY_HUES)
    for i, j in itertools.combinations(range(len(names)), 2):
        distance = float(deltaE(seen[i], seen[j], input_space="sRGB1"))
        assert distance >= MIN_DELTA_E, f"{names[i]} and {names[j]} under {deficiency}: ΔE {distance:.1f}"


def test_every_substance_has_a_family_hue():
    from geo.core import schema

    assert {flow_style.family(s) for s in schema.substances()} == set(flow_style.FAMILIES)


def test_presenter_key_names_the_top_legs_in_projector_type():
    legs = drawn([("BRA", "CPV", "cocaine", 300.0, 0.0, "corridor:MC03", "stable"),
                  ("MAR", "MRT", "cannabis_resin", 200.0, 200.0, "great_circle", "stable"),
                  ("SEN", "MLI", "cocaine", 100.0, 100.0, "great_circle", "stable"),
                  ("NGA", "NER", "tramadol", 50.0, 50.0, "great_circle", "stable")]).assign(major=True)
    html = flow_key.presenter_key_html("fr", legs)
    named = re.findall(r"<span>([^<]*→[^<]*)<i>", html)
    assert [n.split(" · ")[0] for n in named] == ["Brésil → Cap-Vert", "Maroc → Mauritanie", "Sénégal → Mali"]
    assert html.count('stroke-dasharray="5 4"') == 2  # the inferred first leg, and the key's dashed sample
    assert "font-size:18px" in flow_key.PRESENTER_KEY_CSS
