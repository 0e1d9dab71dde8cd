"""Calendar periods (month, quarter, year): keys, labels and date bounds.

A period key sorts in time order as text: ``"2021-03"``, ``"2021-Q1"``, ``"2021"``.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

GRANULARITIES = ("month", "quarter", "year")
_PANDAS_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
_MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _check(granularity: str) -> None:
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity {granularity!r} is not one of {', '.join(GRANULARITIES)}")


def period_keys(dates: pd.Series, granularity: str) -> pd.Series:
    """Period key of each date (missing dates give missing keys).

    >>> period_keys(pd.Series(pd.to_datetime(["2021-03-15", "2021-11-01"])), "quarter").tolist()
    ['2021-Q1', '2021-Q4']
    """
    _check(granularity)
    dates = pd.to_datetime(dates)
    year = dates.dt.year.astype("Int64").astype("str")
    if granularity == "year":
        keys = year
    elif granularity == "quarter":
        keys = year + "-Q" + dates.dt.quarter.astype("Int64").astype("str")
    else:
        keys = year + "-" + dates.dt.month.astype("Int64").astype("str").str.zfill(2)
    return keys.astype("object").where(dates.notna(), None)


def period_range(start: date, end: date, granularity: str) -> list[str]:
    """Every period key from the one holding ``start`` to the one holding ``end``.

    >>> period_range(date(2020, 11, 5), date(2021, 2, 1), "month")
    ['2020-11', '2020-12', '2021-01', '2021-02']
    """
    _check(granularity)
    periods = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=_PANDAS_FREQ[granularity])
    return [_key_of(p, granularity) for p in periods]


def _key_of(period: pd.Period, granularity: str) -> str:
    if granularity == "year":
        return f"{period.year}"
    if granularity == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return f"{period.year}-{period.month:02d}"


_KEY_PATTERNS = {"year": r"\d{4}", "quarter": r"\d{4}-Q[1-4]", "month": r"\d{4}-(0[1-9]|1[0-2])"}


def is_period_key(key: str, granularity: str) -> bool:
    """True when ``key`` is a period key of ``granularity``.

    >>> is_period_key("2021-Q3", "quarter"), is_period_key("2021-13", "month"), is_period_key("2021", "month")
    (True, False, False)
    """
    _check(granularity)
    return re.fullmatch(_KEY_PATTERNS[granularity], key) is not None


def window_bounds(keys: list[str], index: int, mode: str) -> tuple[date, date]:
    """Date range shown at step ``index`` of ``keys``: that period alone, or everything up to it.

    >>> window_bounds(["2020", "2021", "2022"], 1, "cumulative")
    (datetime.date(2020, 1, 1), datetime.date(2021, 12, 31))
    """
    if mode not in {"window", "cumulative"}:
        raise ValueError(f"mode {mode!r} is not window or cumulative")
    first = period_bounds(keys[0 if mode == "cumulative" else index])[0]
    return first, period_bounds(keys[index])[1]


def period_bounds(key: str) -> tuple[date, date]:
    """First and last day of the period ``key``.

    >>> period_bounds("2024-Q1")
    (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """
    match = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|\d{2}))?", key)
    if not match:
        raise ValueError(f"period {key!r} is not YYYY, YYYY-Qn or YYYY-MM")
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        period = pd.Period(year=year, freq="Y")
    elif part.startswith("Q"):
        period = pd.Period(year=year, quarter=int(part[1]), freq="Q")
    else:
        period = pd.Period(year=year, month=int(part), freq="M")
    return period.start_time.date(), period.end_time.date()


def period_label(key: str, lang: str) -> str:
    """Human label of a period key in ``lang``.

    >>> period_label("2021-03", "fr"), period_label("2021-Q2", "fr"), period_label("2021-Q2", "en")
    ('mars 2021', 'T2 2021', 'Q2 2021')
    """
    if "-Q" in key:
        year, quarter = key.split("-Q")
        return f"{'T' if lang == 'fr' else 'Q'}{quarter} {year}"
    if "-" in key:
        year, month = key.split("-")
        return f"{_MONTHS['fr' if lang == 'fr' else 'en'][int(month) - 1]} {year}"
    return key


def parse_bound(text: str, *, end: bool = False) -> date:
    """Parse ``YYYY[-MM[-DD]]`` as the first day it covers, or the last with ``end``.

    >>> parse_bound("2020"), parse_bound("2020-02", end=True)
    (datetime.date(2020, 1, 1), datetime.date(2020, 2, 29))
    """
    match = _BOUND.match(text.strip())
    if not match:
        raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if day is not None:
        try:
            return date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValueError(f"date {text!r}: {error}") from error
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"date {text!r}: month must be 1..12")
        key = f"{year}-{int(month):02d}"
    else:
        key = year
    first, last = period_bounds(key)
    return last if end else first
