"""Totals of seizure records: cases, kilograms and counted items, and the ``stats --json`` object."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.analysis import change_rules, routes
from geo.core import periods

UNKNOWN = "unknown"  # key for records with no country or date: counted, never dropped


def case_counts(records: pd.DataFrame) -> np.ndarray:
    """How many seizures each record stands for (its ``seizure_count``; 1 where the column is absent).

    The one place that says what a case is: every case total (stats, map, trends, briefings,
    the Records page) sums this, never the number of rows, so an aggregated register row
    ("Count of Event" 12) counts 12 cases.

    >>> case_counts(pd.DataFrame({"seizure_count": [1, 12]})).tolist()
    [1, 12]
    """
    if "seizure_count" not in records:
        return np.ones(len(records), dtype=np.int64)
    return pd.to_numeric(records["seizure_count"]).fillna(1).to_numpy(dtype=np.int64)


def total_cases(records: pd.DataFrame) -> int:
    """The number of seizures ``records`` stand for: the sum of :func:`case_counts`."""
    return int(case_counts(records).sum())


def summarise(records: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    """Cases, kg, tablets and plants per group of ``by`` (a column name or a Series).

    Missing group values are reported under ``"unknown"``; kg sums only masses
    that have a factor (tablets and plants are counted, never weighed).
    """
    return summarise_by(records, {"key": by})


def summarise_by(records: pd.DataFrame, by: Mapping[str, str | pd.Series]) -> pd.DataFrame:
    """Cases, kg, tablets and plants per combination of several keys (name -> column name or Series).

    The same sums as :func:`summarise`, indexed by one level per key, so a table per
    (period, substance) adds up to the totals per period and per substance.

    >>> from geo.core.schema import coerce_records
    >>> frame = coerce_records(pd.DataFrame({"date": ["2020-05-01"] * 2, "substance": ["cocaine", "tramadol"],
    ...     "country": ["SEN", None], "quantity": [2, 30], "unit": ["kg", "tablets"]}))
    >>> summarise_by(frame, {"country": "country", "substance": "substance"}).reset_index().values.tolist()
    [['SEN', 'cocaine', 1, 2.0, 0, 0], ['unknown', 'tramadol', 1, 0.0, 30, 0]]
    """
    columns = {}
    for name, key in by.items():
        keys = records[key] if isinstance(key, str) else key
        columns[name] = keys.astype("object").where(keys.notna(), UNKNOWN).to_numpy()
    frame = pd.DataFrame({**columns, **_amounts(records)})
    grouped = frame.groupby(list(by), sort=True)
    out = grouped.agg(cases=("cases", "sum"), kg=("kg", "sum"), tablets=("tablets", "sum"), plants=("plants", "sum"))
    return out.astype({"cases": "int64", "tablets": "int64", "plants": "int64"})


def _amounts(records: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per record: cases (its seizure count), kg (0 without a mass), tablets and plants (0 unless so counted)."""
    return {
        "cases": case_counts(records),
        "kg": records["quantity_kg"].fillna(0.0).to_numpy(),
        "tablets": records["count"].where(records["unit"] == "tablets", 0.0).fillna(0.0).to_numpy(),
        "plants": records["count"].where(records["unit"] == "plants", 0.0).fillna(0.0).to_numpy(),
    }


def _as_dict(summary: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    return {
        str(key): {"cases": int(row.cases), "kg": round(float(row.kg), 3),
                   "tablets": int(row.tablets), "plants": int(row.plants)}
        for key, row in summary.iterrows()
    }


def totals(records: pd.DataFrame, granularity: str = "year", merged_reports: int = 0) -> dict:
    """The ``stats --json`` object: records, cases, merged_reports, by_substance, by_country, by_year, by_period, legs.

    ``merged_reports`` is how many reports of confirmed cross-agency duplicates ``records`` already leave out
    (:func:`geo.analysis.count_once.counted_records`): the totals count each such seizure once.

    ``records`` counts rows, ``cases`` the seizures they stand for (the sum of ``seizure_count``:
    an aggregated register row counts N); every ``cases`` below sums ``seizure_count`` too.

    ``by_period`` is keyed by the period keys of ``granularity`` ("2021-03", "2021-Q1" or
    "2021"); ``legs`` lists every leg of the reported routes (:mod:`geo.analysis.routes`) over all
    of ``records``, sorted by substance, then heaviest first, then from and to.

    >>> from geo.core.schema import coerce_records
    >>> frame = coerce_records(pd.DataFrame({"date": ["2020-05-01", "2021-01-02"], "substance": ["cocaine"] * 2,
    ...     "country": ["SEN", None], "quantity": [2, 500], "unit": ["t", "g"], "origin": ["BRA", None]}))
    >>> totals(frame)["by_substance"]["cocaine"]
    {'cases': 2, 'kg': 2000.5, 'tablets': 0, 'plants': 0}
    >>> sorted(totals(frame)["by_country"])
    ['SEN', 'unknown']
    >>> sorted(totals(frame, "quarter")["by_period"])
    ['2020-Q2', '2021-Q1']
    >>> [(leg["from"], leg["to"], leg["kg"], leg["cases"], leg["basis"]) for leg in totals(frame)["legs"]]
    [('BRA', 'SEN', 2000.0, 1, 'kg')]
    """
    years = records["date"].dt.year.astype("Int64").astype("str").where(records["date"].notna(), None)
    return {
        "records": len(records),
        "cases": total_cases(records),
        "merged_reports": int(merged_reports),
        "by_substance": _as_dict(summarise(records, "substance")),
        "by_country": _as_dict(summarise(records, "country")),
        "by_year": _as_dict(summarise(records, years)),
        "by_period": _as_dict(summarise(records, periods.period_keys(records["date"], granularity))),
        "legs": all_legs(records, granularity),
    }


def leg_flags(records: pd.DataFrame, granularity: str) -> dict[tuple[str, str, str], dict[str, object]]:
    """Each leg's change flag in the latest period of ``granularity``, by the published change rule.

    Keyed by (substance, from, to): the rule's id, the period, the band and status, and the
    numbers behind them (``now``, ``baseline``, ``change_pct``; weights in the leg's ``basis``).
    A leg absent from the latest period and its baseline has no flag.
    """
    dated = records["date"].dropna()
    if dated.empty:
        return {}
    keys = periods.period_range(dated.min().date(), dated.max().date(), granularity)
    return flags_of(routes.period_legs(records, keys, granularity))


def flags_of(legs: routes.PeriodLegs) -> dict[tuple[str, str, str], dict[str, object]]:
    """The flags of :func:`leg_flags` from leg totals per period (records' or kept totals')."""
    keys = legs.keys
    rule = change_rules.current_rule()
    first, last, windows = routes.baseline_positions(len(keys) - 1, "window", rule)
    flags = routes.flag_changes(routes.window_legs(legs, len(keys) - 1, len(keys) - 1),
                                routes.window_legs(legs, first, last), rule, windows)
    return {
        (row.substance, row.from_iso3, row.to_iso3): {
            "rule": row.rule, "period": keys[-1], "band": row.band, "status": row.status,
            "now": round(float(row.weight), 3), "baseline": round(float(row.previous_weight), 3),
            "change_pct": None if pd.isna(row.change_pct) else round(float(row.change_pct), 1)}
        for row in flags.itertuples(index=False)
    }


def all_legs(records: pd.DataFrame, granularity: str = "year") -> list[dict[str, object]]:
    """Every leg over all dated ``records`` (the map's reconstruction), as plain JSON values.

    Weight is kg, or cases for a substance counted rather than weighed (``basis``); see
    :func:`geo.analysis.routes.leg_table`. Records without a date belong to no window and carry no leg.
    ``change`` is the leg's flag in the latest period (:func:`leg_flags`), ``null`` when it has none.
    """
    dated = records["date"].dropna()
    if dated.empty:
        return []
    legs = routes.legs_for_window(records, None, dated.max().date())
    legs = legs.sort_values(["substance", "weight", "from_iso3", "to_iso3"], ascending=[True, False, True, True])
    return legs_json(legs, leg_flags(records, granularity))


def legs_json(legs: pd.DataFrame, flags: dict) -> list[dict[str, object]]:
    """``legs`` (sorted leg rows) as the plain JSON values of ``stats --json``, each with its ``flags`` entry."""
    return [
        {"from": row.from_iso3, "to": row.to_iso3, "substance": row.substance, "kg": round(float(row.kg), 3),
         "cases": int(row.cases), "tablets": int(row.tablets), "weight": round(float(row.weight), 3),
         "basis": row.basis, "mode": row.mode, "reported_kg": round(float(row.reported_kg), 3),
         # share of the leg's weight whose records state both its ends (geo.analysis.provenance); null at weight 0
         "reported_share": None if pd.isna(row.reported_share) else round(float(row.reported_share), 4),
         "change": flags.get((row.substance, row.from_iso3, row.to_iso3))}
        for row in legs.itertuples(index=False)
    ]
