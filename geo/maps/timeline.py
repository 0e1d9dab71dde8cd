"""The map as a timeline: a fixed frame (basemap, reference layers, legend) and per-period layers.

The dashboard keeps the frame in the browser and swaps only the layers that change
with the slider (choropleth, route flows, seizures), so a step never rebuilds the
map. Colour classes, flow widths and the seizure mode are fixed for the whole
timeline: the same colour means the same amount in every period. The periods and the flows
a step draws are :mod:`geo.analysis.timeline`'s, shared with the animation and the briefings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache, partial

import folium
import numpy as np
import pandas as pd
from branca.element import Element

from geo import i18n
from geo.analysis import routes, scope, stats
from geo.analysis.hexagons import default_resolution, hexagon_cells
from geo.analysis.hotspots import emerging_hotspots
from geo.analysis.timeline import step_flows, timeline
from geo.core import periods
from geo.core.view import View
from geo.i18n import maps as map_text
from geo.maps import assets, flow_key
from geo.maps.basemap import ZOOM, base_map
from geo.maps.build import country_values, draw_control
from geo.maps.caption import CaptionBox
from geo.maps.choropleth import CHOROPLETH_COLOURS, countries_layer
from geo.maps.flows import flow_layer
from geo.maps.hotspots import hotspot_layer, hotspot_legend_html
from geo.maps.layers import PaneRenderers, esc
from geo.maps.legend import Legend, legend
from geo.maps.literal_geojson import LiteralGeoJson
from geo.maps.reference_layers import border_posts_layer, corridors_layer, ports_layer, public_seizures_layer
from geo.maps.seizures import HEX_COLOURS, MAX_POINTS, SeizureLayer, seizure_layer
from geo.maps.silence import silence_layer
from geo.maps.style import Ramp, make_ramp


def _measure_title(measure: str, lang: str) -> str:
    return i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang)


def _per_period(records: pd.DataFrame, keys: pd.Series, by: pd.Series, measure: str, cumulative: bool) -> np.ndarray:
    """Values of ``measure`` per (group, period), running totals in cumulative mode."""
    values = (records["quantity_kg"].fillna(0.0) if measure == "kg"
              else pd.Series(stats.case_counts(records), index=records.index, dtype=float))
    table = values.groupby([by, keys]).sum().unstack(fill_value=0.0)
    if cumulative:
        table = table.sort_index(axis=1).cumsum(axis=1)
    return table.to_numpy().ravel()


@dataclass(frozen=True)
class TimelineScale:
    """What stays fixed while the slider moves."""

    choropleth: Ramp | None
    hexagons: Ramp | None
    mode: str  # "points" or "hexagons"
    resolution: int | None
    flows_largest: float | None
    legend_layer: SeizureLayer


@dataclass(frozen=True)
class Timeline:
    """Everything a slider step reads, computed once per filter and view.

    A step then slices date-sorted records by binary search and sums precomputed leg
    totals: at a million records that is a few tens of milliseconds, where filtering
    the records and rebuilding legs took most of a second.
    """

    keys: tuple[str, ...]
    scale: TimelineScale
    records: pd.DataFrame  # sorted by date
    days: np.ndarray  # the records' dates (datetime64), for binary search
    cells: pd.Series | None  # H3 cell of each located record at ``scale.resolution`` (hexagon mode only)
    legs: routes.PeriodLegs
    # How many records each row of ``records`` stands for when the rows are kept totals
    # (geo.maps.kept_timeline); ``None`` when they are the records themselves.
    weights: pd.Series | None = field(default=None, compare=False, repr=False)
    # The flows of each step, once computed (the most costly part of a step, ~0.3 s): a playing timeline
    # loops over the same steps, and the page keeps one Timeline per filter and view.
    steps: dict = field(default_factory=dict, compare=False, repr=False)


def _by_date(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` sorted by date; the same frame when it already is (the store returns it so)."""
    return records if records["date"].is_monotonic_increasing else records.sort_values("date", kind="stable")


def prepare_timeline(records: pd.DataFrame, view: View, lang: str, *, zoom: int = ZOOM,
                     max_points: int = MAX_POINTS, weights: pd.Series | None = None,
                     legs: routes.PeriodLegs | None = None, cells: pd.Series | None = None) -> Timeline:
    """The timeline of ``records`` for ``view``: periods, fixed scales, sorted records, cells and leg totals.

    ``weights``, ``legs`` and ``cells`` are given when the rows are kept totals (:mod:`geo.maps.kept_timeline`):
    how many records each row stands for (the seizure mode counts records, not rows), the leg totals
    computed from the route totals, and each row's H3 cell at the map's resolution.
    """
    records = _by_date(records)
    keys = timeline(records, view.granularity)
    cumulative = view.mode == "cumulative"
    period_keys = periods.period_keys(records["date"], view.granularity)
    # Only the columns used, behind a mask: copying every column of a million rows costs more than the rest.
    has_point = records["lat"].notna() & records["lon"].notna()
    located = records.loc[has_point, [c for c in ("lat", "lon", "substance", "dataset", "quantity_kg", "seizure_count")
                                      if c in records]]
    located_keys = period_keys.loc[located.index]
    rows = (pd.Series(1, index=located.index, dtype="int64") if weights is None
            else weights.reindex(located.index).astype("int64"))
    largest_period = int(rows.groupby(located_keys).sum().max()) if len(located) else 0
    if cumulative:
        largest_period = int(rows.sum())
    mode = "points" if largest_period <= max_points else "hexagons"
    title = _measure_title(view.measure, lang)
    country = records["country"].fillna("")
    choropleth = make_ramp(_per_period(records, period_keys, country, view.measure, cumulative),
                           CHOROPLETH_COLOURS, title)
    hexagons, resolution, known = None, None, cells
    cells = None
    if mode == "hexagons":
        resolution = default_resolution(zoom)
        cells = (hexagon_cells(located["lat"], located["lon"], resolution) if known is None
                 else known.reindex(located.index))
        hexagons = make_ramp(_per_period(located, located_keys, cells, view.measure, cumulative), HEX_COLOURS, title)
    legs = routes.period_legs(records, keys, view.granularity) if legs is None else legs
    if weights is None:
        substances = located["substance"].value_counts()
    else:  # records per substance, most first, as value_counts orders them
        substances = rows.groupby(located["substance"]).sum().sort_values(ascending=False, kind="stable")
    summary = SeizureLayer(
        group=folium.FeatureGroup(), mode=mode, resolution=resolution, features=0, located=stats.total_cases(located),
        unlocated=stats.total_cases(records) - stats.total_cases(located),
        demo=int(rows[(located["dataset"] == "demo").to_numpy()].sum()),
        substances=tuple(substances.index.astype(str)), ramp=hexagons,
    )
    scale = TimelineScale(choropleth, hexagons, mode, resolution, routes.heaviest_leg(legs, cumulative), summary)
    days = records["date"].to_numpy(dtype="datetime64[ms]")
    return Timeline(keys, scale, records, days, cells, legs, weights)


REGION_BOUNDS = ((-5.0, -32.0), (38.0, 26.0))  # (south, west), (north, east): the study area and its seas
# Presenter mode: a compact legend on the right, folded by default, so the Senegal–Guinea coast stays in view;
# the key figures are the caption's large type (geo.maps.caption).
PRESENTER_LEGEND_CSS = ("<style>.cl-legend-box{font-size:13px;line-height:1.3;max-width:300px}"
                        ".cl-legend-box summary{font-size:16px}</style>")


def _reference_map(lang: str) -> folium.Map:
    """Basemap and reference layers: the same for every filter and period."""
    m = base_map(lang)
    PaneRenderers().add_to(m)
    for layer in (corridors_layer(lang), border_posts_layer(lang), ports_layer(lang), public_seizures_layer(lang)):
        layer.add_to(m)
    return m


def _geojsons(element: Element) -> list[LiteralGeoJson]:
    """Every GeoJSON layer under ``element``, in drawing order."""
    found = [element] if isinstance(element, LiteralGeoJson) else []
    for child in element._children.values():
        found += _geojsons(child)
    return found


@dataclass(frozen=True)
class DataFile:
    """One reference layer's features as the server serves them (reference data only: never records)."""

    name: str  # content-addressed, so a browser never keeps a stale copy
    content: bytes


@lru_cache(maxsize=len(i18n.LANGUAGES))
def frame_data(lang: str) -> tuple[DataFile, ...]:
    """The frame's reference layers as JSON files, in the order :func:`frame_map` draws them."""
    files = []
    for geojson in _geojsons(_reference_map(lang)):
        content = json.dumps(geojson.data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        files.append(DataFile(f"frame-{hashlib.sha256(content).hexdigest()[:16]}.json", content))
    return tuple(files)


def frame_map(lang: str, scale: TimelineScale | None, *, draw: bool = True, large: bool = False,
              assets_base: str = assets.DEFAULT_BASE, data_base: str | None = None) -> folium.Map:
    """The fixed part: basemap, reference layers, legend, caption box and drawing tool (no layer control).

    Without ``scale`` the legend is left empty for :func:`period_layers`' caption script to fill
    (``legend_html``): the frame is then the same whatever the view's scales, and switching single
    period ↔ cumulative swaps layers without rebuilding the map. ``large`` is presenter mode: the
    caption in projector type, the legend compact, folded and on the right, away from the coast.

    With ``data_base`` (where :func:`frame_data` files are served) the reference layers'
    features stay on the server and the browser fetches them once: the dashboard re-sends
    the frame at every slider step, and without its 0.7 MB of features that costs little.
    """
    m = _reference_map(lang)
    if data_base is not None:
        layers, files = _geojsons(m), frame_data(lang)
        for geojson, file in zip(layers, files, strict=True):
            geojson.load_from(f"{data_base}/{file.name}")
    if large:
        m.get_root().header.add_child(folium.Element(PRESENTER_LEGEND_CSS + flow_key.PRESENTER_KEY_CSS))
    key = (legend(lang, seizures=scale.legend_layer, choropleth=scale.choropleth, flows_largest=scale.flows_largest,
                  counts=False, no_report=True)
           if scale is not None else Legend(f'<details class="cl-legend"><summary>{esc(map_text.t("legend", lang))}'
                                            "</summary></details>"))
    if large:
        key.position, key.folded = "bottomright", True
    key.add_to(m)
    CaptionBox(large=large).add_to(m)
    if draw:
        draw_control().add_to(m)
    # streamlit-folium asks every run for the bounds of all coordinates (0.2 s over the basemap)
    # only to report them back; the region's frame is fixed, so answer at once.
    m.get_bounds = lambda: [list(REGION_BOUNDS[0]), list(REGION_BOUNDS[1])]
    return assets.use_local_assets(m, assets_base)


@dataclass(frozen=True)
class PeriodLayers:
    """The layers of one slider position and what they show."""

    groups: list[folium.FeatureGroup]
    start: pd.Timestamp
    end: pd.Timestamp
    records: pd.DataFrame
    legs: pd.DataFrame


def period_records(line: Timeline, start: object, end: object) -> pd.DataFrame:
    """The records dated ``start`` to ``end`` inclusive: a slice of the date-sorted frame, no row copied."""
    first = np.searchsorted(line.days, np.datetime64(pd.Timestamp(start), "ms"), side="left")
    stop = np.searchsorted(line.days, np.datetime64(pd.Timestamp(end) + pd.Timedelta(days=1), "ms"), side="left")
    return line.records.iloc[first:stop]


def demo_records(line: Timeline, shown: pd.DataFrame) -> int:
    """How many synthetic demo records ``shown`` (a slice of ``line.records``) holds, or stands for."""
    demo = (shown["dataset"] == "demo").to_numpy()
    return int(demo.sum()) if line.weights is None else int(line.weights.loc[shown.index[demo]].sum())


def period_layers(line: Timeline, index: int, view: View, lang: str, *, top: int | None = None,
                  minor: bool = False, hotspots: bool = True, shown_on_request: bool = False) -> PeriodLayers:
    """Choropleth, route flows and seizures for period ``line.keys[index]`` (window or cumulative).

    The flows are the ``top`` heaviest legs per substance (the setting by default); with
    ``minor`` the other legs come too, as the "minor legs" layer. The emerging hot spots
    (a space-time analysis of every period up to this one, the costliest part of a step) come
    only with ``hotspots``; they need the records themselves, not kept totals. With ``shown_on_request``
    (a page that adds them only when its user asks) the minor legs and the hot spots start ticked in the
    layer control; otherwise they are there, unticked.
    """
    start, end = periods.window_bounds(list(line.keys), index, view.mode)
    shown = period_records(line, start, end)
    scale = line.scale
    title = _measure_title(view.measure, lang)
    values = country_values(shown, view.measure)
    choropleth, _ = countries_layer(lang, values, title=title, ramp=scale.choropleth)
    legs = line.steps.get((index, view.mode, top))
    if legs is None:
        legs = line.steps[(index, view.mode, top)] = step_flows(partial(routes.window_legs, line.legs), index,
                                                                view.mode, top)
    if index == 0 and len(legs):  # nothing before the first period: no leg is new or fading against it
        legs = legs.assign(status="stable", band=None)
    flows = [flow_layer(legs[legs["major"]], lang, largest=scale.flows_largest)]
    if minor:
        flows.append(flow_layer(legs[~legs["major"]], lang, largest=scale.flows_largest, minor=True,
                                show=shown_on_request))
    seizures = seizure_layer(shown, lang, measure=view.measure,
                             max_points=len(shown) if scale.mode == "points" else -1,
                             resolution=scale.resolution, ramp=scale.hexagons, cells=line.cells)
    # Hatched over the choropleth: a country with no record in the period is silent, not a zero.
    # With a country filter, only the countries chosen can be silent: the others were left out, not quiet.
    silence = silence_layer(scope.silent_countries(shown, view.countries or scope.REPORTING_COUNTRIES), lang)
    spots = ([hotspot_layer(timeline_hotspots(line, index, view.granularity), lang, show=shown_on_request)]
             if hotspots else [])
    return PeriodLayers([choropleth, *flows, seizures.group, *spots, silence], pd.Timestamp(start),
                        pd.Timestamp(end), shown, legs)


def timeline_hotspots(line: Timeline, index: int, granularity: str) -> pd.DataFrame:
    """Emerging hot spots of every period up to ``index`` (the slider's period is the analysis' last), cached."""
    if line.weights is not None:
        raise ValueError("emerging hot spots need the records: this timeline holds kept totals")
    key = ("hotspots", index, granularity)
    if key not in line.steps:
        first, last = periods.period_bounds(line.keys[0])[0], periods.period_bounds(line.keys[index])[1]
        line.steps[key] = emerging_hotspots(period_records(line, first, last), granularity)
    return line.steps[key]


def legend_html(line: Timeline, lang: str, top: int | None = None, *, hotspots: bool = True) -> str:
    """The legend of ``line``'s scales, for a caption script to put in a frame drawn without them.

    The hot spots' key comes with ``hotspots`` (their layer is drawn).
    """
    scale = line.scale
    # No counts: the legend serves every step, and a count must be the period's (the caption box gives it).
    key = legend(lang, seizures=scale.legend_layer, choropleth=scale.choropleth,
                 flows_largest=scale.flows_largest, counts=False, flows_top=top, no_report=True)
    return key.html + (hotspot_legend_html(lang) if hotspots else "")
