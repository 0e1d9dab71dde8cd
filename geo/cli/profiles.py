"""``profile``: an agency's saved mapping profiles (``list``, ``show``, ``remove``).

Also what ``import`` needs of them: ``--profile`` loads one, ``--save-profile`` saves the mapping used.
"""

from __future__ import annotations

import argparse
import json
import sys

from geo.cli.common import UsageError, actor, add_db, store_of


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``profile list``, ``profile show`` and ``profile remove``."""
    profile_cmd = commands.add_parser("profile", help="saved mapping profiles, per agency: list, show, remove",
                                      description="A mapping profile is an agency's column mapping saved under a "
                                                  "name (import --save-profile) and reused (import --profile).")
    actions = profile_cmd.add_subparsers(dest="profile_action", required=True, parser_class=type(profile_cmd))
    list_cmd = actions.add_parser("list", help="the saved profiles, by agency and name")
    add_db(list_cmd)
    list_cmd.add_argument("--agency", metavar="ID", help="one agency's profiles")
    list_cmd.add_argument("--json", action="store_true", help="print a JSON list")
    list_cmd.set_defaults(handler=list_profiles)

    show_cmd = actions.add_parser("show", help="one profile: its settings and the headers it was saved from")
    add_db(show_cmd)
    show_cmd.add_argument("name")
    show_cmd.add_argument("--agency", metavar="ID", required=True)
    show_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    show_cmd.set_defaults(handler=show_profile)

    remove_cmd = actions.add_parser("remove", help="remove one profile (recorded in the audit trail)")
    add_db(remove_cmd)
    remove_cmd.add_argument("name")
    remove_cmd.add_argument("--agency", metavar="ID", required=True)
    remove_cmd.set_defaults(handler=remove_profile)


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """``import --profile`` and ``--save-profile``."""
    parser.add_argument("--profile", metavar="NAME",
                        help="use the agency's saved mapping profile NAME (needs --agency)")
    parser.add_argument("--save-profile", metavar="NAME",
                        help="after the import, save the mapping used as the agency's profile NAME (needs --agency;"
                             " replaces a profile of that name)")


def _jsonable(row: dict) -> dict:
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def _unknown(store, agency: str, name: str) -> UsageError:
    names = list(store.mapping_profiles(actor(), agency)["name"])
    return UsageError(f"profile {name!r}: agency {agency} has no profile of that name; its profiles: "
                      f"{', '.join(names) if names else '(none)'}")


def loaded(store, args: argparse.Namespace, headers: list[str]):
    """The column mapping of ``--profile`` fitted to the file's ``headers``, or ``None`` without ``--profile``."""
    from geo.ingest import profiles
    from geo.ingest.mapping import validate_mapping

    for option in ("profile", "save_profile"):
        if getattr(args, option) and not args.agency:
            raise UsageError(f"--{option.replace('_', '-')} needs --agency (profiles belong to an agency)")
    if not args.profile:
        return None
    found = store.mapping_profile(actor(), args.agency, args.profile)
    if found is None:
        raise _unknown(store, args.agency, args.profile)
    try:
        mapping = profiles.mapping_of(found["settings"], headers)
    except profiles.BadProfile as error:
        raise UsageError(str(error)) from error
    missing = [h for h in mapping.fields if h not in headers]
    if missing:
        raise UsageError(f"--profile {args.profile}: column {missing[0]!r} is not in the file; "
                         + "; ".join(validate_mapping(mapping, headers, lang=args.lang)))
    return mapping


def save_used(store, args: argparse.Namespace, mapping, headers: list[str]) -> None:
    """``--save-profile``: the mapping actually used, under the name given, for the agency."""
    from geo.ingest import profiles

    if not args.save_profile:
        return
    settings = profiles.settings_of(mapping)
    if args.profile:  # keep what the loaded profile holds beyond the column mapping (a newer version's keys)
        settings = {**store.mapping_profile(actor(), args.agency, args.profile)["settings"], **settings}
    try:
        store.save_mapping_profile(actor(), args.agency, args.save_profile, settings, headers)
    except ValueError as error:
        raise UsageError(str(error)) from error
    print(f"mapping saved as profile {args.save_profile!r} of {args.agency}", file=sys.stderr)


def list_profiles(args: argparse.Namespace) -> int:
    """The profiles, by agency then name."""
    store = store_of(args)
    frame = store.mapping_profiles(actor(), args.agency)
    rows = [_jsonable(r) for r in frame.to_dict(orient="records")]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        mapped = sum(1 for f in row["settings"].get("fields", {}).values() if f)
        print(f"{row['agency']:<14} {row['name']:<30} {mapped} columns mapped  saved {row['updated_at'][:19]}"
              f" by {row['created_by']}")
    return 0


def show_profile(args: argparse.Namespace) -> int:
    """One profile, with its settings and headers."""
    store = store_of(args)
    found = store.mapping_profile(actor(), args.agency, args.name)
    if found is None:
        raise _unknown(store, args.agency, args.name)
    if args.json:
        print(json.dumps(_jsonable(found), ensure_ascii=False, sort_keys=True))
        return 0
    print(f"profile {found['name']} of {found['agency']}, saved {found['updated_at'][:19]} by {found['created_by']}")
    for header, name in found["settings"].get("fields", {}).items():
        print(f"  {header} -> {name or '(not imported)'}")
    if found["settings"].get("default_unit"):
        print(f"  default unit: {found['settings']['default_unit']}")
    return 0


def remove_profile(args: argparse.Namespace) -> int:
    """Remove one profile."""
    from geo.store.base import UnknownProfile

    store = store_of(args)
    try:
        store.remove_mapping_profile(actor(), args.agency, args.name)
    except UnknownProfile as error:
        raise _unknown(store, args.agency, args.name) from error
    print(f"profile {args.name!r} of {args.agency} removed", file=sys.stderr)
    return 0
