"""Offline checks on HTML: the app and its exports must fetch nothing from another host."""

from __future__ import annotations

import re

EXTERNAL_LOAD = re.compile(
    r"""<script[^>]+src=["'](?:https?:)?//|<link[^>]+href=["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def external_loads(html: str) -> list[str]:
    """Every place where a page would fetch a script, stylesheet, font or image from another host."""
    return [html[m.start(): m.start() + 120] for m in EXTERNAL_LOAD.finditer(html)]
