"""A date put together from parts: year, month, day, or a fiscal year and a month.

Aggregate registers (UNODC, customs, monthly returns) give ``Year`` and ``Month`` (``JAN``,
``févr.``, ``12``) or ``Fiscal Year`` and ``Month`` instead of a date. The parts become the date text
the date parser already reads (``2025``, ``2025-12``, ``2025-12-05``), so the date's precision follows
from what is given (year only: year; year and month: month; all three: day) and the same window checks
apply. The rules:

* a date column wins over the parts on the same row; parts that contradict it warn
  (``date_parts_conflict``) and are not used;
* a fiscal year ``N`` whose year starts in month ``S`` (``--fiscal-year-start S``) holds months ``S..12`` of
  ``N-1`` and ``1..S-1`` of ``N``: FY2026 starting in October, December is 2025-12 and March 2026-03;
  a fiscal year without a month is read as year ``N`` (precision year); with no start given the fiscal
  year is the calendar year;
* a fiscal year with a month wins over a year column (registers that give both often repeat the fiscal
  year under "Year"); a year column wins over a fiscal year without a month; a day without a month
  is not used;
* a part that cannot be read quarantines the row (``date_part_unparsed``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.ingest.parse.cells import blank, raw_text
from geo.ingest.parse.dates import MONTHS
from geo.reference.countries import fold

PARTS = ("year", "month", "day", "fiscal_year")
_YEAR = re.compile(r"(?:fy|ex|exercice)?\s*(\d{4})")
# "2025/26", "2025-2026": a fiscal year named by both its calendar years is the later one.
_SPAN = re.compile(r"(?:fy|ex|exercice)?\s*(\d{4})\s+(\d{2}|\d{4})")
_FY_SHORT = re.compile(r"fy\s*(\d{2})")


def _number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        return int(value) if float(value).is_integer() else None
    text = str(value).strip()
    return int(float(text)) if re.fullmatch(r"\d{1,4}(?:\.0+)?", text) else None


def year_part(value: object) -> int | None:
    """A year cell (``2025``, ``FY2026``, ``2025/26``, ``FY26``) as a four-digit year, ``None`` unreadable.

    >>> year_part(2025), year_part("FY 2026"), year_part("2025/26"), year_part("FY26"), year_part("soon")
    (2025, 2026, 2026, 2026, None)
    """
    number = _number(value)
    if number is not None:
        return number if 1000 <= number <= 2999 else None
    text = fold(str(value))
    if match := _YEAR.fullmatch(text):
        return int(match[1])
    if match := _SPAN.fullmatch(text):
        first, second = int(match[1]), match[2]
        later = int(second) if len(second) == 4 else first - first % 100 + int(second)
        return later if later in (first, first + 1) else None
    if match := _FY_SHORT.fullmatch(text):
        return 2000 + int(match[1])
    return None


def month_part(value: object) -> int | None:
    """A month cell: 1..12, or a French or English name or abbreviation (``JAN``, ``févr.``, ``Décembre``).

    >>> month_part("JAN"), month_part("févr."), month_part("Décembre"), month_part(3), month_part("13")
    (1, 2, 12, 3, None)
    """
    number = _number(value)
    if number is not None:
        return number if 1 <= number <= 12 else None
    return MONTHS.get(fold(str(value)).replace(" ", ""))


def day_part(value: object) -> int | None:
    """A day cell: 1..31 (the date parser refuses 30 February)."""
    number = _number(value)
    return number if number is not None and 1 <= number <= 31 else None


def calendar_year(fiscal_year: int, month: int | None, start: int | None) -> int:
    """The calendar year of ``month`` in ``fiscal_year`` whose first month is ``start``.

    >>> calendar_year(2026, 12, 10), calendar_year(2026, 3, 10), calendar_year(2026, 10, 10)
    (2025, 2026, 2025)
    >>> calendar_year(2026, 3, None)
    2026
    """
    if month is None or not start or start == 1:
        return fiscal_year
    return fiscal_year - 1 if month >= start else fiscal_year


def _compose(parts: tuple, start: int | None) -> tuple[str | None, str | None]:
    """(date text, name of the unreadable part) for one row's raw parts (year, month, day, fiscal year)."""
    year_cell, month_cell, day_cell, fiscal_cell = parts
    read: dict[str, int | None] = {}
    for name, cell, parse in (("year", year_cell, year_part), ("month", month_cell, month_part),
                              ("day", day_cell, day_part), ("fiscal_year", fiscal_cell, year_part)):
        if blank(cell):
            read[name] = None
            continue
        read[name] = parse(cell)
        if read[name] is None:
            return None, name
    month = read["month"]
    if read["fiscal_year"] is not None and (month is not None or read["year"] is None):
        year = calendar_year(read["fiscal_year"], month, start)
    elif read["year"] is not None:
        year = read["year"]
    else:
        return None, None
    if month is None:
        return f"{year:04d}", None
    if read["day"] is None:
        return f"{year:04d}-{month:02d}", None
    return f"{year:04d}-{month:02d}-{read['day']:02d}", None


def compose(source: dict[str, pd.Series], count: int, start: int | None) -> tuple[pd.Series, list[tuple]]:
    """The date text the parts of each row give (``None`` where none), and the unreadable parts.

    Returns:
        The composed texts (index 0..count-1) and ``(field, rows, values)`` for each part with cells that
        cannot be read (``rows`` a boolean array, ``values`` the raw cells as text).
    """
    columns = [source.get(name) for name in PARTS]
    if all(column is None for column in columns):
        return pd.Series([None] * count, dtype=object), []
    frame = pd.DataFrame({name: (column.to_numpy(dtype=object) if column is not None else [None] * count)
                          for name, column in zip(PARTS, columns)})
    # each distinct combination of parts composed once (a register repeats the same few hundred months)
    combined = np.zeros(count, dtype=np.int64)
    for name in PARTS:  # one integer per combination: each column's codes (blank = 0) in mixed radix
        column_codes, uniques = pd.factorize(frame[name].to_numpy(dtype=object), use_na_sentinel=True)
        # factorized again at each step so the number stays below rows x distinct values (no overflow)
        combined = pd.factorize(combined * (len(uniques) + 1) + column_codes + 1)[0].astype(np.int64)
    codes = combined
    firsts = pd.Series(np.arange(count)).groupby(codes).first().to_numpy()
    results = [_compose(tuple(frame.iloc[position]), start) for position in firsts]
    texts = np.array([text for text, _ in results], dtype=object)[codes]
    bad = np.array([part for _, part in results], dtype=object)[codes]
    unreadable = []
    for name in PARTS:
        rows = bad == name
        if rows.any():
            cells = np.array([raw_text(v) for v in frame[name]], dtype=object)
            unreadable.append((name, rows, cells))
    return pd.Series(texts, dtype=object), unreadable


def conflicts(composed: pd.Series, dates: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Rows whose date column was used (``given``) and whose parts name another year, month or day."""
    shown = pd.Series(pd.to_datetime(dates).strftime("%Y-%m-%d"), dtype=object)
    parts = composed.to_numpy(dtype=object)
    found = np.zeros(len(parts), dtype=bool)
    for position in np.flatnonzero(given & pd.notna(parts)):
        text = shown.iloc[position]
        found[position] = isinstance(text, str) and not text.startswith(parts[position])
    return found
