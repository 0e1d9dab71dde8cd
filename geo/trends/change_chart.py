"""The Trends change chart: the largest changes by country, coloured by the published change rule's bands.

The rule (:mod:`geo.analysis.change_rules`) compares ratios with a baseline, not differences: on
bars of differences, a fall from 1 000 kg to 700 kg is a "decrease" while one from 10 kg to 4 kg
is a "strong decrease". So that no large drop reads weaker than a smaller one, the colour says the
direction first (orange up, blue down) and the band second: full colour and a triangle for a
strong band, a paler tint and a dot for an increase or decrease, grey for stable and for the
low-count guard. The subtitle states the rule with its name and numbers.

Bars are the rule's own weights (kg, or seizures for a substance counted rather than weighed),
one panel per unit, the :data:`SHOWN` largest absolute changes in each.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.analysis import change_rules
from geo.core.schema import substance_label
from geo.i18n import changes as change_text
from geo.i18n import trends as trend_text
from geo.trends.chart_base import CONCAT_WIDTH, LABEL_LIMIT, amount_axis, check, empty, finish, tip
from geo.trends.chart_text import (
    ChartContext,
    amount_text,
    distinct_labels,
    percent_change_text,
    place_name,
)

SHOWN = 15  # bars per panel: the largest absolute changes
BAR_STEP = 22
# Okabe–Ito vermillion and blue for a strong band, pale tints of them for the plain ones.
CLASSES = change_rules.BANDS
CLASS_COLOURS = {"strong_increase": "#d55e00", "increase": "#f3b38e", "stable": "#999999", "decrease": "#9cc3e0",
                 "strong_decrease": "#0072b2", "too_few": "#d9d9d9"}
CLASS_SHAPES = {"strong_increase": "triangle-up", "increase": "circle", "stable": "circle", "decrease": "circle",
                "strong_decrease": "triangle-down", "too_few": "circle"}


def rule_of(country_changes: pd.DataFrame) -> change_rules.ChangeRule:
    """The rule the flags were computed with (``attrs["rule"]``), else the settings' rule."""
    rule = country_changes.attrs.get("rule")
    return rule if isinstance(rule, change_rules.ChangeRule) else change_rules.current_rule()


def class_text(kind: str, lang: str) -> str:
    """Legend text of a band: "▲▲ strong increase"."""
    return change_text.band(kind, lang)


def rule_text(rule: change_rules.ChangeRule, lang: str) -> str:
    """The chart's note: what is shown, then the rule in a sentence with its name and numbers."""
    # One clause a line: the subtitle does not wrap, and a long line is cut on a narrow screen.
    clauses = rule.describe(lang).replace(" ; ", " ;\n").replace("; ", ";\n")
    return trend_text.t("change_rule", lang, shown=SHOWN) + "\n" + clauses


def _change_data(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per (substance, country) in the rule's weight and unit, with its class and tooltip texts."""
    data = changes.loc[:, ["substance", "country", "band", "change_pct"]].copy()
    data["basis"] = changes["basis"].where(changes["basis"] == "kg", "cases")
    data["now"] = pd.to_numeric(changes["weight_now"], errors="coerce").fillna(0.0)
    data["before"] = pd.to_numeric(changes["weight_before"], errors="coerce").fillna(0.0)
    data["difference"] = data["now"] - data["before"]
    data["kind"] = data["band"].astype(str)
    data["kind_text"] = [class_text(k, lang) for k in data["kind"]]
    data["substance_label"] = [substance_label(str(s), lang) for s in data["substance"]]
    countries = pd.Series([place_name(c, lang) for c in data["country"]], index=data.index)
    data["label"] = distinct_labels(countries, data["substance_label"])
    for column in ("now", "before", "difference"):
        data[f"{column}_text"] = [amount_text(v, b, lang, with_unit=True) for v, b in zip(data[column], data["basis"])]
    data["ratio_text"] = [percent_change_text(c, k, lang) for c, k in zip(data["change_pct"], data["kind"])]
    data = data.drop(columns=["change_pct", "band"])
    # The chart's data goes to the browser as Arrow, which writes attrs as JSON: the rule (a ChangeRule, kept on
    # ``changes`` for the chart's note) would make pyarrow warn and drop them.
    data.attrs = {}
    return data


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
    legend = alt.Legend(title=trend_text.t("col_band", lang))
    base = alt.Chart().encode(
        # An explicit order: layers union their domains and would drop a sort by field.
        y=alt.Y("label:N", sort=data["label"].tolist(), title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("difference:Q", axis=amount_axis(trend_text.t(f"axis_change_{basis}", lang), counted=basis != "kg")),
        tooltip=[tip("label", trend_text.t("col_country", lang)), tip("kind_text", trend_text.t("col_band", lang)),
                 tip("now_text", trend_text.t("col_now", lang)), tip("before_text", trend_text.t("col_baseline", lang)),
                 tip("difference_text", trend_text.t("col_difference", lang)),
                 tip("ratio_text", trend_text.t("col_change_pct", lang))],
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
    return finish(chart, title, context, notes=rule_text(rule_of(country_changes), lang).split("\n"))
