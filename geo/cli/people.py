"""``user``: let a person sign in, with an agency, a role and a clearance."""

from __future__ import annotations

import argparse
import sys

from geo import access
from geo.cli.common import UsageError, actor, add_db, store_of


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``user``."""
    user_cmd = commands.add_parser(
        "user", help="let a person sign in: agency, role and clearance (first administrator, or any change)",
        description="Add or change the person signing in with EMAIL (matched on the identity's e-mail). "
                    "The agency is registered when unknown. Recorded in the audit trail.")
    add_db(user_cmd)
    user_cmd.add_argument("email", help="the e-mail the identity provider gives for this person")
    user_cmd.add_argument("--agency", metavar="ID", required=True, help="the person's agency")
    user_cmd.add_argument("--role", choices=access.ROLES, required=True,
                          help="viewer (reads), analyst (also imports), admin (also administers)")
    user_cmd.add_argument("--clearance", choices=access.CLEARANCES, default="restricted",
                          help="highest sensitivity the person may read (default restricted)")
    user_cmd.add_argument("--name", help="display name")
    user_cmd.add_argument("--inactive", action="store_true", help="keep the person but refuse their sign-in")
    user_cmd.set_defaults(handler=user)


def user(args: argparse.Namespace) -> int:
    """Add or change the person; the agency is registered when unknown."""
    store = store_of(args)
    try:
        store.ensure_agency(actor(), args.agency)
        store.save_user(actor(), args.email, args.agency, args.role, args.clearance, name=args.name,
                        active=not args.inactive)
    except ValueError as error:
        raise UsageError(str(error)) from error
    print(f"{args.email.lower()}: {args.role} of {args.agency}, cleared to {args.clearance}"
          f"{' (inactive)' if args.inactive else ''}", file=sys.stderr)
    return 0
