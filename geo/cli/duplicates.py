"""``duplicates``: probable duplicates across agencies, listed, found, confirmed or rejected (audited)."""

from __future__ import annotations

import argparse
import json
import sys

from geo.cli.common import UsageError, actor, add_db, store_of, viewer


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``duplicates``."""
    from geo.analysis.duplicates import DEFAULT_THRESHOLD  # a constant; the linkage loads only when it runs

    cmd = commands.add_parser(
        "duplicates", help="probable duplicates across agencies: list, find, confirm or reject",
        description="The same seizure reported by two agencies: pairs found by record linkage (Splink), shown to "
                    "whoever may see both records. A confirmed pair is counted once in every total; both "
                    "decisions are audited.")
    add_db(cmd)
    cmd.add_argument("--json", action="store_true", help='print {"pairs": [...]}')
    cmd.add_argument("--min-probability", type=float, default=DEFAULT_THRESHOLD, metavar="P",
                     help=f"pairs at least this probable (default {DEFAULT_THRESHOLD}, measured on generated twins)")
    cmd.add_argument("--as", dest="viewer", metavar="AGENCY",
                     help="the pairs this agency may see (both records visible to it); default administrator")
    action = cmd.add_mutually_exclusive_group()
    action.add_argument("--find", action="store_true", help="link every record of the store again first")
    action.add_argument("--confirm", nargs=2, metavar=("A", "B"), help="records A and B are one seizure")
    action.add_argument("--reject", nargs=2, metavar=("A", "B"), help="records A and B are two seizures")
    cmd.add_argument("--reference", metavar="RECORD_ID",
                     help="with --confirm: the record the cluster counts (default the most precise)")
    cmd.set_defaults(handler=duplicates)


def duplicates(args: argparse.Namespace) -> int:
    """List the pairs the viewer may see; or find, confirm or reject."""
    from geo.access import Actor
    from geo.store.base import AccessDenied

    if not 0 <= args.min_probability <= 1:
        raise UsageError(f"--min-probability {args.min_probability}: a probability between 0 and 1")
    if args.reference and not args.confirm:
        raise UsageError("--reference: only with --confirm")
    store = store_of(args)
    seen_by = viewer(store, args)
    if args.find:
        from geo.analysis.duplicate_runs import find_duplicates

        found = find_duplicates(store)
        print(f"{found} pairs found", file=sys.stderr)
    if args.confirm or args.reject:
        pair, status = (args.confirm, "confirmed") if args.confirm else (args.reject, "rejected")
        who = actor() if not args.viewer else Actor(actor().name, args.viewer, "analyst")
        reference = args.reference or (_most_precise(store, seen_by, pair) if status == "confirmed" else None)
        try:
            store.review_duplicate(who, seen_by, pair[0], pair[1], status, reference=reference)
        except (AccessDenied, ValueError) as error:
            raise UsageError(f"--{'confirm' if args.confirm else 'reject'} {' '.join(pair)}: {error}") from error
    pairs = store.duplicate_pairs(seen_by, min_probability=args.min_probability)
    out = [{"a": row.a, "b": row.b, "probability": round(float(row.probability), 4), "status": row.status,
            "agree": list(row.agree), "differ": list(row.differ)} for row in pairs.itertuples(index=False)]
    if args.json:
        print(json.dumps({"pairs": out}, ensure_ascii=False))
        return 0
    for pair in out:
        print(f"{pair['probability']:.3f}  {pair['status']:<9}  {pair['a']}  |  {pair['b']}  "
              f"agree: {', '.join(pair['agree']) or '-'}; differ: {', '.join(pair['differ']) or '-'}")
    print(f"{len(out)} pairs")
    return 0


def _most_precise(store, seen_by, pair: list[str]) -> str | None:
    """The more precise of the two records (location, date, quantity), as the cluster's default reference."""
    from geo.records.duplicates_view import most_precise

    rows = [store.record(record_id, seen_by) for record_id in pair]
    if any(row is None for row in rows):
        return None  # review_duplicate says "not found" without telling which
    return most_precise(*rows)
