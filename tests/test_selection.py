import pytest

from geo.analysis.selection import within_area
from geo.analysis.stats import summarise
from geo.core import schema
from tests.support import make_records

DAKAR_BOX = {"type": "Polygon", "coordinates": [[[-18, 14], [-16, 14], [-16, 15.5], [-18, 15.5], [-18, 14]]]}


@pytest.fixture
def records():
    return schema.coerce_records(make_records(
        {"source_ref": "dakar", "quantity": 2, "unit": "t"},
        {"source_ref": "thies", "lat": 14.79, "lon": -16.93, "substance": "tramadol", "quantity": 900,
         "unit": "tablets"},
        {"source_ref": "bamako", "lat": 12.65, "lon": -8.0},
        {"source_ref": "high-seas", "lat": None, "lon": None, "quantity": 800},
    ))


def test_area_keeps_only_points_inside(records):
    assert set(within_area(records, DAKAR_BOX)["source_ref"]) == {"dakar", "thies"}


def test_area_totals_by_substance(records):
    totals = summarise(within_area(records, DAKAR_BOX), "substance")  # what the Map page shows for an area
    assert totals.loc["cocaine", "kg"] == 2000.0
    assert totals.loc["tramadol", "tablets"] == 900
    assert "high-seas" not in set(within_area(records, DAKAR_BOX)["source_ref"])


def test_a_line_is_not_an_area(records):
    with pytest.raises(ValueError, match="LineString has no area"):
        within_area(records, {"type": "LineString", "coordinates": [[-18, 14], [-16, 15]]})

