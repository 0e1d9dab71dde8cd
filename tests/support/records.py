"""Record builders: hand-made seizures with plain defaults, and the empty frame."""

from __future__ import annotations

import pandas as pd

from geo.core.schema import FIELDS

# Every field a test does not name: one kilogram-measured cocaine seizure at Dakar, public, from an agency.
DEFAULTS = {"date": "2021-03-15", "substance": "cocaine", "country": "SEN", "quantity": 10.0, "unit": "kg",
            "lat": 14.69, "lon": -17.44, "agency": "sen-ocrtis", "sensitivity": "public", "dataset": "agency"}
_DTYPES = {"float": "float64", "integer": "int64", "date": "datetime64[ms]", "text": "str"}


def make_records(*rows: dict) -> pd.DataFrame:
    """Records from partial rows; unspecified fields take plain defaults (``DEFAULTS``)."""
    return pd.DataFrame([{**DEFAULTS, **row} for row in rows])


def empty_records() -> pd.DataFrame:
    """No records: a frame with every canonical column, typed as stored records are, and no rows."""
    return pd.DataFrame({name: pd.Series([], dtype=_DTYPES[kind]) for name, kind in FIELDS.items()})
