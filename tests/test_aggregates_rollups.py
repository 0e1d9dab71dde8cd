"""The smaller kept tables (``aggregates_cells``, ``aggregates_months``: :mod:`geo.store.aggregates_rollups`).

* Each holds the monthly kept totals summed over the keys it drops, after imports, a batch removal, a sharing
  change and an edit (random batches: :mod:`tests.test_aggregates_years`' property test runs
  :func:`check_rollups` beside the monthly and yearly checks), and after a store made before them is opened.
* :meth:`geo.store.SqlStore.aggregates` reads the smallest table that has the keys and the period asked for,
  and gives, for every visibility class and filter, the sums the full monthly table gives (the oracle: the same
  query forced onto ``aggregates``); a window inside a year never reads a yearly table.
* On PostGIS the app role writes and reads them under row-level security (checked beside the yearly table by
  :mod:`tests.test_aggregates_years`).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pandas as pd
import pytest

from geo.analysis import aggregated
from geo.cli.map_totals import EARLIEST
from geo.core.filters import RecordFilter
from geo.maps import kept_map
from geo.store import GeoPackageStore
from geo.store.aggregates import AMOUNTS, KEYS, year_bounds
from geo.store.aggregates_rollups import ROLLUPS, smallest_table
from geo.store.aggregates_years import YEARS_TABLE, first_filling_of
from tests.test_aggregates import two_batches_of_three_agencies, viewers

YEAR_CELL_KEYS = ("year", "substance", "country", "cell", "agency", "dataset", "conveyance")  # the page's

# The groupings the map, its legs and a briefing read, and one the smaller tables cannot answer.
GROUPINGS = (kept_map.MAP_KEYS, kept_map.LEG_KEYS, ("month", "substance"), ("substance",), (),
             aggregated.STATS_KEYS)
FILTERS = (RecordFilter(), RecordFilter(date_from=EARLIEST),
           RecordFilter(substances=("cocaine", "tramadol"), countries=("SEN", "MLI"), date_from=date(2021, 1, 1),
                        date_to=date(2022, 12, 31), conveyances=("sea", "land"), datasets=("agency",)),
           RecordFilter(date_from=date(2021, 3, 1), date_to=date(2022, 6, 30)))  # months inside years


def _sorted(frame: pd.DataFrame, keys) -> pd.DataFrame:
    return frame.sort_values(list(keys)).reset_index(drop=True) if len(keys) else frame.reset_index(drop=True)


def assert_same_sums(kept: pd.DataFrame, fresh: pd.DataFrame, keys) -> None:
    kept, fresh = _sorted(kept, keys), _sorted(fresh, keys)
    pd.testing.assert_frame_equal(kept[list(keys)], fresh[list(keys)])
    for name in AMOUNTS:
        assert kept[name].to_numpy() == pytest.approx(fresh[name].to_numpy(), abs=1e-6), name


def rollup_oracle(store, table: str) -> pd.DataFrame:
    """The rollup table as pandas sums it from every monthly kept row."""
    period, keys = ROLLUPS[table]
    monthly = store.aggregates(by=KEYS)  # every key: only ``aggregates`` itself can answer
    if period == "year":
        monthly["year"] = monthly["month"].str[:4]
    return monthly.groupby(list(keys), dropna=False, as_index=False)[list(AMOUNTS)].sum()


def check_rollups(store, filters: tuple[RecordFilter, ...] = FILTERS, chosen_viewers: list | None = None) -> None:
    """Each table = its oracle; every read = the same read from the full monthly table, for every viewer."""
    for table, (period, keys) in ROLLUPS.items():
        stored = store._kept(table, period, keys, (None, None), RecordFilter(), keys)
        assert_same_sums(stored, rollup_oracle(store, table), keys)
    for viewer in chosen_viewers or viewers(store):
        for base in filters:
            chosen = dataclasses.replace(base, viewer=viewer)
            for by in GROUPINGS:
                months = AggregatesOracle.monthly(store, chosen, by)
                kept = store.aggregates(chosen, by=by)
                assert (kept is None) == (months is None)
                if kept is not None:
                    assert_same_sums(kept, months, by)
            check_cells_by_year(store, chosen)


def check_cells_by_year(store, chosen: RecordFilter) -> None:
    """The Map page's yearly read of ``aggregates_cells`` = the monthly totals summed per year by pandas."""
    kept = store.cells_by_year(chosen, by=YEAR_CELL_KEYS)
    assert (kept is None) == (year_bounds(chosen) is None)  # a window inside a year is not answered
    if kept is None:
        return
    months = AggregatesOracle.monthly(store, chosen, tuple("month" if key == "year" else key for key in YEAR_CELL_KEYS))
    months["year"] = months["month"].str[:4]
    keys = {name: months[name].fillna("") for name in YEAR_CELL_KEYS}  # grouped as the store keeps missing keys
    fresh = months[list(AMOUNTS)].groupby([keys[name] for name in YEAR_CELL_KEYS]).sum().reset_index()
    fresh.columns = [*YEAR_CELL_KEYS, *AMOUNTS]
    fresh[list(YEAR_CELL_KEYS)] = fresh[list(YEAR_CELL_KEYS)].replace("", None)
    assert_same_sums(kept, fresh.loc[fresh["record_rows"] > 0], YEAR_CELL_KEYS)


class AggregatesOracle:
    """The read forced onto the full monthly table, as before the smaller tables."""

    @staticmethod
    def monthly(store, chosen: RecordFilter, by) -> pd.DataFrame | None:
        from geo.store.aggregates import month_bounds

        return store._kept("aggregates", "month", KEYS, month_bounds(chosen), chosen, by)


def test_the_smallest_table_with_the_keys_and_the_period_is_read():
    assert smallest_table(kept_map.MAP_KEYS, KEYS, years_fit=True)[0] == "aggregates_cells"
    assert smallest_table(kept_map.MAP_KEYS, KEYS, years_fit=False)[0] == "aggregates"
    assert smallest_table(kept_map.LEG_KEYS, KEYS, years_fit=True)[0] == YEARS_TABLE
    assert smallest_table(("month", "substance"), KEYS, years_fit=True)[0] == "aggregates_months"
    assert smallest_table(("substance",), KEYS, years_fit=False)[0] == "aggregates_months"
    assert smallest_table(aggregated.STATS_KEYS, KEYS, years_fit=True)[0] == "aggregates"


def test_a_store_made_before_the_smaller_tables_fills_them_when_opened(tmp_path):
    path = tmp_path / "old.gpkg"
    two_batches_of_three_agencies(GeoPackageStore(path))
    with sqlite3.connect(path) as connection:  # as the previous release left it
        for table in ROLLUPS:
            connection.execute(f"DROP TABLE {table}")  # noqa: S608 - constants
    store = GeoPackageStore(path)
    check_rollups(store)
    assert int(store.aggregates(by=("substance",))["record_rows"].sum()) == 24


def test_opening_a_filled_store_runs_no_first_filling(tmp_path, monkeypatch):
    path = tmp_path / "filled.gpkg"
    two_batches_of_three_agencies(GeoPackageStore(path))
    executed: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(executed.append)
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced)
    GeoPackageStore(path)  # its tables are filled: each first filling is asked about, none is run
    assert [statement for statement in executed if first_filling_of(statement)] == []
    asked = {table for table in (YEARS_TABLE, *ROLLUPS) if f"SELECT 1 FROM {table} LIMIT 1" in executed}
    assert asked == {YEARS_TABLE, *ROLLUPS}
    check_rollups(GeoPackageStore(path))  # filled once: opening the store again adds nothing
    with sqlite3.connect(path) as connection:
        assert all(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0  # noqa: S608 - constants
                   for table in ROLLUPS)
