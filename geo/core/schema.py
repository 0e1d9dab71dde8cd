"""The seizure record model and its controlled vocabularies. The fields are listed in README.md ("Data model").

A record is one row of a DataFrame whose columns are :data:`CANONICAL_COLUMNS`.
Everything that enters the store goes through :func:`coerce_records`, which
checks vocabularies, normalises quantities and derives stable record ids.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from geo.core import units

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

CONVEYANCES = ("land", "sea", "air", "mail", "unknown")
SENSITIVITIES = ("public", "restricted", "confidential")  # ordered, least to most
DATE_PRECISIONS = ("day", "month", "year")
# "unlocated": no position was disclosed (e.g. a high-seas interdiction); the
# record counts in every total but is not drawn.
LOCATION_PRECISIONS = ("exact", "place", "admin1", "country", "unlocated")
# Which body of data a record belongs to; the UI labels each one.
DATASETS = ("agency", "public", "demo")
DEMO_SOURCE = "synthetic demo"

# name -> kind; kinds: text, float, integer, date
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
    "substance_label": "text",  # the substance as the source wrote it ("Cannabis herb (marijuana)")
    "quantity": "float",
    "unit": "text",
    "quantity_kg": "float",
    "kg_factor": "float",
    "count": "float",
    # How many seizures the row stands for: 1 for a case file, N for an aggregated register row
    # ("Count of Event"). Every case total sums it; the row's quantity is already the total of its N.
    "seizure_count": "integer",
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
    group: str = ""  # UNODC drug group (data/reference/unodc_substances.csv), e.g. "opioids"
    subgroup: str = ""  # UNODC sub-group where the group has them, e.g. "opiates"
    unodc_name: str = ""  # the name UNODC's seizure tables (and the IDS export) use

    def label(self, lang: str) -> str:
        """Return the label in ``lang`` ("fr" or "en")."""
        return self.label_fr if lang == "fr" else self.label_en


def _split_words(text: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (text or "").split(";") if s.strip())


@lru_cache(maxsize=1)
def substances() -> dict[str, Substance]:
    """Load the substance vocabulary: ``substances.csv``, then UNODC's hierarchy in ``unodc_substances.csv``.

    The second file (built by ``scripts/build_unodc_substances.py``) gives every id its UNODC group,
    sub-group and name, adds synonyms, and adds the ids West African registers lacked (group-level
    ids such as ``opioids``, and drugs such as opium, fentanyl, LSD).
    """
    def read(name: str) -> list[dict[str, str]]:
        path = REFERENCE_DIR / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    vocabulary = {
        row["id"]: Substance(id=row["id"], label_en=row["label_en"], label_fr=row["label_fr"], family=row["family"],
                             colour=row["colour"], synonyms=_split_words(row.get("synonyms")))
        for row in read("substances.csv")
    }
    for row in read("unodc_substances.csv"):
        known = vocabulary.get(row["id"])
        if known is None:
            known = Substance(id=row["id"], label_en=row["label_en"], label_fr=row["label_fr"],
                              family=row["family"], colour=row["colour"], synonyms=())
        extra = tuple(w for w in _split_words(row.get("synonyms")) if w not in known.synonyms)
        vocabulary[row["id"]] = replace(known, synonyms=known.synonyms + extra, group=row["group"],
                                        subgroup=row["subgroup"], unodc_name=row["unodc_name"])
    return vocabulary


def substance_label(substance_id: str, lang: str) -> str:
    """Label of a substance id in ``lang``; the id itself when unknown."""
    entry = substances().get(substance_id)
    return entry.label(lang) if entry else substance_id


class RecordError(ValueError):
    """A value that breaks the record model, with the parts of an import problem (:mod:`geo.ingest.problems`).

    ``row`` is the frame's index label, ``field`` the canonical field (``"lat/lon"`` for the
    pair), ``code`` what is wrong, ``value`` the offending value as text (``None`` when
    missing) and ``detail`` the reason in words. ``str()`` is ``"row <row>: <detail>"``.

    >>> str(RecordError(2, "date", "missing", None, "date is missing"))
    'row 2: date is missing'
    """

    def __init__(self, row: object, field: str, code: str, value: str | None, detail: str) -> None:
        super().__init__(row, field, code, value, detail)  # all in args: the error pickles and copies whole
        self.row, self.field, self.code, self.value, self.detail = row, field, code, value, detail

    def __str__(self) -> str:
        return f"row {self.row}: {self.detail}"


def _apply_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    for name, kind in FIELDS.items():
        if kind == "float":
            frame[name] = pd.to_numeric(frame[name], errors="raise").astype("float64")
        elif kind == "integer":
            frame[name] = pd.to_numeric(frame[name], errors="raise").astype("int64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name], errors="raise").astype("datetime64[ms]")
        else:
            frame[name] = frame[name].astype("str").where(frame[name].notna(), None)
    return frame


def _shown(value: object) -> str:
    """A value as a message shows it: text quoted, numbers plain."""
    return repr(value) if isinstance(value, str) else str(value)


def _first(mask: pd.Series) -> object:
    return mask[mask].index[0]


def _text_or_none(values: pd.Series) -> pd.Series:
    """Stripped text; blank cells become missing (vectorised: an import of a million rows stays quick)."""
    text = _as_text(values).str.strip()
    return text.where(text.notna() & (text != ""), None)


_TEXT_DTYPE = pd.Series(dtype="str").dtype  # pandas' own text type: Arrow strings, NaN where missing
_ARROW_TEXT = getattr(_TEXT_DTYPE, "storage", None) == "pyarrow"


def _as_text(values: pd.Series) -> pd.Series:
    """``values.astype("str")``; a column of text and blanks (what the import's parsers give) goes to Arrow at once.

    ``astype`` checks and converts each cell in Python: a third of the time of checking a large register.
    """
    if _ARROW_TEXT and values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        arrow = pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
        return pd.Series(pd.array(arrow, dtype=_TEXT_DTYPE), index=values.index, name=values.name)
    return values.astype("str")


def derive_record_ids(frame: pd.DataFrame) -> pd.Series:
    """Stable ids: ``agency:source_ref`` when the agency's reference is given, else a content hash.

    The same seizure reported twice by the same agency gets the same id, which is
    how the store recognises duplicates. ``frame`` holds typed canonical columns.

    >>> derive_record_ids(pd.DataFrame({"agency": ["mli-ocs"], "source_ref": ["PV 12"]})).tolist()
    ['mli-ocs:PV 12']
    """
    agency = frame["agency"].fillna("").astype("str") if "agency" in frame else pd.Series("", index=frame.index)
    ref = frame["source_ref"] if "source_ref" in frame else pd.Series(None, index=frame.index, dtype="object")
    with_ref = ref.notna()
    ids = pd.Series(None, index=frame.index, dtype="object")
    ids[with_ref] = (agency[with_ref] + ":").where(agency[with_ref] != "", "") + ref[with_ref].astype("str")
    if (~with_ref).any():
        rest = frame.loc[~with_ref]
        parts = [agency[~with_ref]]
        for column in ("date", "country", "place", "lat", "lon", "substance", "quantity", "unit"):
            values = rest[column]
            if column == "date":
                values = values.dt.strftime("%Y-%m-%d")
            parts.append(values.map(lambda v: "" if v is None or v != v else str(v)))  # v != v: NaN
        joined = parts[0].str.cat(parts[1:], sep="|")
        ids[~with_ref] = joined.map(lambda text: "h:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20])
    return ids


def _check_vocab(frame: pd.DataFrame, field: str, allowed: tuple[str, ...] | set[str], required: bool) -> None:
    values = frame[field]
    if required and values.isna().any():
        raise RecordError(_first(values.isna()), field, "missing", None, f"{field} is missing")
    unknown = values.notna() & ~values.isin(list(allowed))
    if unknown.any():
        position = _first(unknown)
        allowed_list = ", ".join(sorted(allowed))
        raise RecordError(position, field, "not_allowed", str(values[position]),
                          f"{field} {_shown(values[position])} is not one of {allowed_list}")


def _numbers(frame: pd.DataFrame, field: str, what: str) -> pd.Series:
    values = pd.to_numeric(frame[field], errors="coerce")
    bad = frame[field].notna() & values.isna()
    if bad.any():
        position = _first(bad)
        raise RecordError(position, field, "not_a_number", str(frame.at[position, field]),
                          f"{field} {_shown(frame.at[position, field])} is not {what}")
    return values.astype("float64")


def _check_coordinates(lat: pd.Series, lon: pd.Series) -> None:
    half = lat.isna() != lon.isna()
    if half.any():
        raise RecordError(_first(half), "lat/lon", "coordinates_incomplete", None,
                          "lat/lon must both be given or both be blank")
    for values, field, name, limit in ((lat, "lat", "latitude", 90), (lon, "lon", "longitude", 180)):
        outside = values.abs() > limit
        if outside.any():
            position = _first(outside)
            raise RecordError(position, field, "out_of_range", str(values[position]),
                              f"{name} {values[position]} is outside -{limit}..{limit}")


def _dates(values: pd.Series) -> pd.Series:
    if values.isna().any():
        raise RecordError(_first(values.isna()), "date", "missing", None, "date is missing")
    parsed = pd.to_datetime(values, errors="coerce", format="mixed") if values.dtype == "object" else values
    parsed = pd.to_datetime(parsed, errors="coerce")
    if parsed.isna().any():
        position = _first(parsed.isna())
        raise RecordError(position, "date", "not_a_date", str(values[position]),
                          f"date {_shown(values[position])} is not a date")
    return parsed.astype("datetime64[ms]")


def seizure_counts(frame: pd.DataFrame) -> pd.Series:
    """The ``seizure_count`` column checked: whole numbers >= 1, blank -> 1.

    0, negative, fractional or non-numeric counts raise :class:`RecordError`: a figure may be
    refused, never silently changed.

    >>> seizure_counts(pd.DataFrame({"seizure_count": [None, "3", 2.0]})).tolist()
    [1, 3, 2]
    """
    raw = frame["seizure_count"]
    blank = raw.isna() | (raw.astype("str").str.strip() == "")
    values = pd.to_numeric(raw.where(~blank, 1), errors="coerce")
    bad = values.isna() | (values < 1) | (values % 1 != 0)
    if bad.any():
        position = _first(bad)
        shown = _shown(raw[position])
        reason = "is not a number" if pd.isna(values[position]) else "is not a whole number of 1 or more"
        raise RecordError(position, "seizure_count", "not_a_count", str(raw[position]),
                          f"seizure_count {shown} {reason}")
    return values.astype("int64")


def coerce_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate ``frame`` and return it with every canonical column, typed.

    Missing optional columns are added empty; blank text becomes missing;
    ``quantity_kg``, ``kg_factor`` and ``count`` are derived from ``quantity``
    and ``unit``; ``record_id`` is derived where blank. Raises :class:`RecordError`
    (a ``ValueError``) naming the row, field and reason for the first value that breaks the model.
    """
    frame = frame.copy()
    for column in CANONICAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame = frame.loc[:, list(CANONICAL_COLUMNS)]
    for name, kind in FIELDS.items():
        if kind == "text":
            frame[name] = _text_or_none(frame[name])
    frame["date"] = _dates(frame["date"])
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
    frame["lat"] = _numbers(frame, "lat", "a number")
    frame["lon"] = _numbers(frame, "lon", "a number")
    _check_coordinates(frame["lat"], frame["lon"])
    has_point = frame["lat"].notna()
    frame["location_precision"] = frame["location_precision"].where(
        frame["location_precision"].notna(), has_point.map({True: "exact", False: "unlocated"})
    )
    quantity = _numbers(frame, "quantity", "a non-negative number")
    if (quantity < 0).any():
        position = _first(quantity < 0)
        raise RecordError(position, "quantity", "negative", str(frame.at[position, "quantity"]),
                          f"quantity {_shown(frame.at[position, 'quantity'])} is not a non-negative number")
    frame["quantity"] = quantity
    frame["seizure_count"] = seizure_counts(frame)
    normalised = units.normalise_quantities(frame["quantity"], frame["unit"])
    for column in ("quantity_kg", "kg_factor", "count"):
        frame[column] = normalised[column]
    frame = _apply_dtypes(frame)
    missing_id = frame["record_id"].isna()
    if missing_id.any():
        frame.loc[missing_id, "record_id"] = derive_record_ids(frame.loc[missing_id])
    return frame.reset_index(drop=True)
