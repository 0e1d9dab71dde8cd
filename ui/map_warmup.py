"""The open demo's first Map page, built in the background as soon as a server process has opened its store.

A fresh server's first visitor waited for everything the Map page computes once per process: the kept totals of
the visitor's visibility class, the timeline of the view and its period's layers (seconds at a million records).
In the open demo every visitor is in one class (:meth:`geo.access.identity.Session.open_demo`: records marked
public), and a first visit shows one view: no filter, the URL's defaults (:class:`geo.core.view.View`), the
latest period, the default number of legs, in the server's language. So :func:`start` is called as soon as the
server runs when it was started with ``python -m ui.serve`` (:mod:`ui.serve`), else by the first run of app.py
in the process; it builds that view in a daemon thread through the page's own cached functions, with
the keys a session of the open demo uses: the filter holds the session's viewer, as every key of those caches
does, so nothing built here is served to another class. A session asking meanwhile waits for the value being
built (Streamlit computes a cached value once, under a lock per key) instead of building it again, and the
store's reads (SQLite's or PostgreSQL's work, outside Python's lock) overlap what the first run still does.

Signed-in deployments warm nothing here: their classes are known only at sign-in. Only a served app warms
(AppTest runs have no Streamlit runtime), and a failure only costs the head start: the page builds what it needs.
"""

from __future__ import annotations

import logging
import threading

from streamlit import runtime

from geo.access import Viewer
from geo.analysis.major_legs import top_leg_limit
from geo.core import settings
from geo.core.view import View
from ui import common, map_step

_LOG = logging.getLogger(__name__)
_STARTED = threading.Event()


def start(viewer: Viewer, *, demo: bool) -> bool:
    """Warm the open demo's first Map page for ``viewer`` (the session's own) once per process; ``True`` if started.

    Nothing is done outside the open demo (``demo`` false), outside a served app, or after the first call.
    """
    if not demo or not runtime.exists() or _STARTED.is_set():
        return False
    _STARTED.set()
    threading.Thread(target=warm, args=(viewer,), name="couloirs-map-warmup", daemon=True).start()
    return True


def warm(viewer: Viewer, lang: str | None = None) -> None:
    """Build what the Map page's first run shows ``viewer`` by default, in the page's shared caches."""
    try:
        lang = lang or str(settings.get("COULOIRS_LANG"))
        view = View()  # what a URL without parameters opens (geo.core.view.from_query_params)
        record_filter = view.record_filter(viewer)
        line = common.viewer_map_timeline(record_filter, view, lang)
        if line is None:  # few records: the page draws each one and reads them (its records path)
            return
        official = common.viewer_official_totals(record_filter)
        map_step.viewer_period_step(line, record_filter, view, len(line.keys) - 1, lang, top=top_leg_limit(),
                                    minor=False, hotspots=False, presenter=False, demo=True, official=official)
    except Exception:  # noqa: BLE001 - only a head start: the page builds what it needs itself
        _LOG.debug("map warm-up failed", exc_info=True)
