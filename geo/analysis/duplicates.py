"""Probable duplicates across agencies: the same seizure reported by police, customs and gendarmerie.

Linkage is probabilistic (Fellegi-Sunter) with Splink on its DuckDB backend: in-process, no server, and
100,000 records linked in seconds (``benchmarks/bench_duplicates.py``). Candidate pairs are blocked on
country, substance family and a date window of :data:`DATE_WINDOW_DAYS`, between records of two different
agencies (one agency's own repeats are caught by its reference numbers on import). Each pair is compared on
date, distance between points, relative difference of the quantity, conveyance, route and free text (place,
transport detail). The weights (m and u probabilities) are fixed here, not trained on each import, so every
run gives the same answer: they were measured once on 20,000 generated records with twins
(:mod:`geo.demo.twins`, seed 11) as the share of true and false candidate pairs at each level,
rounded, with floors so that no level is certain.
The default threshold :data:`DEFAULT_THRESHOLD` was chosen by measurement on generated twins
(``tests/test_duplicates.py`` prints precision and recall; README, "Duplicates across agencies").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core import schema

DATE_WINDOW_DAYS = 4  # each report within 2 days of the seizure: two reports within 4 of each other
DEFAULT_THRESHOLD = 0.95  # measured: README, "Duplicates across agencies"
# Prior: of two reports of one country, family and week by two agencies, how likely they are one seizure.
PRIOR = 0.1
_BUCKET = 10  # days; two partitions shifted by half a bucket cover every pair within DATE_WINDOW_DAYS

# (name, the columns compared, levels from closest to furthest: (label, sql, m, u); the null level first)
_NULL = ("missing", None, None, None)
COMPARISONS: tuple[tuple[str, tuple[tuple[str, str | None, float | None, float | None], ...]], ...] = (
    ("date", (
        ("missing", "day_l IS NULL OR day_r IS NULL", None, None),
        ("same day", "day_l = day_r", 0.30, 0.15),
        ("within 1 day", "abs(day_l - day_r) <= 1", 0.34, 0.21),
        ("within the window", f"abs(day_l - day_r) <= {DATE_WINDOW_DAYS}", 0.36, 0.64),
        ("else", "ELSE", 0.001, 0.001),
    )),
    ("place", (
        ("missing", "lat_l IS NULL OR lat_r IS NULL", None, None),
        ("same point", "abs(lat_l - lat_r) < 0.0001 AND abs(lon_l - lon_r) < 0.0001", 0.46, 0.075),
        ("within 3 km", "sqrt(pow((lat_l - lat_r) * 111.32, 2)"
                        " + pow((lon_l - lon_r) * 111.32 * cos(radians(lat_l)), 2)) <= 3", 0.53, 0.075),
        ("else", "ELSE", 0.01, 0.85),
    )),
    ("quantity", (
        ("missing", "amount_l IS NULL OR amount_r IS NULL OR amount_kind_l <> amount_kind_r", None, None),
        ("same", "abs(amount_l - amount_r) <= 0.005 * greatest(amount_l, amount_r)", 0.89, 0.002),
        ("within 5 %", "abs(amount_l - amount_r) <= 0.05 * greatest(amount_l, amount_r)", 0.10, 0.009),
        ("else", "ELSE", 0.01, 0.99),
    )),
    ("conveyance", (
        ("missing", "conveyance_l IS NULL OR conveyance_r IS NULL", None, None),
        ("same", "conveyance_l = conveyance_r", 0.99, 0.67),
        ("else", "ELSE", 0.01, 0.33),
    )),
    ("route", (
        ("missing", "route_l IS NULL OR route_r IS NULL", None, None),
        ("same", "route_l = route_r", 0.99, 0.4),
        ("else", "ELSE", 0.01, 0.6),
    )),
    ("text", (
        ("missing", "text_l IS NULL OR text_r IS NULL", None, None),
        ("same words", "text_l = text_r OR contains(text_l, text_r) OR contains(text_r, text_l)", 0.73, 0.054),
        ("similar", "jaro_winkler_similarity(text_l, text_r) >= 0.85", 0.22, 0.06),
        ("else", "ELSE", 0.05, 0.885),
    )),
)
FIELDS = tuple(name for name, _ in COMPARISONS)


@dataclass(frozen=True)
class Linkage:
    """Pairs found: one row per pair ``a`` < ``b`` (record ids) with ``probability``, ``agree`` and ``differ``."""

    pairs: pd.DataFrame
    compared: int  # candidate pairs scored


def _family(substance: pd.Series) -> pd.Series:
    families = {key: entry.family for key, entry in schema.substances().items()}
    return substance.map(families).fillna(substance)


def _words(*columns: pd.Series) -> pd.Series:
    """Lower-case text of the free-text fields, joined; blank when all are blank."""
    parts = [c.astype("object").where(c.notna(), "").astype(str).str.lower().str.strip() for c in columns]
    joined = parts[0].str.cat(parts[1:], sep=" ").str.strip().str.replace(r"\s+", " ", regex=True)
    return joined.where(joined != "", None)


def linkage_table(records: pd.DataFrame) -> pd.DataFrame:
    """The columns the comparisons read, one row per record (``unique_id`` is the record id)."""
    counted = records["unit"].isin(("tablets", "plants"))
    amount = records["quantity_kg"].where(~counted, records["count"])
    conveyance = records["conveyance"].astype("object")
    route = records["origin"].astype("object").fillna("") + ">" + records["destination"].astype("object").fillna("")
    day = (records["date"] - pd.Timestamp("1970-01-01")).dt.days
    table = pd.DataFrame({
        "unique_id": records["record_id"].astype(str).to_numpy(),
        "agency": records["agency"].astype("object").fillna("").to_numpy(),
        "country": records["country"].astype("object").to_numpy(),
        "family": _family(records["substance"]).astype("object").to_numpy(),
        "day": day.astype("Int64").to_numpy(),
        "bucket_a": (day // _BUCKET).astype("Int64").to_numpy(),
        "bucket_b": ((day + _BUCKET // 2) // _BUCKET).astype("Int64").to_numpy(),
        "lat": records["lat"].to_numpy(dtype=float),
        "lon": records["lon"].to_numpy(dtype=float),
        "amount": amount.to_numpy(dtype=float),
        "amount_kind": np.where(counted, records["unit"].astype("object"), "kg"),
        "conveyance": conveyance.where(conveyance != "unknown", None).to_numpy(),
        "route": route.where(route != ">", None).to_numpy(),
        "text": _words(records["place"], records["transport_detail"]).to_numpy(),
    })
    # Typed: a column of blanks only must still be text to DuckDB, not its NULL type.
    texts = ["unique_id", "agency", "country", "family", "amount_kind", "conveyance", "route", "text"]
    return table.astype(dict.fromkeys(texts, "string"))


def _settings():
    from splink import SettingsCreator

    comparisons = []
    for name, levels in COMPARISONS:
        rendered = []
        for label, sql, m, u in levels:
            level = {"sql_condition": sql, "label_for_charts": label}
            if sql is not None and label == "missing":
                level["is_null_level"] = True
            else:
                level.update(m_probability=m, u_probability=u)
            rendered.append(level)
        comparisons.append({"output_column_name": name, "comparison_levels": rendered})
    # Two rules, the date partitions shifted by 2 days: every pair within the window shares a bucket in one.
    same = f"l.country = r.country AND l.family = r.family AND l.agency <> r.agency AND abs(l.day - r.day) <= " \
           f"{DATE_WINDOW_DAYS}"
    return SettingsCreator(
        link_type="dedupe_only", probability_two_random_records_match=PRIOR, comparisons=comparisons,
        blocking_rules_to_generate_predictions=[f"{same} AND l.bucket_a = r.bucket_a",
                                                f"{same} AND l.bucket_b = r.bucket_b"],
        retain_intermediate_calculation_columns=True, retain_matching_columns=True,
        additional_columns_to_retain=[],
    )


def link(records: pd.DataFrame, *, threshold: float = 0.0, touching: Iterable[str] | None = None) -> Linkage:
    """Probable cross-agency duplicates among ``records`` (canonical frame), scored by Splink on DuckDB.

    ``threshold`` drops pairs below that probability; ``touching`` (record ids, e.g. a new batch) keeps only
    pairs with at least one of them. Records without a date or country are never paired.
    """
    table = linkage_table(records)
    table = table[table["day"].notna() & table["country"].notna()].reset_index(drop=True)
    empty = pd.DataFrame({"a": pd.Series(dtype=str), "b": pd.Series(dtype=str),
                          "probability": pd.Series(dtype=float), "agree": pd.Series(dtype=object),
                          "differ": pd.Series(dtype=object)})
    if len(table) < 2 or table["agency"].nunique() < 2:
        return Linkage(empty, 0)
    import duckdb
    from splink import DuckDBAPI, Linker

    connection = duckdb.connect()
    try:
        linker = Linker(table, _settings(), db_api=DuckDBAPI(connection=connection))
        logging.getLogger("splink").setLevel(logging.WARNING)  # the Linker sets INFO: every step's timing
        scored = linker.inference.predict(threshold_match_probability=threshold or None).as_pandas_dataframe()
    finally:
        connection.close()
    if touching is not None:
        wanted = set(touching)
        scored = scored[scored["unique_id_l"].isin(wanted) | scored["unique_id_r"].isin(wanted)]
    if scored.empty:
        return Linkage(empty, 0)
    return Linkage(_pairs(scored), len(scored))


def _pairs(scored: pd.DataFrame) -> pd.DataFrame:
    """Pairs ordered a < b, with the fields whose comparison was at its closest level (agree) or not (differ)."""
    left, right = scored["unique_id_l"].astype(str), scored["unique_id_r"].astype(str)
    swap = left > right
    agree: list[list[str]] = [[] for _ in range(len(scored))]
    differ: list[list[str]] = [[] for _ in range(len(scored))]
    for name, levels in COMPARISONS:
        top = len(levels) - 2  # Splink numbers levels from 0 (else) up; the null level is -1
        for i, gamma in enumerate(scored[f"gamma_{name}"].to_numpy()):
            if gamma == top:
                agree[i].append(name)
            elif gamma >= 0:
                differ[i].append(name)
    pairs = pd.DataFrame({
        "a": np.where(swap, right, left), "b": np.where(swap, left, right),
        "probability": scored["match_probability"].round(4).to_numpy(), "agree": agree, "differ": differ,
    })
    return pairs.sort_values(["probability", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)
