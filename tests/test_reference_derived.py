"""Reference data kept on disk between processes (geo.reference.derived) is exactly what building it gives."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from geo.ingest import country_zones
from geo.reference import derived, gazetteer, layers, nearest


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_gazetteer_index_read_back_is_the_one_built(cache_dir):
    built = gazetteer._built_index(5000)
    first = gazetteer._index.__wrapped__(5000)  # builds and keeps it
    assert len(list(cache_dir.glob("gazetteer-5000-*"))) == 1  # beside the reference layers it read
    again = gazetteer._index.__wrapped__(5000)  # reads it back
    assert first == built and again == built


def test_the_towns_read_back_are_the_ones_built(cache_dir, monkeypatch):
    first = nearest._towns.__wrapped__()  # builds and keeps them
    assert len(list(cache_dir.glob(f"towns-{nearest.MIN_POPULATION}-*"))) == 1
    again = nearest._towns.__wrapped__()  # reads them back
    monkeypatch.setenv(derived.CACHE_ENV, "off")
    towns = gazetteer.places(nearest.MIN_POPULATION)
    towns = towns[towns["kind"] == "city"]  # what the towns were before they were kept: the gazetteer's cities
    built = (np.radians(towns["lat"].to_numpy(float)), np.radians(towns["lon"].to_numpy(float)),
             tuple(towns["name"].astype(str)), tuple(towns["country"].astype(str)),
             towns["population"].fillna(0).to_numpy(float))
    assert len(built[0]) > 100
    for kept in (first, again, nearest._towns.__wrapped__()):
        lat, lon, names, countries, population = kept
        for column, model in zip((lat, lon, population), (built[0], built[1], built[4]), strict=True):
            assert column.dtype == model.dtype and np.array_equal(column, model)
        assert (names, countries) == built[2:4]


@pytest.mark.parametrize("name", ["countries.geojson", "border_posts.geojson", "ports_airports.geojson",
                                  "corridors.geojson", "corridor_waypoints.geojson"])
def test_a_reference_layer_read_back_is_the_one_gdal_reads(cache_dir, name):
    read = layers._read_layer(name)
    first = layers._layer.__wrapped__(name)  # reads it through GDAL and keeps it
    assert len(list(cache_dir.glob(f"layer-{name.split('.')[0]}-*"))) == 1
    again = layers._layer.__wrapped__(name)  # reads it back without GDAL
    for kept in (first, again):
        assert_geodataframe_equal(kept, read, check_dtype=True, check_crs=True, check_index_type=True)
        assert list(shapely.to_wkb(kept.geometry.to_numpy())) == list(shapely.to_wkb(read.geometry.to_numpy()))


def test_a_layer_with_missing_values_comes_back_as_it_was():
    import json

    import geopandas as gpd
    import pandas as pd

    frame = gpd.GeoDataFrame({
        "name": pd.Series(["a", None, "c"], dtype="str"), "km": [1.5, float("nan"), -0.1],
        "year": pd.Series([2020, 2021, 1999], dtype="int32"), "approximate": [True, False, True],
        "geometry": [shapely.Point(1.25, 2.5), None, shapely.LineString([(0, 0), (1, 1e-9)])]}, crs="EPSG:4326")
    back = layers._layer_from_data(json.loads(json.dumps(layers._layer_data(frame))))
    assert_geodataframe_equal(back, frame, check_dtype=True, check_crs=True)
    assert back.geometry.isna().tolist() == [False, True, False]


def _zones_answers(outline: country_zones.Outline) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(5, 20, 4000), rng.uniform(-20, 0, 4000)
    fits = country_zones.fits(outline, lat, lon)
    return fits, country_zones.distance_km(outline, lat[~fits], lon[~fits])


@pytest.mark.parametrize("iso3", ["SEN", "MLI", "MAR"])
def test_country_zones_read_back_answer_as_the_zones_built(cache_dir, iso3, monkeypatch):
    first = country_zones.outline.__wrapped__(iso3)
    again = country_zones.outline.__wrapped__(iso3)
    monkeypatch.setenv(derived.CACHE_ENV, "off")
    built = country_zones.outline.__wrapped__(iso3)
    expected = _zones_answers(built)
    for zones in (first, again):
        fits, distances = _zones_answers(zones)
        assert np.array_equal(fits, expected[0]) and np.array_equal(distances, expected[1])
    assert country_zones.outline.__wrapped__("ESP") is None  # no reference outline: nothing kept


def test_off_keeps_nothing_and_a_damaged_file_is_rebuilt(cache_dir, monkeypatch):
    calls = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2, 3]

    def kept(name: str, key: str) -> list[int]:
        return derived.kept(name, (key,), build, list, list)

    assert kept("sample", "a") == [1, 2, 3]
    (stored,) = cache_dir.iterdir()
    assert kept("sample", "a") == [1, 2, 3] and len(calls) == 1  # read back, not built
    stored.write_bytes(b"not JSON")
    assert kept("sample", "a") == [1, 2, 3] and len(calls) == 2
    assert kept("sample", "b") == [1, 2, 3] and len(calls) == 3  # another input, another key
    monkeypatch.setenv(derived.CACHE_ENV, "off")
    assert derived.folder() is None
    assert kept("other", "a") == [1, 2, 3] and len(calls) == 4
    assert not list(cache_dir.glob("other-*"))


def test_a_value_json_cannot_hold_is_built_every_time_not_a_failure(cache_dir):
    from datetime import date

    calls = []

    def build() -> dict:
        calls.append(1)
        return {"day": date(2024, 5, 1)}

    assert derived.kept("dated", ("a",), build, dict, dict) == {"day": date(2024, 5, 1)}
    assert derived.kept("dated", ("a",), build, dict, dict) == {"day": date(2024, 5, 1)} and len(calls) == 2
    assert not list(cache_dir.glob("dated-*"))


def test_a_changed_input_file_changes_the_key(tmp_path):
    source = tmp_path / "input.json"
    source.write_text("[1]")
    before = derived.fingerprint(source, 5000)
    source.write_text("[2]")
    assert derived.fingerprint(source, 5000) != before
    assert derived.fingerprint(source, 500) != derived.fingerprint(source, 5000)


def test_an_unwritable_folder_only_costs_the_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(derived.CACHE_ENV, str(blocker / "cache"))  # a folder inside a file cannot be made
    assert derived.kept("sample", ("a",), lambda: {"x": 1}, dict, dict) == {"x": 1}
