"""A hash chain over the audit trail, so that a rewritten, removed or inserted event shows.

The database refuses updates and deletes of audit rows, but whoever holds the database's files or its
owner role can still rewrite them. Each event therefore stores ``hash = SHA-256(previous hash + the
event's fields)``: changing, removing or inserting an event breaks every link after it, and
:func:`verify` names the first broken one. Removing the newest events leaves a shorter but valid chain;
the head hash that ``python -m geo audit verify`` prints, kept outside the database (a ticket, a
logbook), shows that too. Events written before the chain existed have no hash and are counted as
such; they can only come before the first chained event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

# The audit columns the hash covers, in this order (the id is the database's numbering, checked as order).
CHAINED_FIELDS = ("at", "actor", "agency", "role", "action", "target", "records", "filters", "detail")
GENESIS = ""  # the "previous hash" of the first chained event


def link(previous: str | None, values: Sequence[object]) -> str:
    """The hash of an event whose :data:`CHAINED_FIELDS` are ``values``, chained to ``previous``.

    >>> first = link(None, ["2026-01-01T00:00:00.000000Z", "ana", "sen", "admin", "import", None, 3, None, None])
    >>> len(first), first == link("", ["2026-01-01T00:00:00.000000Z", "ana", "sen", "admin", "import", None, 3,
    ...                                None, None])
    (64, True)
    """
    payload = json.dumps([previous or GENESIS, *[None if v is None else str(v) for v in values]],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify` found: events read, events from before the chain, the first broken link."""

    events: int
    unchained: int
    broken_at: int | None  # the audit id of the first event whose hash does not follow
    reason: str | None
    head: str | None  # the newest event's hash: keep it outside the database to detect removed newest events

    @property
    def intact(self) -> bool:
        """No broken link."""
        return self.broken_at is None

    def as_json(self) -> dict:
        """The report as ``audit verify --json`` prints it."""
        return {**asdict(self), "intact": self.intact}


def verify(rows: Iterable[Sequence[object]]) -> ChainReport:
    """Check the chain over ``rows`` (``id, hash`` then the :data:`CHAINED_FIELDS`, oldest first).

    >>> values = ["2026-01-01T00:00:00.000000Z", "ana", "sen", "admin", "import", None, 3, None, None]
    >>> good = link(None, values)
    >>> verify([(1, good, *values)]).intact
    True
    >>> verify([(1, good, *values[:-3], 4, None, None)]).broken_at
    1
    """
    events = unchained = 0
    previous: str | None = None
    for event_id, stored, *values in rows:
        events += 1
        if stored is None:
            if previous is not None:
                return ChainReport(events, unchained, int(event_id), "an event without a hash after chained events",
                                   previous)
            unchained += 1
            continue
        if link(previous, values) != stored:
            return ChainReport(events, unchained, int(event_id),
                               "its hash does not match its fields and the event before it", previous)
        previous = str(stored)
    return ChainReport(events, unchained, None, None, previous)
