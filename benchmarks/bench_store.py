"""Store throughput: write and query N synthetic records in a fresh GeoPackage, or in an empty PostGIS database.

Run on demand from the project folder: ``.venv/bin/python -m benchmarks.bench_store [--rows 100000]
[--db postgresql://couloirs_app:...@127.0.0.1:PORT/empty_db]`` (``scripts/start-test-postgis.sh`` starts a
throwaway server). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from geo import demo
from geo.access import Viewer
from geo.analysis import stats
from geo.core.filters import RecordFilter
from geo.store import Batch, open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="an empty PostGIS database URL (default: a fresh GeoPackage)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.gpkg"
        started = time.perf_counter()
        records = demo.generate(rows=args.rows, seed=args.seed)
        generated = time.perf_counter()
        store = open_store(args.db or path)
        result = store.write_batch(records, Batch(kind="demo", created_by="bench"))
        written = time.perf_counter()
        everything = store.query()
        queried = time.perf_counter()
        some = store.query(RecordFilter(substances=("cocaine",), countries=("SEN", "GNB")))
        filtered = time.perf_counter()
        stats.totals(everything)
        summed = time.perf_counter()
        as_agency = store.query(RecordFilter(viewer=Viewer.of_agency("sen-ocrtis")))
        agency_queried = time.perf_counter()
        size = f"file {path.stat().st_size / 1e6:.1f} MB" if path.exists() else store.location
        print(f"rows {args.rows:,}; accepted {result.accepted:,}; {size}")
        print(f"generate {generated - started:.2f} s | write batch {written - generated:.2f} s | "
              f"query all {queried - written:.2f} s | query cocaine SEN+GNB ({len(some):,}) {filtered - queried:.2f} s"
              f" | totals {summed - filtered:.2f} s | query as sen-ocrtis ({len(as_agency):,})"
              f" {agency_queried - summed:.2f} s")


if __name__ == "__main__":
    main()
