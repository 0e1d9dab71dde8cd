"""The "no report" layer: countries of the region with no record in the period shown, hatched.

A country with no record is silent, not empty: the choropleth leaves it unfilled like a country that
reported nothing by weight, so this layer hatches it and the legend says "pas de déclaration / no report"
(:func:`geo.analysis.scope.silent_countries` decides who is silent).

The hatching is an SVG ``<pattern>`` that the layer's own script puts in the page once (:class:`HatchPattern`),
and the countries' paths fill with ``url(#cl-hatch)``: plain Leaflet in an SVG pane, no plugin and nothing
fetched, so it works offline and travels with the layer when the dashboard swaps a period's layers. A printed
map hatches them with :func:`geo.maps.static_silence.draw_silence`.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium
from branca.element import MacroElement
from folium.template import Template

from geo import reference
from geo.i18n import maps as map_text
from geo.maps.layers import esc, feature, geojson_group, rounded
from geo.maps.static_silence import HATCH_COLOUR, draw_silence  # noqa: F401 - draw_silence re-exported
from geo.reference.countries import country_name

HATCH_ID = "cl-hatch"
# The legend's swatch: the same diagonal lines as a CSS gradient (a legend is HTML, not the map's SVG).
HATCH_SWATCH = (f'<span class="cl-hatch-key" style="display:inline-block;width:18px;height:12px;'
                f'border:1px solid {HATCH_COLOUR};margin-right:4px;vertical-align:middle;background:'
                f'repeating-linear-gradient(45deg,{HATCH_COLOUR} 0 1.5px,transparent 1.5px 5px)"></span>')


class HatchPattern(MacroElement):
    """Puts the hatch ``<pattern>`` in the page once (an SVG ``url(#…)`` fill resolves in the whole document)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            if (document.getElementById({{ this.pattern_id|tojson }})) { return; }
            var ns = "http://www.w3.org/2000/svg";
            var svg = document.createElementNS(ns, "svg");
            svg.setAttribute("width", "0"); svg.setAttribute("height", "0");
            svg.setAttribute("aria-hidden", "true");
            svg.style.position = "absolute";
            var pattern = document.createElementNS(ns, "pattern");
            pattern.setAttribute("id", {{ this.pattern_id|tojson }});
            pattern.setAttribute("patternUnits", "userSpaceOnUse");
            pattern.setAttribute("width", "8"); pattern.setAttribute("height", "8");
            pattern.setAttribute("patternTransform", "rotate(45)");
            var line = document.createElementNS(ns, "line");
            line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
            line.setAttribute("x2", "0"); line.setAttribute("y2", "8");
            line.setAttribute("stroke", {{ this.colour|tojson }}); line.setAttribute("stroke-width", "1.6");
            pattern.appendChild(line);
            var defs = document.createElementNS(ns, "defs");
            defs.appendChild(pattern); svg.appendChild(defs);
            document.body.appendChild(svg);
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "HatchPattern"
        self.pattern_id = HATCH_ID
        self.colour = HATCH_COLOUR


def silence_layer(silent: Iterable[str], lang: str) -> folium.FeatureGroup:
    """The silent countries (ISO3), hatched, each with a tooltip saying it made no report in the period.

    Always a layer, empty when every country reported, so a period step replaces the previous period's.
    """
    codes = set(silent)
    frame = reference.country_polygons()
    frame = frame.loc[frame["iso3"].isin(codes)]
    style = {"color": HATCH_COLOUR, "weight": 0.8, "fill": True, "fillColor": f"url(#{HATCH_ID})",
             "fillOpacity": 0.7}
    tip = esc(map_text.t("no_report_tip", lang))
    features = [feature(geometry, iso3=iso3, no_report=True, style=style,
                        tip=f"<b>{esc(country_name(iso3, lang))}</b><br>{tip}")
                for iso3, geometry in zip(frame["iso3"], rounded(frame.geometry), strict=True)]
    group = geojson_group(features, map_text.t("layer_no_report", lang), pane="cl-countries")
    HatchPattern().add_to(group)
    return group


def legend_entry(lang: str) -> str:
    """The legend's row: the hatch swatch and "pas de déclaration (aucun enregistrement, ≠ zéro)"."""
    return f'<div class="cl-row">{HATCH_SWATCH}<span>{esc(map_text.t("no_report_key", lang))}</span></div>'
