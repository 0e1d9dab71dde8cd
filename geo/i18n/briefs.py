"""Words of the briefings (:mod:`geo.briefs`): the one-pager, the deck and the animation.

Read through :func:`t`: ``from geo.i18n import briefs as brief_text``, then ``brief_text.t("key_figures", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    # One-pager and deck: geo.briefs.content, deck, text and onepager
    "title_all": {"fr": "Saisies de drogues en Afrique de l'Ouest et au Sahel",
                  "en": "Drug seizures in West Africa and the Sahel"},
    "title_some": {"fr": "Saisies de drogues en Afrique de l'Ouest et au Sahel : {substances}",
                   "en": "Drug seizures in West Africa and the Sahel: {substances}"},
    "period": {"fr": "Période : {period}", "en": "Period: {period}"},
    "compared": {"fr": "comparée à la période {period}", "en": "compared with {period}"},
    "dates": {"fr": "du {start} au {end}", "en": "{start} – {end}"},
    "filters": {"fr": "Filtres : {filters}", "en": "Filters: {filters}"},
    "no_filters": {"fr": "aucun (toutes les saisies)", "en": "none (every record)"},
    "generated": {"fr": "Générée le {day} à {time} UTC", "en": "Generated on {day} at {time} UTC"},
    "demo_warning": {
        "fr": "Attention : inclut {n} saisies synthétiques de démonstration, qui ne décrivent aucun fait réel.",
        "en": "Warning: includes {n} synthetic demo records, which describe no real event."},
    "key_figures": {"fr": "Chiffres clés", "en": "Key figures"},
    "map": {"fr": "Saisies, flux reconstitués, couloirs et postes frontières",
            "en": "Seizures, reconstructed flows, corridors and border posts"},
    "trend": {"fr": "Évolution par {step}", "en": "Trend by {step}"},
    "top_routes": {"fr": "Principaux tronçons de route", "en": "Main route legs"},
    "emerging": {"fr": "Routes émergentes (par rapport à la période précédente)",
                 "en": "Emerging routes (against the previous period)"},
    "no_emerging": {"fr": "Aucune route émergente.", "en": "No emerging route."},
    "no_records": {"fr": "Aucune saisie dans cette période.", "en": "No record in this period."},
    "sources": {"fr": "Sources : {sources}", "en": "Sources: {sources}"},
    "more_sources": {"fr": "et {n} autres", "en": "and {n} more"},
    "no_source": {"fr": "source non précisée", "en": "source not stated"},
    "col_substance": {"fr": "Substance", "en": "Substance"},
    "col_kg": {"fr": "Masse (kg)", "en": "Mass (kg)"},
    "col_cases": {"fr": "Saisies", "en": "Seizures"},
    "col_tablets": {"fr": "Comprimés", "en": "Tablets"},
    "col_plants": {"fr": "Plants", "en": "Plants"},
    "col_kg_before": {"fr": "kg\n(préc.)", "en": "kg\n(prev.)"},
    "col_cases_before": {"fr": "Saisies\n(préc.)", "en": "Seizures\n(prev.)"},
    "col_change": {"fr": "Évolution", "en": "Change"},
    "col_leg": {"fr": "Tronçon", "en": "Leg"},
    "col_mode": {"fr": "Transport", "en": "Conveyance"},
    "col_weight": {"fr": "Actuelle", "en": "This period"},
    "col_before": {"fr": "Précédente", "en": "Previous"},
    "col_status": {"fr": "Tendance", "en": "Trend"},
    "others": {"fr": "Autres substances ({n})", "en": "Other substances ({n})"},
    "total": {"fr": "Total", "en": "Total"},
    "routes_slide": {"fr": "Routes", "en": "Routes"},
    "now": {"fr": "Période", "en": "This period"},
    "before": {"fr": "Période précédente", "en": "Previous period"},
    # The animation of the periods, geo.briefs.animation
    "substances": {"fr": "Substances : {names}", "en": "Substances: {names}"},
    "more": {"fr": "et {n} autres", "en": "and {n} more"},
    "demo_note": {"fr": "Données synthétiques de démonstration, aucun fait réel",
                  "en": "Synthetic demo data, no real event"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The briefing string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)
