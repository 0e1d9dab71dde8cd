"""Workbooks as offices send them: OpenDocument (.ods) by hand, Excel 97-2003 (.xls) with xlwt, XLSX sheet XML
by hand.

.ods: odfpy is not installed, and an .ods is only a zip.

LibreOffice, the office suite many West African administrations use, saves registers as .ods: a ``mimetype``
entry first and stored, a ``META-INF/manifest.xml`` and the cells in ``content.xml``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
             'manifest:version="1.2">'
             f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def _cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        raise TypeError("no booleans in a register")
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, datetime.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f'<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>')
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook: row i of a sheet's list is row i + 1; None is an empty cell, numbers and dates are typed."""
    tables = "".join(
        f"<table:table table:name={quoteattr(title)}>"
        + "".join("<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for title, rows in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def xls_bytes(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """An Excel 97-2003 workbook (BIFF8, written by xlwt as old office PCs save it): row i is row i + 1.

    None leaves the cell out; a date or datetime gets a date number format, as Excel stores dates.
    """
    import xlwt  # test-only writer (requirements-dev.txt)

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    stamp_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        if title in hidden:
            sheet.visibility = 1
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime.datetime):
                    sheet.write(r, c, value, stamp_style)
                elif isinstance(value, datetime.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inline_cell(reference: str | None, value: object, formula: str | None = None) -> str:
    """One ``<c>`` of sheet XML: text inline, a number, ``"#N/A"``-style text as an error; ``None`` reference
    leaves ``r`` out (allowed by the standard); ``formula`` adds its cached ``value``."""
    ref = f' r="{reference}"' if reference else ""
    f = f"<f>{escape(formula)}</f>" if formula else ""
    if isinstance(value, str) and value.startswith("#"):
        return f'<c{ref} t="e">{f}<v>{escape(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c{ref}>{f}<v>{value}</v></c>"
    if value is None:
        return f"<c{ref}>{f}</c>"
    return f'<c{ref} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def xlsx_with_sheet_data(rows: list[list[str]], *, numbered: bool = True) -> bytes:
    """An XLSX (openpyxl's, one sheet "Saisies") whose ``<sheetData>`` is written by hand from cell XML
    (:func:`inline_cell`): what other generators write that openpyxl does not (cached formula results, error
    cells, cells without reference). ``numbered=False`` leaves ``r`` out of the rows too."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Saisies"
    book.active["A1"] = "placeholder"
    buffer = io.BytesIO()
    book.save(buffer)
    rows_xml = "".join((f'<row r="{n}">' if numbered else "<row>") + "".join(cells) + "</row>"
                       for n, cells in enumerate(rows, start=1))
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                start, end = text.index("<sheetData>"), text.index("</sheetData>") + len("</sheetData>")
                text = text[:start] + f"<sheetData>{rows_xml}</sheetData>" + text[end:]
                body = re.sub(r"<dimension [^>]*/>", "", text).encode()
            target.writestr(info, body)
    return out.getvalue()
