"""Static maps: asserted on the axes' artists and on the PNG they render, without a browser."""

import ast
import io
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image
from shapely.geometry import LineString

from geo.core import schema
from geo.core.schema import coerce_records
from geo.maps import static as staticmap
from tests.support import empty_records, make_records


# --- builders -------------------------------------------------------------------------------
def records() -> pd.DataFrame:
    """Cocaine in Dakar (twice, same cell), cannabis in Bamako, tramadol tablets in Lomé, one unlocated."""
    return coerce_records(make_records(
        {"substance": "cocaine", "quantity": 100.0, "lat": 14.69, "lon": -17.44},
        {"substance": "cocaine", "quantity": 20.0, "lat": 14.70, "lon": -17.45},
        {"substance": "cannabis_herb", "quantity": 5.0, "lat": 12.64, "lon": -8.0, "country": "MLI"},
        {"substance": "tramadol", "quantity": 50000, "unit": "tablets", "lat": 6.13, "lon": 1.22, "country": "TGO"},
        {"substance": "heroin", "quantity": 1.0, "lat": None, "lon": None},
    ))


def leg(a: tuple[float, float], b: tuple[float, float], weight: float, status: str = "stable",
        substance: str = "cocaine") -> dict:
    return {"from_iso3": "AAA", "to_iso3": "BBB", "substance": substance, "weight": weight, "status": status,
            "geometry": LineString([a, b])}


def legs(*rows: dict) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(list(rows), geometry="geometry", crs="EPSG:4326")


def three_legs() -> gpd.GeoDataFrame:
    return legs(leg((-17, 14), (-8, 12), 1.0, "fading"), leg((-8, 12), (1, 6), 100.0),
                leg((1, 6), (7, 9), 25.0, "emerging"))


def draw(*args, size=(8.0, 6.0), **options):
    ax = Figure(figsize=size).add_axes((0, 0, 1, 1))
    staticmap.draw_map(ax, *args, **options)
    return ax


def by_gid(ax, prefix: str) -> list:
    return [a for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)]


def legend_texts(ax) -> list[str]:
    return [t.get_text() for legend in by_gid(ax, "couloirs-legend") for t in
            (*legend.get_texts(), legend.get_title())]


# --- basemap and options --------------------------------------------------------------------
def test_empty_inputs_draw_the_basemap_alone():
    ax = draw(pd.DataFrame(), None, "fr")
    gids = {a.get_gid() for a in ax.get_children() if a.get_gid()}
    assert {"couloirs-context", "couloirs-countries", "couloirs-corridors-maritime", "couloirs-corridors-land",
            "couloirs-posts", "couloirs-legend-key"} <= gids
    assert not by_gid(ax, "couloirs-seizures") and not by_gid(ax, "couloirs-flows")
    assert len(by_gid(ax, "couloirs-countries")[0].get_paths()) == 22
    names = {t.get_text() for t in by_gid(ax, "couloirs-name")}
    assert {"SÉNÉGAL", "CÔTE D'IVOIRE", "MALI"} <= names
    assert ax.get_facecolor()[:3] != ax.figure.get_facecolor()[:3]  # the sea is painted


@pytest.mark.slow
@pytest.mark.parametrize("empty", [empty_records(), records().iloc[:0]])
def test_empty_records_and_empty_legs_render_a_png(empty):
    figure = staticmap.map_figure(empty, legs(leg((0, 0), (1, 1), 1.0)).iloc[:0], "en", size=(4, 3))
    assert Image.open(io.BytesIO(staticmap.figure_png(figure, dpi=50))).format == "PNG"


@pytest.mark.slow
def test_options_leave_layers_out():
    ax = draw(records(), three_legs(), "fr", corridors=False, posts=False, legend=False, label_countries=False)
    assert not by_gid(ax, "couloirs-corridors") and not by_gid(ax, "couloirs-posts")
    assert not by_gid(ax, "couloirs-legend") and not by_gid(ax, "couloirs-name") and not ax.texts
    assert by_gid(ax, "couloirs-seizures") and by_gid(ax, "couloirs-flows")


def test_no_axes_ticks_and_the_default_region_is_shown():
    ax = draw(pd.DataFrame(), None, "en", size=(8.0, 3.0))  # wider than the region: east-west grows
    west, south, east, north = staticmap.REGION
    assert ax.get_ylim() == (south, north)
    assert ax.get_xlim()[0] < west and ax.get_xlim()[1] > east
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []


def test_a_tall_box_grows_north_south_and_keeps_the_latitude_stretch():
    extent = (-18.0, 10.0, -10.0, 16.0)
    ax = draw(pd.DataFrame(), None, "en", size=(3.0, 8.0), extent=extent)
    assert ax.get_xlim() == (-18.0, -10.0)
    assert ax.get_ylim()[0] < 10.0 and ax.get_ylim()[1] > 16.0
    assert ax.get_aspect() == pytest.approx(1 / math.cos(math.radians(13.0)))
    ax.figure.canvas.draw()  # the box computed beforehand fills the axes: matplotlib changes nothing
    assert ax.get_xlim() == pytest.approx((-18.0, -10.0))


# --- seizures -------------------------------------------------------------------------------
def test_family_markers_cover_the_vocabulary_with_distinct_shapes():
    families = {s.family for s in schema.substances().values()}
    assert families <= set(staticmap.FAMILY_MARKERS)
    assert len(set(staticmap.FAMILY_MARKERS.values())) == len(staticmap.FAMILY_MARKERS)
    assert staticmap.UNKNOWN_MARKER not in staticmap.FAMILY_MARKERS.values()


@pytest.mark.slow
def test_each_family_is_drawn_with_its_own_marker_shape():
    ax = draw(records(), None, "en")
    collections = {a.get_gid(): a for a in by_gid(ax, "couloirs-seizures")}
    assert set(collections) == {"couloirs-seizures-cocaine", "couloirs-seizures-cannabis",
                                "couloirs-seizures-opioids"}  # heroin has no position
    shapes = [c.get_paths()[0].vertices.round(3).tobytes() for c in collections.values()]
    assert len(set(shapes)) == 3


@pytest.mark.slow
def test_seizures_are_summed_per_cell_and_sized_by_quantity():
    ax = draw(records(), None, "en")
    cocaine = by_gid(ax, "couloirs-seizures-cocaine")[0]
    assert len(cocaine.get_offsets()) == 1  # two Dakar records ~1 km apart share a cell
    assert tuple(cocaine.get_offsets()[0]) == pytest.approx((-17.445, 14.695))
    bigger = records().assign(quantity_kg=lambda r: r["quantity_kg"] * np.where(r["substance"] == "cocaine", 1, 0.1))
    sizes = {a.get_gid(): a.get_sizes()[0] for a in by_gid(draw(bigger, None, "en"), "couloirs-seizures")}
    assert sizes["couloirs-seizures-cocaine"] > sizes["couloirs-seizures-cannabis"]
    assert sizes["couloirs-seizures-opioids"] == pytest.approx(staticmap.DIAMETER_MAX ** 2)  # tablets: own scale


@pytest.mark.slow
def test_a_shared_seizure_scale_draws_smaller_markers():
    own = by_gid(draw(records(), None, "en"), "couloirs-seizures-cocaine")[0].get_sizes()[0]
    kg, count = staticmap.seizure_scale(records())
    assert (kg, count) == (120.0, 50000.0)
    shared = by_gid(draw(records(), None, "en", largest_seizure=(10 * kg, 0.0)), "couloirs-seizures")
    sizes = {a.get_gid(): a.get_sizes()[0] for a in shared}
    assert sizes["couloirs-seizures-cocaine"] < own
    assert sizes["couloirs-seizures-opioids"] == pytest.approx(staticmap.DIAMETER_MAX ** 2)  # 0: its own largest


@pytest.mark.slow
def test_seizures_without_quantity_are_drawn_at_the_smallest_size():
    ax = draw(coerce_records(make_records({"quantity": None, "unit": None})), None, "en")
    assert by_gid(ax, "couloirs-seizures-cocaine")[0].get_sizes()[0] == pytest.approx(staticmap.DIAMETER_MIN ** 2)
    assert not by_gid(ax, "couloirs-legend-sizes")


@pytest.mark.slow
def test_many_seizures_are_rasterized_few_stay_vectors():
    rng = np.random.default_rng(3)
    n = staticmap.RASTER_POINTS + 500
    many = coerce_records(make_records(*({"lat": lat, "lon": lon} for lat, lon in
                                         zip(rng.uniform(5, 25, n), rng.uniform(-16, 20, n)))))
    assert all(c.get_rasterized() for c in by_gid(draw(many, None, "en"), "couloirs-seizures"))
    assert not any(c.get_rasterized() for c in by_gid(draw(records(), None, "en"), "couloirs-seizures"))


# --- flows ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_flow_widths_follow_weight_and_statuses_differ_without_colour():
    ax = draw(pd.DataFrame(), three_legs(), "en")
    flows = by_gid(ax, "couloirs-flows")
    main = next(f for f in flows if f.get_gid() == "couloirs-flows")
    widths = list(main.get_linewidths())
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[1] > widths[2]  # 100, 25, 1
    starts = [tuple(p.vertices[0]) for p in main.get_paths()]
    assert starts == [(-8, 12), (1, 6), (-17, 14)]
    dashes = [style[1] for style in main.get_linestyles()]
    assert all(d is not None for d in dashes)  # none reported: all inferred, dashed (fading itself is pale)
    assert main.get_colors()[2][3] < main.get_colors()[0][3]  # fading: pale
    casing = next(f for f in flows if f.get_gid() == "couloirs-flows-casing")
    assert len(casing.get_paths()) == 1 and casing.get_linewidths()[0] > widths[1]  # emerging: cased


def test_largest_flow_shares_one_scale_between_frames():
    own = by_gid(draw(pd.DataFrame(), three_legs(), "en"), "couloirs-flows")
    shared = by_gid(draw(pd.DataFrame(), three_legs(), "en", largest_flow=1000.0), "couloirs-flows")
    width = {a.get_gid(): a.get_linewidths()[0] for a in own}["couloirs-flows"]
    assert {a.get_gid(): a.get_linewidths()[0] for a in shared}["couloirs-flows"] < width


def test_unplaced_legs_are_skipped_and_other_crs_are_reprojected():
    frame = legs(leg((-8, 12), (1, 6), 10.0), leg((0, 0), (1, 1), 5.0)).to_crs(3857)
    frame.loc[1, "geometry"] = None
    main = [a for a in by_gid(draw(pd.DataFrame(), frame, "en"), "couloirs-flows") if a.get_gid() == "couloirs-flows"]
    assert len(main[0].get_paths()) == 1
    assert tuple(main[0].get_paths()[0].vertices[0]) == pytest.approx((-8, 12))


# --- legends --------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", {"Cocaïne", "Herbe de cannabis", "Tramadol", "émergent", "en déclin", "poste frontière", "Saisies",
            "couloir maritime documenté", "100 kg", "10\u202f000 u."}),
    ("en", {"Cocaine", "Cannabis herb", "Tramadol", "emerging", "fading", "border post", "Seizures",
            "documented sea corridor", "100 kg", "10,000 u."}),
])
def test_legends_speak_the_language(lang, expected):
    ax = draw(records(), three_legs(), lang)
    texts = set(legend_texts(ax))
    assert expected <= texts  # "10 000 u.": tablets have their own size key
    assert "Heroin" not in texts and "Héroïne" not in texts  # not drawn, not listed
    other = {"fr": "Cocaine", "en": "Cocaïne"}[lang]
    assert other not in texts


@pytest.mark.slow
def test_legend_lists_the_most_frequent_substances_and_counts_the_rest():
    ids = list(schema.substances())[: staticmap.MAX_SUBSTANCES + 2]
    ax = draw(coerce_records(make_records(*({"substance": s} for s in ids))), None, "en")
    texts = legend_texts(ax)
    assert "+ 2 other substances" in texts


# --- figure and PNG -------------------------------------------------------------------------
@pytest.mark.slow
def test_map_figure_png_decodes_with_the_expected_size():
    figure = staticmap.map_figure(records(), three_legs(), "fr", size=(6.0, 4.0), title="Saisies")
    assert len(figure.axes) == 1 and figure.axes[0].get_title(loc="left") == "Saisies"
    image = Image.open(io.BytesIO(staticmap.figure_png(figure, dpi=100)))
    image.load()
    width, height = image.size
    assert 560 <= width <= 610 and 360 <= height <= 410  # 6 × 4 in at 100 dpi, cropped to what is drawn


def test_the_module_never_uses_pyplot_or_streamlit():
    tree = ast.parse(Path(staticmap.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not {m for m in imported if "pyplot" in m or m.startswith("streamlit")}
