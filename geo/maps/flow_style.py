"""How the flow map is decluttered: family hues, the legs shown by default, bends and arrowheads.

Shared by the interactive map (:mod:`geo.maps.flows`), the printed map (:mod:`geo.maps.static`)
and the animation (:mod:`geo.briefs.animation`), so all three draw a leg alike:

* **one hue per substance family**, from Okabe & Ito's palette for colour-vision deficiencies
  (tests simulate deuteranopia, protanopia and tritanopia with Machado et al. 2009 and check
  every pair stays apart in CAM02-UCS);
* **the heaviest legs per substance** (:func:`geo.analysis.major_legs.top_legs`), at most ``COULOIRS_MAP_TOP_LEGS``
  lines in all; the others are the "minor legs" layer, off by default;
* **direction**: an arrowhead polygon computed here (no Leaflet plugin, so it works offline);
* **bends**: a leg whose opposite is drawn too bends to its right, so the two never overlap;
* **provenance**: reported legs solid, inferred ones dashed (:mod:`geo.analysis.provenance`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Polygon

from geo.core import schema

# Okabe & Ito (2008), "Color Universal Design": vermillion, bluish green, reddish purple, blue; dark grey.
FAMILY_HUES = {"cocaine": "#D55E00", "cannabis": "#009E73", "ats": "#CC79A7", "opioids": "#0072B2",
               "other": "#4D4D4D"}
FAMILIES = tuple(FAMILY_HUES)
INFERRED_DASH = "7 7"  # dash pattern (px) of an inferred leg on the interactive map
BEND = 0.12  # sideways bulge of a bent leg, as a share of its length
BEND_MAX_DEG = 1.2  # ... at most, so a long sea leg does not swing over the land
_STEP_DEG = 0.2  # densify before bending so a three-point leg bends smoothly


def family(substance: object) -> str:
    """The substance's family (cocaine, cannabis, ats, opioids, other); "other" when unknown.

    >>> family("cannabis_resin"), family("chocolate")
    ('cannabis', 'other')
    """
    entry = schema.substances().get(str(substance))
    return entry.family if entry is not None and entry.family in FAMILY_HUES else "other"


def family_hue(substance: object) -> str:
    """The flow colour of a substance: its family's hue."""
    return FAMILY_HUES[family(substance)]


def opposite_drawn(legs: pd.DataFrame) -> np.ndarray:
    """Whether each leg's opposite (to → from, any substance) is among ``legs``."""
    pairs = set(zip(legs["from_iso3"], legs["to_iso3"]))
    return np.array([(b, a) in pairs for a, b in zip(legs["from_iso3"], legs["to_iso3"])], dtype=bool)


def bend(line: LineString) -> LineString:
    """``line`` bulged to the right of its direction (a sine bump, ends fixed).

    Two opposite legs between the same countries bend to opposite sides.
    """
    coords = shapely.get_coordinates(shapely.segmentize(line, _STEP_DEG))
    start, end = coords[0], coords[-1]
    chord = end - start
    length = float(np.hypot(*chord))
    if length == 0 or len(coords) < 2:
        return line
    right = np.array([chord[1], -chord[0]]) / length
    steps = np.hypot(*np.diff(coords, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(steps))) / max(float(steps.sum()), 1e-12)
    amplitude = min(BEND * length, BEND_MAX_DEG)
    bump = np.sin(np.pi * along)
    bump[[0, -1]] = 0.0  # sin(pi) is 1e-16, not 0: the ends stay exactly on the country nodes
    return LineString(coords + np.outer(bump * amplitude, right))


def arrowhead(line: LineString, width_px: float, at: float = 0.6) -> Polygon | None:
    """A triangle pointing along ``line`` at fraction ``at`` of its length, sized by the line's width.

    In degrees, so it scales with the map like the line; never more than a fifth of the leg.
    """
    length = line.length
    if length == 0:
        return None
    size = min(0.35 + 0.05 * width_px, length / 5)
    base = line.interpolate(at * length)
    ahead = line.interpolate(min(at * length + size, length))
    direction = np.array([ahead.x - base.x, ahead.y - base.y])
    norm = float(np.hypot(*direction))
    if norm == 0:
        return None
    unit = direction / norm
    side = np.array([-unit[1], unit[0]]) * size * 0.55
    centre = np.array([base.x, base.y])
    tip = centre + unit * size
    return Polygon([tuple(centre + side), tuple(tip), tuple(centre - side)])


# Line widths, shared by the interactive map's flows (geo.maps.flows) and the printed map's (geo.maps.static):
# the lightest leg still visible, the heaviest not hiding the land.
FLOW_MIN_PX, FLOW_MAX_PX = 1.5, 12.0


def flow_widths(weights: pd.Series | np.ndarray, largest: float | None = None) -> np.ndarray:
    """Line widths in pixels, square-root scaled from :data:`FLOW_MIN_PX` to :data:`FLOW_MAX_PX`.

    >>> flow_widths([0, 25, 100]).tolist()
    [1.5, 6.8, 12.0]
    """
    values = np.clip(np.nan_to_num(np.asarray(weights, dtype=float)), 0, None)
    top = largest if largest else (values.max() if values.size else 0.0)
    if top <= 0:
        return np.full(values.shape, FLOW_MIN_PX)
    return np.round(FLOW_MIN_PX + (FLOW_MAX_PX - FLOW_MIN_PX) * np.sqrt(np.minimum(values, top) / top), 1)
