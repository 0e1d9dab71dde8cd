"""Cross-agency twins: the same seizure reported by two or three agencies, each in its own words.

When police, customs and gendarmerie share one database, one seizure arrives several times: another
reference number, a date a day or two apart, "Kidira" and "poste de Kidira", 1,100 kg and 1.1 t, a GPS
point a few hundred metres away, a field left blank. :func:`generate_with_twins` writes such reports on
top of :func:`geo.demo.generator.generate` and returns the truth beside the records (never inside them),
so the linkage's precision and recall can be measured (``tests/test_duplicates.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.demo.agencies import AGENCIES, DEFAULT_REF_STYLE, REF_STYLE
from geo.demo.generator import generate

# The other services of a country that report the same seizures (a border post is manned by several).
OTHER_SERVICES = ("gendarmerie", "police", "douanes")
# How another service words the same place.
PLACE_WORDINGS = ("poste de {}", "{} (frontière)", "{}", "{} centre", "{}")


@dataclass(frozen=True)
class TwinDemo:
    """Demo records with twins, and the truth: ``seizure`` gives each row the id of the seizure it reports."""

    records: pd.DataFrame
    seizure: pd.Series  # same index as records; rows with one value report one seizure

    def true_pairs(self) -> set[tuple[int, int]]:
        """Every pair of row positions (i < j) that report the same seizure."""
        pairs: set[tuple[int, int]] = set()
        positions = pd.Series(np.arange(len(self.seizure)), index=self.seizure.index)
        for members in positions.groupby(self.seizure.to_numpy()).agg(list):
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
        return pairs


def twin_agencies(country: str, agency: str) -> list[str]:
    """The services of ``country`` other than ``agency`` that may report its seizures."""
    lead, customs = AGENCIES.get(country, (f"{country.lower()}-ocrtis", None))
    known = [lead, customs or f"{country.lower()}-douanes"]
    known += [f"{country.lower()}-{service}" for service in OTHER_SERVICES[:2]]
    return [a for a in dict.fromkeys(known) if a != agency]


def _reference(rng: np.random.Generator, agency: str, year: int, taken: set[tuple[str, str]]) -> str:
    """A case number in ``agency``'s style that no record of that agency already has."""
    prefix, year_first, digits = REF_STYLE.get(agency, DEFAULT_REF_STYLE)
    while True:
        number = str(int(rng.integers(1, 10 ** digits))).zfill(digits)
        text = f"{prefix}{year}/{number}" if year_first else f"{prefix}{number}/{year}"
        if (agency, text) not in taken:
            taken.add((agency, text))
            return text


def _reworded_quantity(rng: np.random.Generator, quantity: float, unit: str) -> tuple[float, str]:
    """The same mass written otherwise: 1,100 kg as 1.1 t, 2.5 kg as 2,500 g; counts stay counts."""
    if unit == "kg" and quantity >= 100 and rng.random() < 0.5:
        return round(quantity / 1000, 4), "t"
    if unit == "kg" and quantity < 10 and rng.random() < 0.5:
        return round(quantity * 1000, 1), "g"
    if unit in {"kg", "tablets", "plants"} and rng.random() < 0.2:  # a rounded figure from another weighing
        return float(round(quantity * (1 + rng.uniform(-0.02, 0.02)), 1)) or quantity, unit
    return quantity, unit


def _twin(rng: np.random.Generator, row: pd.Series, agency: str, taken: set[tuple[str, str]]) -> dict:
    """One other agency's report of the seizure in ``row``."""
    twin = row.to_dict()
    twin["agency"] = agency
    twin["record_id"] = None
    if row["date_precision"] == "day":  # a register that gives only the month gives the same month
        twin["date"] = row["date"] + pd.Timedelta(days=int(rng.integers(-2, 3)))
    twin["source_ref"] = _reference(rng, agency, int(twin["date"].year), taken)
    twin["quantity"], twin["unit"] = _reworded_quantity(rng, float(row["quantity"]), str(row["unit"]))
    if isinstance(row["place"], str) and rng.random() < 0.6:
        wording = PLACE_WORDINGS[int(rng.integers(0, len(PLACE_WORDINGS)))]
        twin["place"] = wording.format(row["place"])
    if pd.notna(row["lat"]) and rng.random() < 0.5:  # a GPS point taken elsewhere on the site
        distance_km, bearing = rng.uniform(0.1, 2.0), rng.uniform(0, 2 * np.pi)
        twin["lat"] = round(row["lat"] + distance_km * np.cos(bearing) / 111.32, 5)
        twin["lon"] = round(row["lon"] + distance_km * np.sin(bearing) / (111.32 * np.cos(np.radians(row["lat"]))), 5)
    missing = rng.random()
    if missing < 0.15:
        twin["conveyance"] = "unknown"
    elif missing < 0.3:
        twin["transit"] = None
    elif missing < 0.45:
        twin["transport_detail"] = None
    twin["notes"] = None if rng.random() < 0.7 else row["notes"]
    twin["sensitivity"] = row["sensitivity"] if rng.random() < 0.7 else "public"
    return twin


def generate_with_twins(rows: int = 3000, seed: int = 1, share: float = 0.1) -> TwinDemo:
    """:func:`generate` ``(rows, seed)`` plus, for ``share`` of its seizures, one or two other agencies' reports.

    The result has ``rows`` + the twins, in date order; ``record_id`` stays blank (the store derives it from
    each agency's own reference). The truth is returned beside the records, never stored.
    """
    if not 0 <= share <= 1:
        raise ValueError(f"cross-agency twins {share}: a share between 0 and 1")
    base = generate(rows=rows, seed=seed)
    rng = np.random.default_rng(seed + 7919)  # the twins' own draws: the base records stay as generate gives them
    chosen = np.flatnonzero(rng.random(len(base)) < share)
    extra, extra_seizure = [], []
    taken = set(zip(base["agency"], base["source_ref"], strict=True))
    for position in chosen:
        row = base.iloc[position]
        others = twin_agencies(str(row["country"]), str(row["agency"]))
        count = 2 if rng.random() < 0.25 else 1
        for agency in rng.choice(others, size=min(count, len(others)), replace=False):
            extra.append(_twin(rng, row, str(agency), taken))
            extra_seizure.append(position)
    twins = pd.DataFrame(extra, columns=base.columns)
    records = pd.concat([base, twins.astype(base.dtypes.to_dict())], ignore_index=True)
    seizure = pd.Series(np.concatenate([np.arange(len(base)), np.asarray(extra_seizure, dtype=int)]))
    order = np.argsort(records["date"].to_numpy(), kind="stable")
    records = records.iloc[order].reset_index(drop=True)
    return TwinDemo(records, seizure.iloc[order].reset_index(drop=True))
