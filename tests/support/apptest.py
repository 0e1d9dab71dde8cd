"""The dashboard in Streamlit's AppTest: open it as someone, on a page; catch the files its buttons would serve.

AppTest runs the app's scripts in this process, without a browser: ``at.user`` stands for ``st.user``
(see ``people.identity``), ``at.query_params`` for the URL, ``at.session_state`` for the session.
Fixtures built on this module live in the top ``conftest.py`` (``app_py_runs_on_every_run``, ``deferred``,
``deferred_downloads``, ``people_db``).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = {"map": "pages/map.py", "trends": "pages/trends.py", "records": "pages/records.py",
              "briefing": "pages/briefing.py", "import": "pages/import_data.py", "admin": "pages/admin.py"}


# An ``[auth]`` section: the app believes ``st.user`` only when an identity provider is configured.
TEST_AUTH = {"auth": {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x", "client_id": "c"}}


def app_test(script: str = "app.py", *, timeout: float = 120) -> AppTest:
    """An AppTest of ``script`` (relative to the repository root), not run yet."""
    return AppTest.from_file(ROOT / script, default_timeout=timeout)


def sign_in(at: AppTest, user: dict) -> AppTest:
    """``at`` as ``user`` (``st.user``'s claims), with the identity provider configured that signed them in."""
    at.user = user
    if user.get("is_logged_in") and "auth" not in at.secrets:
        at.secrets.update(TEST_AUTH)
    return at


def open_app(user: dict | None = None, page: str | None = None, *, lang: str | None = "fr",
             query: dict | None = None, state: dict | None = None, secrets: dict | None = None,
             timeout: float = 180) -> AppTest:
    """The app as ``user`` (``None``: nobody signed in), run once, then on ``page`` when given.

    ``page`` is a page id (a key of ``PAGE_FILES``) or a page file; ``lang`` goes in the URL (``None``: none),
    with ``query``; ``state`` is put in the session and ``secrets`` in ``st.secrets`` before the first run.
    Each run must end without an exception.
    """
    at = app_test(timeout=timeout)
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        sign_in(at, user)
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(PAGE_FILES.get(page, page)).run()
        assert not at.exception, at.exception
    return at


def serve_app_py_on_every_run(monkeypatch) -> None:
    """Run app.py on every run, as a served app does.

    With a ``pages/`` folder, Streamlit starts a process in its legacy mode (a page URL runs that file
    alone) until the first ``st.navigation`` call switches the mode off for the whole process: from then
    on every run goes through app.py, and so through the identity check. AppTest switches the legacy mode
    back on before each run, so a page reached by ``switch_page`` would skip app.py; this keeps it off.
    """
    from streamlit.runtime.scriptrunner import script_runner

    class Served(script_runner.PagesManager):
        uses_pages_directory = False

    monkeypatch.setattr(script_runner, "PagesManager", Served)


def capture_deferred_files(monkeypatch, *, by: str = "file_name") -> dict:
    """The files behind every download button drawn, by ``file_name`` or ``file_id``.

    Calling one builds the file, as a click does (the browser's fetch, in a test).
    """
    built: dict = {}
    original = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        built[file_name if by == "file_name" else file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return built
