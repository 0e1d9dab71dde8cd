import pandas as pd
import pytest

from geo.analysis import stats
from geo.core import schema
from geo.records import exports
from tests.support import make_records


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("Dakar", "Dakar"), ("a=b", "a=b"), (None, None)],
)
def test_neutralise_formulas(value, expected):
    out = exports.neutralise_formulas(pd.DataFrame({"notes": [value]}))
    assert out.loc[0, "notes"] == expected or (expected is None and pd.isna(out.loc[0, "notes"]))


def test_numbers_are_left_alone():
    out = exports.neutralise_formulas(pd.DataFrame({"quantity": [-3.0, 2.0]}))
    assert out["quantity"].tolist() == [-3.0, 2.0]


@pytest.mark.slow
def test_summarise_counts_tablets_and_plants_apart_from_kg():
    frame = schema.coerce_records(make_records(
        {"substance": "cannabis_plants", "quantity": 300, "unit": "plants"},
        {"substance": "tramadol", "quantity": 10000, "unit": "tablets"},
        {"substance": "tramadol", "quantity": 2, "unit": "kg"},
        {"substance": "cocaine", "quantity": None, "unit": None},
    ))
    summary = stats.summarise(frame, "substance")
    assert summary.loc["tramadol"].tolist() == [2, 2.0, 10000, 0]
    assert summary.loc["cannabis_plants"].tolist() == [1, 0.0, 0, 300]
    assert summary.loc["cocaine", "cases"] == 1  # unknown quantity still counts as a case


@pytest.mark.slow
def test_substance_totals_are_labelled_and_formatted_per_language():
    from geo.records import tables

    frame = schema.coerce_records(make_records(
        {"quantity": 1234.56, "unit": "kg"}, {"substance": "tramadol", "quantity": 25000, "unit": "tablets"}))
    summary = stats.summarise(frame, "substance")
    french = tables.substance_totals(summary, "fr")
    assert french.iloc[0].tolist() == ["Cocaïne", "1", "1\u202f234,6", "", ""]  # no tablets or plants: blank
    english = tables.substance_totals(summary, "en").set_index("Substance")
    assert english.loc["Tramadol", "Tablets"] == "25,000"
