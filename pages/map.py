"""Carte / Map: layered map with a time slider, playback, route flows, clicks and drawn areas."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import i18n
from geo.analysis import scope, selection, stats
from geo.analysis.timeline import timeline
from geo.core import periods
from geo.i18n import maps as map_text
from geo.maps import assets, caption, coverage_layer, flow_key
from geo.maps.timeline import (
    demo_records,
    frame_map,
    legend_html,
    period_layers,
    period_records,
)
from geo.records import tables
from ui import common
from ui import duplicates as doubles
from ui import map_state as state
from ui.keys import MapKeys as K

current, lang, t = common.open_page("map")
state.layer_switch_defaults()
url_problems = state.init_from_url()
presenter = st.session_state[K.PRESENTER]

st.html(state.NO_STALE_FADE_CSS)
if presenter:
    st.html(state.PRESENTER_CSS)
else:
    st.title(t("page_map"))
    st.caption(t("map_caption"))
    if url_problems:
        st.warning(t("url_warning", items="; ".join(url_problems)))

with st.container(border=not presenter, key=state.CONTROLS_BOX):
    if presenter:
        st.toggle(t("presenter"), key=K.PRESENTER)
    else:
        c7 = state.filter_widgets(lang)
        c7.toggle(t("presenter"), key=K.PRESENTER)
        state.layer_switches(lang)  # legs drawn, minor legs, emerging hot spots

view = state.current_view()
records_filter = view.record_filter(current.viewer)
hotspots = bool(st.session_state[state.HOTSPOTS])
# Many records: the layers are sums, read from the totals kept at import (geo.maps.kept_timeline) when they give
# the same figures; the hot spots, and a store small enough to draw each record, read the records themselves.
line = None if hotspots else common.map_timeline(records_filter, view, lang)
if line is None:
    records = common.query_records(records_filter)
    doubles.notes(records_filter, lang)  # kg in unreviewed probable duplicates; reports merged
    keys = timeline(records, view.granularity)
else:
    doubles.notes(records_filter, lang, common.pair_notes(records_filter))  # only the paired records are read
    keys = line.keys
if not keys:
    state.sync_url(view)
    st.info(t("no_map_data"))
    st.stop()
line = line or common.timeline(records_filter, view, lang)
keys, scale = line.keys, line.scale  # the slider and the layers read the same periods
official = common.official_totals(records_filter)  # official annual totals: the coverage layer (issue 15)
state.period_choice(keys, len(keys) - 1)
# run_every is fixed when the fragment is defined, by this full run: a Play toggle or speed change inside
# the fragment therefore asks for a full run (below), which defines it again with the new interval.
playing_now, seconds = state.playing(), state.play_seconds()


@st.fragment(run_every=seconds if playing_now else None)
def timeline_and_map() -> None:
    """The part that moves with time: only this reruns while the timeline plays."""
    if (state.playing(), state.play_seconds()) != (playing_now, seconds):
        st.rerun(scope="app")
    if playing_now:
        state.advance_if_due(keys, seconds)
    if not st.session_state[K.PRESENTER]:
        b1, b2, b3, b4, slider = st.columns([1, 1, 3, 2, 11], vertical_alignment="bottom")
        b1.button("◀", key=K.BACK, help=t("previous"), on_click=state.step, args=(keys, -1))
        b2.button("▶", key=K.FORWARD, help=t("next"), on_click=state.step, args=(keys, +1))
        b3.toggle(t("play"), key=K.PLAYING)
        b4.selectbox(t("play_speed"), state.PLAY_CHOICES, index=state.PLAY_CHOICES.index(seconds),
                     key=state.PLAY_SPEED, format_func=lambda s: f"{s:g} s",
                     label_visibility="collapsed")
        slider.select_slider(t("period_shown"), options=list(keys), key=K.PERIOD,
                             format_func=lambda k: periods.period_label(k, lang), label_visibility="collapsed")
    index = keys.index(st.session_state[K.PERIOD])
    shown_view = view.with_period(keys[index])
    state.sync_url(shown_view)
    top = int(st.session_state[state.TOP_LEGS])
    # The minor legs and hot spots are drawn only when their switch is on: then they start ticked too.
    layers = period_layers(line, index, shown_view, lang, top=top, minor=bool(st.session_state[state.MINOR_LEGS]),
                           hotspots=hotspots, shown_on_request=True)
    totals = stats.summarise(layers.records, "substance")
    words = caption.caption(keys, index, view.mode, layers.records, int(totals["cases"].sum()),
                            float(totals["kg"].sum()), layers.legs, lang, demo=current.demo and presenter)
    # Coverage of the official total of the shown period's year (whole year), a layer off by default.
    year = layers.end.year
    covered = (coverage_layer.coverage_layer(period_records(line, f"{year}-01-01", f"{year}-12-31"), official, year,
                                             lang) if len(official) else None)
    key = legend_html(line, lang, top, hotspots=hotspots)
    key = key if covered is None else coverage_layer.with_key(key, year, lang)
    # The period and its figures are drawn inside the map, by the script that swaps the layers.
    # Presenter mode: the top legs and the flow key in projector type under the caption (the legend stays folded).
    top_key = flow_key.presenter_key_html(lang, layers.legs) if presenter else ""
    fill = caption.caption_group(caption.caption_html(words, lang) + top_key, key)
    synthetic = demo_records(line, layers.records)  # this period's, as the legend states none
    if synthetic and not presenter:
        st.caption(map_text.t_count("demo_period", lang, synthetic, n=i18n.format_number(synthetic, lang)))
    outside = scope.outside_warning(scope.outside_region(layers.records), lang)  # ≥ 5 % of the kg off the map
    quiet = scope.silent_agencies(layers.records, line.records["agency"]) if not current.demo else ()
    if outside and not presenter:
        st.warning(outside)
    if quiet and not presenter:  # an analyst's view: which agencies shared nothing in this period
        st.caption(map_text.t("silent_agencies", lang, names=", ".join(quiet)))
    frame = frame_map(lang, None, large=presenter, data_base=assets.DATA_BASE)
    picked = st_folium(frame, key=K.MAP,
                       height=780 if presenter else 640, use_container_width=True,
                       feature_group_to_add=[*layers.groups, *([covered] if covered else []), fill],
                       layer_control=folium.LayerControl(collapsed=presenter,
                                                         position="topleft" if presenter else "topright"),
                       returned_objects=["last_active_drawing"])
    drawing = (picked or {}).get("last_active_drawing") or {}
    geometry = drawing.get("geometry") or {}
    if geometry.get("type") in ("Polygon", "MultiPolygon"):
        inside = selection.within_area(common.area_records(records_filter, line, layers, geometry), geometry)
        st.subheader(t("area_title"))
        if inside.empty:
            st.info(t("area_empty"))
        else:
            st.dataframe(tables.substance_totals(stats.summarise(inside, "substance"), lang), hide_index=True)
            st.dataframe(tables.records_list(inside, lang), hide_index=True, height=300)
    record_id = (drawing.get("properties") or {}).get("id") if geometry.get("type") == "Point" else None
    record = common.record(record_id) if record_id else None  # an id from the browser: asked as the viewer
    if record is not None:
        st.subheader(t("clicked_record"))
        st.dataframe(tables.record_detail(record, lang), hide_index=True, height=420)


with st.container(key=state.MAP_BOX):
    timeline_and_map()
