"""Writes run again, in a fresh transaction, after PostgreSQL reports a deadlock or a serialisation failure.

Two importers writing at once may each wait for a row the other holds; PostgreSQL then aborts one of them. Such
a write is safe to run again whole (its transaction left nothing behind), after a random pause so that the two
do not collide again in step. :class:`geo.store.postgis.PostGISStore` wraps its write methods with
:func:`retried`.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import TypeVar

from psycopg import errors

WRITE_ATTEMPTS = 6  # a write that meets a deadlock or serialisation failure is run again this often

Method = TypeVar("Method", bound=Callable)


def retried(method: Method, *also: type[Exception]) -> Method:
    """``method`` run again (a fresh transaction) after a deadlock or serialisation failure, or ``also``."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return method(self, *args, **kwargs)
            except (errors.SerializationFailure, errors.DeadlockDetected, *also):
                if attempt == WRITE_ATTEMPTS:
                    raise
                # Random back-off: two writers that collided should not collide again in step.
                time.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311 - jitter, not secrecy

    return run  # type: ignore[return-value]
