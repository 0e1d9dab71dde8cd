"""Damaged bytes in a text register: the damaged row is held back, every other row is read as written.

One stray Windows-1252 byte in the last row of a UTF-8 register used to re-decode the whole file as
Windows-1252: every accented value became mojibake, the ``N° PV`` header was lost, and the corrected file then
imported the same seizures a second time. A NUL byte refused the whole register.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import ingest as ingest_text
from geo.ingest import pipeline as importer
from geo.ingest import problems
from geo.ingest.readers import encoding
from geo.ingest.readers.tables import read_table
from geo.store import GeoPackageStore
from tests.support import FRENCH_ROWS, register_csv

AGENCY = "sen-ocrtis"
# PV-001, PV-002 and PV-005 of the French register are valid rows with accents; PV-006 is added last.
GOOD_ROWS = [FRENCH_ROWS[0], FRENCH_ROWS[1], FRENCH_ROWS[5]]
LAST_ROW = ["PV-006", "20/03/2023", "Mbour", "Sénégal", "Cocaïne", "4", "kg", "", "Route", "saisie@@quai"]
LAST_LINE = 7  # title line, blank line, header, then three rows: the last row is line 7


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "encoding.gpkg")


def damaged_register(stray: bytes) -> bytes:
    """The register in UTF-8 with ``stray`` in the last row, as a value pasted from an old Windows program."""
    return register_csv([*GOOD_ROWS, LAST_ROW], encoding="utf-8").replace(b"@@", stray)


def run_import(store, data: bytes, name: str) -> importer.ImportReport:
    report = importer.import_bytes(store, data, name, agency=AGENCY, created_by="test")
    assert report.rows == report.accepted + report.quarantined + report.duplicates
    return report


def test_a_stray_cp1252_byte_holds_back_its_row_and_keeps_the_file_utf8():
    table = read_table(damaged_register(b"\x92"), "registre.csv")
    assert table.details["encoding"] == "utf-8"
    assert "N° PV" in table.frame.columns
    assert table.frame["Localité"].tolist() == ["Kédougou", "Thiès", "Niamey", "Mbour"]
    assert table.frame["Produit"].tolist()[:2] == ["Cocaïne", "Résine de cannabis"]
    found = table.problems.to_dict("records")
    assert [(p["row"], p["code"], p["detail"]) for p in found] == [(3, "damaged_bytes", f"line {LAST_LINE}: 92")]
    english = problems.describe(found[0], ingest_text.READER_MESSAGES, "en")
    french = problems.describe(found[0], ingest_text.READER_MESSAGES, "fr")
    assert f"line {LAST_LINE}: 92" in english and "utf-8" in english
    assert "octets" in french and f"line {LAST_LINE}: 92" in french


@pytest.mark.slow
def test_the_corrected_register_adds_only_the_corrected_row(store):
    first = run_import(store, damaged_register(b"\x92"), "registre.csv")
    assert (first.rows, first.accepted, first.quarantined, first.duplicates) == (4, 3, 1, 0)
    assert first.row_problems["row_number"].tolist() == [LAST_LINE]
    stored = store.query().set_index("source_ref")
    expected = pd.DataFrame(GOOD_ROWS).set_index(0)[2]  # independent: the rows as written, accents intact
    assert stored.loc[expected.index, "place"].tolist() == expected.tolist()

    second = run_import(store, damaged_register(b"'"), "registre-corrige.csv")
    assert (second.rows, second.accepted, second.quarantined, second.duplicates) == (4, 1, 0, 3)
    stored = store.query()
    assert len(stored) == 4
    assert sorted(stored["source_ref"]) == ["PV-001", "PV-002", "PV-005", "PV-006"]


@pytest.mark.slow
def test_a_nul_byte_holds_back_its_row_not_the_register(store):
    data = register_csv([*GOOD_ROWS, LAST_ROW], encoding="cp1252").replace(b"@@", b"\x00")
    report = run_import(store, data, "registre.csv")
    assert (report.rows, report.accepted, report.quarantined) == (4, 3, 1)
    assert report.row_problems[["row_number", "code", "detail"]].values.tolist() == [
        [LAST_LINE, "damaged_bytes", f"line {LAST_LINE}: 00"]]
    assert "\x00" not in "".join(map(str, store.quarantine(report.batch_id)["raw"].iloc[0].values()))


def test_a_real_cp1252_register_still_reads_as_cp1252():
    data = register_csv(GOOD_ROWS, encoding="cp1252")
    table = read_table(data, "registre.csv")
    assert table.details["encoding"] == "cp1252"
    assert table.problems.empty
    assert table.frame["Localité"].tolist() == ["Kédougou", "Thiès", "Niamey"]


def test_a_cp1252_register_with_one_accidentally_valid_utf8_pair_stays_cp1252():
    rows = [*GOOD_ROWS, ["PV-007", "21/03/2023", "Ã©tÃ©", "Sénégal", "Cocaïne", "1", "kg", "", "", ""]]
    table = read_table(register_csv(rows, encoding="cp1252"), "registre.csv")
    assert table.details["encoding"] == "cp1252"
    assert table.frame["Localité"].tolist()[-1] == "Ã©tÃ©"


def test_damage_in_a_multiline_value_is_charged_to_its_record():
    data = "Lieu;Note\nDakar;\"première\nligne\"\nThiès;ok\n".encode().replace(b"ligne", b"lign\xe9")
    table = read_table(data, "s.csv")
    assert table.details["encoding"] == "utf-8"
    assert table.problems[["row", "detail"]].values.tolist() == [[0, "line 3: E9"]]


def test_decode_reports_every_damaged_line_once():
    decoded = encoding.decode("a;b\né;1\nè;1\n".encode() + b"x\xff\xfe;2\nz\x00;3\n")
    assert decoded.encoding == "utf-8"
    assert decoded.damaged == {4: b"\xff\xfe", 5: b"\x00"}
    assert "\x00" not in decoded.text and decoded.text.count("\ufffd") == 3
