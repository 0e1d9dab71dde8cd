"""The next item of an iterator made in a thread while the caller works on the current one.

A streamed import (:mod:`geo.ingest.streaming`) reads and checks a chunk of rows, then writes it. The write is
mostly SQLite inserting rows, which runs without Python's global lock: so the next chunk is read and checked
meanwhile, on the machine's other core. Items come in their order, each exactly once, whatever the timing, so
the result does not depend on it; at most two items are alive at once (the one the caller holds and the next).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["ahead"]

T = TypeVar("T")
_END = object()


class _Failed:
    """An exception raised while making an item, handed to the caller to raise."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def ahead(items: Iterable[T]) -> Iterator[T]:
    """``items``, one made in advance in a thread; an exception making one is raised here, at its turn.

    When the caller stops early (an exception, or ``close()``), the thread stops after the item it is making.
    """
    made: queue.Queue = queue.Queue()
    room = threading.Semaphore(1)  # the item made in advance; the caller's own is not counted
    stop = threading.Event()

    def produce() -> None:
        source = iter(items)
        try:
            while True:
                room.acquire()
                if stop.is_set():
                    return
                item = next(source, _END)
                made.put(item)
                if item is _END:
                    return
        except BaseException as error:  # noqa: BLE001 - handed to the caller, who raises it
            made.put(_Failed(error))

    worker = threading.Thread(target=produce, name="couloirs-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item = made.get()
            room.release()  # the caller now holds this item: the next one may be made
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        room.release()  # a thread waiting for room wakes, sees the stop and ends
        worker.join()
