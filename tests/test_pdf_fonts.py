"""The PDF's font subsets kept in the derived-data cache: the same glyphs, outlines and widths as a fresh cut."""

from __future__ import annotations

import io

import matplotlib as mpl
import pytest
from fontTools.ttLib import TTFont
from matplotlib.backends import _backend_pdf_ps
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from pypdf import PdfReader

from geo.briefs import onepager, pdf_fonts
from geo.reference import derived

pytestmark = pytest.mark.slow  # PDFs rendered and read back
TEXT = "Saisies de cocaïne : 1 234,5 kg · Sénégal → Mali (+38 %)"


def pdf_of(text: str) -> bytes:
    """A one-figure PDF with ``text`` in regular and bold, as a briefing embeds its fonts."""
    figure = Figure(figsize=(4, 2))
    figure.text(0.05, 0.6, text, fontsize=9)
    figure.text(0.05, 0.3, text, fontsize=9, weight="bold")
    buffer = io.BytesIO()
    with mpl.rc_context(onepager._RC), pdf_fonts.kept_subsets(), PdfPages(buffer) as pdf:
        pdf.savefig(figure)
    return buffer.getvalue()


def embedded_fonts(pdf: bytes) -> dict[str, dict]:
    """Each embedded font by its name without the subset tag: glyph order, outlines, advance widths, PDF widths."""
    fonts = {}
    for name, font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].items():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        program = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        glyphs = program.getGlyphOrder()
        fonts[f"{name}:{str(font.get_object()['/BaseFont']).split('+')[-1]}"] = {
            "glyphs": glyphs, "widths": list(descendant["/W"]),
            "outlines": [program["glyf"][glyph].compile(program["glyf"]) for glyph in glyphs],
            "advances": [program["hmtx"][glyph] for glyph in glyphs],
            "map": descendant["/CIDToGIDMap"].get_object().get_data()}
    return fonts


def test_a_kept_subset_embeds_the_glyphs_a_fresh_cut_embeds(monkeypatch, tmp_path):
    monkeypatch.setenv(derived.CACHE_ENV, "off")
    fresh = embedded_fonts(pdf_of(TEXT))
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path))
    cut_count = []
    original = _backend_pdf_ps.get_glyphs_subset
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", lambda *a: cut_count.append(1) or original(*a))
    first = embedded_fonts(pdf_of(TEXT))
    cuts_first = len(cut_count)
    again = embedded_fonts(pdf_of(TEXT))

    assert fresh == first == again
    assert {name.split(":")[1] for name in fresh} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert cuts_first >= 2 and len(cut_count) == cuts_first  # cut once per font, then read back
    assert len(list(tmp_path.glob("pdf-font-subset-*.json"))) == cuts_first
    assert _backend_pdf_ps.get_glyphs_subset.__name__ == "<lambda>"  # put back after each PDF


def test_other_glyphs_are_cut_anew(monkeypatch, tmp_path):
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path))
    pdf_of(TEXT)
    kept = set(tmp_path.glob("pdf-font-subset-*.json"))
    monkeypatch.setenv(derived.CACHE_ENV, "off")
    fresh = embedded_fonts(pdf_of("Ghana, Togo: 17 kg"))
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path))
    assert embedded_fonts(pdf_of("Ghana, Togo: 17 kg")) == fresh
    assert set(tmp_path.glob("pdf-font-subset-*.json")) > kept


def test_a_damaged_kept_subset_is_cut_again(monkeypatch, tmp_path):
    monkeypatch.setenv(derived.CACHE_ENV, str(tmp_path))
    fresh = embedded_fonts(pdf_of(TEXT))
    for number, path in enumerate(sorted(tmp_path.glob("pdf-font-subset-*.json"))):
        path.write_text(('{"font": "not base64!", "glyphs": []}', '{"font": "Z2FyYmFnZQ==", "glyphs": [[1, 1]]}',
                         '{"glyphs": []}')[number % 3])
    assert embedded_fonts(pdf_of(TEXT)) == fresh
