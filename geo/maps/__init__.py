"""Maps as plain Python, drawn from what :mod:`geo.analysis` computes.

The interactive folium map (basemap, choropleth, reference_layers, flows, seizures, legend, assembled by build,
on the shared helpers of layers), the slider's timeline frames (timeline), static matplotlib maps for briefings
(static), the palette both kinds of map use (style), and the locally served JavaScript assets (assets).
"""

__all__ = ["build_map", "standalone_html", "standalone_map"]


def __getattr__(name: str) -> object:
    """The interactive map's builders, imported when first used: a static map or briefing needs no folium."""
    if name in __all__:
        from geo.maps import build

        return getattr(build, name)
    raise AttributeError(f"module 'geo.maps' has no attribute {name!r}")
