"""Locate imported records: check given coordinates against the stated country, geocode place names offline.

Every row ends accepted (perhaps corrected or completed, with a warning) or
quarantined with a problem naming its row, field and value
(:mod:`geo.ingest.problems`). The rules, in the order :func:`locate` applies them:

1. **Coordinates and a study-area country.** The point is accepted when it lies
   on the country's land or at most :data:`LAND_TOLERANCE_KM` beyond it, or at
   sea (on no reference country's land) within :data:`MARITIME_ZONE_KM` of its
   coast. Otherwise the swapped pair (lon, lat) is tried with the same rule and,
   when it fits, kept with a ``coordinates_swapped`` warning; a swap is only
   tried when the pair as given does not fit, so an ambiguous pair stays as
   written. Otherwise the row is quarantined (``coordinates_outside_country``,
   distance from the country in km in ``detail``).
2. **Coordinates, no country.** A point on exactly one country's land, or off
   every polygon but within :data:`COAST_SNAP_KM` of exactly one country (a
   port or beach that the simplified coastline leaves in the sea), gives that
   country with a ``country_inferred`` warning. Any other point leaves the
   country blank (``country_not_inferred``): a point at sea does not say which
   state seized the drugs, and a point between two countries is not guessed.
3. **Coordinates and a country without a reference outline** (ESP, BRA...):
   accepted unchecked, with a ``country_not_checked`` warning.
4. **No coordinates, a place name.** Geocoded offline with
   :func:`geo.reference.gazetteer.lookup`, restricted to the stated country (a name that
   exists only in another country stays unmatched), first among towns of
   5,000 inhabitants and then, for names not found, of 500: precision
   ``place``. A place found with no country stated gives its country
   (``country_inferred``) only when the name designates places in one country;
   otherwise ``place_ambiguous``. An unresolved place falls back to ``admin1``
   (when that is a findable place name): precision ``admin1``. Otherwise the
   record keeps no point, precision ``country`` or ``unlocated``, and a
   ``place_not_found`` warning: it still counts in its country's totals.
5. **Nothing to locate with:** precision ``country`` when the country is
   known, else ``unlocated``.

A stated country is never changed and never replaced by a guess.

Geometry. Each country's zones are buffered in its own azimuthal equidistant
projection centred on its bounding box, then turned back into WGS84 polygons
so that points are tested without being projected. Measured against geodesic
distances, the edges of the 25 km zones lie at 24.9-25.0 km and those of the
370 km zones at 368.3-370.3 km. The reference outlines are Natural Earth 10m
simplified at 0.01° (about 1 km). Distances reported in problems are
geodesic (WGS84), from the point to the nearest point of the country's outline.

Speed (100,000 rows, 2 shared CPUs, "cold" = first call in a process, "warm" = later calls):

* points inside their stated countries, 5 % swapped, 5 % without a country:
  cold 1.3-1.9 s, warm 0.25-0.35 s;
* random points over the whole study area with random stated countries, so
  90 % are quarantined and each needs its distance: cold 2.4-3.0 s, warm 2.1-2.5 s;
* place names only (2,000 unique, 20 % without a country): warm 0.2 s; cold
  3-5 s, nearly all of it loading the gazetteer (1.1 s for the 5,000 level,
  3.4 s more for the 500 level, loaded the first time a name is missing).

Limitations. The reference set has 22 countries; land outside it (Gabon,
Equatorial Guinea, Spain, Tunisia...) cannot be told from sea, so a point on
such land within 370 km of a coastal study country's coast passes as one of
its maritime points. Landlocked countries (:data:`LANDLOCKED`) have no
maritime zone. A point in Western Sahara stated as MAR is accepted
(:data:`CHECKED_WITH`): Morocco reports the seizures it makes there.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely import Geometry

from geo import reference
from geo.ingest.problems import PROBLEM_COLUMNS, concat_problems
from geo.reference import gazetteer

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
# Gazetteer levels searched in turn: towns of 5,000 people, then of 500.
GAZETTEER_LEVELS: tuple[int, ...] = (5000, 500)

COORDINATES_FIELD = "lat/lon"  # the field named by coordinate problems: the pair, not one number
_INPUT_COLUMNS = ("country", "admin1", "place", "lat", "lon", "location_precision")
_GEOD = pyproj.Geod(ellps="WGS84")
# The maritime zone is buffered from an outline simplified this much (metres): faster, still within a km.
_ZONE_SIMPLIFY_M = 1000.0
# Zones are densified to these steps before changing projection, so no edge drifts by more than ~100 m.
_SEGMENT_M = 10_000.0
_SEGMENT_DEG = 0.1

MESSAGES: dict[str, dict[str, str]] = {
    "coordinates_invalid": {
        "en": "{field} '{value}' is not a position: both numbers are needed, latitude within -90..90 "
              "and longitude within -180..180",
        "fr": "{field} '{value}' n'est pas une position : il faut les deux nombres, la latitude entre -90 et 90 "
              "et la longitude entre -180 et 180",
    },
    "coordinates_outside_country": {
        "en": f"{{field}} '{{value}}' lies {{detail}} km from the stated country: more than {LAND_TOLERANCE_KM:g} km "
              f"beyond its land border and not at sea within {MARITIME_ZONE_KM:g} km of its coast",
        "fr": f"{{field}} '{{value}}' se trouve à {{detail}} km du pays indiqué : à plus de {LAND_TOLERANCE_KM:g} km "
              f"de sa frontière terrestre et pas en mer à moins de {MARITIME_ZONE_KM:g} km de ses côtes",
    },
    "coordinates_swapped": {
        "en": "{field} '{value}' lie outside the stated country but fit it once swapped: corrected to '{detail}'",
        "fr": "{field} '{value}' tombent hors du pays indiqué mais y correspondent une fois inversées : "
              "corrigées en '{detail}'",
    },
    "country_not_checked": {
        "en": "{field} '{value}' has no reference outline: the coordinates '{detail}' are accepted unchecked",
        "fr": "{field} '{value}' n'a pas de contour de référence : les coordonnées '{detail}' sont acceptées "
              "sans vérification",
    },
    "country_inferred": {
        "en": "{field} was blank: set to '{value}', inferred from '{detail}'",
        "fr": "{field} était vide : fixé à '{value}', déduit de '{detail}'",
    },
    "country_not_inferred": {
        "en": f"{{field}} left blank: the point '{{detail}}' is not on the land of one study-area country "
              f"(nor within {COAST_SNAP_KM:g} km of a single one's coast)",
        "fr": f"{{field}} laissé vide : le point '{{detail}}' n'est pas sur le territoire d'un seul pays de la zone "
              f"d'étude (ni à moins de {COAST_SNAP_KM:g} km de la côte d'un seul)",
    },
    "place_not_found": {
        "en": "{field} '{value}' is not in the offline gazetteer: the record is kept at a coarser location "
              "(its admin1 or its country)",
        "fr": "{field} '{value}' ne figure pas dans le répertoire hors ligne : la saisie est gardée avec une "
              "localisation plus large (sa région ou son pays)",
    },
    "place_ambiguous": {
        "en": "{field} '{value}' names places in several countries ({detail}) and no country is given: "
              "none is guessed",
        "fr": "{field} '{value}' désigne des lieux de plusieurs pays ({detail}) et aucun pays n'est indiqué : "
              "aucun n'est choisi au hasard",
    },
}


@dataclass(frozen=True)
class Located:
    """What :func:`locate` returns.

    Attributes:
        frame: the input, same index and length, with ``lat``, ``lon``,
            ``country`` and ``location_precision`` filled or corrected.
        problems: rows to quarantine (:func:`geo.ingest.problems.problems_frame`).
        warnings: rows kept but corrected or completed, same columns.
    """

    frame: pd.DataFrame
    problems: pd.DataFrame
    warnings: pd.DataFrame


@dataclass(frozen=True)
class _Outline:
    """One country's zones, buffered in its own metric projection and tested in WGS84."""

    to_metric: pyproj.Transformer
    tolerance_zone: Geometry  # land + LAND_TOLERANCE_KM
    coast_zone: Geometry  # land + COAST_SNAP_KM
    maritime_zone: Geometry | None  # land + MARITIME_ZONE_KM; None when landlocked
    border: np.ndarray  # the outline as two-point segments (metric), for distances
    border_tree: shapely.STRtree


@dataclass
class _Work:
    """The columns :func:`locate` fills, as arrays by position, and the issues found so far."""

    lat: np.ndarray
    lon: np.ndarray
    country: np.ndarray  # object: ISO3 or None
    precision: np.ndarray  # object: a LOCATION_PRECISIONS value or None
    labels: pd.Index  # the input's index, by position: what problems call "row"
    moved: np.ndarray  # bool: lat/lon changed (swapped or geocoded)
    inferred: np.ndarray  # bool: country filled in
    problems: list[pd.DataFrame] = dataclasses.field(default_factory=list)
    warnings: list[pd.DataFrame] = dataclasses.field(default_factory=list)

    def warn(self, positions: np.ndarray, field: object, code: object, value: object, detail: object = None) -> None:
        """Record a warning for ``positions``; each of the others is one value or an array of one per position."""
        self.warnings.append(_issue_frame(self.labels[positions], field, code, value, detail))

    def reject(self, positions: np.ndarray, field: object, code: object, value: object, detail: object = None) -> None:
        """Record a problem that quarantines ``positions``."""
        self.problems.append(_issue_frame(self.labels[positions], field, code, value, detail))


def _issue_frame(rows: pd.Index, field: object, code: object, value: object, detail: object) -> pd.DataFrame:
    """Problems in the :mod:`geo.ingest.problems` shape, built column-wise (100k warnings stay quick)."""
    count = len(rows)

    def column(item: object) -> pd.Series:
        values = np.asarray(item, dtype=object) if isinstance(item, np.ndarray | list) else np.full(count, item, object)
        # Object dtype stated: pandas would otherwise infer its string dtype, which the shared shape does not use.
        series = pd.Series(values, dtype=object)
        return series.where(series.notna(), None)

    return pd.DataFrame(
        {"row": np.asarray(rows, dtype="int64"), "field": column(field), "code": column(code),
         "value": column(value), "detail": column(detail)},
        columns=list(PROBLEM_COLUMNS),
    )


def _pairs(lat: np.ndarray, lon: np.ndarray) -> list[str]:
    """Coordinates as messages show them, "lat, lon", each number in its shortest exact decimal form."""
    return [f"{y!r}, {x!r}" for y, x in zip(lat.tolist(), lon.tolist())]


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


# Morocco reports the seizures it makes in Western Sahara, which it administers: its check accepts them
# (the map keeps Western Sahara's own outline; this only decides whether a stated MAR point is plausible).
CHECKED_WITH: dict[str, tuple[str, ...]] = {"MAR": ("ESH",)}


@cache
def _outline(iso3: str) -> _Outline | None:
    """Prepared zones of a study country; ``None`` when there is no reference outline."""
    shapes = _shapes()
    land = shapes.get(iso3)
    if land is None:
        return None
    extra = [shapes[code] for code in CHECKED_WITH.get(iso3, ()) if code in shapes]
    if extra:
        land = shapely.union_all([land, *extra])
    minx, miny, maxx, maxy = land.bounds
    projection = pyproj.CRS.from_dict(
        {"proj": "aeqd", "lat_0": (miny + maxy) / 2, "lon_0": (minx + maxx) / 2, "datum": "WGS84", "units": "m"}
    )
    to_metric = pyproj.Transformer.from_crs("EPSG:4326", projection, always_xy=True)

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
    border = _segments(metric)
    outline = _Outline(
        to_metric=to_metric,
        tolerance_zone=to_wgs84(metric.buffer(LAND_TOLERANCE_KM * 1000)),
        coast_zone=to_wgs84(metric.buffer(COAST_SNAP_KM * 1000)),
        maritime_zone=maritime,
        border=border,
        border_tree=shapely.STRtree(border),
    )
    for geometry in (outline.tolerance_zone, outline.coast_zone, outline.maritime_zone):
        if geometry is not None:
            shapely.prepare(geometry)  # once, here: later calls only read it (thread-safe)
    return outline


def _fits(outline: _Outline, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Whether each point is on the country's land (with tolerance) or at sea within its maritime zone."""
    fits = shapely.contains_xy(outline.tolerance_zone, lon, lat)
    if outline.maritime_zone is not None:
        offshore = np.flatnonzero(~fits & shapely.contains_xy(outline.maritime_zone, lon, lat))
        on_land = _on_land(lat[offshore], lon[offshore])[0]
        fits[np.setdiff1d(offshore, offshore[on_land])] = True
    return fits


def _distance_km(outline: _Outline, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
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


def _check_country(work: _Work, iso3: str, positions: np.ndarray) -> None:
    """Rules 1 and 3 for the points stated in one country."""
    lat, lon = work.lat[positions], work.lon[positions]
    outline = _outline(iso3)
    if outline is None:
        work.warn(positions, "country", "country_not_checked", iso3, _pairs(lat, lon))
        return
    misfit = np.flatnonzero(~_fits(outline, lat, lon))
    swappable = misfit[np.abs(lon[misfit]) <= 90]
    swapped = swappable[_fits(outline, lon[swappable], lat[swappable])]
    outside = np.setdiff1d(misfit, swapped)
    if len(swapped):
        moved = positions[swapped]
        work.warn(moved, COORDINATES_FIELD, "coordinates_swapped", _pairs(lat[swapped], lon[swapped]),
                    _pairs(lon[swapped], lat[swapped]))
        work.lat[moved], work.lon[moved] = lon[swapped], lat[swapped]
        work.moved[moved] = True
    if len(outside):
        distance = np.rint(_distance_km(outline, lat[outside], lon[outside])).astype("int64").astype(str)
        work.reject(positions[outside], COORDINATES_FIELD, "coordinates_outside_country",
                    _pairs(lat[outside], lon[outside]), distance)


def _countries_of_points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The one country each point belongs to (rule 2), or None."""
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
    return shapely.STRtree([_outline(iso3).coast_zone for iso3 in codes])


def _infer_from_points(work: _Work, positions: np.ndarray) -> None:
    """Rule 2: a blank country taken from the point when it designates exactly one."""
    lat, lon = work.lat[positions], work.lon[positions]
    found = _countries_of_points(lat, lon)
    known = ~pd.isna(found)
    pairs = np.asarray(_pairs(lat, lon), dtype=object)
    if known.any():
        work.country[positions[known]] = found[known]
        work.inferred[positions[known]] = True
        work.warn(positions[known], "country", "country_inferred", found[known], pairs[known])
    if (~known).any():
        work.warn(positions[~known], "country", "country_not_inferred", None, pairs[~known])


@dataclass(frozen=True)
class _Found:
    """A gazetteer answer: one place, or the countries between which a name is ambiguous."""

    place: gazetteer.Place | None = None
    countries: tuple[str, ...] = ()


def _own_name(place: gazetteer.Place, name: str) -> bool:
    """Whether ``name`` is the place's own name (or a reference place) rather than an alternate spelling."""
    return place.kind != "city" or gazetteer.key(place.name) == gazetteer.key(name)


def _find_at(name: str, country: str | None, level: int) -> _Found:
    if country is not None:
        return _Found(gazetteer.lookup(name, country, min_population=level))
    matches = {}
    for iso3 in reference.STUDY_COUNTRIES:
        place = gazetteer.lookup(name, iso3, min_population=level)
        if place is not None:
            matches[iso3] = place
    # As in lookup's ranking, a town's own name outweighs an alternate spelling of a town elsewhere
    # ("Kindia" is Kindia in Guinea, not "Kindi" in Burkina Faso).
    chosen = {iso3: place for iso3, place in matches.items() if _own_name(place, name)} or matches
    if len(chosen) == 1:
        return _Found(next(iter(chosen.values())))
    return _Found(countries=tuple(sorted(chosen)))


@lru_cache(maxsize=65536)
def _find(name: str, country: str | None) -> _Found:
    """A place name in the gazetteer, restricted to ``country`` when given; towns of 5,000 first."""
    if country is not None and country not in reference.STUDY_COUNTRIES:
        return _Found()  # the gazetteer holds study countries only: spare loading the 500 level
    for level in GAZETTEER_LEVELS:
        found = _find_at(name, country, level)
        if found.place is not None or found.countries:
            return found
    return _Found()


@dataclass(frozen=True)
class _Answer:
    """How one (place, admin1, country) key is located, and the warnings that go with it."""

    place: gazetteer.Place | None
    precision: str
    warnings: tuple[tuple[str, str, str | None, str | None], ...]  # field, code, value, detail


def _answer(place: str | None, admin1: str | None, country: str | None) -> _Answer:
    """Rules 4 and 5: the place, else admin1 as a place name, else the country alone."""
    warnings = []
    for field_name, name in (("place", place), ("admin1", admin1)):
        if name is None:
            continue
        found = _find(name, country)
        if found.place is not None:
            if country is None:
                warnings.append(("country", "country_inferred", found.place.country, name))
            return _Answer(found.place, field_name, tuple(warnings))  # precision "place" or "admin1"
        # An admin1 is often a region name the gazetteer of towns cannot know: not worth a warning.
        if field_name == "place" and found.countries:
            warnings.append(("place", "place_ambiguous", name, ", ".join(found.countries)))
        elif field_name == "place":
            warnings.append(("place", "place_not_found", name, country))
    return _Answer(None, "country" if country else "unlocated", tuple(warnings))


def _geocode(work: _Work, place: np.ndarray, admin1: np.ndarray, positions: np.ndarray) -> None:
    """Rules 4 and 5 for rows without coordinates, once per unique (place, admin1, country)."""
    keys = pd.DataFrame({"place": place[positions], "admin1": admin1[positions],
                         "country": work.country[positions]})
    groups = keys.groupby(list(keys.columns), dropna=False, sort=False).indices
    warned_rows, warnings = [], []
    for key, members in groups.items():
        texts = [value if isinstance(value, str) else None for value in key]
        answer = _answer(*texts)
        rows = positions[members]
        work.precision[rows] = answer.precision
        if answer.place is not None:
            work.lat[rows], work.lon[rows] = answer.place.lat, answer.place.lon
            work.moved[rows] = True
            if texts[2] is None:
                work.country[rows] = answer.place.country
                work.inferred[rows] = True
        warned_rows += [rows] * len(answer.warnings)
        warnings += answer.warnings
    if warnings:
        # One frame for all keys: a frame per key would cost more than the lookups.
        sizes = [len(rows) for rows in warned_rows]
        field_name, code, value, detail = (np.repeat(np.array(column, dtype=object), sizes)
                                           for column in zip(*warnings))
        work.warn(np.concatenate(warned_rows), field_name, code, value, detail)


def _text(values: pd.Series) -> np.ndarray:
    """Stripped text by position; blank or missing cells become None."""
    text = values.astype("string").str.strip()
    return text.where(text.notna() & (text != "")).to_numpy(dtype=object, na_value=None, copy=True)


def _coordinates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitude, longitude (NaN when missing) and where the pair is unusable."""
    given_lat, given_lon = frame["lat"].notna().to_numpy(), frame["lon"].notna().to_numpy()
    # Copies: pandas hands out read-only views, and these arrays receive the corrections.
    lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan, copy=True)
    lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan, copy=True)
    with np.errstate(invalid="ignore"):
        invalid = (
            (given_lat != given_lon)
            | (given_lat & np.isnan(lat)) | (given_lon & np.isnan(lon))  # text that is not a number
            | (np.abs(lat) > 90) | (np.abs(lon) > 180)
        )
    return lat, lon, invalid


def _start(frame: pd.DataFrame) -> tuple[_Work, np.ndarray]:
    """The work arrays of ``frame``, with unusable coordinates already rejected; also where they are."""
    lat, lon, invalid = _coordinates(frame)
    count = len(frame)
    work = _Work(
        lat=lat, lon=lon, country=_text(frame["country"]),
        precision=frame["location_precision"].to_numpy(dtype=object, na_value=None, copy=True),
        labels=frame.index, moved=np.zeros(count, dtype=bool), inferred=np.zeros(count, dtype=bool),
    )
    raw = [f"{'' if pd.isna(y) else y}, {'' if pd.isna(x) else x}"
           for y, x in zip(frame["lat"].to_numpy()[invalid], frame["lon"].to_numpy()[invalid])]
    work.reject(np.flatnonzero(invalid), COORDINATES_FIELD, "coordinates_invalid", raw)
    return work, invalid


def _check_points(work: _Work, pointed: np.ndarray) -> None:
    """Rules 1 to 3 for the rows with usable coordinates."""
    stated = pointed & ~pd.isna(work.country)
    positions = np.flatnonzero(stated)
    countries = work.country[positions]
    for iso3, members in pd.Series(countries).groupby(countries, sort=False).indices.items():
        _check_country(work, iso3, positions[members])
    _infer_from_points(work, np.flatnonzero(pointed & ~stated))
    work.precision[pointed & pd.isna(work.precision)] = "exact"


def _write_back(out: pd.DataFrame, work: _Work, settled: np.ndarray) -> None:
    """Update the located columns of ``out`` only where they changed, so other cells keep their dtype."""
    updates = (
        ("lat", work.moved, work.lat), ("lon", work.moved, work.lon),
        ("country", work.inferred, work.country), ("location_precision", settled, work.precision),
    )
    for name, where, values in updates:
        positions = np.flatnonzero(where)
        if len(positions):
            out.iloc[positions, out.columns.get_loc(name)] = values[positions]


def locate(frame: pd.DataFrame) -> Located:
    """Check, correct and complete the location of each record (see the module docstring for the rules).

    Args:
        frame: records with at least ``country`` (ISO3 or blank), ``admin1``,
            ``place``, ``lat``, ``lon`` (decimal degrees or blank) and
            ``location_precision``; index 0..n-1. Missing columns count as blank.

    Returns:
        A :class:`Located`: the frame with its location columns filled, the
        problems that quarantine rows and the warnings of rows kept.

    >>> rows = pd.DataFrame({"country": ["SEN", None], "admin1": [None, None], "place": [None, "Kaolack"],
    ...                      "lat": [-17.44, None], "lon": [14.69, None], "location_precision": ["exact", None]})
    >>> located = locate(rows)
    >>> located.frame[["country", "lat", "lon", "location_precision"]].values.tolist()
    [['SEN', 14.69, -17.44, 'exact'], ['SEN', 14.15197, -16.07259, 'place']]
    >>> located.warnings[["row", "code", "value"]].values.tolist()
    [[0, 'coordinates_swapped', '-17.44, 14.69'], [1, 'country_inferred', 'SEN']]
    """
    out = frame.assign(**{name: None for name in _INPUT_COLUMNS if name not in frame.columns})  # a copy
    work, invalid = _start(out)
    pointed = ~np.isnan(work.lat) & ~np.isnan(work.lon) & ~invalid
    _check_points(work, pointed)
    _geocode(work, _text(out["place"]), _text(out["admin1"]), np.flatnonzero(~pointed & ~invalid))
    problems = concat_problems(*work.problems)
    settled = ~invalid
    settled[work.labels.get_indexer(problems["row"])] = False  # a quarantined row goes to review as it came
    _write_back(out, work, settled)
    return Located(frame=out, problems=problems, warnings=concat_problems(*work.warnings))
