"""One record as a readable panel: every field, labelled in the reader's language, in four sections.

Each section is a two-column list (label, value). Values of the vocabulary, countries and
substances are in the reader's language and numbers in its convention; a record's own free text
(place, notes, source…) is shown as it was written and marked as the original. Every value is
HTML-escaped: the panel is HTML (``st.html``) and record text is user input.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from geo import i18n
from geo.i18n import records as record_text
from geo.records.tables import count_text, kg_text, localise, quantity_text

SECTIONS: dict[str, tuple[str, ...]] = {
    "seizure": ("date", "date_precision", "substance", "substance_label", "quantity", "unit", "quantity_kg",
                "kg_factor", "count", "seizure_count", "conveyance", "transport_detail"),
    "place": ("country", "admin1", "place", "lat", "lon", "location_precision"),
    "route": ("origin", "transit", "destination"),
    "source": ("agency", "source_ref", "source", "reliability", "notes", "sensitivity", "dataset", "record_id",
               "batch_id", "created_at", "created_by"),
}
# Text the record's author typed, shown as written (never translated).
FREE_TEXT = ("substance_label", "transport_detail", "admin1", "place", "source_ref", "source", "reliability", "notes")
STYLE = (
    "<style>.couloirs-record{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:0 2rem}"
    ".couloirs-record h4{margin:.6rem 0 .2rem;font-size:1rem}"
    ".couloirs-record dl{display:grid;grid-template-columns:minmax(9rem,40%) 1fr;gap:.15rem .8rem;margin:0}"
    ".couloirs-record dt{color:#555;font-weight:400}.couloirs-record dd{margin:0;overflow-wrap:anywhere}"
    ".couloirs-record .original{color:#777;font-size:.8em;font-style:italic}</style>"
)


@dataclass(frozen=True)
class Line:
    """One field of the panel: its label and value in the reader's language; ``original`` marks free text."""

    field: str
    label: str
    value: str
    original: bool = False


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str) and not value)


def _value(field: str, raw: dict, shown: pd.Series, lang: str) -> str:
    """The value of ``field`` written for the reader ("" when the record has none)."""
    value = raw.get(field)
    if _blank(value):
        return ""
    if field == "date":
        return pd.Timestamp(value).date().isoformat()
    if field == "quantity":
        return quantity_text(float(value), raw.get("unit"), lang)
    if field == "quantity_kg":
        return kg_text(float(value), lang)
    if field == "count":
        return count_text(float(value), str(raw.get("unit") or "units"), lang)
    if field in ("lat", "lon"):
        return i18n.format_number(float(value), lang, 4)
    if field == "kg_factor":
        return i18n.format_number(float(value), lang, 3).rstrip("0").rstrip(",.")
    if field == "seizure_count":
        return i18n.format_number(int(value), lang, 0)
    if field in FREE_TEXT:
        return str(value)
    localised = shown.get(field)
    return "" if _blank(localised) else str(localised)


def record_lines(record: dict, lang: str) -> dict[str, list[Line]]:
    """Every canonical field of ``record`` by section, labelled and written in ``lang``."""
    shown = localise(pd.DataFrame([record]), lang).iloc[0]
    return {section: [Line(field, i18n.field_label(field, lang), _value(field, record, shown, lang),
                           field in FREE_TEXT and not _blank(record.get(field)))
                      for field in fields]
            for section, fields in SECTIONS.items()}


def record_panel_html(record: dict, lang: str) -> str:
    """The record as HTML: four sections side by side (two on a 1440-pixel screen), each a label/value list."""
    note = html.escape(record_text.t("as_recorded", lang))
    parts = [STYLE, '<div class="couloirs-record">']
    for section, lines in record_lines(record, lang).items():
        parts.append(f"<section><h4>{html.escape(record_text.t(f'section_{section}', lang))}</h4><dl>")
        for line in lines:
            value = html.escape(line.value) if line.value else "—"
            mark = f' <span class="original">({note})</span>' if line.original else ""
            parts.append(f"<dt>{html.escape(line.label)}</dt><dd>{value}{mark}</dd>")
        parts.append("</dl></section>")
    parts.append("</div>")
    return "".join(parts)

