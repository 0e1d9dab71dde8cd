"""``ui.serve``: what the launcher prepares before a served app's first visitor."""

from __future__ import annotations

import importlib

import pytest

from ui import serve


def test_the_imports_prepared_are_read_from_the_scripts(tmp_path):
    script = tmp_path / "page.py"
    script.write_text("import json\nimport streamlit as st\nfrom ui import common, keys\nfrom ui.keys import MapKeys\n"
                      "from geo.core import settings\nfrom . import sibling\n", encoding="utf-8")
    names = serve.script_imports([script])
    # A submodule named in ``from package import name`` is imported too; a class or a relative import is not.
    assert names == ["json", "streamlit", "ui", "ui.common", "ui.keys", "geo.core", "geo.core.settings"]


def test_the_first_scripts_are_the_app_and_its_default_page():
    names = serve.script_imports(serve.FIRST_SCRIPTS)
    # The Map page's own modules and the map component's: what a fresh server's first visitor used to wait for.
    assert {"ui.common", "ui.map_step", "ui.map_state", "ui.map_warmup", "ui.identity"} <= set(names)
    assert all(importlib.util.find_spec(name) is not None for name in names)


class Registry:
    def __init__(self) -> None:
        self.registered: list = []

    def register_component(self, component) -> None:
        self.registered.append(component)


def test_the_map_component_declared_before_any_run_is_registered():
    import streamlit_folium

    registry = Registry()
    names = serve.register_components(registry)
    # Declared outside a run, Streamlit left it unregistered: the browser would get a 404 and a blank map.
    assert "streamlit_folium.st_folium" in names
    assert streamlit_folium._component_func in registry.registered  # noqa: SLF001 - the object the page calls
    assert len(registry.registered) == len(names)


class Runtime:
    def __init__(self) -> None:
        self.component_registry = Registry()


@pytest.fixture
def served(monkeypatch):
    """A Streamlit runtime as a served app has one; what the warm-up was asked to start."""
    from streamlit import runtime

    from ui import common, identity, map_warmup

    started: list[tuple] = []
    opened: list[str] = []
    fake = Runtime()
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: fake)
    monkeypatch.setattr(map_warmup, "start", lambda viewer, *, demo: started.append((viewer, demo)) or True)
    monkeypatch.setattr(common, "get_store", lambda: opened.append("store"))
    monkeypatch.setattr(identity, "auth_section", lambda: None)
    return started, opened, fake


def test_the_open_demo_is_warmed_for_its_viewer_once_the_store_is_open(served):
    from geo.access import Viewer

    started, opened, fake = served
    assert serve.prepare()
    assert opened == ["store"]
    assert started == [(Viewer.open_demo(), True)]  # the open demo's class: public records only
    assert "streamlit_folium.st_folium" in {c.name for c in fake.component_registry.registered}


def test_a_signed_in_deployment_opens_the_store_but_warms_no_class(served, monkeypatch):
    from ui import identity

    started, opened, _ = served
    monkeypatch.setattr(identity, "auth_section", lambda: {"client_id": "x"})
    assert not serve.prepare()
    assert opened == ["store"] and started == []


def test_a_store_that_fails_to_open_leaves_the_first_run_to_say_why(served, monkeypatch):
    from ui import common

    started, _, _ = served
    monkeypatch.setattr(common, "get_store", lambda: (_ for _ in ()).throw(ConnectionError("PostGIS is down")))
    assert not serve.prepare()
    assert started == []


def test_without_a_streamlit_runtime_nothing_is_prepared(monkeypatch):
    from ui import map_warmup

    started: list = []
    monkeypatch.setattr(map_warmup, "start", lambda *a, **k: started.append(a) or True)
    assert not serve.prepare(runtime_wait_s=0)
    assert started == []
