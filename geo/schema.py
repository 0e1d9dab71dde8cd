"""The seizure record model and its controlled vocabularies (DESIGN.md §3).

A record is one row of a DataFrame whose columns are :data:`CANONICAL_COLUMNS`.
Everything that enters the store goes through :func:`coerce_records`, which
checks vocabularies, normalises quantities and derives stable record ids.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo import units

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"

CONVEYANCES = ("land", "sea", "air", "mail", "unknown")
SENSITIVITIES = ("public", "restricted", "confidential")  # ordered, least to most
DATE_PRECISIONS = ("day", "month", "year")
# "unlocated": no position was disclosed (e.g. a high-seas interdiction); the
# record counts in every total but is not drawn.
LOCATION_PRECISIONS = ("exact", "place", "admin1", "country", "unlocated")
# Which body of data a record belongs to; the UI labels each one.
DATASETS = ("agency", "public", "demo")
DEMO_SOURCE = "synthetic demo"

# name -> kind; kinds: text, float, date
FIELDS: dict[str, str] = {
    "record_id": "text",
    "source_ref": "text",
    "date": "date",
    "date_precision": "text",
    "country": "text",
    "admin1": "text",
    "place": "text",
    "lat": "float",
    "lon": "float",
    "location_precision": "text",
    "substance": "text",
    "quantity": "float",
    "unit": "text",
    "quantity_kg": "float",
    "kg_factor": "float",
    "count": "float",
    "conveyance": "text",
    "transport_detail": "text",
    "origin": "text",
    "transit": "text",  # ISO3 codes joined by ";" in reported order
    "destination": "text",
    "agency": "text",
    "sensitivity": "text",
    "reliability": "text",
    "source": "text",
    "notes": "text",
    "dataset": "text",
    "batch_id": "text",
    "created_at": "text",
    "created_by": "text",
}
CANONICAL_COLUMNS: tuple[str, ...] = tuple(FIELDS)
# Fields a caller supplies; the rest are derived or set by the store.
DERIVED_COLUMNS = ("quantity_kg", "kg_factor", "count", "batch_id", "created_at", "created_by")
INPUT_COLUMNS: tuple[str, ...] = tuple(c for c in CANONICAL_COLUMNS if c not in DERIVED_COLUMNS)


@dataclass(frozen=True)
class Substance:
    """One entry of the substance vocabulary."""

    id: str
    label_en: str
    label_fr: str
    family: str
    colour: str
    synonyms: tuple[str, ...]

    def label(self, lang: str) -> str:
        """Return the label in ``lang`` ("fr" or "en")."""
        return self.label_fr if lang == "fr" else self.label_en


@lru_cache(maxsize=1)
def substances() -> dict[str, Substance]:
    """Load the substance vocabulary from ``data/reference/substances.csv``."""
    path = REFERENCE_DIR / "substances.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["id"]: Substance(
            id=row["id"],
            label_en=row["label_en"],
            label_fr=row["label_fr"],
            family=row["family"],
            colour=row["colour"],
            synonyms=tuple(s.strip() for s in row.get("synonyms", "").split(";") if s.strip()),
        )
        for row in rows
    }


def substance_label(substance_id: str, lang: str) -> str:
    """Label of a substance id in ``lang``; the id itself when unknown."""
    entry = substances().get(substance_id)
    return entry.label(lang) if entry else substance_id


def empty_records() -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes."""
    return _apply_dtypes(pd.DataFrame({c: [] for c in CANONICAL_COLUMNS}))


def _apply_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    for name, kind in FIELDS.items():
        if kind == "float":
            frame[name] = pd.to_numeric(frame[name], errors="raise").astype("float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name], errors="raise").astype("datetime64[ms]")
        else:
            frame[name] = frame[name].astype("str").where(frame[name].notna(), None)
    return frame


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _shown(value: object) -> str:
    """A value as a message shows it: text quoted, numbers plain."""
    return repr(value) if isinstance(value, str) else str(value)


def derive_record_id(row: dict) -> str:
    """Stable id: the agency's own reference when given, else a content hash.

    The same seizure reported twice by the same agency gets the same id, which
    is how the store recognises duplicates.
    """
    agency = "" if _blank(row.get("agency")) else str(row["agency"]).strip()
    ref = row.get("source_ref")
    if not _blank(ref):
        return f"{agency}:{str(ref).strip()}" if agency else str(ref).strip()
    parts = [agency] + [
        "" if _blank(row.get(k)) else str(row.get(k))
        for k in ("date", "country", "place", "lat", "lon", "substance", "quantity", "unit")
    ]
    return "h:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:20]


def _check_vocab(frame: pd.DataFrame, field: str, allowed: tuple[str, ...] | set[str], required: bool) -> None:
    values = frame[field]
    for position, value in zip(frame.index, values):
        if _blank(value):
            if required:
                raise ValueError(f"row {position}: {field} is missing")
            continue
        if value not in allowed:
            raise ValueError(f"row {position}: {field} {_shown(value)} is not one of {', '.join(sorted(allowed))}")


def coerce_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate ``frame`` and return it with every canonical column, typed.

    Missing optional columns are added empty; ``quantity_kg``, ``kg_factor`` and
    ``count`` are derived from ``quantity`` and ``unit``; ``record_id`` is
    derived where blank. Raises ``ValueError`` naming the row, field and reason
    for the first value that breaks the model.
    """
    frame = frame.copy()
    for column in CANONICAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame = frame.loc[:, list(CANONICAL_COLUMNS)]
    missing_date = frame["date"].isna()
    if missing_date.any():
        raise ValueError(f"row {missing_date[missing_date].index[0]}: date is missing")
    _check_vocab(frame, "substance", set(substances()), required=True)
    _check_vocab(frame, "unit", units.UNITS, required=False)
    _check_vocab(frame, "conveyance", CONVEYANCES, required=False)
    _check_vocab(frame, "sensitivity", SENSITIVITIES, required=False)
    _check_vocab(frame, "date_precision", DATE_PRECISIONS, required=False)
    _check_vocab(frame, "location_precision", LOCATION_PRECISIONS, required=False)
    _check_vocab(frame, "dataset", DATASETS, required=False)
    frame["conveyance"] = frame["conveyance"].fillna("unknown")
    frame["sensitivity"] = frame["sensitivity"].fillna("restricted")
    frame["date_precision"] = frame["date_precision"].fillna("day")
    frame["dataset"] = frame["dataset"].fillna("agency")
    for position, lat, lon in zip(frame.index, frame["lat"], frame["lon"]):
        _check_coordinates(position, lat, lon)
    has_point = frame["lat"].notna() & frame["lon"].notna()
    frame["location_precision"] = frame["location_precision"].where(
        frame["location_precision"].notna(), has_point.map({True: "exact", False: "unlocated"})
    )
    quantity = pd.to_numeric(frame["quantity"], errors="coerce")
    bad = frame["quantity"].notna() & quantity.isna() | (quantity < 0)
    if bad.any():
        position = bad[bad].index[0]
        shown = _shown(frame.at[position, "quantity"])
        raise ValueError(f"row {position}: quantity {shown} is not a non-negative number")
    frame["quantity"] = quantity
    normalised = units.normalise_quantities(frame["quantity"], frame["unit"])
    frame["quantity_kg"] = normalised["quantity_kg"]
    frame["kg_factor"] = normalised["kg_factor"]
    frame["count"] = normalised["count"]
    try:
        frame = _apply_dtypes(frame)
    except (ValueError, TypeError) as error:
        raise ValueError(f"date: {error}") from error
    missing_id = frame["record_id"].isna()
    if missing_id.any():
        frame.loc[missing_id, "record_id"] = [
            derive_record_id(row) for row in frame.loc[missing_id].to_dict("records")
        ]
    return frame.reset_index(drop=True)


def _check_coordinates(position: object, lat: object, lon: object) -> None:
    if _blank(lat) and _blank(lon):
        return
    if _blank(lat) or _blank(lon):
        raise ValueError(f"row {position}: lat/lon must both be given or both be blank")
    if not -90 <= float(lat) <= 90:
        raise ValueError(f"row {position}: latitude {lat} is outside -90..90")
    if not -180 <= float(lon) <= 180:
        raise ValueError(f"row {position}: longitude {lon} is outside -180..180")
