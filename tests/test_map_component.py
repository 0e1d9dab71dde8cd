"""The Map page calls streamlit-folium's component as ``st_folium`` does (``ui.map_step.draw_map``).

The page renders the map's frame once per language and each period's layers once per visibility class, then
calls the component itself with those strings, through streamlit-folium's own helpers (pinned in
requirements.txt). If a new streamlit-folium renders or calls its component differently, this fails here,
naming the difference, before a user meets a blank map.
"""

from __future__ import annotations

import folium
import pytest
import streamlit_folium as stf

from geo.maps import assets
from geo.maps import timeline as mapframes
from ui import map_step

pytestmark = pytest.mark.filterwarnings("ignore")  # bare mode: Streamlit warns that no app is running


@pytest.fixture
def calls(monkeypatch) -> list[dict]:
    recorded: list[dict] = []
    monkeypatch.setattr(stf, "_component_func", lambda **kwargs: recorded.append(kwargs) or None)
    return recorded


def test_the_page_passes_what_st_folium_would_for_the_same_frame_and_layers(calls):
    lang = "fr"
    group = folium.FeatureGroup(name="période")
    folium.CircleMarker([14.7, -17.4], radius=5).add_to(group)
    control = folium.LayerControl(collapsed=False, position="topright")
    frame = mapframes.frame_map(lang, None, large=False, data_base=assets.DATA_BASE)
    stf.st_folium(frame, key="carte", height=640, use_container_width=True, returned_objects=["last_active_drawing"],
                  feature_group_to_add=[group], layer_control=control)
    theirs = calls.pop()

    rendered, _ = map_step._rendered_frame(lang, False)  # noqa: SLF001
    groups_js = stf._get_feature_group_string(group, rendered, 0)  # noqa: SLF001
    css, js = map_step._links(rendered)  # noqa: SLF001
    step = map_step.Step(None, 0, "", (), groups_js, stf._get_layer_control_string(control, rendered),  # noqa: SLF001
                         css, js)
    map_step.draw_map(step, lang, key="carte", presenter=False, height=640)
    ours = calls.pop()

    assert sorted(ours) == sorted(theirs), "streamlit-folium's component takes other arguments now"
    for name in ("script", "header", "html", "id", "key", "feature_group", "layer_control", "css_links",
                 "js_links", "height", "width", "returned_objects", "default", "pixelated", "wrap_longitude"):
        assert ours[name] == theirs[name], f"{name} differs from st_folium's"
