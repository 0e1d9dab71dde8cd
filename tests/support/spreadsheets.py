"""OpenDocument spreadsheets (.ods) written by hand: odfpy is not installed, and an .ods is only a zip.

LibreOffice, the office suite many West African administrations use, saves registers as .ods: a ``mimetype``
entry first and stored, a ``META-INF/manifest.xml`` and the cells in ``content.xml``.
"""

from __future__ import annotations

import datetime
import io
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
