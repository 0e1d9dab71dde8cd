"""The map's caption: the period shown and its key figures, drawn inside the map by the step that swaps the layers.

A heading drawn by the page changed 0.4–2 s before the map did (the page sends it first, the map then
evaluates and draws its layers). The caption is therefore a Leaflet control of the frame
(:class:`CaptionBox`), filled by a script that travels with the period's layers
(:class:`CaptionFill`): the words and the layers change in the same browser task. The same script
replaces the legend's content, so that switching single period ↔ cumulative (other scales, other
legend) swaps layers and words without rebuilding the map.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from geo import i18n
from geo.core import periods, schema
from geo.i18n import maps as map_text
from geo.maps.layers import esc
from geo.reference.countries import country_name

CAPTION_GROUP = "cl-caption"  # the (unlisted) feature group carrying the fill script


def period_heading(keys: tuple[str, ...] | list[str], index: int, mode: str, lang: str) -> str:
    """The period a step shows: "2021", or "2015 – 2021" in cumulative mode (never "2015 – 2015").

    >>> period_heading(("2015", "2016"), 1, "cumulative", "fr"), period_heading(("2015", "2016"), 0, "cumulative", "fr")
    ('2015 – 2016', '2015')
    >>> period_heading(("2021-Q1", "2021-Q2"), 1, "window", "en")
    'Q2 2021'
    """
    label = periods.period_label(keys[index], lang)
    if mode == "cumulative" and index > 0:
        return f"{periods.period_label(keys[0], lang)} – {label}"
    return label


def change_text(legs: pd.DataFrame, index: int, lang: str) -> str:
    """How many legs rose or fell against the step before; at the first step, that nothing came before.

    >>> change_text(pd.DataFrame({"status": ["emerging", "emerging"]}), 0, "en")
    'no earlier period to compare'
    >>> change_text(pd.DataFrame({"status": ["emerging", "fading", "stable"]}), 3, "fr")
    '1 en forte hausse, 1 en forte baisse'
    """
    if index == 0:
        return map_text.t("no_earlier", lang)
    status = legs["status"].value_counts() if len(legs) and "status" in legs else pd.Series(dtype=int)
    return map_text.t("changes", lang, emerging=int(status.get("emerging", 0)), fading=int(status.get("fading", 0)))


def heaviest_leg_parts(legs: pd.DataFrame, lang: str) -> tuple[str, str]:
    """The heaviest leg drawn as ("Brésil → Sénégal · 2 300 kg", "Cocaïne"); blanks when no leg is drawn.

    >>> heaviest_leg_parts(pd.DataFrame({"from_iso3": ["BRA", "MLI"], "to_iso3": ["SEN", "NER"],
    ...     "substance": ["cocaine", "cannabis_resin"], "kg": [2300.0, 12.0], "weight": [2300.0, 12.0]}), "en")
    ('Brazil → Senegal · 2,300 kg', 'Cocaine')
    """
    if legs is None or not len(legs):
        return "", ""
    top = legs.sort_values("weight", ascending=False).iloc[0]
    kg = float(top["kg"]) if pd.notna(top.get("kg")) else 0.0
    route = (f"{country_name(top['from_iso3'], lang)} → {country_name(top['to_iso3'], lang)} · "
             f"{i18n.format_number(kg, lang)} kg")
    return route, schema.substance_label(top["substance"], lang)


@dataclass(frozen=True)
class Caption:
    """What the map says about the step it shows (plain text; escaped when drawn)."""

    heading: str
    figures: str  # seizures and kilograms
    legs: str  # route legs and their changes
    heaviest: tuple[str, str]  # the heaviest leg's route and weight, its substance
    demo: bool = False


def caption(keys: tuple[str, ...], index: int, mode: str, records: pd.DataFrame, cases: int, kg: float,
            legs: pd.DataFrame, lang: str, *, demo: bool = False) -> Caption:
    """The caption of step ``index``: heading, seizures and kilograms, legs and their changes, heaviest leg."""
    del records  # the figures are the page's totals of these records (one computation, shown once)
    figures = map_text.t("figures", lang, cases=i18n.format_number(cases, lang), kg=i18n.format_number(kg, lang))
    leg_line = map_text.t("legs_line", lang, legs=i18n.format_number(len(legs), lang),
                          changes=change_text(legs, index, lang))
    return Caption(period_heading(keys, index, mode, lang), figures, leg_line, heaviest_leg_parts(legs, lang), demo)


def caption_html(value: Caption, lang: str) -> str:
    """The caption as escaped HTML for :class:`CaptionBox`."""
    badge = f'<span class="cl-badge">{esc(map_text.t("demo_badge", lang))}</span>' if value.demo else ""
    route, substance = value.heaviest
    heaviest = (f'<div class="cl-cap-k">{esc(map_text.t("heaviest_leg", lang))}</div>'
                f'<div class="cl-cap-leg">{esc(route)} <span class="cl-cap-sub">{esc(substance)}</span></div>'
                if route else "")
    return (f'<div class="cl-cap-h" data-period="{esc(value.heading)}">{esc(value.heading)}</div>'
            f'<div class="cl-cap-fig">{esc(value.figures)}</div>'
            f'<div class="cl-cap-legs">{esc(value.legs)}</div>{heaviest}{badge}')


CAPTION_CSS = """<style>
.cl-period-box{background:rgba(255,255,255,.92);border-radius:6px;padding:6px 12px;box-shadow:0 1px 4px rgba(0,0,0,.3);
 font:13px/1.35 "Source Sans Pro",sans-serif;color:#222;max-width:46vw}
.cl-period-box .cl-cap-h{font-size:22px;font-weight:700}
.cl-period-box .cl-cap-k,.cl-period-box .cl-cap-sub{color:#555}
.cl-period-box .cl-cap-k{font-size:12px;margin-top:2px}
.cl-period-box .cl-badge{display:inline-block;margin-top:3px;padding:0 6px;border-radius:8px;background:#e3f2fd;
 color:#0d47a1;font-size:12px}
.cl-large .cl-period-box{padding:8px 16px;max-width:40vw}
.cl-large .cl-period-box .cl-cap-h{font-size:44px;line-height:1.1}
.cl-large .cl-period-box .cl-cap-fig,.cl-large .cl-period-box .cl-cap-leg{font-size:28px;line-height:1.25}
.cl-large .cl-period-box .cl-cap-legs{display:none}
.cl-large .cl-period-box .cl-cap-k{font-size:18px;margin-top:6px}
.cl-large .cl-period-box .cl-cap-sub{font-size:20px}
html,body{height:100%;margin:0}
.cl-large{height:100vh!important}
.cl-large .cl-period-box .cl-badge{font-size:18px}
</style>"""


class CaptionBox(MacroElement):
    """The frame's empty caption control; ``large`` (presenter mode) sets projector-sized type."""

    _template = Template("""
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
            var box = L.control({position: {{ this.position|tojson }}});
            box.onAdd = function() {
                var div = L.DomUtil.create("div", "cl-period-box");
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            box.addTo(map);
            {% if this.large %}
            // Presenter mode: the map takes the window's height (the page makes the frame the screen's).
            // Framed on the study region from the Atlantic islands to Lake Chad, whatever the screen.
            map.getContainer().classList.add("cl-large");
            setTimeout(function() { map.invalidateSize(); map.fitBounds([[4.0, -25.0], [24.0, 16.0]]); }, 0);
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, position: str = "topright", large: bool = False) -> None:
        super().__init__()
        self._name = "CaptionBox"
        self.position = position
        self.large = large
        self.css = CAPTION_CSS


class CaptionFill(MacroElement):
    """Fills the caption (and the legend, when given) when the period's layers are added to the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var box = document.querySelector(".cl-period-box");
            if (box) { box.innerHTML = {{ this.html|tojson }}; }
            {% if this.legend %}
            if (window.clFillLegend) { window.clFillLegend({{ this.legend|tojson }}); }
            {% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str, legend_html: str | None = None) -> None:
        super().__init__()
        self._name = "CaptionFill"
        self.html = html
        self.legend = legend_html


def caption_group(html: str, legend_html: str | None = None) -> folium.FeatureGroup:
    """An empty, unlisted feature group whose script fills the caption (and legend) as it is added."""
    group = folium.FeatureGroup(name=CAPTION_GROUP, control=False)
    CaptionFill(html, legend_html).add_to(group)
    return group
