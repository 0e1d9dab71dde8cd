"""How a minister's adviser says a briefing's periods, amounts and changes, and its headline sentence.

Periods are named as people say them ("2025", "T3 2025"/"Q3 2025", "mars 2025"), never as two days
("31 déc. 2024 – 30 déc. 2025"); a change is a signed percentage ("−20 %"), with an arrow in tables;
an amount carries its unit and the plural it takes ("1 saisie", "2 saisies", "1,5 milliard de comprimés").
Pure functions of numbers and dates: :mod:`geo.briefs.content` calls them to word a briefing.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

import pandas as pd

from geo import i18n
from geo.core import periods
from geo.i18n import briefs as brief_text

MINUS = "\u2212"  # a real minus sign: "−20 %", not a hyphen
TONNE = 1000.0  # kg: from here on a mass reads in tonnes
FRENCH_MASCULINE_E = ("Mexique", "Mozambique", "Cambodge", "Zimbabwe", "Belize")


def _whole_months(start: date, end: date) -> int | None:
    """How many whole calendar months ``start`` .. ``end`` spans, ``None`` when it does not start and end on them."""
    if start.day != 1 or (pd.Timestamp(end) + pd.Timedelta(days=1)).day != 1:
        return None
    after = pd.Timestamp(end) + pd.Timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month


def period_kind(start: date, end: date) -> str:
    """"year", "years", "quarter", "month", "months" or "days": what the span is as a calendar says it."""
    months = _whole_months(start, end)
    if months is None or months <= 0:
        return "days"
    if start.month == 1 and months % 12 == 0:
        return "year" if months == 12 else "years"
    if months == 3 and start.month % 3 == 1:
        return "quarter"
    return "month" if months == 1 else "months"


def period_name(start: date, end: date, lang: str) -> str:
    """The span as people say it.

    >>> period_name(date(2025, 1, 1), date(2025, 12, 31), "fr"), period_name(date(2025, 7, 1), date(2025, 9, 30), "en")
    ('2025', 'Q3 2025')
    >>> period_name(date(2025, 7, 1), date(2025, 9, 30), "fr"), period_name(date(2024, 4, 1), date(2025, 3, 31), "fr")
    ('T3 2025', 'avr. 2024 – mars 2025')
    >>> period_name(date(2024, 12, 31), date(2025, 12, 30), "en")
    '31 Dec 2024 – 30 Dec 2025'
    """
    kind = period_kind(start, end)
    if kind == "year":
        return str(start.year)
    if kind == "years":
        return brief_text.t("span", lang, start=start.year, end=end.year)
    if kind == "quarter":
        return periods.period_label(f"{start.year}-Q{(start.month - 1) // 3 + 1}", lang)
    first, last = (periods.period_label(f"{day.year}-{day.month:02d}", lang) for day in (start, end))
    if kind == "month":
        return first
    if kind == "months":
        return brief_text.t("span", lang, start=first, end=last)
    return brief_text.t("span", lang, start=f"{start.day} {first}", end=f"{end.day} {last}")


def in_period(start: date, end: date, lang: str) -> str:
    """"en 2025", "au T3 2025", "in Q3 2025", "sur la période avr. 2024 – mars 2025"."""
    kind = period_kind(start, end)
    key = {"year": "in_year", "quarter": "in_quarter", "month": "in_month"}.get(kind, "in_span")
    return brief_text.t(key, lang, period=period_name(start, end, lang))


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period a briefing compares with: the calendar period before (2024 for 2025, T2 for T3), else as long.

    >>> previous_period(date(2025, 1, 1), date(2025, 12, 31))
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> previous_period(date(2025, 3, 1), date(2025, 3, 31))
    (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    """
    months = _whole_months(start, end)
    if not months or months <= 0:
        length = (end - start).days + 1
        before = pd.Timestamp(start) - pd.Timedelta(days=1)
        return (before - pd.Timedelta(days=length - 1)).date(), before.date()
    first = (pd.Timestamp(start) - pd.DateOffset(months=months)).date()
    return first, (pd.Timestamp(start) - pd.Timedelta(days=1)).date()


def compact(value: float, lang: str, decimals: int = 0) -> str:
    """A number short enough for a table cell: "45 070", "45,1 M", "1,49 Md" (fr) / "1.49 bn" (en).

    >>> compact(45_070_300, "fr"), compact(1.49e9, "en"), compact(850.26, "en", 1)
    ('45,1 M', '1.49 bn', '850.3')
    """
    size = abs(value)
    if size >= 1e9:
        return f"{i18n.format_number(value / 1e9, lang, 2)} {brief_text.t('short_billion', lang)}"
    if size >= 1e6:
        return f"{i18n.format_number(value / 1e6, lang, 1)} {brief_text.t('short_million', lang)}"
    return i18n.format_number(value, lang, decimals)


def mass_unit(kg: float) -> str:
    """"t" from a tonne on, "kg" below."""
    return "t" if abs(kg) >= TONNE else "kg"


def mass_number(kg: float, unit: str, lang: str) -> str:
    """Kilograms written in ``unit`` ("t" or "kg"), one decimal in tonnes below a hundred."""
    value = kg / TONNE if unit == "t" else kg
    return compact(value, lang, 1 if unit == "t" and abs(value) < 100 else 0 if abs(value) >= 10 else 1)


def amount_words(value: float, basis: str, lang: str) -> str:
    """An amount with its unit, in words past a million: "9,2 t", "45,1 millions de comprimés", "1 saisie".

    >>> amount_words(9200, "kg", "fr"), amount_words(1.49e9, "tablets", "fr"), amount_words(1, "cases", "fr")
    ('9,2 t', '1,49 milliard de comprimés', '1 saisie')
    >>> amount_words(45_070_300, "tablets", "en"), amount_words(2, "plants", "en")
    ('45.1 million tablets', '2 plants')
    """
    if basis == "kg":
        unit = mass_unit(value)
        return f"{mass_number(value, unit, lang)} {unit}"
    for size, key, decimals in ((1e9, "billion", 2), (1e6, "million", 1)):
        if abs(value) >= size:
            scaled = round(value / size, decimals)
            words = brief_text.t_count(key, lang, scaled, n=i18n.format_number(scaled, lang, decimals))
            return f"{words} {brief_text.t(f'unit_{basis}', lang)}"
    return f"{i18n.format_number(value, lang)} {brief_text.t_count(f'unit_{basis}', lang, value)}"


def percent_change(now: float, before: float) -> float | None:
    """Change from ``before`` to ``now`` in percent; ``None`` when there was nothing before to compare with."""
    return None if before <= 0 or not math.isfinite(before) else (now / before - 1) * 100


def signed_percent(change: float, lang: str) -> str:
    """"+20 %", "−20 %", "0 %" (whole percents; a true minus sign).

    >>> signed_percent(-20.4, "fr"), signed_percent(4870.2, "en"), signed_percent(0.3, "en")
    ('−20 %', '+4,870 %', '0 %')
    """
    rounded = round(change)
    sign = "+" if rounded > 0 else MINUS if rounded < 0 else ""
    return f"{sign}{i18n.format_number(abs(rounded), lang)} %"


def change_cell(now: float, before: float, lang: str) -> str:
    """A table's change: "▲ +20 %", "▼ −20 %", "= 0 %", "nouveau" (nothing before), "–" (nothing either time)."""
    change = percent_change(now, before)
    if change is None:
        return brief_text.t("change_new", lang) if now > 0 else "–"
    rounded = round(change)
    arrow = "▲" if rounded > 0 else "▼" if rounded < 0 else "="
    return f"{arrow} {signed_percent(change, lang)}"


def number_word(n: int, lang: str) -> str:
    """"deux", "two" up to ten, digits beyond."""
    words = brief_text.t("numbers", lang).split(",")
    return words[n] if 0 <= n < len(words) else i18n.format_number(n, lang)


def french_country(name: str) -> str:
    """A French country name with its article after "par": "le Niger", "la Guinée", "l'Algérie", "les Pays-Bas"."""
    if name[:1] in "AEIOUÉÈÊÎÔY":
        return f"l'{name}"
    if name.endswith("s"):
        return f"les {name}"
    if name.startswith("Guinée") or (name.endswith("e") and name not in FRENCH_MASCULINE_E):
        return f"la {name}"
    return f"le {name}"


def new_legs_phrase(legs: pd.DataFrame, lang: str) -> str:
    """"deux nouveaux tronçons par le Niger" from one substance's emerging legs, "" when there are none.

    The country that most new legs pass through is named when it is on two or more of them.
    """
    if legs.empty:
        return ""
    if len(legs) == 1:
        row = legs.iloc[0]
        return brief_text.t("leg_new_one", lang, leg=f"{row['from_name']} → {row['to_name']}")
    touched: Counter[tuple[str, str]] = Counter()
    for row in legs.itertuples():
        for code, name in {(row.from_iso3, row.from_name), (row.to_iso3, row.to_name)}:
            if isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper():
                touched[(code, name)] += 1
    best = max(touched.items(), key=lambda item: (item[1], item[0][0]), default=None)
    if best and best[1] >= 2:
        country = french_country(best[0][1]) if lang == "fr" else best[0][1]
        return brief_text.t("legs_through", lang, n=number_word(best[1], lang), country=country)
    return brief_text.t("legs_new", lang, n=number_word(len(legs), lang))


def headline(row: pd.Series | None, emerging: pd.DataFrame, window: tuple[date, date], previous: tuple[date, date],
             lang: str) -> str:
    """The briefing's sentence for its leading substance ``row`` (a key-figure row; ``None``: nothing seized).

    "Cocaine: 9.2 t seized in 2025, −20 % on 2024; two new legs through Niger" — the amount and its change on
    the row's ``basis``, then what is new on its routes.
    """
    when = in_period(*window, lang)
    if row is None:
        return brief_text.t("headline_none", lang, when=when)
    basis = row["basis"]
    now, before = float(row[f"{basis}"]), float(row[f"{basis}_before"])
    change = percent_change(now, before)
    previous_name = period_name(*previous, lang)
    change_text = (brief_text.t("change_none", lang, in_previous=in_period(*previous, lang)) if change is None
                   else brief_text.t("change_on", lang, change=signed_percent(change, lang), previous=previous_name))
    amount = amount_words(now, basis, lang)
    if basis == "cases":
        sentence = brief_text.t("headline_cases", lang, substance=row["label"], amount=amount, when=when,
                                change=change_text)
    else:
        seized = ("seized_t" if basis == "kg" and mass_unit(now) == "t" else "seized_m")
        sentence = brief_text.t("headline_weighed", lang, substance=row["label"], amount=amount, when=when,
                                change=change_text, seized=brief_text.t_count(seized, lang, now if seized != "seized_t"
                                                                               else 2))
    new = new_legs_phrase(emerging.loc[emerging["substance"] == row["substance"]], lang)
    return f"{sentence}{' ; ' if lang == 'fr' else '; '}{new}" if new else sentence


def coverage_sentence(share: dict | None, lang: str) -> str:
    """"Shared records cover 38 % of the 2022 official total (9.5 t of 25.0 t)"; "" when no official total applies.

    ``share`` is :func:`geo.analysis.coverage.overall`'s dict.

    >>> coverage_sentence({"year": 2022, "records_kg": 9500, "official_kg": 25000, "ratio": 0.38}, "fr")
    'Les saisies partagées couvrent 38 % du total officiel 2022 (9,5 t sur 25,0 t)'
    """
    if not share:
        return ""
    percent = share["ratio"] * 100
    shown = f"{percent:.0f}" if percent >= 1 or percent == 0 else f"{percent:.1f}".replace(".", "," if lang == "fr"
                                                                                         else ".")
    return brief_text.t("coverage_share", lang, share=f"{shown} %", year=share["year"],
                        records=amount_words(share["records_kg"], "kg", lang),
                        official=amount_words(share["official_kg"], "kg", lang))


__all__ = ["amount_words", "change_cell", "compact", "coverage_sentence", "headline", "in_period", "period_name",
           "previous_period", "signed_percent"]
