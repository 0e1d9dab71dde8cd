"""The figures of :mod:`geo.analysis.stats` and :mod:`geo.analysis.routes`, from kept totals instead of records.

The input is a frame of :meth:`geo.store.SqlStore.aggregates` rows: key columns (``month``
"YYYY-MM", ``substance``, ``country``, ``origin``, ``transit``, ``destination``, ``conveyance``...)
and the sums ``record_rows``, ``weighed``, ``cases``, ``kg``, ``tablets``, ``plants``. Each function
gives the same numbers as its record-based twin (tests compare them on random batches); only the
order of a float sum differs, far below the 3 decimals reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis import coverage as coverage_table
from geo.analysis import routes, stats
from geo.analysis.stats import UNKNOWN
from geo.core import periods

# The aggregate keys the stats object needs (the cell, agency, sensitivity and dataset are summed away).
STATS_KEYS = ("month", "substance", "country", "origin", "transit", "destination", "conveyance")
# The same from the yearly kept totals (as_months turns ``year`` back into ``month``).
YEAR_STATS_KEYS = ("year", *STATS_KEYS[1:])
_CHAIN = ("origin", "transit", "country", "destination", "conveyance")


def as_months(frame: pd.DataFrame) -> pd.DataFrame:
    """Yearly rows with a ``month`` column (``"2021-01"`` for 2021) in place of ``year``.

    This module reads months; at the yearly granularity the first month of a year stands for the year (its
    period, its year and the timeline's first and last years are the same).
    """
    months = frame["year"].map(lambda year: None if year is None else f"{year}-01")
    return frame.drop(columns="year").assign(month=months)


def month_dates(months: pd.Series) -> pd.Series:
    """``"2021-03"`` -> 2021-03-01 as datetimes (missing stays missing)."""
    return pd.to_datetime(months.where(months.notna(), None) + "-01", format="%Y-%m-%d", errors="coerce")


def summarise(totals: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    """Cases, kg, tablets and plants per value of ``by`` (missing under "unknown"), as ``stats.summarise``."""
    keys = totals[by] if isinstance(by, str) else by
    keys = keys.astype("object").where(keys.notna(), UNKNOWN)
    out = totals.groupby(keys.to_numpy(), sort=True)[["cases", "kg", "tablets", "plants"]].sum()
    return out.astype({"cases": "int64", "tablets": "int64", "plants": "int64"})


def _as_dict(summary: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    return {str(key): {"cases": int(row.cases), "kg": round(float(row.kg), 3), "tablets": int(row.tablets),
                       "plants": int(row.plants)} for key, row in summary.iterrows()}


def weighed_in_kg(totals: pd.DataFrame) -> set[str]:
    """Substances with a mass on at least half of their records (:func:`geo.analysis.routes.weighed_in_kg`)."""
    sums = totals.groupby("substance")[["weighed", "record_rows"]].sum()
    share = sums["weighed"] / sums["record_rows"]
    return set(share.index[share >= 0.5])


def mode_totals(totals: pd.DataFrame, period: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """Totals per (period, substance, from, to, mode), as :func:`geo.analysis.routes._mode_totals` gives them.

    The aggregate rows are summed per (period, substance, route) and handed to
    :func:`geo.analysis.routes.spread_on_legs`, the records path's own split of a route into its
    legs (with what each record states, for ``reported_kg`` and ``reported_cases``).
    """
    frame = totals.assign(period="" if period is None else period)
    frame = frame.loc[frame["substance"].notna()] if frame["substance"].isna().any() else frame
    grouped = frame.groupby(["period", "substance", *_CHAIN], dropna=False, sort=False)[
        ["kg", "cases", "tablets"]].sum().reset_index()
    chain_id = grouped.groupby(list(_CHAIN), dropna=False, sort=False).ngroup().to_numpy(np.int64)
    first = ~pd.Series(chain_id).duplicated().to_numpy()
    groups = pd.DataFrame({"period": grouped["period"].to_numpy(object), "substance": grouped["substance"].to_numpy(),
                           "chain": chain_id, "kg": grouped["kg"].to_numpy(float),
                           "cases": grouped["cases"].to_numpy(np.int64), "tablets": grouped["tablets"].to_numpy(float)})
    return routes.spread_on_legs(groups, grouped.loc[first, list(_CHAIN)], chain_id[first])


def legs_over(totals: pd.DataFrame) -> pd.DataFrame:
    """Leg totals over all dated ``totals`` (the cumulative window), columns :data:`routes.LEG_COLUMNS`."""
    kg_substances = weighed_in_kg(totals)
    dated = totals.loc[totals["month"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=list(routes.LEG_COLUMNS))
    out = routes.collapse_legs(mode_totals(dated), ["period", "substance", "from_iso3", "to_iso3"], kg_substances)
    return out.loc[:, list(routes.LEG_COLUMNS)]


def period_legs(totals: pd.DataFrame, granularity: str) -> routes.PeriodLegs | None:
    """Leg totals per period of ``granularity`` (:func:`geo.analysis.routes.period_legs`), ``None`` if undated.

    The timeline runs from the period of the first month to that of the last, as the records'
    does from the first date to the last: a month lies inside exactly one month, quarter or year.
    """
    dated = totals.loc[totals["month"].notna()]
    if dated.empty:
        return None
    dates = month_dates(dated["month"])
    keys = periods.period_range(dates.min().date(), dates.max().date(), granularity)
    positions = pd.Index(keys).get_indexer(periods.period_keys(dates, granularity))
    legs = mode_totals(dated, positions).rename(columns={"period": "position"})
    legs["position"] = legs["position"].astype("int64")
    return routes.PeriodLegs(tuple(keys), legs, frozenset(weighed_in_kg(totals)))


def leg_flags(totals: pd.DataFrame, granularity: str) -> dict[tuple[str, str, str], dict[str, object]]:
    """Each leg's change flag in the latest period, as :func:`geo.analysis.stats.leg_flags` gives it."""
    legs = period_legs(totals, granularity)
    return {} if legs is None else stats.flags_of(legs)


def all_legs(totals: pd.DataFrame, granularity: str = "year") -> list[dict[str, object]]:
    """Every leg as plain JSON values, as :func:`geo.analysis.stats.all_legs` lists them."""
    by_period = period_legs(totals, granularity)
    if by_period is None:
        return []
    # The cumulative legs are the sum over every period: one split of the routes serves them and the flags.
    legs = routes.window_legs(by_period, 0, len(by_period.keys) - 1)
    if legs.empty:
        return []
    legs = legs.sort_values(["substance", "weight", "from_iso3", "to_iso3"], ascending=[True, False, True, True])
    return stats.legs_json(legs, stats.flags_of(by_period))


def totals(frame: pd.DataFrame, granularity: str = "year") -> dict:
    """The ``stats --json`` object of :func:`geo.analysis.stats.totals`, from aggregate rows of :data:`STATS_KEYS`.

    ``merged_reports`` is 0: kept totals count every report, so they answer only a viewer who
    sees no confirmed cross-agency duplicate (the caller checks; :mod:`geo.cli.records`).
    """
    dates = month_dates(frame["month"]) if len(frame) else pd.Series([], dtype="datetime64[ns]")
    years = frame["month"].str[:4] if len(frame) else frame["month"]
    return {
        "records": int(frame["record_rows"].sum()),
        "cases": int(frame["cases"].sum()),
        "merged_reports": 0,
        "by_substance": _as_dict(summarise(frame, "substance")),
        "by_country": _as_dict(summarise(frame, "country")),
        "by_year": _as_dict(summarise(frame, years)),
        "by_period": _as_dict(summarise(frame, periods.period_keys(dates, granularity))),
        "legs": all_legs(frame, granularity),
    }


def country_values(frame: pd.DataFrame, measure: str = "kg") -> pd.Series:
    """Kilograms or cases per seizure country (the choropleth), as :func:`geo.maps.build.country_values` gives."""
    column = "kg" if measure == "kg" else "cases"
    known = frame.loc[frame["country"].notna()]
    return known.groupby("country")[column].sum().astype(float if column == "kg" else np.int64)


COVERAGE_KEYS = ("country", "month", "substance")  # the aggregate keys :func:`coverage` reads


def coverage(frame: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """:func:`geo.analysis.coverage.coverage` from aggregate rows of :data:`COVERAGE_KEYS` (or finer).

    The records path sums the masses of located, dated records; a row here counts when its month
    and country are known and it holds a weighed record (``weighed``), so a country, year and
    substance seen only in tablets gets no row, as there.
    """
    known = frame.loc[frame["country"].notna() & frame["month"].notna() & (frame["weighed"] > 0)]
    kg = pd.DataFrame({"country": known["country"].astype(str).to_numpy(),
                       "year": known["month"].str[:4].astype("int64").to_numpy(),
                       "substance": known["substance"].astype(str).to_numpy(),
                       "records_kg": known["kg"].astype(float).to_numpy()})
    return coverage_table.coverage_of_kg(kg, official)
