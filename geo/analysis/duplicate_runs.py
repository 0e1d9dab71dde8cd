"""Running the cross-agency linkage against a store, and counting once as a viewer: the store-facing side.

:func:`find_duplicates` runs after each import (the new batch against the records already stored) and on
demand (``python -m geo duplicates --find``); it reads every record, as the store itself, because a pair's
two records may belong to agencies no single viewer sees together; what a viewer is shown is decided when
pairs are read (:meth:`geo.store.SqlStore.duplicate_pairs`). :func:`count_once` is what every total of a
viewer goes through.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from geo.access import Viewer
from geo.analysis import duplicates
from geo.analysis.count_once import Counted, counted_records
from geo.core.filters import RecordFilter

KEPT_FROM = 0.5  # pairs from this probability are stored, so a reviewer may lower the threshold and see them


def find_duplicates(store, batch_id: str | None = None) -> int:
    """Link the store's records (only pairs touching ``batch_id`` when given) and save the pairs; return how many.

    For a new batch only the records that could pair with it are read: its countries, from its first date to
    its last widened by the linkage's date window, and none at all when a single agency holds them (a pair is
    two agencies' reports). After a national register's import of a million rows into a store of its agency
    alone, that is one SQL count instead of reading every record.
    """
    touching = None
    if batch_id is None:
        records = store.query(RecordFilter())
    else:
        countries, first, last = store.batch_extent(batch_id)
        if not countries or first is None:
            return 0
        window = timedelta(days=duplicates.DATE_WINDOW_DAYS)
        start, end = first - window, last + window
        if store.agencies_between(countries, start, end) < 2:
            return 0
        records = store.query(RecordFilter(countries=countries, date_from=start, date_to=end))
        touching = records.loc[records["batch_id"] == batch_id, "record_id"]
    found = duplicates.link(records, threshold=KEPT_FROM, touching=touching)
    return store.save_duplicate_pairs(found.pairs)


def count_once(store, viewer: Viewer | None, records: pd.DataFrame,
               min_probability: float = duplicates.DEFAULT_THRESHOLD) -> Counted:
    """``records`` (as ``viewer`` sees them) with every confirmed cluster counted once, and the unreviewed flag."""
    pairs = store.duplicate_pairs(viewer, statuses=("probable", "confirmed"))
    return counted_records(records, pairs, min_probability=min_probability)
