"""One seizure, one count: a confirmed cluster of cross-agency reports counts once in every total.

:func:`counted_records` is a function over the viewer's records and the viewer's pairs (both already
filtered by the visibility rule), so it can be applied wherever totals start — the command line, the app's
query cache, or a table of aggregates built from records. A cluster is the set of records joined by confirmed
pairs; it counts its reference record (the one a reviewer named, else the most precise) and drops the
others from the totals. The records themselves are never changed, and a viewer who cannot see some of a
cluster's reports computes the cluster from the reports they can see: nothing about a hidden record
changes their figures. Probable pairs nobody has reviewed yet are counted as reported, and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core import schema

# Most precise first: where, then when, then a quantity at all.
_LOCATION_RANK = {p: i for i, p in enumerate(schema.LOCATION_PRECISIONS)}
_DATE_RANK = {p: i for i, p in enumerate(schema.DATE_PRECISIONS)}


@dataclass(frozen=True)
class Counted:
    """The records every total counts, and what the banner and captions say about duplicates."""

    records: pd.DataFrame  # the viewer's records, minus the non-reference reports of confirmed clusters
    merged_reports: int  # reports left out because a confirmed cluster counts its reference only
    unreviewed_reports: int  # records in a probable, unreviewed pair (counted as reported)
    unreviewed_kg: float  # their kilograms


def _clusters(ids: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find: each id -> its cluster's root."""
    parent = {i: i for i in ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: root(i) for i in ids}


def precision_order(records: pd.DataFrame) -> pd.Series:
    """A sort key per record, lowest the most precise: location, then date precision, then a known mass."""
    def column(name: str) -> pd.Series:  # a field the frame lacks ranks as unknown, last
        return records[name] if name in records else pd.Series(None, index=records.index, dtype=object)

    location = column("location_precision").map(_LOCATION_RANK).fillna(len(_LOCATION_RANK)).astype(int)
    date = column("date_precision").map(_DATE_RANK).fillna(len(_DATE_RANK)).astype(int)
    weighed = column("quantity").notna().astype(int)
    return location * 100 + date * 10 + (1 - weighed)


def counted_records(records: pd.DataFrame, pairs: pd.DataFrame, *, min_probability: float = 0.0) -> Counted:
    """The records totals count, given the viewer's ``records`` and pairs (``a``, ``b``, ``status``, ``reference``).

    Only pairs whose two records are both in ``records`` are used: a pair to a record outside the view (another
    filter, or hidden from this viewer) changes nothing. ``min_probability`` is the threshold above which an
    unreviewed probable pair is flagged.
    """
    if pairs is None or pairs.empty or records.empty:
        return Counted(records, 0, 0, 0.0)
    ids = records["record_id"].astype(str)
    present = set(ids)
    inside = pairs[pairs["a"].isin(present) & pairs["b"].isin(present)]
    confirmed = inside[inside["status"] == "confirmed"]
    probable = inside[(inside["status"] == "probable") & (inside["probability"] >= min_probability)]

    flagged = set(probable["a"]) | set(probable["b"])
    flagged_rows = ids.isin(flagged).to_numpy()
    unreviewed_kg = float(records.loc[flagged_rows, "quantity_kg"].fillna(0.0).sum())
    if confirmed.empty:
        return Counted(records, 0, int(flagged_rows.sum()), unreviewed_kg)

    members = sorted(set(confirmed["a"]) | set(confirmed["b"]))
    cluster_of = _clusters(members, list(zip(confirmed["a"], confirmed["b"], strict=True)))
    named = {r for r in confirmed.get("reference", pd.Series(dtype=object)).dropna() if r in present}
    in_cluster = ids.isin(cluster_of).to_numpy()
    frame = pd.DataFrame({
        "record_id": ids[in_cluster].to_numpy(),
        "cluster": ids[in_cluster].map(cluster_of).to_numpy(),
        "named": ids[in_cluster].isin(named).to_numpy(),
        "order": precision_order(records.loc[in_cluster]).to_numpy(),
    })
    # The reviewer's choice first, then the most precise; the id breaks ties the same way every time.
    frame = frame.sort_values(["cluster", "named", "order", "record_id"], ascending=[True, False, True, True])
    keep = set(frame.drop_duplicates("cluster")["record_id"])
    dropped = in_cluster & ~ids.isin(keep).to_numpy()
    return Counted(records.loc[~dropped], int(dropped.sum()), int(flagged_rows.sum()), unreviewed_kg)


def counted_flag(records: pd.DataFrame, pairs: pd.DataFrame) -> np.ndarray:
    """Per record of ``records``: whether totals count it (the same rule as :func:`counted_records`).

    For tables that keep every row (aggregates, exports): multiply amounts by this flag.
    """
    kept = set(counted_records(records, pairs).records["record_id"].astype(str))
    return records["record_id"].astype(str).isin(kept).to_numpy()
