"""The server's warm-up of the open demo's first map (``ui.map_warmup``) builds what that map then asks for.

It must build it under the very keys a session of the open demo uses (its viewer in every key), so the first
visitor finds it ready, and never for anyone else: not outside the open demo, not outside a served app.
"""

from __future__ import annotations

import pytest

from geo.access import Viewer
from geo.access.identity import Session
from geo.store import Batch, GeoPackageStore
from tests.support import make_records
from tests.support.apptest import open_app

pytestmark = pytest.mark.slow  # the page runs in AppTest


@pytest.fixture
def demo_store(tmp_path, monkeypatch):
    db = tmp_path / "warm.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    GeoPackageStore(db).write_batch(make_records(
        {"source_ref": "1", "date": "2020-03-01", "origin": "BRA", "destination": "ESP", "conveyance": "sea"},
        {"source_ref": "2", "date": "2021-05-01", "country": "MLI", "lat": 12.6, "lon": -8.0, "transit": "SEN"},
        {"source_ref": "3", "date": "2021-06-01", "substance": "tramadol", "quantity": 5000, "unit": "tablets",
         "country": "NER", "lat": 13.5, "lon": 2.1, "origin": "NGA"},
        {"source_ref": "4", "date": "2021-07-01", "sensitivity": "restricted", "substance": "heroin"},
    ), Batch(kind="import", created_by="test"))
    return db


def _spied(monkeypatch) -> dict[str, list[tuple]]:
    """Record the arguments of the page's two shared caches (the timeline, a period's layers)."""
    from ui import common, map_step

    asked: dict[str, list[tuple]] = {"timeline": [], "step": []}
    real_line, real_step = common._kept_timeline, map_step._step

    def line(*args, **kwargs):
        asked["timeline"].append(args)
        return real_line(*args, max_points=0)  # a few records drawn from kept totals, as a million are

    def step(*args, **kwargs):
        asked["step"].append(args)
        return real_step(*args, **kwargs)

    monkeypatch.setattr(common, "_kept_timeline", line)
    monkeypatch.setattr(map_step, "_step", step)
    return asked


def _typed(args: tuple) -> list[tuple]:
    return [(type(value), value) for value in args]  # Streamlit's cache tells 1 from True: so must the test


def test_the_warm_up_builds_the_open_demos_first_map_under_the_keys_its_sessions_use(demo_store, monkeypatch):
    from ui import map_step, map_warmup

    asked = _spied(monkeypatch)
    map_warmup.warm(Session.open_demo().viewer, "fr")
    map_step._PREFETCH.submit(lambda: None).result(timeout=120)  # the neighbours it asked for are built
    warmed = {name: list(calls) for name, calls in asked.items()}
    assert len(warmed["timeline"]) == 1 and warmed["step"], warmed
    assert warmed["timeline"][0][0].viewer == Viewer.open_demo()  # the open demo's class: public records only
    for calls in asked.values():
        calls.clear()
    at = open_app(None, "map", lang="fr")  # a first visit: nobody signed in, no parameter in the URL
    assert not at.exception
    assert _typed(asked["timeline"][0]) == _typed(warmed["timeline"][0])
    assert _typed(asked["step"][0]) == _typed(warmed["step"][0])  # the period it shows first


def test_the_warm_up_starts_only_for_the_open_demo_of_a_served_app():
    from ui import map_warmup

    viewer = Viewer.open_demo()
    assert not map_warmup.start(viewer, demo=False)  # signed-in deployments: classes known only at sign-in
    assert not map_warmup.start(viewer, demo=True)  # AppTest and scripts: no Streamlit runtime, no thread


def test_no_page_computes_for_a_viewer_its_filter_names():
    """The warm-up's entries trust the viewer a filter holds: pages must go through the session's (ui.common.scoped)."""
    from tests.support.apptest import ROOT

    for script in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        source = script.read_text(encoding="utf-8")
        for name in ("viewer_map_timeline", "viewer_period_step", "viewer_official_totals"):
            assert name not in source, f"{script.name} calls {name}"
