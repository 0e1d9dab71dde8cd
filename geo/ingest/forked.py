"""The next item of an iterator made in a forked child process while the caller works on the current one.

:func:`geo.ingest.ahead.ahead` makes the next chunk in a thread; checking a chunk (parsing, locating) is Python
code holding the global lock, so on a two-core machine the thread mostly waits for the writer. A child process
has its own lock: it reads and checks chunk N+1 while this process writes chunk N, on the other core.

* **fork**, not spawn: the child starts with this process's memory, the file's bytes and decoded text
  included, shared page by page until written (nothing is pickled to start it, and a million-row file is not
  held twice). Objects that existed before the fork are frozen out of the child's cycle collector, so its
  passes do not copy their pages.
* Items come back pickled (protocol 5) through a pipe, in their order, each exactly once. The child blocks
  sending item N+1 until this process asks for it: at most two items are alive at once, as with ``ahead``.
* The child never touches the store: it is forked before the write transaction opens, and leaves with
  ``os._exit`` (no finaliser of an inherited object runs in it).
* An exception in the child is raised here at its turn (as its own type when it pickles, else as a
  :class:`ChildFailed` carrying the child's traceback); the child is stopped when the caller stops early.

Fork is only offered where it is the platform's own start method (Linux): :func:`available`.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["ChildFailed", "ahead_forked", "available"]

T = TypeVar("T")
_ITEM, _END, _ERROR = b"i", b"e", b"x"


class ChildFailed(RuntimeError):
    """The child process failed with an exception that could not be sent as itself (its traceback is the text)."""


def available() -> bool:
    """Whether a forked child can make items here (fork is the start method of this platform, and it has 2 cores)."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and (os.cpu_count() or 1) > 1)


def ahead_forked(items: Callable[[], Iterable[T]], last: Callable[[], Any] | None = None,
                 on_last: Callable[[Any], None] | None = None) -> Iterator[T]:
    """The items of ``items()``, made in a forked child one ahead of the caller.

    ``last`` runs in the child after the last item and its result (picklable) is given to ``on_last`` here:
    what making the items changed in the child's memory (counts kept by a reader) comes back that way.
    """
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    gc.freeze()  # the child's collector leaves the objects made before the fork alone (copy-on-write kept)
    try:
        child = context.Process(target=_produce, args=(sending, items, last), name="couloirs-check", daemon=True)
        child.start()
    finally:
        gc.unfreeze()
    sending.close()  # this process only reads: the child's end closing means it is gone
    try:
        while True:
            try:
                message = receiving.recv_bytes()
            except EOFError:
                child.join()
                raise ChildFailed(f"the checking process ended without a word (exit code {child.exitcode})") from None
            kind, payload = message[:1], message[1:]
            if kind == _ITEM:
                yield _loads(payload)
            elif kind == _END:
                if on_last is not None:
                    on_last(_loads(payload))
                return
            else:
                raise _loads(payload)
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()  # the caller stopped early (or failed): the child's work is not wanted
        child.join()


def _produce(sending: Any, items: Callable[[], Iterable[Any]], last: Callable[[], Any] | None) -> None:
    """The child: send each item, then what ``last`` says; an exception is sent in place of the next item."""
    try:
        for item in items():
            sending.send_bytes(_ITEM + pickle.dumps(item, protocol=5))
        sending.send_bytes(_END + pickle.dumps(last() if last is not None else None, protocol=5))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, who raises it
        try:
            payload = pickle.dumps(error, protocol=5)
            _loads(payload)  # an exception whose arguments do not rebuild it is sent as text instead
        except Exception:  # noqa: BLE001
            payload = pickle.dumps(ChildFailed("".join(traceback.format_exception(error))), protocol=5)
        with contextlib.suppress(OSError):  # the parent stopped listening: it stopped early, needs no reason
            sending.send_bytes(_ERROR + payload)
    finally:
        sending.close()
        sys.stdout.flush()
        os._exit(0)  # no finaliser of an inherited object (a store, a connection) runs in the child


def _loads(payload: bytes) -> Any:
    """Unpickle what the child sent: bytes from this program's own fork, over a pipe only the two ends hold."""
    return pickle.loads(payload)  # noqa: S301 - never data from outside the process pair
