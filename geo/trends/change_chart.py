"""The Trends change chart: the largest changes by country, coloured by the map's emerging/fading rule.

The rule (:func:`geo.analysis.routes.flag_changes`) compares ratios, not differences: a country
is *emerging* with at least ``min_cases`` seizures and ``factor`` times its previous weight,
*fading* with at least ``min_cases`` seizures before and at most the previous weight divided by
``factor``. On bars of differences, a fall from 1 000 kg to 600 kg is not flagged while one from
10 kg to 4 kg is. So that no large drop reads grey "stable" beside a smaller blue one, the colour
says the direction first (orange up, blue down) and the rule second: full colour and a triangle
when the rule flags the change, a pale tint of the same hue and a dot when it does not. The
subtitle states the rule with its numbers.

Bars are the rule's own weights (kg, or seizures for a substance counted rather than weighed),
one panel per unit, the :data:`SHOWN` largest absolute changes in each.
"""

from __future__ import annotations

import inspect

import altair as alt
import pandas as pd

from geo import i18n
from geo.analysis import routes
from geo.core.schema import substance_label
from geo.i18n import trends as trend_text
from geo.trends.chart_base import CONCAT_WIDTH, LABEL_LIMIT, amount_axis, check, empty, finish, tip
from geo.trends.chart_text import (
    ChartContext,
    amount_text,
    distinct_labels,
    place_name,
    ratio_text,
    status_text,
)

SHOWN = 15  # bars per panel: the largest absolute changes
BAR_STEP = 22
# Okabe–Ito vermillion and blue for a flagged change, pale tints of them below the threshold.
CLASSES = ("emerging", "rise", "none", "drop", "fading")
CLASS_COLOURS = {"emerging": "#d55e00", "rise": "#f3b38e", "none": "#999999", "drop": "#9cc3e0",
                 "fading": "#0072b2"}
CLASS_SHAPES = {"emerging": "triangle-up", "rise": "circle", "none": "circle", "drop": "circle",
                "fading": "triangle-down"}
_RULE = inspect.signature(routes.flag_changes).parameters


def rule_numbers(country_changes: pd.DataFrame) -> tuple[int, float]:
    """``(min_cases, factor)`` the flags were computed with (``attrs``), else the rule's defaults."""
    return (int(country_changes.attrs.get("min_cases", _RULE["min_cases"].default)),
            float(country_changes.attrs.get("factor", _RULE["factor"].default)))


def change_class(status: str, difference: float) -> str:
    """The rule's flag when it flags the change, else the direction of the difference.

    >>> change_class("fading", -6.0), change_class("stable", -400.0), change_class("stable", 0.0)
    ('fading', 'drop', 'none')
    """
    if status in ("emerging", "fading"):
        return status
    return "rise" if difference > 0 else "drop" if difference < 0 else "none"


def class_text(kind: str, lang: str) -> str:
    """Legend text of a change class: the flags as in the tables ("▲ émergent"), the others in words."""
    return status_text(kind, lang) if kind in ("emerging", "fading") else trend_text.t(f"change_{kind}", lang)


def rule_text(min_cases: int, factor: float, lang: str) -> str:
    """The rule in a sentence, with its numbers in the language's format."""
    factor_text = i18n.format_number(factor, lang, 0 if float(factor).is_integer() else 1)
    return trend_text.t("change_rule", lang, n=min_cases, factor=factor_text, shown=SHOWN)


def _change_data(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per (substance, country) in the rule's weight and unit, with its class and tooltip texts."""
    data = changes.loc[:, ["substance", "country", "status", "change"]].copy()
    data["basis"] = changes["basis"].where(changes["basis"] == "kg", "cases")
    data["now"] = pd.to_numeric(changes["weight_now"], errors="coerce").fillna(0.0)
    data["before"] = pd.to_numeric(changes["weight_before"], errors="coerce").fillna(0.0)
    data["difference"] = data["now"] - data["before"]
    data["kind"] = [change_class(str(s), d) for s, d in zip(data["status"], data["difference"])]
    data["kind_text"] = [class_text(k, lang) for k in data["kind"]]
    data["substance_label"] = [substance_label(str(s), lang) for s in data["substance"]]
    countries = pd.Series([place_name(c, lang) for c in data["country"]], index=data.index)
    data["label"] = distinct_labels(countries, data["substance_label"])
    data["status_text"] = [status_text(str(s), lang) for s in data["status"]]
    for column in ("now", "before", "difference"):
        data[f"{column}_text"] = [amount_text(v, b, lang, with_unit=True) for v, b in zip(data[column], data["basis"])]
    data["ratio_text"] = [ratio_text(c, lang) for c in data["change"]]
    return data.drop(columns=["change"])


def largest(data: pd.DataFrame, shown: int = SHOWN) -> pd.DataFrame:
    """The ``shown`` rows of largest absolute difference (ties by label), largest rise on top."""
    ranked = data.assign(_size=data["difference"].abs()).sort_values(["_size", "label"], ascending=[False, True],
                                                                     kind="stable")
    return ranked.iloc[:shown].drop(columns="_size").sort_values(["difference", "label"], ascending=[False, True])


def _panel(data: pd.DataFrame, basis: str, lang: str, width: int | str) -> alt.LayerChart:
    """Diverging bars of one unit, a triangle or dot at each bar's end, a rule at zero."""
    kinds = list(CLASSES)
    colours = alt.Scale(domain=[class_text(k, lang) for k in kinds], range=[CLASS_COLOURS[k] for k in kinds])
    shapes = alt.Scale(domain=colours.domain, range=[CLASS_SHAPES[k] for k in kinds])
    legend = alt.Legend(title=trend_text.t("col_status", lang))
    base = alt.Chart().encode(
        # An explicit order: layers union their domains and would drop a sort by field.
        y=alt.Y("label:N", sort=data["label"].tolist(), title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("difference:Q", axis=amount_axis(trend_text.t(f"axis_change_{basis}", lang), counted=basis != "kg")),
        tooltip=[tip("label", trend_text.t("col_country", lang)), tip("kind_text", trend_text.t("col_status", lang)),
                 tip("now_text", trend_text.t("col_now", lang)), tip("before_text", trend_text.t("col_before", lang)),
                 tip("difference_text", trend_text.t("col_difference", lang)),
                 tip("ratio_text", trend_text.t("col_ratio", lang))],
    )
    colour = alt.Color("kind_text:N", scale=colours, legend=legend)
    bars = base.mark_bar().encode(color=colour)
    # The shape says the flag too, so the chart reads without colour (and in greyscale print).
    ends = base.mark_point(filled=True, size=90, opacity=1).encode(
        color=colour, shape=alt.Shape("kind_text:N", scale=shapes, legend=legend))
    zero = alt.Chart().mark_rule(color="#666666").encode(x=alt.datum(0))
    return alt.layer(bars, ends, zero, data=data).properties(width=width, height=alt.Step(BAR_STEP))


def change_chart(country_changes: pd.DataFrame, context: ChartContext, measure: str = "kg") -> alt.TopLevelMixin:
    """Diverging bars of this period minus the previous one per country: the :data:`SHOWN` largest per unit.

    Rows are countries, or country · substance when several substances are charted. ``measure``
    ("kg" or "cases") titles the chart; the bars are the weights the flags compare
    (``weight_now``, ``weight_before``, ``basis``), so a substance counted rather than weighed
    gets a panel in seizures.
    """
    check(measure, ("kg", "cases"), "measure")
    lang = context.lang
    title = trend_text.t(f"change_title_{measure}", lang)
    if country_changes.empty:
        return empty(title, context)
    data = _change_data(country_changes, lang)
    present = [basis for basis in ("kg", "cases") if (data["basis"] == basis).any()]
    width = "container" if len(present) == 1 else CONCAT_WIDTH  # Vega sizes only single views to their container
    parts = [_panel(largest(data.loc[data["basis"] == basis]), basis, lang, width) for basis in present]
    chart = parts[0] if len(parts) == 1 else alt.vconcat(*parts).resolve_scale(color="shared", shape="shared")
    min_cases, factor = rule_numbers(country_changes)
    return finish(chart, title, context, notes=rule_text(min_cases, factor, lang).split("\n"))
