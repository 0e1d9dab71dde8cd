"""What a server process does once, when the first run of app.py has imported the app.

Python's collector walks every tracked object at each full collection: after the app's imports some 150,000
(modules, classes, functions, reference tables), which made each full collection cost ~0.1 s of CPU, taken from
whichever run it fell in (a slider step, a session of a room of 20). Those objects live as long as the process,
so :func:`settle` moves them out of the collector's sight (``gc.freeze``): a full collection then walks only what
runs made since (~0.005 s). Objects made afterwards are collected as before. Only in a served app: a test
process imports and discards apps of its own.
"""

from __future__ import annotations

import gc
import threading

from streamlit import runtime

_SETTLED = threading.Event()


def settle() -> bool:
    """Freeze the objects alive now, once per served process; ``True`` when it did."""
    if not runtime.exists() or _SETTLED.is_set():
        return False
    _SETTLED.set()
    gc.freeze()
    return True
