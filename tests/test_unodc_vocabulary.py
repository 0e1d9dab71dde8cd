"""UNODC's drug names and hierarchy: every name of UNODC's seizure tables maps to an id (or its group's id),
the text is kept in ``substance_label``, and an unknown name is quarantined naming the nearest ids."""

from __future__ import annotations

import re
import sqlite3

import pandas as pd
import pytest

from geo.core import schema
from geo.i18n.ingest import VALUE_MESSAGES
from geo.ingest.mapping import ColumnMapping
from geo.ingest.parse.values import parse_values
from geo.ingest.parse.vocabulary import substance_id
from geo.store import GeoPackageStore

UNODC_NAMES = [
    ("Cocaine hydrochloride", "cocaine_hcl"), ("Cocaine base", "cocaine_base"), ("Cocaine (base)", "cocaine_base"),
    ("Cocaine-type", "cocaine_type"), ("Coca leaf", "coca_leaf"), ("Coca paste", "coca_paste"),
    ("Crack", "cocaine_base"), ("Cannabis herb (marijuana)", "cannabis_herb"),
    ("Cannabis resin (hashish)", "cannabis_resin"), ("Cannabis plants", "cannabis_plants"),
    ("Cannabis oil", "cannabis_oil"), ("Cannabis-type", "cannabis_type"), ("Heroin", "heroin"), ("Opium", "opium"),
    ("Opium (raw and prepared)", "opium"), ("Morphine", "morphine"), ("Codeine", "codeine"),
    ("Tramadol", "tramadol"), ("Fentanyl", "fentanyl"), ("Fentanyl analogues", "fentanyl"), ("Opioids", "opioids"),
    ("Opiates", "opiates"), ("Methamphetamine", "methamphetamine"), ("Amphetamine", "amphetamine"),
    ("Amphetamine-type stimulants", "ats"), ("Captagon", "captagon"), ("MDMA", "mdma"),
    ("Ecstasy-type substances", "mdma"), ("Ketamine", "ketamine"), ("LSD", "lsd"),
    ("Hallucinogens", "hallucinogens"), ("Khat", "khat"), ("Benzodiazepines", "benzodiazepines"),
    ("Sedatives and tranquillizers", "sedatives_tranquillizers"),
    ("Synthetic cannabinoids", "synthetic_cannabinoids"), ("New psychoactive substances", "nps"),
    ("Kush", "kush"), ("Precursors", "precursors_unspecified"), ("Ephedrine", "ephedrine"),
    ("Pseudoephedrine", "pseudoephedrine"), ("Acetic anhydride", "acetic_anhydride"), ("Other", "unspecified"),
    # French forms
    ("Feuille de coca", "coca_leaf"), ("Pâte de coca", "coca_paste"), ("Herbe de cannabis", "cannabis_herb"),
    ("Résine de cannabis", "cannabis_resin"), ("Héroïne", "heroin"), ("Méthamphétamine", "methamphetamine"),
    ("Cathinones synthétiques", "synthetic_cathinones"), ("Cannabinoïdes de synthèse", "synthetic_cannabinoids"),
    ("Huile de cannabis", "cannabis_oil"), ("Opiacés", "opiates"), ("Codéine", "codeine"), ("Kétamine", "ketamine"),
    ("Benzodiazépines", "benzodiazepines"), ("Hallucinogènes", "hallucinogens"),
    ("Anhydride acétique", "acetic_anhydride"), ("Pseudoéphédrine", "pseudoephedrine"),
    ("Stimulants de type amphétamine", "ats"), ("Nouvelles substances psychoactives", "nps"),
    ("Sédatifs et tranquillisants", "sedatives_tranquillizers"), ("Fentanyl et analogues", "fentanyl"),
    # case, accents and qualifiers
    ("COCAINE HYDROCHLORIDE", "cocaine_hcl"), ("heroine", "heroin"), ("Heroin, seized", "heroin"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), UNODC_NAMES)
def test_unodc_drug_names_map_and_keep_their_label(text: str, expected: str) -> None:
    assert substance_id(text) == expected
    raw = pd.DataFrame({"Date": ["2023-05-02"], "Drug": [text]})
    parsed = parse_values(raw, ColumnMapping({"Date": "date", "Drug": "substance"}))
    assert parsed.problems.empty
    assert parsed.frame.loc[0, "substance"] == expected
    assert parsed.frame.loc[0, "substance_label"] == text


def test_every_id_has_a_place_in_unodc_hierarchy_and_labels() -> None:
    vocabulary = schema.substances()
    groups = {"cocaine_type", "cannabis_type", "opioids", "ats", "sedatives_tranquillizers", "nps", "hallucinogens",
              "precursors", "other"}
    for entry in vocabulary.values():
        assert entry.group in groups, entry.id
        assert entry.label_en and entry.label_fr and entry.unodc_name, entry.id
        assert entry.family in {"cocaine", "cannabis", "ats", "opioids", "other"}, entry.id
        assert re.fullmatch(r"#[0-9a-f]{6}", entry.colour), entry.id
    colours = [entry.colour for entry in vocabulary.values()]
    assert len(colours) == len(set(colours)), "two ids share a colour"
    # each group that has a group-level id maps its UNODC name to it
    assert {vocabulary[i].group for i in ("cocaine_type", "cannabis_type", "opioids", "ats", "nps")} == {
        "cocaine_type", "cannabis_type", "opioids", "ats", "nps"}


def test_no_synonym_maps_to_two_ids() -> None:
    owner: dict[str, str] = {}
    for entry in schema.substances().values():
        for word in entry.synonyms:
            assert owner.setdefault(word.lower(), entry.id) == entry.id, word


def test_unknown_name_quarantined_with_nearest_ids_in_both_languages() -> None:
    raw = pd.DataFrame({"Date": ["2023-05-02"], "Drug": ["Cocaine chlorhydrat"]})
    parsed = parse_values(raw, ColumnMapping({"Date": "date", "Drug": "substance"}))
    problem = parsed.problems.iloc[0]
    assert problem["code"] == "substance_unknown" and problem["value"] == "Cocaine chlorhydrat"
    assert "cocaine_hcl" in problem["detail"].split(", ")
    for lang in ("en", "fr"):
        text = VALUE_MESSAGES["substance_unknown"][lang].format(field="substance", value=problem["value"],
                                                                detail=problem["detail"])
        assert "Cocaine chlorhydrat" in text and "cocaine_hcl" in text


def test_drug_group_stands_in_for_a_blank_or_unknown_name() -> None:
    raw = pd.DataFrame({"Date": ["2023-05-02"] * 4,
                        "DrugGroup": ["Opioids", "Hallucinogens", "Cannabis-type", None],
                        "DrugName": ["Heroin", None, "Some local blend", "Chocolat"]})
    mapping = ColumnMapping({"Date": "date", "DrugGroup": "substance_group", "DrugName": "substance"})
    parsed = parse_values(raw, mapping)
    assert parsed.frame["substance"].tolist() == ["heroin", "hallucinogens", "cannabis_type", None]
    assert parsed.frame["substance_label"].tolist() == ["Heroin", "Hallucinogens", "Some local blend", "Chocolat"]
    assert parsed.problems[["row", "code"]].values.tolist() == [[3, "substance_unknown"]]
    assert parsed.warnings[["row", "code"]].values.tolist() == [[2, "substance_from_group"]]


def test_an_older_store_gains_substance_label(tmp_path) -> None:
    path = tmp_path / "old.gpkg"
    GeoPackageStore(path)
    with sqlite3.connect(path) as connection:  # the table as stores made before the column have it
        connection.execute("ALTER TABLE records DROP COLUMN substance_label")
    store = GeoPackageStore(path)
    store.ensure_schema()
    with sqlite3.connect(path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(records)")}
    assert "substance_label" in columns
