"""Words of the reference layers (:mod:`geo.reference`): confidence ratings, corridor modes, original-text marks.

The reference facts rate each post, corridor and public report in English ("high (post); low (coordinate)");
:func:`confidence` gives the rating in the reader's language, piece by piece, so a French screen reads
"élevée (poste) ; faible (coordonnée)". Names, notes and descriptions are translated at build time
(``data/reference/text_fr.csv``); a record's own words (a public report's place and notes) are never translated,
and :func:`t` ``("original", lang)`` marks them as the original text.
"""

from __future__ import annotations

import re

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    "original": {"fr": "texte d’origine", "en": "original text"},
    "notes": {"fr": "Notes", "en": "Notes"},
    "confidence": {"fr": "Confiance", "en": "Confidence"},
    # A label and its value: French puts a (narrow) space before the colon
    "labelled": {"fr": "{label} : {value}", "en": "{label}: {value}"},
}

# Each piece of a rating between ";", "(" and ")" in the facts (geo.maps.reference_layers reads them through
# confidence(); tests/test_reference_text.py checks that every rating in data/reference is covered).
CONFIDENCE: dict[str, dict[str, str]] = {
    "high": {"fr": "élevée", "en": "high"},
    "medium": {"fr": "moyenne", "en": "medium"},
    "low": {"fr": "faible", "en": "low"},
    "post": {"fr": "poste", "en": "post"},
    "coordinate": {"fr": "coordonnée", "en": "coordinate"},
    "coordinate missing": {"fr": "coordonnée manquante", "en": "coordinate missing"},
    "crossing": {"fr": "passage", "en": "crossing"},
    "PCJ status": {"fr": "statut de PCJ", "en": "PCJ status"},
    "existence/name": {"fr": "existence et nom", "en": "existence/name"},
    "geometry schematic": {"fr": "tracé schématique", "en": "geometry schematic"},
    "landing": {"fr": "débarquement", "en": "landing"},
    "onward": {"fr": "suite du trajet", "en": "onward"},
    "pattern": {"fr": "schéma récurrent", "en": "pattern"},
    "several sources are partisan on Western Sahara": {
        "fr": "plusieurs sources sont partisanes sur le Sahara occidental",
        "en": "several sources are partisan on Western Sahara"},
    "single case": {"fr": "cas unique", "en": "single case"},
    "2024 event": {"fr": "événement de 2024", "en": "2024 event"},
    "Apure origin/flight profile": {"fr": "origine en Apure et profil de vol", "en": "Apure origin/flight profile"},
    "event": {"fr": "événement", "en": "event"},
    "weight": {"fr": "poids", "en": "weight"},
    "exact weight": {"fr": "poids exact", "en": "exact weight"},
    "conflicting weight": {"fr": "poids contradictoires", "en": "conflicting weight"},
}

# A corridor's mode as the facts write it.
MODES: dict[str, dict[str, str]] = {
    "sea": {"fr": "mer", "en": "sea"},
    "land": {"fr": "terre", "en": "land"},
    "air": {"fr": "air", "en": "air"},
    "sea+land": {"fr": "mer et terre", "en": "sea and land"},
    "land; sea; air": {"fr": "terre, mer et air", "en": "land, sea and air"},
    "sea (+air couriers)": {"fr": "mer (et passeurs aériens)", "en": "sea (and air couriers)"},
}

_PIECE = re.compile(r"[^;()]+")


def t(key: str, lang: str, **values: object) -> str:
    """The reference-layer string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)


def labelled(label: str, value: str, lang: str) -> str:
    """``label`` and ``value`` joined by a colon set the way ``lang`` sets it ("Confiance : élevée")."""
    return t("labelled", lang, label=label, value=value)


def unknown_pieces(rating: str) -> list[str]:
    """The pieces of ``rating`` that :data:`CONFIDENCE` does not hold (empty when it translates fully)."""
    return [piece.strip() for piece in _PIECE.findall(rating) if piece.strip() and piece.strip() not in CONFIDENCE]


def confidence(rating: object, lang: str) -> str:
    """A confidence rating of the facts in ``lang``, piece by piece ("élevée (poste) ; faible (coordonnée)").

    A rating with a piece this table does not know (a record's own wording) is shown as written: it is the
    record's text, not the project's, and a half-translated rating would be neither.

    >>> confidence("high (event); medium (exact weight)", "fr")
    'élevée (événement) ; moyenne (poids exact)'
    >>> confidence("fairly sure", "fr")
    'fairly sure'
    """
    text = "" if rating is None or rating != rating else str(rating).strip()  # rating != rating: NaN
    if not text or unknown_pieces(text):
        return text

    def piece(match: re.Match[str]) -> str:
        word = match.group()
        core = word.strip()
        return word.replace(core, CONFIDENCE[core][lang]) if core else word

    translated = _PIECE.sub(piece, text)
    return translated.replace(";", " ;") if lang == "fr" else translated


def mode(value: object, lang: str) -> str | None:
    """A corridor's mode in ``lang``, or None when the facts wrote a mode this table does not know."""
    texts = MODES.get(str(value or "").strip())
    return texts[lang] if texts else None
