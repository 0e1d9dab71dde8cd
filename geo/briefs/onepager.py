"""A :class:`~geo.briefs.content.Briefing` on one A4 landscape page (PDF, PNG); the deck is :mod:`geo.briefs.deck`.

Figures are ``matplotlib.figure.Figure`` objects, never pyplot, whose global state would mix
up pages drawn at once for two Streamlit users. Text stays text: DejaVu Sans (shipped with
matplotlib, accents included) embedded as TrueType (``pdf.fonttype`` 42), so the PDF can be
searched and read back; the map's dense layers are rasterised so the file stays small and
quick to write. Words and numbers come from :mod:`geo.briefs.text`, shared with the deck.

Measured on 100 000 demo records (``geo.demo.generate(100_000, 1)`` through ``coerce_records``;
default window, 2025: 10 771 records, 80 flows on the page), on the 2-CPU dev container shared
with other jobs (load 2-3). First call in a fresh process: ``build_briefing`` 0.9-2.1 s (route
geometries and reference layers load once), ``render_pdf`` 1.4-2.6 s (4.2 s once, under heavy
contention), together 2.7-4.0 s. Warm: 0.25-0.35 s and 1.2-1.7 s. The PDF weighs 220 kB; a
fifth of its time is embedding the DejaVu faces, the price of searchable text. ``render_png``
takes 0.9 s, the 20-slide deck 6 s.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from geo import i18n
from geo.briefs.content import Briefing
from geo.briefs.deck import render_pptx
from geo.briefs.text import (
    BANNER_RED,
    EMERGING_HEADERS,
    FIGURE_HEADERS,
    MUTED,
    ROUTE_HEADERS,
    ROUTE_ROWS,
    WARNING_ORANGE,
    clip,
    demo_line,
    emerging_cells,
    figure_cells,
    generated_line,
    headers,
    number,
    route_cells,
    sources_line,
    sum_cells,
)
from geo.core import periods
from geo.i18n import briefs as brief_text
from geo.maps import static as staticmap

__all__ = ["page_figure", "render_pdf", "render_png", "render_pptx"]

A4_LANDSCAPE = (11.69, 8.27)  # inches
PDF_DPI = 150  # of the rasterised map layers
FIGURE_ROWS, EMERGING_ROWS, CHART_SUBSTANCES = 8, 7, 6
DENSE_VERTICES = 2000  # a map layer with more points or vertices than this is drawn as an image in the PDF
_RC = {"pdf.fonttype": 42, "font.family": "DejaVu Sans"}
# rcParams are global: one page at a time sets and restores them, so two renders cannot interleave.
_RC_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: Sequence[float]  # fractions of the axes
    aligns: str  # "l" or "r" per column: names left, numbers right
    swatches: Sequence[str] = ()  # a colour square before the first cell of each row
    bold_last: bool = False


def _draw_table(ax: Axes, table: _Table, fontsize: float = 6.8) -> None:
    """Rows of text at fixed line heights (real text, so the PDF reads back), zebra-striped.

    A header may hold two lines; the rows then start one line lower.
    """
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    height = ax.get_position().height * ax.figure.get_figheight()
    step = fontsize * 1.6 / 72 / height  # one line, in axes units
    ax.text(0, 1, table.title, fontsize=fontsize + 2, weight="bold", va="top")
    header_lines = max((cell.count("\n") + 1 for cell in table.headers), default=0)
    for column, cell in enumerate(table.headers):
        _cell(ax, table, column, 1 - 1.4 * step, cell, fontsize, weight="bold", color=MUTED, va="top")
    for line, cells in enumerate(table.rows):
        y = 1 - (line + 1.9 + header_lines) * step
        if line % 2:
            ax.axhspan(y - step / 2, y + step / 2, color="#f2f2f2", zorder=0)
        if table.swatches:
            ax.text(0, y, "■", color=table.swatches[line], fontsize=fontsize, va="center")
        weight = "bold" if table.bold_last and line == len(table.rows) - 1 else "normal"
        for column, cell in enumerate(cells):
            _cell(ax, table, column, y, cell, fontsize, weight=weight)


def _cell(ax: Axes, table: _Table, column: int, y: float, cell: str, fontsize: float, **style: str) -> None:
    left = table.aligns[column] == "l"
    edges = np.concatenate(([0.0], np.cumsum(table.widths)))
    inset = 0.025 if table.swatches and column == 0 else 0.01 if column else 0.0  # a gap after a right-aligned number
    x = edges[column] + inset if left else edges[column + 1] - 0.005
    ax.text(x, y, cell, fontsize=fontsize, ha="left" if left else "right", **{"va": "center", **style})


def _figure_table(briefing: Briefing) -> _Table:
    lang, figures = briefing.lang, briefing.key_figures
    shown, rest = figures.iloc[:FIGURE_ROWS], figures.iloc[FIGURE_ROWS:]
    rows = [figure_cells(row, lang) for _, row in shown.iterrows()]
    swatches = list(shown["colour"])
    if len(rest):
        rows.append(sum_cells(rest, brief_text.t("others", lang, n=len(rest)), lang))
        swatches.append("#bdbdbd")
    rows.append(sum_cells(figures, brief_text.t("total", lang), lang))
    swatches.append("white")
    return _Table(brief_text.t("key_figures", lang), headers(FIGURE_HEADERS, lang), rows,
                  (0.18, 0.12, 0.075, 0.16, 0.10, 0.12, 0.09, 0.155), "lrrrrrrr", swatches, bold_last=True)


def _stacked(briefing: Briefing, measure: str) -> pd.DataFrame:
    """Series of ``measure`` per period start, one column per charted substance and the rest as "others"."""
    figures = briefing.key_figures
    if measure == "kg":
        figures = figures.loc[figures["basis"] == "kg"]
    table = briefing.series.pivot_table(index="start", columns="key", values=measure, aggfunc="sum", fill_value=0)
    keys = [key for key in figures["substance"] if key in table.columns]
    chosen, others = keys[:CHART_SUBSTANCES], keys[CHART_SUBSTANCES:]
    out = table.loc[:, chosen]
    if others:
        out = out.assign(_others=table.loc[:, others].sum(axis=1))
    return out


def _trend_panel(ax: Axes, briefing: Briefing, measure: str) -> None:
    """Stacked areas of ``measure`` per period, the briefing's window shaded; colours as in the key figures."""
    lang = briefing.lang
    data = _stacked(briefing, measure)
    ax.set_title(i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang), fontsize=7.5, loc="left")
    ax.tick_params(labelsize=6)
    if data.empty or not data.to_numpy().any():
        ax.text(0.5, 0.5, brief_text.t("no_records", lang), ha="center", va="center", fontsize=7,
                transform=ax.transAxes)
        return
    colours = dict(zip(briefing.key_figures["substance"], briefing.key_figures["colour"]))
    ax.stackplot(data.index, data.to_numpy().T, colors=[colours.get(key, "#bdbdbd") for key in data.columns],
                 linewidth=0)
    ax.axvspan(pd.Timestamp(briefing.start), pd.Timestamp(briefing.end), color="#000000", alpha=0.06, linewidth=0)
    starts = list(data.index)
    ticks = starts[:: max(1, int(np.ceil(len(starts) / 4)))]
    keys = dict(zip(briefing.series["start"], briefing.series["period"]))
    ax.set_xticks(ticks, [periods.period_label(keys[tick], lang) for tick in ticks])
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=measure == "cases"))  # no "1.5 seizures"
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang)))
    ax.spines[["top", "right"]].set_visible(False)


def _rasterize_dense(ax: Axes) -> None:
    """Draw the map's heavy layers (land, seizure points) as an image: vectors would weigh megabytes."""
    for artist in [*ax.collections, *ax.patches, *ax.lines]:
        if isinstance(artist, Collection):
            size = len(artist.get_offsets()) + sum(len(path.vertices) for path in artist.get_paths())
        else:
            size = len(artist.get_path().vertices)
        if size > DENSE_VERTICES:
            artist.set_rasterized(True)


def _header(figure: Figure, briefing: Briefing) -> None:
    lang = briefing.lang
    figure.text(0.012, 0.955, briefing.title, fontsize=15, weight="bold", va="top")
    figure.text(0.988, 0.955, generated_line(briefing), fontsize=7.5, color=MUTED, ha="right", va="top")
    period = brief_text.t("period", lang, period=briefing.period_text)
    compared = brief_text.t("compared", lang, period=briefing.previous_text)
    figure.text(0.012, 0.912, f"{period} · {compared}", fontsize=9, va="top")
    figure.text(0.012, 0.889, clip(brief_text.t("filters", lang, filters=briefing.filters_text), 190), fontsize=8,
                color=MUTED, va="top")
    if briefing.demo_records:
        figure.text(0.012, 0.866, demo_line(briefing), fontsize=8.5,
                    weight="bold", color=WARNING_ORANGE, va="top")
    sources = clip(sources_line(briefing), 230)
    figure.text(0.012, 0.028, sources, fontsize=7, color=MUTED, va="bottom")
    if briefing.banner:
        # At the top and the bottom, as a classified page is marked, so a cut page still carries it.
        for y, align in ((0.992, "top"), (0.004, "bottom")):
            figure.text(0.5, y, briefing.banner, fontsize=11, weight="bold", color=BANNER_RED, ha="center", va=align)


def page_figure(briefing: Briefing) -> Figure:
    """The one-pager as a figure (A4 landscape); call under :data:`_RC` so its text is embedded as text."""
    lang = briefing.lang
    figure = Figure(figsize=A4_LANDSCAPE)
    _header(figure, briefing)
    map_ax = figure.add_axes((0.012, 0.30, 0.47, 0.52))
    staticmap.draw_map(map_ax, briefing.records, briefing.legs, lang, largest_flow=briefing.largest_flow)
    map_ax.set_title(brief_text.t("map", lang), fontsize=8.5, loc="left")
    _rasterize_dense(map_ax)
    _draw_table(figure.add_axes((0.51, 0.575, 0.478, 0.27)), _figure_table(briefing), fontsize=6.4)
    trend_title = brief_text.t("trend", lang, step=i18n.t(f"granularity_{briefing.granularity}", lang).lower())
    figure.text(0.51, 0.575, trend_title, fontsize=8.8, weight="bold", va="top")
    _trend_panel(figure.add_axes((0.545, 0.375, 0.19, 0.155)), briefing, "kg")
    _trend_panel(figure.add_axes((0.79, 0.375, 0.19, 0.155)), briefing, "cases")
    top = [route_cells(row, lang) for _, row in briefing.top_routes.head(ROUTE_ROWS).iterrows()]
    _draw_table(figure.add_axes((0.51, 0.035, 0.478, 0.285)),
                _Table(brief_text.t("top_routes", lang), headers(ROUTE_HEADERS, lang), top,
                       (0.20, 0.36, 0.10, 0.12, 0.09, 0.13), "lllrrl"))
    emerging = [emerging_cells(row, lang, 40) for _, row in briefing.emerging.head(EMERGING_ROWS).iterrows()]
    title = brief_text.t("emerging", lang)
    if not emerging:
        title = f"{title} — {brief_text.t('no_emerging', lang)}"
    _draw_table(figure.add_axes((0.012, 0.06, 0.47, 0.2)),
                _Table(title, headers(EMERGING_HEADERS, lang) if emerging else [], emerging,
                       (0.22, 0.38, 0.15, 0.15, 0.10), "llrrr"))
    return figure


def _save(briefing: Briefing, fmt: str, dpi: int) -> bytes:
    buffer = io.BytesIO()
    with _RC_LOCK, mpl.rc_context(_RC):
        metadata = {"Title": briefing.title, "Creator": "Couloirs"} if fmt == "pdf" else None
        page_figure(briefing).savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def render_pdf(briefing: Briefing) -> bytes:
    """The one-page briefing as a PDF (A4 landscape), text searchable."""
    return _save(briefing, "pdf", PDF_DPI)


def render_png(briefing: Briefing, dpi: int = 120) -> bytes:
    """The one-page briefing as a PNG (A4 landscape: 1403 × 992 pixels at 120 dpi)."""
    return _save(briefing, "png", dpi)
