"""Official annual totals on the command line: ``totals`` (the stored figures) and ``export --totals``.

Totals are imported with ``import`` (recognised by their columns, or ``--kind totals``: :mod:`geo.ingest.totals`)
and read here exactly as stored, with the common filters: ``--country``, ``--substance``, ``--from``/``--to``
(a year is kept when any day of it lies in the period) and ``--as`` (the records' visibility rule).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import pandas as pd

from geo.cli.common import UsageError, add_db, add_filters, audit_output, record_filter, store_of, viewer

# The fields of one total in ``totals --json`` and in an export, in this order.
FIELDS = ("country", "year", "substance", "label", "kg", "cases", "source")
EXPORT_FORMATS = ("csv", "xlsx")


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``totals``."""
    totals_cmd = commands.add_parser("totals", help="official annual totals (country x year x drug), as stored",
                                     description="The official annual totals the filters select, exactly as "
                                                 "imported (one row per country, year and drug label).")
    add_db(totals_cmd)
    add_filters(totals_cmd)
    totals_cmd.add_argument("--json", action="store_true", help='print {"rows": [...]}')
    totals_cmd.set_defaults(handler=show)


def selected(args: argparse.Namespace):
    """The store, the filter (with its viewer) and the totals it selects."""
    store = store_of(args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    return store, chosen, store.read_totals(chosen.viewer, chosen)


def rows_of(totals: pd.DataFrame) -> list[dict]:
    """Totals as plain dicts (:data:`FIELDS`), missing case counts as ``None``."""
    return [{"country": row.country, "year": int(row.year), "substance": row.substance, "label": row.label,
             "kg": float(row.kg), "cases": None if pd.isna(row.cases) else int(row.cases),
             "source": None if pd.isna(row.source) else row.source}
            for row in totals.loc[:, list(FIELDS)].itertuples(index=False)]


def show(args: argparse.Namespace) -> int:
    """The selected totals as JSON or as lines of text."""
    _, _, totals = selected(args)
    rows = rows_of(totals)
    if args.json:
        print(json.dumps({"rows": rows}, ensure_ascii=False, sort_keys=True))
        return 0
    for row in rows:
        cases = "" if row["cases"] is None else f" {row['cases']} cases"
        print(f"{row['country']} {row['year']} {row['substance']:<24} {row['kg']:>14,.1f} kg{cases}  {row['label']}")
    print(f"{len(rows)} totals", file=sys.stderr)
    return 0


def export(args: argparse.Namespace) -> int:
    """``export --totals --out FILE.csv|.xlsx``: the selected totals, formulas neutralised."""
    from geo.records import exports

    fmt = Path(args.out).suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS or args.format not in (None, fmt):
        raise UsageError(f"--out {args.out}: totals are exported as .csv or .xlsx")
    store, chosen, totals = selected(args)
    table = pd.DataFrame(rows_of(totals), columns=list(FIELDS))
    table["cases"] = table["cases"].astype("Int64")
    Path(args.out).write_bytes(exports.table_bytes(table, fmt, sheet_name="totals"))
    audit_output(store, args, "export", chosen, len(table))
    print(f"{len(table)} totals written to {args.out}", file=sys.stderr)
    return 0
