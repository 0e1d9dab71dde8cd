"""The yearly kept totals and the cheap stale check of the kept totals (issue 16: ``stats`` at a million records).

* ``aggregates_years`` (:mod:`geo.store.aggregates_years`) equals the monthly totals summed per year, and a
  yearly ``stats --json`` read from it equals :func:`geo.analysis.stats.totals` over the records each viewer
  may see (random batches, after imports, a batch removal, a sharing change and an edit), on both stores; the
  same random histories check the monthly table and the smaller ones (``aggregates_cells``, ``aggregates_months``).
* Opening a store reads two index entries instead of every record (:mod:`geo.store.aggregates_state`), yet
  a store changed behind the app's back (records added or deleted by another SQLite client), a store made
  before the state row and a store whose kept totals are empty are still rebuilt.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.access import Actor, Viewer
from geo.analysis import aggregated, coverage, stats
from geo.cli import main
from geo.core.filters import RecordFilter
from geo.store import Batch, GeoPackageStore
from geo.store.aggregates import AMOUNTS, AggregatesMixin
from geo.store.aggregates_rollups import ROLLUPS
from geo.store.aggregates_years import YEAR_KEYS, YEARS_TABLE
from tests.support.records import make_records
from tests.test_aggregates import (
    AGENCIES,
    FILTERS,
    as_record,
    assert_same,
    assert_same_coverage,
    check_everyone,
    row_strategy,
    two_batches_of_three_agencies,
    viewers,
)
from tests.test_aggregates_rollups import FILTERS as ROLLUP_FILTERS
from tests.test_aggregates_rollups import check_rollups

ADMIN = Actor("test-admin")
YEAR_FILTERS = (RecordFilter(), RecordFilter(substances=("cocaine", "tramadol"), countries=("SEN", "MLI"),
                                             date_from=date(2021, 1, 1), date_to=date(2022, 12, 31),
                                             conveyances=("sea", "land"), datasets=("agency",)))


def yearly_of_monthly(store) -> pd.DataFrame:
    """The oracle for the yearly table: the monthly kept totals summed per year with pandas."""
    monthly = store.aggregates()
    monthly["year"] = monthly["month"].str[:4]
    keys = [k for k in YEAR_KEYS]
    return monthly.groupby(keys, dropna=False, as_index=False)[list(AMOUNTS)].sum()


def assert_years_match(store) -> None:
    fresh = yearly_of_monthly(store).sort_values(list(YEAR_KEYS)).reset_index(drop=True)
    kept = store.aggregates_by_year().sort_values(list(YEAR_KEYS)).reset_index(drop=True)
    pd.testing.assert_frame_equal(kept[list(YEAR_KEYS)], fresh[list(YEAR_KEYS)])
    for name in AMOUNTS:
        assert kept[name].to_numpy() == pytest.approx(fresh[name].to_numpy(), abs=1e-6), name


def kept_rows(store: GeoPackageStore) -> dict[str, list[tuple]]:
    """Every row of every kept-totals table, sorted: what a change that moves no figure must leave as it was."""
    with sqlite3.connect(store.path) as connection:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)  # noqa: S608
                for table in ("aggregates", YEARS_TABLE, *ROLLUPS)}


def check_years(store, filters: tuple[RecordFilter, ...] = YEAR_FILTERS, chosen_viewers: list[Viewer] | None = None
                ) -> None:
    """Yearly stats and coverage from the yearly table = the records' own, for every viewer and whole-year filter."""
    for viewer in chosen_viewers or viewers(store):
        for base in filters:
            chosen = dataclasses.replace(base, viewer=viewer)
            kept = aggregated.as_months(store.aggregates_by_year(chosen, by=aggregated.YEAR_STATS_KEYS))
            records = store.query(chosen)
            assert_same(aggregated.totals(kept, "year"), stats.totals(records, "year"))
            official = store.read_totals(viewer, chosen)
            assert_same_coverage(aggregated.coverage(kept, official), coverage.coverage(records, official))
    assert_years_match(store)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(row_strategy, min_size=1, max_size=12), min_size=2, max_size=4),
       removed=st.integers(min_value=0, max_value=3))
def test_kept_totals_equal_the_records_after_imports_removal_sharing_and_edit(tmp_path_factory, batches, removed):
    """Monthly and yearly kept totals = the records' figures for every visibility class, at every step."""
    store = GeoPackageStore(tmp_path_factory.mktemp("kept") / "store.gpkg")
    for agency in AGENCIES:
        store.save_agency(ADMIN, agency, name=agency.upper())

    def check(store: GeoPackageStore, *, filtered: bool = True, chosen_viewers: list[Viewer] | None = None) -> None:
        # Between steps the unfiltered read: a step changes which rows there are and who sees them, not how a
        # filter selects them (every filter is checked after the imports and after the edit).
        check_everyone(store, FILTERS if filtered else FILTERS[:1], chosen_viewers)
        check_years(store, YEAR_FILTERS if filtered else YEAR_FILTERS[:1], chosen_viewers)
        check_rollups(store, ROLLUP_FILTERS if filtered else ROLLUP_FILTERS[:1], chosen_viewers)

    ids = [store.write_batch(make_records(*(as_record(row, f"R{n}-{i}") for i, row in enumerate(rows))),
                             Batch(kind="import", created_by="test")).batch_id for n, rows in enumerate(batches)]
    check(store)
    store.remove_batch(ADMIN, ids[removed % len(ids)])
    check(store, filtered=False)
    before = kept_rows(store)
    store.set_sharing(ADMIN, "agency-a", "agency-b")
    # No kept row changes (agreements are read at query time), so only the viewer who now sees more is checked.
    assert kept_rows(store) == before
    check(store, filtered=False, chosen_viewers=[store.viewer_for("agency-b", "restricted")])
    remaining = store.query()
    if len(remaining):
        first = remaining.iloc[0]
        level = "public" if first["sensitivity"] != "public" else "confidential"
        store.edit_record(Actor("analyst", first["agency"], role="analyst"), Viewer.administrator(),
                          first["record_id"], {"sensitivity": level})
        check(store)


def test_a_window_inside_a_year_is_not_answered_from_yearly_totals(tmp_path):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.write_batch(make_records({"source_ref": "1"}), Batch(kind="import", created_by="test"))
    assert store.aggregates_by_year(RecordFilter(date_from=date(2021, 3, 1))) is None
    assert store.aggregates_by_year(RecordFilter(date_to=date(2021, 11, 30))) is None
    assert int(store.aggregates_by_year(RecordFilter(date_from=date(2021, 1, 1)), by=())["record_rows"].iloc[0]) == 1


def _store_with_records(path) -> GeoPackageStore:
    store = GeoPackageStore(path)
    rows = [{"source_ref": str(i), "quantity": 2.0 + i, "seizure_count": 1 + i % 3, "country": ("SEN", "MLI")[i % 2],
             "origin": "BRA", "date": f"{2020 + i % 3}-{1 + i % 12:02d}-05"} for i in range(12)]
    store.write_batch(make_records(*rows), Batch(kind="import", created_by="test"))
    return store


def _kept_records(path) -> int:
    return int(GeoPackageStore(path).aggregates(by=())["record_rows"].iloc[0])


def test_an_unchanged_store_opens_without_reading_the_records_or_rebuilding(tmp_path, monkeypatch):
    path = tmp_path / "same.gpkg"
    _store_with_records(path)
    monkeypatch.setattr(AggregatesMixin, "_aggregates_stale", lambda *a: pytest.fail("counted every record"))
    monkeypatch.setattr(AggregatesMixin, "_rebuild_aggregates", lambda *a: pytest.fail("rebuilt"))
    assert _kept_records(path) == 12


def test_records_deleted_or_added_by_another_tool_are_seen_when_the_store_opens(tmp_path):
    path = tmp_path / "behind.gpkg"
    _store_with_records(path)
    with sqlite3.connect(path) as connection:  # another SQLite client: no Couloirs code runs
        connection.execute("DELETE FROM records WHERE source_ref IN ('0', '1')")
    assert _kept_records(path) == 10
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(records)") if row[1] != "fid"]
        copied = ", ".join(c if c != "record_id" else "record_id || '-copy'" for c in columns)
        connection.execute(f"INSERT INTO records ({', '.join(columns)}) SELECT {copied} FROM records"  # noqa: S608
                           " WHERE source_ref = '2'")
    store = GeoPackageStore(path)
    assert int(store.aggregates(by=())["record_rows"].iloc[0]) == len(store.query()) == 11
    assert_years_match(store)


def test_a_store_made_before_the_state_row_or_the_yearly_table_is_checked_and_filled(tmp_path):
    path = tmp_path / "old.gpkg"
    _store_with_records(path)
    with sqlite3.connect(path) as connection:  # as the previous release left it: no state, no yearly table
        connection.execute("DROP TRIGGER records_deletions_counted")
        connection.execute("DROP TABLE aggregates_state")
        connection.execute("DROP TABLE aggregates_years")
        connection.execute("DELETE FROM records WHERE source_ref = '3'")  # and changed since: the count check sees it
    store = GeoPackageStore(path)
    assert int(store.aggregates(by=())["record_rows"].iloc[0]) == 11
    assert_years_match(store)
    assert int(store.aggregates_by_year(by=())["record_rows"].iloc[0]) == 11
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT max_fid, deletions, deletions_kept FROM aggregates_state").fetchone()[1:] \
            == (0, 0)


def test_stats_json_is_the_same_from_yearly_totals_monthly_totals_and_records(tmp_path, capsys):
    path = tmp_path / "cli.gpkg"
    _store_with_records(path)
    outputs = {}
    for name, extra in (("yearly", []), ("records", ["--from-records"])):
        assert main(["stats", "--json", "--db", str(path), *extra]) == 0
        outputs[name] = json.loads(capsys.readouterr().out)
    assert outputs["yearly"] == outputs["records"]
    frame = pd.DataFrame([{"year": str(2020 + i % 3), "kg": 2.0 + i} for i in range(12)])  # the oracle
    assert outputs["yearly"]["by_year"]["2021"]["kg"] == pytest.approx(frame.loc[frame.year == "2021", "kg"].sum())


@pytest.mark.postgis
def test_postgis_keeps_the_same_yearly_and_smaller_totals_under_row_level_security(postgis_store):
    store = postgis_store
    first = two_batches_of_three_agencies(store)
    check_years(store)
    check_rollups(store)
    store.remove_batch(ADMIN, first)
    store.set_sharing(ADMIN, "agency-a", "agency-b")
    check_years(store)
    check_rollups(store)
