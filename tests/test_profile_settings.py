"""A profile carries every import setting: ``--dry-run --save-profile`` keeps them, ``--profile`` gives them back.

The customs monthly aggregate of ``test_real_registers`` needs a constant (country), a fiscal year start and a
value mapping; saved once from a dry run, the profile alone imports the next file the same way.
"""

import json

import pandas as pd
import pytest

from geo.cli import main
from geo.core.filters import RecordFilter
from geo.store import open_store
from tests.test_real_registers import DRUGS, POUND_KG, expected_dates, monthly_register

pytestmark = pytest.mark.slow


def write(tmp_path, frame: pd.DataFrame, name: str = "monthly.csv"):
    path = tmp_path / name
    path.write_text("Nationwide Drug Seizures (published statistics)\n" + frame.to_csv(index=False), encoding="utf-8")
    return path


def run(capsys, *argv) -> dict:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_a_dry_run_saves_the_whole_settings_and_the_profile_alone_imports_the_same(tmp_path, capsys):
    frame = monthly_register(rows=40).replace({"Drug Type": {"Marijuana": "Kush"}})  # a word no vocabulary knows
    path, db = write(tmp_path, frame), str(tmp_path / "store.gpkg")
    options = ["--set", "country=USA", "--fiscal-year-start", "10", "--value", "substance:Kush=cannabis_herb"]
    dry = run(capsys, "import", str(path), "--db", db, "--agency", "us-cbp", *options, "--dry-run", "--json",
              "--save-profile", "cbp monthly")
    assert (dry["rows"], dry["accepted"], dry["dry_run"]) == (len(frame), len(frame), True)
    store = open_store(db)
    assert store.count() == 0 and store.batches().empty  # only the profile was written

    saved = run(capsys, "profile", "show", "cbp monthly", "--agency", "us-cbp", "--db", db, "--json")["settings"]
    assert saved["constants"] == {"country": "USA"} and saved["fiscal_year_start"] == 10
    assert saved["values"] == {"substance": {"Kush": "cannabis_herb"}} and saved["default_unit"] == "lb"
    assert saved["columns"]["Sum Qty (lbs)"] == "quantity" and saved["columns"]["Region"] == "admin1"
    assert set(saved["columns"]) == set(frame.columns)

    report = run(capsys, "import", str(path), "--db", db, "--agency", "us-cbp", "--profile", "cbp monthly", "--json")
    assert (report["rows"], report["accepted"], report["quarantined"]) == (len(frame), len(frame), 0)
    stored = store.query(RecordFilter())
    drugs = {**DRUGS, "Kush": "cannabis_herb"}
    assert stored["substance"].value_counts().to_dict() == frame["Drug Type"].map(drugs).value_counts().to_dict()
    assert set(stored["country"]) == {"USA"}
    assert stored["quantity_kg"].sum() == pytest.approx((frame["Sum Qty (lbs)"] * POUND_KG).sum(), rel=1e-9)
    assert sorted(pd.to_datetime(stored["date"]).dt.strftime("%Y-%m")) == sorted(
        expected_dates(frame).dt.strftime("%Y-%m"))


def test_options_given_with_a_profile_apply_on_top_and_a_bad_profile_is_named(tmp_path, capsys):
    frame = monthly_register(rows=12)
    path, db = write(tmp_path, frame), str(tmp_path / "store.gpkg")
    run(capsys, "import", str(path), "--db", db, "--agency", "us-cbp", "--set", "country=USA", "--fiscal-year-start",
        "10", "--dry-run", "--json", "--save-profile", "p")
    # The fiscal year given on the command line wins over the profile's: every month moves.
    report = run(capsys, "import", str(path), "--db", db, "--agency", "us-cbp", "--profile", "p",
                 "--fiscal-year-start", "7", "--dry-run", "--json")
    assert report["fiscal_year_start"] == 7 and report["constants"] == {"country": "USA"}
    store = open_store(db)
    from geo.access import Actor
    store.save_mapping_profile(Actor.command_line("root"), "us-cbp", "broken",
                               {"columns": {"FY": "fiscal_year"}, "values": {"substance": {"Kush": "hemp"}}}, ["FY"])
    assert main(["import", str(path), "--db", db, "--agency", "us-cbp", "--profile", "broken"]) == 2
    error = capsys.readouterr().err.strip()
    assert "--profile broken" in error and "'hemp' is not a substance id" in error and "\n" not in error
    assert store.count() == 0
