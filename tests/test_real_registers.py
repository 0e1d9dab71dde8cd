"""A customs agency's published monthly seizure statistics, imported end to end through ``python -m geo import``.

The shape real offices publish: a title row above the header, a fiscal year starting in October, months as
three-letter abbreviations, an aggregated row per month, region and drug with its "Count of Event", weights in
pounds, and a branch column that nothing maps (two branches may report the same month, drug and weight).
Every row's fate, date, kilograms and cases are checked against an independent pandas computation.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from geo.cli import main
from geo.core.filters import RecordFilter
from geo.store import open_store

POUND_KG = 0.45359237
MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")
DRUGS = {"Cocaine": "cocaine", "Methamphetamine": "methamphetamine", "Fentanyl": "fentanyl", "Heroin": "heroin",
         "Marijuana": "cannabis_herb", "Ketamine": "ketamine"}


def monthly_register(rows: int = 120, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "FY": rng.choice([2024, 2025, 2026], rows),
        "Month (abbv)": rng.choice(MONTHS, rows),
        "Region": rng.choice(["Southwest Border", "Northern Border", "Other"], rows),
        "Area of Responsibility": rng.choice(["El Paso Field Office", "Laredo Field Office", "San Diego"], rows),
        "Drug Type": rng.choice(list(DRUGS), rows),
        "Count of Event": rng.integers(1, 40, rows),
        "Sum Qty (lbs)": rng.integers(1, 5000, rows) + rng.integers(0, 100, rows) / 100,
    })
    # Two branches report the same month, drug and weight: two aggregated rows, not a duplicate.
    twin = frame.iloc[[0]].assign(**{"Area of Responsibility": "Tucson Sector"})
    return pd.concat([frame, twin], ignore_index=True)


def expected_dates(frame: pd.DataFrame, fiscal_start: int = 10) -> pd.Series:
    month = frame["Month (abbv)"].map({m: i for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)})
    year = frame["FY"] - (month >= fiscal_start).astype(int)
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))


@pytest.fixture
def register(tmp_path):
    frame = monthly_register()
    path = tmp_path / "nationwide-drug-seizures.csv"
    title = "Nationwide Drug Seizures by Fiscal Year and Month (published statistics)\n"
    path.write_text(title + frame.to_csv(index=False), encoding="utf-8")
    return frame, path


def import_argv(path, db) -> list[str]:
    """``geo import`` of the customs register as its README example gives it: no country column, FY from October."""
    return ["import", str(path), "--db", str(db), "--agency", "us-cbp", "--set", "country=USA",
            "--fiscal-year-start", "10", "--json"]


@pytest.mark.slow
def test_a_monthly_aggregate_in_pounds_imports_row_for_row(register, tmp_path, capsys):
    frame, path = register
    db = tmp_path / "store.gpkg"
    argv = import_argv(path, db)
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["accepted"], report["quarantined"], report["duplicates"]) == (len(frame),
                                                                                                   len(frame), 0, 0)
    stored = open_store(db).query(RecordFilter())
    assert len(stored) == len(frame)
    assert set(stored["country"]) == {"USA"}
    assert set(stored["date_precision"]) == {"month"}
    assert set(stored["source_ref"].dropna()) == set()  # the fiscal year is never taken as a case number
    # Independent sums: kilograms from pounds, cases from the event counts, dates from fiscal year and month.
    assert stored["quantity_kg"].sum() == pytest.approx((frame["Sum Qty (lbs)"] * POUND_KG).sum(), rel=1e-9)
    assert int(stored["seizure_count"].sum()) == int(frame["Count of Event"].sum())
    by_drug = frame.assign(substance=frame["Drug Type"].map(DRUGS)).groupby("substance")["Count of Event"].sum()
    assert stored.groupby("substance")["seizure_count"].sum().sort_index().to_dict() == by_drug.sort_index().to_dict()
    months = sorted(expected_dates(frame).dt.strftime("%Y-%m"))
    assert sorted(pd.to_datetime(stored["date"]).dt.strftime("%Y-%m")) == months
    # The same figures in `stats --json`: cases count the events, not the rows.
    assert main(["stats", "--db", str(db), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert sum(row["cases"] for row in stats["by_substance"].values()) == int(frame["Count of Event"].sum())
    assert sum(row["kg"] for row in stats["by_substance"].values()) == pytest.approx(  # stats rounds to grams
        (frame["Sum Qty (lbs)"] * POUND_KG).sum(), abs=0.001 * len(DRUGS))


@pytest.mark.slow
def test_the_dry_run_says_the_same_and_writes_nothing(register, tmp_path, capsys):
    frame, path = register
    db = tmp_path / "store.gpkg"
    assert main(["import", str(path), "--db", str(db), "--agency", "us-cbp", "--set", "country=USA",
                 "--fiscal-year-start", "10", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["accepted"]) == (len(frame), len(frame))
    assert open_store(db).count() == 0


@pytest.mark.slow
def test_removing_the_batch_undoes_the_import_and_the_file_can_come_again(register, tmp_path, capsys):
    frame, path = register
    db = tmp_path / "store.gpkg"
    argv = import_argv(path, db)
    assert main(argv) == 0
    batch = json.loads(capsys.readouterr().out)["batch_id"]
    assert main(["batch", "remove", batch, "--db", str(db)]) == 0
    assert open_store(db).count() == 0
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == len(frame)
