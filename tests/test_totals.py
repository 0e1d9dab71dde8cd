"""Official annual totals: recognised by their shape, stored as totals (never records), read back exactly.

The file is a UNODC-shaped export built in code (tests/support/totals.py); every stored figure is checked
against an independent pandas reading of the same rows.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from geo import cli
from geo.access import Actor, Viewer
from geo.ingest import pipeline, totals
from tests.support.registers import REGISTER_HEADER
from tests.support.totals import UNODC_HEADER, UNODC_ROWS, unodc_xlsx

ADMIN = Actor("test-admin")
UNKNOWN = {"Atlantis"}  # rows the export holds that no store may keep


def expected_totals(rows: list[list] = UNODC_ROWS) -> pd.DataFrame:
    """What should be stored, computed from the rows by pandas alone: whole repeats once, unusable rows out."""
    frame = pd.DataFrame(rows, columns=UNODC_HEADER)
    frame = frame[~frame["Country"].isin(UNKNOWN) & pd.to_numeric(frame["Reference year"], errors="coerce").notna()]
    frame = frame.drop_duplicates()
    drug = frame["DrugName"].where(frame["DrugName"] != "", frame["DrugSubGroup"])
    frame = frame.assign(label=drug.where(drug != "", frame["DrugGroup"]),
                         year=frame["Reference year"].astype(int), kg=frame["Kilograms"].astype(float))
    return frame.loc[:, ["label", "year", "kg"]].sort_values(["label", "year", "kg"]).reset_index(drop=True)


def stored(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[:, ["label", "year", "kg"]].sort_values(["label", "year", "kg"]).reset_index(drop=True)


def test_a_unodc_export_is_recognised_as_totals_and_a_register_is_not():
    table = pipeline.read(unodc_xlsx(), "drug_seizures.xlsx")
    assert table.details["header_row"] == 2  # the title row above it skipped
    assert totals.looks_like_totals(list(table.frame.columns))
    assert not totals.looks_like_totals(REGISTER_HEADER)
    assert not totals.looks_like_totals(["Date", "Country", "Drug", "Kilograms"])  # a dated table holds seizures


def test_every_stored_total_is_the_sum_pandas_computes_and_every_row_is_accounted_for(store):
    store.ensure_agency(ADMIN, "UNODC")
    report = totals.import_totals(store, unodc_xlsx(), "drug_seizures.xlsx", agency="UNODC", sensitivity="public",
                                  created_by="t")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (12, 9, 2, 1)
    assert report.rows == report.accepted + report.quarantined + report.duplicates
    read = store.read_totals(Viewer.administrator())
    pd.testing.assert_frame_equal(stored(read), expected_totals())
    assert store.count() == 0  # never as seizure records
    by_label = read.set_index(["country", "label", "year"])
    assert by_label.loc[("GHA", "Cannabis resin (hashish)", 2022), "substance"] == "cannabis_resin"  # ISO3 only
    assert by_label.loc[("BOL", "Cocaine (base)", 2021), "substance"] == "cocaine_base"  # brackets, UN name
    assert by_label.loc[("SEN", "Cocaine-type", 2022), "substance"] == "cocaine_type"  # the group kept, labelled
    assert by_label.loc[("CIV", "Opioids", 2021), "substance"] == "opioids"
    reasons = store.quarantine(report.batch_id)
    assert list(reasons["code"]) == ["country_unknown", "total_year_unparsed"]
    assert list(reasons["row_number"]) == [13, 14]  # the file's own row numbers (title row 1, header row 2)
    batch = store.batch(report.batch_id)
    assert (batch["kind"], batch["rows"], batch["accepted"]) == ("totals", 12, 9)


def test_a_different_figure_for_the_same_country_year_and_drug_is_held_back_never_summed(store):
    rows = [UNODC_ROWS[0], [*UNODC_ROWS[0][:7], 999, "SEN"]]
    report = totals.import_totals(store, unodc_xlsx(rows), "x.xlsx", created_by="t")
    assert (report.accepted, report.quarantined, report.duplicates) == (1, 1, 0)
    assert store.read_totals()["kg"].tolist() == [1200.5]
    assert "1200.5 kg (row 3)" in store.quarantine(report.batch_id)["reason"].iloc[0]


def test_an_agency_never_sees_another_agencys_restricted_totals_unless_it_shares(store):
    for agency in ("A", "B", "C"):
        store.ensure_agency(ADMIN, agency)
    totals.import_totals(store, unodc_xlsx(UNODC_ROWS[:1]), "a.xlsx", agency="A", sensitivity="restricted",
                         created_by="t")
    totals.import_totals(store, unodc_xlsx(UNODC_ROWS[4:5]), "b.xlsx", agency="B", sensitivity="public",
                         created_by="t")
    totals.import_totals(store, unodc_xlsx(UNODC_ROWS[5:6]), "c.xlsx", agency="C", sensitivity="confidential",
                         created_by="t")
    store.set_sharing(ADMIN, "A", "B")

    def seen(viewer):
        return sorted(store.read_totals(viewer)["agency"])

    assert seen(store.viewer_for("B")) == ["A", "B"]
    assert seen(store.viewer_for("C")) == ["B", "C"]  # A shares with B only; C's own confidential total
    assert seen(Viewer.open_demo()) == ["B"]
    assert seen(Viewer.administrator()) == ["A", "B", "C"]
    assert seen(store.viewer_for("B", "public")) == ["B"]


def test_removing_a_totals_batch_removes_its_totals_and_keeps_the_trail(store):
    report = totals.import_totals(store, unodc_xlsx(), "x.xlsx", created_by="t")
    removal = store.remove_batch(ADMIN, report.batch_id)
    assert removal.records == 9 and store.read_totals().empty
    assert store.batch(report.batch_id)["removed_at"] is not None


def test_the_command_line_imports_reads_and_exports_totals(tmp_path, capsys):
    db, source = str(tmp_path / "s.gpkg"), tmp_path / "drug_seizures.xlsx"
    source.write_bytes(unodc_xlsx())
    assert cli.main(["import", str(source), "--db", db, "--agency", "UNODC", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["kind"], report["rows"], report["accepted"], report["quarantined"], report["duplicates"]) == (
        "totals", 12, 9, 2, 1)
    assert cli.main(["totals", "--db", db, "--json", "--country", "SEN", "--from", "2022", "--to", "2022"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {(r["label"], r["kg"]) for r in rows} == {("Cocaine hydrochloride", 1200.5), ("Cocaine base", 300.0),
                                                     ("Cocaine-type", 1500.5), ("Cannabis herb (marijuana)", 25000.0)}
    assert set(rows[0]) == {"country", "year", "substance", "label", "kg", "cases", "source"}
    assert all(r["year"] == 2022 and r["cases"] is None and r["source"] == "drug_seizures.xlsx" for r in rows)
    assert cli.main(["totals", "--db", db, "--json", "--as", "UNODC", "--substance", "tramadol"]) == 0
    assert [r["kg"] for r in json.loads(capsys.readouterr().out)["rows"]] == [9000.0]
    out = tmp_path / "totals.csv"
    assert cli.main(["export", "--totals", "--db", db, "--out", str(out)]) == 0
    exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(exported) == 9 and sum(float(r["kg"]) for r in exported) == pytest.approx(expected_totals()["kg"].sum())
    assert cli.main(["export", "--totals", "--db", db, "--out", str(tmp_path / "t.xlsx")]) == 0
    assert cli.main(["export", "--totals", "--db", db, "--out", str(tmp_path / "t.geojson")]) == 2
    capsys.readouterr()
    assert cli.main(["check", "--db", db, "--json"]) == 0  # a totals batch's accounting holds too
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_kind_overrides_the_guess_and_a_totals_table_without_kilograms_is_refused(tmp_path, capsys):
    db, source = str(tmp_path / "s.gpkg"), tmp_path / "t.xlsx"
    source.write_bytes(unodc_xlsx(UNODC_ROWS[:2]))
    assert cli.main(["import", str(source), "--db", db, "--kind", "seizures", "--json"]) == 0
    assert json.loads(capsys.readouterr().out).get("kind") != "totals"  # read as (year-precision) seizures
    bare = tmp_path / "bare.xlsx"
    bare.write_bytes(unodc_xlsx([r[:7] for r in UNODC_ROWS[:2]], header=UNODC_HEADER[:7]))
    assert cli.main(["import", str(bare), "--db", db, "--kind", "totals"]) == 2
    assert "no column for kilograms" in capsys.readouterr().err


def test_a_dry_run_counts_without_writing(tmp_path, capsys):
    db, source = str(tmp_path / "s.gpkg"), tmp_path / "t.xlsx"
    source.write_bytes(unodc_xlsx())
    assert cli.main(["import", str(source), "--db", db, "--dry-run", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "official annual totals" in out and "12 = accepted 9 + quarantined 2 + duplicates 1" in out
    assert cli.main(["totals", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"rows": []}


def test_an_office_csv_in_french_with_cases_and_a_source_is_read_and_exported_formula_safe(tmp_path, capsys):
    db, source = str(tmp_path / "s.gpkg"), tmp_path / "bilan.csv"
    source.write_text("Bilan annuel des saisies\nPays;Année;Drogue;Total (kg);Nombre de saisies;Source\n"
                      "Sénégal;2023;Résine de cannabis;1 250,5;14;=1+2\n"
                      "Mali;2023;Cocaïne;12;3,5;OCRTIS\n", encoding="utf-8")
    assert cli.main(["import", str(source), "--db", db, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["kind"], report["accepted"], report["quarantined"]) == ("totals", 1, 1)  # 3,5 cases: refused
    assert cli.main(["totals", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == [
        {"country": "SEN", "year": 2023, "substance": "cannabis_resin", "label": "Résine de cannabis", "kg": 1250.5,
         "cases": 14, "source": "=1+2"}]  # exactly as stored
    out = tmp_path / "t.csv"
    assert cli.main(["export", "--totals", "--db", db, "--out", str(out)]) == 0
    assert "'=1+2" in out.read_text(encoding="utf-8")


def test_row_level_security_filters_official_totals_on_the_server_itself(postgis_store):
    for agency in ("A", "B", "C"):
        postgis_store.ensure_agency(ADMIN, agency)
    totals.import_totals(postgis_store, unodc_xlsx(UNODC_ROWS[:1]), "a.xlsx", agency="A", sensitivity="restricted",
                         created_by="t")
    totals.import_totals(postgis_store, unodc_xlsx(UNODC_ROWS[4:5]), "c.xlsx", agency="C",
                         sensitivity="confidential", created_by="t")
    postgis_store.set_sharing(ADMIN, "A", "B")
    cases = [(postgis_store.viewer_for("B"), ["A"]), (postgis_store.viewer_for("C"), ["C"]),
             (Viewer.open_demo(), []), (Viewer.administrator(), ["A", "C"])]
    for viewer, expected in cases:
        with postgis_store.connect(viewer) as connection:  # no WHERE clause: only the policy filters
            seen = sorted(row[0] for row in connection.execute("SELECT agency FROM official_totals"))
        assert seen == expected, viewer


@pytest.mark.parametrize(("kind", "options"), [("totals", []), ("records", []), ("records", ["--dry-run"])])
def test_the_command_line_reads_a_workbook_once_to_tell_totals_from_records_and_import_it(tmp_path, capsys,
                                                                                          monkeypatch, kind, options):
    db, source = str(tmp_path / "s.gpkg"), tmp_path / "t.xlsx"
    if kind == "totals":
        source.write_bytes(unodc_xlsx())
    else:
        frame = pd.DataFrame([["SN-1", "12/03/2023", "Dakar", "Sénégal", "Cocaïne", "12,5", "kg"]],
                             columns=REGISTER_HEADER[:7])
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False)
        source.write_bytes(buffer.getvalue())
    reads: list[int | None] = []
    real = pipeline.read
    monkeypatch.setattr(pipeline, "read", lambda *a, max_rows=None, **k: reads.append(max_rows) or real(
        *a, max_rows=max_rows, **k))
    assert cli.main(["import", str(source), "--db", db, "--agency", "sen-ocrtis", "--json", *options]) == 0
    report = json.loads(capsys.readouterr().out)
    # The whole workbook once (the zip checks and the sheet parse were ~1.4 s of a 100,000-row import, twice).
    assert reads == [None]
    assert (report.get("kind") == "totals") == (kind == "totals")
    assert report["accepted"] == (9 if kind == "totals" else 1)
