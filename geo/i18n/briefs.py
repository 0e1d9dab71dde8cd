"""Words of the briefings (:mod:`geo.briefs`): the one-pager, the deck and the animation.

Read through :func:`t`: ``from geo.i18n import briefs as brief_text``, then ``brief_text.t("key_figures", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup, lookup_count

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
    "emerging": {"fr": "Routes émergentes : forte hausse selon la règle de variation Couloirs 1",
                 "en": "Emerging routes: strong increase by Couloirs change rule 1"},
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
    "col_before": {"fr": "Référence", "en": "Baseline"},
    "col_status": {"fr": "Tendance", "en": "Trend"},
    "others": {"fr": "Autres substances ({n})", "en": "Other substances ({n})"},
    "total": {"fr": "Total", "en": "Total"},
    "routes_slide": {"fr": "Routes", "en": "Routes"},
    "now": {"fr": "Période", "en": "This period"},
    "before": {"fr": "Période précédente", "en": "Previous period"},
    # The minister's one-pager (issue 14): geo.briefs.wording writes the headline and the periods as people say them
    "vs": {"fr": "{period} par rapport à {previous}", "en": "{period} vs {previous}"},
    "in_year": {"fr": "en {period}", "en": "in {period}"},
    "in_quarter": {"fr": "au {period}", "en": "in {period}"},
    "in_month": {"fr": "en {period}", "en": "in {period}"},
    "in_span": {"fr": "sur la période {period}", "en": "over {period}"},
    "span": {"fr": "{start} – {end}", "en": "{start} – {end}"},
    "headline_weighed": {"fr": "{substance} : {amount} {seized} {when}, {change}",
                         "en": "{substance}: {amount} {seized} {when}, {change}"},
    "headline_cases": {"fr": "{substance} : {amount} {when}, {change}", "en": "{substance}: {amount} {when}, {change}"},
    "headline_none": {"fr": "Aucune saisie {when}", "en": "No seizure {when}"},
    # Coverage (issue 15): the shared records against the official annual totals (geo.analysis.coverage)
    "coverage_share": {"fr": "Les saisies partagées couvrent {share} du total officiel {year} ({records} sur "
                             "{official})",
                       "en": "Shared records cover {share} of the {year} official total ({records} of {official})"},
    "seized_t": {"fr": "saisies", "en": "seized"},
    "seized_m": {"fr": "saisis", "en": "seized"},
    "seized_m_one": {"fr": "saisi", "en": "seized"},
    "change_on": {"fr": "{change} par rapport à {previous}", "en": "{change} on {previous}"},
    "change_none": {"fr": "contre aucune {in_previous}", "en": "against none {in_previous}"},
    "legs_through": {"fr": "{n} nouveaux tronçons par {country}", "en": "{n} new legs through {country}"},
    "legs_new": {"fr": "{n} nouveaux tronçons", "en": "{n} new legs"},
    "leg_new_one": {"fr": "un nouveau tronçon : {leg}", "en": "one new leg: {leg}"},
    "numbers": {"fr": "zéro,un,deux,trois,quatre,cinq,six,sept,huit,neuf,dix",
                "en": "zero,one,two,three,four,five,six,seven,eight,nine,ten"},
    "unit_t": {"fr": "t", "en": "t"},
    "unit_kg": {"fr": "kg", "en": "kg"},
    "unit_tablets": {"fr": "comprimés", "en": "tablets"},
    "unit_tablets_one": {"fr": "comprimé", "en": "tablet"},
    "unit_plants": {"fr": "plants", "en": "plants"},
    "unit_plants_one": {"fr": "plant", "en": "plant"},
    "unit_cases": {"fr": "saisies", "en": "seizures"},
    "unit_cases_one": {"fr": "saisie", "en": "seizure"},
    "million": {"fr": "{n} millions de", "en": "{n} million"},
    "million_one": {"fr": "{n} million de", "en": "{n} million"},
    "billion": {"fr": "{n} milliards de", "en": "{n} billion"},
    "billion_one": {"fr": "{n} milliard de", "en": "{n} billion"},
    "short_million": {"fr": "M", "en": "M"},
    "short_billion": {"fr": "Md", "en": "bn"},
    "change_new": {"fr": "nouveau", "en": "new"},
    "col_unit": {"fr": "Unité", "en": "Unit"},
    "col_kg_short": {"fr": "kg", "en": "kg"},
    "col_seizures_now": {"fr": "Saisies {period}", "en": "Seizures {period}"},
    "basis_note": {
        "fr": "Évolution {vs} : sur la masse pour les substances pesées, sur le nombre de comprimés ou de plants"
              " pour les autres (à défaut, sur le nombre de saisies).",
        "en": "Change {vs}: on the mass for weighed substances, on the number of tablets or plants for the others"
              " (failing those, on the number of seizures)."},
    "others_short": {"fr": "Autres ({n})", "en": "Others ({n})"},
    "details_title": {"fr": "Tableaux détaillés", "en": "Detailed tables"},
    "details_hint": {"fr": "Tableaux détaillés et références : page 2 du PDF.",
                     "en": "Detailed tables and references: page 2 of the PDF."},
    "references": {"fr": "Références", "en": "References"},
    "reference_line": {"fr": "[{i}] {source} — {n} saisies", "en": "[{i}] {source} — {n} seizures"},
    "reference_line_one": {"fr": "[{i}] {source} — {n} saisie", "en": "[{i}] {source} — {n} seizure"},
    "demo_window": {
        "fr": "Attention : inclut {n} saisies synthétiques de démonstration {when}{previous}, qui ne décrivent aucun"
              " fait réel.",
        "en": "Warning: includes {n} synthetic demo records {when}{previous}, which describe no real event."},
    "demo_window_one": {
        "fr": "Attention : inclut {n} saisie synthétique de démonstration {when}{previous}, qui ne décrit aucun"
              " fait réel.",
        "en": "Warning: includes {n} synthetic demo record {when}{previous}, which describes no real event."},
    "demo_previous": {"fr": "(et {n} {when}, période comparée)", "en": "(and {n} {when}, the period compared)"},
    # The animation of the periods, geo.briefs.animation
    "substances": {"fr": "Substances : {names}", "en": "Substances: {names}"},
    "more": {"fr": "et {n} autres", "en": "and {n} more"},
    "demo_note": {"fr": "Données synthétiques de démonstration, aucun fait réel",
                  "en": "Synthetic demo data, no real event"},
    # Silence (issue 15): countries of the region with no record in the briefing's window
    "silent_countries": {"fr": "Aucune donnée {when} (pas de déclaration) : {names}.",
                         "en": "No data {when} (no report): {names}."},
}


def t(key: str, lang: str, **values: object) -> str:
    """The briefing string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)


def t_count(key: str, lang: str, count: float, **values: object) -> str:
    """The briefing string ``key`` (or its singular ``{key}_one``) for ``count`` things: no "1 saisies"."""
    return lookup_count(STRINGS, key, lang, count, **values)
