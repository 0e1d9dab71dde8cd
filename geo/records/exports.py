"""Record exports with canonical column names: CSV and XLSX (formula-safe), GeoJSON, GeoPackage, KML.

:func:`export_bytes` builds every format in memory for download buttons;
:func:`export_records` writes the same bytes to a file for the command line.
:func:`table_bytes` exports any plain table (quarantined rows, chart data) as
formula-safe CSV or XLSX.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from geo.core import schema
from geo.records import ids, kml

if TYPE_CHECKING:  # openpyxl keeps its write-only sheet class private (imported when a workbook is written)
    import geopandas as gpd
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
# geopandas, shapely and openpyxl load when a file is exported, not with every command (issue 16: a command
# that exports nothing, such as ``stats``, starts ~0.3 s sooner).

EXPORT_FORMATS = ("csv", "xlsx", "geojson", "gpkg", "kml")
# Layouts for a recipient, written as a file of the given type: format -> the extension of the file.
LAYOUT_FORMATS = {"ids": "xlsx"}  # UNODC's Individual Drug Seizures layout (geo.records.ids)
ALL_FORMATS: tuple[str, ...] = (*EXPORT_FORMATS, *LAYOUT_FORMATS)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses sheet names with these characters or longer than 31 characters.
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
LAYER_NAME = "records"
# Column widths come from a sample: scanning 100k rows for the longest value is slow and rarely changes the answer.
WIDTH_SAMPLE_ROWS = 1000
MAX_COLUMN_WIDTH = 60


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to every text cell a spreadsheet would read as a formula.

    >>> neutralise_formulas(pd.DataFrame({"notes": ["=HYPERLINK(1)", "ok", "-x"]}))["notes"].tolist()
    ["'=HYPERLINK(1)", 'ok', "'-x"]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == "object" or pd.api.types.is_string_dtype(values):
            risky = values.astype("str").str.startswith(FORMULA_PREFIXES) & values.notna()
            out[column] = values.where(~risky, "'" + values.astype("str"))
    return out


def neutralise_text(text: str) -> str:
    """One text value with the rule of :func:`neutralise_formulas`."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def safe_text(text: str) -> str:
    r"""Text fit for an XML-based cell (XLSX, KML): XML-illegal control characters dropped, formulas neutralised.

    Characters are dropped first so that ``"\x01=1+2"`` cannot slip through as ``"=1+2"``.

    >>> [safe_text(v) for v in ("=1+2", "\x01@SUM(A1)", "Kédougou")]
    ["'=1+2", "'@SUM(A1)", 'Kédougou']
    """
    return neutralise_text(kml.XML_ILLEGAL.sub("", text))


def export_format(path: str | Path) -> str:
    """The export format named by the file extension; ``ValueError`` if unsupported."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in EXPORT_FORMATS:
        raise ValueError(f"--out {path}: unsupported extension .{suffix}; use one of {', '.join(EXPORT_FORMATS)}")
    return suffix


def check_format(fmt: str, path: str | Path) -> str:
    """``fmt`` when ``path`` has the extension it writes (``ids`` writes ``.xlsx``); ``ValueError`` otherwise."""
    if fmt not in ALL_FORMATS:
        raise ValueError(f"--format {fmt}: use one of {', '.join(ALL_FORMATS)}")
    wanted = LAYOUT_FORMATS.get(fmt, fmt)
    if Path(path).suffix.lower().lstrip(".") != wanted:
        raise ValueError(f"--out {path}: the {fmt} format writes a .{wanted} file")
    return fmt


def records_table(records: pd.DataFrame, iso_dates: bool = True) -> pd.DataFrame:
    """The canonical columns only, geometry dropped; dates as ISO text unless ``iso_dates`` is false."""
    table = pd.DataFrame(records.loc[:, list(schema.CANONICAL_COLUMNS)])
    if iso_dates:
        table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table


def export_records(records: gpd.GeoDataFrame, path: str | Path, fmt: str | None = None) -> int:
    """Write ``records`` to ``path`` in ``fmt`` (default: the format of its extension); return the row count."""
    Path(path).write_bytes(export_bytes(records, fmt or export_format(path)))
    return len(records)


def export_bytes(records: gpd.GeoDataFrame, fmt: str) -> bytes:
    """``records`` as a file in ``fmt`` (one of :data:`ALL_FORMATS`), in memory.

    Spreadsheet formats get real dates and numbers (XLSX) and neutralised formulas;
    map formats carry every canonical column as attributes of a WGS84 point.
    """
    if fmt not in ALL_FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(ALL_FORMATS)}")
    if fmt == "csv":
        return table_bytes(records_table(records), "csv")
    if fmt == "xlsx":
        return table_bytes(records_table(records, iso_dates=False), "xlsx", sheet_name=LAYER_NAME)
    if fmt == "ids":  # UNODC's Individual Drug Seizures layout, one sheet
        return table_bytes(ids.ids_table(records), "xlsx", sheet_name="IDS")
    records = _wgs84(records)
    if fmt == "kml":
        return kml.kml_document(_safe_text_columns(records_table(records)), _points(records.geometry))
    return _layer_bytes(records, "GeoJSON" if fmt == "geojson" else "GPKG")


def table_bytes(table: pd.DataFrame, fmt: Literal["csv", "xlsx"], sheet_name: str = "data") -> bytes:
    r"""Any plain table as formula-safe CSV (UTF-8) or XLSX (one sheet named ``sheet_name``).

    Headers are neutralised like values. The index is not written: call
    ``reset_index()`` first to keep it.

    >>> table_bytes(pd.DataFrame({"place": ["=1+2"], "reason": ["bad date"]}), "csv")
    b"place,reason\r\n'=1+2,bad date\r\n"
    """
    if fmt == "csv":
        headed = table.set_axis([neutralise_text(str(c)) for c in table.columns], axis="columns")
        # CRLF (RFC 4180) makes the csv module quote any field holding a bare CR; with LF it would not, and
        # "ok\r=1+2" would start a new spreadsheet row with a live formula.
        return neutralise_formulas(headed).to_csv(index=False, lineterminator="\r\n").encode("utf-8")
    if fmt == "xlsx":
        return _xlsx_bytes(table, sheet_name)
    raise ValueError(f"table format {fmt!r} is not one of csv, xlsx")


def _xlsx_bytes(table: pd.DataFrame, sheet_name: str) -> bytes:
    """One sheet: bold frozen header with auto-filter, sized columns, typed cells."""
    if not sheet_name or len(sheet_name) > 31 or SHEET_NAME_FORBIDDEN & set(sheet_name):
        raise ValueError(f"sheet name {sheet_name!r} must be 1 to 31 characters without any of []:*?/\\")
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)  # streams rows: a fraction of the memory for 100k records
    sheet = workbook.create_sheet(sheet_name)
    # Layout first: a write-only sheet writes its views and column widths before the first row.
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _column_width(table[column])
    if len(table.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table) + 1}"
    sheet.append([_header_cell(sheet, column) for column in table.columns])
    for row in zip(*(_xlsx_values(table[column]) for column in table.columns)):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet: WriteOnlyWorksheet, column: object) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=safe_text(str(column)))
    cell.font = Font(bold=True)
    return cell


def _column_width(values: pd.Series) -> float:
    sample = values.head(WIDTH_SAMPLE_ROWS).dropna().astype("str").str.len()
    longest = max(len(str(values.name)), int(sample.max()) if len(sample) else 0)
    return min(longest + 2, MAX_COLUMN_WIDTH)


def _safe_text_columns(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with :func:`safe_text` applied to every text cell; numbers are left alone."""
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == "object" or pd.api.types.is_string_dtype(values):
            out[column] = values.map(lambda value: safe_text(str(value)), na_action="ignore")
    return out


def _xlsx_values(values: pd.Series) -> list[object]:
    """One column as cell values openpyxl writes with the right type; ``None`` leaves a cell empty."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        # Excel has no NaN or infinity: such a cell stays empty.
        finite = values.notna() & ~values.isin([math.inf, -math.inf])
        return values.astype("object").where(finite, None).tolist()
    if pd.api.types.is_datetime64_any_dtype(values):
        return _xlsx_dates(values)
    present = values.notna().tolist()
    return [_xlsx_scalar(value) if keep else None for value, keep in zip(values.tolist(), present)]


def _xlsx_dates(values: pd.Series) -> list[object]:
    """Dates as date cells (``yyyy-mm-dd``); datetimes with a time of day keep it."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)  # Excel has no time zones
    present = values.dropna()
    # openpyxl formats a date as yyyy-mm-dd and a datetime as yyyy-mm-dd h:mm:ss.
    as_dates = (present == present.dt.normalize()).all()
    converted = values.dt.date if as_dates else pd.Series(values.dt.to_pydatetime(), index=values.index)
    return converted.astype("object").where(values.notna(), None).tolist()


def _xlsx_scalar(value: object) -> object:
    """A value from a text or mixed column: numbers and dates keep their type, everything else is safe text."""
    if isinstance(value, numbers.Real):  # bool, int, float and their numpy cousins
        return value if math.isfinite(value) else None
    if isinstance(value, dt.date) and getattr(value, "tzinfo", None) is None:
        return value
    return safe_text(str(value))


def _wgs84(records: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``records`` in EPSG:4326, the only CRS KML knows and the one GeoJSON expects."""
    if records.crs is None or records.crs.to_epsg() == 4326:
        return records
    return records.to_crs("EPSG:4326")


def _points(geometry: gpd.GeoSeries) -> list[kml.Point]:
    """Each geometry's ``(lon, lat)``, or ``None`` where there is no usable point."""
    import shapely

    usable = (geometry.notna() & ~geometry.is_empty & (geometry.geom_type == "Point")).to_numpy()
    points: list[kml.Point] = [None] * len(geometry)
    shapes = geometry.to_numpy()[usable]
    lons, lats = shapely.get_x(shapes), shapely.get_y(shapes)
    for position, lon, lat in zip(usable.nonzero()[0], lons.tolist(), lats.tolist()):
        if math.isfinite(lon) and math.isfinite(lat):
            points[position] = (lon, lat)
    return points


def _layer_bytes(records: gpd.GeoDataFrame, driver: str) -> bytes:
    """A GeoJSON or GeoPackage file built by GDAL in memory (pyogrio writes a BytesIO through /vsimem/)."""
    import geopandas as gpd

    layer = gpd.GeoDataFrame(records_table(records), geometry=records.geometry.to_numpy(), crs="EPSG:4326")
    buffer = io.BytesIO()
    layer.to_file(buffer, driver=driver, engine="pyogrio", layer=LAYER_NAME)
    return buffer.getvalue()
