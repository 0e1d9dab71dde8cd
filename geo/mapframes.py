"""The map as a timeline: a fixed frame (basemap, reference layers, legend) and per-period layers.

The dashboard keeps the frame in the browser and swaps only the layers that change
with the slider (choropleth, route flows, seizures), so a step never rebuilds the
map. Colour classes, flow widths and the seizure mode are fixed for the whole
timeline: the same colour means the same amount in every period.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd

from geo import assets, i18n, periods, routes
from geo.maplayers import (
    CHOROPLETH_COLOURS,
    Ramp,
    border_posts_layer,
    corridors_layer,
    countries_layer,
    flow_layer,
    make_ramp,
    ports_layer,
    public_seizures_layer,
)
from geo.mapview import (
    HEX_COLOURS,
    MAX_POINTS,
    ZOOM,
    SeizureLayer,
    base_map,
    default_resolution,
    draw_control,
    hexagon_cells,
    legend,
    seizure_layer,
)
from geo.viewstate import MapView

MAX_FLOWS = 40  # legs drawn per period: the heaviest, plus the emerging ones; a screen shows no more


def strongest_legs(legs: pd.DataFrame, limit: int = MAX_FLOWS) -> pd.DataFrame:
    """The ``limit`` heaviest legs, and every emerging or fading leg among the next ones up to ``limit`` more.

    >>> legs = pd.DataFrame({"weight": [5.0, 1.0, 3.0], "status": ["stable", "emerging", "stable"]})
    >>> strongest_legs(legs, limit=1)["weight"].tolist()
    [5.0, 1.0]
    """
    ranked = legs.sort_values("weight", ascending=False)
    top, rest = ranked.iloc[:limit], ranked.iloc[limit:]
    flagged = rest[rest["status"].isin(["emerging", "fading"])].iloc[:limit]
    return pd.concat([top, flagged])


def timeline(records: pd.DataFrame, granularity: str) -> tuple[str, ...]:
    """Every period from the first to the last record (empty periods included, so time runs evenly)."""
    dates = records["date"].dropna()
    if dates.empty:
        return ()
    return tuple(periods.period_range(dates.min().date(), dates.max().date(), granularity))


def period_index(keys: tuple[str, ...], period: str | None) -> int:
    """Position of ``period`` in ``keys``; the latest period when it is absent."""
    return keys.index(period) if period in keys else len(keys) - 1


def _measure_title(measure: str, lang: str) -> str:
    return i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang)


def _per_period(records: pd.DataFrame, keys: pd.Series, by: pd.Series, measure: str, cumulative: bool) -> np.ndarray:
    """Values of ``measure`` per (group, period), running totals in cumulative mode."""
    values = records["quantity_kg"].fillna(0.0) if measure == "kg" else pd.Series(1.0, index=records.index)
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


def timeline_scale(records: pd.DataFrame, view: MapView, lang: str, *, zoom: int = ZOOM,
                   max_points: int = MAX_POINTS) -> TimelineScale:
    """Colour classes, widths and seizure mode valid for every period of ``view``."""
    cumulative = view.mode == "cumulative"
    keys = periods.period_keys(records["date"], view.granularity)
    # Only the columns used, behind a mask: copying every column of a million rows costs more than the rest.
    has_point = records["lat"].notna() & records["lon"].notna()
    located = records.loc[has_point, ["lat", "lon", "substance", "dataset", "quantity_kg"]]
    located_keys = keys.loc[located.index]
    largest_period = int(located_keys.value_counts().max()) if len(located) else 0
    if cumulative:
        largest_period = len(located)
    mode = "points" if largest_period <= max_points else "hexagons"
    title = _measure_title(view.measure, lang)
    country = records["country"].fillna("")
    choropleth = make_ramp(_per_period(records, keys, country, view.measure, cumulative), CHOROPLETH_COLOURS, title)
    hexagons, resolution = None, None
    if mode == "hexagons":
        resolution = default_resolution(zoom)
        cells = hexagon_cells(located["lat"], located["lon"], resolution)
        hexagons = make_ramp(_per_period(located, located_keys, cells, view.measure, cumulative), HEX_COLOURS, title)
    legs = routes.leg_table(records, view.granularity)
    if cumulative and len(legs):
        flows_largest = float(legs.groupby(["substance", "from_iso3", "to_iso3"])["weight"].sum().max())
    else:
        flows_largest = float(legs["weight"].max()) if len(legs) else None
    summary = SeizureLayer(
        group=folium.FeatureGroup(), mode=mode, resolution=resolution, features=0, located=len(located),
        unlocated=len(records) - len(located), demo=int((located["dataset"] == "demo").sum()),
        substances=tuple(located["substance"].value_counts().index.astype(str)), ramp=hexagons,
    )
    return TimelineScale(choropleth, hexagons, mode, resolution, flows_largest, summary)


REGION_BOUNDS = ((-5.0, -32.0), (38.0, 26.0))  # (south, west), (north, east): the study area and its seas
# Presenter mode: a projector needs a legend readable from the back of the room.
LARGE_LEGEND_CSS = "<style>.cl-legend-box{font-size:17px;line-height:1.45}.cl-legend-box .cl-h{font-size:19px}</style>"


def frame_map(lang: str, scale: TimelineScale, *, draw: bool = True, large: bool = False,
              assets_base: str = assets.DEFAULT_BASE) -> folium.Map:
    """The fixed part: basemap, reference layers, legend and drawing tool (no layer control)."""
    m = base_map(lang)
    if large:
        m.get_root().header.add_child(folium.Element(LARGE_LEGEND_CSS))
    for layer in (corridors_layer(lang), border_posts_layer(lang), ports_layer(lang), public_seizures_layer(lang)):
        layer.add_to(m)
    legend(lang, seizures=scale.legend_layer, choropleth=scale.choropleth,
           flows_largest=scale.flows_largest).add_to(m)
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


def period_layers(records: pd.DataFrame, keys: tuple[str, ...], index: int, view: MapView, scale: TimelineScale,
                  lang: str) -> PeriodLayers:
    """Choropleth, route flows and seizures for period ``keys[index]`` (window or cumulative)."""
    start, end = periods.window_bounds(list(keys), index, view.mode)
    dates = records["date"]
    inside = (dates >= pd.Timestamp(start)) & (dates < pd.Timestamp(end) + pd.Timedelta(days=1))
    shown = records.loc[inside]
    title = _measure_title(view.measure, lang)
    values = shown.groupby("country")["quantity_kg"].sum() if view.measure == "kg" else shown["country"].value_counts()
    choropleth, _ = countries_layer(lang, values, title=title, ramp=scale.choropleth)
    current = routes.legs_for_window(records, None if view.mode == "cumulative" else start, end)
    previous = routes.legs_for_window(records, *routes.previous_window(start, end))
    legs = routes.leg_geometries(strongest_legs(routes.flag_changes(current, previous)))
    legs = legs[legs.geometry.notna()]
    flows = flow_layer(legs, lang, largest=scale.flows_largest)
    seizures = seizure_layer(shown, lang, measure=view.measure,
                             max_points=len(shown) if scale.mode == "points" else -1,
                             resolution=scale.resolution, ramp=scale.hexagons)
    return PeriodLayers([choropleth, flows, seizures.group], pd.Timestamp(start), pd.Timestamp(end), shown, legs)
