"""Words of the published change rule and of the emerging hot-spot categories, shared by every screen.

The map's tooltips, the Trends page, the briefings and the command line all name a flag the same way, so
these texts live in one area module (:mod:`geo.analysis.change_rules`, :mod:`geo.analysis.hotspots`).
Read through :func:`t`: ``from geo.i18n import changes as change_text``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    "rule_name": {"fr": "règle de variation Couloirs 1", "en": "Couloirs change rule 1"},
    "baseline_previous": {"fr": "la période précédente", "en": "the previous period"},
    "baseline_mean4": {"fr": "la moyenne des 4 périodes précédentes", "en": "the mean of the 4 previous periods"},
    "baseline_cumulative": {"fr": "le cumul jusqu'à la période précédente",
                            "en": "the running total up to the previous period"},
    "rule_summary": {
        "fr": "{name} : comparaison avec {baseline} ; forte hausse au-delà de +{strong} %, hausse de +{inc} % "
              "à +{strong} %, baisse et forte baisse symétriques (÷{inc_ratio} et ÷{strong_ratio}) ; "
              "aucun signal sous {n} saisies dans les deux fenêtres",
        "en": "{name}: compared with {baseline}; strong increase above +{strong} %, increase +{inc} % to "
              "+{strong} %, decrease and strong decrease mirror them (÷{inc_ratio} and ÷{strong_ratio}); "
              "no flag below {n} seizures in both windows",
    },
    "flag_numbers": {"fr": "{band} ({name}) : {now} contre {baseline} de référence, {change}",
                     "en": "{band} ({name}): {now} against a baseline of {baseline}, {change}"},
    "change_new": {"fr": "nouveau", "en": "new"},
    "change_gone": {"fr": "disparu", "en": "gone"},
    "change_none": {"fr": "aucune variation", "en": "no change"},
    # hot-spot method
    "hotspot_method": {
        "fr": "Getis-Ord Gi* par période (cellules H3 voisines, seuil 95 %), puis test de tendance de "
              "Mann-Kendall sur la série des z de chaque cellule : catégories de l'analyse des points chauds "
              "émergents d'ESRI",
        "en": "Getis-Ord Gi* per period (neighbouring H3 cells, 95 % level), then a Mann-Kendall trend test on "
              "each cell's z series: ESRI's emerging hot spot categories",
    },
    "hotspot_legend": {"fr": "Points chauds émergents", "en": "Emerging hot spots"},
    "hotspot_numbers": {
        "fr": "Gi* z = {z} (p = {p}) ; tendance τ = {tau} (p = {trend_p}) ; chaud {hot} périodes sur {periods} ; "
              "{cases} saisies",
        "en": "Gi* z = {z} (p = {p}); trend τ = {tau} (p = {trend_p}); hot in {hot} of {periods} periods; "
              "{cases} seizures",
    },
}

BANDS: dict[str, dict[str, str]] = {
    "strong_increase": {"fr": "▲▲ forte hausse", "en": "▲▲ strong increase"},
    "increase": {"fr": "▲ hausse", "en": "▲ increase"},
    "stable": {"fr": "= stable", "en": "= stable"},
    "decrease": {"fr": "▼ baisse", "en": "▼ decrease"},
    "strong_decrease": {"fr": "▼▼ forte baisse", "en": "▼▼ strong decrease"},
    "too_few": {"fr": "· trop peu de saisies", "en": "· too few seizures"},
}

CATEGORIES: dict[str, dict[str, str]] = {
    "new": {"fr": "nouveau", "en": "new"},
    "consecutive": {"fr": "consécutif", "en": "consecutive"},
    "intensifying": {"fr": "en intensification", "en": "intensifying"},
    "persistent": {"fr": "persistant", "en": "persistent"},
    "diminishing": {"fr": "en atténuation", "en": "diminishing"},
    "sporadic": {"fr": "sporadique", "en": "sporadic"},
    "oscillating": {"fr": "oscillant", "en": "oscillating"},
    "historical": {"fr": "historique", "en": "historical"},
    "none": {"fr": "sans tendance", "en": "no pattern"},
}

# One line per category: what the cell's series of periods looked like (ESRI's definitions, shortened).
CATEGORY_LINES: dict[str, dict[str, str]] = {
    "new": {"fr": "point chaud à la dernière période seulement, jamais avant",
            "en": "a hot spot in the last period only, never before"},
    "consecutive": {"fr": "une seule suite ininterrompue de points chauds jusqu'à la dernière période",
                    "en": "one unbroken run of hot-spot periods up to the last one, never hot before it"},
    "intensifying": {"fr": "chaud dans au moins 90 % des périodes, de plus en plus (tendance significative)",
                     "en": "hot in at least 90 % of periods, increasingly so (significant trend)"},
    "persistent": {"fr": "chaud dans au moins 90 % des périodes, sans tendance significative",
                   "en": "hot in at least 90 % of periods, with no significant trend"},
    "diminishing": {"fr": "chaud dans au moins 90 % des périodes, de moins en moins (tendance significative)",
                    "en": "hot in at least 90 % of periods, less and less so (significant trend)"},
    "sporadic": {"fr": "chaud à la dernière période, par intermittence avant, jamais froid",
                 "en": "hot in the last period, on and off before, never a cold spot"},
    "oscillating": {"fr": "chaud à la dernière période, mais point froid à une période antérieure",
                    "en": "hot in the last period, but a cold spot in an earlier one"},
    "historical": {"fr": "chaud dans au moins 90 % des périodes, mais pas à la dernière",
                   "en": "hot in at least 90 % of periods, but not in the last one"},
    "none": {"fr": "aucun des motifs ci-dessus", "en": "none of the patterns above"},
}


def t(key: str, lang: str, **values: object) -> str:
    """String ``key`` of :data:`STRINGS` in ``lang``, ``values`` filled in."""
    return lookup(STRINGS, key, lang, **values)


def band(name: str, lang: str) -> str:
    """A change band's label ("▲▲ strong increase")."""
    return lookup(BANDS, name, lang)


def category(name: str, lang: str) -> str:
    """An emerging hot-spot category's name."""
    return lookup(CATEGORIES, name, lang)


def category_line(name: str, lang: str) -> str:
    """An emerging hot-spot category explained in one line."""
    return lookup(CATEGORY_LINES, name, lang)


def hotspot_method(lang: str) -> str:
    """The emerging hot-spot method in one sentence, with what the categories mean."""
    return t("hotspot_method", lang)
