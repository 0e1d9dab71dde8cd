"""Word cells: substance, unit, conveyance, country and sensitivity tables and their matchers.

Each matcher folds case, accents and punctuation (:func:`geo.reference.countries.fold`)
before looking a word up; what an unknown word becomes (a problem, a warning,
or text kept in the notes) is listed with the other choices in :mod:`geo.ingest.parse.values`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import lru_cache

from geo.core import schema, units
from geo.ingest.parse.cells import Cell, blank
from geo.reference.countries import fold, to_iso3

# Register spellings beyond data/reference/substances.csv; word order, case, accents, plurals and doses ignored.
SUBSTANCE_ALIASES = {
    "cannabis herbe": "cannabis_herb", "cannabis en herbe": "cannabis_herb", "chanvre": "cannabis_herb",
    "skunk": "cannabis_herb", "yamba": "cannabis_herb", "cannabis sativa": "cannabis_herb",
    "feuilles de cannabis": "cannabis_herb", "resine": "cannabis_resin", "shit": "cannabis_resin",
    "hachisch": "cannabis_resin", "hachich": "cannabis_resin", "chira": "cannabis_resin",
    "poudre de cocaine": "cocaine", "ice": "methamphetamine", "crystal": "methamphetamine",
    "extasy": "mdma", "ecstasy": "mdma", "tramadol hcl": "tramadol", "chlorhydrate de tramadol": "tramadol",
}
_SUBSTANCE_FILLER = frozenset({"de", "du", "la", "le", "les", "des", "d", "l", "en", "of", "the", "a", "au"})
_DOSE = re.compile(r"\d+(?:[.,]\d+)?(?:mg|mcg|ml|g)?|mg|mcg|ml")
UNIT_ALIASES = {
    "kgs": "kg", "kilo": "kg", "kilos": "kg", "grs": "g", "gramme": "g", "tonne": "t", "tonnes": "t", "tn": "t",
    "lt": "l", "ltr": "l", "ltrs": "l", "comp": "tablets", "cp": "tablets", "cps": "tablets", "tab": "tablets",
    "tabs": "tablets", "pilule": "tablets", "pilules": "tablets", "plant": "plants", "pied": "plants",
    "piece": "units", "pcs": "units", "pc": "units",
}
CONVEYANCE_WORDS: dict[str, tuple[str, ...]] = {
    "land": ("route", "routier", "routiere", "terrestre", "voie terrestre", "land", "road", "vehicule", "vehicle",
             "voiture", "car", "camion", "truck", "lorry", "moto", "motocyclette", "motorcycle", "motorbike", "bus",
             "autobus", "autocar", "minibus", "taxi", "pick up", "pickup", "4x4", "camionnette", "van", "velo",
             "bicycle", "a pied", "pieton", "on foot", "train", "rail", "ferroviaire", "charrette", "chameau",
             "camel", "dromadaire", "poste frontiere", "poste de controle", "frontiere terrestre", "checkpoint",
             "border crossing", "citerne",
             "remorque", "trailer", "semi remorque"),
    "sea": ("mer", "maritime", "voie maritime", "sea", "bateau", "boat", "navire", "ship", "vessel", "pirogue",
            "canoe", "conteneur", "container", "port", "porte conteneurs", "voilier", "yacht", "sailboat",
            "chalutier", "trawler", "fluvial", "fleuve", "vedette", "speedboat", "hors bord", "fret maritime",
            "sea freight"),
    "air": ("air", "aerien", "aerienne", "voie aerienne", "avion", "plane", "aircraft", "airplane", "aeroport",
            "airport", "vol", "flight", "helicoptere", "helicopter", "passager aerien", "air passenger",
            "fret aerien", "air cargo", "air freight"),
    "mail": ("colis", "colis postal", "parcel", "courrier", "postal", "poste", "post", "mail", "fret postal",
             "courrier express", "colis express", "dhl", "fedex", "ups", "chronopost", "ems", "courier"),
}
# Words that only restate the mode: nothing worth keeping as transport detail.
GENERIC_CONVEYANCES = frozenset({
    "route", "routier", "routiere", "terrestre", "voie terrestre", "land", "road", "par route", "by road",
    "mer", "maritime", "voie maritime", "sea", "par mer", "by sea", "air", "aerien", "aerienne",
    "voie aerienne", "par avion", "by air", "postal", "poste", "voie postale", "mail", "post", "by post",
    "courrier",
})
SENSITIVITY_WORDS = {
    "public": "public", "publique": "public", "open": "public", "ouvert": "public", "diffusion libre": "public",
    "restreint": "restricted", "restreinte": "restricted", "diffusion restreinte": "restricted",
    "restricted": "restricted", "usage interne": "restricted", "interne": "restricted", "internal": "restricted",
    "limited": "restricted", "official use only": "restricted", "for official use only": "restricted",
    "confidentiel": "confidential", "confidentielle": "confidential", "confidential": "confidential",
    "secret": "confidential", "tres secret": "confidential", "secret defense": "confidential",
    "top secret": "confidential", "confidentiel defense": "confidential",
}
_TRANSIT_SPLIT = re.compile(r"\s*(?:;|,|/|\||→|->|=>|>|—|–|\+|\s-\s)\s*")
_TRANSIT_WORDS = frozenset({"et", "and", "puis", "then", "via", "par"})


def unit_id(text: str) -> str | None:
    """A unit id for a written unit, or ``None``.

    >>> [unit_id(t) for t in ("KG", "Kgs", "Tonne(s)", "cp", "comprimés", "pieds", "litres", "boulettes")]
    ['kg', 'kg', 't', 'tablets', 'tablets', 'plants', 'l', None]
    """
    folded = re.sub(r" s$", "", fold(text))  # "Tonne(s)" folds to "tonne s"
    return units.parse_unit(folded) or UNIT_ALIASES.get(folded)


def unit_cell(value: object) -> Cell:
    """A unit cell read with :func:`unit_id`; a unit it does not know is a problem."""
    if blank(value):
        return Cell()
    found = unit_id(str(value))
    return Cell(found) if found else Cell(problem="unit_unknown", detail=", ".join(units.UNITS))


def substance_key(text: str) -> str:
    """Word order, filler words, doses and plural ``s`` ignored: "Cannabis (résine)" = "résine de cannabis"."""
    words = [w for w in fold(text).split() if w not in _SUBSTANCE_FILLER and not _DOSE.fullmatch(w)]
    return " ".join(sorted(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words))


@lru_cache(maxsize=1)
def substance_index() -> dict[str, str]:
    """Substance key -> id from the vocabulary's ids, labels and synonyms, then :data:`SUBSTANCE_ALIASES`."""
    index: dict[str, str] = {}
    for entry in schema.substances().values():
        for name in (entry.id, entry.id.replace("_", " "), entry.label_fr, entry.label_en, *entry.synonyms):
            index.setdefault(substance_key(name), entry.id)
    for name, substance in SUBSTANCE_ALIASES.items():
        index.setdefault(substance_key(name), substance)
    index.pop("", None)
    return index


_BRACKETED = re.compile(r"\s*[(\[]([^)\]]*)[)\]]\s*")
# Qualifiers UNODC and customs tables add to a drug name: "Cocaine (base)", "Heroin, seized", "Opium - raw".
_QUALIFIERS = frozenset({"seized", "saisi", "saisie", "unspecified", "non precise", "nes", "n e s", "total"})


def substance_id(text: str) -> str | None:
    """The vocabulary id of a written substance name, brackets and qualifiers tolerated, or ``None``.

    The whole name is tried first, then the name without its brackets, then what the brackets hold,
    then the name without a qualifier, so "Cannabis herb (marijuana)", "Cocaine (base)" and
    "Opium (raw and prepared)" all resolve.

    >>> [substance_id(t) for t in ("Cannabis herb (marijuana)", "Cocaine (base)", "Héroïne", "chocolat")]
    ['cannabis_herb', 'cocaine_base', 'heroin', None]
    """
    index = substance_index()
    tries = [text, _BRACKETED.sub(" ", text), *_BRACKETED.findall(text)]
    tries += [" ".join(w for w in fold(t).split() if w not in _QUALIFIERS) for t in tries[:2]]
    for attempt in tries:
        if (found := index.get(substance_key(attempt))) is not None:
            return found
    return None


def nearest_substances(text: str, limit: int = 3) -> list[str]:
    """The ids whose names read closest to ``text`` (difflib), for the reason of an unknown substance."""
    index = substance_index()
    close = difflib.get_close_matches(substance_key(_BRACKETED.sub(" ", text)), list(index), n=limit * 4, cutoff=0.5)
    return list(dict.fromkeys(index[key] for key in close))[:limit]


def substance_cell(value: object) -> Cell:
    """A substance cell read with :func:`substance_id`; missing or unknown is a problem naming the nearest ids."""
    if blank(value):
        return Cell(problem="substance_missing")
    found = substance_id(str(value))
    if found:
        return Cell(found)
    nearest = nearest_substances(str(value))
    return Cell(problem="substance_unknown", detail=", ".join(nearest) if nearest else "-")


@lru_cache(maxsize=1)
def _conveyance_phrases() -> list[tuple[str, str]]:
    """(padded phrase, mode), longest first so "poste frontière" is land before "poste" is mail."""
    phrases = [(f" {phrase} ", mode) for mode, words in CONVEYANCE_WORDS.items() for phrase in words]
    return sorted(phrases, key=lambda item: -len(item[0]))


def conveyance_cell(value: object) -> Cell:
    """Mode, and in ``extra`` the text to keep as transport detail."""
    if blank(value):
        return Cell()
    text = str(value).strip()
    padded, modes = f" {fold(text)} ", set()
    for phrase, mode in _conveyance_phrases():
        if phrase in padded:
            modes.add(mode)
            padded = padded.replace(phrase, " | ")
    if len(modes) != 1:
        return Cell("unknown", warning="conveyance_unknown", extra=text)
    return Cell(modes.pop(), extra=None if fold(text) in GENERIC_CONVEYANCES else text)


def country_cell(value: object) -> Cell:
    """The seizure country as an ISO3 code; a name that is not a country is a problem."""
    if blank(value):
        return Cell()
    found = to_iso3(str(value))
    return Cell(found) if found else Cell(problem="country_unknown")


def noted_country_cell(field: str) -> Callable[[object], Cell]:
    """Origin or destination: an unknown name goes to the notes, never into the field."""
    def parse(value: object) -> Cell:
        if blank(value):
            return Cell()
        found = to_iso3(str(value))
        text = str(value).strip()
        return Cell(found) if found else Cell(warning="country_to_notes", extra=f"{field}: {text}")
    return parse


def transit_cell(value: object) -> Cell:
    """Transit countries in order as ``MLI;NER``; pieces that are not countries go to the notes."""
    if blank(value):
        return Cell()
    codes: list[str] = []
    unknown: list[str] = []
    for piece in filter(None, _TRANSIT_SPLIT.split(str(value).strip())):
        found = _countries_in(piece)
        codes.extend(found or [])
        if found is None:
            unknown.append(piece)
    joined = ";".join(dict.fromkeys(codes)) or None
    if unknown:
        return Cell(joined, warning="country_to_notes", extra="transit: " + ", ".join(unknown))
    return Cell(joined)


def _countries_in(piece: str) -> list[str] | None:
    """Countries named in ``piece``: the whole name, else the longest names its words make (``Mali-Niger``)."""
    if found := to_iso3(piece):
        return [found]
    words = [w for w in re.split(r"[\s-]+", piece) if w and fold(w) not in _TRANSIT_WORDS]
    codes, start = [], 0
    while start < len(words):
        for end in range(len(words), start, -1):
            name = " ".join(words[start:end])
            # a lower-case two-letter word ("de", "in") is a word, not an ISO code
            if end - start == 1 and len(name) <= 2 and not name.isupper():
                continue
            if found := to_iso3(name):
                codes.append(found)
                start = end
                break
        else:
            return None
    return codes


def vocabulary_cell(words: dict[str, str], code: str, *, quarantine: bool) -> Callable[[object], Cell]:
    """A cell read through a word table; an unknown word is a problem, or only a warning."""
    def parse(value: object) -> Cell:
        if blank(value):
            return Cell()
        found = words.get(fold(str(value)))
        if found:
            return Cell(found)
        return Cell(problem=code) if quarantine else Cell(warning=code)
    return parse
