"""Regenerate the README's screenshots: ``make screenshots`` (or ``.venv/bin/python scripts/screenshots.py``).

Starts the dashboard on a temporary demo store (``streamlit run app.py``, open demo, synthetic and public data,
fixed seed), opens each page in French or English with Playwright and Chromium (``/usr/bin/chromium``, or
``COULOIRS_CHROMIUM``), waits until the page has finished running and the map is drawn, and writes
``docs/screenshots/<page>-<lang>.jpg`` at 1440 px wide (JPEG: a tenth of the PNG's size for the same look).
Nothing leaves the machine: the app serves its own map assets (see ``docs/architecture.md``, "Offline maps").
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the harness that starts the app is the browser tests'
from tests.support.browser import running_streamlit  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("COULOIRS_CHROMIUM", "/usr/bin/chromium")
WIDTH = 1440
# (file name, address, language, viewport height): the ones README.md shows.
SHOTS = (
    ("map-fr", "", "fr", 1500),
    ("map-en", "", "en", 1500),
    ("trends-fr", "trends", "fr", 1100),
    ("records-en", "records", "en", 1000),
)


def _settle(page, has_map: bool) -> None:
    """Wait for the run to finish (no status widget) and, on a map page, for Leaflet inside its frame."""
    page.wait_for_selector("[data-testid=stMain] h1", timeout=180_000)
    if has_map:
        page.wait_for_selector("iframe", timeout=180_000)
        page.frame_locator("iframe").first.locator(".leaflet-container").wait_for(timeout=180_000)
    for _ in range(2):  # a page may run twice (its first run sets the address)
        page.wait_for_timeout(1500)
        page.locator("[data-testid=stStatusWidget]").wait_for(state="detached", timeout=180_000)
    page.wait_for_timeout(2500)  # tiles of the vector basemap, fonts


def _save(png: bytes, path: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width != WIDTH:
        image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.LANCZOS)
    image.save(path, "JPEG", quality=82, optimize=True, progressive=True)


def take(url: str, out: Path) -> list[Path]:
    """Take every shot of :data:`SHOTS` from the app at ``url`` into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        first = browser.new_page()
        first.goto(url)  # the server's first run reads the legacy pages/ folder: let it happen off camera
        _settle(first, has_map=True)
        first.close()
        for name, address, lang, height in SHOTS:
            context = browser.new_context(viewport={"width": WIDTH, "height": height}, locale=f"{lang}-FR")
            page = context.new_page()
            page.goto(f"{url}/{address}?lang={lang}")
            _settle(page, has_map=address == "")
            path = out / f"{name}.jpg"
            _save(page.screenshot(), path)
            written.append(path)
            print(f"{path}: {path.stat().st_size // 1024} KB", flush=True)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Start the app on a temporary demo store, take the shots, stop the app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the JPEG files (default: docs/screenshots)")
    parser.add_argument("--port", type=int, default=8599, help="loopback port for the app (default: 8599)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium; or set COULOIRS_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="couloirs-shots-") as folder:
        env = {**os.environ, "COULOIRS_DB": str(Path(folder) / "demo.gpkg"), "COULOIRS_DEMO": "1"}
        env.pop("COULOIRS_LANG", None)
        with running_streamlit(ROOT, env, Path(folder) / "streamlit.log", port=args.port) as url:
            take(url, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
