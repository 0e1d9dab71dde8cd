"""``hotspots``: emerging hot spots (Gi* per period, Mann-Kendall trend) of the records the filters select."""

from __future__ import annotations

import argparse
import json

from geo.cli.common import add_db, add_filters, record_filter, store_of, viewer


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``hotspots`` command."""
    cmd = commands.add_parser(
        "hotspots", help="emerging hot spots per H3 cell (Getis-Ord Gi*, Mann-Kendall)",
        description="Classify the map's H3 cells into ESRI's emerging hot spot categories: Getis-Ord Gi* of the "
                    "seizures in each period (--granularity), then a Mann-Kendall trend test on each cell's z series.")
    add_db(cmd)
    add_filters(cmd)
    cmd.add_argument("--resolution", type=int, default=None, choices=range(0, 8), metavar="0-7",
                     help="H3 resolution of the cells (default 3, the map's overview hexagons)")
    cmd.add_argument("--json", action="store_true", help="print one JSON object")
    cmd.set_defaults(handler=hotspots)


def hotspots(args: argparse.Namespace) -> int:
    """Print every cell with a seizure or a category: ``{"cells": [{"h3", "category", "z", "p", …}]}``."""
    import dataclasses

    from geo.analysis import hotspots as method

    store = store_of(args)
    chosen = dataclasses.replace(record_filter(args), viewer=viewer(store, args))
    records = store.query(chosen)
    resolution = method.RESOLUTION if args.resolution is None else args.resolution
    cells = method.emerging_hotspots(records, args.granularity, resolution)
    if args.json:
        print(json.dumps(method.as_json(cells), ensure_ascii=False, sort_keys=True))
        return 0
    periods = cells.attrs.get("periods", ())
    print(f"cells: {len(cells)} over {len(periods)} periods ({periods[0]}..{periods[-1]})" if periods else "cells: 0")
    for row in cells.loc[cells["category"] != "none"].itertuples(index=False):
        print(f"  {row.h3}  {row.category:<13} z {row.z:>7.2f}  p {row.p:.3f}  tau {row.trend_tau:>6.2f}"
              f"  trend p {row.trend_p:.3f}  {row.cases} seizures")
    return 0
