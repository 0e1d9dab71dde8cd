"""Import throughput: a French agency register of N rows, end to end, into a fresh GeoPackage.

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_import [--rows 100000] [--seed 1] [--format csv|xlsx] [--csv] [--cli]

``--cli`` imports through ``python -m geo import FILE --json`` in a child process instead (the way a
national register too large for the web upload is imported: a CSV file is streamed, see
:mod:`geo.ingest.streaming`) and prints its wall time, CPU time and peak memory (the child's maximum
resident set size); ``--csv`` is ``--format csv``.

The register is ``demo.generate(N, seed)`` written the way agencies export from French
Excel: semicolons, Windows-1252, a title line, French headers (``N° PV``, ``Date de saisie``,
``Localité``, ``Produit``, ``Quantité``, ``Unité``…), dd/mm/yyyy dates, decimal commas,
thousands separated by spaces, French substance and country names; one row in five gives
a place name instead of coordinates; 1 % of rows have swapped coordinates, 1 % an impossible
date and 0.5 % repeat an earlier row. A workbook (``--format xlsx``) holds numbers and dates as typed cells, as
an office's own workbook does. Prints the time of each step (read, parse and locate, write), wall and CPU time,
the accounting and the quarantine reasons by code (so that a register most of whose rows are quarantined cannot
pass for a fast import); asserts nothing. Targets (issue 13): 100,000 XLSX rows in 8 s or less; 1,000,000 CSV
rows through ``--cli`` in 120 s or less and 2 GB peak memory or less.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks import page_support
from geo import demo
from geo.core import schema
from geo.ingest import pipeline as importer
from geo.records import exports
from geo.reference import countries
from geo.store import GeoPackageStore

HEADERS = {"source_ref": "N° PV", "date": "Date de saisie", "place": "Localité", "country": "Pays",
           "substance": "Produit", "quantity": "Quantité", "unit": "Unité", "origin": "Provenance",
           "destination": "Destination", "conveyance": "Mode de transport", "lat": "Latitude", "lon": "Longitude",
           "notes": "Observations"}
UNITS_FR = {"kg": "kg", "g": "g", "t": "tonnes", "tablets": "comprimés", "plants": "pieds", "l": "litres",
            "units": "unités"}
CONVEYANCES_FR = {"land": "Route", "sea": "Maritime", "air": "Aérien", "mail": "Colis postal", "unknown": ""}


def _french_number(values: pd.Series) -> pd.Series:
    """1234.5 -> "1 234,5" (French Excel's own format)."""
    return values.map(lambda v: "" if v != v else f"{v:,.2f}".rstrip("0").rstrip(".").replace(",", " ")
                      .replace(".", ","))


def _country_fr(code: object) -> str:
    return countries.country_name(code, "fr") if isinstance(code, str) else ""


def register(rows: int, seed: int, typed: bool = False) -> pd.DataFrame:
    """``rows`` demo records as a French agency register (French words).

    ``typed=False`` gives text cells as a CSV export has them (``"1 234,5"``, ``"05/03/2023"``); ``typed=True``
    gives what an office's workbook holds: quantities and coordinates as numbers, dates as date cells (an
    impossible date stays the text someone typed). Text like ``"-17,44"`` in a workbook would be neutralised
    as a formula on writing (``'-17,44``) and quarantined on reading, which no office's file looks like.
    """
    records = schema.coerce_records(demo.generate(rows=rows, seed=seed))
    rng = np.random.default_rng(seed)
    number = (lambda values: values.astype("float64")) if typed else _french_number
    table = pd.DataFrame({
        # One importing agency for rows the demo spreads over many: their references are made unique.
        HEADERS["source_ref"]: records["agency"].fillna("") + "/" + records["source_ref"].fillna(""),
        HEADERS["date"]: (pd.Series(records["date"].dt.date, dtype="object") if typed
                          else records["date"].dt.strftime("%d/%m/%Y")),
        HEADERS["place"]: records["place"].fillna(""),
        HEADERS["country"]: records["country"].map(_country_fr),
        HEADERS["substance"]: records["substance"].map(lambda s: schema.substance_label(s, "fr")),
        HEADERS["quantity"]: number(records["quantity"]),
        HEADERS["unit"]: records["unit"].map(UNITS_FR).fillna(""),
        HEADERS["origin"]: records["origin"].map(_country_fr),
        HEADERS["destination"]: records["destination"].map(_country_fr),
        HEADERS["conveyance"]: records["conveyance"].map(CONVEYANCES_FR).fillna(""),
        HEADERS["lat"]: number(records["lat"].round(5)),
        HEADERS["lon"]: number(records["lon"].round(5)),
        HEADERS["notes"]: records["notes"].fillna(""),
    })
    by_place = rng.random(rows) < 0.2
    table.loc[by_place, [HEADERS["lat"], HEADERS["lon"]]] = np.nan if typed else ""
    swapped = ~by_place & (rng.random(rows) < 0.01)
    pair = [HEADERS["lat"], HEADERS["lon"]]
    table.loc[swapped, pair] = table.loc[swapped, pair[::-1]].to_numpy()
    table.loc[rng.random(rows) < 0.01, HEADERS["date"]] = "31/02/2023"  # text in a date column, typed or not
    picked = rng.choice(rows, size=2 * (rows // 200), replace=False)  # copies, then the rows they overwrite
    sources, copies = picked[: rows // 200], picked[rows // 200:]
    table.iloc[copies] = table.iloc[sources].to_numpy()
    return table


def register_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "xlsx":
        return exports.table_bytes(table, "xlsx")
    buffer = io.StringIO()
    buffer.write("OCRTIS — Registre des saisies (généré pour le banc d'essai)\r\n\r\n")
    table.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("cp1252", errors="replace")


def run_cli(data: bytes, fmt: str) -> None:
    """Import ``data`` with ``python -m geo import`` in a child process; print time, peak memory, accounting."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"registre.{fmt}"
        path.write_bytes(data)
        del data
        started = time.perf_counter()
        out, err = Path(folder) / "out.json", Path(folder) / "err.txt"  # files: a full pipe would stall the child
        with out.open("w") as stdout_file, err.open("w") as stderr_file:
            child = subprocess.Popen([sys.executable, "-m", "geo", "import", str(path), "--db",
                                      str(Path(folder) / "b.gpkg"), "--agency", "sen-ocrtis", "--json"],
                                     stdout=stdout_file, stderr=stderr_file)
            # A file of several chunks is checked in a forked second process: the memory target counts both, so
            # the tree's memory is summed every 0.25 s: resident (shared pages count twice: an upper bound) and
            # proportional (each shared page once).
            tree_peak = tree_pss_peak = 0
            while child.poll() is None:
                tree_peak = max(tree_peak, page_support.tree_usage(child.pid)[1])
                tree_pss_peak = max(tree_pss_peak, page_support.tree_pss(child.pid))
                time.sleep(0.25)
        total = time.perf_counter() - started
        stdout, stderr = out.read_text(), err.read_text()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024  # Linux: kilobytes; the largest single process
    cpu = usage.ru_utime + usage.ru_stime  # on a shared machine wall time also counts others' work
    if child.returncode != 0:
        print(f"python -m geo import failed ({child.returncode}): {stderr.strip()[-2000:]}")
        return
    report = json.loads(stdout)
    print(f"python -m geo import: {total:.1f} s ({cpu:.1f} s CPU, every process), peak memory {peak_mb:,.0f} MB "
          f"(largest process), {tree_peak / 2**20:,.0f} MB resident and {tree_pss_peak / 2**20:,.0f} MB proportional"
          " (PSS) summed over the processes (sampled)")
    print(f"rows {report['rows']:,} = accepted {report['accepted']:,} + quarantined {report['quarantined']:,} "
          f"+ duplicates {report['duplicates']:,}")
    print(f"quarantine reasons: {_codes(report['quarantine_reasons'])}; warnings: {_codes(report['warnings'])}")


def _codes(counts: dict[str, int]) -> str:
    """``{"date_invalid": 980}`` -> ``"date_invalid 980"``: a surprise here means the register is not realistic."""
    return ", ".join(f"{code} {n:,}" for code, n in counts.items()) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--csv", dest="format", action="store_const", const="csv", help="same as --format csv")
    parser.add_argument("--cli", action="store_true", help="import through python -m geo import (time, peak RSS)")
    args = parser.parse_args()
    data = register_bytes(register(args.rows, args.seed, typed=args.format == "xlsx"), args.format)
    print(f"register: {args.rows:,} rows, {args.format}, {len(data) / 1e6:.1f} MB")
    if args.cli:
        run_cli(data, args.format)
        return
    steps: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(done: float, step: str) -> None:
        now = time.perf_counter()
        steps[step] = now - last[0]
        last[0] = now

    with tempfile.TemporaryDirectory() as folder:
        store = GeoPackageStore(Path(folder) / "bench.gpkg")
        started, cpu_started = time.perf_counter(), time.process_time()
        report = importer.import_bytes(store, data, f"registre.{args.format}", agency="sen-ocrtis",
                                       created_by="bench", progress=progress)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        again_started = time.perf_counter()
        again = importer.import_bytes(store, data, f"registre.{args.format}", agency="sen-ocrtis")
        again_time = time.perf_counter() - again_started
    # progress(step) marks the *start* of a step: each duration belongs to the step named before it.
    names = list(steps)
    durations = {names[i]: steps[names[i + 1]] for i in range(len(names) - 1)}
    print(" | ".join(f"{name} {seconds:.2f} s" for name, seconds in durations.items())
          + f" | total {total:.2f} s ({cpu:.2f} s CPU; peak memory of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB, register generation included)")
    counted = report.as_json()
    print(f"rows {report.rows:,} = accepted {report.accepted:,} + quarantined {report.quarantined:,} "
          f"+ duplicates {report.duplicates:,}")
    print(f"quarantine reasons: {_codes(counted['quarantine_reasons'])}; warnings: {_codes(counted['warnings'])}")
    print(f"same file again: {again_time:.2f} s, already imported: {again.already_imported}")


if __name__ == "__main__":
    main()
