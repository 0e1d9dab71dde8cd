"""The emerging hot-spot layer: H3 cells coloured by category, and the legend that explains each category.

The cells and their categories are :func:`geo.analysis.hotspots.emerging_hotspots`' (Gi* per period, then a
Mann-Kendall trend); this module only draws them. The layer is off by default: it answers "where is
trafficking clustering, and is it new, growing or fading?", a question for analysts rather than the first view.
"""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from geo import i18n
from geo.analysis.hexagons import cell_ring
from geo.i18n import changes as change_text
from geo.maps.layers import esc, feature, geojson_group

# Hot categories in warm colours by urgency, the end of a hot spot in grey; distinct in lightness too, so
# that the common colour-vision deficiencies still tell them apart (the legend names every one).
CATEGORY_COLOURS = {
    "new": "#67001f", "consecutive": "#b2182b", "intensifying": "#d6604d", "persistent": "#f4a582",
    "diminishing": "#fddbc7", "sporadic": "#8073ac", "oscillating": "#542788", "historical": "#878787",
}
CATEGORY_DASH = {"sporadic": "4 3", "oscillating": "4 3", "historical": "2 3"}  # on-and-off: a broken outline


class StaysOff(MacroElement):
    """Keeps a period layer off until the user switches it on, and as the user left it at the next step.

    streamlit-folium adds every group it swaps in with ``map.addLayer``, whatever its ``show``; so the group
    takes itself off right after that first add (``born``: the same script turn) unless the user has it on
    (``window[flag]``), and a later add or remove (the layer control) records the user's choice.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(group, flag) {
            var born = true, auto = false;
            setTimeout(function() { born = false; }, 0);
            group.on("add", function(e) {
                if (!born) { window[flag] = true; return; }
                if (!window[flag]) {
                    var map = e.target._map;
                    setTimeout(function() { auto = true; map.removeLayer(group); auto = false; }, 0);
                }
            });
            group.on("remove", function() { if (!auto) { window[flag] = false; } });
        })({{ this._parent.get_name() }}, {{ this.flag|tojson }});
        {% endmacro %}
    """)

    def __init__(self, flag: str) -> None:
        super().__init__()
        self._name = "StaysOff"
        self.flag = flag


def _number(value: float, lang: str, digits: int) -> str:
    return "–" if pd.isna(value) else i18n.format_number(float(value), lang, digits)


def hotspot_tip(row: object, lang: str) -> str:
    """The cell's category, what it means, and the numbers behind it (Gi* z and p, trend tau and p)."""
    name, line = change_text.category(row.category, lang), change_text.category_line(row.category, lang)
    numbers = change_text.t("hotspot_numbers", lang, z=_number(row.z, lang, 2), p=_number(row.p, lang, 3),
                            tau=_number(row.trend_tau, lang, 2), trend_p=_number(row.trend_p, lang, 3),
                            hot=int(row.hot_periods), periods=int(row.periods),
                            cases=i18n.format_number(int(row.cases), lang))
    # A sticky tooltip near the map's edge shrinks to its narrowest word: a minimum width keeps it a paragraph.
    return f'<div style="min-width:260px;max-width:340px;white-space:normal"><b>{esc(name)}</b><br>{esc(line)}' \
           f"<br>{esc(numbers)}</div>"


def hotspot_layer(cells: pd.DataFrame, lang: str, *, show: bool = False) -> folium.FeatureGroup:
    """The cells with a category (:data:`CATEGORY_COLOURS`) as one GeoJson of hexagons, off by default."""
    features = []
    for row in cells.loc[cells["category"].isin(list(CATEGORY_COLOURS))].itertuples(index=False):
        colour = CATEGORY_COLOURS[row.category]
        style = {"color": "#3a0010" if row.category != "historical" else "#4d4d4d", "weight": 1.5,
                 "fillColor": colour, "fillOpacity": 0.7, "dashArray": CATEGORY_DASH.get(row.category)}
        geometry = {"type": "Polygon", "coordinates": [cell_ring(row.h3)]}
        features.append(feature(geometry, category=row.category, style=style, tip=hotspot_tip(row, lang)))
    group = geojson_group(features, change_text.t("hotspot_legend", lang), pane="cl-hex", show=show)
    if not show:
        StaysOff("clHotspotsShown").add_to(group)
    return group


def hotspot_legend_html(lang: str, present: set[str] | None = None) -> str:
    """A folded legend block: each category's colour, name and one-line meaning, and the method in a note.

    ``present`` dims the categories no cell has, so the key still teaches every category.
    """
    rows = []
    for category, colour in CATEGORY_COLOURS.items():
        dim = "" if present is None or category in present else ' style="opacity:.45"'
        rows.append(f'<div class="cl-row"{dim}><span class="cl-dot" style="background:{colour};border-radius:2px">'
                    f'</span><span><b>{esc(change_text.category(category, lang))}</b> — '
                    f'{esc(change_text.category_line(category, lang))}</span></div>')
    return (f'<details class="cl-legend cl-hotspot-legend"><summary>{esc(change_text.t("hotspot_legend", lang))}'
            f'</summary>{"".join(rows)}<div class="cl-note">{esc(change_text.t("hotspot_method", lang))}</div>'
            "</details>")
