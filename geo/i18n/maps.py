"""Words of the maps (:mod:`geo.maps`): layer names, tooltips and popups, the legend, the printed map.

One table for the interactive map and the printed one (:mod:`geo.maps.static`); a key both use with the
same words is here once. Read it through :func:`t`: ``from geo.i18n import maps as map_text``, then
``map_text.t("legend", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup, lookup_count

STRINGS: dict[str, dict[str, str]] = {
    # Layers, tooltips and popups: geo.maps.layers, reference_layers, flows and choropleth
    "layer_countries": {"fr": "Pays", "en": "Countries"},
    # A legend's tick in thousands, millions, billions ("2,7 M"): long figures would run into each other.
    "thousands_short": {"fr": "{n}\u202fk", "en": "{n}k"},
    "millions_short": {"fr": "{n}\u202fM", "en": "{n}M"},
    "billions_short": {"fr": "{n}\u202fMd", "en": "{n}bn"},
    # Coverage (issue 15): shared records against the official annual totals (geo.maps.coverage_layer)
    "layer_coverage": {"fr": "Couverture du total officiel {year}", "en": "Coverage of the {year} official total"},
    "coverage_tip": {"fr": "{share} du total officiel {year} ({records} kg sur {official} kg)",
                     "en": "{share} of the {year} official total ({records} kg of {official} kg)"},
    "coverage_no_total": {"fr": "pas de total officiel {year}", "en": "no official total for {year}"},
    "coverage_key": {"fr": "Couverture du total officiel {year} (couche)", "en": "Coverage of the {year} official "
                                                                              "total (layer)"},
    "coverage_none_key": {"fr": "pas de total officiel", "en": "no official total"},
    "layer_corridors": {"fr": "Couloirs et routes documentés", "en": "Documented corridors and routes"},
    "layer_posts": {"fr": "Postes frontières", "en": "Border posts"},
    "layer_ports": {"fr": "Ports et aéroports", "en": "Seaports and airports"},
    "layer_public": {"fr": "Saisies publiques (sources ouvertes)", "en": "Public reports (open sources)"},
    "layer_flows": {"fr": "Flux reconstitués", "en": "Reconstructed flows"},
    "mode": {"fr": "Mode", "en": "Mode"},
    "active": {"fr": "Période signalée", "en": "Reported active"},
    "confidence": {"fr": "Confiance", "en": "Confidence"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "schematic": {"fr": "tracé en partie schématique (pointillés)", "en": "path partly schematic (dashed)"},
    "countries_of": {"fr": "Pays", "en": "Countries"},
    "approximate": {"fr": "position approximative", "en": "approximate position"},
    "seaport": {"fr": "port maritime", "en": "seaport"},
    "airport": {"fr": "aéroport", "en": "airport"},
    "landing_point": {"fr": "point de débarquement", "en": "landing point"},
    "no_data": {"fr": "aucune donnée", "en": "no data"},
    "cases": {"fr": "saisies", "en": "seizures"},
    "kg": {"fr": "kg", "en": "kg"},
    "share": {"fr": "part", "en": "share"},
    "emerging": {"fr": "émergent", "en": "emerging"},
    "fading": {"fr": "en déclin", "en": "fading"},
    "stable": {"fr": "stable", "en": "stable"},
    "public_report": {"fr": "Saisie publique", "en": "Public report"},
    # Base layers: geo.maps.basemap
    "basemap": {"fr": "Fond vectoriel (hors ligne)", "en": "Vector basemap (offline)"},
    "osm": {"fr": "OpenStreetMap (internet requis)", "en": "OpenStreetMap (needs internet)"},
    # Seizures: geo.maps.seizures; "seizures" titles the printed map's legend too
    "seizures": {"fr": "Saisies", "en": "Seizures"},
    "points": {"fr": "points", "en": "points"},
    "hexagons": {"fr": "hexagones (H3 rés. {res})", "en": "hexagons (H3 res {res})"},
    "route": {"fr": "Itinéraire déclaré", "en": "Reported route"},
    "tablets_short": {"fr": "comprimés", "en": "tablets"},
    # Legend: geo.maps.legend; "reference" and "post" are the printed map's words too
    "legend": {"fr": "Légende", "en": "Legend"},
    "size": {"fr": "Taille ∝ quantité (kg ; comprimés et plants comptés)",
             "en": "Size ∝ quantity (kg; tablets and plants counted)"},
    "hex_total": {"fr": "Total par hexagone", "en": "Total per hexagon"},
    "unlocated": {"fr": "{n} saisies sans position non dessinées", "en": "{n} seizures without a position not drawn"},
    "demo": {"fr": "dont {n} saisies synthétiques de démonstration", "en": "including {n} synthetic demo records"},
    "demo_one": {"fr": "dont {n} saisie synthétique de démonstration", "en": "including {n} synthetic demo record"},
    # The timeline's legend stays while the periods change: it names no count, the caption under the period does.
    "demo_some": {"fr": "dont des saisies synthétiques de démonstration (nombre sous la période)",
                  "en": "including synthetic demo records (count under the period)"},
    "demo_period": {"fr": "Cette période inclut {n} saisies synthétiques de démonstration, qui ne décrivent aucun"
                          " fait réel.",
                    "en": "This period includes {n} synthetic demo records, which describe no real event."},
    "demo_period_one": {"fr": "Cette période inclut {n} saisie synthétique de démonstration, qui ne décrit aucun"
                              " fait réel.",
                        "en": "This period includes {n} synthetic demo record, which describes no real event."},
    "flows": {"fr": "Flux : largeur ∝ poids (kg, ou saisies)", "en": "Flows: width ∝ weight (kg, or cases)"},
    "countries_key": {"fr": "Pays", "en": "Countries"},
    "reference": {"fr": "Repères", "en": "Reference"},
    "post": {"fr": "poste frontière", "en": "border post"},
    "post_approx": {"fr": "poste, position approximative", "en": "post, approximate position"},
    "corridor": {"fr": "couloir documenté", "en": "documented corridor"},
    "schematic_path": {"fr": "tracé schématique", "en": "schematic path"},
    "credits": {"fr": "Fond : Natural Earth (domaine public) · Noms : GeoNames",
                "en": "Basemap: Natural Earth (public domain) · Names: GeoNames"},
    # The caption inside the map: geo.maps.caption (period, key figures, heaviest leg; presenter mode's large type)
    "figures": {"fr": "{cases} saisies · {kg} kg", "en": "{cases} seizures · {kg} kg"},
    "legs_line": {"fr": "{legs} tronçons de route ({changes})", "en": "{legs} route legs ({changes})"},
    "changes": {"fr": "{emerging} en forte hausse, {fading} en forte baisse",
                "en": "{emerging} emerging, {fading} fading"},
    "no_earlier": {"fr": "aucune période antérieure pour comparer", "en": "no earlier period to compare"},
    "heaviest_leg": {"fr": "Tronçon le plus lourd", "en": "Heaviest leg"},
    "demo_badge": {"fr": "démo synthétique", "en": "synthetic demo"},
    # Several records at one place: geo.maps.seizures
    "stacked": {"fr": "{n} saisies à cet endroit (la plus grande d'abord)",
                "en": "{n} seizures at this place (largest first)"},
    "stacked_tip": {"fr": "{n} saisies ici", "en": "{n} seizures here"},
    "near": {"fr": "près de {place}", "en": "near {place}"},
    # The printed map, geo.maps.static: its key and credits are worded more briefly than the legend's
    "others": {"fr": "+ {n} autres substances", "en": "+ {n} other substances"},
    "sizes": {"fr": "Quantité saisie par lieu\n(u. : comprimés, plants, unités)",
              "en": "Quantity seized per place\n(u.: tablets, plants, units)"},
    "print_flows": {"fr": "Flux : largeur ∝ kg (ou saisies)", "en": "Flows: width ∝ kg (or cases)"},
    "maritime": {"fr": "couloir maritime documenté", "en": "documented sea corridor"},
    "land": {"fr": "route terrestre documentée", "en": "documented land route"},
    "print_credits": {"fr": "Fond : Natural Earth (domaine public)", "en": "Basemap: Natural Earth (public domain)"},
    # Route provenance and the decluttered flow map (issue 17): geo.maps.flows, flow_key, static, the animation
    "layer_minor_flows": {"fr": "Axes secondaires", "en": "Minor legs"},
    "hotspots_help": {"fr": "Analyse spatio-temporelle de toutes les périodes jusqu'à celle affichée, calculée sur "
                           "les saisies elles-mêmes : plus lente sur un grand registre.",
                     "en": "A space-time analysis of every period up to the one shown, computed from the seizures "
                           "themselves: slower on a large register."},
    "route_reported": {"fr": "itinéraire déclaré (trait plein)", "en": "reported route (solid)"},
    "route_inferred": {"fr": "itinéraire déduit (tirets)", "en": "inferred route (dashed)"},
    "reported_share": {"fr": "{share} du poids aux deux bouts déclarés",
                       "en": "{share} of the weight with both ends reported"},
    "passage_chosen": {"fr": "passage choisi par le programme : {where}",
                       "en": "passage chosen by the program: {where}"},
    "via_border_post": {"fr": "poste frontière {name}", "en": "border post {name}"},
    "via_border": {"fr": "point de la frontière commune", "en": "a point of the shared border"},
    "via_corridor": {"fr": "couloir maritime {name}", "en": "sea corridor {name}"},
    "key_families": {"fr": "Flux : une couleur par famille", "en": "Flows: one colour per family"},
    "family_cocaine": {"fr": "cocaïne", "en": "cocaine"},
    "family_cannabis": {"fr": "cannabis", "en": "cannabis"},
    "family_ats": {"fr": "stimulants de type amphétamine", "en": "amphetamine-type stimulants"},
    "family_opioids": {"fr": "opioïdes", "en": "opioids"},
    "family_other": {"fr": "autres", "en": "other"},
    "short_family_cocaine": {"fr": "cocaïne", "en": "cocaine"},
    "short_family_cannabis": {"fr": "cannabis", "en": "cannabis"},
    "short_family_ats": {"fr": "amphétamines", "en": "amphetamines"},
    "short_family_opioids": {"fr": "opioïdes", "en": "opioids"},
    "short_family_other": {"fr": "autres", "en": "other"},
    "key_reported": {"fr": "déclaré : les deux pays donnés par les saisies",
                     "en": "reported: both countries given by the seizures"},
    "key_inferred": {"fr": "déduit : un bout ou un passage choisi par le programme",
                     "en": "inferred: an end or a passage the program chose"},
    "print_reported": {"fr": "déclaré", "en": "reported"},
    "print_inferred": {"fr": "déduit (tirets)", "en": "inferred (dashed)"},
    "top_legs_input": {"fr": "Tronçons affichés", "en": "Legs shown"},
    "top_legs_help": {"fr": "Les plus lourds de chaque substance tour à tour ; les autres vont aux axes secondaires.",
                      "en": "The heaviest of each substance in turn; the others go to the minor legs."},
    "key_top": {"fr": "{n} tronçons les plus lourds ; les autres : « Axes secondaires »",
                "en": "the {n} heaviest legs; the others: \"Minor legs\""},
    # Silence and scope (issue 15): geo.analysis.scope, geo.maps.silence
    "no_report": {"fr": "pas de déclaration", "en": "no report"},
    "layer_no_report": {"fr": "Pays sans déclaration", "en": "Countries with no report"},
    "no_report_tip": {"fr": "aucun enregistrement pour cette période (pas de déclaration, pas un zéro)",
                      "en": "no record for this period (no report, not a zero)"},
    "no_report_key": {"fr": "pas de déclaration (aucun enregistrement, ≠ zéro)",
                      "en": "no report (no record at all, ≠ zero)"},
    "silent_countries": {"fr": "Pas de déclaration pour cette période : {names}.",
                         "en": "No report for this period: {names}."},
    "silent_agencies": {"fr": "Agences sans enregistrement pour cette période : {names}.",
                        "en": "Agencies with no record for this period: {names}."},
    "outside_region": {"fr": "{share} % des kilogrammes ({kg} kg) ont été saisis hors de la région affichée : {where}.",
                       "en": "{share} % of the kilograms ({kg} kg) were seized outside the region shown: {where}."},
    "outside_more": {"fr": "{n} autres", "en": "{n} more"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The map string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)


def t_count(key: str, lang: str, count: float, **values: object) -> str:
    """The map string ``key`` (or its singular ``{key}_one``) for ``count`` things."""
    return lookup_count(STRINGS, key, lang, count, **values)
