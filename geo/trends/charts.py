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
import numpy as np
import pandas as pd

from geo import i18n
from geo.core import periods
from geo.core.schema import CONVEYANCES, substance_label
from geo.i18n import trends as trend_text
from geo.trends.chart_tables import hotspot_table, leg_change_table, top_legs_table
from geo.trends.chart_text import (
    MEASURES,
    STATUSES,
    ChartContext,
    amount_text,
    caption,
    distinct_labels,
    key_label,
    leg_label,
    place_name,
    ratio_text,
    share_text,
    status_text,
    substance_colour,
    subtitle,
    unit_word,
)
from geo.trends.sankey import sankey_figure

__all__ = [
    "ChartContext", "caption", "series_chart", "top_legs_chart", "top_legs_table", "sankey_figure",
    "change_chart", "leg_change_table", "hotspot_table", "mix_chart", "concealment_chart", "data_for_download",
]

# Okabe–Ito colours: told apart with the common colour-vision deficiencies.
STATUS_COLOURS = {"emerging": "#d55e00", "fading": "#0072b2", "stable": "#999999"}
STATUS_SHAPES = {"emerging": "triangle-up", "fading": "triangle-down", "stable": "circle"}  # as ▲ ▼ in the tables
CONVEYANCE_COLOURS = {"land": "#e69f00", "sea": "#0072b2", "air": "#56b4e9", "mail": "#cc79a7", "unknown": "#bbbbbb"}
WINDOW_COLOUR = "#fbc02d"
COUNTRY_COLOUR = "#455a64"
FACET_WIDTH, FACET_HEIGHT, FACET_COLUMNS = 220, 110, 3
BAR_STEP, CONCAT_WIDTH, LABEL_LIMIT, EMPTY_HEIGHT = 22, 480, 260, 140
# Bar charts size by their number of bars; Streamlit fits a fixed height to the whole chart, titles included,
# which squeezes the bars out when they are few.
BAR_HEIGHT = alt.Step(BAR_STEP)
# Grouped thousands in the locale, trailing zeros trimmed (Vega's default axis format groups nothing).
NUMBER_FORMAT = ",~f"
# Vega formats axis numbers and dates itself: without a locale a French axis would read "1,000" and "Jan".
LOCALES = {
    "fr": alt.Locale(
        number=alt.NumberLocale(decimal=",", thousands="\u202f", grouping=[3], currency=["", "\u00a0€"],
                                percent="\u202f%"),
        time=alt.TimeLocale(
            dateTime="%A %e %B %Y à %X", date="%d/%m/%Y", time="%H:%M:%S", periods=["AM", "PM"],
            days=["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
            shortDays=["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
            months=["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                    "octobre", "novembre", "décembre"],
            shortMonths=["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
                         "déc."],
        ),
    ),
    "en": alt.Locale(number=alt.NumberLocale(decimal=".", thousands=",", grouping=[3], currency=["$", ""])),
}


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")


def _finish(chart: alt.TopLevelMixin, title: str, context: ChartContext) -> alt.TopLevelMixin:
    """Title, period subtitle and number/date locale: what every chart carries."""
    titled = chart.properties(title=alt.TitleParams(text=title, subtitle=subtitle(context), anchor="start"))
    return titled.configure(locale=LOCALES[context.lang])


def _empty(title: str, context: ChartContext) -> alt.Chart:
    """A chart that says there is nothing to show, with the title and period of the one it stands for."""
    message = pd.DataFrame({"message": [trend_text.t("no_data", context.lang)]})
    chart = alt.Chart(message).mark_text(fontSize=14, color="#666666").encode(text=alt.Text("message:N"))
    return _finish(chart.properties(width="container", height=EMPTY_HEIGHT), title, context)


def _substance_colours(substance_ids: pd.Series, lang: str) -> alt.Color:
    """Colour by ``substance_label``: each substance of ``substance_ids`` in its vocabulary colour."""
    labels = sorted((substance_label(str(s), lang), str(s)) for s in pd.unique(substance_ids))
    scale = alt.Scale(domain=[label for label, _ in labels], range=[substance_colour(s) for _, s in labels])
    return alt.Color("substance_label:N", scale=scale, legend=alt.Legend(title=trend_text.t("col_substance", lang)))


def _amount_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, format=NUMBER_FORMAT)


def _tip(field: str, title: str) -> alt.Tooltip:
    return alt.Tooltip(field, type="nominal", title=title)


# --- series ---------------------------------------------------------------------------
def _units(totals: pd.DataFrame, measure: str) -> pd.Series:
    """Unit each key is shown in, indexed by key; keys with nothing to show in ``measure`` are left out."""
    if measure == "kg":
        # A substance counted rather than weighed (tramadol tablets, cannabis plants) would be a flat zero
        # in kg: it is shown in its own unit, which its panel header states.
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


def _time_axis(period_keys: pd.Series, lang: str) -> alt.Axis:
    """Date axis; yearly periods get one tick a year, not Vega's months between them."""
    if period_keys.astype("str").str.fullmatch(r"\d{4}").all():
        return alt.Axis(title=trend_text.t("axis_period", lang),
                        tickCount=alt.TimeIntervalStep(interval="year", step=1), format="%Y")
    return alt.Axis(title=trend_text.t("axis_period", lang))


def _window_rect(lang: str) -> alt.Chart:
    return (alt.Chart().transform_filter(alt.FieldEqualPredicate(field="window_row", equal=True))
            .mark_rect(color=WINDOW_COLOUR, opacity=0.25)
            .encode(x="window_start:T", x2="window_end:T", tooltip=[_tip("window_text", trend_text.t("window", lang))]))


def series_chart(
    series: pd.DataFrame,
    context: ChartContext,
    measure: str = "kg",
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    by: str = "substance",
) -> alt.TopLevelMixin:
    """Small multiples of a quantity over time: one panel per substance (or country), each with its own scale.

    ``measure`` is "kg", "cases", "tablets" or "plants". In kg, a key with no mass at all is
    shown in tablets, plants or cases instead, and its panel header names that unit. Keys
    with nothing in a counted measure are left out. ``window`` (first and last day) is
    shaded in every panel.
    """
    _check(measure, MEASURES, "measure")
    _check(by, ("substance", "country"), "by")
    lang = context.lang
    title = trend_text.t(f"series_title_{by}", lang, measure=trend_text.t(f"measure_{measure}", lang))
    data = _series_data(series, measure, by, lang) if not series.empty else series
    if data.empty:
        return _empty(title, context)
    axis = "axis_kg_mixed" if (data["unit"] != measure).any() else f"axis_{measure}"
    colour = _substance_colours(data["key"], lang) if by == "substance" else alt.value(COUNTRY_COLOUR)
    line = alt.Chart().mark_line(point=True).encode(
        x=alt.X("start:T", axis=_time_axis(data["period"], lang)),
        y=alt.Y("value:Q", axis=_amount_axis(trend_text.t(axis, lang))),
        color=colour,
        tooltip=[_tip("substance_label", trend_text.t("col_substance" if by == "substance" else "col_country", lang)),
                 _tip("period_text", trend_text.t("col_period", lang)),
                 _tip("value_text", trend_text.t("quantity", lang))],
    )
    layers = [line]
    if window is not None:
        data = _with_window(data, window, lang)
        layers.insert(0, _window_rect(lang))  # drawn first, under the line
    # Panels by number of seizures, the one measure all of them share whatever their unit.
    order = data.groupby("facet")["cases"].sum().sort_values(ascending=False, kind="stable").index.tolist()
    panels = alt.layer(*layers, data=data).properties(width=FACET_WIDTH, height=FACET_HEIGHT)
    chart = panels.facet(facet=alt.Facet("facet:N", title=None, sort=order), columns=FACET_COLUMNS)
    return _finish(chart.resolve_scale(y="independent"), title, context)


# --- ranked legs ----------------------------------------------------------------------
def _leg_bars(rows: pd.DataFrame, basis: str, lang: str, width: int | str, colour: alt.Color) -> alt.Chart:
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
        y=alt.Y("label:N", sort="-x", title=trend_text.t("col_leg", lang), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("weight:Q", axis=_amount_axis(trend_text.t(axis_key, lang))),
        color=colour,
        tooltip=[_tip("label", trend_text.t("col_leg", lang)),
                 _tip("substance_label", trend_text.t("col_substance", lang)),
                 _tip("mode_text", trend_text.t("col_mode", lang)), _tip("weight_text", trend_text.t("quantity", lang)),
                 _tip("share_text", trend_text.t("col_share", lang))],
    ).properties(width=width, height=BAR_HEIGHT)


def top_legs_chart(top_legs: pd.DataFrame, context: ChartContext, period: str) -> alt.TopLevelMixin:
    """Horizontal bars of ``period``'s ranked legs, heaviest on top, coloured by substance.

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
    colour = _substance_colours(rows["substance"], lang)  # one scale for both panels
    parts = [_leg_bars(rows.loc[bases == basis], basis, lang, width, colour) for basis in present]
    chart = parts[0] if len(parts) == 1 else alt.vconcat(*parts).resolve_scale(color="shared")
    return _finish(chart, title, context)


# --- change by country ----------------------------------------------------------------
def _change_data(changes: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    data = changes.loc[:, ["substance", "country", "status", "change"]].copy()
    data["now"] = pd.to_numeric(changes[f"{measure}_now"], errors="coerce").fillna(0.0)
    data["before"] = pd.to_numeric(changes[f"{measure}_before"], errors="coerce").fillna(0.0)
    data["difference"] = data["now"] - data["before"]
    data["substance_label"] = [substance_label(str(s), lang) for s in data["substance"]]
    countries = pd.Series([place_name(c, lang) for c in data["country"]], index=data.index)
    data["label"] = distinct_labels(countries, data["substance_label"])
    data["status_text"] = [status_text(str(s), lang) for s in data["status"]]
    for column in ("now", "before", "difference"):
        data[f"{column}_text"] = [amount_text(v, measure, lang, with_unit=True) for v in data[column]]
    data["ratio_text"] = [ratio_text(c, lang) for c in data["change"]]
    return data.drop(columns=["change"])


def change_chart(country_changes: pd.DataFrame, context: ChartContext, measure: str = "kg") -> alt.TopLevelMixin:
    """Diverging bars of this period minus the previous one per country, coloured and marked by trend.

    Rows are countries, or country · substance when several substances are charted.
    """
    _check(measure, ("kg", "cases"), "measure")
    lang = context.lang
    title = trend_text.t(f"change_title_{measure}", lang)
    if country_changes.empty:
        return _empty(title, context)
    data = _change_data(country_changes, measure, lang)
    colours = alt.Scale(domain=[status_text(s, lang) for s in STATUSES], range=[STATUS_COLOURS[s] for s in STATUSES])
    base = alt.Chart().encode(
        # An explicit order: layers union their domains and would drop a sort by field.
        y=alt.Y("label:N", sort=data.sort_values("difference", ascending=False)["label"].tolist(),
                title=trend_text.t("col_country", lang), axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("difference:Q", axis=_amount_axis(trend_text.t(f"axis_change_{measure}", lang))),
        tooltip=[_tip("label", trend_text.t("col_country", lang)),
                 _tip("status_text", trend_text.t("col_status", lang)),
                 _tip("now_text", trend_text.t("col_now", lang)), _tip("before_text", trend_text.t("col_before", lang)),
                 _tip("ratio_text", trend_text.t("col_ratio", lang))],
    )
    legend = alt.Legend(title=trend_text.t("col_status", lang))
    bars = base.mark_bar().encode(color=alt.Color("status_text:N", scale=colours, legend=legend))
    # A shape at the end of each bar (▲ ▼ ●), merged into the colour legend, so the trend reads without colour.
    shapes = alt.Scale(domain=colours.domain, range=[STATUS_SHAPES[s] for s in STATUSES])
    ends = base.mark_point(filled=True, size=90, opacity=1).encode(
        color=alt.Color("status_text:N", scale=colours, legend=legend),
        shape=alt.Shape("status_text:N", scale=shapes, legend=legend))
    layers = [bars, ends, alt.Chart().mark_rule(color="#666666").encode(x=alt.datum(0))]
    chart = alt.layer(*layers, data=data).properties(width="container", height=BAR_HEIGHT)
    return _finish(chart, title, context)


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
        x=alt.X("cases:Q", axis=_amount_axis(trend_text.t("axis_cases", lang))),
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
