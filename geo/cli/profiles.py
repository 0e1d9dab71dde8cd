"""``profile``: an agency's saved mapping profiles (``list``, ``show``, ``remove``).

Also what ``import`` needs of them: ``--profile`` loads one (options on top), ``--save-profile`` saves the
settings used.
"""

from __future__ import annotations

import argparse
import json
import sys

from geo.cli.common import UsageError, actor, add_db, store_of


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``profile list``, ``profile show`` and ``profile remove``."""
    profile_cmd = commands.add_parser("profile", help="saved mapping profiles, per agency: list, show, remove",
                                      description="A mapping profile is an agency's import settings (column mapping, "
                                                  "value mappings, constants, fiscal year start) saved under a "
                                                  "name (import --save-profile, or the Import page) and reused "
                                                  "(import --profile, or the Import page).")
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
                        help="use the agency's saved profile NAME (needs --agency); --map, --value, --set and "
                             "--fiscal-year-start given too apply on top of it")
    parser.add_argument("--save-profile", metavar="NAME",
                        help="save the settings used (columns, --value, --set, --fiscal-year-start) as the agency's "
                             "profile NAME (needs --agency; replaces a profile of that name); with --dry-run only "
                             "the profile is written")


def _jsonable(row: dict) -> dict:
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def _unknown(store, agency: str, name: str) -> UsageError:
    names = list(store.mapping_profiles(actor(), agency)["name"])
    return UsageError(f"profile {name!r}: agency {agency} has no profile of that name; its profiles: "
                      f"{', '.join(names) if names else '(none)'}")


def loaded(store, args: argparse.Namespace, headers: list[str], options):
    """The import settings: ``--profile``'s (fitted to the file's ``headers``) with the options given on top.

    ``options`` is the :class:`~geo.ingest.settings.ImportSettings` of ``--map/--value/--set/--fiscal-year-start``;
    it is returned as it is without ``--profile``.
    """
    from geo.ingest import profiles
    from geo.ingest.mapping import validate_mapping

    for option in ("profile", "save_profile"):
        if getattr(args, option) and not args.agency:
            raise UsageError(f"--{option.replace('_', '-')} needs --agency (profiles belong to an agency)")
    if not args.profile:
        return options
    found = store.mapping_profile(actor(), args.agency, args.profile)
    if found is None:
        raise _unknown(store, args.agency, args.profile)
    try:
        saved = profiles.fitted(profiles.read_settings(found["settings"]), headers)
    except profiles.BadProfile as error:
        raise UsageError(f"--profile {args.profile}: {error}") from error
    missing = [h for h in saved.columns if h not in headers]
    if missing:
        mapping = profiles.mapping_of(found["settings"], headers)
        raise UsageError(f"--profile {args.profile}: column {missing[0]!r} is not in the file; "
                         + "; ".join(validate_mapping(mapping, headers, lang=args.lang)))
    return saved.merged(options)


def save_used(store, args: argparse.Namespace, settings, headers: list[str]) -> None:
    """``--save-profile``: the settings actually used (every column's field, values, constants, fiscal year).

    A dry run saves too (the profile only: no record, batch or quarantine row), so that settings tried with
    ``--dry-run`` can be kept once the sum looks right, before the first real import.
    """
    from geo.ingest import profiles
    from geo.ingest.mapping import suggest_mapping

    if not args.save_profile:
        return
    used = settings.apply(suggest_mapping(headers))
    try:
        store.save_mapping_profile(actor(), args.agency, args.save_profile, profiles.settings_of(used, settings),
                                   headers)
    except ValueError as error:
        raise UsageError(str(error)) from error
    done = " (dry run: only the profile was written)" if getattr(args, "dry_run", False) else ""
    print(f"settings saved as profile {args.save_profile!r} of {args.agency}{done}", file=sys.stderr)


def list_profiles(args: argparse.Namespace) -> int:
    """The profiles, by agency then name."""
    store = store_of(args)
    frame = store.mapping_profiles(actor(), args.agency)
    rows = [_jsonable(r) for r in frame.to_dict(orient="records")]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        settings = row["settings"].get("columns", row["settings"].get("fields", {}))
        mapped = sum(1 for f in settings.values() if f)
        print(f"{row['agency']:<14} {row['name']:<30} {mapped} columns mapped  saved {row['updated_at'][:19]}"
              f" by {row['created_by']}")
    return 0


def show_profile(args: argparse.Namespace) -> int:
    """One profile, with its settings and headers."""
    from geo.ingest import profiles

    store = store_of(args)
    found = store.mapping_profile(actor(), args.agency, args.name)
    if found is None:
        raise _unknown(store, args.agency, args.name)
    if args.json:
        print(json.dumps(_jsonable(found), ensure_ascii=False, sort_keys=True))
        return 0
    print(f"profile {found['name']} of {found['agency']}, saved {found['updated_at'][:19]} by {found['created_by']}")
    try:
        settings = profiles.read_settings(found["settings"])
    except profiles.BadProfile as error:
        raise UsageError(str(error)) from error
    for header, name in settings.columns.items():
        print(f"  {header} -> {name or '(not imported)'}")
    if settings.default_unit:
        print(f"  default unit: {settings.default_unit}")
    for name, table in settings.values.items():
        print("".join(f"  value {name}: {text} = {target}\n" for text, target in table.items()), end="")
    for name, value in settings.constants.items():
        print(f"  every row: {name} = {value}")
    if settings.fiscal_year_start:
        print(f"  fiscal year starts in month {settings.fiscal_year_start}")
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
