"""Units of quantity and their normalisation to kilograms.

A mass or volume unit converts to kg with a recorded factor (litres at 1 kg/l,
the UNODC convention, so millilitres at 1 g/ml). Pounds and ounces are the
avoirdupois units (exact by definition: 1 lb = 0.45359237 kg, 1 oz = 1/16 lb).
Tablets, plants, doses, blotters and other items keep a count: no mass is ever
guessed for them.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

UNITS = ("kg", "g", "t", "tablets", "plants", "l", "units", "lb", "oz", "mg", "ml", "doses", "blotters")
KG_FACTORS = {"kg": 1.0, "g": 0.001, "t": 1000.0, "l": 1.0,
              "lb": 0.45359237, "oz": 0.028349523125, "mg": 1e-6, "ml": 0.001}
COUNT_UNITS = ("tablets", "plants", "units", "doses", "blotters")

# Written forms seen in agency registers (French and English), accents and case ignored.
UNIT_ALIASES = {
    "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogramme": "kg", "kilogrammes": "kg",
    "kilogram": "kg", "kilograms": "kg",
    "g": "g", "gr": "g", "gramme": "g", "grammes": "g", "gram": "g", "grams": "g",
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t",
    "l": "l", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "tablets": "tablets", "tablet": "tablets", "comprimes": "tablets", "comprime": "tablets",
    "cp": "tablets", "cps": "tablets", "pills": "tablets", "pill": "tablets", "gelules": "tablets",
    "capsules": "tablets", "capsule": "tablets",
    "plants": "plants", "plant": "plants", "pieds": "plants", "pied": "plants", "plants de cannabis": "plants",
    "units": "units", "unit": "units", "unites": "units", "unite": "units", "pieces": "units",
    "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb", "livre": "lb", "livres": "lb",
    "oz": "oz", "ounce": "oz", "ounces": "oz", "once": "oz", "onces": "oz",
    "mg": "mg", "milligramme": "mg", "milligrammes": "mg", "milligram": "mg", "milligrams": "mg",
    "ml": "ml", "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml",
    "doses": "doses", "dose": "doses",
    "blotters": "blotters", "blotter": "blotters", "buvards": "blotters", "buvard": "blotters",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_unit(text: str) -> str | None:
    """Map a written unit (``"comprimés"``, ``"Tonnes"``) to a unit id, or ``None``."""
    return UNIT_ALIASES.get(_fold(text))


def normalise_quantities(quantity: pd.Series, unit: pd.Series) -> pd.DataFrame:
    """Return ``quantity_kg``, ``kg_factor`` and ``count`` for each row.

    >>> normalise_quantities(pd.Series([2.0, 500.0]), pd.Series(["t", "tablets"])).to_dict("list")
    {'quantity_kg': [2000.0, nan], 'kg_factor': [1000.0, nan], 'count': [nan, 500.0]}
    """
    quantity = pd.to_numeric(quantity, errors="coerce").astype("float64")
    unit = unit.astype("object")
    factor = unit.map(KG_FACTORS).astype("float64")
    is_count = unit.isin(COUNT_UNITS)
    return pd.DataFrame(
        {
            "quantity_kg": quantity * factor,
            "kg_factor": factor.where(quantity.notna()),
            "count": quantity.where(is_count, np.nan),
        },
        index=quantity.index,
    )
