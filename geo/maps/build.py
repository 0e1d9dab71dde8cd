"""The dashboard's whole map as plain folium objects, and its export as one offline HTML file.

Nothing here imports Streamlit: a page shows what :func:`build_map` returns, and
``python -m geo map`` writes :func:`standalone_map`. The map is made of:

* :func:`geo.maps.basemap.base_map`: no tiles; sea colour on the map container, land polygons
  from Natural Earth, capital and country names; OpenStreetMap only as an optional extra base layer.
* :func:`geo.maps.choropleth.countries_layer`, the reference layers (:mod:`geo.maps.reference_layers`)
  and the route flows (:func:`geo.maps.flows.flow_layer`).
* :func:`geo.maps.seizures.seizure_layer`: canvas circles sized by quantity and coloured by
  substance when few, H3 hexagon totals when many.
* :func:`geo.maps.legend.legend`: substance colours, symbols, seizure mode, choropleth and flow keys.
"""

from __future__ import annotations

import folium
import pandas as pd

from geo import i18n
from geo.analysis import major_legs, routes, scope, stats
from geo.maps import assets
from geo.maps.basemap import CENTRE, ZOOM, base_map
from geo.maps.choropleth import countries_layer
from geo.maps.flows import flow_layer
from geo.maps.layers import PaneRenderers
from geo.maps.legend import legend
from geo.maps.reference_layers import border_posts_layer, corridors_layer, ports_layer, public_seizures_layer
from geo.maps.seizures import MAX_POINTS, seizure_layer
from geo.maps.silence import silence_layer


def country_values(records: pd.DataFrame, measure: str = "kg") -> pd.Series:
    """Kilograms (or cases) per country of seizure, for the choropleth; index ISO3."""
    if records is None or records.empty:
        return pd.Series(dtype=float)
    summary = stats.summarise(records, "country")
    return summary.loc[summary.index != stats.UNKNOWN, measure].astype(float)


def draw_control() -> folium.MacroElement:
    """Polygon and rectangle drawing, to select an area (the page reads ``all_drawings``)."""
    import folium.plugins  # the page's drawing tool only: its ~40 plugin templates cost every map file 0.2 s

    # showArea off: leaflet-draw 1.0.4's area read-out throws on rectangles with Leaflet 1.9.
    return folium.plugins.Draw(
        position="topleft", show_geometry_on_click=False,
        draw_options={"polyline": False, "circle": False, "marker": False, "circlemarker": False,
                      "rectangle": {"showArea": False}, "polygon": {"showArea": False, "allowIntersection": False}},
        edit_options={"edit": False})


def build_map(records: pd.DataFrame | None, lang: str, *, measure: str = "kg", legs: pd.DataFrame | None = None,
              flows_largest: float | None = None, tiles: bool = False, draw: bool = False,
              location: tuple[float, float] = CENTRE, zoom: int = ZOOM, max_points: int = MAX_POINTS,
              assets_base: str = assets.DEFAULT_BASE, weights: pd.Series | None = None,
              cells: pd.Series | None = None) -> folium.Map:
    """The dashboard's whole map: basemap, choropleth, reference layers, flows, seizures, legend.

    Args:
        records: canonical records the viewer may see (``None`` for reference layers only).
        lang: "fr" or "en".
        measure: ``"kg"`` or ``"cases"``: the choropleth's and the hexagons' measure.
        legs: route legs from ``geo.analysis.routes`` for :func:`geo.maps.flows.flow_layer`.
        flows_largest: weight at full flow width (default: the largest leg).
        tiles: offer OpenStreetMap as a second base layer (needs the internet).
        draw: add the area drawing tool.
        location: initial centre (lat, lon), e.g. a view restored from the URL.
        zoom: initial zoom (also picks the hexagon resolution).
        max_points: above this many located records, hexagons.
        assets_base: URL prefix of the vendor files (see :func:`geo.maps.assets.use_local_assets`).
        weights: when ``records`` are rows of kept totals (:mod:`geo.maps.kept_map`), the records each row
            stands for (see :func:`geo.maps.seizures.seizure_layer`).
        cells: the H3 cell of each row of kept totals.

    Returns:
        A ``folium.Map`` whose scripts and stylesheets are all local.
    """
    m = base_map(lang, tiles=tiles, location=location, zoom=zoom)
    PaneRenderers().add_to(m)
    title = i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang)
    values = country_values(records, measure) if records is not None else None
    countries, ramp = countries_layer(lang, values, title=title)
    # Countries of the region without any record: hatched, "no report", never read as a zero.
    silent = silence_layer(scope.silent_countries(records), lang) if records is not None else None
    for layer in (countries, *([silent] if silent else []), corridors_layer(lang), border_posts_layer(lang),
                  ports_layer(lang), public_seizures_layer(lang)):
        layer.add_to(m)
    top = None
    if legs is not None and len(legs):
        flows_largest = flows_largest or float(legs["weight"].max())
        # The heaviest legs per substance by default; the others in the minor legs layer, off until turned on.
        major = legs["major"] if "major" in legs else major_legs.top_legs(legs, top := major_legs.top_leg_limit())
        flow_layer(legs[major], lang, largest=flows_largest).add_to(m)
        if (~major).any():
            flow_layer(legs[~major], lang, largest=flows_largest, minor=True).add_to(m)
    else:
        flows_largest = None
    seizures = None
    if records is not None:
        seizures = seizure_layer(records, lang, measure=measure, max_points=max_points, zoom=zoom, weights=weights,
                                 cells=cells)
        seizures.group.add_to(m)
    legend(lang, seizures=seizures, choropleth=ramp, flows_largest=flows_largest, flows_top=top,
           no_report=records is not None).add_to(m)
    if draw:
        draw_control().add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    return assets.use_local_assets(m, assets_base)


def standalone_html(m: folium.Map) -> str:
    """The map as one HTML file that opens offline (every script, stylesheet and icon inlined)."""
    return assets.inline_assets(m.get_root().render())


def cumulative_map(records: pd.DataFrame, lang: str, *, measure: str = "kg", max_points: int = MAX_POINTS
                   ) -> folium.Map:
    """The whole period of ``records`` as one map: seizures, flows of every reported leg (all "stable").

    What ``python -m geo map`` draws from the records: the dashboard's layers, cumulative over the
    records given, with their route legs flagged against nothing.
    """
    legs = None
    if len(records):
        totals = routes.legs_for_window(records, None, records["date"].max().date())
        totals = totals.assign(status="stable")
        legs = routes.leg_geometries(totals)
        legs = legs[legs.geometry.notna()]
    return build_map(records, lang, measure=measure, legs=legs, max_points=max_points)


def standalone_map(records: pd.DataFrame, lang: str, *, measure: str = "kg") -> str:
    """:func:`cumulative_map` as one offline HTML file (what ``python -m geo map`` writes)."""
    return standalone_html(cumulative_map(records, lang, measure=measure))
