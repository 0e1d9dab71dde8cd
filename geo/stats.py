"""Totals of seizure records: cases, kilograms and counted items."""

from __future__ import annotations

import pandas as pd

UNKNOWN = "unknown"  # key for records with no country or date: counted, never dropped


def summarise(records: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    """Cases, kg, tablets and plants per group of ``by`` (a column name or a Series).

    Missing group values are reported under ``"unknown"``; kg sums only masses
    that have a factor (tablets and plants are counted, never weighed).
    """
    keys = records[by] if isinstance(by, str) else by
    keys = keys.astype("object").where(keys.notna(), UNKNOWN)
    counted = records["count"].where(records["unit"] == "tablets", 0.0).fillna(0.0)
    plants = records["count"].where(records["unit"] == "plants", 0.0).fillna(0.0)
    frame = pd.DataFrame(
        {"key": keys.to_numpy(), "kg": records["quantity_kg"].fillna(0.0).to_numpy(),
         "tablets": counted.to_numpy(), "plants": plants.to_numpy()}
    )
    grouped = frame.groupby("key", sort=True)
    out = grouped.agg(cases=("kg", "size"), kg=("kg", "sum"), tablets=("tablets", "sum"), plants=("plants", "sum"))
    return out.astype({"cases": "int64", "tablets": "int64", "plants": "int64"})


def _as_dict(summary: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    return {
        str(key): {"cases": int(row.cases), "kg": round(float(row.kg), 3),
                   "tablets": int(row.tablets), "plants": int(row.plants)}
        for key, row in summary.iterrows()
    }


def totals(records: pd.DataFrame) -> dict:
    """The ``stats --json`` object: records, by_substance, by_country, by_year.

    >>> from geo.schema import coerce_records
    >>> frame = coerce_records(pd.DataFrame({"date": ["2020-05-01", "2021-01-02"], "substance": ["cocaine"] * 2,
    ...     "country": ["SEN", None], "quantity": [2, 500], "unit": ["t", "g"]}))
    >>> totals(frame)["by_substance"]["cocaine"]
    {'cases': 2, 'kg': 2000.5, 'tablets': 0, 'plants': 0}
    >>> sorted(totals(frame)["by_country"])
    ['SEN', 'unknown']
    """
    years = records["date"].dt.year.astype("Int64").astype("str").where(records["date"].notna(), None)
    return {
        "records": len(records),
        "by_substance": _as_dict(summarise(records, "substance")),
        "by_country": _as_dict(summarise(records, "country")),
        "by_year": _as_dict(summarise(records, years)),
    }
