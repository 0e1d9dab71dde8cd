"""UNODC Individual Drug Seizures (IDS) tables imported without a profile: the legacy layout (CSV) and the
newer extract (XLSX), every row's fate and the kg totals checked against pandas on the file's own numbers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from geo import cli
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.ingest import pipeline
from geo.records import exports, ids
from geo.store import GeoPackageStore
from tests.support import make_records

AGENCY = "unodc-ids"
# Factors written out here, not read from geo.core.units: the test checks the code's conversion.
KG = {"kg": 1.0, "g": 0.001, "lb": 0.45359237, "oz": 0.028349523125, "mg": 1e-6, "ml": 0.001, "l": 1.0,
      "t": 1000.0}
UNIT_WORDS = {"Kilogram": "kg", "Gram": "g", "Pound": "lb", "lbs": "lb", "Ounce": "oz", "Milligram": "mg",
              "Millilitre": "ml", "Litre": "l", "Tablet": None, "Blotter": None, "Dose": None}

LEGACY_HEADER = ["REFERENCE_NUMBER", "COUNTRY_OF_SEIZURE", "DATE_OF_SEIZURE", "DRUG_NAME", "AMOUNT_OF_DRUG",
                 "DRUG_UNIT", "PRODUCING_COUNTRY", "DEPARTURE_COUNTRY", "TRANSIT_COUNTRY", "DESTINATION_COUNTRY",
                 "CITY_OF_SEIZURE", "MODE_OF_TRANSPORT", "CONCEALMENT_METHOD"]
LEGACY_ROWS = [
    ["IDS-1", "Senegal", "2021-03-14", "Cocaine hydrochloride", "1,2E+02", "Kilogram", "Colombia", "Brazil",
     "Cabo Verde", "Spain", "Dakar", "Sea", "Container"],
    ["IDS-2", "Ghana", "2021-04-02", "Cannabis herb (marijuana)", "220.5", "Pound", "", "Nigeria", "", "",
     "Aflao", "Road", "Truck"],
    ["IDS-3", "Nigeria", "2021-05-20", "Heroin", "4.4e-05", "Kilogram", "Afghanistan", "Pakistan",
     "Ethiopia", "Nigeria", "Lagos", "Air", "Luggage"],
    ["IDS-4", "Mali", "2021-06-11", "Opium (raw and prepared)", "12", "Ounce", "Afghanistan", "", "", "",
     "Bamako", "Road", ""],
    ["IDS-5", "Togo", "2021-07-01", "Tramadol", "5000", "Tablet", "India", "", "", "Niger", "Lomé", "Sea", ""],
    ["IDS-6", "Benin", "2021-08-09", "Mystery powder", "3", "Kilogram", "", "", "", "", "Cotonou", "Sea", ""],
    ["IDS-7", "Senegal", "2021-09-30", "Coca paste", "250", "Gram", "Peru", "", "", "", "Dakar", "Air", ""],
    ["IDS-8", "Atlantis", "2021-10-01", "Heroin", "1", "Kilogram", "", "", "", "", "", "Air", ""],
]
NEW_HEADER = ["Date", "DrugGroup", "DrugName", "Q2", "U2", "SeizuredLocation", "SeizuredLocationCategory",
              "TraffickingTransportationCategory", "CountryOfSeizure", "msCode", "DepartureCountry",
              "DestinationCountry", "ProducingCountry"]
NEW_ROWS = [
    ["2022-01-15", "Cocaine-type", "Cocaine base", 35.5, "Kilogram", "Abidjan", "Seaport", "Sea", "Côte d'Ivoire",
     "CIV", "Brazil", "Netherlands", "Bolivia"],
    ["2022-02-03", "Opioids", "Fentanyl", 250, "Milligram", "Accra", "Airport", "Air", "Ghana", "GHA", "", "",
     ""],
    ["2022-03-09", "Hallucinogens", "", 40, "Blotter", "Dakar", "Mail centre", "Mail", "Senegal", "SEN", "France",
     "", ""],
    ["2022-04-21", "Cannabis-type", "Cannabis oil", 1500, "Millilitre", "Bamako", "Land border", "Land", "Mali",
     "MLI", "", "", "Morocco"],
    ["2022-05-05", "Amphetamine-type stimulants", "Captagon", 10000, "Tablet", "Niamey", "Land border", "Land",
     "Niger", "NER", "Libya", "", ""],
    ["2022-06-17", "", "", 2, "Kilogram", "Lomé", "Seaport", "Sea", "Togo", "TGO", "", "", ""],
    ["2022-07-30", "Sedatives and tranquillizers", "Benzodiazepines", "1,5e3", "Dose", "Conakry", "Seaport", "Sea",
     "Guinea", "GIN", "", "", ""],
    ["2022-08-08", "Opioids", "Opium", 7, "lbs", "Freetown", "Land border", "Land", "Sierra Leone", "SLE", "", "",
     "Afghanistan"],
]


def legacy_csv() -> bytes:
    frame = pd.DataFrame(LEGACY_ROWS, columns=LEGACY_HEADER)
    return frame.to_csv(index=False).encode("utf-8")


def new_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(NEW_HEADER)
    for row in NEW_ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def expected_kg(frame: pd.DataFrame, quantity: str, unit: str, keep: pd.Series) -> float:
    """The kg total computed from the file's own numbers (pandas reads the scientific notation itself)."""
    numbers = pd.to_numeric(frame[quantity].astype(str).str.replace(",", ".", regex=False))
    factors = frame[unit].map(UNIT_WORDS).map(KG)
    return float((numbers * factors)[keep].sum())


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "ids.gpkg")


def stored(store: GeoPackageStore) -> pd.DataFrame:
    return store.query(RecordFilter())


@pytest.mark.slow
def test_legacy_ids_layout(store: GeoPackageStore) -> None:
    report = pipeline.import_bytes(store, legacy_csv(), "ids_legacy.csv", agency=AGENCY, created_by="test")
    assert report.mapping["DRUG_NAME"] == "substance" and report.mapping["PRODUCING_COUNTRY"] == "producing"
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (8, 6, 2, 0)
    reasons = report.row_problems.set_index("row")["code"]
    assert set(reasons) == {"substance_unknown", "country_unknown"}
    records = stored(store).set_index("source_ref")
    assert set(records.index) == {"IDS-1", "IDS-2", "IDS-3", "IDS-4", "IDS-5", "IDS-7"}
    frame = pd.DataFrame(LEGACY_ROWS, columns=LEGACY_HEADER)
    keep = frame["REFERENCE_NUMBER"].isin(records.index)
    assert records["quantity_kg"].sum() == pytest.approx(expected_kg(frame, "AMOUNT_OF_DRUG", "DRUG_UNIT", keep))
    assert records.loc["IDS-5", "count"] == 5000 and pd.isna(records.loc["IDS-5", "quantity_kg"])
    assert records.loc["IDS-1", "substance_label"] == "Cocaine hydrochloride"
    assert records.loc["IDS-2", "substance"] == "cannabis_herb"
    # departure wins the origin; producing becomes the origin only when no departure is given
    assert records.loc["IDS-1", ["origin", "transit", "destination"]].tolist() == ["BRA", "CPV", "ESP"]
    assert "producing: COL" in records.loc["IDS-1", "notes"]
    assert records.loc["IDS-4", "origin"] == "AFG"
    assert records.loc["IDS-3", "date"] == pd.Timestamp("2021-05-20")


@pytest.mark.slow
def test_newer_ids_extract(store: GeoPackageStore) -> None:
    report = pipeline.import_bytes(store, new_xlsx(), "ids_extract.xlsx", agency=AGENCY, created_by="test")
    assert report.mapping["Q2"] == "quantity" and report.mapping["DrugGroup"] == "substance_group"
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (8, 7, 1, 0)
    assert report.row_problems["code"].tolist() == ["substance_missing"]
    records = stored(store).sort_values("date").reset_index(drop=True)
    assert records["substance"].tolist() == ["cocaine_base", "fentanyl", "hallucinogens", "cannabis_oil",
                                             "captagon", "benzodiazepines", "opium"]
    frame = pd.DataFrame(NEW_ROWS, columns=NEW_HEADER)
    keep = frame["DrugName"].ne("") | frame["DrugGroup"].ne("")
    assert records["quantity_kg"].sum() == pytest.approx(expected_kg(frame, "Q2", "U2", keep))
    assert records["count"].sum() == 40 + 10000 + 1500
    assert records["unit"].tolist() == ["kg", "mg", "blotters", "ml", "tablets", "doses", "lb"]
    assert records["origin"].fillna("-").tolist() == ["BRA", "-", "FRA", "MAR", "LBY", "-", "AFG"]
    assert records["country"].tolist() == ["CIV", "GHA", "SEN", "MLI", "NER", "GIN", "SLE"]
    assert records.loc[2, "substance_label"] == "Hallucinogens"


@pytest.mark.slow
def test_ids_export_reimports_to_the_same_records(store: GeoPackageStore, tmp_path) -> None:
    pipeline.import_bytes(store, legacy_csv(), "ids_legacy.csv", agency=AGENCY, created_by="test")
    pipeline.import_bytes(store, new_xlsx(), "ids_extract.xlsx", agency=AGENCY, created_by="test")
    before = stored(store)
    out = tmp_path / "to_unodc.xlsx"
    assert exports.export_records(before, out, "ids") == len(before) == 13
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]] == list(ids.IDS_COLUMNS)
    other = GeoPackageStore(tmp_path / "unodc.gpkg")
    report = pipeline.import_bytes(other, out.read_bytes(), out.name, agency="unodc", created_by="test")
    assert (report.rows, report.accepted, report.quarantined) == (13, 13, 0)
    columns = ["date", "substance", "quantity", "unit", "quantity_kg", "count", "country", "origin", "transit",
               "destination", "conveyance"]
    def frame(records: pd.DataFrame) -> pd.DataFrame:
        return records.sort_values(["date", "substance"]).loc[:, columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(frame(stored(other)), frame(before))


def test_ids_export_is_formula_safe_and_uses_unodc_names(tmp_path) -> None:
    records = schema.coerce_records(make_records({"substance": "cannabis_herb", "place": "=HYPERLINK(\"x\")",
                                                  "quantity": 2.0, "unit": "lb", "origin": "MAR"}))
    table = ids.ids_table(records)
    assert table.loc[0, ["DrugGroup", "DrugName", "Q2", "U2", "DepartureCountry"]].tolist() == [
        "Cannabis-type", "Cannabis herb (marijuana)", 2.0, "Pound", "MAR"]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.export_bytes(records, "ids"))).active
    assert sheet.cell(2, ids.IDS_COLUMNS.index("SeizuredLocation") + 1).value.startswith("'=")


@pytest.mark.slow
def test_cli_export_format_ids(store: GeoPackageStore, tmp_path, capsys) -> None:
    pipeline.import_bytes(store, legacy_csv(), "ids_legacy.csv", agency=AGENCY, created_by="test")
    out = tmp_path / "ids.xlsx"
    assert cli.main(["export", "--db", str(tmp_path / "ids.gpkg"), "--format", "ids", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).active.max_row == 7
    assert cli.main(["export", "--db", str(tmp_path / "ids.gpkg"), "--format", "ids",
                     "--out", str(tmp_path / "ids.csv")]) != 0
