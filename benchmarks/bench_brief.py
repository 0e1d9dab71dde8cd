"""Briefing throughput: the one-page PDF (and PNG, PPTX) for N demo records.

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_brief [--rows 100000] [--lang fr]

Builds the briefing of ``coerce_records(demo.generate(N, 1))`` for its default window (the 12
months up to the last record) and renders it, twice (the first run of a process loads fonts and
the reference layers). Prints the times; asserts nothing. The target is 5 s or less for the PDF.
"""

from __future__ import annotations

import argparse
import time

from geo import demo
from geo.briefs import content as briefing
from geo.briefs import onepager as briefdoc
from geo.core.schema import coerce_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    args = parser.parse_args()
    records = coerce_records(demo.generate(rows=args.rows, seed=1))
    for run in ("first", "again"):
        started = time.perf_counter()
        built = briefing.build_briefing(records, lang=args.lang)
        content = time.perf_counter()
        pdf = briefdoc.render_pdf(built)
        rendered = time.perf_counter()
        briefdoc.render_png(built)
        pictured = time.perf_counter()
        print(f"{run}: build {content - started:.2f} s + PDF {rendered - content:.2f} s = "
              f"{rendered - started:.2f} s ({len(pdf) / 1e3:.0f} kB, {len(built.records):,} records in the window); "
              f"PNG {pictured - rendered:.2f} s")


if __name__ == "__main__":
    main()
