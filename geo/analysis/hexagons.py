"""H3 hexagon arithmetic: the resolution for a zoom, each record's cell, coarser cells, totals per cell.

No drawing here: :mod:`geo.maps.seizures` colours and outlines the cells these functions
count, and :func:`geo.trends.figures.hotspots` ranks them.
"""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd

from geo.analysis import stats

# Each zoom level halves the ground a pixel covers and each resolution divides a cell's width
# by ~2.65, so resolution = zoom - 2 keeps cells about 20-30 px wide (res 3 at the overview zoom 5).
ZOOM_OFFSET = 2
MIN_RESOLUTION, MAX_RESOLUTION = 2, 7  # cell edges ~180 km to ~1.4 km: from a region at a glance to a town
POSITION_DIGITS = 4  # ~10 m: far below a cell's size, and below a screen pixel at the map's closest zoom
TOP_SUBSTANCES = 3  # substances listed per cell, heaviest first: a tooltip stays short


def default_resolution(zoom: int) -> int:
    """H3 resolution whose cells are about 20-30 px wide at ``zoom`` (res 3 at the overview zoom 5).

    A res 3 cell is ~60 km across, a res 4 one ~22 km: each zoom level halves the
    ground a pixel covers, and each resolution divides a cell's width by ~2.65.

    >>> default_resolution(5), default_resolution(9)
    (3, 7)
    """
    return int(np.clip(zoom - ZOOM_OFFSET, MIN_RESOLUTION, MAX_RESOLUTION))


def hexagon_cells(lat: pd.Series, lon: pd.Series, resolution: int) -> pd.Series:
    """H3 cell of each point, computed once per distinct position (records share few places).

    >>> hexagon_cells(pd.Series([14.69, 14.69]), pd.Series([-17.44, -17.44]), 3).nunique()
    1
    """
    # Positions rounded to ~10 m: a million records become a few thousand places.
    place = pd.Series(lat.to_numpy(float).round(POSITION_DIGITS) + 1j * lon.to_numpy(float).round(POSITION_DIGITS))
    codes, uniques = pd.factorize(place)
    cells = np.array([h3.latlng_to_cell(z.real, z.imag, resolution) for z in uniques], dtype=object)
    return pd.Series(cells[codes], index=lat.index)


def coarsen(cells: pd.Series, resolution: int, max_cells: int) -> tuple[pd.Series, int]:
    """``cells`` (at ``resolution``) replaced by their parents until at most ``max_cells`` distinct ones remain.

    Returns:
        The cells and their resolution (unchanged when they already fit; never below 0).

    >>> cells = hexagon_cells(pd.Series([14.69, 12.65]), pd.Series([-17.44, -8.0]), 5)
    >>> coarsen(cells, 5, 1)[1]
    0
    """
    while cells.nunique() > max_cells and resolution > 0:
        resolution -= 1
        parents = {c: h3.cell_to_parent(c, resolution) for c in cells.unique()}
        cells = cells.map(parents)
    return cells, resolution


def cell_totals(records: pd.DataFrame, cells: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cases, kg and tablets per cell, and each cell's :data:`TOP_SUBSTANCES` heaviest substances.

    Args:
        records: canonical records with ``substance``, ``quantity_kg``, ``count`` and ``unit``.
        cells: the H3 cell of each record, indexed like ``records``.

    Returns:
        ``totals`` indexed by cell (columns ``cases``, ``kg``, ``tablets``) and ``top``, one
        row per cell and substance kept (columns ``cell``, ``substance``, ``cases``, ``kg``).
    """
    kg = records["quantity_kg"].fillna(0.0)
    tablets = records["count"].where(records["unit"] == "tablets", 0.0).fillna(0.0)
    data = pd.DataFrame({"cell": cells, "substance": records["substance"], "kg": kg, "tablets": tablets,
                         "cases": stats.case_counts(records)}, index=records.index)
    totals = data.groupby("cell").agg(cases=("cases", "sum"), kg=("kg", "sum"), tablets=("tablets", "sum"))
    by_substance = data.groupby(["cell", "substance"]).agg(cases=("cases", "sum"), kg=("kg", "sum")).reset_index()
    top = by_substance.sort_values(["cell", "kg", "cases"], ascending=[True, False, False]).groupby("cell").head(
        TOP_SUBSTANCES)
    return totals, top


def cell_ring(cell: str) -> list[list[float]]:
    """The cell's outline as a closed GeoJSON ring of (lon, lat), rounded to :data:`POSITION_DIGITS`.

    >>> ring = cell_ring(h3.latlng_to_cell(14.69, -17.44, 3))
    >>> len(ring), ring[0] == ring[-1]
    (7, True)
    """
    ring = [[round(lng, POSITION_DIGITS), round(lat, POSITION_DIGITS)] for lat, lng in h3.cell_to_boundary(cell)]
    return [*ring, ring[0]]
