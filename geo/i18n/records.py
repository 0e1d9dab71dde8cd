"""Words of the Records table and record panel (:mod:`geo.records.tables`): short headers, large counts, sections.

Read through :func:`t`: ``from geo.i18n import records as record_text``, then ``record_text.t("as_recorded", lang)``.
"""

from __future__ import annotations

from geo.i18n.base import lookup

STRINGS: dict[str, dict[str, str]] = {
    # large counts in words: "1,49 milliard de comprimés", "1.49 billion tablets"
    "million_one": {"fr": "{n} million", "en": "{n} million"},
    "million_many": {"fr": "{n} millions", "en": "{n} million"},
    "billion_one": {"fr": "{n} milliard", "en": "{n} billion"},
    "billion_many": {"fr": "{n} milliards", "en": "{n} billion"},
    "words_of_unit": {"fr": "{amount} de {unit}", "en": "{amount} {unit}"},
    # short list headers, so that every column fits at 1440 pixels (the full label is the header's help)
    "col_quantity": {"fr": "Quantité déclarée", "en": "Quantity recorded"},
    "col_conveyance": {"fr": "Transport", "en": "Conveyance"},
    "col_dataset": {"fr": "Données", "en": "Data"},
    "dataset_agency": {"fr": "agence", "en": "agency"},
    "dataset_public": {"fr": "publique", "en": "public"},
    "dataset_demo": {"fr": "synthétique", "en": "synthetic"},
    # the record panel
    "section_seizure": {"fr": "Saisie", "en": "Seizure"},
    "section_place": {"fr": "Lieu", "en": "Place"},
    "section_route": {"fr": "Itinéraire déclaré", "en": "Reported route"},
    "section_source": {"fr": "Source et suivi", "en": "Source and history"},
    "as_recorded": {"fr": "texte d'origine, tel que saisi", "en": "original text, as recorded"},
    # probable duplicates across agencies (geo.records.duplicates_view, ui/duplicates.py)
    "dup_title": {"fr": "Doublons", "en": "Duplicates"},
    "dup_caption": {"fr": "La même saisie déclarée par deux agences : paires trouvées par appariement probabiliste, "
                          "visibles seulement de qui voit les deux déclarations. Une paire confirmée compte une seule "
                          "fois dans tous les totaux (sa déclaration de référence, la plus précise).",
                    "en": "The same seizure reported by two agencies: pairs found by probabilistic record linkage, "
                          "shown only to whoever may see both reports. A confirmed pair counts once in every total "
                          "(its reference report, the most precise)."},
    "dup_threshold": {"fr": "Probabilité minimale", "en": "Minimum probability"},
    "dup_status": {"fr": "Statut", "en": "Status"},
    "dup_status_probable": {"fr": "probable, à revoir", "en": "probable, to review"},
    "dup_status_confirmed": {"fr": "confirmée (une saisie)", "en": "confirmed (one seizure)"},
    "dup_status_rejected": {"fr": "rejetée (deux saisies)", "en": "rejected (two seizures)"},
    "dup_none": {"fr": "Aucune paire à ce seuil.", "en": "No pair at this threshold."},
    "dup_pair": {"fr": "{probability} % · {a} ↔ {b} · {status}", "en": "{probability}% · {a} ↔ {b} · {status}"},
    "dup_choose": {"fr": "Paire ({n})", "en": "Pair ({n})"},
    "dup_field": {"fr": "Champ", "en": "Field"},
    "dup_agree": {"fr": "concorde", "en": "agrees"},
    "dup_differ": {"fr": "diffère", "en": "differs"},
    "dup_agrees_list": {"fr": "Concordent : {fields}", "en": "Agree: {fields}"},
    "dup_differs_list": {"fr": "Diffèrent : {fields}", "en": "Differ: {fields}"},
    "dup_confirm": {"fr": "Même saisie : confirmer", "en": "One seizure: confirm"},
    "dup_reject": {"fr": "Deux saisies : rejeter", "en": "Two seizures: reject"},
    "dup_done_confirmed": {"fr": "Paire confirmée : comptée une fois.", "en": "Pair confirmed: counted once."},
    "dup_done_rejected": {"fr": "Paire rejetée : deux saisies.", "en": "Pair rejected: two seizures."},
    "cmp_date": {"fr": "date", "en": "date"},
    "cmp_place": {"fr": "position", "en": "position"},
    "cmp_quantity": {"fr": "quantité", "en": "quantity"},
    "cmp_conveyance": {"fr": "transport", "en": "conveyance"},
    "cmp_route": {"fr": "itinéraire", "en": "route"},
    "cmp_text": {"fr": "lieu et détails (texte)", "en": "place and details (text)"},
    "merged_cases_one": {"fr": "{cases} saisies ({merged} déclaration fusionnée)",
                         "en": "{cases} seizures ({merged} report merged)"},
    "merged_cases_many": {"fr": "{cases} saisies ({merged} déclarations fusionnées)",
                          "en": "{cases} seizures ({merged} reports merged)"},
    "merged_note_one": {"fr": "{merged} déclaration fusionnée : une saisie déclarée par plusieurs agences, "
                              "confirmée, compte une fois.",
                        "en": "{merged} report merged: a seizure reported by several agencies, once confirmed, "
                              "counts once."},
    "merged_note_many": {"fr": "{merged} déclarations fusionnées : une saisie déclarée par plusieurs agences, "
                               "confirmée, compte une fois.",
                         "en": "{merged} reports merged: a seizure reported by several agencies, once confirmed, "
                               "counts once."},
    "unreviewed_banner": {"fr": "{kg} kg figurent dans {n} déclarations probablement en double entre agences, pas "
                                "encore revues : elles sont comptées telles que déclarées.",
                          "en": "{kg} kg are in {n} reports that are probable duplicates across agencies, not yet "
                                "reviewed: they are counted as reported."},
}


def t(key: str, lang: str, **values: object) -> str:
    """The Records string ``key`` in ``lang``, ``values`` filled in (a missing text is a KeyError)."""
    return lookup(STRINGS, key, lang, **values)
