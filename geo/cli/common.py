"""What every subcommand shares: one-line usage errors, the store and filter options, the viewer, the audit."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from geo.access import Actor, Viewer, identity
from geo.core import periods, schema, settings
from geo.core.filters import RecordFilter
from geo.reference import countries
from geo.store import SqlStore, open_store


class UsageError(Exception):
    """Unusable input: reported on one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError` (one line, status 2), never a usage dump."""

    def error(self, message: str) -> None:  # noqa: D102 - argparse's hook
        raise UsageError(message)


def add_db(parser: argparse.ArgumentParser) -> None:
    """The ``--db`` option."""
    parser.add_argument("--db", default=None,
                        help="store location (GeoPackage path or postgresql:// URL); default $COULOIRS_DB or "
                             "data/couloirs.gpkg")


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The record filters every reading command takes, and ``--as``."""
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


def viewer(store: SqlStore, args: argparse.Namespace) -> Viewer:
    """Whom the output is for: ``--as AGENCY`` (with the agreements in force), else the administrator."""
    if not args.viewer:
        return Viewer.administrator()
    if not store.find_agency(args.viewer):
        raise UsageError(f"--as {args.viewer}: unknown agency; known: {', '.join(store.agencies()['agency'])}")
    return store.viewer_for(args.viewer)


def actor() -> Actor:
    """The command line acts as an administrator named after the login."""
    return Actor.command_line(getpass.getuser())


def audit_output(store: SqlStore, args: argparse.Namespace, action: str, chosen: RecordFilter,
                 records: int) -> None:
    """Every file the command line writes is in the audit trail, with the filters and whom it was for."""
    store.record_audit(actor(), action, target=Path(args.out).name, records=records,
                       filters=identity.audit_filters(chosen))


def store_of(args: argparse.Namespace) -> SqlStore:
    """The store ``--db`` (or the setting) names; any failure to open it is unusable input."""
    location = args.db or settings.get("COULOIRS_DB")
    try:
        return open_store(location)
    except Exception as error:  # noqa: BLE001 - any failure to open is unusable input
        from geo.store.postgis import redact  # psycopg loads only for a PostGIS store or this message

        raise UsageError(f"cannot open store {redact(str(location))}: {redact(str(error))}") from error
