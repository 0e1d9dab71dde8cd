"""Cell values of an agency register turned into typed canonical fields.

Each mapped column is parsed once per *distinct* value (registers repeat the
same dates, places and substances thousands of times) and the results are
spread back to the rows with one array lookup, so the cost follows the number
of distinct values, not rows. Measured on the project machine (2 shared CPUs):
100,000 register rows of 12 columns (a distinct case reference per row, dates
in four formats, French numbers, substances, units, conveyances, countries,
GPS cells for 40% of rows) parse in 0.7 s; 1.0 s when every GPS point and one
note in three are distinct too.

Every row ends either clean or named in ``problems`` (it must be quarantined);
``warnings`` name rows that are kept but where something was read with a
choice the user should see. The choices, each tested in ``tests/test_values.py``:

* Dates are day-first (``05/03/2023`` is 5 March). When the first number is at
  most 12 and the second is above 12 the writer can only have meant month-first:
  the date is read so and a ``date_us_order`` warning names the reading.
  ``23`` as a year is 2023 unless that is in the future (then 1923, too old).
  A number is a year when it has four digits (precision "year"), else an Excel
  serial day within 1990..2100. Dates before 1990 or after today quarantine.
* A date precision column may only make a date coarser: "mois" on 15/03/2023
  gives month, "jour" on 03/2023 stays month.
* A lone separator followed by exactly three digits (``1,200``, ``12.500``) is
  a thousands separator, unless the same column elsewhere uses that character
  as a decimal mark (``2,3``): then it is decimal. Both readings warn
  (``number_ambiguous``). Coordinates never have thousands: ``14,692`` is 14.692.
* The unit column wins; else a unit written in the quantity cell (``12 kg``);
  else the unit a quantity header names (``Quantité (kg)``). A unit cell that
  contradicts the quantity cell quarantines; one that differs from the header warns.
* Packaging words as units (``boulettes``, ``sachets``, ``cartons``) are not
  guessed into kg or a count: ``unit_unknown``.
* An unrecognised conveyance keeps the row: conveyance ``unknown``, the text
  in ``transport_detail``. A recognised word more specific than the mode itself
  (``pirogue``, ``camion``, ``vol AF718``) is kept there too. Words of two modes
  (``camion au port``) are read as unknown rather than guessed.
* Origin, destination or transit names that are not countries (``Europe``,
  ``Amérique du Sud``) are never mapped: the field stays blank and the text goes
  to notes as ``origin: Amérique du Sud`` (``transit:``, ``destination:``). A
  transit list keeps the countries it names, in order, and notes the rest.
* ``secret`` and other higher classifications map to ``confidential``, the
  most restricted level there is.
* ``-``, ``?``, ``ND``, ``N/A``, ``NA``, ``inconnu``, ``unknown``, ``néant``…
  are blank in every field (``NA`` is read as "not available", not Namibia).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo import schema, units
from geo.columns import ColumnMapping
from geo.countries import fold, to_iso3
from geo.problems import PROBLEM_COLUMNS, concat_problems, problems_frame

TEXT_FIELDS = ("source_ref", "admin1", "place", "transport_detail", "reliability", "source", "notes")
COORDINATES_FIELD = "lat/lon"  # the pair, as geo.readers and geo.locate name it
EARLIEST = dt.date(1990, 1, 1)
# Excel's 1900 date system: serial 1 is 1900-01-01 and the phantom 1900-02-29 makes day 0 fall on 1899-12-30.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = ((EARLIEST - EXCEL_EPOCH).days, (dt.date(2100, 12, 31) - EXCEL_EPOCH).days)
NOTE_SEPARATOR = "; "
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_DTYPES = {"date": "datetime64[ms]", "lat": "float64", "lon": "float64", "quantity": "float64"}

MESSAGES: dict[str, dict[str, str]] = {
    "date_missing": {"en": "the date is missing", "fr": "la date manque"},
    "date_unparsed": {"en": "date {value!r} cannot be read",
                      "fr": "la date {value!r} est illisible"},
    "date_future": {"en": "date {value!r} is in the future", "fr": "la date {value!r} est dans le futur"},
    "date_too_old": {"en": "date {value!r} is before 1990", "fr": "la date {value!r} est antérieure à 1990"},
    "date_us_order": {"en": "date {value!r} read month first, as {detail}",
                      "fr": "date {value!r} lue le mois en premier, soit le {detail}"},
    "date_precision_unknown": {"en": "date precision {value!r} not understood; {detail} used",
                               "fr": "précision de date {value!r} incomprise ; {detail} retenue"},
    "quantity_unparsed": {"en": "quantity {value!r} is not a number",
                          "fr": "la quantité {value!r} n'est pas un nombre"},
    "quantity_negative": {"en": "quantity {value!r} is negative", "fr": "la quantité {value!r} est négative"},
    "number_ambiguous": {"en": "{field} {value!r} read as {detail}", "fr": "{field} {value!r} lu comme {detail}"},
    "unit_unknown": {"en": "unit {value!r} is not one of {detail}",
                     "fr": "l'unité {value!r} n'est pas l'une de {detail}"},
    "unit_missing": {"en": "quantity {value!r} has no unit", "fr": "la quantité {value!r} n'a pas d'unité"},
    "unit_conflict": {"en": "the quantity and the unit column disagree: {value!r}",
                      "fr": "la quantité et la colonne unité se contredisent : {value!r}"},
    "unit_header_conflict": {"en": "unit {value!r} differs from the column header's {detail}",
                             "fr": "l'unité {value!r} diffère de celle de l'en-tête ({detail})"},
    "coordinate_unparsed": {"en": "{field} {value!r} cannot be read as coordinates",
                            "fr": "{field} {value!r} n'est pas une coordonnée lisible"},
    "coordinate_out_of_range": {"en": "{field} {value!r} is outside {detail}",
                                "fr": "{field} {value!r} est hors de {detail}"},
    "coordinates_incomplete": {"en": "only one of latitude and longitude is given: {value!r}",
                               "fr": "une seule des latitude et longitude est donnée : {value!r}"},
    "substance_missing": {"en": "the substance is missing", "fr": "la substance manque"},
    "substance_unknown": {"en": "substance {value!r} is not in the vocabulary (one substance per row)",
                          "fr": "la substance {value!r} n'est pas dans le vocabulaire (une substance par ligne)"},
    "conveyance_unknown": {"en": "conveyance {value!r} not recognised: kept as transport detail, mode unknown",
                           "fr": "moyen de transport {value!r} non reconnu : gardé en détail, mode inconnu"},
    "country_unknown": {"en": "country {value!r} is not a known country", "fr": "le pays {value!r} est inconnu"},
    "country_to_notes": {"en": "{field} {value!r} is not a country: kept in the notes",
                         "fr": "{field} {value!r} n'est pas un pays : gardé dans les notes"},
    "sensitivity_unknown": {"en": "sensitivity {value!r} is not one of public, restricted, confidential",
                            "fr": "la sensibilité {value!r} n'est pas public, restreint ou confidentiel"},
}

# Cell texts that mean "nothing here" in every field.
PLACEHOLDERS = frozenset({
    "", "nd", "n d", "na", "n a", "nc", "n c", "nr", "none", "null", "nan", "nat", "inconnu", "inconnue", "unknown",
    "non precise", "non precisee", "non renseigne", "non renseignee", "non disponible", "not available",
    "sans objet", "neant", "aucun", "aucune",
})
_PLACEHOLDER_LENGTH = max(map(len, PLACEHOLDERS)) + 6  # room for spaces and punctuation
_DIGIT = re.compile(r"\d").search
# Register spellings beyond data/reference/substances.csv; word order, case, accents, plurals and doses ignored.
SUBSTANCE_ALIASES = {
    "cannabis herbe": "cannabis_herb", "cannabis en herbe": "cannabis_herb", "chanvre": "cannabis_herb",
    "skunk": "cannabis_herb", "yamba": "cannabis_herb", "cannabis sativa": "cannabis_herb",
    "feuilles de cannabis": "cannabis_herb", "resine": "cannabis_resin", "shit": "cannabis_resin",
    "hachisch": "cannabis_resin", "hachich": "cannabis_resin", "chira": "cannabis_resin",
    "poudre de cocaine": "cocaine", "ice": "methamphetamine", "crystal": "methamphetamine",
    "extasy": "mdma", "ecstasy": "mdma", "tramadol hcl": "tramadol", "chlorhydrate de tramadol": "tramadol",
}
_SUBSTANCE_FILLER = frozenset({"de", "du", "la", "le", "les", "des", "d", "l", "en", "of", "the", "a", "au"})
_DOSE = re.compile(r"\d+(?:[.,]\d+)?(?:mg|mcg|ml|g)?|mg|mcg|ml")
UNIT_ALIASES = {
    "kgs": "kg", "kilo": "kg", "kilos": "kg", "grs": "g", "gramme": "g", "tonne": "t", "tonnes": "t", "tn": "t",
    "lt": "l", "ltr": "l", "ltrs": "l", "comp": "tablets", "cp": "tablets", "cps": "tablets", "tab": "tablets",
    "tabs": "tablets", "pilule": "tablets", "pilules": "tablets", "plant": "plants", "pied": "plants",
    "piece": "units", "pcs": "units", "pc": "units",
}
CONVEYANCE_WORDS: dict[str, tuple[str, ...]] = {
    "land": ("route", "routier", "routiere", "terrestre", "voie terrestre", "land", "road", "vehicule", "vehicle",
             "voiture", "car", "camion", "truck", "lorry", "moto", "motocyclette", "motorcycle", "motorbike", "bus",
             "autobus", "autocar", "minibus", "taxi", "pick up", "pickup", "4x4", "camionnette", "van", "velo",
             "bicycle", "a pied", "pieton", "on foot", "train", "rail", "ferroviaire", "charrette", "chameau",
             "camel", "dromadaire", "poste frontiere", "poste de controle", "frontiere terrestre", "checkpoint",
             "border crossing", "citerne",
             "remorque", "trailer", "semi remorque"),
    "sea": ("mer", "maritime", "voie maritime", "sea", "bateau", "boat", "navire", "ship", "vessel", "pirogue",
            "canoe", "conteneur", "container", "port", "porte conteneurs", "voilier", "yacht", "sailboat",
            "chalutier", "trawler", "fluvial", "fleuve", "vedette", "speedboat", "hors bord", "fret maritime",
            "sea freight"),
    "air": ("air", "aerien", "aerienne", "voie aerienne", "avion", "plane", "aircraft", "airplane", "aeroport",
            "airport", "vol", "flight", "helicoptere", "helicopter", "passager aerien", "air passenger",
            "fret aerien", "air cargo", "air freight"),
    "mail": ("colis", "colis postal", "parcel", "courrier", "postal", "poste", "post", "mail", "fret postal",
             "courrier express", "colis express", "dhl", "fedex", "ups", "chronopost", "ems", "courier"),
}
# Words that only restate the mode: nothing worth keeping as transport detail.
GENERIC_CONVEYANCES = frozenset({
    "route", "routier", "routiere", "terrestre", "voie terrestre", "land", "road", "par route", "by road",
    "mer", "maritime", "voie maritime", "sea", "par mer", "by sea", "air", "aerien", "aerienne",
    "voie aerienne", "par avion", "by air", "postal", "poste", "voie postale", "mail", "post", "by post",
    "courrier",
})
SENSITIVITY_WORDS = {
    "public": "public", "publique": "public", "open": "public", "ouvert": "public", "diffusion libre": "public",
    "restreint": "restricted", "restreinte": "restricted", "diffusion restreinte": "restricted",
    "restricted": "restricted", "usage interne": "restricted", "interne": "restricted", "internal": "restricted",
    "limited": "restricted", "official use only": "restricted", "for official use only": "restricted",
    "confidentiel": "confidential", "confidentielle": "confidential", "confidential": "confidential",
    "secret": "confidential", "tres secret": "confidential", "secret defense": "confidential",
    "top secret": "confidential", "confidentiel defense": "confidential",
}
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
_GROUP_SPACE = "\u0020\u00a0\u202f\u2009'"
_NUMBER = re.compile(rf"([+-]?)\s*(\d[\d{_GROUP_SPACE}.,]*?)\s*([^\d\s.,'+-].*)?", re.DOTALL)
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
_TRANSIT_SPLIT = re.compile(r"\s*(?:;|,|/|\||→|->|=>|>|—|–|\+|\s-\s)\s*")
_TRANSIT_WORDS = frozenset({"et", "and", "puis", "then", "via", "par"})


class _Cell(NamedTuple):
    """What one distinct raw value means: its parsed value, a problem or warning, and extras."""

    value: object = None
    problem: str | None = None
    warning: str | None = None
    detail: str | None = None
    extra: object = None


@dataclass(frozen=True)
class _Column:
    """A parsed column: one cell per distinct raw value and, per row, which one applies."""

    distinct: list
    cells: list[_Cell]
    codes: np.ndarray

    def take(self, get: Callable[[_Cell], object], dtype: object = object) -> np.ndarray:
        """``get`` of each row's cell, computed once per distinct value."""
        return np.fromiter(map(get, self.cells), dtype=dtype, count=len(self.cells))[self.codes]

    def has(self, kind: str) -> bool:
        """Whether any cell carries a ``kind`` ("problem" or "warning")."""
        return any(getattr(cell, kind) is not None for cell in self.cells)

    def raw_text(self, where: Callable[[_Cell], bool] = lambda cell: True) -> np.ndarray:
        """Each row's raw value as text, for the cells ``where`` selects (others ``None``: text costs time)."""
        texts = (_raw_text(value) if where(cell) else None for value, cell in zip(self.distinct, self.cells))
        return np.fromiter(texts, dtype=object, count=len(self.cells))[self.codes]


@dataclass(frozen=True)
class ParsedValues:
    """Typed canonical input columns (one row per raw row, positions 0..n-1) and the issues found."""

    frame: pd.DataFrame
    problems: pd.DataFrame
    warnings: pd.DataFrame


def _by_unique(values: pd.Series | None, count: int, parse: Callable[[list], list[_Cell]]) -> _Column:
    """Parse each distinct value of ``values`` once; a missing column reads as blank cells."""
    if values is None:
        return _Column([None], parse([None]), np.zeros(count, dtype=np.intp))
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = [*uniques, None]
    codes = np.where(codes < 0, len(distinct) - 1, codes)
    return _Column(distinct, parse(distinct), codes)


def _each(parse: Callable[[object], _Cell]) -> Callable[[list], list[_Cell]]:
    return lambda distinct: [parse(value) for value in distinct]


def _raw_text(value: object) -> str | None:
    """A raw cell as the user wrote it, for messages and the quarantine."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _blank(value: object) -> bool:
    """True for an empty cell or a placeholder such as ``-``, ``ND`` or ``inconnu``."""
    if isinstance(value, str):
        # Placeholders are short and hold no digit: folding every reference and note would cost seconds.
        if len(value) > _PLACEHOLDER_LENGTH or _DIGIT(value):
            return False
        return fold(value) in PLACEHOLDERS
    return _missing(value)


# ---- dates ----

def _date_cell(value: object, today: dt.date) -> _Cell:
    """A date cell read as (date, precision); see the module docstring for the day-first rule."""
    if _blank(value):
        return _Cell(problem="date_missing")
    if isinstance(value, dt.datetime | dt.date):
        return _checked_date(dt.date(value.year, value.month, value.day), "day", today)
    if isinstance(value, bool):
        return _Cell(problem="date_unparsed")
    if isinstance(value, int | float | np.integer | np.floating):
        return _date_number(float(value), today)
    text = str(value).strip()
    if _SERIAL.fullmatch(text):
        return _date_number(float(text.replace(",", ".")), today)
    found = _date_text(text, today)
    if found is None:
        return _Cell(problem="date_unparsed")
    (year, month, day), precision, warning = found
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return _Cell(problem="date_unparsed")
    detail = date.isoformat() if warning else None
    return _checked_date(date, precision, today, warning, detail)


def _date_number(number: float, today: dt.date) -> _Cell:
    """A number in a date column: a four-digit year or an Excel serial day."""
    if math.isfinite(number) and number.is_integer() and 1000 <= number <= 2999:
        return _checked_date(dt.date(int(number), 1, 1), "year", today)
    if math.isfinite(number) and SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return _checked_date(EXCEL_EPOCH + dt.timedelta(days=int(number)), "day", today)
    return _Cell(problem="date_unparsed")


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
                  detail: str | None = None) -> _Cell:
    if date < EARLIEST:
        return _Cell(problem="date_too_old")
    if date > today:
        return _Cell(problem="date_future")
    return _Cell(date, warning=warning, detail=detail, extra=precision)


# ---- numbers and units ----

def unit_id(text: str) -> str | None:
    """A unit id for a written unit, or ``None``.

    >>> [unit_id(t) for t in ("KG", "Kgs", "Tonne(s)", "cp", "comprimés", "pieds", "litres", "boulettes")]
    ['kg', 'kg', 't', 'tablets', 'tablets', 'plants', 'l', None]
    """
    folded = re.sub(r" s$", "", fold(text))  # "Tonne(s)" folds to "tonne s"
    return units.parse_unit(folded) or UNIT_ALIASES.get(folded)


def _unit_cell(value: object) -> _Cell:
    if _blank(value):
        return _Cell()
    found = unit_id(str(value))
    return _Cell(found) if found else _Cell(problem="unit_unknown", detail=", ".join(units.UNITS))


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


def _quantity_cells(distinct: list) -> list[_Cell]:
    """Quantity cells; the column's unambiguous decimal marks decide ``1,200`` and ``12.500``."""
    split = {i: _split_number(v) for i, v in enumerate(distinct) if isinstance(v, str) and not _blank(v)}
    marks = frozenset(mark for parts in split.values() if parts and (mark := _decimal_evidence(parts[1])))
    return [_quantity_cell(value, split.get(i), marks) for i, value in enumerate(distinct)]


def _quantity_cell(value: object, parts: tuple[str, str, str | None] | None, marks: frozenset[str]) -> _Cell:
    if _blank(value):
        return _Cell()
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        number, note, unit = float(value), None, None
    else:
        read = _read_digits(parts[1], marks, grouping=True) if parts else None
        if read is None:
            return _Cell(problem="quantity_unparsed")
        number, note = read
        number = -number if parts[0] == "-" else number
        unit = None
        if parts[2] is not None:
            unit = unit_id(parts[2])
            if unit is None:
                return _Cell(problem="unit_unknown", detail=", ".join(units.UNITS))
    if not math.isfinite(number):
        return _Cell(problem="quantity_unparsed")
    if number < 0:
        return _Cell(problem="quantity_negative")
    return _Cell(number, warning="number_ambiguous" if note else None, detail=note, extra=unit)


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


def _axis_cell(value: object, axis: str) -> _Cell:
    """A latitude or longitude cell."""
    if _blank(value):
        return _Cell()
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        number = float(value)
    else:
        found = _coordinate(str(value))
        if found is None or found[1] not in (None, axis):
            return _Cell(problem="coordinate_unparsed")
        number = found[0]
    if not math.isfinite(number):
        return _Cell(problem="coordinate_unparsed")
    if abs(number) > _LIMITS[axis]:
        return _Cell(problem="coordinate_out_of_range", detail=f"-{_LIMITS[axis]:g}..{_LIMITS[axis]:g}")
    return _Cell(number)


def _pair_cell(value: object) -> _Cell:
    """One cell holding latitude then longitude (``14.69, -17.44``, ``14°41'N 17°26'W``); value (lat, lon)."""
    if _blank(value):
        return _Cell()
    text = str(value).strip()
    if plain := _PLAIN_PAIR.fullmatch(text):
        found = [(float(plain[1]), float(plain[2]))]
    else:
        found = [pair for pair in _pair_splits(text.upper().translate(_SYMBOLS)) if pair is not None]
    if len(found) != 1:
        return _Cell(problem="coordinate_unparsed")
    lat, lon = found[0]
    if abs(lat) > 90 or abs(lon) > 180:
        return _Cell(problem="coordinate_out_of_range", detail="-90..90, -180..180")
    return _Cell((lat, lon))


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


# ---- vocabularies ----

def substance_key(text: str) -> str:
    """Word order, filler words, doses and plural ``s`` ignored: "Cannabis (résine)" = "résine de cannabis"."""
    words = [w for w in fold(text).split() if w not in _SUBSTANCE_FILLER and not _DOSE.fullmatch(w)]
    return " ".join(sorted(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words))


@lru_cache(maxsize=1)
def substance_index() -> dict[str, str]:
    """Substance key -> id from the vocabulary's ids, labels and synonyms, then :data:`SUBSTANCE_ALIASES`."""
    index: dict[str, str] = {}
    for entry in schema.substances().values():
        for name in (entry.id, entry.id.replace("_", " "), entry.label_fr, entry.label_en, *entry.synonyms):
            index.setdefault(substance_key(name), entry.id)
    for name, substance in SUBSTANCE_ALIASES.items():
        index.setdefault(substance_key(name), substance)
    index.pop("", None)
    return index


def _substance_cell(value: object) -> _Cell:
    if _blank(value):
        return _Cell(problem="substance_missing")
    found = substance_index().get(substance_key(str(value)))
    return _Cell(found) if found else _Cell(problem="substance_unknown")


@lru_cache(maxsize=1)
def _conveyance_phrases() -> list[tuple[str, str]]:
    """(padded phrase, mode), longest first so "poste frontière" is land before "poste" is mail."""
    phrases = [(f" {phrase} ", mode) for mode, words in CONVEYANCE_WORDS.items() for phrase in words]
    return sorted(phrases, key=lambda item: -len(item[0]))


def _conveyance_cell(value: object) -> _Cell:
    """Mode, and in ``extra`` the text to keep as transport detail."""
    if _blank(value):
        return _Cell()
    text = str(value).strip()
    padded, modes = f" {fold(text)} ", set()
    for phrase, mode in _conveyance_phrases():
        if phrase in padded:
            modes.add(mode)
            padded = padded.replace(phrase, " | ")
    if len(modes) != 1:
        return _Cell("unknown", warning="conveyance_unknown", extra=text)
    return _Cell(modes.pop(), extra=None if fold(text) in GENERIC_CONVEYANCES else text)


def _country_cell(value: object) -> _Cell:
    if _blank(value):
        return _Cell()
    found = to_iso3(str(value))
    return _Cell(found) if found else _Cell(problem="country_unknown")


def _noted_country_cell(field: str) -> Callable[[object], _Cell]:
    """Origin or destination: an unknown name goes to the notes, never into the field."""
    def parse(value: object) -> _Cell:
        if _blank(value):
            return _Cell()
        found = to_iso3(str(value))
        text = str(value).strip()
        return _Cell(found) if found else _Cell(warning="country_to_notes", extra=f"{field}: {text}")
    return parse


def _transit_cell(value: object) -> _Cell:
    """Transit countries in order as ``MLI;NER``; pieces that are not countries go to the notes."""
    if _blank(value):
        return _Cell()
    codes: list[str] = []
    unknown: list[str] = []
    for piece in filter(None, _TRANSIT_SPLIT.split(str(value).strip())):
        found = _countries_in(piece)
        codes.extend(found or [])
        if found is None:
            unknown.append(piece)
    joined = ";".join(dict.fromkeys(codes)) or None
    if unknown:
        return _Cell(joined, warning="country_to_notes", extra="transit: " + ", ".join(unknown))
    return _Cell(joined)


def _countries_in(piece: str) -> list[str] | None:
    """Countries named in ``piece``: the whole name, else the longest names its words make (``Mali-Niger``)."""
    if found := to_iso3(piece):
        return [found]
    words = [w for w in re.split(r"[\s-]+", piece) if w and fold(w) not in _TRANSIT_WORDS]
    codes, start = [], 0
    while start < len(words):
        for end in range(len(words), start, -1):
            name = " ".join(words[start:end])
            # a lower-case two-letter word ("de", "in") is a word, not an ISO code
            if end - start == 1 and len(name) <= 2 and not name.isupper():
                continue
            if found := to_iso3(name):
                codes.append(found)
                start = end
                break
        else:
            return None
    return codes


def _vocabulary_cell(words: dict[str, str], code: str, *, quarantine: bool) -> Callable[[object], _Cell]:
    """A cell read through a word table; an unknown word is a problem, or only a warning."""
    def parse(value: object) -> _Cell:
        if _blank(value):
            return _Cell()
        found = words.get(fold(str(value)))
        if found:
            return _Cell(found)
        return _Cell(problem=code) if quarantine else _Cell(warning=code)
    return parse


def _text_cell(value: object) -> _Cell:
    if isinstance(value, str):  # the usual case, first: reference and note columns are mostly distinct values
        text = value.strip()
        return _Cell(text) if text and not _blank(text) else _Cell()
    return _Cell() if _blank(value) else _Cell(_raw_text(value))


# ---- assembling rows ----

class _Issues:
    """Problems and warnings gathered field by field, as arrays: one frame each at the end, not one per field."""

    def __init__(self) -> None:
        self._parts: dict[str, list[tuple[np.ndarray, ...]]] = {"problem": [], "warning": []}

    def add(self, kind: str, rows: np.ndarray, field: str, code: str | np.ndarray, value: object,
            detail: object = None) -> None:
        """Record issues at boolean ``rows``; ``code``, ``value`` and ``detail`` are scalars or per-row arrays."""
        positions = np.flatnonzero(rows)
        if not len(positions):
            return
        def pick(item: object) -> np.ndarray:
            if isinstance(item, np.ndarray):
                return item[positions].astype(object)
            return np.full(len(positions), item, dtype=object)
        self._parts[kind].append((positions, pick(field), pick(code), pick(value), pick(detail)))

    def frame(self, kind: str) -> pd.DataFrame:
        """The ``kind`` issues in the :mod:`geo.problems` shape, by row (a field's order kept within a row)."""
        parts = self._parts[kind]
        if not parts:
            return problems_frame()
        columns = [np.concatenate([part[index] for part in parts]) for index in range(len(PROBLEM_COLUMNS))]
        frame = pd.DataFrame({name: pd.Series(values, dtype="int64" if name == "row" else object)
                              for name, values in zip(PROBLEM_COLUMNS, columns)})
        return concat_problems(frame)

    def column(self, column: _Column, field: str) -> None:
        """The problems and warnings a column's cells carry."""
        for kind in ("problem", "warning"):
            if column.has(kind):
                codes = column.take(attrgetter(kind))
                raw = column.raw_text(lambda cell, kind=kind: getattr(cell, kind) is not None)
                self.add(kind, pd.notna(codes), field, codes, raw, column.take(attrgetter("detail")))


def _source_columns(raw: pd.DataFrame, mapping: ColumnMapping) -> dict[str, pd.Series]:
    """Field -> the raw column mapped to it (the first one, should the user map a field twice)."""
    headers = list(raw.columns)
    found: dict[str, pd.Series] = {}
    for header, name in mapping.fields.items():
        if name is not None and name not in found and header in headers:
            found[name] = raw.iloc[:, headers.index(header)].reset_index(drop=True)
    return found


def _join_text(*parts: np.ndarray) -> np.ndarray:
    """Row-wise join of text arrays with :data:`NOTE_SEPARATOR`, skipping blanks and repeats."""
    result = pd.Series(parts[0], dtype=object)
    for part in parts[1:]:
        other = pd.Series(part, dtype=object)
        both = result.notna() & other.notna() & (result != other)
        result = result.where(result.notna(), other)
        result[both] = result[both] + NOTE_SEPARATOR + other[both]
    return result.to_numpy(dtype=object)


def parse_values(raw: pd.DataFrame, mapping: ColumnMapping, *, agency: str | None = None,
                 sensitivity: str | None = None) -> ParsedValues:
    """Parse every mapped column of ``raw`` into canonical input fields.

    Args:
        raw: the table as read: headers as written, cells as text or typed spreadsheet values.
        mapping: which header holds which field (:func:`geo.columns.suggest_mapping`, edited by the user).
        agency: the importing agency, given to every row.
        sensitivity: the level of rows whose sensitivity cell is blank (``None``: the model's default).

    Returns:
        The typed frame (index 0..n-1, the row positions of ``raw``), the problems that quarantine a row
        and the warnings on rows kept.

    >>> raw = pd.DataFrame({"Date": ["15/03/2023"], "Produit": ["Cocaïne"], "Qté": ["1 100,5 kg"]})
    >>> parsed = parse_values(raw, ColumnMapping({"Date": "date", "Produit": "substance", "Qté": "quantity"}))
    >>> row = parsed.frame.loc[0]
    >>> str(row["date"].date()), row["substance"], float(row["quantity"]), row["unit"], len(parsed.problems)
    ('2023-03-15', 'cocaine', 1100.5, 'kg', 0)
    """
    if sensitivity is not None and sensitivity not in schema.SENSITIVITIES:
        raise ValueError(f"sensitivity {sensitivity!r} is not one of {', '.join(schema.SENSITIVITIES)}")
    if mapping.default_unit is not None and mapping.default_unit not in units.UNITS:
        raise ValueError(f"default unit {mapping.default_unit!r} is not one of {', '.join(units.UNITS)}")
    count, today = len(raw), dt.date.today()
    source = _source_columns(raw, mapping)
    def parsed(name: str, parse: Callable[[list], list[_Cell]]) -> _Column:
        return _by_unique(source.get(name), count, parse)

    issues = _Issues()
    out: dict[str, object] = {name: np.full(count, None, dtype=object) for name in schema.INPUT_COLUMNS}
    for name in TEXT_FIELDS:
        out[name] = parsed(name, _each(_text_cell)).take(lambda cell: cell.value)
    precision = _vocabulary_cell(PRECISION_WORDS, "date_precision_unknown", quarantine=False)
    _dates(out, issues, parsed("date", _each(lambda v: _date_cell(v, today))),
           parsed("date_precision", _each(precision)))
    _quantities(out, issues, parsed("quantity", _quantity_cells), parsed("unit", _each(_unit_cell)),
                mapping.default_unit)
    _coordinates(out, issues, parsed("lat", _each(lambda v: _axis_cell(v, "lat"))),
                 parsed("lon", _each(lambda v: _axis_cell(v, "lon"))), parsed("coordinates", _each(_pair_cell)))
    _vocabularies(out, issues, parsed)
    out["sensitivity"] = np.where(pd.isna(out["sensitivity"]), sensitivity, out["sensitivity"]).astype(object)
    out["agency"] = np.full(count, agency, dtype=object)
    out["dataset"] = np.full(count, "agency", dtype=object)
    # text stays object (None when blank) rather than pandas' inferred string dtype, whose blanks are NaN
    frame = pd.DataFrame({name: pd.Series(out[name], dtype=_DTYPES.get(name, object)) for name in schema.INPUT_COLUMNS})
    return ParsedValues(frame, issues.frame("problem"), issues.frame("warning"))


def _dates(out: dict, issues: _Issues, dates: _Column, declared: _Column) -> None:
    """Dates, and their precision: the coarser of what the date text shows and what a column declares."""
    issues.column(dates, "date")
    out["date"] = dates.take(lambda c: np.datetime64(c.value, "ms") if c.value else np.datetime64("NaT", "ms"),
                             dtype="datetime64[ms]")
    shown = dates.take(lambda c: _PRECISION_RANK.get(c.extra, -1), dtype=np.int8)
    stated = declared.take(lambda c: _PRECISION_RANK.get(c.value, -1), dtype=np.int8)
    rank = np.maximum(shown, stated)
    names = np.array([None, *_PRECISION_RANK], dtype=object)
    out["date_precision"] = names[rank + 1]
    if declared.has("warning"):
        fallback = np.array(["(?)", *_PRECISION_RANK], dtype=object)[shown + 1]
        issues.add("warning", declared.take(lambda c: c.warning is not None, dtype=bool), "date_precision",
                   "date_precision_unknown", declared.raw_text(), fallback)


def _quantities(out: dict, issues: _Issues, quantity: _Column, unit: _Column, default: str | None) -> None:
    """Quantity and unit: the unit column, else a unit written in the quantity cell, else the header's."""
    issues.column(quantity, "quantity")
    issues.column(unit, "unit")
    number = quantity.take(lambda c: c.value if c.value is not None else np.nan, dtype="float64")
    stated = unit.take(lambda c: c.value)
    inside = quantity.take(lambda c: c.extra)
    given = np.where(pd.notna(stated), stated, inside)
    has_number = ~np.isnan(number)
    final = np.where(pd.isna(given) & has_number, default, given)
    unit_problem = unit.take(lambda c: c.problem is not None, dtype=bool)
    conflict = pd.notna(stated) & pd.notna(inside) & (stated != inside)
    if conflict.any():
        issues.add("problem", conflict, "unit", "unit_conflict", _pairs(quantity.raw_text(), unit.raw_text()))
    missing = has_number & pd.isna(final) & ~unit_problem
    if missing.any():
        issues.add("problem", missing, "unit", "unit_missing", quantity.raw_text())
    if default is not None:
        issues.add("warning", pd.notna(given) & (given != default) & ~conflict, "unit", "unit_header_conflict",
                   given, default)
    out["quantity"], out["unit"] = number, final


def _pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    left = pd.Series(first, dtype=object).fillna("")
    return (left + " / " + pd.Series(second, dtype=object).fillna("")).to_numpy(dtype=object)


def _coordinates(out: dict, issues: _Issues, lat: _Column, lon: _Column, pair: _Column) -> None:
    """Latitude and longitude columns, completed from a one-cell coordinates column where both are blank."""
    issues.column(lat, "lat")
    issues.column(lon, "lon")
    issues.column(pair, COORDINATES_FIELD)
    lat_values = lat.take(lambda c: np.nan if c.value is None else c.value, dtype="float64")
    lon_values = lon.take(lambda c: np.nan if c.value is None else c.value, dtype="float64")
    fill = np.isnan(lat_values) & np.isnan(lon_values)
    lat_values = np.where(fill, pair.take(lambda c: c.value[0] if c.value else np.nan, dtype="float64"), lat_values)
    lon_values = np.where(fill, pair.take(lambda c: c.value[1] if c.value else np.nan, dtype="float64"), lon_values)
    bad_cell = (lat.take(lambda c: c.problem is not None, dtype=bool)
                | lon.take(lambda c: c.problem is not None, dtype=bool))
    half = (np.isnan(lat_values) != np.isnan(lon_values)) & ~bad_cell
    if half.any():
        issues.add("problem", half, COORDINATES_FIELD, "coordinates_incomplete",
                   _pairs(lat.raw_text(), lon.raw_text()))
    located = ~np.isnan(lat_values) & ~np.isnan(lon_values)
    out["lat"], out["lon"] = lat_values, lon_values
    out["location_precision"] = np.where(located, "exact", None).astype(object)


def _vocabularies(out: dict, issues: _Issues, parsed: Callable[[str, Callable], _Column]) -> None:
    """Substance, conveyance, countries and sensitivity; unknown origins and transits noted, not guessed."""
    sensitivity = _vocabulary_cell(SENSITIVITY_WORDS, "sensitivity_unknown", quarantine=True)
    columns = {
        "substance": parsed("substance", _each(_substance_cell)),
        "country": parsed("country", _each(_country_cell)),
        "origin": parsed("origin", _each(_noted_country_cell("origin"))),
        "destination": parsed("destination", _each(_noted_country_cell("destination"))),
        "transit": parsed("transit", _each(_transit_cell)),
        "conveyance": parsed("conveyance", _each(_conveyance_cell)),
        "sensitivity": parsed("sensitivity", _each(sensitivity)),
    }
    for name, column in columns.items():
        issues.column(column, name)
        out[name] = column.take(lambda c: c.value)
    extras = {name: columns[name].take(lambda c: c.extra) for name in ("conveyance", "origin", "transit",
                                                                        "destination")}
    out["transport_detail"] = _join_text(extras["conveyance"], out["transport_detail"])
    out["notes"] = _join_text(out["notes"], extras["origin"], extras["transit"], extras["destination"])

