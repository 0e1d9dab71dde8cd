"""The maps' shared palette: basemap colours, substance colours and sequential colour classes.

The interactive map (:mod:`geo.maps.basemap` and its layers) and the static maps of the
briefings (:mod:`geo.maps.static`) both take their colours from here, so a printed map
looks like the dashboard's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core import schema

SEA = "#cddfea"
LAND = "#f7f4ee"
LAND_CONTEXT = "#ebe7df"  # countries outside the study area, a shade darker so the region stands out
LAND_BORDER = "#a9a297"  # borders of the study countries
CONTEXT_BORDER = "#c9c3b8"  # borders of the land around, fainter
UNKNOWN_COLOUR = "#616161"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def substance_colour(substance_id: object) -> str:
    """The vocabulary colour of a substance; grey when unknown or malformed."""
    entry = schema.substances().get(str(substance_id))
    return entry.colour if entry and _COLOUR.match(entry.colour) else UNKNOWN_COLOUR


@dataclass(frozen=True)
class Ramp:
    """Classes of a sequential colour ramp: ``colours[i]`` covers ``breaks[i]`` to ``breaks[i + 1]``."""

    colours: tuple[str, ...]
    breaks: tuple[float, ...]
    title: str

    def colour(self, values: np.ndarray | pd.Series) -> np.ndarray:
        """Colour of each value (values at or above the last break take the darkest)."""
        index = np.searchsorted(np.asarray(self.breaks[1:-1]), np.asarray(values, dtype=float), side="right")
        return np.asarray(self.colours, dtype=object)[np.clip(index, 0, len(self.colours) - 1)]


def _nice(value: float) -> float:
    """Round to two significant figures so legend classes read as 1,200 rather than 1,187.3."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** (math.floor(math.log10(value)) - 1)
    return round(value / magnitude) * magnitude


def make_ramp(values: Iterable[float], colours: Sequence[str], title: str) -> Ramp | None:
    """Quantile classes over the positive ``values``, with rounded breaks; ``None`` when there are none.

    >>> ramp = make_ramp([1, 10, 100, 1000, 10000], ["a", "b", "c"], "kg")
    >>> ramp.breaks, ramp.colours
    ((1.0, 40.0, 700.0, 10000.0), ('a', 'b', 'c'))
    >>> make_ramp([5, 5], ["a", "b", "c"], "kg").colours  # fewer classes: spread over the ramp
    ('c',)
    """
    data = np.asarray([v for v in values if v is not None and np.isfinite(v) and v > 0], dtype=float)
    if data.size == 0:
        return None
    inner = sorted({_nice(q) for q in np.quantile(data, np.linspace(0, 1, len(colours) + 1)[1:-1])})
    inner = [b for b in inner if data.min() < b < data.max()]
    breaks = (float(data.min()), *map(float, inner), float(data.max()))
    classes = len(breaks) - 1
    # Fewer classes than colours: spread them over the ramp (a single class takes the darkest).
    picked = np.linspace(0, len(colours) - 1, classes).round().astype(int) if classes > 1 else [len(colours) - 1]
    return Ramp(tuple(colours[i] for i in picked), breaks, title)
