"""Writing commands: ``import`` (one file, one batch) and ``demo`` (a synthetic register to import)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from geo.cli import profiles
from geo.cli.common import UsageError, actor, add_db, store_of
from geo.core import schema


def register(commands: argparse._SubParsersAction) -> None:
    """Add the writing commands."""
    demo_cmd = commands.add_parser("demo", help="write synthetic demo records to a CSV file",
                                   description="Write seeded synthetic records (source 'synthetic demo').")
    demo_cmd.add_argument("--out", required=True, help="CSV file to write")
    demo_cmd.add_argument("--rows", type=int, default=1000, help="number of records (default 1000)")
    demo_cmd.add_argument("--seed", type=int, default=1, help="random seed: same seed, same file (default 1)")
    demo_cmd.add_argument("--cross-agency-twins", type=float, default=0.0, metavar="SHARE",
                          help="this share of seizures (0-1) is reported again by one or two other agencies, with "
                               "their own reference, date +-2 days, wording, units and GPS point (duplicates)")
    demo_cmd.set_defaults(handler=demo)

    import_cmd = commands.add_parser(
        "import", help="import an agency file (csv, xlsx, xls, ods, geojson, gpkg, kml, kmz)",
        description="Import one file as one batch: every row ends accepted, quarantined (with its reason) or "
                    "duplicate, and rows = accepted + quarantined + duplicates. The same file imported again "
                    "for the same agency adds nothing.")
    add_db(import_cmd)
    import_cmd.add_argument("file", help="the file to import (format recognised from its content)")
    import_cmd.add_argument("--agency", metavar="ID", help="the importing agency (its records, its reference numbers);"
                            " registered when the store does not know it yet")
    import_cmd.add_argument("--sensitivity", choices=schema.SENSITIVITIES,
                            help="level of rows that state none (default restricted)")
    import_cmd.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the reasons printed")
    import_cmd.add_argument("--json", action="store_true",
                            help="print one JSON object with the counts and the mapping used")
    import_cmd.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                            help="take FIELD from column HEADER (repeatable); HEADER= leaves the column out")
    import_cmd.add_argument("--value", action="append", default=[], metavar="FIELD:TEXT=ID",
                            help="read the cell TEXT of FIELD as ID (repeatable, case and accents ignored), "
                                 "e.g. substance:Chanvre=cannabis_herb")
    import_cmd.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                            help="give every row FIELD=VALUE, e.g. country=USA (repeatable; never over a column)")
    import_cmd.add_argument("--fiscal-year-start", metavar="MM",
                            help="first month of the fiscal year a fiscal_year column counts in (10: October)")
    import_cmd.add_argument("--dry-run", action="store_true",
                            help="read, map and check every row, print the sum and the mapping; write nothing")
    import_cmd.add_argument("--chunk-rows", type=int, default=None, metavar="N",
                            help="rows of a CSV file read and checked at a time (default 50000): a large "
                                 "register is imported streamed, still as one batch")
    import_cmd.add_argument("--kind", choices=("totals", "seizures"), default=None,
                            help="what the file holds: seizure records, or official annual totals (country x year x"
                                 " drug, as UNODC publishes them); default: recognised from the columns")
    profiles.add_import_options(import_cmd)
    import_cmd.set_defaults(handler=import_file)


def demo(args: argparse.Namespace) -> int:
    """Seeded synthetic records to a CSV file."""
    from geo import demo as generator

    if args.rows < 0:
        raise UsageError(f"--rows {args.rows}: must be zero or more")
    if not 0 <= args.cross_agency_twins <= 1:
        raise UsageError(f"--cross-agency-twins {args.cross_agency_twins}: a share between 0 and 1")
    written = generator.write_csv(Path(args.out), rows=args.rows, seed=args.seed, twins=args.cross_agency_twins)
    print(f"{written} synthetic records written to {args.out}", file=sys.stderr)
    return 0


def import_file(args: argparse.Namespace) -> int:
    """One file, one batch; the sum of the rows' fates printed."""
    from geo.i18n import ingest as ingest_text
    from geo.ingest import dryrun, options, pipeline, streaming
    from geo.ingest.keys import NotAKey
    from geo.ingest.mapping import suggest_mapping
    from geo.ingest.readers import filetypes

    if args.chunk_rows is not None and args.chunk_rows < 1:
        raise UsageError(f"--chunk-rows {args.chunk_rows}: must be 1 or more")
    store = store_of(args)
    path = Path(args.file)
    # The web upload's limit (COULOIRS_MAX_UPLOAD_MB) guards a shared server; here only the machine's memory does.
    limit = filetypes.upload_limit_lifted(filetypes.memory_ceiling())
    try:
        settings = options.settings_from_options(args.map, args.value, args.set, args.fiscal_year_start)
        with limit:
            data = pipeline.read_file(path)
            mapping, headers = None, []
            # A workbook or a layer is read whole once, here, to tell totals from records and for the import (its
            # reading is most of an import's time: ~1.4 s of a 100,000-row XLSX); a CSV, streamed by the import,
            # is asked its header alone.
            table = None if streaming.streams(data, path.name) else pipeline.read(data, path.name)
            if _holds_totals(args, lambda: _headers(data, path.name, table)):  # official totals (geo.ingest.totals)
                return _import_totals(store, data, path.name, args, table)
            if args.profile or args.save_profile:  # the headers fit a profile to the file and are saved with one
                shown = pipeline.preview(data, path.name, rows=1)
                headers = [str(h) for h in shown.table.frame.columns]
                settings = profiles.loaded(store, args, headers, settings)  # the profile, options on top
            if settings.columns or settings.constants or settings.values:  # checked against the file's headers
                file_headers = list(pipeline.read(data, path.name, max_rows=1).frame.columns)
                options.check_settings(settings, file_headers, mapping or suggest_mapping(file_headers))
            if args.dry_run:
                report = dryrun.dry_run(store, data, path.name, agency=args.agency, sensitivity=args.sensitivity,
                                        settings=settings, mapping=mapping, table=table)
            else:
                if args.agency:
                    store.ensure_agency(actor(), args.agency)
                report = _import(store, data, path.name, args, mapping, settings, table)
    except filetypes.UnusableFile as error:
        raise UsageError(pipeline.unusable_message(error, args.lang)) from error
    except options.OptionError as error:
        raise UsageError(str(error)) from error
    except NotAKey as error:
        raise UsageError(error.message(args.lang, cli=True)) from error
    if not args.dry_run and report.accepted:  # the new batch against the store: probable duplicates to review
        from geo.analysis.duplicate_runs import find_duplicates

        find_duplicates(store, report.batch_id)
    profiles.save_used(store, args, settings, headers)  # also after a dry run: the profile only
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, sort_keys=True))
        return 0
    print(pipeline.summary_text(report, args.lang))
    if args.dry_run:
        print(dryrun.mapping_text(report, args.lang))
        print(ingest_text.t("dry_run_note", args.lang))
    return 0


def _headers(data: bytes, name: str, table) -> list:
    """The file's columns: ``table``'s when it was read whole, else those its first row gives.

    Cells a workbook holds beyond the header in later rows add unnamed columns to a whole read: they name no
    field, so the answer to "totals or records" is the same.
    """
    from geo.ingest import pipeline

    return list((table if table is not None else pipeline.read(data, name, max_rows=1)).frame.columns)


def _holds_totals(args: argparse.Namespace, headers: Callable[[], list]) -> bool:
    """Whether the file is imported as official totals: ``--kind``, else its columns (options mean records).

    ``headers`` gives the file's columns, asked only when the options leave the question open.
    """
    from geo.ingest import totals

    if args.kind is not None:
        return args.kind == "totals"
    if args.map or args.value or args.set or args.profile or args.save_profile or args.fiscal_year_start:
        return False  # record options given: the user reads the file as seizures
    return totals.looks_like_totals([str(h) for h in headers()])


def _import_totals(store, data: bytes, name: str, args: argparse.Namespace, table=None) -> int:
    """A totals file as one batch of official totals; the same sum of the rows' fates printed."""
    from geo.i18n import ingest as ingest_text
    from geo.ingest import pipeline, totals

    table = table if table is not None else pipeline.read(data, name)
    missing = totals.totals_columns([str(h) for h in table.frame.columns]).missing()
    if missing:
        raise UsageError(f"{name}: read as totals (--kind totals), but no column for {', '.join(missing)}")
    if args.agency and not args.dry_run:
        store.ensure_agency(actor(), args.agency)
    report = totals.import_totals(store, data, name, agency=args.agency, sensitivity=args.sensitivity,
                                  created_by=actor().name, dry_run=args.dry_run, table=table)
    if args.json:
        print(json.dumps({**report.as_json(), "kind": "totals"}, ensure_ascii=False, sort_keys=True))
        return 0
    print(ingest_text.t("totals_read_as", args.lang))
    print(pipeline.summary_text(report, args.lang))
    if args.dry_run:
        print(ingest_text.t("dry_run_note", args.lang))
    return 0


def _import(store, data: bytes, name: str, args: argparse.Namespace, mapping, settings, table=None):
    """One batch: a CSV file streamed chunk by chunk (same result, bounded memory), any other file whole.

    ``table``: that file already read whole (by the caller, to tell totals from records): not read again.
    """
    from geo.ingest import pipeline, streaming

    options = {"agency": args.agency, "sensitivity": args.sensitivity, "created_by": actor().name,
               "mapping": mapping, "settings": settings}
    if streaming.streams(data, name):
        return streaming.import_csv(store, data, name, chunk_rows=args.chunk_rows or streaming.DEFAULT_CHUNK_ROWS,
                                    **options)
    return pipeline.import_bytes(store, data, name, table=table, **options)
