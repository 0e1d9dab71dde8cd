from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from geo import demo, reference
from geo.analysis import change_rules, route_geometry, routes
from geo.core import periods
from geo.core.schema import coerce_records
from tests.support import make_records


def records(*rows: dict) -> pd.DataFrame:
    """Typed canonical records; every row names its own route (no default origin or destination)."""
    return coerce_records(make_records(*rows))


def legs_frame(*rows: tuple) -> pd.DataFrame:
    """A window aggregate from (substance, from, to, weight, cases) tuples, the way legs_for_window shapes it."""
    frame = pd.DataFrame(rows, columns=["substance", "from_iso3", "to_iso3", "weight", "cases"])
    frame["kg"], frame["tablets"], frame["mode"], frame["basis"] = frame["weight"], 0, "sea", "kg"
    frame["share"] = frame["weight"] / frame.groupby("substance")["weight"].transform("sum")
    frame["reported_kg"], frame["reported_cases"], frame["reported_share"] = frame["kg"], frame["cases"], 1.0
    return frame.loc[:, list(routes.LEG_COLUMNS)]


def km_to(line, lon: float, lat: float) -> float:
    """Distance in km from a point to a line (nearest point found in degrees, then measured on the sphere)."""
    x, y = shapely.shortest_line(line, Point(lon, lat)).coords[0]
    return float(route_geometry._km(x, y, lon, lat))


# --- chains ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("origin", "transit", "country", "destination", "path"),
    [
        ("BRA", "CPV;GNB", "SEN", "MLI", ("BRA", "CPV", "GNB", "SEN", "MLI")),
        (None, None, "SEN", "ESP", ("SEN", "ESP")),  # no origin: the path starts where it was seized
        ("BRA", None, "SEN", None, ("BRA", "SEN")),  # no destination: it ends there
        (None, None, "SEN", None, ("SEN",)),
        ("unknown", "UNK; ;xx", "SEN", "", ("SEN",)),  # unknown links are absent, never guessed
        ("SEN", "SEN", "SEN", "MLI", ("SEN", "MLI")),  # consecutive repeats collapse
        ("MLI", "unknown;MLI", "SEN", None, ("MLI", "SEN")),  # ... also across a dropped link
        (" bra ", "cpv", "SEN", None, ("BRA", "CPV", "SEN")),
        (None, "MLI", None, "DZA", ("MLI", "DZA")),  # no seizure country: only what is given
    ],
)
def test_chain(origin, transit, country, destination, path):
    assert routes.chain(origin, transit, country, destination) == path


@pytest.mark.parametrize(
    ("origin", "transit", "country", "destination", "conveyance", "legs"),
    [
        ("BRA", "GNB", "SEN", "MLI", "land",
         (("BRA", "GNB", "unknown"), ("GNB", "SEN", "land"), ("SEN", "MLI", "land"))),
        (None, None, "SEN", "ESP", "air", (("SEN", "ESP", "air"),)),
        ("BRA", None, "SEN", None, None, (("BRA", "SEN", "unknown"),)),
        (None, None, "SEN", None, "sea", ()),
        ("NGA", "NER;NGA", "NER", None, "land", (("NGA", "NER", "land"), ("NER", "NGA", "land"))),  # once each
    ],
)
def test_chain_legs(origin, transit, country, destination, conveyance, legs):
    assert routes.chain_legs(origin, transit, country, destination, conveyance) == legs


# --- leg geometry ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "post"),
    [
        ("SEN", "MLI", "Kidira–Diboli border crossing"),
        ("MLI", "SEN", "Kidira–Diboli border crossing"),  # either order of country_a / country_b
        ("BEN", "NER", "Malanville–Gaya Juxtaposed Control Post"),
        # Three NGA-NER posts; detours node→post→node: Maigatari 1,034 km, Jibiya 1,076, Birnin Konni 1,289.
        ("NGA", "NER", "Maigatari border post"),
    ],
)
def test_land_leg_between_neighbours_crosses_at_the_border_post(a, b, post):
    line, via = route_geometry.leg_geometry(a, b, "land", "cocaine")
    assert via == f"border_post:{post}"
    posts = reference.border_posts().set_index("name")
    assert km_to(line, posts.at[post, "geometry"].x, posts.at[post, "geometry"].y) < 3
    assert line.coords[0] == route_geometry.country_node(a) and line.coords[-1] == route_geometry.country_node(b)


def test_land_leg_without_a_post_crosses_the_shared_border():
    line, via = route_geometry.leg_geometry("GNB", "SEN", "unknown", "cocaine")
    assert via == "border"
    shapes = reference.country_polygons().set_index("iso3").geometry
    border = shapely.intersection(shapes["GNB"].boundary, shapes["SEN"].boundary)
    assert len(line.coords) == 3 and Point(line.coords[1]).distance(border) < 1e-9


@pytest.mark.slow
def test_atlantic_sea_leg_follows_a_maritime_corridor():
    line, via = route_geometry.leg_geometry("BRA", "SEN", "sea", "cocaine")
    assert via.startswith("corridor:MC")
    assert min(km_to(line, -30, 10), km_to(line, -30, -5)) < 1  # the corridors' schematic mid-ocean vertices
    assert line.coords[0] == route_geometry.country_node("BRA")
    assert line.coords[-1] == route_geometry.country_node("SEN")


def test_sea_leg_takes_any_corridor_when_none_of_its_substance_reaches_both_ends():
    # Only the cannabis resin route LR04 starts in Beirut.
    assert route_geometry.leg_geometry("LBN", "TGO", "sea", "cocaine")[1] == "corridor:LR04"


@pytest.mark.parametrize(
    ("a", "b", "mode"),
    [
        ("IND", "NGA", "sea"),  # no sea corridor reaches India
        ("SEN", "MLI", "air"),  # flights do not cross at border posts
        ("NGA", "USA", "mail"),
        ("MLI", "TCD", "unknown"),  # not neighbours, both landlocked
    ],
)
def test_other_legs_are_great_circle_arcs(a, b, mode):
    line, via = route_geometry.leg_geometry(a, b, mode, "tramadol")
    assert via == "great_circle"
    assert len(line.coords) == route_geometry.ARC_POINTS
    assert line.coords[0] == pytest.approx(route_geometry.country_node(a))
    assert line.coords[-1] == pytest.approx(route_geometry.country_node(b))
    steps = np.diff(np.asarray(line.coords)[:, 0])
    assert (steps > 0).all() or (steps < 0).all()  # one sweep, no detour


def test_a_country_that_cannot_be_placed_has_no_line():
    assert route_geometry.country_node("ATA") is None  # GeoNames lists no town in Antarctica
    assert route_geometry.leg_geometry("ATA", "SEN", "sea", "cocaine") == (None, "unplaced")


@pytest.mark.parametrize(
    ("iso3", "lon", "lat"),
    [("ESP", -3.70, 40.42), ("USA", -77.04, 38.90), ("BRA", -47.93, -15.78)],  # capitals; USA: the largest Washington
)
def test_country_outside_the_study_layer_is_placed_at_its_capital(iso3, lon, lat):
    assert route_geometry.country_node(iso3) == pytest.approx((lon, lat), abs=0.01)


def test_study_country_is_placed_at_its_representative_point():
    row = reference.country_centroids().set_index("iso3").loc["MLI"]
    assert route_geometry.country_node("MLI") == (row["lon"], row["lat"])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("SEN", "MLI", True), ("MLI", "SEN", True), ("SEN", "NER", False), ("LBY", "EGY", True), ("BRA", "SEN", False)],
)
def test_neighbours(a, b, expected):
    assert route_geometry.neighbours(a, b) is expected


def test_landlocked_states_have_no_border_outside_the_layer():
    shapes = reference.country_polygons().set_index("iso3").geometry
    for code, shape in shapes.items():
        shared = sum(shapely.intersection(shape.boundary, s.boundary).length for c, s in shapes.items() if c != code)
        open_edge = shape.boundary.length - shared  # coast, or a border with a country outside the layer
        if code in route_geometry.LANDLOCKED - {"TCD"}:
            assert open_edge < 0.01, code
        elif code != "TCD":
            assert open_edge > 0.1, code


def test_leg_geometries_draws_each_row():
    legs = pd.DataFrame({"substance": ["cocaine", "cocaine", "cocaine"], "from_iso3": ["SEN", "BRA", "SEN"],
                         "to_iso3": ["MLI", "SEN", "MLI"], "mode": ["land", "sea", "land"], "weight": [1.0, 2.0, 3.0]})
    drawn = routes.leg_geometries(legs)
    assert drawn.crs.to_epsg() == 4326
    assert drawn["via"].tolist()[0] == drawn["via"].tolist()[2] == "border_post:Kidira–Diboli border crossing"
    assert drawn["via"].iloc[1].startswith("corridor:")
    assert drawn["weight"].tolist() == [1.0, 2.0, 3.0] and drawn.geometry.notna().all()


# --- aggregation ----------------------------------------------------------------------
FIXTURE = (
    {"date": "2021-01-10", "origin": "BRA", "transit": "CPV", "country": "SEN", "destination": "ESP",
     "quantity": 100, "unit": "kg", "conveyance": "sea"},
    {"date": "2021-01-20", "origin": "unknown", "country": "SEN", "destination": "ESP", "quantity": 50, "unit": "kg",
     "conveyance": "air"},
    {"date": "2021-01-25", "country": "GNB", "quantity": 10, "unit": "kg"},  # no route: no leg, still a record
    {"date": "2021-03-05", "origin": "BRA", "country": "SEN", "quantity": 2000, "unit": "g", "conveyance": "sea"},
    {"date": "2021-01-15", "substance": "tramadol", "origin": "NGA", "country": "NER", "quantity": 1000,
     "unit": "tablets", "conveyance": "land"},
    {"date": "2021-01-16", "substance": "tramadol", "origin": "NGA", "country": "NER", "quantity": 500,
     "unit": "tablets", "conveyance": "land"},
    {"date": "2021-01-17", "substance": "tramadol", "origin": "IND", "country": "NGA", "quantity": 300,
     "unit": "tablets"},
)


@pytest.mark.slow
def test_leg_table_by_month():
    table = routes.leg_table(records(*FIXTURE), "month")
    got = {tuple(k): v for k, v in zip(
        table[["period", "substance", "from_iso3", "to_iso3"]].itertuples(index=False),
        table[["kg", "cases", "tablets", "weight", "share", "mode", "basis"]].itertuples(index=False))}
    assert got == {
        ("2021-01", "cocaine", "BRA", "CPV"): (100.0, 1, 0, 100.0, pytest.approx(100 / 350), "unknown", "kg"),
        ("2021-01", "cocaine", "CPV", "SEN"): (100.0, 1, 0, 100.0, pytest.approx(100 / 350), "sea", "kg"),
        # one record by sea, one by air: the tie goes to the earlier conveyance
        ("2021-01", "cocaine", "SEN", "ESP"): (150.0, 2, 0, 150.0, pytest.approx(150 / 350), "sea", "kg"),
        ("2021-03", "cocaine", "BRA", "SEN"): (2.0, 1, 0, 2.0, 1.0, "sea", "kg"),
        ("2021-01", "tramadol", "NGA", "NER"): (0.0, 2, 1500, 2.0, pytest.approx(2 / 3), "land", "cases"),
        ("2021-01", "tramadol", "IND", "NGA"): (0.0, 1, 300, 1.0, pytest.approx(1 / 3), "unknown", "cases"),
    }
    assert "2021-02" not in set(table["period"])  # a month without records has no rows
    assert list(table.columns) == ["period", *routes.LEG_COLUMNS]


@pytest.mark.slow
def test_leg_table_by_quarter_adds_up_the_months():
    table = routes.leg_table(records(*FIXTURE), "quarter").set_index(["substance", "from_iso3", "to_iso3"])
    assert set(table["period"]) == {"2021-Q1"}
    assert table.loc[("cocaine", "BRA", "SEN"), "share"] == pytest.approx(2 / 352)
    assert table.groupby("substance")["share"].sum().tolist() == [pytest.approx(1.0)] * 2


@pytest.mark.slow
def test_mostly_counted_substance_is_weighed_in_cases():
    rows = [{"substance": "tramadol", "origin": "NGA", "country": "NER", "quantity": q, "unit": u}
            for q, u in ((1000, "tablets"), (2000, "tablets"), (5, "kg"))]
    table = routes.leg_table(records(*rows), "year")
    assert table[["kg", "cases", "tablets", "weight", "basis"]].iloc[0].tolist() == [5.0, 3, 3000, 3.0, "cases"]


@pytest.mark.slow
def test_legs_for_window_and_cumulative():
    frame = records(*FIXTURE)
    window = routes.legs_for_window(frame, date(2021, 1, 15), date(2021, 1, 20)).set_index(
        ["substance", "from_iso3", "to_iso3"])
    assert window.loc[("cocaine", "SEN", "ESP"), ["kg", "cases", "mode"]].tolist() == [50.0, 1, "air"]  # end inclusive
    assert ("cocaine", "BRA", "CPV") not in window.index  # 10 January is before the window
    assert window.loc[("tramadol", "NGA", "NER"), "cases"] == 2
    cumulative = routes.legs_for_window(frame, None, date(2021, 3, 31))
    assert cumulative["cases"].sum() == routes.leg_table(frame, "year")["cases"].sum() == 8  # leg-cases
    assert list(window.reset_index().columns) == list(routes.LEG_COLUMNS)


@pytest.mark.slow
def test_empty_window_gives_an_empty_table():
    empty = routes.legs_for_window(records(*FIXTURE), date(2021, 2, 1), date(2021, 2, 28))
    assert empty.empty and list(empty.columns) == list(routes.LEG_COLUMNS)
    assert routes.leg_geometries(empty).empty


@pytest.mark.slow
def test_records_without_route_columns_are_refused():
    with pytest.raises(ValueError, match="transit"):
        routes.leg_table(records(*FIXTURE).drop(columns="transit"), "month")


# --- change flags ---------------------------------------------------------------------
def test_flag_changes():
    previous = legs_frame(
        ("cocaine", "BRA", "SEN", 10.0, 3),  # more than doubled with enough cases
        ("cocaine", "BRA", "GNB", 10.0, 1),  # tripled with too few cases either time
        ("cocaine", "SEN", "ESP", 20.0, 4),  # halved exactly: a decrease, not a strong one
        ("cocaine", "GNB", "PRT", 30.0, 5),  # gone
        ("cocaine", "CPV", "SEN", 10.0, 4),  # a little up
        ("cocaine", "GIN", "MLI", 30.0, 2),  # cut by two thirds, but too few cases either time
        ("cocaine", "GMB", "SEN", 0.0, 4),  # no mass either time
        ("cocaine", "CIV", "SEN", 10.0, 3),  # +50 %
    )
    current = legs_frame(
        ("cocaine", "BRA", "SEN", 21.0, 3),
        ("cocaine", "BRA", "GNB", 30.0, 2),
        ("cocaine", "SEN", "ESP", 10.0, 4),
        ("cocaine", "CPV", "SEN", 12.0, 5),
        ("cocaine", "GIN", "MLI", 10.0, 2),
        ("cocaine", "VEN", "GNB", 5.0, 3),  # new
        ("cocaine", "COL", "GNB", 5.0, 2),  # new, too few cases
        ("cocaine", "GMB", "SEN", 0.0, 4),
        ("cocaine", "CIV", "SEN", 15.0, 3),
    )
    rule = change_rules.ChangeRule()
    flags = routes.flag_changes(current, previous, rule)
    by_leg = flags.set_index(["from_iso3", "to_iso3"])
    assert by_leg["band"].to_dict() == {
        ("BRA", "GNB"): "too_few", ("BRA", "SEN"): "strong_increase", ("COL", "GNB"): "too_few",
        ("CPV", "SEN"): "stable", ("GIN", "MLI"): "too_few", ("GMB", "SEN"): "stable",
        ("GNB", "PRT"): "strong_decrease", ("SEN", "ESP"): "decrease", ("VEN", "GNB"): "strong_increase",
        ("CIV", "SEN"): "increase",
    }
    # the map's words: emerging is a strong increase, fading a strong decrease
    assert by_leg["status"].to_dict() == {leg: {"strong_increase": "emerging", "strong_decrease": "fading"}.get(
        band, "stable") for leg, band in by_leg["band"].items()}
    assert by_leg.loc[("BRA", "SEN"), "change"] == 2.1 and by_leg.loc[("SEN", "ESP"), "change"] == 0.5
    assert by_leg.loc[("BRA", "SEN"), "change_pct"] == pytest.approx(110.0)
    assert set(flags["rule"]) == {change_rules.RULE_ID} and flags.attrs["rule"] == rule
    gone = by_leg.loc[("GNB", "PRT")]
    assert (gone["weight"], gone["cases"], gone["previous_weight"], gone["mode"]) == (0.0, 0, 30.0, "sea")
    assert by_leg.loc[("VEN", "GNB"), "previous_weight"] == 0.0 and np.isnan(by_leg.loc[("VEN", "GNB"), "change"])
    assert set(flags["status"]) <= set(routes.STATUSES)


def test_flags_respect_the_rules_thresholds_and_guard():
    previous = legs_frame(("cocaine", "BRA", "SEN", 10.0, 1))
    current = legs_frame(("cocaine", "BRA", "SEN", 15.0, 1))
    loose = change_rules.ChangeRule(min_cases=1, increase_pct=10, strong_pct=40)
    assert routes.flag_changes(current, previous, loose)["band"].tolist() == ["strong_increase"]
    guarded = change_rules.ChangeRule(min_cases=2, increase_pct=10, strong_pct=40)
    assert routes.flag_changes(current, previous, guarded)["band"].tolist() == ["too_few"]


def test_flags_against_the_mean_of_four_windows():
    # four baseline periods summed (40 kg, 8 cases): the mean is 10 kg and 2 cases a period
    previous = legs_frame(("cocaine", "BRA", "SEN", 40.0, 8))
    current = legs_frame(("cocaine", "BRA", "SEN", 13.0, 3))
    flags = routes.flag_changes(current, previous, change_rules.ChangeRule("mean4"), baseline_windows=4)
    row = flags.iloc[0]
    assert (row["previous_weight"], row["previous_cases"], row["band"]) == (10.0, 2.0, "increase")
    assert row["change_pct"] == pytest.approx(30.0)
    # no baseline window at all (the first period): everything present is new
    first = routes.flag_changes(current, previous, change_rules.ChangeRule("mean4"), baseline_windows=0)
    assert first["band"].tolist() == ["strong_increase"] and first["previous_weight"].tolist() == [0.0]


@pytest.mark.parametrize(
    ("start", "end", "before"),
    [
        (date(2024, 4, 1), date(2024, 6, 30), (date(2024, 1, 1), date(2024, 3, 31))),  # 91 days each
        (date(2021, 3, 1), date(2021, 3, 31), (date(2021, 1, 29), date(2021, 2, 28))),
        (date(2021, 1, 1), date(2021, 1, 1), (date(2020, 12, 31), date(2020, 12, 31))),
    ],
)
def test_previous_window(start, end, before):
    assert routes.previous_window(start, end) == before


def test_previous_window_refuses_a_reversed_window():
    with pytest.raises(ValueError, match="before its start"):
        routes.previous_window(date(2021, 2, 1), date(2021, 1, 1))


@pytest.mark.slow
def test_flags_on_real_windows():
    frame = records(*[{"date": f"2021-02-{d:02d}", "origin": "BRA", "country": "SEN", "quantity": 10, "unit": "kg"}
                      for d in (1, 2, 3)],
                    {"date": "2021-01-15", "origin": "BRA", "country": "GNB", "quantity": 10, "unit": "kg"})
    start, end = date(2021, 2, 1), date(2021, 2, 28)
    flags = routes.flag_changes(routes.legs_for_window(frame, start, end),
                                routes.legs_for_window(frame, *routes.previous_window(start, end)),
                                change_rules.ChangeRule(min_cases=1))
    assert flags.set_index("to_iso3")["status"].to_dict() == {"SEN": "emerging", "GNB": "fading"}


@pytest.fixture(scope="module")
def demo_records() -> pd.DataFrame:
    return coerce_records(demo.generate(1500, 4))


@pytest.mark.slow
@pytest.mark.parametrize("granularity", ["month", "quarter", "year"])
def test_window_legs_match_a_pass_over_the_records(demo_records, granularity):
    dates = demo_records["date"]
    keys = periods.period_range(dates.min().date(), dates.max().date(), granularity)
    legs = routes.period_legs(demo_records, keys, granularity)
    last = len(keys) - 1
    for first, end in ((0, 0), (1, 3), (0, last), (last, last), (last // 2, last)):
        start_day, end_day = periods.period_bounds(keys[first])[0], periods.period_bounds(keys[end])[1]
        expected = routes.legs_for_window(demo_records, start_day, end_day).reset_index(drop=True)
        pd.testing.assert_frame_equal(routes.window_legs(legs, first, end).reset_index(drop=True), expected)


@pytest.mark.slow
def test_window_before_the_timeline_is_empty_and_previous_periods_have_equal_length(demo_records):
    keys = periods.period_range(date(2015, 1, 1), date(2025, 12, 31), "year")
    legs = routes.period_legs(demo_records, keys, "year")
    assert routes.window_legs(legs, *routes.previous_periods(0, 2)).empty
    assert routes.previous_periods(5, 5) == (4, 4)
    with pytest.raises(ValueError, match="before its start"):
        routes.previous_periods(3, 2)


@pytest.mark.slow
def test_period_legs_refuse_records_outside_the_timeline(demo_records):
    with pytest.raises(ValueError, match="outside the periods 2030..2031"):
        routes.period_legs(demo_records, ["2030", "2031"], "year")
