"""UNODC and customs units (pounds, ounces, milligrams, millilitres, doses, blotters) and scientific notation."""

import math

import pandas as pd
import pytest

from geo.core import units
from geo.ingest.parse.numbers import quantity_cells
from geo.ingest.parse.vocabulary import unit_id


@pytest.mark.parametrize(("text", "unit"), [
    ("lb", "lb"), ("lbs", "lb"), ("Pound", "lb"), ("pounds", "lb"), ("pound(s)", "lb"), ("livres", "lb"),
    ("Livre", "lb"), ("oz", "oz"), ("ounce", "oz"), ("Ounces", "oz"), ("onces", "oz"), ("once", "oz"),
    ("mg", "mg"), ("milligrammes", "mg"), ("milligram", "mg"), ("ml", "ml"), ("mL", "ml"),
    ("millilitres", "ml"), ("milliliters", "ml"), ("doses", "doses"), ("dose", "doses"),
    ("buvards", "blotters"), ("Blotters", "blotters"), ("blotter", "blotters"),
])
def test_new_unit_spellings(text: str, unit: str) -> None:
    assert unit_id(text) == unit


@pytest.mark.parametrize(("unit", "factor"), [
    ("lb", 0.45359237), ("oz", 0.45359237 / 16), ("mg", 1e-6), ("ml", 1e-3), ("g", 1e-3), ("l", 1.0),
])
def test_mass_factors(unit: str, factor: float) -> None:
    out = units.normalise_quantities(pd.Series([3.0]), pd.Series([unit]))
    assert math.isclose(out["quantity_kg"][0], 3.0 * factor, rel_tol=1e-12)
    assert math.isnan(out["count"][0])


@pytest.mark.parametrize("unit", ["doses", "blotters", "tablets"])
def test_counts_never_get_a_mass(unit: str) -> None:
    out = units.normalise_quantities(pd.Series([250.0]), pd.Series([unit]))
    assert math.isnan(out["quantity_kg"][0]) and out["count"][0] == 250.0


@pytest.mark.parametrize(("text", "number", "unit"), [
    ("4.4e-05", 4.4e-05, None), ("1,2E+03", 1200.0, None), ("2.5E2 kg", 250.0, "kg"), ("3e-2 lbs", 0.03, "lb"),
    ("7E3", 7000.0, None), ("+1.5e1", 15.0, None),
])
def test_scientific_notation(text: str, number: float, unit: str | None) -> None:
    cell = quantity_cells([text])[0]
    assert cell.problem is None and math.isclose(cell.value, number) and cell.extra == unit


@pytest.mark.parametrize(("text", "problem"), [
    ("-4e2", "quantity_negative"), ("1e999", "quantity_unparsed"), ("1e5 boulettes", "unit_unknown"),
])
def test_scientific_notation_refused(text: str, problem: str) -> None:
    assert quantity_cells([text])[0].problem == problem


def test_thousands_ambiguity_still_warned() -> None:
    cell = quantity_cells(["1,200"])[0]
    assert cell.warning == "number_ambiguous" and cell.value == 1200.0
