"""What a server process does once, when the first run of app.py has imported the app.

Python's collector walks every tracked object at each full collection: after the app's imports some 150,000
(modules, classes, functions, reference tables), which made each full collection cost ~0.1 s of CPU, taken from
whichever run it fell in (a slider step, a session of a room of 20). Those objects live as long as the process,
so :func:`settle` moves them out of the collector's sight (``gc.freeze``): a full collection then walks only what
runs made since (~0.005 s). Objects made afterwards are collected as before.

It also caps the C allocator's arenas (:func:`limit_malloc_arenas`): Streamlit runs each session's script in a
thread of its own, and glibc gives each new thread an arena of its own, up to 8 per core. After a room of 20
sessions a 1M-record server kept 12-16 % more memory than before it, in new arenas mostly free but never
returned, while Python's live objects had grown by ~5 MB (the room's new periods: tracemalloc and the process's
memory map). Capped from the process's start, as ``python -m ui.serve`` (``make run``, the systemd unit) does,
the same room leaves ~3-5 % more; capped only at the first run (``streamlit run app.py``), the arenas the
server's threads made before it stay (~8-10 %). A ``MALLOC_ARENA_MAX`` set by the deployment is left alone.

Only in a served app: a test process imports and discards apps of its own.
"""

from __future__ import annotations

import ctypes
import gc
import os
import threading

from streamlit import runtime

_SETTLED = threading.Event()
M_ARENA_MAX = -8  # glibc's <malloc.h>
ARENAS = 2  # the main thread's and one shared by every other thread: the GIL serialises most allocation anyway


def settle() -> bool:
    """Freeze the objects alive now and cap the allocator's arenas, once per served process; ``True`` when it did."""
    if not runtime.exists() or _SETTLED.is_set():
        return False
    _SETTLED.set()
    limit_malloc_arenas()
    gc.freeze()
    return True


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas at ``arenas`` for the threads that ask for one from now on; ``True`` if set.

    A ``MALLOC_ARENA_MAX`` set by whoever deploys the server wins (glibc read it at start-up); elsewhere than
    glibc (macOS, musl) there is nothing to cap and nothing is done.
    """
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1
