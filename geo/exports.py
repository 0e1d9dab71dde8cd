"""Record exports with canonical column names: CSV (formula-safe), GeoJSON, GeoPackage."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import schema

EXPORT_FORMATS = ("csv", "geojson", "gpkg")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to every text cell a spreadsheet would read as a formula.

    >>> neutralise_formulas(pd.DataFrame({"notes": ["=HYPERLINK(1)", "ok", "-x"]}))["notes"].tolist()
    ["'=HYPERLINK(1)", 'ok', "'-x"]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == "object" or pd.api.types.is_string_dtype(values):
            risky = values.astype("str").str.startswith(FORMULA_PREFIXES) & values.notna()
            out[column] = values.where(~risky, "'" + values.astype("str"))
    return out


def export_format(path: str | Path) -> str:
    """The export format named by the file extension; ``ValueError`` if unsupported."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in EXPORT_FORMATS:
        raise ValueError(f"--out {path}: unsupported extension .{suffix}; use one of {', '.join(EXPORT_FORMATS)}")
    return suffix


def records_table(records: pd.DataFrame) -> pd.DataFrame:
    """The canonical columns only, dates as ISO text, geometry dropped."""
    table = pd.DataFrame(records.loc[:, list(schema.CANONICAL_COLUMNS)])
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table


def export_records(records: gpd.GeoDataFrame, path: str | Path) -> int:
    """Write ``records`` to ``path`` in the format of its extension; return the row count."""
    fmt = export_format(path)
    table = records_table(records)
    if fmt == "csv":
        neutralise_formulas(table).to_csv(path, index=False, encoding="utf-8")
    else:
        layer = gpd.GeoDataFrame(table, geometry=records.geometry.to_numpy(), crs="EPSG:4326")
        driver = "GeoJSON" if fmt == "geojson" else "GPKG"
        layer.to_file(path, driver=driver, engine="pyogrio", **({"layer": "records"} if fmt == "gpkg" else {}))
    return len(table)
