"""Number cells: quantities with decimal commas and thousands separators, and coordinates.

Coordinates are read in decimal degrees or degrees-minutes-seconds (``14°41'N``),
alone or as a latitude/longitude pair in one cell. The thousands-or-decimal
rule for ``1,200`` is listed with the other choices in :mod:`geo.ingest.parse.values`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np

from geo.core import units
from geo.ingest.parse.cells import Cell, blank
from geo.ingest.parse.vocabulary import unit_id

_GROUP_SPACE = "\u0020\u00a0\u202f\u2009'"
_NUMBER = re.compile(rf"([+-]?)\s*(\d[\d{_GROUP_SPACE}.,]*?)\s*([^\d\s.,'+-].*)?", re.DOTALL)
# Scientific notation as spreadsheets export it ("4.4e-05", "1,2E+03"), optionally followed by a unit: the
# mantissa's one separator is always the decimal mark (no one groups thousands in front of an exponent).
_SCIENTIFIC = re.compile(r"([+-]?\d+(?:[.,]\d+)?)[eE]([+-]?\d{1,3})\s*([^\d\s.,'+-].*)?", re.DOTALL)
_SPACED = re.compile(rf"\d{{1,3}}(?:[{_GROUP_SPACE}]\d{{3}})+(?:[.,]\d+)?")
# The usual forms, read without the general patterns (a register may hold 100,000 distinct GPS points).
_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_PLAIN_PAIR = re.compile(r"([+-]?\d+\.\d+)\s*[,;]\s*([+-]?\d+\.\d+)")
_HEMISPHERE = r"(NORD|SUD|EST|OUEST|NORTH|SOUTH|EAST|WEST|N|S|E|W|O)"
_COORDINATE = re.compile(rf"{_HEMISPHERE}?\s*([+-]?)\s*(\d.*?)\s*{_HEMISPHERE}?")
_DEGREES = (
    re.compile(r"(\d+(?:[.,]\d+)?)\s*°?"),
    re.compile(r"(\d+)(?:\s*°\s*|\s+)(\d+(?:[.,]\d+)?)\s*'?"),
    re.compile(r"(\d+)(?:\s*°\s*|\s+)(\d+)(?:\s*'\s*|\s+)(\d+(?:[.,]\d+)?)\s*\"?"),
)
_HEMISPHERES = {"N": ("lat", 1), "NORD": ("lat", 1), "NORTH": ("lat", 1), "S": ("lat", -1), "SUD": ("lat", -1),
                "SOUTH": ("lat", -1), "E": ("lon", 1), "EST": ("lon", 1), "EAST": ("lon", 1), "W": ("lon", -1),
                "O": ("lon", -1), "OUEST": ("lon", -1), "WEST": ("lon", -1)}
_LIMITS = {"lat": 90.0, "lon": 180.0}
_SYMBOLS = str.maketrans({"º": "°", "˚": "°", "′": "'", "’": "'", "‘": "'", "´": "'", "`": "'", "″": '"',
                          "”": '"', "“": '"', "−": "-", "–": "-"})


# ---- quantities ----

def _split_number(text: str) -> tuple[str, str, str | None] | None:
    """Sign, digits with their separators, and trailing text (a unit) of a number written as text."""
    match = _NUMBER.fullmatch(text.strip().translate(_SYMBOLS))
    if match is None:
        return None
    return match[1], match[2], (match[3] or "").strip() or None


def _decimal_evidence(body: str) -> str | None:
    """The character ``body`` unambiguously uses as its decimal mark, if any."""
    if _SPACED.fullmatch(body):
        return next((mark for mark in ".," if mark in body), None)
    if "." in body and "," in body:
        return "." if body.rfind(".") > body.rfind(",") else ","
    for mark in ".,":
        if body.count(mark) == 1 and not _ambiguous(*body.split(mark)):
            return mark
    return None


def _ambiguous(whole: str, fraction: str) -> bool:
    """``1,200`` or ``12.500``: one separator that may group thousands or mark decimals."""
    return len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")


def _read_digits(body: str, decimal_marks: frozenset[str], grouping: bool) -> tuple[float, str | None] | None:
    """The number ``body`` writes and, when it was ambiguous, how it was read; ``None`` when malformed."""
    if any(space in body for space in _GROUP_SPACE):
        if not grouping or not _SPACED.fullmatch(body):
            return None
        return float(re.sub(f"[{_GROUP_SPACE}]", "", body).replace(",", ".")), None
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        last = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if last == "." else "."
        if not grouping or not re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+\{last}\d+", body):
            return None
        return float(body.replace(group, "").replace(last, ".")), None
    if dots + commas == 0:
        return float(body), None
    mark = "." if dots else ","
    if dots + commas > 1:
        if not grouping or not re.fullmatch(rf"\d{{1,3}}(?:\{mark}\d{{3}})+", body):
            return None
        return float(body.replace(mark, "")), None
    whole, fraction = body.split(mark)
    if not grouping or not _ambiguous(whole, fraction):
        return float(f"{whole or 0}.{fraction or 0}"), None
    number = float(f"{whole}.{fraction}") if mark in decimal_marks else float(whole + fraction)
    return number, f"{number:g}"


def decimal_evidence(values: Iterable[object]) -> frozenset[str]:
    """The decimal marks the text cells of a quantity column use unambiguously (``0,5``: ``","``)."""
    return frozenset(mark for value in values if isinstance(value, str) and not blank(value)
                     and (parts := _split_number(value)) and (mark := _decimal_evidence(parts[1])))


def quantity_cells(distinct: list, file_marks: frozenset[str] = frozenset()) -> list[Cell]:
    """Quantity cells; the column's unambiguous decimal marks decide ``1,200`` and ``12.500``.

    ``file_marks``: the marks the rest of the same column uses (a file read in chunks: the whole column decides,
    so that a chunk without a ``0,5`` of its own reads ``1,200`` as the whole-file import does).
    """
    split = {i: _split_number(v) for i, v in enumerate(distinct) if isinstance(v, str) and not blank(v)}
    marks = file_marks | frozenset(mark for parts in split.values() if parts and (mark := _decimal_evidence(parts[1])))
    return [_quantity_cell(value, split.get(i), marks) for i, value in enumerate(distinct)]


def _quantity_cell(value: object, parts: tuple[str, str, str | None] | None, marks: frozenset[str]) -> Cell:
    if blank(value):
        return Cell()
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        number, note, unit = float(value), None, None
    elif scientific := _SCIENTIFIC.fullmatch(str(value).strip()):
        number, note = float(scientific[1].replace(",", ".") + "e" + scientific[2]), None
        unit = None
        if scientific[3] is not None:
            unit = unit_id(scientific[3].strip())
            if unit is None:
                return Cell(problem="unit_unknown", detail=", ".join(units.UNITS))
    else:
        read = _read_digits(parts[1], marks, grouping=True) if parts else None
        if read is None:
            return Cell(problem="quantity_unparsed")
        number, note = read
        number = -number if parts[0] == "-" else number
        unit = None
        if parts[2] is not None:
            unit = unit_id(parts[2])
            if unit is None:
                return Cell(problem="unit_unknown", detail=", ".join(units.UNITS))
    if not math.isfinite(number):
        return Cell(problem="quantity_unparsed")
    if number < 0:
        return Cell(problem="quantity_negative")
    return Cell(number, warning="number_ambiguous" if note else None, detail=note, extra=unit)


# ---- coordinates ----

def _coordinate(text: str) -> tuple[float, str | None] | None:
    """A coordinate written in decimal degrees or degrees-minutes-seconds, and the axis its letter names."""
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", ".")), None
    match = _COORDINATE.fullmatch(text.strip().upper().translate(_SYMBOLS).replace("''", '"'))
    if match is None or (match[1] and match[4]):
        return None
    letter = match[1] or match[4]
    axis, sign = _HEMISPHERES[letter] if letter else (None, 1)
    if match[2] == "-":
        if sign == 1 and letter:
            return None  # "-14.5 N" contradicts itself
        sign = -1
    for pattern in _DEGREES:
        if parts := pattern.fullmatch(match[3]):
            numbers = [float(part.replace(",", ".")) for part in parts.groups()]
            if any(n >= 60 for n in numbers[1:]):
                return None
            return sign * sum(n / 60**i for i, n in enumerate(numbers)), axis
    return None


def axis_cell(value: object, axis: str) -> Cell:
    """A latitude or longitude cell."""
    if blank(value):
        return Cell()
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        number = float(value)
    else:
        found = _coordinate(str(value))
        if found is None or found[1] not in (None, axis):
            return Cell(problem="coordinate_unparsed")
        number = found[0]
    if not math.isfinite(number):
        return Cell(problem="coordinate_unparsed")
    if abs(number) > _LIMITS[axis]:
        return Cell(problem="coordinate_out_of_range", detail=f"-{_LIMITS[axis]:g}..{_LIMITS[axis]:g}")
    return Cell(number)


def pair_cell(value: object) -> Cell:
    """One cell holding latitude then longitude (``14.69, -17.44``, ``14°41'N 17°26'W``); value (lat, lon)."""
    if blank(value):
        return Cell()
    text = str(value).strip()
    if plain := _PLAIN_PAIR.fullmatch(text):
        found = [(float(plain[1]), float(plain[2]))]
    else:
        found = [pair for pair in _pair_splits(text.upper().translate(_SYMBOLS)) if pair is not None]
    if len(found) != 1:
        return Cell(problem="coordinate_unparsed")
    lat, lon = found[0]
    if abs(lat) > 90 or abs(lon) > 180:
        return Cell(problem="coordinate_out_of_range", detail="-90..90, -180..180")
    return Cell((lat, lon))


def _pair_splits(text: str) -> list[tuple[float, float] | None]:
    """Every way to cut ``text`` into two coordinates; a comma between digits is a decimal mark unless dots are."""
    cuts = [m for m in re.finditer(r"\s*[,;/]\s*|\s+", text)
            if not (m.group() == "," and "." not in text and text[m.start() - 1].isdigit()
                    and m.end() < len(text) and text[m.end()].isdigit())]
    return [_ordered(_coordinate(text[:m.start()]), _coordinate(text[m.end():])) for m in cuts]


def _ordered(first: tuple[float, str | None] | None,
             second: tuple[float, str | None] | None) -> tuple[float, float] | None:
    """(lat, lon) from two coordinates: latitude first unless their letters say otherwise."""
    if first is None or second is None:
        return None
    if first[1] == "lon" or second[1] == "lat":
        first, second = second, first
    if first[1] == "lon" or second[1] == "lat":
        return None
    return first[0], second[0]
