"""``python -m geo map`` from the totals kept at import time: the same map, whatever the store holds.

Above :data:`geo.maps.seizures.MAX_POINTS` located records the map draws hexagons, choropleth and flows:
all sums. So each row of kept totals per (H3 cell, substance, country, dataset) becomes one weighted
row, placed at its cell's centre, that :func:`geo.maps.build.build_map` sums as it sums records; the
legs come from the route totals (:func:`geo.analysis.aggregated.legs_over`). Below that many, the caller
reads the records themselves (points are drawn one by one).
"""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd

from geo.analysis import aggregated, routes
from geo.maps.build import build_map, standalone_html

# The kept totals the seizure layer and the choropleth read (the legs read aggregated.STATS_KEYS).
MAP_KEYS = ("cell", "substance", "country", "dataset")


def weighted_rows(totals: pd.DataFrame) -> pd.DataFrame:
    """Kept totals per :data:`MAP_KEYS` as record-like rows: lat/lon at the cell's centre, sums as amounts."""
    centres = {cell: h3.cell_to_latlng(cell) for cell in totals["cell"].dropna().unique()}
    lat = totals["cell"].map(lambda c: centres[c][0] if c in centres else np.nan).astype(float)
    lon = totals["cell"].map(lambda c: centres[c][1] if c in centres else np.nan).astype(float)
    return pd.DataFrame({
        "lat": lat, "lon": lon, "substance": totals["substance"], "country": totals["country"],
        "dataset": totals["dataset"], "quantity_kg": totals["kg"].astype(float),
        "count": totals["tablets"].astype(float), "unit": "tablets",  # only tablets are summed by the map
        "seizure_count": totals["cases"].astype("int64"), "cell": totals["cell"],
        "record_rows": totals["record_rows"].astype("int64"),
    })


def standalone_map_from_totals(cells: pd.DataFrame, chains: pd.DataFrame, lang: str, *, measure: str = "kg") -> str:
    """The offline HTML map of :func:`geo.maps.build.standalone_map`, from kept totals.

    Args:
        cells: kept totals per :data:`MAP_KEYS` (:meth:`geo.store.SqlStore.aggregates`).
        chains: kept totals per :data:`geo.analysis.aggregated.STATS_KEYS` (the route legs).
        lang: "fr" or "en".
        measure: "kg" or "cases".
    """
    rows = weighted_rows(cells)
    legs = None
    if len(chains):
        totals = aggregated.legs_over(chains).assign(status="stable")
        legs = routes.leg_geometries(totals)
        legs = legs[legs.geometry.notna()]
    located = rows["cell"].notna()
    return standalone_html(build_map(rows, lang, measure=measure, legs=legs, weights=rows["record_rows"],
                                     cells=rows["cell"].where(located)))
