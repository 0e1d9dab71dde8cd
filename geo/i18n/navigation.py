"""Words of the app's own answer to an address it has no page for (``ui/navigation.py``).

A page the reader's role does not open, or an address that is no page at all, gets one of these screens in the
reader's language instead of Streamlit's English "Page not found" dialog. Read through :func:`t`.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    "not_found_title": {"fr": "Page introuvable", "en": "Page not found"},
    "not_found_text": {"fr": "L'adresse « {path} » ne correspond à aucune page de Couloirs.",
                       "en": "The address “{path}” is not a page of Couloirs."},
    "back_to_map": {"fr": "Retour à la carte", "en": "Back to the map"},
    # A page closed to the reader: "sign in to …" in the open demo and before sign-in, else "your role …"
    "sign_in_demo": {"fr": "Cette démonstration ouverte n'a pas de connexion : seules les données publiques et "
                           "synthétiques s'y consultent. Installée avec une connexion (voir le README), Couloirs "
                           "ouvre cette page aux comptes dont le rôle le permet.",
                     "en": "This open demo has no sign-in: only public and synthetic data can be viewed here. "
                           "Installed with a sign-in (see the README), Couloirs opens this page to the accounts "
                           "whose role allows it."},
    "role_closed": {"fr": "Votre rôle ({role}) ne donne pas accès à cette page. Demandez-le à l'administrateur de "
                          "votre agence.",
                    "en": "Your role ({role}) does not open this page. Ask your agency's administrator for it."},
}

# "Connectez-vous pour …" / "Sign in to …", one per page (geo.access.PAGES_BY_ROLE names them)
SIGN_IN_FOR: dict[str, dict[str, str]] = {
    "map": {"fr": "Connectez-vous pour voir la carte", "en": "Sign in to see the map"},
    "trends": {"fr": "Connectez-vous pour voir les tendances", "en": "Sign in to see the trends"},
    "records": {"fr": "Connectez-vous pour consulter les saisies", "en": "Sign in to see the records"},
    "briefing": {"fr": "Connectez-vous pour préparer une note", "en": "Sign in to prepare a briefing"},
    "import": {"fr": "Connectez-vous pour importer", "en": "Sign in to import"},
    "admin": {"fr": "Connectez-vous pour administrer Couloirs", "en": "Sign in to administer Couloirs"},
}
# The same pages for a signed-in reader whose role does not open them
CLOSED_TO_ROLE: dict[str, dict[str, str]] = {
    "map": {"fr": "La carte n'est pas ouverte à votre rôle", "en": "The map is not open to your role"},
    "trends": {"fr": "Les tendances ne sont pas ouvertes à votre rôle", "en": "Trends are not open to your role"},
    "records": {"fr": "Les saisies ne sont pas ouvertes à votre rôle", "en": "Records are not open to your role"},
    "briefing": {"fr": "Les notes ne sont pas ouvertes à votre rôle", "en": "Briefings are not open to your role"},
    "import": {"fr": "L'import n'est pas ouvert à votre rôle", "en": "Import is not open to your role"},
    "admin": {"fr": "L'administration n'est pas ouverte à votre rôle",
              "en": "Administration is not open to your role"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The navigation string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)


def sign_in_for(page: str, lang: str) -> str:
    """"Connectez-vous pour importer" / "Sign in to import" for ``page``."""
    return lookup(SIGN_IN_FOR, page, lang)


def closed_to_role(page: str, lang: str) -> str:
    """"L'import n'est pas ouvert à votre rôle" / "Import is not open to your role" for ``page``."""
    return lookup(CLOSED_TO_ROLE, page, lang)
