"""The nearest town to a point, offline: names a hotspot or a hexagon "near Kano, Nigeria", not "12.0° N, 8.5° E".

Towns are GeoNames cities of the study countries above a population threshold (:func:`geo.reference.gazetteer.places`),
so that the name is one a reader knows; the distance says how near.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from geo.reference import derived, gazetteer
from geo.reference.countries import country_name

MIN_POPULATION = 15_000  # towns a reader is likely to know
# The largest city this large within this distance names the point before a nearer town (Conakry, not
# its Camayenne district): readers know the city.
CITY_POPULATION, CITY_KM = 200_000, 30.0
EARTH_KM = 6371.0


@dataclass(frozen=True)
class NearTown:
    """A town near a point: its name, country (ISO3) and distance in km."""

    name: str
    country: str
    km: float


@lru_cache(maxsize=1)
def _towns() -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...], np.ndarray]:
    # Building the gazetteer's towns reads GeoNames (~0.1 s of every map file): kept on disk, as its index is.
    table = derived.kept(f"towns-{MIN_POPULATION}", (*gazetteer.derived_from(MIN_POPULATION), Path(__file__)),
                         _town_table, dict, dict)
    return (np.radians(np.asarray(table["lat"], dtype=float)), np.radians(np.asarray(table["lon"], dtype=float)),
            tuple(table["name"]), tuple(table["country"]), np.asarray(table["population"], dtype=float))


def _town_table() -> dict[str, list]:
    """The towns as plain columns (JSON keeps each float exactly): degrees, names, ISO3, population (0 unknown)."""
    towns = gazetteer.places(MIN_POPULATION)
    towns = towns[towns["kind"] == "city"]
    return {"lat": towns["lat"].to_numpy(float).tolist(), "lon": towns["lon"].to_numpy(float).tolist(),
            "name": towns["name"].astype(str).tolist(), "country": towns["country"].astype(str).tolist(),
            "population": towns["population"].fillna(0).to_numpy(float).tolist()}


def nearest_town(lat: float, lon: float) -> NearTown | None:
    """The town nearest to (``lat``, ``lon``) by great-circle distance; ``None`` for a missing point.

    >>> town = nearest_town(14.70, -17.45)
    >>> (town.name, town.country, town.km < 10)
    ('Dakar', 'SEN', True)
    """
    if lat is None or lon is None or not (np.isfinite(lat) and np.isfinite(lon)):
        return None
    lats, lons, names, countries, population = _towns()
    if not len(names):
        return None
    phi, lam = np.radians(lat), np.radians(lon)
    a = np.sin((lats - phi) / 2) ** 2 + np.cos(phi) * np.cos(lats) * np.sin((lons - lam) / 2) ** 2
    km = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    cities = np.where((population >= CITY_POPULATION) & (km <= CITY_KM))[0]
    best = int(cities[np.argmax(population[cities])]) if len(cities) else int(np.argmin(km))
    return NearTown(names[best], countries[best], float(km[best]))


def place_label(lat: float, lon: float, lang: str) -> str:
    """"Kano, Nigeria" for a point near Kano (the nearest town and its country); "" when there is none.

    >>> place_label(13.52, 2.11, "fr"), place_label(12.0, 8.52, "en")
    ('Niamey, Niger', 'Kano, Nigeria')
    """
    town = nearest_town(lat, lon)
    return "" if town is None else f"{town.name}, {country_name(town.country, lang)}"
