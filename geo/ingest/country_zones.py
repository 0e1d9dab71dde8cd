"""Where a point may lie for a country: the reference land outlines, the zones buffered around them, distances.

A point fits a stated country when it lies on the country's land or at most
:data:`LAND_TOLERANCE_KM` beyond it, or at sea (on no reference country's land)
within :data:`MARITIME_ZONE_KM` of its coast. A point with no stated country
belongs to the one country whose land it is on, or whose coast it lies within
:data:`COAST_SNAP_KM` of. :mod:`geo.ingest.locate` applies these tests as its rules.

Geometry. Each country's zones are buffered in its own azimuthal equidistant
projection centred on its bounding box, then turned back into WGS84 polygons
so that points are tested without being projected. Measured against geodesic
distances, the edges of the 25 km zones lie at 24.9-25.0 km and those of the
370 km zones at 368.3-370.3 km. The reference outlines are Natural Earth 10m
simplified at 0.01° (about 1 km). Distances reported in problems are
geodesic (WGS84), from the point to the nearest point of the country's outline.

Limitations. The reference set has 22 countries; land outside it (Gabon,
Equatorial Guinea, Spain, Tunisia...) cannot be told from sea, so a point on
such land within 370 km of a coastal study country's coast passes as one of
its maritime points. Landlocked countries (:data:`LANDLOCKED`) have no
maritime zone. A point in Western Sahara stated as MAR is accepted
(:data:`CHECKED_WITH`): Morocco reports the seizures it makes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import pyproj
import shapely
from shapely import Geometry

from geo import reference
from geo.reference import derived
from geo.reference import layers as reference_layers

# Border posts straddle borders: the reference posts lie up to 19.6 km from the
# border on either side (the Sèmè-Kraké proxy), and the simplified outline
# moves a border by about 1 km; 25 km accepts them all and little else.
LAND_TOLERANCE_KM: float = 25.0
# 200 nautical miles: the exclusive economic zone, where coastal states interdict ships.
MARITIME_ZONE_KM: float = 370.0
# Coastal towns and ports lie up to 1.7 km off the simplified outline (Bonabéri,
# Lagos, Banjul); within this distance an unassigned point belongs to the coast.
COAST_SNAP_KM: float = 3.0
# Study countries without a coast: a point at sea is never theirs.
LANDLOCKED: tuple[str, ...] = ("BFA", "MLI", "NER", "TCD")
# Morocco reports the seizures it makes in Western Sahara, which it administers: its check accepts them
# (the map keeps Western Sahara's own outline; this only decides whether a stated MAR point is plausible).
CHECKED_WITH: dict[str, tuple[str, ...]] = {"MAR": ("ESH",)}
_GEOD = pyproj.Geod(ellps="WGS84")
# The maritime zone is buffered from an outline simplified this much (metres): faster, still within a km.
_ZONE_SIMPLIFY_M = 1000.0
# Zones are densified to these steps before changing projection, so no edge drifts by more than ~100 m.
_SEGMENT_M = 10_000.0
_SEGMENT_DEG = 0.1


@dataclass(frozen=True)
class Outline:
    """One country's zones, buffered in its own metric projection and tested in WGS84."""

    projection: dict  # the country's azimuthal equidistant projection (pyproj.CRS.from_dict)
    tolerance_zone: Geometry  # land + LAND_TOLERANCE_KM
    coast_zone: Geometry  # land + COAST_SNAP_KM
    maritime_zone: Geometry | None  # land + MARITIME_ZONE_KM; None when landlocked
    border: np.ndarray  # the outline as two-point segments (metric), for distances
    border_tree: shapely.STRtree

    @cached_property
    def to_metric(self) -> pyproj.Transformer:
        """WGS84 -> the country's metric projection; made when a distance is first needed (it takes a while)."""
        return _transformer(self.projection)


@cache
def _shapes() -> dict[str, Geometry]:
    """Reference land outline (WGS84) by ISO3."""
    frame = reference.country_polygons()
    return dict(zip(frame["iso3"], frame.geometry))


@cache
def _land_index() -> tuple[tuple[str, ...], shapely.STRtree]:
    """ISO3 codes and a tree of their land outlines (WGS84): which country a point is on."""
    shapes = _shapes()
    return tuple(shapes), shapely.STRtree(list(shapes.values()))


def _on_land(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (point position, index into :func:`_land_index` codes) for points on a reference country's land."""
    _, tree = _land_index()
    return tree.query(shapely.points(lon, lat), predicate="within")


def _segments(metric: Geometry) -> np.ndarray:
    """The boundary of a (multi)polygon as two-point line segments: a tree of them finds the nearest quickly."""
    rings = shapely.get_parts(shapely.boundary(metric))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same_ring = ring[1:] == ring[:-1]
    return shapely.linestrings(np.stack([coords[:-1][same_ring], coords[1:][same_ring]], axis=1))


def _transformer(projection: dict) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", pyproj.CRS.from_dict(projection), always_xy=True)


@cache
def outline(iso3: str) -> Outline | None:
    """Prepared zones of a study country; ``None`` when there is no reference outline.

    The zones take a second or two to buffer for the study area: they are kept on disk between processes
    (:mod:`geo.reference.derived`), under a key made of this module, the outlines file and the libraries.
    """
    if iso3 not in _shapes():
        return None
    inputs = (iso3, Path(__file__), Path(reference_layers.__file__), reference.REFERENCE_DIR / "countries.geojson",
              shapely.geos_version_string, pyproj.proj_version_str)
    projection, tolerance_zone, coast_zone, maritime_zone, border = derived.kept(
        f"zones-{iso3}", inputs, lambda: _built_zones(iso3), _zones_data, _zones_from_data)
    zones = Outline(projection=projection, tolerance_zone=tolerance_zone, coast_zone=coast_zone,
                    maritime_zone=maritime_zone, border=border, border_tree=shapely.STRtree(border))
    for geometry in (zones.tolerance_zone, zones.coast_zone, zones.maritime_zone):
        if geometry is not None:
            shapely.prepare(geometry)  # once, here: later calls only read it (thread-safe)
    return zones


def _zones_data(zones: tuple[dict, Geometry, Geometry, Geometry | None, np.ndarray]) -> dict:
    """:func:`_built_zones` as JSON data: geometries as hexadecimal WKB (every coordinate kept exactly)."""
    projection, tolerance_zone, coast_zone, maritime_zone, border = zones
    return {"projection": projection, "tolerance": shapely.to_wkb(tolerance_zone, hex=True),
            "coast": shapely.to_wkb(coast_zone, hex=True),
            "maritime": None if maritime_zone is None else shapely.to_wkb(maritime_zone, hex=True),
            "border": shapely.to_wkb(border, hex=True).tolist()}


def _zones_from_data(data: dict) -> tuple[dict, Geometry, Geometry, Geometry | None, np.ndarray]:
    maritime = data["maritime"]
    return (data["projection"], shapely.from_wkb(data["tolerance"]), shapely.from_wkb(data["coast"]),
            None if maritime is None else shapely.from_wkb(maritime),
            shapely.from_wkb(np.asarray(data["border"], dtype=object)))


def _built_zones(iso3: str) -> tuple[dict, Geometry, Geometry, Geometry | None, np.ndarray]:
    """:func:`outline`'s projection, zones and border segments, computed from the reference outline."""
    shapes = _shapes()
    land = shapes[iso3]
    extra = [shapes[code] for code in CHECKED_WITH.get(iso3, ()) if code in shapes]
    if extra:
        land = shapely.union_all([land, *extra])
    minx, miny, maxx, maxy = land.bounds
    projection = {"proj": "aeqd", "lat_0": (miny + maxy) / 2, "lon_0": (minx + maxx) / 2, "datum": "WGS84",
                  "units": "m"}
    to_metric = _transformer(projection)

    def to_wgs84(geometry: Geometry) -> Geometry:
        # Densified first, so that edges straight in metres stay close to straight in degrees.
        dense = shapely.segmentize(geometry, _SEGMENT_M)
        return shapely.transform(dense, lambda x, y: to_metric.transform(x, y, direction="INVERSE"),
                                 interleaved=False)

    # Long Saharan borders are straight in degrees: densified too before projecting.
    metric = shapely.transform(shapely.segmentize(land, _SEGMENT_DEG), to_metric.transform, interleaved=False)
    maritime = None
    if iso3 not in LANDLOCKED:
        maritime = to_wgs84(shapely.simplify(metric, _ZONE_SIMPLIFY_M).buffer(MARITIME_ZONE_KM * 1000))
    return (projection, to_wgs84(metric.buffer(LAND_TOLERANCE_KM * 1000)),
            to_wgs84(metric.buffer(COAST_SNAP_KM * 1000)), maritime, _segments(metric))


def fits(outline: Outline, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Whether each point is on the country's land (with tolerance) or at sea within its maritime zone."""
    inside = shapely.contains_xy(outline.tolerance_zone, lon, lat)
    if outline.maritime_zone is not None:
        offshore = np.flatnonzero(~inside & shapely.contains_xy(outline.maritime_zone, lon, lat))
        on_land = _on_land(lat[offshore], lon[offshore])[0]
        inside[np.setdiff1d(offshore, offshore[on_land])] = True
    return inside


def distance_km(outline: Outline, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Geodesic distance from each point (outside the country) to the nearest point of its outline."""
    points = shapely.points(*outline.to_metric.transform(lon, lat))
    point, segment = outline.border_tree.query_nearest(points, all_matches=False)
    nearest = shapely.get_point(shapely.shortest_line(outline.border[segment], points[point]), 0)
    near_lon, near_lat = outline.to_metric.transform(
        shapely.get_x(nearest), shapely.get_y(nearest), direction="INVERSE"
    )
    distance = np.empty(len(lat))
    distance[point] = _GEOD.inv(lon[point], lat[point], near_lon, near_lat)[2] / 1000
    return distance


def countries_of_points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The one country each point is on, or off whose coast it lies (a port the outline leaves at sea), or None."""
    codes, _ = _land_index()
    found = np.full(len(lat), None, dtype=object)
    points, countries = _on_land(lat, lon)
    hits = np.bincount(points, minlength=len(lat))
    single = hits[points] == 1
    found[points[single]] = np.asarray(codes, dtype=object)[countries[single]]
    offshore = np.flatnonzero(hits == 0)
    if len(offshore):
        point, country = _coast_index().query(shapely.points(lon[offshore], lat[offshore]), predicate="within")
        near = np.bincount(point, minlength=len(offshore))
        single = near[point] == 1
        found[offshore[point[single]]] = np.asarray(codes, dtype=object)[country[single]]
    return found


@cache
def _coast_index() -> shapely.STRtree:
    """A tree of every country's coast zone, in the order of :func:`_land_index`."""
    codes, _ = _land_index()
    return shapely.STRtree([outline(iso3).coast_zone for iso3 in codes])
