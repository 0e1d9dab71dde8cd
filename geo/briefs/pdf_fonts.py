"""The PDF's font subsets, kept in the derived-data cache instead of cut anew from DejaVu Sans for every PDF.

A briefing's PDF embeds its text's glyphs as TrueType subsets (``pdf.fonttype`` 42): matplotlib cuts each one
from the whole font file with fontTools (:func:`matplotlib.backends._backend_pdf_ps.get_glyphs_subset`), about
0.05-0.15 s of CPU per subset and four per briefing (regular and bold, two subsets each): a quarter-second of
every ``geo brief --out X.pdf``, whatever the store holds (issue 16). A subset depends only on the font file,
the glyphs asked for and the libraries' versions, so :func:`kept_subsets` keeps it in
:func:`geo.reference.derived.kept` under a key of all three, and a later PDF asking for the same glyphs of the
same font reads it back. The glyphs, their outlines, widths and positions on the page are the very ones
matplotlib would cut: the page looks the same; only the subset's "modified" date inside the font is that of the
first cut.

matplotlib has no setting for this: :func:`kept_subsets` swaps its subsetting function for the duration of a
render (the caller holds the rendering lock) and puts it back after. A matplotlib without these internals
(``get_glyphs_subset``, ``font_as_file``, ``SubsetResults``) is left alone and cuts every subset as before;
``tests/test_pdf_fonts.py`` compares the embedded fonts with a fresh cut's, so an upgrade that changes them fails.
"""

from __future__ import annotations

import base64
import contextlib
import io
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from matplotlib.backends import _backend_pdf_ps

from geo.reference import derived

_VERSION = 1  # bump when what is kept changes


def _cut_with(cut):
    """A ``get_glyphs_subset`` that reads the subset from the cache, else cuts it with ``cut`` and keeps it."""

    def kept_subset(fontfile, glyphs: Iterable[int]):
        wanted = sorted({int(glyph) for glyph in glyphs})
        face = int(getattr(fontfile, "face_index", 0))

        def build() -> tuple[bytes, dict[int, int]]:
            with cut(fontfile, wanted) as subset:
                return (_backend_pdf_ps.font_as_file(subset.font).getvalue(),
                        {int(old): int(new) for old, new in subset.glyph_index_map.items()})

        inputs = ("pdf-font-subset", _VERSION, Path(str(fontfile)), face, tuple(wanted), *_cutter_versions())
        data, index_map = derived.kept("pdf-font-subset", inputs, build, _encode, _decode)
        from fontTools.ttLib import TTFont

        return _backend_pdf_ps.SubsetResults(TTFont(io.BytesIO(data)), index_map)._as_cm()

    return kept_subset


@lru_cache(maxsize=1)
def _cutter_versions() -> tuple[str, str]:
    """The versions of the libraries that cut a subset (read once per process: a look-up scans the packages)."""
    return version("matplotlib"), version("fonttools")


def _encode(value: tuple[bytes, dict[int, int]]) -> dict:
    data, index_map = value
    return {"font": base64.b64encode(data).decode("ascii"), "glyphs": sorted(index_map.items())}


def _decode(kept: dict) -> tuple[bytes, dict[int, int]]:
    """The subset's bytes and glyph map; an error (cut again) when the bytes are not a TrueType font."""
    from fontTools.ttLib import TTFont

    data = base64.b64decode(kept["font"], validate=True)
    TTFont(io.BytesIO(data)).getGlyphOrder()  # reads the font's tables: a damaged file fails here
    return data, {int(old): int(new) for old, new in kept["glyphs"]}


def _swappable() -> bool:
    """Whether this matplotlib cuts subsets as :func:`kept_subsets` expects."""
    return all(hasattr(_backend_pdf_ps, name) for name in ("get_glyphs_subset", "font_as_file", "SubsetResults")) \
        and hasattr(_backend_pdf_ps.SubsetResults, "_as_cm")


@contextlib.contextmanager
def kept_subsets() -> Iterator[None]:
    """Within this block, matplotlib's PDF font subsets come from the derived-data cache when kept there.

    The caller holds the lock under which PDFs are rendered, so that two renders do not swap it at once.
    """
    if derived.folder() is None or not _swappable():
        yield
        return
    original = _backend_pdf_ps.get_glyphs_subset
    _backend_pdf_ps.get_glyphs_subset = _cut_with(original)
    try:
        yield
    finally:
        _backend_pdf_ps.get_glyphs_subset = original
