"""Interface strings of the Administration page, in French and English.

Same shape as :data:`geo.i18n.STRINGS`, which merges this table: every key is
prefixed ``admin_`` (except the page title, ``page_admin``) so the two never
collide. This module imports nothing from ``geo`` outside ``geo.i18n`` (which imports it).
Read through :func:`t`: ``from geo.i18n import admin as admin_text``, then ``admin_text.t("admin_caption", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    "page_admin": {"fr": "Administration", "en": "Administration"},
    "admin_caption": {
        "fr": "Agences, utilisateurs et rôles, accords de partage et journal d'audit.",
        "en": "Agencies, users and roles, sharing agreements and the audit trail.",
    },
    "admin_tab_agencies": {"fr": "Agences", "en": "Agencies"},
    "admin_tab_users": {"fr": "Utilisateurs et rôles", "en": "Users and roles"},
    "admin_tab_sharing": {"fr": "Accords de partage", "en": "Sharing agreements"},
    "admin_tab_audit": {"fr": "Journal d'audit", "en": "Audit trail"},
    # Column headers
    "admin_col_id": {"fr": "Identifiant", "en": "Id"},
    "admin_col_name": {"fr": "Nom", "en": "Name"},
    "admin_col_country": {"fr": "Pays", "en": "Country"},
    "admin_col_registered": {"fr": "Enregistrée le (UTC)", "en": "Registered (UTC)"},
    "admin_col_email": {"fr": "Adresse e-mail", "en": "E-mail"},
    "admin_col_agency": {"fr": "Agence", "en": "Agency"},
    "admin_col_role": {"fr": "Rôle", "en": "Role"},
    "admin_col_clearance": {"fr": "Habilitation", "en": "Clearance"},
    "admin_col_status": {"fr": "Statut", "en": "Status"},
    "admin_col_updated": {"fr": "Modifié le (UTC)", "en": "Last changed (UTC)"},
    "admin_col_agreement": {"fr": "Accord", "en": "Agreement"},
    "admin_col_since": {"fr": "Depuis (UTC)", "en": "Since (UTC)"},
    "admin_col_granted_by": {"fr": "Accordé par", "en": "Granted by"},
    "admin_col_at": {"fr": "Date (UTC)", "en": "When (UTC)"},
    "admin_col_actor": {"fr": "Auteur", "en": "Actor"},
    "admin_col_actor_agency": {"fr": "Agence de l'auteur", "en": "Actor's agency"},
    "admin_col_action": {"fr": "Action", "en": "Action"},
    "admin_col_target": {"fr": "Objet", "en": "Target"},
    "admin_col_records": {"fr": "Saisies", "en": "Records"},
    "admin_col_filters": {"fr": "Filtres", "en": "Filters"},
    "admin_col_detail": {"fr": "Détail", "en": "Detail"},
    "admin_active": {"fr": "actif", "en": "active"},
    "admin_inactive": {"fr": "inactif", "en": "inactive"},
    "admin_yes": {"fr": "oui", "en": "yes"},
    "admin_no": {"fr": "non", "en": "no"},
    # Roles and audit actions
    "admin_roles_help": {
        "fr": "Lecteur : carte, tendances, saisies et notes de synthèse. Analyste : aussi l'import. Administrateur :"
              " aussi cette page. L'habilitation est le niveau de sensibilité le plus élevé que la personne peut lire.",
        "en": "Viewer: map, trends, records and briefings. Analyst: also import. Administrator: also this page."
              " The clearance is the highest sensitivity level the person may read.",
    },
    "admin_action_sign_in": {"fr": "Connexion", "en": "Sign-in"},
    "admin_action_sign_in_refused": {"fr": "Connexion refusée", "en": "Sign-in refused"},
    "admin_action_import": {"fr": "Import", "en": "Import"},
    "admin_action_export": {"fr": "Export", "en": "Export"},
    "admin_action_briefing": {"fr": "Note de synthèse", "en": "Briefing"},
    "admin_action_record_edit": {"fr": "Saisie modifiée", "en": "Record edited"},
    "admin_action_agency_saved": {"fr": "Agence enregistrée", "en": "Agency saved"},
    "admin_action_user_saved": {"fr": "Utilisateur enregistré", "en": "User saved"},
    "admin_action_sharing_granted": {"fr": "Partage accordé", "en": "Sharing granted"},
    "admin_action_sharing_revoked": {"fr": "Partage révoqué", "en": "Sharing revoked"},
    "admin_action_batch_removed": {"fr": "Lot supprimé", "en": "Batch removed"},
    "admin_action_duplicate_confirmed": {"fr": "Doublon confirmé", "en": "Duplicate confirmed"},
    "admin_action_duplicate_rejected": {"fr": "Doublon rejeté", "en": "Duplicate rejected"},
    "admin_action_profile_saved": {"fr": "Profil de correspondance enregistré", "en": "Mapping profile saved"},
    "admin_action_profile_removed": {"fr": "Profil de correspondance supprimé", "en": "Mapping profile removed"},
    "admin_action_backup": {"fr": "Sauvegarde de la base", "en": "Store backed up"},
    "admin_action_restore": {"fr": "Base restaurée depuis une sauvegarde", "en": "Store restored from a backup"},
    # Keys of the audit trail's filters and details
    "admin_key_substances": {"fr": "substances", "en": "substances"},
    "admin_key_countries": {"fr": "pays", "en": "countries"},
    "admin_key_conveyances": {"fr": "transport", "en": "conveyance"},
    "admin_key_datasets": {"fr": "jeux de données", "en": "data sets"},
    "admin_key_identity": {"fr": "identité", "en": "identity"},
    "admin_key_reason": {"fr": "motif", "en": "reason"},
    "admin_key_from": {"fr": "du", "en": "from"},
    "admin_key_to": {"fr": "au", "en": "to"},
    "admin_key_as": {"fr": "vu comme", "en": "as"},
    "admin_key_file": {"fr": "fichier", "en": "file"},
    "admin_key_kind": {"fr": "type", "en": "kind"},
    "admin_key_rows": {"fr": "lignes", "en": "rows"},
    "admin_key_quarantined": {"fr": "en quarantaine", "en": "quarantined"},
    "admin_key_duplicates": {"fr": "doublons", "en": "duplicates"},
    "admin_key_name": {"fr": "nom", "en": "name"},
    "admin_key_country": {"fr": "pays", "en": "country"},
    "admin_key_new": {"fr": "nouveau", "en": "new"},
    "admin_key_agency": {"fr": "agence", "en": "agency"},
    "admin_key_role": {"fr": "rôle", "en": "role"},
    "admin_key_clearance": {"fr": "habilitation", "en": "clearance"},
    "admin_key_active": {"fr": "actif", "en": "active"},
    "admin_key_format": {"fr": "format", "en": "format"},
    "admin_key_action": {"fr": "actions", "en": "actions"},
    "admin_key_actor": {"fr": "auteur", "en": "actor"},
    # Messages after a change
    "admin_save": {"fr": "Enregistrer", "en": "Save"},
    "admin_not_saved": {"fr": "Rien n'a été enregistré : {reason}", "en": "Nothing was saved: {reason}"},
    "admin_required": {"fr": "{field} : obligatoire", "en": "{field}: required"},
    "admin_too_long": {"fr": "{field} : {n} caractères au plus", "en": "{field}: at most {n} characters"},
    "admin_bad_email": {
        "fr": "adresse e-mail {email} : une adresse de la forme nom@domaine est attendue",
        "en": "e-mail {email}: expected an address of the form name@domain",
    },
    "admin_bad_country": {
        "fr": "pays {country} : code ISO3 inconnu",
        "en": "country {country}: not an ISO3 code",
    },
    # Agencies
    "admin_agencies_none": {"fr": "Aucune agence enregistrée.", "en": "No agency registered yet."},
    "admin_agency_pick": {"fr": "Agence à modifier", "en": "Agency to change"},
    "admin_agency_new": {"fr": "— nouvelle agence —", "en": "— new agency —"},
    "admin_agency_form": {"fr": "Ajouter ou renommer une agence", "en": "Add or rename an agency"},
    "admin_agency_id": {"fr": "Identifiant de l'agence", "en": "Agency id"},
    "admin_agency_id_help": {
        "fr": "Court et stable (ex. sen-ocrtis) : les saisies importées le portent. Un autre identifiant crée une"
              " autre agence.",
        "en": "Short and stable (e.g. sen-ocrtis): imported records carry it. A different id registers another"
              " agency.",
    },
    "admin_agency_name": {"fr": "Nom complet", "en": "Full name"},
    "admin_agency_country": {"fr": "Pays", "en": "Country"},
    "admin_no_country": {"fr": "— aucun (organisation régionale) —", "en": "— none (regional body) —"},
    "admin_agency_added": {"fr": "Agence {agency} ajoutée.", "en": "Agency {agency} added."},
    "admin_agency_changed": {"fr": "Agence {agency} modifiée.", "en": "Agency {agency} changed."},
    # Users
    "admin_users_none": {"fr": "Aucun utilisateur enregistré.", "en": "No user registered yet."},
    "admin_user_pick": {"fr": "Utilisateur à modifier", "en": "User to change"},
    "admin_user_new": {"fr": "— nouvel utilisateur —", "en": "— new user —"},
    "admin_user_form": {"fr": "Ajouter ou modifier un utilisateur", "en": "Add or change a user"},
    "admin_user_email": {"fr": "Adresse e-mail (celle de la connexion)", "en": "E-mail (the one they sign in with)"},
    "admin_user_name": {"fr": "Nom", "en": "Name"},
    "admin_user_agency": {"fr": "Agence", "en": "Agency"},
    "admin_user_role": {"fr": "Rôle", "en": "Role"},
    "admin_user_clearance": {"fr": "Habilitation", "en": "Clearance"},
    "admin_user_active": {"fr": "Actif (peut se connecter)", "en": "Active (may sign in)"},
    "admin_user_added": {"fr": "Utilisateur {email} ajouté.", "en": "User {email} added."},
    "admin_user_changed": {"fr": "Utilisateur {email} modifié.", "en": "User {email} changed."},
    "admin_register_agency_first": {
        "fr": "Enregistrez d'abord une agence (onglet « Agences »).",
        "en": "Register an agency first (\"Agencies\" tab).",
    },
    "admin_self_lockout": {
        "fr": "vous ne pouvez ni retirer vos propres droits d'administrateur ni désactiver votre compte ;"
              " demandez-le à un autre administrateur",
        "en": "you cannot remove your own administrator rights or deactivate your own account; ask another"
              " administrator",
    },
    # Sharing
    "admin_sharing_sentence": {
        "fr": "{owner} partage ses saisies restreintes avec {partner}",
        "en": "{owner} shares its restricted records with {partner}",
    },
    "admin_sharing_help": {
        "fr": "Saisies publiques : tout le monde. Restreintes : l'agence propriétaire et les agences avec lesquelles"
              " elle partage. Confidentielles : l'agence propriétaire seule.",
        "en": "Public records: everyone. Restricted: the owner agency and the agencies it shares with."
              " Confidential: the owner agency only.",
    },
    "admin_sharing_none": {
        "fr": "Aucun accord : chaque agence est seule à voir ses saisies restreintes.",
        "en": "No agreement: each agency alone sees its restricted records.",
    },
    "admin_sharing_needs_two": {
        "fr": "Un accord lie deux agences : enregistrez-en au moins deux (onglet « Agences »).",
        "en": "An agreement links two agencies: register at least two (\"Agencies\" tab).",
    },
    "admin_sharing_grant_form": {"fr": "Nouvel accord", "en": "New agreement"},
    "admin_sharing_owner": {"fr": "Agence qui partage", "en": "Agency that shares"},
    "admin_sharing_partner": {"fr": "Agence qui reçoit", "en": "Agency that receives"},
    "admin_sharing_grant": {"fr": "Accorder", "en": "Grant"},
    "admin_sharing_granted": {"fr": "Accord enregistré : {sentence}.", "en": "Agreement recorded: {sentence}."},
    "admin_sharing_exists": {
        "fr": "Cet accord existe déjà : {sentence}.",
        "en": "This agreement exists already: {sentence}.",
    },
    "admin_sharing_revoke_form": {"fr": "Révoquer un accord", "en": "Revoke an agreement"},
    "admin_sharing_pick": {"fr": "Accord à révoquer", "en": "Agreement to revoke"},
    "admin_sharing_revoke": {"fr": "Révoquer", "en": "Revoke"},
    "admin_sharing_revoked": {"fr": "Accord révoqué : {sentence}.", "en": "Agreement revoked: {sentence}."},
    "admin_sharing_self": {
        "fr": "une agence ne partage pas avec elle-même",
        "en": "an agency does not share with itself",
    },
    "admin_sharing_missing": {"fr": "cet accord n'existe plus", "en": "this agreement no longer exists"},
    # Audit trail
    "admin_audit_actions": {"fr": "Actions", "en": "Actions"},
    "admin_audit_actor": {"fr": "Auteur (partie de l'adresse)", "en": "Actor (part of the address)"},
    "admin_audit_agency": {"fr": "Agence de l'auteur", "en": "Actor's agency"},
    "admin_audit_all": {"fr": "Toutes", "en": "All"},
    "admin_audit_dates": {"fr": "Période", "en": "Dates"},
    "admin_audit_count": {
        "fr": "{n} événement(s), du plus récent au plus ancien.",
        "en": "{n} event(s), newest first.",
    },
    "admin_audit_limited": {
        "fr": "Seuls les {n} plus récents sont affichés : précisez les filtres.",
        "en": "Only the {n} most recent are shown: narrow the filters.",
    },
    "admin_audit_readonly": {
        "fr": "Le journal est en lecture seule : l'application ne permet ni de le modifier ni de l'effacer.",
        "en": "The trail is read-only: nothing in the app can change or delete it.",
    },
    "admin_audit_empty": {
        "fr": "Aucun événement ne correspond à ces filtres.",
        "en": "No event matches these filters.",
    },
    "admin_audit_download": {"fr": "Télécharger le journal filtré (CSV)", "en": "Download the filtered trail (CSV)"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The Administration string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)
