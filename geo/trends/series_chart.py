"""The Trends small multiples: one panel per substance (or country) over time, one axis title per row.

Vega-Lite's facet repeats an independent axis, title included, in every panel (19 times for the
demo set) and cannot title a row once. The panels are therefore laid out here as rows of an
``hconcat`` in a ``vconcat``: panels are grouped by the unit they are drawn in (kg first, then
tablets, plants and seizures), a row holds one unit only, and only its first panel carries the
y-axis title. The time axis is titled once, under the first panel of the last row. Each panel
is titled with its substance, so no colour legend repeats the panel titles.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from geo.core import periods
from geo.i18n import trends as trend_text
from geo.trends.chart_base import (
    COUNTRY_COLOUR,
    FACET_COLUMNS,
    FACET_HEIGHT,
    FACET_WIDTH,
    NUMBER_FORMAT,
    WINDOW_COLOUR,
    check,
    empty,
    finish,
    substance_colours,
    tip,
)
from geo.trends.chart_text import MEASURES, ChartContext, amount_text, key_label, unit_word

# Rows are grouped by unit in this order: mass first, then the counted substances.
UNIT_ORDER = ("kg", "tablets", "plants", "cases")
COUNTED = ("cases", "tablets", "plants")
ZERO_COLOUR = "#888888"


def _units(totals: pd.DataFrame, measure: str) -> pd.Series:
    """Unit each key is shown in, indexed by key; keys with nothing to show in ``measure`` are left out."""
    if measure == "kg":
        # A substance counted rather than weighed (tramadol tablets, cannabis plants) would be a flat zero
        # in kg: it is shown in its own unit, which its panel and its row's axis state.
        found = [totals["kg"] > 0, totals["tablets"] > 0, totals["plants"] > 0]
        return pd.Series(np.select(found, ["kg", "tablets", "plants"], "cases"), index=totals.index)
    return pd.Series(measure, index=totals.index if measure == "cases" else totals.index[totals[measure] > 0])


def _series_data(series: pd.DataFrame, measure: str, by: str, lang: str) -> pd.DataFrame:
    """One row per (key, period) with the value in its key's unit, the panel label and tooltip texts."""
    series = series.reset_index(drop=True)  # rows are matched by position below
    quantities = series.loc[:, list(MEASURES)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    units = _units(quantities.groupby(series["key"]).sum(), measure)
    data = series.loc[series["key"].isin(units.index), ["period", "start", "key", "cases"]].copy()
    data["unit"] = data["key"].map(units)
    columns = [MEASURES.index(unit) for unit in data["unit"]]
    data["value"] = quantities.loc[data.index].to_numpy()[np.arange(len(data)), columns]
    data["substance"] = data["key"]
    data["substance_label"] = [key_label(k, by, lang) for k in data["key"]]
    own_unit = data["unit"] != measure
    data["facet"] = data["substance_label"].where(~own_unit, data["substance_label"] + " — " +
                                                  data["unit"].map(lambda u: unit_word(u, lang)))
    data["period_text"] = [periods.period_label(str(p), lang) for p in data["period"]]
    data["value_text"] = [amount_text(v, u, lang, with_unit=True) for v, u in zip(data["value"], data["unit"])]
    return data


def _with_window(data: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp], lang: str) -> pd.DataFrame:
    """Window bounds on every row, and one flagged row per panel so each panel draws one rect, not one per row."""
    start, end = (pd.Timestamp(bound) for bound in window)
    # The window's last day is inside it: the shading runs to the end of that day.
    dated = data.assign(window_start=start, window_end=end.normalize() + pd.Timedelta(days=1))
    dated["window_row"] = ~dated["facet"].duplicated()
    shown = "%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"
    dated["window_text"] = f"{start.strftime(shown)} – {end.strftime(shown)}"
    return dated


def _time_axis(period_keys: pd.Series, title: str | None) -> alt.Axis:
    """Date axis drawn as the zero line (the y scale starts at 0); yearly periods get one tick a year."""
    # Streamlit's theme hides the axis line: drawn here, it is the zero line that zeros sit on.
    line = {"domain": True, "domainColor": ZERO_COLOUR}
    if period_keys.astype("str").str.fullmatch(r"\d{4}").all():
        return alt.Axis(title=title, tickCount=alt.TimeIntervalStep(interval="year", step=1), format="%Y", **line)
    return alt.Axis(title=title, **line)


def _value_axis(unit: str, title: str | None) -> alt.Axis:
    """The quantity axis; counts tick on whole numbers only (no "0,5 saisie").

    Streamlit's theme sets ``labelFlush``, which lifts the "0" label above the axis so that zeros
    seem drawn below it: labels are centred on their ticks instead.
    """
    if unit in COUNTED:
        return alt.Axis(title=title, format=NUMBER_FORMAT, tickMinStep=1, labelFlush=False)
    return alt.Axis(title=title, format=NUMBER_FORMAT, labelFlush=False)


def _panel(panel: int, facet: str, unit: str, y_title: str | None, x_title: str | None, period_keys: pd.Series,
           colour: alt.Color | alt.ValueChannelMixin, window: bool, lang: str, by: str) -> alt.LayerChart:
    """One panel: the window shading (if any) under the line of one key, filtered from the shared data by number."""
    # The y scale starts at zero and never below it, so a period without seizures sits on the axis line.
    line = alt.Chart().mark_line(point=alt.OverlayMarkDef(size=30, filled=True), clip=True).encode(
        x=alt.X("start:T", axis=_time_axis(period_keys, x_title)),
        y=alt.Y("value:Q", axis=_value_axis(unit, y_title), scale=alt.Scale(zero=True, domainMin=0, nice=True)),
        color=colour,
        tooltip=[tip("substance_label", trend_text.t("col_substance" if by == "substance" else "col_country", lang)),
                 tip("period_text", trend_text.t("col_period", lang)),
                 tip("value_text", trend_text.t("quantity", lang))],
    )
    layers: list[alt.Chart] = [line]
    if window:
        rect = (alt.Chart().transform_filter(alt.FieldEqualPredicate(field="window_row", equal=True))
                .mark_rect(color=WINDOW_COLOUR, opacity=0.25)
                .encode(x="window_start:T", x2="window_end:T",
                        tooltip=[tip("window_text", trend_text.t("window", lang))]))
        layers.insert(0, rect)  # drawn first, under the line
    return (alt.layer(*layers).transform_filter(alt.FieldEqualPredicate(field="panel", equal=panel))
            .properties(width=FACET_WIDTH, height=FACET_HEIGHT,
                        title=alt.TitleParams(text=facet, fontSize=12, fontWeight="normal", anchor="middle")))


def _rows(order: list[str], units: dict[str, str]) -> list[list[str]]:
    """Panels in rows of at most :data:`FACET_COLUMNS`, a new row whenever the unit changes."""
    rows: list[list[str]] = []
    for facet in order:
        if not rows or len(rows[-1]) == FACET_COLUMNS or units[rows[-1][0]] != units[facet]:
            rows.append([])
        rows[-1].append(facet)
    return rows


def series_chart(
    series: pd.DataFrame,
    context: ChartContext,
    measure: str = "kg",
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    by: str = "substance",
) -> alt.TopLevelMixin:
    """Small multiples of a quantity over time: one panel per substance (or country), each with its own scale.

    ``measure`` is "kg", "cases", "tablets" or "plants". In kg, a key with no mass at all is
    shown in tablets, plants or cases instead: its panel title names that unit and it sits in
    a row of that unit, whose axis title says so. Keys with nothing in a counted measure are
    left out. ``window`` (first and last day) is shaded in every panel.
    """
    check(measure, MEASURES, "measure")
    check(by, ("substance", "country"), "by")
    lang = context.lang
    title = trend_text.t(f"series_title_{by}", lang, measure=trend_text.t(f"measure_{measure}", lang))
    data = _series_data(series, measure, by, lang) if not series.empty else series
    if data.empty:
        return empty(title, context)
    if window is not None:
        data = _with_window(data, window, lang)
    units = data.drop_duplicates("facet").set_index("facet")["unit"].to_dict()
    # Within a unit, panels by number of seizures, the one measure all of them share.
    cases = data.groupby("facet")["cases"].sum()
    order = sorted(units, key=lambda f: (UNIT_ORDER.index(units[f]), -cases[f], f))
    data["panel"] = data["facet"].map({facet: i for i, facet in enumerate(order)})
    # Each panel is titled with its key: a colour legend would only repeat the titles.
    colour = (substance_colours(data["key"], lang).legend(None) if by == "substance"
              else alt.value(COUNTRY_COLOUR))
    rows = _rows(order, units)
    x_title = trend_text.t("axis_period", lang)
    lines = []
    for r, row in enumerate(rows):
        y_title = trend_text.t(f"axis_{units[row[0]]}", lang)  # the row's one unit
        panels = [_panel(order.index(facet), facet, units[facet], y_title if c == 0 else None,
                         x_title if (c == 0 and r == len(rows) - 1) else None, data["period"], colour,
                         window is not None, lang, by)
                  for c, facet in enumerate(row)]
        lines.append(alt.hconcat(*panels, spacing=24))
    chart = alt.vconcat(*lines, data=data, spacing=16).resolve_scale(y="independent")
    return finish(chart, title, context)
