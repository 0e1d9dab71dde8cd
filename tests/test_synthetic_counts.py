"""Counts that match what is shown: every "includes N synthetic records" states the records of the view.

The period and the filters of the view decide N, never the store: each caption's N is checked against
an independent pandas count of the synthetic records the open demo may see in that view.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from geo import demo
from geo.core import schema
from geo.store import Batch, GeoPackageStore
from tests.support import make_records
from tests.support.apptest import open_app

pytestmark = pytest.mark.slow  # the app in AppTest


@pytest.fixture(scope="module")
def synthetic():
    return schema.coerce_records(demo.generate(600, 5))


@pytest.fixture(scope="module")
def counts_db(tmp_path_factory, synthetic):
    db = tmp_path_factory.mktemp("counts") / "counts.gpkg"
    store = GeoPackageStore(db)
    store.write_batch(demo.generate(600, 5), Batch(kind="demo", created_by="test"))
    store.write_batch(make_records({"source_ref": "P1", "date": "2023-05-02", "dataset": "public"}),
                      Batch(kind="import", created_by="test"))
    return db


def expected(synthetic: pd.DataFrame, year: int, substance: str | None = None) -> int:
    """Synthetic records the open demo sees in ``year`` (marked public), of ``substance`` when given."""
    shown = synthetic.loc[(synthetic["date"].dt.year == year) & (synthetic["sensitivity"] == "public")]
    return int((shown["substance"] == substance).sum()) if substance else len(shown)


def numbers_in(texts: list[str], words: tuple[str, ...]) -> list[int]:
    """The counts of the captions that speak of synthetic records ("1 234" in French, "1,234" in English)."""
    found = []
    for text in texts:
        if any(word in text for word in words):
            match = re.search(r"(\d[\d\s\u202f\u00a0,]*) (?:saisies?|synthetic)", text)
            found.append(int(re.sub(r"\D", "", match.group(1))))
    return found


def map_script(at) -> str:
    """The period's layers as the map component receives them (the caption and legend are filled by them)."""
    component = next(e for e in at.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium")
    return json.loads(component.proto.json_args)["feature_group"]


def open_page(db, monkeypatch, page: str, query: dict):
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    return open_app(page=page, lang=None, query=query, timeout=180)


@pytest.mark.parametrize(("year", "substance"), [(2019, None), (2024, None), (2024, "cocaine")])
def test_the_map_caption_counts_the_synthetic_records_of_the_period_shown(counts_db, monkeypatch, synthetic, year,
                                                                           substance):
    query = {"granularity": "year", "period": str(year), **({"substance": substance} if substance else {})}
    at = open_page(counts_db, monkeypatch, "map", query)
    assert str(year) in re.search(r'data-period=\\?"(.*?)\\?"', map_script(at)).group(1)  # the period in the map
    count = expected(synthetic, year, substance)
    assert 0 < count < len(synthetic) // 4  # a period's count is far from the store's
    assert numbers_in([c.value for c in at.caption], ("synthétique",)) == [count]


def test_the_map_legend_states_no_count_of_the_whole_timeline(counts_db, monkeypatch, synthetic):
    at = open_page(counts_db, monkeypatch, "map", {"granularity": "year", "period": "2019"})
    # The legend is filled in by the period's layers (the same script that swaps them): its HTML is a JSON string.
    script = json.loads(re.search(r'clFillLegend\(("(?:[^"\\]|\\.)*")\)', map_script(at)).group(1))
    assert "dont des saisies synthétiques de démonstration (nombre sous la période)" in script
    assert not re.search(r"dont [\d\s\u202f\u00a0]+ saisies? synthétiques?", script)


@pytest.mark.parametrize(("year", "lang"), [(2019, "fr"), (2024, "en")])
def test_every_trends_caption_counts_the_synthetic_records_of_the_window(counts_db, monkeypatch, synthetic, year,
                                                                        lang):
    at = open_page(counts_db, monkeypatch, "trends", {"granularity": "year", "period": str(year), "lang": lang})
    found = numbers_in([c.value for c in at.caption], ("synthétiques", "synthetic"))
    assert found and set(found) == {expected(synthetic, year)}
