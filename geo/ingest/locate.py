"""Locate imported records: check given coordinates against the stated country, geocode place names offline.

Every row ends accepted (perhaps corrected or completed, with a warning) or
quarantined with a problem naming its row, field and value
(:mod:`geo.ingest.problems`). The rules, in the order :func:`locate` applies them:

1. **Coordinates and a study-area country.** The point is accepted when it lies
   on the country's land or at most :data:`~geo.ingest.country_zones.LAND_TOLERANCE_KM`
   beyond it, or at sea (on no reference country's land) within
   :data:`~geo.ingest.country_zones.MARITIME_ZONE_KM` of its coast. Otherwise the
   swapped pair (lon, lat) is tried with the same rule and, when it fits, kept
   with a ``coordinates_swapped`` warning; a swap is only tried when the pair as
   given does not fit, so an ambiguous pair stays as written. Otherwise the row
   is quarantined (``coordinates_outside_country``, distance from the country in
   km in ``detail``).
2. **Coordinates, no country.** A point on exactly one country's land, or off
   every polygon but within :data:`~geo.ingest.country_zones.COAST_SNAP_KM` of
   exactly one country (a port or beach that the simplified coastline leaves in
   the sea), gives that country with a ``country_inferred`` warning. Any other
   point leaves the country blank (``country_not_inferred``): a point at sea does
   not say which state seized the drugs, and a point between two countries is
   not guessed.
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

The zones and distances of rules 1 and 2, with their accuracy and limitations, are
:mod:`geo.ingest.country_zones`; the gazetteer lookups of rules 4 and 5 are :mod:`geo.ingest.geocode`.

Speed (100,000 rows, 2 shared CPUs, "cold" = first call in a process, "warm" = later calls):

* points inside their stated countries, 5 % swapped, 5 % without a country:
  cold 1.3-1.9 s, warm 0.25-0.35 s;
* random points over the whole study area with random stated countries, so
  90 % are quarantined and each needs its distance: cold 2.4-3.0 s, warm 2.1-2.5 s;
* place names only (2,000 unique, 20 % without a country): warm 0.2 s; cold
  3-5 s, nearly all of it loading the gazetteer (1.1 s for the 5,000 level,
  3.4 s more for the 500 level, loaded the first time a name is missing).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.i18n import ingest as ingest_text
from geo.ingest import country_zones, geocode
from geo.ingest.country_zones import COAST_SNAP_KM, LAND_TOLERANCE_KM, MARITIME_ZONE_KM
from geo.ingest.problems import PROBLEM_COLUMNS, concat_problems

COORDINATES_FIELD = "lat/lon"  # the field named by coordinate problems: the pair, not one number
_INPUT_COLUMNS = ("country", "admin1", "place", "lat", "lon", "location_precision")

MESSAGES: dict[str, dict[str, str]] = ingest_text.locate_messages(LAND_TOLERANCE_KM, MARITIME_ZONE_KM, COAST_SNAP_KM)


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


def _check_country(work: _Work, iso3: str, positions: np.ndarray) -> None:
    """Rules 1 and 3 for the points stated in one country."""
    lat, lon = work.lat[positions], work.lon[positions]
    outline = country_zones.outline(iso3)
    if outline is None:
        work.warn(positions, "country", "country_not_checked", iso3, _pairs(lat, lon))
        return
    misfit = np.flatnonzero(~country_zones.fits(outline, lat, lon))
    swappable = misfit[np.abs(lon[misfit]) <= 90]
    swapped = swappable[country_zones.fits(outline, lon[swappable], lat[swappable])]
    outside = np.setdiff1d(misfit, swapped)
    if len(swapped):
        moved = positions[swapped]
        work.warn(moved, COORDINATES_FIELD, "coordinates_swapped", _pairs(lat[swapped], lon[swapped]),
                    _pairs(lon[swapped], lat[swapped]))
        work.lat[moved], work.lon[moved] = lon[swapped], lat[swapped]
        work.moved[moved] = True
    if len(outside):
        distance = np.rint(country_zones.distance_km(outline, lat[outside], lon[outside])).astype("int64").astype(str)
        work.reject(positions[outside], COORDINATES_FIELD, "coordinates_outside_country",
                    _pairs(lat[outside], lon[outside]), distance)


def _infer_from_points(work: _Work, positions: np.ndarray) -> None:
    """Rule 2: a blank country taken from the point when it designates exactly one."""
    lat, lon = work.lat[positions], work.lon[positions]
    found = country_zones.countries_of_points(lat, lon)
    known = ~pd.isna(found)
    pairs = np.asarray(_pairs(lat, lon), dtype=object)
    if known.any():
        work.country[positions[known]] = found[known]
        work.inferred[positions[known]] = True
        work.warn(positions[known], "country", "country_inferred", found[known], pairs[known])
    if (~known).any():
        work.warn(positions[~known], "country", "country_not_inferred", None, pairs[~known])


def _geocode(work: _Work, place: np.ndarray, admin1: np.ndarray, positions: np.ndarray) -> None:
    """Rules 4 and 5 for rows without coordinates, once per unique (place, admin1, country)."""
    keys = pd.DataFrame({"place": place[positions], "admin1": admin1[positions],
                         "country": work.country[positions]})
    groups = keys.groupby(list(keys.columns), dropna=False, sort=False).indices
    warned_rows, warnings = [], []
    for key, members in groups.items():
        texts = [value if isinstance(value, str) else None for value in key]
        answer = geocode.answer(*texts)
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
