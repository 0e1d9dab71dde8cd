"""Interface strings of the app's screens in French and English, and number formatting per language.

The words of the maps, the Trends charts, the briefings, the import and the Administration page are in
the sibling modules of :mod:`geo.i18n`, one per area, each read through its own ``t``.
"""

from __future__ import annotations

import math

from geo.i18n import admin as admin_strings
from geo.i18n.base import lookup

LANGUAGES = {"fr": "Français", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"fr": "Couloirs", "en": "Couloirs"},
    "app_tagline": {
        "fr": "Saisies de drogues et couloirs de trafic — Afrique de l'Ouest et Sahel",
        "en": "Drug seizures and trafficking corridors — West Africa and the Sahel",
    },
    "page_records": {"fr": "Saisies", "en": "Records"},
    "filters": {"fr": "Filtres", "en": "Filters"},
    "substances": {"fr": "Substances", "en": "Substances"},
    "countries": {"fr": "Pays de saisie", "en": "Country of seizure"},
    "period": {"fr": "Période", "en": "Period"},
    "datasets": {"fr": "Jeux de données", "en": "Data sets"},
    "dataset_agency": {"fr": "Données des agences", "en": "Agency records"},
    "dataset_public": {"fr": "Saisies publiques (presse, ONUDC)", "en": "Public reports (press, UNODC)"},
    "dataset_demo": {"fr": "Démonstration synthétique", "en": "Synthetic demo"},
    "all": {"fr": "Toutes", "en": "All"},
    "metric_cases": {"fr": "Saisies", "en": "Seizures"},
    "metric_kg": {"fr": "Masse saisie (kg)", "en": "Mass seized (kg)"},
    "metric_tablets": {"fr": "Comprimés", "en": "Tablets"},
    "metric_countries": {"fr": "Pays", "en": "Countries"},
    "demo_banner": {
        "fr": "Ces chiffres incluent {n} saisies **synthétiques** de démonstration (source « synthetic demo ») :"
              " elles illustrent l'outil et ne décrivent aucun fait réel.",
        "en": "These figures include {n} **synthetic** demo records (source \"synthetic demo\"):"
              " they show how the tool works and describe no real event.",
    },
    "public_banner": {
        "fr": "{n} saisies publiques réelles, tirées de sources ouvertes citées dans chaque fiche.",
        "en": "{n} real publicly reported seizures, from open sources cited in each record.",
    },
    "no_records": {"fr": "Aucune saisie ne correspond à ces filtres.", "en": "No record matches these filters."},
    "table_caption": {
        "fr": "{shown} saisies affichées sur {total}. Sélectionnez une ligne pour voir la fiche.",
        "en": "{shown} of {total} records shown. Select a row to see the record.",
    },
    "detail": {"fr": "Fiche de la saisie", "en": "Record detail"},
    "field": {"fr": "Champ", "en": "Field"},
    "value": {"fr": "Valeur", "en": "Value"},
    # Official annual totals beside the records (issue 15): geo.records.coverage_table
    "official_coverage": {"fr": "Totaux officiels annuels et couverture", "en": "Official annual totals and coverage"},
    "official_none": {"fr": "Aucun total officiel annuel pour ces filtres (importez un tableau de totaux, p. ex. de "
                            "l'ONUDC).",
                      "en": "No official annual total for these filters (import a totals table, e.g. UNODC's)."},
    "official_caption": {"fr": "Part couverte : kilogrammes des saisies partagées visibles sur le total officiel de "
                               "l'année (membres d'un groupe, jamais groupe et membres) ; vide sans total officiel.",
                         "en": "Share covered: kilograms of the shared seizures you may see over the year's official "
                               "total (a group's members, never group and members); blank without an official total."},
    "coverage_country": {"fr": "Pays", "en": "Country"},
    "coverage_year": {"fr": "Année", "en": "Year"},
    "coverage_substance": {"fr": "Substance", "en": "Substance"},
    "coverage_records_kg": {"fr": "Saisies partagées (kg)", "en": "Shared seizures (kg)"},
    "coverage_official_kg": {"fr": "Total officiel (kg)", "en": "Official total (kg)"},
    "coverage_ratio": {"fr": "Part couverte", "en": "Share covered"},
    "by_substance": {"fr": "Par substance", "en": "By substance"},
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "page_map": {"fr": "Carte", "en": "Map"},
    "store_unavailable_title": {"fr": "Base de données indisponible", "en": "Database unavailable"},
    "store_unavailable_body": {
        "fr": "Couloirs ne peut pas ouvrir sa base de données. Aucune page n'est disponible tant qu'elle ne l'est "
              "pas. Transmettez ce message à l'administrateur du serveur :",
        "en": "Couloirs cannot open its database. No page is available until it can. Give this message to the "
              "server's administrator:"},
    "map_caption": {
        "fr": "Saisies, couloirs et routes reconstituées ; faites glisser le temps pour voir les routes évoluer.",
        "en": "Seizures, corridors and reconstructed routes; move through time to watch the routes shift.",
    },
    "conveyances": {"fr": "Moyen de transport", "en": "Conveyance"},
    "measure": {"fr": "Mesure", "en": "Measure"},
    "measure_kg": {"fr": "Masse (kg)", "en": "Mass (kg)"},
    "measure_cases": {"fr": "Nombre de saisies", "en": "Number of seizures"},
    "granularity": {"fr": "Pas de temps", "en": "Time step"},
    "granularity_month": {"fr": "Mois", "en": "Month"},
    "granularity_quarter": {"fr": "Trimestre", "en": "Quarter"},
    "granularity_year": {"fr": "Année", "en": "Year"},
    "mode": {"fr": "Affichage", "en": "Display"},
    "mode_window": {"fr": "Période seule", "en": "Single period"},
    "mode_cumulative": {"fr": "Cumul depuis le début", "en": "Cumulative"},
    "previous": {"fr": "Période précédente", "en": "Previous period"},
    "next": {"fr": "Période suivante", "en": "Next period"},
    "play": {"fr": "Lecture", "en": "Play"},
    "play_speed": {"fr": "Secondes par période", "en": "Seconds per period"},
    "presenter": {"fr": "Mode présentation", "en": "Presenter mode"},
    "period_shown": {"fr": "Période affichée", "en": "Period shown"},
    "map_counts": {
        "fr": "{cases} saisies · {kg} kg · {legs} tronçons de route "
              "({emerging} en forte hausse, {fading} en forte baisse)",
        "en": "{cases} seizures · {kg} kg · {legs} route legs ({emerging} emerging, {fading} fading)",
    },
    "area_title": {"fr": "Zone dessinée", "en": "Drawn area"},
    "area_empty": {"fr": "Aucune saisie dans cette zone pour cette période.",
                   "en": "No seizure in this area for this period."},
    "clicked_record": {"fr": "Saisie sélectionnée sur la carte", "en": "Seizure selected on the map"},
    "url_warning": {"fr": "Lien partiellement illisible, valeurs ignorées : {items}",
                    "en": "Part of the link could not be read; ignored: {items}"},
    "no_map_data": {"fr": "Aucune saisie datée ne correspond à ces filtres.",
                    "en": "No dated record matches these filters."},
    # Import
    "import_sum": {
        "fr": "lignes lues {rows} = acceptées {accepted} + en quarantaine {quarantined} + doublons {duplicates}",
        "en": "rows read {rows} = accepted {accepted} + quarantined {quarantined} + duplicates {duplicates}"},
    "import_duplicates_split": {
        "fr": "Doublons : {by_key} par clé (même agence et même référence), {identical} lignes identiques",
        "en": "Duplicates: {by_key} by key (same agency and reference), {identical} identical rows"},
    "import_again": {"fr": "Ce fichier a déjà été importé pour cette agence (lot {batch}) : rien n'a été ajouté.",
                     "en": "This file was already imported for this agency (batch {batch}): nothing was added."},
    "import_reasons": {"fr": "Lignes en quarantaine, par motif :", "en": "Quarantined rows, by reason:"},
    "import_warnings": {"fr": "Lignes acceptées avec une correction ou une déduction :",
                        "en": "Rows accepted with a correction or an inference:"},
    "row_number": {"fr": "ligne {n}", "en": "row {n}"},
    "summary_reason": {"fr": "Motif (premier cas)", "en": "Reason (first case)"},
    "summary_rows": {"fr": "Lignes", "en": "Rows"},
    "summary_first_row": {"fr": "Première ligne", "en": "First row"},
    "page_import": {"fr": "Importer", "en": "Import"},
    "import_caption": {
        "fr": "Déposez le registre de saisies de votre agence : chaque ligne est acceptée, mise en quarantaine "
              "avec son motif, ou reconnue comme doublon. Rien n'est perdu : le fichier est conservé avec son lot.",
        "en": "Drop your agency's seizure register: every row is accepted, quarantined with its reason, or "
              "recognised as a duplicate. Nothing is lost: the file is kept with its batch."},
    "import_file": {"fr": "Fichier (CSV, Excel, ODS, GeoJSON, GeoPackage, KML, KMZ ; {limit} Mo au plus)",
                    "en": "File (CSV, Excel, ODS, GeoJSON, GeoPackage, KML, KMZ; {limit} MB at most)"},
    "import_agency": {"fr": "Agence qui importe", "en": "Importing agency"},
    "import_agency_help": {"fr": "Identifiant court, par ex. sen-ocrtis : les références (N° PV) sont les siennes.",
                           "en": "Short id, e.g. sen-ocrtis: the case references are this agency's."},
    "import_sensitivity": {"fr": "Sensibilité des lignes qui n'en indiquent pas",
                           "en": "Sensitivity of rows that state none"},
    "import_start": {"fr": "Choisissez un fichier pour voir ses premières lignes et la correspondance des colonnes.",
                     "en": "Choose a file to see its first rows and how its columns map."},
    "import_preview": {"fr": "Aperçu", "en": "Preview"},
    "import_read_as": {"fr": "Lu comme {format}", "en": "Read as {format}"},
    "import_mapping": {"fr": "Correspondance des colonnes", "en": "Column mapping"},
    "import_mapping_help": {
        "fr": "Vérifiez ou corrigez le champ de chaque colonne ; « — » : colonne non importée (elle reste dans le "
              "fichier conservé).",
        "en": "Check or correct each column's field; \"—\": column not imported (it stays in the kept file)."},
    "mapping_column": {"fr": "Colonne du fichier", "en": "File column"},
    "mapping_example": {"fr": "Exemple", "en": "Example"},
    "mapping_field": {"fr": "Champ Couloirs", "en": "Couloirs field"},
    "import_default_unit": {"fr": "Unité des quantités sans unité", "en": "Unit of quantities given without one"},
    "import_no_unit": {"fr": "aucune (mettre en quarantaine)", "en": "none (quarantine them)"},
    "import_run": {"fr": "Importer", "en": "Import"},
    # Saved mapping profiles and undo (ui/import_profiles.py)
    "profile_pick": {"fr": "Profil de correspondance enregistré", "en": "Saved mapping profile"},
    "profile_none": {"fr": "aucun (correspondance proposée)", "en": "none (suggested mapping)"},
    "profile_proposed": {"fr": "Mêmes colonnes que le profil « {name} » : il est chargé. Vérifiez la correspondance.",
                         "en": "Same columns as profile \"{name}\": it is loaded. Check the mapping."},
    "profile_name": {"fr": "Enregistrer ces réglages sous le nom", "en": "Save these settings as"},
    "profile_save": {"fr": "Enregistrer le profil", "en": "Save the profile"},
    "profile_saved": {"fr": "Profil « {name} » enregistré pour {agency}.",
                      "en": "Profile \"{name}\" saved for {agency}."},
    "profile_not_saved": {"fr": "Profil non enregistré : {reason}", "en": "Profile not saved: {reason}"},
    "batches_title": {"fr": "Lots importés", "en": "Imported batches"},
    "batches_none": {"fr": "Aucun lot importé pour l'instant.", "en": "No batch imported yet."},
    "batches_pick": {"fr": "Lot à supprimer (ses saisies et sa quarantaine)",
                     "en": "Batch to remove (its records and quarantine)"},
    "batches_confirm": {"fr": "Confirmer la suppression", "en": "Confirm removal"},
    "batches_remove": {"fr": "Supprimer le lot", "en": "Remove the batch"},
    "batches_confirm_first": {"fr": "Cochez « Confirmer la suppression » d'abord.",
                              "en": "Tick \"Confirm removal\" first."},
    "batches_removed": {"fr": "Lot {batch} supprimé : {records} saisies et {quarantined} lignes en quarantaine"
                              " retirées. Le fichier reste conservé.",
                        "en": "Batch {batch} removed: {records} records and {quarantined} quarantined rows deleted."
                              " The file stays on record."},
    "batches_not_removed": {"fr": "Lot non supprimé : {reason}", "en": "Batch not removed: {reason}"},
    "batches_file": {"fr": "Fichier", "en": "File"},
    "batches_removed_mark": {"fr": "Supprimé le", "en": "Removed on"},
    "import_step_reading": {"fr": "Lecture du fichier…", "en": "Reading the file…"},
    "import_step_checking": {"fr": "Vérification des lignes…", "en": "Checking the rows…"},
    "import_step_writing": {"fr": "Enregistrement du lot…", "en": "Writing the batch…"},
    "import_step_done": {"fr": "Terminé", "en": "Done"},
    "import_result": {"fr": "Résultat de l'import : {file}", "en": "Import result: {file}"},
    "import_rows": {"fr": "Lignes lues", "en": "Rows read"},
    "import_accepted": {"fr": "Acceptées", "en": "Accepted"},
    "import_quarantined": {"fr": "En quarantaine", "en": "Quarantined"},
    "import_duplicates": {"fr": "Doublons", "en": "Duplicates"},
    "import_download": {"fr": "Télécharger les lignes en quarantaine ({format})",
                        "en": "Download the quarantined rows ({format})"},
    "import_fix_hint": {
        "fr": "Corrigez les lignes dans ce fichier puis importez-le à nouveau : les deux premières colonnes sont "
              "ignorées à l'import.",
        "en": "Fix the rows in this file and import it again: its first two columns are ignored on import."},
    "import_all_clear": {"fr": "Aucune ligne en quarantaine.", "en": "No row was quarantined."},
    "page_trends": {"fr": "Tendances", "en": "Trends"},
    "trends_caption": {
        "fr": "Comment évoluent les volumes et les routes de chaque substance ; mêmes filtres que la carte "
              "(partagés par le lien).",
        "en": "How each substance's volumes and routes change; the same filters as the map (shared by the link)."},
    "trends_volumes": {"fr": "Volumes", "en": "Volumes"},
    "trends_routes": {"fr": "Routes", "en": "Routes"},
    "trends_change": {"fr": "Évolution", "en": "Change"},
    "trends_hotspots": {"fr": "Points chauds", "en": "Hotspots"},
    "trends_emerging": {"fr": "Points chauds émergents", "en": "Emerging hot spots"},
    "trends_coverage": {"fr": "Couverture", "en": "Coverage"},
    "trends_mix": {"fr": "Transport et dissimulation", "en": "Conveyance and concealment"},
    "trends_by": {"fr": "Par", "en": "By"},
    "trends_by_substance": {"fr": "substance", "en": "substance"},
    "trends_by_country": {"fr": "pays", "en": "country"},
    "trends_sankey_substance": {"fr": "Substance du diagramme de flux", "en": "Substance of the flow diagram"},
    "trends_all_substances": {"fr": "Toutes", "en": "All"},
    "trends_download": {"fr": "Télécharger les données (CSV)", "en": "Download the data (CSV)"},
    "trends_legs_table": {"fr": "Tronçons signalés par la règle de variation, avec la référence et la variation",
                          "en": "Legs flagged by the change rule, with the baseline and the change"},
    "trends_hotspots_title": {"fr": "Cellules H3 aux plus forts totaux sur la période, et leur évolution de rang",
                              "en": "H3 cells with the largest totals in the period, and how their rank moved"},
    "trends_window": {"fr": "{records} saisies dans la période", "en": "{records} seizures in the period"},
    "open_map": {"fr": "Voir sur la carte", "en": "Show on the map"},
    "page_briefing": {"fr": "Note de synthèse", "en": "Briefing"},
    "briefing_caption": {
        "fr": "Une page pour les décideurs, un diaporama, une animation des périodes ou la carte hors ligne, "
              "à partir des filtres de la carte.",
        "en": "A one-pager for decision-makers, a slide deck, an animation of the periods or the offline map, "
              "from the map's filters."},
    "briefing_from": {"fr": "Du", "en": "From"},
    "briefing_to": {"fr": "Au", "en": "To"},
    "briefing_preview": {"fr": "Aperçu (PNG)", "en": "Preview (PNG)"},
    "briefing_format": {"fr": "Format", "en": "Format"},
    "briefing_make": {"fr": "Préparer le fichier", "en": "Prepare the file"},
    "briefing_download": {"fr": "Télécharger ({format})", "en": "Download ({format})"},
    "briefing_working": {"fr": "Préparation…", "en": "Preparing…"},
    "format_pdf": {"fr": "Note d'une page (PDF)", "en": "One-page briefing (PDF)"},
    "format_png": {"fr": "Note d'une page (PNG)", "en": "One-page briefing (PNG)"},
    "format_pptx": {"fr": "Diaporama (PPTX)", "en": "Slide deck (PPTX)"},
    "format_gif": {"fr": "Animation des périodes (GIF)", "en": "Animation of the periods (GIF)"},
    "format_zip": {"fr": "Images des périodes (ZIP de PNG)", "en": "Frames of the periods (ZIP of PNG)"},
    "format_html": {"fr": "Carte interactive hors ligne (HTML)", "en": "Offline interactive map (HTML)"},
    "detail_encoding": {"fr": "encodage", "en": "encoding"},
    "detail_delimiter": {"fr": "séparateur", "en": "separator"},
    "detail_sheet": {"fr": "feuille", "en": "sheet"},
    "detail_layer": {"fr": "couche", "en": "layer"},
    "detail_header_row": {"fr": "en-tête ligne", "en": "header on row"},
    # Sign-in, roles and the open demo (issue 7). Names and e-mails are escaped before they fill a string.
    "not_allowed": {"fr": "Cette page n'est pas ouverte à votre rôle.", "en": "This page is not open to your role."},
    "open_demo_banner": {
        "fr": "**Démonstration ouverte**, en lecture seule : seules des données publiques et synthétiques sont"
              " montrées. Les données des agences ne s'ouvrent qu'après connexion, selon le rôle de chacun.",
        "en": "**Open demo**, read-only: only public and synthetic data are shown. Agency data open only after"
              " signing in, according to each person's role.",
    },
    "sign_in_title": {"fr": "Connexion", "en": "Sign in"},
    "sign_in_text": {
        "fr": "Couloirs réunit les saisies de plusieurs agences : connectez-vous avec le compte de votre"
              " organisation pour voir ce que votre rôle permet.",
        "en": "Couloirs brings together several agencies' seizures: sign in with your organisation's account to"
              " see what your role allows.",
    },
    "sign_in_button": {"fr": "Se connecter", "en": "Sign in"},
    "sign_in_with": {"fr": "Se connecter avec {provider}", "en": "Sign in with {provider}"},
    "unknown_title": {"fr": "Compte non enregistré", "en": "Account not registered"},
    "unknown_text": {
        "fr": "Votre compte {account} n'est pas enregistré dans Couloirs. Demandez à l'administrateur de votre"
              " agence de l'ajouter, puis reconnectez-vous.",
        "en": "Your account {account} is not registered in Couloirs. Ask your agency's administrator to add it,"
              " then sign in again.",
    },
    "signed_out_stale": {
        "fr": "Votre session a expiré ou votre compte a été désactivé : vous êtes déconnecté.",
        "en": "Your session has expired or your account was deactivated: you are signed out.",
    },
    "sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "signed_in_as": {"fr": "Connecté : {name} · {agency} · {role}", "en": "Signed in: {name} · {agency} · {role}"},
    "role_demo": {"fr": "démonstration", "en": "demo"},
    "role_viewer": {"fr": "lecteur", "en": "viewer"},
    "role_analyst": {"fr": "analyste", "en": "analyst"},
    "role_admin": {"fr": "administrateur", "en": "administrator"},
    "import_agency_own": {"fr": "Agence : {agency}", "en": "Agency: {agency}"},
    "import_agency_pick": {"fr": "Agence des données (administrateur)", "en": "Agency of the data (administrator)"},
    "records_export": {"fr": "Exporter ces saisies", "en": "Export these records"},
    "records_export_format": {"fr": "Format", "en": "Format"},
    "records_export_download": {"fr": "Télécharger {n} saisies ({format})", "en": "Download {n} records ({format})"},
    "records_export_caption": {
        "fr": "Exactement les saisies du tableau, telles que votre rôle les montre. Chaque téléchargement est"
              " inscrit au journal d'audit.",
        "en": "Exactly the records in the table, as your role shows them. Every download is written to the audit"
              " trail.",
    },
    "record_edit": {"fr": "Modifier la fiche", "en": "Edit the record"},
    "record_edit_caption": {
        "fr": "Seuls la sensibilité, la fiabilité et les notes se modifient ; l'ancienne et la nouvelle valeur"
              " sont inscrites au journal d'audit.",
        "en": "Only sensitivity, reliability and notes can change; the old and new values go to the audit trail.",
    },
    "record_edit_save": {"fr": "Enregistrer", "en": "Save"},
    "record_edit_saved": {"fr": "Fiche modifiée : {fields}.", "en": "Record changed: {fields}."},
    "record_edit_nothing": {"fr": "Aucun changement.", "en": "Nothing changed."},
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "record_id": {"fr": "Identifiant", "en": "Record id"},
    "source_ref": {"fr": "N° de procédure", "en": "Case reference"},
    "date": {"fr": "Date", "en": "Date"},
    "date_precision": {"fr": "Précision de la date", "en": "Date precision"},
    "country": {"fr": "Pays", "en": "Country"},
    "admin1": {"fr": "Région", "en": "Region"},
    "place": {"fr": "Lieu", "en": "Place"},
    "lat": {"fr": "Latitude", "en": "Latitude"},
    "lon": {"fr": "Longitude", "en": "Longitude"},
    "location_precision": {"fr": "Précision du lieu", "en": "Location precision"},
    "substance": {"fr": "Substance", "en": "Substance"},
    "substance_label": {"fr": "Substance (libellé d'origine)", "en": "Substance (as written)"},
    "quantity": {"fr": "Quantité", "en": "Quantity"},
    "unit": {"fr": "Unité", "en": "Unit"},
    "quantity_kg": {"fr": "Masse (kg)", "en": "Mass (kg)"},
    "kg_factor": {"fr": "Facteur vers kg", "en": "Factor to kg"},
    "count": {"fr": "Nombre (unités)", "en": "Count (items)"},
    "seizure_count": {"fr": "Nombre de saisies", "en": "Number of seizures"},
    "conveyance": {"fr": "Moyen de transport", "en": "Conveyance"},
    "transport_detail": {"fr": "Détail du transport", "en": "Transport detail"},
    "origin": {"fr": "Provenance", "en": "Origin"},
    "transit": {"fr": "Transit", "en": "Transit"},
    "destination": {"fr": "Destination", "en": "Destination"},
    "agency": {"fr": "Agence", "en": "Agency"},
    "sensitivity": {"fr": "Sensibilité", "en": "Sensitivity"},
    "reliability": {"fr": "Fiabilité", "en": "Reliability"},
    "source": {"fr": "Source", "en": "Source"},
    "notes": {"fr": "Notes", "en": "Notes"},
    "dataset": {"fr": "Jeu de données", "en": "Data set"},
    "batch_id": {"fr": "Lot d'import", "en": "Import batch"},
    "created_at": {"fr": "Importé le", "en": "Imported at"},
    "created_by": {"fr": "Importé par", "en": "Imported by"},
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "land": {"fr": "terrestre", "en": "land"},
    "sea": {"fr": "maritime", "en": "sea"},
    "air": {"fr": "aérien", "en": "air"},
    "mail": {"fr": "postal", "en": "mail"},
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "public": {"fr": "public", "en": "public"},
    "restricted": {"fr": "restreint", "en": "restricted"},
    "confidential": {"fr": "confidentiel", "en": "confidential"},
    "tablets": {"fr": "comprimés", "en": "tablets"},
    "plants": {"fr": "plants", "en": "plants"},
    "units": {"fr": "unités", "en": "units"},
    "doses": {"fr": "doses", "en": "doses"},
    "blotters": {"fr": "buvards", "en": "blotters"},
    "day": {"fr": "jour", "en": "day"},
    "month": {"fr": "mois", "en": "month"},
    "year": {"fr": "année", "en": "year"},
    "exact": {"fr": "exacte", "en": "exact"},
    "place": {"fr": "localité", "en": "place"},
    "admin1": {"fr": "région", "en": "region"},
    "country": {"fr": "pays (centroïde)", "en": "country (centroid)"},
    "unlocated": {"fr": "non localisée", "en": "not located"},
    "agency": {"fr": "agence", "en": "agency"},
    "demo": {"fr": "démonstration synthétique", "en": "synthetic demo"},
}

STRINGS.update(admin_strings.STRINGS)  # the Administration page's strings; a test checks no key is in both


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``values`` filled in.

    >>> t("table_caption", "fr", shown=3, total=10)
    '3 saisies affichées sur 10. Sélectionnez une ligne pour voir la fiche.'
    """
    return lookup(STRINGS, key, lang, **values)


def field_label(field: str, lang: str) -> str:
    """Column header of a canonical field in ``lang``."""
    return FIELD_LABELS.get(field, {}).get(lang, field)


def value_label(value: str, lang: str) -> str:
    """Label of a vocabulary value (conveyance, sensitivity, unit…) in ``lang``."""
    return VALUE_LABELS.get(value, {}).get(lang, value)


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """Format a number in the language's convention.

    >>> format_number(1234.5, "fr", 1), format_number(1234.5, "en", 1), format_number(2_500_000, "fr")
    ('1\u202f234,5', '1,234.5', '2\u202f500\u202f000')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        # French uses a narrow no-break space for thousands and a decimal comma.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text

