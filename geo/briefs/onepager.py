"""A :class:`~geo.briefs.content.Briefing` for a minister: one A4 landscape page, the detailed tables on a second.

The first page reads in a minute: a headline sentence, the period as people say it ("2025 par rapport
à 2024"), at most six substances and "others" with each one's change as a signed percentage, the map,
the trend charts with their legend, and the sources as short numbered names. The second page
(:mod:`geo.briefs.details`) holds every substance, the route tables and the full references. The PDF
has both pages; the PNG is the first. The deck is :mod:`geo.briefs.deck`.

Figures are ``matplotlib.figure.Figure`` objects, never pyplot, whose global state would mix
up pages drawn at once for two Streamlit users. Text stays text: DejaVu Sans (shipped with
matplotlib, accents included) embedded as TrueType (``pdf.fonttype`` 42), so the PDF can be
searched and read back (a test reads every word's position and finds no two overlapping); body
type is 9 pt or more. The map's dense layers are rasterised so the file stays small and quick to write.

Measured on 100 000 demo records before the second page was added (``geo.demo.generate(100_000, 1)``;
default window: 10 771 records, 80 flows): ``build_briefing`` 0.25-0.35 s warm, ``render_pdf``
1.2-1.7 s warm on the 2-CPU dev container; the PDF weighed 220 kB.
"""

from __future__ import annotations

import io
import threading

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from geo import i18n
from geo.briefs import details, layout, pdf_fonts, wording
from geo.briefs.content import Briefing
from geo.briefs.text import (
    MUTED,
    OTHERS_COLOUR,
    SUMMARY_HEADERS,
    WARNING_ORANGE,
    capped_rows,
    comparison_line,
    demo_line,
    generated_line,
    headers,
    sources_line,
    summary_cells,
    summary_sum_cells,
)
from geo.core import periods
from geo.i18n import briefs as brief_text
from geo.maps import static as staticmap
from geo.maps.static_silence import draw_silence

__all__ = ["page_figure", "pages", "render_pdf", "render_png", "render_pptx"]

A4_LANDSCAPE = (11.69, 8.27)  # inches
PDF_DPI = 150  # of the rasterised map layers
SUMMARY_SUBSTANCES = 6  # on the first page; the rest are "others"
CHART_SUBSTANCES = 6
DENSE_VERTICES = 2000  # a map layer with more points or vertices than this is drawn as an image in the PDF
_RC = {"pdf.fonttype": 42, "font.family": "DejaVu Sans"}
# rcParams are global: one page at a time sets and restores them, so two renders cannot interleave.
_RC_LOCK = threading.Lock()


def _summary_table(briefing: Briefing) -> layout.Table:
    """At most six substances, the others summed, and the total; the change on each row's basis."""
    lang, figures = briefing.lang, briefing.key_figures
    others = brief_text.t("others_short", lang, n=max(len(figures) - SUMMARY_SUBSTANCES, 0))
    rows, swatches = capped_rows(figures, SUMMARY_SUBSTANCES, summary_cells, summary_sum_cells, others, lang)
    names = headers(SUMMARY_HEADERS, lang)
    names[2], names[3] = briefing.period_text, briefing.previous_text
    names[5] = brief_text.t("col_seizures_now", lang, period="").strip()
    return layout.Table(brief_text.t("key_figures", lang), names, rows, (0.29, 0.15, 0.12, 0.12, 0.17, 0.15),
                        "llrrrr", swatches, bold_last=True)


def _stacked(briefing: Briefing, measure: str) -> pd.DataFrame:
    """Series of ``measure`` per period start, one column per charted substance and the rest as "_others"."""
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


def _trend_panel(ax: Axes, briefing: Briefing, measure: str) -> list[str]:
    """Stacked areas of ``measure`` per period, the window shaded; returns the keys drawn (for the legend)."""
    lang = briefing.lang
    data = _stacked(briefing, measure)
    ax.set_title(i18n.t("metric_kg" if measure == "kg" else "metric_cases", lang), fontsize=layout.BODY + 0.5,
                 loc="left")
    ax.tick_params(labelsize=layout.BODY)
    if data.empty or not data.to_numpy().any():
        ax.set_axis_off()
        ax.text(0.5, 0.5, brief_text.t("no_records", lang), ha="center", va="center", fontsize=layout.BODY,
                transform=ax.transAxes)
        return []
    colours = dict(zip(briefing.key_figures["substance"], briefing.key_figures["colour"]))
    ax.stackplot(data.index, data.to_numpy().T, colors=[colours.get(key, OTHERS_COLOUR) for key in data.columns],
                 linewidth=0)
    ax.axvspan(pd.Timestamp(briefing.start), pd.Timestamp(briefing.end), color="#000000", alpha=0.06, linewidth=0)
    # Months and quarters are ticked by year ("2024", "2025"): three month names side by side collide at 9 pt.
    starts = [pd.Timestamp(start) for start in data.index]
    years = [start for start in starts if start.month == 1] or starts[:1]
    ticks = years[:: max(1, int(np.ceil(len(years) / 4)))]
    keys = dict(zip(briefing.series["start"], briefing.series["period"]))
    ax.set_xticks(ticks, [str(tick.year) if briefing.granularity != "year" else periods.period_label(
        keys.get(tick, str(tick.year)), lang) for tick in ticks])
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=measure == "cases"))  # no "1.5 seizures"
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: wording.compact(value, lang)))
    ax.spines[["top", "right"]].set_visible(False)
    return list(data.columns)


def _trend_legend(figure: Figure, briefing: Briefing, keys: list[str], y: float) -> None:
    """One legend for both charts: each substance drawn, in the key figures' colours, and "others"."""
    figures = briefing.key_figures.set_index("substance")
    handles = [Patch(color=figures.loc[key, "colour"] if key in figures.index else OTHERS_COLOUR,
                     label=figures.loc[key, "label"] if key in figures.index
                     else brief_text.t("others_short", briefing.lang, n=len(figures) - CHART_SUBSTANCES))
               for key in keys]
    if handles:
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.505, y), ncol=3, fontsize=layout.BODY,
                      frameon=False, handlelength=1.0, columnspacing=1.0, borderaxespad=0)


def _rasterize_dense(ax: Axes) -> None:
    """Draw the map's heavy layers (land, seizure points) as an image: vectors would weigh megabytes."""
    for artist in [*ax.collections, *ax.patches, *ax.lines]:
        if isinstance(artist, Collection):
            size = len(artist.get_offsets()) + sum(len(path.vertices) for path in artist.get_paths())
        else:
            size = len(artist.get_path().vertices)
        if size > DENSE_VERTICES:
            artist.set_rasterized(True)


def _header(figure: Figure, briefing: Briefing) -> float:
    """Banner, title, headline, period, filters and the synthetic-data warning; returns the y below them."""
    lang = briefing.lang
    layout.banner(figure, briefing.banner)
    y = 0.962 if briefing.banner else 0.978
    figure.text(0.012, y, briefing.title, fontsize=10, color=MUTED, va="top")
    figure.text(0.988, y, generated_line(briefing), fontsize=layout.BODY, color=MUTED, ha="right", va="top")
    y = layout.wrapped(figure, 0.012, y - 0.026, briefing.headline, 17, 78, weight="bold")
    line = f"{comparison_line(briefing)} · {brief_text.t('filters', lang, filters=briefing.filters_text)}"
    y = layout.wrapped(figure, 0.012, y - 0.006, line, 10, 150, max_lines=1)
    if briefing.coverage_text:  # official annual totals beside the records (issue 15)
        y = layout.wrapped(figure, 0.012, y - 0.002, briefing.coverage_text, 10, 150, max_lines=1)
    if briefing.demo_records or briefing.demo_previous:
        y = layout.wrapped(figure, 0.012, y - 0.002, demo_line(briefing), layout.BODY + 0.5, 150,
                           weight="bold", color=WARNING_ORANGE)
    # Scope and silence: kilograms seized off the map, and the countries that reported nothing in the window.
    for note, colour in ((briefing.outside_text, WARNING_ORANGE), (briefing.silence_text, MUTED)):
        if note:
            y = layout.wrapped(figure, 0.012, y - 0.002, note, layout.BODY + 0.5, 150, color=colour)
    return y - 0.012


def page_figure(briefing: Briefing) -> Figure:
    """The first page as a figure (A4 landscape); call under :data:`_RC` so its text is embedded as text."""
    lang = briefing.lang
    figure = Figure(figsize=A4_LANDSCAPE)
    top = _header(figure, briefing)
    bottom = 0.075
    map_ax = figure.add_axes((0.012, bottom, 0.47, top - bottom - 0.03))
    staticmap.draw_map(map_ax, briefing.records, briefing.legs, lang, largest_flow=briefing.largest_flow)
    draw_silence(map_ax, briefing.silent, lang)  # hatched: no record in the window ("no report", not a zero)
    map_ax.set_title(brief_text.t("map", lang), fontsize=layout.BODY + 0.5, loc="left")
    _rasterize_dense(map_ax)
    summary = _summary_table(briefing)
    height = layout.table_height(summary) / A4_LANDSCAPE[1]
    layout.draw_table(figure.add_axes((0.51, top - height, 0.478, height)), summary)
    vs = comparison_line(briefing)
    note_y = layout.wrapped(figure, 0.51, top - height - 0.004, brief_text.t("basis_note", lang, vs=vs),
                            layout.BODY, 84, max_lines=3, color=MUTED)
    trend_title = brief_text.t("trend", lang, step=i18n.t(f"granularity_{briefing.granularity}", lang).lower())
    figure.text(0.51, note_y - 0.02, trend_title, fontsize=layout.BODY + 1.5, weight="bold", va="top")
    chart_top, chart_bottom = note_y - 0.085, 0.215
    drawn: list[str] = []
    for x, measure in ((0.56, "kg"), (0.80, "cases")):
        keys = _trend_panel(figure.add_axes((x, chart_bottom, 0.18, chart_top - chart_bottom)), briefing, measure)
        drawn += [key for key in keys if key not in drawn]
    _trend_legend(figure, briefing, drawn, chart_bottom - 0.04)
    figure.text(0.012, 0.03, sources_line(briefing)[:150], fontsize=layout.BODY, color=MUTED, va="bottom")
    figure.text(0.988, 0.03, brief_text.t("details_hint", lang), fontsize=layout.BODY, color=MUTED, ha="right",
                va="bottom")
    return figure


def pages(briefing: Briefing) -> list[Figure]:
    """The PDF's pages: the one-pager, then the detailed tables and references."""
    return [page_figure(briefing), details.details_figure(briefing, A4_LANDSCAPE)]


def render_pdf(briefing: Briefing) -> bytes:
    """The briefing as a PDF (A4 landscape): the one-pager and its detailed tables, text searchable."""
    buffer = io.BytesIO()
    # The font subsets are kept (pdf_fonts) inside the lock: it is entered before, so left after, the PDF's close.
    with _RC_LOCK, mpl.rc_context(_RC), pdf_fonts.kept_subsets(), \
            PdfPages(buffer, metadata={"Title": briefing.title, "Creator": "Couloirs"}) as pdf:
        for figure in pages(briefing):
            pdf.savefig(figure, dpi=PDF_DPI)
    return buffer.getvalue()


def render_png(briefing: Briefing, dpi: int = 120) -> bytes:
    """The one-pager as a PNG (A4 landscape: 1403 × 992 pixels at 120 dpi); the detailed tables are in the PDF."""
    buffer = io.BytesIO()
    with _RC_LOCK, mpl.rc_context(_RC):
        page_figure(briefing).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def render_pptx(briefing: Briefing) -> bytes:
    """The briefing as a PPTX deck (:func:`geo.briefs.deck.render_pptx`); python-pptx loads for a deck only."""
    from geo.briefs import deck

    return deck.render_pptx(briefing)
