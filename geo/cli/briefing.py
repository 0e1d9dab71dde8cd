"""``brief``: the briefing snapshot of the records the filters select."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from geo.cli.common import UsageError, add_db, add_filters, audit_output, record_filter, store_of, viewer


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``brief``."""
    brief_cmd = commands.add_parser(
        "brief", help="the briefing snapshot (pdf, png, pptx, gif, zip of frames, html)",
        description="Write the briefing of the records matching the filters: a one-page PDF or PNG, a PPTX deck, "
                    "an animated GIF of the periods (or its frames as PNG in a zip) or the offline HTML map. "
                    "--from/--to set the window (default: the last complete calendar year holding data, or quarter "
                    "with --granularity quarter); the period before it gives the changes.")
    add_db(brief_cmd)
    add_filters(brief_cmd)
    brief_cmd.add_argument("--out", required=True, help="output file; format from the extension "
                           "(.pdf .png .pptx .gif .zip .html)")
    brief_cmd.add_argument("--title", help="title of the briefing (default: a title naming the substances)")
    brief_cmd.set_defaults(handler=brief)


def brief(args: argparse.Namespace) -> int:
    """Write the briefing file; the records of every date are read (the window before the chosen one too)."""
    from geo.analysis.duplicate_runs import count_once
    from geo.briefs import formats

    try:
        fmt = formats.brief_format(args.out)
    except ValueError as error:
        raise UsageError(str(error)) from error
    store = store_of(args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    def counted(selected):  # a confirmed cluster of cross-agency reports counts once, as in the app
        return count_once(store, selected.viewer, store.query(selected)).records

    made = formats.make_brief(counted, chosen, fmt, lang=args.lang, start=chosen.date_from,
                              end=chosen.date_to, granularity=args.granularity, title=args.title,
                              official=store.read_totals(chosen.viewer, dataclasses.replace(chosen, date_from=None,
                                                                                            date_to=None)))
    Path(args.out).write_bytes(made.content)
    audit_output(store, args, "briefing", chosen, made.records)
    print(f"briefing written to {args.out} ({len(made.content) / 1e6:.1f} MB)", file=sys.stderr)
    return 0
