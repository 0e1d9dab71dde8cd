"""Map throughput: build the map HTML, draw it in Chromium, and step the slider of the running app.

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_map [--rows 100000 1000000] [--skip-app] [--profile]
    .venv/bin/python -m benchmarks.bench_map --html FILE.html   # only draw a map file (e.g. ``geo map --out``)

For N records (``--rows``, several sizes allowed) it measures

1. the map HTML build of the Map page for the latest period (window mode, year
   granularity): ``prepare_timeline`` + ``frame_map`` + ``period_layers`` + rendering the
   map with the period layers (``m.get_root().render()``), twice (the first run of a
   process fills the basemap and geometry caches); and the standalone export
   (``standalone_html(build_map(records, "fr", legs=...))``, legs of
   every reported route over the whole period, as ``python -m geo map`` writes them);
2. drawing the standalone HTML in headless Chromium from ``file://`` with every
   non-file request aborted: navigation start until the ``load`` event plus two
   animation frames (Leaflet's canvas renderer draws on the next frame);
3. unless ``--skip-app``: writing the N records to a fresh GeoPackage store, starting
   ``streamlit run app.py`` on it (``COULOIRS_DEMO=0``), the page's first load (with the
   store query, then again in a new session with the query cached), and ~5 steps of the
   "◀" button, each timed until the map's caption shows the new period and the leaflet
   iframe's swapped layers (``window.feature_group`` still on ``map_div``) have changed.

Records: N <= 100,000 is ``coerce_records(demo.generate(N, 1))``; larger N concatenates
``coerce_records(demo.generate(100_000, seed))`` for seeds 1, 2, … (1,000,000 = seeds
1..10). Demo case numbers repeat between seeds, so the ``record_id`` of seeds >= 2 gets a
``s<seed>:`` prefix: the store keeps all N rows. Each batch is cached as parquet under
the system temp dir, keyed by the source of the modules that make it (``--no-cache``).
Several sizes run one after the other, each in a fresh process (the geometry caches are
per process). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from geo import demo
from geo.analysis import routes
from geo.analysis.timeline import timeline
from geo.core import periods
from geo.core.schema import coerce_records
from geo.core.view import View
from geo.maps.build import build_map, standalone_html
from geo.maps.timeline import frame_map, period_layers, prepare_timeline
from geo.store import Batch, GeoPackageStore
from tests.browser.conftest import running_streamlit

ROOT = Path(__file__).resolve().parents[1]
BATCH = 100_000
LANG = "fr"
CHROMIUM = os.environ.get("COULOIRS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MAP_FRAME = "streamlit_folium.st_folium"
CACHE_SOURCES = ("geo/demo/generator.py", "geo/demo/story.py", "geo/demo/agencies.py", "geo/demo/places.py",
                 "geo/core/schema.py", "geo/core/units.py", "geo/reference/gazetteer.py", "geo/reference/layers.py",
                 "geo/reference/countries.py", "data")
FIRST_LOAD_TIMEOUT_S = 600
STEP_TIMEOUT_S = 180

# In the leaflet iframe: Leaflet ids of the swapped layers still on the map (the array only grows).
SHOWN_GROUPS_JS = ("() => (window.feature_group && window.map_div) ? "
                   "window.feature_group.filter(g => map_div.hasLayer(g)).map(g => L.stamp(g)) : []")
GROUPS_CHANGED_JS = ("before => { if (!window.feature_group || !window.map_div) return false; "
                     "const on = window.feature_group.filter(g => map_div.hasLayer(g)).map(g => L.stamp(g)); "
                     "return on.length >= 3 && on.every(id => !before.includes(id)); }")
# In the leaflet iframe: the period the map's caption shows (the caption is drawn inside the map, with its layers).
CAPTION_JS = ("label => Array.from(document.querySelectorAll('.cl-period-box .cl-cap-h'))"
              ".some(h => h.innerText.trim() === label)")
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
DRAWN_MARK_JS = """
window.addEventListener("load", () => {
    window.__benchLoad = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__benchDrawn = performance.now(); }));
});
"""


class Figures:
    """Labelled figures of one size, printed as a table and handed to the parent process as JSON."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.items: list[tuple[str, str, str]] = []

    def add(self, section: str, label: str, value: str) -> None:
        self.items.append((section, label, value))
        print(f"  [{section}] {label}: {value}", flush=True)

    def table(self) -> str:
        width = max((len(label) for _, label, _ in self.items), default=10)
        lines = [f"{'figure':<{width}}  {self.rows:,} records", f"{'-' * width}  {'-' * 30}"]
        section = None
        for where, label, value in self.items:
            if where != section:
                lines.append(f"# {where}")
                section = where
            lines.append(f"{label:<{width}}  {value}")
        return "\n".join(lines)


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _mb(size: float) -> str:
    return f"{size / 1e6:.2f} MB"


# --- records ---------------------------------------------------------------------------
def _cache_dir() -> Path:
    digest = hashlib.sha256(pd.__version__.encode())
    for name in CACHE_SOURCES:
        path = ROOT / name
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.is_file():
                digest.update(file.name.encode() + file.read_bytes())
    return Path(tempfile.gettempdir()) / f"couloirs-bench-map-{digest.hexdigest()[:16]}"


def build_records(rows: int, use_cache: bool) -> tuple[pd.DataFrame, str]:
    """``rows`` canonical records from seeds 1, 2, …, ``BATCH`` at a time, and how they were made."""
    folder = _cache_dir() if use_cache else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    parts, cached = [], 0
    for k, start in enumerate(range(0, rows, BATCH)):
        size, seed = min(BATCH, rows - start), 1 + k
        path = folder / f"seed{seed}-{size}.parquet" if folder is not None else None
        if path is not None and path.exists():
            part = pd.read_parquet(path)
            cached += 1
        else:
            part = coerce_records(demo.generate(size, seed))
            if seed > 1:  # demo case numbers repeat between seeds: keep every record distinct for the store
                part["record_id"] = f"s{seed}:" + part["record_id"]
            if path is not None:
                part.to_parquet(path.with_suffix(".tmp"))
                path.with_suffix(".tmp").replace(path)
        parts.append(part)
    records = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    seeds = len(parts)
    how = (f"pd.concat of coerce_records(demo.generate({BATCH:,}, seed)) for seeds 1..{seeds}" if seeds > 1
           else f"coerce_records(demo.generate({rows:,}, 1))")
    if seeds > 1:
        how += "; record_id of seeds >= 2 prefixed 's<seed>:'"
    if cached:
        how += f"; {cached}/{seeds} batch(es) read from the parquet cache"
    return records, how


# --- 1. map HTML build -------------------------------------------------------------------
def period_map_html(records: pd.DataFrame) -> tuple[str, dict[str, float], str]:
    """The Map page's map at the latest year (window mode) as HTML, with the time of each stage."""
    view = View(granularity="year", mode="window")
    times: dict[str, float] = {}
    t = time.perf_counter()
    line = prepare_timeline(records, view, LANG)
    keys, scale = line.keys, line.scale
    times["prepare_timeline"] = time.perf_counter() - t
    t = time.perf_counter()
    m = frame_map(LANG, scale)
    times["frame_map"] = time.perf_counter() - t
    t = time.perf_counter()
    layers = period_layers(line, len(keys) - 1, view.with_period(keys[-1]), LANG)
    times["period_layers"] = time.perf_counter() - t
    t = time.perf_counter()
    for group in layers.groups:
        group.add_to(m)
    html = m.get_root().render()
    times["render"] = time.perf_counter() - t
    detail = (f"period {keys[-1]} of {len(keys)}; {len(layers.records):,} records shown; seizures as {scale.mode}"
              f"{f' (H3 res {scale.resolution})' if scale.resolution is not None else ''}; {len(layers.legs)} legs")
    return html, times, detail


def standalone_export(records: pd.DataFrame) -> tuple[str, dict[str, float], str]:
    """What ``python -m geo map`` writes: every record, legs of the whole period, assets inlined."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    totals = routes.legs_for_window(records, None, records["date"].max().date()).assign(status="stable")
    legs = routes.leg_geometries(totals)
    legs = legs[legs.geometry.notna()]
    times["legs"] = time.perf_counter() - t
    t = time.perf_counter()
    m = build_map(records, LANG, legs=legs)
    times["build_map"] = time.perf_counter() - t
    t = time.perf_counter()
    html = standalone_html(m)
    times["standalone_html"] = time.perf_counter() - t
    return html, times, f"{len(legs)} legs drawn"


def measure_build(records: pd.DataFrame, figures: Figures) -> str:
    """Section 1; returns the standalone HTML for section 2."""
    section = "1 map HTML build"
    for run in ("first in process", "again (warm caches)"):
        html, times, detail = period_map_html(records)
        total = sum(times.values())
        parts = " + ".join(f"{name} {value:.2f}" for name, value in times.items())
        figures.add(section, f"period map, {run}", f"{_s(total)} ({parts} s)")
    figures.add(section, "period map HTML", f"{_mb(len(html.encode()))}; {detail}")
    html, times, detail = standalone_export(records)
    parts = " + ".join(f"{name} {value:.2f}" for name, value in times.items())
    figures.add(section, "standalone export", f"{_s(sum(times.values()))} ({parts} s)")
    figures.add(section, "standalone HTML", f"{_mb(len(html.encode()))}; {detail}")
    return html


def profile_build(records: pd.DataFrame, top: int = 25) -> None:
    """cProfile of the period map build (warm), printed by cumulative and by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    period_map_html(records)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        print(f"\n--- cProfile of the period map build ({len(records):,} records), top {top} by {order} ---")
        print(out.getvalue().split("\n", 4)[-1].rstrip(), flush=True)


# --- 2. draw in Chromium --------------------------------------------------------------------
def _launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def measure_draw(browser, html: str, figures: Figures, folder: Path, runs: int = 3) -> None:
    """Open the standalone file in fresh contexts; navigation start → load → two animation frames."""
    section = "2 draw in Chromium"
    path = folder / "standalone.html"
    path.write_text(html, encoding="utf-8")
    map_name = re.search(r"var (map_[0-9a-f]+) = L\.map\(", html)
    count_js = (f"() => {{ let n = 0; window.{map_name.group(1)}.eachLayer(() => n++); return n; }}"
                if map_name else "() => -1")
    results = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
        try:
            page = context.new_page()
            blocked: list[str] = []
            errors: list[str] = []
            page.on("console", lambda message, errors=errors: message.type == "error" and errors.append(message.text))
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.route(re.compile(r"^(?!file:|data:|blob:|about:)"),
                       lambda route, blocked=blocked: (blocked.append(route.request.url), route.abort()))
            page.add_init_script(DRAWN_MARK_JS)
            started = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load", timeout=FIRST_LOAD_TIMEOUT_S * 1000)
            page.wait_for_function("() => window.__benchDrawn !== undefined", timeout=STEP_TIMEOUT_S * 1000)
            wall = time.perf_counter() - started
            timing = page.evaluate("""() => {
                const nav = performance.getEntriesByType("navigation")[0];
                return {dcl: nav.domContentLoadedEventEnd, load: window.__benchLoad, drawn: window.__benchDrawn};
            }""")
            page.wait_for_selector(".leaflet-container", timeout=10_000)
            results.append((timing, wall, page.evaluate(count_js), len(blocked), len(errors)))
        finally:
            context.close()
    for k, (timing, wall, layers, blocked, errors) in enumerate(results, 1):
        figures.add(section, f"run {k}: DOMContentLoaded / load / drawn",
                    f"{timing['dcl']:,.0f} / {timing['load']:,.0f} / {timing['drawn']:,.0f} ms "
                    f"(wall {_ms(wall)}; {layers} Leaflet layers; {blocked} requests aborted; "
                    f"{errors} console errors)")
    drawn = [r[0]["drawn"] for r in results]
    figures.add(section, "drawn, median of runs", f"{statistics.median(drawn):,.0f} ms (min {min(drawn):,.0f}, "
                f"max {max(drawn):,.0f}); file {_mb(path.stat().st_size)}")


# --- 3. the running app ----------------------------------------------------------------------
@contextmanager
def running_app(db: Path, log_path: Path):
    """``streamlit run app.py`` on the store ``db``, as the browser tests start it; yields its URL."""
    env = {**os.environ, "COULOIRS_DB": str(db), "COULOIRS_DEMO": "0"}
    with running_streamlit(ROOT, env, log_path) as url:
        yield url


def _leaflet_frame(page, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            if MAP_FRAME in frame.url:
                return frame
        page.wait_for_timeout(100)
    raise TimeoutError(f"no {MAP_FRAME} iframe within {timeout_s:.0f} s")


class WebSocketBytes:
    """Bytes the page received over Streamlit's websocket."""

    def __init__(self, page) -> None:
        self.received = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.received += len(payload)


def _open_map(browser, url: str, latest_label: str) -> tuple[object, object, object, WebSocketBytes, float]:
    """A new session on the Map page; seconds from navigation until the map's caption and layers are there."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:|about:)"), lambda route: route.abort())
    traffic = WebSocketBytes(page)
    started = time.perf_counter()
    page.goto(f"{url}/?lang={LANG}", wait_until="domcontentloaded", timeout=60_000)
    frame = _leaflet_frame(page, FIRST_LOAD_TIMEOUT_S)
    frame.wait_for_function(CAPTION_JS, arg=latest_label, timeout=FIRST_LOAD_TIMEOUT_S * 1000)
    frame.wait_for_function(f"() => ({SHOWN_GROUPS_JS})().length >= 3", timeout=FIRST_LOAD_TIMEOUT_S * 1000)
    frame.evaluate(TWO_FRAMES_JS)
    return context, page, frame, traffic, time.perf_counter() - started


def _median_line(values: list[float]) -> str:
    return f"{_ms(min(values))} / {_ms(statistics.median(values))} / {_ms(max(values))} over {len(values)}"


def measure_app(browser, records: pd.DataFrame, figures: Figures, folder: Path, steps: int = 5) -> None:
    """Section 3: store write, first loads, slider steps."""
    section = "3 running app"
    db = folder / "bench.gpkg"
    t = time.perf_counter()
    result = GeoPackageStore(db).write_batch(records, Batch(kind="demo", created_by="bench"))
    figures.add(section, "store write_batch", f"{_s(time.perf_counter() - t)} ({result.accepted:,} accepted, "
                f"{result.duplicates:,} duplicates; file {_mb(db.stat().st_size)})")
    t = time.perf_counter()
    stored = GeoPackageStore(db).query()
    figures.add(section, "store query() in this process", f"{_s(time.perf_counter() - t)} ({len(stored):,} rows)")
    labels = [periods.period_label(k, LANG) for k in timeline(stored, "year")]
    del stored
    _time_app(browser, db, labels, figures, section, folder, steps,
              ("first load, store query included", "first load, new session, query cached"))


# --- 3b. the running app on an existing store (--store) -------------------------------------------
def measure_store_app(browser, source: Path, figures: Figures, folder: Path, steps: int = 5) -> None:
    """Section 3 on a copy of an existing store: first loads and slider steps."""
    import shutil

    from geo.store import open_store

    section = "3 running app (--store)"
    db = folder / "bench.gpkg"
    shutil.copyfile(source, db)  # the app may rebuild kept totals (a write): never on the shared file
    t = time.perf_counter()
    store = open_store(str(db))
    figures.add(section, "store opened in this process", _s(time.perf_counter() - t))
    dates = store.aggregates(by=("month",))
    months = dates["month"].dropna().sort_values()
    keys = periods.period_range(pd.Timestamp(months.iloc[0] + "-01").date(),
                                pd.Timestamp(months.iloc[-1] + "-01").date(), "year")
    labels = [periods.period_label(k, LANG) for k in keys]
    figures.add(section, "records", f"{int(dates['record_rows'].sum()):,} ({source.name}, copied)")
    _time_app(browser, db, labels, figures, section, folder, steps,
              ("first load, nothing cached", "first load, new session, caches warm"))


def _time_app(browser, db: Path, labels: list[str], figures: Figures, section: str, folder: Path, steps: int,
              loads: tuple[str, str]) -> None:
    """Two first loads (``loads`` name them), then up to ``steps`` "◀" steps, each until its layers are drawn."""
    log_path = folder / "streamlit.log"
    with running_app(db, log_path) as url:
        contexts = []
        try:
            for label in loads:
                context, page, frame, traffic, seconds = _open_map(browser, url, labels[-1])
                contexts.append(context)
                figures.add(section, label, f"{_s(seconds)} ({_mb(traffic.received)} over the websocket)")
            page.wait_for_timeout(1000)
            back = page.get_by_role("button", name="◀")
            layers_s, drawn_s, sent = [], [], []
            index = len(labels) - 1
            for _ in range(min(steps, len(labels) - 1)):
                before = frame.evaluate(SHOWN_GROUPS_JS)
                index -= 1
                received = traffic.received
                started = time.perf_counter()
                back.click()
                frame.wait_for_function(CAPTION_JS, arg=labels[index], timeout=STEP_TIMEOUT_S * 1000)
                frame.wait_for_function(GROUPS_CHANGED_JS, arg=before, timeout=STEP_TIMEOUT_S * 1000)
                layers_s.append(time.perf_counter() - started)
                frame.evaluate(TWO_FRAMES_JS)
                drawn_s.append(time.perf_counter() - started)
                page.wait_for_timeout(1000)
                sent.append(traffic.received - received)
            figures.add(section, "step: caption + layers swapped min/median/max", _median_line(layers_s))
            figures.add(section, "step: + 2 frames drawn min/median/max", _median_line(drawn_s))
            figures.add(section, "websocket bytes per step, median", _mb(statistics.median(sent)))
        finally:
            for context in contexts:
                context.close()
    errors = [line for line in log_path.read_text(errors="replace").splitlines()
              if "Traceback" in line or "Error" in line]
    figures.add(section, "server log", f"{len(errors)} error/traceback lines ({log_path.name})")


def _in_browser(title: str, measure: Callable[[Any, Figures, Path], None]) -> Figures:
    """One section, ``measure(browser, figures, folder)``, in a browser of its own; prints its table."""
    from playwright.sync_api import sync_playwright

    figures = Figures(0)
    print(f"\n=== {title} ===", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp, sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            measure(browser, figures, Path(tmp))
        finally:
            browser.close()
    print(f"\n{figures.table()}\n", flush=True)
    return figures


def run_store(source: Path) -> Figures:
    """Section 3 only, on a copy of ``source`` (a 1,000,000-record store takes long to write)."""
    def measure(browser, figures: Figures, folder: Path) -> None:
        try:
            measure_store_app(browser, source, figures, folder)
        except Exception as error:  # a benchmark reports and goes on
            figures.add("3 running app (--store)", "FAILED", repr(error))

    return _in_browser(f"store {source}", measure)


def draw_file(path: Path) -> Figures:
    """Section 2 only, on a map file written elsewhere (``geo map --out``)."""
    return _in_browser(str(path), lambda browser, figures, folder: measure_draw(
        browser, path.read_text(encoding="utf-8"), figures, folder))


# --- driver --------------------------------------------------------------------------------------
def run_size(rows: int, args: argparse.Namespace) -> Figures:
    """Every section for ``rows`` records, in this process."""
    from playwright.sync_api import sync_playwright

    figures = Figures(rows)
    print(f"\n=== {rows:,} records ===", flush=True)
    t = time.perf_counter()
    records, how = build_records(rows, use_cache=not args.no_cache)
    figures.add("0 records", "records", f"{len(records):,}: {how}")
    figures.add("0 records", "build", f"{_s(time.perf_counter() - t)}; "
                f"{records.memory_usage(deep=True).sum() / 1e6:,.0f} MB in memory")
    with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp:
        folder = Path(tmp)
        html = None
        try:
            html = measure_build(records, figures)
        except Exception as error:  # a benchmark reports and goes on
            figures.add("1 map HTML build", "FAILED", repr(error))
        if args.profile:
            profile_build(records)
        with sync_playwright() as playwright:
            browser = _launch(playwright)
            try:
                if html is not None:
                    try:
                        measure_draw(browser, html, figures, folder)
                    except Exception as error:
                        figures.add("2 draw in Chromium", "FAILED", repr(error))
                if not args.skip_app:
                    try:
                        measure_app(browser, records, figures, folder)
                    except Exception as error:
                        figures.add("3 running app", "FAILED", repr(error))
            finally:
                browser.close()
    print(f"\n{figures.table()}\n", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000], help="record counts (several allowed)")
    parser.add_argument("--skip-app", action="store_true", help="skip the running-app part (store, streamlit)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the period map build")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the parquet record cache")
    parser.add_argument("--store", type=Path, help="time the running app on a copy of this GeoPackage store "
                        "(e.g. /tmp/scale/scale-1000000.gpkg) instead of writing --rows records")
    parser.add_argument("--html", type=Path, help="only draw this map file in Chromium (section 2), e.g. what "
                        "`python -m geo map --out X.html --db <1M store>` wrote from the kept totals")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # a child process's figures go here
    args = parser.parse_args()
    if args.html is not None:
        draw_file(args.html)
        return
    if args.store is not None:
        run_store(args.store)
        return
    if len(args.rows) == 1:
        figures = run_size(args.rows[0], args)
        if args.json:
            args.json.write_text(json.dumps({"rows": figures.rows, "items": figures.items}))
        return
    collected: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-map-runs-") as tmp:
        for rows in args.rows:
            out = Path(tmp) / f"{rows}.json"
            command = [sys.executable, "-m", "benchmarks.bench_map", "--rows", str(rows), "--json", str(out)]
            command += [flag for flag, on in (("--skip-app", args.skip_app), ("--profile", args.profile),
                                              ("--no-cache", args.no_cache)) if on]
            status = subprocess.run(command, cwd=ROOT, check=False).returncode
            if out.exists():
                collected.append(json.loads(out.read_text()))
            else:
                print(f"{rows:,} records: the run ended with status {status} and no figures")
    print("=== all sizes ===")
    for result in collected:
        figures = Figures(result["rows"])
        figures.items = [tuple(item) for item in result["items"]]
        print(f"\n{figures.table()}")


if __name__ == "__main__":
    main()
