"""Every bilingual text has both languages: French and English are first-class, nothing falls back silently.

Tables are found, not listed: any mapping in any geo module whose entries are ``{"fr": ..., "en": ...}``
(directly, or one level down) is checked, so a new table is covered the day it is written.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping

import pytest

import geo
from geo import i18n

LANGS = set(i18n.LANGUAGES)
PLACEHOLDER = re.compile(r"(?<!{){(\w*)[^{}]*}(?!})")


def geo_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(geo.__path__, "geo.")
                  if not info.name.endswith("__main__"))


def is_texts(value: object) -> bool:
    return (isinstance(value, Mapping) and bool(value) and set(value) <= LANGS
            and all(isinstance(text, str) for text in value.values()))


def bilingual_entries(module_name: str) -> Iterator[tuple[str, Mapping]]:
    module = importlib.import_module(module_name)
    for name, table in vars(module).items():
        if not isinstance(table, Mapping) or getattr(table, "__module__", None):
            continue
        if is_texts(table):
            yield f"{module_name}.{name}", table
            continue
        for key, value in table.items():
            if is_texts(value):
                yield f"{module_name}.{name}[{key!r}]", value
            elif isinstance(value, Mapping):
                yield from ((f"{module_name}.{name}[{key!r}][{inner!r}]", texts)
                            for inner, texts in value.items() if is_texts(texts))


ENTRIES = {module: dict(bilingual_entries(module)) for module in geo_modules()}


def test_the_tables_are_found():
    assert any(label.startswith("geo.i18n.translate.STRINGS[") for label in ENTRIES["geo.i18n.translate"])
    assert sum(map(len, ENTRIES.values())) > 300


def problems(label: str, texts: Mapping) -> list[str]:
    missing = [lang for lang in sorted(LANGS) if not isinstance(texts.get(lang), str) or not texts[lang].strip()]
    if missing:
        return [f"{label}: no text in {missing}"]
    if set(PLACEHOLDER.findall(texts["fr"])) != set(PLACEHOLDER.findall(texts["en"])):
        return [f"{label}: placeholders differ"]
    return []


@pytest.mark.parametrize("module", sorted(module for module, entries in ENTRIES.items() if entries))
def test_every_text_has_both_languages_and_the_same_placeholders(module):
    assert [problem for label, texts in ENTRIES[module].items() for problem in problems(label, texts)] == []


def test_the_check_finds_a_missing_language():
    assert problems("t", {"en": "English only"}) == ["t: no text in ['fr']"]
    assert problems("t", {"fr": "{n} saisies", "en": "{count} seizures"}) == ["t: placeholders differ"]


def test_a_missing_language_is_refused_not_filled_in_english():
    with pytest.raises(KeyError, match="fr"):
        i18n.lookup({"only_en": {"en": "English only"}}, "only_en", "fr")


def test_no_multiselect_offers_streamlits_english_only_select_all():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    scripts = [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "ui").glob("*.py"))]
    calls = [(path.name, node.lineno, node) for path in scripts
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "multiselect"]
    assert len(calls) >= 8  # the filters of the Map, Trends, Records, Briefing and Administration pages
    # Streamlit's bulk entry reads "Select all" whatever the page's language; an empty choice already means all.
    offering = [f"{name}:{line}" for name, line, node in calls
                if not any(k.arg == "select_all" and isinstance(k.value, ast.Constant) and k.value.value is False
                           for k in node.keywords)]
    assert offering == []
