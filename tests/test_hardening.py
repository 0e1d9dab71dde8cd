"""Server-wide guards (ui/hardening.py): a visitor's "clear cache" message leaves the shared caches alone."""

from __future__ import annotations

import sqlite3

import pytest
import streamlit as st
from streamlit.runtime.app_session import AppSession

from tests.support.apptest import open_app
from ui import hardening


class _Session:
    def __init__(self) -> None:
        self._session_state = {"lang": "fr"}


def test_a_clear_cache_message_clears_the_senders_session_only():
    computed = []

    @st.cache_data
    def shared_view(period: str) -> str:
        computed.append(period)
        return period.upper()

    hardening.install()
    hardening.install()  # idempotent: a rerun of app.py installs it again
    shared_view("2024")
    sender = _Session()
    for _ in range(50):  # one anonymous client sending the message in a loop
        AppSession._handle_clear_cache_request(sender)
    shared_view("2024")
    assert computed == ["2024"]  # still cached for every other user: computed once
    assert sender._session_state == {}  # the sender's own state was cleared, as they asked
    shared_view.clear()


@pytest.mark.slow
def test_a_store_that_cannot_be_opened_shows_one_error_page_and_no_other(tmp_path, monkeypatch,
                                                                          app_py_runs_on_every_run):
    foreign = tmp_path / "crm.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    monkeypatch.setenv("COULOIRS_DB", str(foreign))
    at = open_app(lang="en")
    errors = " ".join(error.value for error in at.error)
    assert "Base de données indisponible" in errors and "Database unavailable" in errors
    assert "another application" in at.code[0].value
    registered = [info.get("url_pathname") for info in at._registered_pages.values()]
    assert len(registered) == 1  # the error page alone: no page of pages/ is listed or reachable
    with pytest.raises(ValueError):
        at.switch_page("pages/admin.py")
    with sqlite3.connect(foreign) as connection:  # and the file is as it was
        assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master")] == ["customers"]
