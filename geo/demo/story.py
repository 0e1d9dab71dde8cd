"""The demo data's story as data: the trafficking streams, where and when each is seized, and their trends.

The story, 2015-2025, drawn from the public reporting behind ``data/public_seizures.csv`` and ``data/reference/``:

* Cocaine from Brazil, Colombia, Venezuela and Ecuador lands at the coast (ports from
  Dakar to Lagos, Cabo Verde at sea) and is bound for Iberia, France and the Low
  Countries; seizures rise markedly after 2019, and a growing share moves inland via
  Mali, Burkina Faso and Niger toward Algeria and Libya. Air couriers persist throughout.
* Tramadol arrives from India at Lagos/Apapa, Onne, Cotonou and Lomé and goes north
  through Nigeria, Benin and Togo into Niger, Mali and Burkina Faso toward Libya: it
  peaks in 2017-2019, dips with Nigeria's border closure (2020), then shifts west via
  Togo/Ghana to Burkina Faso and Mali, with pregabalin rising beside it.
* Moroccan cannabis resin crosses Western Sahara and Mauritania to northern Mali, then
  Niger toward Libya and Chad: the western leg declines, the Niger/Libya leg rises late.
* Locally grown cannabis herb (Ghana, Nigeria, Casamance, Côte d'Ivoire, Togo...) is the
  most frequent seizure everywhere; eradication campaigns count plants.
* Methamphetamine from Nigerian labs leaves with air couriers for Asia after 2019; kush
  appears in Sierra Leone from 2022. Volume grows modestly over the period.

:mod:`geo.demo.generator` turns these streams into records, with the agencies of :mod:`geo.demo.agencies`
and the places of :mod:`geo.demo.places`; nothing here draws at random.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

YEARS = np.arange(2015, 2026)
SEA_KINDS = ("seaport", "landing_point", "sea")  # site kinds seized at sea: the conveyance is "sea"


@dataclass(frozen=True)
class Stream:
    """One trafficking flow: where it is seized, when, how, and the route reported.

    ``sites`` are ``("SEN", "Dakar")`` (a town or reference place, via the gazetteer),
    ``("seaport", "NGA")`` (every reference place of that kind in the country) or
    ``("sea", "CPV")`` (high seas, unlocated); each with a weight and optional years.
    ``routes`` maps the seizing country ("*" for any) to ``"origin>transit>destination"``
    strings with weights; "@" stands for the seizing country, blank for unknown.
    ``units`` are ``(unit, share, median, sigma, rounding)`` of a log-normal quantity.
    """

    key: str
    substance: str
    weight: float
    trend: tuple[float, ...]  # relative intensity per year of YEARS
    sites: tuple[tuple[str, str, float] | tuple[str, str, float, int, int], ...]
    routes: dict[str, dict[str, float]]
    units: tuple[tuple[str, float, float, float, float], ...]
    town_conveyance: dict[str, float] = field(default_factory=lambda: {"land": 0.7, "unknown": 0.3})
    details: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


RISING = (0.45, 0.5, 0.55, 0.65, 0.8, 0.9, 1.4, 1.8, 2.2, 2.5, 2.7)
INLAND = (0.2, 0.2, 0.25, 0.3, 0.4, 0.6, 1.0, 1.5, 1.8, 2.0, 2.1)
STEADY = (1.0,) * 11
TRAMADOL_PEAK = (0.8, 1.3, 2.3, 2.7, 2.4, 1.0, 1.0, 0.9, 0.8, 0.6, 0.55)
WESTWARD = (0.3, 0.35, 0.45, 0.55, 0.7, 0.9, 1.2, 1.4, 1.5, 1.6, 1.6)
WESTERN_LEG = (2.0, 2.0, 1.9, 1.8, 1.6, 1.2, 1.05, 0.95, 0.85, 0.75, 0.7)
EASTERN_LEG = (0.4, 0.4, 0.5, 0.6, 0.7, 0.8, 1.1, 1.4, 1.7, 2.0, 2.2)
EMERGING = (0.1, 0.1, 0.1, 0.15, 0.2, 0.45, 0.8, 1.2, 1.5, 1.8, 2.0)
KUSH = (0, 0, 0, 0, 0, 0, 0, 0.35, 1.3, 2.3, 2.7)
GRAM = 1.0  # grams are written whole

EUROPE = {"ESP": 2.5, "PRT": 1.0, "NLD": 1.2, "BEL": 1.2, "FRA": 1.0, "": 3.0}


def _mix(origins: dict[str, float], transits: dict[str, float], destinations: dict[str, float]) -> dict[str, float]:
    """Routes of independent origin, transit and destination choices."""
    return {f"{o}>{t}>{d}": wo * wt * wd for o, wo in origins.items() for t, wt in transits.items()
            for d, wd in destinations.items()}


STREAMS: tuple[Stream, ...] = (
    Stream(
        "cocaine_sea", "cocaine", 5.0, RISING,
        sites=(("seaport", "SEN", 3), ("seaport", "GNB", 1.2), ("landing_point", "GNB", 0.8), ("seaport", "GIN", 1.5),
               ("seaport", "CIV", 2), ("seaport", "GHA", 1.5), ("seaport", "TGO", 1), ("seaport", "BEN", 1),
               ("seaport", "NGA", 1.5), ("seaport", "GMB", 0.7), ("seaport", "SLE", 0.5), ("seaport", "LBR", 0.5),
               ("seaport", "MRT", 0.4), ("seaport", "CPV", 0.8), ("sea", "SEN", 1.2), ("sea", "CPV", 1.6),
               ("sea", "GNB", 0.4), ("sea", "GIN", 0.3)),
        routes={"*": _mix({"BRA": 4, "COL": 2.5, "VEN": 1.5, "ECU": 1.5, "": 1}, {"": 9, "STP": 0.5, "CPV": 0.5},
                          EUROPE),
                "CPV": _mix({"BRA": 5, "COL": 2, "VEN": 1.5, "ECU": 1, "": 0.5}, {"": 1}, EUROPE | {"MAR": 0.5})},
        units=(("kg", 0.85, 120, 1.3, 1), ("t", 0.15, 2.2, 0.6, 0.01)),
        details={"sea": ("conteneur", "conteneur (transbordement)", "voilier", "navire de pêche",
                         "navire roulier (véhicules neufs)", "go-fast", "cargo")},
        notes=("Renseignement MAOC-N", "Opération conjointe avec la Marine nationale",
               "Cargaison larguée puis récupérée", "Joint operation with MAOC-N", "Blocs marqués d'un logo"),
    ),
    Stream(
        "cocaine_inland", "cocaine", 2.2, INLAND,
        sites=(("SEN", "Kidira", 2), ("SEN", "Tambacounda", 1), ("MLI", "Bamako", 2), ("MLI", "Sikasso", 1),
               ("MLI", "Zégoua", 0.7), ("MLI", "Kayes", 0.6), ("MLI", "Gao", 1), ("MLI", "Tombouctou", 0.5),
               ("MLI", "Kidal", 0.4), ("BFA", "Bobo-Dioulasso", 1), ("BFA", "Ouagadougou", 1),
               ("BFA", "Niangoloko", 0.4), ("NER", "Niamey", 1), ("NER", "Agadez", 1), ("NER", "Arlit", 0.4),
               ("BEN", "Malanville", 0.8, 2015, 2023), ("DZA", "Tamanrasset", 0.5), ("GIN", "Kankan", 0.4),
               ("GIN", "Siguiri", 0.3)),
        routes={
            "SEN": {"BRA>MLI>ESP": 2, ">MLI>": 3, "BRA>GIN>": 1, "COL>MLI>FRA": 1},
            "MLI": {"BRA>SEN>DZA": 2, "BRA>GIN>DZA": 2, "COL>GNB;SEN>": 1, "BRA>GIN>LBY": 1, ">SEN>": 2, ">GIN>": 1,
                    "COL>CIV>DZA": 1, "BRA>GIN>MAR": 0.4},
            "BFA": {"BRA>CIV>MLI": 2, ">GHA>": 1, "BRA>TGO>NER": 1.5, ">SLE;GIN;MLI>GHA": 0.8, ">CIV>": 1.5},
            "NER": {"BRA>BEN>LBY": 3, "COL>TGO;BEN>LBY": 1.5, ">NGA>LBY": 1.5, ">MLI>DZA": 1.5, "BRA>BEN>": 1.5},
            "BEN": {"BRA>>NER": 3, ">NGA>NER": 1, ">>": 1},
            "DZA": {">MLI>LBY": 2, ">NER>": 1.5, ">MLI>": 1.5},
            "GIN": {"BRA>SLE>MLI": 1.5, "COL>GNB>MLI": 1, ">>MLI": 1.5},
        },
        units=(("kg", 1.0, 25, 1.3, 0.1),),
        town_conveyance={"land": 0.85, "unknown": 0.15},
        details={"land": ("camion frigorifique", "camion (double fond)", "pick-up", "car de voyageurs",
                          "véhicule particulier", "camion de marchandises")},
        notes=("Véhicule immatriculé au Mali", "Double fond découvert au scanner", "2 suspects interpellés",
               "Driver and escort arrested"),
    ),
    Stream(
        "cocaine_air", "cocaine", 3.0, (1.0, 1.0, 1.1, 1.1, 1.2, 0.4, 0.8, 1.1, 1.2, 1.3, 1.3),
        sites=(("airport", "SEN", 2), ("airport", "MLI", 2), ("airport", "GIN", 1), ("airport", "CIV", 1),
               ("airport", "NGA", 2), ("airport", "GHA", 1), ("airport", "TGO", 0.7), ("airport", "GNB", 0.5),
               ("airport", "SLE", 0.4), ("airport", "BFA", 0.7), ("airport", "NER", 0.4)),
        routes={"*": {"BRA>>FRA": 3, "BRA>>BEL": 1.2, "BRA>>ESP": 1, ">>FRA": 1.5, ">>GBR": 1, "BRA>>PRT": 0.6,
                      "BRA>ETH>": 2, "BRA>MAR>": 1, "BRA>QAT>": 0.5, ">>": 1}},
        units=(("g", 0.6, 900, 0.5, GRAM), ("kg", 0.4, 3, 0.8, 0.01)),
        notes=("Ingestion de boulettes", "Body-packer, 80 pellets", "Valise à double fond", "Passager en transit"),
    ),
    Stream(
        "crack_street", "cocaine_base", 1.2, (0.8, 0.8, 0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5),
        sites=(("SEN", "Dakar", 3), ("SEN", "Pikine", 1), ("CIV", "Abidjan", 3), ("GHA", "Accra", 1),
               ("NGA", "Lagos", 1.5), ("MLI", "Bamako", 1), ("GIN", "Conakry", 1), ("SLE", "Freetown", 0.7),
               ("GNB", "Bissau", 0.8)),
        routes={"*": {">>": 6, "@>>": 1}},
        units=(("g", 1.0, 15, 1.0, GRAM),),
        town_conveyance={"unknown": 0.8, "land": 0.2},
        details={"unknown": ("fumoir", "perquisition à domicile", "patrouille de nuit", "point de vente")},
        notes=("Doses conditionnées en boulettes", "Revendeur interpellé"),
    ),
    Stream(
        "herb_local", "cannabis_herb", 24.0, STEADY,
        sites=tuple((country, town, w) for country, towns, w in (
            ("GHA", ("Accra", "Kumasi", "Tema", "Techiman", "Tamale", "Ho", "Sunyani", "Koforidua", "Cape Coast"), 1.2),
            ("NGA", ("Lagos", "Ibadan", "Benin City", "Abeokuta", "Kano", "Kaduna", "Abuja", "Onitsha", "Enugu"), 1.4),
            ("SEN", ("Dakar", "Ziguinchor", "Bignona", "Kolda", "Sédhiou", "Kaolack", "Mbour", "Thiès"), 1.1),
            ("CIV", ("Abidjan", "Bouaké", "Daloa", "San-Pédro", "Soubré", "Man", "Yamoussoukro"), 1.0),
            ("TGO", ("Lomé", "Kpalimé", "Atakpamé", "Sokodé", "Kara", "Tsévié"), 0.9),
            ("BEN", ("Cotonou", "Abomey-Calavi", "Porto-Novo", "Parakou", "Bohicon"), 0.7),
            ("BFA", ("Ouagadougou", "Bobo-Dioulasso", "Koudougou", "Banfora"), 0.7),
            ("MLI", ("Bamako", "Sikasso", "Ségou", "Mopti", "Kayes"), 0.7),
            ("NER", ("Niamey", "Maradi", "Zinder", "Dosso"), 0.6),
            ("GIN", ("Conakry", "Kindia", "Kankan", "Nzérékoré", "Labé"), 0.7),
            ("SLE", ("Freetown", "Bo", "Kenema", "Makeni"), 0.6),
            ("LBR", ("Monrovia", "Gbarnga", "Buchanan"), 0.5),
            ("GMB", ("Serekunda", "Banjul", "Brikama"), 0.6),
            ("GNB", ("Bissau", "Bafatá"), 0.4),
            ("MRT", ("Nouakchott",), 0.3),
            ("CMR", ("Douala", "Yaoundé"), 0.6),
        ) for town in towns),
        routes={"*": {"@>>": 8, ">>": 2}},
        units=(("kg", 0.7, 6, 1.6, 0.1), ("g", 0.28, 60, 1.0, GRAM), ("t", 0.02, 1.2, 0.5, 0.01)),
        town_conveyance={"land": 0.5, "unknown": 0.48, "mail": 0.02},
        details={"land": ("moto", "taxi-brousse", "camion", "véhicule particulier", "tricycle", "porteur à pied"),
                 "unknown": ("perquisition à domicile", "point de vente", "entrepôt", "patrouille", "fumoir")},
        notes=("Chanvre indien conditionné en ballots", "Saisie lors d'un contrôle de routine", "3 suspects arrested",
               "Produit destiné au marché local"),
    ),
    Stream(
        "herb_cross", "cannabis_herb", 7.0, STEADY,
        sites=(("TGO", "Cinkassé", 1.2), ("CIV", "Noé", 0.8), ("CIV", "Laléraba", 0.6), ("GHA", "Aflao", 0.8),
               ("GHA", "Bolgatanga", 0.7), ("GHA", "Bawku", 0.5), ("BFA", "Ouagadougou", 1.2),
               ("BFA", "Bobo-Dioulasso", 1), ("BFA", "Pô", 0.6), ("BFA", "Niangoloko", 0.6), ("MLI", "Sikasso", 0.8),
               ("MLI", "Zégoua", 0.6), ("MLI", "Bamako", 0.8), ("NER", "Niamey", 0.8), ("NER", "Maradi", 0.6),
               ("NGA", "Jibiya", 0.5), ("NGA", "Maigatari", 0.4), ("NGA", "Idiroko", 0.5), ("BEN", "Kraké", 0.5),
               ("GIN", "Conakry", 0.4), ("GIN", "Forécariah", 0.3)),
        routes={
            "TGO": {"GHA>>BFA": 3, "@>>BFA": 2, "GHA>>": 1, "GHA>>NER": 1},
            "CIV": {"GHA>>": 2, "@>>BFA": 2, "@>>MLI": 2},
            "GHA": {"@>>BFA": 3, "@>>TGO": 2, "@>>": 1}, "BFA": {"GHA>>MLI": 2, "GHA>>": 3, "CIV>>": 2, "TGO>>NER": 1},
            "MLI": {"CIV>>": 3, "GHA>BFA>": 3, "CIV>>MRT": 1}, "NER": {"NGA>>": 4, "GHA>TGO;BEN>": 1, "GHA>BFA>": 1},
            "NGA": {"@>>NER": 3, "GHA>TGO;BEN>": 1}, "BEN": {"NGA>>": 1, "GHA>TGO>": 1, "@>>NGA": 1},
            "GIN": {"SLE>>": 3, "SLE>>MLI": 1},
        },
        units=(("kg", 0.92, 60, 1.3, 0.1), ("t", 0.08, 2.5, 0.6, 0.01)),
        town_conveyance={"land": 0.9, "unknown": 0.1},
        details={"land": ("camion de marchandises", "camion (sacs de charbon)", "car de voyageurs", "pick-up",
                          "moto", "taxi-brousse"),
                 "sea": ("pirogue",)},
        notes=("Ballots dissimulés sous des sacs de charbon", "Convoy of two trucks", "Chauffeur en fuite"),
    ),
    Stream(
        "herb_export", "cannabis_herb", 1.0, EMERGING,
        sites=(("airport", "GHA", 2), ("seaport", "GHA", 1), ("GHA", "Accra", 1), ("airport", "NGA", 1),
               ("NGA", "Lagos", 0.5)),
        routes={"*": {"@>>GBR": 4, "@>>": 1, "@>>USA": 0.5}},
        units=(("kg", 1.0, 12, 1.2, 0.1),),
        town_conveyance={"mail": 1.0},
        details={"sea": ("conteneur (ignames)",), "air": ("fret aérien",),
                 "mail": ("colis postal vers Londres", "colis express", "envoi postal")},
    ),
    Stream(
        "plants", "cannabis_plants", 4.0, STEADY,
        sites=tuple((country, town, 1.0) for country, town in (
            ("GHA", "Techiman"), ("GHA", "Sunyani"), ("GHA", "Ho"), ("GHA", "Kumasi"), ("NGA", "Benin City"),
            ("NGA", "Ibadan"), ("NGA", "Abeokuta"), ("SEN", "Bignona"), ("SEN", "Ziguinchor"), ("SEN", "Sédhiou"),
            ("SEN", "Kolda"), ("CIV", "Soubré"), ("CIV", "Daloa"), ("CIV", "Man"), ("TGO", "Kpalimé"),
            ("TGO", "Atakpamé"), ("SLE", "Bo"), ("SLE", "Kenema"), ("SLE", "Kambia"), ("LBR", "Gbarnga"),
            ("GIN", "Nzérékoré"), ("GIN", "Kissidougou"), ("CMR", "Douala"))),
        routes={"*": {"@>>": 1}},
        units=(("plants", 1.0, 1500, 1.5, 1),),
        town_conveyance={"unknown": 1.0},
        details={"unknown": ("champ (éradication)", "plantation en forêt", "pépinière",
                             "champ de maïs (cultures mêlées)")},
        notes=("Plants détruits sur place", "Field of 2 ha destroyed", "Opération d'éradication conjointe"),
    ),
    Stream(
        "resin_west", "cannabis_resin", 6.0, WESTERN_LEG,
        sites=(("MRT", "Nouadhibou", 1.5), ("seaport", "MRT", 0.8), ("MRT", "Zouérat", 1.5), ("MRT", "Atar", 1),
               ("MRT", "Nouakchott", 1.5), ("MRT", "Néma", 0.8), ("MRT", "Fassala", 0.8), ("MRT", "Bassikounou", 0.6),
               ("MLI", "Tombouctou", 1.5), ("MLI", "Gao", 1), ("MLI", "Kidal", 1), ("MLI", "Bamako", 0.8),
               ("MLI", "Nioro du Sahel", 0.6), ("sea", "SEN", 0.3), ("SEN", "Dakar", 0.4)),
        routes={
            "MRT": {"MAR>ESH>MLI": 3, "MAR>ESH>": 2.5, "MAR>ESH>NER": 1, "MAR>>MLI": 1, "MAR>ESH>LBY": 0.5,
                    ">ESH>": 0.3},
            "MLI": {"MAR>ESH;MRT>NER": 2, "MAR>ESH;MRT>LBY": 2, "MAR>ESH;MRT>DZA": 1, "MAR>MRT>": 2, "MAR>DZA>": 0.5,
                    ">MRT>": 0.4},
            "SEN": {"MAR>>": 2, "MAR>MRT>GMB": 1, "MAR>MRT>": 1},
        },
        units=(("kg", 0.92, 180, 1.3, 1), ("t", 0.08, 2.5, 0.7, 0.01)),
        town_conveyance={"land": 0.85, "unknown": 0.15},
        details={"land": ("pick-up (convoi)", "4x4 tout-terrain", "camion", "camion-citerne"),
                 "sea": ("navire de pêche", "vedette rapide", "pirogue")},
        notes=("Convoi de pick-up intercepté", "Résine en plaquettes marquées", "Convoy intercepted north of the city"),
    ),
    Stream(
        "resin_east", "cannabis_resin", 4.0, EASTERN_LEG,
        sites=(("NER", "Agadez", 2), ("NER", "Arlit", 1), ("NER", "Niamey", 1.5), ("NER", "Tahoua", 0.7),
               ("MLI", "Gao", 1), ("MLI", "Ménaka", 0.5), ("TCD", "Faya-Largeau", 1), ("TCD", "N'Djamena", 0.6),
               ("DZA", "Tamanrasset", 0.6), ("seaport", "TGO", 0.3)),
        routes={
            "NER": {"MAR>ESH;MRT;MLI>LBY": 4, "MAR>MRT;MLI>LBY": 2, "MAR>MLI>": 1, "MAR>ESH;MRT;MLI>TCD": 1,
                    "MAR>MLI>EGY": 0.5, "LBN>TGO;BEN>LBY": 0.2},
            "MLI": {"MAR>ESH;MRT>NER": 2, "MAR>MRT>LBY": 2, "MAR>MRT>": 1},
            "TCD": {"MAR>MRT;MLI;NER>LBY": 3, "MAR>NER>EGY": 1, "MAR>NER>SDN": 0.5, "MAR>NER>": 1},
            "DZA": {"MAR>MLI>LBY": 1, "MAR>MRT;MLI>": 1, "MAR>NER>LBY": 0.5},
            "TGO": {"LBN>>NER": 1, "LBN>>LBY": 0.5},
        },
        units=(("kg", 0.9, 250, 1.3, 1), ("t", 0.1, 3, 0.7, 0.01)),
        town_conveyance={"land": 0.85, "unknown": 0.15},
        details={"land": ("pick-up (convoi)", "4x4 tout-terrain", "camion", "camion-citerne"),
                 "unknown": ("entrepôt",)},
        notes=("Stocké dans un entrepôt en périphérie", "Destined for Libya via Agadez", "Convoi armé"),
    ),
    Stream(
        "tramadol_ports", "tramadol", 5.0, TRAMADOL_PEAK,
        sites=(("seaport", "NGA", 4), ("seaport", "BEN", 1.5), ("seaport", "TGO", 1.5), ("seaport", "GHA", 1)),
        routes={"NGA": {"IND>>": 5, "IND>>NER": 2, "PAK>>": 1, "IND>>LBY": 0.5, "CHN>>": 0.3},
                "BEN": {"IND>>NER": 3, "IND>>": 2, "IND>>BFA": 0.5},
                "TGO": {"IND>>BFA": 1.5, "IND>>NER": 1.5, "IND>>": 2, "IND>>MLI": 0.5},
                "GHA": {"IND>>BFA": 1, "IND>>": 2}},
        units=(("tablets", 0.75, 2_000_000, 1.3, 1000), ("kg", 0.25, 6000, 1.1, 1)),
        details={"sea": ("conteneur", "conteneur (déclaré produits pharmaceutiques)", "conteneur de 40 pieds",
                         "conteneur (fausse déclaration)")},
        notes=("Comprimés de 225 mg", "Royal-225 brand", "Cartons declared as medical supplies",
               "Importateur sans autorisation"),
    ),
    Stream(
        "tramadol_north", "tramadol", 6.0, TRAMADOL_PEAK,
        sites=(("NER", "Niamey", 2), ("NER", "Maradi", 2), ("NER", "Zinder", 1.5), ("NER", "Birni N Konni", 1.5),
               ("NER", "Dosso", 1), ("NER", "Gaya", 1), ("NER", "Agadez", 1.5), ("NER", "Tahoua", 0.8),
               ("NER", "Arlit", 0.5), ("NGA", "Kano", 1.5), ("NGA", "Sokoto", 0.8), ("NGA", "Katsina", 0.6),
               ("NGA", "Jibiya", 0.6), ("NGA", "Maigatari", 0.4), ("NGA", "Lagos", 1),
               ("BEN", "Malanville", 1, 2015, 2023), ("BEN", "Ségbana", 0.8, 2024, 2025), ("BEN", "Parakou", 0.5)),
        routes={
            "NER": {"IND>NGA>LBY": 3, "IND>NGA>": 3, "NGA>>": 2, "IND>BEN>": 2, "IND>TGO;BEN>LBY": 1, "IND>BEN>LBY": 1,
                    "IND>GHA;BFA>": 0.5, ">NGA>": 1, "IND>NGA>MLI": 0.5, ">>": 0.5},
            "NGA": {"IND>>NER": 3, "IND>>": 3, "PAK>>NER": 0.5, ">>NER": 1},
            "BEN": {"IND>>NER": 3, "IND>TGO>NER": 1, "IND>NGA>NER": 1, ">>NER": 1},
        },
        units=(("tablets", 0.88, 40_000, 1.6, 100), ("kg", 0.12, 150, 1.2, 0.1)),
        town_conveyance={"land": 0.85, "unknown": 0.15},
        details={"land": ("camion de marchandises", "car de voyageurs", "moto", "tricycle", "véhicule particulier",
                          "camion (sacs de céréales)")},
        notes=("Comprimés de 225 mg", "Dissimulés dans des sacs de céréales", "Seized at a checkpoint",
               "Réseau démantelé"),
    ),
    Stream(
        "tramadol_west", "tramadol", 3.0, WESTWARD,
        sites=(("BFA", "Ouagadougou", 2), ("BFA", "Bobo-Dioulasso", 1.5), ("BFA", "Fada N'gourma", 1),
               ("BFA", "Dori", 0.5), ("TGO", "Cinkassé", 1), ("TGO", "Dapaong", 0.5), ("TGO", "Kara", 0.5),
               ("MLI", "Bamako", 1.5), ("MLI", "Sikasso", 1), ("MLI", "Gao", 1), ("MLI", "Mopti", 0.5),
               ("GHA", "Tamale", 0.5), ("GHA", "Bolgatanga", 0.5), ("CIV", "Abidjan", 0.5)),
        routes={
            "BFA": {"IND>GHA>MLI": 1, "IND>TGO>": 2, "IND>TGO>MLI": 1, "IND>BEN;TGO>NER": 0.7, "IND>GHA>": 1.5,
                    "IND>CIV>": 0.5, ">TGO>": 1, ">GHA>": 0.7},
            "MLI": {"IND>GHA;BFA>": 1.5, "IND>TGO;BFA>": 1, "IND>CIV>": 1, "IND>SEN>": 0.5, "IND>GIN>": 0.5,
                    ">BFA>": 1, "IND>GHA;BFA>LBY": 0.3},
            "TGO": {"IND>>BFA": 2, "IND>>MLI": 1, "IND>>NER": 1, ">>BFA": 1},
            "GHA": {"IND>>BFA": 2, "IND>>": 1}, "CIV": {"IND>>MLI": 1, "IND>>BFA": 1, "IND>>": 1},
        },
        units=(("tablets", 0.9, 30_000, 1.5, 100), ("kg", 0.1, 100, 1.2, 0.1)),
        town_conveyance={"land": 0.85, "unknown": 0.15},
        details={"land": ("camion de marchandises", "car de voyageurs", "moto", "tricycle", "véhicule particulier")},
        notes=("Comprimés de 120 mg et 225 mg", "Seized at a checkpoint", "Dissimulés dans des pagnes"),
    ),
    Stream(
        "pregabalin", "pregabalin", 1.2, (0, 0, 0, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.1, 1.2),
        sites=(("NER", "Niamey", 1.5), ("NER", "Maradi", 1.5), ("NER", "Agadez", 1), ("NGA", "Kano", 1),
               ("seaport", "NGA", 0.8), ("MLI", "Gao", 0.5)),
        routes={"NER": {"IND>NGA>LBY": 2, "IND>NGA>": 2, "NGA>>": 1}, "NGA": {"IND>>NER": 2, "IND>>": 2},
                "MLI": {"IND>NER>": 1, ">NER>": 1}},
        units=(("tablets", 1.0, 20_000, 1.5, 100),),
        notes=("Gélules de 300 mg", "Saisie avec du tramadol"),
    ),
    Stream(
        "codeine", "codeine_syrup", 1.0, STEADY,
        sites=(("NGA", "Kano", 2), ("NGA", "Kaduna", 1), ("NGA", "Lagos", 1), ("NGA", "Onitsha", 1),
               ("NER", "Maradi", 0.5), ("seaport", "NGA", 0.7)),
        routes={"NGA": {"IND>>": 1, "@>>": 1.5, ">>": 1}, "NER": {"NGA>>": 1}},
        units=(("units", 0.9, 300, 1.2, 1), ("l", 0.1, 100, 1.0, 0.1)),
        notes=("Flacons de 100 ml", "Pharmacie non autorisée", "Bottles in cartons"),
    ),
    Stream(
        "tapentadol", "other_synthetic_opioids", 0.4, (0, 0, 0, 0, 0, 0.2, 0.4, 0.8, 1.0, 1.2, 1.2),
        sites=(("seaport", "NGA", 2), ("seaport", "GHA", 1), ("NGA", "Kano", 0.5)),
        routes={"*": {"IND>>": 3, "IND>>NER": 1}},
        units=(("tablets", 1.0, 500_000, 1.5, 1000),),
        details={"sea": ("conteneur", "conteneur (déclaré produits pharmaceutiques)")},
        notes=("Tapentadol 225 mg", "Carisoprodol mixed in"),
    ),
    Stream(
        "meth_labs", "methamphetamine", 1.0, (0.2, 0.35, 0.2, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.0, 1.1),
        sites=(("NGA", "Lagos", 2), ("NGA", "Asaba", 1.5), ("NGA", "Onitsha", 1), ("NGA", "Enugu", 0.7),
               ("NGA", "Benin City", 0.5)),
        routes={"*": {"@>>": 4, "@>>MYS": 0.5, "@>>ZAF": 0.3}},
        units=(("kg", 0.5, 15, 1.4, 0.1), ("l", 0.2, 80, 1.2, 1), ("g", 0.3, 500, 1.0, GRAM)),
        town_conveyance={"unknown": 1.0},
        details={"unknown": ("laboratoire clandestin", "entrepôt", "perquisition à domicile")},
        notes=("Laboratoire démantelé", "Precursors (ephedrine) found on site", "Cuisiniers étrangers interpellés"),
    ),
    Stream(
        "meth_air", "methamphetamine", 1.6, EMERGING,
        sites=(("airport", "NGA", 4), ("airport", "GHA", 1), ("airport", "TGO", 0.7), ("airport", "CIV", 0.5),
               ("airport", "SEN", 0.5), ("airport", "MLI", 0.3)),
        routes={"NGA": {"@>>MYS": 2, "@>>ZAF": 1, "@>>JPN": 0.5, "@>>AUS": 0.5, "@>>": 0.7},
                "*": {"NGA>>MYS": 1, "NGA>>ZAF": 0.7, "NGA>>AUS": 0.4, "NGA>>": 0.7}},
        units=(("g", 0.55, 600, 0.8, GRAM), ("kg", 0.45, 2.5, 0.8, 0.01)),
        notes=("Dissimulé dans des emballages alimentaires", "Courier en route to Kuala Lumpur via Doha"),
    ),
    Stream(
        "kush", "kush", 2.2, KUSH,
        sites=(("SLE", "Freetown", 4), ("SLE", "Waterloo", 1), ("SLE", "Bo", 1.5), ("SLE", "Kenema", 1),
               ("SLE", "Makeni", 1), ("seaport", "SLE", 1), ("LBR", "Monrovia", 0.7, 2023, 2025),
               ("GIN", "Conakry", 0.3, 2024, 2025), ("GMB", "Serekunda", 0.3, 2024, 2025)),
        routes={"SLE": {"@>>": 3, ">>": 1, "GBR>>": 0.6, "NLD>>": 0.3}, "*": {"SLE>>": 2, ">>": 1}},
        units=(("kg", 0.55, 3, 1.3, 0.01), ("g", 0.45, 150, 1.0, GRAM)),
        town_conveyance={"unknown": 0.7, "land": 0.3},
        details={"unknown": ("point de vente (ghetto)", "perquisition à domicile", "patrouille"),
                 "land": ("moto-taxi (okada)", "keke (tricycle)", "véhicule particulier")},
        notes=("Kush in small sachets", "Ghetto raid", "Joint operation with SEACOP"),
    ),
    Stream(
        "heroin", "heroin", 0.8, STEADY,
        sites=(("airport", "NGA", 2), ("airport", "GHA", 1), ("airport", "SEN", 0.5), ("airport", "MLI", 0.3),
               ("seaport", "NGA", 0.5), ("NGA", "Lagos", 1), ("GHA", "Accra", 0.5)),
        routes={"*": {"PAK>ETH>": 2, "AFG>ARE>": 1, "PAK>>USA": 1, "IND>>GBR": 0.5, ">>": 1}},
        units=(("kg", 0.6, 1.5, 0.9, 0.01), ("g", 0.4, 300, 1.0, GRAM)),
        notes=("Body-packer", "Dissimulé dans des pièces de tissu"),
    ),
    Stream(
        "ephedrine", "ephedrine", 0.3, EMERGING,
        sites=(("seaport", "NGA", 1), ("NGA", "Lagos", 1), ("airport", "GHA", 0.5)),
        routes={"*": {"IND>>": 2, "CHN>>": 1, ">>": 0.5}},
        units=(("kg", 0.8, 50, 1.2, 0.1), ("l", 0.2, 100, 1.0, 1)),
    ),
    Stream(
        "precursors", "precursors_unspecified", 0.3, KUSH,
        sites=(("seaport", "SLE", 2), ("SLE", "Freetown", 1)),
        routes={"*": {"GBR>>": 2, ">>": 1}},
        units=(("l", 1.0, 150, 1.0, 5),),
        details={"sea": ("conteneur (bidons de 5 litres)",)},
    ),
    Stream(
        "khat", "khat", 0.3, STEADY,
        sites=(("BEN", "Cotonou", 1), ("airport", "TGO", 1), ("airport", "NGA", 0.5)),
        routes={"*": {"ETH>>USA": 2, "KEN>>": 1, "ETH>>CAN": 0.5}},
        units=(("kg", 1.0, 40, 1.0, 0.1),),
        town_conveyance={"mail": 0.6, "unknown": 0.4},
    ),
    Stream(
        "mdma", "mdma", 0.3, EMERGING,
        sites=(("airport", "SEN", 1), ("airport", "CIV", 1), ("airport", "GHA", 1), ("airport", "NGA", 1)),
        routes={"*": {"NLD>>": 2, "BEL>>": 1, ">>": 1}},
        units=(("tablets", 1.0, 300, 1.2, 1),),
    ),
    Stream(
        "amphetamine", "amphetamine", 0.2, STEADY,
        sites=(("GHA", "Accra", 1), ("NGA", "Lagos", 1), ("seaport", "GHA", 0.5)),
        routes={"*": {">>": 2, "IND>>": 1}},
        units=(("tablets", 1.0, 10_000, 1.5, 10),),
    ),
    Stream(
        "psychotropes", "unspecified_psychotropes", 0.8, STEADY,
        sites=(("NER", "Niamey", 1), ("MLI", "Bamako", 1), ("BFA", "Ouagadougou", 1), ("TCD", "N'Djamena", 0.7),
               ("CMR", "Maroua", 0.5), ("GIN", "Conakry", 0.5)),
        routes={"*": {">>": 3, "NGA>>": 1}},
        units=(("tablets", 0.8, 3000, 1.5, 10), ("kg", 0.2, 20, 1.2, 0.1)),
    ),
)

# Default transport details per conveyance, in French as registers write them.
DETAILS: dict[str, tuple[str, ...]] = {
    "land": ("camion de marchandises", "véhicule particulier", "car de transport en commun", "taxi-brousse", "moto"),
    "sea": ("conteneur", "navire marchand", "pirogue"),
    "air": ("bagage en soute", "bagage à main", "fret aérien"),
    "mail": ("colis postal", "colis express", "envoi postal"),
    "unknown": ("perquisition à domicile", "entrepôt", "patrouille"),
}
GENERIC_NOTES = (
    "Suspect en fuite", "Two suspects arrested", "Saisie sur renseignement", "Acting on intelligence",
    "Procédure transmise au parquet", "Quantité estimée avant pesée", "Case referred to prosecutor",
)
