"""Build ``data/reference/unodc_substances.csv``: UNODC's drug hierarchy over the substance vocabulary.

Usage::

    .venv/bin/python scripts/build_unodc_substances.py [--out FILE]

The classification is UNODC's, as its World Drug Report statistical annex and its
Individual Drug Seizures (IDS) tables use it: drug group -> sub-group -> drug
(cocaine-type; cannabis-type; opioids, split into opiates and synthetic opioids;
amphetamine-type stimulants; sedatives and tranquillizers; new psychoactive
substances; hallucinogens; precursors; other). Sources:

* UNODC, World Drug Report, statistical annex (drug seizures by drug group and drug):
  https://www.unodc.org/unodc/en/data-and-analysis/world-drug-report.html
* UNODC data portal, drug seizures: https://dataunodc.un.org/drugs/global_seizures

Every id of ``data/reference/substances.csv`` (built by ``scripts/build_reference.py``) gets a
``group`` and ``subgroup`` here; the ids this file adds (group-level ids, and drugs UNODC tables name
that the West African vocabulary lacked) carry their own labels, family, colour and synonyms.
``unodc_name`` is the drug name the IDS export writes. The family keeps the map's five hues
(cocaine reds, cannabis greens, ATS purples, opioids oranges and browns, the rest greys).
Deterministic: the same table gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ("https://www.unodc.org/unodc/en/data-and-analysis/world-drug-report.html ; "
          "https://dataunodc.un.org/drugs/global_seizures")
COLUMNS = ("id", "group", "subgroup", "unodc_name", "label_en", "label_fr", "synonyms", "family", "colour", "source")

# group id -> (English name as UNODC writes it, French name). The group's own vocabulary id is the same key
# except where the vocabulary already had one ("precursors_unspecified", "unspecified").
GROUPS: dict[str, tuple[str, str]] = {
    "cocaine_type": ("Cocaine-type", "Type cocaïne"),
    "cannabis_type": ("Cannabis-type", "Type cannabis"),
    "opioids": ("Opioids", "Opioïdes"),
    "ats": ("Amphetamine-type stimulants", "Stimulants de type amphétamine"),
    "sedatives_tranquillizers": ("Sedatives and tranquillizers", "Sédatifs et tranquillisants"),
    "nps": ("New psychoactive substances", "Nouvelles substances psychoactives"),
    "hallucinogens": ("Hallucinogens", "Hallucinogènes"),
    "precursors": ("Precursors", "Précurseurs"),
    "other": ("Other", "Autres"),
}
SUBGROUPS = {"opiates": "opioids", "synthetic_opioids": "opioids", "amphetamines": "ats", "ecstasy": "ats",
             "plant_based": "nps", "ketamine_pcp": "other"}

# Ids already in substances.csv: id -> (group, subgroup, UNODC name, extra synonyms).
EXISTING: dict[str, tuple[str, str, str, str]] = {
    "cocaine": ("cocaine_type", "", "Cocaine", "cocaine (unspecified)"),
    "cocaine_hcl": ("cocaine_type", "", "Cocaine hydrochloride", "cocaine salt;chlorhydrate de cocaïne"),
    "cocaine_base": ("cocaine_type", "", "Cocaine base", "base de cocaïne"),
    "cannabis_herb": ("cannabis_type", "", "Cannabis herb (marijuana)", "cannabis herb;herbal cannabis"),
    "cannabis_resin": ("cannabis_type", "", "Cannabis resin (hashish)", "résine de cannabis"),
    "cannabis_plants": ("cannabis_type", "", "Cannabis plants", "plants de cannabis"),
    "heroin": ("opioids", "opiates", "Heroin", "héroïne"),
    "codeine_syrup": ("opioids", "opiates", "Codeine", "sirop à la codéine"),
    "tramadol": ("opioids", "synthetic_opioids", "Tramadol", "tramadol"),
    "other_synthetic_opioids": ("opioids", "synthetic_opioids", "Synthetic opioids", "opioïdes de synthèse"),
    "methamphetamine": ("ats", "amphetamines", "Methamphetamine", "méthamphétamine"),
    "amphetamine": ("ats", "amphetamines", "Amphetamine", "amphetamine sulphate;sulfate d'amphétamine"),
    "captagon": ("ats", "amphetamines", "Captagon", "captagon tablets;comprimés de captagon"),
    "mdma": ("ats", "ecstasy", "MDMA", "ecstasy-type substances;substances de type ecstasy;ecstasy type"),
    "khat": ("nps", "plant_based", "Khat", "kat"),
    "ephedrine": ("precursors", "", "Ephedrine", "éphédrine"),
    "precursors_unspecified": ("precursors", "", "Precursors", "precursor;précurseur"),
    "kush": ("other", "", "Kush", "kush"),
    "pregabalin": ("other", "", "Pregabalin", "prégabaline"),
    "unspecified_psychotropes": ("other", "", "Other", "substances psychotropes"),
    "unspecified": ("other", "", "Other", "other drugs;autres drogues;autres"),
}
# New ids: id -> (group, subgroup, UNODC name, English label, French label, family, colour, synonyms).
NEW: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "cocaine_type": ("cocaine_type", "", "Cocaine-type", "Cocaine-type", "Type cocaïne", "cocaine", "#b71c1c",
                     "cocaine-type;cocaine type;type cocaïne;cocaïne type;cocaine-type drugs"),
    "coca_leaf": ("cocaine_type", "", "Coca leaf", "Coca leaf", "Feuille de coca", "cocaine", "#e57373",
                  "coca leaf;coca leaves;feuille de coca;feuilles de coca"),
    "coca_paste": ("cocaine_type", "", "Coca paste", "Coca paste", "Pâte de coca", "cocaine", "#d32f2f",
                   "coca paste;pâte de coca;pasta base;cocaine paste;pâte de cocaïne;basuco"),
    "cannabis_type": ("cannabis_type", "", "Cannabis-type", "Cannabis-type", "Type cannabis", "cannabis",
                      "#1b5e20", "cannabis-type;cannabis type;type cannabis;cannabis-type drugs"),
    "cannabis_oil": ("cannabis_type", "", "Cannabis oil", "Cannabis oil", "Huile de cannabis", "cannabis",
                     "#558b2f", "cannabis oil;huile de cannabis;hash oil;huile de haschisch;hashish oil"),
    "opioids": ("opioids", "", "Opioids", "Opioids", "Opioïdes", "opioids", "#e65100",
                "opioids;opioïdes;opioides;opioid"),
    "opiates": ("opioids", "opiates", "Opiates", "Opiates", "Opiacés", "opioids", "#a1887f",
                "opiates;opiacés;opiate"),
    "opium": ("opioids", "opiates", "Opium", "Opium", "Opium", "opioids", "#6d4c41",
              "opium;raw opium;prepared opium;opium brut;opium préparé;opium (raw and prepared)"),
    "morphine": ("opioids", "opiates", "Morphine", "Morphine", "Morphine", "opioids", "#ff8a65",
                 "morphine;morphine base"),
    "codeine": ("opioids", "opiates", "Codeine", "Codeine", "Codéine", "opioids", "#bcaaa4",
                "codeine;codéine;codeine phosphate;phosphate de codéine"),
    "fentanyl": ("opioids", "synthetic_opioids", "Fentanyl", "Fentanyl and analogues", "Fentanyl et analogues",
                 "opioids", "#ff7043", "fentanyl;fentanyl analogues;fentanyl analogue;analogues du fentanyl;"
                 "fentanyls;carfentanil;carfentanyl"),
    "ats": ("ats", "", "Amphetamine-type stimulants", "Amphetamine-type stimulants",
            "Stimulants de type amphétamine", "ats", "#6a1b9a",
            "amphetamine-type stimulants;ats;stimulants de type amphétamine;stimulants de type amphétaminique"),
    "sedatives_tranquillizers": ("sedatives_tranquillizers", "", "Sedatives and tranquillizers",
                                 "Sedatives and tranquillizers", "Sédatifs et tranquillisants", "other", "#78909c",
                                 "sedatives and tranquillizers;sedatives and tranquilizers;sedatives;"
                                 "tranquillizers;sédatifs et tranquillisants;sédatifs;tranquillisants"),
    "benzodiazepines": ("sedatives_tranquillizers", "", "Benzodiazepines", "Benzodiazepines",
                        "Benzodiazépines", "other", "#90a4ae",
                        "benzodiazepines;benzodiazépines;benzodiazepine;benzos;diazepam;diazépam;valium;"
                        "rivotril;clonazepam;clonazépam"),
    "nps": ("nps", "", "New psychoactive substances", "New psychoactive substances",
            "Nouvelles substances psychoactives", "other", "#455a64",
            "new psychoactive substances;nps;nouvelles substances psychoactives"),
    "synthetic_cannabinoids": ("nps", "", "Synthetic cannabinoids", "Synthetic cannabinoids",
                               "Cannabinoïdes de synthèse", "other", "#607d8b",
                               "synthetic cannabinoids;cannabinoïdes de synthèse;cannabinoïdes synthétiques;"
                               "synthetic cannabinoid;spice;k2"),
    "synthetic_cathinones": ("nps", "", "Synthetic cathinones", "Synthetic cathinones", "Cathinones synthétiques",
                             "other", "#263238", "synthetic cathinones;cathinones synthétiques;"
                             "cathinones de synthèse;mephedrone;méphédrone;bath salts"),
    "hallucinogens": ("hallucinogens", "", "Hallucinogens", "Hallucinogens", "Hallucinogènes", "other",
                      "#8e8e8e", "hallucinogens;hallucinogènes;hallucinogenes;hallucinogen"),
    "lsd": ("hallucinogens", "", "LSD", "LSD", "LSD", "other", "#b0b0b0",
            "lsd;lysergide;acide lysergique;lysergic acid diethylamide;acid"),
    "ketamine": ("other", "ketamine_pcp", "Ketamine", "Ketamine", "Kétamine", "other", "#a5a5a5",
                 "ketamine;kétamine;ketamine hydrochloride"),
    "pseudoephedrine": ("precursors", "", "Pseudoephedrine", "Pseudoephedrine", "Pseudoéphédrine", "other",
                        "#6e6e6e", "pseudoephedrine;pseudoéphédrine"),
    "acetic_anhydride": ("precursors", "", "Acetic anhydride", "Acetic anhydride", "Anhydride acétique",
                         "other", "#5f5f5f", "acetic anhydride;anhydride acétique"),
}

def rows() -> list[dict[str, str]]:
    """One row per vocabulary id: the existing ones with their place in the hierarchy, the new ones whole."""
    out = []
    for substance_id, (group, subgroup, name, synonyms) in EXISTING.items():
        out.append({"id": substance_id, "group": group, "subgroup": subgroup, "unodc_name": name, "label_en": "",
                    "label_fr": "", "synonyms": synonyms, "family": "", "colour": "", "source": SOURCE})
    for substance_id, (group, subgroup, name, label_en, label_fr, family, colour, synonyms) in NEW.items():
        out.append({"id": substance_id, "group": group, "subgroup": subgroup, "unodc_name": name,
                    "label_en": label_en, "label_fr": label_fr, "synonyms": synonyms, "family": family,
                    "colour": colour, "source": SOURCE})
    for row in out:
        if row["group"] not in GROUPS or (row["subgroup"] and SUBGROUPS[row["subgroup"]] != row["group"]):
            raise ValueError(f"{row['id']}: group {row['group']!r} / subgroup {row['subgroup']!r} is not UNODC's")
    return sorted(out, key=lambda r: (list(GROUPS).index(r["group"]), r["subgroup"], r["id"]))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "reference" / "unodc_substances.csv")
    args = parser.parse_args(argv)
    table = rows()
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"{len(table)} rows written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
