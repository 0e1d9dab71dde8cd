"""Writing commands: ``import`` (one file, one batch) and ``demo`` (a synthetic register to import)."""

from __future__ import annotations

import argparse
import json
import sys
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
    import_cmd.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    profiles.add_import_options(import_cmd)
    import_cmd.set_defaults(handler=import_file)


def demo(args: argparse.Namespace) -> int:
    """Seeded synthetic records to a CSV file."""
    from geo import demo as generator

    if args.rows < 0:
        raise UsageError(f"--rows {args.rows}: must be zero or more")
    written = generator.write_csv(Path(args.out), rows=args.rows, seed=args.seed)
    print(f"{written} synthetic records written to {args.out}", file=sys.stderr)
    return 0


def import_file(args: argparse.Namespace) -> int:
    """One file, one batch; the sum of the rows' fates printed."""
    from geo.ingest import pipeline
    from geo.ingest.readers import filetypes

    store = store_of(args)
    path = Path(args.file)
    # The web upload's limit (COULOIRS_MAX_UPLOAD_MB) guards a shared server; here only the machine's memory does.
    limit = filetypes.upload_limit_lifted(filetypes.memory_ceiling())
    try:
        with limit:
            data = pipeline.read_file(path)
            mapping, headers = None, []
            if args.profile or args.save_profile:  # the headers fit a profile to the file and are saved with one
                shown = pipeline.preview(data, path.name, rows=1)
                headers = [str(h) for h in shown.table.frame.columns]
                mapping = profiles.loaded(store, args, headers) or shown.mapping
            if args.agency:
                store.ensure_agency(actor(), args.agency)
            report = pipeline.import_bytes(store, data, path.name, agency=args.agency,
                                           sensitivity=args.sensitivity, created_by=actor().name, mapping=mapping)
    except filetypes.UnusableFile as error:
        raise UsageError(pipeline.unusable_message(error, args.lang)) from error
    if mapping is not None:
        profiles.save_used(store, args, mapping, headers)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, sort_keys=True))
        return 0
    print(pipeline.summary_text(report, args.lang))
    return 0
