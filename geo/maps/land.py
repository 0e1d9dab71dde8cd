"""The basemap's land as GeoJSON features: the world around (a shade darker), then the study countries.

The interactive basemap (:mod:`geo.maps.basemap`) and the printed maps (:mod:`geo.maps.static`) draw the
same land. It lives apart from the basemap so that a printed map (a briefing's PDF) does not load folium.
The geometry is computed once and shipped in ``data/basemap.json`` (:mod:`geo.maps.basemap_data`,
``scripts/build_basemap.py``): reading and computing it cost ~1 s per process.
"""

from __future__ import annotations

from functools import lru_cache

from geo.maps import basemap_data
from geo.maps.geojson import feature
from geo.maps.style import CONTEXT_BORDER, LAND, LAND_BORDER, LAND_CONTEXT

# Country names at the overview zoom only for the countries wide enough to hold them.
SMALL_COUNTRIES = frozenset({"GMB", "GNB", "CPV", "SLE", "LBR", "TGO", "BEN", "ESH"})


@lru_cache(maxsize=1)
def _context_land() -> tuple[dict, ...]:
    """Land outside the study countries (Natural Earth 110m), so corridors do not cross an empty sea.

    The only offline world outline among the runtime packages is the one pyogrio ships
    as a test fixture; if a release drops it, the map keeps the study countries alone.
    """
    style = {"stroke": True, "color": CONTEXT_BORDER, "weight": 0.5, "fillColor": LAND_CONTEXT, "fillOpacity": 1}
    return tuple(feature(g, style=style) for g in basemap_data.load()["context"])


@lru_cache(maxsize=1)
def _study_land() -> tuple[dict, ...]:
    style = {"stroke": True, "color": LAND_BORDER, "weight": 0.7, "fillColor": LAND, "fillOpacity": 1}
    return tuple(feature(g, style=style) for g in basemap_data.load()["study"])


def land_features() -> tuple[dict, ...]:
    """The basemap's land: the world around (a shade darker), then the study countries."""
    return (*_context_land(), *_study_land())
