"""The reconstructed route flows: one line per leg, width by weight, colour by substance, change by style."""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import i18n
from geo.analysis import change_rules
from geo.core import schema
from geo.i18n import maps as map_text
from geo.maps.layers import esc, feature, geojson_group, rounded
from geo.maps.style import substance_colour
from geo.reference.countries import country_name

FLOW_MIN_PX, FLOW_MAX_PX = 1.5, 12.0  # line widths: the lightest leg still visible, the heaviest not hiding the land


def flow_widths(weights: pd.Series | np.ndarray, largest: float | None = None) -> np.ndarray:
    """Line widths in pixels, square-root scaled from :data:`FLOW_MIN_PX` to :data:`FLOW_MAX_PX`.

    >>> flow_widths([0, 25, 100]).tolist()
    [1.5, 6.8, 12.0]
    """
    values = np.clip(np.nan_to_num(np.asarray(weights, dtype=float)), 0, None)
    top = largest if largest else (values.max() if values.size else 0.0)
    if top <= 0:
        return np.full(values.shape, FLOW_MIN_PX)
    return np.round(FLOW_MIN_PX + (FLOW_MAX_PX - FLOW_MIN_PX) * np.sqrt(np.minimum(values, top) / top), 1)


def _flag_line(row: object, lang: str) -> str:
    """The leg's change flag with its rule and numbers, or its status alone when the legs carry no band."""
    band = getattr(row, "band", None)
    if not isinstance(band, str):
        return f" · <b>{map_text.t(str(row.status), lang)}</b>" if row.status in ("emerging", "fading") else ""
    unit = map_text.t("kg" if getattr(row, "basis", "kg") == "kg" else "cases", lang)
    digits = 1 if getattr(row, "basis", "kg") == "kg" else 0
    now = f"{i18n.format_number(float(row.weight), lang, digits)} {unit}"
    baseline = f"{i18n.format_number(float(row.previous_weight), lang, digits)} {unit}"
    # a minimum width: a sticky tooltip by the map's edge would otherwise wrap the sentence word by word
    return ('<div style="min-width:260px;white-space:normal">'
            + esc(change_rules.flag_text(band, now, baseline, float(row.change_pct), lang)) + "</div>")


def flow_layer(legs: gpd.GeoDataFrame, lang: str, *, largest: float | None = None) -> folium.FeatureGroup:
    """Reconstructed route legs as one GeoJson of lines: width by weight, colour by substance.

    Emerging legs get a bright halo drawn beneath them; fading legs are faded and dashed.

    Args:
        legs: one row per leg with ``from_iso3``, ``to_iso3``, ``substance``, ``kg``,
            ``cases``, ``weight``, ``share``, ``status`` (emerging, fading, stable) and a
            LineString geometry in EPSG:4326 (``geo.analysis.routes``).
        lang: "fr" or "en".
        largest: weight drawn at full width; the largest in ``legs`` by default (pass
            the whole timeline's largest to keep widths comparable between periods).
    """
    legs = legs[legs.geometry.notna() & ~legs.geometry.is_empty]
    legs = legs.to_crs(4326) if legs.crs is not None and legs.crs.to_epsg() != 4326 else legs
    legs = legs.sort_values("weight", ascending=False)  # thin legs drawn last stay visible on thick ones
    widths = flow_widths(legs["weight"], largest)
    halos, lines = [], []
    for row, width, geometry in zip(legs.itertuples(index=False), widths, rounded(legs.geometry), strict=True):
        status = str(row.status) if row.status in ("emerging", "fading", "stable") else "stable"
        label = schema.substance_label(row.substance, lang)
        tip = (f"<b>{esc(country_name(row.from_iso3, lang))} → {esc(country_name(row.to_iso3, lang))}</b>"
               f"<br>{esc(label)} · {esc(i18n.format_number(row.kg, lang))} {map_text.t('kg', lang)}"
               f" · {esc(i18n.format_number(row.cases, lang))} {map_text.t('cases', lang)}"
               f"<br>{map_text.t('share', lang)}: {esc(i18n.format_number(100 * float(row.share), lang, 1))} %"
               f"{_flag_line(row, lang)}")
        style = {"color": substance_colour(row.substance), "weight": float(width), "lineCap": "round",
                 "opacity": 0.35 if status == "fading" else 0.85, "dashArray": "6 8" if status == "fading" else None}
        lines.append(feature(geometry, status=status, style=style, tip=tip))
        if status == "emerging":
            # the halo only marks the leg: the pointer goes to the line (its tooltip) or to what lies beneath
            halo = {"color": "#ffd600", "weight": float(width) + 6, "opacity": 0.9, "lineCap": "round",
                    "interactive": False}
            halos.append(feature(geometry, status="halo", style=halo))
    return geojson_group(halos + lines, map_text.t("layer_flows", lang), pane="cl-flows")
