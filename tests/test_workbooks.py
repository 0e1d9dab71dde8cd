"""OpenDocument (.ods) and Excel 97-2003 (.xls) registers: found by content, read like an XLSX.

The .xls files are written with xlwt (test-only, requirements-dev.txt): BIFF8, as Excel 97-2003 saved them.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pandas as pd
import pytest

from geo.ingest import pipeline as importer
from geo.ingest.readers import filetypes
from geo.ingest.readers.tables import UnusableFile, detect_format, read_table
from geo.store import GeoPackageStore
from tests.support.spreadsheets import ods_bytes, xls_bytes

HEADER = ["N° PV", "Date de saisie", "Localité", "Pays", "Produit", "Quantité", "Unité"]
ROWS = [
    ["PV-001", datetime.date(2023, 3, 15), "Kédougou", "Sénégal", "Cocaïne", 12.5, "kg"],
    ["PV-002", datetime.date(2023, 3, 16), "Thiès", "Sénégal", "Résine de cannabis", 1100, "g"],
    ["PV-005", datetime.date(2023, 3, 19), "Niamey", "Niger", "Tramadol", 12000, "comprimés"],
]


def register_ods() -> bytes:
    """A LibreOffice register: a title row, a blank row, the header on row 3; a notes sheet first."""
    return ods_bytes({"Notes": [["Source : OCRTIS"]],
                      "Registre 2023": [["Registre des saisies 2023"], [], HEADER, *ROWS]})


def test_ods_is_found_by_its_mimetype_entry_whatever_the_name():
    assert detect_format(register_ods(), "registre.bin") == "ods"


def test_ods_reads_dates_numbers_and_the_header_below_title_rows():
    table = read_table(register_ods(), "registre.ods")
    assert table.format == "ods"
    assert table.details["sheet"] == "Registre 2023" and table.details["header_row"] == 3
    assert table.source_rows == [4, 5, 6]
    assert list(table.frame.columns) == HEADER
    midnight = [datetime.datetime.combine(row[1], datetime.time()) for row in ROWS]
    assert table.frame["Date de saisie"].tolist() == midnight
    assert [float(q) for q in table.frame["Quantité"]] == [row[5] for row in ROWS]
    assert table.frame["Localité"].tolist() == ["Kédougou", "Thiès", "Niamey"]


@pytest.mark.slow
def test_an_ods_register_imports_with_the_same_totals_as_pandas(tmp_path):
    store = GeoPackageStore(tmp_path / "ods.gpkg")
    report = importer.import_bytes(store, register_ods(), "registre.ods", agency="sen-ocrtis", created_by="test")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (3, 3, 0, 0)
    stored = store.query().set_index("source_ref")
    expected = pd.DataFrame(ROWS, columns=HEADER).set_index("N° PV")
    assert stored.loc[expected.index, "quantity"].astype(float).tolist() == expected["Quantité"].astype(float).tolist()
    assert stored.loc["PV-001", "date"].strftime("%Y-%m-%d") == "2023-03-15"


def test_an_ods_declaring_entities_is_refused_before_parsing():
    data = register_ods()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "content.xml":
                body = body.replace(b"?>", b'?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            archive.writestr(info, body)
    with pytest.raises(UnusableFile) as caught:
        read_table(out.getvalue(), "registre.ods")
    assert caught.value.code == "xml_entities"


def test_another_opendocument_is_not_taken_for_a_spreadsheet():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnusableFile) as caught:
        detect_format(buffer.getvalue(), "lettre.odt")
    assert caught.value.code == "unknown_format" and "OpenDocument" in caught.value.detail


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_xls_is_found_by_its_ole2_signature_and_workbook_stream():
    fake = OLE2 + bytes(56) + "Workbook".encode("utf-16-le") + b"\x00\x00" + bytes(64)
    assert detect_format(fake, "registre.dat") == "xls"
    with pytest.raises(UnusableFile) as caught:  # not a real compound file: calamine's failure, in one line
        read_table(fake, "registre.xls")
    assert caught.value.code == "unreadable" and "XLS" in caught.value.detail


def test_an_ole2_file_without_a_workbook_is_still_refused():
    with pytest.raises(UnusableFile) as caught:
        detect_format(OLE2 + "WordDocument".encode("utf-16-le") + bytes(64), "note.doc")
    assert caught.value.code == "unknown_format"


def test_formats_lists_the_spreadsheets():
    assert {"xlsx", "xls", "ods"} <= set(filetypes.FORMATS)


def test_ods_row_numbers_count_the_empty_rows_above_the_table():
    table = read_table(ods_bytes({"Registre": [[], [None, None], ["Lieu", "Quantité"], ["Dakar", 3]]}), "r.ods")
    assert table.details["header_row"] == 3 and table.source_rows == [4]


def register_xls() -> bytes:
    """An Excel 97-2003 register: a notes sheet, a hidden sheet with a better header, the register (title row,
    blank row, header on row 3); case numbers as numbers, dates as dates."""
    rows = [[row[0], *row[1:]] for row in ROWS]
    rows[0][0] = 1001  # a case number typed as a number: read 1001, never 1001.0
    hidden = [HEADER + ["Service", "Motif"]]
    return xls_bytes({"Notes": [["Source : OCRTIS"]], "Cachée": hidden,
                      "Registre 2023": [["Registre des saisies 2023"], [], HEADER, *rows]}, hidden=("Cachée",))


def test_xls_is_found_by_content_and_reads_the_visible_register_below_its_title():
    data = register_xls()
    assert detect_format(data, "registre.bin") == "xls"
    table = read_table(data, "registre.xls")
    assert table.format == "xls"
    assert table.details["sheet"] == "Registre 2023" and table.details["sheets"] == ["Notes", "Registre 2023"]
    assert table.details["header_row"] == 3 and table.source_rows == [4, 5, 6]
    assert list(table.frame.columns) == HEADER
    assert table.frame["N° PV"].tolist() == [1001, "PV-002", "PV-005"] and type(table.frame["N° PV"][0]) is int
    midnight = [datetime.datetime.combine(row[1], datetime.time()) for row in ROWS]
    assert table.frame["Date de saisie"].tolist() == midnight
    assert table.frame["Quantité"].tolist() == [12.5, 1100, 12000] and type(table.frame["Quantité"][1]) is int
    assert table.frame["Localité"].tolist() == ["Kédougou", "Thiès", "Niamey"]


@pytest.mark.slow
def test_an_xls_register_imports_with_the_same_totals_as_pandas(tmp_path):
    store = GeoPackageStore(tmp_path / "xls.gpkg")
    report = importer.import_bytes(store, register_xls(), "registre.xls", agency="sen-ocrtis", created_by="test")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (3, 3, 0, 0)
    stored = store.query().set_index("source_ref")
    assert sorted(stored.index) == ["1001", "PV-002", "PV-005"]
    expected = pd.DataFrame(ROWS, columns=HEADER)
    assert stored["quantity"].astype(float).sum() == pytest.approx(expected["Quantité"].astype(float).sum())
    assert stored.loc["1001", "date"].strftime("%Y-%m-%d") == "2023-03-15"
