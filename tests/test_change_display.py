"""Every flag names its rule with its numbers where it is shown, and the hot-spot layer explains its categories."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.analysis import change_rules, hotspots, routes, stats
from geo.core.schema import coerce_records
from geo.i18n import changes as change_text
from geo.maps import flows
from geo.maps import hotspots as hotspot_map
from geo.trends import charts
from tests.support import make_records


def flagged_legs() -> gpd.GeoDataFrame:
    current = pd.DataFrame({"substance": ["cocaine"] * 2, "from_iso3": ["SEN", "MLI"], "to_iso3": ["MLI", "NER"],
                            "mode": ["land"] * 2, "kg": [30.0, 4.0], "cases": [4, 2], "tablets": [0, 0],
                            "weight": [30.0, 4.0], "share": [0.9, 0.1], "basis": ["kg", "kg"]})
    previous = current.assign(kg=[10.0, 40.0], weight=[10.0, 40.0], cases=[2, 4])
    changes = routes.flag_changes(current, previous, change_rules.ChangeRule())
    lines = [shapely.LineString([(-17.4, 14.7), (-8.0, 12.6)]), shapely.LineString([(-8.0, 12.6), (2.1, 13.5)])]
    return gpd.GeoDataFrame(changes, geometry=lines, crs="EPSG:4326")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["▲▲ strong increase (Couloirs change rule 1): 30.0 kg against a baseline of 10.0 kg, +200 %",
            "▼▼ strong decrease (Couloirs change rule 1): 4.0 kg against a baseline of 40.0 kg, −90 %"]),
    ("fr", ["▲▲ forte hausse (règle de variation Couloirs 1) : 30,0 kg contre 10,0 kg de référence, +200 %",
            "▼▼ forte baisse (règle de variation Couloirs 1) : 4,0 kg contre 40,0 kg de référence, −90 %"]),
])
def test_flow_tooltips_name_the_rule_and_its_numbers(lang, expected):
    group = flows.flow_layer(flagged_legs(), lang)
    tips = [f["properties"].get("tip", "") for f in next(iter(group._children.values())).data["features"]]
    for text in expected:
        assert any(text in tip for tip in tips), text


def test_stats_json_legs_carry_the_latest_flag():
    rows = ([{"date": "2023-05-01", "origin": "BRA", "country": "SEN", "quantity": 10, "unit": "kg"}] * 3
            + [{"date": "2024-05-01", "origin": "BRA", "country": "SEN", "quantity": 25, "unit": "kg"}] * 3)
    out = json.loads(json.dumps(stats.totals(coerce_records(make_records(*rows)), "year")))
    change = out["legs"][0]["change"]
    assert change == {"rule": change_rules.RULE_ID, "period": "2024", "band": "strong_increase",
                      "status": "emerging", "now": 75.0, "baseline": 30.0, "change_pct": 150.0}


def test_the_rule_reads_the_settings(monkeypatch):
    monkeypatch.setenv("COULOIRS_CHANGE_BASELINE", "mean4")
    monkeypatch.setenv("COULOIRS_CHANGE_MIN_CASES", "5")
    monkeypatch.setenv("COULOIRS_CHANGE_STRONG_PCT", "150")
    assert change_rules.current_rule() == change_rules.ChangeRule("mean4", 5, 25.0, 150.0)
    monkeypatch.setenv("COULOIRS_CHANGE_INCREASE_PCT", "200")
    with pytest.raises(ValueError, match="must be positive and below the strong one"):
        change_rules.current_rule()
    monkeypatch.setenv("COULOIRS_CHANGE_BASELINE", "median")
    with pytest.raises(ValueError, match="COULOIRS_CHANGE_BASELINE"):
        change_rules.current_rule()


def cells() -> pd.DataFrame:
    base = "835549fffffffff"
    rows = [(base, "new", 3.1, 0.002, float("nan"), 1.0, 1, 10, 12), ("83554dfffffffff", "none", 0.1, 0.9, 0.0, 1.0,
                                                                       0, 10, 3),
            ("835548fffffffff", "historical", -0.2, 0.8, -0.4, 0.1, 9, 10, 40)]
    return pd.DataFrame(rows, columns=list(hotspots.COLUMNS))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_hotspot_layer_is_off_by_default_and_explains_each_cell(lang):
    group = hotspot_map.hotspot_layer(cells(), lang)
    assert group.show is False
    features = next(iter(group._children.values())).data["features"]
    assert [f["properties"]["category"] for f in features] == ["new", "historical"]  # "none" is not drawn
    assert features[0]["properties"]["style"]["fillColor"] == hotspot_map.CATEGORY_COLOURS["new"]
    tip = features[0]["properties"]["tip"]
    assert change_text.category_line("new", lang) in tip and "Gi* z = 3" in tip
    legend = hotspot_map.hotspot_legend_html(lang)
    for category in hotspot_map.CATEGORY_COLOURS:
        assert change_text.category_line(category, lang) in legend.replace("&#x27;", "'")


def test_trends_table_lists_the_categorised_cells():
    table = charts.emerging_hotspot_table(cells(), charts.ChartContext("en", "2024", 0))
    assert table["Category"].tolist() == ["new", "historical"]
    assert table.iloc[0]["Hot periods"] == "1 / 10" and table.iloc[0]["Trend τ"] == "–"
