"""The Map page drawn from kept totals shows what it shows drawn from the records, step by step.

One store of a few thousand seizures (agencies at every level, masses, tablets and plants, aggregated rows,
outside-region countries, unlocated ones and ones of no country, synthetic demo rows) is read both ways for two viewers
(an agency analyst and the open demo), window and cumulative, by year and by quarter, unfiltered and
filtered, with :data:`geo.maps.seizures.MAX_POINTS` lowered so that the map draws hexagons. At every step the
layers must carry the same features (choropleth values, hexagon totals per cell, flows with their weights,
dashes, reported share and change flags, the hatched silent countries), and the caption's figures, the
synthetic count, the silent agencies, the outside-region warning and the coverage must be equal (kilograms up
to the order of a float sum). A drawn area read through the store's bounded query finds the same records.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from geo.access import Actor, Viewer
from geo.analysis import scope, selection, stats
from geo.core.filters import RecordFilter
from geo.core.view import View
from geo.maps import caption, coverage_layer
from geo.maps.kept_base import answers, base_timeline, read_base
from geo.maps.kept_timeline import kept_rows, kept_timeline
from geo.maps.timeline import demo_records, legend_html, period_layers, period_records, prepare_timeline
from geo.store import Batch, GeoPackageStore
from tests.support.records import make_records

pytestmark = pytest.mark.slow  # every case builds the map both ways, step after step

ADMIN = Actor("test-admin")
AGENCIES = ("agency-a", "agency-b")
MAX_POINTS = 10  # a few thousand records then draw hexagons, as a million do with the real threshold
# Places (lat, lon) by country; ESP and BRA lie outside the map's region (the outside warning).
PLACES = {"SEN": (14.69, -17.44), "MLI": (12.64, -8.0), "GIN": (9.64, -13.58), "NER": (13.51, 2.11),
          "NGA": (9.06, 7.49), "ESP": (40.4, -3.7), "BRA": (-23.5, -46.6)}
SUBSTANCES = (("cocaine", "kg"), ("cocaine", "g"), ("cannabis_herb", "kg"), ("tramadol", "tablets"),
              ("cannabis_plants", "plants"), ("heroin", "kg"))
OFFICIAL = pd.DataFrame({
    "country": ["SEN", "MLI", "SEN"], "year": [2021, 2021, 2022], "substance": ["cocaine", "cannabis_herb", "cocaine"],
    "label": ["Cocaine", "Cannabis herb", "Cocaine"], "kg": [9000.0, 40000.0, 7000.0], "cases": [None, None, None],
    "source": ["UNODC"] * 3, "agency": [None] * 3, "sensitivity": ["public"] * 3, "batch_id": ["t"] * 3})


def seizures(n: int, seed: int) -> pd.DataFrame:
    """``n`` seizures in the shapes agencies share; every tenth is a synthetic demo row."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        substance, unit = SUBSTANCES[rng.integers(len(SUBSTANCES))]
        country = rng.choice([*PLACES, None], p=[.25, .2, .15, .1, .15, .06, .04, .05])
        located = country is not None and rng.random() < 0.9
        lat, lon = PLACES[country] if located else (None, None)
        jitter = rng.normal(0, 1.2, 2) if located else (0.0, 0.0)
        day = date(2019, 1, 1) + pd.Timedelta(days=int(rng.integers(0, 3 * 365)))
        rows.append({
            "source_ref": f"S{seed}-{i}", "agency": AGENCIES[i % 2],
            "sensitivity": ("public", "restricted", "confidential")[rng.integers(3)],
            "substance": substance, "unit": unit, "quantity": round(float(rng.lognormal(3, 1.5)), 3),
            "date": day.isoformat(), "country": country,
            "lat": None if lat is None else round(lat + jitter[0], 4),
            "lon": None if lon is None else round(lon + jitter[1], 4),
            "origin": rng.choice(["BRA", "COL", "NGA", None]), "transit": rng.choice(["GNB", "CPV;GNB", None]),
            "destination": rng.choice(["ESP", "NLD", "MLI", None]), "conveyance": rng.choice(["sea", "land", "air"]),
            "seizure_count": int(rng.integers(1, 4)), "dataset": "demo" if i % 10 == 0 else "agency"})
    return make_records(*rows)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> GeoPackageStore:
    made = GeoPackageStore(tmp_path_factory.mktemp("kept") / "store.gpkg")
    for agency in AGENCIES:
        made.save_agency(ADMIN, agency, name=agency.upper())
    for seed in (1, 2):  # two batches: the kept totals sum over imports
        made.write_batch(seizures(800, seed), Batch(kind="import", created_by="test"))
    return made


def features(group) -> list:
    """What a layer sends to the browser: its GeoJSON features (and any script's name), as plain values."""
    found = []
    for child in group._children.values():
        data = getattr(child, "data", None)
        found.append(json.loads(json.dumps(data)) if data is not None else type(child).__name__)
    return found


def assert_same(ours: object, theirs: object, where: str = "") -> None:
    """Equal values, floats up to the order of a float sum (relative 1e-9): kept totals add rows, not records."""
    if isinstance(theirs, float):
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9), where
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and sorted(ours) == sorted(theirs), where
        for key in theirs:
            assert_same(ours[key], theirs[key], f"{where}/{key}")
    elif isinstance(theirs, list | tuple):
        assert isinstance(ours, list | tuple) and len(ours) == len(theirs), where
        for number, (mine, right) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(mine, right, f"{where}[{number}]")
    else:
        assert ours == theirs, where


def both_ways(store: GeoPackageStore, chosen: RecordFilter, view: View, *, cut: bool = False):
    if cut:  # the Map page's way: cut in memory from the viewer's kept totals, read once (geo.maps.kept_base)
        base = read_base(store, chosen.viewer, yearly=view.granularity == "year")
        assert base is not None and answers(base, chosen, view)
        kept = base_timeline(base, chosen, view, "en", max_points=MAX_POINTS)
    else:
        kept = kept_timeline(store, chosen, view, "en", max_points=MAX_POINTS)
    assert kept is not None and kept.weights is not None
    fresh = prepare_timeline(store.query(chosen), view, "en", max_points=MAX_POINTS)
    return kept, fresh


VIEWERS = {"agency": lambda store: store.viewer_for("agency-a", "restricted"), "demo": lambda store: Viewer.open_demo()}
FILTERED = RecordFilter(substances=("cocaine", "cannabis_herb", "tramadol"), countries=("SEN", "MLI", "ESP"),
                        date_from=date(2020, 1, 1), date_to=date(2021, 12, 31))
UNDATED = RecordFilter(substances=("cocaine", "cannabis_herb", "tramadol"), countries=("SEN", "MLI", "ESP"),
                       conveyances=("sea", "land"))


@pytest.mark.parametrize(("who", "granularity", "mode", "base", "cut"), [
    ("agency", "year", "window", RecordFilter(), False), ("demo", "year", "cumulative", RecordFilter(), False),
    ("agency", "quarter", "cumulative", RecordFilter(), False), ("agency", "quarter", "window", FILTERED, False),
    ("demo", "year", "window", FILTERED, False),
    # cut from the class's kept totals in memory (the Map page): by year from the yearly routes, by quarter
    ("agency", "year", "window", UNDATED, True), ("demo", "year", "cumulative", RecordFilter(), True),
    ("agency", "quarter", "window", RecordFilter(datasets=("agency",)), True),
    ("demo", "month", "cumulative", UNDATED, True)])
def test_every_step_shows_the_same_figures(store, who, granularity, mode, base, cut):
    chosen = dataclasses.replace(base, viewer=VIEWERS[who](store))
    view = View(granularity=granularity, mode=mode, measure="kg" if granularity == "year" else "cases")
    kept, fresh = both_ways(store, chosen, view, cut=cut)
    assert kept.keys == fresh.keys and len(kept.keys) > 1
    assert kept.scale.mode == fresh.scale.mode == "hexagons"
    for ramp in ("choropleth", "hexagons"):
        ours, theirs = getattr(kept.scale, ramp), getattr(fresh.scale, ramp)
        assert (ours.colours, ours.title) == (theirs.colours, theirs.title)
        assert_same(list(ours.breaks), list(theirs.breaks), ramp)
    assert kept.scale.flows_largest == pytest.approx(fresh.scale.flows_largest)
    summary, expected = kept.scale.legend_layer, fresh.scale.legend_layer
    assert (summary.located, summary.unlocated, summary.demo) == (expected.located, expected.unlocated, expected.demo)
    assert legend_html(kept, "en", 5, hotspots=False) == legend_html(fresh, "en", 5, hotspots=False)
    assert len(kept.records) <= len(fresh.records)  # rows of kept totals, not records
    last = len(kept.keys) - 1
    for index in sorted({0, 1, last}):  # the first (nothing before it), one after it, and the last
        ours = period_layers(kept, index, view, "en", top=5, minor=True, hotspots=False)
        theirs = period_layers(fresh, index, view, "en", top=5, minor=True, hotspots=False)
        assert (ours.start, ours.end) == (theirs.start, theirs.end)
        # choropleth, major legs, minor legs, hexagons, silent countries: the same features, in the same order
        assert_same([features(g) for g in ours.groups], [features(g) for g in theirs.groups], kept.keys[index])
        legs = ["from_iso3", "to_iso3", "substance", "weight", "kg", "cases", "status", "major", "reported_kg"]
        pd.testing.assert_frame_equal(ours.legs.reset_index(drop=True)[legs], theirs.legs.reset_index(drop=True)[legs],
                                      check_dtype=False, atol=1e-6)
        # The caption's figures and the notes under the map.
        mine, right = stats.summarise(ours.records, "substance"), stats.summarise(theirs.records, "substance")
        assert int(mine["cases"].sum()) == int(right["cases"].sum())
        assert float(mine["kg"].sum()) == pytest.approx(float(right["kg"].sum()))
        words = [caption.caption(line.keys, index, mode, layers.records, int(s["cases"].sum()),
                                 round(float(s["kg"].sum()), 6), layers.legs, "en")
                 for line, layers, s in ((kept, ours, mine), (fresh, theirs, right))]
        assert words[0] == words[1]
        assert demo_records(kept, ours.records) == demo_records(fresh, theirs.records)
        assert (scope.silent_agencies(ours.records, kept.records["agency"])
                == scope.silent_agencies(theirs.records, fresh.records["agency"]))
        outside, truth = scope.outside_region(ours.records), scope.outside_region(theirs.records)
        assert outside.outside_kg == pytest.approx(truth.outside_kg)
        assert outside.total_kg == pytest.approx(truth.total_kg)
        assert [c for c, _ in outside.countries] == [c for c, _ in truth.countries]
        assert scope.outside_warning(outside, "en") == scope.outside_warning(truth, "en")
        year = ours.end.year
        shares = [coverage_layer.country_shares(period_records(line, f"{year}-01-01", f"{year}-12-31"), OFFICIAL,
                                                year) for line in (kept, fresh)]
        pd.testing.assert_frame_equal(shares[0], shares[1], atol=1e-9)


def test_the_test_store_has_what_the_figures_need(store):
    """Outside-region kilograms, silent agencies and coverage rows exist, so the comparisons above could fail."""
    records = store.query(RecordFilter(viewer=Viewer.administrator()))
    assert scope.outside_region(records).material or scope.outside_region(records).outside_kg > 0
    assert records["lat"].isna().any() and records["country"].isna().any()
    quarter = records.loc[records["date"].between(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-03-31"))]
    assert len(coverage_layer.country_shares(records, OFFICIAL, 2021)) == 2 and len(quarter)


def test_kept_rows_sum_to_the_records(store):
    chosen = RecordFilter(viewer=store.viewer_for("agency-b", "public"))
    rows = kept_rows(store.aggregates(chosen, by=("month", "substance", "country", "cell", "agency", "dataset")))
    records = store.query(chosen)
    assert rows["record_rows"].sum() == len(records)
    assert rows["seizure_count"].sum() == stats.total_cases(records)
    assert rows["quantity_kg"].sum() == pytest.approx(records["quantity_kg"].sum())
    assert rows["date"].is_monotonic_increasing or rows["date"].isna().any()


def test_a_drawn_area_reads_the_same_records_through_the_bounded_query(store):
    chosen = RecordFilter(viewer=store.viewer_for("agency-a", "confidential"))
    view = View(granularity="year", mode="window")
    kept, fresh = both_ways(store, chosen, view)
    layers = period_layers(fresh, 2, view, "en", hotspots=False)
    area = {"type": "Polygon", "coordinates": [[[-19, 12], [-12, 12], [-12, 16], [-19, 16], [-19, 12]]]}
    expected = selection.within_area(layers.records, area)
    read = store.records_in_box(chosen, layers.start, layers.end, selection.bounding_box(area))
    got = selection.within_area(read, area)
    assert len(expected) > 10 and sorted(got["record_id"]) == sorted(expected["record_id"])
    assert got["quantity_kg"].sum() == pytest.approx(expected["quantity_kg"].sum())
    hidden = RecordFilter(viewer=store.viewer_for("agency-b", "public"))  # fewer records for a lesser viewer
    assert set(store.records_in_box(hidden, layers.start, layers.end, selection.bounding_box(area))["record_id"]) \
        < set(read["record_id"])
    with pytest.raises(ValueError, match="west <= east"):
        store.records_in_box(chosen, layers.start, layers.end, (5.0, 0.0, -5.0, 1.0))


def test_kept_totals_step_aside_where_they_would_not_be_exact(store):
    chosen = RecordFilter(viewer=Viewer.open_demo())
    view = View(granularity="year", mode="window")
    assert kept_timeline(store, chosen, view, "en") is None  # few enough located records to draw each one
    inside_month = dataclasses.replace(chosen, date_from=date(2020, 1, 10))
    assert kept_timeline(store, inside_month, view, "en", max_points=MAX_POINTS) is None
    assert kept_timeline(store, chosen, view, "en", max_points=MAX_POINTS, zoom=7) is None  # other hexagons
    with pytest.raises(ValueError, match="need the records"):
        period_layers(kept_timeline(store, chosen, view, "en", max_points=MAX_POINTS), 0, view, "en")


def test_a_confirmed_duplicate_pair_sends_the_map_back_to_the_records(tmp_path):
    made = GeoPackageStore(tmp_path / "pairs.gpkg")
    for agency in AGENCIES:
        made.save_agency(ADMIN, agency, name=agency.upper())
    made.write_batch(seizures(400, 3), Batch(kind="import", created_by="test"))
    records = made.query(RecordFilter(viewer=Viewer.administrator()))
    a, b = sorted(records["record_id"].iloc[[3, 4]])
    made.save_duplicate_pairs(pd.DataFrame({"a": [a], "b": [b], "probability": [0.99], "agree": [["date"]],
                                            "differ": [[]]}))
    view = View(granularity="year", mode="cumulative")
    admin = RecordFilter(viewer=Viewer.administrator())
    assert kept_timeline(made, admin, view, "en", max_points=5) is not None  # probable only: totals unchanged
    made.review_duplicate(ADMIN, Viewer.administrator(), a, b, "confirmed", reference=a)
    assert kept_timeline(made, admin, view, "en", max_points=5) is None
    paired = made.records_by_id(admin, [a, b, "no-such-id"])
    assert sorted(paired["record_id"]) == [a, b]
