"""Operations: ``init`` (create a store on purpose), ``backup``, ``restore``, ``check`` and ``audit verify``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.cli.common import UsageError, actor, add_db, store_of
from geo.core import settings
from geo.store import GeoPackageStore, SqlStore, StoreUnusable
from geo.store.opening import check_location


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``init``, ``backup``, ``restore``, ``check`` and ``audit verify``."""
    init_cmd = commands.add_parser("init", help="create a new, empty store (GeoPackage path or postgresql:// URL)",
                                   description="Create the store's tables at a new path (or an empty file). An "
                                               "existing Couloirs store is only checked; another application's "
                                               "database is refused and left untouched. PostGIS: run it as the "
                                               "owner role to create or upgrade the schema, with --app-role.")
    add_db(init_cmd)
    init_cmd.add_argument("--app-role", metavar="ROLE",
                          help="PostGIS: the role the app connects as, granted row privileges only (no DDL)")
    init_cmd.set_defaults(handler=init)

    backup_cmd = commands.add_parser("backup", help="copy the store to a new file while the app runs",
                                     description="A consistent snapshot of the GeoPackage store (SQLite's online "
                                                 "backup): imports may continue. PostGIS: use pg_dump (README).")
    add_db(backup_cmd)
    backup_cmd.add_argument("--out", required=True, metavar="FILE.gpkg", help="the backup file (must not exist)")
    backup_cmd.add_argument("--json", action="store_true", help="print the backup's check as JSON")
    backup_cmd.set_defaults(handler=backup)

    restore_cmd = commands.add_parser("restore", help="put a backup back in place of the store",
                                      description="Checks the backup, then copies it over the store. A store that "
                                                  "holds records or batches is replaced only with --replace. Stop "
                                                  "the app first.")
    add_db(restore_cmd)
    restore_cmd.add_argument("backup_file", metavar="FILE.gpkg")
    restore_cmd.add_argument("--replace", action="store_true", help="replace a store that holds data")
    restore_cmd.add_argument("--json", action="store_true", help="print the restored store's check as JSON")
    restore_cmd.set_defaults(handler=restore)

    check_cmd = commands.add_parser("check", help="check the store: integrity, batches, audit chain")
    add_db(check_cmd)
    check_cmd.add_argument("--json", action="store_true", help="print the check as JSON")
    check_cmd.set_defaults(handler=check)

    audit_cmd = commands.add_parser("audit", help="the audit trail: verify its hash chain")
    actions = audit_cmd.add_subparsers(dest="audit_action", required=True, parser_class=type(audit_cmd))
    verify_cmd = actions.add_parser("verify", help="report the first broken link of the audit trail's hash chain",
                                    description="Each audit event's hash covers its fields and the event before "
                                                "it. Exit 1 when a link is broken. Keep the printed head hash "
                                                "outside the database to detect removed newest events.")
    add_db(verify_cmd)
    verify_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    verify_cmd.set_defaults(handler=verify_audit)


def _geopackage(args: argparse.Namespace, command: str) -> GeoPackageStore:
    store = store_of(args)
    if not isinstance(store, GeoPackageStore):
        raise UsageError(f"{command}: the PostGIS store is backed up with pg_dump and restored with pg_restore "
                         "(README, Backups)")
    return store


def _location(args: argparse.Namespace) -> str:
    return str(args.db or settings.get("COULOIRS_DB"))


def init(args: argparse.Namespace) -> int:
    """Create the store (or find one already there)."""
    location = _location(args)
    if location.startswith(("postgresql://", "postgres://")):
        return _init_postgis(location, args.app_role)
    try:
        existed = False if "://" in location else check_location(location)
    except StoreUnusable as error:
        raise UsageError(str(error)) from error
    store = store_of(args)
    print(f"{store.location}: {'a Couloirs store already, left as it was' if existed else 'store created'}"
          f" ({store.count()} records)")
    return 0


def _init_postgis(url: str, app_role: str | None) -> int:
    """Create or upgrade the schema as the owner role; grant ``app_role`` row privileges only."""
    from geo.store.postgis import SCHEMA_VERSION, PostGISStore, redact
    from geo.store.postgis_roles import grant_app_role

    try:
        store = PostGISStore(url, migrate=True)
        try:
            with store.connect() as connection:
                findings = grant_app_role(connection, app_role) if app_role else []
        finally:
            store.close()
    except Exception as error:  # noqa: BLE001 - any failure to open is unusable input
        raise UsageError(f"init: {redact(url)}: {redact(str(error))}") from error
    granted = f"; role {app_role!r} may read and write rows only" if app_role else \
        " (no --app-role: no privileges granted)"
    print(f"{redact(url)}: schema at version {SCHEMA_VERSION}{granted}")
    for finding in findings:
        print(f"warning: {finding}", file=sys.stderr)
    return 0


def backup(args: argparse.Namespace) -> int:
    """Copy the store to ``--out``; print the copy's check."""
    from geo.store import backup as backups

    store = _geopackage(args, "backup")
    try:
        found = backups.backup(store, args.out)
    except StoreUnusable as error:
        raise UsageError(str(error)) from error
    store.record_audit(actor(), "backup", target=Path(args.out).name, records=found.records)
    return _report(found, args.json)


def restore(args: argparse.Namespace) -> int:
    """Copy a checked backup over the store."""
    from geo.store import backup as backups

    location = _location(args)
    if "://" in location:
        raise UsageError("restore: the PostGIS store is restored with pg_restore (README, Backups)")
    try:
        found = backups.restore(args.backup_file, GeoPackageStore(location), replace=args.replace)
    except StoreUnusable as error:
        raise UsageError(str(error)) from error
    GeoPackageStore(location).record_audit(actor(), "restore", target=Path(args.backup_file).name,
                                           records=found.records)
    return _report(found, args.json)


def check(args: argparse.Namespace) -> int:
    """Check the store; exit 1 when it has problems."""
    from geo.store import backup as backups

    return _report(backups.check(_geopackage(args, "check")), args.json)


def verify_audit(args: argparse.Namespace) -> int:
    """Verify the audit chain; exit 1 at a broken link."""
    store: SqlStore = store_of(args)
    report = store.verify_audit()
    if args.json:
        print(json.dumps(report.as_json()))
    elif report.intact:
        print(f"audit trail intact: {report.events} events ({report.unchained} from before the chain); "
              f"head {report.head}")
    else:
        print(f"audit trail BROKEN at event {report.broken_at}: {report.reason}")
    return 0 if report.intact else 1


def _report(found, as_json: bool) -> int:
    if as_json:
        print(json.dumps(found.as_json()))
    else:
        state = "ok" if found.ok else "PROBLEMS: " + "; ".join(found.problems)
        print(f"{found.location}: {found.records} records in {found.batches} batches, {found.audit_events} audit "
              f"events, {state}")
    return 0 if found.ok else 1
