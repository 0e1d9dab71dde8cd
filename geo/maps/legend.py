"""The map's legend: seizure mode and colours, choropleth ramp, flow widths, reference symbols.

Built and escaped in Python as one HTML string, shown by a Leaflet control (:class:`Legend`).
"""

from __future__ import annotations

import numpy as np
from branca.element import MacroElement
from folium.template import Template

from geo import i18n
from geo.core import schema
from geo.i18n import maps as map_text
from geo.maps import silence
from geo.maps.flow_key import flow_key_html
from geo.maps.flows import flow_widths
from geo.maps.layers import esc
from geo.maps.reference_layers import SYMBOLS
from geo.maps.seizures import SeizureLayer, layer_name, point_radius
from geo.maps.style import Ramp, substance_colour


class Legend(MacroElement):
    """A Leaflet control holding the legend's HTML (built and escaped in Python)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "cl-legend-box");
                // A short map (a dashboard column, a phone, a projector in presenter mode) opens with the legend
                // folded; a later fill (a period step, single <-> cumulative) keeps whatever the user chose.
                var height = map.getSize().y, chosen = null;
                var fill = function(html) {
                    div.innerHTML = html;
                    var details = div.querySelector("details");
                    if (details) {
                        var folded = chosen === null ? (height < 760 || {{ this.folded|tojson }}) : !chosen;
                        if (folded) { details.removeAttribute("open"); } else { details.setAttribute("open", ""); }
                        details.addEventListener("toggle", function() { chosen = details.open; });
                    }
                    div.firstChild.style.maxHeight = Math.max(height - 150, 120) + "px";
                };
                fill({{ this.html|tojson }});
                window.clFillLegend = fill;
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "bottomleft", folded: bool = False) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position
        self.folded = folded


def tick_text(value: float, lang: str) -> str:
    """A ramp's break in at most four characters of digits: six classes share ~280 px.

    >>> [tick_text(v, "fr") for v in (0.5, 32, 9_999, 218_477, 2_700_000, 7_000_000, 110_731_000, 1.2e9)]
    ['0,5', '32', '9\u202f999', '218\u202fk', '2,7\u202fM', '7\u202fM', '111\u202fM', '1,2\u202fMd']
    >>> [tick_text(v, "en") for v in (218_477, 2_700_000, 1.2e9)]
    ['218k', '2.7M', '1.2bn']
    """
    size = abs(value)
    if size < 10_000:
        return i18n.format_number(value, lang, 0 if size >= 10 else 1)
    scale, key = next((s, k) for s, k in ((1e9, "billions_short"), (1e6, "millions_short"), (1e3, "thousands_short"))
                      if size >= s)
    scaled = value / scale
    decimals = 1 if abs(scaled) < 10 and round(scaled, 1) != round(scaled) else 0
    return map_text.t(key, lang, n=i18n.format_number(round(scaled, decimals), lang, decimals))


def _ramp_html(ramp: Ramp, lang: str) -> str:
    swatches = "".join(f'<div style="background:{c}"></div>' for c in ramp.colours)
    ticks = "".join(f"<span>{esc(tick_text(b, lang))}</span>" for b in ramp.breaks)
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
           flows_largest: float | None = None, reference_layers: bool = True, max_substances: int = 12,
           counts: bool = True, flows_top: int | None = None, no_report: bool = False) -> Legend:
    """The map's legend: seizure mode and colours, choropleth ramp, flow widths, reference symbols.

    Args:
        lang: "fr" or "en".
        seizures: the seizure layer drawn (its mode, substances and hexagon ramp).
        choropleth: the country ramp from :func:`geo.maps.choropleth.countries_layer`.
        flows_largest: weight drawn at full width by :func:`geo.maps.flows.flow_layer`;
            ``None`` when no flows are drawn.
        flows_top: how many legs the map draws by default (said under the flow key).
        reference_layers: whether corridors, posts, ports and public reports are drawn.
        max_substances: substances listed at most (the most frequent).
        counts: whether to state the seizures drawn; a timeline's legend stays while periods change, so it
            states none (the period's counts are under the period heading, never the whole timeline's).
        no_report: whether the hatched "no report" countries are drawn (:mod:`geo.maps.silence`).
    """
    parts = [f'<details class="cl-legend" open><summary>{esc(map_text.t("legend", lang))}</summary>']
    if seizures is not None:
        drawn = f' ({esc(i18n.format_number(seizures.located, lang))})' if counts else ""
        parts.append(f'<div class="cl-h">{esc(layer_name(lang))} — {esc(seizures.mode_label(lang))}{drawn}</div>')
        if seizures.mode == "points":
            parts.append('<div class="cl-grid">')
            for substance in seizures.substances[:max_substances]:
                parts.append(f'<div class="cl-row"><span class="cl-dot" style="background:'
                             f'{substance_colour(substance)}"></span>{esc(schema.substance_label(substance, lang))}'
                             "</div>")
            parts.append("</div>")
            sizes = "".join(_circle(float(r)) for r in point_radius(np.array([10.0, 100.0, 1000.0]), np.zeros(3)))
            parts.append(f'<div class="cl-row">{sizes}<span>10 · 100 · 1 000 kg</span></div>'
                         f'<div class="cl-note">{esc(map_text.t("size", lang))}</div>')
        elif seizures.ramp is not None:
            parts.append(f'<div class="cl-note">{esc(map_text.t("hex_total", lang))}: {esc(seizures.ramp.title)}</div>'
                         + _ramp_html(seizures.ramp, lang))
        if seizures.unlocated and counts:
            unlocated = map_text.t("unlocated", lang, n=i18n.format_number(seizures.unlocated, lang))
            parts.append(f'<div class="cl-note">{esc(unlocated)}</div>')
        if seizures.demo:
            demo = (map_text.t_count("demo", lang, seizures.demo, n=i18n.format_number(seizures.demo, lang))
                    if counts else map_text.t("demo_some", lang))
            parts.append(f'<div class="cl-note"><b>{esc(demo)}</b></div>')
    if flows_largest:
        widths = flow_widths(np.array([flows_largest / 100, flows_largest / 10, flows_largest]), flows_largest)
        samples = "".join(_line(float(w), "#757575") for w in widths)
        parts.append(f'<div class="cl-h">{esc(map_text.t("flows", lang))}</div><div class="cl-row">{samples}</div>'
                     f'<div class="cl-ticks"><span>{esc(i18n.format_number(flows_largest / 100, lang))}</span>'
                     f'<span>{esc(i18n.format_number(flows_largest, lang))}</span></div>'
                     f'<div class="cl-row">{_line(3, "#757575", halo=True)}{esc(map_text.t("emerging", lang))}</div>'
                     f'<div class="cl-row">{_line(3, "#bdbdbd")}{esc(map_text.t("fading", lang))}</div>')
        parts.append(flow_key_html(lang, flows_top))
    if choropleth is not None:
        parts.append(f'<div class="cl-h">{esc(map_text.t("countries_key", lang))}: {esc(choropleth.title)}</div>'
                     + _ramp_html(choropleth, lang))
    if no_report:
        if choropleth is None:
            parts.append(f'<div class="cl-h">{esc(map_text.t("countries_of", lang))}</div>')
        parts.append(silence.legend_entry(lang))
    if reference_layers:
        public = SYMBOLS["public"].replace("{c}", "#9e9e9e")
        rows = [(SYMBOLS["post"], map_text.t("post", lang)), (SYMBOLS["post_approx"], map_text.t("post_approx", lang)),
                (SYMBOLS["seaport"], map_text.t("seaport", lang)), (SYMBOLS["airport"], map_text.t("airport", lang)),
                (public, map_text.t("public_report", lang)), (_line(2.4, "#c62828"), map_text.t("corridor", lang)),
                (_line(2.4, "#c62828", "5 6"), map_text.t("schematic_path", lang))]
        parts.append(f'<div class="cl-h">{esc(map_text.t("reference", lang))}</div><div class="cl-grid">')
        parts.extend(f'<div class="cl-row">{symbol}<span>{esc(text)}</span></div>' for symbol, text in rows)
        parts.append("</div>")
    parts.append(f'<div class="cl-note">{esc(map_text.t("credits", lang))}</div></details>')
    return Legend("".join(parts))
