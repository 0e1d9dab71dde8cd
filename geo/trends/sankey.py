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
# Countries kept per stage, the others merged into one "other countries" node of that stage: more
# nodes than this in a column of a 500-pixel figure make their labels overlap.
NODES_PER_ROLE = 6
OTHER = "other"
ROW_HEIGHT, MIN_HEIGHT = 56, 420  # figure height per node of the fullest column, and at least
LINK_ALPHA = "66"  # 40 % opaque, so crossing links stay readable
GAP_CHARS = 6  # room between a label's end and the next column, in characters
NODE_PAD, MARGIN_T, MARGIN_B = 14, 80, 10  # pixels


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
    name = trend_text.t("sankey_other", lang) if code == OTHER else place_name(code, lang)
    return html.escape(f"{name} ({role_text})", quote=False)


def group_nodes(links: pd.DataFrame, keep: int = NODES_PER_ROLE) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """``links`` with, in each stage, the countries beyond the ``keep`` busiest merged into ``"stage:other"``.

    A node's traffic is the larger of its seizures in and out. A stage with at most ``keep + 1``
    countries is left as it is (an "other" node for one country would hide its name). Merged
    links are summed; a transit → transit link inside the merged node is left out, its seizures
    still flow in and out of it. Returns the links and, per "other" node, the nodes it stands for.
    """
    traffic = pd.concat([links.groupby("source")["cases"].sum(), links.groupby("target")["cases"].sum()],
                        axis=1).fillna(0).max(axis=1)
    frame = pd.DataFrame({"node": traffic.index.astype("str"), "cases": traffic.to_numpy()})
    frame["role"] = frame["node"].map(_role)
    frame = frame.sort_values(["role", "cases", "node"], ascending=[True, False, True], kind="stable")
    frame["rank"] = frame.groupby("role").cumcount()
    crowded = frame.groupby("role")["node"].transform("size") > keep + 1
    merged = frame.loc[crowded & (frame["rank"] >= keep)]
    mapping = dict(zip(merged["node"], merged["role"] + ":" + OTHER))
    members = {f"{role}:{OTHER}": nodes.tolist() for role, nodes in merged.groupby("role")["node"]}
    if not mapping:
        return links, members
    out = links.assign(source=links["source"].replace(mapping), target=links["target"].replace(mapping))
    out = out.loc[out["source"] != out["target"]]
    return out.groupby(["source", "target"], sort=True)[["cases", "kg"]].sum().reset_index(), members


def _ordered_nodes(links: pd.DataFrame) -> list[str]:
    """Distinct node ids, origins first and destinations last, so the figure reads left to right."""
    nodes = pd.unique(pd.concat([links["source"], links["target"]]).astype("str"))
    rank = {role: i for i, role in enumerate(ROLES)}
    return sorted(nodes, key=lambda node: (rank.get(_role(node), len(ROLES)), node))


def _layers(links: pd.DataFrame, nodes: list[str]) -> dict[str, int]:
    """The column Plotly gives each node: its longest path from a source; nodes without an outgoing link last."""
    depth = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):  # longest paths in a graph without loops: at most one pass per node
        changed = False
        for source, target in zip(links["source"], links["target"]):
            if depth[target] < depth[source] + 1:
                depth[target], changed = depth[source] + 1, True
        if not changed:
            break
    last = max(depth.values(), default=0)
    senders = set(links["source"])
    return {node: depth[node] if node in senders else last for node in nodes}


def node_positions(links: pd.DataFrame, nodes: list[str], labels: dict[str, str],
                   height: float) -> tuple[list[float], list[float]]:
    """X and y (0–1, node centres) in Plotly's own columns, the gaps between columns sized to the labels.

    Plotly draws the labels of the last column left of their nodes and every other label right of
    its node, with evenly spaced columns: a long label runs into the next column, and the labels of
    the last two columns meet in the one gap they share. Each gap here gets a share of the width in
    proportion to the labels that must fit in it (the last gap: both columns' longest). y keeps the
    busiest node on top, the nodes of a column spread over the plot's ``height`` (pixels) as
    Plotly would; its "snap" arrangement pushes apart nodes that would still touch.
    """
    layer = _layers(links, nodes)
    last = max(layer.values(), default=0)
    longest = {k: max(len(labels[n]) for n in nodes if layer[n] == k) for k in set(layer.values())}
    need = [longest.get(k, 0) + GAP_CHARS for k in range(last)]
    if last:
        need[-1] += longest.get(last, 0)
    total = float(sum(need)) or 1.0
    edges = [0.0]
    for share in need:
        edges.append(edges[-1] + share / total)
    x = {n: min(max(edges[layer[n]], 0.001), 0.999) for n in nodes}
    traffic = pd.concat([links.groupby("source")["cases"].sum(), links.groupby("target")["cases"].sum()],
                        axis=1).fillna(0).max(axis=1)
    columns = {k: sorted((n for n in nodes if layer[n] == k), key=lambda n: (-traffic.get(n, 0), n))
               for k in set(layer.values())}
    # Plotly sizes nodes as d3-sankey does: one scale (pixels per seizure) fitting the fullest column.
    scale = 0.98 * min((height - (len(c) - 1) * NODE_PAD) / max(sum(traffic.get(n, 0) for n in c), 1)
                       for c in columns.values())
    y = {}
    for members in columns.values():
        sizes = [max(float(traffic.get(n, 0)) * scale, 0.5) for n in members]
        spare = max(height - sum(sizes) - (len(sizes) - 1) * NODE_PAD, 0.0)
        gap = NODE_PAD + (spare / (len(sizes) - 1) if len(sizes) > 1 else 0.0)
        top = 0.0 if len(sizes) > 1 else spare / 2
        for node, size in zip(members, sizes):
            y[node] = min(max((top + size / 2) / height, 0.001), 0.999)
            top += size + gap
    return [x[n] for n in nodes], [y[n] for n in nodes]


def _link_texts(links: pd.DataFrame, labels: dict[str, str], lang: str) -> list[str]:
    """Hover text of each link: its two ends, seizures and kg."""
    return [
        f"{labels[s]} → {labels[t]}<br>{amount_text(c, 'cases', lang, with_unit=True)}"
        f" · {amount_text(k, 'kg', lang, with_unit=True)}"
        for s, t, c, k in zip(links["source"], links["target"], links["cases"], links["kg"])
    ]


def _node_texts(nodes: list[str], labels: dict[str, str], members: dict[str, list[str]], lang: str) -> list[str]:
    """Hover text of each node: its label, and for an "other" node the countries it stands for."""
    texts = []
    for node in nodes:
        names = [place_name(member.partition(":")[2], lang) for member in members.get(node, [])]
        texts.append(labels[node] + (f"<br>{html.escape(', '.join(sorted(names)), quote=False)}" if names else ""))
    return texts


def _trace(links: pd.DataFrame, lang: str, substance: str | None) -> tuple[go.Sankey, int]:
    """The Sankey trace, and how many nodes its fullest column holds."""
    links = links.assign(source=links["source"].astype("str"), target=links["target"].astype("str"))
    links, members = group_nodes(links)
    nodes = _ordered_nodes(links)
    index = {node: i for i, node in enumerate(nodes)}
    labels = {node: node_label(node, lang) for node in nodes}
    colour = substance_colour(substance) if substance else NEUTRAL_LINK
    fullest = int(pd.Series([_role(n) for n in nodes]).value_counts().max())
    x, y = node_positions(links, nodes, labels, figure_height(fullest) - MARGIN_T - MARGIN_B)
    return go.Sankey(
        arrangement="snap",
        # Plotly's default label is pale with a white halo, hard to read over pale links.
        textfont={"color": "#1a1a1a", "size": 12, "shadow": "none"},
        node={"label": [labels[n] for n in nodes], "pad": NODE_PAD, "thickness": 14, "x": x, "y": y,
              "color": [ROLE_COLOURS.get(_role(n), FALLBACK_COLOUR) for n in nodes],
              "customdata": _node_texts(nodes, labels, members, lang),
              "hovertemplate": "%{customdata}<br>%{value:,.0f} " + unit_word("cases", lang) + "<extra></extra>"},
        link={"source": links["source"].map(index).tolist(), "target": links["target"].map(index).tolist(),
              "value": links["cases"].astype(float).tolist(), "color": colour + LINK_ALPHA,
              "customdata": _link_texts(links, labels, lang), "hovertemplate": "%{customdata}<extra></extra>"},
    ), fullest


def figure_height(fullest: int) -> int:
    """Figure height (pixels) for a Sankey whose fullest stage holds ``fullest`` nodes."""
    return max(MIN_HEIGHT, 120 + ROW_HEIGHT * fullest)


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
    and colours the links. Each stage shows its :data:`NODES_PER_ROLE` busiest countries and one
    "other countries" node (:func:`group_nodes`). Links without a seizure are dropped; with none
    left the figure says so.
    """
    lang = context.lang
    title = trend_text.t("sankey_title", lang) + (f" — {substance_label(substance, lang)}" if substance else "")
    rows = links.loc[pd.to_numeric(links["cases"], errors="coerce") > 0] if not links.empty else links
    if rows.empty:
        figure = _empty_figure(lang)
    else:
        trace, fullest = _trace(rows, lang, substance)
        # Tall enough for the fullest column: each node gets room for its label.
        figure = go.Figure(trace).update_layout(height=figure_height(fullest))
    figure.update_layout(
        title={"text": html.escape(title), "subtitle": {"text": html.escape(" · ".join(subtitle(context)))}},
        # Plotly's number separators: decimal, then thousands.
        separators=",\u202f" if lang == "fr" else ".,",
        font={"size": 12}, margin={"t": MARGIN_T, "l": 10, "r": 10, "b": MARGIN_B},
    )
    return figure
