"""GeoJSON features and rounded geometries, as every map layer and the printed maps' land build them.

Kept apart from :mod:`geo.maps.layers` (folium's panes, escaping, groups) so that what needs only the data,
such as a briefing's printed map (:mod:`geo.maps.land`, :mod:`geo.maps.static`), does not load folium.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    import geopandas as gpd

COORD_DIGITS = 3  # ~100 m: finer than a screen pixel at the zooms the dashboard uses, and a third smaller


def rounded(geometries: Sequence[shapely.Geometry] | gpd.GeoSeries) -> list[dict | None]:
    """GeoJSON geometry dicts with coordinates rounded to :data:`COORD_DIGITS` decimals."""
    array = shapely.transform(np.asarray(geometries, dtype=object), lambda xy: np.round(xy, COORD_DIGITS))
    return [None if g is None else json.loads(shapely.to_geojson(g)) for g in array]


def feature(geometry: dict | None, **properties: object) -> dict:
    """A GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}
