"""Store throughput: write and query N synthetic records in a fresh GeoPackage.

Run on demand from the project folder: ``.venv/bin/python -m benchmarks.bench_store [--rows 100000]``.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from geo import demo, stats
from geo.filters import RecordFilter
from geo.store import Batch, GeoPackageStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.gpkg"
        started = time.perf_counter()
        records = demo.generate(rows=args.rows, seed=args.seed)
        generated = time.perf_counter()
        store = GeoPackageStore(path)
        result = store.write_batch(records, Batch(kind="demo", created_by="bench"))
        written = time.perf_counter()
        everything = store.query()
        queried = time.perf_counter()
        some = store.query(RecordFilter(substances=("cocaine",), countries=("SEN", "GNB")))
        filtered = time.perf_counter()
        stats.totals(everything)
        summed = time.perf_counter()
        print(f"rows {args.rows:,}; accepted {result.accepted:,}; file {path.stat().st_size / 1e6:.1f} MB")
        print(f"generate {generated - started:.2f} s | write batch {written - generated:.2f} s | "
              f"query all {queried - written:.2f} s | query cocaine SEN+GNB ({len(some):,}) {filtered - queried:.2f} s"
              f" | totals {summed - filtered:.2f} s")


if __name__ == "__main__":
    main()
