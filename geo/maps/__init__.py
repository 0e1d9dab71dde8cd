"""Maps as plain Python, drawn from what :mod:`geo.analysis` computes.

The interactive folium map (basemap, choropleth, reference_layers, flows, seizures, legend, assembled by build,
on the shared helpers of layers), the slider's timeline frames (timeline), static matplotlib maps for briefings
(static), the palette both kinds of map use (style), and the locally served JavaScript assets (assets).
"""

from geo.maps.build import build_map, standalone_html, standalone_map

__all__ = ["build_map", "standalone_html", "standalone_map"]
