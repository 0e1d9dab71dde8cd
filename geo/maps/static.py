"""Static maps for briefings, slides and animation frames: matplotlib over the offline layers.

No browser, no web tiles: land, corridors and border posts are the offline reference layers
(:mod:`geo.reference`; Natural Earth around them from :func:`geo.maps.land.land_features`).
Figures are :class:`matplotlib.figure.Figure`, never pyplot: nothing global changes and two
Streamlit sessions can render at once. A black-and-white print stays readable: each substance
family has its own marker (:data:`FAMILY_MARKERS`), emerging flows are cased (dark edge, light
halo), fading ones dashed and pale, sea corridors dashed and land routes dotted.

Speed: the reference layers become matplotlib paths once (``lru_cache``) and seizures are summed
per :data:`CELL_DEGREES` cell and substance, so 100,000 records draw a few hundred markers (Agg
spends ~20 µs a marker: 100,000 took 2 to 8 s); above :data:`RASTER_POINTS` markers the scatter
is rasterized. Measured on the 2-core dev container (load ~2.5), 100,000 demo records and 49
legs, ``map_figure`` + ``figure_png`` (8 × 6 in, 150 dpi): 1.2-1.6 s cold (fresh process, import
and layers included), 0.5-0.7 s warm; to PDF instead, 0.8-1.4 s. Artists carry a ``gid``
("couloirs-flows", …) for callers and tests.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.path import Path
from shapely.ops import polylabel

from geo import i18n, reference
from geo.analysis import provenance, routes
from geo.core import schema
from geo.i18n import maps as map_text
from geo.maps import flow_style
from geo.maps.flow_style import flow_widths
from geo.maps.land import SMALL_COUNTRIES, land_features
from geo.maps.style import CONTEXT_BORDER, LAND, LAND_BORDER, LAND_CONTEXT, SEA, substance_colour
from geo.reference.countries import country_name

Extent = tuple[float, float, float, float]
# West to the Cabo Verde islands, east to Chad's border, south into the open Gulf of Guinea (room
# for a legend), north to the Canaries: the ECOWAS area, the Sahel crossings and their coasts.
REGION: Extent = (-26.0, 2.0, 25.0, 28.0)
FAMILY_MARKERS: dict[str, str] = {"cocaine": "o", "cannabis": "^", "ats": "D", "opioids": "v", "other": "P"}
UNKNOWN_MARKER = "X"
CELL_DEGREES = 0.1  # seizures are summed per cell of this side (~11 km, under a millimetre on an A4 map)
RASTER_POINTS = 1500  # more seizure markers than this are drawn as an image (PDF weight and speed)
DIAMETER_MIN, DIAMETER_MAX = 2.6, 15.0  # seizure marker diameters, points
FLOW_SCALE = 0.5  # flow width in points per pixel of :func:`geo.maps.flow_style.flow_widths`
MAX_SUBSTANCES = 12  # substances the legend lists, the most frequent; the others are counted
NAME, EDGE, KEY_GREY, HALO, CASING = "#6d665c", "#3a3a3a", "#8a8a8a", "#ffd600", "#212121"
FADING_DASH, MARITIME_DASH, LAND_DOTS = (0, (2.0, 1.5)), (0, (4, 2.5)), (0, (1, 1.6))
INFERRED_DASH = (0, (3.0, 2.0))  # an inferred leg (geo.analysis.provenance): dashed, as on the dashboard

# --- reference layers, prepared once --------------------------------------------------------
def _polygon_path(geometry: shapely.Geometry) -> Path:
    """One compound path of a (multi)polygon, rings oriented so that non-zero filling leaves holes open."""
    oriented = shapely.orient_polygons(geometry)
    return Path.make_compound_path(*(Path(np.asarray(ring.coords)[:, :2], closed=True)
                                     for polygon in getattr(oriented, "geoms", [oriented])
                                     for ring in (polygon.exterior, *polygon.interiors)))


def _line_arrays(geometry: shapely.Geometry | None) -> list[np.ndarray]:
    if geometry is None or geometry.is_empty:
        return []
    return [np.asarray(part.coords)[:, :2] for part in getattr(geometry, "geoms", [geometry])]


@lru_cache(maxsize=1)
def _land() -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Paths of the land around (as the interactive map draws it) and of the study countries."""
    context = [shapely.geometry.shape(f["geometry"]) for f in land_features()
               if f["properties"]["style"]["fillColor"] == LAND_CONTEXT]
    return tuple(map(_polygon_path, context)), tuple(map(_polygon_path, reference.country_polygons().geometry))


@lru_cache(maxsize=1)
def _corridors() -> dict[str, tuple[np.ndarray, ...]]:
    frame = reference.corridors()
    return {kind: tuple(a for g in frame.loc[frame["kind"] == kind].geometry for a in _line_arrays(g))
            for kind in ("maritime", "land")}


@lru_cache(maxsize=1)
def _posts() -> np.ndarray:
    return shapely.get_coordinates(reference.border_posts().geometry.values)


@lru_cache(maxsize=8)
def _label_points(extent: Extent) -> tuple[tuple[str, float, float], ...]:
    """Where each name goes: the pole of inaccessibility of the country's largest part inside ``extent``.

    Clipping first keeps Algeria's or Libya's name on the map when most of the country is off it.
    """
    frame, box, points = reference.country_polygons(), shapely.box(*extent), []
    for iso3, geometry in zip(frame["iso3"], frame.geometry):
        visible = geometry.intersection(box)
        if visible.area > 0:
            point = polylabel(max(getattr(visible, "geoms", [visible]), key=lambda part: part.area), tolerance=0.05)
            points.append((iso3, point.x, point.y))
    return tuple(points)


# --- seizures -------------------------------------------------------------------------------
def _seizure_groups(records: pd.DataFrame | None) -> pd.DataFrame:
    """Located records summed per grid cell and substance: mean position, basis, total, record count.

    A substance weighed in kg on most records (:func:`geo.analysis.routes.weighed_in_kg`, as the flows
    decide) totals its kg; the others their count of tablets, plants or units. A cell holding
    one record keeps its exact position.
    """
    columns = ["lon", "lat", "substance", "family", "basis", "value", "records"]
    if records is None or not {"lat", "lon", "substance"} <= set(records.columns):
        return pd.DataFrame(columns=columns)
    nan = pd.Series(np.nan, index=records.index)
    kg, count = records.get("quantity_kg", nan).astype(float), records.get("count", nan).astype(float)
    in_kg = records["substance"].isin(routes.weighed_in_kg(pd.DataFrame({"substance": records["substance"],
                                                                         "quantity_kg": kg})))
    lon, lat = records["lon"].astype(float), records["lat"].astype(float)
    frame = pd.DataFrame({"lon": lon, "lat": lat, "substance": records["substance"].astype(str),
                          "basis": np.where(in_kg, "kg", "count"), "value": kg.where(in_kg, count).fillna(0.0),
                          "cx": np.floor(lon / CELL_DEGREES), "cy": np.floor(lat / CELL_DEGREES)})
    frame = frame.loc[np.isfinite(lon) & np.isfinite(lat)]
    groups = frame.groupby(["cx", "cy", "substance", "basis"], sort=False).agg(
        lon=("lon", "mean"), lat=("lat", "mean"), value=("value", "sum"), records=("value", "size")).reset_index()
    vocabulary = schema.substances()
    groups["family"] = groups["substance"].map(lambda s: vocabulary[s].family if s in vocabulary else "unknown")
    return groups.loc[:, columns]


def _largest(groups: pd.DataFrame) -> tuple[float, float]:
    largest = groups.groupby("basis")["value"].max()
    return float(largest.get("kg", 0.0)), float(largest.get("count", 0.0))


def seizure_scale(records: pd.DataFrame) -> tuple[float, float]:
    """The largest cell totals ``(kg, count)`` the map would draw for ``records`` (0 when none).

    An animation passes the largest over its frames as ``largest_seizure`` to every frame.
    """
    return _largest(_seizure_groups(records))


def _diameters(values: np.ndarray, top: float) -> np.ndarray:
    """Marker diameters in points: the area grows with the value, from the smallest visible up."""
    share = np.clip(np.asarray(values, dtype=float) / top, 0.0, 1.0) if top > 0 else np.zeros(len(values))
    return DIAMETER_MIN + (DIAMETER_MAX - DIAMETER_MIN) * np.sqrt(share)


def _draw_seizures(ax: Axes, groups: pd.DataFrame, tops: dict[str, float]) -> None:
    size = np.zeros(len(groups))
    for basis, top in tops.items():
        mine = (groups["basis"] == basis).to_numpy()
        size[mine] = _diameters(groups.loc[mine, "value"].to_numpy(float), top) ** 2
    groups = groups.assign(size=size).sort_values("size", ascending=False, kind="stable")  # small ones end on top
    for family, group in groups.groupby("family", sort=True):
        codes, substances = pd.factorize(group["substance"])
        palette = np.array([to_rgba(substance_colour(s), 0.8) for s in substances])
        # A thin dark edge keeps pale colours and the shapes readable on a grey print.
        ax.scatter(group["lon"].to_numpy(), group["lat"].to_numpy(), s=group["size"].to_numpy(), c=palette[codes],
                   marker=FAMILY_MARKERS.get(str(family), UNKNOWN_MARKER), edgecolors=EDGE, linewidths=0.3,
                   zorder=6, rasterized=len(groups) > RASTER_POINTS, gid=f"couloirs-seizures-{family}")


# --- other layers ---------------------------------------------------------------------------
def _basemap(ax: Axes, label_countries: bool, extent: Extent, lang: str) -> None:
    context, study = _land()
    ax.add_collection(PathCollection(context, facecolors=LAND_CONTEXT, edgecolors=CONTEXT_BORDER,
                                     linewidths=0.3, zorder=1, gid="couloirs-context"), autolim=False)
    ax.add_collection(PathCollection(study, facecolors=LAND, edgecolors=LAND_BORDER, linewidths=0.5,
                                     zorder=2, gid="couloirs-countries"), autolim=False)
    if label_countries:
        halo = [patheffects.withStroke(linewidth=1.6, foreground=LAND)]
        for iso3, x, y in _label_points(extent):
            small = iso3 in SMALL_COUNTRIES  # a smaller name spills less onto the neighbours
            ax.text(x, y, country_name(iso3, lang).upper(), fontsize=4.2 if small else 5.5, color=NAME,
                    ha="center", va="center", zorder=3.5, clip_on=True, path_effects=halo, gid=f"couloirs-name-{iso3}")


def _reference_lines(ax: Axes, corridors: bool, posts: bool) -> None:
    if corridors:
        for kind, style in (("maritime", MARITIME_DASH), ("land", LAND_DOTS)):
            ax.add_collection(LineCollection(_corridors()[kind], colors=KEY_GREY, linewidths=0.7, linestyles=style,
                                             zorder=3, gid=f"couloirs-corridors-{kind}"), autolim=False)
    if posts:
        ax.scatter(*_posts().T, s=5, marker="s", c="#37474f", edgecolors="white", linewidths=0.3, zorder=4,
                   gid="couloirs-posts")


def _draw_flows(ax: Axes, legs: gpd.GeoDataFrame, largest: float | None) -> None:
    """Legs heaviest first (thin ones end on top), as the dashboard draws them (:mod:`geo.maps.flow_style`).

    Family hue, arrowhead, bent when the opposite leg is drawn, dashed when inferred; emerging legs cased,
    fading ones pale.
    """
    legs = legs.loc[legs.geometry.notna() & ~legs.geometry.is_empty].sort_values("weight", ascending=False)
    statuses = legs["status"] if "status" in legs else pd.Series("stable", index=legs.index)
    drawn_as = provenance.provenance(legs) if "reported_kg" in legs else pd.Series("inferred", index=legs.index)
    bent = flow_style.opposite_drawn(legs)
    lines, widths, colours, styles, cased, heads, head_colours = [], [], [], [], [], [], []
    for pixels, status, how, substance, geometry, bends in zip(
            flow_widths(legs["weight"], largest), statuses, drawn_as, legs["substance"], legs.geometry, bent):
        colour = to_rgba(flow_style.family_hue(substance), 0.4 if status == "fading" else 0.9)
        for part in _line_arrays(flow_style.bend(geometry) if bends else geometry):
            lines.append(part)
            widths.append(pixels * FLOW_SCALE)
            colours.append(colour)
            styles.append(INFERRED_DASH if how == "inferred" else "solid")
            cased.append(status == "emerging")
            head = flow_style.arrowhead(shapely.LineString(part), float(pixels))
            if head is not None:
                heads.append(np.asarray(head.exterior.coords))
                head_colours.append(colour)
    under, casing_widths = [x for x, c in zip(lines, cased) if c], np.asarray(widths)[np.asarray(cased, bool)]
    for colour, extra, zorder, gid in ((CASING, 2.2, 5.0, "casing"), (HALO, 1.2, 5.1, "halo")) if under else ():
        ax.add_collection(LineCollection(under, colors=colour, linewidths=casing_widths + extra, capstyle="round",
                                         zorder=zorder, gid=f"couloirs-flows-{gid}"), autolim=False)
    ax.add_collection(LineCollection(lines, colors=colours, linewidths=widths, linestyles=styles, capstyle="butt",
                                     zorder=5.2, gid="couloirs-flows"), autolim=False)
    ax.add_collection(PolyCollection(heads, facecolors=head_colours, edgecolors="none", zorder=5.3,
                                     gid="couloirs-flows-arrows"), autolim=False)


# --- legends --------------------------------------------------------------------------------
def _marker(marker: str, colour: str, size: float = 4.5) -> Line2D:
    return Line2D([], [], ls="none", marker=marker, markersize=size, markerfacecolor=colour,
                  markeredgecolor=EDGE, markeredgewidth=0.3)


def _line(width: float, colour: str = KEY_GREY, style: object = "solid") -> Line2D:
    return Line2D([], [], color=colour, linewidth=width, linestyle=style, solid_capstyle="butt")


def _add_legend(ax: Axes, handles: list, labels: list[str], title: str, gid: str, **options: object) -> None:
    """A legend box added as an artist, so that an axes can hold several and ``ax.legend()`` stays free."""
    legend = Legend(ax, handles, labels, title=title, fontsize=5, title_fontsize=5.5, framealpha=0.9,
                    borderpad=0.5, handletextpad=0.5, columnspacing=0.9, labelspacing=0.4, **options)
    legend.set_zorder(10)
    legend.set_gid(gid)
    ax.add_artist(legend)


def _round_keys(top: float) -> np.ndarray:
    """Three powers of ten up to ``top``, for a size or width key that reads at a glance."""
    highest = 10.0 ** math.floor(math.log10(top))
    return np.array([highest / 100, highest / 10, highest])


def _number(value: float, lang: str) -> str:
    return i18n.format_number(value, lang, 0 if value >= 1 else 2)


def _substance_legend(ax: Axes, groups: pd.DataFrame, lang: str) -> None:
    counts = groups.groupby("substance")["records"].sum().sort_values(ascending=False, kind="stable")
    chosen, vocabulary = set(counts.index[:MAX_SUBSTANCES]), schema.substances()
    # Vocabulary order puts a family's substances (one marker shape) together.
    listed = [s for s in vocabulary if s in chosen] + sorted(chosen - set(vocabulary))
    handles = [_marker(FAMILY_MARKERS.get(getattr(vocabulary.get(s), "family", ""), UNKNOWN_MARKER),
                       substance_colour(s)) for s in listed]
    labels = [schema.substance_label(s, lang) for s in listed]
    if len(counts) > MAX_SUBSTANCES:
        handles.append(Line2D([], [], ls="none"))
        labels.append(map_text.t("others", lang, n=len(counts) - MAX_SUBSTANCES))
    _add_legend(ax, handles, labels, map_text.t("seizures", lang), "couloirs-legend-seizures", loc="lower left",
                ncols=2 if len(handles) > 6 else 1)


def _amount(value: float, basis: str, lang: str) -> str:
    """"500 kg", "20 t", "3 M u.": short labels for the size key."""
    if basis == "kg":
        return f"{_number(value / 1000, lang)} t" if value >= 1000 else f"{_number(value, lang)} kg"
    return f"{_number(value / 1e6, lang)} M u." if value >= 1e6 else f"{_number(value, lang)} u."


def _size_legend(ax: Axes, tops: dict[str, float], lang: str) -> None:
    rows = [[(_amount(v, basis, lang), d) for v, d in zip(_round_keys(top), _diameters(_round_keys(top), top))]
            for basis, top in tops.items()]
    # A legend fills its columns first: interleave the rows so that each basis reads across.
    keys = [key for column in zip(*rows) for key in column]
    # Rows as tall as the largest marker, so circles do not spill onto the row above.
    _add_legend(ax, [_marker("o", "#bdbdbd", float(d)) for _, d in keys], [label for label, _ in keys],
                map_text.t("sizes", lang), "couloirs-legend-sizes", loc="lower right", ncols=3,
                bbox_to_anchor=(1.0, 0.025), handleheight=DIAMETER_MAX / 5, handlelength=DIAMETER_MAX / 5)


def _key_legend(ax: Axes, top_flow: float, corridors: bool, posts: bool, lang: str) -> None:
    handles: list[object] = []
    labels: list[str] = []
    if top_flow > 0:
        values = _round_keys(top_flow)
        handles += [_line(float(w)) for w in flow_widths(values, top_flow) * FLOW_SCALE]
        handles += [(_line(4.2, CASING), _line(3.2, HALO), _line(2.0)), _line(2.0, "#c4c4c4")]
        labels += [_number(v, lang) for v in values] + [map_text.t("emerging", lang), map_text.t("fading", lang)]
        handles += [_line(2.0, hue) for hue in flow_style.FAMILY_HUES.values()]
        labels += [map_text.t(f"family_{name}", lang) for name in flow_style.FAMILY_HUES]
        handles += [_line(2.0), _line(2.0, style=INFERRED_DASH)]
        labels += [map_text.t("print_reported", lang), map_text.t("print_inferred", lang)]
    if corridors:
        handles += [_line(0.7, style=MARITIME_DASH), _line(0.7, style=LAND_DOTS)]
        labels += [map_text.t("maritime", lang), map_text.t("land", lang)]
    if posts:
        handles.append(_marker("s", "#37474f", 3))
        labels.append(map_text.t("post", lang))
    if handles:
        title = map_text.t("print_flows" if top_flow > 0 else "reference", lang)
        _add_legend(ax, handles, labels, title, "couloirs-legend-key",
                    loc="upper left", handler_map={tuple: HandlerTuple(ndivide=1)}, handlelength=2.4)


# --- public API -----------------------------------------------------------------------------
def _fit(ax: Axes, extent: Extent) -> Extent:
    """``extent`` widened on its shorter side so that, stretched for its latitude, it fills the axes box.

    Computed here rather than left to ``adjustable="datalim"`` so the limits are known before
    drawing and there are no fixed limits for matplotlib to override.
    """
    west, south, east, north = extent
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    box = ax.get_position()
    width, height = ax.get_figure(root=True).get_size_inches() * (box.width, box.height)
    span_x, span_y = east - west, (north - south) * stretch  # in "stretched" degrees
    wanted = height / width if width > 0 and height > 0 else span_y / span_x
    span_x, span_y = max(span_x, span_y / wanted), max(span_y, span_x * wanted)
    x, y = (west + east) / 2, (south + north) / 2
    return x - span_x / 2, y - span_y / stretch / 2, x + span_x / 2, y + span_y / stretch / 2


def draw_map(ax: Axes, records: pd.DataFrame, legs: gpd.GeoDataFrame | None, lang: str, *,
             extent: Extent = REGION, largest_flow: float | None = None,
             largest_seizure: tuple[float, float] | None = None, corridors: bool = True, posts: bool = True,
             legend: bool = True, label_countries: bool = True) -> None:
    """Draw the seizure map on ``ax``: basemap, reference layers, route flows, seizures, legends.

    Args:
        ax: an empty axes; its box is kept and ``extent`` widened on its shorter side to fill it.
        records: canonical records; those with ``lat`` and ``lon`` are summed per
            :data:`CELL_DEGREES` cell and substance, a marker's area growing with the total
            (kg, or tablets, plants and units for a substance mostly counted).
        legs: route legs with a geometry (:func:`geo.analysis.routes.leg_geometries`), ``weight``,
            ``substance`` and ``status``; ``None`` draws no flows.
        lang: "fr" or "en", for every text on the map.
        extent: (west, south, east, north) in degrees, the least the map shows.
        largest_flow: weight drawn at full width (the heaviest leg by default); the frames of
            an animation pass one value so that their widths compare.
        largest_seizure: cell totals ``(kg, count)`` drawn at full size (:func:`seizure_scale`;
            the largest drawn by default), shared likewise.
        corridors: draw the documented corridors (sea dashed, land dotted).
        posts: draw the border posts.
        legend: draw the legends (substances, sizes, flows and symbols) and the credits.
        label_countries: write the country names.

    >>> ax = Figure(figsize=(8, 4)).add_axes((0, 0, 1, 1))
    >>> draw_map(ax, pd.DataFrame(), None, "en")
    >>> ax.get_ylim() == (REGION[1], REGION[3])
    True
    """
    ax.set_facecolor(SEA)
    _basemap(ax, label_countries, extent, lang)
    _reference_lines(ax, corridors, posts)
    has_legs = legs is not None and len(legs) > 0
    if has_legs:
        legs = legs.to_crs(4326) if legs.crs is not None and legs.crs.to_epsg() != 4326 else legs
        _draw_flows(ax, legs, largest_flow)
    groups = _seizure_groups(records)
    # A shared scale where one is given, else this map's own largest total; both kinds drawn, each on its scale.
    tops = {basis: shared or own for basis, shared, own in zip(("kg", "count"), largest_seizure or (0, 0),
                                                               _largest(groups)) if (groups["basis"] == basis).any()}
    _draw_seizures(ax, groups, tops)
    if legend:
        if len(groups):
            _substance_legend(ax, groups, lang)
        if any(top > 0 for top in tops.values()):
            _size_legend(ax, {basis: top for basis, top in tops.items() if top > 0}, lang)
        top_flow = largest_flow or (float(legs["weight"].max()) if has_legs else 0.0)
        _key_legend(ax, top_flow, corridors, posts, lang)
        ax.text(0.995, 0.004, map_text.t("print_credits", lang), transform=ax.transAxes, fontsize=4, color=NAME,
                ha="right", va="bottom", zorder=11)
    west, south, east, north = _fit(ax, extent)
    ax.set(xlim=(west, east), ylim=(south, north), xticks=[], yticks=[])
    # Plate carrée stretched by 1/cos(mid-latitude): distances read true across the middle of the map.
    ax.set_aspect(1 / math.cos(math.radians((extent[1] + extent[3]) / 2)), adjustable="box")
    for spine in ax.spines.values():
        spine.set(color=KEY_GREY, linewidth=0.6)


def map_figure(records: pd.DataFrame, legs: gpd.GeoDataFrame | None, lang: str, *,
               size: tuple[float, float] = (8.0, 6.0), title: str | None = None, **draw_options: object) -> Figure:
    """A figure of ``size`` inches holding one map axes (:func:`draw_map` takes ``draw_options``)."""
    figure = Figure(figsize=size)
    ax = figure.add_axes((0.01, 0.01, 0.98, 0.93 if title else 0.98))
    draw_map(ax, records, legs, lang, **draw_options)
    if title:
        ax.set_title(title, loc="left", fontsize=10, fontweight="bold")
    return figure


def figure_png(figure: Figure, dpi: int = 150) -> bytes:
    """PNG bytes of ``figure``, cropped to what is drawn."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.04)
    return buffer.getvalue()
