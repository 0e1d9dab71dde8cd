"""The seizure layer: canvas circles sized by quantity and coloured by substance when few, H3 hexagon totals when many.

The switch is automatic (:data:`MAX_POINTS`), so the browser never gets more features than a
screen can show. Each point carries its record's escaped values for a popup whose field
labels go to the browser once. The hexagon arithmetic is :mod:`geo.analysis.hexagons`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import folium
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from geo import i18n
from geo.analysis import stats
from geo.analysis.hexagons import cell_ring, cell_totals, coarsen, default_resolution, hexagon_cells
from geo.core import schema
from geo.i18n import maps as map_text
from geo.maps.basemap import ZOOM
from geo.maps.layers import esc, feature, geojson_group, quantity_text, source_links
from geo.maps.literal_geojson import LiteralGeoJson
from geo.maps.style import Ramp, make_ramp, substance_colour
from geo.reference import nearest
from geo.reference.countries import country_name

MAX_POINTS = 2000  # above this, hexagons: one canvas circle per record stays fast up to here
MAX_CELLS = 3000  # hexagons sent at most; coarser resolutions until the cells fit
# ColorBrewer RdPu without its palest class (it vanishes on the cream land): hot spots read as
# magenta, apart from the sand choropleth, the sea and the substance colours of the routes.
HEX_COLOURS = ("#fcc5c0", "#fa9fb5", "#f768a1", "#c51b8a", "#7a0177")
R_MIN, R_MAX = 3.0, 18.0  # circle radii, pixels: the smallest seizure still visible, the largest not hiding others
KG_FULL, COUNT_FULL = 5000.0, 1_000_000.0  # fixed scales, so sizes compare between periods and filters
POINT_DIGITS = 4  # a point's position to ~10 m: below a screen pixel at the map's closest zoom

def layer_name(lang: str) -> str:
    """The seizure layer's name in ``lang`` ("Saisies"), which the legend also heads its section with."""
    return map_text.t("seizures", lang)


@dataclass(frozen=True)
class SeizureLayer:
    """The seizure layer and what the legend must say about it.

    Attributes:
        group: the FeatureGroup to add to a map (or pass to ``feature_group_to_add``).
        mode: ``"points"`` or ``"hexagons"``.
        resolution: H3 resolution of the hexagons; ``None`` for points.
        features: how many features the browser receives.
        located: seizures drawn (records with a position, each counting its ``seizure_count``).
        unlocated: seizures left out for lack of a position (still in every total).
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
        if self.mode == "points":
            return map_text.t("points", lang)
        return map_text.t("hexagons", lang, res=self.resolution)


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
    labels = ["", *(esc(map_text.t("route", lang) if f == "route" else i18n.field_label(f, lang))
                    for f in POPUP_FIELDS)]
    # A place with several records (p.s: their values, largest first) opens a list: each record's
    # title and date, unfolding to its table; the largest is unfolded.
    return JsCode(f"""function(feature, layer) {{
    var p = feature.properties, labels = {json.dumps(labels)};
    var table = function(v) {{
        var h = "<table>";
        for (var i = 1; i < v.length; i++) {{
            if (v[i]) {{ h += "<tr><th>" + labels[i] + "</th><td>" + v[i] + "</td></tr>"; }}
        }}
        return h + "</table>";
    }};
    if (p.s) {{
        layer.bindTooltip(p.tip, {{sticky: true, className: "cl-tip"}});
        layer.bindPopup(function() {{
            var h = "<b>" + p.head + "</b><ol class=\\"cl-stack\\">";
            for (var j = 0; j < p.s.length; j++) {{
                var v = p.s[j];
                h += "<li><details" + (j === 0 ? " open" : "") + "><summary>" + v[0] + (v[1] ? " · " + v[1] : "")
                     + "</summary>" + table(v) + "</details></li>";
            }}
            return h + "</ol>";
        }}, {{maxWidth: 420, maxHeight: 360, className: "cl-popup"}});
        return;
    }}
    var v = p.v;
    layer.bindTooltip(v[0] + (v[2] ? "<br>" + v[2] : ""), {{sticky: true, className: "cl-tip"}});
    layer.bindPopup(function() {{ return "<b>" + v[0] + "</b>" + table(v); }},
                    {{maxWidth: 380, className: "cl-popup"}});
}}""")


def stacked_places(lon: pd.Series, lat: pd.Series, size: pd.Series) -> list[list[object]]:
    """The records of each drawn place (same position to :data:`POINT_DIGITS`), largest first.

    Places come largest first too (by their largest record), so that small places are drawn last,
    on top. ``size`` orders the records (a circle's radius: kilograms, or counts for tablets).

    >>> stacked_places(pd.Series([1.0, 2.0, 1.00001]), pd.Series([5.0, 6.0, 5.0]), pd.Series([3.0, 9.0, 7.0]))
    [[1], [2, 0]]
    """
    frame = pd.DataFrame({"x": lon.round(POINT_DIGITS).to_numpy(), "y": lat.round(POINT_DIGITS).to_numpy(),
                          "size": size.to_numpy(dtype=float)}, index=lon.index)
    frame = frame.sort_values("size", ascending=False, kind="stable")
    groups = frame.groupby(["x", "y"], sort=False).groups  # insertion order: by each place's largest record
    return [list(labels) for labels in groups.values()]


def _date_text(value: object, precision: object) -> str:
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return {"year": f"{stamp.year}", "month": f"{stamp:%Y-%m}"}.get(str(precision), f"{stamp:%Y-%m-%d}")


def _route_text(row: object, lang: str) -> str:
    text = getattr(row, "transit", "")
    transit = [c for c in (text if isinstance(text, str) else "").split(";") if c.strip()]  # NaN: no transit
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


def _place_feature(place: list[tuple[object, list[str]]], lang: str) -> dict:
    """One circle for the records at one place, largest first (each: its row and popup values).

    One record opens its popup; several open a list of them. The circle is the largest record's, in
    its colour, so that the size still reads as "the largest seizure here"; the list tells the rest.
    """
    first, values = place[0]
    geometry = {"type": "Point", "coordinates": [round(float(first.lon), POINT_DIGITS),
                                                 round(float(first.lat), POINT_DIGITS)]}
    style = {"id": str(first.record_id), "r": float(first.radius_px), "c": substance_colour(first.substance)}
    if len(place) == 1:
        return feature(geometry, **style, v=values)
    n = i18n.format_number(len(place), lang)
    tip = f"<b>{esc(map_text.t('stacked_tip', lang, n=n))}</b><br>{values[0]}"
    return feature(geometry, **style, s=[v for _, v in place], head=esc(map_text.t("stacked", lang, n=n)), tip=tip)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype="object")


@lru_cache(maxsize=20_000)
def _cell_outline(cell: str, lang: str) -> tuple[list[list[float]], str]:
    """A cell's ring and the nearest town to its centre ("Kano, Nigeria"): the same at every slider step."""
    ring = cell_ring(cell)
    centre = np.asarray(ring[:-1]).mean(axis=0)
    return ring, nearest.place_label(float(centre[1]), float(centre[0]), lang)


_HEX_COLUMNS = ("lat", "lon", "substance", "quantity_kg", "count", "unit", "dataset", "seizure_count")


def _hexagons(frame: pd.DataFrame, lang: str, measure: str, resolution: int, max_cells: int,
              title: str, ramp: Ramp | None = None,
              cells: pd.Series | None = None) -> tuple[list[dict], int, Ramp | None]:
    """Totals per H3 cell, coarsened until at most ``max_cells`` cells remain."""
    if cells is None or cells.isna().any():
        cells = hexagon_cells(frame["lat"], frame["lon"], resolution)
    cells, resolution = coarsen(cells, resolution, max_cells)
    totals, top = cell_totals(frame, cells)
    top_text = top.groupby("cell").apply(lambda g: "<br>".join(
        f"{esc(schema.substance_label(s, lang))}: {esc(i18n.format_number(k, lang))} kg · {n}"
        for s, k, n in zip(g["substance"], g["kg"], g["cases"])), include_groups=False)
    ramp = ramp or make_ramp(totals[measure], HEX_COLOURS, title)
    fills = ramp.colour(totals[measure]) if ramp else np.full(len(totals), HEX_COLOURS[0])
    features = []
    for (cell, row), fill in zip(totals.iterrows(), fills, strict=True):
        ring, near = _cell_outline(cell, lang)
        tip = ((f"<b>{esc(map_text.t('near', lang, place=near))}</b><br>" if near else "")
               + f"<b>{esc(i18n.format_number(row.kg, lang))} kg</b> · {int(row.cases)} {map_text.t('cases', lang)}"
               + (f" · {esc(i18n.format_number(row.tablets, lang))} {map_text.t('tablets_short', lang)}" if row.tablets
                  else "") + f"<br>{top_text.get(cell, '')}")
        style = {"color": "#ffffff", "weight": 0.6, "fillColor": fill, "fillOpacity": 0.78}
        features.append(feature({"type": "Polygon", "coordinates": [ring]}, id=cell, style=style, tip=tip))
    return features, resolution, ramp


def seizure_layer(records: pd.DataFrame, lang: str, *, measure: str = "kg", max_points: int = MAX_POINTS,
                  max_cells: int = MAX_CELLS, zoom: int = ZOOM, resolution: int | None = None,
                  show: bool = True, ramp: Ramp | None = None, cells: pd.Series | None = None,
                  weights: pd.Series | None = None) -> SeizureLayer:
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
        weights: how many records each row stands for, indexed like ``records``, when the rows are kept
            totals (:mod:`geo.maps.kept_map`): always hexagons, and the legend counts records, not rows.

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
    if weights is None:
        substances = tuple(frame["substance"].value_counts().index.astype(str))
        demo = int((_column(frame, "dataset") == "demo").sum())
    else:  # rows of kept totals: each stands for several records
        rows = weights.reindex(frame.index)
        substances = tuple(rows.groupby(frame["substance"]).sum().sort_values(ascending=False, kind="stable")
                           .index.astype(str))
        demo = int(rows[_column(frame, "dataset") == "demo"].sum())
    name = layer_name(lang)
    # The legend counts seizures, not rows: an aggregated register row stands for seizure_count of them.
    drawn_cases = stats.total_cases(frame)
    left_out = stats.total_cases(records) - drawn_cases
    if weights is None and len(frame) <= max_points:
        frame = frame.assign(radius_px=point_radius(frame["quantity_kg"], frame["count"]))
        rows = frame.reindex(columns=[*schema.CANONICAL_COLUMNS, "radius_px"]).reset_index(drop=True)
        values = [(row, _popup_values(row, lang)) for row in rows.itertuples(index=False)]
        features = [_place_feature([values[i] for i in place], lang) for place in
                    stacked_places(rows["lon"].astype(float), rows["lat"].astype(float), rows["radius_px"])]
        group = folium.FeatureGroup(name=name, show=show)
        LiteralGeoJson({"type": "FeatureCollection", "features": features}, pointToLayer=POINT_JS,
                       on_each_feature=_point_bind_js(lang), pane="cl-seizures", control=False).add_to(group)
        return SeizureLayer(group, "points", None, len(features), drawn_cases, left_out, demo,
                            substances, None)
    title = i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang)
    resolution = resolution or default_resolution(zoom)
    known = None if cells is None else cells.reindex(frame.index)
    features, used, ramp = _hexagons(frame, lang, measure, resolution, max_cells, title, ramp, known)
    group = geojson_group(features, name, pane="cl-hex", show=show)
    return SeizureLayer(group, "hexagons", used, len(features), drawn_cases, left_out, demo,
                        substances, ramp)
