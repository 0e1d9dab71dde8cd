"""The raw table every reader returns, and the few helpers the table and feature readers share.

:class:`RawTable` is what :mod:`geo.ingest.readers.tables` hands on: one record per row, values as written.
The helpers here clean a cell, make column names unique and turn a third-party parser's failure into
:class:`~geo.ingest.readers.filetypes.UnusableFile`; they live apart so that :mod:`geo.ingest.readers.tables`
(CSV, XLSX) and :mod:`geo.ingest.readers.features` (GeoJSON, GeoPackage, KML, KMZ) can both use them without
importing each other.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import defusedxml
import pandas as pd

from geo.ingest.readers.filetypes import UnusableFile

LAT, LON = "geometry_lat", "geometry_lon"
COORDINATES = "lat/lon"  # the field geometry problems name, as geo.ingest.locate does: the pair, not one number

HeaderScore = Callable[[list[str]], float]
Value = str | int | float | datetime.datetime | datetime.date | None


@dataclass(frozen=True)
class RawTable:
    """One record per row of ``frame`` (object columns), as written in the file.

    ``source_rows[i]`` is the number the user sees for row ``i``: CSV line, Excel row, feature number (1-based)
    or GeoPackage fid. ``problems`` uses :func:`geo.ingest.problems.problems_frame` with ``row`` = position
    in ``frame``.
    """

    frame: pd.DataFrame
    source_rows: list[int]
    format: str
    details: dict
    problems: pd.DataFrame


Reader = Callable[[bytes, str | None, HeaderScore, int | None], RawTable]  # (data, file name, score, max rows)


def _clean(value: object) -> Value:
    """A cell as a record keeps it: stripped text or None, Excel numbers and dates as they are."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return value  # type: ignore[return-value]


def _unique_names(names: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """Column names as written, made unique; a blank one named by its position.

    >>> _unique_names(["Date", "Lieu", "Date", "", "geometry_lat"], reserved=["geometry_lat"])
    ['Date', 'Lieu', 'Date (2)', 'column 4', 'geometry_lat (2)']
    """
    used = set(reserved)
    unique = []
    for position, name in enumerate(names, start=1):
        base = name or f"column {position}"
        candidate, copy = base, 1
        while candidate in used:
            copy += 1
            candidate = f"{base} ({copy})"
        used.add(candidate)
        unique.append(candidate)
    return unique


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block.

    Reading makes millions of lists and tuples and no cycle; the collector's passes over them (every 700 new
    containers) cost a sixth to a third of a read.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _parser_errors(file_name: str | None, part: str) -> Iterator[None]:
    """Turn a third-party parser's failure into UnusableFile: on hostile input it may fail in any way."""
    try:
        yield
    except UnusableFile:
        raise
    except Exception as exc:
        if any(isinstance(cause, defusedxml.DefusedXmlException) for cause in _causes(exc)):
            raise UnusableFile("xml_entities", part, file_name) from exc
        raise UnusableFile("unreadable", f"{part}: {type(exc).__name__}: {exc}", file_name) from exc


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from (openpyxl wraps defusedxml's refusal in a ValueError)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
