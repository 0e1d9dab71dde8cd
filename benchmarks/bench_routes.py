"""Route throughput: leg tables, window flags and leg geometry over N synthetic records.

Run on demand from the project folder: ``.venv/bin/python -m benchmarks.bench_routes [--rows 1000000]``.
Records beyond 100,000 are built by concatenating ``demo.generate(100_000, seed)`` for
seeds 1, 2, … (each batch validated by ``coerce_records``), so a million records hold ten
independent draws, not ten copies. Prints figures; asserts nothing. Run each size in a
fresh process: the leg geometry cache is per process.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import pandas as pd

from geo import demo
from geo.analysis import route_geometry, routes
from geo.core.schema import coerce_records

BATCH = 100_000


def build(rows: int, seed: int) -> pd.DataFrame:
    """``rows`` canonical records from consecutive seeds, ``BATCH`` at a time."""
    parts = []
    for k, start in enumerate(range(0, rows, BATCH)):
        parts.append(coerce_records(demo.generate(rows=min(BATCH, rows - start), seed=seed + k)))
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    records = build(args.rows, args.seed)
    built = time.perf_counter()
    print(f"rows {len(records):,} from {-(-args.rows // BATCH)} seed(s); generate + coerce {built - started:.1f} s; "
          f"memory {records.memory_usage(deep=True).sum() / 1e6:.0f} MB")

    timings = {}
    tables = {}
    for granularity in ("year", "quarter", "month"):
        t = time.perf_counter()
        tables[granularity] = routes.leg_table(records, granularity)
        timings[f"leg_table {granularity} ({len(tables[granularity]):,} rows)"] = time.perf_counter() - t

    t = time.perf_counter()
    drawn = routes.leg_geometries(tables["month"])
    drawn_legs = route_geometry.leg_geometry.cache_info().currsize
    timings[f"leg_geometries cold ({drawn_legs} legs drawn)"] = time.perf_counter() - t
    t = time.perf_counter()
    routes.leg_geometries(routes.leg_table(records, "month"))
    timings["leg_table month + leg_geometries warm"] = time.perf_counter() - t

    start, end = date(2024, 1, 1), date(2024, 12, 31)
    t = time.perf_counter()
    current = routes.legs_for_window(records, start, end)
    previous = routes.legs_for_window(records, *routes.previous_window(start, end))
    flags = routes.flag_changes(current, previous)
    timings["two windows + flag_changes"] = time.perf_counter() - t
    t = time.perf_counter()
    routes.legs_for_window(records, None, end)
    timings["cumulative window"] = time.perf_counter() - t

    for label, seconds in timings.items():
        print(f"{label:<60} {seconds:7.2f} s")
    distinct = drawn.drop_duplicates(["from_iso3", "to_iso3", "mode", "substance"])
    print(f"via: {distinct['via'].str.split(':').str[0].value_counts().to_dict()}")
    print(f"2024 vs 2023 flags: {flags['status'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
