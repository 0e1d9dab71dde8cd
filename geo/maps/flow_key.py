"""The flow map's key: family hues, reported (solid) against inferred (dashed), the legs shown by default."""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.analysis import provenance
from geo.core import schema
from geo.i18n import maps as map_text
from geo.maps import flow_style
from geo.maps.layers import esc
from geo.reference.countries import country_name


def _sample(colour: str, dash: str = "") -> str:
    """A short line with an arrowhead, as a leg is drawn."""
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="40" height="16"><line x1="2" y1="8" x2="30" y2="8" stroke="{colour}" stroke-width="4"'
            f'{dashed}/><polygon points="28,2 39,8 28,14" fill="{colour}"/></svg>')


def flow_key_html(lang: str, top: int | None = None) -> str:
    """Legend rows for the flows: one hue per family, solid = reported, dashed = inferred, how many shown."""
    rows = [f'<div class="cl-h">{esc(map_text.t("key_families", lang))}</div><div class="cl-grid">']
    rows += [f'<div class="cl-row">{_sample(hue)}<span>{esc(map_text.t("family_" + name, lang))}</span></div>'
             for name, hue in flow_style.FAMILY_HUES.items()]
    rows.append("</div>")
    rows.append(f'<div class="cl-row">{_sample("#424242")}<span>{esc(map_text.t("key_reported", lang))}</span></div>')
    rows.append(f'<div class="cl-row">{_sample("#424242", "5 4")}<span>{esc(map_text.t("key_inferred", lang))}'
                "</span></div>")
    if top:
        rows.append(f'<div class="cl-note">{esc(map_text.t("key_top", lang, n=top))}</div>')
    return "".join(rows)


PRESENTER_TOP = 3  # legs named in presenter mode's key


def presenter_key_html(lang: str, legs: pd.DataFrame) -> str:
    """Presenter mode's flow key in projector type (18 px and more), for the caption box.

    The ``PRESENTER_TOP`` heaviest legs drawn (each with its hue and stroke), then the family
    hues and what solid and dashed mean: readable from the back of a room while the full
    legend stays folded.
    """
    drawn = legs[legs["major"]] if "major" in legs else legs
    drawn = drawn[drawn["weight"] > 0].sort_values("weight", ascending=False).head(PRESENTER_TOP)
    how = provenance.provenance(drawn) if "reported_kg" in drawn else pd.Series("inferred", index=drawn.index)
    rows = []
    for row, kind in zip(drawn.itertuples(index=False), how, strict=True):
        amount = (f"{i18n.format_number(row.kg, lang)} {map_text.t('kg', lang)}" if row.basis == "kg"
                  else f"{i18n.format_number(row.cases, lang)} {map_text.t('cases', lang)}")
        stroke = _sample(flow_style.family_hue(row.substance), "5 4" if kind == "inferred" else "")
        rows.append(f'<div class="cl-fk-row">{stroke}'
                    f"<span>{esc(country_name(row.from_iso3, lang))} → {esc(country_name(row.to_iso3, lang))}"
                    f" · {esc(amount)} <i>{esc(schema.substance_label(row.substance, lang))}</i></span></div>")
    families = "".join(f'<span class="cl-fk-fam"><b style="background:{hue}"></b>'
                       f'{esc(map_text.t("short_family_" + name, lang))}</span>'
                       for name, hue in flow_style.FAMILY_HUES.items())
    strokes = (f'<div class="cl-fk-row">{_sample("#424242")}<span>{esc(map_text.t("print_reported", lang))}</span>'
               f'{_sample("#424242", "5 4")}<span>{esc(map_text.t("print_inferred", lang))}</span></div>')
    return f'<div class="cl-flowkey">{"".join(rows)}<div class="cl-fk-fams">{families}</div>{strokes}</div>'


PRESENTER_KEY_CSS = ("<style>.cl-flowkey{font-size:18px;line-height:1.35;margin-top:8px;border-top:1px solid #ddd;"
                     "padding-top:6px}.cl-fk-row{display:flex;align-items:center;gap:8px;margin:2px 0}"
                     ".cl-fk-fams{display:flex;flex-wrap:wrap;gap:4px 14px;margin:4px 0}"
                     ".cl-fk-fam b{display:inline-block;width:22px;height:8px;margin-right:5px;vertical-align:middle}"
                     "</style>")
