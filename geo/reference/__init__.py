"""Reference facts kept offline.

The layers of ``data/reference/`` (countries, border posts, ports and airports, corridors, public seizures),
country names and codes, and the gazetteer.
"""

from geo.reference.layers import (
    DATA_DIR,
    ECOWAS_AREA,
    REFERENCE_DIR,
    STUDY_COUNTRIES,
    border_posts,
    corridor_waypoints,
    corridors,
    country_centroids,
    country_polygons,
    ports_airports,
    public_seizures,
    text,
)

__all__ = ["DATA_DIR", "ECOWAS_AREA", "REFERENCE_DIR", "STUDY_COUNTRIES", "border_posts", "corridor_waypoints",
           "corridors", "country_centroids", "country_polygons", "ports_airports", "public_seizures", "text"]
