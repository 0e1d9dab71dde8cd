"""The layers of geo/ (docs/architecture.md): data flows one way, and a lower layer never imports a higher one.

Every ``import`` in every module under geo/ is walked with ``ast`` (imports inside functions too), in the spirit of
import-linter. A module's layer is that of the longest entry of ``LAYERS`` its dotted name starts with.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"

# Bottom to top. Packages in one layer may import each other, as long as no two of them import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("geo.core", "geo.reference", "geo.i18n"),
    ("geo.access",),
    ("geo.store", "geo.ingest", "geo.demo"),
    # The Administration page's tables and forms change agencies, users and agreements through a store.
    ("geo.analysis", "geo.access.administration"),
    ("geo.maps", "geo.trends", "geo.records"),
    ("geo.briefs",),
    ("geo.cli", "geo.__main__"),
)
# Within a layer, only these imports (from, to): trends, for instance, may not take logic from the map renderers.
SIDEWAYS = {
    ("geo.core", "geo.reference"),  # the view state checks country codes
    ("geo.ingest", "geo.store"),  # the pipeline writes one batch per file
    ("geo.store", "geo.demo"),  # the first start seeds the demo set
    ("geo.__main__", "geo.cli"),
}
# Renderers never open a store: they are given records.
RENDERERS = ("geo.maps", "geo.briefs", "geo.trends", "geo.records")
STREAMLIT = {"streamlit", "streamlit_folium", "pages", "ui"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(GEO.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, as dotted names (``from geo.x import y`` gives geo.x.y when y is a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names
                         if f"{node.module}.{alias.name}" in MODULES)
    return names


def layer_of(module: str) -> tuple[int, str] | None:
    """The layer index and the matching entry of ``module`` (longest prefix wins)."""
    found = [(len(entry), index, entry) for index, layer in enumerate(LAYERS) for entry in layer
             if module == entry or module.startswith(entry + ".")]
    if not found:
        return None
    _, index, entry = max(found)
    return index, entry


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_every_module_has_a_layer():
    assert [name for name in MODULES if name != "geo" and layer_of(name) is None] == []


def test_geo_has_few_top_level_modules():
    assert len(list(GEO.glob("*.py"))) <= 6


def test_no_module_is_over_450_lines():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in lengths.items() if n > 450} == {}


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_imports_run_downwards(module):
    own = layer_of(module)
    if own is None:
        return
    upward = []
    for target in imported(MODULES[module]):
        other = layer_of(target) if target.startswith("geo.") else None
        if other is not None and other[0] > own[0]:
            upward.append(f"{target} (layer {other[0]}) from layer {own[0]}")
    assert upward == [], f"{module} imports a higher layer"


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_imports_within_a_layer_are_the_declared_ones(module):
    own = layer_of(module)
    if own is None:
        return
    sideways = {(own[1], other[1]) for target in imported(MODULES[module]) if target.startswith("geo.")
                and (other := layer_of(target)) and other[0] == own[0] and other[1] != own[1]}
    assert sideways - SIDEWAYS == set()


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_geo_never_imports_streamlit(module):
    top_levels = {name.split(".")[0] for name in imported(MODULES[module])}
    assert not STREAMLIT & top_levels


@pytest.mark.parametrize("module", sorted(name for name in MODULES if name.startswith(RENDERERS)), ids=str)
def test_renderers_never_open_the_store(module):
    assert not {name for name in imported(MODULES[module]) if name.startswith("geo.store")}


def test_no_two_packages_of_a_layer_import_each_other():
    edges = {(package_of(module), package_of(target)) for module, path in MODULES.items()
             for target in imported(path) if target.startswith("geo.") and package_of(target) != package_of(module)}
    both_ways = sorted({tuple(sorted(pair)) for pair in itertools.product({a for a, _ in edges}, repeat=2)
                        if pair in edges and pair[::-1] in edges and pair[0] != pair[1]})
    # geo.access.administration sits above the store that imports geo.access's policy: a module-level exception
    assert [pair for pair in both_ways if pair != ("geo.access", "geo.store")] == []


def test_the_layer_test_sees_an_upward_edge(tmp_path):
    """The walk finds imports inside functions too (a test that could fail)."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from geo.briefs import content\n", encoding="utf-8")
    assert "geo.briefs.content" in imported(sample)
    assert layer_of("geo.briefs.content")[0] > layer_of("geo.core.schema")[0]
