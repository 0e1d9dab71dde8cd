"""Coverage: how much of a country's official annual total the shared seizure records account for.

For each country, year and substance: the kilograms of the records the viewer may see (each record's
``quantity_kg`` as it is: an aggregated row's quantity is already the total of its seizures) against the official
total (:mod:`geo.store.totals`), and their ratio. The ratio is ``None`` where there is no official total (or it is
zero): silence is not a zero.

Two rules keep a sum from counting anything twice:

* **members or group, never both** (:func:`summable`): UNODC tables give a group total (``Cocaine-type``) beside
  its members (``Cocaine hydrochloride``, ``Cocaine base``). For a country and year, a total whose substance
  has more detailed totals under it in the vocabulary's hierarchy (group → sub-group → drug,
  ``data/reference/unodc_substances.csv``) is left out of every sum; the members count.
* **one figure per label**: when several visible batches give the same country, year and drug label, the
  latest imported counts.

A record counts against the official total of its own substance or, when there is none that year, of the
nearest group above it that has one (a tramadol seizure against the ``opioids`` total of a country that reports
opioids only); a record with neither is listed with no official total.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from geo.core import schema

COLUMNS = ("country", "year", "substance", "records_kg", "official_kg", "ratio")


@lru_cache(maxsize=256)
def ancestors(substance: str) -> tuple[str, ...]:
    """The vocabulary ids above ``substance``, nearest first (its sub-group, then its group), that exist as ids.

    >>> ancestors("heroin"), ancestors("cocaine_hcl"), ancestors("opioids")
    (('opiates', 'opioids'), ('cocaine_type',), ())
    """
    vocabulary = schema.substances()
    entry = vocabulary.get(substance)
    if entry is None:
        return ()
    above = [level for level in (entry.subgroup, entry.group) if level and level != substance and level in vocabulary]
    return tuple(dict.fromkeys(above))


def summable(totals: pd.DataFrame) -> pd.Series:
    """``True`` for the official totals a sum takes: one per label (the latest), members rather than their group.

    ``totals`` is :meth:`geo.store.SqlStore.read_totals`'s frame (stored order: the latest of a label last).
    """
    if totals.empty:
        return pd.Series(False, index=totals.index, dtype=bool)
    latest = ~totals.duplicated(["country", "year", "label"], keep="last")
    kept = totals[latest]
    covered = set()  # (country, year, substance) that has a more detailed total under it
    for country, year, substance in kept.loc[:, ["country", "year", "substance"]].itertuples(index=False):
        covered.update((country, year, above) for above in ancestors(substance))
    keys = zip(totals["country"], totals["year"], totals["substance"])
    return latest & pd.Series([key not in covered for key in keys], index=totals.index, dtype=bool)


def official(totals: pd.DataFrame) -> pd.DataFrame:
    """The official kilograms per ``country, year, substance`` a sum may use (:func:`summable` rows only)."""
    used = totals[summable(totals)]
    return (used.groupby(["country", "year", "substance"], as_index=False)["kg"].sum()
            .rename(columns={"kg": "official_kg"}))


def coverage(records: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Records' kilograms against the official totals, per country, year and substance (:data:`COLUMNS`).

    ``records`` are the records the viewer may see (canonical columns); ``totals`` the official totals the
    same viewer may see. Records with no country, date or mass weigh nothing here (tablets are never weighed).
    Ordered by country, year, substance.
    """
    dated = records[records["country"].notna() & records["date"].notna() & records["quantity_kg"].notna()]
    kg = pd.DataFrame({"country": dated["country"].astype(str).to_numpy(),
                       "year": pd.DatetimeIndex(dated["date"]).year.astype("int64"),
                       "substance": dated["substance"].astype(str).to_numpy(),
                       "records_kg": dated["quantity_kg"].astype(float).to_numpy()})
    return coverage_of_kg(kg, totals)


def coverage_of_kg(kg: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """:func:`coverage` from kilograms already summed (``country, year, substance, records_kg``; any grain).

    The kept totals (:func:`geo.analysis.aggregated.coverage`) give their monthly sums here; only
    the groups that hold at least one weighed record may appear, as with records.
    """
    figures = official(totals)
    kg = kg.groupby(["country", "year", "substance"], as_index=False)["records_kg"].sum()
    reported = set(zip(figures["country"], figures["year"], figures["substance"]))

    def target(country: str, year: int, substance: str) -> str:
        if (country, year, substance) in reported:
            return substance
        return next((above for above in ancestors(substance) if (country, year, above) in reported), substance)

    kg["substance"] = [target(*key) for key in zip(kg["country"], kg["year"], kg["substance"])]
    kg = kg.groupby(["country", "year", "substance"], as_index=False)["records_kg"].sum()
    keys = {"country": object, "year": "int64", "substance": object}  # an empty side has untyped columns
    table = kg.astype(keys).merge(figures.astype(keys), on=["country", "year", "substance"], how="outer")
    table["records_kg"] = table["records_kg"].fillna(0.0)
    official_kg = table["official_kg"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = table["records_kg"] / official_kg.where(official_kg > 0)
    table["ratio"] = ratio
    table["year"] = table["year"].astype("int64")
    return table.loc[:, list(COLUMNS)].sort_values(["country", "year", "substance"]).reset_index(drop=True)


def coverage_json(table: pd.DataFrame) -> dict:
    """``{ISO3: {"YYYY": {substance: {"records_kg", "official_kg", "ratio"}}}}``, missing values as ``None``."""
    out: dict = {}
    for row in table.itertuples(index=False):
        out.setdefault(row.country, {}).setdefault(str(int(row.year)), {})[row.substance] = {
            "records_kg": round(float(row.records_kg), 6),
            "official_kg": None if pd.isna(row.official_kg) else round(float(row.official_kg), 6),
            "ratio": None if pd.isna(row.ratio) else round(float(row.ratio), 6)}
    return out


def shares(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per ``by`` ("country" or "substance") and year: records' kg, official kg (NaN where none) and the ratio.

    The ratio counts only the pairs with an official total on both sides (as :func:`overall`): records of a drug
    nobody reported do not raise a country's share. Columns ``key, year, records_kg, official_kg, ratio``.
    """
    if by not in ("country", "substance"):
        raise ValueError(f"by {by!r} is not one of country, substance")
    if table.empty:
        return pd.DataFrame(columns=["key", "year", "records_kg", "official_kg", "ratio"])
    reported = table["official_kg"].notna()
    grouped = table.assign(reported_kg=table["records_kg"].where(reported)).groupby([by, "year"], as_index=False)
    out = grouped.agg(records_kg=("records_kg", "sum"), official_kg=("official_kg", lambda v: v.sum(min_count=1)),
                      reported_kg=("reported_kg", lambda v: v.sum(min_count=1)))
    out["ratio"] = out["reported_kg"] / out["official_kg"].where(out["official_kg"] > 0)
    return out.rename(columns={by: "key"}).drop(columns="reported_kg").sort_values(["key", "year"]).reset_index(
        drop=True)


def overall(table: pd.DataFrame, year: int | None = None, countries: tuple[str, ...] = ()) -> dict | None:
    """The records' share of the official totals, summed over the country-substance pairs that have one.

    ``{"year", "records_kg", "official_kg", "ratio"}`` for ``year`` (default: the latest year with an official
    total), or ``None`` when no official total applies. Only pairs with an official total count on both sides,
    so a drug nobody reported does not inflate the share.
    """
    with_total = table[table["official_kg"].notna() & (table["official_kg"] > 0)]
    if countries:
        with_total = with_total[with_total["country"].isin(countries)]
    if with_total.empty:
        return None
    year = int(with_total["year"].max()) if year is None else int(year)
    chosen = with_total[with_total["year"] == year]
    if chosen.empty:
        return None
    records_kg, official_kg = float(chosen["records_kg"].sum()), float(chosen["official_kg"].sum())
    return {"year": year, "records_kg": records_kg, "official_kg": official_kg, "ratio": records_kg / official_kg}
