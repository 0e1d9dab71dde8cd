"""The words and numbers of a briefing's tables and lines, shared by the page and the deck.

Every number of a :class:`~geo.briefs.content.Briefing` is written here, in the language's convention
(:func:`geo.i18n.format_number`), so the PDF, the PNG and the PPTX state it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from geo import i18n
from geo.briefs.content import Briefing, day_text
from geo.briefs.marking import BANNER_RED  # noqa: F401 - re-exported: the deck and the page draw it
from geo.i18n import briefs as brief_text
from geo.trends.chart_text import amount_text, ratio_text, status_text, unit_word

WARNING_ORANGE, MUTED = "#e65100", "#616161"
ROUTE_ROWS = 12  # top routes on the page and on the routes slide
FIGURE_HEADERS = ("col_substance", "col_kg", "col_cases", "col_tablets", "col_plants", "col_kg_before",
                  "col_cases_before", "col_change")
ROUTE_HEADERS = ("col_substance", "col_leg", "col_mode", "col_kg", "col_cases", "col_status")
EMERGING_HEADERS = ("col_substance", "col_leg", "col_weight", "col_before", "col_change")


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
    return number(value, lang) if value > 0 else "–"


def kg_text(value: float, basis: str, lang: str) -> str:
    """Kilograms; "–" for a counted substance that has none, rather than a misleading 0."""
    return "–" if basis == "cases" and value == 0 else number(value, lang, 1)


def change_text(change: float, basis: str, lang: str) -> str:
    """The ratio now/before with what it weighs.

    >>> change_text(1.25, "kg", "fr"), change_text(float("nan"), "cases", "en")
    ('×1,2 (kg)', 'new (seizures)')
    """
    return f"{ratio_text(change, lang)} ({unit_word(basis, lang)})"


def headers(keys: Sequence[str], lang: str) -> list[str]:
    """Column headers from :data:`geo.i18n.briefs.STRINGS` keys."""
    return [brief_text.t(key, lang) for key in keys]


def figure_cells(row: pd.Series, lang: str) -> list[str]:
    """Key-figure cells: substance, kg, cases, tablets, plants, kg before, cases before, change."""
    return [clip(row["label"], 24), kg_text(row["kg"], row["basis"], lang), number(row["cases"], lang),
            count_text(row["tablets"], lang), count_text(row["plants"], lang),
            kg_text(row["kg_before"], row["basis"], lang), number(row["cases_before"], lang),
            change_text(row["change"], row["basis"], lang)]


def sum_cells(rows: pd.DataFrame, label: str, lang: str) -> list[str]:
    """Key-figure cells summing several substances; their change would mix kg and cases, so none is given."""
    total = rows[["kg", "cases", "tablets", "plants", "kg_before", "cases_before"]].sum()
    return [label, number(total["kg"], lang, 1), number(total["cases"], lang), count_text(total["tablets"], lang),
            count_text(total["plants"], lang), number(total["kg_before"], lang, 1),
            number(total["cases_before"], lang), "–"]


def leg_text(row: pd.Series, width: int) -> str:
    """A leg as read, "Brésil → Cap-Vert", cut to ``width`` characters."""
    return clip(f"{row['from_name']} → {row['to_name']}", width)


def route_cells(row: pd.Series, lang: str, width: int = 46) -> list[str]:
    """Top-route cells: substance, leg, conveyance, kg, cases, trend."""
    return [row["label"], leg_text(row, width), i18n.value_label(row["mode"], lang),
            kg_text(row["kg"], row["basis"], lang),
            number(row["cases"], lang), status_text(row["status"], lang)]


def emerging_cells(row: pd.Series, lang: str, width: int = 46) -> list[str]:
    """Emerging-route cells: substance, leg, weight now, weight before, ratio."""
    return [row["label"], leg_text(row, width), amount_text(row["weight"], row["basis"], lang, with_unit=True),
            amount_text(row["previous_weight"], row["basis"], lang, with_unit=True), ratio_text(row["change"], lang)]


def generated_line(briefing: Briefing) -> str:
    """"Générée le 3 mai 2024 à 14:05 UTC"."""
    when = briefing.generated_at
    return brief_text.t("generated", briefing.lang, day=day_text(when.date(), briefing.lang),
                        time=when.strftime("%H:%M"))


def demo_line(briefing: Briefing) -> str:
    """The synthetic-data warning, "" without demo records."""
    if not briefing.demo_records:
        return ""
    return brief_text.t("demo_warning", briefing.lang, n=number(briefing.demo_records, briefing.lang))


def sources_line(briefing: Briefing) -> str:
    """"Sources : a · b · et 3 autres"."""
    return brief_text.t("sources", briefing.lang, sources=" · ".join(briefing.sources) or "–")
