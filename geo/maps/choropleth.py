"""The country choropleth: study countries' boundaries, filled by a measure per country."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import numpy as np
import pandas as pd

from geo import i18n, reference
from geo.i18n import maps as map_text
from geo.maps.layers import esc, feature, geojson_group, rounded
from geo.maps.style import Ramp, make_ramp
from geo.reference.countries import country_name

# A muted sand-to-umber ramp: it reads as intensity on the cream land, stays apart from
# the substance hues of points and routes, and never looks like sea.
CHOROPLETH_COLOURS = ("#f3ead8", "#e8d7b6", "#d9bf92", "#c6a26f", "#ad8451")


def countries_layer(lang: str, values: pd.Series | None = None, *, title: str = "",
                    colours: Sequence[str] = CHOROPLETH_COLOURS,
                    ramp: Ramp | None = None) -> tuple[folium.FeatureGroup, Ramp | None]:
    """Country boundaries, filled as a choropleth of ``values`` when given.

    Args:
        lang: "fr" or "en".
        values: a measure per country (index ISO3), e.g. kg seized or cases.
        title: what the measure is, for the tooltip and legend ("Masse saisie (kg)").
        colours: the ramp, light to dark.
        ramp: classes to use instead of classes of ``values`` (a timeline keeps one ramp for every period).

    Returns:
        The layer and its ramp (``None`` without values, or when all are zero).
    """
    frame = reference.country_polygons()
    measure = (values if values is not None else pd.Series(dtype=float)).reindex(frame["iso3"]).to_numpy(float)
    if ramp is None:
        ramp = make_ramp(measure, colours, title) if values is not None else None
    fills = ramp.colour(np.nan_to_num(measure)) if ramp else np.full(len(frame), None)
    features = []
    for iso3, geometry, value, fill in zip(frame["iso3"], rounded(frame.geometry), measure, fills, strict=True):
        has_value = ramp is not None and np.isfinite(value) and value > 0
        style = {"color": "#6f6a62", "weight": 0.8, "fill": True, "fillColor": fill if has_value else "#000000",
                 "fillOpacity": 0.8 if has_value else 0.0}
        shown = i18n.format_number(value, lang, 0 if value >= 10 else 1) if has_value else map_text.t("no_data", lang)
        tip = f"<b>{esc(country_name(iso3, lang))}</b>" + (f"<br>{esc(title)}: {esc(shown)}" if values is not None
                                                           else "")
        features.append(feature(geometry, iso3=iso3, style=style, tip=tip))
    return geojson_group(features, map_text.t("layer_countries", lang), pane="cl-countries"), ramp


