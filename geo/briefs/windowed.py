"""A one-pager or deck that reads only the days it shows, not every record of the store.

A briefing (:func:`geo.briefs.content.build_briefing`) states a window, compares it with the period before,
and flags its legs against baseline windows just before it. Three things in it depend on *every* date:
the default window (the last complete year or quarter holding data), which substances are weighed in kg
(decided over all records, so that two windows compare) and the first record's date (a baseline window
ending before it is left out). The totals kept at import answer the first two exactly, from their months
and their ``weighed``/``record_rows`` sums per substance (:class:`KeptFacts`); the third comes from the
kept months and, when the first month lies inside the days read, from the records read. So the records
are read from the first day of the earliest month a comparison needs to the window's end (:func:`read_days`)
and the briefing says the same as the one built from every record (a test compares them).

Only for the one-pager and deck (pdf, png, pptx): the animation draws every period, the HTML map its window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd

from geo.analysis import change_rules, routes
from geo.briefs import content, wording
from geo.briefs.formats import brief_bytes

FORMATS = ("pdf", "png", "pptx")  # the formats that read a window only
FACT_KEYS = ("month", "substance")  # the kept totals :func:`facts_of` reads


@dataclass(frozen=True)
class KeptFacts:
    """What a briefing decides over every date, from kept totals per :data:`FACT_KEYS`."""

    months: tuple[str, ...]  # "YYYY-MM" holding at least one record, sorted
    kg_substances: frozenset[str]  # substances with a mass on at least half of their records

    @property
    def first_day(self) -> date | None:
        """The first day of the first month holding a record."""
        return date(int(self.months[0][:4]), int(self.months[0][5:7]), 1) if self.months else None


def facts_of(kept: pd.DataFrame) -> KeptFacts:
    """:class:`KeptFacts` of kept totals per :data:`FACT_KEYS` (:meth:`geo.store.SqlStore.aggregates`)."""
    sums = kept.groupby("substance")[["weighed", "record_rows"]].sum()
    share = sums["weighed"] / sums["record_rows"]
    months = tuple(sorted(set(kept.loc[kept["record_rows"] > 0, "month"].dropna())))
    return KeptFacts(months, frozenset(share.index[share >= 0.5]))


def window(facts: KeptFacts, start: date | None, end: date | None, granularity: str,
           today: date | None = None) -> tuple[date, date]:
    """The window :func:`geo.briefs.content.build_briefing` would choose over every record.

    A month lies inside exactly one year or quarter, so the periods holding records are those of the
    kept months.
    """
    today = today or datetime.now(UTC).date()
    held = pd.DataFrame({"date": pd.to_datetime([f"{m}-01" for m in facts.months])})
    if start is None and end is None:
        return content.default_window(held, today, granularity)
    end = end or content.default_window(held, today, granularity)[1]
    return start or content.year_before(end), end


def read_days(start: date, end: date) -> tuple[date, date]:
    """The days to read for the window ``start``..``end``: from the first of the earliest month any comparison needs.

    The period before (:func:`geo.briefs.wording.previous_period`) and the change rule's baseline windows
    (:func:`geo.analysis.routes.previous_window`, ``rule.periods`` of them); whole months, so that the first
    record's date is known exactly whenever it falls inside them (:func:`earliest`).
    """
    first = wording.previous_period(start, end)[0]
    current = (start, end)
    for _ in range(change_rules.current_rule().periods):
        current = routes.previous_window(*current)
        first = min(first, current[0])
    return first.replace(day=1), end


def earliest(facts: KeptFacts, read_from: date, records: pd.DataFrame) -> pd.Timestamp:
    """The first record's date, as the briefing compares baseline windows with it.

    When the first month with records lies before ``read_from`` (a month boundary), any day of it is
    before every window the briefing compares, as the true first date is; else that date is among the
    records read.
    """
    first = facts.first_day
    if first is not None and first < read_from:
        return pd.Timestamp(first)
    return records["date"].min() if len(records) else pd.NaT


def brief_of_window(records: pd.DataFrame, facts: KeptFacts, read_from: date, fmt: str, *, lang: str,
                    start: date, end: date, granularity: str, filters: str, title: str | None,
                    countries: Sequence[str], official: pd.DataFrame | None) -> bytes:
    """The briefing file from the records of ``read_from``..``end`` and the kept facts."""
    return brief_bytes(records, fmt, lang=lang, start=start, end=end, granularity=granularity, filters=filters,
                       title=title, countries=countries, official=official,
                       kg_substances=set(facts.kg_substances), earliest=earliest(facts, read_from, records))

