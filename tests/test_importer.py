"""Import end to end: each format's messy fixture, the accounting identity, atomicity, idempotence, re-import."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import cli
from geo.i18n import ingest as ingest_text
from geo.ingest import pipeline as importer
from geo.ingest.keys import NotAKey
from geo.ingest.readers import filetypes
from geo.records import exports
from geo.store import GeoPackageStore
from tests.support import FRENCH_ROWS, REGISTER_HEADER, register_csv

AGENCY = "sen-ocrtis"


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "import.gpkg")


def run_import(store, data: bytes, name: str, **kwargs) -> importer.ImportReport:
    report = importer.import_bytes(store, data, name, agency=kwargs.pop("agency", AGENCY), created_by="test", **kwargs)
    assert report.rows == report.accepted + report.quarantined + report.duplicates
    return report


def test_messy_french_csv_in_windows_1252(store):
    report = run_import(store, register_csv(FRENCH_ROWS), "registre.csv")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (6, 3, 2, 1)
    stored = store.query().set_index("source_ref")
    assert stored.loc["PV-002", "quantity_kg"] == pytest.approx(1.1)  # "1 100" g
    assert stored.loc["PV-001", "quantity_kg"] == pytest.approx(12.5)  # decimal comma
    assert stored.loc["PV-005", "count"] == 12000 and stored.loc["PV-005", "substance"] == "tramadol"
    assert stored.loc["PV-001", "location_precision"] == "place"  # Kédougou, geocoded offline
    assert stored.loc["PV-005", "notes"] == "=1+2"  # kept verbatim; exports neutralise it
    held = store.quarantine(report.batch_id).set_index("row_number")
    assert set(held.index) == {6, 7}  # line numbers as the user sees them in the file (title, blank, header)
    assert held.loc[6, "field"] == "date" and "31/02/2023" in held.loc[6, "reason"]
    assert held.loc[7, "field"] == "substance" and held.loc[7, "raw"]["Produit"] == "Poudre blanche"


@pytest.mark.slow
def test_same_file_again_adds_nothing(store):
    data = register_csv(FRENCH_ROWS)
    first = run_import(store, data, "registre.csv")
    again = run_import(store, data, "registre (copie).csv")
    assert again.already_imported and again.batch_id == first.batch_id
    assert (again.rows, again.accepted, again.quarantined, again.duplicates) == (6, 0, 0, 6)
    assert store.count() == first.accepted and len(store.batches()) == 1
    other_agency = run_import(store, data, "registre.csv", agency="mli-ocs")  # another agency's copy is its own
    assert not other_agency.already_imported and other_agency.accepted == first.accepted


@pytest.mark.slow
def test_a_failure_half_way_leaves_the_store_unchanged(store, monkeypatch):
    run_import(store, register_csv(FRENCH_ROWS[:1]), "premier.csv")
    before = (store.count(), len(store.batches()))
    real_insert = store._insert_records

    def insert_then_fail(connection, frame):
        real_insert(connection, frame)
        raise OSError("disk full")

    monkeypatch.setattr(store, "_insert_records", insert_then_fail)
    with pytest.raises(OSError, match="disk full"):
        importer.import_bytes(store, register_csv(FRENCH_ROWS), "registre.csv", agency=AGENCY)
    assert (store.count(), len(store.batches())) == before
    with store.connect() as connection:
        assert connection.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM import_files").fetchone()[0] == 1


@pytest.mark.slow
def test_quarantined_rows_download_fix_and_import_again(store):
    first = run_import(store, register_csv(FRENCH_ROWS), "registre.csv")
    table = importer.quarantine_table(store.quarantine(first.batch_id), "fr")
    assert list(table.columns[:2]) == [ingest_text.t("row_column", "fr"), ingest_text.t("reason_column", "fr")]
    assert list(table.columns[2:]) == REGISTER_HEADER
    fixed = table.copy()
    fixed.loc[fixed["Date de saisie"] == "31/02/2023", "Date de saisie"] = "28/02/2023"
    fixed.loc[fixed["Produit"] == "Poudre blanche", "Produit"] = "Cocaïne"
    for fmt in ("csv", "xlsx"):
        again = run_import(store, exports.table_bytes(fixed, fmt), f"corrigé.{fmt}")
        if fmt == "csv":
            assert (again.accepted, again.quarantined) == (2, 0)
        else:  # the same rows, now stored: duplicates of the corrected CSV
            assert (again.accepted, again.quarantined, again.duplicates) == (0, 0, 2)
    assert store.count() == first.accepted + 2


def xlsx_register() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Saisies 2024"
    sheet["A1"] = "DIRECTION GÉNÉRALE DES DOUANES"
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "Saisies de stupéfiants — 1er semestre"
    sheet.append(["Réf", "Date", "Drogue", "Quantité (kg)", "Latitude", "Longitude", "Pays"])
    sheet.append(["D-1", datetime.datetime(2024, 2, 3), "cocaïne", 40.5, 14.6937, -17.4441, "SN"])
    sheet.append(["D-2", 45337, "herbe de cannabis", "250", -17.4441, 14.6937, "Sénégal"])  # Excel serial; swapped
    sheet.append(["D-3", "2024-02-20", "Cocaïne", 3, 12.6392, -8.0029, "Sénégal"])  # Bamako: not in Senegal
    sheet.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.slow
def test_xlsx_with_title_rows_excel_dates_and_a_unit_in_the_header(store):
    report = run_import(store, xlsx_register(), "douanes.xlsx", agency="sen-douanes")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (3, 2, 1, 0)
    stored = store.query().set_index("source_ref")
    assert stored.loc["D-2", "date"] == pd.Timestamp("2024-02-15")  # serial 45337
    assert (stored.loc["D-2", "lat"], stored.loc["D-2", "lon"]) == (14.6937, -17.4441)  # swapped back
    assert stored.loc["D-1", "quantity_kg"] == 40.5 and stored.loc["D-2", "unit"] == "kg"
    assert "coordinates_swapped" in set(report.warnings["code"])
    assert report.row_problems.iloc[0]["row_number"] == 6  # the sheet row of D-3
    assert report.row_problems.iloc[0]["code"] == "coordinates_outside_country"


def geojson_register() -> bytes:
    def feature(geometry, **properties):
        return {"type": "Feature", "geometry": geometry, "properties": properties}

    return json.dumps({"type": "FeatureCollection", "features": [
        feature({"type": "Point", "coordinates": [-15.5977, 11.8636]}, **{
            "Case No.": "GB-7", "Seizure date": "2022-07-01", "Drug Type": "Cocaine", "Quantity": "1,200",
            "Unit of Measure": "kg", "Country": "Guinea-Bissau", "Mode of Transport": "sea"}),
        feature(None, **{"Case No.": "GB-8", "Seizure date": "2022-07-09", "Drug Type": "Cannabis herb",
                         "Quantity": 35, "Unit of Measure": "kg", "Country": "Guinea-Bissau", "Location": "Bafatá"}),
        feature(None, **{"Case No.": "GB-9", "Seizure date": "not a date", "Drug Type": "Cocaine",
                         "Quantity": 1, "Unit of Measure": "kg", "Country": "GNB"}),
    ]}, ensure_ascii=False).encode("utf-8")


@pytest.mark.slow
def test_geojson_with_a_null_geometry(store):
    report = run_import(store, geojson_register(), "gnb.geojson", agency="gnb-pj")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (3, 2, 1, 0)
    stored = store.query().set_index("source_ref")
    assert stored.loc["GB-7", "quantity_kg"] == 1200  # "1,200": thousands
    assert stored.loc["GB-7", "location_precision"] == "exact"
    assert stored.loc["GB-8", "location_precision"] == "place"  # no geometry: placed by its town


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Saisies</name>
  <Placemark><name>Rosso</name>
    <ExtendedData><Data name="Produit"><value>Cannabis</value></Data><Data name="Quantité"><value>80</value></Data>
      <Data name="Unité"><value>kg</value></Data><Data name="Date"><value>05/06/2021</value></Data>
      <Data name="Pays"><value>Mauritanie</value></Data></ExtendedData>
    <Point><coordinates>-15.8050,16.5138</coordinates></Point></Placemark>
  <Placemark><name>Sans produit</name>
    <ExtendedData><Data name="Quantité"><value>5</value></Data><Data name="Unité"><value>kg</value></Data>
      <Data name="Date"><value>06/06/2021</value></Data></ExtendedData>
    <Point><coordinates>-15.9,16.6</coordinates></Point></Placemark>
</Folder></Document></kml>"""


@pytest.mark.slow
def test_kml_placemarks(store):
    report = run_import(store, KML.encode("utf-8"), "points.kml", agency="mrt-ocrs")
    assert (report.rows, report.accepted, report.quarantined) == (2, 1, 1)
    stored = store.query()
    assert stored.loc[0, "country"] == "MRT" and stored.loc[0, "substance"] == "cannabis_herb"
    assert store.quarantine(report.batch_id).loc[0, "field"] == "substance"


@pytest.mark.slow
def test_the_original_file_is_kept_with_its_batch(store):
    data = register_csv(FRENCH_ROWS)
    report = run_import(store, data, "../../etc/registre.csv")
    assert store.original_file(report.batch_id) == data
    assert store.batches().loc[0, "file_name"] == "registre.csv"  # a name, never a path


cell = st.one_of(st.none(), st.sampled_from(["", "Cocaïne", "kg", "12,5", "1 100", "31/02/2023", "Dakar",
                                               "Sénégal", "=1+2", "15/03/2023", "Atlantis", "-3", "x"]),
                 st.text(max_size=12))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=len(REGISTER_HEADER), max_size=len(REGISTER_HEADER)),
                     min_size=1, max_size=12))
def test_every_row_is_accounted_for_whatever_it_holds(tmp_path_factory, rows):
    store = GeoPackageStore(tmp_path_factory.mktemp("prop") / "p.gpkg")
    text_rows = [[(value or "").replace("\x00", "") for value in row] for row in rows]
    data = register_csv([["X"] * len(REGISTER_HEADER)] + text_rows, title=False, encoding="utf-8")
    try:
        report = importer.import_bytes(store, data, "p.csv", agency=AGENCY)
    except (filetypes.UnusableFile, NotAKey):
        # Refused as a whole (text that makes the file look binary; a reference column whose values
        # repeat on rows that differ): nothing may be stored.
        assert store.count() == 0 and store.batches().empty
        return
    assert report.rows == report.accepted + report.quarantined + report.duplicates
    assert report.rows == len(store.quarantine(report.batch_id)) + report.accepted + report.duplicates
    assert store.count() == report.accepted


@pytest.mark.slow
def test_cli_import_json_and_exit_codes(tmp_path, capsys):
    db, path = tmp_path / "cli.gpkg", tmp_path / "registre.csv"
    path.write_bytes(register_csv(FRENCH_ROWS))
    assert cli.main(["import", str(path), "--db", str(db), "--agency", AGENCY, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {k: printed[k] for k in ("rows", "accepted", "quarantined", "duplicates")} == {
        "rows": 6, "accepted": 3, "quarantined": 2, "duplicates": 1}
    assert all(isinstance(printed[k], int) for k in ("rows", "accepted", "quarantined", "duplicates"))
    assert printed["quarantine_reasons"] and printed["format"] == "csv"
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert cli.main(["import", str(binary), "--db", str(db)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("python -m geo: error: photo.csv:") and "\n" not in error
    assert cli.main(["import", str(tmp_path / "absent.csv"), "--db", str(db)]) == 2
