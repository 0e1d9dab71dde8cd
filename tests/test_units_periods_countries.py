from datetime import date

import pandas as pd
import pytest

from geo.core import periods, units
from geo.reference import countries


@pytest.mark.parametrize(
    ("quantity", "unit", "kg", "factor", "count"),
    [
        (2.0, "t", 2000.0, 1000.0, None),
        (250.0, "g", 0.25, 0.001, None),
        (3.0, "kg", 3.0, 1.0, None),
        (5.0, "l", 5.0, 1.0, None),
        (12000.0, "tablets", None, None, 12000.0),
        (40.0, "plants", None, None, 40.0),
        (7.0, "units", None, None, 7.0),
        (None, "kg", None, None, None),
        (4.0, None, None, None, None),
    ],
)
def test_normalise_quantities(quantity, unit, kg, factor, count):
    out = units.normalise_quantities(pd.Series([quantity], dtype="float64"), pd.Series([unit], dtype="object"))
    row = out.iloc[0]
    for column, expected in (("quantity_kg", kg), ("kg_factor", factor), ("count", count)):
        if expected is None:
            assert pd.isna(row[column]), column
        else:
            assert row[column] == pytest.approx(expected), column


@pytest.mark.parametrize(
    ("text", "unit"),
    [("comprimés", "tablets"), ("Comprimes", "tablets"), ("tonnes", "t"), ("g", "g"), ("pieds", "plants"),
     ("plants", "plants"), ("Kilogrammes", "kg"), ("litres", "l"), ("bales", None)],
)
def test_parse_unit(text, unit):
    assert units.parse_unit(text) == unit


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Sénégal", "SEN"), ("senegal", "SEN"), ("Côte d'Ivoire", "CIV"), ("Cote d Ivoire", "CIV"), ("RCI", "CIV"),
     ("Guinée-Bissau", "GNB"), ("Guinée", "GIN"), ("Cap-Vert", "CPV"), ("Cabo Verde", "CPV"), ("Gambie", "GMB"),
     ("Mauritanie", "MRT"), ("Tchad", "TCD"), ("Maroc", "MAR"), ("Algérie", "DZA"), ("Libye", "LBY"),
     ("Sahara occidental", "ESH"), ("Brésil", "BRA"), ("Royaume-Uni", "GBR"), ("Pays-Bas", "NLD"),
     ("Niger", "NER"), ("Nigéria", "NGA"), ("Nigeria", "NGA"), ("Bénin", "BEN"), ("MLI", "MLI"),
     ("Atlantis", None), ("", None), (None, None)],
)
def test_country_names_to_iso3(name, iso3):
    assert countries.to_iso3(name) == iso3


def test_country_names_both_languages():
    assert countries.country_name("CIV", "fr") == "Côte d'Ivoire"
    assert countries.country_name("GNB", "fr") == "Guinée-Bissau"
    assert countries.country_name("GNB", "en") == "Guinea-Bissau"
    assert countries.country_name("XXX", "fr") == "XXX"


@pytest.mark.parametrize(
    ("granularity", "expected"),
    [("month", ["2020-12", "2021-01", None]), ("quarter", ["2020-Q4", "2021-Q1", None]),
     ("year", ["2020", "2021", None])],
)
def test_period_keys(granularity, expected):
    dates = pd.Series(pd.to_datetime(["2020-12-31", "2021-01-01", None]))
    assert periods.period_keys(dates, granularity).tolist() == expected


def test_period_range_and_bounds_cover_every_day_once():
    keys = periods.period_range(date(2019, 11, 20), date(2020, 4, 2), "quarter")
    assert keys == ["2019-Q4", "2020-Q1", "2020-Q2"]
    bounds = [periods.period_bounds(k) for k in keys]
    for (_, end), (start, _) in zip(bounds, bounds[1:]):
        assert (start - end).days == 1
    assert periods.period_bounds("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [("2021", False, date(2021, 1, 1)), ("2021", True, date(2021, 12, 31)), ("2021-06", True, date(2021, 6, 30)),
     ("2021-06-15", True, date(2021, 6, 15)), ("2021-6", False, date(2021, 6, 1))],
)
def test_parse_bound(text, end, expected):
    assert periods.parse_bound(text, end=end) == expected


@pytest.mark.parametrize("text", ["21", "2021-13", "2021-02-30", "juin 2021", "2021/06"])
def test_parse_bound_rejects_with_the_value(text):
    with pytest.raises(ValueError, match=text.replace("/", ".")):
        periods.parse_bound(text)


def test_period_labels_in_both_languages():
    assert periods.period_label("2022-08", "fr") == "août 2022"
    assert periods.period_label("2022-08", "en") == "Aug 2022"
    assert periods.period_label("2022-Q3", "fr") == "T3 2022"
    assert periods.period_label("2022", "en") == "2022"
    with pytest.raises(ValueError, match="granularity"):
        periods.period_keys(pd.Series(pd.to_datetime(["2020-01-01"])), "week")
