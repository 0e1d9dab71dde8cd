"""The Trends page (AppTest) for a table of filter combinations, and its figures against `stats --json`."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from geo import cli, demo
from geo.analysis import routes
from geo.core import periods
from geo.core.filters import RecordFilter
from geo.store import Batch, GeoPackageStore
from geo.trends import view as trendview
from tests.support import make_records
from tests.support.apptest import open_app
from ui.keys import MapKeys

pytestmark = pytest.mark.slow  # the app in AppTest, and the CLI, on a 600-record store

CHARTS = 5  # series, top legs, country change, conveyance mix, concealment (Altair)
TABLES = 3  # leg changes, hotspots, emerging hot spots


@pytest.fixture(scope="module")
def trends_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("trends") / "trends.gpkg"
    store = GeoPackageStore(db)
    store.write_batch(demo.generate(600, 5), Batch(kind="demo", created_by="test"))
    store.write_batch(make_records(  # tablets only, an unknown origin
        {"source_ref": "T1", "date": "2024-05-02", "substance": "tramadol", "quantity": 40000, "unit": "tablets",
         "country": "NER", "lat": 13.5, "lon": 2.1, "origin": "unknown", "destination": "LBY"},
    ), Batch(kind="import", created_by="test"))
    return db


def open_trends(db, monkeypatch, query: dict) -> AppTest:
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    return open_app(page="trends", lang=None, query=query, timeout=120)


@pytest.mark.parametrize("query", [
    {},
    {"substance": "cocaine", "granularity": "quarter"},
    {"substance": "tramadol", "country": "NER", "mode": "cumulative", "granularity": "month"},
    {"conveyance": "sea", "measure": "cases", "lang": "en"},
    {"substance": "cocaine,cannabis_resin", "granularity": "year", "period": "2019"},
    {"country": "CPV", "substance": "methamphetamine"},  # probably nothing: a clear message, no chart
])
def test_page_runs_for_each_filter_combination(trends_db, monkeypatch, query):
    at = open_trends(trends_db, monkeypatch, query)
    charts = at.get("vega_lite_chart")
    if at.info and any("Aucune" in i.value or "No dated" in i.value for i in at.info):
        assert charts == []
        return
    assert len(charts) == CHARTS and len(at.get("plotly_chart")) == 1 and len(at.dataframe) == TABLES
    assert len(at.get("download_button")) == CHARTS + 1 + TABLES  # one "download data" per figure
    captions = [c.value for c in at.caption]
    assert sum("synthétiques" in c or "synthetic" in c for c in captions) == CHARTS + 1 + TABLES


def test_switching_from_the_map_keeps_the_filters(trends_db, monkeypatch):
    at = open_trends(trends_db, monkeypatch, {"substance": "cocaine", "granularity": "quarter", "period": "2020-Q3"})
    assert at.multiselect(key=MapKeys.SUBSTANCES).value == ["cocaine"]
    assert at.select_slider(key=MapKeys.PERIOD).value == "2020-Q3"
    assert at.query_params["period"] == "2020-Q3" and at.query_params["substance"] == "cocaine"


@pytest.mark.parametrize(("substances", "granularity"), [((), "year"), (("cocaine",), "quarter"),
                                                          (("tramadol", "cannabis_herb"), "month")])
def test_figures_equal_stats_json_for_the_same_filter(trends_db, capsys, substances, granularity):
    store = GeoPackageStore(trends_db)
    records = store.query(RecordFilter(substances=substances))
    keys = tuple(periods.period_range(records["date"].min().date(), records["date"].max().date(), granularity))
    figures = trendview.compute(records, routes.period_legs(records, keys, granularity), granularity, None, "window")
    argv = ["stats", "--json", "--db", str(trends_db), "--granularity", granularity]
    argv += [arg for s in substances for arg in ("--substance", s)]
    assert cli.main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    by_period = figures.series.groupby("period")[["cases", "kg"]].sum()
    by_period = by_period[by_period["cases"] > 0]
    stats_cases = {p: v["cases"] for p, v in printed["by_period"].items()}
    assert {p: int(n) for p, n in by_period["cases"].items()} == stats_cases
    assert {p: round(float(x), 3) for p, x in by_period["kg"].items()} == pytest.approx(
        {p: v["kg"] for p, v in printed["by_period"].items()})
    first, last = figures.window.bounds()
    window = json.loads(_stats(capsys, trends_db, substances, first, last))
    assert figures.window_records == window["records"]
    assert figures.window_cases == window["cases"]  # what the page caption shows: seizures, not rows


def _stats(capsys, db, substances, first, last) -> str:
    argv = ["stats", "--json", "--db", str(db), "--from", first.isoformat(), "--to", last.isoformat()]
    argv += [arg for s in substances for arg in ("--substance", s)]
    assert cli.main(argv) == 0
    return capsys.readouterr().out
