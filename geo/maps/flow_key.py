"""The flow map's key: family hues, reported (solid) against inferred (dashed), the legs shown by default."""

from __future__ import annotations

from geo.i18n import maps as map_text
from geo.maps import flow_style
from geo.maps.layers import esc


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
