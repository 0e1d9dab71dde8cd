"""Shared fixtures: small hand-made record builders and a fresh store per test."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.store import GeoPackageStore


def make_records(*rows: dict) -> pd.DataFrame:
    """Records from partial rows; unspecified fields take plain defaults."""
    defaults = {"date": "2021-03-15", "substance": "cocaine", "country": "SEN", "quantity": 10.0, "unit": "kg",
                "lat": 14.69, "lon": -17.44, "agency": "sen-ocrtis", "sensitivity": "public", "dataset": "agency"}
    return pd.DataFrame([{**defaults, **row} for row in rows])


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "test.gpkg")


EXTERNAL_LOAD = re.compile(
    r"""<script[^>]+src=["'](?:https?:)?//|<link[^>]+href=["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def external_loads(html: str) -> list[str]:
    """Every place where a page would fetch a script, stylesheet, font or image from another host."""
    return [html[m.start(): m.start() + 120] for m in EXTERNAL_LOAD.finditer(html)]
