"""Legacy Excel (.xls) and OpenDocument (.ods) workbooks, read with python-calamine (a Rust reader).

Registers still come as Excel 97-2003 ``.xls`` from old office PCs and as LibreOffice ``.ods``. calamine
reads both (and XLSX) without a Python XML parser. The safety checks run first, as for XLSX: an ``.ods`` is a
zip, so :func:`geo.ingest.readers.filetypes.open_zip` bounds it before anything decompresses, and its XML
parts are scanned for a DTD or entity declaration (refused, as defusedxml refuses them in XLSX). An ``.xls``
is an OLE2 compound file whose size was checked; calamine's failures on it become ``UnusableFile``.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import python_calamine

from geo.ingest.readers import filetypes
from geo.ingest.readers.filetypes import UnusableFile
from geo.ingest.readers.raw import _parser_errors

_XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 1024 * 1024


def open_workbook(data: bytes, file_name: str | None, kind: str) -> Any:
    """A calamine workbook over ``data`` once the checks passed (``kind`` is ``"xls"`` or ``"ods"``)."""
    if kind == "ods":
        with filetypes.open_zip(data, file_name) as archive, _parser_errors(file_name, "ODS"):
            refuse_xml_declarations(archive, file_name)  # a lying entry fails its CRC check: unreadable
    with _parser_errors(file_name, kind.upper()):
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))


def refuse_xml_declarations(archive: Any, file_name: str | None) -> None:
    """Refuse an archive whose XML parts declare a DTD or entities (billion laughs, external entities).

    Read in chunks through ``ZipFile.open`` (bounded by the checked sizes), with an overlap so a declaration
    split across two chunks is still seen.
    """
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        tail = b""
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                if any(mark in window for mark in _XML_DECLARATIONS):
                    raise UnusableFile("xml_entities", filetypes.display_name(info.filename), file_name)
                tail = window[-16:]


def visible_sheets(book: Any) -> list[Any]:
    """The visible sheets, in workbook order."""
    visible = python_calamine.SheetVisibleEnum.Visible
    names = [meta.name for meta in book.sheets_metadata if meta.visible == visible]
    return [book.get_sheet_by_name(name) for name in names]


def sheet_rows(sheet: Any, file_name: str | None) -> Iterator[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cell values).

    ``to_python(skip_empty_area=True)`` starts at the first used cell, ``sheet.start`` (0-based): that is
    the offset of the row numbers (``iter_rows`` does not say where it starts, and differs between formats).
    """
    with _parser_errors(file_name, sheet.name):
        first = sheet.start[0] + 1 if sheet.start else 1
        for number, cells in enumerate(sheet.to_python(skip_empty_area=True), start=first):
            yield number, [_as_openpyxl(value) for value in cells]


def _as_openpyxl(value: object) -> object:
    """A cell as openpyxl gives an XLSX one, so every workbook format reads the same.

    calamine gives every number as float and a date-only cell as a date: whole numbers become int, dates a
    datetime at midnight.
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day)
    return value
