"""One parsed cell of an agency register, and a column parsed once per distinct value.

:class:`Cell` is what every per-cell parser (:mod:`geo.ingest.parse.dates`, :mod:`geo.ingest.parse.numbers`,
:mod:`geo.ingest.parse.vocabulary`) returns; :class:`Column` and :func:`by_unique` spread the
cells of a column's distinct values back to its rows (see :mod:`geo.ingest.parse.values`).
Blank cells and placeholders (``-``, ``ND``, ``inconnu``…) are recognised here,
once for every field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.reference.countries import fold

# Cell texts that mean "nothing here" in every field.
PLACEHOLDERS = frozenset({
    "", "nd", "n d", "na", "n a", "nc", "n c", "nr", "none", "null", "nan", "nat", "inconnu", "inconnue", "unknown",
    "non precise", "non precisee", "non renseigne", "non renseignee", "non disponible", "not available",
    "sans objet", "neant", "aucun", "aucune",
})
_PLACEHOLDER_LENGTH = max(map(len, PLACEHOLDERS)) + 6  # room for spaces and punctuation
_DIGIT = re.compile(r"\d").search


class Cell(NamedTuple):
    """What one distinct raw value means: its parsed value, a problem or warning, and extras."""

    value: object = None
    problem: str | None = None
    warning: str | None = None
    detail: str | None = None
    extra: object = None


@dataclass(frozen=True)
class Column:
    """A parsed column: one cell per distinct raw value and, per row, which one applies."""

    distinct: list
    cells: list[Cell]
    codes: np.ndarray

    def take(self, get: Callable[[Cell], object], dtype: object = object) -> np.ndarray:
        """``get`` of each row's cell, computed once per distinct value."""
        return np.fromiter(map(get, self.cells), dtype=dtype, count=len(self.cells))[self.codes]

    def has(self, kind: str) -> bool:
        """Whether any cell carries a ``kind`` ("problem" or "warning")."""
        return any(getattr(cell, kind) is not None for cell in self.cells)

    def raw_text(self, where: Callable[[Cell], bool] = lambda cell: True) -> np.ndarray:
        """Each row's raw value as text, for the cells ``where`` selects (others ``None``: text costs time)."""
        texts = (raw_text(value) if where(cell) else None for value, cell in zip(self.distinct, self.cells))
        return np.fromiter(texts, dtype=object, count=len(self.cells))[self.codes]


def by_unique(values: pd.Series | None, count: int, parse: Callable[[list], list[Cell]]) -> Column:
    """Parse each distinct value of ``values`` once; a missing column reads as blank cells."""
    if values is None:
        return Column([None], parse([None]), np.zeros(count, dtype=np.intp))
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = [*uniques, None]
    codes = np.where(codes < 0, len(distinct) - 1, codes)
    return Column(distinct, parse(distinct), codes)


def each(parse: Callable[[object], Cell]) -> Callable[[list], list[Cell]]:
    """A column parser that reads each distinct value with the one-cell ``parse``."""
    return lambda distinct: [parse(value) for value in distinct]


def raw_text(value: object) -> str | None:
    """A raw cell as the user wrote it, for messages and the quarantine."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def blank(value: object) -> bool:
    """True for an empty cell or a placeholder such as ``-``, ``ND`` or ``inconnu``."""
    if isinstance(value, str):
        # Placeholders are short and hold no digit: folding every reference and note would cost seconds.
        if len(value) > _PLACEHOLDER_LENGTH or _DIGIT(value):
            return False
        return fold(value) in PLACEHOLDERS
    return _missing(value)


def text_cell(value: object) -> Cell:
    """A free-text cell (reference, place, notes…), stripped; blank when empty or a placeholder."""
    if isinstance(value, str):  # the usual case, first: reference and note columns are mostly distinct values
        text = value.strip()
        return Cell(text) if text and not blank(text) else Cell()
    return Cell() if blank(value) else Cell(raw_text(value))
