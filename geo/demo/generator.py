"""Seeded synthetic seizure records that tell the region's story (``source = "synthetic demo"``).

The story itself (who seizes what, where, when and on which route) is data, in
:mod:`geo.demo.story`, :mod:`geo.demo.agencies` and :mod:`geo.demo.places`. Every random
draw comes from ``numpy.random.default_rng(seed)``: no global state, no clock, so the same
seed gives the same records and the same CSV bytes. Places come from
:mod:`geo.reference.gazetteer`, resolved once per process, never per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo import reference
from geo.core.schema import DEMO_SOURCE, INPUT_COLUMNS
from geo.demo.agencies import AGENCIES, DEFAULT_REF_STYLE, REF_STYLE
from geo.demo.places import AIRPORT_CITY, FLIGHT_CITY, HUBS, REFERENCE_ADMIN1, SEA_AREAS
from geo.demo.story import DETAILS, GENERIC_NOTES, SEA_KINDS, STREAMS, YEARS, Stream
from geo.reference import gazetteer


# --- resolved places ------------------------------------------------------------------
@dataclass(frozen=True)
class _Site:
    country: str
    place: str
    admin1: str | None
    lat: float
    lon: float
    kind: str  # gazetteer kind, or "sea" for an unlocated high-seas seizure


@lru_cache(maxsize=1)
def _site_table() -> dict[tuple[str, str], tuple[_Site, ...]]:
    """Every site spec of every stream, resolved once through the gazetteer."""
    frame = gazetteer.places()
    table: dict[tuple[str, str], tuple[_Site, ...]] = {}
    for stream in STREAMS:
        for spec in stream.sites:
            first, second = spec[0], spec[1]
            if (first, second) in table:
                continue
            if first == "sea":
                table[(first, second)] = (_Site(second, SEA_AREAS[second], None, np.nan, np.nan, "sea"),)
            elif first in {"seaport", "airport", "landing_point", "border_post"}:
                rows = frame[(frame["kind"] == first) & (frame["country"] == second)]
                if rows.empty:
                    raise ValueError(f"stream {stream.key}: no {first} in {second} in the gazetteer")
                table[(first, second)] = tuple(
                    _Site(second, name, REFERENCE_ADMIN1.get(gazetteer.key(name)), lat, lon, first)
                    for name, lat, lon in zip(rows["name"], rows["lat"], rows["lon"], strict=True)
                )
            else:
                place = gazetteer.lookup(second, first)
                if place is None:
                    raise ValueError(f"stream {stream.key}: {second!r} ({first}) is not in the gazetteer")
                admin1 = HUBS.get(first, {}).get(second) or REFERENCE_ADMIN1.get(gazetteer.key(place.name))
                table[(first, second)] = (_Site(first, second, admin1, place.lat, place.lon, place.kind),)
    return table


def _stream_sites(stream: Stream) -> tuple[list[_Site], np.ndarray]:
    """The stream's sites and a (years x sites) weight matrix."""
    table = _site_table()
    sites: list[_Site] = []
    columns: list[np.ndarray] = []
    for spec in stream.sites:
        resolved = table[(spec[0], spec[1])]
        start, end = (spec[3], spec[4]) if len(spec) == 5 else (YEARS[0], YEARS[-1])
        active = ((YEARS >= start) & (YEARS <= end)).astype(float) * spec[2] / len(resolved)  # noqa: SIM300
        for site in resolved:
            sites.append(site)
            columns.append(active)
    weights = np.column_stack(columns)
    # A year where no site of the stream is active falls back to all its sites.
    empty = weights.sum(axis=1) == 0
    weights[empty] = 1.0
    return sites, weights


# --- sampling helpers -----------------------------------------------------------------
def _pick(
    rng: np.random.Generator, weights: np.ndarray, row_of: np.ndarray | None = None, n: int | None = None
) -> np.ndarray:
    """Draw indices: ``n`` from 1-D ``weights``, or one per entry of ``row_of`` from that row of 2-D ``weights``."""
    if weights.ndim == 1:
        return rng.choice(len(weights), size=n, p=weights / weights.sum())
    cdf = np.cumsum(weights[row_of], axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(len(row_of))
    return np.minimum((u[:, None] >= cdf).sum(axis=1), weights.shape[1] - 1)


def _choice(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(options), dtype=object)
    return keys[_pick(rng, np.array(list(options.values()), dtype=float), n=n)]


def _round(values: np.ndarray, step: float) -> np.ndarray:
    """Round to the step a register would write, never to zero."""
    rounded = np.round(values / step) * step
    rounded = np.where(rounded <= 0, step, rounded)
    return np.round(rounded, 3)


def _stream_rows(rng: np.random.Generator, stream: Stream, year_idx: np.ndarray) -> dict[str, np.ndarray]:
    """Everything about the rows of one stream but dates, agencies and references."""
    n = len(year_idx)
    sites, weights = _stream_sites(stream)
    chosen = _pick(rng, weights, row_of=year_idx)
    country = np.array([sites[i].country for i in chosen], dtype=object)
    kind = np.array([sites[i].kind for i in chosen], dtype=object)
    out: dict[str, np.ndarray] = {
        "country": country,
        "place": np.array([sites[i].place for i in chosen], dtype=object),
        "admin1": np.array([sites[i].admin1 for i in chosen], dtype=object),
        "lat": np.array([sites[i].lat for i in chosen], dtype=float),
        "lon": np.array([sites[i].lon for i in chosen], dtype=float),
        "kind": kind,
        "substance": np.full(n, stream.substance, dtype=object),
    }
    conveyance = np.select(
        [np.isin(kind, SEA_KINDS), kind == "airport", kind == "border_post"], ["sea", "air", "land"], "town"
    ).astype(object)
    towns = conveyance == "town"
    conveyance[towns] = _choice(rng, stream.town_conveyance, int(towns.sum()))
    out["conveyance"] = conveyance

    route = np.empty(n, dtype=object)
    for code in np.unique(country):
        rows = country == code
        route[rows] = _choice(rng, stream.routes.get(code, stream.routes.get("*", {">>": 1.0})), int(rows.sum()))
    parts = np.array([r.split(">") for r in route], dtype=object).reshape(n, 3)
    for column, position in (("origin", 0), ("transit", 1), ("destination", 2)):
        values = parts[:, position]
        values = np.where(values == "@", country, values)
        out[column] = np.where(values == "", None, values)

    unit_idx = _pick(rng, np.array([u[1] for u in stream.units]), n=n)
    medians = np.array([u[2] for u in stream.units])[unit_idx]
    sigmas = np.array([u[3] for u in stream.units])[unit_idx]
    steps = np.array([u[4] for u in stream.units])[unit_idx]
    out["unit"] = np.array([u[0] for u in stream.units], dtype=object)[unit_idx]
    out["quantity"] = _round(medians * np.exp(sigmas * rng.standard_normal(n)), steps)

    detail = np.empty(n, dtype=object)
    for mode in np.unique(conveyance):
        rows = conveyance == mode
        pool = np.array(stream.details.get(mode, DETAILS[mode]), dtype=object)
        detail[rows] = pool[rng.integers(0, len(pool), int(rows.sum()))]
    out["transport_detail"] = _flights(detail, conveyance, country, out["transit"], out["destination"])

    pool = np.array(stream.notes + GENERIC_NOTES, dtype=object)
    note = pool[rng.integers(0, len(pool), n)]
    out["notes"] = np.where(rng.random(n) < 0.15, note, None)
    return out


def _flights(
    detail: np.ndarray, conveyance: np.ndarray, country: np.ndarray, transit: np.ndarray, destination: np.ndarray
) -> np.ndarray:
    """Name the flight of air passengers: "passager, vol Bamako–Paris" leaving, "Addis-Abeba–Lagos" arriving."""
    home = pd.Series(country).map(AIRPORT_CITY)
    away = pd.Series(destination).map(FLIGHT_CITY)
    hub = pd.Series(transit).map(lambda t: FLIGHT_CITY.get(t.split(";")[-1]) if isinstance(t, str) else None)
    is_air = pd.Series(conveyance == "air") & home.notna() & pd.Series(detail != "fret aérien")
    outbound = is_air & away.notna()
    inbound = is_air & ~outbound & hub.notna()
    result = pd.Series(detail, dtype=object)
    result[outbound] = "passager, vol " + home[outbound] + "–" + away[outbound]
    result[inbound] = "passager, vol " + hub[inbound] + "–" + home[inbound]
    return result.to_numpy(dtype=object)


# --- the generator --------------------------------------------------------------------
def _intensity() -> np.ndarray:
    """Expected share of records per (stream, year).

    Each year's total follows a modest growth of reporting (+4 % a year, with a dip in
    2020 when movement restrictions slowed traffic and patrols); within a year, the
    streams share it according to their weights and trends, so the mix tells the story.
    """
    by_stream = np.array([s.weight * np.asarray(s.trend, dtype=float) for s in STREAMS])
    volume = 1.0 + 0.04 * (YEARS - YEARS[0])
    volume[YEARS == 2020] *= 0.88
    return by_stream / by_stream.sum(axis=0) * volume


def _dates(rng: np.random.Generator, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A day in each year; some registers only give the month."""
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    length = ((years + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]") - start).astype(int)
    day = start + (rng.random(len(years)) * length).astype(int)
    by_month = rng.random(len(years)) < 0.12
    day = np.where(by_month, day.astype("datetime64[M]").astype("datetime64[D]"), day)
    return day, np.where(by_month, "month", "day").astype(object)


def _agencies(rng: np.random.Generator, country: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Reporting agency: the national drug office, customs for part of the checkpoint seizures."""
    lead = np.array([AGENCIES[c][0] for c in country], dtype=object)
    customs = np.array([AGENCIES[c][1] or "" for c in country], dtype=object)
    share = np.where(kind != "city", 0.45, 0.1)
    use_customs = (customs != "") & (rng.random(len(country)) < share)
    return np.where(use_customs, customs, lead)


def _references(rng: np.random.Generator, agency: pd.Series, year: pd.Series) -> pd.Series:
    """Case numbers unique per agency: numbered per agency and year, in date order, with gaps.

    Rows must already be in date order. Gaps mimic a register that also numbers the
    agency's other cases.
    """
    step = pd.Series(rng.integers(1, 9, len(agency)), index=agency.index)
    number = step.groupby([agency, year]).cumsum()
    styles = agency.map(lambda a: REF_STYLE.get(a, DEFAULT_REF_STYLE))
    prefix = styles.map(lambda s: s[0])
    year_first = styles.map(lambda s: s[1])
    digits = styles.map(lambda s: s[2])
    padded = pd.Series([str(v).zfill(d) for v, d in zip(number, digits, strict=True)], index=agency.index)
    text_year = year.astype(str)
    return (prefix + text_year.where(year_first, padded) + "/" + padded.where(year_first, text_year)).astype("str")


def _reliability(rng: np.random.Generator, n: int) -> np.ndarray:
    """Admiralty grading (source A-E, information 1-5), blank for a third of the rows."""
    letters = np.array(list("ABCDE"), dtype=object)[_pick(rng, np.array([0.15, 0.4, 0.3, 0.1, 0.05]), n=n)]
    digits = np.array(list("12345"), dtype=object)[_pick(rng, np.array([0.2, 0.4, 0.25, 0.1, 0.05]), n=n)]
    return np.where(rng.random(n) < 0.35, None, letters + digits)


def _inside(country: np.ndarray, lat: np.ndarray, lon: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Whether each point of ``rows`` lies in its country.

    A jittered point must not land in the sea off Dakar or across the river at Kidira.
    """
    shapes = reference.country_polygons().set_index("iso3").geometry
    inside = np.zeros(len(country), dtype=bool)
    for code in np.unique(country[rows]):
        selected = rows & (country == code)
        inside[selected] = shapely.contains_xy(shapes[code], lon[selected], lat[selected])
    return inside


def generate(rows: int = 3000, seed: int = 1) -> pd.DataFrame:
    """Synthetic seizure records, the same for the same ``rows`` and ``seed``.

    Args:
        rows: number of records.
        seed: seed of ``numpy.random.default_rng``.

    Returns:
        A frame with exactly the columns :data:`geo.core.schema.INPUT_COLUMNS`, in date
        order, that :func:`geo.core.schema.coerce_records` accepts; ``source`` is
        "synthetic demo" and ``dataset`` "demo" on every row, ``record_id`` blank.
    """
    if rows < 0:
        raise ValueError(f"rows {rows} is negative")
    rng = np.random.default_rng(seed)
    cell = _pick(rng, _intensity().ravel(), n=rows)
    stream_of, year_of = np.divmod(cell, len(YEARS))

    columns = ("country", "place", "admin1", "lat", "lon", "kind", "substance", "conveyance", "origin", "transit",
               "destination", "unit", "quantity", "transport_detail", "notes")
    data = {c: np.empty(rows, dtype=float if c in {"lat", "lon", "quantity"} else object) for c in columns}
    for number, stream in enumerate(STREAMS):
        members = np.flatnonzero(stream_of == number)
        if len(members):
            for column, values in _stream_rows(rng, stream, year_of[members]).items():
                data[column][members] = values

    date, date_precision = _dates(rng, YEARS[year_of])
    located = ~np.isnan(data["lat"])
    # "exact": a GPS point a few km from the town centre, as a patrol would record it.
    exact = located & (rng.random(rows) < 0.22)
    distance_km = rng.uniform(0.5, 5.0, rows)
    bearing = rng.uniform(0, 2 * np.pi, rows)
    moved_lat = data["lat"] + distance_km * np.cos(bearing) / 111.32
    moved_lon = data["lon"] + distance_km * np.sin(bearing) / (111.32 * np.cos(np.radians(data["lat"])))
    exact &= _inside(data["country"], moved_lat, moved_lon, exact)
    lat = np.where(exact, moved_lat, data["lat"])
    lon = np.where(exact, moved_lon, data["lon"])
    # A few registers only say which country (annual returns): its representative point.
    coarse = located & ~exact & (rng.random(rows) < 0.025)
    centroids = reference.country_centroids().set_index("iso3")
    lat = np.where(coarse, centroids["lat"].reindex(data["country"]).to_numpy(), lat)
    lon = np.where(coarse, centroids["lon"].reindex(data["country"]).to_numpy(), lon)
    data["place"] = np.where(coarse, None, data["place"])
    data["admin1"] = np.where(coarse, None, data["admin1"])
    precision = np.select([exact, coarse, located], ["exact", "country", "place"], "unlocated").astype(object)
    agency = _agencies(rng, data["country"], data["kind"])
    sensitivity = np.array(["public", "restricted", "confidential"], dtype=object)[
        _pick(rng, np.array([0.77, 0.2, 0.03]), n=rows)
    ]
    reliability = _reliability(rng, rows)

    frame = pd.DataFrame(
        {
            "record_id": None,
            "source_ref": None,
            "date": pd.to_datetime(date).astype("datetime64[ms]"),
            "date_precision": date_precision,
            "country": data["country"],
            "admin1": data["admin1"],
            "place": data["place"],
            "lat": np.round(lat, 5),
            "lon": np.round(lon, 5),
            "location_precision": precision,
            "substance": data["substance"],
            "quantity": data["quantity"],
            "unit": data["unit"],
            "conveyance": data["conveyance"],
            "transport_detail": data["transport_detail"],
            "origin": data["origin"],
            "transit": data["transit"],
            "destination": data["destination"],
            "agency": agency,
            "sensitivity": sensitivity,
            "reliability": reliability,
            "source": DEMO_SOURCE,
            "notes": data["notes"],
            "dataset": "demo",
            "seizure_count": 1,  # the demo is a case file: one row, one seizure
        }
    )
    # Date order, as a register reads; the stable sort keeps ties in draw order.
    frame = frame.iloc[np.argsort(frame["date"].to_numpy(), kind="stable")].reset_index(drop=True)
    frame["source_ref"] = _references(rng, frame["agency"], frame["date"].dt.year)
    frame["substance_label"] = None  # synthetic rows have no text as written
    frame = frame.loc[:, list(INPUT_COLUMNS)]
    for column in INPUT_COLUMNS:
        if column not in {"date", "lat", "lon", "quantity", "seizure_count"}:
            frame[column] = frame[column].astype("str")
    return frame


def to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Text form of a demo frame for CSV: ISO dates, whole counts without ".0"."""
    out = frame.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    quantity = out["quantity"].to_numpy(dtype=float)
    whole = np.isfinite(quantity) & (quantity == np.round(quantity))
    text = np.where(whole, np.round(np.nan_to_num(quantity)).astype(np.int64).astype(str), quantity.astype(str))
    out["quantity"] = pd.Series(np.where(np.isfinite(quantity), text, ""), index=out.index)
    return out


def write_csv(path: str | Path, rows: int = 3000, seed: int = 1, twins: float = 0.0) -> int:
    """Write :func:`generate` ``(rows, seed)`` to ``path`` as UTF-8 CSV; return the rows written.

    ``twins`` > 0 adds that share of seizures reported again by other agencies
    (:func:`geo.demo.twins.generate_with_twins`). The same arguments give a byte-identical file.
    """
    if twins:
        from geo.demo.twins import generate_with_twins  # twins build on this module

        frame = generate_with_twins(rows=rows, seed=seed, share=twins).records
    else:
        frame = generate(rows=rows, seed=seed)
    to_csv_frame(frame).to_csv(Path(path), index=False, encoding="utf-8", lineterminator="\n")
    return len(frame)
