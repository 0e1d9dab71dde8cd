"""The Records table and record panel: columns that fit, blanks where a measure does not apply, consistent
decimals, large counts in words in the reader's language, every field of a record in a readable panel."""

import re

import pandas as pd
import pytest

from geo.analysis import stats
from geo.core import schema
from geo.records import panel, tables
from tests.support import make_records

NNBSP = "\u202f"


def records():
    return schema.coerce_records(make_records(
        {"date": "2024-01-05", "quantity": 1234.56, "unit": "kg"},
        {"date": "2024-02-05", "quantity": 2, "unit": "g", "place": "Marché <b>central</b>"},
        {"date": "2024-03-05", "substance": "tramadol", "quantity": 1_486_401_485, "unit": "tablets"},
        {"date": "2024-04-05", "substance": "cannabis_plants", "quantity": 2620, "unit": "plants"},
        {"date": "2024-05-05", "quantity": 32, "unit": "kg", "notes": "Vu par l'équipe | =SUM(A1)"},
    ))


@pytest.mark.parametrize(("value", "lang", "text"), [
    (1_486_401_485, "fr", "1,49 milliard"), (1_486_401_485, "en", "1.49 billion"),
    (2_000_000_000, "fr", "2 milliards"), (340_000_000, "fr", "340 millions"), (340_000_000, "en", "340 million"),
    (1_000_000, "fr", "1 million"), (12_500_000, "en", "12.5 million"), (999_999, "fr", f"999{NNBSP}999"),
])
def test_large_counts_are_in_words(value, lang, text):
    assert tables.count_words(value, lang) == text


def test_counts_in_words_keep_three_significant_digits():
    for value in (1_234_567, 98_765_432, 4_321_000_000):
        words = tables.count_words(value, "en")
        number = float(re.match(r"[\d.]+", words).group())
        scale = 1e9 if "billion" in words else 1e6
        assert abs(number * scale - value) / value < 0.005  # rounded, never a different figure


@pytest.mark.parametrize(("lang", "text"), [("fr", "1,49 milliard de comprimés"), ("en", "1.49 billion tablets")])
def test_a_large_count_reads_with_its_unit(lang, text):
    assert tables.count_text(1_486_401_485, "tablets", lang) == text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_records_list_blanks_what_does_not_apply_and_keeps_decimals_consistent(lang):
    table = tables.records_list(records(), lang)
    kg = table[tables.list_header("quantity_kg", lang)].tolist()[::-1]  # oldest first, as built
    expected = pd.Series([1234.56, 0.002, float("nan"), float("nan"), 32.0])
    # Masses to one decimal (three below 0.1 kg), blank where the record has no mass: an independent computation.
    mark = "," if lang == "fr" else "."
    sep = NNBSP if lang == "fr" else ","
    assert kg == [f"1{sep}234{mark}6", f"0{mark}002", "", "", f"32{mark}0"]
    assert expected.isna().tolist() == [cell == "" for cell in kg]
    quantity = table[tables.list_header("quantity", lang)].tolist()[::-1]
    assert quantity[2] == ("1,49 milliard de comprimés" if lang == "fr" else "1.49 billion tablets")
    assert quantity[3] == f"2{NNBSP}620 plants" if lang == "fr" else "2,620 plants"
    assert quantity[1] == "2 g"
    assert table["Date"].tolist()[::-1] == ["2024-01-05", "2024-02-05", "2024-03-05", "2024-04-05", "2024-05-05"]


def test_records_list_columns_fit_1440_pixels_and_hide_the_id():
    columns = tables.list_columns("fr")
    table = tables.records_list(records(), "fr")
    assert set(columns) <= set(table.columns)
    assert "Identifiant" in table.columns and "Identifiant" not in columns  # found by the page, not shown
    # The main column of a 1440-pixel screen with the sidebar open is about 980 pixels; the row selector takes 40.
    assert sum(c["width"] for c in columns.values()) + 40 <= 980
    assert all(c["help"] for c in columns.values())
    assert [c["align"] for c in columns.values()].count("right") == 2


def test_substance_totals_blank_the_measures_a_substance_has_nothing_in():
    summary = stats.summarise(records(), "substance")
    table = tables.substance_totals(summary, "fr").set_index("Substance")
    assert table.loc["Cocaïne", "Comprimés"] == ""  # not 0
    assert table.loc["Tramadol", "Comprimés"] == "1,49 milliard"
    assert table.loc["Tramadol", "Masse saisie (kg)"] == ""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_record_panel_shows_every_field_once_in_the_language(lang):
    record = records().iloc[2].to_dict()
    lines = [line for section in panel.record_lines(record, lang).values() for line in section]
    assert sorted(line.field for line in lines) == sorted(schema.CANONICAL_COLUMNS)
    by_field = {line.field: line for line in lines}
    assert by_field["substance"].value == "Tramadol"
    assert by_field["quantity"].value == ("1,49 milliard de comprimés" if lang == "fr" else "1.49 billion tablets")
    assert by_field["quantity"].label == ("Quantité" if lang == "fr" else "Quantity")
    assert by_field["country"].value == ("Sénégal" if lang == "fr" else "Senegal")
    assert by_field["quantity_kg"].value == ""  # no mass: blank, not 0


def test_record_panel_shows_free_text_as_written_escaped_and_marked():
    record = records().iloc[1].to_dict()
    lines = {line.field: line for section in panel.record_lines(record, "en").values() for line in section}
    assert lines["place"].value == "Marché <b>central</b>" and lines["place"].original
    assert not lines["substance"].original
    page = panel.record_panel_html(record, "en")
    assert "<b>central</b>" not in page and "Marché &lt;b&gt;central&lt;/b&gt;" in page
    assert "original text, as recorded" in page
    assert page.count("<dt>") == len(schema.CANONICAL_COLUMNS)
    notes = panel.record_lines(records().iloc[4].to_dict(), "fr")["source"]
    assert next(line for line in notes if line.field == "notes").value == "Vu par l'équipe | =SUM(A1)"
