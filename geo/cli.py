"""``python -m geo``: the command-line face of the Couloirs core."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import access, demo
from geo.access import Actor, Viewer, identity
from geo.analysis import stats
from geo.briefs import formats as briefexport
from geo.core import periods, schema, settings
from geo.core.filters import RecordFilter
from geo.ingest import pipeline as importer
from geo.ingest.readers import filetypes
from geo.maps.build import standalone_map
from geo.records import exports
from geo.reference import countries
from geo.store import open_store
from geo.store.postgis import redact


class UsageError(Exception):
    """Unusable input: reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line on stderr, status 2
        raise UsageError(message)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None,
                        help="store location (GeoPackage path or postgresql:// URL); default $COULOIRS_DB or "
                             "data/couloirs.gpkg")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--substance", action="append", default=[], metavar="ID",
                        help="substance id (repeatable), e.g. cocaine, tramadol")
    parser.add_argument("--country", action="append", default=[], metavar="ISO3",
                        help="country of seizure, ISO3 (repeatable)")
    parser.add_argument("--from", dest="date_from", metavar="YYYY[-MM[-DD]]", help="first day included")
    parser.add_argument("--to", dest="date_to", metavar="YYYY[-MM[-DD]]", help="last period included")
    parser.add_argument("--granularity", choices=periods.GRANULARITIES, default="year", help="period length")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of labels")
    parser.add_argument("--as", dest="viewer", metavar="AGENCY",
                        help="the output as this agency may see it: public records, its own, and the restricted "
                             "records of agencies that share with it (default: administrator, everything)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="python -m geo", description="Couloirs: drug seizure records for West Africa and the Sahel.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo_cmd = commands.add_parser("demo", help="write synthetic demo records to a CSV file",
                                   description="Write seeded synthetic records (source 'synthetic demo').")
    demo_cmd.add_argument("--out", required=True, help="CSV file to write")
    demo_cmd.add_argument("--rows", type=int, default=1000, help="number of records (default 1000)")
    demo_cmd.add_argument("--seed", type=int, default=1, help="random seed: same seed, same file (default 1)")

    stats_cmd = commands.add_parser("stats", help="totals by substance, country and year",
                                    description="Totals of the records matching the filters.")
    _add_db(stats_cmd)
    _add_filters(stats_cmd)
    stats_cmd.add_argument("--json", action="store_true", help="print one JSON object")

    formats = exports.EXPORT_FORMATS
    export_cmd = commands.add_parser("export", help=f"export records ({', '.join(formats)})",
                                     description="Export the records matching the filters, canonical columns.")
    _add_db(export_cmd)
    _add_filters(export_cmd)
    export_cmd.add_argument("--out", required=True,
                            help=f"output file; format from the extension ({' '.join('.' + f for f in formats)})")

    import_cmd = commands.add_parser(
        "import", help="import an agency file (csv, xlsx, geojson, gpkg, kml, kmz)",
        description="Import one file as one batch: every row ends accepted, quarantined (with its reason) or "
                    "duplicate, and rows = accepted + quarantined + duplicates. The same file imported again "
                    "for the same agency adds nothing.")
    _add_db(import_cmd)
    import_cmd.add_argument("file", help="the file to import (format recognised from its content)")
    import_cmd.add_argument("--agency", metavar="ID", help="the importing agency (its records, its reference numbers);"
                            " registered when the store does not know it yet")
    import_cmd.add_argument("--sensitivity", choices=schema.SENSITIVITIES,
                            help="level of rows that state none (default restricted)")
    import_cmd.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the reasons printed")
    import_cmd.add_argument("--json", action="store_true", help="print one JSON object with the counts")

    brief_cmd = commands.add_parser(
        "brief", help="the briefing snapshot (pdf, png, pptx, gif, zip of frames, html)",
        description="Write the briefing of the records matching the filters: a one-page PDF or PNG, a PPTX deck, "
                    "an animated GIF of the periods (or its frames as PNG in a zip) or the offline HTML map. "
                    "--from/--to set the window (default: the last 12 months of data); the previous window "
                    "of equal length gives the changes.")
    _add_db(brief_cmd)
    _add_filters(brief_cmd)
    brief_cmd.add_argument("--out", required=True, help="output file; format from the extension "
                           "(.pdf .png .pptx .gif .zip .html)")
    brief_cmd.add_argument("--title", help="title of the briefing (default: a title naming the substances)")

    map_cmd = commands.add_parser("map", help="the dashboard's map as one standalone HTML file (opens offline)",
                                  description="Write the map of the records matching the filters (cumulative over "
                                              "the period) as one HTML file with every asset inlined.")
    _add_db(map_cmd)
    _add_filters(map_cmd)
    map_cmd.add_argument("--out", required=True, help="HTML file to write")
    map_cmd.add_argument("--measure", choices=("kg", "cases"), default="kg", help="choropleth measure (default kg)")

    user_cmd = commands.add_parser(
        "user", help="let a person sign in: agency, role and clearance (first administrator, or any change)",
        description="Add or change the person signing in with EMAIL (matched on the identity's e-mail). "
                    "The agency is registered when unknown. Recorded in the audit trail.")
    _add_db(user_cmd)
    user_cmd.add_argument("email", help="the e-mail the identity provider gives for this person")
    user_cmd.add_argument("--agency", metavar="ID", required=True, help="the person's agency")
    user_cmd.add_argument("--role", choices=access.ROLES, required=True,
                          help="viewer (reads), analyst (also imports), admin (also administers)")
    user_cmd.add_argument("--clearance", choices=access.CLEARANCES, default="restricted",
                          help="highest sensitivity the person may read (default restricted)")
    user_cmd.add_argument("--name", help="display name")
    user_cmd.add_argument("--inactive", action="store_true", help="keep the person but refuse their sign-in")
    return parser


def record_filter(args: argparse.Namespace) -> RecordFilter:
    """The record filter named by the common options; unknown ids are usage errors."""
    unknown = [s for s in args.substance if s not in schema.substances()]
    if unknown:
        raise UsageError(f"--substance {unknown[0]}: unknown id; known: {', '.join(sorted(schema.substances()))}")
    bad = [c for c in args.country if not countries.is_iso3(c.upper())]
    if bad:
        raise UsageError(f"--country {bad[0]}: not an ISO3 country code")
    try:
        return RecordFilter(
            substances=tuple(args.substance),
            countries=tuple(c.upper() for c in args.country),
            date_from=periods.parse_bound(args.date_from) if args.date_from else None,
            date_to=periods.parse_bound(args.date_to, end=True) if args.date_to else None,
        )
    except ValueError as error:
        raise UsageError(str(error)) from error


def viewer(store, args: argparse.Namespace) -> Viewer:
    """Whom the output is for: ``--as AGENCY`` (with the agreements in force), else the administrator."""
    if not args.viewer:
        return Viewer.administrator()
    if not store.find_agency(args.viewer):
        raise UsageError(f"--as {args.viewer}: unknown agency; known: {', '.join(store.agencies()['agency'])}")
    return store.viewer_for(args.viewer)


def _actor() -> Actor:
    return Actor.command_line(getpass.getuser())


def _audit_output(store, args: argparse.Namespace, action: str, chosen: RecordFilter, records: int) -> None:
    """Every file the command line writes is in the audit trail, with the filters and whom it was for."""
    store.record_audit(_actor(), action, target=Path(args.out).name, records=records,
                       filters=identity.audit_filters(chosen))


def _store(args: argparse.Namespace):
    location = args.db or settings.get("COULOIRS_DB")
    try:
        return open_store(location)
    except Exception as error:  # noqa: BLE001 - any failure to open is unusable input
        raise UsageError(f"cannot open store {redact(str(location))}: {redact(str(error))}") from error


def run(args: argparse.Namespace) -> int:
    """Execute a parsed command; return the exit status."""
    if args.command == "demo":
        if args.rows < 0:
            raise UsageError(f"--rows {args.rows}: must be zero or more")
        written = demo.write_csv(Path(args.out), rows=args.rows, seed=args.seed)
        print(f"{written} synthetic records written to {args.out}", file=sys.stderr)
        return 0
    store = _store(args)
    if args.command == "import":
        return _import(store, args)
    if args.command == "user":
        return _user(store, args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    if args.command == "brief":
        return _brief(store, args, chosen)
    records = store.query(chosen)
    if args.command == "stats":
        summary = stats.totals(records, args.granularity)
        if args.json:
            print(json.dumps(summary, ensure_ascii=False, sort_keys=True))
        else:
            print(f"records: {summary['records']}")
            for substance, row in summary["by_substance"].items():
                print(f"  {substance:<26} {row['cases']:>7} cases {row['kg']:>14,.1f} kg")
        return 0
    if args.command == "export":
        try:
            exports.export_format(args.out)
        except ValueError as error:
            raise UsageError(str(error)) from error
        written = exports.export_records(records, args.out)
        _audit_output(store, args, "export", chosen, written)
        print(f"{written} records written to {args.out}", file=sys.stderr)
        return 0
    if args.command == "map":
        if Path(args.out).suffix.lower() not in {".html", ".htm"}:
            raise UsageError(f"--out {args.out}: a map is written as .html")
        html = standalone_map(records, args.lang, measure=args.measure)
        Path(args.out).write_text(html, encoding="utf-8")
        _audit_output(store, args, "export", chosen, len(records))
        print(f"map of {len(records)} records written to {args.out} ({len(html) / 1e6:.1f} MB)", file=sys.stderr)
        return 0
    raise UsageError(f"unknown command {args.command}")  # unreachable: argparse checks


def _import(store, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = importer.read_file(path)
        if args.agency:
            store.ensure_agency(_actor(), args.agency)
        report = importer.import_bytes(store, data, path.name, agency=args.agency, sensitivity=args.sensitivity,
                                       created_by=_actor().name)
    except filetypes.UnusableFile as error:
        raise UsageError(importer.unusable_message(error, args.lang)) from error
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, sort_keys=True))
        return 0
    print(importer.summary_text(report, args.lang))
    return 0


def _user(store, args: argparse.Namespace) -> int:
    try:
        store.ensure_agency(_actor(), args.agency)
        store.save_user(_actor(), args.email, args.agency, args.role, args.clearance, name=args.name,
                        active=not args.inactive)
    except ValueError as error:
        raise UsageError(str(error)) from error
    print(f"{args.email.lower()}: {args.role} of {args.agency}, cleared to {args.clearance}"
          f"{' (inactive)' if args.inactive else ''}", file=sys.stderr)
    return 0


def _brief(store, args: argparse.Namespace, chosen: RecordFilter) -> int:
    try:
        fmt = briefexport.brief_format(args.out)
    except ValueError as error:
        raise UsageError(str(error)) from error
    # --from/--to set the briefing's window; the records of every date are read (the window before it too).
    brief = briefexport.make_brief(store.query, chosen, fmt, lang=args.lang, start=chosen.date_from,
                                   end=chosen.date_to, granularity=args.granularity, title=args.title)
    Path(args.out).write_bytes(brief.content)
    _audit_output(store, args, "briefing", chosen, brief.records)
    print(f"briefing written to {args.out} ({len(brief.content) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse ``argv`` and run; unusable input exits 2 with one line on stderr."""
    try:
        return run(build_parser().parse_args(argv))
    except UsageError as error:
        print(f"python -m geo: error: {error}", file=sys.stderr)
        return 2
