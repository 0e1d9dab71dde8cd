"""Cache flushing by a visitor: does a burst of "clear cache" messages slow the next page load?

Run on demand from the project folder::

    .venv/bin/python -m benchmarks.bench_clear_cache [--rows 20000] [--flushes 50]

Starts ``streamlit run app.py`` on a fresh demo store of N synthetic records (open demo: no sign-in),
loads the map page in headless Chromium until the map is drawn (cold), loads it again in a new
browser context (warm: the shared caches are filled), then opens a third context whose websocket
is routed through Playwright and sends ``--flushes`` ``BackMsg(clear_cache=True)`` messages to the
server — what any anonymous visitor can send — and measures the next page load in a fresh context.
Before Couloirs guarded it (``ui/hardening.py``) each message emptied every user's caches; the
target is a load after the burst within 2x the warm load. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, running_streamlit

MAP_READY = "iframe"


def _load(browser, url: str, on_socket=None) -> tuple[float, object]:
    """Seconds from navigation until the map's Leaflet container is drawn and Streamlit is idle."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    if on_socket:
        page.route_web_socket("**/_stcore/stream", on_socket)
    started = time.perf_counter()
    page.goto(f"{url}/?lang=fr")
    page.frame_locator(MAP_READY).first.locator(".leaflet-container").wait_for(timeout=180_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=180_000)
    elapsed = time.perf_counter() - started
    return elapsed, context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--flushes", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="couloirs-flush-"))
    env = {**os.environ, "COULOIRS_DB": str(folder / "store.gpkg"), "COULOIRS_DEMO": "1",
           "COULOIRS_DEMO_ROWS": str(args.rows)}
    with running_streamlit(ROOT, env, folder / "server.log") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cold, context = _load(browser, url)
        context.close()
        warm, context = _load(browser, url)
        context.close()

        flush = BackMsg(clear_cache=True).SerializeToString()
        sent = []

        def forward_and_flush(route) -> None:
            server = route.connect_to_server()
            for _ in range(args.flushes):
                server.send(flush)
                sent.append(1)

        _, attacker = _load(browser, url, on_socket=forward_and_flush)
        time.sleep(2)  # let the server handle the burst
        attacker.close()
        after, context = _load(browser, url)
        context.close()
        browser.close()
    print(f"{args.rows} demo records: first load {cold:.2f} s, warm load {warm:.2f} s, "
          f"load after {len(sent)} clear-cache messages {after:.2f} s ({after / warm:.2f}x warm; target <= 2x)")


if __name__ == "__main__":
    main()
