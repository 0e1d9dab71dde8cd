"""The offline basemap: no tiles, the sea as the map's background, Natural Earth land, capitals and country names.

:func:`base_map` is the empty map every interactive map starts from (the dashboard's
timeline frame and :func:`geo.maps.build.build_map`); OpenStreetMap is only an optional
extra base layer. Its land (:func:`geo.maps.land.land_features`) is also the land of the static maps
(:mod:`geo.maps.static`).
"""

from __future__ import annotations

from functools import lru_cache

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from geo.i18n import maps as map_text
from geo.maps import basemap_data
from geo.maps.land import SMALL_COUNTRIES, land_features
from geo.maps.layers import COORD_DIGITS, NO_POINTER_PANES, PANES, esc, feature
from geo.maps.literal_geojson import DataLoader, LiteralGeoJson
from geo.maps.style import SEA
from geo.reference.countries import country_name

CENTRE = (13.0, -3.0)
ZOOM = 5
MIN_ZOOM = 3  # West Africa is ~230 px wide at zoom 3: farther out, nothing drawn stays legible
MAX_ZOOM = 12  # MarkerCluster needs a maxZoom when there is no tile layer
SMALL_NAMES_ZOOM = 6  # SMALL_COUNTRIES' names show from this zoom on: farther out they spill over the neighbours

# --- land and names --------------------------------------------------------------------
# The land is geo.maps.land's (the printed maps draw it too, without folium); the capitals and the
# names' positions are computed once and shipped in data/basemap.json (geo.maps.basemap_data).
@lru_cache(maxsize=1)
def capitals() -> pd.DataFrame:
    """Capitals of the study countries: GeoNames' capital name, placed by the offline gazetteer.

    Returns:
        Columns ``iso3``, ``name``, ``lat``, ``lon``, ``source`` (a GeoNames id).

    >>> capitals().set_index("iso3").loc["NER", "name"]
    'Niamey'
    """
    return pd.DataFrame(basemap_data.load()["capitals"], columns=["iso3", "name", "lat", "lon", "source"])


LABEL_JS = JsCode("""function(feature, latlng) {
    var p = feature.properties;
    return L.marker(latlng, {pane: "cl-labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "cl-label " + p.cls, html: p.label, iconSize: [0, 0]})});
}""")


@lru_cache(maxsize=1)
def _country_label_points() -> tuple[tuple[str, float, float], ...]:
    """Where each country's name goes (:func:`geo.maps.basemap_data.build`: clear of the capitals' names)."""
    return tuple((iso3, x, y) for iso3, x, y in basemap_data.load()["labels"])


def label_features(lang: str) -> list[dict]:
    """Country names (hidden for small countries when zoomed out) and capitals, as point features."""
    labels = []
    for iso3, x, y in _country_label_points():
        cls = "cl-country cl-minor" if iso3 in SMALL_COUNTRIES else "cl-country"
        label = f"<span>{esc(country_name(iso3, lang))}</span>"
        labels.append(feature({"type": "Point", "coordinates": [x, y]}, cls=cls, label=label))
    for row in capitals().itertuples(index=False):
        labels.append(feature({"type": "Point", "coordinates": [round(row.lon, COORD_DIGITS),
                                                                 round(row.lat, COORD_DIGITS)]},
                              cls="cl-capital", label=f"<i></i><span>{esc(row.name)}</span>"))
    return labels


# --- the map -------------------------------------------------------------------------
class MapStyle(MacroElement):
    """The map's CSS (sea colour, labels, symbols, popups, legend) and its zoom-dependent label class."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        #{{ this._parent.get_name() }} { background: {{ this.sea }}; font: 12px/1.35 system-ui, "Segoe UI",
            Roboto, "DejaVu Sans", Arial, sans-serif; }
        .cl-label span { position: absolute; white-space: nowrap; pointer-events: none;
            text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
        .cl-country span { transform: translate(-50%, -50%); font-size: 10px; font-weight: 600;
            letter-spacing: .12em; text-transform: uppercase; color: #8a8272; }
        .cl-far .cl-minor { display: none; }
        .cl-capital i { position: absolute; left: -3px; top: -3px; width: 6px; height: 6px; border-radius: 50%;
            background: #fff; border: 1.5px solid #3a3a3a; box-sizing: border-box; }
        .cl-capital span { left: 6px; top: -8px; font-size: 11px; color: #2b2b2b; font-weight: 500; }
        .cl-sym { background: none; border: none; }
        .cl-sym svg { display: block; filter: drop-shadow(0 0 1px rgba(0,0,0,.35)); }
        .cl-tip { font-size: 12px; max-width: 340px; min-width: 240px; white-space: normal; }
        .cl-popup .leaflet-popup-content { font-size: 12px; margin: 10px 12px; max-height: 320px; overflow: auto; }
        .cl-popup table { border-collapse: collapse; margin-top: 4px; }
        .cl-popup th { text-align: left; font-weight: 500; color: #666; padding: 1px 8px 1px 0; vertical-align: top; }
        .cl-popup td { padding: 1px 0; overflow-wrap: anywhere; }
        .cl-legend { background: #fff; padding: 6px 10px; border-radius: 6px; width: 290px;
            box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 11.5px; overflow: auto; }
        .cl-legend summary { font-weight: 600; cursor: pointer; font-size: 12.5px; }
        .cl-legend .cl-h { font-weight: 600; margin: 7px 0 3px; }
        .cl-legend .cl-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
        .cl-legend .cl-grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
        .cl-legend .cl-dot { width: 10px; height: 10px; border-radius: 50%; border: 1px solid #fff;
            box-shadow: 0 0 0 .5px #999; flex: none; }
        .cl-legend .cl-ramp { display: flex; }
        .cl-legend .cl-ramp div { flex: 1; height: 10px; }
        .cl-legend .cl-ticks { display: flex; justify-content: space-between; color: #555; font-size: 10.5px; }
        .cl-legend .cl-note { color: #666; font-size: 10.5px; margin-top: 3px; }
        .cl-legend svg { flex: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
            function far() { map.getContainer().classList.toggle("cl-far", map.getZoom() < {{ this.names_zoom }}); }
            map.on("zoomend", far); far();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, sea: str = SEA) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.sea = sea
        self.names_zoom = SMALL_NAMES_ZOOM


def base_map(lang: str, *, tiles: bool = False, location: tuple[float, float] = CENTRE,
             zoom: int = ZOOM) -> folium.Map:
    """An empty map of West Africa that needs no network: vector land, borders and names.

    Args:
        lang: "fr" or "en" (layer names, country names).
        tiles: also offer OpenStreetMap tiles as a second base layer (needs the
            internet; never the default).
        location: initial centre (lat, lon).
        zoom: initial zoom.

    Returns:
        A ``folium.Map`` with ``tiles=None``, ``max_zoom`` set, canvas rendering, the
        panes of :data:`geo.maps.layers.PANES` and the vector basemap.
    """
    # folium hands min_zoom/max_zoom to the tile layer it creates; without one they must be map options.
    m = folium.Map(location=list(location), zoom_start=zoom, tiles=None, prefer_canvas=True, control_scale=True,
                   minZoom=MIN_ZOOM, maxZoom=MAX_ZOOM)
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index, pointer_events=name not in NO_POINTER_PANES).add_to(m)
    DataLoader().add_to(m)  # before any layer: the frame's reference layers may load from the server
    MapStyle().add_to(m)
    basemap = folium.FeatureGroup(name=map_text.t("basemap", lang), overlay=False, control=tiles)
    LiteralGeoJson({"type": "FeatureCollection", "features": land_features()}, pane="cl-land", interactive=False,
                   control=False).add_to(basemap)
    LiteralGeoJson({"type": "FeatureCollection", "features": label_features(lang)}, pointToLayer=LABEL_JS,
                   interactive=False, control=False).add_to(basemap)
    basemap.add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=map_text.t("osm", lang), overlay=False, show=False, control=True,
                         max_zoom=MAX_ZOOM).add_to(m)
    return m
