"""Country names in French and English to ISO 3166-1 alpha-3 codes, and back.

pycountry supplies the official names and its French catalogue; the aliases
below add the spellings agency registers actually use (abbreviations, missing
accents, former names) and :mod:`geo.reference.un_names` the UN's own names
("Republic of Korea", "Fédération de Russie").
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

from geo.reference.un_names import UN_NAMES

# Spellings seen in West African registers that pycountry does not know.
ALIASES = {
    "rci": "CIV", "cote d ivoire": "CIV", "ivory coast": "CIV", "cote divoire": "CIV",
    "cap vert": "CPV", "cape verde": "CPV", "cabo verde": "CPV", "iles du cap vert": "CPV",
    "guinee bissau": "GNB", "guinea bissau": "GNB", "bissau": "GNB",
    "guinee conakry": "GIN", "guinea conakry": "GIN", "guinee": "GIN",
    "gambie": "GMB", "the gambia": "GMB", "gambia": "GMB",
    "burkina": "BFA", "haute volta": "BFA",
    "sahara occidental": "ESH", "western sahara": "ESH",
    "royaume uni": "GBR", "uk": "GBR", "angleterre": "GBR", "england": "GBR", "grande bretagne": "GBR",
    "etats unis": "USA", "usa": "USA", "us": "USA",
    "pays bas": "NLD", "hollande": "NLD", "holland": "NLD",
    "emirats arabes unis": "ARE", "eau": "ARE", "uae": "ARE", "dubai": "ARE",
    "republique centrafricaine": "CAF", "rca": "CAF",
    "rdc": "COD", "rd congo": "COD", "drc": "COD",
    "venezuela": "VEN", "bolivie": "BOL", "bolivia": "BOL", "iran": "IRN",
    "russie": "RUS", "russia": "RUS", "syrie": "SYR", "syria": "SYR", "coree du sud": "KOR",
    "turquie": "TUR", "turkey": "TUR", "liban": "LBN", "inde": "IND", "chine": "CHN",
}


def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


@lru_cache(maxsize=1)
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    french = _french()
    for country in pycountry.countries:
        code = country.alpha_3
        # Two-letter codes are not indexed as words: "na", "de", "in" are words far more often than codes.
        names = {country.name, french.gettext(country.name), code}
        for attr in ("common_name", "official_name"):
            if hasattr(country, attr):
                names.add(getattr(country, attr))
                names.add(french.gettext(getattr(country, attr)))
        for name in names:
            index.setdefault(fold(name), code)
    index.update({fold(name): code for name, code in UN_NAMES.items()})
    index.update(ALIASES)
    return index


def to_iso3(name: str | None) -> str | None:
    """Return the ISO3 code for a country name or code in French or English.

    >>> to_iso3("Côte d'Ivoire"), to_iso3("Sénégal"), to_iso3("guinee bissau"), to_iso3("NE")
    ('CIV', 'SEN', 'GNB', 'NER')
    >>> to_iso3("Atlantis") is None, to_iso3("na"), to_iso3("NA")
    (True, None, 'NAM')
    """
    if name is None or not str(name).strip():
        return None
    text = str(name).strip()
    if len(text) == 2 and text.isalpha() and text.isupper():  # an ISO2 code only when written as one
        country = pycountry.countries.get(alpha_2=text)
        return country.alpha_3 if country is not None else None
    return _index().get(fold(text))


def country_name(iso3: str, lang: str) -> str:
    """Name of ``iso3`` in ``lang`` ("fr" or "en"); the code itself if unknown.

    >>> country_name("CPV", "fr"), country_name("CPV", "en")
    ('Cap-Vert', 'Cabo Verde')
    """
    country = pycountry.countries.get(alpha_3=iso3) if isinstance(iso3, str) and len(iso3) == 3 else None
    if country is None:
        return iso3
    english = getattr(country, "common_name", country.name)
    return _french().gettext(country.name) if lang == "fr" else english


def is_iso3(code: str | None) -> bool:
    """True when ``code`` is an assigned ISO 3166-1 alpha-3 code (ESH included)."""
    return bool(code) and pycountry.countries.get(alpha_3=str(code)) is not None
