"""Reading commands: ``stats``, ``export`` and ``map`` over the records the filters select."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from geo.cli.common import UsageError, add_db, add_filters, audit_output, record_filter, store_of, viewer
from geo.records.exports import ALL_FORMATS, EXPORT_FORMATS


def register(commands: argparse._SubParsersAction) -> None:
    """Add the reading commands."""
    stats_cmd = commands.add_parser("stats", help="totals by substance, country and year",
                                    description="Totals of the records matching the filters.")
    add_db(stats_cmd)
    add_filters(stats_cmd)
    stats_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    stats_cmd.add_argument("--from-records", action="store_true",
                           help="sum the records themselves instead of the totals kept at import (same figures)")
    stats_cmd.set_defaults(handler=stats)

    export_cmd = commands.add_parser("export", help=f"export records ({', '.join(ALL_FORMATS)})",
                                     description="Export the records matching the filters, canonical columns.")
    add_db(export_cmd)
    add_filters(export_cmd)
    export_cmd.add_argument("--out", required=True, help="output file; format from the extension "
                            f"({' '.join('.' + f for f in EXPORT_FORMATS)})")
    export_cmd.add_argument("--format", choices=ALL_FORMATS, default=None,
                            help="format (default: the extension's); ids = UNODC Individual Drug Seizures "
                                 "layout, written as .xlsx")
    export_cmd.add_argument("--totals", action="store_true",
                            help="export the official annual totals instead of the records (.csv or .xlsx)")
    export_cmd.set_defaults(handler=export)

    map_cmd = commands.add_parser("map", help="the dashboard's map as one standalone HTML file (opens offline)",
                                  description="Write the map of the records matching the filters (cumulative over "
                                              "the period) as one HTML file with every asset inlined.")
    add_db(map_cmd)
    add_filters(map_cmd)
    map_cmd.add_argument("--out", required=True, help="HTML file to write")
    map_cmd.add_argument("--measure", choices=("kg", "cases"), default="kg", help="choropleth measure (default kg)")
    map_cmd.add_argument("--from-records", action="store_true",
                         help="draw from the records themselves instead of the totals kept at import (same map)")
    map_cmd.set_defaults(handler=standalone_map)


def _selected(args: argparse.Namespace):
    store = store_of(args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    return store, chosen, store.query(chosen)


def count_once_of(store, chosen):
    """The records ``chosen`` selects, every confirmed cluster of cross-agency reports counted once."""
    from geo.analysis.duplicate_runs import count_once

    return count_once(store, chosen.viewer, store.query(chosen))


def _kept_summary(args: argparse.Namespace, store, chosen) -> dict | None:
    """The ``stats --json`` object from the totals kept at import, or ``None`` when they would not be exact.

    Kept totals count every report, so they answer only a filter of whole months
    (:meth:`geo.store.SqlStore.aggregates` gives ``None`` otherwise) for a viewer who sees no confirmed
    cross-agency duplicate pair (else the records path counts each such cluster once).
    """
    from geo.analysis import aggregated, coverage

    if args.from_records or store.sees_confirmed_pair(chosen.viewer):
        return None
    # A yearly view of whole years reads the yearly totals (a tenth of the rows: geo.store.aggregates_years).
    yearly = store.aggregates_by_year(chosen, by=aggregated.YEAR_STATS_KEYS) if args.granularity == "year" else None
    kept = aggregated.as_months(yearly) if yearly is not None else store.aggregates(chosen, by=aggregated.STATS_KEYS)
    if kept is None:
        return None
    summary = aggregated.totals(kept, args.granularity)
    # STATS_KEYS hold COVERAGE_KEYS: the same rows give the kilograms per country, year and substance.
    summary["coverage"] = coverage.coverage_json(aggregated.coverage(kept, store.read_totals(chosen.viewer, chosen)))
    return summary


def stats(args: argparse.Namespace) -> int:
    """Totals by substance, country, year, period and leg; a confirmed duplicate cluster counts once."""
    from geo.analysis import coverage
    from geo.analysis import stats as totals

    store = store_of(args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    summary = _kept_summary(args, store, chosen)
    if summary is None:
        counted = count_once_of(store, chosen)
        summary = totals.totals(counted.records, args.granularity, merged_reports=counted.merged_reports)
        # Official annual totals beside the records (geo.analysis.coverage), the same filters and viewer.
        summary["coverage"] = coverage.coverage_json(coverage.coverage(counted.records,
                                                                     store.read_totals(chosen.viewer, chosen)))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, sort_keys=True))
        return 0
    print(f"records: {summary['records']} ({summary['merged_reports']} reports merged)")
    for substance, row in summary["by_substance"].items():
        print(f"  {substance:<26} {row['cases']:>7} cases {row['kg']:>14,.1f} kg")
    return 0


def export(args: argparse.Namespace) -> int:
    """The selected records in the format the extension names."""
    from geo.records import exports

    if args.totals:  # official annual totals (geo.cli.totals)
        from geo.cli import totals

        return totals.export(args)
    try:
        fmt = exports.check_format(args.format, args.out) if args.format else exports.export_format(args.out)
    except ValueError as error:
        raise UsageError(str(error)) from error
    store, chosen, records = _selected(args)
    written = exports.export_records(records, args.out, fmt)
    audit_output(store, args, "export", chosen, written)
    print(f"{written} records written to {args.out}", file=sys.stderr)
    return 0


def standalone_map(args: argparse.Namespace) -> int:
    """The dashboard's map as one offline HTML file."""
    from geo.maps.build import standalone_map as build

    if Path(args.out).suffix.lower() not in {".html", ".htm"}:
        raise UsageError(f"--out {args.out}: a map is written as .html")
    from geo.cli.map_totals import kept_map_html

    store = store_of(args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    # Hexagons, choropleth and flows are sums: the totals kept at import draw them when exact.
    kept = None if args.from_records else kept_map_html(store, chosen, args.lang, args.measure)
    if kept is None:
        records = count_once_of(store, chosen).records
        kept = build(records, args.lang, measure=args.measure), len(records)
    html, count = kept
    Path(args.out).write_text(html, encoding="utf-8")
    audit_output(store, args, "export", chosen, count)
    print(f"map of {count} records written to {args.out} ({len(html) / 1e6:.1f} MB)", file=sys.stderr)
    return 0
