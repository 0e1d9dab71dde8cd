"""Trends charts (Altair), built from the frames of :mod:`geo.trends`; the Sankey is :mod:`geo.trends.sankey`.

Every chart states its title in the reader's language, the period it covers (subtitle), the
units of its axes and, while synthetic demo records are shown, that it includes them: the
warning sits in the subtitle as well as in :func:`caption`, so a saved image carries it.

Record text reaches a chart only as data values. No Vega expression, field name or Plotly
template is built from it: fields are this module's own names and conditions are structured
predicates. The tables live in :mod:`geo.trends.chart_tables`, the wording in :mod:`geo.trends.chart_text`
(its words in :mod:`geo.i18n.trends`); the tables and the Sankey are re-exported here so that the page imports one
module.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo import i18n
from geo.core import periods
from geo.core.schema import CONVEYANCES, substance_label
from geo.i18n import trends as trend_text
from geo.trends.change_chart import change_chart
from geo.trends.chart_base import (
    BAR_HEIGHT,
    CONCAT_WIDTH,
    CONVEYANCE_COLOURS,
    LABEL_LIMIT,
)
from geo.trends.chart_base import amount_axis as _amount_axis
from geo.trends.chart_base import empty as _empty
from geo.trends.chart_base import finish as _finish
from geo.trends.chart_base import substance_colours as _substance_colours
from geo.trends.chart_base import tip as _tip
from geo.trends.chart_tables import emerging_hotspot_table, hotspot_table, leg_change_table, top_legs_table
from geo.trends.chart_text import (
    ChartContext,
    amount_text,
    caption,
    distinct_labels,
    leg_label,
    share_text,
)
from geo.trends.sankey import sankey_figure
from geo.trends.series_chart import series_chart

__all__ = [
    "ChartContext", "caption", "series_chart", "top_legs_chart", "top_legs_table", "sankey_figure",
    "change_chart", "leg_change_table", "hotspot_table", "emerging_hotspot_table",
    "mix_chart", "concealment_chart", "data_for_download",
]
TOP_LEGS_SHOWN = 15  # bars per panel of the routes chart: more would not read at a glance


# --- ranked legs ----------------------------------------------------------------------
def _leg_bars(rows: pd.DataFrame, basis: str, lang: str, width: int | str, colour: alt.Color,
              y_title: str | None) -> alt.Chart:
    data = rows.loc[:, ["substance", "weight", "share"]].copy()
    modes = rows["mode"].map(lambda m: i18n.value_label(str(m), lang))
    data["substance_label"] = [substance_label(str(s), lang) for s in rows["substance"]]
    legs = pd.Series([leg_label(a, b, lang) for a, b in zip(rows["from_iso3"], rows["to_iso3"])], index=rows.index)
    data["label"] = distinct_labels(legs, modes, data["substance_label"])
    data["mode_text"] = modes
    data["weight_text"] = [amount_text(w, basis, lang, with_unit=True) for w in data["weight"]]
    data["share_text"] = [share_text(s, lang) for s in data["share"]]
    axis_key = "axis_kg" if basis == "kg" else "axis_cases"
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", sort="-x", title=y_title, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("weight:Q", axis=_amount_axis(trend_text.t(axis_key, lang), counted=basis != "kg")),
        color=colour,
        tooltip=[_tip("label", trend_text.t("col_leg", lang)),
                 _tip("substance_label", trend_text.t("col_substance", lang)),
                 _tip("mode_text", trend_text.t("col_mode", lang)), _tip("weight_text", trend_text.t("quantity", lang)),
                 _tip("share_text", trend_text.t("col_share", lang))],
    ).properties(width=width, height=BAR_HEIGHT)


def _heaviest(rows: pd.DataFrame, shown: int = TOP_LEGS_SHOWN) -> pd.DataFrame:
    """The ``shown`` heaviest legs, ties by substance and countries so that the choice is stable."""
    return rows.sort_values(["weight", "substance", "from_iso3", "to_iso3"], ascending=[False, True, True, True],
                            kind="stable").iloc[:shown]


def top_legs_chart(top_legs: pd.DataFrame, context: ChartContext, period: str) -> alt.TopLevelMixin:
    """Horizontal bars of ``period``'s :data:`TOP_LEGS_SHOWN` heaviest legs, heaviest on top, coloured by substance.

    Legs weighed in kg and legs counted in seizures get one panel each, so no axis mixes units.
    """
    lang = context.lang
    title = trend_text.t("top_legs_title", lang, period=periods.period_label(str(period), lang))
    rows = top_legs.loc[top_legs["period"].astype("str") == str(period)] if not top_legs.empty else top_legs
    if rows.empty:
        return _empty(title, context)
    bases = rows["basis"].where(rows["basis"] == "kg", "cases")
    present = [basis for basis in ("kg", "cases") if (bases == basis).any()]
    width = "container" if len(present) == 1 else CONCAT_WIDTH  # Vega sizes only single views to their container
    # The heaviest legs of all substances together, per unit; the legend lists only the substances shown.
    shown = {basis: _heaviest(rows.loc[bases == basis]) for basis in present}
    colour = _substance_colours(pd.concat(shown.values())["substance"], lang)  # one scale for both panels
    leg_title = trend_text.t("col_leg", lang)  # once, on the first panel
    parts = [_leg_bars(legs, basis, lang, width, colour, leg_title if i == 0 else None)
             for i, (basis, legs) in enumerate(shown.items())]
    chart = parts[0] if len(parts) == 1 else alt.vconcat(*parts).resolve_scale(color="shared")
    return _finish(chart, title, context, notes=[trend_text.t("top_legs_note", lang, n=TOP_LEGS_SHOWN)])


# --- mixes ----------------------------------------------------------------------------
def mix_chart(conveyance_mix: pd.DataFrame, context: ChartContext) -> alt.TopLevelMixin:
    """Stacked 100 % bars: for each substance, the share of its seizures by each conveyance."""
    lang = context.lang
    title = trend_text.t("mix_title", lang)
    rows = conveyance_mix.loc[conveyance_mix["cases"] > 0] if not conveyance_mix.empty else conveyance_mix
    if rows.empty:
        return _empty(title, context)
    data = rows.loc[:, ["substance", "conveyance", "cases"]].copy()
    data["substance_label"] = [substance_label(str(s), lang) for s in data["substance"]]
    data["conveyance_text"] = [i18n.value_label(str(c), lang) for c in data["conveyance"]]
    data["conveyance_order"] = [CONVEYANCES.index(c) if c in CONVEYANCES else len(CONVEYANCES)
                                for c in data["conveyance"]]
    data["cases_text"] = [amount_text(c, "cases", lang, with_unit=True) for c in data["cases"]]
    shares = data["cases"] / data.groupby("substance")["cases"].transform("sum")
    data["share_text"] = [share_text(s, lang) for s in shares]
    colours = alt.Scale(domain=[i18n.value_label(c, lang) for c in CONVEYANCES],
                        range=[CONVEYANCE_COLOURS[c] for c in CONVEYANCES])
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("substance_label:N", sort=alt.EncodingSortField("cases", op="sum", order="descending"),
                title=trend_text.t("col_substance", lang)),
        x=alt.X("cases:Q", stack="normalize", title=trend_text.t("axis_share_cases", lang), axis=alt.Axis(format="%")),
        color=alt.Color("conveyance_text:N", scale=colours, legend=alt.Legend(title=trend_text.t("col_mode", lang))),
        order=alt.Order("conveyance_order:Q"),
        tooltip=[_tip("substance_label", trend_text.t("col_substance", lang)),
                 _tip("conveyance_text", trend_text.t("col_mode", lang)),
                 _tip("cases_text", trend_text.t("col_cases", lang)),
                 _tip("share_text", trend_text.t("col_share", lang))],
    )
    return _finish(chart.properties(width="container", height=BAR_HEIGHT), title, context)


def concealment_chart(concealment_mix: pd.DataFrame, context: ChartContext, top: int = 12) -> alt.TopLevelMixin:
    """Bars of the ``top`` most reported concealment details, stacked by substance.

    The details are free text from records: they are axis values and tooltip values, nothing else.
    """
    lang = context.lang
    if concealment_mix.empty:
        return _empty(trend_text.t("concealment_title", lang, n=top), context)
    data = concealment_mix.loc[:, ["substance", "cases", "share"]].copy()
    details = concealment_mix["detail"].astype("str").str.strip()
    data["detail_text"] = details.where(concealment_mix["detail"].notna() & (details != ""),
                                        trend_text.t("unspecified", lang))
    kept = data.groupby("detail_text")["cases"].sum().nlargest(top).index
    title = trend_text.t("concealment_title", lang, n=len(kept))
    data = data.loc[data["detail_text"].isin(kept)]
    data["substance_label"] = [substance_label(str(s), lang) for s in data["substance"]]
    data["cases_text"] = [amount_text(c, "cases", lang, with_unit=True) for c in data["cases"]]
    data["share_text"] = [share_text(s, lang) for s in data["share"]]
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("detail_text:N", sort="-x", title=trend_text.t("concealment", lang),
                axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("cases:Q", axis=_amount_axis(trend_text.t("axis_cases", lang), counted=True)),
        color=_substance_colours(data["substance"], lang),
        tooltip=[_tip("detail_text", trend_text.t("concealment", lang)),
                 _tip("substance_label", trend_text.t("col_substance", lang)),
                 _tip("cases_text", trend_text.t("col_cases", lang)),
                 _tip("share_text", trend_text.t("col_share", lang))],
    )
    return _finish(chart.properties(width="container", height=BAR_HEIGHT), title, context)


def data_for_download(frame: pd.DataFrame) -> pd.DataFrame:
    """The chart's own data for a download, column names as they are.

    Pass it to ``geo.records.exports.table_bytes``.
    """
    return frame.reset_index(drop=True).copy()
