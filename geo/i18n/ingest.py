"""Words of the import (:mod:`geo.ingest`): the row problems' messages and the quarantine table's columns.

A problem message is keyed by its problem code: one table per step that finds problems, which that step
imports as its ``MESSAGES`` and reads with :func:`geo.ingest.problems.describe` (``{field}``, ``{value}``
and ``{detail}`` placeholders). The other words are read through :func:`t`:
``from geo.i18n import ingest as ingest_text``, then ``ingest_text.t("row_column", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    # The two columns the quarantine table adds in front of the file's own (geo.ingest.pipeline)
    "row_column": {"fr": "Ligne d'origine", "en": "Original row"},
    "reason_column": {"fr": "Motif de quarantaine", "en": "Quarantine reason"},
    # A pseudo-field a column may map to besides the record's own fields (geo.ingest.review)
    "field_coordinates": {"fr": "Coordonnées (lat, lon)", "en": "Coordinates (lat, lon)"},
    "field_substance_group": {"fr": "Groupe de drogues (UNODC)", "en": "Drug group (UNODC)"},
    "field_producing": {"fr": "Pays de production (UNODC)", "en": "Producing country (UNODC)"},
    # Parts of a date a column may give instead of the date itself (geo.ingest.parse.dateparts)
    "field_year": {"fr": "Année", "en": "Year"},
    # What `geo import --dry-run` prints besides the sum (geo.ingest.dryrun)
    "totals_read_as": {"fr": "Lu comme un tableau de totaux annuels officiels (pays × année × drogue), pas comme des "
                              "saisies.",
                       "en": "Read as a table of official annual totals (country × year × drug), not as seizures."},
    "dry_run_note": {"fr": "Essai à blanc : rien n'a été écrit.", "en": "Dry run: nothing was written."},
    "mapping_used": {"fr": "Colonnes :", "en": "Columns:"},
    "not_imported": {"fr": "(non importée)", "en": "(not imported)"},
    "values_used": {"fr": "Valeurs :", "en": "Values:"},
    "constants_used": {"fr": "Constantes :", "en": "Constants:"},
    "fiscal_year_used": {"fr": "Exercice commençant au mois {month}", "en": "Fiscal year starting in month {month}"},
    "field_month": {"fr": "Mois", "en": "Month"},
    "field_day": {"fr": "Jour", "en": "Day"},
    "field_fiscal_year": {"fr": "Exercice (année fiscale)", "en": "Fiscal year"},
    # The Import page's settings beyond the column mapping (ui.import_settings, geo.ingest.value_review)
    "values_title": {"fr": "Valeurs à faire correspondre", "en": "Values to match"},
    "values_help": {"fr": "Valeurs du fichier que Couloirs ne reconnaît pas : leurs lignes iraient en quarantaine "
                          "(ou la valeur serait seulement notée). Choisissez la valeur correspondante ; elle vaut "
                          "pour chaque ligne qui l'écrit ainsi (majuscules et accents ignorés).",
                    "en": "Values of the file Couloirs does not recognise: their rows would be quarantined (or the "
                          "value only noted). Choose what each one means; it applies to every row that writes it "
                          "so (case and accents ignored)."},
    "values_all_read": {"fr": "Toutes les valeurs des colonnes de vocabulaire sont reconnues.",
                        "en": "Every value of the vocabulary columns is recognised."},
    "value_column": {"fr": "{field} (colonne « {column} »)", "en": "{field} (column “{column}”)"},
    "value_pick": {"fr": "« {text} » : {rows} ligne(s)", "en": "“{text}”: {rows} row(s)"},
    "value_none": {"fr": "— laisser tel quel", "en": "— leave as it is"},
    "values_more": {"fr": "{count} autres valeurs non listées : corrigez-les dans le fichier ou avec "
                          "« geo import --value ».",
                    "en": "{count} more values not listed: fix them in the file or with “geo import --value”."},
    "values_kept": {"fr": "{count} correspondance(s) du profil pour des valeurs absentes de ce fichier sont "
                          "gardées dans le profil.",
                    "en": "{count} value mapping(s) of the profile for values this file lacks are kept in the "
                          "profile."},
    "constants_title": {"fr": "Même valeur pour chaque ligne", "en": "Same value for every row"},
    "constants_help": {"fr": "Pour un champ qu'aucune colonne ne donne, par exemple le pays d'une douane "
                             "nationale.",
                       "en": "For a field no column gives, for instance the country of a national customs "
                             "service."},
    "constant_none": {"fr": "— aucune", "en": "— none"},
    "constant_ignored": {"fr": "Le profil donne {field} = {value} à chaque ligne, mais la colonne « {column} » "
                               "donne déjà ce champ : cette valeur n'est pas appliquée.",
                         "en": "The profile gives every row {field} = {value}, but column “{column}” already "
                               "gives that field: the value is not applied."},
    "fiscal_year_start": {"fr": "Premier mois de l'exercice", "en": "First month of the fiscal year"},
    "fiscal_year_help": {"fr": "Pour la colonne d'exercice : octobre = l'exercice 2026 va d'octobre 2025 à "
                               "septembre 2026.",
                         "en": "For the fiscal year column: October = fiscal year 2026 runs from October 2025 "
                               "to September 2026."},
    "fiscal_year_none": {"fr": "— année civile", "en": "— calendar year"},
    "check_run": {"fr": "Vérifier sans importer", "en": "Check without importing"},
    "check_title": {"fr": "Essai à blanc de « {file} »", "en": "Dry run of “{file}”"},
    "profile_unreadable": {"fr": "Le profil {name} ne peut pas être chargé : {reason}",
                           "en": "Profile {name} cannot be loaded: {reason}"},
    "month_1": {"fr": "janvier", "en": "January"},
    "month_2": {"fr": "février", "en": "February"},
    "month_3": {"fr": "mars", "en": "March"},
    "month_4": {"fr": "avril", "en": "April"},
    "month_5": {"fr": "mai", "en": "May"},
    "month_6": {"fr": "juin", "en": "June"},
    "month_7": {"fr": "juillet", "en": "July"},
    "month_8": {"fr": "août", "en": "August"},
    "month_9": {"fr": "septembre", "en": "September"},
    "month_10": {"fr": "octobre", "en": "October"},
    "month_11": {"fr": "novembre", "en": "November"},
    "month_12": {"fr": "décembre", "en": "December"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The import string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)


# A file refused as a whole (geo.ingest.readers.filetypes).
FILETYPE_MESSAGES: dict[str, dict[str, str]] = {
    "too_large": {"en": "the file is too large ({detail})", "fr": "le fichier est trop volumineux ({detail})"},
    "empty": {"en": "the file is empty", "fr": "le fichier est vide"},
    "binary": {"en": "this is not a table: binary content ({detail})",
               "fr": "ce n'est pas un tableau : contenu binaire ({detail})"},
    "unknown_format": {
        "en": "unsupported format ({detail}); expected CSV, XLSX, XLS, ODS, GeoJSON, GeoPackage, KML or KMZ",
        "fr": "format non pris en charge ({detail}) ; formats acceptés : CSV, XLSX, XLS, ODS, GeoJSON, GeoPackage, "
              "KML ou KMZ",
    },
    "zip_bomb": {"en": "the archive would expand beyond safe limits ({detail})",
                 "fr": "l'archive se décompresserait au-delà des limites sûres ({detail})"},
    "unsafe_archive": {"en": "the archive holds an unsafe entry name ({detail})",
                       "fr": "l'archive contient un nom d'entrée dangereux ({detail})"},
    "xml_entities": {"en": "the XML declares a DTD or entities, refused for safety ({detail})",
                     "fr": "le XML déclare une DTD ou des entités, refusées par sécurité ({detail})"},
    "unreadable": {"en": "the file is damaged or cannot be read ({detail})",
                   "fr": "le fichier est endommagé ou illisible ({detail})"},
    "no_header": {"en": "no header row found in the first {detail} rows",
                  "fr": "aucune ligne d'en-tête trouvée dans les {detail} premières lignes"},
    "unsupported_crs": {"en": "unsupported coordinate reference system ({detail})",
                        "fr": "système de coordonnées non pris en charge ({detail})"},
}

# Reading a file into rows (geo.ingest.readers.tables), whole-file refusals included.
READER_MESSAGES: dict[str, dict[str, str]] = {
    "geometry_not_point": {"en": "{field}: the geometry is a {value}, not a point",
                           "fr": "{field} : la géométrie est de type {value}, pas un point"},
    "geometry_invalid": {"en": "{field}: coordinates '{value}' cannot be read",
                         "fr": "{field} : coordonnées '{value}' illisibles"},
    "feature_invalid": {"en": "this item of the GeoJSON is not a Feature ('{value}')",
                        "fr": "cet élément du GeoJSON n'est pas une entité (Feature) ('{value}')"},
    "extra_cells": {"en": "the row has {detail} cells more than the header, maybe a misplaced separator: '{value}'",
                    "fr": "la ligne a {detail} cellule(s) de plus que l'en-tête, peut-être un séparateur mal placé : "
                          "'{value}'"},
    "damaged_bytes": {
        "en": "the row holds bytes that are not valid text in this {value} file ({detail}): it is held back rather "
              "than guessed; correct these bytes in the file and import it again",
        "fr": "la ligne contient des octets qui ne sont pas du texte valide dans ce fichier {value} ({detail}) : elle "
              "est mise de côté plutôt que devinée ; corrigez ces octets dans le fichier et importez-le à nouveau",
    },
    **FILETYPE_MESSAGES,
}

# Reading each cell (geo.ingest.parse.values).
VALUE_MESSAGES: dict[str, dict[str, str]] = {
    "date_missing": {"en": "the date is missing", "fr": "la date manque"},
    "date_unparsed": {"en": "date {value!r} cannot be read",
                      "fr": "la date {value!r} est illisible"},
    "date_future": {"en": "date {value!r} is in the future", "fr": "la date {value!r} est dans le futur"},
    "date_too_old": {"en": "date {value!r} is before 1990", "fr": "la date {value!r} est antérieure à 1990"},
    "date_us_order": {"en": "date {value!r} read month first, as {detail}",
                      "fr": "date {value!r} lue le mois en premier, soit le {detail}"},
    "date_part_unparsed": {"en": "{field} {value!r} cannot be read as part of a date",
                           "fr": "{field} {value!r} n'est pas lisible comme partie de date"},
    "date_parts_conflict": {"en": "the date column ({detail}) is kept; the year/month/day columns say {value!r}",
                            "fr": "la colonne date ({detail}) est retenue ; les colonnes année/mois/jour disent "
                                  "{value!r}"},
    "date_precision_unknown": {"en": "date precision {value!r} not understood; {detail} used",
                               "fr": "précision de date {value!r} incomprise ; {detail} retenue"},
    "quantity_unparsed": {"en": "quantity {value!r} is not a number",
                          "fr": "la quantité {value!r} n'est pas un nombre"},
    "quantity_negative": {"en": "quantity {value!r} is negative", "fr": "la quantité {value!r} est négative"},
    "seizure_count_invalid": {"en": "number of seizures {value!r} is not a whole number of 1 or more",
                              "fr": "le nombre de saisies {value!r} n'est pas un nombre entier supérieur ou égal à 1"},
    "number_ambiguous": {"en": "{field} {value!r} read as {detail}", "fr": "{field} {value!r} lu comme {detail}"},
    "unit_unknown": {"en": "unit {value!r} is not one of {detail}",
                     "fr": "l'unité {value!r} n'est pas l'une de {detail}"},
    "unit_missing": {"en": "quantity {value!r} has no unit", "fr": "la quantité {value!r} n'a pas d'unité"},
    "unit_conflict": {"en": "the quantity and the unit column disagree: {value!r}",
                      "fr": "la quantité et la colonne unité se contredisent : {value!r}"},
    "unit_header_conflict": {"en": "unit {value!r} differs from the column header's {detail}",
                             "fr": "l'unité {value!r} diffère de celle de l'en-tête ({detail})"},
    "coordinate_unparsed": {"en": "{field} {value!r} cannot be read as coordinates",
                            "fr": "{field} {value!r} n'est pas une coordonnée lisible"},
    "coordinate_out_of_range": {"en": "{field} {value!r} is outside {detail}",
                                "fr": "{field} {value!r} est hors de {detail}"},
    "coordinates_incomplete": {"en": "only one of latitude and longitude is given: {value!r}",
                               "fr": "une seule des latitude et longitude est donnée : {value!r}"},
    "substance_missing": {"en": "the substance is missing", "fr": "la substance manque"},
    "substance_unknown": {"en": "substance {value!r} is not in the vocabulary (one substance per row); nearest "
                                "known ids: {detail}; a value mapping (substance:TEXT=ID) imports it",
                          "fr": "la substance {value!r} n'est pas dans le vocabulaire (une substance par ligne) ; "
                                "identifiants connus les plus proches : {detail} ; une correspondance de valeur "
                                "(substance:TEXTE=ID) l'importe"},
    "substance_from_group": {"en": "substance {value!r} is not in the vocabulary: the drug group {detail} is kept",
                             "fr": "la substance {value!r} n'est pas dans le vocabulaire : le groupe {detail} est "
                                   "retenu"},
    "conveyance_unknown": {"en": "conveyance {value!r} not recognised: kept as transport detail, mode unknown",
                           "fr": "moyen de transport {value!r} non reconnu : gardé en détail, mode inconnu"},
    "country_unknown": {"en": "country {value!r} is not a known country", "fr": "le pays {value!r} est inconnu"},
    "country_to_notes": {"en": "{field} {value!r} is not a country: kept in the notes",
                         "fr": "{field} {value!r} n'est pas un pays : gardé dans les notes"},
    "sensitivity_unknown": {"en": "sensitivity {value!r} is not one of public, restricted, confidential",
                            "fr": "la sensibilité {value!r} n'est pas public, restreint ou confidentiel"},
}

# An edited column mapping (geo.ingest.mapping); placeholders are its own.
MAPPING_MESSAGES: dict[str, dict[str, str]] = {
    "header_missing": {"en": "column {header!r} is not in the file",
                       "fr": "la colonne {header!r} n'est pas dans le fichier"},
    "field_unknown": {"en": "column {header!r}: {field!r} is not a field that can be imported",
                      "fr": "colonne {header!r} : {field!r} n'est pas un champ importable"},
    "field_twice": {"en": "{field} is taken from several columns: {headers}",
                    "fr": "{field} est pris dans plusieurs colonnes : {headers}"},
    "required_unmapped": {"en": "no column gives {field}: every row will be quarantined",
                          "fr": "aucune colonne ne donne {field} : toutes les lignes seront mises en quarantaine"},
    "half_coordinates": {"en": "{field} is mapped but not {other}: coordinates will not be read",
                         "fr": "{field} est associé mais pas {other} : les coordonnées ne seront pas lues"},
    "unit_unknown": {"en": "default unit {unit!r} is not one of {allowed}",
                     "fr": "l'unité par défaut {unit!r} n'est pas l'une de {allowed}"},
}


def locate_messages(land_km: float, sea_km: float, coast_km: float) -> dict[str, dict[str, str]]:
    """Messages of locating a row (:mod:`geo.ingest.locate`), stating the distances its checks allow.

    The distances are :mod:`geo.ingest.country_zones`' constants, passed in: ``geo.i18n`` imports nothing
    from the packages above it.
    """
    return {
        "coordinates_invalid": {
            "en": "{field} '{value}' is not a position: both numbers are needed, latitude within -90..90 "
                  "and longitude within -180..180",
            "fr": "{field} '{value}' n'est pas une position : il faut les deux nombres, la latitude entre -90 et 90 "
                  "et la longitude entre -180 et 180",
        },
        "coordinates_outside_country": {
            "en": f"{{field}} '{{value}}' lies {{detail}} km from the stated country: more than {land_km:g} km "
                  f"beyond its land border and not at sea within {sea_km:g} km of its coast",
            "fr": f"{{field}} '{{value}}' se trouve à {{detail}} km du pays indiqué : à plus de {land_km:g} km "
                  f"de sa frontière terrestre et pas en mer à moins de {sea_km:g} km de ses côtes",
        },
        "coordinates_swapped": {
            "en": "{field} '{value}' lie outside the stated country but fit it once swapped: corrected to '{detail}'",
            "fr": "{field} '{value}' tombent hors du pays indiqué mais y correspondent une fois inversées : "
                  "corrigées en '{detail}'",
        },
        "country_not_checked": {
            "en": "{field} '{value}' has no reference outline: the coordinates '{detail}' are accepted unchecked",
            "fr": "{field} '{value}' n'a pas de contour de référence : les coordonnées '{detail}' sont acceptées "
                  "sans vérification",
        },
        "country_inferred": {
            "en": "{field} was blank: set to '{value}', inferred from '{detail}'",
            "fr": "{field} était vide : fixé à '{value}', déduit de '{detail}'",
        },
        "country_not_inferred": {
            "en": f"{{field}} left blank: the point '{{detail}}' is not on the land of one study-area country "
                  f"(nor within {coast_km:g} km of a single one's coast)",
            "fr": f"{{field}} laissé vide : le point '{{detail}}' n'est pas sur le territoire d'un seul pays de la "
                  f"zone d'étude (ni à moins de {coast_km:g} km de la côte d'un seul)",
        },
        "place_not_found": {
            "en": "{field} '{value}' is not in the offline gazetteer: the record is kept at a coarser location "
                  "(its admin1 or its country)",
            "fr": "{field} '{value}' ne figure pas dans le répertoire hors ligne : la saisie est gardée avec une "
                  "localisation plus large (sa région ou son pays)",
        },
        "place_ambiguous": {
            "en": "{field} '{value}' names places in several countries ({detail}) and no country is given: "
                  "none is guessed",
            "fr": "{field} '{value}' désigne des lieux de plusieurs pays ({detail}) et aucun pays n'est indiqué : "
                  "aucun n'est choisi au hasard",
        },
    }


# The pipeline's own (geo.ingest.pipeline), after every step's.
# A column mapped to source_ref that is not a key (geo.ingest.keys); placeholders are its own.
KEY_MESSAGES: dict[str, dict[str, str]] = {
    "not_a_key": {"en": "column {column!r} is not a reference: its values repeat on rows that differ, so {rows} "
                        "rows would collapse into {records} records; map it to another field or map another "
                        "column to the reference, then import",
                  "fr": "la colonne {column!r} n'est pas une référence : ses valeurs se répètent sur des lignes "
                        "différentes, {rows} lignes seraient fusionnées en {records} enregistrements ; associez-la "
                        "à un autre champ ou associez une autre colonne à la référence, puis importez"},
    "not_a_key_cli": {"en": "column {column!r} is not a reference: {rows} rows that differ would collapse into "
                            "{records} records; leave it out with --map \"{column}=\" or map another column with "
                            "--map \"COLUMN=source_ref\"",
                      "fr": "la colonne {column!r} n'est pas une référence : {rows} lignes différentes seraient "
                            "fusionnées en {records} enregistrements ; écartez-la avec --map \"{column}=\" ou "
                            "associez une autre colonne avec --map \"COLONNE=source_ref\""},
}

PIPELINE_MESSAGES: dict[str, dict[str, str]] = {
    "record_invalid": {"fr": "enregistrement refusé : {detail}", "en": "record refused: {detail}"},
}

# A table of official annual totals (geo.ingest.totals): what can hold one of its rows back, and how it was read.
TOTALS_MESSAGES: dict[str, dict[str, str]] = {
    **{code: VALUE_MESSAGES[code] for code in ("quantity_unparsed", "quantity_negative", "unit_unknown",
                                               "substance_missing", "substance_unknown", "country_unknown")},
    "total_country_missing": {"en": "the country is missing (name or ISO3 code)",
                              "fr": "le pays manque (nom ou code ISO3)"},
    "total_year_unparsed": {"en": "year {value!r} is not a year", "fr": "l'année {value!r} n'est pas une année"},
    "total_kg_missing": {"en": "the total in kilograms is missing", "fr": "le total en kilogrammes manque"},
    "total_kg_unit": {"en": "total {value!r} is not in kilograms", "fr": "le total {value!r} n'est pas en kilogrammes"},
    "total_cases_fraction": {"en": "number of cases {value!r} is not a whole number",
                             "fr": "le nombre de cas {value!r} n'est pas un nombre entier"},
    "total_conflict": {"en": "{value} kg contradicts an earlier row of the file for the same country, year and "
                             "drug: {detail}; the first figure is kept, this one held back",
                       "fr": "{value} kg contredit une ligne précédente du fichier pour le même pays, la même année "
                             "et la même drogue : {detail} ; le premier chiffre est gardé, celui-ci mis de côté"},
}
