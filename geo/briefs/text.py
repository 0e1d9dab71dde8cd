"""The words and numbers of a briefing's tables and lines, shared by the page and the deck.

Every number of a :class:`~geo.briefs.content.Briefing` is written here, in the language's convention
(:func:`geo.i18n.format_number`), so the PDF, the PNG and the PPTX state it the same way. Table cells
stay short at any scale (:func:`geo.briefs.wording.compact`: "45,1 M", "1,49 Md"), so that a column
never runs into the next; a change is a signed percentage with its arrow on the row's basis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlparse

import pandas as pd

from geo import i18n
from geo.briefs import wording
from geo.briefs.content import Briefing, day_text
from geo.briefs.marking import BANNER_RED  # noqa: F401 - re-exported: the deck and the page draw it
from geo.i18n import briefs as brief_text
from geo.trends.chart_text import status_text

WARNING_ORANGE, MUTED = "#e65100", "#616161"
ROUTE_ROWS = 12  # top routes on the page and on the routes slide
FIGURE_HEADERS = ("col_substance", "col_kg", "col_cases", "col_tablets", "col_plants", "col_kg_before",
                  "col_cases_before", "col_change")
SUMMARY_HEADERS = ("col_substance", "col_unit", "", "", "col_change", "col_seizures_now")  # "": the two periods
ROUTE_HEADERS = ("col_substance", "col_leg", "col_mode", "col_kg_short", "col_cases", "col_status")
EMERGING_HEADERS = ("col_substance", "col_leg", "col_weight", "col_before", "col_change")
SHORT_SOURCE = 34  # characters of a source's short name on the first page


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number in ``lang``'s convention ("1 234,5" or "1,234.5")."""
    return i18n.format_number(float(value), lang, decimals)


def clip(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters, an ellipsis marking the cut.

    >>> clip("Vénézuela, république bolivarienne du", 12)
    'Vénézuela, …'
    """
    return value if len(value) <= limit else value[: limit - 1] + "…"


def count_text(value: float, lang: str) -> str:
    """Tablets or plants: "–" when none were counted, which is most substances."""
    return wording.compact(value, lang) if value > 0 else "–"


def kg_text(value: float, basis: str, lang: str) -> str:
    """Kilograms; "–" for a counted substance that has none, rather than a misleading 0."""
    return "–" if basis != "kg" and value == 0 else wording.compact(value, lang, 1)


def change_text(row: pd.Series, lang: str) -> str:
    """A key-figure row's change on its basis: "▲ +20 %", "▼ −20 %", "nouveau"."""
    basis = row["basis"]
    return wording.change_cell(float(row[basis]), float(row[f"{basis}_before"]), lang)


def headers(keys: Sequence[str], lang: str) -> list[str]:
    """Column headers from :data:`geo.i18n.briefs.STRINGS` keys ("" stays empty)."""
    return [brief_text.t(key, lang) if key else "" for key in keys]


def figure_cells(row: pd.Series, lang: str) -> list[str]:
    """Detailed key-figure cells: substance, kg, cases, tablets, plants, kg before, cases before, change."""
    return [clip(row["label"], 24), kg_text(row["kg"], row["basis"], lang), wording.compact(row["cases"], lang),
            count_text(row["tablets"], lang), count_text(row["plants"], lang),
            kg_text(row["kg_before"], row["basis"], lang), wording.compact(row["cases_before"], lang),
            change_text(row, lang)]


def sum_cells(rows: pd.DataFrame, label: str, lang: str) -> list[str]:
    """Key-figure cells summing several substances; their change would mix kg and counts, so none is given."""
    total = rows[["kg", "cases", "tablets", "plants", "kg_before", "cases_before"]].sum()
    return [label, kg_text(total["kg"], "kg", lang), wording.compact(total["cases"], lang),
            count_text(total["tablets"], lang), count_text(total["plants"], lang),
            kg_text(total["kg_before"], "kg", lang), wording.compact(total["cases_before"], lang), "–"]


def summary_cells(row: pd.Series, lang: str) -> list[str]:
    """The first page's row: substance, unit, amount now, amount before, change, seizures now."""
    basis = row["basis"]
    now, before = float(row[basis]), float(row[f"{basis}_before"])
    if basis == "kg":
        unit = wording.mass_unit(max(now, before))
        amounts = [wording.mass_number(value, unit, lang) for value in (now, before)]
    else:
        unit = brief_text.t(f"unit_{basis}", lang)
        amounts = [wording.compact(value, lang) for value in (now, before)]
    return [clip(row["label"], 22), unit, *amounts, change_text(row, lang), wording.compact(row["cases"], lang)]


def summary_sum_cells(rows: pd.DataFrame, label: str, lang: str) -> list[str]:
    """A first-page row summing substances: their mass (every substance has one) and seizures; no change."""
    kg, kg_before = float(rows["kg"].sum()), float(rows["kg_before"].sum())
    unit = wording.mass_unit(max(kg, kg_before))
    return [label, unit, wording.mass_number(kg, unit, lang), wording.mass_number(kg_before, unit, lang),
            wording.change_cell(kg, kg_before, lang), wording.compact(rows["cases"].sum(), lang)]


OTHERS_COLOUR = "#bdbdbd"  # the swatch of the substances summed as "others"


def capped_rows(figures: pd.DataFrame, limit: int, cells: Callable[[pd.Series, str], list[str]],
                summed: Callable[[pd.DataFrame, str, str], list[str]], others: str, lang: str,
                ) -> tuple[list[list[str]], list[str]]:
    """Table rows and swatches: the first ``limit`` substances, the rest summed as ``others``, then the total."""
    shown, rest = figures.iloc[:limit], figures.iloc[limit:]
    rows, swatches = [cells(row, lang) for _, row in shown.iterrows()], list(shown["colour"])
    if len(rest):
        rows.append(summed(rest, others, lang))
        swatches.append(OTHERS_COLOUR)
    if len(figures):
        rows.append(summed(figures, brief_text.t("total", lang), lang))
        swatches.append("white")
    return rows, swatches


def leg_text(row: pd.Series, width: int) -> str:
    """A leg as read, "Brésil → Cap-Vert", cut to ``width`` characters."""
    return clip(f"{row['from_name']} → {row['to_name']}", width)


def route_cells(row: pd.Series, lang: str, width: int = 46) -> list[str]:
    """Top-route cells: substance, leg, conveyance, kg, cases, trend."""
    return [clip(row["label"], 20), leg_text(row, width), clip(i18n.value_label(row["mode"], lang), 12),
            kg_text(row["kg"], row["basis"], lang), wording.compact(row["cases"], lang),
            status_text(row["status"], lang)]


def _amount(value: float, basis: str, lang: str) -> str:
    """A leg's weight with its unit, short: "1,2 M kg", "3 saisies", "1 saisie"."""
    if basis == "kg":
        return f"{wording.compact(value, lang, 1)} kg"
    return f"{wording.compact(value, lang)} {brief_text.t_count(f'unit_{basis}', lang, value)}"


def emerging_cells(row: pd.Series, lang: str, width: int = 46) -> list[str]:
    """Emerging-route cells: substance, leg, weight now, weight before, change."""
    return [clip(row["label"], 20), leg_text(row, width), _amount(row["weight"], row["basis"], lang),
            _amount(row["previous_weight"], row["basis"], lang),
            wording.change_cell(float(row["weight"]), float(row["previous_weight"]), lang)]


def generated_line(briefing: Briefing) -> str:
    """"Générée le 3 mai 2024 à 14:05 UTC"."""
    when = briefing.generated_at
    return brief_text.t("generated", briefing.lang, day=day_text(when.date(), briefing.lang),
                        time=when.strftime("%H:%M"))


def comparison_line(briefing: Briefing) -> str:
    """"2025 par rapport à 2024" / "2025 vs 2024"."""
    return brief_text.t("vs", briefing.lang, period=briefing.period_text, previous=briefing.previous_text)


def demo_line(briefing: Briefing) -> str:
    """The synthetic-data warning, counting the window's records (and the compared period's); "" without any."""
    lang = briefing.lang
    if not briefing.demo_records and not briefing.demo_previous:
        return ""
    previous = ""
    if briefing.demo_previous:
        previous = " " + brief_text.t("demo_previous", lang, n=number(briefing.demo_previous, lang),
                                      when=wording.in_period(*briefing.previous, lang))
    return brief_text.t_count("demo_window", lang, briefing.demo_records, n=number(briefing.demo_records, lang),
                              when=wording.in_period(briefing.start, briefing.end, lang), previous=previous)


def short_source(name: str) -> str:
    """A source as the first page names it: a web address by its site ("unodc.org"), a long name cut."""
    parsed = urlparse(name.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        host = parsed.netloc.lower()
        return host[4:] if host.startswith("www.") else host
    return clip(name, SHORT_SOURCE)


def sources_line(briefing: Briefing) -> str:
    """"Sources : [1] unodc.org · [2] démonstration synthétique" (the full references on the second page)."""
    counts = briefing.source_counts or {}
    named = [f"[{i}] {short_source(name)}" if name in counts else name
             for i, name in enumerate(briefing.sources, start=1) if name in counts]
    return brief_text.t("sources", briefing.lang, sources=" · ".join(named) or "–")


def reference_lines(briefing: Briefing) -> list[str]:
    """The numbered references in full: "[1] https://… — 12 saisies"."""
    counts = briefing.source_counts or {}
    return [brief_text.t_count("reference_line", briefing.lang, counts.get(name, 0), i=i, source=name,
                               n=number(counts.get(name, 0), briefing.lang))
            for i, name in enumerate(briefing.sources, start=1) if name in counts]
