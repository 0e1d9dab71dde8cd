"""Pages are thin: they read widgets, call geo and render (the layers of geo/ are tests/test_layers.py)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").glob("*.py"))
MAX_PAGE_LINES = 150


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_hold_no_loops_and_stay_short(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    loops = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.For | ast.While)]
    assert loops == [], f"{path.name}: loops at lines {loops} belong in geo/"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_PAGE_LINES


def test_pages_hold_only_pages():
    """Helpers live in ui/: Streamlit's legacy routing would list any script in pages/ as a page."""
    assert [path.name for path in PAGES if path.name.startswith("_")] == []
