"""Trends figures against hand-computed values, and against ``stats --json`` for the same records."""

from datetime import date

import h3
import numpy as np
import pandas as pd
import pytest

from geo import demo, trends
from geo.analysis import change_rules, routes, stats
from geo.core.schema import coerce_records
from tests.support import make_records

DAKAR, BAMAKO, ABIDJAN = (14.69, -17.44), (12.65, -8.0), (5.35, -4.01)


def records(*rows: dict) -> pd.DataFrame:
    return coerce_records(make_records(*rows))


def seizure(day, substance="cocaine", quantity=10.0, unit="kg", country="SEN", origin=None, transit=None,
            destination=None, place=DAKAR, conveyance=None, detail=None) -> dict:
    """One record; ``place=None`` for a seizure without a position."""
    lat, lon = place if place else (None, None)
    return {"date": day, "substance": substance, "quantity": quantity, "unit": unit, "country": country,
            "origin": origin, "transit": transit, "destination": destination, "lat": lat, "lon": lon,
            "conveyance": conveyance, "transport_detail": detail}


def rows_of(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(row) for row in frame.loc[:, list(columns)].itertuples(index=False)]


# --- fixtures -------------------------------------------------------------------------
# Quarters 2021-Q1..Q3 with nothing in Q2; a tablets-only substance; unknown origins and country.
QUARTERS = records(
    seizure("2021-01-10", origin="BRA", transit="CPV", destination=None, quantity=100, conveyance="sea"),
    seizure("2021-02-01", origin="BRA", destination="ESP", quantity=50, conveyance="air"),
    seizure("2021-03-05", origin=None, transit="GNB", quantity=30),
    seizure("2021-03-06", origin="unknown", quantity=500, unit="g", country=None, place=None),
    seizure("2021-03-20", substance="tramadol", origin="IND", country="NGA", quantity=3000, unit="tablets"),
    seizure("2021-03-21", substance="tramadol", origin="IND", country="NGA", quantity=2000, unit="tablets"),
    seizure("2021-07-01", origin="BRA", transit="CPV", quantity=20, country="SEN"),
    seizure("2021-07-02", substance="cannabis_herb", quantity=40, unit="plants", country="GIN"),
)


def years(*groups: tuple) -> pd.DataFrame:
    """Records from (year, count, row fields) groups: ``count`` identical seizures each."""
    rows = [seizure(f"{year}-06-01", **fields) for year, count, fields in groups for _ in range(count)]
    return records(*rows)


# Two years of legs into SEN (and one into NER) whose flags are known by hand.
CHANGES = years(
    (2020, 3, {"origin": "BRA", "quantity": 10}), (2021, 3, {"origin": "BRA", "quantity": 30}),     # ×3: emerging
    (2020, 4, {"origin": "GNB", "quantity": 10}), (2021, 1, {"origin": "GNB", "quantity": 10}),     # ÷4: fading
    (2021, 3, {"origin": "MLI", "quantity": 2}),                                                    # new: emerging
    (2020, 1, {"origin": "CIV", "quantity": 10}), (2021, 1, {"origin": "CIV", "quantity": 10}),     # stable
    (2020, 1, {"substance": "tramadol", "origin": "NGA", "country": "NER", "quantity": 100, "unit": "tablets"}),
    (2021, 3, {"substance": "tramadol", "origin": "NGA", "country": "NER", "quantity": 100, "unit": "tablets"}),
    (2021, 3, {"country": None, "quantity": 1}),                                                    # unknown country
    (2020, 3, {"country": "GIN", "quantity": 5}),                                                   # gone: fading
)


# --- the window -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("granularity", "period", "mode", "now", "before", "bounds", "before_bounds"),
    [
        ("quarter", "2021-Q2", "window", (1, 1), (0, 0), ("2021-04-01", "2021-06-30"), ("2021-01-01", "2021-03-31")),
        ("quarter", None, "window", (2, 2), (1, 1), ("2021-07-01", "2021-09-30"), ("2021-04-01", "2021-06-30")),
        ("quarter", "1999-Q1", "window", (2, 2), (1, 1), ("2021-07-01", "2021-09-30"), ("2021-04-01", "2021-06-30")),
        ("quarter", "2021-Q1", "window", (0, 0), (-1, -1), ("2021-01-01", "2021-03-31"), None),
        ("quarter", "2021-Q3", "cumulative", (0, 2), (0, 1), ("2021-01-01", "2021-09-30"),
         ("2021-01-01", "2021-06-30")),
        ("quarter", "2021-Q1", "cumulative", (0, 0), (0, -1), ("2021-01-01", "2021-03-31"), None),
        ("month", "2021-02", "window", (1, 1), (0, 0), ("2021-02-01", "2021-02-28"), ("2021-01-01", "2021-01-31")),
        ("year", None, "window", (0, 0), (-1, -1), ("2021-01-01", "2021-12-31"), None),
    ],
)
def test_make_window_matches_the_map_slider(granularity, period, mode, now, before, bounds, before_bounds):
    window = trends.make_window(QUARTERS, granularity, period, mode)
    assert (window.now, window.before) == (now, before)
    assert window.bounds() == tuple(date.fromisoformat(d) for d in bounds)
    expected = tuple(date.fromisoformat(d) for d in before_bounds) if before_bounds else None
    assert window.before_bounds() == expected


def test_window_keys_run_from_first_to_last_record_including_empty_periods():
    window = trends.make_window(QUARTERS, "quarter", None, "window")
    assert window.keys == ("2021-Q1", "2021-Q2", "2021-Q3") and window.period == "2021-Q3"


def test_before_bounds_reach_back_past_the_timeline_when_the_window_is_longer():
    window = trends.Window(keys=("2021-Q1", "2021-Q2", "2021-Q3"), now=(1, 2), before=(-1, 0))
    assert window.before_bounds() == (date(2020, 10, 1), date(2021, 3, 31))


@pytest.mark.parametrize(
    ("frame", "granularity", "mode", "message"),
    [
        (QUARTERS, "quarter", "rolling", "mode 'rolling'"),
        (QUARTERS, "week", "window", "granularity 'week'"),
        (QUARTERS.iloc[0:0], "quarter", "window", "no dated records"),
    ],
)
def test_make_window_rejects_what_it_cannot_place(frame, granularity, mode, message):
    with pytest.raises(ValueError, match=message):
        trends.make_window(frame, granularity, None, mode)


# --- 1. series ------------------------------------------------------------------------
def test_series_by_substance_fills_the_empty_quarter_with_zeros():
    out = trends.series(QUARTERS, "quarter")
    assert tuple(out.columns) == trends.SERIES_COLUMNS
    assert rows_of(out, "key", "period", "cases", "kg", "tablets", "plants") == [
        ("cannabis_herb", "2021-Q1", 0, 0.0, 0, 0),
        ("cannabis_herb", "2021-Q2", 0, 0.0, 0, 0),
        ("cannabis_herb", "2021-Q3", 1, 0.0, 0, 40),
        ("cocaine", "2021-Q1", 4, 180.5, 0, 0),
        ("cocaine", "2021-Q2", 0, 0.0, 0, 0),
        ("cocaine", "2021-Q3", 1, 20.0, 0, 0),
        ("tramadol", "2021-Q1", 2, 0.0, 5000, 0),
        ("tramadol", "2021-Q2", 0, 0.0, 0, 0),
        ("tramadol", "2021-Q3", 0, 0.0, 0, 0),
    ]
    assert out["start"].iloc[:3].tolist() == [pd.Timestamp(d) for d in ("2021-01-01", "2021-04-01", "2021-07-01")]


def test_series_by_country_counts_the_unknown_country():
    out = trends.series(QUARTERS, "year", by="country")
    assert rows_of(out, "key", "period", "cases", "kg", "tablets", "plants") == [
        ("GIN", "2021", 1, 0.0, 0, 40),
        ("NGA", "2021", 2, 0.0, 5000, 0),
        ("SEN", "2021", 4, 200.0, 0, 0),
        ("unknown", "2021", 1, 0.5, 0, 0),
    ]


def test_series_of_no_records_is_empty_with_its_columns():
    out = trends.series(QUARTERS.iloc[0:0], "month")
    assert out.empty and tuple(out.columns) == trends.SERIES_COLUMNS


def test_series_rejects_an_unknown_grouping():
    with pytest.raises(ValueError, match="series by 'agency'"):
        trends.series(QUARTERS, "year", by="agency")


# --- 2. routes over time --------------------------------------------------------------
def quarter_legs() -> routes.PeriodLegs:
    return routes.period_legs(QUARTERS, trends.make_window(QUARTERS, "quarter", None, "window").keys, "quarter")


@pytest.mark.slow
def test_top_legs_rank_the_heaviest_legs_per_period_and_substance():
    out = trends.top_legs(quarter_legs(), limit=3)
    assert tuple(out.columns) == trends.TOP_LEG_COLUMNS
    assert rows_of(out, "period", "substance", "rank", "from_iso3", "to_iso3", "kg", "cases", "tablets", "weight",
                   "basis") == [
        # Q1 cocaine: BRA→CPV and CPV→SEN tie at 100 kg (ties by from); GNB→SEN (30 kg, unknown origin) is 5th.
        ("2021-Q1", "cocaine", 1, "BRA", "CPV", 100.0, 1, 0, 100.0, "kg"),
        ("2021-Q1", "cocaine", 2, "CPV", "SEN", 100.0, 1, 0, 100.0, "kg"),
        ("2021-Q1", "cocaine", 3, "BRA", "SEN", 50.0, 1, 0, 50.0, "kg"),
        # Tablets only: weighed in cases.
        ("2021-Q1", "tramadol", 1, "IND", "NGA", 0.0, 2, 5000, 2.0, "cases"),
        # Q2 has no data and no rows; Q3 is the one cocaine path.
        ("2021-Q3", "cocaine", 1, "BRA", "CPV", 20.0, 1, 0, 20.0, "kg"),
        ("2021-Q3", "cocaine", 2, "CPV", "SEN", 20.0, 1, 0, 20.0, "kg"),
    ]
    # Shares are of every leg of the period and substance: 100 + 100 + 50 + 50 (SEN→ESP) + 30 kg.
    assert out["share"].tolist() == pytest.approx([100 / 330, 100 / 330, 50 / 330, 1.0, 0.5, 0.5])
    assert out["mode"].tolist()[:3] == ["unknown", "sea", "air"]


def test_top_legs_of_no_legs_is_empty():
    legs = routes.period_legs(QUARTERS.iloc[0:0], ("2021",), "year")
    assert trends.top_legs(legs).empty


@pytest.mark.parametrize(
    ("path", "nodes"),
    [
        (("BRA", "CPV;GNB", "SEN", "MLI"),
         ("origin:BRA", "transit:CPV", "transit:GNB", "seized:SEN", "destination:MLI")),
        ((None, "GNB", "SEN", None), ("transit:GNB", "seized:SEN")),                  # unknown origin: starts later
        (("unknown", "XXX;GNB", "SEN", "  "), ("transit:GNB", "seized:SEN")),        # unknown codes left out
        (("BRA", None, None, "ESP"), ("origin:BRA", "destination:ESP")),             # unknown seizure country
        (("BRA", "GNB;SEN", "SEN", None), ("origin:BRA", "transit:GNB", "seized:SEN")),  # transit = seizure country
        (("SEN", None, "SEN", "MLI"), ("seized:SEN", "destination:MLI")),            # local production
        (("COL", "GIN;GNB;GIN", "SEN", None), ("origin:COL", "transit:GIN", "transit:GNB", "seized:SEN")),
        ((None, None, "SEN", "SEN"), ("seized:SEN",)),
        ((None, None, None, None), ()),
    ],
)
def test_sankey_path_keeps_only_known_countries_by_stage(path, nodes):
    assert trends.sankey_path(*path) == nodes


def test_sankey_links_sum_cases_and_kg_per_link_in_the_window():
    out = trends.sankey_links(QUARTERS, date(2021, 1, 1), date(2021, 3, 31), substance="cocaine")
    assert tuple(out.columns) == trends.LINK_COLUMNS
    assert rows_of(out, "source", "target", "cases", "kg") == [
        ("origin:BRA", "seized:SEN", 1, 50.0),
        ("origin:BRA", "transit:CPV", 1, 100.0),
        ("seized:SEN", "destination:ESP", 1, 50.0),
        ("transit:CPV", "seized:SEN", 1, 100.0),
        ("transit:GNB", "seized:SEN", 1, 30.0),
    ]
    assert out.attrs["unlinked"] == 1  # the record that names no known country


def test_sankey_links_of_every_substance_include_tablets_with_zero_kg():
    out = trends.sankey_links(QUARTERS, date(2021, 3, 1), date(2021, 3, 31))
    assert rows_of(out, "source", "target", "cases", "kg") == [
        ("origin:IND", "seized:NGA", 2, 0.0),
        ("transit:GNB", "seized:SEN", 1, 30.0),
    ]


def test_sankey_links_of_an_empty_period_are_empty():
    out = trends.sankey_links(QUARTERS, date(2021, 4, 1), date(2021, 6, 30))
    assert out.empty and tuple(out.columns) == trends.LINK_COLUMNS and out.attrs["unlinked"] == 0


# --- 3. change ------------------------------------------------------------------------
def year_window(period: str) -> trends.Window:
    return trends.make_window(CHANGES, "year", period, "window")


def year_legs() -> routes.PeriodLegs:
    return routes.period_legs(CHANGES, year_window("2021").keys, "year")


@pytest.mark.slow
def test_leg_changes_flag_and_order_legs_with_the_numbers_behind():
    out = trends.leg_changes(year_legs(), year_window("2021"))
    assert rows_of(out, "status", "substance", "from_iso3", "to_iso3", "weight", "previous_weight", "cases",
                   "previous_cases") == [
        ("emerging", "cocaine", "BRA", "SEN", 90.0, 30.0, 3, 3),
        ("emerging", "cocaine", "MLI", "SEN", 6.0, 0.0, 3, 0),
        ("emerging", "tramadol", "NGA", "NER", 3.0, 1.0, 3, 1),   # tablets: weighed in cases
        ("fading", "cocaine", "GNB", "SEN", 10.0, 40.0, 1, 4),
        ("stable", "cocaine", "CIV", "SEN", 10.0, 10.0, 1, 1),
    ]
    np.testing.assert_allclose(out["change"], [3.0, np.nan, 3.0, 0.25, 1.0])


@pytest.mark.slow
def test_leg_changes_in_the_first_period_compare_with_nothing():
    out = trends.leg_changes(year_legs(), year_window("2020"))
    assert dict(zip(out["from_iso3"], out["status"])) == {"GNB": "emerging", "BRA": "emerging", "CIV": "stable",
                                                          "NGA": "stable"}


def test_leg_changes_refuse_legs_of_another_timeline():
    with pytest.raises(ValueError, match="different timelines"):
        trends.leg_changes(quarter_legs(), year_window("2021"))


@pytest.mark.slow
def test_country_changes_use_the_map_rule_per_substance_and_country():
    out = trends.country_changes(CHANGES, year_window("2021"))
    assert tuple(out.columns) == trends.COUNTRY_CHANGE_COLUMNS
    assert rows_of(out, "status", "substance", "country", "basis", "kg_now", "kg_before", "cases_now",
                   "cases_before", "weight_now", "weight_before") == [
        ("emerging", "tramadol", "NER", "cases", 0.0, 0.0, 3, 1, 3.0, 1.0),
        ("emerging", "cocaine", "unknown", "kg", 3.0, 0.0, 3, 0, 3.0, 0.0),
        ("fading", "cocaine", "GIN", "kg", 0.0, 15.0, 0, 3, 0.0, 15.0),
        # 90 + 10 + 6 + 10 kg now against 30 + 40 + 10 before: 1.45, under the factor of 2.
        ("stable", "cocaine", "SEN", "kg", 116.0, 80.0, 8, 8, 116.0, 80.0),
    ]
    np.testing.assert_allclose(out["change"], [3.0, np.nan, 0.0, 116 / 80])


@pytest.mark.slow
def test_country_changes_in_cases_weigh_every_substance_in_cases():
    out = trends.country_changes(CHANGES, year_window("2021"), measure="cases")
    sen = out.loc[out["country"] == "SEN"].iloc[0]
    assert (sen["basis"], sen["weight_now"], sen["change"], sen["status"]) == ("cases", 8.0, 1.0, "stable")


@pytest.mark.slow
@pytest.mark.parametrize(("rule", "band", "status"), [
    (change_rules.ChangeRule(), "increase", "stable"),  # 116 kg against 80: +45 %
    (change_rules.ChangeRule(strong_pct=40), "strong_increase", "emerging"),
    (change_rules.ChangeRule(min_cases=9, strong_pct=40), "too_few", "stable"),  # 8 seizures each year
])
def test_country_changes_honour_the_rule(rule, band, status):
    window = trends.make_window(CHANGES, "year", "2021", "window", rule)
    out = trends.country_changes(CHANGES, window)
    assert tuple(out.set_index("country").loc["SEN", ["band", "status"]]) == (band, status)
    assert out.attrs["rule"] == rule and set(out["rule"]) == {change_rules.RULE_ID}


@pytest.mark.slow
def test_country_changes_against_the_mean_of_previous_periods():
    # SEN by quarter: 4, 8, 12, 16 kg then 22 kg (one seizure each, min_cases 1): the mean of four is 10 kg
    rows = [seizure(f"2020-{m:02d}-10", origin="BRA", quantity=q)
            for m, q in ((1, 4), (4, 8), (7, 12), (10, 16))] + [seizure("2021-01-10", origin="BRA", quantity=22)]
    frame = records(*rows)
    rule = change_rules.ChangeRule("mean4", min_cases=1)
    window = trends.make_window(frame, "quarter", "2021-Q1", "window", rule)
    assert window.baseline == (0, 3, 4)
    sen = trends.country_changes(frame, window).set_index("country").loc["SEN"]
    quarters = frame.groupby(frame["date"].dt.to_period("Q"))["quantity_kg"].sum()  # independent of the rule's code
    assert sen["weight_before"] == pytest.approx(quarters.iloc[:4].mean())
    assert (sen["band"], sen["change_pct"]) == ("strong_increase", pytest.approx(120.0))
    exact = trends.make_window(frame, "quarter", "2020-Q4", "window", rule)  # 16 kg against the mean of 3: 8 kg
    assert exact.baseline == (0, 2, 3)
    sen_q4 = trends.country_changes(frame, exact).set_index("country").loc["SEN"]
    assert sen_q4["band"] == "increase"  # ×2 exactly: not above +100 %



def test_country_changes_reject_an_unknown_measure():
    with pytest.raises(ValueError, match="measure 'tablets'"):
        trends.country_changes(CHANGES, year_window("2021"), measure="tablets")


# --- 4. hotspots ----------------------------------------------------------------------
HOTSPOTS = years(
    (2020, 1, {"quantity": 100, "place": DAKAR}),
    (2020, 1, {"quantity": 5, "place": ABIDJAN}),
    (2021, 1, {"quantity": 10, "place": DAKAR}),
    (2021, 1, {"substance": "tramadol", "quantity": 900, "unit": "tablets", "place": DAKAR}),
    (2021, 1, {"substance": "cannabis_herb", "quantity": 50, "place": BAMAKO}),
    (2021, 2, {"substance": "tramadol", "quantity": 100, "unit": "tablets", "place": ABIDJAN}),
    (2021, 1, {"quantity": 1000, "place": None}),
)


def cell(place: tuple[float, float]) -> str:
    return h3.latlng_to_cell(*place, 4)


@pytest.mark.slow
def test_hotspots_rank_cells_by_kg_then_cases_with_their_previous_rank():
    out = trends.hotspots(HOTSPOTS, trends.make_window(HOTSPOTS, "year", "2021", "window"))
    assert tuple(out.columns) == trends.HOTSPOT_COLUMNS
    assert rows_of(out, "cell", "rank", "kg", "cases", "tablets", "top_substance") == [
        (cell(BAMAKO), 1, 50.0, 1, 0, "cannabis_herb"),
        (cell(DAKAR), 2, 10.0, 2, 900, "cocaine"),
        (cell(ABIDJAN), 3, 0.0, 2, 200, "tramadol"),
    ]
    np.testing.assert_allclose(out["previous_rank"], [np.nan, 1.0, 2.0])
    assert (out.at[0, "lat"], out.at[0, "lon"]) == pytest.approx(h3.cell_to_latlng(cell(BAMAKO)))
    assert out.attrs["unlocated"] == 1  # the 1000 kg without a position: counted, not a hotspot


@pytest.mark.slow
def test_hotspots_keep_the_limit_and_have_no_previous_rank_in_the_first_period():
    out = trends.hotspots(HOTSPOTS, trends.make_window(HOTSPOTS, "year", "2020", "window"), limit=1)
    assert rows_of(out, "cell", "rank", "kg") == [(cell(DAKAR), 1, 100.0)]
    assert out["previous_rank"].isna().all()


@pytest.mark.slow
def test_hotspots_of_an_empty_period_are_empty():
    out = trends.hotspots(QUARTERS, trends.make_window(QUARTERS, "quarter", "2021-Q2", "window"))
    assert out.empty and tuple(out.columns) == trends.HOTSPOT_COLUMNS


# --- 5. conveyance and concealment ----------------------------------------------------
MIX = records(
    seizure("2021-01-01", conveyance="land", quantity=10, detail="Double fond"),
    seizure("2021-01-02", conveyance="land", quantity=10, detail="  double   FOND "),
    seizure("2021-01-03", conveyance="sea", quantity=100, detail="Valise"),
    seizure("2021-01-04", conveyance=None, quantity=1, detail=None),
    seizure("2021-01-05", conveyance="air", quantity=1, detail=" "),
    seizure("2021-01-06", conveyance="air", quantity=5, detail="ingestion"),
    seizure("2021-01-07", substance="tramadol", conveyance="mail", quantity=500, unit="tablets", detail="Comprimés"),
)


def test_conveyance_mix_lists_every_conveyance_with_its_share_of_cases():
    out = trends.conveyance_mix(MIX)
    assert tuple(out.columns) == trends.MIX_COLUMNS
    assert rows_of(out, "substance", "conveyance", "cases", "kg", "tablets", "share") == [
        ("cocaine", "land", 2, 20.0, 0, 2 / 6),
        ("cocaine", "sea", 1, 100.0, 0, 1 / 6),
        ("cocaine", "air", 2, 6.0, 0, 2 / 6),
        ("cocaine", "mail", 0, 0.0, 0, 0.0),
        ("cocaine", "unknown", 1, 1.0, 0, 1 / 6),
        ("tramadol", "land", 0, 0.0, 0, 0.0),
        ("tramadol", "sea", 0, 0.0, 0, 0.0),
        ("tramadol", "air", 0, 0.0, 0, 0.0),
        ("tramadol", "mail", 1, 0.0, 500, 1.0),
        ("tramadol", "unknown", 0, 0.0, 0, 0.0),
    ]


def test_concealment_mix_folds_texts_and_counts_blanks_in_one_row():
    out = trends.concealment_mix(MIX, limit=3)
    assert tuple(out.columns) == trends.CONCEALMENT_COLUMNS
    assert rows_of(out, "substance", "rank", "detail", "cases", "kg", "share") == [
        ("cocaine", 1, "double fond", 2, 20.0, 2 / 6),
        ("cocaine", 2, None, 2, 2.0, 2 / 6),          # None and a blank: unspecified
        ("cocaine", 3, "valise", 1, 100.0, 1 / 6),    # "ingestion" (1 case, 5 kg) is beyond the limit
        ("tramadol", 1, "comprimés", 1, 0.0, 1.0),
    ]


@pytest.mark.parametrize("function", [trends.conveyance_mix, trends.concealment_mix])
def test_mixes_of_no_records_are_empty(function):
    assert function(MIX.iloc[0:0]).empty


# --- the page's figures equal stats --json ---------------------------------------------
@pytest.fixture(scope="module")
def filtered() -> pd.DataFrame:
    """Demo records as a filter leaves them: a few substances from 2019 on."""
    frame = coerce_records(demo.generate(3000, 7))
    chosen = frame["substance"].isin(["cocaine", "tramadol", "cannabis_herb"]) & (frame["date"] >= "2019-01-01")
    return frame.loc[chosen].reset_index(drop=True)


def amounts(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    return {str(key): {"cases": int(row.cases), "kg": round(float(row.kg), 3), "tablets": int(row.tablets),
                       "plants": int(row.plants)} for key, row in frame.iterrows()}


@pytest.mark.slow
@pytest.mark.parametrize("granularity", ["month", "quarter", "year"])
def test_series_add_up_to_stats_json(filtered, granularity):
    expected = stats.totals(filtered, granularity)
    columns = ["cases", "kg", "tablets", "plants"]
    by_substance = trends.series(filtered, granularity)
    by_country = trends.series(filtered, granularity, by="country")
    per_period = by_substance.groupby("period")[columns].sum()
    assert amounts(per_period.loc[per_period["cases"] > 0]) == expected["by_period"]
    assert amounts(by_substance.groupby("key")[columns].sum()) == expected["by_substance"]
    assert amounts(by_country.groupby("key")[columns].sum()) == expected["by_country"]


@pytest.mark.slow
def test_top_legs_add_up_to_the_legs_of_stats_json(filtered):
    keys = trends.make_window(filtered, "quarter", None, "window").keys
    top = trends.top_legs(routes.period_legs(filtered, keys, "quarter"), limit=10_000)
    summed = top.groupby(["substance", "from_iso3", "to_iso3"])[["kg", "cases", "tablets"]].sum()
    expected = {(leg["substance"], leg["from"], leg["to"]): (leg["kg"], leg["cases"], leg["tablets"])
                for leg in stats.totals(filtered)["legs"]}
    assert {key: (round(row.kg, 3), row.cases, row.tablets) for key, row in summed.iterrows()} == expected


@pytest.mark.slow
def test_stats_json_by_period_skips_the_empty_period_that_series_fills():
    by_period = stats.totals(QUARTERS, "quarter")["by_period"]
    assert by_period == {
        "2021-Q1": {"cases": 6, "kg": 180.5, "tablets": 5000, "plants": 0},
        "2021-Q3": {"cases": 2, "kg": 20.0, "tablets": 0, "plants": 40},
    }
    empty = trends.series(QUARTERS, "quarter").query("period == '2021-Q2'")
    assert (empty[["cases", "kg", "tablets", "plants"]] == 0).all().all()


@pytest.mark.slow
def test_stats_json_legs_are_sorted_by_substance_then_weight():
    legs = stats.totals(QUARTERS)["legs"]
    assert [(leg["substance"], leg["from"], leg["to"], leg["weight"], leg["basis"]) for leg in legs] == [
        ("cocaine", "BRA", "CPV", 120.0, "kg"),
        ("cocaine", "CPV", "SEN", 120.0, "kg"),
        ("cocaine", "BRA", "SEN", 50.0, "kg"),
        ("cocaine", "SEN", "ESP", 50.0, "kg"),
        ("cocaine", "GNB", "SEN", 30.0, "kg"),
        ("tramadol", "IND", "NGA", 2.0, "cases"),
    ]
