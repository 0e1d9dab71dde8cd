"""Which column of an agency register holds which canonical field.

Registers name their columns in French or English, with accents or without,
with a unit in the header (``Quantité (kg)``) and with every spelling of
"number" (``N° PV``, ``Nº PV``, ``No. PV``, ``# PV``). A header is reduced to a
*key* (folded, filler words dropped, "number" words made one token) and
compared with the synonyms below:

* the key equals a synonym's key: an exact match (score 100);
* a synonym's key appears as whole words inside a longer header (``Date de la
  saisie en mer``): a keyword match, scored by how many words it covers, so
  ``Pays de provenance`` goes to origin rather than country;
* a header that is only a unit and the word for amount (``Poids en tonnes``,
  ``Nb comprimés``, ``Kg``) maps to quantity and names the default unit.

Each header proposes its best field (ties: the field order of
:data:`MAPPABLE_FIELDS`); fields are then given out best score first, the
earlier column winning a tie, each field to one header at most, so the result
depends on nothing but the headers and their order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from geo.core import units
from geo.i18n.ingest import MAPPING_MESSAGES as MESSAGES
from geo.reference.countries import fold

MAPPABLE_FIELDS: tuple[str, ...] = (
    "source_ref", "date", "date_precision", "year", "month", "day", "fiscal_year", "country", "admin1", "place",
    "lat", "lon", "coordinates",
    "substance", "quantity", "unit", "conveyance", "transport_detail", "origin", "transit", "destination",
    "sensitivity", "reliability", "source", "notes", "substance_group", "producing", "seizure_count",
)

EXACT, KEYWORD_BASE, HEADER_UNIT = 100, 10, 40
# The reader's point columns are the geometry itself: they beat any text column that also holds coordinates.
GEOMETRY = 1000
# KML's own fields say little: "name" is sometimes the place, sometimes the case; a real column wins.
WEAK = 50

SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_ref": ("N° PV", "Numéro PV", "PV", "Réf", "Référence", "Reference", "Ref", "Case No.", "Case number",
                   "Case ID", "ID", "N° dossier", "N° de procédure", "File number", "Record ID", "Identifiant",
                   "N° saisie", "Seizure ID", "Seizure number", "N° d'ordre", "N°",
                   "REFERENCE_NUMBER", "SEIZURE_ID", "SeizureID"),
    "date": ("Date de saisie", "Date", "Date saisie", "Seizure date", "Date of seizure", "Date des faits",
             "Date d'interpellation", "Incident date", "Date of incident", "DATE_OF_SEIZURE"),
    "date_precision": ("Précision de la date", "Date precision", "Date accuracy", "Précision date"),
    # Parts of a date (geo.ingest.parse.dateparts): aggregate registers give a year and a month, never a day.
    "year": ("Year", "Reference year", "Année", "Annee", "Année de référence", "Année de saisie", "Seizure year"),
    "month": ("Month", "Mois", "Mois de saisie", "Seizure month"),
    "day": ("Day", "Jour"),
    "fiscal_year": ("Fiscal Year", "FY", "Exercice", "Exercice budgétaire", "Année fiscale", "Financial year"),
    "country": ("Pays", "Pays de saisie", "Country", "Country of seizure", "Seizing country", "Seizure country",
                "COUNTRY_OF_SEIZURE", "CountryOfSeizure", "msCode", "ISO3", "ISO 3", "iso_code", "ISO", "Code pays",
                "Country code", "Code ISO", "ISO code"),
    "admin1": ("Région", "Province", "Admin1", "Region", "State", "État", "Wilaya", "Gouvernorat",
               "Région de saisie"),
    "place": ("Localité", "Lieu", "Lieu de saisie", "Ville", "Location", "Place", "Town", "City", "Commune",
              "Localisation", "Place of seizure", "Location of seizure", "Seizure location",
              "Lieu d'interpellation", "CITY_OF_SEIZURE", "LOCATION", "SeizuredLocation"),
    "lat": ("Latitude", "Lat", "Y"),
    "lon": ("Longitude", "Lon", "Long", "Lng", "X"),
    "coordinates": ("Coordonnées", "Coordonnées GPS", "Coordinates", "GPS", "Coordonnées géographiques",
                    "GPS coordinates", "Lat/Long", "Lat/Lon", "Latitude, Longitude", "Position GPS"),
    "substance": ("Produit", "Drogue", "Substance", "Nature du produit", "Type de drogue", "Drug", "Drug Type",
                  "Nature de la drogue", "Produit saisi", "Stupéfiant", "Stupéfiants", "Type of drug",
                  "Drug seized", "Type de produit", "Nature", "DRUG_NAME", "DrugName"),
    "quantity": ("Quantité", "Qté", "Qte", "Poids", "Quantity", "Amount", "Weight", "Quantité saisie", "Qty",
                 "Poids net", "Poids total", "Quantité totale", "Nombre", "Nb", "Net weight", "Quantity seized",
                 "Volume", "AMOUNT_OF_DRUG", "Q2"),
    "unit": ("Unité", "Unité de mesure", "Unit", "Unit of Measure", "UoM", "Unités", "Units", "DRUG_UNIT", "U2"),
    "conveyance": ("Mode de transport", "Moyen de transport", "Vecteur", "Mode of Transport", "Conveyance",
                   "Transport mode", "Transport", "Means of transport", "Type de transport", "Mode d'acheminement",
                   "Voie", "MODE_OF_TRANSPORT", "CONVEYANCE", "TraffickingTransportationCategory"),
    "transport_detail": ("Dissimulation", "Mode de dissimulation", "Concealment", "Concealment method",
                         "Détail du transport", "Transport detail", "Transport details", "Véhicule", "Vehicle",
                         "Moyen de dissimulation", "Modus operandi", "CONCEALMENT_METHOD", "ConcealmentMethod"),
    "origin": ("Provenance", "Origine", "Pays de provenance", "Origin", "Country of origin", "Pays d'origine",
               "Pays de départ", "Departure country", "Origin country", "Source country",
               "DEPARTURE_COUNTRY", "DepartureCountry"),
    "transit": ("Transit", "Pays de transit", "Transit countries", "Transit country", "Pays traversés",
                "TRANSIT_COUNTRY", "TransitCountry"),
    "destination": ("Destination", "Pays de destination", "Country of destination", "Destination country",
                    "Destination finale", "Final destination", "DESTINATION_COUNTRY", "DestinationCountry"),
    "sensitivity": ("Classification", "Sensibilité", "Sensitivity", "Niveau de classification", "Confidentialité",
                    "Diffusion", "Niveau de diffusion", "Classification level"),
    "reliability": ("Fiabilité", "Reliability", "Fiabilité de la source", "Source reliability",
                    "Fiabilité de l'information", "Cotation"),
    "source": ("Source", "Sources", "Source de l'information", "Information source"),
    "notes": ("Observations", "Remarques", "Commentaires", "Notes", "Comments", "Observation", "Remarque",
              "Commentaire", "Note", "Description", "Détails", "Details", "Résumé", "Summary", "Faits", "Remarks",
              "SeizuredLocationCategory"),
    # UNODC Individual Drug Seizures (IDS) tables: the drug group stands in for a blank or unknown drug name;
    # the producing country is the origin when no departure country is given (README, "UNODC IDS tables").
    "substance_group": ("DrugGroup", "DRUG_GROUP", "Drug group", "Groupe de drogues"),
    "producing": ("PRODUCING_COUNTRY", "ProducingCountry", "Producing country", "Pays de production",
                  "Pays producteur"),
    # Aggregated registers (customs' monthly "Count of Event"): one row stands for N seizures.
    "seizure_count": ("Count of Event", "Count of Events", "Number of seizures", "Nombre de saisies", "Nb saisies",
                      "Nombre d'affaires", "Cases", "Seizure count", "Events"),
}
# Synonyms too short or too general to count inside a longer header ("Nombre de personnes arrêtées" is not
# a quantity of drugs, "Nature de l'infraction" not a substance).
EXACT_ONLY = frozenset({"Y", "X", "ID", "Nb", "Nombre", "Volume", "Nature", "N°", "Voie", "Note", "Ref", "Réf", "PV",
                        "Lon", "Long", "Lat", "State", "Faits", "Details", "Détails", "Q2", "U2", "msCode",
                        "LOCATION", "CONVEYANCE", "Day", "Jour", "FY", "ISO", "Exercice"})
# Country code columns beat country name columns: a code is unambiguous, a name may be spelled any way.
CODE_HEADERS = frozenset({"mscode", "iso3", "iso 3", "iso code", "iso", "code pays", "country code", "code iso"})
# The columns `geo export` writes, matched as written (before folding, so a register's "Record ID" is
# still a case number): the record's own fields map to themselves; derived and provenance columns are
# recomputed on import and not read (README "Round trip").
EXPORT_COLUMNS: dict[str, str | None] = {
    **{name: name for name in ("source_ref", "date", "date_precision", "country", "admin1", "place", "lat",
                                "lon", "substance", "quantity", "unit", "conveyance", "transport_detail",
                                "origin", "transit", "destination", "sensitivity", "reliability", "source",
                                "notes", "seizure_count")},
    **{name: None for name in ("record_id", "agency", "dataset", "batch_id", "created_at", "created_by",
                                "quantity_kg", "kg_factor", "count", "location_precision", "updated_at",
                                "updated_by", "substance_label")},
}
# Column names the readers give, scored apart: (field, score).
READER_COLUMNS: dict[str, tuple[str, int]] = {
    "geometry_lat": ("lat", GEOMETRY), "geometry_lon": ("lon", GEOMETRY),
    "timestamp": ("date", WEAK), "name": ("place", WEAK), "description": ("notes", WEAK),
}
# Words that carry no meaning in a header: "Date de la saisie" is "Date saisie".
_FILLER = frozenset({"de", "la", "le", "les", "du", "des", "d", "l", "of", "the", "en", "in", "a", "au"})
# Every way of writing "number": N°, Nº (folds to "no"), No., Num., Numéro, #, Number.
_NUMBER_WORDS = frozenset({"n", "no", "num", "numero", "number", "nr", "nro"})
# Unit ids a header may imply; "units" is left out because "Unité" names the unit column itself.
_HEADER_UNITS = frozenset(units.UNITS) - {"units"}
_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")


@dataclass(frozen=True)
class ColumnMapping:
    """Header -> canonical field (``None``: not imported), and the unit a quantity header implies."""

    fields: dict[str, str | None] = field(default_factory=dict)
    default_unit: str | None = None
    # First month of the fiscal year a ``fiscal_year`` column counts in (10: FY2026 runs Oct 2025..Sep 2026).
    fiscal_year_start: int | None = None

    def header_for(self, name: str) -> str | None:
        """The first header mapped to field ``name``, or ``None``."""
        return next((header for header, mapped in self.fields.items() if mapped == name), None)


def header_key(header: str) -> str:
    """A header reduced for comparison: folded, filler words dropped, "number" written ``no``.

    >>> [header_key(h) for h in ("N° PV", "Nº PV", "No. PV", "# PV", "Numéro PV", "Date de la saisie")]
    ['no pv', 'no pv', 'no pv', 'no pv', 'no pv', 'date saisie']
    """
    tokens = fold(str(header).replace("#", " no ")).split()
    tokens = ["no" if token in _NUMBER_WORDS else token for token in tokens if token not in _FILLER]
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _synonym_keys() -> tuple[dict[str, str], list[tuple[tuple[str, ...], str]]]:
    """Exact keys -> field, and keyword token tuples with their field (longest first)."""
    exact: dict[str, str] = {}
    keywords: list[tuple[tuple[str, ...], str]] = []
    for name in MAPPABLE_FIELDS:
        for synonym in SYNONYMS[name]:
            key = header_key(synonym)
            exact.setdefault(key, name)
            if synonym not in EXACT_ONLY:
                keywords.append((tuple(key.split()), name))
    keywords.sort(key=lambda item: -len(item[0]))
    return exact, keywords


def _unit_id(text: str) -> str | None:
    """A unit id for header text such as ``kg``, ``Tonnes``, ``comprimés``; "units" never counts."""
    found = units.parse_unit(text) or units.parse_unit(fold(text))
    return found if found in _HEADER_UNITS else None


def header_unit(header: str) -> str | None:
    """The unit a quantity header names, for a mapping the user edits.

    >>> header_unit("Quantité (kg)"), header_unit("Poids en tonnes"), header_unit("Nb comprimés"), header_unit("Qté")
    ('kg', 't', 'tablets', None)
    """
    return _quantity_unit(str(header))[1]


def _quantity_unit(header: str) -> tuple[int, str | None]:
    """Score of ``header`` as a quantity column naming its unit, and the unit (0, None when it names none)."""
    for inside in _BRACKETS.findall(header):
        unit = _unit_id(inside)
        if unit:
            rest = header_key(_BRACKETS.sub(" ", header))
            score = _field_score(rest, "quantity") if rest else HEADER_UNIT
            return (score, unit) if score else (0, None)
    tokens = header_key(header).split()
    for size in (2, 1):
        if len(tokens) >= size:
            unit = _unit_id(" ".join(tokens[-size:]))
            if unit:
                rest = " ".join(tokens[:-size])
                score = _field_score(rest, "quantity") if rest else HEADER_UNIT
                return (score, unit) if score else (0, None)
    return 0, None


def _field_score(key: str, name: str) -> int:
    """How well a header key names field ``name`` (0: not at all)."""
    return dict(_candidates_for_key(key)).get(name, 0)


@lru_cache(maxsize=4096)
def _candidates_for_key(key: str) -> tuple[tuple[str, int], ...]:
    exact, keywords = _synonym_keys()
    found: dict[str, int] = {}
    if key in exact:
        found[exact[key]] = EXACT
    padded = f" {key} "
    for tokens, name in keywords:
        if name not in found and f" {' '.join(tokens)} " in padded:
            found[name] = KEYWORD_BASE + len(tokens)
    return tuple(found.items())


def _candidates(header: str) -> list[tuple[str, int, str | None]]:
    """Every field ``header`` may hold, with its score and the unit it implies."""
    if header in READER_COLUMNS:
        name, score = READER_COLUMNS[header]
        return [(name, score, None)]
    if header in EXPORT_COLUMNS:
        name = EXPORT_COLUMNS[header]
        return [] if name is None else [(name, GEOMETRY - 1, None)]
    key = header_key(header)
    found = [(name, score + (name == "country" and key in CODE_HEADERS), None)
             for name, score in _candidates_for_key(key)]
    if not any(score >= EXACT for _, score, _ in found):
        score, unit = _quantity_unit(header)
        if unit:
            found = [item for item in found if item[0] != "quantity"] + [("quantity", score, unit)]
    return found


def suggest_mapping(headers: Sequence[str]) -> ColumnMapping:
    """The automatic mapping of ``headers`` (unknown headers map to ``None``).

    >>> m = suggest_mapping(["N° PV", "Date de saisie", "Localité", "Produit", "Quantité (kg)", "Pays de provenance"])
    >>> m.fields["N° PV"], m.fields["Quantité (kg)"], m.fields["Pays de provenance"], m.default_unit
    ('source_ref', 'quantity', 'origin', 'kg')
    """
    order = {name: index for index, name in enumerate(MAPPABLE_FIELDS)}
    best = []
    for column, header in enumerate(headers):
        candidates = _candidates(header)
        if candidates:
            name, score, unit = min(candidates, key=lambda item: (-item[1], order[item[0]]))
            best.append((-score, column, name, unit))
    mapping: dict[str, str | None] = {header: None for header in headers}
    default_unit = None
    # A header that loses its field to a better one is left out rather than moved to a weaker guess:
    # "Pays de provenance" after "Provenance" is a second origin column, not the country.
    for _, column, name, unit in sorted(best):
        if name not in mapping.values():
            mapping[headers[column]] = name
            default_unit = unit if name == "quantity" else default_unit
    return ColumnMapping(mapping, default_unit)


def header_score(cells: Sequence[str]) -> float:
    """How much a row of cells looks like the header: the number of distinct fields its cells name.

    An exact synonym counts 1, a synonym inside a longer cell 0.5. Title rows and data rows name
    few fields or none, so the readers take the best-scoring row among the first ones as the header.

    >>> header_score(["Date", "Lieu", "Produit", "Quantité (kg)"])
    4.0
    >>> header_score(["15/03/2023", "Dakar", "Cocaïne", "12,5"])
    0.0
    >>> header_score(["Registre des saisies de drogue 2023"])
    0.5
    """
    best: dict[str, float] = {}
    for cell in cells:
        if cell is None or not str(cell).strip():
            continue
        candidates = _candidates(str(cell).strip())
        if candidates:
            name, score, _ = max(candidates, key=lambda item: item[1])
            best[name] = max(best.get(name, 0.0), 1.0 if score >= WEAK else 0.5)
    return float(sum(best.values()))


def validate_mapping(mapping: ColumnMapping, headers: Sequence[str], *, lang: str = "en") -> list[str]:
    """Problems with a mapping the user edited, as sentences in ``lang`` (empty when all is well).

    >>> validate_mapping(ColumnMapping({"Date": "date", "Drogue": "substance", "Lieu": "place"}), ["Date", "Drogue"])
    ["column 'Lieu' is not in the file"]
    """
    def say(code: str, **values: object) -> str:
        table = MESSAGES[code]
        return (table.get(lang) or table["en"]).format(**values)

    found: list[str] = []
    present = set(headers)
    by_field: dict[str, list[str]] = {}
    for header, name in mapping.fields.items():
        if header not in present:
            found.append(say("header_missing", header=header))
        if name is None:
            continue
        if name not in MAPPABLE_FIELDS:
            found.append(say("field_unknown", header=header, field=name))
            continue
        by_field.setdefault(name, []).append(header)
    for name, mapped in by_field.items():
        if len(mapped) > 1:
            found.append(say("field_twice", field=name, headers=", ".join(repr(h) for h in mapped)))
    for name in ("date", "substance"):
        dated = name == "date" and ("year" in by_field or "fiscal_year" in by_field)
        if name not in by_field and not dated:
            found.append(say("required_unmapped", field=name))
    for one, other in (("lat", "lon"), ("lon", "lat")):
        if one in by_field and other not in by_field:
            found.append(say("half_coordinates", field=one, other=other))
    if mapping.default_unit is not None and mapping.default_unit not in units.UNITS:
        found.append(say("unit_unknown", unit=mapping.default_unit, allowed=", ".join(units.UNITS)))
    return found
