"""The coverage choropleth: each country's share of its official annual total that the shared records account for.

A layer off by default (ticked in the layer control), for one calendar year: the records' kilograms of that year
against the country's official totals (:func:`geo.analysis.coverage.shares`, members of a group, never group and
members). A country with no official total that year is left unfilled and its tooltip says so: silence is not a
zero. Its key is appended to the map's legend (:func:`with_key`).
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo import i18n, reference
from geo.analysis import coverage
from geo.i18n import maps as map_text
from geo.maps.layers import esc, feature, geojson_group, rounded
from geo.reference.countries import country_name

# Share classes (upper bounds) and their blues, light to dark; a purple past 100 %: the records exceed the
# official total (a total reported low, or records of another year).
BREAKS = (0.10, 0.25, 0.50, 0.75, 1.0)
COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
OVER_COLOUR = "#54278f"
CLASS_LABELS = ("< 10 %", "10–25 %", "25–50 %", "50–75 %", "75–100 %", "≥ 100 %")


def country_shares(records: pd.DataFrame, official: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per country with an official total in ``year``: ``records_kg``, ``official_kg``, ``ratio`` (index ISO3).

    ``records`` may hold any dates (only ``year``'s are used); ``official`` is the viewer's official totals.
    """
    dated = records[pd.DatetimeIndex(records["date"]).year == year] if len(records) else records
    table = coverage.coverage(dated, official[official["year"] == year])
    shares = coverage.shares(table, "country")
    return shares[shares["official_kg"].notna()].set_index("key").loc[:, ["records_kg", "official_kg", "ratio"]]


def colour(ratio: float) -> str:
    """The fill of a share."""
    index = int(np.searchsorted(BREAKS, ratio, side="right"))
    return OVER_COLOUR if index >= len(COLOURS) or ratio >= 1.0 else COLOURS[index]


def coverage_layer(records: pd.DataFrame, official: pd.DataFrame, year: int, lang: str,
                   show: bool = False) -> folium.FeatureGroup:
    """Countries filled by their share of the ``year`` official total; unfilled where none; off unless ``show``."""
    shares = country_shares(records, official, year)
    frame = reference.country_polygons()
    features = []
    for iso3, geometry in zip(frame["iso3"], rounded(frame.geometry), strict=True):
        name = f"<b>{esc(country_name(iso3, lang))}</b><br>"
        if iso3 in shares.index:
            row = shares.loc[iso3]
            style = {"color": "#3b3b3b", "weight": 0.8, "fill": True, "fillColor": colour(float(row["ratio"])),
                     "fillOpacity": 0.85}
            tip = name + esc(map_text.t("coverage_tip", lang, share=f"{row['ratio'] * 100:.0f} %", year=year,
                                        records=i18n.format_number(float(row["records_kg"]), lang, 0),
                                        official=i18n.format_number(float(row["official_kg"]), lang, 0)))
        else:
            style = {"color": "#9e9e9e", "weight": 0.5, "fill": False, "fillOpacity": 0.0}
            tip = name + esc(map_text.t("coverage_no_total", lang, year=year))
        features.append(feature(geometry, iso3=iso3, style=style, tip=tip))
    group = geojson_group(features, map_text.t("layer_coverage", lang, year=year), pane="cl-countries", show=show)
    if not show:
        OffUntilTicked().add_to(group)
    return group


class OffUntilTicked(MacroElement):
    """Keeps its feature group off the map until the reader ticks it, across the slider's layer swaps.

    streamlit-folium adds every swapped group to the map whatever its ``show``; this takes the group off again
    once added, unless the reader ticked the layer earlier in this page (remembered in the frame's window).
    """

    _template = Template("""{% macro script(this, kwargs) %}
(function(group) {
    group.clCoverage = true;
    group.once("add", function() {
        var map = group._map;
        if (!window.clCoverageWatch) {
            window.clCoverageWatch = true;
            var remember = function(on) {
                return function(e) { if (e.layer && e.layer.clCoverage) { window.clCoverageOn = on; } };
            };
            map.on("overlayadd", remember(true));
            map.on("overlayremove", remember(false));
        }
        if (!window.clCoverageOn) { setTimeout(function() { map.removeLayer(group); }, 0); }
    });
})({{ this._parent.get_name() }});
{% endmacro %}""")


def key_html(year: int, lang: str) -> str:
    """The layer's legend key: the share classes and "no official total"."""
    rows = [f'<div class="cl-row"><span class="cl-dot" style="background:{c};border-radius:2px"></span>{esc(label)}'
            "</div>" for c, label in zip((*COLOURS, OVER_COLOUR), CLASS_LABELS, strict=True)]
    rows.append('<div class="cl-row"><span class="cl-dot" style="background:#fff;border:1px solid #9e9e9e;'
                f'border-radius:2px"></span>{esc(map_text.t("coverage_none_key", lang))}</div>')
    return (f'<div class="cl-h cl-coverage-key">{esc(map_text.t("coverage_key", lang, year=year))}</div>'
            f'<div class="cl-grid">{"".join(rows)}</div>')


def with_key(legend_html: str, year: int, lang: str) -> str:
    """``legend_html`` (the map's legend, one ``<details>`` block) with the coverage key as its last section."""
    head, tail = legend_html.rsplit("</details>", 1) if "</details>" in legend_html else (legend_html, "")
    return f"{head}{key_html(year, lang)}</details>{tail}"
