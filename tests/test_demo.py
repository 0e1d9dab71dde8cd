"""The seeded synthetic generator: reproducible, valid, plausible, and telling its story."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pycountry
import pytest
from shapely.geometry import Point

from geo import demo, reference
from geo.core.schema import DEMO_SOURCE, INPUT_COLUMNS, coerce_records, substances
from geo.core.units import UNITS
from geo.reference import gazetteer

ROWS = 3000
COASTAL = {"SEN", "GMB", "GNB", "GIN", "SLE", "LBR", "CIV", "GHA", "TGO", "BEN", "NGA", "CPV", "MRT"}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return demo.generate(ROWS, 1)


def codes(series: pd.Series) -> set[str]:
    """Every ISO3 in a column, ';'-lists split."""
    return {code for value in series.dropna() for code in str(value).split(";")}


def nearest_km(points: pd.DataFrame, candidates: pd.DataFrame) -> np.ndarray:
    """Great-circle distance from each point to the nearest candidate, in km."""
    lat1, lon1 = (np.radians(points[c].to_numpy())[:, None] for c in ("lat", "lon"))
    lat2, lon2 = (np.radians(candidates[c].to_numpy())[None, :] for c in ("lat", "lon"))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return (2 * 6371 * np.arcsin(np.sqrt(a))).min(axis=1)


@pytest.mark.slow
def test_same_seed_same_frame(frame):
    pd.testing.assert_frame_equal(frame, demo.generate(ROWS, 1))


@pytest.mark.slow
def test_different_seed_different_frame(frame):
    other = demo.generate(ROWS, 2)
    assert not frame.equals(other)
    assert (frame["place"] != other["place"]).mean() > 0.5


@pytest.mark.slow
@pytest.mark.parametrize("rows", [0, 1, 7, 1234])
def test_exactly_the_rows_asked_for(rows):
    assert len(demo.generate(rows, 3)) == rows


def test_negative_rows_rejected():
    with pytest.raises(ValueError, match="rows -1"):
        demo.generate(-1, 1)


@pytest.mark.slow
def test_columns_are_the_input_columns(frame):
    assert tuple(frame.columns) == INPUT_COLUMNS


@pytest.mark.slow
def test_core_accepts_it_and_derives_ids(frame):
    records = coerce_records(frame)
    assert len(records) == ROWS
    assert records["record_id"].notna().all() and records["record_id"].is_unique
    assert frame["record_id"].isna().all()


def test_marked_as_synthetic(frame):
    assert (frame["source"] == DEMO_SOURCE).all()
    assert (frame["dataset"] == "demo").all()


@pytest.mark.slow
def test_vocabularies(frame):
    assert set(frame["substance"]) <= set(substances())
    assert set(frame["unit"]) <= set(UNITS)
    assert set(frame["conveyance"]) <= {"land", "sea", "air", "mail", "unknown"}
    assert set(frame["date_precision"]) <= {"day", "month"}
    assert frame["date_precision"].eq("day").mean() > 0.8


def test_dates_within_period(frame):
    assert frame["date"].min() >= pd.Timestamp("2015-01-01")
    assert frame["date"].max() <= pd.Timestamp("2025-12-31")
    assert set(frame["date"].dt.year) == set(range(2015, 2026))
    by_month = frame[frame["date_precision"] == "month"]
    assert (by_month["date"].dt.day == 1).all()


def test_country_codes_are_real_iso3_or_blank(frame):
    for column in ("country", "origin", "transit", "destination"):
        for code in codes(frame[column]):
            assert pycountry.countries.get(alpha_3=code) is not None, (column, code)
    assert frame["country"].notna().all()
    assert frame["destination"].isna().mean() > 0.2  # unknown stays unknown


def test_route_never_passes_through_the_seizing_country(frame):
    for country, transit in zip(frame["country"], frame["transit"], strict=True):
        if isinstance(transit, str):
            assert country not in transit.split(";"), (country, transit)


def test_quantities_positive_and_counts_whole(frame):
    assert (frame["quantity"] > 0).all()
    counts = frame[frame["unit"].isin(["tablets", "plants", "units"])]["quantity"]
    assert (counts == counts.round()).all()


def test_realistic_units_per_substance(frame):
    units = frame.groupby("substance")["unit"].agg(set)
    assert units["cannabis_plants"] == {"plants"}
    assert units["cocaine"] <= {"kg", "g", "t"}
    assert "tablets" in units["tramadol"]
    tramadol = frame[frame["substance"] == "tramadol"]
    assert tramadol["unit"].eq("tablets").mean() > 0.6
    cocaine_g = frame[(frame["substance"] == "cocaine") & (frame["unit"] == "g")]
    assert (cocaine_g["conveyance"] == "air").all()  # grams are airport couriers
    cocaine_t = frame[(frame["substance"] == "cocaine") & (frame["unit"] == "t")]
    assert (cocaine_t["conveyance"] == "sea").all()  # tonnes are at sea


@pytest.mark.slow
def test_located_points_are_near_a_gazetteer_place_of_their_country(frame):
    places = gazetteer.places()
    located = frame[frame["location_precision"].isin(["place", "exact"])]
    assert len(located) > 0.8 * ROWS
    for country, group in located.groupby("country"):
        candidates = places[places["country"] == country]
        assert nearest_km(group, candidates).max() < 30, country
    exact = frame[frame["location_precision"] == "exact"]
    assert 0.1 < len(exact) / len(located) < 0.4


@pytest.mark.parametrize("precision", ["country", "exact"])
def test_points_lie_inside_their_country(frame, precision):
    # Exact points are jittered around a town: never into the sea or across a border.
    shapes = reference.country_polygons().set_index("iso3").geometry
    coarse = frame[frame["location_precision"] == precision]
    assert len(coarse) > 0
    for country, lat, lon in zip(coarse["country"], coarse["lat"], coarse["lon"], strict=True):
        assert shapes[country].contains(Point(lon, lat)), country


def test_unlocated_rows_have_no_point_and_are_at_sea(frame):
    unlocated = frame[frame["location_precision"] == "unlocated"]
    assert len(unlocated) > 0
    assert unlocated["lat"].isna().all() and unlocated["lon"].isna().all()
    assert (unlocated["conveyance"] == "sea").all()


@pytest.mark.slow
def test_place_names_resolve_back_through_the_gazetteer(frame):
    # An importer geocoding the demo's own place names finds them again.
    for country, place in frame[["country", "place"]].dropna().drop_duplicates().itertuples(index=False):
        if frame.loc[(frame["place"] == place), "location_precision"].iloc[0] != "unlocated":
            assert gazetteer.lookup(place, country) is not None, (place, country)


def test_source_ref_unique_per_agency_and_agencies_per_country(frame):
    assert not frame.duplicated(["agency", "source_ref"]).any()
    assert frame["source_ref"].notna().all()
    prefixes = frame["agency"].str.split("-").str[0].str.upper()
    assert (prefixes == frame["country"]).all()


def test_sensitivity_mix(frame):
    share = frame["sensitivity"].value_counts(normalize=True)
    assert 0.7 < share["public"] < 0.85
    assert 0.15 < share["restricted"] < 0.25
    assert 0.01 < share["confidential"] < 0.06
    graded = frame["reliability"].dropna()
    assert graded.str.fullmatch(r"[A-E][1-5]").all() and 0.5 < len(graded) / ROWS < 0.8


def test_air_passengers_have_a_flight(frame):
    air = frame[frame["conveyance"] == "air"]["transport_detail"]
    assert air.str.startswith("passager, vol ").mean() > 0.5
    assert frame["transport_detail"].notna().all()


def test_story_coastal_cocaine_rises(frame):
    sea = frame[(frame["substance"] == "cocaine") & (frame["conveyance"] == "sea")]
    assert sea["country"].isin(COASTAL).all()
    years = sea["date"].dt.year
    assert years.between(2021, 2025).sum() > 2 * years.between(2015, 2019).sum()
    assert set(sea["origin"].dropna()) <= {"BRA", "COL", "VEN", "ECU"}
    assert set(sea["destination"].dropna()) <= {"ESP", "PRT", "NLD", "BEL", "FRA", "MAR"}


def test_story_cocaine_moves_inland(frame):
    inland = frame[(frame["substance"] == "cocaine") & frame["country"].isin(["MLI", "BFA", "NER"])]
    years = inland["date"].dt.year
    assert years.between(2021, 2025).sum() > years.between(2015, 2019).sum()
    assert inland["destination"].isin(["DZA", "LBY"]).any()


@pytest.mark.slow
def test_story_tramadol_comes_north_from_gulf_of_guinea(frame):
    niger = frame[(frame["substance"] == "tramadol") & (frame["country"] == "NER")]
    assert len(niger) > 50
    via = [
        bool({"NGA", "BEN", "TGO", "GHA"} & codes(pd.Series([origin, transit])))
        for origin, transit in zip(niger["origin"], niger["transit"], strict=True)
    ]
    assert np.mean(via) > 0.8
    tramadol = frame[frame["substance"] == "tramadol"]["date"].dt.year.value_counts()
    assert tramadol[[2017, 2018, 2019]].mean() > tramadol[[2015, 2021, 2022, 2023, 2024, 2025]].max()


def test_story_resin_is_moroccan_and_shifts_east(frame):
    resin = frame[frame["substance"] == "cannabis_resin"]
    assert resin["origin"].eq("MAR").mean() > 0.9
    east = resin["country"].isin(["NER", "TCD", "DZA"])
    early, late = resin["date"].dt.year <= 2018, resin["date"].dt.year >= 2022
    assert (east & late).sum() / late.sum() > 2 * (east & early).sum() / early.sum()
    west = resin["country"].isin(["MRT", "MLI"])
    assert (west & late).sum() / late.sum() < (west & early).sum() / early.sum()


def test_story_herb_is_most_frequent_and_local(frame):
    counts = frame["substance"].value_counts()
    assert counts.index[0] == "cannabis_herb"
    herb = frame[frame["substance"] == "cannabis_herb"]
    assert (herb["origin"] == herb["country"]).mean() > 0.5


def test_story_meth_emerges_and_kush_is_recent(frame):
    meth = frame[frame["substance"] == "methamphetamine"]["date"].dt.year
    assert (meth >= 2020).sum() > 2 * (meth < 2020).sum()
    kush = frame[frame["substance"] == "kush"]
    assert len(kush) > 0 and (kush["date"].dt.year >= 2022).all()
    assert kush["country"].eq("SLE").mean() > 0.7


def test_volume_grows_modestly(frame):
    per_year = frame["date"].dt.year.value_counts().sort_index()
    ratio = per_year.loc[2023:2025].mean() / per_year.loc[2015:2017].mean()
    assert 1.1 < ratio < 1.8


@pytest.mark.slow
def test_csv_same_seed_same_bytes(tmp_path):
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert demo.write_csv(first, rows=500, seed=4) == 500
    demo.write_csv(second, rows=500, seed=4)
    demo.write_csv(other, rows=500, seed=5)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


@pytest.mark.slow
def test_csv_reads_back_as_valid_records(tmp_path):
    path = tmp_path / "demo.csv"
    demo.write_csv(path, rows=300, seed=6)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(INPUT_COLUMNS)
    back = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    counts = back.loc[back["unit"].isin(["tablets", "plants", "units"]), "quantity"]
    assert len(counts) and not counts.str.contains(".", regex=False).any()  # "12000", not "12000.0"
    assert len(back) == 300
    records = coerce_records(back)
    assert (records["source"] == DEMO_SOURCE).all()
    assert records["date"].dt.strftime("%Y-%m-%d").tolist() == back["date"].tolist()


def test_every_hub_town_is_in_the_gazetteer():
    for country, towns in demo.HUBS.items():
        for town in towns:
            place = gazetteer.lookup(town, country)
            assert place is not None and place.country == country, (town, country)
