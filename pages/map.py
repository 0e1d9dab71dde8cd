"""Carte / Map: layered map with a time slider, playback, route flows, clicks and drawn areas."""

import streamlit as st

from geo import i18n
from geo.analysis import selection, stats
from geo.analysis.timeline import timeline
from geo.core import periods
from geo.i18n import maps as map_text
from geo.records import tables
from ui import common, map_step
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
    # The period's layers, caption, notes and their JavaScript: built once for every session showing them.
    step = map_step.period_step(line, records_filter, shown_view, index, lang, top=top,
                                minor=bool(st.session_state[state.MINOR_LEGS]), hotspots=hotspots,
                                presenter=presenter, demo=current.demo, official=official)
    layers = step.layers
    if step.synthetic and not presenter:
        st.caption(map_text.t_count("demo_period", lang, step.synthetic, n=i18n.format_number(step.synthetic, lang)))
    if step.outside and not presenter:  # ≥ 5 % of the kg off the map
        st.warning(step.outside)
    if step.quiet and not presenter:  # an analyst's view: which agencies shared nothing in this period
        st.caption(map_text.t("silent_agencies", lang, names=", ".join(step.quiet)))
    picked = map_step.draw_map(step, lang, key=K.MAP, presenter=presenter, height=780 if presenter else 640)
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
