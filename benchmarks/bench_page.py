"""The Map page as one user meets it (issue 16): first load, slider steps and filter changes, in Chromium.

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_page --store /tmp/scale/scale-100000.gpkg [--runs 5] [--steps 3]
    .venv/bin/python -m benchmarks.bench_page --rows 10000          # seeds a fresh GeoPackage first
    .venv/bin/python -m benchmarks.bench_page --store postgresql://couloirs_app:...@127.0.0.1:5432/couloirs

A GeoPackage given with ``--store`` is copied to a temporary folder first (opening a store may rebuild its
kept totals, a write), unless ``--in-place``. The app runs as the open demo (``COULOIRS_DEMO=0``: no
seeding), which shows the public records: the demo seeds are synthetic and mostly public. Each run starts
a fresh server (``python -m ui.serve``, as ``make run``) and measures, in headless Chromium (module
``benchmarks.page_driver`` says what "drawn" means):

1. first load: navigation until the map is drawn, on the fresh server (the store opened, the caches empty);
2. first load of a second session (caches filled);
3. ``--steps`` clicks on "◀", each until the map shows the previous period; the server's share is the time
   from the rerun leaving the browser to the script-finished message arriving (websocket, loopback);
   the server's CPU seconds in the step are read from /proc;
4. a filter change: "Cocaïne" in Substances, then "Sénégal" in Pays de saisie, each until the map is redrawn.

Prints each run, then the medians over ``--runs`` runs (steps: over every step of every run), the server's
memory, and this process's own CPU (the browser's share of the machine). Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks import page_driver as drive
from benchmarks import page_support as support
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, running_streamlit

SUBSTANCE = ("Substances", "Cocaïne")
COUNTRY = ("Pays de saisie", "Sénégal")


@contextmanager
def app_server(store: str, log_path: Path) -> Iterator[tuple[str, int | None]]:
    """The app served as ``make run`` serves it (``python -m ui.serve``) on ``store`` (open demo, no seeding); yields
    its URL and the server's pid."""
    env = {**os.environ, "COULOIRS_DB": store, "COULOIRS_DEMO": "0"}
    with running_streamlit(ROOT, env, log_path) as url:
        yield url, support.child_with(["--server.port", url.rsplit(":", 1)[1]])


@contextmanager
def bench_store(args: argparse.Namespace) -> Iterator[str]:
    """The store to measure: a seeded or copied GeoPackage in a temporary folder, or the URL given."""
    with tempfile.TemporaryDirectory(prefix="bench-page-store-") as tmp:
        if args.rows:
            from benchmarks.bench_scale import seed

            path = Path(tmp) / f"seeded-{args.rows}.gpkg"
            started = time.perf_counter()
            seed(path, args.rows)
            print(f"seeded {args.rows:,} demo records in {time.perf_counter() - started:.1f} s", flush=True)
            yield str(path)
        elif "://" in args.store or args.in_place:
            yield args.store
        else:
            copy = Path(tmp) / Path(args.store).name
            shutil.copyfile(args.store, copy)
            yield str(copy)


def _usage(pid: int | None) -> tuple[float, int]:
    return support.tree_usage(pid) if pid else (float("nan"), 0)


async def one_run(browser, store: str, folder: Path, number: int, args: argparse.Namespace) -> dict:
    """One fresh server: cold load, warm load, steps, two filter changes."""
    figures: dict = {"steps": [], "errors": []}
    log = folder / f"streamlit-run{number}.log"
    with app_server(store, log) as (url, pid):
        cpu, _ = _usage(pid)
        cold, figures["cold"] = await drive.open_session(browser, url, args.timeout)
        figures["cold_cpu"] = _usage(pid)[0] - cpu
        try:
            await cold.wait_idle(time.perf_counter() + args.timeout)
        finally:
            figures["errors"] += cold.errors + cold.wire.errors
            await cold.close()
        session, figures["warm"] = await drive.open_session(browser, url, args.timeout)
        try:
            await session.wait_idle(time.perf_counter() + args.timeout)
            for _ in range(args.steps):
                await asyncio.sleep(0.3)
                cpu = _usage(pid)[0]
                step = await drive.step_back(session, args.timeout)
                figures["steps"].append((step, _usage(pid)[0] - cpu))
            for name, (label, option) in (("substance", SUBSTANCE), ("country", COUNTRY)):
                await asyncio.sleep(0.3)
                cpu = _usage(pid)[0]
                figures[name] = (await drive.pick_filter(session, label, option, args.timeout), _usage(pid)[0] - cpu)
            figures["exceptions"] = await session.exceptions()
            if args.shots:  # to look at what was measured (not part of any timing)
                args.shots.mkdir(parents=True, exist_ok=True)
                await session.page.screenshot(path=args.shots / f"bench-page-run{number}.png", full_page=True)
        finally:
            figures["errors"] += session.errors + session.wire.errors
            await session.close()
        figures["server_rss"] = _usage(pid)[1]
    problems = [line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
    figures["server_tracebacks"] = len(problems)
    return figures


def _print_run(number: int, f: dict) -> None:
    steps = "; ".join(f"{s.heading}: {s.browser:.2f} s (server {s.server:.2f} s, {cpu:.2f} s CPU, {s.reruns} "
                      f"rerun(s), {s.received / 1e6:.2f} MB)" for s, cpu in f["steps"])
    print(f"run {number}: first load {f['cold']:.2f} s (server CPU {f['cold_cpu']:.2f} s), new session "
          f"{f['warm']:.2f} s; steps {steps}; substance {f['substance'][0].browser:.2f} s (server "
          f"{f['substance'][0].server:.2f} s), + country {f['country'][0].browser:.2f} s (server "
          f"{f['country'][0].server:.2f} s); server RSS {f['server_rss'] / 1e6:,.0f} MB; exception boxes "
          f"{f['exceptions']}, errors {len(f['errors'])}{': ' if f['errors'] else ''}{'; '.join(f['errors'][:3])}, "
          f"server tracebacks {f['server_tracebacks']}", flush=True)


def summary(runs: list[dict]) -> str:
    """The medians (and min–max) over the runs, as a Markdown table."""
    steps = [pair for f in runs for pair in f["steps"]]

    def row(name: str, values: list[float], server: str = "") -> list[str]:
        return [name, support.seconds(support.median(values)),
                f"{support.seconds(min(values))} – {support.seconds(max(values))}" if values else "—", server]

    def share(pairs: list) -> str:
        return (f"{support.seconds(support.median(s.server for s, _ in pairs))} (rerun → script finished), "
                f"{support.seconds(support.median(cpu for _, cpu in pairs))} CPU")

    return support.markdown_table(["figure", "median", "min – max", "server's share (median)"], [
        row("first load (fresh server: store opened → map drawn)", [f["cold"] for f in runs],
            f"{support.seconds(support.median(f['cold_cpu'] for f in runs))} CPU"),
        row("first load, another session (caches filled)", [f["warm"] for f in runs]),
        row(f"slider step ◀ until the new layers are drawn ({len(steps)} steps)", [s.browser for s, _ in steps],
            share(steps)),
        row("filter: Substances = Cocaïne, until the map is redrawn", [f["substance"][0].browser for f in runs],
            share([f["substance"] for f in runs])),
        row("filter: + Pays de saisie = Sénégal", [f["country"][0].browser for f in runs],
            share([f["country"] for f in runs])),
    ])


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    shown = support.shown_store(args.store) or f"{args.rows:,} seeded records"
    print(f"store: {shown}; load average {support.load_average()}", flush=True)
    results: list[dict] = []
    with bench_store(args) as store, tempfile.TemporaryDirectory(prefix="bench-page-") as tmp:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for number in range(1, args.runs + 1):
                    try:
                        figures = await one_run(browser, store, Path(tmp), number, args)
                    except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
                        print(f"run {number}: FAILED ({type(error).__name__}: {str(error)[:300]})", flush=True)
                        continue
                    results.append(figures)
                    _print_run(number, figures)
            finally:
                await browser.close()
    if results:
        sizes = [f["server_rss"] for f in results]
        print(f"\n{summary(results)}\n\nserver RSS after a run (streamlit and its children): median "
              f"{support.megabytes(support.median(sizes))}; exception boxes "
              f"{sum(f['exceptions'] for f in results)}, page/websocket errors "
              f"{sum(len(f['errors']) for f in results)}, {len(results)}/{args.runs} runs finished")
    print(f"load average {support.load_average()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="a GeoPackage path (copied first) or a postgresql:// URL")
    where.add_argument("--rows", type=int, help="seed a fresh GeoPackage of this many demo records")
    parser.add_argument("--runs", type=int, default=5, help="fresh servers (median over them)")
    parser.add_argument("--steps", type=int, default=3, help="◀ steps per run")
    parser.add_argument("--timeout", type=float, default=300, help="seconds any one wait may take")
    parser.add_argument("--shots", type=Path, help="save a screenshot of each run's last state in this folder")
    parser.add_argument("--in-place", action="store_true", help="use the GeoPackage itself, not a copy")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a kill stops like Ctrl-C: server and browser shut
    started = time.perf_counter()
    try:
        asyncio.run(run(args))
    except KeyboardInterrupt:
        print("interrupted: the server and the browser were shut down", file=sys.stderr)
        raise SystemExit(130) from None
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"benchmark wall {time.perf_counter() - started:.0f} s; CPU of this process {own.ru_utime + own.ru_stime:.0f}"
          f" s, of its ended children (server, browser) {children.ru_utime + children.ru_stime:.0f} s")


if __name__ == "__main__":
    main()
