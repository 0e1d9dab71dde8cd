"""XLSX through python-calamine: every cell as openpyxl gave it, and what calamine must never see.

calamine returns typed cells (every number a float, a date-only cell a date, an error cell an empty string), so
each test compares with openpyxl, the reference reader, on the same bytes; and the checks that run before it
(sheet extent, error cells, cells without a reference) are tested on hand-written sheet XML.
"""

from __future__ import annotations

import datetime
import io
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from geo.ingest import pipeline as importer
from geo.ingest.readers import tables, workbooks
from geo.ingest.readers.tables import UnusableFile, read_table
from geo.store import GeoPackageStore
from tests.support.spreadsheets import inline_cell, xlsx_with_sheet_data

HEADER = ["N° PV", "Date de saisie", "Heure", "Localité", "Produit", "Quantité", "Unité", "Saisie confirmée"]
ROWS = [
    [12, datetime.date(2023, 3, 15), datetime.time(10, 30), "Kédougou", "Cocaïne", 12.5, "kg", True],
    [13, datetime.datetime(2023, 3, 16, 8, 45), None, " Thiès ", "Résine de cannabis", 1100, "g", False],
    ["PV-014", datetime.datetime(2023, 3, 17), None, "Mbour", "Héroïne", 1100.0, "g", None],
]


def register_xlsx(rows: list[list], *, hidden_first: bool = False) -> bytes:
    """A register as Excel saves it: a merged title row, a blank row, the header on row 3; typed cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Registre"
    if hidden_first:
        secret = book.create_sheet("Très cachée", 0)
        secret.append(HEADER + ["Motif", "Service"])
        secret.sheet_state = "veryHidden"
    sheet.append(["OCRTIS — Registre des saisies 2023"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.active = book.worksheets.index(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_openpyxl(data: bytes, name: str = "r.xlsx") -> tables.RawTable:
    """The same file read by openpyxl, the reader calamine replaces (the reference for every cell)."""
    return tables._read_xlsx_openpyxl(data, name, tables.default_header_score, None)


def test_calamine_reads_every_cell_as_openpyxl_did():
    data = register_xlsx(ROWS)
    fast, reference = read_table(data, "r.xlsx"), with_openpyxl(data)
    assert fast.frame.to_dict("records") == reference.frame.to_dict("records")
    assert (fast.source_rows, fast.details) == (reference.source_rows, reference.details) == (
        [4, 5, 6], {"sheet": "Registre", "sheets": ["Registre"], "header_row": 3, "blank_rows": 0, "truncated": False})
    # Whole numbers stay integers (a case number 12 is never "12.0"); dates are datetimes at midnight.
    assert [type(v) for v in fast.frame["N° PV"]] == [int, int, str]
    assert fast.frame["Quantité"].tolist() == [12.5, 1100, 1100] and type(fast.frame["Quantité"][1]) is int
    assert fast.frame["Date de saisie"].tolist() == [
        datetime.datetime(2023, 3, 15), datetime.datetime(2023, 3, 16, 8, 45), datetime.datetime(2023, 3, 17)]
    assert fast.frame["Heure"].tolist() == ["10:30:00", None, None]
    assert fast.frame["Saisie confirmée"].tolist() == [True, False, None]


def test_a_very_hidden_sheet_is_never_chosen():
    table = read_table(register_xlsx(ROWS, hidden_first=True), "r.xlsx")
    assert table.details["sheet"] == "Registre" and table.details["sheets"] == ["Registre"]


def test_a_formula_gives_its_cached_result_or_nothing():
    rows = [[inline_cell("A1", "Lieu"), inline_cell("B1", "Quantité")],
            [inline_cell("A2", "Dakar"), inline_cell("B2", 25, formula="B3*2")],
            [inline_cell("A3", "Thiès"), inline_cell("B3", None, formula="12.5")]]
    data = xlsx_with_sheet_data(rows)
    table = read_table(data, "r.xlsx")
    assert table.frame.to_dict("records") == with_openpyxl(data).frame.to_dict("records") == [
        {"Lieu": "Dakar", "Quantité": 25}, {"Lieu": "Thiès", "Quantité": None}]


def test_error_cells_are_read_as_their_error_text_never_emptied(monkeypatch):
    rows = [[inline_cell("A1", "N° PV"), inline_cell("B1", "Date de saisie"), inline_cell("C1", "Localité"),
             inline_cell("D1", "Produit"), inline_cell("E1", "Quantité"), inline_cell("F1", "Unité")],
            [inline_cell("A2", "PV-1"), inline_cell("B2", "15/03/2023"), inline_cell("C2", "Dakar"),
             inline_cell("D2", "Cocaïne"), inline_cell("E2", "#N/A", formula="VLOOKUP(A2,Poids!A:B,2,0)"),
             inline_cell("F2", "kg")],
            [inline_cell("A3", "PV-2"), inline_cell("B3", "16/03/2023"), inline_cell("C3", "Thiès"),
             inline_cell("D3", "Cocaïne"), inline_cell("E3", 3), inline_cell("F3", "kg")]]
    data = xlsx_with_sheet_data(rows)
    assert workbooks.check_archive(data, "r.xlsx", "xlsx").openpyxl_needed()
    assert read_table(data, "r.xlsx").frame["Quantité"].tolist() == ["#N/A", 3]
    # Calamine alone would have emptied the cell: the row would then lose its quantity without a word.
    calamine_alone = tables._read_workbook(data, "r.xlsx", tables.default_header_score, None, "xlsx")
    assert calamine_alone.frame["Quantité"].tolist() == [None, 3]


@pytest.mark.slow
def test_an_error_cell_quarantines_its_row_with_a_reason(tmp_path):
    """#DIV/0! reaches the import as its text and is refused. (#N/A does too, and geo.ingest.parse.cells reads it
    as the placeholder "N/A", not available.)"""
    header = ["N° PV", "Date de saisie", "Localité", "Produit", "Quantité", "Unité"]
    records = [["PV-1", "15/03/2023", "Dakar", "Cocaïne", "#DIV/0!", "kg"],
               ["PV-2", "16/03/2023", "Thiès", "Cocaïne", 3, "kg"]]
    rows = [[inline_cell(f"{c}{n}", v) for c, v in zip("ABCDEF", row, strict=True)]
            for n, row in enumerate([header, *records], start=1)]
    store = GeoPackageStore(tmp_path / "e.gpkg")
    report = importer.import_bytes(store, xlsx_with_sheet_data(rows), "r.xlsx", agency="sen-ocrtis", created_by="t")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (2, 1, 1, 0)
    held = store.quarantine(report.batch_id)
    assert held.loc[0, "row_number"] == 2 and held.loc[0, "field"] == "quantity" and "#DIV/0!" in held.loc[0, "reason"]


def test_cells_without_a_reference_are_read_by_openpyxl_in_place():
    rows = [[inline_cell(None, "Lieu"), inline_cell(None, "Quantité")],
            [inline_cell(None, "Dakar"), inline_cell(None, 3)]]
    data = xlsx_with_sheet_data(rows, numbered=False)
    assert workbooks.check_archive(data, "r.xlsx", "xlsx").cells_without_reference
    assert read_table(data, "r.xlsx").frame.to_dict("records") == [{"Lieu": "Dakar", "Quantité": 3}]


@pytest.mark.parametrize(("far", "code"), [("XFD1048576", "zip_bomb"), ("AZ500000", "zip_bomb"),
                                           ("A900000000", "unreadable"), ("ZZZZ2", "unreadable")])
def test_a_far_cell_is_refused_before_calamine_fills_the_rectangle(far, code):
    # calamine would allocate rows x columns cells at once: for XFD1048576, 500 GB, and the process aborts.
    rows = [[inline_cell("A1", "Lieu")], [inline_cell("A2", "Dakar")], [inline_cell(far, "x")]]
    started = time.perf_counter()
    with pytest.raises(UnusableFile) as caught:
        read_table(xlsx_with_sheet_data(rows), "r.xlsx")
    assert caught.value.code == code and "sheet1.xml" in caught.value.detail
    assert time.perf_counter() - started < 5


def test_a_wide_sheet_under_the_bound_is_measured_and_read():
    header = [inline_cell(f"{workbooks._column_name(c)}1", f"Champ {c}") for c in range(1, 61)]
    values = [inline_cell(f"{workbooks._column_name(c)}2", c) for c in range(1, 61)]
    table = read_table(xlsx_with_sheet_data([header, values]), "r.xlsx")
    assert table.frame.shape == (1, 60) and table.frame["Champ 60"].tolist() == [60]


def test_pieces_never_split_a_reference_or_a_tag(monkeypatch):
    # Small pieces: counts and references still add up, so a register stays on the fast path.
    monkeypatch.setattr(workbooks, "_CHUNK", 97)
    rows = [["Lieu", "Quantité"]] + [[f"Lieu {i}", i] for i in range(300)]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    survey = workbooks.check_archive(buffer.getvalue(), "r.xlsx", "xlsx")
    assert not survey.openpyxl_needed()
    with zipfile.ZipFile(buffer) as archive, archive.open("xl/worksheets/sheet1.xml") as part:
        whole = part.read()
    with zipfile.ZipFile(buffer) as archive:
        pieces = list(workbooks._pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml")))
    assert b"".join(pieces) == whole and all(piece.endswith(b">") for piece in pieces[:-1])


def test_a_register_reads_the_same_through_calamine_and_openpyxl_with_pandas_totals():
    rows = [[f"PV-{i:04d}", datetime.date(2023, 1 + i % 12, 1 + i % 28), "Dakar", "Cocaïne", (i % 50) / 4, "kg"]
            for i in range(500)]
    book = openpyxl.Workbook()
    book.active.append(["N° PV", "Date de saisie", "Localité", "Produit", "Quantité", "Unité"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "r.xlsx")
    assert table.frame.to_dict("records") == with_openpyxl(buffer.getvalue()).frame.to_dict("records")
    expected = pd.DataFrame(rows, columns=list(table.frame.columns))
    assert sum(table.frame["Quantité"]) == pytest.approx(expected["Quantité"].sum())
    assert len(table.frame) == len(expected) and table.source_rows == list(range(2, 502))


def test_a_declaration_is_seen_across_pieces_even_without_markup_around_it(monkeypatch):
    monkeypatch.setattr(workbooks, "_CHUNK", 8)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"x" * 101 + b"<!ENTITY lol 'lol'" + b"y" * 53)
    with pytest.raises(UnusableFile) as caught:
        workbooks.check_archive(buffer.getvalue(), "r.xlsx", "xlsx")
    assert caught.value.code == "xml_entities" and "sheet1.xml" in caught.value.detail


@pytest.mark.slow
def test_not_available_cells_are_empty_values_in_a_register(tmp_path):
    """#N/A (Excel's "not available", what a VLOOKUP that finds nothing shows) is an empty cell, never a bad value.

    The register looks its coordinates and weights up on another sheet, as offices do; three rows find nothing.
    Those rows are kept (their place locates them; a missing quantity is allowed) and nothing else changes.
    """
    header = ["N° PV", "Date de saisie", "Localité", "Pays", "Produit", "Quantité", "Unité", "Latitude",
              "Longitude"]
    records = [["PV-1", "15/03/2023", "Dakar", "Sénégal", "Cocaïne", 12.5, "kg", 14.69, -17.44],
               ["PV-2", "16/03/2023", "Thiès", "Sénégal", "Cocaïne", 3, "kg", "#N/A", "#N/A"],
               ["PV-3", "17/03/2023", "Kaolack", "Sénégal", "Cocaïne", "#N/A", "#N/A", 14.15, -16.07],
               ["PV-4", "18/03/2023", "Mbour", "Sénégal", "Cannabis", 40, "kg", "#N/A", "#N/A"]]
    lookup = {"Latitude": "VLOOKUP(C{n},Lieux!A:C,2,0)", "Longitude": "VLOOKUP(C{n},Lieux!A:C,3,0)",
              "Quantité": "VLOOKUP(A{n},Poids!A:B,2,0)"}
    rows = [[inline_cell(f"{c}1", v) for c, v in zip("ABCDEFGHI", header, strict=True)]]
    rows += [[inline_cell(f"{c}{n}", v, lookup.get(h, "").format(n=n) or None)
              for c, h, v in zip("ABCDEFGHI", header, row, strict=True)]
             for n, row in enumerate(records, start=2)]
    csv = pd.DataFrame(records, columns=header).to_csv(sep=";", index=False).encode("utf-8")
    expected = pd.DataFrame(records, columns=header).replace("#N/A", None)
    for name, data in (("registre.xlsx", xlsx_with_sheet_data(rows)), ("registre.csv", csv)):
        store = GeoPackageStore(tmp_path / f"{name}.gpkg")
        report = importer.import_bytes(store, data, name, agency="sen-ocrtis", created_by="t")
        assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (4, 4, 0, 0), name
        stored = store.query().set_index("source_ref").loc[["PV-1", "PV-2", "PV-3", "PV-4"]]
        assert stored["quantity"].sum() == pytest.approx(pd.to_numeric(expected["Quantité"]).sum()), name
        assert stored["quantity"].isna().tolist() == expected["Quantité"].isna().tolist(), name
        given = expected["Latitude"].notna().to_numpy()
        assert stored["location_precision"].tolist() == ["exact" if g else "place" for g in given], name
        assert not report.warnings["value"].astype(str).str.contains("N/A").any(), name
