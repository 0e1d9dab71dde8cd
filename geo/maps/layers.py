"""What every layer of the interactive map shares: panes, escaping, sources, features.

Each layer is one ``LiteralGeoJson`` (a ``folium.GeoJson`` that keeps record text inert)
inside a ``folium.FeatureGroup`` named in the viewer's language (:func:`geojson_group`).
Styles travel in the features' properties and tooltips/popups as HTML built with every
value escaped (:func:`esc`): a per-feature ``style_function`` becomes a ``switch`` with one
case per feature in the browser, which is quadratic in the number of features, and record
text is untrusted (whatever an imported file holds reaches a tooltip or a popup).

The layers themselves: :mod:`geo.maps.basemap` (land and names), :mod:`geo.maps.choropleth`,
:mod:`geo.maps.reference_layers`, :mod:`geo.maps.flows` and :mod:`geo.maps.seizures`.
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import urlsplit

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from geo import i18n
from geo.maps.geojson import COORD_DIGITS, feature, rounded  # noqa: F401 - re-exported: the layers use them
from geo.maps.literal_geojson import LiteralGeoJson

# Panes fix the drawing order whatever order layers are toggled in (Leaflet draws
# overlayPane at 400, markers at 600, tooltips at 650). Seizures sit above the reference symbols, so
# a port or a post never hides a seizure's popup (its symbol still answers around the circle).
PANES: dict[str, int] = {
    "cl-land": 210, "cl-countries": 380, "cl-hex": 390, "cl-routes": 400, "cl-flows": 405,
    "cl-symbols": 420, "cl-seizures": 430, "cl-labels": 450,
}
NO_POINTER_PANES = ("cl-land", "cl-labels")
# A canvas covers the whole map and keeps every pointer event to itself: one canvas above another
# hid the lower one's hexagons, lines or symbols from the mouse. These panes are drawn in SVG instead,
# and the panes themselves let the pointer through: a shape answers only where it is painted (a line
# on its stroke), and what lies beneath answers everywhere else. The land stays on canvas (no pointer).
SVG_PANES = ("cl-countries", "cl-hex", "cl-routes", "cl-flows", "cl-seizures")


class PaneRenderers(MacroElement):
    """Gives each of :data:`SVG_PANES` an SVG renderer and a pane that lets the pointer through.

    Add it to the map after the panes and before any layer of those panes.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
            {{ this.panes|tojson }}.forEach(function(name) {
                map._paneRenderers[name] = L.svg({pane: name});
                var pane = map.getPane(name);
                if (pane) { pane.style.pointerEvents = "none"; }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "PaneRenderers"
        self.panes = list(SVG_PANES)


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


def quantity_text(quantity: object, unit: object, lang: str) -> str:
    """"1 234,5 kg" / "20 000 comprimés"; empty when the quantity is unknown."""
    if quantity is None or (isinstance(quantity, float) and math.isnan(quantity)):
        return ""
    value = float(quantity)
    return f"{i18n.format_number(value, lang, 0 if value.is_integer() else 1)} {i18n.value_label(str(unit), lang)}"


# Tooltips and popups are HTML strings the layer's properties carry, escaped when built.
BIND_JS = JsCode("""function(feature, layer) {
    var p = feature.properties;
    if (p.tip) { layer.bindTooltip(p.tip, {sticky: true, className: "cl-tip"}); }
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 380, className: "cl-popup"}); }
}""")


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
