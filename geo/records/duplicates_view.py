"""A pair of probable duplicates side by side: every field of both reports, what agrees and what differs marked.

The comparison fields of :mod:`geo.analysis.duplicates` (date, place, quantity, conveyance, route, text) are
mapped to the record fields they read, so a row of the table is marked as agreeing or differing by the linkage's
own verdict, not by a second rule. Values are written as the record panel writes them
(:func:`geo.records.panel.record_lines`) and HTML-escaped: record text is user input.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from geo.i18n import records as record_text
from geo.records.panel import record_lines

# Comparison -> the record fields it reads.
COMPARED_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date",), "place": ("lat", "lon"), "quantity": ("quantity", "unit", "quantity_kg", "count"),
    "conveyance": ("conveyance",), "route": ("origin", "destination"), "text": ("place", "transport_detail"),
}
SHOWN = ("date", "substance", "quantity", "unit", "quantity_kg", "count", "country", "place", "lat", "lon",
         "location_precision", "conveyance", "transport_detail", "origin", "transit", "destination", "agency",
         "source_ref", "sensitivity", "notes")
STYLE = ("<style>.couloirs-pair{width:100%;border-collapse:collapse;font-size:.92rem}"
         ".couloirs-pair th,.couloirs-pair td{padding:.25rem .5rem;border-bottom:1px solid #e5e5e5;text-align:left;"
         "overflow-wrap:anywhere}.couloirs-pair tr.agree td{background:#e8f5e9}"
         ".couloirs-pair tr.differ td{background:#fff3e0}.couloirs-pair .verdict{color:#555;font-size:.8em}</style>")


def verdicts(agree: Sequence[str], differ: Sequence[str]) -> dict[str, str]:
    """Record field -> "agree" or "differ", from the comparisons' verdicts (a field read by both: differ wins)."""
    marks: dict[str, str] = {}
    for verdict, names in (("agree", agree), ("differ", differ)):
        for name in names:
            for field in COMPARED_FIELDS.get(name, ()):
                marks[field] = verdict
    return marks


def comparison_names(names: Sequence[str], lang: str) -> str:
    """The comparisons in words, e.g. "date, quantité" ("—" when none)."""
    return ", ".join(record_text.t(f"cmp_{n}", lang) for n in names) or "—"


def pair_html(a: dict, b: dict, agree: Sequence[str], differ: Sequence[str], lang: str) -> str:
    """Both records in two columns, one row per field, agreeing rows green and differing rows orange."""
    lines_a = {line.field: line for lines in record_lines(a, lang).values() for line in lines}
    lines_b = {line.field: line for lines in record_lines(b, lang).values() for line in lines}
    marks = verdicts(agree, differ)
    head = (f"<tr><th>{html.escape(record_text.t('dup_field', lang))}</th>"
            f"<th>{html.escape(str(a.get('record_id')))}</th><th>{html.escape(str(b.get('record_id')))}</th></tr>")
    rows = [STYLE, '<table class="couloirs-pair">', head]
    for field in SHOWN:
        left, right = lines_a[field], lines_b[field]
        if not left.value and not right.value:
            continue
        mark = marks.get(field)
        verdict = f' <span class="verdict">({html.escape(record_text.t("dup_" + mark, lang))})</span>' if mark else ""
        css = f' class="{mark}"' if mark else ""
        rows.append(f"<tr{css}><td>{html.escape(left.label)}{verdict}</td>"
                    f"<td>{html.escape(left.value) or '—'}</td><td>{html.escape(right.value) or '—'}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def most_precise(a: dict, b: dict) -> str:
    """The record id a confirmed pair counts by default: the more precise report (place, date, quantity)."""
    import pandas as pd

    from geo.analysis.count_once import precision_order

    frame = pd.DataFrame([a, b])
    frame["order"] = precision_order(frame)
    return str(frame.sort_values(["order", "record_id"]).iloc[0]["record_id"])
