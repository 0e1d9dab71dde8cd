"""The "no report" countries on a printed map (a briefing's, a slide's): hatched, with their key.

The interactive layer is :mod:`geo.maps.silence`; this half draws with matplotlib only, so a printed map
does not load folium (:mod:`geo.maps.static`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import shapely

from geo import reference
from geo.i18n import maps as map_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.path import Path

HATCH_COLOUR = "#5d5750"  # of the hatching, on paper as on screen


def draw_silence(ax: Axes, silent: Iterable[str], lang: str) -> None:
    """Hatch the silent countries on a printed map (:func:`geo.maps.static.draw_map`'s axes) and key them.

    Drawn over the land and under the country names; the key sits top right, clear of the map's other keys.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.legend import Legend
    from matplotlib.patches import Patch

    codes = set(silent)
    frame = reference.country_polygons()
    frame = frame.loc[frame["iso3"].isin(codes)]
    if frame.empty:
        return
    paths = [_compound_path(geometry) for geometry in frame.geometry]
    ax.add_collection(PathCollection(paths, facecolors="none", edgecolors=HATCH_COLOUR, linewidths=0.0,
                                     hatch="////", alpha=0.55, zorder=2.5, gid="couloirs-no-report"), autolim=False)
    key = Legend(ax, [Patch(facecolor="white", edgecolor=HATCH_COLOUR, hatch="////", linewidth=0.5)],
                 [map_text.t("no_report", lang)], loc="upper right", fontsize=5, framealpha=0.9, borderpad=0.5,
                 handletextpad=0.5)
    key.set_zorder(10)
    key.set_gid("couloirs-no-report-key")
    ax.add_artist(key)


def _compound_path(geometry: shapely.Geometry) -> Path:
    """A (multi)polygon as one path, rings oriented so that holes stay open."""
    from matplotlib.path import Path

    oriented = shapely.orient_polygons(geometry)
    return Path.make_compound_path(*(Path(np.asarray(ring.coords)[:, :2], closed=True)
                                     for polygon in getattr(oriented, "geoms", [oriented])
                                     for ring in (polygon.exterior, *polygon.interiors)))
