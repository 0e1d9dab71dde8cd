"""``python -m geo map`` from the totals kept at import: when they are exact and the map draws hexagons.

The records' map (:func:`geo.maps.build.cumulative_map`) draws sums above
:data:`geo.maps.seizures.MAX_POINTS` located records, so the kept totals draw the same map
(:func:`geo.maps.kept_map.kept_map`) without reading a million records. They are exact under the rule
``stats --json`` follows (:func:`geo.cli.records._kept_summary`): a filter of whole months, and no
confirmed cross-agency duplicate pair in the viewer's view (the records' map counts each such cluster once).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd

from geo.core.filters import RecordFilter

EARLIEST = date(1000, 1, 1)  # before any record: as a start, it keeps the kept totals of an unknown month out


def kept_frames(store, chosen: RecordFilter) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The kept totals the map reads: per :data:`geo.maps.kept_map.MAP_KEYS`, and the dated ones per leg key.

    ``None`` when they would not be exact (a date inside a month, a confirmed duplicate pair in view).
    The legs read dated months only (as the records' legs read dated records): a filter from the year 1000
    on, when it has no start, keeps the month-less rows out in SQL, and groups without the month (two
    scans of the table, few rows read back).
    """
    from geo.maps import kept_map

    if store.sees_confirmed_pair(chosen.viewer):
        return None
    cells = store.aggregates(chosen, by=kept_map.MAP_KEYS)
    if cells is None:
        return None
    dated = dataclasses.replace(chosen, date_from=chosen.date_from or EARLIEST)
    chains = store.aggregates(dated, by=kept_map.LEG_KEYS)
    return None if chains is None else (cells, chains)


def kept_map_html(store, chosen: RecordFilter, lang: str, measure: str = "kg",
                  max_points: int | None = None) -> tuple[str, int] | None:
    """The offline map and how many records it stands for, or ``None`` when the records must be read.

    ``None`` when the kept totals would not be exact (:func:`kept_frames`) or when at most ``max_points``
    records are located (default :data:`geo.maps.seizures.MAX_POINTS`: the map then draws each one).
    """
    from geo.maps import kept_map, seizures
    from geo.maps.build import standalone_html

    max_points = max_points or seizures.MAX_POINTS  # read when called: a test lowers the switch
    frames = kept_frames(store, chosen)
    if frames is None or kept_map.located_records(frames[0]) <= max_points:
        return None
    cells, chains = frames
    html = standalone_html(kept_map.kept_map(cells, chains, lang, measure=measure, max_points=max_points))
    return html, int(cells["record_rows"].sum())
