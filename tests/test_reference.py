"""Tests of the committed reference layers (data/reference) and their loaders (geo.reference)."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import pytest
import shapely

from geo import reference
from tests.support.reference_facts import POSTS, write_facts

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_reference.py"
README = reference.REFERENCE_DIR / "README.md"

REQUIRED = {"BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO",
            "MRT", "TCD", "CMR", "MAR", "DZA", "LBY", "ESH"}
UNITS = {"kg", "g", "t", "tablets", "plants", "l", "units"}
SEIZURE_COLUMNS = ["record_id", "source_ref", "date", "date_precision", "country", "admin1", "place", "lat", "lon",
                   "location_precision", "substance", "quantity", "unit", "conveyance", "transport_detail", "origin",
                   "transit", "destination", "agency", "sensitivity", "reliability", "source", "notes", "dataset"]


def substances() -> pd.DataFrame:
    return pd.read_csv(reference.REFERENCE_DIR / "substances.csv", dtype=str, keep_default_na=False)


def load_script():
    spec = importlib.util.spec_from_file_location("build_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- sources ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("load", [
    reference.country_polygons, reference.border_posts, reference.ports_airports, reference.corridors,
    reference.corridor_waypoints, reference.public_seizures, substances,
])
def test_every_feature_has_a_source(load):
    frame = load()
    assert len(frame) > 0
    blank = frame["source"].isna() | (frame["source"].astype(str).str.strip() == "")
    assert not blank.any(), frame.loc[blank].iloc[:, 0].tolist()


# --- countries -------------------------------------------------------------------------------------------------

def test_country_polygons_are_valid_and_polygonal():
    frame = reference.country_polygons()
    assert frame.crs.to_epsg() == 4326
    assert frame.is_valid.all()
    assert not frame.is_empty.any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert frame["iso3"].is_unique


def test_required_countries_present_and_constants_match_file():
    codes = set(reference.country_polygons()["iso3"])
    assert codes >= REQUIRED
    assert {"CPV", "ESH"} <= codes
    assert tuple(sorted(codes)) == reference.STUDY_COUNTRIES
    assert len(reference.ECOWAS_AREA) == 16 and set(reference.ECOWAS_AREA) <= codes


def test_cabo_verde_islands_are_off_the_coast():
    cpv = reference.country_polygons().set_index("iso3").loc["CPV", "geometry"]
    assert cpv.geom_type == "MultiPolygon" and len(cpv.geoms) >= 9
    assert cpv.bounds[2] < -22.0  # all islands west of 22°W, none merged with the mainland


@pytest.mark.parametrize(("iso3", "name_en", "name_fr"), [
    ("SEN", "Senegal", "Sénégal"),
    ("CIV", "Côte d'Ivoire", "Côte d'Ivoire"),
    ("GNB", "Guinea-Bissau", "Guinée-Bissau"),
    ("CPV", "Cabo Verde", "Cap-Vert"),
    ("MRT", "Mauritania", "Mauritanie"),
    ("TCD", "Chad", "Tchad"),
    ("CMR", "Cameroon", "Cameroun"),
    ("MAR", "Morocco", "Maroc"),
    ("DZA", "Algeria", "Algérie"),
    ("LBY", "Libya", "Libye"),
    ("ESH", "Western Sahara", "Sahara occidental"),
    ("BEN", "Benin", "Bénin"),
    ("GMB", "Gambia", "Gambie"),
    ("LBR", "Liberia", "Libéria"),
    ("GIN", "Guinea", "Guinée"),
    ("NER", "Niger", "Niger"),
])
def test_country_names_in_both_languages(iso3, name_en, name_fr):
    row = reference.country_polygons().set_index("iso3").loc[iso3]
    assert (row["name_en"], row["name_fr"]) == (name_en, name_fr)


def test_memberships():
    frame = reference.country_polygons().set_index("iso3")
    assert set(frame.index[frame["aes"]]) == {"MLI", "BFA", "NER"}
    assert set(frame.index[frame["g5_sahel"]]) == {"MRT", "MLI", "BFA", "NER", "TCD"}
    assert set(frame.index[frame["ecowas"]]) == set(reference.ECOWAS_AREA) - {"MLI", "BFA", "NER", "MRT"}
    assert set(frame.index[frame["ecowas_area"]]) == set(reference.ECOWAS_AREA)
    for iso3 in ("MLI", "BFA", "NER"):
        assert frame.loc[iso3, "ecowas_until"] == "2025-01-29"
        assert frame.loc[iso3, "aes_since"] == "2023-09-16"
    assert (frame.loc[frame["ecowas"], "ecowas_until"] == "").all()
    assert (frame.loc[frame["g5_sahel"], "g5_sahel_note"] != "").all()
    assert frame["membership_source"].str.contains("29 Jan 2025").all()


# --- border posts ----------------------------------------------------------------------------------------------

def border_km(point: shapely.Point, a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Distance to the a|b border, measured in the UTM zone of the point (independent of the build's method)."""
    utm = gpd.GeoSeries([point], crs=4326).estimate_utm_crs()
    pt, poly_a, poly_b = gpd.GeoSeries([point, a, b], crs=4326).to_crs(utm)
    border = poly_a.boundary.intersection(poly_b.buffer(100))  # the part of a's outline within 100 m of b
    assert not border.is_empty, "the two countries do not touch"
    return pt.distance(border) / 1000


@pytest.mark.slow
def test_every_border_post_is_within_25_km_of_its_border():
    shapes = reference.country_polygons().set_index("iso3").geometry
    posts = reference.border_posts()
    assert len(posts) > 0 and set(posts.geom_type) == {"Point"}
    for post in posts.itertuples():
        km = border_km(post.geometry, shapes[post.country_a], shapes[post.country_b])
        assert km <= 25.0, f"{post.name}: {km:.1f} km from the {post.country_a}-{post.country_b} border"
        assert abs(km - post.border_km) < 1.0, f"{post.name}: measured {km:.1f} km, file says {post.border_km}"


def test_moved_posts_keep_their_town_coordinate_and_are_approximate():
    posts = reference.border_posts()
    moved = posts[posts["placement"].str.startswith("snapped")]
    assert len(moved) >= 1
    assert moved["approximate"].all()
    for post in moved.itertuples():
        assert (post.town_lon, post.town_lat) != (post.geometry.x, post.geometry.y)
    kept_in_place = posts.drop(moved.index)
    assert (kept_in_place["town_lon"].round(5) == kept_in_place.geometry.x.round(5)).all()


def readme_counts() -> dict[str, int]:
    match = re.search(r"Border posts kept: (\d+)\. Left out: (\d+)\. Moved or inferred: (\d+)\.", README.read_text())
    assert match, "README has no border-post counts line"
    return dict(zip(("kept", "left_out", "changed"), map(int, match.groups())))


def test_border_post_count_matches_readme():
    counts = readme_counts()
    posts = reference.border_posts()
    assert len(posts) == counts["kept"]
    assert (posts["placement"].str.startswith("snapped") | posts["placement"].str.contains("inferred")).sum() \
        == counts["changed"]


def test_readme_lists_every_post_left_out():
    text = README.read_text()
    section = text[text.index("Left out:"):text.index("Moved or inferred:\n")]
    left_out = re.findall(r"^\| (?!post \||---)(.+?) \| [A-Z?]+/", section, flags=re.MULTILINE)
    assert len(left_out) == readme_counts()["left_out"] > 0
    assert not set(left_out) & set(reference.border_posts()["name"])  # a post is kept or left out, never both


# --- ports and airports ----------------------------------------------------------------------------------------

def test_ports_and_airports():
    frame = reference.ports_airports()
    assert set(frame["kind"]) <= {"seaport", "airport", "landing_point"}
    assert set(frame["country"]) <= set(reference.STUDY_COUNTRIES)
    shapes = reference.country_polygons().set_index("iso3").geometry
    for row in frame.itertuples():  # town/airport points: inside, or within 5 km of, their country
        assert shapes[row.country].distance(row.geometry) < 0.05, row.name


# --- corridors -------------------------------------------------------------------------------------------------

def test_corridors():
    frame = reference.corridors()
    assert len(frame) == 16 and frame["id"].is_unique
    assert set(frame.geom_type) == {"MultiLineString"}
    assert set(frame["substance"]) <= set(substances()["id"])
    assert set(frame["kind"]) == {"maritime", "land"}
    assert (frame["kind"] == frame["id"].str[:2].map({"MC": "maritime", "LR": "land"})).all()
    assert (frame["active_from"] <= frame["active_to"]).all()
    assert frame["active_from"].between(2000, 2026).all() and frame["active_to"].between(2000, 2026).all()
    assert (frame["approximate"] == (frame["schematic_waypoints"] != "")).all()


def test_waypoint_layer_matches_corridor_geometry_and_flags():
    lines = reference.corridors().set_index("id")
    points = reference.corridor_waypoints()
    for cid, line in lines.iterrows():
        mine = points[points["corridor_id"] == cid].sort_values(["branch", "index"])
        coords = [(b, i, xy) for b, part in enumerate(line.geometry.geoms) for i, xy in enumerate(part.coords)]
        assert [(b, i) for b, i, _ in coords] == list(zip(mine["branch"], mine["index"]))
        assert [xy for _, _, xy in coords] == [(p.x, p.y) for p in mine.geometry]
        flagged = ";".join(f"{b}:{i}" for b, i, star in zip(mine["branch"], mine["index"], mine["approximate"]) if star)
        assert flagged == line["schematic_waypoints"], cid


def test_waypoint_layer_flags_exactly_the_starred_vertices():
    script = load_script()
    row = {"id": "MC09", "name": "x", "substance": "cocaine", "mode": "sea", "description": "Seen in 2020.",
           "waypoints_lonlat": "-30.0 10.0*; -17.444 14.694 | -30.0 10.0*; -20.0 5.0*; 2.418 6.365",
           "waypoint_notes": "", "fact_source": "https://example.org", "confidence": "high"}
    french = script.French()
    lines, points = script.build_corridors([row], [], french)
    flagged = {(p["properties"]["branch"], p["properties"]["index"]) for p in points if p["properties"]["approximate"]}
    assert flagged == {(0, 0), (1, 0), (1, 1)}
    assert lines[0]["properties"]["schematic_waypoints"] == "0:0;1:0;1:1"
    assert len(french.problems) == 2  # its name and description have no French: the build would refuse them


# --- substances ------------------------------------------------------------------------------------------------

def test_substance_vocabulary():
    frame = substances()
    assert list(frame.columns) == ["id", "label_en", "label_fr", "synonyms", "family", "colour", "source"]
    assert len(frame) == 21 and frame["id"].is_unique
    assert set(frame["family"]) <= {"cocaine", "cannabis", "ats", "opioids", "other"}
    assert frame["colour"].str.fullmatch(r"#[0-9a-f]{6}").all() and frame["colour"].is_unique
    words = [w for cell in frame["synonyms"] for w in cell.split(";")]
    assert len(words) == len(set(words)), "a synonym maps to two ids"
    assert all(w == w.lower() for w in words)


@pytest.mark.parametrize(("design_id", "substance_id"), [
    ("crack", "cocaine_base"), ("other_opioids", "other_synthetic_opioids"),
    ("precursors", "precursors_unspecified"), ("other", "unspecified"),
    ("marijuana", "cannabis_herb"), ("hashish", "cannabis_resin"), ("ecstasy", None), ("kush", None),
])
def test_synonyms_resolve(design_id, substance_id):
    frame = substances()
    hits = frame[frame["synonyms"].str.split(";").apply(lambda words: design_id in words)
                 | (frame["label_fr"].str.lower() == design_id) | (frame["label_en"].str.lower() == design_id)]
    assert len(hits) == 1, design_id
    if substance_id:
        assert hits["id"].item() == substance_id


@pytest.mark.parametrize(("substance_id", "label_en", "label_fr"), [
    ("cocaine", "Cocaine", "Cocaïne"),
    ("cannabis_herb", "Cannabis herb", "Herbe de cannabis"),
    ("cannabis_resin", "Cannabis resin", "Résine de cannabis"),
    ("tramadol", "Tramadol", "Tramadol"),
])
def test_substance_labels(substance_id, label_en, label_fr):
    row = substances().set_index("id").loc[substance_id]
    assert (row["label_en"], row["label_fr"]) == (label_en, label_fr)


def test_substance_ids_are_the_build_table_ids():
    assert set(substances()["id"]) == set(load_script().SUBSTANCES)


# --- public seizures -------------------------------------------------------------------------------------------

def test_public_seizures_shape_and_vocabularies():
    frame = reference.public_seizures()
    assert list(frame.columns) == SEIZURE_COLUMNS
    assert len(frame) == 65 and frame["record_id"].is_unique
    assert frame["record_id"].str.fullmatch(r"pub-[0-9a-f]{12}").all()
    assert set(frame["unit"].dropna()) <= UNITS
    assert frame["quantity"].notna().eq(frame["unit"].notna()).all()
    assert set(frame["conveyance"]) <= {"land", "sea", "air", "mail", "unknown"}
    assert set(frame["date_precision"]) <= {"day", "month", "year"}
    assert pd.to_datetime(frame["date"], format="%Y-%m-%d").notna().all()
    assert set(frame["substance"]) <= set(substances()["id"])
    assert (frame["dataset"] == "public").all() and (frame["sensitivity"] == "public").all()
    located = frame["lat"].notna() & frame["lon"].notna()
    assert (frame["location_precision"] == located.map({True: "place", False: "unlocated"})).all()
    codes = [c for col in ("country", "origin", "destination") for c in frame[col].dropna()]
    codes += [c for cell in frame["transit"].dropna() for c in cell.split(";")]
    assert all(pycountry.countries.get(alpha_3=c) for c in codes)


@pytest.mark.slow
def test_public_seizures_pass_the_record_model():
    from geo.core import schema

    records = schema.coerce_records(reference.public_seizures())
    assert len(records) == 65
    tablets = records[records["unit"] == "tablets"]
    assert len(tablets) > 0 and tablets["quantity_kg"].isna().all()  # no mass is ever guessed for tablets


def test_public_seizures_keep_reported_quantities_without_kg_for_tablets():
    script = load_script()
    row = {"date": "2018-11-15", "date_precision": "day", "date_note": "", "place": "Onne port", "country": "NGA",
           "lat": "4.72", "lon": "7.15", "substance": "tramadol", "quantity": "1,000", "quantity_numeric": "1000",
           "quantity_kg": "0.5", "unit": "pills", "conveyance": "sea", "route_reported": "", "source": "https://x.org",
           "confidence": "high", "notes": "Customs."}
    record = script.seizure_record(row)
    assert (record["quantity"], record["unit"]) == ("1000", "tablets")  # the count, never the stated weight
    assert "weight stated by the source: 0.5 kg" in record["notes"]
    assert script.seizure_record({**row, "unit": "mixed"})["quantity"] == ""
    frame = reference.public_seizures()
    assert frame.loc[frame["unit"].isna(), "quantity"].isna().all()


@pytest.mark.parametrize(("text", "expected"), [
    ("2021-06", ("2021-06-01", "month")),
    ("2019", ("2019-01-01", "year")),
    ("2019-03-09/10", ("2019-03-09", "day")),
    ("2024-09-07", ("2024-09-07", "day")),
])
def test_shared_dates_become_iso_days(text, expected):
    assert load_script().parse_date(text) == expected


def test_waypoint_parser_strips_stars_and_reads_longitude_first():
    branches = load_script().parse_waypoints("-30.0 10.0*; -17.444 14.694 | -30.0 10.0*; 2.418 6.365")
    assert branches == [[(-30.0, 10.0, True), (-17.444, 14.694, False)], [(-30.0, 10.0, True), (2.418, 6.365, False)]]
    with pytest.raises(ValueError, match="longitude-first"):
        load_script().parse_waypoints("14.7 -200.0")


# --- loaders ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("load", [reference.country_polygons, reference.border_posts, reference.public_seizures,
                                  reference.country_centroids])
def test_loaders_return_copies(load):
    first = load()
    first.iloc[0, 0] = "changed"
    assert load().iloc[0, 0] != "changed"


def test_country_centroids_lie_inside_their_country():
    shapes = reference.country_polygons().set_index("iso3").geometry
    centroids = reference.country_centroids()
    assert list(centroids.columns) == ["iso3", "lat", "lon"]
    for row in centroids.itertuples():
        assert shapes[row.iso3].contains(shapely.Point(row.lon, row.lat)), row.iso3


# --- reproducibility -------------------------------------------------------------------------------------------

def run_build(facts: Path, french: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--facts", str(facts), "--french", str(french),
                           "--out", str(out)], capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_build_from_a_facts_folder_is_bilingual_and_reproducible(tmp_path):
    french = write_facts(tmp_path / "facts", load_script())
    outputs = []
    for run in ("one", "two"):
        result = run_build(tmp_path / "facts", french, tmp_path / run)
        assert result.returncode == 0, result.stderr
        outputs.append({p.relative_to(tmp_path / run): p.read_bytes() for p in (tmp_path / run).rglob("*")
                        if p.is_file()})
    assert outputs[0] == outputs[1]  # byte-identical: nothing depends on the clock or on the order of reading
    assert len(outputs[0]) == 9  # 5 GeoJSON layers, substances.csv, sources.md, README.md, public_seizures.csv
    posts = gpd.read_file(tmp_path / "one" / "reference" / "border_posts.geojson")
    assert list(posts["name"]) == [POSTS[0]["name"]]
    assert posts.loc[0, "name_fr"] == "Poste de contrôle juxtaposé de Malanville–Gaya"
    assert posts.loc[0, "notes_fr"] == "Pont bloqué par des conteneurs (2024)."
    corridor = gpd.read_file(tmp_path / "one" / "reference" / "corridors.geojson").iloc[0]
    assert corridor["description_fr"] == "Des conteneurs de sel ont atteint Banjul."
    readme = (tmp_path / "one" / "reference" / "README.md").read_text()
    assert "| Hilacondji Joint Border Post | BEN/TGO |" in readme and "shared/reference" not in readme


@pytest.mark.slow
def test_build_refuses_missing_or_stale_french_and_writes_nothing(tmp_path):
    script = load_script()
    facts = tmp_path / "facts"
    french = write_facts(facts, script)
    rows = list(csv.reader(french.open(encoding="utf-8")))[1:]
    stale = [row for row in rows if row[:3] != ["ports_airports", "Port of Tema", "notes"]]
    stale[0] = [*stale[0][:3], stale[0][3] + " (older wording)", stale[0][4]]
    write_facts(facts, script, [tuple(row) for row in stale])
    result = run_build(facts, french, tmp_path / "out")
    assert result.returncode == 1
    assert "ports_airports 'Port of Tema' notes: no French text" in result.stderr
    assert f"border_posts {stale[0][1]!r} {stale[0][2]}: the English was reworded" in result.stderr
    assert not (tmp_path / "out" / "reference").exists()
