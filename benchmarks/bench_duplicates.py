"""Cross-agency linkage throughput and quality: N demo records with twins, linked by Splink on DuckDB.

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_duplicates [--rows 100000] [--twins 0.1] [--seed 3]

Generates ``rows`` records, of which ``twins`` of the seizures are reported again by one or two other agencies
(:mod:`geo.demo.twins`: the total is about ``rows`` × (1 + 1.25 × twins)), links them all
(:func:`geo.analysis.duplicates.link`), and prints wall and CPU time of the linkage alone, the candidate pairs,
and precision and recall against the known truth at several thresholds. Asserts nothing; the target is 100,000
records linked in 60 s or less.
"""

from __future__ import annotations

import argparse
import resource
import time

from geo.analysis import duplicates
from geo.core.schema import coerce_records
from geo.demo.twins import generate_with_twins


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="records before the twins are added")
    parser.add_argument("--twins", type=float, default=0.1, help="share of seizures reported again")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    demo = generate_with_twins(rows=args.rows, seed=args.seed, share=args.twins)
    records = coerce_records(demo.records)
    ids = records["record_id"].to_numpy()
    truth = {tuple(sorted((ids[i], ids[j]))) for i, j in demo.true_pairs()}

    wall, cpu = time.perf_counter(), _cpu()
    linked = duplicates.link(records)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"{len(records):,} records ({len(truth):,} true pairs): linked in {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"(this process; DuckDB threads included), {linked.compared:,} candidate pairs scored")
    pairs = linked.pairs
    for threshold in (0.5, 0.8, 0.9, duplicates.DEFAULT_THRESHOLD, 0.98, 0.99):
        found = set(zip(pairs.loc[pairs["probability"] >= threshold, "a"],
                        pairs.loc[pairs["probability"] >= threshold, "b"], strict=True))
        hits = len(found & truth)
        marker = "  <- default" if threshold == duplicates.DEFAULT_THRESHOLD else ""
        print(f"  threshold {threshold:.2f}: {len(found):,} pairs, precision {hits / max(len(found), 1):.3f}, "
              f"recall {hits / max(len(truth), 1):.3f}{marker}")


if __name__ == "__main__":
    main()
