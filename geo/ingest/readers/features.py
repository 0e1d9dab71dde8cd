"""Feature readers: an uploaded GeoJSON, GeoPackage, KML or KMZ file as one :class:`~geo.ingest.readers.raw.RawTable`.

One row per feature, numbered as the user sees it (feature number, or GeoPackage fid), its attributes as
written plus ``geometry_lat``/``geometry_lon`` in WGS84. A geometry that is not a point, or cannot be read, is a
problem on its row, never a dropped record. :data:`READERS` maps each format to its reader; callers go through
:func:`geo.ingest.readers.tables.read_table`, which picks the format.
"""

from __future__ import annotations

import io
import json
import math
import warnings
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj

from geo.ingest.problems import problems_frame
from geo.ingest.readers import filetypes
from geo.ingest.readers.filetypes import UnusableFile
from geo.ingest.readers.raw import (
    COORDINATES,
    LAT,
    LON,
    HeaderScore,
    RawTable,
    Reader,
    Value,
    _clean,
    _parser_errors,
    _unique_names,
)

_KML_GEOMETRIES = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Model", "Track", "MultiTrack"}
_KML_FIELDS = ("name", "description", "timestamp")

Point = tuple[float | None, float | None, tuple[str, str] | None]  # x (lon), y (lat), (problem code, value)


def _feature_table(kind: str, names: list[str], values: list[list[Value]], points: list[Point],
                   numbers: list[int], details: dict, problems: Iterable[dict] = ()) -> RawTable:
    """Attribute rows plus geometry_lat/geometry_lon; geometry problems added in row order."""
    columns = _unique_names(names, reserved=(LAT, LON))
    frame = pd.DataFrame(values, columns=columns, dtype=object)
    frame[LAT] = pd.Series([y for _, y, _ in points], dtype=object)
    frame[LON] = pd.Series([x for x, _, _ in points], dtype=object)
    problems = [*problems, *({"row": at, "field": COORDINATES, "code": problem[0], "value": problem[1]}
                            for at, (_, _, problem) in enumerate(points) if problem)]
    return RawTable(frame, numbers, kind, details, problems_frame(sorted(problems, key=lambda p: p["row"])))


def _xy(coordinates: object, written: object) -> Point:
    """A position from [x, y, ...], or a problem showing ``written`` when it is not two finite numbers."""
    try:
        x, y = float(coordinates[0]), float(coordinates[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError, KeyError):
        x = y = math.nan
    if math.isfinite(x) and math.isfinite(y):
        return x, y, None
    shown = written if isinstance(written, str) else json.dumps(written)
    return None, None, ("geometry_invalid", shown[:100])


def _read_geojson(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    text, encoding = filetypes.decode_text(data)
    with _parser_errors(file_name, "JSON"):
        document = json.loads(text)
    if isinstance(document, dict) and document.get("type") == "Feature":
        features = [document]
    elif isinstance(document, dict) and isinstance(document.get("features"), list):
        features = document["features"]
    else:
        raise UnusableFile("unknown_format", "JSON", file_name)
    transformer, crs = _geojson_crs(document, file_name)
    shown = features if max_rows is None else features[:max_rows]
    items = [feature if isinstance(feature, dict) else {} for feature in shown]
    keys = list(dict.fromkeys(key for item in items for key in _properties(item)))
    with_id = any("id" in item for item in items)
    values = [_json_values(item, keys, with_id) for item in items]
    points = [_json_point(item.get("geometry")) for item in items]
    if transformer is not None:
        points = _reproject(points, transformer)
    problems = [{"row": at, "code": "feature_invalid", "value": json.dumps(feature)[:100]}
                for at, feature in enumerate(shown) if not isinstance(feature, dict)]
    details = {"encoding": encoding, "crs": crs, "truncated": len(shown) < len(features)}
    names = keys + (["id"] if with_id else [])
    return _feature_table("geojson", names, values, points, list(range(1, len(shown) + 1)), details, problems)


def _properties(feature: dict) -> dict:
    properties = feature.get("properties")
    return properties if isinstance(properties, dict) else {}


def _json_values(feature: dict, keys: list[str], with_id: bool) -> list[Value]:
    properties = _properties(feature)
    return [_json_value(properties.get(key)) for key in keys] + ([_json_value(feature.get("id"))] if with_id else [])


def _json_value(value: object) -> Value:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return _clean(value)


def _json_point(geometry: object) -> Point:
    """A GeoJSON geometry as a point: null -> no position; a one-point MultiPoint counts as a point."""
    if geometry is None:
        return None, None, None
    if not isinstance(geometry, dict):
        return None, None, ("geometry_invalid", json.dumps(geometry)[:100])
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "MultiPoint" and isinstance(coordinates, list) and len(coordinates) == 1:
        kind, coordinates = "Point", coordinates[0]
    if kind != "Point":
        return None, None, ("geometry_not_point", str(kind))
    if coordinates == []:
        return None, None, None  # an empty point: no position given
    return _xy(coordinates, coordinates)


def _geojson_crs(document: dict, file_name: str | None) -> tuple[pyproj.Transformer | None, str | None]:
    """A transformer to WGS84 for the legacy (2008) "crs" member; None without one (RFC 7946: WGS84)."""
    crs = document.get("crs")
    if crs is None:
        return None, None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and crs.get("type") == "name" else None
    if not isinstance(name, str):
        raise UnusableFile("unsupported_crs", json.dumps(crs)[:80], file_name)
    try:
        source = pyproj.CRS.from_user_input(name)
    except pyproj.exceptions.CRSError as exc:
        raise UnusableFile("unsupported_crs", name, file_name) from exc
    # always_xy: GeoJSON writes x (longitude, easting) first whatever the CRS's official axis order
    return pyproj.Transformer.from_crs(source, "EPSG:4326", always_xy=True), name


def _reproject(points: list[Point], transformer: pyproj.Transformer) -> list[Point]:
    reprojected = []
    for x, y, problem in points:
        if x is None:
            reprojected.append((x, y, problem))
            continue
        reprojected.append(_xy(transformer.transform(x, y), [x, y]))
    return reprojected


def _read_gpkg(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    with _parser_errors(file_name, "GeoPackage"), warnings.catch_warnings():
        # pyogrio reads bytes from a /vsimem/ file named without ".gpkg", which GDAL would warn about every time
        warnings.filterwarnings("ignore", "File /vsimem/.* non conformant file extension", RuntimeWarning)
        layers = [(str(name), kind) for name, kind in pyogrio.list_layers(data)]
        layer = _pick_layer(data, layers, file_name)
        limit = None if max_rows is None else max_rows + 1
        frame = pyogrio.read_dataframe(data, layer=layer, fid_as_index=True, max_features=limit)
    truncated = max_rows is not None and len(frame) > max_rows
    frame = frame.iloc[:max_rows] if truncated else frame
    crs = None
    geometries: Iterable = [None] * len(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        crs = frame.crs.to_string() if frame.crs is not None else None  # None: taken as WGS84
        if frame.crs is not None and frame.crs.to_epsg() != 4326:
            try:
                frame = frame.to_crs(4326)
            except Exception as exc:  # pyproj fails in several ways on a CRS with no path to WGS84
                raise UnusableFile("unsupported_crs", crs, file_name) from exc
        geometries, frame = frame.geometry, pd.DataFrame(frame.drop(columns=frame.geometry.name))
    points = [_shapely_point(geometry) for geometry in geometries]
    values = [[_python_value(v) for v in row] for row in frame.itertuples(index=False)]
    details = {"layer": layer, "layers": [name for name, _ in layers], "crs": crs, "truncated": truncated}
    numbers = [int(fid) for fid in frame.index]
    return _feature_table("gpkg", [str(c) for c in frame.columns], values, points, numbers, details)


def _pick_layer(data: bytes, layers: list[tuple[str, str | None]], file_name: str | None) -> str:
    """The "records" layer, else the first point layer with features, else the first layer with any."""
    names = [name for name, _ in layers]
    if not names:
        raise UnusableFile("empty", "", file_name)
    if "records" in names:
        return "records"
    counts = {name: pyogrio.read_info(data, layer=name)["features"] for name in names}
    points = [name for name, kind in layers if kind and "Point" in kind and counts[name] > 0]
    return (points or [name for name in names if counts[name] > 0] or names)[0]


def _shapely_point(geometry: Any) -> Point:
    if geometry is None or geometry.is_empty:
        return None, None, None
    if geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
        geometry = geometry.geoms[0]
    if geometry.geom_type != "Point":
        return None, None, ("geometry_not_point", geometry.geom_type)
    return _xy((geometry.x, geometry.y), geometry.wkt)


def _python_value(value: object) -> Value:
    """A pandas cell as a plain Python value: NaN/NaT -> None, Timestamp -> datetime, numpy scalar -> int/float."""
    if not pd.api.types.is_scalar(value):  # a GDAL list field (StringList, IntegerList...): kept as JSON text
        return json.dumps(np.asarray(value).tolist(), ensure_ascii=False, default=str)
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, bytes):
        return value.hex()  # a BLOB field: kept, as text
    if hasattr(value, "item"):
        value = value.item()
    return _clean(value)


def _read_kml(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    return _kml_table(io.BytesIO(data), "kml", {}, file_name, max_rows)


def _read_kmz(data: bytes, file_name: str | None, score: HeaderScore, max_rows: int | None) -> RawTable:
    with filetypes.open_zip(data, file_name) as archive:
        members = [info for info in archive.infolist() if info.filename.lower().endswith(".kml")]
        if not members:
            raise UnusableFile("unknown_format", "ZIP", file_name)
        member = next((info for info in members if info.filename.lower() == "doc.kml"), members[0])
        with _parser_errors(file_name, member.filename):
            stream = archive.open(member)  # streamed: at most the declared, checked size is ever inflated
        with stream:
            return _kml_table(stream, "kmz", {"member": member.filename}, file_name, max_rows)


def _kml_table(stream: IO[bytes], kind: str, details: dict, file_name: str | None,
               max_rows: int | None) -> RawTable:
    records, points = [], []
    truncated = False
    for placemark in _placemarks(stream, file_name):
        if max_rows is not None and len(records) >= max_rows:
            truncated = True
            break
        record, point = _placemark(placemark)
        records.append(record)
        points.append(point)
    seen = dict.fromkeys(key for record in records for key in record)
    keys = [("kml", name) for name in _KML_FIELDS if ("kml", name) in seen] + [k for k in seen if k[0] == "data"]
    values = [[record.get(key) for key in keys] for record in records]
    numbers = list(range(1, len(records) + 1))
    details = {**details, "truncated": truncated}
    return _feature_table(kind, [name for _, name in keys], values, points, numbers, details)


def _placemarks(stream: IO[bytes], file_name: str | None) -> Iterator[Element]:
    """Each Placemark at any depth, streamed: DTDs and entities refused, each Placemark dropped once read."""
    parents: list[Element] = []
    with _parser_errors(file_name, "KML"):
        for event, element in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                parents.append(element)
                continue
            parents.pop()
            if _local(element.tag) == "Placemark":
                yield element
                if parents:
                    parents[-1].remove(element)


def _placemark(placemark: Element) -> tuple[dict[tuple[str, str], Value], Point]:
    """A Placemark's fields, keyed ("kml", name) or ("data", ExtendedData name), and its point."""
    record: dict[tuple[str, str], Value] = {}
    geometry = None
    for child in placemark:
        tag = _local(child.tag)
        if tag in ("name", "description"):
            record["kml", tag] = _text(child)
        elif tag == "TimeStamp":
            record["kml", "timestamp"] = _text(_child(child, "when"))
        elif tag == "ExtendedData":
            for item in child.iter():
                if _local(item.tag) == "Data":
                    record["data", item.get("name") or "data"] = _text(_child(item, "value"))
                elif _local(item.tag) == "SimpleData":
                    record["data", item.get("name") or "data"] = _text(item)
        elif tag in _KML_GEOMETRIES and geometry is None:
            geometry = child
    return record, _kml_point(geometry)


def _kml_point(geometry: Element | None) -> Point:
    """A KML geometry as a point; a MultiGeometry holding one Point counts as a point."""
    if geometry is None:
        return None, None, None
    kind = _local(geometry.tag)
    parts = [geometry] if kind != "MultiGeometry" else [
        part for part in geometry.iter() if _local(part.tag) in _KML_GEOMETRIES - {"MultiGeometry"}]
    if not parts:
        return None, None, None
    if len(parts) > 1 or _local(parts[0].tag) != "Point":
        return None, None, ("geometry_not_point", kind)
    text = _text(_child(parts[0], "coordinates")) or ""
    return _xy((text.split() or [""])[0].split(","), text)


def _local(tag: str) -> str:
    """A tag without its namespace: KML 2.2, 2.1, Google's gx and un-namespaced KML read alike."""
    return tag.rpartition("}")[2]


def _child(element: Element, name: str) -> Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _text(element: Element | None) -> str | None:
    return None if element is None else "".join(element.itertext()).strip() or None


READERS: dict[str, Reader] = {"geojson": _read_geojson, "gpkg": _read_gpkg, "kml": _read_kml, "kmz": _read_kmz}
