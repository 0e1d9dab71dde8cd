"""Cell values of an agency register turned into typed canonical fields.

Each mapped column is parsed once per *distinct* value (registers repeat the
same dates, places and substances thousands of times) and the results are
spread back to the rows with one array lookup, so the cost follows the number
of distinct values, not rows. Measured on the project machine (2 shared CPUs):
100,000 register rows of 12 columns (a distinct case reference per row, dates
in four formats, French numbers, substances, units, conveyances, countries,
GPS cells for 40% of rows) parse in 0.7 s; 1.0 s when every GPS point and one
note in three are distinct too.

The per-cell parsers live in their own modules: blanks and the cell and
column types in :mod:`geo.ingest.parse.cells`, dates in :mod:`geo.ingest.parse.dates`, quantities and
coordinates in :mod:`geo.ingest.parse.numbers`, word tables in :mod:`geo.ingest.parse.vocabulary`. This
module assembles their columns into rows, problems and warnings.

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
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import pandas as pd

from geo.core import schema, units
from geo.i18n.ingest import VALUE_MESSAGES as MESSAGES
from geo.ingest.mapping import ColumnMapping
from geo.ingest.parse import dateparts
from geo.ingest.parse.cells import PLACEHOLDERS, Cell, Column, blank, by_unique, each, text_cell
from geo.ingest.parse.dates import (
    EARLIEST,
    EXCEL_EPOCH,
    MONTHS,
    PRECISION_RANK,
    PRECISION_WORDS,
    SERIAL_RANGE,
    date_cell,
)
from geo.ingest.parse.numbers import axis_cell, pair_cell, quantity_cells
from geo.ingest.parse.vocabulary import (
    CONVEYANCE_WORDS,
    GENERIC_CONVEYANCES,
    SENSITIVITY_WORDS,
    SUBSTANCE_ALIASES,
    UNIT_ALIASES,
    conveyance_cell,
    country_cell,
    noted_country_cell,
    substance_cell,
    substance_index,
    substance_key,
    transit_cell,
    unit_cell,
    unit_id,
    vocabulary_cell,
)
from geo.ingest.problems import PROBLEM_COLUMNS, concat_problems, problems_frame

__all__ = [
    "CONVEYANCE_WORDS", "COORDINATES_FIELD", "EARLIEST", "EXCEL_EPOCH", "GENERIC_CONVEYANCES", "MESSAGES", "MONTHS",
    "NOTE_SEPARATOR", "PLACEHOLDERS", "PRECISION_WORDS", "SENSITIVITY_WORDS", "SERIAL_RANGE", "SUBSTANCE_ALIASES",
    "TEXT_FIELDS", "UNIT_ALIASES", "ParsedValues", "parse_values", "substance_index", "substance_key", "unit_id",
]

TEXT_FIELDS = ("source_ref", "admin1", "place", "transport_detail", "reliability", "source", "notes")
COORDINATES_FIELD = "lat/lon"  # the pair, as geo.ingest.readers.tables and geo.ingest.locate name it
NOTE_SEPARATOR = "; "
_DTYPES = {"date": "datetime64[ms]", "lat": "float64", "lon": "float64", "quantity": "float64"}


@dataclass(frozen=True)
class ParsedValues:
    """Typed canonical input columns (one row per raw row, positions 0..n-1) and the issues found."""

    frame: pd.DataFrame
    problems: pd.DataFrame
    warnings: pd.DataFrame


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
        """The ``kind`` issues in the :mod:`geo.ingest.problems` shape, by row (a field's order kept within a row)."""
        parts = self._parts[kind]
        if not parts:
            return problems_frame()
        columns = [np.concatenate([part[index] for part in parts]) for index in range(len(PROBLEM_COLUMNS))]
        frame = pd.DataFrame({name: pd.Series(values, dtype="int64" if name == "row" else object)
                              for name, values in zip(PROBLEM_COLUMNS, columns)})
        return concat_problems(frame)

    def column(self, column: Column, field: str) -> None:
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
                 sensitivity: str | None = None, decimal_marks: frozenset[str] = frozenset()) -> ParsedValues:
    """Parse every mapped column of ``raw`` into canonical input fields.

    Args:
        raw: the table as read: headers as written, cells as text or typed spreadsheet values.
        mapping: which header holds which field (:func:`geo.ingest.mapping.suggest_mapping`, edited by the user).
        agency: the importing agency, given to every row.
        sensitivity: the level of rows whose sensitivity cell is blank (``None``: the model's default).
        decimal_marks: the decimal marks the quantity column uses elsewhere in the same file (``raw`` is one
            chunk of it: :mod:`geo.ingest.streaming`), added to the ones ``raw`` shows itself.

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
    issues = _Issues()
    composed = _date_from_parts(source, count, mapping.fiscal_year_start, issues)
    def parsed(name: str, parse: Callable[[list], list[Cell]]) -> Column:
        return by_unique(source.get(name), count, parse)

    out: dict[str, object] = {name: np.full(count, None, dtype=object) for name in schema.INPUT_COLUMNS}
    for name in TEXT_FIELDS:
        out[name] = parsed(name, each(text_cell)).take(lambda cell: cell.value)
    precision = vocabulary_cell(PRECISION_WORDS, "date_precision_unknown", quarantine=False)
    _dates(out, issues, parsed("date", each(lambda v: date_cell(v, today))),
           parsed("date_precision", each(precision)))
    if composed is not None:
        given, parts = composed
        clash = dateparts.conflicts(parts, out["date"], given)
        issues.add("warning", clash, "date", "date_parts_conflict", parts.to_numpy(dtype=object),
                   pd.Series(pd.to_datetime(out["date"]).strftime("%Y-%m-%d"), dtype=object).to_numpy(dtype=object))
    quantities = parsed("quantity", lambda distinct: quantity_cells(distinct, decimal_marks))
    _quantities(out, issues, quantities, parsed("unit", each(unit_cell)), mapping.default_unit)
    _coordinates(out, issues, parsed("lat", each(lambda v: axis_cell(v, "lat"))),
                 parsed("lon", each(lambda v: axis_cell(v, "lon"))), parsed("coordinates", each(pair_cell)))
    _vocabularies(out, issues, parsed)
    out["seizure_count"] = seizure_counts(source.get("seizure_count"), count, issues)
    out["sensitivity"] = np.where(pd.isna(out["sensitivity"]), sensitivity, out["sensitivity"]).astype(object)
    out["agency"] = np.full(count, agency, dtype=object)
    out["dataset"] = np.full(count, "agency", dtype=object)
    # text stays object (None when blank) rather than pandas' inferred string dtype, whose blanks are NaN
    frame = pd.DataFrame({name: pd.Series(out[name], dtype=_DTYPES.get(name, object)) for name in schema.INPUT_COLUMNS})
    return ParsedValues(frame, issues.frame("problem"), issues.frame("warning"))


def seizure_counts(cells: pd.Series | None, count: int, issues: _Issues) -> np.ndarray:
    """How many seizures each row stands for ("Count of Event"): whole numbers >= 1, blank -> 1.

    0, negative, fractional or non-numeric cells are problems (the row is quarantined): a
    figure may be refused, never changed. Thousands written with spaces ("1 200") are read.
    """
    if cells is None:
        return np.ones(count, dtype=np.int64)
    text = cells.map(lambda v: None if v is None or v != v else str(v)).astype(object)
    cleaned = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    blank = cleaned.isna() | (cleaned == "")
    numbers = pd.to_numeric(cleaned.where(~blank, "1"), errors="coerce")
    bad = (numbers.isna() | (numbers < 1) | (numbers % 1 != 0)).to_numpy()
    issues.add("problem", bad, "seizure_count", "seizure_count_invalid", text.to_numpy(dtype=object))
    return numbers.where(~bad, 1).to_numpy(dtype=np.int64)


def _date_from_parts(source: dict[str, pd.Series], count: int, start: int | None,
                     issues: _Issues) -> tuple[np.ndarray, pd.Series] | None:
    """Fill the date source from year/month/day/fiscal year columns where the date cell is blank.

    Returns which rows had a date cell and the composed texts (for the conflict warning), or ``None``
    when no part is mapped. See :mod:`geo.ingest.parse.dateparts`.
    """
    if not any(name in source for name in dateparts.PARTS):
        return None
    parts, unreadable = dateparts.compose(source, count, start)
    for name, rows, cells in unreadable:
        issues.add("problem", rows, name, "date_part_unparsed", cells)
    dated = source.get("date")
    given = (np.zeros(count, dtype=bool) if dated is None
             else np.array([not blank(v) for v in dated.to_numpy(dtype=object)], dtype=bool))
    cells = dated.to_numpy(dtype=object) if dated is not None else np.full(count, None, dtype=object)
    source["date"] = pd.Series(np.where(given, cells, parts.to_numpy(dtype=object)), dtype=object)
    return given, parts


def _dates(out: dict, issues: _Issues, dates: Column, declared: Column) -> None:
    """Dates, and their precision: the coarser of what the date text shows and what a column declares."""
    issues.column(dates, "date")
    out["date"] = dates.take(lambda c: np.datetime64(c.value, "ms") if c.value else np.datetime64("NaT", "ms"),
                             dtype="datetime64[ms]")
    shown = dates.take(lambda c: PRECISION_RANK.get(c.extra, -1), dtype=np.int8)
    stated = declared.take(lambda c: PRECISION_RANK.get(c.value, -1), dtype=np.int8)
    rank = np.maximum(shown, stated)
    names = np.array([None, *PRECISION_RANK], dtype=object)
    out["date_precision"] = names[rank + 1]
    if declared.has("warning"):
        fallback = np.array(["(?)", *PRECISION_RANK], dtype=object)[shown + 1]
        issues.add("warning", declared.take(lambda c: c.warning is not None, dtype=bool), "date_precision",
                   "date_precision_unknown", declared.raw_text(), fallback)


def _quantities(out: dict, issues: _Issues, quantity: Column, unit: Column, default: str | None) -> None:
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


def _coordinates(out: dict, issues: _Issues, lat: Column, lon: Column, pair: Column) -> None:
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


def _vocabularies(out: dict, issues: _Issues, parsed: Callable[[str, Callable], Column]) -> None:
    """Substance, conveyance, countries and sensitivity; unknown origins and transits noted, not guessed."""
    sensitivity = vocabulary_cell(SENSITIVITY_WORDS, "sensitivity_unknown", quarantine=True)
    columns = {
        "substance": parsed("substance", each(substance_cell)),
        "country": parsed("country", each(country_cell)),
        "origin": parsed("origin", each(noted_country_cell("origin"))),
        "destination": parsed("destination", each(noted_country_cell("destination"))),
        "transit": parsed("transit", each(transit_cell)),
        "conveyance": parsed("conveyance", each(conveyance_cell)),
        "sensitivity": parsed("sensitivity", each(sensitivity)),
    }
    for name, column in columns.items():
        if name != "substance":
            issues.column(column, name)
        out[name] = column.take(lambda c: c.value)
    _substances(out, issues, columns["substance"], parsed("substance_group", each(substance_cell)))
    extras = {name: columns[name].take(lambda c: c.extra) for name in ("conveyance", "origin", "transit",
                                                                        "destination")}
    extras["origin"] = _producing(out, issues, parsed("producing", each(noted_country_cell("producing"))),
                                  extras["origin"])
    out["transport_detail"] = _join_text(extras["conveyance"], out["transport_detail"])
    out["notes"] = _join_text(out["notes"], extras["origin"], extras["transit"], extras["destination"])


def _substances(out: dict, issues: _Issues, name: Column, group: Column) -> None:
    """The drug name wins; a drug group column (UNODC's ``DrugGroup``) is the fallback.

    The group stands in where the name is blank or unknown, with a warning that keeps the name;
    ``substance_label`` keeps the text as written.
    """
    named = name.take(lambda c: c.value)
    grouped = group.take(lambda c: c.value)
    fallback = pd.isna(named) & pd.notna(grouped)
    problems = name.take(attrgetter("problem"))
    issues.add("problem", pd.notna(problems) & ~fallback, "substance", problems, name.raw_text(),
               name.take(attrgetter("detail")))
    unknown_name = fallback & (problems == "substance_unknown")
    issues.add("warning", unknown_name, "substance", "substance_from_group", name.raw_text(), grouped)
    out["substance"] = np.where(fallback, grouped, named).astype(object)
    written = name.raw_text()
    out["substance_label"] = np.where(pd.isna(written), group.raw_text(), written).astype(object)


def _producing(out: dict, issues: _Issues, producing: Column, origin_notes: np.ndarray) -> np.ndarray:
    """UNODC's producing country: the origin where no origin (departure) country is given, else a note.

    Returns the origin notes with the producing country's added where it is not the origin.
    """
    issues.column(producing, "producing")
    code = producing.take(lambda c: c.value)
    use = pd.isna(out["origin"]) & pd.notna(code) & pd.isna(origin_notes)
    out["origin"] = np.where(use, code, out["origin"]).astype(object)
    kept = pd.notna(code) & ~use & (code != out["origin"])
    noted = np.where(kept, pd.Series(code, dtype=object).map(lambda c: f"producing: {c}"), None).astype(object)
    return _join_text(origin_notes, noted, producing.take(lambda c: c.extra))
