"""Reported routes: chains of countries, their legs, totals per period and change flags.

A record reports a path: origin → transit… → seizure country →
destination. Only the countries it names are kept (a blank or unknown link is
absent, never guessed) and consecutive repeats collapse; each consecutive pair
is a *leg*. Records are grouped into unique chains with one vectorised pass, so
a million records cost a grouping, not a loop. Where legs are drawn is
:mod:`geo.analysis.route_geometry`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.analysis import change_rules, provenance
from geo.core import periods
from geo.core.schema import CONVEYANCES
from geo.reference.countries import is_iso3

if TYPE_CHECKING:  # geopandas, shapely and pyproj load when legs are drawn, not when they are summed (issue 16)
    import geopandas as gpd

STATUSES = ("emerging", "fading", "stable")
LEG_COLUMNS = ("substance", "from_iso3", "to_iso3", "mode", "kg", "cases", "tablets", "weight", "share", "basis",
               "reported_kg", "reported_cases", "reported_share")
_SUMMED = ["kg", "cases", "tablets", "reported_kg", "reported_cases"]  # leg totals that add up over windows
_KEYS = ["substance", "from_iso3", "to_iso3"]
_CHAIN_COLUMNS = ("origin", "transit", "country", "destination", "conveyance")
_REQUIRED = ("date", *_CHAIN_COLUMNS, "substance", "quantity_kg", "count", "unit")


# --- chains ---------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _known(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and is_iso3(code)


def country_code(token: object) -> str | None:
    """An ISO3 code, or ``None`` for a blank, "unknown" or unassigned link."""
    if not isinstance(token, str):
        return None
    code = token.strip().upper()
    return code if _known(code) else None


def chain(origin: str | None, transit: str | None, country: str | None, destination: str | None) -> tuple[str, ...]:
    """The reported path of countries, blanks and unknown codes left out, repeats collapsed.

    >>> chain("BRA", "CPV;GNB", "SEN", "MLI")
    ('BRA', 'CPV', 'GNB', 'SEN', 'MLI')
    >>> chain(None, "unknown;SEN", "SEN", None)
    ('SEN',)
    """
    tokens = [origin, *(transit.split(";") if isinstance(transit, str) else ()), country, destination]
    path: list[str] = []
    for token in tokens:
        code = country_code(token)
        if code is not None and (not path or path[-1] != code):
            path.append(code)
    return tuple(path)


def chain_legs(
    origin: str | None, transit: str | None, country: str | None, destination: str | None,
    conveyance: str | None = "unknown",
) -> tuple[tuple[str, str, str], ...]:
    """Legs ``(from_iso3, to_iso3, mode)`` of a record's path, each leg once.

    The conveyance is how the goods moved where they were seized, so it is the mode of
    the legs entering and leaving the seizure country; other legs have mode "unknown".

    >>> chain_legs("BRA", "GNB", "SEN", "MLI", "land")
    (('BRA', 'GNB', 'unknown'), ('GNB', 'SEN', 'land'), ('SEN', 'MLI', 'land'))
    """
    path = chain(origin, transit, country, destination)
    seized = country_code(country)
    mode = conveyance if conveyance in CONVEYANCES else "unknown"
    legs: dict[tuple[str, str], str] = {}
    for a, b in zip(path, path[1:]):
        # A path that loops (A, B, A, B) uses the leg A→B once: a record counts once per leg.
        legs.setdefault((a, b), mode if seized in (a, b) else "unknown")
    return tuple((a, b, m) for (a, b), m in legs.items())


def stated_legs(origin: str | None, transit: str | None, country: str | None, destination: str | None
                ) -> set[tuple[str, str]]:
    """The legs of a record's path whose two ends it states as consecutive links (route provenance).

    >>> sorted(stated_legs("BRA", "unknown", "SEN", "MLI"))  # BRA → SEN spans an unknown link
    [('SEN', 'MLI')]
    """
    tokens = [origin, *(transit.split(";") if isinstance(transit, str) else ()), country, destination]
    codes = [t.strip().upper() for t in tokens if isinstance(t, str) and t.strip()]
    return provenance.stated_pairs(codes, [country_code(c) is not None for c in codes])


# --- aggregation ----------------------------------------------------------------------
def _check_columns(records: pd.DataFrame) -> None:
    missing = [c for c in _REQUIRED if c not in records.columns]
    if missing:
        raise ValueError(f"records lack the column(s) {', '.join(missing)}")


def _group_ids(columns: list) -> np.ndarray:
    """One integer per distinct combination of ``columns`` (missing values form a group of their own)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        # Factorise after each step so the combined key stays below the number of rows: no overflow.
        key, _ = pd.factorize(key * len(uniques) + codes.astype(np.int64))
    return key.astype(np.int64)


def _first_rows(ids: np.ndarray) -> np.ndarray:
    """Row of the first occurrence of each id of :func:`_group_ids`, in id order.

    Factorised ids appear in order (0, then 1, …), so an id is new exactly where it exceeds
    every id before it: one linear pass instead of a sort.
    """
    before = np.maximum.accumulate(np.concatenate(([-1], ids[:-1]))) if len(ids) else ids
    return np.flatnonzero(ids > before)


def _used_columns(records: pd.DataFrame) -> list[str]:
    """The columns the legs read: :data:`_REQUIRED`, and ``seizure_count`` when the records have it."""
    return [*_REQUIRED, *(["seizure_count"] if "seizure_count" in records else [])]


def _case_weights(records: pd.DataFrame) -> np.ndarray:
    """Each record's seizure count as float weights (1 where the column is absent)."""
    if "seizure_count" not in records:
        return np.ones(len(records))
    return pd.to_numeric(records["seizure_count"]).fillna(1).to_numpy(float)


def _mode_totals(records: pd.DataFrame, period: pd.Categorical) -> pd.DataFrame:
    """Totals per (period, substance, from, to, mode) from typed canonical records.

    The finest table the map needs: any run of periods sums it to that window's legs
    (:func:`collapse_legs`), so a slider step never goes back to the records.
    """
    chain_id = _group_ids([records[c] for c in _CHAIN_COLUMNS])
    group_id = _group_ids([chain_id, period, records["substance"]])
    first = _first_rows(group_id)
    size = len(first)
    unit = records["unit"]
    counted = records["count"].where(unit.notna() & (unit == "tablets"), 0.0).fillna(0.0).to_numpy(float)
    groups = pd.DataFrame({
        "period": np.asarray(period[first], dtype=object),
        "substance": records["substance"].to_numpy()[first],
        "chain": chain_id[first],
        "kg": np.bincount(group_id, weights=records["quantity_kg"].fillna(0.0).to_numpy(float), minlength=size),
        # A record counts its seizure_count in cases (geo.analysis.stats.case_counts, inlined: stats imports routes).
        "cases": np.bincount(group_id, weights=_case_weights(records), minlength=size).round().astype(np.int64),
        "tablets": np.bincount(group_id, weights=counted, minlength=size),
    })
    chain_first = _first_rows(chain_id)
    return spread_on_legs(groups, records.iloc[chain_first].loc[:, list(_CHAIN_COLUMNS)], chain_id[chain_first])


def spread_on_legs(groups: pd.DataFrame, chains: pd.DataFrame, chain_ids: np.ndarray) -> pd.DataFrame:
    """Totals per (period, substance, from, to, mode) from totals per (period, substance, chain).

    ``groups`` has ``period``, ``substance``, ``chain`` (an id of ``chain_ids``) and the sums ``kg``,
    ``cases``, ``tablets``; ``chains`` has one row of :data:`_CHAIN_COLUMNS` per id. Each distinct
    route is split into its legs once (:func:`chain_legs`, :func:`stated_legs`) and every group adds
    its sums to each of them; the kept totals (:mod:`geo.analysis.aggregated`) reuse this unchanged.
    """
    parts = chains.loc[:, list(_CHAIN_COLUMNS)].astype("object")
    parts = parts.where(parts.notna(), None)
    legs = [(cid, *leg, (leg[0], leg[1]) in stated)
            for cid, row in zip(chain_ids, parts.itertuples(index=False))
            for stated in (stated_legs(*row[:4]),) for leg in chain_legs(*row)]
    legs_frame = pd.DataFrame(legs, columns=["chain", "from_iso3", "to_iso3", "mode", "stated"])
    joined = groups.merge(legs_frame, on="chain")
    # What the records state, summed beside the totals so any window adds it up (geo.analysis.provenance).
    joined["reported_kg"] = joined["kg"].where(joined["stated"], 0.0)
    joined["reported_cases"] = joined["cases"].where(joined["stated"], 0)
    totals = joined.groupby(["period", *_KEYS, "mode"], sort=True)[_SUMMED].sum()
    return totals.reset_index()


def collapse_legs(totals: pd.DataFrame, keys: list[str], kg_substances: set[str]) -> pd.DataFrame:
    """Leg rows per ``keys`` from :func:`_mode_totals` rows: sums, the majority mode, weight and share."""
    out = totals.groupby(keys, sort=True)[_SUMMED].sum().reset_index()
    # The mode drawn for a leg is the one most of its records used; ties go to the earlier conveyance.
    modes = totals.groupby([*keys, "mode"])["cases"].sum().reset_index()
    modes["rank"] = modes["mode"].map({m: i for i, m in enumerate(CONVEYANCES)})
    modes = modes.sort_values([*keys, "cases", "rank"], ascending=[True] * len(keys) + [False, True])
    out = out.merge(modes.drop_duplicates(keys)[[*keys, "mode"]], on=keys, how="left")
    out["cases"] = out["cases"].astype("int64")
    out["reported_cases"] = out["reported_cases"].astype("int64")
    out["tablets"] = out["tablets"].round().astype("int64")
    out["basis"] = np.where(out["substance"].isin(kg_substances), "kg", "cases")
    out["weight"] = np.where(out["basis"] == "kg", out["kg"], out["cases"].astype(float))
    total = out.groupby([k for k in keys if k not in ("from_iso3", "to_iso3")])["weight"].transform("sum")
    out["share"] = (out["weight"] / total.where(total > 0)).astype(float)
    out["reported_share"] = provenance.reported_share(out)
    return out


def _aggregate(records: pd.DataFrame, period: pd.Categorical, kg_substances: set[str]) -> pd.DataFrame:
    """Leg totals per (period, substance, from, to) from typed canonical records."""
    out = collapse_legs(_mode_totals(records, period), ["period", *_KEYS], kg_substances)
    return out.loc[:, ["period", *LEG_COLUMNS]]


def weighed_in_kg(records: pd.DataFrame) -> set[str]:
    """Substances weighed in kg: those with a mass on at least half of the given records.

    A substance with no mass at all (tablets, plants) is counted in cases, and so is a
    mostly counted one: tramadol is weighed on a sixth of its records, and weighing it
    would make its tablet-only legs vanish. Deciding over all records, not per period,
    keeps a substance's weights comparable from one period (or window) to the next.
    """
    weighed = records["quantity_kg"].notna().groupby(records["substance"]).mean()
    return set(weighed.index[weighed >= 0.5])


def leg_table(records: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """Leg totals per period: one row per (period, substance, from_iso3, to_iso3).

    Args:
        records: canonical records (``date``, ``origin``, ``transit``, ``country``,
            ``destination``, ``substance``, ``conveyance``, ``quantity_kg``, ``count``, ``unit``).
        granularity: "month", "quarter" or "year".

    Returns:
        Columns ``period`` and :data:`LEG_COLUMNS`: ``kg`` (masses only), ``cases``
        (records using the leg), ``tablets``, ``mode`` (the conveyance most of its
        records used), ``basis`` ("kg", or "cases" for a substance that has a mass on fewer
        than half of its records, tablets and plants for instance), ``weight`` (kg or cases
        by basis) and ``share`` of the weight of its period and substance (NaN when that
        total is 0). Periods without records have no rows; records without a date are left
        out (they belong to no period).
    """
    _check_columns(records)
    kg_substances = weighed_in_kg(records)
    dated = records.loc[records["date"].notna(), _used_columns(records)]  # copy the columns used, not whole records
    # Period keys are text work: compute them once per distinct date, not per record.
    day_codes, days = pd.factorize(dated["date"])
    key_codes, keys = pd.factorize(periods.period_keys(pd.Series(days), granularity))
    return _aggregate(dated, pd.Categorical.from_codes(key_codes[day_codes], categories=keys), kg_substances)


def legs_for_window(records: pd.DataFrame, start: date | None, end: date,
                    kg_substances: set[str] | None = None) -> pd.DataFrame:
    """Leg totals over the days ``start`` to ``end`` inclusive; ``start=None`` is the cumulative mode.

    Columns are :data:`LEG_COLUMNS` (see :func:`leg_table`); the basis of each substance
    is decided on all of ``records``, so two windows of the same records compare, unless
    ``kg_substances`` gives it (decided on more records than those read: a briefing's kept totals).
    """
    _check_columns(records)
    kg_substances = weighed_in_kg(records) if kg_substances is None else set(kg_substances)
    days = records["date"]
    inside = days < pd.Timestamp(end) + pd.Timedelta(days=1)
    if start is not None:
        inside &= days >= pd.Timestamp(start)
    chosen = records.loc[inside, _used_columns(records)]
    one_period = pd.Categorical.from_codes(np.zeros(len(chosen), dtype=int), categories=[""])
    out = _aggregate(chosen, one_period, kg_substances)
    return out.drop(columns="period")


@dataclass(frozen=True)
class PeriodLegs:
    """Leg totals per period and mode: any run of periods sums to that window's legs.

    A slider step then costs a sum over a few thousand rows instead of a pass over
    every record (a million at the target scale).
    """

    keys: tuple[str, ...]  # the timeline's periods, in order
    totals: pd.DataFrame  # position (index in keys), substance, from, to, mode, kg, cases, tablets, reported_*
    kg_substances: frozenset[str]


def period_legs(records: pd.DataFrame, keys: Sequence[str], granularity: str) -> PeriodLegs:
    """Leg totals of ``records`` per period of ``keys`` (which must cover every record's date)."""
    _check_columns(records)
    dated = records.loc[records["date"].notna(), _used_columns(records)]
    day_codes, days = pd.factorize(dated["date"])
    positions = pd.Index(keys).get_indexer(periods.period_keys(pd.Series(days), granularity))
    if (positions < 0).any():
        raise ValueError(f"records fall outside the periods {keys[0]}..{keys[-1]}" if keys else "no periods given")
    period = pd.Categorical.from_codes(positions[day_codes], categories=range(len(keys)))
    totals = _mode_totals(dated, period).rename(columns={"period": "position"})
    totals["position"] = totals["position"].astype("int64")
    return PeriodLegs(tuple(keys), totals, frozenset(weighed_in_kg(records)))


def window_legs(legs: PeriodLegs, first: int, last: int) -> pd.DataFrame:
    """Leg totals (:data:`LEG_COLUMNS`) over the periods ``first`` to ``last`` inclusive (positions in ``keys``).

    Positions before the first period are simply empty, so ``window_legs(legs, -3, -1)``
    (the window before the timeline) has no rows.
    """
    position = legs.totals["position"]
    chosen = legs.totals.loc[(position >= first) & (position <= last)]
    return collapse_legs(chosen, list(_KEYS), set(legs.kg_substances)).loc[:, list(LEG_COLUMNS)]


def heaviest_leg(legs: PeriodLegs, cumulative: bool) -> float | None:
    """The largest leg weight of any one period, or of the whole timeline summed (``None`` without legs)."""
    if legs.totals.empty:
        return None
    if cumulative:
        return float(window_legs(legs, 0, len(legs.keys) - 1)["weight"].max())
    return float(collapse_legs(legs.totals, ["position", *_KEYS], set(legs.kg_substances))["weight"].max())


def previous_periods(first: int, last: int) -> tuple[int, int]:
    """The run of as many periods that ends just before ``first``.

    >>> previous_periods(4, 6)
    (1, 3)
    """
    if last < first:
        raise ValueError(f"window end {last} is before its start {first}")
    return first - (last - first + 1), first - 1


def window_positions(index: int, mode: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Periods summed at step ``index`` and the one window before it.

    Window mode: the period against the one before (the change rule's baseline may reach
    further back: :func:`baseline_positions`). Cumulative mode: everything up to the period
    against everything up to the one before, so a leg is *emerging* when its running total
    grows by more than the rule's strong increase in that period (running totals never fade).

    >>> window_positions(5, "window"), window_positions(5, "cumulative")
    (((5, 5), (4, 4)), ((0, 5), (0, 4)))
    """
    if mode == "cumulative":
        return (0, index), (0, index - 1)
    return (index, index), previous_periods(index, index)


def baseline_positions(index: int, mode: str, rule: change_rules.ChangeRule) -> tuple[int, int, int]:
    """The periods the change flags at step ``index`` compare with, and how many windows they average.

    Cumulative mode always compares with the running total up to the period before (one
    "window"): a mean of running totals would count early records several times.

    >>> from geo.analysis.change_rules import ChangeRule
    >>> baseline_positions(5, "window", ChangeRule("mean4")), baseline_positions(5, "cumulative", ChangeRule("mean4"))
    ((1, 4, 4), (0, 4, 1))
    """
    now, before = window_positions(index, mode)
    if mode == "cumulative":
        return (*before, 1 if index > 0 else 0)
    return change_rules.baseline_positions(*now, rule)


def previous_window(start: date, end: date) -> tuple[date, date]:
    """The window of the same number of days that ends the day before ``start``.

    >>> previous_window(date(2024, 4, 1), date(2024, 6, 30))
    (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """
    if end < start:
        raise ValueError(f"window end {end} is before its start {start}")
    last = start - timedelta(days=1)
    return last - (end - start), last


def flag_changes(
    current: pd.DataFrame, previous: pd.DataFrame, rule: change_rules.ChangeRule | None = None,
    baseline_windows: int = 1,
) -> pd.DataFrame:
    """Flag each leg of two window aggregates by the published change rule (:mod:`geo.analysis.change_rules`).

    ``previous`` sums the baseline: ``baseline_windows`` windows of the current one's length
    (:func:`geo.analysis.change_rules.baseline_positions`), so its weight and cases are divided
    by that number (the mean), 0 meaning there is no baseline. Legs present only in the
    baseline are kept, with zero totals, so a map can show what faded. ``rule`` defaults to
    the settings' rule.

    Returns:
        The rows of ``current`` (and the vanished legs) with ``previous_weight`` and
        ``previous_cases`` (the baseline), ``change`` (weight ratio, NaN without a baseline
        weight), ``change_pct``, ``band``, ``status`` (emerging = strong increase, fading =
        strong decrease, else stable) and ``rule`` (the rule's id; ``attrs["rule"]`` is the rule).
    """
    rule = rule or change_rules.current_rule()
    before = previous.loc[:, [*_KEYS, "weight", "cases", "mode", "basis"]].rename(
        columns={"weight": "previous_weight", "cases": "previous_cases", "mode": "previous_mode",
                 "basis": "previous_basis"}
    )
    if baseline_windows <= 0:
        before = before.iloc[0:0]
    elif baseline_windows > 1:
        before["previous_weight"] = before["previous_weight"] / baseline_windows
        before["previous_cases"] = before["previous_cases"] / baseline_windows
    out = current.merge(before, on=_KEYS, how="outer")
    for column in ("kg", "weight", "share"):
        out[column] = out[column].fillna(0.0)
    out["cases"] = out["cases"].fillna(0).astype("int64")
    out["tablets"] = out["tablets"].fillna(0).astype("int64")
    out["mode"] = out["mode"].fillna(out["previous_mode"])
    out["basis"] = out["basis"].fillna(out["previous_basis"])
    out["previous_weight"] = out["previous_weight"].astype(float).fillna(0.0)
    out["previous_cases"] = out["previous_cases"].astype(float).fillna(0.0)
    if baseline_windows <= 1:  # a mean of several windows may be fractional; one window's cases are whole
        out["previous_cases"] = out["previous_cases"].astype("int64")
    out["change"] = out["weight"] / out["previous_weight"].where(out["previous_weight"] > 0)
    out = change_rules.flag(out, rule)
    out = out.drop(columns=["previous_mode", "previous_basis"]).sort_values(_KEYS).reset_index(drop=True)
    out.attrs["rule"] = rule
    return out


# --- geometry -------------------------------------------------------------------------
def leg_geometries(legs: pd.DataFrame) -> gpd.GeoDataFrame:
    """``legs`` (from :func:`leg_table`, :func:`legs_for_window` or :func:`flag_changes`) with ``geometry`` and ``via``.

    Each distinct (from, to, mode, substance) is drawn once; a missing ``mode`` column
    counts as "unknown".
    """
    import geopandas as gpd

    from geo.analysis import leg_cache  # shapely and the reference layers: only where lines are drawn

    mode = legs["mode"] if "mode" in legs else pd.Series("unknown", index=legs.index)
    substance = legs["substance"] if "substance" in legs else pd.Series(None, index=legs.index, dtype="object")
    keys = pd.DataFrame({"a": legs["from_iso3"], "b": legs["to_iso3"], "m": mode.fillna("unknown"), "s": substance})
    codes = _group_ids([keys[c] for c in keys.columns])
    first = _first_rows(codes)
    lines, vias = np.empty(len(first), dtype=object), np.empty(len(first), dtype=object)
    cached = leg_cache.lines()  # kept on disk between runs: a line depends on the reference files only
    for k, (a, b, m, s) in enumerate(keys.iloc[first].itertuples(index=False)):
        lines[k], vias[k] = cached.line(str(a), str(b), str(m), s if isinstance(s, str) else None)
    cached.save()
    out = legs.copy()
    out["via"] = vias[codes]
    return gpd.GeoDataFrame(out, geometry=lines[codes], crs="EPSG:4326")
