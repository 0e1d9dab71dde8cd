"""Aggregated register rows ("Count of Event": one row stands for N seizures) count N cases on every surface.

The register is built here in the shape customs agencies publish: one row per month, branch, drug
and weight, with a count of events. Every case total is checked against an independent pandas sum
of the counts written in the file.
"""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.analysis import hexagons, stats
from geo.briefs.content import build_briefing
from geo.cli import main
from geo.core import schema
from geo.ingest import pipeline as importer
from geo.ingest.mapping import suggest_mapping
from geo.maps import build
from geo.maps.seizures import seizure_layer
from geo.store import GeoPackageStore
from geo.store.geopackage import schema_ddl
from geo.trends import figures as trends

AGENCY = "sen-douanes"
SUBSTANCES = {"Cocaine": "cocaine", "Cannabis herb": "cannabis_herb", "Tramadol": "tramadol"}
COUNTRIES = ("SEN", "MLI", "GIN")
BRANCHES = ("Port autonome", "AIBD", "Kidira")
POINTS = {"SEN": (14.69, -17.44), "MLI": (12.64, -8.0), "GIN": (9.64, -13.58)}


def aggregated_register(n: int = 40) -> pd.DataFrame:
    """A customs register: month, branch (never mapped), drug, weight, unit, country, origin, Count of Event 1..n."""
    rows = []
    for i in range(n):
        drug = list(SUBSTANCES)[i % 3]
        country = COUNTRIES[i % len(COUNTRIES)]
        located = i % 4 != 0  # every fourth row has no position: counted, not drawn
        lat, lon = POINTS[country] if located else (None, None)
        rows.append({
            "Date": date(2021 + i % 3, 1 + i % 12, 1).isoformat(), "Branch": BRANCHES[i % 3], "Drug": drug,
            "Weight": 2.5 * (i + 1) if drug != "Tramadol" else 100 * (i + 1),
            "Unit": "kg" if drug != "Tramadol" else "tablets", "Country": country,
            "Origin": "BRA" if drug == "Cocaine" else "", "Latitude": lat, "Longitude": lon,
            "Count of Event": i + 1,
        })
    return pd.DataFrame(rows)


def csv_bytes(frame: pd.DataFrame, sep: str = ",") -> bytes:
    return frame.to_csv(index=False, sep=sep).encode("utf-8")


@pytest.fixture
def imported(tmp_path):
    """The register imported into a fresh store; returns (store path, store, the register as written)."""
    register = aggregated_register()
    path = tmp_path / "agg.gpkg"
    store = GeoPackageStore(path)
    report = importer.import_bytes(store, csv_bytes(register), "register.csv", agency=AGENCY, sensitivity="public",
                                   created_by="test")
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (40, 40, 0, 0)
    return path, store, register


def expected(register: pd.DataFrame) -> pd.DataFrame:
    """The register's counts keyed as the record model names things (independent of geo.analysis)."""
    return pd.DataFrame({
        "substance": register["Drug"].map(SUBSTANCES), "country": register["Country"],
        "date": pd.to_datetime(register["Date"]), "cases": register["Count of Event"],
        "origin": register["Origin"], "located": register["Latitude"].notna(),
    })


def as_dict(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.items()}


@pytest.mark.slow
def test_count_of_event_is_mapped_and_stored(imported):
    _, store, register = imported
    assert suggest_mapping(list(register.columns)).fields["Count of Event"] == "seizure_count"
    assert suggest_mapping(list(register.columns)).fields["Branch"] is None
    stored = store.query()
    assert stored["seizure_count"].dtype == "int64"
    assert sorted(stored["seizure_count"]) == sorted(register["Count of Event"])


@pytest.mark.slow
def test_stats_json_sums_counts_in_every_section(imported, capsys):
    path, _, register = imported
    assert main(["stats", "--json", "--db", str(path), "--granularity", "month"]) == 0
    out = json.loads(capsys.readouterr().out)
    want = expected(register)
    assert out["records"] == 40
    assert out["cases"] == int(register["Count of Event"].sum()) == 820
    assert {k: v["cases"] for k, v in out["by_substance"].items()} == as_dict(want.groupby("substance")["cases"].sum())
    assert {k: v["cases"] for k, v in out["by_country"].items()} == as_dict(want.groupby("country")["cases"].sum())
    assert {k: v["cases"] for k, v in out["by_year"].items()} == as_dict(
        want.groupby(want["date"].dt.year.astype(str))["cases"].sum())
    assert {k: v["cases"] for k, v in out["by_period"].items()} == as_dict(
        want.groupby(want["date"].dt.strftime("%Y-%m"))["cases"].sum())
    # Cocaine comes from Brazil: its leg BRA -> seizing country carries every cocaine row's count.
    cocaine = want[want["substance"] == "cocaine"]
    legs = {(leg["from"], leg["to"]): leg["cases"] for leg in out["legs"] if leg["substance"] == "cocaine"}
    assert legs == {("BRA", c): int(n) for c, n in cocaine.groupby("country")["cases"].sum().items()}


@pytest.mark.slow
def test_trends_series_hotspots_and_mix_count_seizures(imported):
    _, store, register = imported
    records, want = store.query(), expected(register)
    series = trends.series(records, "month")
    assert as_dict(series.groupby("key")["cases"].sum()) == as_dict(want.groupby("substance")["cases"].sum())
    mix = trends.conveyance_mix(records)
    assert int(mix["cases"].sum()) == int(want["cases"].sum())
    cells, _ = hexagons.cell_totals(records.loc[records["lat"].notna()],
                                    hexagons.hexagon_cells(records["lat"].dropna(), records["lon"].dropna(), 4))
    assert int(cells["cases"].sum()) == int(want.loc[want["located"], "cases"].sum())


@pytest.mark.slow
def test_briefing_key_figures_count_seizures(imported):
    _, store, register = imported
    records, want = store.query(), expected(register)
    briefing = build_briefing(records, lang="fr", start=date(2021, 1, 1), end=date(2023, 12, 31))
    figures = briefing.key_figures.set_index("substance")["cases"]
    assert as_dict(figures[figures > 0]) == as_dict(want.groupby("substance")["cases"].sum())


@pytest.mark.slow
def test_map_choropleth_and_legend_count_seizures(imported):
    _, store, register = imported
    records, want = store.query(), expected(register)
    values = build.country_values(records, "cases")
    assert as_dict(values) == as_dict(want.groupby("country")["cases"].sum())
    layer = seizure_layer(records, "en")
    assert layer.located == int(want.loc[want["located"], "cases"].sum())
    assert layer.unlocated == int(want.loc[~want["located"], "cases"].sum())
    hexes = seizure_layer(records, "en", measure="cases", max_points=0)
    assert hexes.mode == "hexagons" and hexes.located == layer.located


@pytest.mark.slow
@pytest.mark.parametrize("cell, reason", [("0", "seizure_count_invalid"), ("-3", "seizure_count_invalid"),
                                          ("1.5", "seizure_count_invalid"), ("beaucoup", "seizure_count_invalid")])
def test_a_count_that_is_not_a_whole_number_of_one_or_more_is_quarantined(tmp_path, cell, reason):
    register = aggregated_register(3).astype({"Count of Event": object})
    register.loc[1, "Count of Event"] = cell
    register.loc[2, "Count of Event"] = None  # blank: one seizure
    store = GeoPackageStore(tmp_path / "q.gpkg")
    report = importer.import_bytes(store, csv_bytes(register), "q.csv", agency=AGENCY, created_by="test")
    assert (report.rows, report.accepted, report.quarantined) == (3, 2, 1)
    assert report.as_json()["quarantine_reasons"] == {reason: 1}
    held = store.quarantine(report.batch_id)
    assert "number of seizures" in held.loc[0, "reason"] and held.loc[0, "row_number"] == 3
    assert sorted(store.query()["seizure_count"]) == [1, 1]


def test_coerce_records_refuses_bad_counts_and_fills_blank():
    frame = pd.DataFrame({"date": ["2022-01-01"] * 2, "substance": ["cocaine"] * 2, "seizure_count": [None, 7]})
    assert schema.coerce_records(frame)["seizure_count"].tolist() == [1, 7]
    with pytest.raises(schema.RecordError, match="seizure_count 0 is not a whole number"):
        schema.coerce_records(frame.assign(seizure_count=[3, 0]))


@pytest.mark.slow
def test_exports_and_detail_carry_the_count(imported):
    from geo.records import exports
    from geo.records.tables import record_detail

    _, store, register = imported
    records = store.query()
    table = pd.read_csv(io.BytesIO(exports.export_bytes(records, "csv")))
    assert sorted(table["seizure_count"]) == sorted(register["Count of Event"])
    detail = record_detail(records.iloc[0].to_dict(), "fr")
    assert "Nombre de saisies" in set(detail.iloc[:, 0])


@pytest.mark.slow
def test_a_store_made_before_the_column_gains_it_as_one(tmp_path):
    path = tmp_path / "old.gpkg"
    old_ddl = schema_ddl().replace(",\n  seizure_count INTEGER", "")
    assert "seizure_count" not in old_ddl
    with sqlite3.connect(path) as connection:
        connection.executescript(old_ddl)
        connection.execute("INSERT INTO records (record_id, date, substance, quantity, unit, quantity_kg, dataset,"
                           " sensitivity, agency) VALUES ('old:1', '2020-01-01', 'cocaine', 3, 'kg', 3, 'agency',"
                           " 'public', 'sen-douanes')")
    store = GeoPackageStore(path)  # opening upgrades
    records = store.query()
    assert records["seizure_count"].tolist() == [1]
    assert stats.totals(records)["cases"] == 1
    GeoPackageStore(path)  # opening again changes nothing
    register = aggregated_register(2)
    importer.import_bytes(store, csv_bytes(register), "r.csv", agency=AGENCY, created_by="test")
    assert sorted(store.query()["seizure_count"]) == [1, 1, 2]


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(SUBSTANCES.values())), st.integers(1, 10_000)),
                min_size=1, max_size=30))
def test_cases_by_substance_sum_the_counts(rows):
    frame = schema.coerce_records(pd.DataFrame({
        "date": ["2022-05-01"] * len(rows), "substance": [s for s, _ in rows],
        "seizure_count": [n for _, n in rows], "quantity": np.ones(len(rows)), "unit": ["kg"] * len(rows)}))
    totals = stats.totals(frame)
    assert sum(v["cases"] for v in totals["by_substance"].values()) == sum(n for _, n in rows) == totals["cases"]


@pytest.mark.slow
def test_records_page_totals_count_seizures(imported, monkeypatch):
    from tests.support.apptest import open_app

    path, store, register = imported
    monkeypatch.setenv("COULOIRS_DB", str(path))
    monkeypatch.delenv("COULOIRS_DEMO", raising=False)
    at = open_app(page="pages/records.py", lang="en", timeout=120)
    shown = {m.label: m.value for m in at.metric}
    records = store.query()  # a non-empty store is not seeded: only the register
    assert len(records) == 40
    assert shown["Seizures"].replace("\u202f", "").replace(",", "") == str(int(register["Count of Event"].sum()))
