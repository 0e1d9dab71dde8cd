"""Emerging hot spots: Getis-Ord Gi* per period on H3 cells, then a Mann-Kendall trend on each cell's series.

The method is ESRI's *Emerging Hot Spot Analysis* (ArcGIS Pro, Space Time Pattern Mining), built from
well-kept open libraries instead of a closed tool:

1. **Space-time cube.** Each record falls in an H3 cell (:mod:`geo.analysis.hexagons`; resolution 3 by
   default, the map's overview hexagons) and a period; the value is the number of seizures (``seizure_count``
   summed), since masses of different substances do not add up. The cube holds every cell with a record at
   any time and its ring of neighbours, so the zeros around a cluster count, as in ESRI's cube.
2. **Gi* per period** (Getis & Ord 1992; Ord & Getis 1995), star form (a cell counts in its own
   neighbourhood), binary weights from H3 adjacency (the cells sharing an edge): the formula vectorised
   over every period (:func:`gi_star`), checked in the tests against PySAL's ``esda.G_Local``. ``z`` is the
   analytical z-score; a cell is *hot* in a period when ``z > 0`` and the two-sided normal p-value is below
   :data:`ALPHA`, *cold* when ``z < 0`` likewise.
3. **Trend** (Mann 1945; Kendall 1975): the Mann-Kendall test on the cell's series of z-scores (as
   ``pymannkendall.original_test``, vectorised: :func:`mann_kendall`) gives Kendall's tau and its p-value:
   is the clustering getting stronger or weaker?
4. **Categories** from the hot/cold series and the trend, ESRI's definitions (:data:`CATEGORIES`; the
   90 % share is :data:`MOST`). Cold-spot categories are not drawn: the map is about where trafficking
   concentrates; a cell that was a cold spot still makes a later hot spot "oscillating".
"""

from __future__ import annotations

import math

import h3
import numpy as np
import pandas as pd

from geo.analysis import stats
from geo.analysis.hexagons import hexagon_cells
from geo.core import periods

CATEGORIES = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating",
              "historical", "none")
COLUMNS = ("h3", "category", "z", "p", "trend_tau", "trend_p", "hot_periods", "periods", "cases")
ALPHA = 0.05  # 95 % confidence, ESRI's default
MOST = 0.9  # "at least ninety percent of the time-step intervals"
RESOLUTION = 3  # the map's hexagons at its overview zoom (geo.analysis.hexagons.default_resolution(5))


def cube(records: pd.DataFrame, granularity: str, resolution: int = RESOLUTION) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Seizures per (cell, period): rows are the cube's cells, columns every period from first to last record.

    Records without a position or a date cannot sit in the cube; ``attrs["unplaced"]`` counts them.
    """
    placed = records["lat"].notna() & records["lon"].notna() & records["date"].notna()
    located = records.loc[placed]
    if located.empty:
        out = pd.DataFrame(dtype=float)
        out.attrs["unplaced"] = int((~placed).sum())
        return out, ()
    keys = tuple(periods.period_range(located["date"].min().date(), located["date"].max().date(), granularity))
    data = pd.DataFrame({"cell": hexagon_cells(located["lat"], located["lon"], resolution),
                         "period": periods.period_keys(located["date"], granularity),
                         "cases": stats.case_counts(located)}, index=located.index)
    counts = data.groupby(["cell", "period"])["cases"].sum().unstack("period", fill_value=0)
    active = list(counts.index)
    ring = sorted({n for c in active for n in h3.grid_disk(c, 1)} - set(active))
    out = counts.reindex(index=[*active, *ring], columns=list(keys), fill_value=0).astype(float)
    out.attrs["unplaced"] = int((~placed).sum())
    return out, keys


def _two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided p-value of standard normal z-scores: erfc(|z| / √2)."""
    return np.vectorize(math.erfc, otypes=[float])(np.abs(z) / math.sqrt(2)) if z.size else np.ones(z.shape)


def adjacency(cells: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Binary weights from H3 adjacency as (row, column) index pairs, each cell its own neighbour (Gi*'s star).

    Cells outside ``cells`` are ignored, so a cell on the cube's edge simply has fewer neighbours.
    """
    position = {c: k for k, c in enumerate(cells)}
    pairs = [(i, position[n]) for i, c in enumerate(cells) for n in h3.grid_disk(c, 1) if n in position]
    rows, columns = zip(*pairs)
    return np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64)


def gi_star(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Gi* z-scores and two-sided p-values, cells × periods, for the cube ``values``.

    Ord & Getis (1995), eq. 14, with binary weights that include the cell itself:
    ``z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n W_i − W_i²) / (n − 1)))`` where ``W_i = Σ_j w_ij``,
    ``x̄`` and ``S`` the period's mean and standard deviation over the ``n`` cells. Every period is
    computed at once; ``tests/test_hotspots.py`` checks the z-scores against PySAL's
    ``esda.G_Local(y, w, transform="B", star=True)``, which is too slow for a page (~12 s of imports,
    ~0.2 s a period). A period where every cell has the same count has no cluster: z 0, p 1.
    """
    x = values.to_numpy(float)
    n = x.shape[0]
    if n < 2:
        return np.zeros(x.shape), np.ones(x.shape)
    rows, columns = adjacency(list(values.index))
    local = np.zeros(x.shape)
    np.add.at(local, rows, x[columns])  # Σ_j w_ij x_j for every period
    weight = np.bincount(rows, minlength=n).astype(float)[:, None]  # W_i (= S1_i for binary weights)
    mean = x.mean(axis=0)
    spread = np.sqrt(np.maximum((x ** 2).mean(axis=0) - mean ** 2, 0.0))
    denominator = spread * np.sqrt((n * weight - weight ** 2) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (local - mean * weight) / denominator
    z = np.where(np.isfinite(z) & (spread > 1e-12), z, 0.0)
    return z, _two_sided_p(z)


def mann_kendall(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mann-Kendall tau and two-sided p-value of each row of ``series`` (cells × periods).

    The original test (Mann 1945; Kendall 1975) as ``pymannkendall.original_test`` computes it:
    ``S = Σ_{i<j} sign(x_j − x_i)``, its variance corrected for ties, ``z = (S ∓ 1) / √var``,
    ``tau = S / (n(n − 1)/2)``; vectorised over cells (``tests/test_hotspots.py`` checks it against
    pymannkendall). Fewer than 3 periods have no trend: tau NaN, p 1.
    """
    cells, n = series.shape
    if n < 3:
        return np.full(cells, np.nan), np.ones(cells)
    first, second = np.triu_indices(n, 1)
    s = np.sign(series[:, second] - series[:, first]).sum(axis=1)
    ties = np.zeros(cells)
    for k, row in enumerate(series):
        counts = np.unique(row, return_counts=True)[1]
        ties[k] = (counts * (counts - 1) * (2 * counts + 5)).sum()
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, (s - 1), np.where(s < 0, s + 1, 0.0)) / np.sqrt(variance)
    z = np.where(variance > 0, z, 0.0)
    return s / (n * (n - 1) / 2), _two_sided_p(z)


def category(hot: np.ndarray, cold: np.ndarray, tau: float, trend_p: float) -> str:
    """ESRI's emerging hot-spot category of one cell from its hot and cold periods and its z trend.

    >>> category(np.array([0, 0, 0, 1], bool), np.zeros(4, bool), 0.5, 0.5)
    'new'
    >>> category(np.array([0, 1, 0, 1, 1], bool), np.zeros(5, bool), 0.5, 0.5)
    'sporadic'
    """
    n = len(hot)
    share = hot.sum() / n if n else 0.0
    if n == 0 or not hot[-1]:
        return "historical" if n and share >= MOST else "none"
    if hot.sum() == 1:
        return "new"
    if share >= MOST:
        significant = trend_p < ALPHA
        return "intensifying" if significant and tau > 0 else "diminishing" if significant and tau < 0 else "persistent"
    run = n - int(np.flatnonzero(~hot)[-1]) - 1  # the final unbroken run of hot periods
    if not hot[: n - run].any():
        return "consecutive"
    return "oscillating" if cold[: n - run].any() else "sporadic"


def emerging_hotspots(records: pd.DataFrame, granularity: str = "year", resolution: int = RESOLUTION) -> pd.DataFrame:
    """Each cube cell's category (:data:`COLUMNS`): hot spots first in :data:`CATEGORIES` order, then by z.

    ``z`` and ``p`` are the last period's Gi*; ``trend_tau`` and ``trend_p`` the Mann-Kendall test on
    every period's z; ``hot_periods`` of ``periods`` were significant hot spots; ``cases`` are the cell's
    seizures over all periods. Cells with no seizure and no category are left out. ``attrs`` keep the
    ``periods`` (keys), the ``resolution`` and the records that could not be ``unplaced`` in the cube.
    """
    values, keys = cube(records, granularity, resolution)
    if values.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in ("h3", "category") else float) for c in COLUMNS})
        out.attrs.update(periods=keys, resolution=resolution, unplaced=values.attrs.get("unplaced", 0))
        return out
    z, p = gi_star(values)
    hot, cold = (z > 0) & (p < ALPHA), (z < 0) & (p < ALPHA)
    taus, trend_ps = mann_kendall(z)
    totals = values.sum(axis=1).to_numpy()
    rows = []
    for i, cell in enumerate(values.index):
        rows.append((cell, category(hot[i], cold[i], taus[i], trend_ps[i]), round(float(z[i, -1]), 4),
                     round(float(p[i, -1]), 6), round(float(taus[i]), 4), round(float(trend_ps[i]), 6),
                     int(hot[i].sum()), len(keys), int(totals[i])))
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    out = out.loc[(out["category"] != "none") | (out["cases"] > 0)]
    order = out["category"].map({c: k for k, c in enumerate(CATEGORIES)})
    out = out.assign(_order=order).sort_values(["_order", "z", "h3"], ascending=[True, False, True])
    out = out.drop(columns="_order").reset_index(drop=True)
    out.attrs.update(periods=keys, resolution=resolution, unplaced=values.attrs["unplaced"])
    return out


def as_json(cells: pd.DataFrame) -> dict[str, object]:
    """The ``hotspots --json`` object: ``{"cells": [{"h3", "category", "z", "p", "trend_tau", "trend_p"}, …]}``."""
    def number(value: float) -> float | None:
        return None if pd.isna(value) else float(value)
    return {
        "method": "Getis-Ord Gi* per period (star, binary H3 adjacency; as esda.G_Local), Mann-Kendall trend on "
                  "each cell's z series (pymannkendall); ESRI emerging hot spot categories",
        "periods": list(cells.attrs.get("periods", ())), "resolution": cells.attrs.get("resolution"),
        "unplaced": cells.attrs.get("unplaced", 0),
        "cells": [{"h3": row.h3, "category": row.category, "z": number(row.z), "p": number(row.p),
                   "trend_tau": number(row.trend_tau), "trend_p": number(row.trend_p),
                   "hot_periods": int(row.hot_periods), "cases": int(row.cases)}
                  for row in cells.itertuples(index=False)],
    }
