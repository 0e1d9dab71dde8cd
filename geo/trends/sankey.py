"""The Trends Sankey: reported flows origin → transit → country of seizure → destination (Plotly).

Altair draws every other Trends chart; Vega-Lite has no Sankey, Plotly has, and Streamlit ships
plotly.js so the figure needs no external resource. Plotly reads a few HTML tags (``<a>``,
``<b>``) in the texts it shows, so every label is escaped, and record text never enters a
hover *template*: it rides in ``customdata``.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from geo.core.schema import substance_label
from geo.i18n import trends as trend_text
from geo.trends.chart_text import (
    FALLBACK_COLOUR,
    ChartContext,
    amount_text,
    place_name,
    substance_colour,
    subtitle,
    unit_word,
)

# Node roles in the order the flow runs; a node id reads "role:ISO3" ("origin:BRA").
ROLE_COLOURS = {"origin": "#8d6e63", "transit": "#90a4ae", "seized": "#37474f", "destination": "#5c6bc0"}
ROLES = tuple(ROLE_COLOURS)
NEUTRAL_LINK = "#787878"
LINK_ALPHA = "66"  # 40 % opaque, so crossing links stay readable


def _role(node: str) -> str:
    return node.partition(":")[0] if ":" in node else ""


def node_label(node: str, lang: str) -> str:
    """Label of a node id, escaped for Plotly.

    >>> node_label("origin:BRA", "fr"), node_label("seized:SEN", "en"), node_label("transit:unknown", "fr")
    ('Brésil (origine)', 'Senegal (seizure)', 'inconnu (transit)')
    """
    role, _, code = node.partition(":")
    if not code:
        return html.escape(place_name(role, lang), quote=False)
    role_text = trend_text.t(f"role_{role}", lang) if role in ROLES else role
    return html.escape(f"{place_name(code, lang)} ({role_text})", quote=False)


def _ordered_nodes(links: pd.DataFrame) -> list[str]:
    """Distinct node ids, origins first and destinations last, so the figure reads left to right."""
    nodes = pd.unique(pd.concat([links["source"], links["target"]]).astype("str"))
    rank = {role: i for i, role in enumerate(ROLES)}
    return sorted(nodes, key=lambda node: (rank.get(_role(node), len(ROLES)), node))


def _link_texts(links: pd.DataFrame, labels: dict[str, str], lang: str) -> list[str]:
    """Hover text of each link: its two ends, seizures and kg."""
    return [
        f"{labels[s]} → {labels[t]}<br>{amount_text(c, 'cases', lang, with_unit=True)}"
        f" · {amount_text(k, 'kg', lang, with_unit=True)}"
        for s, t, c, k in zip(links["source"], links["target"], links["cases"], links["kg"])
    ]


def _trace(links: pd.DataFrame, lang: str, substance: str | None) -> go.Sankey:
    links = links.assign(source=links["source"].astype("str"), target=links["target"].astype("str"))
    nodes = _ordered_nodes(links)
    index = {node: i for i, node in enumerate(nodes)}
    labels = {node: node_label(node, lang) for node in nodes}
    colour = substance_colour(substance) if substance else NEUTRAL_LINK
    return go.Sankey(
        arrangement="snap",
        # Plotly's default label is pale with a white halo, hard to read over pale links.
        textfont={"color": "#1a1a1a", "size": 12, "shadow": "none"},
        node={"label": [labels[n] for n in nodes], "pad": 14, "thickness": 14,
              "color": [ROLE_COLOURS.get(_role(n), FALLBACK_COLOUR) for n in nodes],
              "hovertemplate": "%{label}<br>%{value:,.0f} " + unit_word("cases", lang) + "<extra></extra>"},
        link={"source": links["source"].map(index).tolist(), "target": links["target"].map(index).tolist(),
              "value": links["cases"].astype(float).tolist(), "color": colour + LINK_ALPHA,
              "customdata": _link_texts(links, labels, lang), "hovertemplate": "%{customdata}<extra></extra>"},
    )


def _empty_figure(lang: str) -> go.Figure:
    """A figure that says there is nothing to show (an empty Sankey trace would hide the message)."""
    figure = go.Figure()
    figure.add_annotation(text=html.escape(trend_text.t("no_data", lang)), showarrow=False, x=0.5, y=0.5,
                          xref="paper", yref="paper", font={"size": 14, "color": "#666666"})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure.update_layout(height=200, plot_bgcolor="rgba(0,0,0,0)")


def sankey_figure(links: pd.DataFrame, context: ChartContext, substance: str | None = None) -> go.Figure:
    """Reported flows origin → transit → country of seizure → destination; link widths count seizures.

    Widths count seizures so that weighed and counted substances fit one figure; each link's
    kg is in its hover text. ``substance`` names the substance the links are for (None: all)
    and colours the links. Links without a seizure are dropped; with none left the figure says so.
    """
    lang = context.lang
    title = trend_text.t("sankey_title", lang) + (f" — {substance_label(substance, lang)}" if substance else "")
    rows = links.loc[pd.to_numeric(links["cases"], errors="coerce") > 0] if not links.empty else links
    figure = go.Figure(_trace(rows, lang, substance)) if not rows.empty else _empty_figure(lang)
    figure.update_layout(
        title={"text": html.escape(title), "subtitle": {"text": html.escape(" · ".join(subtitle(context)))}},
        # Plotly's number separators: decimal, then thousands.
        separators=",\u202f" if lang == "fr" else ".,",
        font={"size": 12}, margin={"t": 80, "l": 10, "r": 10, "b": 10},
    )
    return figure
