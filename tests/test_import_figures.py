"""A realistic register imported: every stored figure equals an independent pandas reading of the file.

The register is the import benchmark's (:func:`benchmarks.bench_import.register`): French headers, decimal
commas and spaces as thousands separators, dd/mm/yyyy dates, one row in five located by a place name, swapped
coordinates, impossible dates and repeated rows; as a CSV export (text cells) and as a workbook (typed cells).
The import's speed work (issue 13) must not change one figure: records, their point geometries, the kept
totals (``aggregates``, ``aggregates_years``), the quarantine and the warnings are checked here against what
pandas computes from the register itself, not against the import code.
"""

from __future__ import annotations

import sqlite3
import struct

import h3
import numpy as np
import pandas as pd
import pytest

from benchmarks.bench_import import CONVEYANCES_FR, HEADERS, UNITS_FR, register, register_bytes
from geo.core import schema
from geo.ingest import pipeline
from geo.reference import countries
from geo.store import GeoPackageStore
from geo.store.aggregates import AMOUNTS, CELL_RESOLUTION, KEYS, POSITION_DIGITS
from geo.store.aggregates_years import YEAR_KEYS

ROWS = 1500
AGENCY = "sen-ocrtis"
FIRST_LINE = {"csv": 4, "xlsx": 2}  # CSV: a title line, a blank line and the header; workbook: the header


def _number(text: object) -> float:
    """A French Excel number ("1 234,5") or a typed cell, read by hand."""
    if isinstance(text, float | int):
        return float(text)
    cleaned = str(text).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return float(cleaned) if cleaned else np.nan


def _inverse(words: dict[str, str]) -> dict[str, str]:
    return {word: key for key, word in words.items() if word}


def _stored(path, table: str) -> pd.DataFrame:
    with sqlite3.connect(path) as connection:
        return pd.read_sql_query(f"SELECT * FROM {table}", connection)  # noqa: S608 - a constant


@pytest.fixture(scope="module", params=["csv", "xlsx"])
def imported(request, tmp_path_factory):
    fmt = request.param
    table = register(ROWS, 7, typed=fmt == "xlsx")
    path = tmp_path_factory.mktemp(fmt) / "store.gpkg"
    store = GeoPackageStore(path)
    report = pipeline.import_bytes(store, register_bytes(table, fmt), f"registre.{fmt}", agency=AGENCY,
                                   created_by="test")
    return fmt, table, path, report


def _expected_fates(table: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which rows are quarantined (an impossible date), duplicates (a reference seen before) and accepted."""
    dates = table[HEADERS["date"]]
    bad = dates.map(lambda v: isinstance(v, str) and v == "31/02/2023")
    repeated = table[HEADERS["source_ref"]].where(~bad).duplicated(keep="first") & ~bad
    return bad, repeated, ~bad & ~repeated


def test_every_row_has_the_fate_pandas_gives_it(imported):
    fmt, table, path, report = imported
    bad, repeated, accepted = _expected_fates(table)
    assert (report.rows, report.accepted, report.quarantined, report.duplicates) == (
        ROWS, int(accepted.sum()), int(bad.sum()), int(repeated.sum()))
    assert bad.any() and repeated.any()
    quarantine = _stored(path, "quarantine").sort_values("row_number")
    assert quarantine["row_number"].tolist() == (np.flatnonzero(bad) + FIRST_LINE[fmt]).tolist()
    assert set(quarantine["code"]) == {"date_unparsed"}
    assert quarantine["reason"].str.contains("31/02/2023").all()


def test_records_are_the_register_s_figures(imported):
    fmt, table, path, report = imported
    _, _, accepted = _expected_fates(table)
    given = table.loc[accepted].reset_index(drop=True)
    records = _stored(path, "records")
    assert len(records) == len(given)
    # Stored in file order: the n-th record is the n-th accepted row.
    assert records["record_id"].tolist() == (AGENCY + ":" + given[HEADERS["source_ref"]]).tolist()
    assert records["source_ref"].tolist() == given[HEADERS["source_ref"]].tolist()
    dates = pd.to_datetime(given[HEADERS["date"]].astype(str), dayfirst=fmt == "csv", format="mixed")
    assert records["date"].tolist() == dates.dt.strftime("%Y-%m-%d").tolist()
    quantities = given[HEADERS["quantity"]].map(_number)
    assert np.allclose(records["quantity"].astype(float), quantities, equal_nan=True)
    labels = {schema.substance_label(s, "fr"): s for s in schema.substances()}
    assert records["substance"].tolist() == given[HEADERS["substance"]].map(labels).tolist()
    units = given[HEADERS["unit"]].map(_inverse(UNITS_FR))
    assert records["unit"].fillna("").tolist() == units.fillna("").tolist()
    factors = {"kg": 1.0, "g": 0.001, "t": 1000.0, "l": 1.0}  # a litre of liquid drug weighs a kilogram
    kg = records["quantity"].astype(float) * records["unit"].map(factors).astype(float)
    assert np.allclose(records["quantity_kg"].astype(float), kg, equal_nan=True)
    conveyances = given[HEADERS["conveyance"]].map(_inverse(CONVEYANCES_FR))
    assert records["conveyance"].tolist() == conveyances.fillna("unknown").tolist()  # a blank cell: unknown
    iso3 = {countries.country_name(code, "fr"): code for code in set(records["country"].dropna())}
    stated = given[HEADERS["country"]] != ""
    assert records.loc[stated, "country"].tolist() == given.loc[stated, HEADERS["country"]].map(iso3).tolist()
    assert set(records["agency"]) == {AGENCY}


def test_points_are_the_given_pair_or_its_swap_and_the_geometry_is_the_point(imported):
    fmt, table, path, report = imported
    _, _, accepted = _expected_fates(table)
    given = table.loc[accepted].reset_index(drop=True)
    records = _stored(path, "records")
    lat, lon = given[HEADERS["lat"]].map(_number), given[HEADERS["lon"]].map(_number)
    pointed = lat.notna().to_numpy()
    as_given = np.isclose(records["lat"], lat) & np.isclose(records["lon"], lon)
    swapped = np.isclose(records["lat"], lon) & np.isclose(records["lon"], lat)
    assert (as_given | swapped)[pointed].all()
    warned = set(report.warnings.loc[report.warnings["code"] == "coordinates_swapped", "row_number"])
    lines = set((np.flatnonzero(accepted)[pointed & swapped & ~as_given] + FIRST_LINE[fmt]).tolist())
    assert lines and lines <= warned
    # The GeoPackage point: "GP", version 0, flags 1 (little-endian, no envelope), EPSG:4326, then WKB.
    for blob, y, x in zip(records["geom"], records["lat"], records["lon"]):
        if pd.isna(y):
            assert blob is None
            continue
        magic, version, flags, srs, order, kind, bx, by = struct.unpack("<2sBBiBIdd", blob)
        assert (magic, version, flags, srs, order, kind, len(blob)) == (b"GP", 0, 1, 4326, 1, 1, 29)
        assert (bx, by) == (x, y)


def _independent_totals(records: pd.DataFrame) -> pd.DataFrame:
    """The kept totals computed from the stored records with plain pandas (one H3 look-up per record)."""
    located = records["lat"].notna()
    cells = [h3.latlng_to_cell(round(y, POSITION_DIGITS), round(x, POSITION_DIGITS), CELL_RESOLUTION) if ok else ""
             for y, x, ok in zip(records["lat"], records["lon"], located)]
    kg = records["quantity_kg"].astype(float)
    count = records["count"].astype(float).fillna(0.0)
    frame = records.assign(
        month=records["date"].str[:7], cell=cells, record_rows=1, weighed=kg.notna().astype(int),
        cases=records["seizure_count"].astype(int), kg=kg.fillna(0.0),
        tablets=count.where(records["unit"] == "tablets", 0.0), plants=count.where(records["unit"] == "plants", 0.0))
    for key in KEYS:
        frame[key] = frame[key].fillna("")
    return frame.groupby(list(KEYS), as_index=False)[list(AMOUNTS)].sum()


def _compare(stored: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    stored = stored.loc[:, [*keys, *AMOUNTS]].sort_values(keys).reset_index(drop=True)
    expected = expected.loc[:, [*keys, *AMOUNTS]].sort_values(keys).reset_index(drop=True)
    assert stored[keys].astype(str).equals(expected[keys].astype(str))
    for name in AMOUNTS:
        assert np.allclose(stored[name].astype(float), expected[name].astype(float)), name


def test_kept_totals_are_the_records_summed_by_pandas(imported):
    fmt, table, path, report = imported
    records = _stored(path, "records")
    monthly = _independent_totals(records)
    _compare(_stored(path, "aggregates"), monthly, list(KEYS))
    yearly = monthly.assign(year=monthly["month"].str[:4])
    yearly = yearly.groupby(list(YEAR_KEYS), as_index=False)[list(AMOUNTS)].sum()
    _compare(_stored(path, "aggregates_years"), yearly, list(YEAR_KEYS))
