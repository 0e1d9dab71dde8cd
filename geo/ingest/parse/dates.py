"""Date cells: ISO, dd/mm/yyyy, Excel serials, month names, and the precision they show.

The reading rules (day first, the month-first fallback, two-digit years, the
1990..today window) are listed with the other choices in :mod:`geo.ingest.parse.values`.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

from geo.ingest.parse.cells import Cell, blank
from geo.reference.countries import fold

EARLIEST = dt.date(1990, 1, 1)
# Excel's 1900 date system: serial 1 is 1900-01-01 and the phantom 1900-02-29 makes day 0 fall on 1899-12-30.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = ((EARLIEST - EXCEL_EPOCH).days, (dt.date(2100, 12, 31) - EXCEL_EPOCH).days)
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
PRECISION_WORDS = {
    "day": "day", "jour": "day", "exact": "day", "exacte": "day", "month": "month", "mois": "month",
    "year": "year", "annee": "year", "an": "year",
}
MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3, "avril": 4, "avr": 4, "apr": 4, "april": 4, "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6, "juillet": 7, "juil": 7, "jul": 7, "july": 7, "aout": 8, "aou": 8,
    "aug": 8, "august": 8, "septembre": 9, "sept": 9, "sep": 9, "september": 9, "octobre": 10, "oct": 10,
    "october": 10, "novembre": 11, "nov": 11, "november": 11, "decembre": 12, "dec": 12, "december": 12,
}
# Words a written date may carry around its day, month and year.
_DATE_FILLER = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday",
                       "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "le", "the", "of"})

_TIME = r"(?:[T ]+\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_DMY = re.compile(rf"(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})[/.-](\d{1,2})")
_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")
_ORDINAL = re.compile(r"(\d{1,2})(?:er|e|eme|st|nd|rd|th)")


def date_cell(value: object, today: dt.date) -> Cell:
    """A date cell read as (date, precision); see :mod:`geo.ingest.parse.values` for the day-first rule."""
    if blank(value):
        return Cell(problem="date_missing")
    if isinstance(value, dt.datetime | dt.date):
        return _checked_date(dt.date(value.year, value.month, value.day), "day", today)
    if isinstance(value, bool):
        return Cell(problem="date_unparsed")
    if isinstance(value, int | float | np.integer | np.floating):
        return _date_number(float(value), today)
    text = str(value).strip()
    if _SERIAL.fullmatch(text):
        return _date_number(float(text.replace(",", ".")), today)
    found = _date_text(text, today)
    if found is None:
        return Cell(problem="date_unparsed")
    (year, month, day), precision, warning = found
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return Cell(problem="date_unparsed")
    detail = date.isoformat() if warning else None
    return _checked_date(date, precision, today, warning, detail)


def _date_number(number: float, today: dt.date) -> Cell:
    """A number in a date column: a four-digit year or an Excel serial day."""
    if math.isfinite(number) and number.is_integer() and 1000 <= number <= 2999:
        return _checked_date(dt.date(int(number), 1, 1), "year", today)
    if math.isfinite(number) and SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return _checked_date(EXCEL_EPOCH + dt.timedelta(days=int(number)), "day", today)
    return Cell(problem="date_unparsed")


def _date_text(text: str, today: dt.date) -> tuple[tuple[int, int, int], str, str | None] | None:
    """(year, month, day), precision and an optional warning for a date written as text."""
    if match := _ISO.fullmatch(text):
        return (int(match[1]), int(match[2]), int(match[3])), "day", None
    if match := _DMY.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), _full_year(match[4], today)
        if month > 12 >= day:
            return (year, day, month), "day", "date_us_order"
        return (year, month, day), "day", None
    if match := _MONTH_YEAR.fullmatch(text):
        return (int(match[2]), int(match[1]), 1), "month", None
    if match := _YEAR_MONTH.fullmatch(text):
        return (int(match[1]), int(match[2]), 1), "month", None
    if re.fullmatch(r"\d{4}", text):
        return (int(text), 1, 1), "year", None
    return _date_words(text)


def _full_year(digits: str, today: dt.date) -> int:
    """A two-digit year in this century unless that would be in the future."""
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _date_words(text: str) -> tuple[tuple[int, int, int], str, None] | None:
    """``15 mars 2023``, ``mars 2023``, ``March 15, 2023``, ``févr. 2023`` (weekday and "1er" allowed)."""
    tokens = [token for token in fold(text).split() if token not in _DATE_FILLER]
    tokens = [match[1] if (match := _ORDINAL.fullmatch(token)) else token for token in tokens]
    shape = "".join("M" if t in MONTHS else "Y" if re.fullmatch(r"\d{4}", t) else "D"
                    if re.fullmatch(r"\d{1,2}", t) else "?" for t in tokens)
    if shape == "DMY":
        return (int(tokens[2]), MONTHS[tokens[1]], int(tokens[0])), "day", None
    if shape == "MDY":
        return (int(tokens[2]), MONTHS[tokens[0]], int(tokens[1])), "day", None
    if shape == "MY":
        return (int(tokens[1]), MONTHS[tokens[0]], 1), "month", None
    return None


def _checked_date(date: dt.date, precision: str, today: dt.date, warning: str | None = None,
                  detail: str | None = None) -> Cell:
    if date < EARLIEST:
        return Cell(problem="date_too_old")
    if date > today:
        return Cell(problem="date_future")
    return Cell(date, warning=warning, detail=detail, extra=precision)
