"""Offline reference layers: countries, border posts, ports, corridors and public seizures.

The files under ``data/reference/`` are built by ``scripts/build_reference.py``
(see ``data/reference/README.md`` for their provenance). Loaders read each file
once and hand out copies, so a caller that edits a frame cannot change what the
next caller sees.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.reference import derived

if TYPE_CHECKING:  # geopandas and GDAL load when a layer is first read, not with every command (issue 16)
    import geopandas as gpd

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
REFERENCE_DIR = DATA_DIR / "reference"

# The 15 ECOWAS states before 2025 plus Mauritania (member until 2000): the usual "ECOWAS-area 16".
ECOWAS_AREA: tuple[str, ...] = (
    "BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TGO",
)
# Every iso3 in countries.geojson: the ECOWAS area and the neighbours that routes cross (a test keeps them equal).
STUDY_COUNTRIES: tuple[str, ...] = tuple(sorted((*ECOWAS_AREA, "CMR", "DZA", "ESH", "LBY", "MAR", "TCD")))

_TEXT_FLOATS = ("lat", "lon", "quantity")


@cache
def _layer(name: str) -> gpd.GeoDataFrame:
    # Loading GDAL costs ~0.1 s CPU of every process that draws a map: the frame it reads is kept on disk, as data.
    return derived.kept(f"layer-{Path(name).stem}", (REFERENCE_DIR / name, Path(__file__)), lambda: _read_layer(name),
                        _layer_data, _layer_from_data)


def _read_layer(name: str) -> gpd.GeoDataFrame:
    import pyogrio

    frame = pyogrio.read_dataframe(REFERENCE_DIR / name)
    # GeoJSON is WGS84 by definition; say so even if the driver reports no CRS.
    return frame.set_crs("EPSG:4326", allow_override=True) if frame.crs is None else frame.to_crs("EPSG:4326")


def _layer_data(frame: gpd.GeoDataFrame) -> dict:
    """A layer as JSON data: each column's values (``None`` where missing) and dtype, geometries as WKB, the CRS."""
    import shapely

    geometry = frame.geometry.name
    values = {column: frame[column].astype(object).where(frame[column].notna(), None).tolist()
              for column in frame.columns if column != geometry}
    return {"order": list(frame.columns), "geometry": geometry, "crs": frame.crs.to_string(),
            "dtypes": {column: str(frame[column].dtype) for column in values}, "values": values,
            "wkb": [None if blob is None else blob.hex() for blob in shapely.to_wkb(frame.geometry.to_numpy())]}


def _layer_from_data(data: dict) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    blobs = [None if text is None else bytes.fromhex(text) for text in data["wkb"]]
    columns = {column: pd.Series(values, dtype=data["dtypes"][column]) for column, values in data["values"].items()}
    columns[data["geometry"]] = gpd.GeoSeries(shapely.from_wkb(blobs), crs=data["crs"])
    return gpd.GeoDataFrame(pd.DataFrame(columns).loc[:, data["order"]], geometry=data["geometry"], crs=data["crs"])


def country_polygons() -> gpd.GeoDataFrame:
    """Country polygons with ``iso3``, ``name_en``, ``name_fr`` and ECOWAS / G5 Sahel / AES membership."""
    return _layer("countries.geojson").copy()


def border_posts() -> gpd.GeoDataFrame:
    """Border posts (points) with the two countries they connect and how each point was placed."""
    return _layer("border_posts.geojson").copy()


def ports_airports() -> gpd.GeoDataFrame:
    """Seaports, airports and landing points (points)."""
    return _layer("ports_airports.geojson").copy()


def corridors() -> gpd.GeoDataFrame:
    """Trafficking corridors (MultiLineStrings) with substance, mode, active years and schematic vertices."""
    return _layer("corridors.geojson").copy()


def text(row: object, field: str, lang: str) -> str:
    """A reference feature's ``field`` (``name``, ``notes``, ``description``) in ``lang``.

    The layers hold the facts' English in ``field`` and its French in ``field_fr`` (``scripts/build_reference.py``
    refuses to build without it); ``row`` is a mapping or an ``itertuples`` row. A French screen never falls back
    to English: a missing French text is a KeyError.

    >>> text({"name": "Port of Tema", "name_fr": "Port de Tema"}, "name", "fr")
    'Port de Tema'
    """
    values = row if isinstance(row, dict) else row._asdict()  # type: ignore[attr-defined]
    key = f"{field}_fr" if lang == "fr" else field
    value = values[key]
    if value is None or value != value:  # NaN: an empty text in the file
        value = ""
    if not value and values.get(field):
        raise KeyError(f"{field!r} of {values.get('name') or values.get('id')!r} has no {lang!r} text")
    return str(value)


def corridor_waypoints() -> gpd.GeoDataFrame:
    """One point per corridor vertex; ``approximate`` marks the schematic ones."""
    return _layer("corridor_waypoints.geojson").copy()


@lru_cache(maxsize=1)
def _public_seizures() -> pd.DataFrame:
    # Everything is read as text (so "NA" or a leading zero stays as written); empty cells are missing.
    frame = pd.read_csv(DATA_DIR / "public_seizures.csv", dtype=str, keep_default_na=False, na_values=[""])
    for column in _TEXT_FLOATS:
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    return frame


def public_seizures() -> pd.DataFrame:
    """Publicly reported seizures as canonical records; lat, lon and quantity are floats, the rest text."""
    return _public_seizures().copy()


@lru_cache(maxsize=1)
def _centroids() -> pd.DataFrame:
    frame = _layer("countries.geojson")
    # A representative point always lies inside the polygon, unlike a centroid (e.g. for Cabo Verde's islands).
    points = frame.geometry.representative_point()
    return pd.DataFrame({"iso3": frame["iso3"], "lat": points.y, "lon": points.x}).reset_index(drop=True)


def country_centroids() -> pd.DataFrame:
    """One representative point per country: columns ``iso3``, ``lat``, ``lon``.

    >>> row = country_centroids().set_index("iso3").loc["CPV"]
    >>> bool(14 < row["lat"] < 18 and -26 < row["lon"] < -22)
    True
    """
    return _centroids().copy()
