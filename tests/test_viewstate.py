from datetime import date

import pytest

from geo.access import Viewer
from geo.core import periods
from geo.core.filters import RecordFilter
from geo.core.view import View, from_query_params, to_query_params


@pytest.mark.parametrize(
    "view",
    [
        View(),
        View(substances=("cocaine",), countries=("SEN", "GNB"), measure="cases"),
        View(conveyances=("sea", "air"), granularity="quarter", period="2022-Q4", mode="cumulative"),
        View(substances=("tramadol", "cannabis_resin"), granularity="month", period="2019-07", presenter=True),
    ],
)
def test_a_view_survives_the_url(view):
    params = to_query_params(view)
    assert all(isinstance(v, str) for v in params.values())
    again = from_query_params(params)
    assert again == view
    assert again.warnings == ()


@pytest.mark.parametrize(
    ("params", "field", "expected", "warning"),
    [
        ({"substance": "cocaine,chocolat"}, "substances", ("cocaine",), "substance=chocolat"),
        ({"country": "sen,XX"}, "countries", ("SEN",), "country=XX"),
        ({"conveyance": "camel"}, "conveyances", (), "conveyance=camel"),
        ({"measure": "tonnes"}, "measure", "kg", "measure=tonnes"),
        ({"granularity": "week"}, "granularity", "year", "granularity=week"),
        ({"mode": "loop"}, "mode", "window", "mode=loop"),
        ({"granularity": "month", "period": "2021-Q1"}, "period", None, "period=2021-Q1"),
    ],
)
def test_bad_values_are_dropped_with_a_reason(params, field, expected, warning):
    view = from_query_params(params)
    assert getattr(view, field) == expected
    assert any(w.startswith(warning) for w in view.warnings)


def test_window_bounds_in_both_modes():
    keys = periods.period_range(date(2020, 1, 1), date(2020, 12, 31), "quarter")
    assert periods.window_bounds(keys, 2, "window") == (date(2020, 7, 1), date(2020, 9, 30))
    assert periods.window_bounds(keys, 2, "cumulative") == (date(2020, 1, 1), date(2020, 9, 30))
    with pytest.raises(ValueError, match="mode"):
        periods.window_bounds(keys, 0, "loop")


def test_a_view_asks_for_its_filters_records_as_the_viewer():
    viewer = Viewer.of_agency("sen-ocrtis", "restricted")
    view = View(substances=("cocaine",), countries=("SEN",), conveyances=("sea",), measure="cases",
                granularity="quarter", period="2021-Q3", mode="cumulative", presenter=True)
    assert view.record_filter(viewer) == RecordFilter(substances=("cocaine",), countries=("SEN",),
                                                      conveyances=("sea",), viewer=viewer)
    bounded = View().record_filter(None, date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))
    assert bounded == RecordFilter(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))
