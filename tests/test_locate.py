"""Locating records: coordinates checked against the stated country, place names geocoded offline."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import reference
from geo.core.schema import LOCATION_PRECISIONS
from geo.ingest import geocode, locate
from geo.ingest.country_zones import LAND_TOLERANCE_KM, MARITIME_ZONE_KM
from geo.ingest.locate import MESSAGES, Located
from geo.ingest.problems import PROBLEM_COLUMNS, describe, problems_frame
from geo.reference import gazetteer

# Real places (GeoNames), as (lat, lon).
DAKAR = (14.6937, -17.44406)
BAMAKO = (12.6392, -8.0029)
LOME = (6.1375, 1.2123)
BISSAU = (11.8636, -15.5977)
CONAKRY = (9.5370, -13.6785)
ABIDJAN = (5.3600, -4.0083)
NIAMEY = (13.5137, 2.1098)
PRAIA = (14.9315, -23.5125)
KAYES = (14.4469, -11.4456)  # Mali, about 67 km east of the Senegalese border at Kidira
BANJUL = (13.4531, -16.5775)  # on the coast: 1 km off the simplified outline of The Gambia
KIDIRA_POST = (14.45668, -12.21659)  # SEN-MLI border post, 0.8 km from the border on the Senegalese side
OFF_DAKAR = (14.69, -18.2)  # at sea, about 75 km west of Cap-Vert
OFF_LOME = (5.2, 1.2)  # Gulf of Guinea, about 100 km south of Lomé
MID_ATLANTIC = (5.0, -30.0)  # some 1,650 km from Guinea-Bissau
ALGECIRAS = (36.13, -5.45)
MADRID = (40.4168, -3.7038)
SANTOS = (-23.96, -46.33)
KAGA_BANDORO = (6.9896, 19.1874)  # Central African Republic (not a reference country), 135 km from Chad


def records(*rows: dict) -> pd.DataFrame:
    """Records from partial rows: location columns blank unless given, and an unrelated column to keep."""
    defaults = {"country": None, "admin1": None, "place": None, "lat": np.nan, "lon": np.nan,
                "location_precision": None, "notes": "keep me"}
    return pd.DataFrame([{**defaults, **row} for row in rows])


def at(point: tuple[float, float], country: str | None, **extra) -> dict:
    """A row with coordinates, as an import gives them."""
    return {"country": country, "lat": point[0], "lon": point[1], "location_precision": "exact", **extra}


def pair(lat: float, lon: float) -> str:
    return f"{lat!r}, {lon!r}"


def km_to_country(point: tuple[float, float], iso3: str) -> float:
    """Great-circle distance to the nearest vertex of the country's outline, densified to about 1 km.

    Independent of the module: spherical, in degrees, brute force.
    """
    outline = reference.country_polygons().set_index("iso3").geometry[iso3]
    coords = shapely.get_coordinates(shapely.segmentize(shapely.boundary(outline), 0.01))
    lat1, lon1 = np.radians(point[0]), np.radians(point[1])
    lat2, lon2 = np.radians(coords[:, 1]), np.radians(coords[:, 0])
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return float((2 * 6371.0 * np.arcsin(np.sqrt(a))).min())


def codes(frame: pd.DataFrame) -> list[str]:
    return frame["code"].tolist()


# -- rule 1: coordinates and a study-area country -------------------------------------------------------------


@pytest.mark.parametrize(
    ("point", "country"),
    [
        (DAKAR, "SEN"),
        (BAMAKO, "MLI"),
        (LOME, "TGO"),
        (BISSAU, "GNB"),
        (CONAKRY, "GIN"),
        (ABIDJAN, "CIV"),
        (NIAMEY, "NER"),
        (PRAIA, "CPV"),
        (KIDIRA_POST, "MLI"),  # 0.8 km into Senegal: within the land tolerance of Mali
        (OFF_DAKAR, "SEN"),  # a maritime interdiction
        (OFF_LOME, "TGO"),
        (OFF_LOME, "GHA"),  # the sea is not the land: Ghana's zone covers it too
    ],
)
def test_point_in_its_country_or_its_sea_is_accepted_unchanged(point, country):
    located = locate.locate(records(at(point, country)))
    assert located.problems.empty and located.warnings.empty
    assert located.frame.loc[0, ["country", "lat", "lon", "location_precision"]].tolist() == [country, *point, "exact"]


@pytest.mark.slow
def test_border_posts_are_accepted_for_either_country():
    posts = reference.border_posts()
    rows = [at((geometry.y, geometry.x), country)
            for geometry, a, b in zip(posts.geometry, posts["country_a"], posts["country_b"])
            for country in (a, b)]
    located = locate.locate(records(*rows))
    assert len(rows) == 2 * len(posts) >= 40
    assert located.problems.empty and located.warnings.empty


@pytest.mark.parametrize(("point", "country"), [(DAKAR, "SEN"), (NIAMEY, "NER"), (ABIDJAN, "CIV"), (CONAKRY, "GIN")])
def test_swapped_coordinates_are_corrected_with_a_warning(point, country):
    lat, lon = point
    located = locate.locate(records(at((lon, lat), country)))
    assert located.problems.empty
    assert located.warnings.to_dict("records") == [
        {"row": 0, "field": "lat/lon", "code": "coordinates_swapped", "value": pair(lon, lat), "detail": pair(lat, lon)}
    ]
    assert located.frame.loc[0, ["lat", "lon"]].tolist() == [lat, lon]


@pytest.mark.slow
def test_swap_is_not_tried_when_the_pair_fits_as_given():
    # (8.5, 12.0) is in eastern Nigeria and so is (12.0, 8.5), near Kano: the pair as written stands.
    located = locate.locate(records(at((8.5, 12.0), "NGA")))
    assert located.warnings.empty and located.problems.empty
    assert located.frame.loc[0, ["lat", "lon"]].tolist() == [8.5, 12.0]


@pytest.mark.parametrize(
    ("point", "country"),
    [
        (BAMAKO, "SEN"),  # hundreds of km inside Mali
        (KAYES, "SEN"),  # past the 25 km tolerance
        (LOME, "SEN"),
        (MID_ATLANTIC, "GNB"),  # at sea but far beyond 370 km
        (OFF_LOME, "BFA"),
        (KAGA_BANDORO, "TCD"),  # off the reference land, within 370 km of Chad: but Chad has no sea
    ],
)
def test_point_outside_its_country_is_quarantined_with_the_distance(point, country):
    frame = records(at(point, country))
    located = locate.locate(frame)
    assert located.warnings.empty
    [problem] = located.problems.to_dict("records")
    assert problem["row"] == 0 and problem["field"] == "lat/lon" and problem["code"] == "coordinates_outside_country"
    assert problem["value"] == pair(*point)
    expected = km_to_country(point, country)
    assert expected > LAND_TOLERANCE_KM
    assert abs(int(problem["detail"]) - expected) <= 2 + 0.01 * expected
    # A quarantined row goes to review exactly as it came.
    pd.testing.assert_frame_equal(located.frame, frame)


def test_sea_points_are_accepted_up_to_the_maritime_zone_only():
    near, far = (14.69, -20.5), (14.69, -21.5)  # about 330 and 440 km west of Dakar
    located = locate.locate(records(at(near, "SEN"), at(far, "SEN")))
    assert located.problems["row"].tolist() == [1]
    assert int(located.problems.loc[0, "detail"]) > MARITIME_ZONE_KM


@pytest.mark.parametrize("point", [(91.0, 2.0), (13.5, 181.0)])
def test_impossible_coordinates_are_quarantined(point):
    located = locate.locate(records(at(point, "NER")))
    assert codes(located.problems) == ["coordinates_invalid"]
    assert located.problems.loc[0, "value"] == f"{point[0]}, {point[1]}"


@pytest.mark.parametrize(("lat", "lon"), [(13.5, np.nan), (np.nan, 2.1), ("13,5", 2.1)])
def test_half_or_unreadable_coordinates_are_quarantined_not_dropped(lat, lon):
    frame = records({"country": "NER", "lat": lat, "lon": lon})
    located = locate.locate(frame)
    assert codes(located.problems) == ["coordinates_invalid"]
    assert located.problems.loc[0, "field"] == "lat/lon"
    assert located.warnings.empty


# -- rule 2: coordinates without a country -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "expected"),
    [(DAKAR, "SEN"), (BAMAKO, "MLI"), (NIAMEY, "NER"), (PRAIA, "CPV"), (BANJUL, "GMB")],
)
def test_country_is_inferred_from_a_point_on_its_land(point, expected):
    located = locate.locate(records(at(point, None)))
    assert located.problems.empty
    assert located.warnings.to_dict("records") == [
        {"row": 0, "field": "country", "code": "country_inferred", "value": expected, "detail": pair(*point)}
    ]
    assert located.frame.loc[0, "country"] == expected


@pytest.mark.slow
@pytest.mark.parametrize("point", [OFF_DAKAR, MID_ATLANTIC, MADRID, (0.39, 9.45)])  # the last: Libreville, Gabon
def test_country_is_never_guessed_for_a_point_off_the_study_countries(point):
    located = locate.locate(records(at(point, None)))
    assert located.problems.empty
    assert codes(located.warnings) == ["country_not_inferred"]
    assert pd.isna(located.frame.loc[0, "country"])
    assert located.frame.loc[0, "location_precision"] == "exact"


# -- rule 3: a country without a reference outline ---------------------------------------------------------------


@pytest.mark.parametrize(("point", "country"), [(ALGECIRAS, "ESP"), (SANTOS, "BRA")])
def test_coordinates_in_a_country_without_outline_are_accepted_unchecked(point, country):
    located = locate.locate(records(at(point, country)))
    assert located.problems.empty
    assert located.warnings.to_dict("records") == [
        {"row": 0, "field": "country", "code": "country_not_checked", "value": country, "detail": pair(*point)}
    ]
    assert located.frame.loc[0, ["country", "lat", "lon"]].tolist() == [country, *point]


# -- rules 4 and 5: place names --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("place", "admin1", "country", "precision", "located_country", "warning"),
    [
        ("Zegoua", None, "MLI", "place", "MLI", None),  # the border post
        ("Kaolack", None, "SEN", "place", "SEN", None),
        ("KAOLACK ", None, "SEN", "place", "SEN", None),
        ("Kaolack", None, "MLI", "country", "MLI", "place_not_found"),  # only in Senegal: not taken
        ("Kaolack", None, None, "place", "SEN", "country_inferred"),
        ("Kindia", None, None, "place", "GIN", "country_inferred"),  # own name beats "Kindi" (BFA alternate)
        ("Ansongo", None, None, "place", "MLI", "country_inferred"),  # found among towns of 500 only
        ("Oussouye", None, "SEN", "place", "SEN", None),  # idem
        ("Gao", None, None, "unlocated", None, "place_ambiguous"),  # Gao, Mali and Gao, Burkina Faso
        ("Gao", None, "MLI", "place", "MLI", None),
        ("Atlantis", "Kaolack", "SEN", "admin1", "SEN", "place_not_found"),
        (None, "Kaolack", "SEN", "admin1", "SEN", None),
        (None, "Hauts-Bassins", "BFA", "country", "BFA", None),  # a region name: no warning
        ("Atlantis", None, None, "unlocated", None, "place_not_found"),
        ("Dakar", None, "ESP", "country", "ESP", "place_not_found"),
        (None, None, "SEN", "country", "SEN", None),
        (None, None, None, "unlocated", None, None),
        ("  ", "", "", "unlocated", None, None),  # blank cells count as missing
    ],
)
def test_place_names_are_geocoded_within_the_stated_country(place, admin1, country, precision, located_country,
                                                             warning):
    frame = records({"place": place, "admin1": admin1, "country": country})
    located = locate.locate(frame)
    assert located.problems.empty
    assert codes(located.warnings) == ([warning] if warning else [])
    row = located.frame.loc[0]
    assert row["location_precision"] == precision
    if located_country is None:
        assert pd.isna(row["country"]) or row["country"] == country
    else:
        assert row["country"] == located_country
    name = place if precision == "place" else admin1
    if precision in ("place", "admin1"):
        found = gazetteer.lookup(name, located_country, min_population=500)
        assert (row["lat"], row["lon"]) == (found.lat, found.lon)
    else:
        assert math.isnan(row["lat"]) and math.isnan(row["lon"])


@pytest.mark.slow
def test_fallback_names_really_are_missing_from_the_coarse_gazetteer():
    # Keeps the two "towns of 500" cases above honest.
    for name, country in (("Ansongo", "MLI"), ("Oussouye", "SEN")):
        assert gazetteer.lookup(name, country) is None
        assert gazetteer.lookup(name, country, min_population=500) is not None


@pytest.mark.slow
def test_place_warnings_name_the_place_and_the_candidates():
    located = locate.locate(records({"place": "Gao"}, {"place": "Kaolack"}, {"place": "Atlantis", "country": "SEN"}))
    assert located.warnings.to_dict("records") == [
        {"row": 0, "field": "place", "code": "place_ambiguous", "value": "Gao", "detail": "BFA, MLI"},
        {"row": 1, "field": "country", "code": "country_inferred", "value": "SEN", "detail": "Kaolack"},
        {"row": 2, "field": "place", "code": "place_not_found", "value": "Atlantis", "detail": "SEN"},
    ]


def test_coordinates_win_over_the_place_name():
    located = locate.locate(records(at(DAKAR, "SEN", place="Kaolack")))
    assert located.frame.loc[0, ["lat", "lon", "location_precision"]].tolist() == [*DAKAR, "exact"]


@pytest.mark.slow
def test_each_unique_place_is_looked_up_once(monkeypatch):
    calls = []
    real = geocode.find_place

    def counting(name, country):
        calls.append((name, country))
        return real(name, country)

    monkeypatch.setattr(geocode, "find_place", counting)
    rows = [{"place": "Kaolack", "country": "SEN"}] * 500 + [{"place": "Zegoua", "country": "MLI"}] * 500
    located = locate.locate(records(*rows))
    assert sorted(calls) == [("Kaolack", "SEN"), ("Zegoua", "MLI")]
    assert (located.frame["location_precision"] == "place").all()


# -- the frame as a whole --------------------------------------------------------------------------------------


def mixed() -> pd.DataFrame:
    """One row of every case, so that every code is emitted."""
    return records(
        at(DAKAR, "SEN"),
        at(DAKAR[::-1], "SEN"),
        at(BAMAKO, "SEN"),
        at((95.0, 1.0), "SEN"),
        at(DAKAR, None),
        at(OFF_DAKAR, None),
        at(ALGECIRAS, "ESP"),
        {"place": "Kaolack"},
        {"place": "Gao"},
        {"place": "Atlantis", "country": "SEN"},
        {"country": "MLI"},
        {},
    )


@pytest.mark.slow
def test_output_keeps_length_index_and_other_columns():
    frame = mixed().assign(quantity=np.arange(12, dtype="float64"))
    located = locate.locate(frame)
    assert isinstance(located, Located)
    assert list(located.frame.columns) == list(frame.columns)
    pd.testing.assert_index_equal(located.frame.index, frame.index)
    pd.testing.assert_frame_equal(located.frame[["notes", "quantity"]], frame[["notes", "quantity"]])
    # The input itself is not modified.
    pd.testing.assert_frame_equal(frame, mixed().assign(quantity=np.arange(12, dtype="float64")))


@pytest.mark.slow
def test_missing_location_columns_count_as_blank():
    located = locate.locate(pd.DataFrame({"place": ["Kaolack"], "country": ["SEN"]}))
    assert located.frame.loc[0, "location_precision"] == "place"
    assert located.problems.empty and located.warnings.empty


@pytest.mark.slow
def test_every_row_ends_accepted_or_quarantined():
    located = locate.locate(mixed())
    quarantined = set(located.problems["row"])
    assert quarantined == {2, 3}
    kept = located.frame.drop(index=sorted(quarantined))
    assert kept["location_precision"].isin(LOCATION_PRECISIONS).all()
    assert set(located.warnings["row"]).isdisjoint(quarantined)
    assert not located.frame.loc[[0, 10, 11], :].index.isin(located.warnings["row"]).any()  # nothing to say


@pytest.mark.slow
def test_a_stated_country_is_never_changed():
    frame = mixed()
    located = locate.locate(frame)
    stated = frame["country"].notna()
    assert located.frame.loc[stated, "country"].tolist() == frame.loc[stated, "country"].tolist()


@pytest.mark.slow
def test_locating_twice_changes_nothing_more():
    once = locate.locate(mixed())
    twice = locate.locate(once.frame)
    pd.testing.assert_frame_equal(twice.frame, once.frame)
    assert set(codes(twice.warnings)) <= {"country_not_inferred", "country_not_checked", "place_not_found",
                                          "place_ambiguous"}


def test_empty_frame():
    located = locate.locate(records().iloc[0:0])
    assert located.frame.empty and located.problems.empty and located.warnings.empty


@pytest.mark.slow
def test_problem_frames_have_the_shared_shape():
    located = locate.locate(mixed())
    for frame in (located.problems, located.warnings):
        assert tuple(frame.columns) == PROBLEM_COLUMNS
        assert frame.dtypes.to_dict() == problems_frame().dtypes.to_dict()
        assert frame["row"].is_monotonic_increasing


@pytest.mark.slow
def test_every_code_has_a_message_in_both_languages():
    located = locate.locate(mixed())
    emitted = pd.concat([located.problems, located.warnings])
    assert set(emitted["code"]) == set(MESSAGES)
    for problem in emitted.to_dict("records"):
        english, french = describe(problem, MESSAGES, "en"), describe(problem, MESSAGES, "fr")
        assert english != french
        for text in (english, french):
            assert "{" not in text and problem["code"] not in text
            assert str(problem["value"] or "") in text


def test_outside_message_gives_the_distance_in_km():
    [problem] = locate.locate(records(at(LOME, "SEN"))).problems.to_dict("records")
    assert f"{problem['detail']} km" in describe(problem, MESSAGES, "en")
    assert f"{problem['detail']} km" in describe(problem, MESSAGES, "fr")


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    lat=st.floats(-5, 38), lon=st.floats(-30, 30),
    country=st.sampled_from([None, "SEN", "MLI", "NER", "NGA", "CPV", "MAR", "ESP"]),
)
def test_any_point_is_accepted_or_quarantined_and_accepted_points_fit(lat, lon, country):
    located = locate.locate(records(at((lat, lon), country)))
    if country is None:
        assert located.problems.empty
    if located.problems.empty:
        assert located.frame.loc[0, "location_precision"] == "exact"
        again = locate.locate(located.frame)
        assert again.problems.empty and "coordinates_swapped" not in codes(again.warnings)
    else:
        assert codes(located.problems) == ["coordinates_outside_country"]


LAAYOUNE = (27.1536, -13.2033)  # Western Sahara, administered by Morocco


@pytest.mark.parametrize(("country", "accepted"), [("MAR", True), ("ESH", True), ("MRT", False)])
def test_morocco_may_report_seizures_in_western_sahara(country, accepted):
    located = locate.locate(records(at(LAAYOUNE, country)))
    assert located.problems.empty is accepted
    assert located.frame.loc[0, "country"] == country  # never changed
