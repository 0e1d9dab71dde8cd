"""A :class:`~geo.briefs.content.Briefing` as a PPTX deck: a title slide, one slide per substance, a routes slide.

Every word and number is a text box or a table cell the presenter can edit; only the maps
are pictures (:func:`geo.maps.static.map_figure`). The banner, when the records included are
restricted or confidential, is on every slide, at the top and the bottom.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.slide import Slide
from pptx.util import Inches, Pt

from geo import i18n
from geo.briefs.content import Briefing
from geo.briefs.text import (
    BANNER_RED,
    EMERGING_HEADERS,
    FIGURE_HEADERS,
    MUTED,
    ROUTE_HEADERS,
    ROUTE_ROWS,
    WARNING_ORANGE,
    change_text,
    count_text,
    demo_line,
    emerging_cells,
    figure_cells,
    generated_line,
    headers,
    kg_text,
    number,
    route_cells,
    sources_line,
    sum_cells,
)
from geo.i18n import briefs as brief_text
from geo.maps import static as staticmap
from geo.maps.static_silence import draw_silence

SLIDE_SIZE = (13.333, 7.5)  # inches, 16:9
MAP_SIZE = (7.0, 5.6)  # inches, on each substance slide
MAP_DPI = 110
SUMMARY_ROWS = 8  # substances in the title slide's overview (the demo has 18)
Box = tuple[float, float, float, float]  # left, top, width, height in inches


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _text(slide: Slide, box: Box, lines: str, size: float, *, bold: bool = False, colour: str = "#000000",
          align: PP_ALIGN = PP_ALIGN.LEFT) -> None:
    """A text box the presenter can edit (one paragraph per line)."""
    frame = slide.shapes.add_textbox(*(Inches(v) for v in box)).text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(colour)


def _table(slide: Slide, box: Box, header: list[str], rows: list[list[str]], widths: Sequence[float],
           aligns: str, size: float = 10) -> None:
    """A real table (editable cells): names left, numbers right."""
    shape = slide.shapes.add_table(len(rows) + 1, len(header), *(Inches(v) for v in box))
    for column, width in enumerate(widths):
        shape.table.columns[column].width = Inches(box[2] * width)
    for row_number, cells in enumerate([[h.replace("\n", " ") for h in header], *rows]):
        for column, value in enumerate(cells):
            paragraph = shape.table.cell(row_number, column).text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if aligns[column] == "l" else PP_ALIGN.RIGHT
            run = paragraph.add_run()  # a run even for an empty cell, so the size holds when someone types
            run.text = value
            run.font.size, run.font.bold = Pt(size), row_number == 0


def _slide(deck: Presentation, briefing: Briefing, title: str, subtitle: str) -> Slide:
    """A blank slide with its title, subtitle, banner (top and bottom) and synthetic-data warning."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # "Blank": every shape is ours
    _text(slide, (0.5, 0.45, 12.3, 0.7), title, 26, bold=True)
    _text(slide, (0.5, 1.1, 12.3, 0.4), subtitle, 13, colour=MUTED)
    if briefing.banner:
        for top in (0.05, 7.05):
            _text(slide, (0.5, top, 12.3, 0.4), briefing.banner, 14, bold=True, colour=BANNER_RED,
                  align=PP_ALIGN.CENTER)
    if briefing.demo_records or briefing.demo_previous:
        _text(slide, (0.5, 6.65, 12.3, 0.4), demo_line(briefing), 11, bold=True, colour=WARNING_ORANGE)
    return slide


def _title_slide(deck: Presentation, briefing: Briefing) -> None:
    lang = briefing.lang
    slide = _slide(deck, briefing, briefing.title, brief_text.t("period", lang, period=briefing.period_text))
    lines = [briefing.headline, *([briefing.coverage_text] if briefing.coverage_text else []),
             brief_text.t("compared", lang, period=briefing.previous_text),
             brief_text.t("filters", lang, filters=briefing.filters_text), sources_line(briefing),
             generated_line(briefing)]
    _text(slide, (0.5, 1.6, 12.3, 1.6), "\n".join(lines), 14)
    # Scope and silence, as on the one-pager: kilograms off the map, countries that reported nothing in the window.
    notes = [(note, colour) for note, colour in ((briefing.outside_text, WARNING_ORANGE),
                                                 (briefing.silence_text, MUTED)) if note]
    for index, (note, colour) in enumerate(notes):
        _text(slide, (8.8, 3.25 + 1.1 * index, 4.1, 1.0), note, 11, colour=colour)
    if briefing.key_figures.empty:
        return
    # An overview of the deck: the heaviest substances and the total, each detailed on its own slide.
    shown = briefing.key_figures.head(SUMMARY_ROWS)
    rows = [figure_cells(row, lang) for _, row in shown.iterrows()]
    rows.append(sum_cells(briefing.key_figures, brief_text.t("total", lang), lang))
    columns = [0, 1, 2, 3, 7]  # substance, kg, cases, tablets, change
    _text(slide, (0.5, 3.25, 8.0, 0.4), brief_text.t("key_figures", lang), 14, bold=True)
    _table(slide, (0.5, 3.65, 8.0, 0.25 * (len(rows) + 1)), [headers(FIGURE_HEADERS, lang)[i] for i in columns],
           [[cells[i] for i in columns] for cells in rows], (0.34, 0.18, 0.12, 0.18, 0.18), "lrrrr", size=9)


def _substance_slide(deck: Presentation, briefing: Briefing, row: pd.Series) -> None:
    lang, substance = briefing.lang, row["substance"]
    slide = _slide(deck, briefing, row["label"], brief_text.t("period", lang, period=briefing.period_text))
    every = briefing.legs if briefing.substance_legs is None else briefing.substance_legs
    legs = every.loc[every["substance"] == substance]
    largest = float(legs["weight"].max()) if len(legs) and legs["weight"].max() > 0 else None
    figure = staticmap.map_figure(briefing.records.loc[briefing.records["substance"] == substance], legs, lang,
                                  size=MAP_SIZE, largest_flow=largest)
    draw_silence(figure.axes[0], briefing.silent, lang)  # hatched: no record at all in the window ("no report")
    slide.shapes.add_picture(io.BytesIO(staticmap.figure_png(figure, dpi=MAP_DPI)), Inches(0.4), Inches(1.5),
                             width=Inches(MAP_SIZE[0] * 0.9))
    measures: list[tuple[str, Callable[[str], str]]] = [
        (i18n.t("metric_kg", lang), lambda suffix: kg_text(row[f"kg{suffix}"], row["basis"], lang)),
        (i18n.t("metric_cases", lang), lambda suffix: number(row[f"cases{suffix}"], lang)),
        (brief_text.t("col_tablets", lang), lambda suffix: count_text(row[f"tablets{suffix}"], lang)),
        (brief_text.t("col_plants", lang), lambda suffix: count_text(row[f"plants{suffix}"], lang)),
    ]
    rows = [[name, value(""), value("_before")] for name, value in measures]
    rows.append([brief_text.t("col_change", lang), change_text(row, lang), ""])
    _table(slide, (7.0, 1.6, 5.9, 1.8), ["", brief_text.t("now", lang), brief_text.t("before", lang)], rows,
           (0.4, 0.3, 0.3), "lrr", size=12)
    top = briefing.top_routes.loc[briefing.top_routes["substance"] == substance]
    cells = [route_cells(leg, lang, 34)[1:] for _, leg in top.iterrows()]
    if cells:
        _text(slide, (7.0, 3.8, 5.9, 0.4), brief_text.t("top_routes", lang), 14, bold=True)
        _table(slide, (7.0, 4.25, 5.9, 0.3 * (len(cells) + 1)), headers(ROUTE_HEADERS[1:], lang), cells,
               (0.4, 0.15, 0.17, 0.12, 0.16), "llrrl")


def _routes_slide(deck: Presentation, briefing: Briefing) -> None:
    lang = briefing.lang
    slide = _slide(deck, briefing, brief_text.t("routes_slide", lang),
                   brief_text.t("period", lang, period=briefing.period_text))
    top = [route_cells(row, lang, 36) for _, row in briefing.top_routes.head(ROUTE_ROWS).iterrows()]
    _text(slide, (0.4, 1.55, 7.4, 0.4), brief_text.t("top_routes", lang), 14, bold=True)
    _table(slide, (0.4, 2.0, 7.4, 0.28 * (len(top) + 1)), headers(ROUTE_HEADERS, lang), top,
           (0.2, 0.36, 0.12, 0.12, 0.08, 0.12), "lllrrl", size=9)
    emerging = [emerging_cells(row, lang, 30) for _, row in briefing.emerging.iterrows()]
    _text(slide, (8.0, 1.55, 5.0, 0.4), brief_text.t("emerging" if emerging else "no_emerging", lang), 14, bold=True)
    if emerging:
        _table(slide, (8.0, 2.0, 5.0, 0.28 * (len(emerging) + 1)), headers(EMERGING_HEADERS, lang), emerging,
               (0.2, 0.34, 0.17, 0.17, 0.12), "llrrr", size=9)


def render_pptx(briefing: Briefing) -> bytes:
    """The deck: a title slide, one slide per substance of the key figures (map and figures), a routes slide."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_SIZE[0]), Inches(SLIDE_SIZE[1])
    deck.core_properties.title = briefing.title
    _title_slide(deck, briefing)
    for _, row in briefing.key_figures.iterrows():
        _substance_slide(deck, briefing, row)
    _routes_slide(deck, briefing)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
