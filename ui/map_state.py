"""Map page state: the filter widgets, their first values from the URL, and the URL kept in step.

The Map, Trends and Briefing pages share them (their keys: :class:`ui.keys.MapKeys`).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from geo import i18n, reference
from geo.analysis.major_legs import top_leg_limit
from geo.core import periods, schema
from geo.core.view import View, from_query_params, to_query_params
from geo.i18n import changes as change_text
from geo.i18n import maps as map_text
from geo.maps import assets
from geo.maps import timeline as mapframes
from geo.reference import countries
from ui.keys import MapKeys as K

URL_KEYS = ("substance", "country", "conveyance", "measure", "granularity", "mode", "period", "presenter")
PLAY_SECONDS = 2.0  # one period per this many seconds by default; the page offers PLAY_CHOICES
PLAY_CHOICES = (1.0, 2.0, 3.0, 5.0)
PLAY_SPEED = "map_play_seconds"  # the speed widget's key (session-only: not part of a shared view)
MAP_BOX = "cl_map"  # the container of the timeline and the map (a CSS class st-key-cl_map)
CONTROLS_BOX = "cl_controls"
# The map's layer switches (session-only): how many legs are drawn (issue 17), the minor legs layer, and the
# emerging hot spots, computed from the records only when asked for (issue 16).
TOP_LEGS, MINOR_LEGS, HOTSPOTS = "map_top_legs", "map_minor_legs", "map_hotspots"
# Streamlit dims an element while the run that redraws it is under way; a map that fades to a third
# at every step of a playing timeline is unreadable, and its content is the previous period's until the
# new layers arrive anyway, so the map box keeps full opacity.
NO_STALE_FADE_CSS = (f"<style>.st-key-{MAP_BOX} [data-stale=true],.st-key-{MAP_BOX}[data-stale=true]"
                     "{opacity:1!important;transition:none!important}</style>")
# Presenter mode (our own fixed CSS, no user text): Streamlit's chrome, the demo banner (the map shows a
# small badge instead) and the page's padding go; the map fills the window; the mode's own switch shrinks
# to a faint corner control.
PRESENTER_CSS = (
    "<style>[data-testid=stSidebar],[data-testid=stSidebarCollapsedControl],[data-testid=stHeader],"
    "[data-testid=stToolbar],[data-testid=stAlert],[data-testid=stAlertContainer]{display:none!important}"
    ".block-container{padding:0!important;max-width:100%!important}"
    f".st-key-{MAP_BOX} iframe{{height:100vh!important;display:block}}"
    f".st-key-{CONTROLS_BOX}{{position:fixed;left:120px;bottom:4px;z-index:1000;opacity:.45;transform:scale(.8);width:auto!important;"
    "transform-origin:left bottom;background:#fff;border-radius:6px;padding:0 6px}"
    f".st-key-{CONTROLS_BOX}:hover{{opacity:1}}"
    "[data-testid=stMainBlockContainer] [data-testid=stVerticalBlock]{gap:0}</style>")


@st.cache_resource(show_spinner=False)
def install_map_assets() -> None:
    """Copy Leaflet and its plugins to ./static and write the map's reference layers, once per process."""
    static = Path(__file__).resolve().parent.parent / "static"
    assets.install_static(static)
    assets.install_data(static, [(f.name, f.content) for lang in i18n.LANGUAGES for f in mapframes.frame_data(lang)])


def init_from_url() -> list[str]:
    """Give every map widget a value: the URL's on a session's first visit, else the last one used.

    Streamlit forgets a widget's value when a run does not draw it (presenter mode hides the
    filters; another page hides them all): re-storing the values keeps them. Returns what the
    URL held that could not be read (first visit only).
    """
    first = K.INITIALISED not in st.session_state
    view = from_query_params({k: st.query_params[k] for k in URL_KEYS if k in st.query_params})
    values = {
        K.SUBSTANCES: list(view.substances), K.COUNTRIES: list(view.countries),
        K.CONVEYANCES: list(view.conveyances), K.MEASURE: view.measure, K.GRANULARITY: view.granularity,
        K.MODE: view.mode, K.PRESENTER: view.presenter, K.PLAYING: False,
    }
    if K.PERIOD in st.session_state:  # the slider's value survives a page that does not draw it
        values[K.PERIOD] = st.session_state[K.PERIOD]
    st.session_state.update({key: st.session_state.get(key, value) for key, value in values.items()})
    if first and view.period:
        st.session_state[K.WANTED_PERIOD] = view.period
    st.session_state[K.INITIALISED] = True
    return list(view.warnings) if first else []


def filter_widgets(lang: str, *, measure: bool = True) -> st.delta_generator.DeltaGenerator:
    """The view's filters (shared by the Map and Trends pages: same keys, so a page switch keeps them).

    Returns the row's last cell, free for a page's own control.
    """
    t = i18n.t
    c1, c2, c3, c4 = st.columns([3, 3, 2, 2])
    # No "Select all" entry: Streamlit writes it in English only, and an empty choice already means all.
    c1.multiselect(t("substances", lang), list(schema.substances()), key=K.SUBSTANCES,
                   placeholder=t("all", lang), format_func=lambda s: schema.substance_label(s, lang), select_all=False)
    c2.multiselect(t("countries", lang), list(reference.STUDY_COUNTRIES), key=K.COUNTRIES,
                   placeholder=t("all", lang), format_func=lambda c: countries.country_name(c, lang), select_all=False)
    c3.multiselect(t("conveyances", lang), list(schema.CONVEYANCES), key=K.CONVEYANCES,
                   placeholder=t("all", lang), format_func=lambda c: i18n.value_label(c, lang), select_all=False)
    if measure:
        c4.radio(t("measure", lang), ["kg", "cases"], key=K.MEASURE,
                 format_func=lambda m: t(f"measure_{m}", lang))
    c5, c6, c7 = st.columns([2, 3, 2])
    c5.selectbox(t("granularity", lang), list(periods.GRANULARITIES), key=K.GRANULARITY,
                 format_func=lambda g: t(f"granularity_{g}", lang))
    c6.radio(t("mode", lang), ["window", "cumulative"], key=K.MODE, horizontal=True,
             format_func=lambda m: t(f"mode_{m}", lang))
    return c7


def current_view(period: str | None = None) -> View:
    """The view the widgets describe."""
    state = st.session_state
    return View(
        substances=tuple(state[K.SUBSTANCES]), countries=tuple(state[K.COUNTRIES]),
        conveyances=tuple(state[K.CONVEYANCES]), measure=state[K.MEASURE], granularity=state[K.GRANULARITY],
        mode=state[K.MODE], period=period, presenter=bool(state[K.PRESENTER]),
    )


def sync_url(view: View) -> None:
    """Write ``view`` to the URL so that a copied link reopens it (other parameters are kept)."""
    others = {k: st.query_params[k] for k in st.query_params if k not in URL_KEYS}
    wanted = {**others, **to_query_params(view)}
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)


def period_choice(keys: tuple[str, ...], default_index: int) -> None:
    """Keep the slider's value valid for ``keys`` (granularity changes replace every key)."""
    wanted = st.session_state.pop(K.WANTED_PERIOD, None)
    if wanted in keys:
        st.session_state[K.PERIOD] = wanted
    elif st.session_state.get(K.PERIOD) not in keys:
        st.session_state[K.PERIOD] = keys[default_index]


def step(keys: tuple[str, ...], delta: int) -> None:
    """Move the slider ``delta`` periods (a callback of the step buttons), wrapping at the ends."""
    index = keys.index(st.session_state[K.PERIOD]) if st.session_state.get(K.PERIOD) in keys else 0
    st.session_state[K.PERIOD] = keys[(index + delta) % len(keys)]


def playing() -> bool:
    """Whether the timeline plays: the Play toggle is on, or the page is in presenter mode."""
    return bool(st.session_state.get(K.PLAYING, False) or st.session_state.get(K.PRESENTER, False))


def play_seconds() -> float:
    """Seconds per period while playing (the speed the user chose)."""
    value = st.session_state.get(PLAY_SPEED, PLAY_SECONDS)
    return float(value) if value in PLAY_CHOICES else PLAY_SECONDS


def advance_if_due(keys: tuple[str, ...], seconds: float = PLAY_SECONDS) -> None:
    """While playing, move one period per tick (user clicks within a tick do not advance)."""
    now = time.monotonic()
    last = st.session_state.get(K.LAST_TICK, 0.0)
    if now - last >= seconds * 0.9:
        step(keys, +1)
        st.session_state[K.LAST_TICK] = now


def layer_switch_defaults() -> None:
    """The layer switches' first values: the setting's number of legs, no minor legs, no hot spots."""
    st.session_state.setdefault(TOP_LEGS, top_leg_limit())
    st.session_state.setdefault(MINOR_LEGS, False)
    st.session_state.setdefault(HOTSPOTS, False)


def layer_switches(lang: str) -> None:
    """How many legs are drawn, the minor legs layer and the emerging hot spots (both off by default)."""
    top_box, minor_box, spots_box, _ = st.columns([2, 2, 3, 3], vertical_alignment="bottom")
    top_box.number_input(map_text.t("top_legs_input", lang), min_value=1, max_value=200, step=5,
                         key=TOP_LEGS, help=map_text.t("top_legs_help", lang))
    minor_box.toggle(map_text.t("layer_minor_flows", lang), key=MINOR_LEGS)
    spots_box.toggle(change_text.t("hotspot_legend", lang), key=HOTSPOTS, help=map_text.t("hotspots_help", lang))
