"""The values the Import page offers to map: the cells each vocabulary parser cannot read, counted, folded."""

import pandas as pd

from geo.ingest import value_review
from geo.ingest.mapping import suggest_mapping
from geo.ingest.settings import ImportSettings


def test_unread_values_are_listed_once_per_spelling_with_their_rows_and_the_mapping_given():
    frame = pd.DataFrame({
        "Produit": ["Cocaïne", "Zamal", "ZAMAL", "zamal", "Poudre blanche", None, "Cocaine"],
        "Pays": ["Sénégal", "Guinée C.", "Sénégal", "Sénégal", "Mali", "Mali", "Mali"],
        "Unité": ["kg", "kg", "boules", "kg", "kg", "kg", "kg"],
        "Quantité": ["1"] * 7,
    })
    settings = ImportSettings(values={"substance": {"Zamal": "cannabis_herb", "Cocaïne": "cocaine_hcl"}})
    found = value_review.review(frame, suggest_mapping(list(frame.columns)), settings)
    assert set(found) == {"substance", "country", "unit"}
    substance = found["substance"].set_index("key")
    # Most rows first; "Cocaïne"/"Cocaine" is read, but listed because the settings map it.
    assert list(substance.index) == ["zamal", "cocaine", "poudre blanche"]
    assert substance.loc["zamal", "rows"] == 3 and substance.loc["zamal", "text"] == "Zamal"
    assert substance["mapped"].tolist() == ["cannabis_herb", "cocaine_hcl", None]
    independent = frame["Produit"].dropna().str.lower().value_counts()
    assert substance.loc["zamal", "rows"] == independent["zamal"]
    assert found["country"]["text"].tolist() == ["Guinée C."] and found["unit"]["text"].tolist() == ["boules"]


def test_a_file_whose_values_are_all_read_has_nothing_to_map_and_choices_carry_ids():
    frame = pd.DataFrame({"Produit": ["Cocaïne", "Cannabis"], "Pays": ["Sénégal", "Mali"]})
    assert value_review.review(frame, suggest_mapping(list(frame.columns))) == {}
    assert value_review.choices("country", "fr")["CIV"] == "Côte d'Ivoire (CIV)"
    assert value_review.choices("substance", "en")["cannabis_herb"].endswith("(cannabis_herb)")
    assert set(value_review.choices("conveyance", "en")) >= {"sea", "air", "land"}
