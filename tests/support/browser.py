"""Browser harness: the app served on a free port (``python -m ui.serve``), Playwright driving Debian's Chromium,
screenshots.

The fixtures built on this module (``app_url``, ``signed_in_app``, ``browser``, ``page``) live in
``tests/browser/conftest.py``. Screenshots go to ``test-output/`` (git-ignored) so a person can look at them.
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

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output"
CHROMIUM = os.environ.get("COULOIRS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# Who the local OpenID Connect provider signs in (tests/support/oidc_provider.py): an analyst of sen-ocrtis.
ANALYST = {"sub": "oidc|analyste-1", "email": "analyste@ocrtis.example", "name": "Awa Diop"}


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    """Wait for Streamlit's health endpoint at ``url`` to answer, or for ``process`` to die."""
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
    """``streamlit run app.py`` in ``folder`` on ``port`` (default: a free loopback port); yields its URL once up.

    The project's own app is served as ``make run`` serves it (``python -m ui.serve``: its first map prepared at
    start); any other folder's app.py by ``streamlit run`` itself.
    """
    port = port or free_port()
    launcher = ["ui.serve"] if folder.resolve() == ROOT else ["streamlit", "run", "app.py"]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", *launcher, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             *extra],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


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


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-output/ and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@contextmanager
def running_signed_in_streamlit(folder: Path, user: dict[str, str], env: dict[str, str]) -> Iterator[str]:
    """The dashboard behind a local OpenID Connect provider that signs in ``user``; ``env`` sets the store.

    ``folder`` holds the app's secrets and its log; yields the app's URL.
    """
    from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

    port = free_port()
    with running_provider(user) as provider:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\ncookie_secret = "{CLIENT_SECRET}x"\n'
            f'client_id = "{CLIENT_ID}"\nclient_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n', encoding="utf-8")
        env = {**env, "AUTHLIB_INSECURE_TRANSPORT": "1"}  # plain http on the loopback only
        with running_streamlit(ROOT, env, folder / "streamlit.log", "--secrets.files", str(secrets_file),
                               port=port) as url:
            yield url
