"""Importing a table of official annual totals (country x year x drug -> kilograms), never as seizure records.

UNODC publishes countries' annual seizures as such tables (a title row, then ``Region, SubRegion, Country,
DrugGroup, DrugSubGroup, DrugName, Reference year, Kilograms, msCode``); offices publish them in annual reports.
A table is recognised as totals by its shape (:func:`looks_like_totals`): a year column, a quantity column in
kilograms, a country and a drug, and nothing that belongs to one seizure (no date, month or day, no reference,
place, coordinates, transport or unit column). ``geo import --kind totals|seizures`` overrides the guess.

Every row ends accepted, quarantined (with its reason) or duplicate, as for records:

* the country is read from the ISO3 column (``msCode``) when it holds a code, else from the name (English,
  French or the UN's name, brackets and all);
* the drug is the most detailed of ``DrugName``, ``DrugSubGroup``, ``DrugGroup`` that is filled in; its text is
  kept as ``label``, its vocabulary id (a group id such as ``cocaine_type`` for a group total) as ``substance``;
* a row repeated whole is a duplicate; a second row giving the same country, year and drug a different figure is
  quarantined (a figure is refused, never silently replaced). A group total beside its members is stored as
  well: which of them a sum takes is decided by :func:`geo.analysis.coverage.summable`, never both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geo.i18n import ingest as ingest_text
from geo.ingest import problems
from geo.ingest.mapping import suggest_mapping
from geo.ingest.parse import numbers, vocabulary
from geo.ingest.parse.cells import blank
from geo.ingest.pipeline import ImportReport, read, sha256
from geo.ingest.readers import filetypes
from geo.ingest.readers.tables import RawTable
from geo.reference.countries import fold, is_iso3, to_iso3
from geo.store import Batch, SqlStore

KINDS = ("totals", "seizures")
DEFAULT_SENSITIVITY = "restricted"  # as records that state none (geo.core.schema.coerce_records)
# Columns that belong to one seizure: a table with any of them holds records, not totals.
_RECORD_FIELDS = frozenset({"date", "month", "day", "fiscal_year", "source_ref", "lat", "lon", "coordinates",
                            "place", "conveyance", "unit", "transport_detail"})
_KG_WORDS = frozenset({"kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"})
_CODE_HEADERS = frozenset({"mscode", "iso3", "iso 3", "iso code", "code pays", "country code", "code iso"})
_NAME_HEADERS = frozenset({"country", "pays", "country name", "nom du pays", "countryofseizure",
                           "country of seizure", "pays de saisie"})
_SUBGROUP_HEADERS = frozenset({"drugsubgroup", "drug subgroup", "drug sub group", "sous groupe", "sous-groupe"})
_MIN_YEAR, _MAX_YEAR = 1900, 2100
MESSAGES = ingest_text.TOTALS_MESSAGES


@dataclass(frozen=True)
class TotalsColumns:
    """Which column of the file holds each part of a total (``None``: absent)."""

    year: str | None
    kg: str | None
    country_name: str | None
    country_code: str | None
    drug: str | None
    subgroup: str | None
    group: str | None
    cases: str | None
    source: str | None

    def missing(self) -> list[str]:
        """The parts a totals table cannot do without, absent here."""
        needed = {"year": self.year, "kilograms": self.kg, "country": self.country_name or self.country_code,
                  "drug": self.drug or self.subgroup or self.group}
        return [name for name, column in needed.items() if column is None]

    def used(self) -> dict[str, str]:
        """Header -> part, for the report."""
        parts = {"year": self.year, "kg": self.kg, "country": self.country_name, "country_iso3": self.country_code,
                 "drug": self.drug, "drug_subgroup": self.subgroup, "drug_group": self.group, "cases": self.cases,
                 "source": self.source}
        return {str(column): part for part, column in parts.items() if column is not None}


def totals_columns(headers: list[str]) -> TotalsColumns:
    """The columns of a totals table among ``headers`` (the import's header names, French or English)."""
    fields = suggest_mapping(headers).fields
    by_field = {field: header for header, field in fields.items() if field}
    folded = {header: fold(str(header)) for header in headers}

    def named(names: frozenset[str]) -> str | None:
        return next((h for h, f in folded.items() if f in names or f.replace(" ", "") in names), None)

    quantity = by_field.get("quantity")
    kg = next((h for h, f in folded.items() if set(f.split()) & _KG_WORDS), None)
    if kg is None and quantity is not None and set(folded[quantity].split()) & _KG_WORDS:
        kg = quantity
    code = named(_CODE_HEADERS)
    name = named(_NAME_HEADERS) or (by_field.get("country") if by_field.get("country") != code else None)
    return TotalsColumns(year=by_field.get("year"), kg=kg, country_name=name, country_code=code,
                         drug=by_field.get("substance"), subgroup=named(_SUBGROUP_HEADERS),
                         group=by_field.get("substance_group"), cases=by_field.get("seizure_count"),
                         source=by_field.get("source"))


def looks_like_totals(headers: list[str]) -> bool:
    """Whether a table with ``headers`` holds annual totals: a year, kilograms, a country and a drug, no seizure."""
    columns = totals_columns(headers)
    if columns.missing():
        return False
    fields = set(suggest_mapping(headers).fields.values())
    return not (fields & _RECORD_FIELDS)


@dataclass(frozen=True)
class CheckedTotals:
    """Totals to store (:data:`geo.store.totals.TOTAL_FIELDS` + ``row_number``) and rows to quarantine."""

    totals: pd.DataFrame
    quarantined: pd.DataFrame
    row_problems: pd.DataFrame  # geo.ingest.problems shape + row_number
    columns: TotalsColumns


def check_totals(table: RawTable, source: str | None = None) -> CheckedTotals:
    """Read every row of ``table`` as one total or one quarantined row (with its reasons)."""
    headers = [str(h) for h in table.frame.columns]
    columns = totals_columns(headers)
    frame = table.frame
    found: list[dict] = []
    kept: list[dict] = []
    kg_cells = _cells(frame, columns.kg, numbers.quantity_cells)
    cases_cells = _cells(frame, columns.cases, numbers.quantity_cells)
    for position, row in enumerate(frame.to_dict("records")):
        row_problems = []
        country = _country(row, columns, row_problems)
        year = _year(row.get(columns.year) if columns.year else None, row_problems)
        substance, label = _drug(row, columns, row_problems)
        kg = _number(kg_cells[position], row.get(columns.kg) if columns.kg else None, "kg", row_problems,
                     required=True)
        cases = _number(cases_cells[position], row.get(columns.cases) if columns.cases else None, "cases",
                        row_problems, required=False)
        if cases is not None and cases != int(cases):
            row_problems.append({"field": "cases", "code": "total_cases_fraction", "value": str(row[columns.cases])})
        text_source = _text(row.get(columns.source)) if columns.source else None
        if row_problems:
            found += [{"row": position, **p} for p in row_problems]
            continue
        kept.append({"position": position, "country": country, "year": year, "substance": substance,
                     "label": label, "kg": kg, "cases": None if cases is None else int(cases),
                     "source": text_source or source})
    totals = pd.DataFrame(kept, columns=["position", "country", "year", "substance", "label", "kg", "cases",
                                         "source"])
    totals, conflicts = _conflicts(totals, table)
    found += conflicts
    problem_frame = problems.problems_frame(found)
    numbers_seen = pd.Series(table.source_rows, dtype="int64")
    problem_frame = problem_frame.assign(row_number=numbers_seen.reindex(problem_frame["row"].to_numpy()).to_numpy())
    totals = totals.assign(row_number=numbers_seen.reindex(totals["position"].to_numpy()).to_numpy())
    return CheckedTotals(totals.drop(columns="position").reset_index(drop=True),
                         _quarantine(table, problem_frame), problem_frame, columns)


def _cells(frame: pd.DataFrame, column: str | None, parse) -> list:
    if column is None:
        return [None] * len(frame)
    values = frame[column].tolist()
    distinct = list(dict.fromkeys(v if isinstance(v, str) or v is None else float(v) if not pd.isna(v) else None
                                  for v in values))
    parsed = dict(zip(distinct, parse(distinct)))
    return [parsed[v if isinstance(v, str) or v is None else float(v) if not pd.isna(v) else None] for v in values]


def _text(value: object) -> str | None:
    return None if blank(value) else str(value).strip()


# A table repeats a few dozen country and drug names thousands of times: each distinct text is read once.
@lru_cache(maxsize=4096)
def _iso3(text: str) -> str | None:
    return to_iso3(text)


@lru_cache(maxsize=4096)
def _substance(text: str):
    return vocabulary.substance_cell(text)


def _country(row: dict, columns: TotalsColumns, found: list[dict]) -> str | None:
    code = _text(row.get(columns.country_code)) if columns.country_code else None
    if code and is_iso3(code.upper()):
        return code.upper()
    name = _text(row.get(columns.country_name)) if columns.country_name else None
    for text in (name, code):
        if text and (iso3 := _iso3(text)):
            return iso3
    shown = name or code
    found.append({"field": "country", "code": "country_unknown" if shown else "total_country_missing",
                  "value": shown})
    return None


def _year(value: object, found: list[dict]) -> int | None:
    text = _text(value)
    try:
        year = float(text.replace(",", ".")) if text else None
    except ValueError:
        year = None
    if year is None or year != int(year) or not _MIN_YEAR <= year <= _MAX_YEAR:
        found.append({"field": "year", "code": "total_year_unparsed", "value": text})
        return None
    return int(year)


def _drug(row: dict, columns: TotalsColumns, found: list[dict]) -> tuple[str | None, str | None]:
    """The most detailed drug column filled in: its vocabulary id and its text as written."""
    for column in (columns.drug, columns.subgroup, columns.group):
        text = _text(row.get(column)) if column else None
        if text is None:
            continue
        cell = _substance(text)
        if cell.problem:
            found.append({"field": "substance", "code": cell.problem, "value": text, "detail": cell.detail})
            return None, None
        return str(cell.value), text
    found.append({"field": "substance", "code": "substance_missing", "value": None})
    return None, None


def _number(cell, value: object, field: str, found: list[dict], *, required: bool) -> float | None:
    if cell is None or cell.value is None and cell.problem is None:
        if required:
            found.append({"field": field, "code": "total_kg_missing", "value": None})
        return None
    if cell.problem or (cell.extra not in (None, "kg") and field == "kg"):
        found.append({"field": field, "code": cell.problem or "total_kg_unit", "value": _text(value)})
        return None
    return float(cell.value)


def _conflicts(totals: pd.DataFrame, table: RawTable) -> tuple[pd.DataFrame, list[dict]]:
    """Rows giving a country, year and drug already given a different figure earlier in the file, as problems.

    A row repeated whole is not a conflict: it stays, to be counted as a duplicate when stored.
    """
    key = ["country", "year", "label", "source"]
    figures = totals.drop_duplicates([*key, "kg", "cases"])
    first = figures.drop_duplicates(key)
    clash = totals.merge(first, on=key, suffixes=("", "_first"))
    clash = clash[(clash["kg"] != clash["kg_first"])
                  | (clash["cases"].fillna(-1) != clash["cases_first"].fillna(-1))]
    found = [{"row": int(r.position), "field": "kg", "code": "total_conflict", "value": f"{r.kg:g}",
              "detail": f"{r.kg_first:g} kg (row {table.source_rows[int(r.position_first)]})"}
             for r in clash.itertuples(index=False)]
    return totals[~totals["position"].isin(clash["position"])], found


def _quarantine(table: RawTable, found: pd.DataFrame) -> pd.DataFrame:
    """One quarantine entry per row: the first problem's field and code, every reason, the raw cells."""
    # Plain dicts in one pass: a pandas group per row cost minutes on a large export with many held rows.
    listed: dict[int, list[dict]] = {}
    numbers: dict[int, int] = {}
    ordered = found.sort_values("row", kind="stable")
    for problem, row, number in zip(ordered.loc[:, ["field", "code", "value", "detail"]].astype(object)
                                    .to_dict("records"), ordered["row"], ordered["row_number"]):
        listed.setdefault(int(row), []).append(problem)
        numbers[int(row)] = int(number)
    positions = list(listed)
    raws = table.frame.iloc[positions].astype(object).to_dict("records") if positions else []
    entries = [{"row_number": numbers[position], "field": listed[position][0]["field"],
                "code": listed[position][0]["code"],
                "reason": "; ".join(problems.describe(p, MESSAGES, "en") for p in listed[position]),
                "raw": {str(k): (None if v is None or v != v else v) for k, v in raw.items()},
                "problems": listed[position]}
               for position, raw in zip(positions, raws)]
    return pd.DataFrame(entries, columns=["row_number", "field", "code", "reason", "raw", "problems"])


def import_totals(store: SqlStore, data: bytes, file_name: str | None = None, *, agency: str | None = None,
                  sensitivity: str | None = None, created_by: str = "unknown", dry_run: bool = False,
                  table: RawTable | None = None) -> ImportReport:
    """Import one totals file as one batch of official totals (``dry_run``: check every row, write nothing).

    ``sensitivity`` is the level of every total (default restricted, as records); the batch's kind is
    ``totals``. The same file imported again for the same agency adds nothing.
    """
    name = filetypes.display_name(file_name)
    digest = sha256(data)
    level = sensitivity or DEFAULT_SENSITIVITY
    earlier = None if dry_run else store.find_batch(digest, agency)
    if earlier is not None:
        rows = int(store.batches().set_index("batch_id").loc[earlier, "rows"])
        return ImportReport(name, digest, filetypes.detect_format(data, file_name), rows, 0, 0, rows, earlier,
                            already_imported=True, duplicates_identical=rows, details={"kind": "totals"})
    table = table if table is not None else read(data, file_name)
    checked = check_totals(table, source=name)
    details = {**table.details, "kind": "totals"}
    if dry_run:
        return _dry_report(store, checked, name, digest, table, details, agency, level)
    batch = Batch(kind="totals", created_by=created_by, file_name=name, sha256=digest, agency=agency,
                  sensitivity=level)
    result = store.write_totals(checked.totals, batch, checked.quarantined, original=data)
    return ImportReport(name, digest, table.format, result.rows, result.accepted, result.quarantined,
                        result.duplicates, result.batch_id, mapping=checked.columns.used(), details=details,
                        row_problems=checked.row_problems, duplicates_identical=result.duplicates)


def _dry_report(store: SqlStore, checked: CheckedTotals, name: str, digest: str, table: RawTable, details: dict,
                agency: str | None, level: str) -> ImportReport:
    from geo.store.totals import total_ids

    ids = total_ids(checked.totals, agency, level)
    repeated = ids.duplicated(keep="first")
    stored = store.stored_total_ids(ids[~repeated].tolist())
    duplicates = int(repeated.sum() + ids[~repeated].isin(stored).sum())
    rows = len(checked.totals) + len(checked.quarantined)
    return ImportReport(name, digest, table.format, rows, len(checked.totals) - duplicates,
                        len(checked.quarantined), duplicates, "", mapping=checked.columns.used(), details=details,
                        row_problems=checked.row_problems, duplicates_identical=duplicates, dry_run=True)
