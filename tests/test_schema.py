import pandas as pd
import pytest

from geo.core import schema
from tests.support import make_records


def test_vocabulary_has_french_and_english_labels():
    vocab = schema.substances()
    for required in ("cocaine", "cannabis_herb", "cannabis_resin", "methamphetamine", "tramadol", "kush"):
        assert required in vocab
    assert vocab["cocaine"].label("fr") == "Cocaïne"
    assert all(s.label_fr and s.label_en and s.colour.startswith("#") for s in vocab.values())


def test_coerce_records_derives_kg_count_and_ids():
    frame = schema.coerce_records(make_records(
        {"quantity": 2, "unit": "t", "source_ref": "PV 12/2021"},
        {"substance": "tramadol", "quantity": 5000, "unit": "tablets"},
    ))
    assert list(frame.columns) == list(schema.CANONICAL_COLUMNS)
    assert frame.loc[0, "quantity_kg"] == 2000.0 and frame.loc[0, "kg_factor"] == 1000.0
    assert pd.isna(frame.loc[1, "quantity_kg"]) and frame.loc[1, "count"] == 5000
    assert frame.loc[0, "record_id"] == "sen-ocrtis:PV 12/2021"
    assert frame.loc[1, "record_id"].startswith("h:")
    assert frame.loc[0, "location_precision"] == "exact"
    assert str(frame["date"].dtype) == "datetime64[ms]"


def test_record_id_is_stable_and_content_based():
    one = schema.coerce_records(make_records({"quantity": 3}))
    again = schema.coerce_records(make_records({"quantity": 3}))
    other = schema.coerce_records(make_records({"quantity": 4}))
    assert one.loc[0, "record_id"] == again.loc[0, "record_id"] != other.loc[0, "record_id"]


def test_missing_position_is_unlocated_not_invented():
    frame = schema.coerce_records(make_records({"lat": None, "lon": None}))
    assert frame.loc[0, "location_precision"] == "unlocated"
    assert pd.isna(frame.loc[0, "lat"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"substance": "chocolate"}, r"row 0: substance 'chocolate' is not one of"),
        ({"substance": None}, r"row 0: substance is missing"),
        ({"unit": "bales"}, r"row 0: unit 'bales' is not one of"),
        ({"conveyance": "camel"}, r"row 0: conveyance 'camel'"),
        ({"sensitivity": "secret"}, r"row 0: sensitivity 'secret'"),
        ({"lat": 95.0}, r"row 0: latitude 95.0 is outside -90..90"),
        ({"lon": -190.0}, r"row 0: longitude -190.0 is outside -180..180"),
        ({"lat": None}, r"row 0: lat/lon must both be given"),
        ({"quantity": -3}, r"row 0: quantity -3"),
        ({"quantity": "beaucoup"}, r"row 0: quantity 'beaucoup'"),
        ({"date": None}, r"row 0: date is missing"),
        ({"date": "hier"}, r"row 0: date 'hier' is not a date"),
        ({"lat": "quatorze"}, r"row 0: lat 'quatorze' is not a number"),
    ],
)
def test_coerce_records_names_row_field_and_reason(row, message):
    with pytest.raises(ValueError, match=message):
        schema.coerce_records(make_records(row))


def test_blank_text_becomes_missing_and_takes_defaults():
    frame = schema.coerce_records(make_records({"conveyance": "  ", "sensitivity": "", "place": " Kidira "}))
    assert frame.loc[0, "conveyance"] == "unknown"
    assert frame.loc[0, "sensitivity"] == "restricted"
    assert frame.loc[0, "place"] == "Kidira"


def test_errors_name_the_row_of_the_input():
    rows = make_records({}, {}, {"substance": "chocolat"})
    with pytest.raises(ValueError, match=r"row 2: substance 'chocolat'"):
        schema.coerce_records(rows)
