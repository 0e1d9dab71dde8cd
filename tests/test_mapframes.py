"""The map's timeline: what a slider step reads must equal a fresh pass over the records."""

import json

import pandas as pd
import pytest

from geo import demo
from geo.analysis import routes
from geo.analysis.timeline import timeline
from geo.core import periods
from geo.core.schema import coerce_records
from geo.core.view import View
from geo.maps.seizures import seizure_layer
from geo.maps.timeline import (
    _by_date,
    _geojsons,
    frame_data,
    frame_map,
    period_layers,
    period_records,
    prepare_timeline,
)


@pytest.fixture(scope="module")
def shuffled() -> pd.DataFrame:
    return coerce_records(demo.generate(1200, 9)).sample(frac=1.0, random_state=2)


@pytest.mark.parametrize("mode", ["window", "cumulative"])
def test_period_records_are_the_records_of_the_window(shuffled, mode):
    view = View(granularity="quarter", mode=mode)
    line = prepare_timeline(shuffled, view, "fr")
    assert line.records["date"].is_monotonic_increasing
    for index in (0, 7, len(line.keys) - 1):
        start, end = periods.window_bounds(list(line.keys), index, mode)
        inside = (shuffled["date"] >= pd.Timestamp(start)) & (shuffled["date"] <= pd.Timestamp(end))
        got = period_records(line, start, end)
        assert sorted(got["record_id"]) == sorted(shuffled.loc[inside, "record_id"])


@pytest.mark.slow
def test_hexagon_mode_reuses_cells_and_matches_a_fresh_layer(shuffled):
    view = View(granularity="year", mode="window")
    line = prepare_timeline(shuffled, view, "en", max_points=10)
    assert line.scale.mode == "hexagons" and line.cells is not None
    layers = period_layers(line, len(line.keys) - 1, view, "en")
    fresh = seizure_layer(layers.records, "en", max_points=-1, resolution=line.scale.resolution,
                          ramp=line.scale.hexagons)
    ours = next(iter(layers.groups[2]._children.values())).data["features"]
    theirs = next(iter(fresh.group._children.values())).data["features"]
    assert ours == theirs and len(ours) > 1


@pytest.mark.slow
def test_flags_compare_with_the_previous_period_or_the_running_total_before(shuffled):
    keys = timeline(shuffled, "year")
    legs = routes.period_legs(_by_date(shuffled), keys, "year")
    assert routes.window_positions(3, "window") == ((3, 3), (2, 2))
    assert routes.window_positions(3, "cumulative") == ((0, 3), (0, 2))
    line = prepare_timeline(shuffled, View(granularity="year", mode="cumulative"), "fr")
    layers = period_layers(line, len(keys) - 1, View(granularity="year", mode="cumulative"), "fr")
    assert "fading" not in set(layers.legs["status"])  # running totals only grow
    expected = routes.flag_changes(routes.window_legs(legs, 0, len(keys) - 1),
                                   routes.window_legs(legs, 0, len(keys) - 2))
    keys_of_leg = ["substance", "from_iso3", "to_iso3"]
    shown = layers.legs.set_index(keys_of_leg)["status"]
    assert shown.to_dict() == expected.set_index(keys_of_leg).loc[shown.index, "status"].to_dict()


@pytest.mark.slow
def test_heaviest_flow_is_fixed_for_the_whole_timeline(shuffled):
    keys = timeline(shuffled, "month")
    legs = routes.period_legs(_by_date(shuffled), keys, "month")
    per_period = max(routes.window_legs(legs, i, i)["weight"].max() for i in range(len(keys))
                     if not routes.window_legs(legs, i, i).empty)
    assert routes.heaviest_leg(legs, cumulative=False) == pytest.approx(per_period)
    assert routes.heaviest_leg(legs, cumulative=True) == pytest.approx(
        routes.window_legs(legs, 0, len(keys) - 1)["weight"].max())


@pytest.mark.slow
def test_frame_reference_layers_load_from_files_with_the_same_features(shuffled):
    line = prepare_timeline(shuffled, View(), "en")
    inline = _geojsons(frame_map("en", line.scale))
    served = _geojsons(frame_map("en", line.scale, data_base="../data"))
    files = frame_data("en")
    assert len(inline) == len(served) == len(files) >= 6
    for geojson, remote, file in zip(inline, served, files, strict=True):
        assert json.loads(file.content) == json.loads(json.dumps(geojson.data))  # exactly the inline features
        assert remote.data == {"type": "FeatureCollection", "features": [], "couloirsUrl": f"../data/{file.name}"}
    french = {f.name for f in frame_data("fr")}
    assert 1 <= len({f.name for f in files} & french) < len(files)  # the land is shared, labels are not
