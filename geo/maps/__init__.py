"""Maps as plain Python: the interactive folium map (basemap, seizures, legend, reference layers, build), the
slider's timeline frames, static matplotlib maps for briefings, and the locally served JavaScript assets."""

from geo.maps.build import build_map, standalone_html, standalone_map

__all__ = ["build_map", "standalone_html", "standalone_map"]
