"""Excel (.xlsx, legacy .xls) and OpenDocument (.ods) workbooks, read with python-calamine (a Rust reader).

Registers come as XLSX, as Excel 97-2003 ``.xls`` from old office PCs and as LibreOffice ``.ods``. calamine
reads all three about ten times faster than openpyxl (100,000 rows: ~3 s instead of ~30 s) and without a Python
XML parser, so the safety checks run first, on the bytes, and calamine only ever sees a file they accepted:

* a zip (XLSX, ODS) is bounded by :func:`geo.ingest.readers.filetypes.open_zip` before anything decompresses;
* every entry is then read once through ``ZipFile.open`` (bounded by its checked size; a size that lies fails
  the CRC check), and refused when it declares a DTD or an entity (as defusedxml refuses them in openpyxl);
* in an XLSX, the cell references give each sheet's extent: calamine fills a rectangle from A1 to the last
  cell in memory, so a two-cell file with a cell in XFD1048576 would ask for 500 GB and abort the process.
  Above :data:`MAX_SHEET_CELLS` the file is refused.

An ``.xls`` is an OLE2 compound file whose size was checked; calamine's failures on it become ``UnusableFile``.
openpyxl still reads an XLSX in the two cases calamine cannot serve (see :func:`openpyxl_needed`).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from collections.abc import Iterator
from typing import Any

import python_calamine

from geo.ingest.readers import filetypes
from geo.ingest.readers.filetypes import UnusableFile
from geo.ingest.readers.raw import _clean, _parser_errors

# The markup of a DTD or an entity declaration, in the encodings an XML part may use (a byte scan of UTF-8
# alone would miss a UTF-16 part).
_XML_DECLARATIONS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY")
                          for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_CHUNK = 1024 * 1024
# calamine's dense rectangle costs ~32 bytes a cell, and the rows handed to Python ~10 more: 21 million cells
# stay under 1 GB, and are 4 times the largest register measured (350,000 records x 15 columns, the size bound).
MAX_SHEET_CELLS = 21_000_000
_LAST_ROW, _LAST_COLUMN = 1_048_576, 16_384  # XFD1048576
# A reference beyond row 399,999 or column AZ (52) could make a sheet larger than MAX_SHEET_CELLS (399,999 x 52
# is just under it): only then is the exact extent computed. Searching for one is ~5 times cheaper than reading
# every reference; the pattern starts with a literal so that the search skips ahead (single quotes are rare).
_FAR = rb"""(?:[A-Z]*(?:[4-9][0-9]{5}|[1-9][0-9]{6,})|(?:[A-Z]{3,}|[B-Z][A-Z])[0-9])"""
_FAR_REFERENCE = (re.compile(b'r="' + _FAR), re.compile(b"r='" + _FAR))
# r="B12": a cell's row (a <row r="12"> without cells does not extend calamine's rectangle).
_ROW_REFERENCE = re.compile(rb"""\sr=["'][A-Z]+([0-9]+)["']""")
_CELL_REFERENCE = re.compile(rb"""\sr=["']([A-Z]+)[0-9]""")
_ERROR_CELL = (b't="e"', b"t='e'")  # an error value (#N/A, #DIV/0!...), the cached result of a formula
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>")
_REFERENCED_CELL = b'<c r="'  # how Excel, LibreOffice and openpyxl all write a cell: its reference first
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s>/]")


@dataclasses.dataclass
class Survey:
    """What the checks learnt of an XLSX while reading every entry."""

    error_cells: bool = False  # some part holds an error cell: calamine gives those as '' (data lost)
    cells_without_reference: bool = False  # calamine would place them by counting: extent unknown here

    def openpyxl_needed(self) -> bool:
        """Whether openpyxl, not calamine, must read this XLSX (slower, streamed, through defusedxml).

        * error cells: python-calamine turns ``#N/A`` and the other error values into an empty string, and an
          empty cell is nothing; openpyxl gives the error's text, which the next step refuses with a reason (the
          row is quarantined, never silently emptied);
        * cells without a reference (``r`` is optional in the standard; some generators leave it out):
          calamine places them by counting, so their extent is not bounded here, and openpyxl streams them.
        """
        return self.error_cells or self.cells_without_reference


def check_archive(data: bytes, file_name: str | None, kind: str) -> Survey:
    """Run the zip checks on an XLSX or ODS (``kind``) and read every entry; refusals as UnusableFile."""
    survey = Survey()
    with filetypes.open_zip(data, file_name) as archive, _parser_errors(file_name, kind.upper()):
        for info in archive.infolist():
            if _scan_entry(archive, info, file_name, survey if kind == "xlsx" else None):
                _measure_entry(archive, info, file_name, survey)  # a second, slower reading
    return survey


def _pieces(archive: Any, info: Any) -> Iterator[bytes]:
    """The entry's bytes, read to the end (where the CRC is checked), in pieces that each end after a '>'.

    So no tag, reference or declaration is split between two pieces, and nothing is seen twice (but for the
    last bytes of a piece that had no '>' in 2 MB, not XML). ``ZipFile.open`` stops at the checked size whatever
    the compressed stream holds.
    """
    carry = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            window = carry + chunk
            cut = window.rfind(b">") + 1
            if cut == 0 and len(window) <= 2 * _CHUNK:
                carry = window  # no '>' yet (a megabyte of text): wait for one, within bounds
                continue
            if cut == 0:  # 2 MB without a '>': no XML; cut anyway, keeping enough to see a declaration whole
                yield window
                carry = window[-32:]
                continue
            yield window[:cut]
            carry = window[cut:]
    if carry:
        yield carry


def _scan_entry(archive: Any, info: Any, file_name: str | None, survey: Survey | None) -> bool:
    """Refuse an entry declaring a DTD or entities; True when its exact extent must be measured.

    Every entry is read, not only those named ``.xml``: a workbook's relationships may point calamine at a part
    of any name. ``survey`` (XLSX) notes error cells; a far reference, or a cell whose reference is not where
    Excel writes it, asks for the measure.
    """
    measure = False
    cells = referenced = 0
    for piece in _pieces(archive, info):
        if any(mark in piece for mark in _XML_DECLARATIONS):
            raise UnusableFile("xml_entities", filetypes.display_name(info.filename), file_name)
        if survey is not None:
            survey.error_cells = survey.error_cells or any(mark in piece for mark in _ERROR_CELL)
            measure = (measure or (b":c" in piece and _PREFIXED_CELL.search(piece) is not None)
                       or _FAR_REFERENCE[0].search(piece) is not None
                       or (b"r='" in piece and _FAR_REFERENCE[1].search(piece) is not None))
            cells += sum(piece.count(tag) for tag in _CELL_TAGS)
            referenced += piece.count(_REFERENCED_CELL)
    return measure or cells != referenced


def _measure_entry(archive: Any, info: Any, file_name: str | None, survey: Survey) -> None:
    """Refuse an entry whose references span more than MAX_SHEET_CELLS; note cells without a reference."""
    rows = columns = cells = referenced = 0
    for piece in _pieces(archive, info):
        rows = max(rows, 0, *map(int, _ROW_REFERENCE.findall(piece)))
        found = _CELL_REFERENCE.findall(piece)
        columns = max(columns, 0, *map(_column_number, set(found)))
        cells += sum(piece.count(tag) for tag in _CELL_TAGS) + len(_PREFIXED_CELL.findall(piece))
        referenced += len(found)
    if cells > referenced:
        survey.cells_without_reference = True
    name = filetypes.display_name(info.filename)
    if rows > _LAST_ROW or columns > _LAST_COLUMN:  # openpyxl refused these too; calamine would take them
        raise UnusableFile("unreadable", f"{name}: a reference beyond XFD1048576, the last cell of a sheet", file_name)
    if rows * columns > MAX_SHEET_CELLS:
        extent = f"A1:{_column_name(columns)}{rows}"
        raise UnusableFile("zip_bomb", f"{name}: {extent}, {rows * columns:,} cells > {MAX_SHEET_CELLS:,}",
                           file_name)


def _column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"XFD"`` -> 16384 (a longer, impossible reference still counts, as a huge number)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _column_name(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def open_workbook(data: bytes, file_name: str | None, kind: str, *, checked: bool = False) -> Any:
    """A calamine workbook over ``data`` (``kind``: ``"xlsx"``, ``"xls"`` or ``"ods"``) once the checks passed.

    ``checked``: :func:`check_archive` already ran on this XLSX or ODS (an XLSX is checked first, to choose its
    reader).
    """
    if kind != "xls" and not checked:
        check_archive(data, file_name, kind)
    with _parser_errors(file_name, kind.upper()):
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))


def visible_sheets(book: Any, file_name: str | None = None) -> list[Any]:
    """The visible sheets, in workbook order (calamine reads a sheet's cells when it is asked for it)."""
    visible = python_calamine.SheetVisibleEnum.Visible
    names = [meta.name for meta in book.sheets_metadata if meta.visible == visible]
    with _parser_errors(file_name, "workbook"):
        return [book.get_sheet_by_name(name) for name in names]


def sheet_rows(sheet: Any, file_name: str | None, limit: int | None = None) -> Iterator[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cell values as a record keeps them), the first ``limit`` rows or all.

    The cells are already what :func:`geo.ingest.readers.raw._clean` makes of openpyxl's (stripped text or
    ``None``, whole numbers as ``int``, dates as datetimes): cleaned here in the same pass, so the table reader
    need not look at each cell again (``clean=True`` of ``tables._collect``).

    ``to_python(skip_empty_area=True)`` starts at the first used cell, ``sheet.start`` (0-based): that is
    the offset of the row numbers (``iter_rows`` does not say where it starts, and differs between formats).
    """
    with _parser_errors(file_name, sheet.name):
        first = sheet.start[0] + 1 if sheet.start else 1
        rows = sheet.to_python(skip_empty_area=True, nrows=limit)
    for number, cells in enumerate(rows, start=first):
        # Text and floats inline (most cells): a call per cell costs a second on 100,000 rows.
        yield number, [(value.strip() or None) if type(value) is str else
                       (int(value) if value.is_integer() and -_EXACT < value < _EXACT else value)
                       if type(value) is float else _clean(_as_openpyxl(value)) for value in cells]


_EXACT = 2**53  # beyond it a float holds no exact integer


def _as_openpyxl(value: object) -> object:
    """A cell as openpyxl gives an XLSX one, so every workbook format reads the same downstream.

    calamine gives every number as a float and a date-only cell as a date: a whole number becomes an int (a
    case number 12 stays "12", never "12.0"; beyond 2**53 a float holds no exact integer), a date a datetime
    at midnight. An empty cell is '' (nothing, as None is).
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day)
    return value
