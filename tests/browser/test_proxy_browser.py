"""The app behind Debian's nginx, configured with the shipped proxy rules (deploy/nginx/couloirs-proxy.conf).

nginx runs in the foreground on a free loopback port, with its configuration, logs and pid file in a
temporary folder, in front of the session's demo app. Through it, Chromium draws the map (so the
``/_stcore/stream`` websocket upgrade works through the proxy) and an upload without Streamlit's XSRF
cookie and token is still refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import ROOT, free_port, screenshot, wait_until_healthy

pytestmark = pytest.mark.browser
PROXY_RULES = ROOT / "deploy" / "nginx" / "couloirs-proxy.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def nginx_conf(folder: Path, port: int, upstream: str) -> str:
    """A whole nginx configuration: the shipped proxy rules in a plain-HTTP loopback server (no TLS)."""
    temp = "\n".join(f"    {name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                             "scgi"))
    # As root, nginx would hand its workers to `nobody`, who cannot write the temporary folder.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    access_log {folder / "access.log"};
{temp}
    upstream couloirs {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        include {PROXY_RULES};
    }}
}}
"""


@contextmanager
def running_nginx(folder: Path, upstream: str) -> Iterator[str]:
    """nginx in the foreground (``daemon off``) with everything under ``folder``; yields its URL once it answers."""
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: run scripts/install-system-deps.sh (Debian package nginx)")
    port = free_port()
    (folder / "nginx.conf").write_text(nginx_conf(folder, port, upstream), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf"),
               "-g", "daemon off;"]
    tested = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True, check=False)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_healthy(url, process, timeout=30)  # the app's health answer, through the proxy
        except (RuntimeError, TimeoutError):
            pytest.fail(f"nginx: {(folder / 'error.log').read_text(errors='replace')[-2000:]}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def proxied(app_url, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The demo app's URL through nginx, and nginx's folder (its logs)."""
    folder = tmp_path_factory.mktemp("nginx")
    os.chmod(folder, 0o755)  # noqa: S103 - a test folder; nginx's workers read and write it
    with running_nginx(folder, urlsplit(app_url).netloc) as url:
        yield url, folder


def test_the_map_draws_through_nginx_over_a_websocket(proxied, page):
    url, folder = proxied
    page.goto(url)
    expect(page.frame_locator(MAP_FRAME).locator(".leaflet-container")).to_be_visible(timeout=120_000)
    expect(page.locator("[data-testid=stStatusWidget]")).to_have_count(0, timeout=60_000)
    screenshot(page, "proxy-map")
    assert page.console.errors == []
    # The session ran over nginx: the proxy upgraded the websocket (101). nginx logs it once it closes.
    page.goto("about:blank")
    for _ in range(150):
        access = (folder / "access.log").read_text(encoding="utf-8")
        if any("/_stcore/stream" in line and '" 101 ' in line for line in access.splitlines()):
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"no upgraded /_stcore/stream in nginx's log: {access[-2000:]}")


def test_an_upload_without_the_xsrf_token_is_refused_through_nginx(proxied):
    url, _ = proxied
    request = urllib.request.Request(f"{url}/_stcore/upload_file/some-session/some-file", method="PUT",
                                     data=b"--x\r\n", headers={"Content-Type": "multipart/form-data; boundary=x"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback
    assert refused.value.code == 403
    assert "XSRF" in refused.value.read().decode("utf-8", "replace")  # Streamlit's refusal, passed on by nginx
    # A forged cookie and a header that do not match are refused as well.
    request.add_header("Cookie", "_streamlit_xsrf=2|aaaa|bbbb|1")
    request.add_header("X-Xsrftoken", "2|cccc|dddd|1")
    with pytest.raises(urllib.error.HTTPError) as forged:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback
    assert forged.value.code == 403
