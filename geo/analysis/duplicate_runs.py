"""Running the cross-agency linkage against a store, and counting once as a viewer: the store-facing side.

:func:`find_duplicates` runs after each import (the new batch against the records already stored) and on
demand (``python -m geo duplicates --find``); it reads every record, as the store itself, because a pair's
two records may belong to agencies no single viewer sees together; what a viewer is shown is decided when
pairs are read (:meth:`geo.store.SqlStore.duplicate_pairs`). :func:`count_once` is what every total of a
viewer goes through.
"""

from __future__ import annotations

import pandas as pd

from geo.access import Viewer
from geo.analysis import duplicates
from geo.analysis.count_once import Counted, counted_records
from geo.core.filters import RecordFilter

KEPT_FROM = 0.5  # pairs from this probability are stored, so a reviewer may lower the threshold and see them


def find_duplicates(store, batch_id: str | None = None) -> int:
    """Link the store's records (only pairs touching ``batch_id`` when given) and save the pairs; return how many."""
    records = store.query(RecordFilter())
    touching = None
    if batch_id is not None:
        batch = records[records["batch_id"] == batch_id]
        if batch.empty:
            return 0
        dates = batch["date"].dropna()
        if dates.empty:
            return 0
        window = pd.Timedelta(days=duplicates.DATE_WINDOW_DAYS)
        near = (records["country"].isin(set(batch["country"].dropna()))
                & records["date"].between(dates.min() - window, dates.max() + window))
        records, touching = records[near], batch["record_id"]
    found = duplicates.link(records, threshold=KEPT_FROM, touching=touching)
    return store.save_duplicate_pairs(found.pairs)


def count_once(store, viewer: Viewer | None, records: pd.DataFrame,
               min_probability: float = duplicates.DEFAULT_THRESHOLD) -> Counted:
    """``records`` (as ``viewer`` sees them) with every confirmed cluster counted once, and the unreviewed flag."""
    pairs = store.duplicate_pairs(viewer, statuses=("probable", "confirmed"))
    return counted_records(records, pairs, min_probability=min_probability)
