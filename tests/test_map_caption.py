"""What the map says about the step it shows, and what answers "what is here?": pure parts, no browser.

Period headings (single and cumulative), the first period's "nothing to compare", the heaviest leg, the
records of one place listed largest first, hexagons and hotspots named by the nearest town.
"""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.core.schema import coerce_records
from geo.core.view import View
from geo.maps import caption, seizures
from geo.maps.layers import PANES, SVG_PANES
from geo.maps.timeline import frame_map, period_layers, prepare_timeline
from geo.reference import nearest


def _records(*rows: dict) -> pd.DataFrame:
    base = {"date": "2021-03-04", "country": "MLI", "place": "Tombouctou", "lat": 16.77, "lon": -3.01,
            "substance": "cocaine", "quantity": 1.0, "unit": "kg", "agency": "mli-ocs", "sensitivity": "public",
            "origin": "BRA", "destination": "MLI", "conveyance": "land"}
    return coerce_records(pd.DataFrame([{**base, **row} for row in rows]))


@pytest.mark.parametrize(("keys", "index", "mode", "lang", "expected"), [
    (("2015", "2016", "2017"), 0, "cumulative", "fr", "2015"),
    (("2015", "2016", "2017"), 2, "cumulative", "fr", "2015 – 2017"),
    (("2015", "2016", "2017"), 2, "window", "en", "2017"),
    (("2021-01", "2021-02"), 1, "cumulative", "en", "Jan 2021 – Feb 2021"),
    (("2021-Q1", "2021-Q2"), 0, "window", "fr", "T1 2021"),
])
def test_period_heading_never_repeats_a_period(keys, index, mode, lang, expected):
    assert caption.period_heading(keys, index, mode, lang) == expected


def test_first_period_has_nothing_to_compare_and_later_ones_count_changes():
    legs = pd.DataFrame({"status": ["emerging"] * 18 + ["fading", "stable"]})
    assert caption.change_text(legs, 0, "fr") == "aucune période antérieure pour comparer"
    assert caption.change_text(legs, 1, "en") == "18 emerging, 1 fading"


def test_first_period_flags_no_leg_on_the_map():
    records = _records({"date": "2020-05-01", "origin": "BRA"}, {"date": "2021-05-01", "origin": "NGA"},
                       {"date": "2021-06-01", "origin": "GHA"})
    view = View(granularity="year")
    line = prepare_timeline(records, view, "fr")
    first = period_layers(line, 0, view, "fr")
    assert len(first.legs) and set(first.legs["status"]) == {"stable"}


def test_heaviest_leg_is_the_heaviest_by_weight():
    legs = gpd.GeoDataFrame({"from_iso3": ["BRA", "MLI", "NGA"], "to_iso3": ["SEN", "NER", "NER"],
                             "substance": ["cocaine", "cannabis_resin", "tramadol"], "kg": [300.0, 5800.0, 0.0],
                             "weight": [300.0, 5800.0, 40.0]}, geometry=[shapely.Point(0, 0)] * 3)
    route, substance = caption.heaviest_leg_parts(legs, "fr")
    assert route == f"Mali → Niger · 5{chr(0x202f)}800 kg" and substance == "Résine de cannabis"
    assert caption.heaviest_leg_parts(legs.iloc[:0], "fr") == ("", "")


def test_caption_html_escapes_and_carries_the_period():
    words = caption.Caption("2015 – 2016", "<b>", "x", ("A → B · 1 kg", "<i>"), demo=True)
    html = caption.caption_html(words, "en")
    assert 'data-period="2015 – 2016"' in html and "&lt;b&gt;" in html and "&lt;i&gt;" in html
    assert "synthetic demo" in html


def test_records_at_one_place_are_listed_largest_first():
    records = _records({"quantity": 2.6, "record_id": "small"}, {"quantity": 5800.0, "record_id": "large"},
                       {"quantity": 40.0, "record_id": "middle"},
                       {"lat": 13.51, "lon": 2.11, "place": "Niamey", "quantity": 7.0, "record_id": "alone"})
    layer = seizures.seizure_layer(records, "fr")
    collection = next(iter(layer.group._children.values())).data
    features = collection["features"]
    assert len(features) == 2  # one circle per place
    stacked = next(f["properties"] for f in features if "s" in f["properties"])
    masses = [title.split(" · ")[1] for title, *_ in stacked["s"]]
    expected = records.sort_values("quantity_kg", ascending=False)
    expected = expected[expected["place"] == "Tombouctou"]["quantity_kg"]
    assert len(masses) == len(expected) == 3
    assert [float(m.replace("\u202f", "").replace(",", ".").removesuffix(" kg")) for m in masses] == \
        expected.tolist()
    assert stacked["id"] == "large"  # the circle's click opens the largest record's detail
    assert features[0]["properties"]["r"] >= features[1]["properties"]["r"]  # large places drawn first


def test_stacked_places_order_independent_of_input_order():
    lon, lat = pd.Series([1.0, 2.0, 1.0, 1.0]), pd.Series([5.0, 6.0, 5.0, 5.0])
    size = pd.Series([3.0, 1.0, 9.0, 5.0])
    assert seizures.stacked_places(lon, lat, size) == [[2, 3, 0], [1]]


@pytest.mark.parametrize(("lat", "lon", "lang", "expected"), [
    (14.69, -17.44, "fr", "Dakar, Sénégal"),
    (12.0, 8.52, "en", "Kano, Nigeria"),
    (16.77, -3.01, "fr", "Timbuktu, Mali")  # GeoNames names towns in one language,
])
def test_places_are_named_by_the_nearest_town(lat, lon, lang, expected):
    assert nearest.place_label(lat, lon, lang) == expected
    assert nearest.place_label(float("nan"), lon, lang) == ""


def test_pointer_panes_seizures_above_symbols_and_drawn_in_svg():
    assert PANES["cl-seizures"] > PANES["cl-symbols"] > PANES["cl-flows"] > PANES["cl-hex"]
    assert {"cl-hex", "cl-flows", "cl-seizures"} <= set(SVG_PANES)
    html = frame_map("fr", None).get_root().render()
    assert "_paneRenderers" in html and "L.svg" in html
