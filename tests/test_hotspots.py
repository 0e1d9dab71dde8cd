"""Emerging hot spots on series whose categories are known by construction, and the method against PySAL."""

from __future__ import annotations

import json
import warnings

import h3
import numpy as np
import pandas as pd
import pytest

from geo.analysis import hotspots
from geo.cli import main
from geo.core.schema import coerce_records
from geo.store import Batch, GeoPackageStore
from tests.support import make_records

BASE = h3.latlng_to_cell(13.0, -5.0, hotspots.RESOLUTION)  # central Mali, res 3 as on the map
FIELD = sorted(h3.grid_disk(BASE, 5))  # 91 cells with one seizure a year each: the quiet background
CLUSTER = h3.grid_ring(BASE, 3)[0]  # a cell and its six neighbours stand out of the field as the story says
YEARS = range(2015, 2025)
# Seizures per cluster cell in each of the ten years: each story has one category by construction.
STORIES = {
    "intensifying": [2 + 2 * k for k in range(10)],  # steadily rising, hot throughout
    "diminishing": [20 - 2 * k for k in range(10)],  # steadily falling, still hot at the end
    "persistent": [12] * 10,  # the same every year
    "new": [0] * 9 + [12],  # only in the last year
    "consecutive": [0] * 7 + [12] * 3,  # the last three years only
    "historical": [12] * 9 + [0],  # every year but the last
}


def at(cell: str, year: int, n: int) -> list[dict]:
    lat, lon = h3.cell_to_latlng(cell)
    return [{"date": f"{year}-06-01", "lat": lat, "lon": lon, "country": "MLI"}] * n


def constructed(story: str) -> pd.DataFrame:
    """Ten years over a quiet field (one seizure a cell a year) with one cluster telling ``story``."""
    rows: list[dict] = []
    for year, n in zip(YEARS, STORIES[story]):
        for cell in FIELD:
            rows += at(cell, year, 1)
        for cell in h3.grid_disk(CLUSTER, 1):
            rows += at(cell, year, n)
    rows += [{"date": "2020-06-01", "lat": None, "lon": None}]  # no position: counted, not placed
    return coerce_records(make_records(*rows))


@pytest.mark.parametrize("story", sorted(STORIES))
def test_categories_known_by_construction(story):
    cells = hotspots.emerging_hotspots(constructed(story), "year").set_index("h3")
    assert cells.loc[CLUSTER, "category"] == story
    assert cells.attrs["periods"] == tuple(str(y) for y in YEARS) and cells.attrs["unplaced"] == 1
    quiet = cells.drop(index=list(h3.grid_disk(CLUSTER, 2)), errors="ignore")
    assert set(quiet["category"]) == {"none"}  # far from the cluster the field is flat: no hot spot


def test_the_trend_is_the_story():
    rising = hotspots.emerging_hotspots(constructed("intensifying"), "year").set_index("h3").loc[CLUSTER]
    falling = hotspots.emerging_hotspots(constructed("diminishing"), "year").set_index("h3").loc[CLUSTER]
    assert rising["trend_tau"] > 0 > falling["trend_tau"]
    assert max(rising["trend_p"], falling["trend_p"]) < hotspots.ALPHA
    assert rising["hot_periods"] == falling["hot_periods"] == 10


def test_every_located_seizure_is_in_the_cube_and_the_rest_counted():
    records = constructed("intensifying")
    values, keys = hotspots.cube(records, "year")
    placed = records["lat"].notna() & records["date"].notna()
    assert values.to_numpy().sum() == placed.sum() and values.attrs["unplaced"] == (~placed).sum() == 1
    # an independent count for one cell and one year
    located = records.loc[placed]
    cell = [h3.latlng_to_cell(a, o, hotspots.RESOLUTION) for a, o in zip(located["lat"], located["lon"])]
    expected = ((pd.Series(cell, index=located.index) == CLUSTER) & (located["date"].dt.year == 2018)).sum()
    assert values.loc[CLUSTER, "2018"] == expected == 2 + 2 * 3 + 1


@pytest.mark.parametrize(("hot", "cold", "tau", "trend_p", "expected"), [
    ("0000000001", "0000000000", np.nan, 1.0, "new"),
    ("0000000111", "0000000000", 0.6, 0.01, "consecutive"),
    ("1111111111", "0000000000", 0.6, 0.01, "intensifying"),
    ("0111111111", "0000000000", 0.1, 0.60, "persistent"),  # 90 % of periods is enough
    ("1111111111", "0000000000", -0.6, 0.01, "diminishing"),
    ("1001001011", "0000000000", 0.1, 0.60, "sporadic"),
    ("0001000011", "0100000000", 0.1, 0.60, "oscillating"),
    ("1111111110", "0000000000", -0.2, 0.30, "historical"),
    ("1111110110", "0000000000", 0.0, 1.00, "none"),  # hot in 80 %, not at the end
    ("0000000000", "1111111111", -0.6, 0.01, "none"),  # cold spots are not drawn
])
def test_category_rules(hot, cold, tau, trend_p, expected):
    bits = np.array([c == "1" for c in hot]), np.array([c == "1" for c in cold])
    assert hotspots.category(*bits, tau, trend_p) == expected


def test_gi_star_equals_pysal():
    esda = pytest.importorskip("esda.getisord")
    weights = pytest.importorskip("libpysal.weights")
    values, _ = hotspots.cube(constructed("intensifying"), "year")
    z, p = hotspots.gi_star(values)
    order = list(values.index)
    w = weights.W({c: [n for n in h3.grid_disk(c, 1) if n != c and n in set(order)] for c in order},
                  silence_warnings=True, id_order=order)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # esda says it fills the diagonal for star=True: intended
        for k in (0, 5, 9):
            local = esda.G_Local(values.iloc[:, k].to_numpy(float), w, transform="B", star=True, permutations=0)
            np.testing.assert_allclose(z[:, k], local.Zs, atol=1e-9)
            np.testing.assert_allclose(p[:, k], 2 * local.p_norm, atol=1e-9)  # esda's p is one-sided


def test_mann_kendall_equals_pymannkendall():
    pmk = pytest.importorskip("pymannkendall")
    rng = np.random.default_rng(7)
    series = np.vstack([np.arange(12.0), rng.normal(size=12), np.round(rng.normal(size=12)),  # ties
                        np.r_[np.zeros(8), 1.0, 2.0, 2.0, 3.0], np.full(12, 4.0)])
    tau, p = hotspots.mann_kendall(series)
    for k, row in enumerate(series):
        expected = pmk.original_test(row)
        assert tau[k] == pytest.approx(expected.Tau) and p[k] == pytest.approx(expected.p)


def test_no_located_record_gives_no_cell():
    records = coerce_records(make_records({"date": "2020-01-01", "lat": None, "lon": None}))
    out = hotspots.emerging_hotspots(records)
    assert out.empty and tuple(out.columns) == hotspots.COLUMNS and out.attrs["unplaced"] == 1


@pytest.mark.slow
def test_cli_prints_the_cells(tmp_path, capsys):
    path = tmp_path / "hot.gpkg"
    frame = constructed("new")
    rows = make_records(*[{"source_ref": str(k), "date": d.date().isoformat(), "lat": a, "lon": o, "country": "MLI"}
                          for k, (d, a, o) in enumerate(zip(frame["date"], frame["lat"], frame["lon"]))
                          if pd.notna(d) and pd.notna(a)])
    GeoPackageStore(path).write_batch(rows, Batch(kind="import", created_by="test"))
    assert main(["hotspots", "--json", "--db", str(path), "--granularity", "year"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_cell = {cell["h3"]: cell for cell in out["cells"]}
    assert {key for cell in out["cells"] for key in cell} >= {"h3", "category", "z", "p", "trend_tau", "trend_p"}
    assert by_cell[CLUSTER]["category"] == "new"
    assert out["periods"] == [str(y) for y in YEARS]
    assert sum(cell["cases"] for cell in out["cells"]) == len(rows)
