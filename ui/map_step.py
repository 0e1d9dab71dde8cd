"""One slider position of the Map page, built once for every session that shows it, and the map component.

A step used to cost each session ~1 s of server CPU: the period's layers (choropleth, legs, hexagons, caption)
built as folium objects, the fixed frame (basemap, reference layers, legend box) built again, then both
rendered to JavaScript by ``st_folium``. In a room of 20 looking at the same periods that is 20 times the same
work. Here the work is shared:

- the frame's HTML, header and script are rendered once per language and presenter mode (:func:`_frame`):
  they hold no record (reference layers are fetched as files, the legend is filled by the caption script);
- a period's layers, its caption and notes, and their JavaScript are built once per timeline (filter, viewer,
  data version, view, language), period, layer switches and mode (:func:`period_step`), in a shared cache
  keyed like the timeline it reads: the viewer (agency, clearance, partners) is part of the key, so a viewer
  who may see less is never served another's step;
- the periods either side of the one shown are built next, by one background worker, so that a click on
  "◀" or "▶" (or a playing timeline's next tick) finds its period ready.

Then the map component is called with those strings (:func:`draw_map`), the arguments ``st_folium`` would
give it (streamlit-folium's own helpers render them, pinned in requirements.txt).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import branca
import folium
import folium.elements
import pandas as pd
import streamlit as st
import streamlit_folium as stf

from geo.analysis import scope, stats
from geo.core.filters import RecordFilter
from geo.core.view import View
from geo.maps import assets, caption, coverage_layer, flow_key
from geo.maps import timeline as mapframes
from ui import common


class Frame(NamedTuple):
    """The map's fixed part as the component receives it (no record: shared by every session)."""

    script: str
    header: str
    html: str
    map_id: str


class Step(NamedTuple):
    """One period as the page shows it: its layers (for a drawn area) and notes, and their JavaScript."""

    layers: mapframes.PeriodLayers  # its folium groups left out: they are in groups_js
    synthetic: int  # demo records in the period (the caption under the map)
    outside: str  # the outside-region warning, "" when none
    quiet: tuple[str, ...]  # agencies that shared nothing in the period (an analyst's view)
    groups_js: str
    control_js: str
    css_links: list[str]
    js_links: list[str]


def _rendered_frame(lang: str, presenter: bool) -> tuple[folium.Map, Frame]:
    """A fresh frame, rendered as ``st_folium`` renders it (its elements then have fixed names: div_0, div_1...)."""
    frame = mapframes.frame_map(lang, None, large=presenter, data_base=assets.DATA_BASE)
    frame.get_root().render()
    frame.render()
    html, header = stf._get_html(frame), stf._get_header(frame)  # noqa: SLF001 - see the module's docstring
    script = stf._get_map_string(frame)  # noqa: SLF001
    return frame, Frame(script, header, html, stf.get_full_id(frame))


@st.cache_resource(show_spinner=False, max_entries=8)
def _frame(lang: str, presenter: bool) -> Frame:
    return _rendered_frame(lang, presenter)[1]


def _links(frame: folium.Map) -> tuple[list[str], list[str]]:
    """The CSS and JS files of every element on ``frame`` (``st_folium``'s walk; local files here)."""
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(frame):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def period_step(line: mapframes.Timeline, record_filter: RecordFilter, view: View, index: int, lang: str, *,
                top: int, minor: bool, hotspots: bool, presenter: bool, demo: bool,
                official: pd.DataFrame) -> Step:
    """Period ``index`` of ``line`` (the timeline of ``record_filter`` and ``view`` for this session's viewer).

    The periods before and after it are then built in the background (:func:`_prefetch`): the next click on
    "◀" or "▶", or the next tick of a playing timeline, finds them ready.
    """
    return viewer_period_step(line, common.scoped(record_filter), view, index, lang, top=top, minor=minor,
                              hotspots=hotspots, presenter=presenter, demo=demo, official=official)


def viewer_period_step(line: mapframes.Timeline, record_filter: RecordFilter, view: View, index: int, lang: str, *,
                       top: int, minor: bool, hotspots: bool, presenter: bool, demo: bool,
                       official: pd.DataFrame) -> Step:
    """:func:`period_step` for the viewer ``record_filter`` holds (no session: the server's warm-up)."""
    store = common.get_store()
    kind = "records" if line.weights is None else "kept"  # the two timelines of one filter are cached apart
    key = (record_filter, store.location, store.version(), view.measure, view.granularity, view.mode, lang, kind)
    switches = (top, minor, hotspots, presenter, demo)
    step = _step(*key, index, *switches, _line=line, _official=official)
    for neighbour in ((index - 1) % len(line.keys), (index + 1) % len(line.keys)):
        _prefetch((*key, neighbour, *switches), line, official)
    return step


# One background worker builds the neighbouring periods; a period asked again while it waits is not queued twice.
_PREFETCH = ThreadPoolExecutor(max_workers=1, thread_name_prefix="couloirs-map-prefetch")
_PENDING: set[tuple] = set()
_PENDING_LOCK = threading.Lock()
_LOG = logging.getLogger(__name__)


def _prefetch(args: tuple, line: mapframes.Timeline, official: pd.DataFrame) -> None:
    """Build the step of ``args`` (:func:`_step`'s keys) in the background; a cached one costs a look-up."""
    with _PENDING_LOCK:
        if args in _PENDING:
            return
        _PENDING.add(args)

    def build() -> None:
        try:
            _step(*args, _line=line, _official=official)
        except Exception:  # noqa: BLE001 - only a head start: the page builds the step itself when asked
            _LOG.debug("map step prefetch failed", exc_info=True)
        finally:
            with _PENDING_LOCK:
                _PENDING.discard(args)

    _PREFETCH.submit(build)


@st.cache_resource(show_spinner=False, max_entries=128)
def _step(record_filter: RecordFilter, location: str, version: str, measure: str, granularity: str, mode: str,
          lang: str, kind: str, index: int, top: int, minor: bool, hotspots: bool, presenter: bool, demo: bool, *,
          _line: mapframes.Timeline, _official: pd.DataFrame) -> Step:
    # Keyed as the timeline ``_line`` is (its filter holds the viewer): the line and the official totals are
    # what those keys give, so they are not hashed again.
    line = _line
    view = View(substances=record_filter.substances, countries=record_filter.countries,
                conveyances=record_filter.conveyances, measure=measure, granularity=granularity, mode=mode,
                period=line.keys[index])
    # The minor legs and hot spots are drawn only when their switch is on: then they start ticked too.
    layers = mapframes.period_layers(line, index, view, lang, top=top, minor=minor, hotspots=hotspots,
                                     shown_on_request=True)
    totals = stats.summarise(layers.records, "substance")
    words = caption.caption(line.keys, index, mode, layers.records, int(totals["cases"].sum()),
                            float(totals["kg"].sum()), layers.legs, lang, demo=demo and presenter)
    # Coverage of the official total of the shown period's year (whole year), a layer off by default.
    year = layers.end.year
    covered = (coverage_layer.coverage_layer(mapframes.period_records(line, f"{year}-01-01", f"{year}-12-31"),
                                             _official, year, lang) if len(_official) else None)
    key = mapframes.legend_html(line, lang, top, hotspots=hotspots)
    key = key if covered is None else coverage_layer.with_key(key, year, lang)
    # The period and its figures are drawn inside the map, by the script that swaps the layers.
    # Presenter mode: the top legs and the flow key in projector type under the caption (the legend stays folded).
    top_key = flow_key.presenter_key_html(lang, layers.legs) if presenter else ""
    fill = caption.caption_group(caption.caption_html(words, lang) + top_key, key)
    synthetic = mapframes.demo_records(line, layers.records)  # this period's, as the legend states none
    outside = scope.outside_warning(scope.outside_region(layers.records), lang)  # ≥ 5 % of the kg off the map
    quiet = tuple(scope.silent_agencies(layers.records, line.records["agency"])) if not demo else ()
    # The layers' JavaScript, rendered on a frame of their own as st_folium renders them on the page's.
    frame, _ = _rendered_frame(lang, presenter)
    groups = [*layers.groups, *([covered] if covered else []), fill]
    groups_js = "".join(stf._get_feature_group_string(group, frame, idx)  # noqa: SLF001
                        for idx, group in enumerate(groups))
    control = folium.LayerControl(collapsed=presenter, position="topleft" if presenter else "topright")
    control_js = stf._get_layer_control_string(control, frame)  # noqa: SLF001
    css, js = _links(frame)
    # The shared cache keeps the period's records and legs, not its folium objects: rendered into groups_js, and
    # tied to the frame they were rendered on, they would keep a whole map alive per cached period.
    return Step(dataclasses.replace(layers, groups=[]), synthetic, outside or "", quiet, groups_js, control_js, css, js)


@functools.lru_cache(maxsize=16)
def _component_key(script: str, key: str) -> str:
    """st_folium's component key for a frame's script (a hash of 17 kB: once per frame, not once per run)."""
    return stf.generate_js_hash(script, key, False)


def draw_map(step: Step, lang: str, *, key: str, presenter: bool, height: int) -> dict | None:
    """The map component with the shared frame and ``step``'s layers; what the user drew or clicked last."""
    frame = _frame(lang, presenter)
    hash_key = _component_key(frame.script, key)

    def remember() -> None:  # as st_folium: the component's value kept under the page's key
        st.session_state[key] = st.session_state.get(hash_key, {})

    return stf._component_func(  # noqa: SLF001 - st_folium's own call, with its rendering shared
        script=frame.script, header=frame.header, html=frame.html, id=frame.map_id, key=hash_key, height=height,
        width=None, returned_objects=["last_active_drawing"], default={"last_active_drawing": None}, zoom=None,
        center=None, feature_group=step.groups_js, return_on_hover=False, layer_control=step.control_js,
        pixelated=False, css_links=step.css_links, js_links=step.js_links, on_change=remember, wrap_longitude=False)
