"""Readers: an uploaded CSV, XLSX, GeoJSON, GeoPackage, KML or KMZ file as one raw table.

:func:`read_table` is pure (bytes in, :class:`RawTable` out); :func:`read_path` opens a file and calls it.
A reader keeps every record, one row each, with the row or feature number the user sees, and leaves values
as written (text stays text): parsing numbers, dates and places is the next step's job. What a reader already
knows is wrong with a record (a line instead of a point) goes in ``RawTable.problems``, never silently away.

This module holds that public API and the CSV and XLSX readers (a header row found among title rows). The
GeoJSON, GeoPackage, KML and KMZ readers live in :mod:`geo.ingest.readers.features`; :class:`RawTable` and the helpers
both use, in :mod:`geo.ingest.readers.raw`. Safety checks (sizes, zip bombs, content sniffing) live in
:mod:`geo.ingest.readers.filetypes`.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import dataclasses
import io
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
import pandas as pd

from geo.i18n.ingest import READER_MESSAGES as MESSAGES
from geo.ingest.problems import problems_frame
from geo.ingest.readers import encoding, filetypes, workbooks
from geo.ingest.readers import features as featurereaders
from geo.ingest.readers.filetypes import (
    FORMATS,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    UnusableFile,
    detect_format,
)
from geo.ingest.readers.raw import (
    COORDINATES,
    LAT,
    LON,
    HeaderScore,
    RawTable,
    Reader,
    Value,
    _clean,
    _parser_errors,
    _unique_names,
    collector_paused,
)

__all__ = ["COORDINATES", "FORMATS", "HEADER_SEARCH_ROWS", "LAT", "LON", "MAX_COMPRESSION_RATIO", "MAX_FILE_BYTES",
           "MAX_UNCOMPRESSED_BYTES", "MESSAGES", "RawTable", "UnusableFile", "default_header_score", "detect_format",
           "read_path", "read_table"]

HEADER_SEARCH_ROWS = 30
_DELIMITERS = (";", ",", "\t", "|")
_SAMPLE_CHARS = 64 * 1024


def read_path(path: str | Path, **kwargs: Any) -> RawTable:
    """Read the file at ``path`` (size checked before reading); keywords as :func:`read_table`."""
    path = Path(path)
    filetypes.check_size(path.stat().st_size, path.name)
    with path.open("rb") as handle:
        limit = filetypes.size_limit()  # a file that grew since stat is still refused
        data = handle.read(-1 if limit is None else limit + 1)
    kwargs.setdefault("file_name", path.name)
    return read_table(data, **kwargs)


def read_table(data: bytes, file_name: str | None = None, *, header_score: HeaderScore | None = None,
               max_rows: int | None = None) -> RawTable:
    r"""Read an uploaded file of any of :data:`FORMATS`, found from its content.

    Args:
        data: the file's bytes.
        file_name: the uploaded name, for messages and extension tie-breaks only (never opened).
        header_score: rates how much a row of cell texts looks like the header (CSV, XLSX); rows scoring
            <= 0 are never the header. Default :func:`default_header_score`.
        max_rows: read at most this many records (``details["truncated"]`` says whether more exist).

    Raises:
        UnusableFile: the file cannot be imported at all.

    >>> table = read_table("Registre 2023\n\nDate;Lieu\n15/03/2023;Dakar\n".encode("cp1252"), "s.csv")
    >>> table.frame.to_dict("records"), table.source_rows, table.details["header_row"]
    ([{'Date': '15/03/2023', 'Lieu': 'Dakar'}], [4], 3)
    """
    kind = detect_format(data, file_name)
    return _READERS[kind](data, file_name, header_score or default_header_score, max_rows)


def default_header_score(cells: list[str]) -> float:
    """How much a row looks like a header: a point per short label, minus half a point per number or date.

    A title row has one or two cells and data rows hold numbers and dates, so the header scores highest; an
    all-text data row ties with it at best, and ties go to the earlier row.

    >>> default_header_score(["Date", "Lieu", "Quantité"]), default_header_score(["15/03/2023", "Dakar", "12,5"])
    (3.0, 0.0)
    """
    texts = [cell.strip() for cell in cells if cell and cell.strip()]
    labels = sum(len(text) <= 60 and any(c.isalpha() for c in text) and not _looks_numeric(text) for text in texts)
    return labels - (len(texts) - labels) / 2


def _looks_numeric(text: str) -> bool:
    return sum(c.isdigit() for c in text) >= sum(c.isalpha() for c in text)


# ---- CSV and XLSX: a header row among title rows, then records ----

def _read_csv(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    decoded = encoding.decode(data)
    delimiter = _delimiter(decoded.text[:_SAMPLE_CHARS])
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    rows = _csv_rows(reader, file_name)
    details = {"encoding": decoded.encoding, "delimiter": delimiter}
    with collector_paused():
        table = _grid_table(rows, "csv", details, file_name, score, max_rows, widen=False)
    return _with_damaged_lines(table, decoded) if decoded.damaged else table


def _with_damaged_lines(table: RawTable, decoded: encoding.DecodedText) -> RawTable:
    """Each record holding a damaged line (invalid UTF-8, control bytes) gets a problem: it is quarantined.

    A record starts at its ``source_rows`` line and runs to the next record's (a quoted value may span lines).
    Damage above the first record is in the title or header rows: no record to hold back, so ``details``
    says where (a damaged header name shows U+FFFD and maps to nothing).
    """
    found, above = [], []
    for line in decoded.damaged:
        position = bisect.bisect_right(table.source_rows, line) - 1
        if position < 0:
            above.append(line)
            continue
        if table.details.get("truncated") and position == len(table.source_rows) - 1:
            continue  # a preview stops before the line: its record is not in this table
        found.append({"row": position, "field": None, "code": "damaged_bytes", "detail": decoded.describe(line),
                      "value": decoded.encoding})
    details = {**table.details, "damaged_lines": sorted(decoded.damaged)}
    if above:
        details["damaged_header_lines"] = above
    problems = problems_frame([*table.problems.to_dict("records"), *found]).sort_values("row", kind="stable")
    return dataclasses.replace(table, details=details, problems=problems.reset_index(drop=True))


def _delimiter(sample: str) -> str:
    r"""The delimiter that splits the sample's lines most consistently into the most cells.

    >>> _delimiter('Titre, 2023\nDate;Poids;Note\n1/2;1,5;"a;b"\n2/2;2,5;c\n')
    ';'
    """
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        rows = itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), HEADER_SEARCH_ROWS)
        counts = Counter(len(row) for row in rows if len(row) > 1)
        if counts:
            width, lines = counts.most_common(1)[0]
            if width * lines > best_score:
                best, best_score = delimiter, width * lines
    return best


def _csv_rows(reader: Iterator[list[str]], file_name: str | None) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells); a quoted field may span lines."""
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnusableFile("unreadable", f"line {start}: {exc}", file_name) from exc


def _read_xlsx(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    """An XLSX: python-calamine reads it, openpyxl only where calamine cannot (``Survey.openpyxl_needed``).

    Checked first, whichever reads it: the openpyxl set-up (a misconfiguration shows on every workbook, not
    only on the rare one openpyxl reads), then the zip bounds, declarations and sheet extents
    (:func:`workbooks.check_archive`).
    """
    if not openpyxl.xml.DEFUSEDXML or openpyxl.xml.LXML:
        raise RuntimeError("openpyxl is not parsing XML with defusedxml (OPENPYXL_DEFUSEDXML=False, or lxml in use "
                           "because openpyxl was imported before geo): refusing to read an uploaded XLSX")
    survey = workbooks.check_archive(data, file_name, "xlsx")
    if survey.openpyxl_needed():
        return _read_xlsx_openpyxl(data, file_name, score, max_rows)
    return _read_workbook(data, file_name, score, max_rows, "xlsx", checked=True)


def _read_xlsx_openpyxl(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    """The streamed openpyxl reader (~10 times slower), for the XLSX calamine cannot read faithfully."""
    with _parser_errors(file_name, "XLSX"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
        sheet = _pick_sheet(sheets, file_name, score)
        details = {"sheet": sheet.title, "sheets": [s.title for s in sheets]}
        return _grid_table(_sheet_rows(sheet, file_name), "xlsx", details, file_name, score, max_rows, widen=True)
    finally:
        book.close()


def _pick_sheet(sheets: list, file_name: str | None, score: HeaderScore,
                rows_of: Callable[[Any], Iterator[list]] | None = None) -> Any:
    """The first visible sheet whose best header row scores highest (``rows_of`` reads a sheet's rows)."""
    best, best_score = None, -math.inf
    for sheet in sheets:
        if rows_of is None:
            sheet.reset_dimensions()  # a wrong (or hostile) A1:XFD1048576 dimension would pad every row
            with contextlib.closing(_sheet_rows(sheet, file_name)) as rows:
                found = _best_header(list(itertools.islice(rows, HEADER_SEARCH_ROWS)), score)
        else:
            found = _best_header(list(itertools.islice(rows_of(sheet), HEADER_SEARCH_ROWS)), score)
        if found and found[1] > best_score:
            best, best_score = sheet, found[1]
    if best is None:
        raise UnusableFile("empty", "", file_name)
    if best_score <= 0:
        raise UnusableFile("no_header", HEADER_SEARCH_ROWS, file_name)
    return best

def _read_workbook(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None,
                   kind: str, *, checked: bool = False) -> RawTable:
    """An XLSX, .xls or .ods workbook (python-calamine): the best sheet (``checked``: the zip checks ran)."""
    book = workbooks.open_workbook(data, file_name, kind, checked=checked)
    try:
        sheets = workbooks.visible_sheets(book, file_name)
        best = _pick_sheet(sheets, file_name, score,
                           lambda sheet: workbooks.sheet_rows(sheet, file_name, HEADER_SEARCH_ROWS))
        details = {"sheet": best.name, "sheets": [s.name for s in sheets]}
        rows = workbooks.sheet_rows(best, file_name)
        with collector_paused():
            return _grid_table(rows, kind, details, file_name, score, max_rows, widen=True, clean=True)
    finally:
        book.close()


def _sheet_rows(sheet: Any, file_name: str | None) -> Iterator[tuple[int, tuple]]:
    """(Excel row number, cell values); openpyxl yields missing rows empty, so the count is the row number."""
    with _parser_errors(file_name, sheet.title):
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)


def _best_header(head: list[tuple[int, Iterable]], score: HeaderScore) -> tuple[int, float] | None:
    """Position and score of the best header row among ``head``, the first on ties; None when all are blank."""
    scored = [(score([_cell_text(v) for v in cells]), -at) for at, (_, cells) in enumerate(head)
              if any(_clean(v) is not None for v in cells)]
    if not scored:
        return None
    best, at = max(scored)
    return -at, best


def _grid_table(rows: Iterator[tuple[int, Iterable]], kind: str, details: dict, file_name: str | None,
                score: HeaderScore, max_rows: int | None, *, widen: bool, clean: bool = False) -> RawTable:
    """The header row (best score among the first rows), then the records below it.

    Cells beyond the header widen the table in XLSX, where cells sit where they are; in CSV they mean a
    separator inside an unquoted value shifted the row, so they are a problem. ``clean``: the cells are
    already as a record keeps them (:func:`geo.ingest.readers.workbooks.sheet_rows`), not cleaned again.
    """
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    found = _best_header(head, score)
    if found is None:
        raise UnusableFile("empty", "", file_name)
    if found[1] <= 0:
        raise UnusableFile("no_header", HEADER_SEARCH_ROWS, file_name)
    header_row, header_cells = head[found[0]]
    header = _trim([_cell_text(v) or None for v in header_cells])
    records = itertools.chain(head[found[0] + 1:], rows)
    values, numbers, problems, blank, truncated = _collect(records, len(header), max_rows, widen, clean)
    width = max([len(header), *map(len, values)])
    names = _unique_names([h or "" for h in header] + [""] * (width - len(header)))
    frame = pd.DataFrame([row + [None] * (width - len(row)) for row in values], columns=names, dtype=object)
    unnamed = [name for name, h in itertools.zip_longest(names, header) if not h]
    frame = frame.drop(columns=[name for name in unnamed if frame[name].isna().all()])
    details = {**details, "header_row": header_row, "blank_rows": blank, "truncated": truncated}
    return RawTable(frame, numbers, kind, details, problems_frame(problems))


def _collect(records: Iterable[tuple[int, Iterable]], width: int, max_rows: int | None,
             widen: bool, clean: bool = False) -> tuple[list[list[Value]], list[int], list[dict], int, bool]:
    values: list[list[Value]] = []
    numbers: list[int] = []
    problems: list[dict] = []
    blank = 0
    for number, cells in records:
        # Text first, inline: most cells are text, and a call per cell costs a second on 100,000 rows.
        row = _trim(cells if clean else [(v.strip() or None) if type(v) is str else _clean(v) for v in cells])
        if not row:
            blank += 1
            continue
        if max_rows is not None and len(values) >= max_rows:
            return values, numbers, problems, blank, True
        if len(row) > width and not widen:
            extra = row[width:]
            problems.append({"row": len(values), "code": "extra_cells", "detail": str(len(extra)),
                             "value": " | ".join(_cell_text(v) for v in extra)})
            row = row[:width]
        values.append(row)
        numbers.append(number)
    return values, numbers, problems, blank, False


def _trim(row: list) -> list:
    """Without trailing empty cells (a trailing ';' or a styled empty Excel cell adds nothing)."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_READERS: dict[str, Reader] = {
    "csv": _read_csv, "xlsx": _read_xlsx, **featurereaders.READERS,
    "xls": lambda data, name, score, rows: _read_workbook(data, name, score, rows, "xls"),
    "ods": lambda data, name, score, rows: _read_workbook(data, name, score, rows, "ods"),
}
