"""A CSV register imported streamed, a few rows at a time, stores exactly what the whole-file import stores.

The command line streams a large register (``geo.ingest.streaming``): the file is read in chunks, the
reference column is checked as a key over the whole file first, and every chunk is written into one
transaction. Each test imports the same bytes both ways, in chunks of 7 rows so that duplicates, a
refused key and a damaged byte fall on either side of a chunk boundary, and compares the two as frames:
stored records, quarantine, problems, warnings and the report.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from geo.cli import main
from geo.ingest import pipeline, streaming
from geo.ingest.keys import NotAKey
from geo.store import GeoPackageStore
from tests.support import FRENCH_ROWS, REGISTER_HEADER

pytestmark = pytest.mark.slow  # two imports per test, each loading the gazetteer's index
AGENCY = "sen-ocrtis"
CHUNK = 7
STORE_ONLY = ["batch_id", "created_at"]  # differ between two stores by construction


def register(rows: list[list[str]], *, encoding: str = "cp1252", header: list[str] = REGISTER_HEADER,
             blank_after: tuple[int, ...] = ()) -> bytes:
    """A register as French Excel exports it (title line, blank line, header), blank lines after some rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([["OCRTIS — Registre des saisies 2023"], [], header])
    for number, row in enumerate(rows):
        writer.writerow(row)
        if number in blank_after:
            buffer.write(";;;\r\n")  # a row of empty cells, as Excel writes a cleared line
    return buffer.getvalue().encode(encoding)


def many_rows(count: int) -> list[list[str]]:
    """``count`` rows cycling through the French register's six, each with its own reference."""
    rows = []
    for number in range(count):
        row = list(FRENCH_ROWS[number % len(FRENCH_ROWS)])
        row[0] = f"PV-{number:03d}"
        rows.append(row)
    return rows


def both(tmp_path, data: bytes, chunk: int = CHUNK):
    """The file imported whole into one store and streamed into another: (reports, stores)."""
    whole, streamed = GeoPackageStore(tmp_path / "whole.gpkg"), GeoPackageStore(tmp_path / "streamed.gpkg")
    first = pipeline.import_bytes(whole, data, "registre.csv", agency=AGENCY, created_by="test")
    second = streaming.import_csv(streamed, data, "registre.csv", agency=AGENCY, created_by="test",
                                  chunk_rows=chunk)
    for report in (first, second):
        assert report.rows == report.accepted + report.quarantined + report.duplicates
    return (first, second), (whole, streamed)


def assert_same(reports, stores) -> None:
    """Same report, records, quarantine, problems, warnings and kept file, whole or streamed."""
    first, second = reports
    whole, streamed = stores
    assert {**first.as_json(), "batch_id": None} == {**second.as_json(), "batch_id": None}
    pd.testing.assert_frame_equal(whole.query().drop(columns=STORE_ONLY), streamed.query().drop(columns=STORE_ONLY))
    pd.testing.assert_frame_equal(whole.quarantine(first.batch_id), streamed.quarantine(second.batch_id))
    pd.testing.assert_frame_equal(first.row_problems.reset_index(drop=True), second.row_problems)
    pd.testing.assert_frame_equal(first.warnings.reset_index(drop=True), second.warnings)
    assert whole.original_file(first.batch_id) == streamed.original_file(second.batch_id)
    batch_columns = ["rows", "accepted", "quarantined", "duplicates"]
    assert (whole.batches()[batch_columns].to_numpy().tolist() == streamed.batches()[batch_columns].to_numpy().tolist())


def test_a_streamed_register_stores_what_the_whole_file_import_stores(tmp_path):
    rows = many_rows(30)
    # Duplicates across chunk boundaries: by key (row 1 again as row 17, with another remark) and identical rows
    # without a reference (row 5's cells again as rows 12 and 26).
    rows[17] = [*rows[1][:9], "signalée deux fois"]
    no_ref = ["", "21/03/2023", "Ziguinchor", "Sénégal", "Cannabis", "40", "kg", "Gambie", "Route", "sans PV"]
    rows[5] = rows[12] = rows[26] = no_ref
    rows[22] = [*rows[22], "cellule de trop"]  # a cell beyond the header: quarantined, in a later chunk
    rows[9][9] = "sur deux\r\nlignes"  # a quoted value over two lines: line numbers shift below it
    data = register(rows, blank_after=(6, 13, 20))
    reports, stores = both(tmp_path, data)
    assert_same(reports, stores)
    first = reports[0]
    # Independently of the import: 30 rows; the French register's impossible dates and unknown substances are
    # held back; duplicates are the key repeated once and the identical row repeated twice.
    impossible = sum(1 for number, row in enumerate(rows) if row[1] == "31/02/2023")
    unknown = sum(1 for row in rows if row[4] == "Poudre blanche")
    assert first.rows == len(rows)
    assert first.quarantined == impossible + unknown + 1  # + the row with a cell too many
    assert (first.duplicates_by_key, first.duplicates_identical) == (1, 2)
    stored = stores[1].query()
    kept = [row for number, row in enumerate(rows) if row[1] != "31/02/2023" and row[4] != "Poudre blanche"
            and number not in (12, 17, 22, 26)]
    assert len(stored) == len(kept) == first.accepted
    assert first.details["blank_rows"] == 3


@pytest.mark.parametrize("chunk", [1, 2, 6, 1000])
def test_the_chunk_size_changes_nothing(tmp_path, chunk):
    rows = many_rows(13)
    rows[11] = list(rows[4])  # the same row again, reference included: a duplicate by key
    assert_same(*both(tmp_path, register(rows, blank_after=(5,)), chunk))


def test_a_decimal_comma_in_one_chunk_decides_1_200_in_every_chunk(tmp_path):
    # "0,5" (first chunk) shows the column's decimal mark; "1,200" alone (second chunk) is ambiguous: the whole
    # column decides, so it is 1.2 kg streamed as whole, never 1,200 kg because the chunk lacks the evidence.
    rows = many_rows(14)
    for row in rows[CHUNK:]:
        row[5] = row[5].replace(",", "")  # "12,5" -> "125": the second chunk shows no decimal mark of its own
    rows[0][5], rows[7][5], rows[7][6] = "0,5", "1,200", "kg"
    reports, stores = both(tmp_path, register(rows))
    assert_same(reports, stores)
    stored = stores[1].query().set_index("source_ref")
    assert stored.loc["PV-007", "quantity"] == pytest.approx(1.2)
    assert stored.loc["PV-000", "quantity"] == pytest.approx(0.5)


def test_a_reference_that_is_not_a_key_is_refused_across_chunks_and_nothing_is_stored(tmp_path):
    rows = many_rows(25)
    rows[20][0] = rows[2][0]  # PV-002 again 18 rows later, another seizure: the column is not a key
    rows[23][0] = rows[2][0]
    data = register(rows)
    whole, streamed = GeoPackageStore(tmp_path / "whole.gpkg"), GeoPackageStore(tmp_path / "streamed.gpkg")
    with pytest.raises(NotAKey) as expected:
        pipeline.import_bytes(whole, data, "registre.csv", agency=AGENCY)
    with pytest.raises(NotAKey) as refused:
        streaming.import_csv(streamed, data, "registre.csv", agency=AGENCY, chunk_rows=CHUNK)
    assert (refused.value.column, refused.value.rows, refused.value.records) == ("N° PV", 3, 1)
    assert (expected.value.rows, expected.value.records) == (refused.value.rows, refused.value.records)
    assert streamed.count() == 0 and streamed.batches().empty


def test_a_damaged_byte_in_a_later_chunk_holds_back_its_row_only(tmp_path):
    rows = many_rows(24)
    rows[19][9] = "saisie@@quai"
    data = register(rows, encoding="utf-8", blank_after=(13,)).replace(b"@@", b"\x92")
    # A damaged blank line at a chunk boundary belongs to the record above it, as in the whole file.
    data = data.replace(b"\r\n;;;\r\n", b"\r\n;\x00;;\r\n", 1)
    reports, stores = both(tmp_path, data)
    assert_same(reports, stores)
    held = reports[1].row_problems
    assert held.loc[held["code"] == "damaged_bytes", "detail"].str.slice(0, 5).tolist() == ["line ", "line "]
    assert reports[1].details["encoding"] == "utf-8" and len(reports[1].details["damaged_lines"]) == 2


def test_unnamed_columns_blank_in_every_chunk_are_left_out_and_one_filled_late_is_kept(tmp_path):
    header = [*REGISTER_HEADER[:9], "", "", REGISTER_HEADER[9]]  # two columns without a name before the notes
    rows = [[*row[:9], "", "", row[9]] for row in many_rows(16)]
    rows[15][10] = "note en marge"  # only the last chunk fills the second unnamed column
    reports, stores = both(tmp_path, register(rows, header=header))
    assert_same(reports, stores)
    raw = stores[1].quarantine(reports[1].batch_id)["raw"].iloc[0]
    assert "column 10" not in raw and "column 11" in raw


def test_the_cli_streams_a_csv_in_chunks(tmp_path, capsys):
    rows = many_rows(20)
    path = tmp_path / "registre.csv"
    path.write_bytes(register(rows))
    db = tmp_path / "cli.gpkg"
    assert main(["import", str(path), "--db", str(db), "--agency", AGENCY, "--json", "--chunk-rows", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == len(rows) == out["accepted"] + out["quarantined"] + out["duplicates"]
    store = GeoPackageStore(db)
    assert store.count() == out["accepted"]
    assert store.original_file(out["batch_id"]) == path.read_bytes()
    assert main(["import", str(path), "--db", str(db), "--chunk-rows", "0"]) == 2


@pytest.mark.parametrize("fork", [False, True])
def test_a_failure_in_a_later_chunk_leaves_the_store_as_it_was(tmp_path, monkeypatch, fork):
    store = GeoPackageStore(tmp_path / "store.gpkg")
    first = streaming.import_csv(store, register(many_rows(5)), "avant.csv", agency=AGENCY, chunk_rows=CHUNK)
    before = (store.count(), len(store.batches()))
    checked, calls = pipeline.check_rows, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # two chunks already written into the open transaction
            raise MemoryError("the machine ran out of memory")
        return checked(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_rows", failing)
    with pytest.raises(MemoryError):
        streaming.import_csv(store, register(many_rows(30)), "registre.csv", agency=AGENCY, chunk_rows=CHUNK,
                             fork=fork)
    assert len(calls) == (0 if fork else 3)  # forked: the chunks were checked (and failed) in the child
    assert (store.count(), len(store.batches())) == before
    assert store.batches()["batch_id"].tolist() == [first.batch_id]
    with store.connect() as connection:
        assert connection.execute("SELECT count(*) FROM import_files").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM quarantine").fetchone()[0] == first.quarantined
