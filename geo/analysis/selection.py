"""What the user picked on the map: the records inside a drawn area."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape


def within_area(records: pd.DataFrame, geometry: dict) -> pd.DataFrame:
    """Records whose point lies inside a drawn GeoJSON geometry (rectangle or polygon).

    Unlocated records are never inside an area.

    >>> frame = pd.DataFrame({"lat": [14.7, 12.6, None], "lon": [-17.4, -8.0, None]})
    >>> square = {"type": "Polygon", "coordinates": [[[-18, 14], [-16, 14], [-16, 15], [-18, 15], [-18, 14]]]}
    >>> within_area(frame, square).index.tolist()
    [0]
    """
    area = shape(geometry)
    if area.is_empty or area.geom_type not in {"Polygon", "MultiPolygon"}:
        raise ValueError(f"drawn shape: a {area.geom_type} has no area; draw a rectangle or polygon")
    lon = records["lon"].to_numpy(dtype=float)
    lat = records["lat"].to_numpy(dtype=float)
    located = ~(np.isnan(lon) | np.isnan(lat))
    inside = np.zeros(len(records), dtype=bool)
    inside[located] = shapely.contains_xy(area, lon[located], lat[located])
    return records.loc[inside]



def bounding_box(geometry: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a drawn GeoJSON geometry: the bounded read a drawn area needs.

    >>> bounding_box({"type": "Polygon", "coordinates": [[[-18, 14], [-16, 14], [-16, 15], [-18, 14]]]})
    (-18.0, 14.0, -16.0, 15.0)
    """
    west, south, east, north = shape(geometry).bounds
    return float(west), float(south), float(east), float(north)
