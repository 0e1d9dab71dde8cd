"""Seizure records as a KML 2.2 document: one Placemark per record.

The document is written as escaped text rather than through an XML tree:
100k placemarks of 30 fields are millions of elements, and a tree that size
would cost seconds and hundreds of megabytes. Every value that enters the
document goes through :func:`xml_text` or :func:`xml_attr`, so the output is
well-formed whatever the records hold.

Formula protection is the caller's job (:mod:`geo.records.exports` hands in text cells
it has already made safe); this module only guarantees valid, inert XML.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence

import pandas as pd

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
DOCUMENT_NAME = "Couloirs seizure records"
# GDAL reads a Folder as a layer, so even an empty export opens as a layer named like the GeoPackage one.
FOLDER_NAME = "records"
# Code points XML 1.0 forbids even as character references; a document holding one does not parse.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Rows serialised per step: big enough for fast column-wise work, small enough to keep memory flat.
CHUNK_ROWS = 5000
# KML <when> accepts gYear and gYearMonth, so a record dated to the month is not pinned to the 1st.
WHEN_LENGTH = {"day": 10, "month": 7, "year": 4}
# Fields shown, in this order, in the placemark balloon; all fields go to ExtendedData.
DESCRIPTION_FIELDS = ("date", "place", "quantity", "conveyance", "agency", "notes")

Point = tuple[float, float] | None


def xml_text(value: str) -> str:
    r"""``value`` as XML character data: illegal code points dropped, markup characters escaped.

    ``\r`` becomes a character reference because a parser would otherwise turn it into ``\n``.

    >>> xml_text("<b>R&D</b>\x01")
    '&lt;b&gt;R&amp;D&lt;/b&gt;'
    """
    if not value:  # most optional fields are empty: skip the regex and replaces
        return value
    text = XML_ILLEGAL.sub("", value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value, quotes included."""
    return '"' + xml_text(value).replace('"', "&quot;") + '"'


def number_text(value: float) -> str:
    """A number as people write it: ``10`` rather than ``10.0``, otherwise the shortest exact form.

    >>> [number_text(v) for v in (10.0, 1234.56, -17.44, 0.1 + 0.2)]
    ['10', '1234.56', '-17.44', '0.30000000000000004']
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell_text(value: object) -> str:
    """A table cell as text; missing values are empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def kml_document(table: pd.DataFrame, points: Sequence[Point], name: str = DOCUMENT_NAME) -> bytes:
    """A UTF-8 KML 2.2 document with one Placemark per row of ``table``.

    ``table`` holds canonical record columns (dates as ISO text); ``points``
    gives each row's ``(lon, lat)`` or ``None``. A row without a point becomes a
    Placemark without geometry: KML allows it, viewers list it without a pin,
    and the export keeps the same records as the CSV and GeoJSON ones.
    """
    out = io.BytesIO()
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{KML_NAMESPACE}">\n<Document>\n'
              f"<name>{xml_text(name)}</name>\n<Folder>\n<name>{FOLDER_NAME}</name>\n".encode())
    # In chunks: column-wise list building is fast, and joining all 100k placemarks at once would hold the
    # document in memory three times over.
    for start in range(0, len(table), CHUNK_ROWS):
        chunk = table.iloc[start: start + CHUNK_ROWS]
        out.write(_placemarks(chunk, points[start: start + CHUNK_ROWS]).encode("utf-8"))
    out.write(b"</Folder>\n</Document>\n</kml>\n")
    return out.getvalue()


def _placemarks(table: pd.DataFrame, points: Sequence[Point]) -> str:
    texts = {str(column): [cell_text(v) for v in table[column].tolist()] for column in table.columns}
    data = []
    for column, values in texts.items():
        start = f"<Data name={xml_attr(column)}><value>"
        data.append([start + xml_text(value) + "</value></Data>" for value in values])
    rows = (dict(zip(texts, values)) for values in zip(*texts.values()))
    return "".join(_placemark(row, point, "".join(parts)) for row, point, parts in zip(rows, points, zip(*data)))


def _placemark(row: dict[str, str], point: Point, extended: str) -> str:
    parts = ["<Placemark>", f"<name>{xml_text(_title(row))}</name>"]
    description = _description(row)
    if description:
        parts.append(f"<description>{xml_text(description)}</description>")
    when = row.get("date", "")[: WHEN_LENGTH.get(row.get("date_precision", ""), 10)]
    if when:
        parts.append(f"<TimeStamp><when>{xml_text(when)}</when></TimeStamp>")
    parts.append(f"<ExtendedData>{extended}</ExtendedData>")
    if point is not None:
        parts.append(f"<Point><coordinates>{point[0]!r},{point[1]!r}</coordinates></Point>")
    parts.append("</Placemark>\n")
    return "".join(parts)


def _title(row: dict[str, str]) -> str:
    """Substance and quantity, e.g. ``cocaine 10 kg``."""
    return " ".join(v for v in (row.get("substance", ""), row.get("quantity", ""), row.get("unit", "")) if v)


def _description(row: dict[str, str]) -> str:
    """An HTML fragment for the balloon, since KML viewers render ``<description>`` as HTML.

    Each value is HTML-escaped here and XML-escaped when written, so record text
    reaches the viewer as text; the only markup is the ``<br>`` we put between lines.
    """
    values = {
        "date": row.get("date", ""),
        "place": ", ".join(v for v in (row.get("place", ""), row.get("admin1", ""), row.get("country", "")) if v),
        "quantity": " ".join(v for v in (row.get("quantity", ""), row.get("unit", "")) if v),
        "conveyance": row.get("conveyance", ""),
        "agency": row.get("agency", ""),
        "notes": row.get("notes", ""),
    }
    lines = (f"{field}: {values[field]}" for field in DESCRIPTION_FIELDS if values[field])
    return "<br>".join(html.escape(line, quote=False) for line in lines)
