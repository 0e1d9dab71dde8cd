"""XLSX and KML exports, the in-memory API and formula protection across spreadsheet-bound formats."""

import datetime as dt
import io
import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
from defusedxml import ElementTree

from geo.core import schema
from geo.records import exports
from tests.support import empty_records, make_records

KML = "{http://www.opengis.net/kml/2.2}"
# Records cannot start with a tab or CR (the schema strips text); test_table_bytes_neutralises_tab_and_cr covers those.
FORMULAS = ['=HYPERLINK("http://x","y")', "=1+2", "+1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def records(*rows: dict, crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """Typed records as the store returns them: a point where lat/lon are given, no geometry otherwise."""
    frame = schema.coerce_records(make_records(*rows))
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    geometry[frame["lat"].isna().to_numpy()] = None
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326").to_crs(crs)


def empty_geo_records() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(empty_records(), geometry=gpd.GeoSeries([], crs="EPSG:4326"))


def xlsx_rows(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


def kml_placemarks(data: bytes) -> list:
    return ElementTree.fromstring(data).findall(f".//{KML}Placemark")


def kml_fields(placemark) -> dict[str, str]:
    return {d.get("name"): d.findtext(f"{KML}value") for d in placemark.iter(f"{KML}Data")}


def notes_back(fmt: str, data: bytes) -> list[str]:
    """The notes column as a spreadsheet or GIS tool would read it back."""
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(data), keep_default_na=False)["notes"].tolist()
    if fmt == "xlsx":
        return [row["notes"] for row in xlsx_rows(data)]
    return [kml_fields(p)["notes"] for p in kml_placemarks(data)]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "kml"])
@pytest.mark.parametrize(("value", "expected"), [(v, "'" + v) for v in FORMULAS] + [
    ("\x01=1+2", "'=1+2"),  # a control character in front must not hide the formula
    ("a=b", "a=b"), ("Saint-Louis", "Saint-Louis"), ("Kédougou, Sénégal", "Kédougou, Sénégal")])
def test_text_that_a_spreadsheet_would_run_is_neutralised(fmt, value, expected):
    if fmt == "csv" and value.startswith("\x01"):
        expected = "\x01=1+2"  # CSV carries control characters verbatim, and this one does not start a formula
    data = exports.export_bytes(records({"notes": value}), fmt)
    assert notes_back(fmt, data) == [expected]


@pytest.mark.slow
def test_xlsx_has_no_formula_cell():
    data = exports.export_bytes(records(*({"notes": v, "place": v} for v in FORMULAS)), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    types = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in types
    assert types <= {"s", "n", "d"}


@pytest.mark.slow
def test_xlsx_cells_are_typed_and_the_header_is_frozen_bold_and_filtered():
    data = exports.export_bytes(records({"quantity": 1234.5}, {"lat": None, "lon": None}), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "records"
    assert [c.value for c in sheet[1]] == list(schema.CANONICAL_COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(schema.CANONICAL_COLUMNS))  # one column per field, however many
    assert sheet.auto_filter.ref == f"A1:{last}3"
    assert sheet.column_dimensions["A"].width > len("record_id")
    row = {header.value: cell for header, cell in zip(sheet[1], sheet[2])}
    assert row["date"].is_date and row["date"].number_format == "yyyy-mm-dd"
    assert row["date"].value == dt.datetime(2021, 3, 15)
    assert row["quantity"].data_type == "n" and row["quantity"].value == 1234.5
    assert row["lon"].data_type == "n" and row["lon"].value == -17.44  # negative numbers are not text
    assert row["substance"].value == "cocaine"
    assert sheet.cell(row=3, column=schema.CANONICAL_COLUMNS.index("lat") + 1).value is None


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xlsx", "kml"])
def test_characters_illegal_in_xml_are_dropped_not_fatal(fmt):
    data = exports.export_bytes(records({"notes": "a\x00b\x07c\x1bd\ufffe", "place": "Thiès\x0b"}), fmt)
    row = xlsx_rows(data)[0] if fmt == "xlsx" else kml_fields(kml_placemarks(data)[0])
    assert (row["notes"], row["place"]) == ("abcd", "Thiès")


@pytest.mark.slow
def test_kml_places_each_record_in_lon_lat_order_and_keeps_the_unlocated():
    data = exports.export_bytes(records(
        {"lat": 16.02, "lon": -16.5, "place": "Saint-Louis"}, {"lat": None, "lon": None, "place": "haute mer"}), "kml")
    first, second = kml_placemarks(data)
    assert first.findtext(f"{KML}Point/{KML}coordinates") == "-16.5,16.02"
    assert second.find(f".//{KML}Point") is None
    path = io.BytesIO(data)
    layer = pyogrio.read_dataframe(path)
    assert layer["place"].tolist() == ["Saint-Louis", "haute mer"]
    assert (layer.geometry[0].x, layer.geometry[0].y) == (-16.5, 16.02)
    assert layer.geometry[1] is None


@pytest.mark.slow
def test_kml_round_trips_through_gdal_with_accents(tmp_path):
    path = tmp_path / "records.kml"
    exports.export_records(records({"place": "Kédougou", "notes": "saisie à l'aéroport, « cocaïne »"}), path)
    layer = pyogrio.read_dataframe(path)
    assert pyogrio.list_layers(path)[0][0] == "records"
    assert layer.loc[0, ["place", "notes"]].tolist() == ["Kédougou", "saisie à l'aéroport, « cocaïne »"]
    assert layer.loc[0, "Name"] == "cocaine 10 kg"
    assert layer.geometry[0].coords[0] == (-17.44, 14.69)


@pytest.mark.slow
@pytest.mark.parametrize("payload", ["<img src=x onerror=alert(1)>", "]]><script>alert(1)</script>", "R&D </value>"])
def test_kml_keeps_markup_in_records_inert(payload):
    data = exports.export_bytes(records({"notes": payload, "place": payload}), "kml")
    assert b"<img" not in data and b"<script" not in data and b"]]>" not in data
    (placemark,) = kml_placemarks(data)
    assert kml_fields(placemark)["notes"] == payload
    description = placemark.find(f"{KML}description")
    # Viewers render a description as HTML: it must still be escaped after XML parsing.
    assert len(description) == 0 and "<img" not in description.text and "<script" not in description.text
    assert description.text.replace("<br>", "").count("<") == 0


@pytest.mark.slow
@pytest.mark.parametrize(("precision", "when"), [("day", "2021-03-15"), ("month", "2021-03"), ("year", "2021")])
def test_kml_timestamp_follows_the_date_precision(precision, when):
    (placemark,) = kml_placemarks(exports.export_bytes(records({"date_precision": precision}), "kml"))
    assert placemark.findtext(f"{KML}TimeStamp/{KML}when") == when
    assert placemark.findtext(f"{KML}name") == "cocaine 10 kg"
    assert list(kml_fields(placemark)) == list(schema.CANONICAL_COLUMNS)


@pytest.mark.slow
def test_kml_coordinates_are_wgs84_whatever_the_frame_crs():
    (placemark,) = kml_placemarks(exports.export_bytes(records({}, crs="EPSG:3857"), "kml"))
    lon, lat = map(float, placemark.findtext(f".//{KML}coordinates").split(","))
    assert (lon, lat) == pytest.approx((-17.44, 14.69))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", exports.EXPORT_FORMATS)
def test_export_bytes_is_what_export_records_writes(fmt, tmp_path):
    frame = records({"notes": "=1+2", "place": "Kédougou"}, {"lat": None, "lon": None, "quantity": 2.5})
    path = tmp_path / f"out.{fmt}"
    assert exports.export_records(frame, path) == 2
    in_memory = exports.export_bytes(frame, fmt)
    if fmt == "xlsx":  # zip entries carry timestamps
        assert xlsx_rows(in_memory) == xlsx_rows(path.read_bytes())
    elif fmt == "gpkg":  # the GeoPackage records when it was written
        copy = tmp_path / "copy.gpkg"
        copy.write_bytes(in_memory)
        pd.testing.assert_frame_equal(pyogrio.read_dataframe(path), pyogrio.read_dataframe(copy))
    else:
        assert in_memory == path.read_bytes()


@pytest.mark.parametrize("fmt", exports.EXPORT_FORMATS)
def test_no_records_still_make_a_valid_file(fmt, tmp_path):
    data = exports.export_bytes(empty_geo_records(), fmt)
    if fmt == "csv":
        assert data.decode().strip() == ",".join(schema.CANONICAL_COLUMNS)
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert [c.value for c in sheet[1]] == list(schema.CANONICAL_COLUMNS) and sheet.max_row == 1
    elif fmt == "geojson":
        assert json.loads(data)["features"] == []
    else:
        path = tmp_path / f"empty.{fmt}"
        path.write_bytes(data)
        assert pyogrio.read_dataframe(path).empty
    if fmt == "kml":
        assert kml_placemarks(data) == []


@pytest.mark.slow
def test_unknown_export_format_is_refused():
    with pytest.raises(ValueError, match="'shp' is not one of csv, xlsx, geojson, gpkg, kml"):
        exports.export_bytes(records({}), "shp")


QUARANTINE = pd.DataFrame({
    "row": [3, 7],
    "place": ["=cmd|' /C calc'!A0", "Thiès"],
    "latitude": [95.0, -12.5],
    "seen": pd.to_datetime(["2024-05-02 14:30", "2024-05-03 08:00"]),
    "reason": ["latitude 95.0 is outside -90..90", "-"],
    "=header": ["x", None],
})


def test_table_bytes_csv_exports_any_table_formula_safe():
    back = pd.read_csv(io.BytesIO(exports.table_bytes(QUARANTINE, "csv")), keep_default_na=False)
    assert back.columns.tolist() == ["row", "place", "latitude", "seen", "reason", "'=header"]
    assert back["place"].tolist() == ["'=cmd|' /C calc'!A0", "Thiès"]
    assert back["reason"].tolist() == ["latitude 95.0 is outside -90..90", "'-"]
    assert back["latitude"].tolist() == [95.0, -12.5]


def test_table_bytes_xlsx_exports_any_table_typed_and_formula_safe():
    data = exports.table_bytes(QUARANTINE, "xlsx", sheet_name="quarantaine")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["quarantaine"]
    rows = xlsx_rows(data)
    assert rows[0] == {"row": 3, "place": "'=cmd|' /C calc'!A0", "latitude": 95.0,
                       "seen": dt.datetime(2024, 5, 2, 14, 30), "reason": "latitude 95.0 is outside -90..90",
                       "'=header": "x"}
    assert rows[1]["reason"] == "'-" and rows[1]["latitude"] == -12.5 and rows[1]["'=header"] is None
    seen = book.active["D2"]
    assert seen.is_date and "h" in seen.number_format  # a time of day is kept, not truncated to the date


@pytest.mark.parametrize("name", ["", "a" * 32, "data/2024", "q[1]"])
def test_table_bytes_refuses_a_sheet_name_excel_would_reject(name):
    with pytest.raises(ValueError, match="sheet name"):
        exports.table_bytes(QUARANTINE, "xlsx", sheet_name=name)


@pytest.mark.parametrize("value", ["\tx", "\r=1+2"])
def test_table_bytes_neutralises_tab_and_cr(value):
    table = pd.DataFrame({"notes": [value]})
    csv = pd.read_csv(io.BytesIO(exports.table_bytes(table, "csv")), keep_default_na=False)
    assert csv["notes"].tolist() == ["'" + value]
    assert xlsx_rows(exports.table_bytes(table, "xlsx"))[0]["notes"].startswith("'")


@pytest.mark.slow
def test_csv_keeps_a_carriage_return_inside_its_cell():
    """An unquoted CR would end the row, and the text after it would start a new row as a live formula."""
    data = exports.export_bytes(records({"notes": "ok\r=1+2"}, {"notes": "line\nbreak"}), "csv")
    assert b'"ok\r=1+2"' in data
    assert pd.read_csv(io.BytesIO(data), keep_default_na=False)["notes"].tolist() == ["ok\r=1+2", "line\nbreak"]
