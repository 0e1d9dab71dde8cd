"""The scale targets of issue 16: ``geo stats --json``, ``geo map --out``, ``geo brief --out X.pdf`` at 10k, 100k, 1M.

Run on demand from the project folder (it takes minutes; the 1M store alone takes ~4 minutes to seed)::

    .venv/bin/python -m benchmarks.bench_scale --folder /tmp/scale [--sizes 10000,100000,1000000] [--runs 5]
        [--db-1000000 postgresql://...] [--postgis SUPERUSER-URL [--stores gpkg,postgis]]

Each store is seeded once into ``--folder`` (kept for the next run): demo records in batches of 100,000
(seeds 1, 2, ...), each with its own ``source_ref`` so that ten seeds make a million distinct records.
Each command runs as the user runs it, in a fresh process (imports included), ``--runs`` times; the
table shows the median wall time, the median CPU time (user + system of that process) and the
largest peak memory (max RSS), and the ratio of the largest size to the smallest (one run each,
the medians here). ``--from-records`` rows time the same stats computed from the records, the
computation before the kept totals. The machine may be shared: wall time is noisy, CPU time less so
(the load average is printed with the table). The CPU time is the ``geo`` process's own: on PostGIS the
server's work is not in it, only in the wall time.

``--postgis URL`` (a superuser URL of a throwaway server: ``sh scripts/start-test-postgis.sh DIR``)
measures the same commands on PostGIS too, one database per size made, migrated and seeded by
:mod:`benchmarks.scale_postgis` (kept on the server for the next run), and prints one table per store.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BATCH = 100_000
COMMANDS = {
    "stats --json": ["stats", "--json"],
    "stats --json --from-records": ["stats", "--json", "--from-records"],
    "map --out": ["map", "--out", "{out}.html"],
    "brief --out X.pdf": ["brief", "--out", "{out}.pdf"],
}


def seed(location: str | Path, rows: int) -> None:
    """A GeoPackage (a path) or PostGIS database (a URL) of ``rows`` distinct demo records, unless it has records."""
    from geo import demo
    from geo.store import Batch, open_store

    if not str(location).startswith("postgresql://") and Path(location).exists():
        return
    store = open_store(location)
    if store.count():
        return
    step = min(rows, BATCH)
    for number in range(1, rows // step + 1):
        frame = demo.generate(rows=step, seed=number)
        frame["source_ref"] = [f"bench{number}-{i}" for i in range(len(frame))]
        store.write_batch(frame, Batch(kind="demo", created_by="bench"))
    print(f"seeded {getattr(store, 'location', location)}: {store.count():,} records", file=sys.stderr)


def seed_apart(location: str | Path, rows: int) -> None:
    """:func:`seed` in a process of its own: a forked command would otherwise start with the seeder's memory,
    which its peak (``ru_maxrss``) counts."""
    subprocess.run([sys.executable, "-c", "import sys; from benchmarks.bench_scale import seed; "
                    "seed(sys.argv[1], int(sys.argv[2]))", str(location), str(rows)], check=True)


def run_once(arguments: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one ``python -m geo`` process."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "geo", *arguments], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"geo {' '.join(arguments)} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(location: str, name: str, runs: int, out: Path) -> tuple[float, float, float]:
    """Median wall, median CPU and the largest peak memory over ``runs`` runs of one command."""
    arguments = [part.format(out=out) for part in COMMANDS[name]] + ["--db", location]
    results = [run_once(arguments) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", required=True, help="where the seeded stores are kept")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5, help="runs per command and size (median)")
    parser.add_argument("--runs-largest", type=int, default=None, help="fewer runs at the largest size")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="which commands (comma-separated)")
    parser.add_argument("--postgis", metavar="SUPERUSER-URL", help="also measure PostGIS stores on this test server")
    parser.add_argument("--stores", default=None, help="gpkg, postgis or both (default: gpkg, and postgis if given)")
    args, extra = parser.parse_known_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    stores = (args.stores or ("gpkg,postgis" if args.postgis else "gpkg")).split(",")
    names = [n for n in args.commands.split(",") if n]
    if "gpkg" in stores:
        locations = {}
        for size in sizes:
            url = next((e.split("=", 1)[1] for e in extra if e.startswith(f"--db-{size}=")), None)
            if url is None:
                seed_apart(folder / f"scale-{size}.gpkg", size)
            locations[size] = url or str(folder / f"scale-{size}.gpkg")
        measure_all("GeoPackage", locations, sizes, names, args, folder)
    if "postgis" in stores:
        if not args.postgis:
            raise SystemExit("--stores postgis needs --postgis SUPERUSER-URL (sh scripts/start-test-postgis.sh DIR)")
        from benchmarks.scale_postgis import postgis_locations

        measure_all("PostGIS", postgis_locations(args.postgis, sizes, seed_apart), sizes, names, args, folder)


def measure_all(store: str, locations: dict[int, str], sizes: list[int], names: list[str],
                args: argparse.Namespace, folder: Path) -> None:
    """Measure every command at every size on one kind of store; print its table."""
    table: dict[str, dict[int, tuple[float, float, float]]] = {name: {} for name in names}
    for size in sizes:
        runs = args.runs_largest if (args.runs_largest and size == max(sizes)) else args.runs
        for name in names:
            table[name][size] = measure(locations[size], name, runs, folder / f"out-{size}")
            wall, cpu, peak = table[name][size]
            print(f"{store} {name} @ {size:,}: wall {wall:.2f} s, cpu {cpu:.2f} s, peak {peak:.0f} MB", file=sys.stderr)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n{store} (median of {args.runs} runs, {args.runs_largest or args.runs} at {max(sizes):,};"
          f" load average {load}):\n")
    print(f"| command | {' | '.join(f'{s:,} records' for s in sizes)} | {max(sizes):,} / {min(sizes):,} (wall) |")
    print(f"|---|{'---|' * len(sizes)}---|")
    for name in names:
        cells = [f"{w:.2f} s wall, {c:.2f} s CPU, {p:.0f} MB" for w, c, p in (table[name][s] for s in sizes)]
        ratio = table[name][max(sizes)][0] / table[name][min(sizes)][0]
        print(f"| `geo {name}` | {' | '.join(cells)} | {ratio:.1f}× |")


if __name__ == "__main__":
    main()
