"""Reference data kept on disk between processes (geo.reference.derived) is exactly what building it gives."""

from __future__ import annotations

import numpy as np
import pytest

from geo.ingest import country_zones
from geo.reference import derived, gazetteer, nearest


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_gazetteer_index_read_back_is_the_one_built(cache_dir):
    built = gazetteer._built_index(5000)
    first = gazetteer._index.__wrapped__(5000)  # builds and keeps it
    assert [path.name.startswith("gazetteer-5000-") for path in cache_dir.iterdir()] == [True]
    again = gazetteer._index.__wrapped__(5000)  # reads it back
    assert first == built and again == built


def test_the_towns_read_back_are_the_ones_built(cache_dir, monkeypatch):
    first = nearest._towns.__wrapped__()  # builds and keeps them
    assert [path.name.startswith(f"towns-{nearest.MIN_POPULATION}-") for path in cache_dir.iterdir()] == [True]
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
