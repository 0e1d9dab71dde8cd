"""The classification banner: on every briefing format exactly when a restricted or confidential record is shown.

And the open demo, which sees records marked public only, never makes a marked briefing.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from geo import demo
from geo.briefs import animation, formats, marking
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.core.viewer import Viewer
from geo.store import Batch, GeoPackageStore
from tests.support import make_records

pytestmark = pytest.mark.slow  # every format rendered several times
START, END = date(2024, 1, 1), date(2024, 12, 31)
RED = tuple(int(marking.BANNER_RED[i:i + 2], 16) for i in (1, 3, 5))


def records(level: str | None) -> pd.DataFrame:
    """Three public cocaine seizures in 2024 and 2023; one more marked ``level`` in 2024 when given."""
    rows = [{"date": "2024-03-01", "origin": "BRA"}, {"date": "2024-07-01", "country": "GNB", "lat": 11.86,
                                                      "lon": -15.6}, {"date": "2023-05-01", "quantity": 4.0}]
    if level:
        rows.append({"date": "2024-10-01", "quantity": 2.0, "sensitivity": level})
    return schema.coerce_records(make_records(*rows))


def red_share(png: bytes, rows: slice) -> float:
    """Share of the pixels of ``rows`` that are the banner's red (anti-aliasing aside)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[rows].astype(int)
    return float((np.abs(pixels - RED).sum(axis=2) < 40).mean())


def banner_texts(content: bytes, fmt: str) -> list[str]:
    """The banners a file carries, read from its text (PDF, PPTX, HTML)."""
    if fmt == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    elif fmt == "pptx":
        text = "\n".join(shape.text_frame.text for slide in Presentation(io.BytesIO(content)).slides
                         for shape in slide.shapes if shape.has_text_frame)
    else:
        text = content.decode("utf-8")
    return [banner for banner in marking.BANNERS.values() for _ in range(text.count(banner))]


@pytest.mark.parametrize(("level", "banner"), [(None, None), ("public", None),
                                               ("restricted", "DIFFUSION RESTREINTE / RESTRICTED"),
                                               ("confidential", "CONFIDENTIEL / CONFIDENTIAL")])
@pytest.mark.parametrize("fmt", ["pdf", "pptx", "html"])
def test_a_text_format_carries_the_banner_exactly_when_a_marked_record_is_shown(level, banner, fmt):
    content = formats.brief_bytes(records(level), fmt, lang="fr", start=START, end=END)
    found = banner_texts(content, fmt)
    assert set(found) == ({banner} if banner else set())
    if fmt == "pptx" and banner:  # top and bottom of every slide
        assert len(found) == 2 * len(Presentation(io.BytesIO(content)).slides)
    elif banner:
        assert len(found) == 2 * (len(PdfReader(io.BytesIO(content)).pages) if fmt == "pdf" else 1)


@pytest.mark.parametrize("level", [None, "restricted"])
def test_the_png_page_is_stamped_in_red_top_and_bottom_only_when_marked(level):
    png = formats.brief_bytes(records(level), "png", lang="en", start=START, end=END)
    top, bottom = red_share(png, slice(0, 25)), red_share(png, slice(-25, None))
    if level:
        assert top > 0.002 and bottom > 0.002
    else:
        assert top == bottom == 0


def test_every_gif_frame_carries_the_banner_of_the_records_it_animates():
    marked = animation.prepare_animation(records("confidential"), "quarter", "fr", start=START, end=END)
    assert marked.banner == "CONFIDENTIEL / CONFIDENTIAL"
    assert animation.prepare_animation(records(None), "quarter", "fr", start=START, end=END).banner is None
    frames = animation.timeline_frames(records("restricted"), "quarter", "fr", start=START, end=END)
    clean = animation.timeline_frames(records(None), "quarter", "fr", start=START, end=END)
    for frame, plain in zip(frames, clean, strict=True):
        band = slice(int(0.10 * Image.open(io.BytesIO(frame.png)).height), int(0.16 * Image.open(
            io.BytesIO(frame.png)).height))
        assert red_share(frame.png, band) > red_share(plain.png, band)


def test_the_open_demo_sees_public_records_only_and_its_briefing_is_not_marked(tmp_path):
    synthetic = demo.generate(400, 3)
    assert set(synthetic["sensitivity"]) == {"public", "restricted", "confidential"}  # the demo set has all three
    store = GeoPackageStore(tmp_path / "demo.gpkg")
    store.write_batch(synthetic, Batch(kind="demo", created_by="test"))
    shown = store.query(RecordFilter(viewer=Viewer.open_demo()))
    assert set(shown["sensitivity"]) == {"public"}
    assert len(shown) == int((synthetic["sensitivity"] == "public").sum())  # every public one, synthetic included
    # Two substances: the deck draws a map per substance, and the rule does not depend on which are shown.
    opened = RecordFilter(viewer=Viewer.open_demo(), substances=("cocaine", "cannabis_herb"))
    for fmt in ("pdf", "pptx", "html"):
        brief = formats.make_brief(store.query, opened, fmt, lang="fr")
        assert banner_texts(brief.content, fmt) == []
    marked = formats.make_brief(store.query, RecordFilter(viewer=Viewer.administrator()), "pdf", lang="fr")
    assert banner_texts(marked.content, "pdf")  # the same store, seen by someone cleared, is marked
