"""A workshop room on one server (issue 16): N concurrent sessions, each a Map page load and slider steps.

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_room --sessions 20 --steps 10 --store /tmp/scale/scale-100000.gpkg
    .venv/bin/python -m benchmarks.bench_room --sessions 20 --steps 10 --rows 10000   # seeds a fresh store first

Loopback only: one server (``python -m ui.serve``, as ``make run``) on 127.0.0.1 (open demo,
``COULOIRS_DEMO=0``; a GeoPackage is copied first, as in ``bench_page``), one warm-up session that opens the
store (``--cold`` skips it), then ``--sessions`` sessions at once, each a new context of ONE headless Chromium
(viewport 800×600, no screenshots) driven from one asyncio loop, so the clients do not starve a 2-core server:
each session loads the Map page until the map is drawn, then clicks "◀" ``--steps`` times, each until the new period's
layers are drawn (``benchmarks.page_driver``). It reports p50/p95 of the loads and the steps (browser;
and the server's share, rerun sent → script finished), the errors (exception boxes, page and websocket
errors, timeouts), the server's memory (RSS of the streamlit process and its children, sampled every
0.5 s: before the sessions, peak, and ``--settle`` seconds after they end) and the CPU the clients used.

Bounded: ``--sessions`` at most 50; every wait has ``--timeout``; the whole room ``--hard-timeout``
(then the sessions still running are cancelled and counted as errors), and an alarm stops the process
a minute later whatever happens. The server and the browser are shut down on every exit, Ctrl-C and
SIGTERM included. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import page_driver as drive
from benchmarks import page_support as support
from benchmarks.bench_page import app_server, bench_store
from benchmarks.page_wire import WireSession, WireTimeout
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

MAX_SESSIONS = 50
VIEWPORT = (800, 600)
POLLING_MS = 100  # 20 pages polling every animation frame would cost the client more than the measure gains


@dataclass
class Seat:
    """One session's figures."""

    number: int
    load: float | None = None
    steps: list[float] = field(default_factory=list)  # until drawn (Chromium) or until finished (--wire)
    server: list[float] = field(default_factory=list)  # rerun sent → script finished
    errors: list[str] = field(default_factory=list)
    exceptions: int = 0


async def occupy(browser, url: str, seat: Seat, args: argparse.Namespace) -> None:
    """One session: the Map page's load, then ``args.steps`` steps back; errors are recorded, never raised."""
    session = None
    try:
        session, seat.load = await drive.open_session(browser, url, args.timeout, viewport=VIEWPORT,
                                                      polling=POLLING_MS)
        await session.wait_idle(time.perf_counter() + args.timeout)
        for _ in range(args.steps):
            step = await drive.step_back(session, args.timeout, polling=POLLING_MS)
            seat.steps.append(step.browser)
            seat.server.append(step.server)
        seat.exceptions = await session.exceptions()
        if seat.exceptions:
            seat.errors.append(f"{seat.exceptions} exception box(es)")
    except asyncio.CancelledError:
        seat.errors.append("hard timeout: cancelled")
        raise
    except drive.BenchTimeout as error:
        seat.errors.append(f"timeout: {error}")
    except Exception as error:  # noqa: BLE001 - one failing session is a figure of the room, not its end
        seat.errors.append(f"{type(error).__name__}: {str(error)[:200]}")
    finally:
        if session is not None:
            seat.errors += session.errors + session.wire.errors
            await session.close()


async def occupy_wire(url: str, seat: Seat, args: argparse.Namespace) -> None:
    """One session over the websocket (no browser): the first run, then ``args.steps`` clicks on "◀"."""
    try:
        async with WireSession(url) as session:
            try:
                seat.load = await session.load(args.timeout)
                for _ in range(args.steps):
                    seat.steps.append(await session.step_back(args.timeout))
                seat.server = list(seat.steps)
            finally:
                seat.exceptions = len(session.exceptions)
                seat.errors += [f"exception box: {text}" for text in session.exceptions] + session.errors
    except asyncio.CancelledError:
        seat.errors.append("hard timeout: cancelled")
        raise
    except WireTimeout as error:
        seat.errors.append(f"timeout: {error}")
    except Exception as error:  # noqa: BLE001 - one failing session is a figure of the room, not its end
        seat.errors.append(f"{type(error).__name__}: {str(error)[:200]}")


def report(seats: list[Seat], sampler: support.TreeSampler, marks: dict[str, float], args: argparse.Namespace,
           warmup: float | None) -> str:
    """The room's figures as text and a Markdown table."""
    loads = [s.load for s in seats if s.load is not None]
    browser = [step for s in seats for step in s.steps]
    server = [value for s in seats for value in s.server if value == value]  # NaN: no rerun seen
    before = sampler.rss("server", end=marks["start"])[-1]
    peak = max(sampler.rss("server", marks["start"], marks["settled"]))
    after = sampler.rss("server", start=marks["settled"] - 1)[-1]
    failed = [s for s in seats if s.errors]
    room = marks["end"] - marks["start"]
    table = support.markdown_table(["figure", "p50", "p95", "max", "count"], [
        ["map page load (first run: rerun → script finished)" if args.wire
         else "map page load (navigation → map drawn)", support.seconds(support.median(loads)),
         support.seconds(support.percentile(loads, 95)), support.seconds(max(loads, default=float("nan"))),
         f"{len(loads)}/{len(seats)}"],
        ["slider step ◀ (rerun → script finished)" if args.wire else "slider step ◀ until the new layers are drawn",
         support.seconds(support.median(browser)),
         support.seconds(support.percentile(browser, 95)), support.seconds(max(browser, default=float("nan"))),
         f"{len(browser)}/{len(seats) * args.steps}"],
        *([] if args.wire else [[
            "step, server's share (rerun sent → script finished)", support.seconds(support.median(server)),
            support.seconds(support.percentile(server, 95)), support.seconds(max(server, default=float("nan"))),
            str(len(server))]]),
    ])
    mode = ("mode: websocket clients (Streamlit's protocol, no browser: the server's side only; one asyncio loop)"
            if args.wire else
            f"mode: Chromium clients (Playwright async API: one browser, {len(seats)} contexts, viewport "
            f"{VIEWPORT[0]}×{VIEWPORT[1]}, map polled every {POLLING_MS} ms)")
    lines = [
        f"{mode}, loopback, {len(seats)} sessions × {args.steps} steps",
        f"warm-up session (store opened): {support.seconds(warmup) if warmup is not None else 'skipped (--cold)'}",
        table,
        f"errors: {len(failed)} of {len(seats)} sessions "
        f"({sum(len(s.errors) for s in seats)} messages; exception boxes {sum(s.exceptions for s in seats)})",
        *[f"  session {s.number}: {'; '.join(s.errors[:3])}" for s in failed[:10]],
        f"server memory (streamlit + children, sampled every {sampler.interval:g} s): before "
        f"{support.megabytes(before)}, peak {support.megabytes(peak)}, {args.settle:g} s after the sessions "
        f"{support.megabytes(after)} ({'back' if support.within(after, before) else 'NOT back'} within 10 % of before)",
        f"room wall {room:.1f} s; CPU during the room: server {marks['server_cpu']:.1f} s, clients (this process"
        f"{'' if args.wire else ', Playwright driver, Chromium'}) {marks['client_cpu']:.1f} s = "
        f"{marks['client_cpu'] / room:.2f} of a core",
    ]
    return "\n".join(lines)


async def _warm_up(browser, url: str, args: argparse.Namespace) -> float:
    """One session that opens the store and fills the caches; its load in seconds."""
    if browser is None:
        async with WireSession(url) as session:
            return await session.load(args.timeout)
    session, seconds = await drive.open_session(browser, url, args.timeout, viewport=VIEWPORT)
    try:
        await session.wait_idle(time.perf_counter() + args.timeout)
    finally:
        await session.close()
    return seconds


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    shown = support.shown_store(args.store) or f"{args.rows:,} seeded records"
    print(f"store: {shown}; {args.sessions} sessions × {args.steps} steps; "
          f"load average {support.load_average()}", flush=True)
    with bench_store(args) as store, tempfile.TemporaryDirectory(prefix="bench-room-") as tmp:
        log = Path(tmp) / "streamlit.log"
        with app_server(store, log) as (url, pid):
            if pid is None:
                raise SystemExit("could not find the streamlit server's process")
            sampler = support.TreeSampler(roots={"server": pid, "client": os.getpid()}, exclude={"client": "server"})
            async with contextlib.AsyncExitStack() as stack:
                browser = None
                if not args.wire:  # no Chromium at all in --wire mode: the clients' CPU is this process's
                    playwright = await stack.enter_async_context(async_playwright())
                    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    stack.push_async_callback(browser.close)
                sampler.start()
                stack.callback(sampler.stop)
                warmup = None
                if not args.cold:
                    warmup = await _warm_up(browser, url, args)
                    print(f"warm-up load {warmup:.2f} s", flush=True)
                await asyncio.sleep(2)
                sampler.sample()
                marks = {"start": time.monotonic(), "server_cpu": sampler.cpu_seconds("server"),
                         "client_cpu": sampler.cpu_seconds("client")}
                seats = [Seat(n) for n in range(1, args.sessions + 1)]
                tasks = [asyncio.create_task(occupy_wire(url, seat, args) if args.wire
                                             else occupy(browser, url, seat, args)) for seat in seats]
                _, pending = await asyncio.wait(tasks, timeout=args.hard_timeout)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                sampler.sample()
                marks["end"] = time.monotonic()
                marks["server_cpu"] = sampler.cpu_seconds("server") - marks["server_cpu"]
                marks["client_cpu"] = sampler.cpu_seconds("client") - marks["client_cpu"]
                print(f"sessions done in {marks['end'] - marks['start']:.1f} s ({len(pending)} cancelled); "
                      f"waiting {args.settle:g} s for the server's memory", flush=True)
                await asyncio.sleep(args.settle)
                sampler.sample()
                marks["settled"] = time.monotonic()
        tracebacks = sum("Traceback" in line for line in log.read_text(errors="replace").splitlines())
    print(f"\n{report(seats, sampler, marks, args, warmup)}\nserver log: {tracebacks} traceback(s)\n"
          f"load average {support.load_average()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="a GeoPackage path (copied first) or a postgresql:// URL")
    where.add_argument("--rows", type=int, help="seed a fresh GeoPackage of this many demo records")
    parser.add_argument("--sessions", type=int, default=20, help=f"concurrent sessions (at most {MAX_SESSIONS})")
    parser.add_argument("--steps", type=int, default=10, help="◀ steps per session")
    parser.add_argument("--timeout", type=float, default=180, help="seconds any one wait may take")
    parser.add_argument("--hard-timeout", type=float, default=900, help="seconds the whole room may take")
    parser.add_argument("--settle", type=float, default=30, help="seconds after the sessions before 'after' RSS")
    parser.add_argument("--wire", action="store_true",
                        help="speak Streamlit's websocket protocol instead of driving Chromium (server side only)")
    parser.add_argument("--cold", action="store_true", help="no warm-up session: the room opens the store")
    parser.add_argument("--in-place", action="store_true", help="use the GeoPackage itself, not a copy")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be between 1 and {MAX_SESSIONS}")
    # Ctrl-C, a kill, or the backstop alarm all unwind the same way: the browser closed, the server terminated.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(int(args.hard_timeout + 3 * args.timeout + args.settle + 600))
    try:
        asyncio.run(run(args))
    except KeyboardInterrupt:
        print("stopped (Ctrl-C, SIGTERM or the backstop alarm): the server and the browser were shut down",
              file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    main()
