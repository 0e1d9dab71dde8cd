"""Words of the Trends charts and tables: the chart context, captions, labels and number texts.

Every chart and table of the Trends page states the same things the same way: its period, that
synthetic demo records are among those shown, place and substance names, units. They are worded
here once, from the Trends page's own bilingual table, :data:`geo.i18n.trends.STRINGS` (read through
``trend_text.t``), which holds the chart titles and axis titles too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo import i18n
from geo.core import schema
from geo.i18n import changes as change_text
from geo.i18n import trends as trend_text
from geo.reference.countries import country_name

# Units a quantity can be shown in: the quantity columns of a trends series.
MEASURES = ("kg", "cases", "tablets", "plants")
STATUSES = ("emerging", "fading", "stable")
UNKNOWN = "unknown"
FALLBACK_COLOUR = "#9e9e9e"

@dataclass(frozen=True)
class ChartContext:
    """What every chart states besides its data.

    Attributes:
        lang: "fr" or "en".
        period_text: the period shown, already worded by the page ("2019 – 2024", "T1 2024").
        demo_records: how many synthetic demo records are among those charted (0: none).
    """

    lang: str
    period_text: str
    demo_records: int = 0

    def __post_init__(self) -> None:
        if self.lang not in i18n.LANGUAGES:
            raise ValueError(f"chart language {self.lang!r} is not one of {', '.join(i18n.LANGUAGES)}")
        if self.demo_records < 0:
            raise ValueError(f"demo_records {self.demo_records} is negative")


def demo_note(context: ChartContext) -> str:
    """The synthetic-data warning, or "" when no demo record is shown."""
    if context.demo_records <= 0:
        return ""
    return trend_text.t("demo_note", context.lang, n=i18n.format_number(context.demo_records, context.lang))


def caption(context: ChartContext, extra: str = "") -> str:
    """Caption under a chart: its period, the synthetic-data warning while demo records are shown, ``extra``.

    >>> caption(ChartContext("fr", "2019 – 2024", demo_records=12))
    'Période : 2019 – 2024 · Inclut 12 saisies synthétiques de démonstration, qui ne décrivent aucun fait réel'
    >>> caption(ChartContext("en", "Q1 2024"), extra="Source: agency records")
    'Period: Q1 2024 · Source: agency records'
    """
    parts = (trend_text.t("caption_period", context.lang, period=context.period_text), demo_note(context), extra)
    return " · ".join(part for part in parts if part)


def subtitle(context: ChartContext) -> list[str]:
    """Subtitle lines of a chart: the period, then the demo warning so that a saved image carries it too."""
    return [line for line in (context.period_text, demo_note(context)) if line]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def place_name(code: object, lang: str) -> str:
    """Country name of an ISO3 code in ``lang``; "unknown" (or a blank) becomes the word for unknown."""
    if _missing(code) or code in ("", UNKNOWN):
        return i18n.value_label(UNKNOWN, lang)
    return country_name(str(code), lang)


def key_label(key: object, by: str, lang: str) -> str:
    """Label of a series key: a substance name (``by="substance"``) or a country name."""
    return schema.substance_label(str(key), lang) if by == "substance" else place_name(key, lang)


def leg_label(from_iso3: object, to_iso3: object, lang: str) -> str:
    """A leg as read: "Brésil → Cap-Vert"."""
    return f"{place_name(from_iso3, lang)} → {place_name(to_iso3, lang)}"


def substance_colour(substance_id: str) -> str:
    """Colour of a substance in the vocabulary (grey when unknown)."""
    entry = schema.substances().get(substance_id)
    return entry.colour if entry else FALLBACK_COLOUR


def unit_word(unit: str, lang: str) -> str:
    """Unit name of a measure: "kg", "saisies", "comprimés", "plants"."""
    return trend_text.t(f"unit_{unit}", lang)


def amount_text(value: float, unit: str, lang: str, with_unit: bool = False) -> str:
    """A quantity in the language's number format, kg to one decimal and counts whole.

    >>> amount_text(1234.5, "kg", "fr", with_unit=True), amount_text(12, "cases", "en", with_unit=True)
    ('1\u202f234,5 kg', '12 seizures')
    """
    text = i18n.format_number(float(value), lang, 1 if unit == "kg" else 0)
    return f"{text} {unit_word(unit, lang)}" if with_unit else text


def share_text(share: float, lang: str) -> str:
    """A share (0..1) as a percentage: "12,5 %" in French, "12.5%" in English."""
    if _missing(share):
        return "–"
    number = i18n.format_number(100 * float(share), lang, 1)
    return f"{number}\u202f%" if lang == "fr" else f"{number}%"


def ratio_text(change: float, lang: str) -> str:
    """A now/before ratio as "×2,5"; a missing ratio (nothing before) reads "new"."""
    return trend_text.t("new", lang) if _missing(change) else "×" + i18n.format_number(float(change), lang, 1)


def percent_change_text(change_pct: float, band: str, lang: str) -> str:
    """A change against the baseline as "+140 %" / "−35 %"; "new", "gone" or "no change" without a baseline.

    >>> percent_change_text(-35.0, "decrease", "en").replace("\u202f", " ")
    '−35 %'
    >>> percent_change_text(float("nan"), "strong_increase", "fr")
    'nouveau'
    """
    if _missing(change_pct):
        key = {"strong_increase": "change_new", "strong_decrease": "change_gone"}.get(band, "change_none")
        return change_text.t(key, lang)
    return ("+" if change_pct >= 0 else "−") + i18n.format_number(abs(float(change_pct)), lang) + "\u202f%"


def status_text(status: str, lang: str) -> str:
    """Trend flag with its arrow, so that it reads without colour: "▲ émergent"."""
    return trend_text.t(f"status_{status}", lang) if status in STATUSES else str(status)


def movement_text(rank: float, previous_rank: float, lang: str) -> str:
    """Rank movement since the previous period: "↑3" (climbed), "↓1", "=", or "new".

    >>> [movement_text(1, p, "fr") for p in (4, 1, float("nan"))], movement_text(3, 2, "en")
    (['↑3', '=', 'nouveau'], '↓1')
    """
    if _missing(previous_rank):
        return trend_text.t("new", lang)
    climbed = int(previous_rank) - int(rank)
    if climbed == 0:
        return "="
    return f"↑{climbed}" if climbed > 0 else f"↓{-climbed}"


def position_text(lat: float, lon: float, lang: str) -> str:
    """A place hint rounded to 0.1° (about 11 km), so that a table never pins an exact seizure site.

    >>> position_text(14.6937, -17.4441, "fr"), position_text(-1.3, 8.0, "en")
    ('14,7° N, 17,4° O', '1.3° S, 8.0° E')
    """
    if _missing(lat) or _missing(lon):
        return "–"
    north = trend_text.t("north" if lat >= 0 else "south", lang)
    east = trend_text.t("east" if lon >= 0 else "west", lang)
    return (f"{i18n.format_number(abs(lat), lang, 1)}° {north}, "
            f"{i18n.format_number(abs(lon), lang, 1)}° {east}")


def distinct_labels(labels: pd.Series, *qualifiers: pd.Series) -> pd.Series:
    """``labels`` with qualifiers appended (" · maritime") only where labels would otherwise clash.

    A chart axis merges rows that share a label, so two legs Brésil → Cap-Vert (by sea and
    by air) must read differently.
    """
    out = labels.astype("str")
    for qualifier in qualifiers:
        clash = out.duplicated(keep=False)
        if not clash.any():
            break
        out = out.where(~clash, out + " · " + qualifier.astype("str"))
    return out
