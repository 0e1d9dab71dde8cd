"""Words of the Records table and record panel (:mod:`geo.records.tables`): short headers, large counts, sections.

Read through :func:`t`: ``from geo.i18n import records as record_text``, then ``record_text.t("as_recorded", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    # large counts in words: "1,49 milliard de comprimés", "1.49 billion tablets"
    "million_one": {"fr": "{n} million", "en": "{n} million"},
    "million_many": {"fr": "{n} millions", "en": "{n} million"},
    "billion_one": {"fr": "{n} milliard", "en": "{n} billion"},
    "billion_many": {"fr": "{n} milliards", "en": "{n} billion"},
    "words_of_unit": {"fr": "{amount} de {unit}", "en": "{amount} {unit}"},
    # short list headers, so that every column fits at 1440 pixels (the full label is the header's help)
    "col_quantity": {"fr": "Quantité déclarée", "en": "Quantity recorded"},
    "col_conveyance": {"fr": "Transport", "en": "Conveyance"},
    "col_dataset": {"fr": "Données", "en": "Data"},
    "dataset_agency": {"fr": "agence", "en": "agency"},
    "dataset_public": {"fr": "publique", "en": "public"},
    "dataset_demo": {"fr": "synthétique", "en": "synthetic"},
    # the record panel
    "section_seizure": {"fr": "Saisie", "en": "Seizure"},
    "section_place": {"fr": "Lieu", "en": "Place"},
    "section_route": {"fr": "Itinéraire déclaré", "en": "Reported route"},
    "section_source": {"fr": "Source et suivi", "en": "Source and history"},
    "as_recorded": {"fr": "texte d'origine, tel que saisi", "en": "original text, as recorded"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The Records string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)
