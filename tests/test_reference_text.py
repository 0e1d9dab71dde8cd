"""One language per screen for the reference layers: every feature has French and English text, and a map shows
the reader's language only (the public reports' own words stay as written, marked as the original).

Tables over the committed files of ``data/reference``: nothing here reads outside the repository.
"""

from __future__ import annotations

import csv
import json
import subprocess

import folium
import pandas as pd
import pytest

from geo import reference
from geo.i18n import reference as ref_text
from geo.maps import reference_layers
from geo.maps.layers import esc

ROOT = reference.DATA_DIR.parent
LAYERS = {"border_posts": reference.border_posts, "ports_airports": reference.ports_airports,
          "corridors": reference.corridors}
TEXT_FIELDS = {"border_posts": ("name", "notes"), "ports_airports": ("name", "notes"),
               "corridors": ("name", "description")}
KEY = {"border_posts": "name", "ports_airports": "name", "corridors": "id"}
# The region the layers draw: the ECOWAS area and its neighbours (corridors reach the Americas and Europe).
REGION = {"border_posts": (-26.0, 16.0, 0.0, 28.0), "ports_airports": (-26.0, 16.0, 0.0, 28.0)}


def js(text: str) -> str:
    """``text`` as a popup holds it inside the map's HTML (HTML-escaped, then a JSON string, non-ASCII escaped)."""
    return json.dumps(esc(text))[1:-1].replace("&", "\\u0026")


def rendered(*layers: folium.FeatureGroup) -> str:
    figure = folium.Map(tiles=None)
    for layer in layers:
        layer.add_to(figure)
    return figure.get_root().render()


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_every_reference_feature_has_french_and_english_text(layer):
    frame = LAYERS[layer]()
    assert len(frame) > 0
    for field in TEXT_FIELDS[layer]:
        english, french = frame[field].fillna(""), frame[f"{field}_fr"].fillna("")
        assert (english.str.strip() != "").all(), f"{layer}.{field}: an English text is empty"
        assert (french.str.strip() != "").all(), f"{layer}.{field}_fr: a French text is empty"
        if field != "name":  # a name may read the same in both ("Port autonome de Dakar"); a sentence may not
            same = frame.loc[english == french, KEY[layer]].tolist()
            assert not same, f"{layer}.{field}_fr repeats the English for {same}"
    assert frame["source"].str.startswith(("http", "coordinate:")).all()


@pytest.mark.parametrize("layer", sorted(REGION))
def test_reference_points_lie_in_the_region(layer):
    west, east, south, north = REGION[layer]
    frame = LAYERS[layer]()
    assert frame.geometry.x.between(west, east).all() and frame.geometry.y.between(south, north).all()


def test_the_french_table_translates_the_committed_english():
    rows = list(csv.DictReader((reference.REFERENCE_DIR / "text_fr.csv").open(encoding="utf-8")))
    for row in rows:
        frame = LAYERS[row["layer"]]()
        match = frame[frame[KEY[row["layer"]]] == row["key"]]
        assert len(match) == 1, row
        assert match.iloc[0][row["field"]] == row["en"], row  # else the build would refuse it as stale
        assert match.iloc[0][f"{row['field']}_fr"] == row["fr"], row


@pytest.mark.parametrize(("ratings", "where"), [
    (lambda: reference.border_posts()["confidence"], "border posts"),
    (lambda: reference.corridors()["confidence"], "corridors"),
    (lambda: reference.public_seizures()["reliability"], "public reports"),
])
def test_every_confidence_rating_reads_in_french(ratings, where):
    values = set(ratings().dropna())
    assert values
    unknown = {value: ref_text.unknown_pieces(value) for value in values if ref_text.unknown_pieces(value)}
    assert not unknown, f"{where}: ratings with no French: {unknown}"
    for value in values:
        french = ref_text.confidence(value, "fr")
        assert not {"high", "medium", "low"} & set(french.replace("(", " ").replace(")", " ").split()), french


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("medium", "fr", "moyenne"),
    ("high (post); low (coordinate)", "fr", "élevée (poste) ; faible (coordonnée)"),
    ("high (post); low (coordinate)", "en", "high (post); low (coordinate)"),
    ("high (pattern; several sources are partisan on Western Sahara)", "fr",
     "élevée (schéma récurrent ; plusieurs sources sont partisanes sur le Sahara occidental)"),
    ("fiable selon la brigade", "fr", "fiable selon la brigade"),  # a record's own words stay as written
    (None, "fr", ""),
])
def test_confidence_ratings(value, lang, expected):
    assert ref_text.confidence(value, lang) == expected


def test_every_corridor_mode_reads_in_both_languages():
    for mode in set(reference.corridors()["mode"]):
        assert ref_text.mode(mode, "fr") and ref_text.mode(mode, "en"), mode


PORTS, POSTS = reference.ports_airports(), reference.border_posts()
TEMA = PORTS[PORTS["name"] == "Port of Tema"].iloc[0]
MALANVILLE = POSTS[POSTS["name"] == "Malanville–Gaya Juxtaposed Control Post"].iloc[0]


@pytest.mark.parametrize(("lang", "shown", "hidden"), [
    ("fr", [TEMA["name_fr"], TEMA["notes_fr"], "port maritime", "Confiance : élevée", MALANVILLE["name_fr"]],
     [TEMA["notes"], MALANVILLE["notes"], "Confiance : high", "Confidence"]),
    ("en", [TEMA["name"], TEMA["notes"], "seaport", "Confidence: high", MALANVILLE["name"]],
     [TEMA["notes_fr"], MALANVILLE["notes_fr"], "Confiance", "port maritime"]),
])
def test_a_map_shows_the_reference_text_of_its_language_only(lang, shown, hidden):
    html = rendered(reference_layers.ports_layer(lang), reference_layers.border_posts_layer(lang))
    assert MALANVILLE["confidence"] == "high"
    for text in shown:
        assert js(text) in html, text
    for text in hidden:
        assert js(text) not in html, text


@pytest.mark.parametrize(("lang", "mode", "schematic"), [
    ("fr", "Mode : mer", "tracé en partie schématique"), ("en", "Mode: sea", "path partly schematic"),
])
def test_corridor_tooltips_in_the_readers_language(lang, mode, schematic):
    corridor = reference.corridors().set_index("id").loc["MC03"]
    html = rendered(reference_layers.corridors_layer(lang))
    own, other = ("description_fr", "description") if lang == "fr" else ("description", "description_fr")
    assert js(corridor[own]) in html and js(corridor[other]) not in html
    assert js(mode) in html and js(schematic) in html


@pytest.mark.parametrize(("lang", "mark"), [("fr", "Notes (texte d’origine) :"), ("en", "Notes (original text):")])
def test_public_reports_keep_their_own_words_marked_as_the_original(lang, mark):
    frame = reference.public_seizures()
    located = frame[frame["lat"].notna()].iloc[0]
    html = rendered(reference_layers.public_seizures_layer(lang))
    assert js(mark) in html
    assert js(located["place"]) in html  # as written, whatever the screen's language
    assert pd.notna(located["notes"])


def test_nothing_in_the_repository_points_outside_it():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    needles = ["../" + "shared", "/work/" + "shared"]  # split so this file does not find itself
    found = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".png", ".jpg", ".gpkg", ".xlsx", ".zip"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{name}: {needle}" for needle in needles if needle in text]
    assert not found
