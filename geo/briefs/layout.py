"""Drawing helpers the briefing's pages share: tables of real text, the classification banner, wrapped lines.

Sizes are in points and every table line is ``fontsize × LINE`` high, so a page can reserve the height a
table needs (:func:`table_height`) before drawing it: nothing is squeezed, nothing runs into what follows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from geo.briefs.text import BANNER_RED, MUTED

BODY = 9.0  # pt: the smallest type of a page's text
LINE = 1.6  # a table line, in font sizes
GAP = 4.0  # points kept free between a left-aligned cell and the next column
_MEASURE = TextToPath()


def text_width(text: str, fontsize: float, weight: str = "normal") -> float:
    """Width of ``text`` in points, in the page's font (DejaVu Sans)."""
    font = FontProperties(family="DejaVu Sans", size=fontsize, weight=weight)
    return _MEASURE.get_text_width_height_descent(text, font, ismath=False)[0]


def fit(text: str, width: float, fontsize: float, weight: str = "normal") -> str:
    """``text`` cut (with "…") to at most ``width`` points: a long name never runs into the next column."""
    if text_width(text, fontsize, weight) <= width:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip() + "…", fontsize, weight) > width:
        cut -= 1
    return text[:cut].rstrip() + "…"


@dataclass(frozen=True)
class Table:
    """A table as text: headers (one or two lines), rows of cells, column widths and alignments."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: Sequence[float]  # fractions of the axes
    aligns: str  # "l" or "r" per column: names left, numbers right
    swatches: Sequence[str] = ()  # a colour square before the first cell of each row
    bold_last: bool = False


def header_lines(table: Table) -> int:
    """Lines the headers take (0 without headers)."""
    return max((cell.count("\n") + 1 for cell in table.headers), default=0)


def table_height(table: Table, fontsize: float = BODY) -> float:
    """Inches ``table`` needs: its title, headers and rows."""
    lines = 1.4 + header_lines(table) + len(table.rows) + 0.6
    return lines * fontsize * LINE / 72


def draw_table(ax: Axes, table: Table, fontsize: float = BODY) -> None:
    """Rows of text at fixed line heights from the top of ``ax`` (real text, so the PDF reads back), zebra-striped."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    height = ax.get_position().height * ax.figure.get_figheight()
    step = fontsize * LINE / 72 / height  # one line, in axes units
    ax.text(0, 1, table.title, fontsize=fontsize + 1.5, weight="bold", va="top")
    lines = header_lines(table)
    for column, cell in enumerate(table.headers):
        _cell(ax, table, column, 1 - 1.5 * step, cell, fontsize, header=True, weight="bold", color=MUTED,
              va="top", linespacing=1.1)
    for line, cells in enumerate(table.rows):
        y = 1 - (line + 2.0 + lines) * step
        if line % 2:
            ax.axhspan(y - step / 2, y + step / 2, color="#f2f2f2", zorder=0)
        if table.swatches:
            ax.text(0, y, "■", color=table.swatches[line], fontsize=fontsize, va="center")
        weight = "bold" if table.bold_last and line == len(table.rows) - 1 else "normal"
        for column, cell in enumerate(cells):
            _cell(ax, table, column, y, cell, fontsize, weight=weight)


def _cell(ax: Axes, table: Table, column: int, y: float, cell: str, fontsize: float, header: bool = False,
          **style: object) -> None:
    left = table.aligns[column] == "l"
    edges = np.concatenate(([0.0], np.cumsum(table.widths)))
    inset = 0.03 if table.swatches and column == 0 else 0.012 if column else 0.0  # a gap after a number
    x = edges[column] + inset if left else edges[column + 1] - 0.004
    if left or header:  # words are cut to their column; numbers are short by construction (wording.compact)
        start = x if left else edges[column]
        room = abs(edges[column + 1] - start) * ax.get_position().width * ax.figure.get_figwidth() * 72 - GAP
        cell = "\n".join(fit(part, room, fontsize, str(style.get("weight", "normal"))) for part in cell.split("\n"))
    ax.text(x, y, cell, fontsize=fontsize, ha="left" if left else "right", **{"va": "center", **style})


def banner(figure: Figure, text: str | None) -> None:
    """The classification at the top and the bottom of a page, as a classified page is marked."""
    if text:
        for y, align in ((0.994, "top"), (0.004, "bottom")):
            figure.text(0.5, y, text, fontsize=11, weight="bold", color=BANNER_RED, ha="center", va=align)


def wrapped(figure: Figure, x: float, y: float, text: str, fontsize: float, width: int, max_lines: int = 2,
            **style: object) -> float:
    """``text`` wrapped at ``width`` characters (``max_lines`` at most, the last cut with "…"); the y below it."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], textwrap.shorten(" ".join(lines[max_lines - 1:]), width, placeholder=" …")]
    step = fontsize * 1.3 / 72 / figure.get_figheight()
    for line in lines:
        figure.text(x, y, line, fontsize=fontsize, va="top", **style)
        y -= step
    return y
