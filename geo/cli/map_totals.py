"""``python -m geo map`` from the totals kept at import: when they are exact and the map draws hexagons.

The records' map (:func:`geo.maps.build.cumulative_map`) draws sums above
:data:`geo.maps.seizures.MAX_POINTS` located records, so the kept totals draw the same map
(:func:`geo.maps.kept_map.kept_map`) without reading a million records. They are exact under the rule
``stats --json`` follows (:func:`geo.cli.records._kept_summary`): a filter of whole months, and no
confirmed cross-agency duplicate pair in the viewer's view (the records' map counts each such cluster once).
"""

from __future__ import annotations

from geo.core.filters import RecordFilter


def kept_map_html(store, chosen: RecordFilter, lang: str, measure: str = "kg",
                  max_points: int | None = None) -> tuple[str, int] | None:
    """The offline map and how many records it stands for, or ``None`` when the records must be read.

    ``None`` when the kept totals would not be exact (a date inside a month, a confirmed duplicate pair
    in view) or when at most ``max_points`` records are located (default :data:`geo.maps.seizures.MAX_POINTS`:
    the map then draws each one).
    """
    from geo.analysis import aggregated
    from geo.maps import kept_map, seizures
    from geo.maps.build import standalone_html

    max_points = max_points or seizures.MAX_POINTS  # read when called: a test lowers the switch
    if not store.duplicate_pairs(chosen.viewer, statuses=("confirmed",)).empty:
        return None
    cells = store.aggregates(chosen, by=kept_map.MAP_KEYS)
    if cells is None or kept_map.located_records(cells) <= max_points:
        return None
    chains = store.aggregates(chosen, by=aggregated.STATS_KEYS)
    html = standalone_html(kept_map.kept_map(cells, chains, lang, measure=measure, max_points=max_points))
    return html, int(cells["record_rows"].sum())
