"""Import: an agency file in, every row accounted for, so that nothing an agency sends is silently lost.

The steps, each its own module: read the file (:mod:`geo.ingest.readers.tables`), map its
columns (:mod:`geo.ingest.mapping`), parse the values (:mod:`geo.ingest.parse.values`), check and
complete locations (:mod:`geo.ingest.locate`), then write one batch (:mod:`geo.store`).
Every input row ends as exactly one of *accepted*, *quarantined* (row number,
field, reason and raw values kept) or *duplicate* (of a stored record or of an
earlier row of the file): ``rows == accepted + quarantined + duplicates``.

The same file imported again for the same agency (same SHA-256) is recognised
and adds nothing. The file itself is kept with its batch, so columns nobody
mapped are not lost either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo import i18n
from geo.core import schema
from geo.i18n import ingest as ingest_text
from geo.ingest import locate, problems, row_ids
from geo.ingest.keys import check_key
from geo.ingest.mapping import ColumnMapping, header_score, suggest_mapping, validate_mapping
from geo.ingest.parse import values
from geo.ingest.readers import filetypes
from geo.ingest.readers import tables as readers
from geo.ingest.readers.tables import RawTable
from geo.ingest.settings import CONSTANT_PREFIX, ImportSettings, prepared_frame
from geo.store import Batch, SqlStore

# Every message a row problem or warning can carry, whichever step found it.
MESSAGES: dict[str, dict[str, str]] = {
    **readers.MESSAGES, **values.MESSAGES, **locate.MESSAGES, **ingest_text.PIPELINE_MESSAGES,
    **ingest_text.TOTALS_MESSAGES,  # official totals (geo.ingest.totals): their batches' reasons read the same way
}
QUARANTINE_COLUMNS = ("row_number", "field", "code", "reason", "raw", "problems")
_PROBLEM_PARTS = ("field", "code", "value", "detail")
Progress = Callable[[float, str], None]
# Quarantine reasons are stored in English (the log's language); the page re-words them per viewer.
STORED_LANGUAGE = "en"


@dataclass(frozen=True)
class Preview:
    """The first rows of a file and the column mapping suggested for it."""

    table: RawTable
    mapping: ColumnMapping
    sha256: str


@dataclass(frozen=True)
class CheckedRows:
    """Rows checked before writing: candidates to store, rows to quarantine, warnings on kept rows."""

    # The rows to store, as geo.core.schema.coerce_records returned them (typed canonical columns; the store
    # is told not to coerce them again), index = position in the file's table.
    records: pd.DataFrame
    quarantined: pd.DataFrame  # QUARANTINE_COLUMNS
    row_problems: pd.DataFrame  # every problem of the quarantined rows (geo.ingest.problems shape + row_number)
    warnings: pd.DataFrame  # geo.ingest.problems shape + row_number, for rows that are kept
    rows: int
    # The ids the rows had before being stored: content ids of rows without a reference, and ids a file gave
    # (a duplicate with one of them is a row identical to one already seen, not a repeated key).
    content_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``rows == accepted + quarantined + duplicates``."""

    file_name: str
    sha256: str
    format: str
    rows: int
    accepted: int
    quarantined: int
    duplicates: int
    batch_id: str
    already_imported: bool = False
    mapping: dict[str, str | None] = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    row_problems: pd.DataFrame = field(default_factory=problems.problems_frame)
    warnings: pd.DataFrame = field(default_factory=problems.problems_frame)
    # The duplicates split by why: a key (agency + reference) already seen, or every cell of the row identical
    # to a row already seen (rows without a reference). ``duplicates`` is their sum.
    duplicates_by_key: int = 0
    duplicates_identical: int = 0
    settings: ImportSettings = field(default_factory=ImportSettings)
    dry_run: bool = False

    def as_json(self) -> dict:
        """The report as the ``import --json`` object: counts as integers, reasons and warnings counted by code.

        ``mapping`` is the mapping used (header -> field), ``values``, ``constants`` and ``fiscal_year_start``
        the settings that changed the cells (:class:`geo.ingest.settings.ImportSettings`).
        """
        return {
            "dry_run": self.dry_run, "values": self.settings.values, "constants": self.settings.constants,
            "fiscal_year_start": self.settings.fiscal_year_start,
            "rows": self.rows, "accepted": self.accepted, "quarantined": self.quarantined,
            "duplicates": self.duplicates, "duplicates_by_key": self.duplicates_by_key,
            "duplicates_identical": self.duplicates_identical,
            "batch_id": self.batch_id, "already_imported": self.already_imported,
            "file": self.file_name, "sha256": self.sha256, "format": self.format,
            "quarantine_reasons": _counts(self.row_problems), "warnings": _counts(self.warnings),
            "mapping": self.mapping, "details": {k: v for k, v in self.details.items() if _plain(v)},
        }


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    return {str(code): int(n) for code, n in frame["code"].value_counts().sort_index().items()}


def _plain(value: object) -> bool:
    return isinstance(value, (str, int, float, bool, type(None), list))


def read_file(path: Path) -> bytes:
    """A file's bytes, its size checked first (``UnusableFile`` when missing, unreadable or too large)."""
    try:
        filetypes.check_size(path.stat().st_size, path.name)
        return path.read_bytes()
    except OSError as error:
        raise filetypes.UnusableFile("unreadable", error.strerror or error, path.name) from error


def unusable_message(error: filetypes.UnusableFile, lang: str) -> str:
    """Why a file cannot be imported, in ``lang``, on one line: ``"<file name>: <reason>"``."""
    reason = problems.describe({"code": error.code, "detail": error.detail}, MESSAGES, lang)
    return f"{error.file_name}: {reason}"


def summary_text(report: ImportReport, lang: str) -> str:
    """The report as a few lines of text: the accounting sum, then the reasons and warnings by code."""
    lines = [i18n.t("import_sum", lang, rows=report.rows, accepted=report.accepted,
                    quarantined=report.quarantined, duplicates=report.duplicates)]
    if report.already_imported:
        lines.append(i18n.t("import_again", lang, batch=report.batch_id))
    elif report.duplicates:
        lines.append(i18n.t("import_duplicates_split", lang, by_key=report.duplicates_by_key,
                            identical=report.duplicates_identical))
    for title, frame in (("import_reasons", report.row_problems), ("import_warnings", report.warnings)):
        counts = _counts(frame)
        if counts:
            lines.append(i18n.t(title, lang))
            lines += [f"  {n:>6}  {_example(frame, code, lang)}" for code, n in counts.items()]
    return "\n".join(lines)


def _example(frame: pd.DataFrame, code: str, lang: str) -> str:
    """The first problem of ``code`` in words, with its row number."""
    first = frame[frame["code"] == code].iloc[0].to_dict()
    return f"{problems.describe(first, MESSAGES, lang)} (" + i18n.t("row_number", lang, n=first["row_number"]) + ")"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes: how a second import of the same file is recognised."""
    return hashlib.sha256(data).hexdigest()


def format_details(table: RawTable, lang: str) -> str:
    """How the file was read, for the page: format, encoding, separator, sheet or layer, header row."""
    details = table.details
    parts = [table.format.upper()]
    for key in ("encoding", "delimiter", "sheet", "layer", "header_row"):
        value = details.get(key)
        if value not in (None, ""):
            shown = "tab" if value == "\t" else (f"« {value} »" if key == "delimiter" else value)
            parts.append(f"{i18n.t('detail_' + key, lang)} {shown}")
    return " · ".join(parts)


def mapping_warnings(mapping: ColumnMapping, headers: list[str], lang: str) -> list[str]:
    """What is odd about a mapping the user edited (a field twice, no date or substance column), in ``lang``."""
    return validate_mapping(mapping, [str(h) for h in headers], lang=lang)


def problems_as_records(found: pd.DataFrame, limit: int = 2000) -> list[dict]:
    """Up to ``limit`` problems as plain dicts (for a session to keep between reruns)."""
    head = found.head(limit).astype(object)
    return [{k: (None if v is None or v != v else (int(v) if k in ("row", "row_number") else str(v)))
             for k, v in row.items()} for row in head.to_dict("records")]


def problems_from_records(records: list[dict]) -> pd.DataFrame:
    """The inverse of :func:`problems_as_records`."""
    frame = problems.problems_frame(records)
    return frame.assign(row_number=[r.get("row_number") for r in records])


def read(data: bytes, file_name: str | None = None, *, max_rows: int | None = None) -> RawTable:
    """The file's table, its header found with the known header names (``UnusableFile`` when it cannot be read)."""
    return readers.read_table(data, file_name, header_score=header_score, max_rows=max_rows)


def preview(data: bytes, file_name: str | None = None, rows: int = 20) -> Preview:
    """The first ``rows`` records and the suggested column mapping (cheap on large files)."""
    table = read(data, file_name, max_rows=rows)
    return Preview(table, suggest_mapping(list(table.frame.columns)), sha256(data))


def _with_row_numbers(found: pd.DataFrame, table: RawTable) -> pd.DataFrame:
    numbers = pd.Series(table.source_rows, dtype="int64")
    return found.assign(row_number=numbers.reindex(found["row"].to_numpy()).to_numpy())


def _reasons(entry: dict, lang: str) -> str:
    """A quarantined row's reasons in ``lang`` (the stored English text for rows kept without their problems)."""
    listed = entry.get("problems")
    if not listed:
        return str(entry["reason"])
    return "; ".join(problems.describe(p, MESSAGES, lang) for p in listed)


def quarantine_table(quarantined: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Quarantined rows as a user fixes them: row number, reason, then the file's own columns in their order.

    ``quarantined`` is :meth:`geo.store.SqlStore.quarantine`'s frame; the two added columns
    and the reasons are in ``lang``. Importing the corrected table maps neither added column.
    """
    reasons = [_reasons(entry, lang) for entry in quarantined.to_dict("records")]
    raw = pd.DataFrame(list(quarantined["raw"]), index=quarantined.index)
    front = pd.DataFrame({ingest_text.t("row_column", lang): quarantined["row_number"].to_numpy(),
                          ingest_text.t("reason_column", lang): reasons}, index=quarantined.index)
    return pd.concat([front, raw], axis=1).reset_index(drop=True)


def reason_summary(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Problems (or warnings) counted by code: the reason worded from its first case, rows, first row number.

    ``found`` has the :mod:`geo.ingest.problems` columns and ``row_number`` (an import's ``row_problems``
    or ``warnings``, or :func:`stored_problems`).
    """
    labels = {name: i18n.t(name, lang) for name in ("summary_reason", "summary_rows", "summary_first_row")}
    if found.empty:
        return pd.DataFrame(columns=list(labels.values()))
    firsts = found.drop_duplicates("code")
    rows = found.groupby("code")["row_number"].nunique()
    return pd.DataFrame({
        labels["summary_reason"]: [problems.describe(p, MESSAGES, lang) for p in firsts.to_dict("records")],
        labels["summary_rows"]: rows.reindex(firsts["code"]).to_numpy(),
        labels["summary_first_row"]: firsts["row_number"].to_numpy(),
    }).sort_values(labels["summary_rows"], ascending=False, kind="stable").reset_index(drop=True)


def stored_problems(quarantined: pd.DataFrame) -> pd.DataFrame:
    """The problems kept with a batch's quarantined rows, one per line, with their row numbers."""
    lines = [{"row": 0, **p, "row_number": entry["row_number"]}
             for entry in quarantined.to_dict("records") for p in (entry.get("problems") or [])]
    return problems.problems_frame(lines).assign(row_number=[line["row_number"] for line in lines])


def _quarantine_rows(table: RawTable, found: pd.DataFrame) -> pd.DataFrame:
    """One quarantine entry per row: its first problem's field and code, every reason in English and as data."""
    if found.empty:
        return pd.DataFrame(columns=list(QUARANTINE_COLUMNS))
    # One pass over plain dicts: a pandas group per quarantined row cost seconds on a large register.
    ordered = found.sort_values("row", kind="stable")
    listed = ordered.loc[:, list(_PROBLEM_PARTS)].astype(object).to_dict("records")
    rows, numbers = ordered["row"].tolist(), ordered["row_number"].tolist()
    described = [problems.describe(p, MESSAGES, STORED_LANGUAGE) for p in listed]
    starts = [i for i in range(len(rows)) if i == 0 or rows[i] != rows[i - 1]]
    ends = [*starts[1:], len(rows)]
    positions = [int(rows[i]) for i in starts]
    raws = table.frame.iloc[positions].astype(object).to_dict("records")
    entries = [{"row_number": int(numbers[a]), "field": listed[a]["field"], "code": listed[a]["code"],
                "reason": "; ".join(described[a:b]), "problems": listed[a:b],
                "raw": {str(k): (None if v is None or v != v else v) for k, v in raw.items()}}
               for a, b, raw in zip(starts, ends, raws)]
    return pd.DataFrame(entries, columns=list(QUARANTINE_COLUMNS))


def _model_checked(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``records`` as the record model types them, and the rows it refuses as problems (the parsers leave none).

    The typed frame keeps the rows' positions as its index; the store is given it as it is (coerced once).
    """
    refused, remaining = [], records
    while True:
        try:
            typed = schema.coerce_records(remaining)
            break
        except schema.RecordError as error:
            if error.row not in remaining.index:
                raise
            label = int(error.row)
            refused.append({"row": label, "field": None, "code": "record_invalid", "value": None,
                            "detail": error.detail})
            remaining = remaining.drop(index=label)
    return typed.set_axis(remaining.index, axis=0), problems.problems_frame(refused)


def with_content_ids(records: pd.DataFrame, table: RawTable, agency: str | None) -> pd.DataFrame:
    """``records`` with the id of each row that has no reference derived from all its original cells.

    A row with a reference keeps the ``agency:reference`` key (derived when stored); see
    :mod:`geo.ingest.row_ids` for why the others hash the whole row, not the mapped fields.
    """
    reference = records["source_ref"].astype("object")
    no_ref = reference.isna() | (reference.astype("str").str.strip() == "")
    no_ref &= records["record_id"].isna()
    if not no_ref.any():
        return records
    records = records.copy()
    positions = records.index[no_ref]
    records.loc[no_ref, "record_id"] = row_ids.content_ids(table.frame.iloc[positions], agency).to_numpy()
    return records


def check_rows(table: RawTable, mapping: ColumnMapping, *, agency: str | None = None,
               sensitivity: str | None = None, settings: ImportSettings | None = None,
               decimal_marks: frozenset[str] = frozenset()) -> CheckedRows:
    """Parse and locate every row of ``table``; split it into records to store and rows to quarantine.

    ``mapping`` is the final one (:meth:`ImportSettings.apply` done); ``settings`` adds its value mappings
    and constants to the cells parsed, never to the raw cells a quarantined row keeps. ``decimal_marks``: as
    :func:`geo.ingest.parse.values.parse_values` (``table`` is one chunk of a file).
    """
    frame = table.frame if settings is None else prepared_frame(table.frame, mapping, settings)
    parsed = values.parse_values(frame, mapping, agency=agency, sensitivity=sensitivity,
                                decimal_marks=decimal_marks)
    located = locate.locate(parsed.frame)
    found = problems.concat_problems(table.problems, parsed.problems, located.problems)
    candidates = with_content_ids(located.frame.drop(index=found["row"].unique()), table, agency)
    records, refused = _model_checked(candidates)
    found = problems.concat_problems(found, refused)
    held = set(found["row"])
    given = candidates["record_id"].drop(index=list(set(refused["row"]))).dropna()
    warnings = problems.concat_problems(parsed.warnings, located.warnings)
    warnings = warnings[~warnings["row"].isin(held)]
    found = _with_row_numbers(found, table)
    return CheckedRows(records, _quarantine_rows(table, found), found, _with_row_numbers(warnings, table),
                       len(table.frame), frozenset(given))


def import_bytes(store: SqlStore, data: bytes, file_name: str | None = None, *,
                 agency: str | None = None, sensitivity: str | None = None, created_by: str = "unknown",
                 mapping: ColumnMapping | None = None, progress: Progress | None = None,
                 settings: ImportSettings | None = None, table: RawTable | None = None) -> ImportReport:
    """Import one file into ``store`` as one batch (all of it or nothing).

    Args:
        store: where records go.
        data: the file's bytes (its name is never used as a path).
        file_name: the name the user gave, for the log and for messages.
        agency: the importing agency: records are theirs, ids are ``agency:reference``.
        sensitivity: the level of rows that state none (default restricted, see :mod:`geo.core.schema`).
        created_by: who imports (the signed-in user).
        mapping: the column mapping the user confirmed; the suggested one when ``None``.
        progress: called with (fraction done, step name) between steps.
        settings: column overrides, value mappings, constants and fiscal year start applied on top of
            ``mapping`` (:class:`geo.ingest.settings.ImportSettings`).
        table: ``data`` already read whole by :func:`read` (the caller asked its columns first): not read again.

    Raises:
        geo.ingest.readers.tables.UnusableFile: the file cannot be imported at all (unreadable, hostile,
            unknown format).
        geo.ingest.keys.NotAKey: the column mapped to ``source_ref`` repeats on rows that differ; nothing
            is written.
    """
    report = progress or (lambda fraction, step: None)
    name = filetypes.display_name(file_name)
    digest = sha256(data)
    report(0.05, "reading")
    earlier = store.find_batch(digest, agency)
    if earlier is not None:
        rows = int(store.batches().set_index("batch_id").loc[earlier, "rows"])
        report(1.0, "done")
        return ImportReport(name, digest, filetypes.detect_format(data, file_name), rows, 0, 0, rows, earlier,
                            already_imported=True, duplicates_identical=rows)  # the very same bytes
    table = table if table is not None else read(data, file_name)
    settings = settings or ImportSettings()
    mapping = settings.apply(mapping or suggest_mapping(list(table.frame.columns)))
    check_key(table.frame, mapping)
    report(0.35, "checking")
    checked = check_rows(table, mapping, agency=agency, sensitivity=sensitivity, settings=settings)
    report(0.8, "writing")
    batch = Batch(kind="import", created_by=created_by, file_name=name, sha256=digest, agency=agency,
                  sensitivity=sensitivity)
    result = store.write_batch(checked.records, batch, checked.quarantined, original=data, coerced=True)
    identical = sum(1 for record_id in result.duplicate_ids if record_id in checked.content_ids)
    report(1.0, "done")
    return ImportReport(name, digest, table.format, result.rows, result.accepted, result.quarantined,
                        result.duplicates, result.batch_id, mapping=used_columns(mapping), details=dict(table.details),
                        row_problems=checked.row_problems, warnings=checked.warnings, settings=settings,
                        duplicates_by_key=result.duplicates - identical, duplicates_identical=identical)


def used_columns(mapping: ColumnMapping) -> dict[str, str | None]:
    """The file's columns and their fields (the constants' own columns are reported as constants)."""
    return {h: f for h, f in mapping.fields.items() if not str(h).startswith(CONSTANT_PREFIX)}
