"""The dashboard's map as plain folium objects: offline basemap, layers, legend, export.

Nothing here imports Streamlit: a page shows what :func:`build_map` (or the pieces it
is made of) returns, and ``python -m geo map`` writes :func:`standalone_html`.

* :func:`base_map`: no tiles; sea colour on the map container, land polygons from
  Natural Earth, capital and country names (:mod:`geo.maps.layers`); OpenStreetMap only
  as an optional extra base layer.
* :func:`seizure_layer`: canvas circles sized by quantity and coloured by substance
  when few, H3 hexagon totals when many; the browser never gets more features than a
  screen can show.
* :func:`legend`: substance colours, symbols, seizure mode, choropleth and flow keys.

The basemap's land and names, the reference layers and the flows are in :mod:`geo.maps.layers`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
import folium.plugins
import h3
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from geo import i18n
from geo.analysis import routes, stats
from geo.core import schema
from geo.maps import assets
from geo.maps.layers import (
    LABEL_JS,
    NO_POINTER_PANES,
    PANES,
    SYMBOLS,
    Ramp,
    border_posts_layer,
    corridors_layer,
    countries_layer,
    esc,
    feature,
    flow_layer,
    flow_widths,
    geojson_group,
    label_features,
    land_features,
    make_ramp,
    ports_layer,
    public_seizures_layer,
    quantity_text,
    source_links,
    substance_colour,
    tr,
)
from geo.maps.literal_geojson import DataLoader, LiteralGeoJson
from geo.reference.countries import country_name

CENTRE = (13.0, -3.0)
ZOOM = 5
MAX_ZOOM = 12  # MarkerCluster needs a maxZoom when there is no tile layer (FIELD-NOTES)
SEA = "#cddfea"
MAX_POINTS = 2000  # above this, hexagons: one canvas circle per record stays fast up to here (FIELD-NOTES)
MAX_CELLS = 3000  # hexagons sent at most; coarser resolutions until the cells fit
# ColorBrewer RdPu without its palest class (it vanishes on the cream land): hot spots read as
# magenta, apart from the sand choropleth, the sea and the substance colours of the routes.
HEX_COLOURS = ("#fcc5c0", "#fa9fb5", "#f768a1", "#c51b8a", "#7a0177")
R_MIN, R_MAX = 3.0, 18.0
KG_FULL, COUNT_FULL = 5000.0, 1_000_000.0  # fixed scales, so sizes compare between periods and filters

STRINGS: dict[str, dict[str, str]] = {
    "basemap": {"fr": "Fond vectoriel (hors ligne)", "en": "Vector basemap (offline)"},
    "osm": {"fr": "OpenStreetMap (internet requis)", "en": "OpenStreetMap (needs internet)"},
    "seizures": {"fr": "Saisies", "en": "Seizures"},
    "points": {"fr": "points", "en": "points"},
    "hexagons": {"fr": "hexagones (H3 rés. {res})", "en": "hexagons (H3 res {res})"},
    "legend": {"fr": "Légende", "en": "Legend"},
    "size": {"fr": "Taille ∝ quantité (kg ; comprimés et plants comptés)",
             "en": "Size ∝ quantity (kg; tablets and plants counted)"},
    "hex_total": {"fr": "Total par hexagone", "en": "Total per hexagon"},
    "unlocated": {"fr": "{n} saisies sans position non dessinées", "en": "{n} records without a position not drawn"},
    "demo": {"fr": "dont {n} saisies synthétiques de démonstration", "en": "including {n} synthetic demo records"},
    "flows": {"fr": "Flux : largeur ∝ poids (kg, ou saisies)", "en": "Flows: width ∝ weight (kg, or cases)"},
    "countries_key": {"fr": "Pays", "en": "Countries"},
    "reference": {"fr": "Repères", "en": "Reference"},
    "post": {"fr": "poste frontière", "en": "border post"},
    "post_approx": {"fr": "poste, position approximative", "en": "post, approximate position"},
    "corridor": {"fr": "couloir documenté", "en": "documented corridor"},
    "schematic": {"fr": "tracé schématique", "en": "schematic path"},
    "credits": {"fr": "Fond : Natural Earth (domaine public) · Noms : GeoNames",
                "en": "Basemap: Natural Earth (public domain) · Names: GeoNames"},
    "route": {"fr": "Itinéraire déclaré", "en": "Reported route"},
    "tablets_short": {"fr": "comprimés", "en": "tablets"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return i18n.lookup(STRINGS, key, lang, **values)


# --- the map -------------------------------------------------------------------------
class MapStyle(MacroElement):
    """The map's CSS (sea colour, labels, symbols, popups, legend) and its zoom-dependent label class."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        #{{ this._parent.get_name() }} { background: {{ this.sea }}; font: 12px/1.35 system-ui, "Segoe UI",
            Roboto, "DejaVu Sans", Arial, sans-serif; }
        .cl-label span { position: absolute; white-space: nowrap; pointer-events: none;
            text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
        .cl-country span { transform: translate(-50%, -50%); font-size: 10px; font-weight: 600;
            letter-spacing: .12em; text-transform: uppercase; color: #8a8272; }
        .cl-far .cl-minor { display: none; }
        .cl-capital i { position: absolute; left: -3px; top: -3px; width: 6px; height: 6px; border-radius: 50%;
            background: #fff; border: 1.5px solid #3a3a3a; box-sizing: border-box; }
        .cl-capital span { left: 6px; top: -8px; font-size: 11px; color: #2b2b2b; font-weight: 500; }
        .cl-sym { background: none; border: none; }
        .cl-sym svg { display: block; filter: drop-shadow(0 0 1px rgba(0,0,0,.35)); }
        .cl-tip { font-size: 12px; max-width: 340px; white-space: normal; }
        .cl-popup .leaflet-popup-content { font-size: 12px; margin: 10px 12px; max-height: 320px; overflow: auto; }
        .cl-popup table { border-collapse: collapse; margin-top: 4px; }
        .cl-popup th { text-align: left; font-weight: 500; color: #666; padding: 1px 8px 1px 0; vertical-align: top; }
        .cl-popup td { padding: 1px 0; overflow-wrap: anywhere; }
        .cl-legend { background: #fff; padding: 6px 10px; border-radius: 6px; width: 290px;
            box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 11.5px; overflow: auto; }
        .cl-legend summary { font-weight: 600; cursor: pointer; font-size: 12.5px; }
        .cl-legend .cl-h { font-weight: 600; margin: 7px 0 3px; }
        .cl-legend .cl-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
        .cl-legend .cl-grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
        .cl-legend .cl-dot { width: 10px; height: 10px; border-radius: 50%; border: 1px solid #fff;
            box-shadow: 0 0 0 .5px #999; flex: none; }
        .cl-legend .cl-ramp { display: flex; }
        .cl-legend .cl-ramp div { flex: 1; height: 10px; }
        .cl-legend .cl-ticks { display: flex; justify-content: space-between; color: #555; font-size: 10.5px; }
        .cl-legend .cl-note { color: #666; font-size: 10.5px; margin-top: 3px; }
        .cl-legend svg { flex: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
            function far() { map.getContainer().classList.toggle("cl-far", map.getZoom() < 6); }
            map.on("zoomend", far); far();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, sea: str = SEA) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.sea = sea


def base_map(lang: str, *, tiles: bool = False, location: tuple[float, float] = CENTRE,
             zoom: int = ZOOM) -> folium.Map:
    """An empty map of West Africa that needs no network: vector land, borders and names.

    Args:
        lang: "fr" or "en" (layer names, country names).
        tiles: also offer OpenStreetMap tiles as a second base layer (needs the
            internet; never the default).
        location: initial centre (lat, lon).
        zoom: initial zoom.

    Returns:
        A ``folium.Map`` with ``tiles=None``, ``max_zoom`` set, canvas rendering, the
        panes of :data:`geo.maps.layers.PANES` and the vector basemap.
    """
    # folium hands min_zoom/max_zoom to the tile layer it creates; without one they must be map options.
    m = folium.Map(location=list(location), zoom_start=zoom, tiles=None, prefer_canvas=True, control_scale=True,
                   minZoom=3, maxZoom=MAX_ZOOM)
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index, pointer_events=name not in NO_POINTER_PANES).add_to(m)
    DataLoader().add_to(m)  # before any layer: the frame's reference layers may load from the server
    MapStyle().add_to(m)
    basemap = folium.FeatureGroup(name=_t("basemap", lang), overlay=False, control=tiles)
    LiteralGeoJson({"type": "FeatureCollection", "features": land_features()}, pane="cl-land", interactive=False,
                   control=False).add_to(basemap)
    LiteralGeoJson({"type": "FeatureCollection", "features": label_features(lang)}, pointToLayer=LABEL_JS,
                   interactive=False, control=False).add_to(basemap)
    basemap.add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=_t("osm", lang), overlay=False, show=False, control=True,
                         max_zoom=MAX_ZOOM).add_to(m)
    return m


# --- seizures ------------------------------------------------------------------------
@dataclass(frozen=True)
class SeizureLayer:
    """The seizure layer and what the legend must say about it.

    Attributes:
        group: the FeatureGroup to add to a map (or pass to ``feature_group_to_add``).
        mode: ``"points"`` or ``"hexagons"``.
        resolution: H3 resolution of the hexagons; ``None`` for points.
        features: how many features the browser receives.
        located: records drawn (they have a position).
        unlocated: records left out for lack of a position (still in every total).
        demo: synthetic demo records among the located ones.
        substances: substances drawn, most frequent first.
        ramp: colour classes of the hexagons; ``None`` for points.
    """

    group: folium.FeatureGroup
    mode: str
    resolution: int | None
    features: int
    located: int
    unlocated: int
    demo: int
    substances: tuple[str, ...]
    ramp: Ramp | None

    def mode_label(self, lang: str) -> str:
        """"points" or "hexagons (H3 res 4)", in ``lang``."""
        return _t("points", lang) if self.mode == "points" else _t("hexagons", lang, res=self.resolution)


def point_radius(kg: pd.Series | np.ndarray, count: pd.Series | np.ndarray) -> np.ndarray:
    """Circle radius in pixels: square root of the mass, or of the count when only counted.

    >>> point_radius(np.array([0.0, 5000.0, np.nan]), np.array([np.nan, np.nan, 1_000_000.0])).tolist()
    [3.0, 18.0, 18.0]
    """
    kg, count = np.asarray(kg, dtype=float), np.asarray(count, dtype=float)
    share = np.where(np.isfinite(kg), np.clip(np.nan_to_num(kg), 0, KG_FULL) / KG_FULL,
                     np.clip(np.nan_to_num(count), 0, COUNT_FULL) / COUNT_FULL)
    return np.round(R_MIN + (R_MAX - R_MIN) * np.sqrt(share), 1)


# The popup's field labels go to the browser once; each point carries escaped values only.
POPUP_FIELDS = ("date", "place", "country", "location_precision", "conveyance", "route", "agency", "sensitivity",
                "reliability", "source", "notes", "record_id", "dataset")
POINT_JS = JsCode("""function(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {pane: "cl-seizures", radius: p.r, fillColor: p.c, color: p.c,
                                   weight: 1, opacity: 0.95, fillOpacity: 0.45});
}""")


def _point_bind_js(lang: str) -> JsCode:
    labels = ["", *(esc(_t("route", lang) if f == "route" else i18n.field_label(f, lang)) for f in POPUP_FIELDS)]
    return JsCode(f"""function(feature, layer) {{
    var v = feature.properties.v, labels = {json.dumps(labels)};
    layer.bindTooltip(v[0] + (v[2] ? "<br>" + v[2] : ""), {{sticky: true, className: "cl-tip"}});
    layer.bindPopup(function() {{
        var h = "<b>" + v[0] + "</b><table>";
        for (var i = 1; i < v.length; i++) {{
            if (v[i]) {{ h += "<tr><th>" + labels[i] + "</th><td>" + v[i] + "</td></tr>"; }}
        }}
        return h + "</table>";
    }}, {{maxWidth: 380, className: "cl-popup"}});
}}""")


def _date_text(value: object, precision: object) -> str:
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return {"year": f"{stamp.year}", "month": f"{stamp:%Y-%m}"}.get(str(precision), f"{stamp:%Y-%m-%d}")


def _route_text(row: object, lang: str) -> str:
    transit = [c for c in str(getattr(row, "transit", "") or "").split(";") if c.strip()]
    stops = [getattr(row, "origin", None), *transit, getattr(row, "destination", None)]
    names = [country_name(str(c).strip(), lang) if isinstance(c, str) and c.strip() else "?" for c in stops]
    return "" if all(n == "?" for n in names) else " → ".join(names)


def _popup_values(row: object, lang: str) -> list[str]:
    """Escaped values of one record, in the order of :data:`POPUP_FIELDS` after a title."""
    title = " · ".join(x for x in (esc(schema.substance_label(str(row.substance), lang)),
                                   esc(quantity_text(row.quantity, row.unit, lang))) if x)
    place = ", ".join(str(x) for x in (row.place, row.admin1) if isinstance(x, str) and x)
    conveyance = " – ".join(x for x in (i18n.value_label(str(row.conveyance), lang) if isinstance(
        row.conveyance, str) else "", row.transport_detail if isinstance(row.transport_detail, str) else "") if x)
    label = {f: i18n.value_label(str(getattr(row, f)), lang) if isinstance(getattr(row, f), str) else ""
             for f in ("location_precision", "sensitivity", "dataset")}
    values = {
        "date": esc(_date_text(row.date, row.date_precision)), "place": esc(place),
        "country": esc(country_name(row.country, lang)) if isinstance(row.country, str) else "",
        "location_precision": esc(label["location_precision"]), "conveyance": esc(conveyance),
        "route": esc(_route_text(row, lang)), "agency": esc(row.agency), "sensitivity": esc(label["sensitivity"]),
        "reliability": esc(row.reliability), "source": source_links(row.source), "notes": esc(row.notes),
        "record_id": esc(row.record_id), "dataset": esc(label["dataset"]),
    }
    return [title, *(values[f] for f in POPUP_FIELDS)]


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype="object")


def default_resolution(zoom: int) -> int:
    """H3 resolution whose cells are about 20-30 px wide at ``zoom`` (res 3 at the overview zoom 5).

    A res 3 cell is ~60 km across, a res 4 one ~22 km: each zoom level halves the
    ground a pixel covers, and each resolution divides a cell's width by ~2.65.

    >>> default_resolution(5), default_resolution(9)
    (3, 7)
    """
    return int(np.clip(zoom - 2, 2, 7))


def hexagon_cells(lat: pd.Series, lon: pd.Series, resolution: int) -> pd.Series:
    """H3 cell of each point, computed once per distinct position (records share few places).

    >>> hexagon_cells(pd.Series([14.69, 14.69]), pd.Series([-17.44, -17.44]), 3).nunique()
    1
    """
    # Positions rounded to ~10 m: far below a cell's size, and a million records become a few thousand places.
    place = pd.Series(lat.to_numpy(float).round(4) + 1j * lon.to_numpy(float).round(4))
    codes, uniques = pd.factorize(place)
    cells = np.array([h3.latlng_to_cell(z.real, z.imag, resolution) for z in uniques], dtype=object)
    return pd.Series(cells[codes], index=lat.index)


_HEX_COLUMNS = ("lat", "lon", "substance", "quantity_kg", "count", "unit", "dataset")


def _hexagons(frame: pd.DataFrame, lang: str, measure: str, resolution: int, max_cells: int,
              title: str, ramp: Ramp | None = None,
              cells: pd.Series | None = None) -> tuple[list[dict], int, Ramp | None]:
    """Totals per H3 cell, coarsened until at most ``max_cells`` cells remain."""
    if cells is None or cells.isna().any():
        cells = hexagon_cells(frame["lat"], frame["lon"], resolution)
    while cells.nunique() > max_cells and resolution > 0:
        resolution -= 1
        parents = {c: h3.cell_to_parent(c, resolution) for c in cells.unique()}
        cells = cells.map(parents)
    kg = frame["quantity_kg"].fillna(0.0)
    tablets = frame["count"].where(frame["unit"] == "tablets", 0.0).fillna(0.0)
    data = pd.DataFrame({"cell": cells, "substance": frame["substance"], "kg": kg, "tablets": tablets})
    totals = data.groupby("cell").agg(cases=("kg", "size"), kg=("kg", "sum"), tablets=("tablets", "sum"))
    by_substance = data.groupby(["cell", "substance"]).agg(cases=("kg", "size"), kg=("kg", "sum")).reset_index()
    top = by_substance.sort_values(["cell", "kg", "cases"], ascending=[True, False, False]).groupby("cell").head(3)
    top_text = top.groupby("cell").apply(lambda g: "<br>".join(
        f"{esc(schema.substance_label(s, lang))}: {esc(i18n.format_number(k, lang))} kg · {n}"
        for s, k, n in zip(g["substance"], g["kg"], g["cases"])), include_groups=False)
    ramp = ramp or make_ramp(totals[measure], HEX_COLOURS, title)
    fills = ramp.colour(totals[measure]) if ramp else np.full(len(totals), HEX_COLOURS[0])
    features = []
    for (cell, row), fill in zip(totals.iterrows(), fills, strict=True):
        ring = [[round(lng, 4), round(lat, 4)] for lat, lng in h3.cell_to_boundary(cell)]
        tip = (f"<b>{esc(i18n.format_number(row.kg, lang))} kg</b> · {int(row.cases)} {tr('cases', lang)}"
               + (f" · {esc(i18n.format_number(row.tablets, lang))} {_t('tablets_short', lang)}" if row.tablets
                  else "") + f"<br>{top_text.get(cell, '')}")
        style = {"color": "#ffffff", "weight": 0.6, "fillColor": fill, "fillOpacity": 0.78}
        features.append(feature({"type": "Polygon", "coordinates": [[*ring, ring[0]]]}, id=cell, style=style,
                                tip=tip))
    return features, resolution, ramp


def seizure_layer(records: pd.DataFrame, lang: str, *, measure: str = "kg", max_points: int = MAX_POINTS,
                  max_cells: int = MAX_CELLS, zoom: int = ZOOM, resolution: int | None = None,
                  show: bool = True, ramp: Ramp | None = None, cells: pd.Series | None = None) -> SeizureLayer:
    """Seizures as points when few, as H3 hexagon totals when many (the switch is automatic).

    Args:
        records: canonical records (a DataFrame or the store's GeoDataFrame); ``lat``
            and ``lon`` place them, rows without both are counted as unlocated.
        lang: "fr" or "en".
        measure: what colours the hexagons: ``"kg"`` or ``"cases"``.
        max_points: most points drawn one by one; above it, hexagons.
        max_cells: most hexagons sent; the resolution coarsens until they fit.
        zoom: the zoom the layer is for (picks the hexagon resolution).
        resolution: force an H3 resolution (it may still coarsen to fit ``max_cells``).
        show: whether the layer is shown on opening.
        ramp: hexagon colour classes to use (a timeline keeps one ramp for every period).
        cells: precomputed H3 cells at ``resolution``, indexed like ``records`` (a superset
            is fine); saves the cell look-ups at every slider step.

    Returns:
        A :class:`SeizureLayer` whose ``mode`` the legend states.
    """
    if measure not in ("kg", "cases"):
        raise ValueError(f"measure {measure!r} is not one of kg, cases")
    located = (pd.to_numeric(records["lat"], errors="coerce").notna()
               & pd.to_numeric(records["lon"], errors="coerce").notna())
    # Hexagons read a few columns: copying only those keeps a slider step at a million records quick.
    wanted = slice(None) if located.sum() <= max_points else [c for c in _HEX_COLUMNS if c in records]
    frame = records.loc[located, wanted]
    substances = tuple(frame["substance"].value_counts().index.astype(str))
    demo = int((_column(frame, "dataset") == "demo").sum())
    name = _t("seizures", lang)
    if len(frame) <= max_points:
        frame = frame.assign(radius_px=point_radius(frame["quantity_kg"], frame["count"]))
        frame = frame.sort_values("radius_px", ascending=False)  # small circles drawn last, on top of big ones
        features = [
            feature({"type": "Point", "coordinates": [round(float(row.lon), 4), round(float(row.lat), 4)]},
                    id=str(row.record_id), r=float(row.radius_px), c=substance_colour(row.substance),
                    v=_popup_values(row, lang))
            for row in frame.reindex(columns=[*schema.CANONICAL_COLUMNS, "radius_px"]).itertuples(index=False)
        ]
        group = folium.FeatureGroup(name=name, show=show)
        LiteralGeoJson({"type": "FeatureCollection", "features": features}, pointToLayer=POINT_JS,
                       on_each_feature=_point_bind_js(lang), pane="cl-seizures", control=False).add_to(group)
        return SeizureLayer(group, "points", None, len(features), len(frame), len(records) - len(frame), demo,
                            substances, None)
    title = i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang)
    resolution = resolution or default_resolution(zoom)
    known = None if cells is None else cells.reindex(frame.index)
    features, used, ramp = _hexagons(frame, lang, measure, resolution, max_cells, title, ramp, known)
    group = geojson_group(features, name, pane="cl-hex", show=show)
    return SeizureLayer(group, "hexagons", used, len(features), len(frame), len(records) - len(frame), demo,
                        substances, ramp)


# --- legend --------------------------------------------------------------------------
class Legend(MacroElement):
    """A Leaflet control holding the legend's HTML (built and escaped in Python)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "cl-legend-box");
                div.innerHTML = {{ this.html|tojson }};
                // A short map (a dashboard column, a phone) opens with the legend folded.
                var height = map.getSize().y, details = div.querySelector("details");
                if (details && height < 760) { details.removeAttribute("open"); }
                div.firstChild.style.maxHeight = Math.max(height - 150, 120) + "px";
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position


def _ramp_html(ramp: Ramp, lang: str) -> str:
    swatches = "".join(f'<div style="background:{c}"></div>' for c in ramp.colours)
    ticks = "".join(f"<span>{esc(i18n.format_number(b, lang, 0 if b >= 10 else 1))}</span>" for b in ramp.breaks)
    return f'<div class="cl-ramp">{swatches}</div><div class="cl-ticks">{ticks}</div>'


def _circle(radius: float, colour: str = "#9e9e9e") -> str:
    size = int(2 * radius + 2)
    return (f'<svg width="{size}" height="{size}"><circle cx="{size / 2}" cy="{size / 2}" r="{radius}" '
            f'fill="{colour}" fill-opacity=".75" stroke="#fff"/></svg>')


def _line(width: float, colour: str, dash: str = "", halo: bool = False) -> str:
    under = f'<line x1="2" y1="8" x2="30" y2="8" stroke="#ffd600" stroke-width="{width + 6}"/>' if halo else ""
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="32" height="16">{under}<line x1="2" y1="8" x2="30" y2="8" stroke="{colour}" '
            f'stroke-width="{width}"{dashed} stroke-linecap="round"/></svg>')


def legend(lang: str, *, seizures: SeizureLayer | None = None, choropleth: Ramp | None = None,
           flows_largest: float | None = None, reference_layers: bool = True, max_substances: int = 12) -> Legend:
    """The map's legend: seizure mode and colours, choropleth ramp, flow widths, reference symbols.

    Args:
        lang: "fr" or "en".
        seizures: the seizure layer drawn (its mode, substances and hexagon ramp).
        choropleth: the country ramp from :func:`geo.maps.layers.countries_layer`.
        flows_largest: weight drawn at full width by :func:`geo.maps.layers.flow_layer`;
            ``None`` when no flows are drawn.
        reference_layers: whether corridors, posts, ports and public reports are drawn.
        max_substances: substances listed at most (the most frequent).
    """
    parts = [f'<details class="cl-legend" open><summary>{esc(_t("legend", lang))}</summary>']
    if seizures is not None:
        parts.append(f'<div class="cl-h">{esc(_t("seizures", lang))} — {esc(seizures.mode_label(lang))} '
                     f'({esc(i18n.format_number(seizures.located, lang))})</div>')
        if seizures.mode == "points":
            parts.append('<div class="cl-grid">')
            for substance in seizures.substances[:max_substances]:
                parts.append(f'<div class="cl-row"><span class="cl-dot" style="background:'
                             f'{substance_colour(substance)}"></span>{esc(schema.substance_label(substance, lang))}'
                             "</div>")
            parts.append("</div>")
            sizes = "".join(_circle(float(r)) for r in point_radius(np.array([10.0, 100.0, 1000.0]), np.zeros(3)))
            parts.append(f'<div class="cl-row">{sizes}<span>10 · 100 · 1 000 kg</span></div>'
                         f'<div class="cl-note">{esc(_t("size", lang))}</div>')
        elif seizures.ramp is not None:
            parts.append(f'<div class="cl-note">{esc(_t("hex_total", lang))}: {esc(seizures.ramp.title)}</div>'
                         + _ramp_html(seizures.ramp, lang))
        if seizures.unlocated:
            unlocated = _t("unlocated", lang, n=i18n.format_number(seizures.unlocated, lang))
            parts.append(f'<div class="cl-note">{esc(unlocated)}</div>')
        if seizures.demo:
            demo = _t("demo", lang, n=i18n.format_number(seizures.demo, lang))
            parts.append(f'<div class="cl-note"><b>{esc(demo)}</b></div>')
    if flows_largest:
        widths = flow_widths(np.array([flows_largest / 100, flows_largest / 10, flows_largest]), flows_largest)
        samples = "".join(_line(float(w), "#757575") for w in widths)
        parts.append(f'<div class="cl-h">{esc(_t("flows", lang))}</div><div class="cl-row">{samples}</div>'
                     f'<div class="cl-ticks"><span>{esc(i18n.format_number(flows_largest / 100, lang))}</span>'
                     f'<span>{esc(i18n.format_number(flows_largest, lang))}</span></div>'
                     f'<div class="cl-row">{_line(3, "#757575", halo=True)}{esc(tr("emerging", lang))}</div>'
                     f'<div class="cl-row">{_line(3, "#bdbdbd", "6 8")}{esc(tr("fading", lang))}</div>')
    if choropleth is not None:
        parts.append(f'<div class="cl-h">{esc(_t("countries_key", lang))}: {esc(choropleth.title)}</div>'
                     + _ramp_html(choropleth, lang))
    if reference_layers:
        public = SYMBOLS["public"].replace("{c}", "#9e9e9e")
        rows = [(SYMBOLS["post"], _t("post", lang)), (SYMBOLS["post_approx"], _t("post_approx", lang)),
                (SYMBOLS["seaport"], tr("seaport", lang)), (SYMBOLS["airport"], tr("airport", lang)),
                (public, tr("public_report", lang)), (_line(2.4, "#c62828"), _t("corridor", lang)),
                (_line(2.4, "#c62828", "5 6"), _t("schematic", lang))]
        parts.append(f'<div class="cl-h">{esc(_t("reference", lang))}</div><div class="cl-grid">')
        parts.extend(f'<div class="cl-row">{symbol}<span>{esc(text)}</span></div>' for symbol, text in rows)
        parts.append("</div>")
    parts.append(f'<div class="cl-note">{esc(_t("credits", lang))}</div></details>')
    return Legend("".join(parts))


# --- the whole map -------------------------------------------------------------------
def country_values(records: pd.DataFrame, measure: str = "kg") -> pd.Series:
    """Kilograms (or cases) per country of seizure, for the choropleth; index ISO3."""
    if records is None or records.empty:
        return pd.Series(dtype=float)
    summary = stats.summarise(records, "country")
    return summary.loc[summary.index != stats.UNKNOWN, measure].astype(float)


def draw_control() -> folium.plugins.Draw:
    """Polygon and rectangle drawing, to select an area (the page reads ``all_drawings``)."""
    # showArea off: leaflet-draw 1.0.4's area read-out throws on rectangles with Leaflet 1.9.
    return folium.plugins.Draw(
        position="topleft", show_geometry_on_click=False,
        draw_options={"polyline": False, "circle": False, "marker": False, "circlemarker": False,
                      "rectangle": {"showArea": False}, "polygon": {"showArea": False, "allowIntersection": False}},
        edit_options={"edit": False})


def build_map(records: pd.DataFrame | None, lang: str, *, measure: str = "kg", legs: pd.DataFrame | None = None,
              flows_largest: float | None = None, tiles: bool = False, draw: bool = False,
              location: tuple[float, float] = CENTRE, zoom: int = ZOOM, max_points: int = MAX_POINTS,
              assets_base: str = assets.DEFAULT_BASE) -> folium.Map:
    """The dashboard's whole map: basemap, choropleth, reference layers, flows, seizures, legend.

    Args:
        records: canonical records the viewer may see (``None`` for reference layers only).
        lang: "fr" or "en".
        measure: ``"kg"`` or ``"cases"``: the choropleth's and the hexagons' measure.
        legs: route legs from ``geo.analysis.routes`` for :func:`geo.maps.layers.flow_layer`.
        flows_largest: weight at full flow width (default: the largest leg).
        tiles: offer OpenStreetMap as a second base layer (needs the internet).
        draw: add the area drawing tool.
        location: initial centre (lat, lon), e.g. a view restored from the URL.
        zoom: initial zoom (also picks the hexagon resolution).
        max_points: above this many located records, hexagons.
        assets_base: URL prefix of the vendor files (see :func:`geo.maps.assets.use_local_assets`).

    Returns:
        A ``folium.Map`` whose scripts and stylesheets are all local.
    """
    m = base_map(lang, tiles=tiles, location=location, zoom=zoom)
    title = i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang)
    values = country_values(records, measure) if records is not None else None
    countries, ramp = countries_layer(lang, values, title=title)
    for layer in (countries, corridors_layer(lang), border_posts_layer(lang), ports_layer(lang),
                  public_seizures_layer(lang)):
        layer.add_to(m)
    if legs is not None and len(legs):
        flows_largest = flows_largest or float(legs["weight"].max())
        flow_layer(legs, lang, largest=flows_largest).add_to(m)
    else:
        flows_largest = None
    seizures = None
    if records is not None:
        seizures = seizure_layer(records, lang, measure=measure, max_points=max_points, zoom=zoom)
        seizures.group.add_to(m)
    legend(lang, seizures=seizures, choropleth=ramp, flows_largest=flows_largest).add_to(m)
    if draw:
        draw_control().add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    return assets.use_local_assets(m, assets_base)


def standalone_html(m: folium.Map) -> str:
    """The map as one HTML file that opens offline (every script, stylesheet and icon inlined)."""
    return assets.inline_assets(m.get_root().render())


def standalone_map(records: pd.DataFrame, lang: str, *, measure: str = "kg") -> str:
    """The whole period of ``records`` as one offline HTML map: seizures, flows of every reported leg.

    What ``python -m geo map`` writes: the dashboard's layers, cumulative over the records
    given, with their route legs flagged against nothing (all "stable").
    """
    legs = None
    if len(records):
        totals = routes.legs_for_window(records, None, records["date"].max().date())
        totals = totals.assign(status="stable")
        legs = routes.leg_geometries(totals)
        legs = legs[legs.geometry.notna()]
    return standalone_html(build_map(records, lang, measure=measure, legs=legs))
