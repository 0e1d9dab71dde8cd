"""``geo stats --json``, ``geo map`` and ``geo brief --out X.pdf`` load no heavy library they do not use (issue 16:
process start is most of their cost).

Each command runs in a fresh process, as a user runs it; importing geopandas, shapely, matplotlib, folium,
psycopg or openpyxl costs about a second of a two-second budget, so the kept-totals path of ``stats`` must not
load them. ``map`` needs folium, geopandas and shapely, but not GDAL (pyogrio) once the reference layers are
kept on disk (:mod:`geo.reference.derived`), nor the drawing tool's plugins, charts, PostgreSQL or spreadsheets;
a PDF briefing needs matplotlib but neither folium nor python-pptx.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import demo
from geo.store import Batch, GeoPackageStore

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("geopandas", "shapely", "pyogrio", "matplotlib", "folium", "psycopg", "openpyxl")
MAP_HEAVY = ("pyogrio", "matplotlib", "folium.plugins", "psycopg", "openpyxl", "streamlit")
# Runs ``python -m geo ARGS`` in this process, then prints which heavy libraries it loaded.
PROBE = """
import json, runpy, sys
heavy = json.loads(sys.argv[1])
sys.argv = ["geo", *sys.argv[2:]]
try:
    runpy.run_module("geo", run_name="__main__")
except SystemExit as done:
    assert not done.code, done.code
print(json.dumps(sorted(name for name in heavy if name in sys.modules)), file=sys.stderr)
"""


def test_stats_json_from_kept_totals_loads_no_heavy_library(tmp_path):
    db = tmp_path / "lazy.gpkg"
    GeoPackageStore(db).write_batch(demo.generate(300, 5), Batch(kind="demo", created_by="test"))
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HEAVY), "stats", "--json", "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["records"] == 300  # it answered, from the kept totals
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


@pytest.mark.slow
def test_map_from_kept_totals_loads_no_gdal_once_the_reference_data_are_kept(tmp_path):
    db = tmp_path / "lazy-map.gpkg"
    GeoPackageStore(db).write_batch(demo.generate(2500, 5), Batch(kind="demo", created_by="test"))  # > MAX_POINTS
    env = {**os.environ, "COULOIRS_CACHE_DIR": str(tmp_path / "cache")}
    loaded = []
    for _ in ("the first run keeps the reference data", "the next reads them"):
        done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(MAP_HEAVY), "map", "--out",
                               str(tmp_path / "map.html"), "--db", str(db)],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "map of 2500 records written" in done.stderr
        loaded.append(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "pyogrio" in loaded[0]  # the first run read the reference layers through GDAL ...
    assert loaded[1] == []  # ... the next none (reading the records would load it too: the kept totals drew it)
def test_brief_pdf_loads_neither_folium_nor_python_pptx(tmp_path):
    # A PDF's printed map and tables need matplotlib; the interactive map's folium (with branca, jinja2 and
    # requests) and the deck's python-pptx cost a fifth of a second of every briefing when loaded for nothing.
    db = tmp_path / "lazy.gpkg"
    GeoPackageStore(db).write_batch(demo.generate(300, 5), Batch(kind="demo", created_by="test"))
    unused = ("folium", "branca", "pptx", "requests")
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(unused), "brief", "--out", str(tmp_path / "b.pdf"),
                           "--db", str(db)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "COULOIRS_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_the_command_line_leaves_its_objects_to_the_exit_instead_of_collecting_them():
    # The interpreter's last garbage collections walked every object still alive: ~0.3 s of each command.
    # (An unknown extension is refused with status 2: the command returned, through the freeze.)
    probe = ("import gc, runpy, sys\nsys.argv = ['geo', 'brief', '--out', 'x.unknown']\ntry:\n"
             "    runpy.run_module('geo', run_name='__main__')\nexcept SystemExit as done:\n"
             "    print(done.code, gc.get_freeze_count() > 10000, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.stderr.strip().splitlines()[-1] == "2 True", done.stderr[-2000:]
