"""``batch``: the batch log (``list``, ``show``) and undoing an import (``remove``)."""

from __future__ import annotations

import argparse
import json
import sys

from geo.access import Actor
from geo.cli.common import UsageError, actor, add_db, store_of

LIST_COLUMNS = ("batch_id", "kind", "file_name", "agency", "created_by", "created_at", "rows", "accepted",
                "quarantined", "duplicates", "removed", "removed_at", "removed_by")


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``batch list``, ``batch show`` and ``batch remove``."""
    batch_cmd = commands.add_parser("batch", help="the import batches: list, show, remove (undo an import)",
                                    description="Each import is one batch. Removing a batch deletes its records "
                                                "and quarantined rows; the batch and its file stay, marked removed.")
    actions = batch_cmd.add_subparsers(dest="batch_action", required=True, parser_class=type(batch_cmd))
    list_cmd = actions.add_parser("list", help="the batch log, newest first")
    add_db(list_cmd)
    list_cmd.add_argument("--agency", metavar="ID", help="one agency's batches")
    list_cmd.add_argument("--json", action="store_true", help="print a JSON list")
    list_cmd.set_defaults(handler=list_batches)

    show_cmd = actions.add_parser("show", help="one batch and its quarantine reasons")
    add_db(show_cmd)
    show_cmd.add_argument("batch_id", metavar="ID")
    show_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    show_cmd.set_defaults(handler=show_batch)

    remove_cmd = actions.add_parser("remove", help="undo an import: delete its records and quarantined rows",
                                    description="Delete the batch's records and quarantined rows in one "
                                                "transaction. The owner agency's analysts or an administrator may. "
                                                "Recorded in the audit trail; the file may then be imported again.")
    add_db(remove_cmd)
    remove_cmd.add_argument("batch_id", metavar="ID")
    remove_cmd.add_argument("--as-user", metavar="EMAIL",
                            help="act as this registered person (default: the command line's administrator)")
    remove_cmd.set_defaults(handler=remove_batch)


def _rows(frame) -> list[dict]:
    frame = frame.assign(removed=frame["removed_at"].notna())
    frame = frame.astype(object).where(frame.notna(), None)
    return [{c: (v.item() if hasattr(v, "item") else v) for c, v in row.items()}
            for row in frame.loc[:, list(LIST_COLUMNS)].to_dict(orient="records")]


def list_batches(args: argparse.Namespace) -> int:
    """The batch log, newest first."""
    store = store_of(args)
    rows = _rows(store.batches(args.agency))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        removed = f"removed {row['removed_at']} by {row['removed_by']}" if row["removed"] else "kept"
        print(f"{row['batch_id']}  {row['created_at'][:19]}  {row['kind']:<6} {row['agency'] or '-':<12} "
              f"{row['file_name'] or '-'}  {row['created_by']}  rows {row['rows']}: {row['accepted']} accepted, "
              f"{row['quarantined']} quarantined, {row['duplicates']} duplicates  {removed}")
    return 0


def _found(store, batch_id: str) -> dict:
    found = store.batch(batch_id)
    if found is None:
        raise UsageError(f"batch {batch_id}: unknown (python -m geo batch list shows the ids)")
    return found


def show_batch(args: argparse.Namespace) -> int:
    """One batch and how many rows each reason held back."""
    store = store_of(args)
    found = _found(store, args.batch_id)
    reasons = store.batch_reasons(args.batch_id)
    shown = {**{c: found.get(c) for c in LIST_COLUMNS if c != "removed"}, "removed": found["removed_at"] is not None,
             "sha256": found.get("sha256"), "sensitivity": found.get("sensitivity"),
             "reasons": [{"code": r.code, "field": r.field, "rows": int(r.rows)} for r in reasons.itertuples()]}
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, sort_keys=True))
        return 0
    for key, value in shown.items():
        if key != "reasons":
            print(f"{key}: {value}")
    for reason in shown["reasons"]:
        print(f"  {reason['rows']:>6}  {reason['code']}  ({reason['field'] or '-'})")
    return 0


def _acting(store, email: str | None) -> Actor:
    if not email:
        return actor()
    person = store.find_user(email=email)
    if person is None or not person.get("active", True):
        raise UsageError(f"--as-user {email}: no active person of that e-mail")
    return Actor(person["email"], person["agency"], person["role"])


def remove_batch(args: argparse.Namespace) -> int:
    """Undo an import; the counts removed printed."""
    from geo.store.base import AccessDenied

    store = store_of(args)
    _found(store, args.batch_id)
    try:
        removal = store.remove_batch(_acting(store, args.as_user), args.batch_id)
    except (AccessDenied, ValueError) as error:
        raise UsageError(str(error)) from error
    print(f"batch {removal.batch_id} removed: {removal.records} records and {removal.quarantined} quarantined rows"
          " deleted", file=sys.stderr)
    return 0
