"""The Map page's timeline from the totals kept at import time, when they give the same figures as the records.

Above :data:`geo.maps.seizures.MAX_POINTS` located records in a period the map draws sums only: the
choropleth per country, hexagon totals per H3 cell, leg totals, and a caption of cases and kilograms.
Each of those is a sum over the kept totals (:meth:`geo.store.SqlStore.aggregates`), so the page need not
read a million records to draw them. Each kept row per (month, substance, country, cell, agency, dataset)
becomes one record-like row dated the first of its month and placed at its cell's centre, with its sums as
amounts: :func:`geo.maps.timeline.prepare_timeline` and :func:`geo.maps.timeline.period_layers` then read
it as they read records, and :attr:`geo.maps.timeline.Timeline.weights` says how many records each row
stands for. The legs come from the route totals (:func:`geo.analysis.aggregated.period_legs`).

The kept totals answer only when that is exact (:func:`kept_timeline` returns ``None`` otherwise, and the
page reads the records as before): the filter's dates are whole months, the viewer sees no confirmed
cross-agency duplicate pair (kept totals count every report; the records path counts such a cluster once),
the map's hexagons are at the stored resolution, and the map draws hexagons (below that many located
records it draws each record, and reads them).
"""

from __future__ import annotations

from collections.abc import Callable

import h3
import numpy as np
import pandas as pd

from geo.analysis import aggregated
from geo.analysis.hexagons import default_resolution
from geo.core import periods
from geo.core.filters import RecordFilter
from geo.core.view import View
from geo.maps.basemap import ZOOM
from geo.maps.seizures import MAX_POINTS
from geo.maps.timeline import Timeline, prepare_timeline

# The kept totals the map's layers, caption and notes read (the legs read aggregated.STATS_KEYS).
MAP_KEYS = ("month", "substance", "country", "cell", "agency", "dataset")


def kept_rows(totals: pd.DataFrame) -> pd.DataFrame:
    """Kept totals per :data:`MAP_KEYS` as record-like rows, sorted by date (undated last).

    ``date`` is the first of the row's month, ``lat``/``lon`` its cell's centre (missing where the
    records have no position), ``quantity_kg`` the kilograms (missing where no record is weighed, so a
    coverage table counts the row as the records path counts its records), ``count``/``unit`` the
    tablets, ``seizure_count`` the cases, ``cell`` the H3 cell and ``record_rows`` how many records.
    """
    cells = totals["cell"]
    codes, uniques = pd.factorize(cells)  # a few thousand cells for tens of thousands of rows; -1 where none
    centres = np.array([h3.cell_to_latlng(str(cell)) for cell in uniques] + [(np.nan, np.nan)], dtype=float)
    lat, lon = centres[codes, 0], centres[codes, 1]  # code -1 picks the last row: no position
    kg = totals["kg"].astype(float)
    rows = pd.DataFrame({
        "date": aggregated.month_dates(totals["month"]).astype("datetime64[ms]"),
        "substance": totals["substance"], "country": totals["country"], "agency": totals["agency"],
        "dataset": totals["dataset"], "lat": lat, "lon": lon,
        "quantity_kg": kg.where(totals["weighed"] > 0), "count": totals["tablets"].astype(float), "unit": "tablets",
        "seizure_count": totals["cases"].astype("int64"), "cell": cells,
        "record_rows": totals["record_rows"].astype("int64"),
    })
    return rows.sort_values("date", kind="stable", na_position="last").reset_index(drop=True)


def kept_timeline(store, record_filter: RecordFilter, view: View, lang: str, *, zoom: int = ZOOM,
                  max_points: int = MAX_POINTS) -> Timeline | None:
    """The map's timeline for ``record_filter`` (and its viewer) from kept totals, or ``None`` when not exact.

    ``store`` is a :class:`geo.store.SqlStore`. ``None`` means: read the records (a date inside a
    month, a confirmed duplicate pair this viewer sees, another hexagon resolution, or few enough
    located records per period to draw them one by one).
    """
    if store.sees_confirmed_pair(record_filter.viewer):
        return None
    cells = store.aggregates(record_filter, by=MAP_KEYS)
    if cells is None or cells.empty:
        return None
    return timeline_of_totals(cells, lambda: store.aggregates(record_filter, by=aggregated.STATS_KEYS), view, lang,
                              zoom=zoom, max_points=max_points)


def timeline_of_totals(cells: pd.DataFrame, chains: Callable[[], pd.DataFrame | None], view: View, lang: str, *,
                       zoom: int = ZOOM, max_points: int = MAX_POINTS) -> Timeline | None:
    """The map's timeline from kept rows per :data:`MAP_KEYS` (``cells``, not empty), or ``None`` when not exact.

    ``chains`` gives the kept rows per :data:`geo.analysis.aggregated.STATS_KEYS` (the legs), asked only
    when the map draws hexagons. Shared by :func:`kept_timeline` and :mod:`geo.maps.kept_base`.
    """
    stored = cells["cell"].dropna()
    if len(stored) and h3.get_resolution(stored.iloc[0]) != default_resolution(zoom):
        return None  # coarser cells are parents, not the cells of each record's position: not the same hexagons
    rows = kept_rows(cells)
    # Decide points or hexagons before reading the route totals: below the threshold the records are few.
    if _largest_period(rows, view) <= max_points:
        return None
    routes = chains()
    legs = aggregated.period_legs(routes, view.granularity) if routes is not None else None
    if legs is None:
        return None
    line = prepare_timeline(rows, view, lang, zoom=zoom, max_points=max_points, weights=rows["record_rows"],
                            legs=legs, cells=rows["cell"].where(rows["cell"].notna()))
    if line.scale.mode != "hexagons" or line.keys != legs.keys:
        return None
    return line


def _largest_period(rows: pd.DataFrame, view: View) -> int:
    """Located records in the fullest period (in all periods, cumulative): what picks points or hexagons."""
    located = rows.loc[rows["lat"].notna()]  # as prepare_timeline counts them: undated ones too, cumulative
    if view.mode == "cumulative":
        return int(located["record_rows"].sum())
    dated = located.loc[located["date"].notna()]
    if dated.empty:
        return 0
    return int(dated["record_rows"].groupby(periods.period_keys(dated["date"], view.granularity)).sum().max())
