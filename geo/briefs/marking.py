"""The classification banner of a briefing file: when it appears and how an HTML map carries it.

A file is marked exactly when a record marked restricted or confidential is in what it shows (the
one-pager and the deck: both of its windows; the HTML map: its window; the animation: its periods),
with the strictest level found. The open demo sees records marked public only
(:func:`geo.access.sql_clause`), so nothing it makes is ever marked.
"""

from __future__ import annotations

import html

import pandas as pd

from geo.core import schema

BANNERS = {"restricted": "DIFFUSION RESTREINTE / RESTRICTED", "confidential": "CONFIDENTIEL / CONFIDENTIAL"}
BANNER_RED = "#b71c1c"


def highest_sensitivity(records: pd.DataFrame) -> str | None:
    """The most sensitive level among ``records``; ``None`` when every one is public (or there are none).

    A level the schema does not know counts as the strictest, as the store's rule treats it.

    >>> highest_sensitivity(pd.DataFrame({"sensitivity": ["public", "restricted", "public"]}))
    'restricted'
    >>> highest_sensitivity(pd.DataFrame({"sensitivity": ["public"]})) is None
    True
    """
    # unique() first: iterating 200,000 Arrow strings in Python cost ~1 s of a briefing at 1M records (issue 16)
    levels = set(records["sensitivity"].dropna().unique()) if "sensitivity" in records else set()
    if levels - set(schema.SENSITIVITIES):
        return "confidential"
    worst = [level for level in schema.SENSITIVITIES if level in levels]
    return worst[-1] if worst and worst[-1] != "public" else None


def banner_for(records: pd.DataFrame) -> str | None:
    """The banner text for ``records`` ("CONFIDENTIEL / CONFIDENTIAL"), ``None`` when all are public."""
    return BANNERS.get(highest_sensitivity(records) or "")


def mark_html(page: str, banner: str | None) -> str:
    """``page`` (a whole HTML document) with ``banner`` fixed at its top and bottom; unchanged without one.

    The banner sits above the map (``z-index``) so that no layer or control hides it, and stays
    on screen as the page scrolls, as a marked document is stamped on every page.
    """
    if not banner:
        return page
    style = (f"position:fixed;left:50%;transform:translateX(-50%);z-index:100000;background:#ffffff;"
             f"color:{BANNER_RED};font:bold 15px sans-serif;padding:2px 10px;border:2px solid {BANNER_RED};"
             "pointer-events:none")
    text = html.escape(banner)
    stamps = (f'<div class="cl-banner" style="{style};top:4px">{text}</div>'
              f'<div class="cl-banner" style="{style};bottom:4px">{text}</div>')
    head, body, rest = page.partition("<body>")
    if not body:  # no <body> tag: a fragment, stamped before and after
        return stamps + page
    return f"{head}<body>{stamps}{rest}"
