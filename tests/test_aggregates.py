"""The totals kept at import time equal a fresh computation from the records, for every viewer.

Random batches (agencies, levels, substances counted by mass, tablets or plants, aggregated rows,
dated and undated, located and not) are imported, then a batch is removed, an agreement is signed
and a record's level is edited; after each step the ``stats --json`` figures computed from the kept
totals (:mod:`geo.analysis.aggregated`) must equal those of :func:`geo.analysis.stats.totals` over the
records each viewer may see (the oracle), and the table must equal one rebuilt from scratch.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import strategies as st

from geo.access import Actor, Viewer
from geo.analysis import aggregated, coverage, stats
from geo.cli import main
from geo.core.filters import RecordFilter
from geo.store import Batch, GeoPackageStore
from geo.store.aggregates import AMOUNTS, KEYS, month_bounds
from tests.support.records import make_records
from tests.support.totals import unodc_xlsx

ADMIN = Actor("test-admin")
AGENCIES = ("agency-a", "agency-b", "agency-c")
PLACES = {"SEN": (14.69, -17.44), "MLI": (12.64, -8.0), "GIN": (9.64, -13.58)}

row_strategy = st.fixed_dictionaries({
    "agency": st.sampled_from(AGENCIES),
    "sensitivity": st.sampled_from(("public", "restricted", "confidential")),
    "substance_unit": st.sampled_from((("cocaine", "kg"), ("cocaine", "g"), ("tramadol", "tablets"),
                                       ("cannabis_plants", "plants"), ("cannabis_herb", "kg"))),
    "quantity": st.floats(min_value=0.001, max_value=5000, allow_nan=False).map(lambda q: round(q, 3)),
    "day": st.dates(min_value=date(2020, 1, 1), max_value=date(2022, 12, 31)),  # a record always has a date
    "country": st.sampled_from(("SEN", "MLI", "GIN", None)),
    "located": st.booleans(),
    "origin": st.sampled_from(("BRA", "COL", None)),
    "transit": st.sampled_from(("GNB", "CPV;GNB", None)),
    "destination": st.sampled_from(("ESP", "NLD", None)),
    "conveyance": st.sampled_from(("sea", "land", "air")),
    "seizure_count": st.integers(min_value=1, max_value=4),
    "dataset": st.sampled_from(("agency", "public")),
})


def as_record(row: dict, ref: str) -> dict:
    substance, unit = row["substance_unit"]
    lat, lon = PLACES.get(row["country"], (None, None)) if row["located"] else (None, None)
    return {"source_ref": ref, "agency": row["agency"], "sensitivity": row["sensitivity"], "substance": substance,
            "unit": unit, "quantity": row["quantity"], "date": row["day"].isoformat(),
            "country": row["country"], "lat": lat, "lon": lon, "origin": row["origin"], "transit": row["transit"],
            "destination": row["destination"], "conveyance": row["conveyance"],
            "seizure_count": row["seizure_count"], "dataset": row["dataset"]}


def flat(value: object, prefix: str = "") -> dict[str, object]:
    """A nested stats object as path -> leaf (legs keyed by substance, from and to: their order ties on weight)."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flat(item, f"{prefix}/{key}").items()}
    if isinstance(value, list):
        return {k: v for item in value for k, v in
                flat(item, f"{prefix}/{item['substance']}:{item['from']}:{item['to']}").items()}
    return {prefix: value}


def assert_same(kept: dict, fresh: dict) -> None:
    left, right = flat(kept), flat(fresh)
    assert sorted(left) == sorted(right)
    for key, value in right.items():
        if isinstance(value, float):
            assert left[key] == pytest.approx(value, abs=2e-3), key  # 3 decimals, float sums in another order
        else:
            assert left[key] == value, key


def assert_same_coverage(kept: pd.DataFrame, fresh: pd.DataFrame) -> None:
    """The same rows and official figures; kilograms and ratios up to the order of a float sum."""
    sums = ["records_kg", "ratio"]
    pd.testing.assert_frame_equal(kept.drop(columns=sums), fresh.drop(columns=sums))
    assert kept["records_kg"].to_numpy() == pytest.approx(fresh["records_kg"].to_numpy(), abs=1e-6)
    assert kept["ratio"].to_numpy() == pytest.approx(fresh["ratio"].to_numpy(), abs=1e-9, nan_ok=True)


def viewers(store: GeoPackageStore) -> list[Viewer]:
    """A viewer of each visibility class: the administrator, the open demo, an agency at each clearance.

    Agreements are read now: after agency-a shares with agency-b, agency-b's viewer sees a's restricted records.
    """
    return [Viewer.administrator(), Viewer.open_demo(), store.viewer_for("agency-a", "confidential"),
            store.viewer_for("agency-b", "restricted"), store.viewer_for("agency-c", "public")]


FILTERS = (RecordFilter(), RecordFilter(substances=("cocaine", "tramadol"), countries=("SEN", "MLI"),
                                        date_from=date(2021, 1, 1), date_to=date(2022, 6, 30),
                                        conveyances=("sea", "land"), datasets=("agency",)))


def check_everyone(store: GeoPackageStore, filters: tuple[RecordFilter, ...] = FILTERS,
                   chosen_viewers: list[Viewer] | None = None) -> None:
    """Kept totals = the records' totals for every viewer (or those chosen) and filter; the table = a rebuilt one."""
    for viewer in chosen_viewers or viewers(store):
        for base in filters:
            chosen = dataclasses.replace(base, viewer=viewer)
            kept = store.aggregates(chosen, by=aggregated.STATS_KEYS)
            assert kept is not None
            # Quarters: period keys other than the stored months (years are checked by by_year).
            records = store.query(chosen)
            assert_same(aggregated.totals(kept, "quarter"), stats.totals(records, "quarter"))
            official = store.read_totals(viewer, chosen)
            assert_same_coverage(aggregated.coverage(store.aggregates(chosen, by=aggregated.COVERAGE_KEYS), official),
                                 coverage.coverage(records, official))
    before = store.aggregates().sort_values(list(KEYS)).reset_index(drop=True)
    store.rebuild_aggregates()
    after = store.aggregates().sort_values(list(KEYS)).reset_index(drop=True)
    pd.testing.assert_frame_equal(before[list(KEYS)], after[list(KEYS)])
    for name in AMOUNTS:
        assert before[name].to_numpy() == pytest.approx(after[name].to_numpy(), abs=1e-6), name


# The property test over random batches (imports, a batch removal, a sharing change, an edit) runs
# check_everyone with the yearly table's own check: tests/test_aggregates_years.py.


def test_a_window_inside_a_month_is_not_answered_from_monthly_totals(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write_batch(make_records({"source_ref": "1"}), Batch(kind="import", created_by="test"))
    assert month_bounds(RecordFilter(date_from=date(2021, 3, 10))) is None
    assert month_bounds(RecordFilter(date_to=date(2021, 3, 30))) is None
    assert store.aggregates(RecordFilter(date_from=date(2021, 3, 10))) is None
    assert month_bounds(RecordFilter(date_from=date(2021, 3, 1), date_to=date(2021, 3, 31))) == ("2021-03", "2021-03")


def test_an_older_store_gains_its_kept_totals_when_opened(tmp_path):
    path = tmp_path / "old.gpkg"
    store = GeoPackageStore(path)
    store.write_batch(make_records({"source_ref": "1", "quantity": 4.0}, {"source_ref": "2", "seizure_count": 3}),
                      Batch(kind="import", created_by="test"))
    with store._write() as connection:  # as a store made before the table: no kept totals
        connection.execute("DELETE FROM aggregates")
    reopened = GeoPackageStore(path)
    kept = reopened.aggregates(by=())
    assert (int(kept["record_rows"].iloc[0]), int(kept["cases"].iloc[0]), float(kept["kg"].iloc[0])) == (2, 4, 14.0)


def test_stats_command_reads_the_kept_totals_and_prints_the_records_figures(tmp_path, capsys):
    path = tmp_path / "cli.gpkg"
    store = GeoPackageStore(path)
    rows = [{"source_ref": str(i), "quantity": 1.5 * i, "seizure_count": 1 + i % 3,
             "country": ("SEN", "MLI")[i % 2], "origin": "BRA", "date": f"2021-{1 + i % 12:02d}-05"} for i in range(30)]
    store.write_batch(make_records(*rows), Batch(kind="import", created_by="test"))
    outputs = []
    for extra in ([], ["--from-records"]):
        assert main(["stats", "--json", "--db", str(path), *extra]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    frame = pd.DataFrame(rows)  # the oracle: plain pandas over what was written
    assert outputs[0]["cases"] == frame["seizure_count"].sum()
    assert outputs[0]["by_country"]["SEN"]["kg"] == pytest.approx(frame.loc[frame.country == "SEN", "quantity"].sum())


def test_map_command_draws_the_same_map_from_the_kept_totals(tmp_path):
    """Above MAX_POINTS located records the map is sums (hexagons, choropleth, flows): the same HTML either way."""
    from geo import demo

    path = tmp_path / "map.gpkg"
    records = demo.generate(rows=2600, seed=3)
    # Whole kilograms: float sums are then exact in any order, so even the rounded tooltips must agree.
    records["quantity"] = records["quantity"].round().clip(lower=1)
    records["unit"] = records["unit"].where(records["unit"].isin(["tablets", "plants"]), "kg")
    GeoPackageStore(path).write_batch(records, Batch(kind="demo", created_by="test"))
    pages = []
    for extra in ([], ["--from-records"]):
        out = tmp_path / f"map{len(pages)}.html"
        assert main(["map", "--out", str(out), "--db", str(path), "--lang", "en", *extra]) == 0
        pages.append(re.sub(r"_[0-9a-f]{32}", "_ID", out.read_text(encoding="utf-8")))  # folium's random ids
    assert "hexagon" in pages[0].lower()
    assert pages[0] == pages[1]


def two_batches_of_three_agencies(store) -> str:
    """24 records of three agencies at every level over three years, two countries and two conveyances, written
    as two batches of 12 (their agencies registered first); returns the first batch's id."""
    for agency in AGENCIES:
        store.save_agency(ADMIN, agency, name=agency.upper())
    rows = [as_record({"agency": AGENCIES[i % 3], "sensitivity": ("public", "restricted", "confidential")[i % 3],
                       "substance_unit": (("cocaine", "kg"), ("tramadol", "tablets"))[i % 2], "quantity": 2.0 + i,
                       "day": date(2020 + i % 3, 1 + i % 12, 3), "country": ("SEN", "MLI")[i % 2],
                       "located": i % 4 != 0, "origin": "BRA", "transit": "GNB", "destination": "ESP",
                       "conveyance": ("sea", "land")[i % 2], "seizure_count": 1 + i % 2, "dataset": "agency"}, f"P{i}")
            for i in range(24)]
    first = store.write_batch(make_records(*rows[:12]), Batch(kind="import", created_by="test")).batch_id
    store.write_batch(make_records(*rows[12:]), Batch(kind="import", created_by="test"))
    return first


@pytest.mark.postgis
def test_postgis_keeps_the_same_totals_under_row_level_security(postgis_store):
    """On PostGIS the app role writes and reads the kept totals through row-level security, as records."""
    store = postgis_store
    first = two_batches_of_three_agencies(store)
    for step in ("imported", "removed", "shared"):
        if step == "removed":
            store.remove_batch(ADMIN, first)
        if step == "shared":
            store.set_sharing(ADMIN, "agency-a", "agency-b")
        for viewer in viewers(store):
            chosen = RecordFilter(viewer=viewer)
            assert_same(aggregated.totals(store.aggregates(chosen, by=aggregated.STATS_KEYS), "quarter"),
                        stats.totals(store.query(chosen), "quarter"))


# Official totals beside records: members (cocaine hcl) and their group, tramadol beside the opioids group,
# a substance seen only in tablets, a restricted record, a record with no country.
COVERAGE_RECORDS = [
    {"date": "2022-02-14", "country": "SEN", "substance": "cocaine_hcl", "quantity": 600.25},
    {"date": "2022-07-03", "country": "SEN", "substance": "cocaine_hcl", "quantity": 0.5, "unit": "t"},
    {"date": "2022-03-09", "country": "SEN", "substance": "cannabis_herb", "quantity": 5000, "seizure_count": 12},
    {"date": "2022-03-10", "country": "SEN", "substance": "heroin", "quantity": 2},  # no official total
    {"date": "2021-05-20", "country": "CIV", "substance": "tramadol", "quantity": 900},
    {"date": "2021-05-21", "country": "CIV", "substance": "tramadol", "quantity": 10000, "unit": "tablets"},
    {"date": "2021-08-02", "country": "GHA", "substance": "captagon", "quantity": 300, "unit": "tablets"},
    {"date": "2021-06-01", "country": "SEN", "substance": "cannabis_herb", "quantity": 4500,
     "agency": "agency-b", "sensitivity": "restricted"},
    {"date": "2021-06-01", "country": None, "substance": "cannabis_herb", "quantity": 7},  # no country: no row
]


def test_coverage_from_the_kept_totals_is_the_records_coverage(tmp_path):
    store = GeoPackageStore(tmp_path / "coverage.gpkg")
    for agency in ("UNODC", "agency-a", "agency-b"):
        store.save_agency(ADMIN, agency, name=agency)
    from geo.ingest import totals as official_totals

    official_totals.import_totals(store, unodc_xlsx(), "x.xlsx", agency="UNODC", sensitivity="public",
                                  created_by="t")
    rows = [{"source_ref": str(i), "agency": "agency-a", **row} for i, row in enumerate(COVERAGE_RECORDS)]
    store.write_batch(make_records(*rows), Batch(kind="import", created_by="t"))
    for viewer in (Viewer.administrator(), store.viewer_for("agency-a", "public")):
        for chosen in (RecordFilter(viewer=viewer), RecordFilter(viewer=viewer, countries=("SEN",),
                                                                  date_from=date(2022, 1, 1))):
            official = store.read_totals(viewer, chosen)
            fresh = coverage.coverage(store.query(chosen), official)
            for keys in (aggregated.COVERAGE_KEYS, aggregated.STATS_KEYS):  # stats --json passes its finer rows
                assert_same_coverage(aggregated.coverage(store.aggregates(chosen, by=keys), official), fresh)
    table = aggregated.coverage(store.aggregates(by=aggregated.COVERAGE_KEYS), store.read_totals())
    cell = table.set_index(["country", "year", "substance"])
    # The oracle: plain pandas over what was written (t -> kg; tablets and the countryless row weigh nothing).
    frame = pd.DataFrame(rows)
    frame = frame.loc[frame["country"].eq("SEN") & frame["substance"].eq("cocaine_hcl")]
    expected = (frame["quantity"] * frame["unit"].map({"t": 1000.0}).fillna(1.0)).sum()
    assert cell.loc[("SEN", 2022, "cocaine_hcl"), "records_kg"] == pytest.approx(expected)
    assert cell.loc[("SEN", 2022, "cocaine_hcl"), "ratio"] == pytest.approx(expected / 1200.5)
    assert cell.loc[("CIV", 2021, "tramadol"), "records_kg"] == pytest.approx(900.0)  # its own total, not opioids
    assert ("CIV", 2021, "opioids") not in cell.index  # a group total beside its member is never summed
    assert ("GHA", 2021, "captagon") not in cell.index  # tablets only: no mass, no row
    assert cell.loc[("SEN", 2021, "cannabis_herb"), "records_kg"] == pytest.approx(4500.0)


def _two_agencies_one_seizure(path) -> GeoPackageStore:
    """One seizure reported by two agencies (a pair the linkage found), and two others."""
    store = GeoPackageStore(path)
    for agency in ("agency-a", "agency-b"):
        store.save_agency(ADMIN, agency, name=agency)
    rows = [
        {"source_ref": "A1", "agency": "agency-a", "sensitivity": "restricted", "date": "2022-02-01", "country": "SEN",
         "quantity": 1100,
         "origin": "GNB", "destination": "MLI", "conveyance": "land"},
        {"source_ref": "B1", "agency": "agency-b", "date": "2022-02-02", "country": "SEN", "quantity": 1.1,
         "unit": "t", "origin": "GNB", "destination": "MLI", "conveyance": "land"},
        {"source_ref": "A2", "agency": "agency-a", "date": "2021-06-09", "country": "MLI", "quantity": 40,
         "origin": "unknown", "transit": "SEN", "destination": "NER", "seizure_count": 3},
        {"source_ref": "B2", "agency": "agency-b", "date": "2022-11-30", "country": "NER", "quantity": 800,
         "unit": "tablets", "substance": "tramadol"},
    ]
    store.write_batch(make_records(*rows), Batch(kind="import", created_by="test"))
    store.save_duplicate_pairs(pd.DataFrame({"a": ["agency-a:A1"], "b": ["agency-b:B1"], "probability": [0.97],
                                             "agree": [["date", "place"]], "differ": [[]]}))
    return store


def _stats(path, capsys, *extra: str) -> dict:
    assert main(["stats", "--json", "--db", str(path), *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_stats_reads_the_kept_totals_unless_a_confirmed_pair_is_in_view(tmp_path, capsys, monkeypatch):
    """Without a confirmed pair: the kept totals answer (the records are not read), the same JSON as the records.

    With one: the records answer and count the seizure once, as the kept totals (every report) cannot.
    """
    from geo.cli import records as record_commands

    path = tmp_path / "pairs.gpkg"
    store = _two_agencies_one_seizure(path)
    fresh = _stats(path, capsys, "--from-records", "--granularity", "month")
    with monkeypatch.context() as patched:  # the kept path must not fall back to the records
        patched.setattr(record_commands, "count_once_of", lambda *a: pytest.fail("read the records"))
        kept = _stats(path, capsys, "--granularity", "month")
    assert kept == fresh  # a probable pair is counted as reported, on both paths
    assert kept["records"] == 4 and kept["merged_reports"] == 0 and kept["legs"]
    assert {"reported_kg", "reported_share", "change"} <= set(kept["legs"][0])
    assert kept["coverage"]["SEN"]["2022"]["cocaine"]["records_kg"] == pytest.approx(2200.0)

    store.review_duplicate(Actor("analyst@a", "agency-a", "analyst"), Viewer.administrator(), "agency-a:A1",
                           "agency-b:B1", "confirmed", reference="agency-a:A1")
    counted = _stats(path, capsys, "--granularity", "month")
    assert counted == _stats(path, capsys, "--from-records", "--granularity", "month")
    assert counted["merged_reports"] == 1 and counted["records"] == 3
    assert counted["by_country"]["SEN"]["kg"] == pytest.approx(1100.0)  # the seizure once, not 2,200 kg
    assert counted["coverage"]["SEN"]["2022"]["cocaine"]["records_kg"] == pytest.approx(1100.0)
    # agency-b alone sees no confirmed pair (B1's twin is not shared): its kept totals answer, unchanged.
    with monkeypatch.context() as patched:
        patched.setattr(record_commands, "count_once_of", lambda *a: pytest.fail("read the records"))
        alone = _stats(path, capsys, "--as", "agency-b")
    assert alone == _stats(path, capsys, "--as", "agency-b", "--from-records")
    assert alone["records"] == 3 and alone["merged_reports"] == 0  # B1, B2 and the public A2
