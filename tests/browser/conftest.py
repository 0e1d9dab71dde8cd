"""Browser fixtures: a running dashboard (open demo, or behind a local sign-in provider), Chromium, a page.

The harness itself (``streamlit run`` on a free port, the console log, screenshots) is ``tests/support/browser.py``.
Every test here is marked ``browser`` (by the top ``conftest.py`` at collection, and by each module's ``pytestmark``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.browser import (
    ANALYST,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SCREENSHOTS,
    ConsoleLog,
    running_signed_in_streamlit,
    running_streamlit,
)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """A running dashboard on a fresh store seeded with demo and public data."""
    env = {**os.environ, "COULOIRS_DB": str(tmp_path_factory.mktemp("browser") / "browser.gpkg"),
           "COULOIRS_DEMO_ROWS": "800", "COULOIRS_DEMO": "1"}
    with running_streamlit(ROOT, env, tmp_path_factory.mktemp("logs") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def signed_in_app(tmp_path_factory):
    """A dashboard that asks everyone to sign in through an OpenID Connect provider (a local stand-in).

    The provider signs in ``ANALYST``, registered as an analyst of sen-ocrtis in the app's users table.
    """
    from geo.access import Actor
    from geo.store import GeoPackageStore

    folder = tmp_path_factory.mktemp("signed-in")
    store = GeoPackageStore(folder / "app.gpkg")
    store.save_agency(Actor("test"), "sen-ocrtis", name="OCRTIS")
    store.save_user(Actor("test"), ANALYST["email"], "sen-ocrtis", "analyst", name=ANALYST["name"])
    env = {**os.environ, "COULOIRS_DB": str(folder / "app.gpkg"), "COULOIRS_DEMO_ROWS": "200", "COULOIRS_DEMO": "1"}
    with running_signed_in_streamlit(folder, ANALYST, env) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request):
    """A fresh page (1400×900) whose console errors are collected; screenshot on teardown."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.console = ConsoleLog()
    page.console.attach(page)
    yield page
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}-final.png", full_page=True)
    context.close()
