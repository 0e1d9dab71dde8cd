"""Browser harness: `streamlit run` on a free port, Playwright driving Debian's Chromium.

Screenshots go to ``test-output/`` (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output"
CHROMIUM = os.environ.get("COULOIRS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@contextmanager
def running_streamlit(folder: Path, env: dict[str, str], log_path: Path, *extra: str,
                      port: int | None = None) -> Iterator[str]:
    """``streamlit run app.py`` in ``folder`` on ``port`` (default: a free loopback port); yields its URL once up."""
    port = port or _free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             *extra],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


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
    from tests.browser.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

    folder = tmp_path_factory.mktemp("signed-in")
    store = GeoPackageStore(folder / "app.gpkg")
    store.save_agency(Actor("test"), "sen-ocrtis", name="OCRTIS")
    store.save_user(Actor("test"), ANALYST["email"], "sen-ocrtis", "analyst", name=ANALYST["name"])
    port = _free_port()
    with running_provider(ANALYST) as provider:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\ncookie_secret = "{CLIENT_SECRET}x"\n'
            f'client_id = "{CLIENT_ID}"\nclient_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n', encoding="utf-8")
        env = {**os.environ, "COULOIRS_DB": str(folder / "app.gpkg"), "COULOIRS_DEMO_ROWS": "200",
               "COULOIRS_DEMO": "1", "AUTHLIB_INSECURE_TRANSPORT": "1"}  # plain http on the loopback only
        with running_streamlit(ROOT, env, folder / "streamlit.log", "--secrets.files", str(secrets_file),
                               port=port) as url:
            yield url


ANALYST = {"sub": "oidc|analyste-1", "email": "analyste@ocrtis.example", "name": "Awa Diop"}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class ConsoleLog:
    """Console errors, uncaught page errors and requests that left the machine during a test."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.external_requests: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._check_host)

    def _check_host(self, request) -> None:
        # The app must work offline: every asset comes from the app itself.
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            self.external_requests.append(request.url)


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


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-output/ and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
