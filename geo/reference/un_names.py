"""United Nations (M49 and UNODC) country names that pycountry does not know, in English and French.

UN tables (the UNODC Individual Drug Seizures, the World Drug Report annexes, M49) name countries their own
way: "Republic of Korea", "Netherlands (Kingdom of the)", "China, Hong Kong SAR", "Fédération de Russie".
pycountry knows most official English and French names; this table holds the ones it lacks, checked
name by name in ``tests/test_import_mapping.py`` together with those it already knows. Keys are written
as the UN writes them; :func:`geo.reference.countries.fold` folds them when the index is built.
"""

from __future__ import annotations

UN_NAMES: dict[str, str] = {
    # --- English names (M49, UNODC) ---
    "Republic of Korea": "KOR",
    "Korea, Republic of": "KOR",
    "Democratic People's Republic of Korea": "PRK",
    "Netherlands (Kingdom of the)": "NLD",
    "China, Hong Kong SAR": "HKG",
    "China, Hong Kong Special Administrative Region": "HKG",
    "China, Macao SAR": "MAC",
    "China, Macao Special Administrative Region": "MAC",
    "China, Taiwan Province of China": "TWN",
    "Democratic Republic of the Congo": "COD",
    "State of Palestine": "PSE",
    "Holy See": "VAT",
    "Micronesia": "FSM",
    "Gambia (Republic of The)": "GMB",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    # --- French names (ONU) ---
    "République de Corée": "KOR",
    "République populaire démocratique de Corée": "PRK",
    "République démocratique populaire lao": "LAO",
    "République arabe syrienne": "SYR",
    "Fédération de Russie": "RUS",
    "Pays-Bas (Royaume des)": "NLD",
    "Chine, RAS de Hong Kong": "HKG",
    "Chine, région administrative spéciale de Hong Kong": "HKG",
    "Chine, RAS de Macao": "MAC",
    "Chine, région administrative spéciale de Macao": "MAC",
    "Chine, province chinoise de Taiwan": "TWN",
    "État de Palestine": "PSE",
    "Saint-Siège": "VAT",
    "Îles Salomon": "SLB",
    "Saint-Kitts-et-Nevis": "KNA",
    "Soudan du Sud": "SSD",
    "Sud-Soudan": "SSD",
    "Micronésie (États fédérés de)": "FSM",
    "Iran (République islamique d')": "IRN",
    "Bolivie (État plurinational de)": "BOL",
    "Venezuela (République bolivarienne du)": "VEN",
    "République-Unie de Tanzanie": "TZA",
    "République de Moldova": "MDA",
    "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord": "GBR",
    "États-Unis d'Amérique": "USA",
    "Macédoine du Nord": "MKD",
    "Tchéquie": "CZE",
}
