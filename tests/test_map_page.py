"""The Map page in AppTest: filters from the URL, the period slider, dynamic layers only."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.maps import assets
from geo.maps import timeline as mapframes
from geo.store import Batch, GeoPackageStore
from tests.support import make_records
from tests.support.apptest import open_app
from ui.keys import MapKeys

pytestmark = pytest.mark.slow  # every test runs the app in AppTest


@pytest.fixture
def map_env(tmp_path, monkeypatch):
    db = tmp_path / "map.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    GeoPackageStore(db).write_batch(make_records(
        {"source_ref": "1", "date": "2019-03-01", "origin": "BRA", "destination": "ESP", "conveyance": "sea"},
        {"source_ref": "2", "date": "2021-05-01", "substance": "tramadol", "quantity": 5000, "unit": "tablets",
         "country": "NER", "lat": 13.5, "lon": 2.1, "origin": "NGA", "notes": "<img src=x onerror=alert(1)>"},
        {"source_ref": "3", "date": "2021-06-01", "country": "MLI", "lat": 12.6, "lon": -8.0, "transit": "SEN",
         "place": "Bamako {{ 7*7 }}"},
    ), Batch(kind="import", created_by="test"))
    return db


def map_component(at: AppTest) -> dict:
    components = [e for e in at.get("component_instance")
                  if e.proto.component_name == "streamlit_folium.st_folium"]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def caption_html(at: AppTest) -> str:
    """The map's caption (period, figures) as the layer-swapping script fills it in (drawn inside the map)."""
    found = re.findall(r'box\.innerHTML = ("(?:[^"\\]|\\.)*");', map_component(at)["feature_group"])
    assert len(found) == 1
    return json.loads(found[0])


def shown_period(at: AppTest) -> str:
    """The period the map's caption says."""
    return re.search(r'data-period="(.*?)"', caption_html(at)).group(1)


def run_map(query: dict | None = None) -> AppTest:
    return open_app(lang=None, query=query, timeout=120)


def test_map_draws_latest_period_with_local_assets(map_env):
    at = run_map()
    assert at.title[0].value == "Carte"
    args = map_component(at)
    assert all("cdn" not in link and link.startswith("../../app/static/vendor") for link in args["js_links"])
    assert "feature_group_feature_group_0" in args["feature_group"]
    assert shown_period(at) == "2021"
    # escaped for HTML, then JSON-encoded ("&" becomes \u0026) inside the layer's script
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in args["feature_group"]
    assert "<img src=x onerror" not in args["feature_group"]
    assert "Bamako {{ 7*7 }}" in args["feature_group"] and "Bamako 49" not in args["feature_group"]  # never a template


def test_slider_changes_only_the_dynamic_layers(map_env):
    at = run_map()
    before = map_component(at)
    at.select_slider(key=MapKeys.PERIOD).set_value("2019").run()
    after = map_component(at)
    assert after["script"] == before["script"]  # the frame stays: no rebuild, no flicker
    assert after["feature_group"] != before["feature_group"]
    assert shown_period(at) == "2019"


def test_single_and_cumulative_swap_layers_and_keep_the_map(map_env):
    at = run_map()
    before = map_component(at)
    at.radio(key=MapKeys.MODE).set_value("cumulative").run()
    after = map_component(at)
    assert after["script"] == before["script"]  # other scales, other legend: filled in, the map stays
    assert shown_period(at) == "2019 – 2021"
    at.select_slider(key=MapKeys.PERIOD).set_value("2019").run()
    assert shown_period(at) == "2019"  # never "2019 – 2019"
    assert "aucune période antérieure pour comparer" in caption_html(at)


def test_play_toggle_defines_the_ticking_run(map_env):
    at = run_map()
    at.toggle(key=MapKeys.PLAYING).set_value(True).run()
    assert not at.exception, at.exception
    assert at.toggle(key=MapKeys.PLAYING).value is True
    at.toggle(key=MapKeys.PLAYING).set_value(False).run()
    assert not at.exception, at.exception


def test_url_restores_the_view(map_env):
    at = run_map({"substance": "tramadol", "granularity": "quarter", "period": "2021-Q2", "measure": "cases"})
    assert at.multiselect(key=MapKeys.SUBSTANCES).value == ["tramadol"]
    assert at.select_slider(key=MapKeys.PERIOD).value == "2021-Q2"
    assert at.radio(key=MapKeys.MEASURE).value == "cases"
    assert shown_period(at) == "T2 2021"


def test_bad_url_values_are_reported_not_fatal(map_env):
    at = run_map({"substance": "chocolat", "granularity": "week"})
    assert any("chocolat" in w.value for w in at.warning)
    assert at.selectbox(key=MapKeys.GRANULARITY).value == "year"


def test_step_buttons_move_the_period(map_env):
    at = run_map()
    at.button(key=MapKeys.BACK).click().run()
    assert at.select_slider(key=MapKeys.PERIOD).value == "2020"
    at.button(key=MapKeys.FORWARD).click().run()
    assert at.select_slider(key=MapKeys.PERIOD).value == "2021"


def pick_on_map(at: AppTest, drawing: dict) -> None:
    """What streamlit-folium returns when the user clicks a feature or finishes a drawing."""
    component = next(e for e in at.get("component_instance")
                     if e.proto.component_name == "streamlit_folium.st_folium")
    at.session_state[component.proto.id.split("-", 2)[2]] = {"last_active_drawing": drawing}
    at.run()
    assert not at.exception, at.exception


def test_clicking_a_seizure_shows_its_record_as_text(map_env):
    at = run_map()
    pick_on_map(at, {"type": "Feature", "properties": {"id": "sen-ocrtis:2"},
                     "geometry": {"type": "Point", "coordinates": [2.1, 13.5]}})
    assert at.subheader[-1].value == "Saisie sélectionnée sur la carte"
    detail = at.dataframe[-1].value.set_index("Champ")["Valeur"]
    assert detail["Notes"] == "<img src=x onerror=alert(1)>"  # a table cell: shown as text, never run
    assert detail["Provenance"] == "Nigeria"


def test_drawing_an_area_gives_its_totals_and_records(map_env):
    at = run_map()
    niger_box = {"type": "Polygon", "coordinates": [[[0, 11], [5, 11], [5, 16], [0, 16], [0, 11]]]}
    pick_on_map(at, {"type": "Feature", "properties": {}, "geometry": niger_box})
    assert at.subheader[-1].value == "Zone dessinée"
    totals, listing = at.dataframe[-2].value, at.dataframe[-1].value
    assert totals["Substance"].tolist() == ["Tramadol"]
    assert totals["Comprimés"].tolist() == ["5\u202f000"]
    assert listing["Identifiant"].tolist() == ["sen-ocrtis:2"]


def test_presenter_mode_hides_the_controls_and_plays(map_env):
    at = run_map({"presenter": "1"})
    assert not at.title  # the page title and filters make way for the map
    assert not at.multiselect
    assert "cl-large" in map_component(at)["script"]  # the caption in projector type
    assert shown_period(at) in {"2019", "2020", "2021"}  # it plays: the first tick may have moved on
    assert at.toggle(key=MapKeys.PRESENTER).value is True


def test_reference_layers_are_served_as_files_not_resent_each_step(map_env):
    args = map_component(run_map())
    names = [f.name for f in mapframes.frame_data("fr")]
    assert len(names) >= 6 and all(f"{assets.DATA_BASE}/{name}" in args["script"] for name in names)
    assert len(args["script"]) < 150_000  # the basemap's features stay on the server
    static = assets.ROOT / "static" / "data"
    assert all((static / name).is_file() for name in names)
    assert all((static / f.name).read_bytes() == f.content for f in mapframes.frame_data("en"))
