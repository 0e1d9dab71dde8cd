"""``python -m geo map`` from the totals kept at import time: the same map, whatever the store holds.

Above :data:`geo.maps.seizures.MAX_POINTS` located records the map draws hexagons, choropleth, flows and
the "no report" hatching: all sums, or which countries have any row. So each row of kept totals per
(H3 cell, substance, country, dataset) becomes one weighted row, placed at its cell's centre, that
:func:`geo.maps.build.build_map` sums as it sums records; the legs come from the route totals
(:func:`geo.analysis.aggregated.mode_totals`, with the reported totals that make a leg solid or dashed),
flagged "stable" as the records' cumulative map flags them. Below that many, the caller reads the records
themselves (points are drawn one by one).

The caller decides when kept totals are exact (whole months, no confirmed cross-agency duplicate in view:
:mod:`geo.cli.records`); a test builds both maps from one store and compares every layer's data.
"""

from __future__ import annotations

import folium
import h3
import numpy as np
import pandas as pd

from geo.analysis import aggregated, routes
from geo.maps.build import build_map, standalone_html
from geo.maps.seizures import MAX_POINTS

# The kept totals the seizure layer, the choropleth and the hatching read (the legs read aggregated.STATS_KEYS).
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


def located_records(cells: pd.DataFrame) -> int:
    """How many records the kept totals per :data:`MAP_KEYS` place in a cell (the records' "located")."""
    return int(cells.loc[cells["cell"].notna(), "record_rows"].sum()) if len(cells) else 0


# The kept totals the legs read: the reported route, summed over the months (the caller keeps dated months only).
LEG_KEYS = ("substance", "origin", "transit", "country", "destination", "conveyance")


def kept_legs(chains: pd.DataFrame, kg_substances: set[str]):
    """The cumulative legs of dated kept totals per :data:`LEG_KEYS` (or finer), drawn "stable".

    ``kg_substances``: the substances drawn by kilograms, decided over every record as the records' map
    decides it (:func:`geo.analysis.aggregated.weighed_in_kg` of the cells, undated ones included).
    """
    if "month" in chains:
        chains = chains.loc[chains["month"].notna()]
    if not len(chains):
        return None
    totals = routes.collapse_legs(aggregated.mode_totals(chains), ["period", "substance", "from_iso3", "to_iso3"],
                                  kg_substances)
    if totals.empty:
        return None
    legs = routes.leg_geometries(totals.loc[:, list(routes.LEG_COLUMNS)].assign(status="stable"))
    return legs[legs.geometry.notna()]


def kept_map(cells: pd.DataFrame, chains: pd.DataFrame, lang: str, *, measure: str = "kg",
             max_points: int = MAX_POINTS) -> folium.Map:
    """The map of :func:`geo.maps.build.cumulative_map`, from kept totals (always hexagons).

    Args:
        cells: kept totals per :data:`MAP_KEYS` (:meth:`geo.store.SqlStore.aggregates`).
        chains: dated kept totals per :data:`LEG_KEYS` (the route legs; rows of an unknown month are left out).
        lang: "fr" or "en".
        measure: "kg" or "cases".
        max_points: the records' switch to hexagons (the caller checks there are more located records).
    """
    rows = weighted_rows(cells)
    located = rows["cell"].notna()
    legs = kept_legs(chains, aggregated.weighed_in_kg(cells))
    return build_map(rows, lang, measure=measure, legs=legs, weights=rows["record_rows"],
                     cells=rows["cell"].where(located), max_points=max_points)


def standalone_map_from_totals(cells: pd.DataFrame, chains: pd.DataFrame, lang: str, *, measure: str = "kg") -> str:
    """:func:`kept_map` as one offline HTML file."""
    return standalone_html(kept_map(cells, chains, lang, measure=measure))
