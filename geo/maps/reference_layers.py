"""The reference layers: documented corridors and routes, border posts, ports and airports, public reports.

Reference data only (:mod:`geo.reference`), never records: the same for every viewer,
filter and period, which is why the timeline's frame can serve their features as files.
"""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import shapely
from folium.utilities import JsCode

from geo import i18n, reference
from geo.core import schema
from geo.i18n import maps as map_text
from geo.i18n import reference as ref_text
from geo.maps.layers import (
    COORD_DIGITS,
    esc,
    feature,
    geojson_group,
    quantity_text,
    rounded,
    source_hosts,
    source_links,
)
from geo.maps.style import substance_colour
from geo.reference.countries import country_name

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
    known = ref_text.mode(mode, lang)
    if known is not None:
        return known
    return re.sub(r"\b(land|sea|air)\b", lambda m: i18n.value_label(m.group(1), lang), str(mode or ""))


def _labelled(key: str, value_html: str, lang: str) -> str:
    """A map label and its (already escaped) value, with the colon set as ``lang`` sets it."""
    return ref_text.labelled(map_text.t(key, lang), value_html, lang)


def _confidence(rating: object, lang: str) -> str:
    """"Confiance : moyenne" / "Confidence: medium" (a rating the table does not know stays as written)."""
    return ref_text.labelled(map_text.t("confidence", lang), esc(ref_text.confidence(rating, lang)), lang)


def corridors_layer(lang: str) -> folium.FeatureGroup:
    """Maritime corridors and land routes: coloured by substance, schematic parts dashed."""
    features = []
    for row in reference.corridors().itertuples(index=False):
        schematic: dict[int, set[int]] = {}
        for token in str(row.schematic_waypoints or "").split(";"):
            if ":" in token:
                branch, index = token.split(":")
                schematic.setdefault(int(branch), set()).add(int(index))
        name = esc(reference.text(row, "name", lang))
        tip = (f"<b>{name}</b><br>{_labelled('mode', esc(_mode_label(row.mode, lang)), lang)}"
               f" · {_labelled('active', f'{esc(row.active_from)}–{esc(row.active_to)}', lang)}"
               f"<br>{_confidence(row.confidence, lang)}"
               f"<br>{_labelled('sources', source_hosts(row.source), lang)}"
               + (f"<br><i>{map_text.t('schematic', lang)}</i>" if schematic else ""))
        popup = (f"<b>{name}</b> ({esc(row.active_from)}–{esc(row.active_to)})"
                 f"<p>{esc(reference.text(row, 'description', lang))}</p>"
                 f"<b>{map_text.t('sources', lang)}</b><br>{source_links(row.source)}")
        colour = substance_colour(row.substance)
        lines = row.geometry.geoms if row.geometry.geom_type == "MultiLineString" else [row.geometry]
        for branch, line in enumerate(lines):
            for coords, dashed in _segments(line, schematic.get(branch, set())):
                # Background reference, thin and pale: the period's flows (geo.maps.flows) are what the eye follows.
                style = {"color": colour, "weight": 1.8 if row.kind == "maritime" else 1.5,
                         "opacity": 0.45, "dashArray": "5 6" if dashed else None, "lineCap": "round"}
                geometry = {"type": "LineString", "coordinates": coords}
                features.append(feature(geometry, id=row.id, style=style, tip=tip, popup=popup))
    return geojson_group(features, map_text.t("layer_corridors", lang), pane="cl-routes")


def border_posts_layer(lang: str) -> folium.FeatureGroup:
    """Border posts as small squares (hollow when the position is approximate)."""
    frame = reference.border_posts()
    features = []
    for row, geometry in zip(frame.itertuples(index=False), rounded(frame.geometry), strict=True):
        pair = " – ".join(country_name(c, lang) for c in (row.country_a, row.country_b) if isinstance(c, str))
        tip = (f"<b>{esc(reference.text(row, 'name', lang))}</b><br>{_labelled('countries_of', esc(pair), lang)}"
               + (f"<br><i>{map_text.t('approximate', lang)}</i>" if row.approximate else "")
               + f"<br>{_confidence(row.confidence, lang)}")
        popup = (f"{tip}<p>{esc(reference.text(row, 'notes', lang))}</p>"
                 f"<b>{map_text.t('sources', lang)}</b><br>{source_links(row.source)}")
        features.append(feature(geometry, sym="post_approx" if row.approximate else "post", tip=tip, popup=popup))
    return geojson_group(features, map_text.t("layer_posts", lang), pane="cl-symbols", point_js=symbol_js("cl-symbols"))


def ports_layer(lang: str) -> folium.FeatureGroup:
    """Seaports (anchor), airports (plane) and landing points (anchor)."""
    frame = reference.ports_airports()
    features = []
    for row, geometry in zip(frame.itertuples(index=False), rounded(frame.geometry), strict=True):
        kind = row.kind if row.kind in ("seaport", "airport", "landing_point") else "seaport"
        tip = (f"<b>{esc(reference.text(row, 'name', lang))}</b><br>{map_text.t(kind, lang)}"
               f" · {esc(country_name(row.country, lang))}")
        popup = (f"{tip}<p>{esc(reference.text(row, 'notes', lang))}</p>"
                 f"<b>{map_text.t('sources', lang)}</b><br>{source_links(row.source)}")
        features.append(feature(geometry, sym="airport" if kind == "airport" else "seaport", tip=tip, popup=popup))
    return geojson_group(features, map_text.t("layer_ports", lang), pane="cl-symbols", point_js=symbol_js("cl-symbols"))


def public_seizures_layer(lang: str) -> folium.FeatureGroup:
    """Publicly reported seizures (diamonds in the substance colour), with date, place, quantity and sources."""
    frame = reference.public_seizures()
    frame = frame[frame["lat"].notna() & frame["lon"].notna()]
    features = []
    for row in frame.itertuples(index=False):
        what = " · ".join(x for x in (esc(schema.substance_label(row.substance, lang)),
                                      esc(quantity_text(row.quantity, row.unit, lang))) if x)
        where = (f'<span title="{esc(ref_text.t("original", lang))}">{esc(row.place)}</span>'
                 f" ({esc(country_name(row.country, lang))}), {esc(row.date)}")
        tip = f"<b>{what}</b><br>{where}"
        # A public report is a record: its place and notes stay as the source wrote them, marked as such.
        original = ref_text.t("original", lang)
        popup = (f"<b>{map_text.t('public_report', lang)}</b><br>{tip}<br>{_confidence(row.reliability, lang)}"
                 f"<p><i>{esc(ref_text.labelled(ref_text.t('notes', lang) + f' ({original})', '', lang))}</i>"
                 f"{esc(row.notes)}</p>"
                 f"<b>{map_text.t('sources', lang)}</b><br>{source_links(row.source)}")
        geometry = {"type": "Point", "coordinates": [round(row.lon, COORD_DIGITS), round(row.lat, COORD_DIGITS)]}
        features.append(feature(geometry, sym="public", c=substance_colour(row.substance), tip=tip, popup=popup))
    return geojson_group(features, map_text.t("layer_public", lang), pane="cl-symbols",
                         point_js=symbol_js("cl-symbols"))
