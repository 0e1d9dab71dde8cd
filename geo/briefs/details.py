"""The second page of a briefing's PDF: every substance, the route tables and the numbered references in full.

The first page (:mod:`geo.briefs.onepager`) keeps six substances and short source names; what an
adviser checks after reading it is here, in the same 9 pt type.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from geo.briefs import layout
from geo.briefs.content import Briefing
from geo.briefs.text import (
    EMERGING_HEADERS,
    FIGURE_HEADERS,
    MUTED,
    ROUTE_HEADERS,
    ROUTE_ROWS,
    WARNING_ORANGE,
    capped_rows,
    comparison_line,
    demo_line,
    emerging_cells,
    figure_cells,
    generated_line,
    headers,
    reference_lines,
    route_cells,
    sum_cells,
)
from geo.i18n import briefs as brief_text

DETAIL_SUBSTANCES, EMERGING_ROWS = 12, 7


def _figure_table(briefing: Briefing) -> layout.Table:
    lang, figures = briefing.lang, briefing.key_figures
    others = brief_text.t("others", lang, n=max(len(figures) - DETAIL_SUBSTANCES, 0))
    rows, swatches = capped_rows(figures, DETAIL_SUBSTANCES, figure_cells, sum_cells, others, lang)
    return layout.Table(brief_text.t("key_figures", lang), headers(FIGURE_HEADERS, lang), rows,
                        (0.2, 0.11, 0.09, 0.11, 0.1, 0.11, 0.09, 0.19), "lrrrrrrr", swatches, bold_last=True)


def details_figure(briefing: Briefing, size: tuple[float, float]) -> Figure:
    """The detailed tables and references as an A4 page (call under the one-pager's rcParams)."""
    lang = briefing.lang
    figure = Figure(figsize=size)
    layout.banner(figure, briefing.banner)
    y = 0.962 if briefing.banner else 0.978
    figure.text(0.012, y, f"{brief_text.t('details_title', lang)} — {comparison_line(briefing)}", fontsize=13,
                weight="bold", va="top")
    figure.text(0.988, y, generated_line(briefing), fontsize=layout.BODY, color=MUTED, ha="right", va="top")
    y -= 0.04
    if briefing.demo_records or briefing.demo_previous:
        y = layout.wrapped(figure, 0.012, y, demo_line(briefing), layout.BODY, 150, color=WARNING_ORANGE,
                           weight="bold") - 0.01
    figures = _figure_table(briefing)
    height = layout.table_height(figures) / size[1]
    layout.draw_table(figure.add_axes((0.012, y - height, 0.976, height)), figures)
    y -= height + 0.02
    top = [route_cells(row, lang, 28) for _, row in briefing.top_routes.head(ROUTE_ROWS).iterrows()]
    routes = layout.Table(brief_text.t("top_routes", lang), headers(ROUTE_HEADERS, lang), top,
                          (0.18, 0.28, 0.15, 0.11, 0.13, 0.15), "lllrrl")
    layout.draw_table(figure.add_axes((0.012, 0.03, 0.47, y - 0.03)), routes)
    emerging = [emerging_cells(row, lang, 26) for _, row in briefing.emerging.head(EMERGING_ROWS).iterrows()]
    title = brief_text.t("emerging", lang) if emerging else brief_text.t("no_emerging", lang)
    table = layout.Table(title, headers(EMERGING_HEADERS, lang) if emerging else [], emerging,
                         (0.19, 0.28, 0.18, 0.18, 0.17), "llrrr")
    height = layout.table_height(table) / size[1]
    layout.draw_table(figure.add_axes((0.51, y - height, 0.478, height)), table)
    y -= height + 0.02
    figure.text(0.51, y, brief_text.t("references", lang), fontsize=layout.BODY + 1.5, weight="bold", va="top")
    y -= 0.03
    for line in reference_lines(briefing):
        room = 0.478 * size[0] * 72
        figure.text(0.51, y, layout.fit(line, room, layout.BODY), fontsize=layout.BODY, color=MUTED, va="top")
        y -= layout.BODY * 1.5 / 72 / size[1]
    return figure
