"""The reconstructed route flows: one line per leg, width by weight, hue by substance family, dashed when inferred."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo import i18n
from geo.analysis import change_rules, provenance
from geo.core import schema
from geo.i18n import maps as map_text
from geo.maps import flow_style
from geo.maps.flow_style import FLOW_MAX_PX, FLOW_MIN_PX, flow_widths  # noqa: F401 - re-exported
from geo.maps.layers import esc, feature, geojson_group, rounded
from geo.reference.countries import country_name


def _provenance(legs: gpd.GeoDataFrame) -> pd.Series:
    """Each leg's provenance; a frame without reported totals has nothing reported, so all are inferred."""
    if "reported_kg" not in legs:
        return pd.Series("inferred", index=legs.index, dtype=object)
    return provenance.provenance(legs)


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


def _provenance_tip(row: object, drawn_as: str, lang: str) -> str:
    """The tooltip lines on where a leg comes from: the reported share, the passage the program chose."""
    share = getattr(row, "reported_share", float("nan"))
    share_text = "–" if pd.isna(share) else f"{i18n.format_number(100 * float(share), lang, 0)} %"
    lines = [f"{map_text.t('route_' + drawn_as, lang)} · {map_text.t('reported_share', lang, share=share_text)}"]
    via = str(getattr(row, "via", "") or "")
    if provenance.passage_chosen(via):
        kind, _, name = via.partition(":")
        where = map_text.t(f"via_{kind}", lang, name=name)
        lines.append(map_text.t("passage_chosen", lang, where=where))
    return "<br>".join(esc(line) for line in lines)


def flow_layer(legs: gpd.GeoDataFrame, lang: str, *, largest: float | None = None,
               minor: bool = False, show: bool | None = None) -> folium.FeatureGroup:
    """Reconstructed route legs as one GeoJson: width by weight, hue by substance family, direction, provenance.

    Reported legs are solid, inferred ones dashed (:mod:`geo.analysis.provenance`); each has an
    arrowhead, and a leg whose opposite is drawn too bends to its right
    (:mod:`geo.maps.flow_style`). Emerging legs get a bright halo beneath them; fading legs are faded.

    Args:
        legs: one row per leg with ``from_iso3``, ``to_iso3``, ``substance``, ``kg``,
            ``cases``, ``weight``, ``share``, ``status`` (emerging, fading, stable), the reported
            totals and ``via`` of :mod:`geo.analysis.routes`, and a LineString geometry in EPSG:4326.
        lang: "fr" or "en".
        largest: weight drawn at full width; the largest in ``legs`` by default (pass
            the whole timeline's largest to keep widths comparable between periods).
        minor: the "minor legs" layer (off by default) rather than the main flows.
        show: whether the layer control starts with it ticked (default: the main flows yes, the minor legs no).
    """
    legs = legs[legs.geometry.notna() & ~legs.geometry.is_empty]
    legs = legs.to_crs(4326) if legs.crs is not None and legs.crs.to_epsg() != 4326 else legs
    legs = legs.sort_values("weight", ascending=False)  # thin legs drawn last stay visible on thick ones
    widths = flow_widths(legs["weight"], largest)
    drawn_as = _provenance(legs)
    bent = flow_style.opposite_drawn(legs)
    lines_geo = [flow_style.bend(g) if b else g for g, b in zip(legs.geometry, bent, strict=True)]
    heads = [flow_style.arrowhead(g, float(w)) for g, w in zip(lines_geo, widths, strict=True)]
    halos, lines, arrows = [], [], []
    for row, width, geometry, head, how in zip(legs.itertuples(index=False), widths, rounded(lines_geo),
                                               rounded(heads), drawn_as, strict=True):
        status = str(row.status) if row.status in ("emerging", "fading", "stable") else "stable"
        label = schema.substance_label(row.substance, lang)
        hue = flow_style.family_hue(row.substance)
        tip = (f"<b>{esc(country_name(row.from_iso3, lang))} → {esc(country_name(row.to_iso3, lang))}</b>"
               f"<br>{esc(label)} · {esc(i18n.format_number(row.kg, lang))} {map_text.t('kg', lang)}"
               f" · {esc(i18n.format_number(row.cases, lang))} {map_text.t('cases', lang)}"
               f"<br>{map_text.t('share', lang)}: {esc(i18n.format_number(100 * float(row.share), lang, 1))} %"
               f"{_flag_line(row, lang)}<br>{_provenance_tip(row, how, lang)}")
        opacity = 0.35 if status == "fading" else 0.9
        style = {"color": hue, "weight": float(width), "lineCap": "butt" if how == "inferred" else "round",
                 "opacity": opacity, "dashArray": flow_style.INFERRED_DASH if how == "inferred" else None}
        lines.append(feature(geometry, status=status, provenance=how, style=style, tip=tip))
        if head is not None:
            # the arrowhead only shows the direction: the pointer goes to the line (its tooltip)
            arrows.append(feature(head, status="arrow", style={"color": hue, "weight": 0, "fillColor": hue,
                                                                 "fillOpacity": opacity, "interactive": False}))
        if status == "emerging":
            # the halo only marks the leg: the pointer goes to the line (its tooltip) or to what lies beneath
            halo = {"color": "#ffd600", "weight": float(width) + 6, "opacity": 0.9, "lineCap": "round",
                    "interactive": False}
            halos.append(feature(geometry, status="halo", style=halo))
    name = map_text.t("layer_minor_flows" if minor else "layer_flows", lang)
    return geojson_group(halos + lines + arrows, name, pane="cl-flows", show=(not minor) if show is None else show)
