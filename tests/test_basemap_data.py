"""The basemap data shipped in ``data/basemap.json`` equal a fresh build (issue 16: ~1 s per map saved).

If this fails, the reference data or a dependency changed: run ``scripts/build_basemap.py`` and commit the file.
"""

import json

import pandas as pd

from geo.maps import basemap, basemap_data


def test_the_shipped_file_equals_a_fresh_build():
    shipped = json.loads(basemap_data.ARTEFACT.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(basemap_data.build()))


def test_a_file_made_from_other_inputs_is_ignored(tmp_path, monkeypatch):
    stale = json.loads(basemap_data.ARTEFACT.read_text(encoding="utf-8"))
    stale["fingerprint"] = "made-from-older-countries"
    stale["capitals"] = [{"iso3": "NER", "name": "Nowhere", "lat": 0.0, "lon": 0.0, "source": "x"}]
    path = tmp_path / "basemap.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(basemap_data, "ARTEFACT", path)
    basemap_data.load.cache_clear()
    try:
        assert "Nowhere" not in [row["name"] for row in basemap_data.load()["capitals"]]
    finally:
        basemap_data.load.cache_clear()


def test_the_basemap_reads_the_capitals_and_land_from_it():
    data = basemap_data.load()
    capitals = basemap.capitals()
    pd.testing.assert_frame_equal(capitals, pd.DataFrame(data["capitals"], columns=list(capitals.columns)))
    assert capitals.set_index("iso3").loc["NER", "name"] == "Niamey"
    assert "ESH" not in set(capitals["iso3"])  # disputed: no capital drawn
    land = basemap.land_features()
    assert [f["geometry"] for f in land] == [*data["context"], *data["study"]]
    assert len(data["study"]) == len(data["labels"]) == 22
