"""Readers: every format from small hand-built fixtures, and hostile files refused quickly in bounded memory."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import random
import struct
import tempfile
import time
import tracemalloc
import zipfile

import geopandas as gpd
import openpyxl
import openpyxl.xml
import pyproj
import pytest
from shapely.geometry import LineString, Point

from geo.ingest import problems
from geo.ingest.readers import filetypes
from geo.ingest.readers import tables as readers
from geo.ingest.readers.tables import LAT, LON, UnusableFile, detect_format, read_path, read_table

# ---- builders ----

FRENCH_ROWS = [
    ["OFFICE CENTRAL DE RÉPRESSION DU TRAFIC ILLICITE DES STUPÉFIANTS — Registre des saisies 2023"],
    [],
    ["Date", "Lieu", "Produit", "Quantité", "Unité", "Observations"],
    ["15/03/2023", "Kédougou", "Cocaïne", "12,5", "kg", 'Saisie au poste; véhicule "4x4"\nDeux suspects'],
    ["16/03/2023", " Thiès ", "Résine de cannabis", "1 100", "g", "côte"],
    [],
    ["17/03/2023", "Mbour", "Héroïne", "0,75", "kg", ""],
]
FRENCH_RECORDS = [
    {"Date": "15/03/2023", "Lieu": "Kédougou", "Produit": "Cocaïne", "Quantité": "12,5", "Unité": "kg",
     "Observations": 'Saisie au poste; véhicule "4x4"\nDeux suspects'},
    {"Date": "16/03/2023", "Lieu": "Thiès", "Produit": "Résine de cannabis", "Quantité": "1 100", "Unité": "g",
     "Observations": "côte"},
    {"Date": "17/03/2023", "Lieu": "Mbour", "Produit": "Héroïne", "Quantité": "0,75", "Unité": "kg",
     "Observations": None},
]


def csv_bytes(rows: list[list[str]], delimiter: str = ";", encoding: str = "cp1252") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]], hidden: tuple[str, ...] = (), edit=None) -> bytes:
    """A workbook: row i of a sheet's list is Excel row i + 1; None leaves the cell out."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(number, column, value)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.active = next(i for i, title in enumerate(sheets) if title not in hidden)
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return zip_bytes({**entries, **replace})


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size rewritten to ``size`` in its local and central headers (a lie)."""
    out = bytearray(data)
    # (signature, offset of uncompressed size, offset of name length, offset of name)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = out.find(signature)
        while at >= 0:
            (length,) = struct.unpack_from("<H", out, at + length_at)
            if out[at + name_at: at + name_at + length] == name.encode():
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def geojson_bytes(*features: dict, **members) -> bytes:
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)}).encode()


def feature(geometry: dict | None, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def gpkg_bytes(tmp_path, layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    path = tmp_path / "fixture.gpkg"
    for name, frame in layers.items():
        frame.to_file(path, layer=name, driver="GPKG")
    return path.read_bytes()


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document><name>Saisies 2023</name>
  <Schema name="saisie" id="saisie"><SimpleField name="quantite" type="string"/></Schema>
  <Folder><name>Sénégal</name>
    <Folder><name>Mars</name>
      <Placemark><name>Kédougou</name><description><![CDATA[Cocaïne <b>12,5 kg</b>]]></description>
        <TimeStamp><when>2023-03-15</when></TimeStamp>
        <ExtendedData><Data name="produit"><value>cocaïne</value></Data><Data name="name"><value>PV 12</value></Data>
        </ExtendedData>
        <Point><coordinates> -12.18,12.55,0 </coordinates></Point>
      </Placemark>
    </Folder>
    <Placemark><name>Sans position</name>
      <ExtendedData><SchemaData schemaUrl="#saisie"><SimpleData name="quantite">3</SimpleData></SchemaData>
      </ExtendedData>
    </Placemark>
  </Folder>
  <Placemark><name>Route</name><LineString><coordinates>-17,14 -16,13</coordinates></LineString></Placemark>
  <Placemark><name>Trace</name><gx:Track><gx:coord>-17 14 0</gx:coord></gx:Track></Placemark>
  <Placemark><name>Multi</name><MultiGeometry><Point><coordinates>-8.0,12.6</coordinates></Point></MultiGeometry>
  </Placemark>
</Document></kml>
"""


def billion_laughs_dtd(root: str) -> str:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return f'<!DOCTYPE {root} [<!ENTITY lol0 "lol">{entities}]>'


def rejected(data: bytes, file_name: str) -> tuple[UnusableFile, float, int]:
    """The refusal of ``data``, the seconds it took and the peak of Python memory allocated meanwhile."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(UnusableFile) as caught:
            read_table(data, file_name)
        return caught.value, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


MB = 1024 * 1024


# ---- CSV ----

@pytest.mark.parametrize(("encoding", "delimiter", "found"), [
    ("cp1252", ";", "cp1252"),
    ("utf-8-sig", ",", "utf-8-sig"),
    ("utf-8", "\t", "utf-8"),
    ("utf-16", ";", "utf-16"),
])
def test_messy_french_csv_reads_in_any_encoding_and_delimiter(encoding, delimiter, found):
    table = read_table(csv_bytes(FRENCH_ROWS, delimiter, encoding), "saisies.csv")
    assert table.format == "csv"
    assert table.frame.to_dict("records") == FRENCH_RECORDS
    assert table.source_rows == [4, 6, 8]  # the quoted newline makes record 1 span lines 4-5
    assert table.details == {"encoding": found, "delimiter": delimiter, "header_row": 3, "blank_rows": 1,
                             "truncated": False}
    assert table.problems.empty


def test_csv_keeps_every_value_as_text_and_empty_as_none():
    table = read_table(b"Date;Qte;Lat\n2023-03-15;  ;14,69\n", "s.csv")
    assert table.frame.to_dict("records") == [{"Date": "2023-03-15", "Qte": None, "Lat": "14,69"}]


def test_csv_header_names_are_made_unique_and_blank_ones_numbered():
    table = read_table(b"Lieu;Lieu;;Note\nDakar;Thies;x;\n", "s.csv")
    assert list(table.frame.columns) == ["Lieu", "Lieu (2)", "column 3", "Note"]


def test_csv_drops_an_unnamed_column_only_when_it_is_empty():
    table = read_table(b"Lieu;;Note;\nDakar;;ok;\n", "s.csv")
    assert list(table.frame.columns) == ["Lieu", "Note"]


def test_csv_row_longer_than_header_is_kept_with_a_problem():
    table = read_table(b"Lieu,Quantite\nDakar,12\nThies,1,5\n", "s.csv")
    assert table.frame["Quantite"].tolist() == ["12", "1"]
    assert table.problems[["row", "code", "value", "detail"]].to_dict("records") == [
        {"row": 1, "code": "extra_cells", "value": "5", "detail": "1"}]


def test_header_only_csv_has_columns_and_no_rows():
    table = read_table("Date;Lieu;Quantité\r\n".encode("cp1252"), "s.csv")
    assert list(table.frame.columns) == ["Date", "Lieu", "Quantité"]
    assert len(table.frame) == 0 and table.source_rows == []


def test_latin1_is_the_fallback_for_bytes_cp1252_leaves_undefined():
    table = read_table(b"Lieu;Note\nDakar;\xe9t\xe9 \x81\n", "s.csv")
    assert table.details["encoding"] == "latin-1"
    assert table.frame["Note"].tolist() == ["été \x81"]


def test_max_rows_reads_a_preview_and_says_more_exist():
    data = csv_bytes([["Lieu", "Quantité"]] + [[f"Lieu {i}", str(i)] for i in range(10)])
    table = read_table(data, "s.csv", max_rows=3)
    assert table.frame["Lieu"].tolist() == ["Lieu 0", "Lieu 1", "Lieu 2"]
    assert table.details["truncated"] is True
    assert read_table(data, "s.csv", max_rows=10).details["truncated"] is False


def test_header_score_picks_the_header_row():
    data = b"Rapport mensuel;Direction;Service\nDate;Lieu;Produit\n15/03/2023;Dakar;cocaine\n"
    assert read_table(data, "s.csv").details["header_row"] == 1  # the default heuristic is fooled
    table = read_table(data, "s.csv", header_score=lambda cells: float("Produit" in cells))
    assert table.details["header_row"] == 2
    assert table.frame.to_dict("records") == [{"Date": "15/03/2023", "Lieu": "Dakar", "Produit": "cocaine"}]


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty"),
    (b"\xef\xbb\xbf \r\n\r\n", "empty"),
    (b";;;\n;;\n", "empty"),
    (b"1;2;3\n4;5;6\n", "no_header"),
    (b'Lieu;Note\nDakar;"never closed\n' + b"x" * 200_000, "unreadable"),
])
def test_csv_that_cannot_be_imported(data, code):
    with pytest.raises(UnusableFile) as caught:
        read_table(data, "s.csv")
    assert caught.value.code == code


# ---- XLSX ----

REGISTER = [
    ["OFFICE CENTRAL DE RÉPRESSION DU TRAFIC ILLICITE DES STUPÉFIANTS"],  # row 1, merged A1:E1
    ["Registre des saisies 2023"],
    [],
    ["Date", "Lieu", "Produit", "Quantité", "Unité"],  # row 4: the header
    [datetime.datetime(2023, 3, 15), "Kédougou", "Cocaïne", 12.5, "kg"],
    [],  # row 6: no row element at all
    [datetime.datetime(2023, 3, 16), "Thiès ", "Résine de cannabis", 1100, "g"],
]


def _merge_title_and_style_a_trailing_empty_cell(book):
    sheet = book["Saisies"]
    sheet.merge_cells("A1:E1")
    sheet["A8"].font = openpyxl.styles.Font(bold=True)  # row 8: a cell with a style and no value


def test_xlsx_finds_the_header_below_title_rows_and_keeps_cell_types():
    data = xlsx_bytes({"Saisies": REGISTER}, edit=_merge_title_and_style_a_trailing_empty_cell)
    table = read_table(data, "registre.xlsx")
    assert table.format == "xlsx"
    assert table.frame.to_dict("records") == [
        {"Date": datetime.datetime(2023, 3, 15), "Lieu": "Kédougou", "Produit": "Cocaïne", "Quantité": 12.5,
         "Unité": "kg"},
        {"Date": datetime.datetime(2023, 3, 16), "Lieu": "Thiès", "Produit": "Résine de cannabis", "Quantité": 1100,
         "Unité": "g"},
    ]
    assert table.source_rows == [5, 7]  # as Excel numbers its rows
    # Row 6 is blank between records; row 8 holds a style and no value, after the last record: calamine reads
    # values only, so the sheet ends at row 7 (openpyxl counted row 8 as a second blank row).
    assert table.details == {"sheet": "Saisies", "sheets": ["Saisies"], "header_row": 4, "blank_rows": 1,
                             "truncated": False}


def test_xlsx_picks_the_visible_sheet_with_the_best_header():
    sheets = {"Notes": [["Lire avant usage"], ["Données provisoires"]],
              "Cachée": [["Date", "Lieu", "Produit", "Quantité", "Unité", "Moyen", "Origine"]],
              "Saisies": REGISTER}
    table = read_table(xlsx_bytes(sheets, hidden=("Cachée",)), "registre.xlsx")
    assert table.details["sheet"] == "Saisies"
    assert table.details["sheets"] == ["Notes", "Saisies"]


def test_xlsx_cells_right_of_the_header_widen_the_table():
    table = read_table(xlsx_bytes({"S": [["Lieu", "Qte"], ["Dakar", 1, None, "à vérifier"]]}), "s.xlsx")
    assert table.frame.to_dict("records") == [{"Lieu": "Dakar", "Qte": 1, "column 4": "à vérifier"}]
    assert table.problems.empty


@pytest.mark.slow
def test_real_workbook_entries_stay_under_the_compression_ratio_bound():
    rows = [["Date", "Lieu", "Produit", "Quantité", "Unité", "Note"]]
    rows += [["15/03/2023", "Dakar", "cocaïne", 12.5, "kg", "saisie au port"]] * 12_000  # as repetitive as it gets
    data = xlsx_bytes({"Saisies": rows})
    with filetypes.open_zip(data) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size > filetypes.RATIO_CHECKED_FROM
    assert sheet.file_size / sheet.compress_size < filetypes.MAX_COMPRESSION_RATIO


@pytest.mark.parametrize(("sheets", "code"), [({"S": []}, "empty"), ({"S": [[2023, 1.5], [2024, 2.5]]}, "no_header")])
def test_xlsx_that_cannot_be_imported(sheets, code):
    with pytest.raises(UnusableFile) as caught:
        read_table(xlsx_bytes(sheets), "s.xlsx")
    assert caught.value.code == code


@pytest.mark.parametrize(("flag", "value"), [("DEFUSEDXML", False), ("LXML", True)])
def test_xlsx_is_refused_when_openpyxl_would_not_use_defusedxml(monkeypatch, flag, value):
    monkeypatch.setattr(openpyxl.xml, flag, value)
    with pytest.raises(RuntimeError, match="defusedxml"):
        read_table(xlsx_bytes({"S": REGISTER}), "s.xlsx")


def test_geo_keeps_openpyxl_off_lxml_even_with_lxml_installed():
    assert openpyxl.xml.LXML is False  # geo/__init__ set OPENPYXL_LXML before openpyxl was imported


# ---- GeoJSON ----

def test_geojson_properties_become_columns_and_points_lat_lon():
    data = geojson_bytes(
        feature(None, lieu="Kédougou", quantité="12,5"),
        feature({"type": "Point", "coordinates": [-17.44, 14.69]}, lieu="Dakar", détail={"agents": 3}),
        feature({"type": "LineString", "coordinates": [[-17, 14], [-16, 13]]}, lieu="Route"),
        feature({"type": "MultiPoint", "coordinates": [[-8.0, 12.6]]}, lieu="Bamako", geometry_lat="x"),
    )
    table = read_table(data, "saisies.geojson")
    assert table.format == "geojson"
    assert list(table.frame.columns) == ["lieu", "quantité", "détail", "geometry_lat (2)", LAT, LON]
    assert table.frame["lieu"].tolist() == ["Kédougou", "Dakar", "Route", "Bamako"]
    assert table.frame["détail"].tolist() == [None, '{"agents": 3}', None, None]
    assert table.frame[LAT].tolist() == [None, 14.69, None, 12.6]
    assert table.frame[LON].tolist() == [None, -17.44, None, -8.0]
    assert table.source_rows == [1, 2, 3, 4]
    assert table.problems[["row", "field", "code", "value"]].to_dict("records") == [
        {"row": 2, "field": "lat/lon", "code": "geometry_not_point", "value": "LineString"}]


def test_single_geojson_feature_with_id():
    data = json.dumps({**feature({"type": "Point", "coordinates": [1, 2]}, lieu="Kayes"), "id": "PV-7"}).encode()
    table = read_table(data, "one.json")
    assert table.frame.to_dict("records") == [{"lieu": "Kayes", "id": "PV-7", LAT: 2.0, LON: 1.0}]


def test_geojson_legacy_crs_member_is_reprojected_to_wgs84():
    x, y = pyproj.Transformer.from_crs(4326, 3857, always_xy=True).transform(-17.444, 14.698)
    data = geojson_bytes(feature({"type": "Point", "coordinates": [x, y]}),
                         crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}})
    table = read_table(data, "mercator.geojson")
    assert table.frame[LON][0] == pytest.approx(-17.444, abs=1e-9)
    assert table.frame[LAT][0] == pytest.approx(14.698, abs=1e-9)


@pytest.mark.parametrize(("data", "code"), [
    (geojson_bytes(crs={"type": "name", "properties": {"name": "EPSG:999999"}}), "unsupported_crs"),
    (geojson_bytes(crs={"type": "link", "properties": {"href": "http://example.org/crs"}}), "unsupported_crs"),
    (b'{"type": "FeatureCollection", "features": [', "unreadable"),
    (b'{"name": "not geo"}', "unknown_format"),
])
def test_geojson_that_cannot_be_imported(data, code):
    with pytest.raises(UnusableFile) as caught:
        read_table(data, "x.geojson")
    assert caught.value.code == code


def test_geojson_bad_coordinates_and_items_that_are_not_features_are_kept_as_problems():
    data = geojson_bytes(feature({"type": "Point", "coordinates": ["a", "b"]}), "oops")
    table = read_table(data, "x.geojson")
    assert len(table.frame) == 2
    assert table.problems[["row", "code"]].to_dict("records") == [
        {"row": 0, "code": "geometry_invalid"}, {"row": 1, "code": "feature_invalid"}]


# ---- GeoPackage ----

@pytest.mark.slow
def test_geopackage_point_layer_is_found_and_brought_back_to_wgs84(tmp_path):
    points = gpd.GeoDataFrame(
        {"lieu": ["Dakar", "Bamako", "Inconnu"], "quantité": [12.5, 3.0, None],
         "date": [datetime.datetime(2023, 3, 15), datetime.datetime(2023, 3, 16), None]},
        geometry=[Point(-17.4467, 14.6928), Point(-8.0029, 12.6392), None], crs="EPSG:4326").to_crs(3857)
    routes = gpd.GeoDataFrame({"nom": ["N1"]}, geometry=[LineString([(0, 0), (1, 1)])], crs="EPSG:3857")
    table = read_table(gpkg_bytes(tmp_path, {"routes": routes, "saisies": points}), "export.gpkg")
    assert table.format == "gpkg"
    assert table.details == {"layer": "saisies", "layers": ["routes", "saisies"], "crs": "EPSG:3857",
                             "truncated": False}
    assert table.frame["lieu"].tolist() == ["Dakar", "Bamako", "Inconnu"]
    assert table.frame["quantité"].tolist() == [12.5, 3.0, None]
    assert table.frame["date"][0] == datetime.datetime(2023, 3, 15)
    assert table.frame[LAT][:2].tolist() == pytest.approx([14.6928, 12.6392], abs=1e-9)
    assert table.frame[LON][:2].tolist() == pytest.approx([-17.4467, -8.0029], abs=1e-9)
    assert table.frame[LAT][2] is None
    assert table.source_rows == [1, 2, 3]  # fids


@pytest.mark.slow
def test_geopackage_layer_named_records_wins_and_lines_are_problems(tmp_path):
    points = gpd.GeoDataFrame({"lieu": ["Dakar"]}, geometry=[Point(-17.4, 14.7)], crs="EPSG:4326")
    routes = gpd.GeoDataFrame({"lieu": ["N1"]}, geometry=[LineString([(0, 0), (1, 1)])], crs="EPSG:4326")
    table = read_table(gpkg_bytes(tmp_path, {"saisies": points, "records": routes}), "export.gpkg")
    assert table.details["layer"] == "records"
    assert table.problems[["row", "code", "value"]].to_dict("records") == [
        {"row": 0, "code": "geometry_not_point", "value": "LineString"}]


# ---- KML and KMZ ----

KML_RECORDS = [
    {"name": "Kédougou", "description": "Cocaïne <b>12,5 kg</b>", "timestamp": "2023-03-15", "produit": "cocaïne",
     "name (2)": "PV 12", "quantite": None, LAT: 12.55, LON: -12.18},
    {"name": "Sans position", "description": None, "timestamp": None, "produit": None, "name (2)": None,
     "quantite": "3", LAT: None, LON: None},
    {"name": "Route", "description": None, "timestamp": None, "produit": None, "name (2)": None, "quantite": None,
     LAT: None, LON: None},
    {"name": "Trace", "description": None, "timestamp": None, "produit": None, "name (2)": None, "quantite": None,
     LAT: None, LON: None},
    {"name": "Multi", "description": None, "timestamp": None, "produit": None, "name (2)": None, "quantite": None,
     LAT: 12.6, LON: -8.0},
]


@pytest.mark.parametrize("namespaced", [True, False], ids=["kml-2.2", "no-namespace"])
def test_kml_placemarks_at_any_depth_become_rows(namespaced):
    text = KML if namespaced else KML.replace(' xmlns="http://www.opengis.net/kml/2.2"', "")
    table = read_table(text.encode(), "saisies.kml")
    assert table.format == "kml"
    assert table.frame.to_dict("records") == KML_RECORDS
    assert table.source_rows == [1, 2, 3, 4, 5]
    assert table.problems[["row", "code", "value"]].to_dict("records") == [
        {"row": 2, "code": "geometry_not_point", "value": "LineString"},
        {"row": 3, "code": "geometry_not_point", "value": "Track"}]


def test_kmz_reads_its_doc_kml():
    data = zip_bytes({"files/icon.png": b"\x89PNG\r\n", "doc.kml": KML.encode()})
    table = read_table(data, "saisies.kmz")
    assert (table.format, table.details) == ("kmz", {"member": "doc.kml", "truncated": False})
    assert table.frame.to_dict("records") == KML_RECORDS


def test_kml_point_with_unreadable_coordinates_is_kept_with_a_problem():
    text = "<kml><Placemark><name>A</name><Point><coordinates>14,7N 17,4W</coordinates></Point></Placemark></kml>"
    table = read_table(text.encode(), "x.kml")
    assert table.frame.to_dict("records") == [{"name": "A", LAT: None, LON: None}]
    assert table.problems[["row", "code", "value"]].to_dict("records") == [
        {"row": 0, "code": "geometry_invalid", "value": "14,7N 17,4W"}]


def test_kml_max_rows():
    table = read_table(KML.encode(), "saisies.kml", max_rows=2)
    assert table.frame["name"].tolist() == ["Kédougou", "Sans position"]
    assert table.details["truncated"] is True


# ---- detection by content ----

@pytest.mark.parametrize(("data", "file_name", "expected"), [
    (b"Date;Lieu\n1;2\n", "saisies.csv", "csv"),
    (b"Date;Lieu\n1;2\n", "saisies.xlsx", "csv"),
    (b"{ref};Lieu\n1;Dakar\n", "saisies.csv", "csv"),
    (b"<5 kg;Lieu\n1;Dakar\n", None, "csv"),
    (geojson_bytes(), "saisies.csv", "geojson"),
    (KML.encode(), "saisies.txt", "kml"),
    (zip_bytes({"doc.kml": KML.encode()}), "saisies.zip", "kmz"),
    (xlsx_bytes({"S": REGISTER}), "saisies.bin", "xlsx"),
])
def test_format_is_judged_by_content(data, file_name, expected):
    assert detect_format(data, file_name) == expected


def test_geopackage_is_judged_by_content(tmp_path):
    frame = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(0, 0)], crs="EPSG:4326")
    assert detect_format(gpkg_bytes(tmp_path, {"x": frame}), "renamed.csv") == "gpkg"


RANDOM = random.Random(0).randbytes(4096)


@pytest.mark.parametrize("file_name", ["saisies.csv", "saisies.xlsx"])
@pytest.mark.parametrize(("data", "code", "detail"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "binary", "PNG"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary", "PDF"),
    (b"\x7fELF\x02\x01\x01" + bytes(64), "binary", "ELF"),
    (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64), "binary", "EXE"),
    (RANDOM, "binary", RANDOM[:2].hex(" ").upper()),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "unknown_format", "Excel 97-2003"),
    (b"SQLite format 3\x00" + bytes(100), "unknown_format", "SQLite"),
    (zip_bytes({"word/document.xml": b"<w/>"}), "unknown_format", "Word"),
    (b'<?xml version="1.0"?>\n<gpx version="1.1"></gpx>', "unknown_format", "<gpx>"),
    (b"<!DOCTYPE html><html><body>404</body></html>", "unknown_format", "<html>"),
    (b'[{"a": 1}]', "unknown_format", "JSON"),
])
def test_renamed_and_unsupported_files_are_refused(data, code, detail, file_name):
    error, seconds, _ = rejected(data, file_name)
    assert (error.code, error.file_name) == (code, file_name)
    assert detail in error.detail and detail in str(error)
    assert seconds < 5


# ---- hostile files ----

@pytest.mark.slow
def test_zip_bomb_is_refused_before_decompressing():
    bomb = zip_bytes({"doc.kml": b"<kml>" + b" " * (64 * MB) + b"</kml>"})  # ~1000:1
    error, seconds, peak = rejected(bomb, "saisies.kmz")
    assert error.code == "zip_bomb" and "doc.kml" in error.detail
    assert seconds < 5 and peak < 50 * MB


def test_entry_declaring_a_gigabyte_is_refused():
    workbook = xlsx_bytes({"S": REGISTER})
    bomb = declare_size(workbook, "xl/worksheets/sheet1.xml", 1024 * MB)
    error, seconds, peak = rejected(bomb, "registre.xlsx")
    assert error.code == "zip_bomb" and "sheet1.xml" in error.detail
    assert seconds < 5 and peak < 50 * MB


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "file_name"), [("kmz", "doc.kml"), ("xlsx", "xl/worksheets/sheet1.xml")])
def test_entry_lying_about_a_small_size_never_inflates_beyond_it(kind, file_name):
    payload = b"<kml>" + b" " * (64 * MB) + b"</kml>"
    base = zip_bytes({"doc.kml": b""}) if kind == "kmz" else xlsx_bytes({"S": REGISTER})
    liar = declare_size(rezip(base, {file_name: payload}), file_name, 4096)
    error, seconds, peak = rejected(liar, f"x.{kind}")
    assert error.code == "unreadable" and "CRC" in error.detail
    assert seconds < 5 and peak < 50 * MB


def test_total_uncompressed_size_is_bounded(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_UNCOMPRESSED_BYTES", 2000)
    error, _, _ = rejected(xlsx_bytes({"S": REGISTER}), "registre.xlsx")
    assert error.code == "zip_bomb"


def test_entry_count_is_bounded_before_zipfile_reads_the_directory(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_ZIP_ENTRIES", 3)
    data = zip_bytes({f"icons/{i}.png": b"" for i in range(4)} | {"doc.kml": KML.encode()})
    error, _, _ = rejected(data, "saisies.kmz")
    assert error.code == "zip_bomb" and error.detail.startswith("5 entries")


@pytest.mark.parametrize("entry", ["../evil.kml", "/etc/evil.kml", "a/../../evil.kml", "C:\\evil.kml"])
def test_unsafe_entry_names_are_refused(entry):
    error, _, _ = rejected(zip_bytes({entry: KML.encode()}), "saisies.kmz")
    assert error.code == "unsafe_archive"


def test_billion_laughs_kml_is_refused():
    text = f'<?xml version="1.0"?>\n{billion_laughs_dtd("kml")}\n<kml><Placemark><name>&lol9;</name></Placemark></kml>'
    error, seconds, peak = rejected(text.encode(), "saisies.kml")
    assert error.code == "xml_entities"
    assert seconds < 5 and peak < 50 * MB


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_billion_laughs_in_a_workbook_part_is_refused(part):
    workbook = xlsx_bytes({"S": REGISTER})
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        original = archive.read(part).decode()
    root = original.split()[0].lstrip("<")
    hostile = billion_laughs_dtd(root) + original.replace(
        "<sheetData>", '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', 1)
    error, seconds, peak = rejected(rezip(workbook, {part: hostile.encode()}), "registre.xlsx")
    assert error.code == "xml_entities"
    assert seconds < 5 and peak < 50 * MB


def test_too_large_input_is_refused_before_parsing(monkeypatch, tmp_path):
    monkeypatch.setattr(filetypes, "MAX_FILE_BYTES", 1000)
    monkeypatch.setitem(readers._READERS, "csv", lambda *args: pytest.fail("parsed a file over the limit"))
    data = csv_bytes([["Lieu", "Quantité"]] + [["Dakar", "12,5"]] * 100)
    error, _, _ = rejected(data, "grand.csv")
    assert error.code == "too_large"
    assert error.detail == f"{filetypes.megabytes(len(data))} > {filetypes.megabytes(1000)}"
    path = tmp_path / "grand.csv"
    path.write_bytes(data)
    with pytest.raises(UnusableFile, match="grand.csv: the file is too large"):
        read_path(path)


@pytest.mark.slow
def test_uploaded_file_names_are_never_used_as_paths(tmp_path, monkeypatch):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = set(os.listdir(tempfile.gettempdir()))
    hostile = "../../etc/passwd"
    for data, extension in [(csv_bytes(FRENCH_ROWS), ".csv"), (xlsx_bytes({"S": REGISTER}), ".xlsx"),
                            (zip_bytes({"doc.kml": KML.encode()}), ".kmz"), (KML.encode(), ".kml"),
                            (gpkg_bytes(tmp_path, {"x": gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4326)}),
                             ".gpkg")]:
        assert len(read_table(data, hostile + extension).frame) > 0
    with pytest.raises(UnusableFile, match=r"^passwd\.csv: the file is empty$"):
        read_table(b"", hostile + ".csv")
    created = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")]
    assert sorted(created) == ["a", "a/b", "fixture.gpkg"]
    assert not [name for name in set(os.listdir(tempfile.gettempdir())) - before if "passwd" in name]


def test_unusable_file_message_is_one_line_naming_the_file():
    error = UnusableFile("unreadable", "line 3:\nbad", "dossier/sai\nsies.csv")
    assert str(error) == "sai?sies.csv: the file is damaged or cannot be read (line 3:?bad)"


# ---- messages ----

def test_every_code_has_french_and_english_messages_that_format():
    for code, templates in readers.MESSAGES.items():
        assert set(templates) == {"en", "fr"}, code
        for lang in ("en", "fr"):
            assert problems.describe({"code": code, "field": "lat/lon", "value": "v", "detail": "d"},
                                     readers.MESSAGES, lang)


def test_reader_problems_read_well_in_french():
    table = read_table(KML.encode(), "saisies.kml")
    first = table.problems.to_dict("records")[0]
    assert problems.describe(first, readers.MESSAGES, "fr") == (
        "lat/lon : la géométrie est de type LineString, pas un point")
