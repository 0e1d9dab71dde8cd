"""Place names found in the offline gazetteer (:mod:`geo.reference.gazetteer`), for records without coordinates.

A name is looked up in the stated country only (a name that exists only in another
country stays unmatched), first among towns of 5,000 inhabitants and then, for names
not found, of 500. With no country stated, a name that designates places in several
countries is ambiguous and none is guessed. An unresolved place falls back to its
admin1 when that is a findable place name; otherwise the record keeps its country alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo import reference
from geo.reference import gazetteer

# Gazetteer levels searched in turn: towns of 5,000 people, then of 500.
GAZETTEER_LEVELS: tuple[int, ...] = (5000, 500)


@dataclass(frozen=True)
class Found:
    """A gazetteer answer: one place, or the countries between which a name is ambiguous."""

    place: gazetteer.Place | None = None
    countries: tuple[str, ...] = ()


def _own_name(place: gazetteer.Place, name: str) -> bool:
    """Whether ``name`` is the place's own name (or a reference place) rather than an alternate spelling."""
    return place.kind != "city" or gazetteer.key(place.name) == gazetteer.key(name)


def _find_at(name: str, country: str | None, level: int) -> Found:
    if country is not None:
        return Found(gazetteer.lookup(name, country, min_population=level))
    matches = {}
    for iso3 in reference.STUDY_COUNTRIES:
        place = gazetteer.lookup(name, iso3, min_population=level)
        if place is not None:
            matches[iso3] = place
    # As in lookup's ranking, a town's own name outweighs an alternate spelling of a town elsewhere
    # ("Kindia" is Kindia in Guinea, not "Kindi" in Burkina Faso).
    chosen = {iso3: place for iso3, place in matches.items() if _own_name(place, name)} or matches
    if len(chosen) == 1:
        return Found(next(iter(chosen.values())))
    return Found(countries=tuple(sorted(chosen)))


@lru_cache(maxsize=65536)
def find_place(name: str, country: str | None) -> Found:
    """A place name in the gazetteer, restricted to ``country`` when given; towns of 5,000 first."""
    if country is not None and country not in reference.STUDY_COUNTRIES:
        return Found()  # the gazetteer holds study countries only: spare loading the 500 level
    for level in GAZETTEER_LEVELS:
        found = _find_at(name, country, level)
        if found.place is not None or found.countries:
            return found
    return Found()


@dataclass(frozen=True)
class Answer:
    """How one (place, admin1, country) key is located, and the warnings that go with it."""

    place: gazetteer.Place | None
    precision: str
    warnings: tuple[tuple[str, str, str | None, str | None], ...]  # field, code, value, detail


def answer(place: str | None, admin1: str | None, country: str | None) -> Answer:
    """Rules 4 and 5 of :mod:`geo.ingest.locate`: the place, else admin1 as a place name, else the country."""
    warnings = []
    for field_name, name in (("place", place), ("admin1", admin1)):
        if name is None:
            continue
        found = find_place(name, country)
        if found.place is not None:
            if country is None:
                warnings.append(("country", "country_inferred", found.place.country, name))
            return Answer(found.place, field_name, tuple(warnings))  # precision "place" or "admin1"
        # An admin1 is often a region name the gazetteer of towns cannot know: not worth a warning.
        if field_name == "place" and found.countries:
            warnings.append(("place", "place_ambiguous", name, ", ".join(found.countries)))
        elif field_name == "place":
            warnings.append(("place", "place_not_found", name, country))
    return Answer(None, "country" if country else "unlocated", tuple(warnings))
