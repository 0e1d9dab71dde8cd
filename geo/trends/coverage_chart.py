"""The Trends page's coverage tab: the official annual total as a line beside the summed shared seizures.

One small chart per country (or per substance), years on the x axis: bars are the kilograms of the shared
records the viewer may see, the line the official total (:mod:`geo.analysis.coverage`: members of a group,
never group and members). Where no official total exists the line has no point: silence is not a zero.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.analysis import coverage
from geo.core.schema import substance_label
from geo.i18n import trends as trend_text
from geo.reference.countries import country_name
from geo.trends.chart_base import COUNTRY_COLOUR, FACET_COLUMNS, FACET_HEIGHT, FACET_WIDTH, NUMBER_FORMAT, finish
from geo.trends.chart_text import ChartContext

BY = ("country", "substance")
SHOWN = 12  # small multiples at most: the heaviest official totals first
OFFICIAL_COLOUR = "#000000"
COLUMNS = ("key", "label", "year", "records_kg", "official_kg", "ratio")


def coverage_series(table: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """Per country (or substance) and year: records' kg, official kg (NaN where none reported) and their ratio.

    ``table`` is :func:`geo.analysis.coverage.coverage`'s. The ratio counts only the pairs with an official total
    on both sides, as the briefing's share does.
    """
    if by not in BY:
        raise ValueError(f"by {by!r} is not one of {', '.join(BY)}")
    out = coverage.shares(table, by)
    names = country_name if by == "country" else substance_label
    out["label"] = [names(key, lang) or key for key in out["key"]]
    return out.loc[:, list(COLUMNS)]


def coverage_chart(series: pd.DataFrame, context: ChartContext, by: str) -> alt.TopLevelMixin:
    """Small multiples: bars of shared seizures and a line of the official total, per year."""
    lang = context.lang
    title = trend_text.t("coverage_title", lang, by=trend_text.t(f"coverage_by_{by}", lang))
    heaviest = (series.groupby("label")["official_kg"].max().fillna(0).sort_values(ascending=False).head(SHOWN).index)
    shown = series[series["label"].isin(heaviest)]
    records_name, official_name = trend_text.t("coverage_records", lang), trend_text.t("coverage_official", lang)
    long = pd.concat([shown.assign(series=records_name, kg=shown["records_kg"]),
                      shown.assign(series=official_name, kg=shown["official_kg"])]).dropna(subset=["kg"])
    long = long.loc[:, ["label", "year", "series", "kg", "ratio"]]
    colour = alt.Color("series:N", title=trend_text.t("coverage_series", lang),
                       scale=alt.Scale(domain=[records_name, official_name], range=[COUNTRY_COLOUR, OFFICIAL_COLOUR]))
    x = alt.X("year:O", title=trend_text.t("coverage_year", lang))
    y = alt.Y("kg:Q", title="kg", axis=alt.Axis(format=NUMBER_FORMAT))
    tooltip = [alt.Tooltip("label:N", title=""), alt.Tooltip("year:O", title=trend_text.t("coverage_year", lang)),
               alt.Tooltip("series:N", title=""), alt.Tooltip("kg:Q", title="kg", format=NUMBER_FORMAT),
               alt.Tooltip("ratio:Q", title=trend_text.t("coverage_share", lang), format=".0%")]
    base = alt.Chart(long).encode(x=x, y=y, color=colour, tooltip=tooltip)
    bars = base.transform_filter(alt.datum.series == records_name).mark_bar(opacity=0.75)
    line = base.transform_filter(alt.datum.series == official_name).mark_line(point=True, strokeWidth=2)
    chart = alt.layer(bars, line).properties(width=FACET_WIDTH, height=FACET_HEIGHT).facet(
        facet=alt.Facet("label:N", title=None, sort=list(heaviest)), columns=FACET_COLUMNS)
    return finish(chart.resolve_scale(y="independent"), title, context, [trend_text.t("coverage_note", lang)])
