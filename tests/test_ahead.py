"""geo.ingest.ahead: the next item made in a thread, in order, errors at their turn, nothing made past a stop."""

from __future__ import annotations

import threading

import pytest

from geo.ingest.ahead import ahead


def test_items_come_in_order_each_once():
    assert list(ahead(iter(range(1000)))) == list(range(1000))
    assert list(ahead([])) == []


def test_items_are_made_in_another_thread_at_most_one_ahead():
    made_by, held = [], []

    def items():
        for n in range(5):
            made_by.append(threading.current_thread().name)
            held.append(n)
            yield n

    for n in ahead(items()):
        # the caller holds n; at most n + 1 is made already
        assert max(held) <= n + 1
    assert set(made_by) == {"couloirs-ahead"}


def test_an_error_is_raised_at_its_turn_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("row 3: bad")

    got = []
    with pytest.raises(ValueError, match="row 3: bad"):
        for item in ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_a_caller_that_stops_early_stops_the_thread():
    made = []

    def items():
        for n in range(100):
            made.append(n)
            yield n

    stream = ahead(items())
    assert next(stream) == 0
    stream.close()  # joins the thread
    assert made in ([0], [0, 1])
    assert not any(t.name == "couloirs-ahead" for t in threading.enumerate())
