"""A streamed import whose chunks are checked in a forked process stores exactly what the one-process import does.

:mod:`geo.ingest.forked` makes chunk N+1 (read and checked) in a child process while this one writes chunk N.
Each test imports the same bytes with ``fork=True`` and ``fork=False`` (a thread, as before) and compares
the two as frames: stored records, quarantine, problems, warnings, the report and the batch's accounting.
"""

from __future__ import annotations

import multiprocessing
import os

import pandas as pd
import pytest

from geo.ingest import forked, streaming
from geo.store import GeoPackageStore
from tests.test_streamed_import import AGENCY, STORE_ONLY, many_rows, register

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not forked.available(), reason="fork is not available here")]


def imported(tmp_path, data: bytes, fork: bool, chunk: int = 7):
    store = GeoPackageStore(tmp_path / f"fork-{fork}.gpkg")
    report = streaming.import_csv(store, data, "registre.csv", agency=AGENCY, created_by="test", chunk_rows=chunk,
                                  fork=fork)
    assert report.rows == report.accepted + report.quarantined + report.duplicates
    return report, store


def test_a_register_checked_in_a_forked_process_stores_what_one_process_stores(tmp_path):
    rows = many_rows(40)
    rows[17] = [*rows[1][:9], "signalée deux fois"]  # a duplicate by key, in a later chunk
    no_ref = ["", "21/03/2023", "Ziguinchor", "Sénégal", "Cannabis", "40", "kg", "Gambie", "Route", "sans PV"]
    rows[5] = rows[12] = rows[33] = no_ref  # identical rows without a reference, across chunks
    rows[22] = [*rows[22], "cellule de trop"]
    rows[29][9] = "saisie@@quai"  # a damaged byte in the fifth chunk
    data = register(rows, encoding="utf-8", blank_after=(6, 13, 20)).replace(b"@@", b"\x92")
    (alone, one), (split, two) = imported(tmp_path, data, False), imported(tmp_path, data, True)
    assert {**alone.as_json(), "batch_id": None} == {**split.as_json(), "batch_id": None}
    pd.testing.assert_frame_equal(one.query().drop(columns=STORE_ONLY), two.query().drop(columns=STORE_ONLY))
    pd.testing.assert_frame_equal(one.quarantine(alone.batch_id), two.quarantine(split.batch_id))
    pd.testing.assert_frame_equal(alone.row_problems, split.row_problems)
    pd.testing.assert_frame_equal(alone.warnings, split.warnings)
    columns = ["rows", "accepted", "quarantined", "duplicates"]
    assert one.batches()[columns].to_numpy().tolist() == two.batches()[columns].to_numpy().tolist()
    # Counted apart from the import: what the child learnt while reading came back (blank rows, damaged line).
    assert split.details["blank_rows"] == 3 and len(split.details["damaged_lines"]) == 1
    assert (split.duplicates_by_key, split.duplicates_identical) == (1, 2)
    assert split.rows == len(rows) and two.count() == split.accepted
    assert two.original_file(split.batch_id) == data


def test_the_default_forks_only_for_more_than_one_chunk(tmp_path, monkeypatch):
    made = []
    real = forked.ahead_forked

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(forked, "ahead_forked", counting)
    data = register(many_rows(10))
    streaming.import_csv(GeoPackageStore(tmp_path / "a.gpkg"), data, "registre.csv", agency=AGENCY, chunk_rows=10)
    assert made == []
    streaming.import_csv(GeoPackageStore(tmp_path / "b.gpkg"), data, "registre.csv", agency=AGENCY, chunk_rows=4)
    assert made == [1]


def test_items_come_in_order_with_what_the_child_learnt():
    seen = []
    state = {"made": 0}

    def items():
        for number in range(5):
            state["made"] += 1  # the child's own copy of the dict
            yield {"n": number, "pid": os.getpid()}

    got = list(forked.ahead_forked(items, lambda: state["made"], seen.append))
    assert [item["n"] for item in got] == [0, 1, 2, 3, 4]
    assert {item["pid"] for item in got} != {os.getpid()}  # made in another process
    assert seen == [5] and state["made"] == 0


def test_an_exception_in_the_child_is_raised_here_at_its_turn():
    def items():
        yield 1
        raise KeyError("the second item")

    made = forked.ahead_forked(items)
    assert next(made) == 1
    with pytest.raises(KeyError):
        next(made)


def test_an_exception_that_does_not_pickle_comes_back_as_its_traceback():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def items():
        raise Local("the child's own reason")
        yield  # pragma: no cover

    with pytest.raises(forked.ChildFailed, match="the child's own reason"):
        list(forked.ahead_forked(items))


def test_stopping_early_stops_the_child():
    def items():
        number = 0
        while True:  # endless: only the parent's stop ends it
            yield number
            number += 1

    made = forked.ahead_forked(items)
    assert [next(made), next(made)] == [0, 1]
    made.close()  # the child is killed and joined: nothing is left running
    assert not [child for child in multiprocessing.active_children() if child.name == "couloirs-check"]
