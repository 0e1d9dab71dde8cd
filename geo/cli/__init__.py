"""``python -m geo``: the command-line face of the Couloirs core.

One module per group of subcommands, each registering its parsers; a subcommand imports what it needs when it
runs, so ``--help`` and the light commands do not pay for maps, charts and briefings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from geo.cli import batches, briefing, duplicates, hotspots, importing, operations, people, profiles, records, totals
from geo.cli.common import Parser, UsageError

__all__ = ["UsageError", "build_parser", "main", "run"]
COMMAND_GROUPS = (importing, records, hotspots, briefing, people, batches, profiles, operations, totals, duplicates)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = Parser(prog="python -m geo", description="Couloirs: drug seizure records for West Africa and the Sahel.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def run(args: argparse.Namespace) -> int:
    """Execute a parsed command; return the exit status."""
    return args.handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse ``argv`` and run; unusable input exits 2 with one line on stderr."""
    try:
        return run(build_parser().parse_args(argv))
    except UsageError as error:
        print(f"python -m geo: error: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        from geo.maps.assets import MissingAssets  # imported only on failure: --help stays light

        if not isinstance(error, MissingAssets):
            raise
        print(f"python -m geo: error: {error}", file=sys.stderr)  # one line naming the fix, not a traceback
        return 2
