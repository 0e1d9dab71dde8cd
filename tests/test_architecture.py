"""The layering the design card fixes: geo/ is plain Python, pages are thin."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEO_MODULES = sorted((ROOT / "geo").glob("*.py"))
PAGES = sorted((ROOT / "pages").glob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", GEO_MODULES, ids=lambda p: p.name)
def test_geo_never_imports_streamlit(path):
    assert not {"streamlit", "streamlit_folium", "pages"} & _imports(path)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_hold_no_loops_and_stay_short(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    loops = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.For | ast.While)]
    assert loops == [], f"{path.name}: loops at lines {loops} belong in geo/"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 150
