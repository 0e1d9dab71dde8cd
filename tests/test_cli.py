import csv
import json
import re
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest

from geo.cli import main
from geo.core import schema
from geo.store import Batch, GeoPackageStore
from tests.support import make_records


@pytest.fixture
def filled_db(tmp_path):
    path = tmp_path / "cli.gpkg"
    GeoPackageStore(path).write_batch(make_records(
        {"source_ref": "1", "date": "2019-02-01", "quantity": 2, "unit": "t", "notes": "=HYPERLINK(\"x\")"},
        {"source_ref": "2", "date": "2020-06-01", "quantity": 500, "unit": "g", "country": "MLI",
         "agency": "mli-ocs", "sensitivity": "restricted", "place": "+Bamako"},
        {"source_ref": "3", "date": "2020-07-01", "substance": "tramadol", "quantity": 3000, "unit": "tablets",
         "country": "NER", "lat": None, "lon": None, "notes": "@cmd"},
    ), Batch(kind="import", created_by="test"))
    return path


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.slow
def test_demo_writes_canonical_rows_reproducibly(tmp_path):
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert main(["demo", "--rows", "1000", "--seed", "1", "--out", str(first)]) == 0
    assert main(["demo", "--rows", "1000", "--seed", "1", "--out", str(second)]) == 0
    assert main(["demo", "--rows", "1000", "--seed", "2", "--out", str(other)]) == 0
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    with first.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1000
    assert tuple(rows[0]) == schema.INPUT_COLUMNS
    assert {r["source"] for r in rows} == {"synthetic demo"}


@pytest.mark.slow
def test_stats_json_matches_an_independent_sum(capsys, filled_db):
    out = run_json(capsys, "stats", "--json", "--db", str(filled_db))
    assert out["records"] == 3
    assert out["by_substance"]["cocaine"] == {"cases": 2, "kg": 2000.5, "tablets": 0, "plants": 0}
    assert out["by_substance"]["tramadol"] == {"cases": 1, "kg": 0.0, "tablets": 3000, "plants": 0}
    assert out["by_country"]["MLI"]["kg"] == 0.5
    assert out["by_year"] == {
        "2019": {"cases": 1, "kg": 2000.0, "tablets": 0, "plants": 0},
        "2020": {"cases": 2, "kg": 0.5, "tablets": 3000, "plants": 0},
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("argv", "records", "kg"),
    [
        (["--substance", "tramadol"], 1, 0.0),
        (["--country", "sen"], 1, 2000.0),
        (["--from", "2020"], 2, 0.5),
        (["--to", "2020-06"], 2, 2000.5),
        (["--from", "2020-06-02", "--to", "2020-12-31"], 1, 0.0),
        (["--as", "sen-ocrtis"], 2, 2000.0),
        (["--as", "mli-ocs"], 3, 2000.5),
    ],
)
def test_stats_honours_common_filters(capsys, filled_db, argv, records, kg):
    out = run_json(capsys, "stats", "--json", "--db", str(filled_db), *argv)
    assert out["records"] == records
    assert sum(v["kg"] for v in out["by_substance"].values()) == pytest.approx(kg)


@pytest.mark.slow
def test_export_csv_neutralises_formulas(tmp_path, filled_db):
    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(filled_db), "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == list(schema.CANONICAL_COLUMNS)
    assert "'=HYPERLINK(\"x\")" in set(table["notes"])
    assert "'@cmd" in set(table["notes"])
    assert "'+Bamako" in set(table["place"])
    assert not table["notes"].str.startswith(("=", "+", "-", "@")).any()


@pytest.mark.slow
@pytest.mark.parametrize("extension", ["geojson", "gpkg"])
def test_export_spatial_formats(tmp_path, filled_db, extension):
    out = tmp_path / f"x.{extension}"
    assert main(["export", "--db", str(filled_db), "--out", str(out), "--substance", "cocaine"]) == 0
    layer = gpd.read_file(out)
    assert len(layer) == 2
    assert {"record_id", "quantity_kg", "sensitivity"} <= set(layer.columns)
    assert layer.geometry.notna().all()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stats", "--frobnicate"], "unrecognized arguments"),
        (["stats", "--substance", "chocolate"], "--substance chocolate: unknown id"),
        (["stats", "--country", "XX"], "--country XX: not an ISO3"),
        (["stats", "--from", "2021-13"], "2021-13"),
        (["stats", "--from", "2022", "--to", "2021"], "after end"),
        (["export", "--out", "x.docx"], "unsupported extension .docx"),
        (["demo", "--out", "x.csv", "--rows", "-1"], "--rows -1"),
        ([], "required"),
    ],
)
def test_unusable_input_exits_2_with_one_line(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.setenv("COULOIRS_DB", str(tmp_path / "empty.gpkg"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("command", ["demo", "stats", "export", "map"])
def test_every_command_has_help(command):
    done = subprocess.run([sys.executable, "-m", "geo", command, "--help"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0
    assert f"python -m geo {command}" in done.stdout
    assert "--out" in done.stdout or "--json" in done.stdout


@pytest.mark.slow
def test_map_writes_one_offline_html_file(tmp_path, filled_db):
    out = tmp_path / "carte.html"
    assert main(["map", "--db", str(filled_db), "--out", str(out), "--lang", "en", "--substance", "cocaine"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "L.map(" in html and "leaflet" in html.lower()
    assert not re.search(r'<script[^>]+src="https?://', html)
    assert not re.search(r'<link[^>]+href="https?://', html)
    assert "Seizures" in html and "Saisies" not in html


@pytest.mark.slow
def test_map_needs_an_html_name(capsys, tmp_path, filled_db):
    assert main(["map", "--db", str(filled_db), "--out", str(tmp_path / "carte.png")]) == 2
    assert "written as .html" in capsys.readouterr().err
