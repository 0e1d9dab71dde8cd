"""One visibility class's kept totals, read once, from which every filter of the Map page is cut in memory.

:func:`geo.maps.kept_timeline.kept_timeline` asks the store twice per filter: the kept totals per place cell
and per route. At a million records each is a scan of the monthly ``aggregates`` table (~2 s of CPU), so
every new substance or country cost seconds. The filters the Map page offers (substance, country,
conveyance, dataset) are key columns of the kept totals, and a viewer's visibility is the same whatever the
filter, so the page reads the totals of its *visibility class* once (:func:`read_base`: the viewer alone,
no filter) and each filter is a mask and a sum over those rows (:func:`base_timeline`, a few tens of
milliseconds), giving the same rows the store's ``GROUP BY`` gives.

The rows are summed to the start of their period before the map is built (a month lies inside exactly one
month, quarter or year: :func:`period_months`), so a yearly map handles a twelfth of the rows. At the
yearly granularity the routes come from the yearly kept totals (:mod:`geo.store.aggregates_years`, a tenth
of the monthly rows, no place cell).

Visibility: a :class:`KeptBase` holds what ONE viewer may see (read under the store's visibility rule);
the page keys its shared cache by the viewer (agency, clearance, partners), the store and its data version,
so sessions of one visibility class share one base and a viewer who may see less never gets it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.access import Viewer
from geo.analysis import aggregated
from geo.core import periods
from geo.core.filters import RecordFilter
from geo.core.view import View
from geo.maps.basemap import ZOOM
from geo.maps.kept_timeline import MAP_KEYS, timeline_of_totals
from geo.maps.seizures import MAX_POINTS
from geo.maps.timeline import Timeline

# The filter's columns (RecordFilter's substances, countries, conveyances, datasets) and what the map reads.
FILTER_COLUMNS = (("substance", "substances"), ("country", "countries"), ("conveyance", "conveyances"),
                  ("dataset", "datasets"))
CELL_KEYS = (*MAP_KEYS, "conveyance")  # MAP_KEYS and the one filter column they lack
CHAIN_KEYS = (*aggregated.STATS_KEYS, "dataset")
_YEAR_CELL_KEYS = tuple("year" if key == "month" else key for key in CELL_KEYS)  # aggregates_cells' own
_YEAR_CHAIN_KEYS = (*aggregated.YEAR_STATS_KEYS, "dataset")
_AMOUNTS = ("record_rows", "weighed", "cases", "kg", "tablets", "plants")  # geo.store.aggregates.AMOUNTS


@dataclass(frozen=True)
class KeptBase:
    """The kept totals one viewer may see, unfiltered (read-only: shared by every session of the class)."""

    cells: pd.DataFrame  # CELL_KEYS and the amounts, per kept month ("YYYY-01" for a whole year when ``yearly``)
    chains: pd.DataFrame  # CHAIN_KEYS and the amounts; ``month`` is "YYYY-01" for a whole year when ``yearly``
    yearly: bool  # the routes are per year: they serve the yearly granularity only
    sees_confirmed_pair: bool  # kept totals count both reports of a confirmed pair: the records path must answer


def read_base(store, viewer: Viewer | None, *, yearly: bool) -> KeptBase | None:
    """What ``viewer`` may see of the kept totals of ``store`` (a :class:`geo.store.SqlStore`), or ``None``.

    ``yearly`` reads the routes from the yearly totals (for the yearly granularity). ``None`` when the
    store keeps no totals this viewer sees.
    """
    everything = RecordFilter(viewer=viewer)
    if store.sees_confirmed_pair(viewer):
        return KeptBase(pd.DataFrame(), pd.DataFrame(), yearly, True)
    if yearly:  # per year, as kept: each filter then sums a few thousand rows, not ~100,000
        cells = store.cells_by_year(everything, by=_YEAR_CELL_KEYS)
        chains = store.aggregates_by_year(everything, by=_YEAR_CHAIN_KEYS)
        if cells is None or chains is None:
            return None
        # Both go through summed() (by key name, sorted as SQL sorts the keys): the month column's place is moot.
        cells = summed(aggregated.as_months(cells), CELL_KEYS, "year")
        return KeptBase(cells, aggregated.as_months(chains), yearly, False)
    cells = store.aggregates(everything, by=CELL_KEYS)
    chains = store.aggregates(everything, by=CHAIN_KEYS)
    if cells is None or chains is None:
        return None
    return KeptBase(cells, chains, yearly, False)


def answers(base: KeptBase, record_filter: RecordFilter, view: View) -> bool:
    """Whether ``base`` answers ``record_filter`` at ``view``'s granularity (else: read as before)."""
    return (not base.sees_confirmed_pair and record_filter.date_from is None and record_filter.date_to is None
            and (not base.yearly or view.granularity == "year"))


def cut(frame: pd.DataFrame, record_filter: RecordFilter) -> pd.DataFrame:
    """The rows of ``frame`` the filter's substances, countries, conveyances and datasets select.

    As the store's ``IN (...)``: a missing value is never chosen.
    """
    mask = np.ones(len(frame), dtype=bool)
    for column, name in FILTER_COLUMNS:
        chosen = getattr(record_filter, name)
        if chosen:
            mask &= frame[column].isin(list(chosen)).to_numpy()
    return frame if mask.all() else frame.loc[mask]


def period_months(months: pd.Series, granularity: str) -> pd.Series:
    """Each ``"YYYY-MM"`` as the first month of its period (``"2021-05"`` -> ``"2021-04"`` by quarter).

    Missing stays missing. One look-up per distinct month (a few hundred).
    """
    known = pd.Series(months.dropna().unique())
    if known.empty:
        return months
    keys = periods.period_keys(aggregated.month_dates(known), granularity)
    starts = [periods.period_bounds(key)[0].strftime("%Y-%m") for key in keys]
    return months.map(dict(zip(known, starts)))


def summed(frame: pd.DataFrame, by: tuple[str, ...], granularity: str) -> pd.DataFrame:
    """``frame`` summed per ``by``, its months moved to the start of their period, keys sorted as SQL sorts them."""
    frame = frame.assign(month=period_months(frame["month"], granularity))
    # '' for missing keys while grouping (as the store keeps them), None again after.
    keys = {name: frame[name].astype("object").where(frame[name].notna(), "") for name in by}
    grouped = frame[list(_AMOUNTS)].groupby([keys[name] for name in by], sort=True).sum().reset_index()
    grouped.columns = [*by, *_AMOUNTS]
    for name in by:
        grouped[name] = grouped[name].where(grouped[name] != "", None)
    return grouped


def base_timeline(base: KeptBase, record_filter: RecordFilter, view: View, lang: str, *, zoom: int = ZOOM,
                  max_points: int = MAX_POINTS) -> Timeline | None:
    """:func:`geo.maps.kept_timeline.kept_timeline` for ``record_filter``, cut from ``base`` instead of read.

    The same figures: the same kept rows (summed per period), the same legs. ``None`` where the kept
    totals do not answer (then the page reads the records, as before).
    """
    if not answers(base, record_filter, view) or base.cells.empty:
        return None
    cells = summed(cut(base.cells, record_filter), MAP_KEYS, view.granularity)
    if cells.empty:
        return None
    return timeline_of_totals(cells, lambda: summed(cut(base.chains, record_filter), aggregated.STATS_KEYS,
                                                    view.granularity),
                              view, lang, zoom=zoom, max_points=max_points)


def viewer_only(record_filter: RecordFilter) -> RecordFilter:
    """The filter's viewer alone: the key of the base it is cut from."""
    return dataclasses.replace(RecordFilter(), viewer=record_filter.viewer)
