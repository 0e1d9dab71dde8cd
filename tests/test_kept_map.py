"""The map from kept totals carries what the records' map carries, layer by layer (issue 16).

Both maps are built from one store: the records' cumulative map (:func:`geo.maps.build.cumulative_map`)
and the kept totals' (:func:`geo.maps.kept_map.kept_map`), with the hexagon switch lowered so that a few
hundred records draw hexagons. What each layer carries (every feature's properties and geometry: the
choropleth's fills and values, each hexagon's totals, each leg's width, dash, reported share and arrowhead,
the hatched countries) and the legend's counts must be equal; the numbers are checked against pandas too.
"""

from __future__ import annotations

import json
import re

import folium
import h3
import pandas as pd
import pytest

from geo import demo
from geo.cli import main
from geo.cli.map_totals import kept_frames
from geo.core.filters import RecordFilter
from geo.maps import kept_map
from geo.maps.build import cumulative_map
from geo.maps.literal_geojson import LiteralGeoJson
from geo.store import Batch, GeoPackageStore
from geo.store.aggregates import CELL_RESOLUTION

MAX_POINTS = 150  # the records' switch to hexagons, lowered so that a small store draws them
SILENT = ("BEN", "NER")  # countries left without any record: hatched on both maps


def carried(m: folium.Map) -> dict[str, list[str]]:
    """Every GeoJSON layer's features (as sorted JSON) by layer name, and the legend's HTML."""
    out: dict[str, list[str]] = {}

    def walk(element, group: str | None) -> None:
        for child in element._children.values():
            if isinstance(child, folium.FeatureGroup):
                walk(child, child.layer_name)
            elif isinstance(child, LiteralGeoJson):
                out.setdefault(group or "", []).extend(json.dumps(f, sort_keys=True) for f in child.data["features"])
            elif type(child).__name__ == "Legend":
                out["legend"] = [child.html]
            else:
                walk(child, group)

    walk(m, None)
    return {name: sorted(features) for name, features in out.items()}


def _properties(features: list[str]) -> list[dict]:
    return [json.loads(f)["properties"] for f in features]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> GeoPackageStore:
    """Demo records in whole kilograms (float sums exact in any order), two countries silent, some unlocated."""
    records = demo.generate(rows=700, seed=5)
    records = records.loc[~records["country"].isin(SILENT)].reset_index(drop=True)
    records["quantity"] = records["quantity"].round().clip(lower=1)
    records["unit"] = records["unit"].where(records["unit"].isin(["tablets", "plants"]), "kg")
    records.loc[records.index % 17 == 0, ["lat", "lon"]] = None  # unlocated: in every total, drawn nowhere
    path = tmp_path_factory.mktemp("kept-map") / "map.gpkg"
    made = GeoPackageStore(path)
    made.write_batch(records, Batch(kind="demo", created_by="test"))
    return made


@pytest.fixture(scope="module")
def both(store) -> tuple[dict, dict, pd.DataFrame]:
    everything = RecordFilter()
    stored = store.query(everything)
    from_records = carried(cumulative_map(stored, "en", max_points=MAX_POINTS))
    cells, chains = kept_frames(store, everything)
    assert kept_map.located_records(cells) > MAX_POINTS
    from_totals = carried(kept_map.kept_map(cells, chains, "en", max_points=MAX_POINTS))
    return from_records, from_totals, stored


def test_every_layer_carries_the_same_features_and_the_legend_the_same_counts(both):
    from_records, from_totals, _ = both
    assert set(from_records) == set(from_totals)
    for name in from_records:
        assert from_totals[name] == from_records[name], f"layer {name!r} differs"


def test_the_layers_hold_what_the_records_say(both):
    """The compared layers are not empty, and their numbers are the records' (pandas, independently)."""
    _, from_totals, stored = both
    hexagons = _properties(from_totals["Seizures"])
    located = stored.dropna(subset=["lat", "lon"])
    cells = {h3.latlng_to_cell(lat, lon, CELL_RESOLUTION) for lat, lon in zip(located["lat"], located["lon"])}
    assert {p["id"] for p in hexagons} == cells  # one hexagon per cell of a located record, at the overview zoom
    hatched = {p["iso3"] for p in _properties(from_totals["Countries with no report"])}
    assert set(SILENT) <= hatched and not hatched & set(stored["country"].dropna())
    legs = _properties(from_totals["Reconstructed flows"] + from_totals["Minor legs"])
    assert {p["provenance"] for p in legs if "provenance" in p} == {"reported", "inferred"}
    dashed = [p for p in legs if p.get("provenance") == "inferred"]
    assert all(p["style"]["dashArray"] for p in dashed)
    assert any(p["status"] == "arrow" for p in legs)
    assert all("reported" in p["tip"].lower() for p in legs if "provenance" in p)
    # The legend counts the located seizures (seizure_count), as pandas sums them.
    legend = from_totals["legend"][0]
    located_cases = int(located["seizure_count"].fillna(1).sum())
    assert f"{located_cases:,}" in legend
    # Choropleth: each country's kilograms, as pandas sums the stored records.
    kg = stored.groupby("country")["quantity_kg"].sum()
    tips = {p["iso3"]: p["tip"] for p in _properties(from_totals["Countries"])}
    for iso3, value in kg.items():
        if iso3 in tips and value >= 10:
            assert f"{value:,.0f}" in tips[iso3], iso3


def test_map_command_reads_the_kept_totals_above_the_switch(store, tmp_path, monkeypatch):
    """``geo map`` draws from the kept totals when they are exact; ``--from-records`` reads the records."""
    import geo.maps.kept_map as module

    drawn = []
    monkeypatch.setattr("geo.maps.seizures.MAX_POINTS", MAX_POINTS)
    original = module.kept_map
    monkeypatch.setattr(module, "kept_map", lambda *a, **k: drawn.append(1) or original(*a, **k))
    pages = []
    for extra in ([], ["--from-records"]):
        out = tmp_path / f"map{len(pages)}.html"
        assert main(["map", "--out", str(out), "--db", str(store.path), "--lang", "en", *extra]) == 0
        pages.append(re.sub(r"_[0-9a-f]{32}", "_ID", out.read_text(encoding="utf-8")))
    assert drawn == [1]  # the first from the kept totals, the second from the records
    assert "Countries with no report" in pages[0]
