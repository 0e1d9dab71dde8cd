"""The Map page's shared caches (issue 16): one computation per visibility class, never another class's answer.

Sessions of one visibility class (agency, clearance, partners) share the kept totals the Map page cuts its
filters from (``ui.common._kept_base``), the timelines and each period's layers (``ui.map_step._step``);
a viewer who may see less must never be served them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.access import Viewer
from geo.core.filters import RecordFilter
from geo.store import GeoPackageStore

pytestmark = pytest.mark.slow  # the page's cached functions, on a store of the app


def timeline_args(store: GeoPackageStore, granularity: str = "year") -> tuple:
    return (store.location, store.version(), "kg", granularity, "window", "en")


def test_filters_of_one_visibility_class_read_the_kept_totals_once(people_db, monkeypatch):
    from ui import common

    reads: list[str] = []
    for name in ("aggregates", "aggregates_by_year", "cells_by_year"):
        real = getattr(GeoPackageStore, name)
        monkeypatch.setattr(GeoPackageStore, name,
                            lambda self, *a, _real=real, _name=name, **k: reads.append(_name) or _real(self, *a, **k))
    args = timeline_args(people_db)
    # max_points 0: these few records drawn as hexagons from kept totals, as a million are
    first = [common._kept_timeline(RecordFilter(substances=chosen, viewer=people_db.viewer_for("agency-a")), *args,
                                   max_points=0) for chosen in ((), ("cocaine",), ("heroin",), ("cannabis_herb",))]
    assert first[0] is not None and first[0].weights is not None
    assert reads == ["cells_by_year", "aggregates_by_year"]  # the class's yearly totals, once, whatever the filter
    # Another session of the class (an equal viewer, made anew): every answer from the cache, no read at all.
    again = common._kept_timeline(RecordFilter(viewer=people_db.viewer_for("agency-a")), *args, max_points=0)
    assert again is first[0] and len(reads) == 2
    # Another class reads its own; by quarter the routes come from the monthly totals.
    common._kept_timeline(RecordFilter(viewer=people_db.viewer_for("agency-b")), *args, max_points=0)
    common._kept_timeline(RecordFilter(viewer=people_db.viewer_for("agency-b")), *timeline_args(people_db, "quarter"),
                          max_points=0)
    assert reads[2:] == ["cells_by_year", "aggregates_by_year", "aggregates", "aggregates"]


def test_the_class_totals_hold_only_what_their_viewer_may_see(people_db):
    from ui import common

    args = (people_db.location, people_db.version(), True)
    for_a = common._kept_base(RecordFilter(viewer=people_db.viewer_for("agency-a")), *args)
    for_b = common._kept_base(RecordFilter(viewer=people_db.viewer_for("agency-b")), *args)
    demo = common._kept_base(RecordFilter(viewer=Viewer.open_demo()), *args)
    assert for_a is not for_b
    for base, viewer in ((for_a, people_db.viewer_for("agency-a")), (for_b, people_db.viewer_for("agency-b")),
                         (demo, Viewer.open_demo())):
        # The same rows the store gives this viewer: an independent sum over the records it may see.
        records = people_db.query(RecordFilter(viewer=viewer))
        assert base.cells["record_rows"].sum() == len(records) == base.chains["record_rows"].sum()
        assert base.cells["kg"].sum() == pytest.approx(records["quantity_kg"].fillna(0).sum())
    assert "heroin" in set(for_a.cells["substance"]) and "heroin" not in set(for_b.cells["substance"])
    assert "heroin" not in set(demo.cells["substance"])


def test_a_period_built_for_one_viewer_is_never_served_to_another(people_db):
    from ui import common, map_step

    args = timeline_args(people_db)
    steps = {}
    for who, viewer in (("a", people_db.viewer_for("agency-a")), ("b", people_db.viewer_for("agency-b"))):
        chosen = RecordFilter(viewer=viewer)
        line = common._kept_timeline(chosen, *args, max_points=0)
        index = line.keys.index("2023")  # A's confidential heroin seizure's year
        steps[who] = map_step._step(chosen, *args, "kept", index, 5, False, False, False, False, _line=line,
                                    _official=pd.DataFrame())
        again = map_step._step(RecordFilter(viewer=viewer), *args, "kept", index, 5, False, False, False, False,
                               _line=line, _official=pd.DataFrame())
        assert again is steps[who]  # the next session of the class: the cache answered
    assert steps["a"] is not steps["b"]
    seen_a, seen_b = (set(steps[who].layers.records["substance"]) for who in "ab")
    assert "heroin" in seen_a and "heroin" not in seen_b
    assert steps["a"].groups_js.count("feature_group_feature_group_") >= 3  # the layers, rendered for the component
