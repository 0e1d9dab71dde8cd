import pytest

from geo.core import units
from geo.ingest.mapping import (
    MAPPABLE_FIELDS,
    SYNONYMS,
    ColumnMapping,
    header_key,
    header_score,
    header_unit,
    suggest_mapping,
    validate_mapping,
)


def mapped(*headers: str) -> dict[str, str | None]:
    return suggest_mapping(list(headers)).fields


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Date de saisie", "date"), ("Date", "date"), ("Date saisie", "date"), ("Seizure date", "date"),
        ("Date of seizure", "date"), ("DATE DE LA SAISIE", "date"), ("date_de_saisie", "date"),
        ("Localité", "place"), ("Localite", "place"), ("Lieu", "place"), ("Lieu de saisie", "place"),
        ("Ville", "place"), ("Location", "place"), ("Place", "place"), ("Town", "place"), ("City", "place"),
        ("Région", "admin1"), ("Province", "admin1"), ("Admin1", "admin1"), ("Region", "admin1"),
        ("Pays", "country"), ("Pays de saisie", "country"), ("Country", "country"),
        ("Country of seizure", "country"),
        ("Produit", "substance"), ("Drogue", "substance"), ("Substance", "substance"),
        ("Nature du produit", "substance"), ("Type de drogue", "substance"), ("Drug", "substance"),
        ("Drug Type", "substance"), ("Drug type", "substance"),
        ("Quantité", "quantity"), ("Qté", "quantity"), ("Poids", "quantity"), ("Quantity", "quantity"),
        ("Amount", "quantity"), ("Weight", "quantity"), ("Quantité saisie", "quantity"),
        ("Unité", "unit"), ("Unité de mesure", "unit"), ("Unit", "unit"), ("Unit of Measure", "unit"),
        ("UoM", "unit"),
        ("Provenance", "origin"), ("Origine", "origin"), ("Pays de provenance", "origin"), ("Origin", "origin"),
        ("Country of origin", "origin"), ("Pays d'origine", "origin"),
        ("Destination", "destination"), ("Pays de destination", "destination"),
        ("Transit", "transit"), ("Pays de transit", "transit"), ("Transit countries", "transit"),
        ("Mode de transport", "conveyance"), ("Moyen de transport", "conveyance"), ("Vecteur", "conveyance"),
        ("Mode of Transport", "conveyance"), ("Conveyance", "conveyance"), ("Transport mode", "conveyance"),
        ("N° PV", "source_ref"), ("Nº PV", "source_ref"), ("No. PV", "source_ref"), ("# PV", "source_ref"),
        ("Numéro PV", "source_ref"), ("Réf", "source_ref"), ("Référence", "source_ref"),
        ("Case No.", "source_ref"), ("Case number", "source_ref"), ("Reference", "source_ref"),
        ("ID", "source_ref"),
        ("Latitude", "lat"), ("Lat", "lat"), ("Y", "lat"), ("Latitude (WGS84)", "lat"),
        ("Longitude", "lon"), ("Lon", "lon"), ("Long", "lon"), ("Lng", "lon"), ("X", "lon"),
        ("Coordonnées", "coordinates"), ("Coordonnées GPS", "coordinates"), ("Coordinates", "coordinates"),
        ("GPS", "coordinates"), ("Lat/Long", "coordinates"),
        ("Observations", "notes"), ("Remarques", "notes"), ("Commentaires", "notes"), ("Notes", "notes"),
        ("Comments", "notes"),
        ("Source", "source"),
        ("Classification", "sensitivity"), ("Sensibilité", "sensitivity"), ("Sensitivity", "sensitivity"),
        ("Fiabilité", "reliability"), ("Reliability", "reliability"), ("Fiabilité de la source", "reliability"),
        ("Dissimulation", "transport_detail"), ("Mode de dissimulation", "transport_detail"),
        ("Concealment", "transport_detail"),
        ("Précision de la date", "date_precision"),
        ("geometry_lat", "lat"), ("geometry_lon", "lon"), ("timestamp", "date"), ("name", "place"),
        ("description", "notes"),
    ],
)
def test_header_maps_to_field(header, field):
    assert mapped(header) == {header: field}


@pytest.mark.parametrize(("field", "synonym"), [(f, s) for f, synonyms in SYNONYMS.items() for s in synonyms])
def test_every_synonym_maps_to_its_own_field(field, synonym):
    assert mapped(synonym)[synonym] == field


@pytest.mark.parametrize(
    "header",
    ["Nombre de personnes arrêtées", "Montant (FCFA)", "Agent", "Colonne1", "", "Valeur estimée", "Nature de"
     " l'infraction"],
)
def test_unknown_headers_are_not_imported(header):
    assert mapped(header) == {header: None}


@pytest.mark.parametrize(
    ("header", "unit"),
    [("Quantité (kg)", "kg"), ("Poids (kg)", "kg"), ("Qté (comprimés)", "tablets"), ("Quantity (tonnes)", "t"),
     ("Poids en tonnes", "t"), ("Nb comprimés", "tablets"), ("Nombre de pieds", "plants"), ("Weight in kg", "kg"),
     ("Quantité saisie (g)", "g"), ("Volume (litres)", "l"), ("Kg", "kg"), ("Poids [KG]", "kg")],
)
def test_header_with_a_unit_maps_to_quantity_and_sets_the_default_unit(header, unit):
    mapping = suggest_mapping([header])
    assert mapping.fields == {header: "quantity"}
    assert mapping.default_unit == unit
    assert header_unit(header) == unit


def test_unit_header_itself_is_the_unit_column_not_a_quantity():
    mapping = suggest_mapping(["Qté", "Unité (kg)"])
    assert mapping.fields == {"Qté": "quantity", "Unité (kg)": "unit"}
    assert mapping.default_unit is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # an exact synonym beats a keyword inside a longer header, whatever the order
        (["Date de transmission", "Date de saisie"], {"Date de transmission": None, "Date de saisie": "date"}),
        # two exact synonyms: the first column wins
        (["Lieu", "Localité"], {"Lieu": "place", "Localité": None}),
        # the more specific keyword wins: "pays de provenance" over "pays"
        (["Pays de provenance de la drogue"], {"Pays de provenance de la drogue": "origin"}),
        # the reader's point beats a text column holding the same coordinate
        (["Latitude", "Longitude", "geometry_lat", "geometry_lon"],
         {"Latitude": None, "Longitude": None, "geometry_lat": "lat", "geometry_lon": "lon"}),
        # KML name is the place only when no column names the place
        (["name", "Lieu"], {"name": None, "Lieu": "place"}),
        (["name", "description", "timestamp"], {"name": "place", "description": "notes", "timestamp": "date"}),
        (["timestamp", "Date"], {"timestamp": None, "Date": "date"}),
        # a header losing its field is left out, not moved to a weaker guess ("pays" is not the country here)
        (["Provenance", "Pays de provenance"], {"Provenance": "origin", "Pays de provenance": None}),
    ],
)
def test_tie_breaking(headers, expected):
    assert mapped(*headers) == expected


def test_french_register_headers():
    headers = ["N° PV", "Date de saisie", "Pays", "Région", "Localité", "Produit", "Quantité", "Unité",
               "Provenance", "Pays de transit", "Destination", "Mode de transport", "Dissimulation",
               "Coordonnées GPS", "Observations", "Agent verbalisateur"]
    assert list(mapped(*headers).values()) == [
        "source_ref", "date", "country", "admin1", "place", "substance", "quantity", "unit", "origin", "transit",
        "destination", "conveyance", "transport_detail", "coordinates", "notes", None]


def test_english_register_headers():
    headers = ["Case No.", "Seizure date", "Country", "Location", "Drug Type", "Quantity", "Unit of Measure",
               "Mode of Transport", "Country of origin", "Latitude", "Longitude", "Comments"]
    assert list(mapped(*headers).values()) == [
        "source_ref", "date", "country", "place", "substance", "quantity", "unit", "conveyance", "origin", "lat",
        "lon", "notes"]


def test_mapping_is_deterministic_and_each_field_used_once():
    headers = ["Date", "Date de saisie", "Lieu", "Ville", "Produit", "Drogue", "Qté", "Poids", "N° PV", "Réf"]
    first = suggest_mapping(headers)
    assert suggest_mapping(list(headers)) == first
    used = [field for field in first.fields.values() if field]
    assert len(used) == len(set(used))
    assert set(used) <= set(MAPPABLE_FIELDS)


@pytest.mark.parametrize(
    ("header", "key"),
    [("N° PV", "no pv"), ("Nº PV", "no pv"), ("No. PV", "no pv"), ("# PV", "no pv"), ("Num. PV", "no pv"),
     ("Numéro du PV", "no pv"), ("Pays d'origine", "pays origine"), ("  QUANTITÉ  ", "quantite")],
)
def test_header_key(header, key):
    assert header_key(header) == key


def test_header_score_finds_the_header_below_title_rows():
    rows = [
        ["OFFICE CENTRAL DE RÉPRESSION DU TRAFIC ILLICITE DES STUPÉFIANTS", "", ""],
        ["Registre des saisies — année 2023", "", ""],
        ["", "", ""],
        ["N° PV", "Date de saisie", "Localité", "Produit", "Quantité (kg)", "Observations"],
        ["PV 12/2023", "15/03/2023", "Dakar", "Cocaïne", "12,5", "RAS"],
        ["PV 13/2023", "16/03/2023", "Mbour", "Chanvre indien", "1 100", "pirogue"],
    ]
    scores = [header_score(row) for row in rows]
    assert scores.index(max(scores)) == 3
    assert scores[3] == 6.0
    assert max(scores[:3] + scores[4:]) <= 1


@pytest.mark.parametrize(
    ("cells", "score"),
    [(["Date", "Lieu"], 2.0), (["Date", "Date de saisie"], 1.0), (["Date de la saisie en mer"], 0.5),
     ([], 0.0), (["", None], 0.0), (["12", "15/03/2023"], 0.0)],
)
def test_header_score_counts_distinct_fields(cells, score):
    assert header_score(cells) == score


def test_validate_mapping_accepts_a_suggested_mapping():
    headers = ["Date", "Produit", "Latitude", "Longitude", "Quantité (kg)"]
    assert validate_mapping(suggest_mapping(headers), headers) == []


@pytest.mark.parametrize(
    ("fields", "default_unit", "message"),
    [
        ({"Date": "date", "Produit": "substance", "Ailleurs": "place"}, None, "column 'Ailleurs' is not in the file"),
        ({"Date": "date", "Produit": "substance", "Lieu": "ville"}, None,
         "column 'Lieu': 'ville' is not a field that can be imported"),
        ({"Date": "date", "Produit": "substance", "Lieu": "place", "Pays": "place"}, None,
         "place is taken from several columns: 'Lieu', 'Pays'"),
        ({"Produit": "substance"}, None, "no column gives date: every row will be quarantined"),
        ({"Date": "date"}, None, "no column gives substance: every row will be quarantined"),
        ({"Date": "date", "Produit": "substance", "Lieu": "lat"}, None,
         "lat is mapped but not lon: coordinates will not be read"),
        ({"Date": "date", "Produit": "substance"}, "bales", "default unit 'bales' is not one of"),
    ],
)
def test_validate_mapping_names_each_problem(fields, default_unit, message):
    headers = ["Date", "Produit", "Lieu", "Pays"]
    found = validate_mapping(ColumnMapping(fields, default_unit), headers)
    assert any(text.startswith(message) for text in found), found


def test_validate_mapping_speaks_french():
    found = validate_mapping(ColumnMapping({"Produit": "substance"}), ["Produit"], lang="fr")
    assert found == ["aucune colonne ne donne date : toutes les lignes seront mises en quarantaine"]


def test_header_units_are_unit_ids():
    for header in ("Quantité (kg)", "Nb comprimés", "Poids en tonnes", "Nombre de pieds", "Volume (litres)"):
        assert header_unit(header) in units.UNITS
    assert header_unit("Qté") is None
    assert header_unit("Unités") is None
