"""Words of the Trends charts and tables (:mod:`geo.trends`): titles, axes, captions, column headers.

Read through :func:`t`: ``from geo.i18n import trends as trend_text``, then ``trend_text.t("no_data", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    # shared and tables
    # Coverage (issue 15): shared records beside the official annual totals (geo.trends.coverage_chart)
    "coverage_title": {"fr": "Saisies partagées et total officiel annuel, par {by}",
                       "en": "Shared seizures and the official annual total, by {by}"},
    "coverage_records": {"fr": "Saisies partagées (kg)", "en": "Shared seizures (kg)"},
    "coverage_official": {"fr": "Total officiel (kg)", "en": "Official total (kg)"},
    "coverage_share": {"fr": "Part couverte", "en": "Share covered"},
    "coverage_year": {"fr": "Année", "en": "Year"},
    "coverage_series": {"fr": "Série", "en": "Series"},
    "coverage_by_country": {"fr": "pays", "en": "country"},
    "coverage_by_substance": {"fr": "substance", "en": "substance"},
    "coverage_note": {"fr": "Ligne : total officiel déclaré (membres d'un groupe, jamais groupe et membres) ; barres : "
                            "kilogrammes des saisies partagées visibles",
                      "en": "Line: official total reported (a group's members, never group and members); bars: "
                            "kilograms of the shared seizures you may see"},
    "coverage_none": {"fr": "Aucun total officiel annuel pour ces filtres : importez un tableau de totaux (ONUDC).",
                      "en": "No official annual total for these filters: import a totals table (UNODC)."},
    "caption_period": {"fr": "Période : {period}", "en": "Period: {period}"},
    "demo_note": {
        "fr": "Inclut {n} saisies synthétiques de démonstration, qui ne décrivent aucun fait réel",
        "en": "Includes {n} synthetic demo records, which describe no real event",
    },
    "no_data": {"fr": "Aucune donnée pour cette période et ces filtres.",
                "en": "No data for this period and these filters."},
    "new": {"fr": "nouveau", "en": "new"},
    "unspecified": {"fr": "non précisé", "en": "not stated"},
    "unit_kg": {"fr": "kg", "en": "kg"},
    "unit_cases": {"fr": "saisies", "en": "seizures"},
    "unit_tablets": {"fr": "comprimés", "en": "tablets"},
    "unit_plants": {"fr": "plants", "en": "plants"},
    "status_emerging": {"fr": "▲ émergent", "en": "▲ emerging"},
    "status_fading": {"fr": "▼ en recul", "en": "▼ fading"},
    "status_stable": {"fr": "= stable", "en": "= stable"},
    "north": {"fr": "N", "en": "N"},
    "south": {"fr": "S", "en": "S"},
    "east": {"fr": "E", "en": "E"},
    "west": {"fr": "O", "en": "W"},
    "col_period": {"fr": "Période", "en": "Period"},
    "col_rank": {"fr": "Rang", "en": "Rank"},
    "col_movement": {"fr": "Évolution du rang", "en": "Rank movement"},
    "col_substance": {"fr": "Substance", "en": "Substance"},
    "col_top_substance": {"fr": "Substance principale", "en": "Main substance"},
    "col_leg": {"fr": "Tronçon", "en": "Leg"},
    "col_country": {"fr": "Pays", "en": "Country"},
    "col_mode": {"fr": "Transport", "en": "Conveyance"},
    "col_kg": {"fr": "Masse (kg)", "en": "Mass (kg)"},
    "col_cases": {"fr": "Saisies", "en": "Seizures"},
    "col_tablets": {"fr": "Comprimés", "en": "Tablets"},
    "col_share": {"fr": "Part", "en": "Share"},
    "col_basis": {"fr": "Mesuré en", "en": "Measured in"},
    "col_status": {"fr": "Tendance", "en": "Trend"},
    "col_now": {"fr": "Période actuelle", "en": "This period"},
    "col_before": {"fr": "Période précédente", "en": "Previous period"},
    "col_ratio": {"fr": "Rapport", "en": "Ratio"},
    "col_cases_now": {"fr": "Saisies (actuelle)", "en": "Seizures (this period)"},
    "col_cases_before": {"fr": "Saisies (précédente)", "en": "Seizures (previous)"},
    "col_place": {"fr": "Près de (lat., long. arrondies)", "en": "Near (rounded lat., lon.)"},
    # charts
    "series_title_substance": {"fr": "{measure} par substance", "en": "{measure} by substance"},
    "series_title_country": {"fr": "{measure} par pays de saisie", "en": "{measure} by country of seizure"},
    "measure_kg": {"fr": "Masse saisie", "en": "Mass seized"},
    "measure_cases": {"fr": "Saisies", "en": "Seizures"},
    "measure_tablets": {"fr": "Comprimés saisis", "en": "Tablets seized"},
    "measure_plants": {"fr": "Plants saisis", "en": "Plants seized"},
    "axis_kg": {"fr": "Masse saisie (kg)", "en": "Mass seized (kg)"},
    "axis_kg_mixed": {"fr": "Masse saisie (kg, sauf unité indiquée)", "en": "Mass seized (kg unless stated)"},
    "axis_cases": {"fr": "Nombre de saisies", "en": "Number of seizures"},
    "axis_tablets": {"fr": "Comprimés saisis", "en": "Tablets seized"},
    "axis_plants": {"fr": "Plants saisis", "en": "Plants seized"},
    "axis_period": {"fr": "Début de période", "en": "Period start"},
    "window": {"fr": "Période sélectionnée", "en": "Selected period"},
    "quantity": {"fr": "Quantité", "en": "Quantity"},
    "top_legs_title": {"fr": "Principaux tronçons de route — {period}", "en": "Main route legs — {period}"},
    "top_legs_note": {"fr": "Les {n} tronçons les plus chargés, toutes substances confondues, par unité",
                      "en": "The {n} heaviest legs, all substances together, per unit"},
    "change_title_kg": {"fr": "Évolution de la masse saisie par pays", "en": "Change in mass seized by country"},
    "change_title_cases": {"fr": "Évolution du nombre de saisies par pays",
                           "en": "Change in number of seizures by country"},
    "axis_change_kg": {"fr": "Écart de masse (kg) : actuelle − précédente",
                       "en": "Difference in mass (kg): this period − previous"},
    "axis_change_cases": {"fr": "Écart du nombre de saisies : actuelle − précédente",
                          "en": "Difference in seizures: this period − previous"},
    "change_rise": {"fr": "hausse sous le seuil", "en": "rise below the threshold"},
    "change_drop": {"fr": "baisse sous le seuil", "en": "fall below the threshold"},
    "change_none": {"fr": "= inchangé", "en": "= unchanged"},
    "change_rule": {
        "fr": "Les {shown} plus fortes variations. Règle de la carte, en couleur pleine :\n"
              "▲ émergent = au moins {n} saisies et au moins ×{factor} (ou absent avant) ;\n"
              "▼ en recul = au moins {n} saisies avant et au plus ÷{factor} (ou absent maintenant). "
              "Teinte pâle : variation sous ce seuil.",
        "en": "The {shown} largest changes. The map's rule, in full colour:\n"
              "▲ emerging = at least {n} seizures and at least ×{factor} (or absent before);\n"
              "▼ fading = at least {n} seizures before and at most ÷{factor} (or absent now). "
              "Pale tint: a change below that threshold.",
    },
    "col_difference": {"fr": "Écart", "en": "Difference"},
    "mix_title": {"fr": "Moyens de transport par substance", "en": "Conveyance by substance"},
    "axis_share_cases": {"fr": "Part des saisies (%)", "en": "Share of seizures (%)"},
    "concealment_title": {"fr": "Dissimulations signalées (les {n} plus fréquentes)",
                          "en": "Reported concealment (the {n} most frequent)"},
    "concealment": {"fr": "Dissimulation", "en": "Concealment"},
    "sankey_title": {"fr": "Flux signalés : origine → transit → pays de saisie → destination",
                     "en": "Reported flows: origin → transit → country of seizure → destination"},
    "sankey_other": {"fr": "autres pays", "en": "other countries"},
    "role_origin": {"fr": "origine", "en": "origin"},
    "role_transit": {"fr": "transit", "en": "transit"},
    "role_seized": {"fr": "saisie", "en": "seizure"},
    "role_destination": {"fr": "destination", "en": "destination"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The Trends string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)
