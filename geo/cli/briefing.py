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
    """Write the briefing file from the records of the days it compares (of every date for an animation)."""
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

    made = _windowed(args, fmt, store, chosen, counted)
    if made is None:  # every record read: the animation, the HTML map, or a confirmed duplicate in view
        every_date = dataclasses.replace(chosen, date_from=None, date_to=None)
        made = formats.make_brief(counted, chosen, fmt, lang=args.lang, start=chosen.date_from,
                                  end=chosen.date_to, granularity=args.granularity, title=args.title,
                                  official=store.read_totals(chosen.viewer, every_date))
    Path(args.out).write_bytes(made.content)
    audit_output(store, args, "briefing", chosen, made.records)
    print(f"briefing written to {args.out} ({len(made.content) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def _windowed(args: argparse.Namespace, fmt: str, store, chosen, counted):
    """A one-pager or deck from the records of the days it reads (:mod:`geo.briefs.windowed`), else ``None``.

    The kept totals give the window and what is decided over every date; they are exact for a viewer who
    sees no confirmed cross-agency duplicate pair (else every record is read, each such cluster counted once).
    """
    from geo.briefs import formats, windowed

    if fmt not in windowed.FORMATS or store.sees_confirmed_pair(chosen.viewer):
        return None
    every_date = dataclasses.replace(chosen, date_from=None, date_to=None)
    kept = store.aggregates(every_date, by=windowed.FACT_KEYS)
    if kept is None:
        return None
    facts = windowed.facts_of(kept)
    start, end = windowed.window(facts, chosen.date_from, chosen.date_to, args.granularity)
    read_from, read_to = windowed.read_days(start, end)
    records = counted(dataclasses.replace(every_date, date_from=read_from, date_to=read_to))
    text = formats.filters_text(chosen.substances, chosen.countries, chosen.conveyances, args.lang)
    content = windowed.brief_of_window(
        records, facts, read_from, fmt, lang=args.lang, start=start, end=end, granularity=args.granularity,
        filters=text, title=args.title, countries=chosen.countries,
        official=store.read_totals(chosen.viewer, every_date))
    return formats.BriefFile(content, len(records))
