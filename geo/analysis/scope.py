"""Silence and scope: who reported nothing in a period, and how much of a total lies off the map.

Two honesty checks every view of the records shares (the map, Trends, the briefing):

* **Silence is not absence.** A country of the region with no record at all in the period shown has not
  reported; that is not the same as a country that reported and seized nothing (:func:`silent_countries`).
  For a signed-in analyst the same holds for agencies (:func:`silent_agencies`).
* **Scope.** The map shows the region (:data:`geo.reference.STUDY_COUNTRIES`); when a material share
  (:data:`MATERIAL_SHARE`, 5 %) of the kilograms lies in countries outside it — a seizure in Europe of a
  West African route — a total read off the map would be wrong, so the view says how much and where
  (:func:`outside_region`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from geo import i18n
from geo.i18n import maps as map_text
from geo.reference import ECOWAS_AREA, STUDY_COUNTRIES
from geo.reference.countries import country_name

# The countries expected to report: West Africa (the ECOWAS area, Mauritania included) and Chad, the Sahel
# country beyond it. The neighbours drawn for the routes (Morocco, Algeria…) are not expected to share records.
REPORTING_COUNTRIES: tuple[str, ...] = tuple(sorted((*ECOWAS_AREA, "TCD")))
MATERIAL_SHARE = 0.05  # from this share of the kilograms outside the region on, a view warns
NAMED_OUTSIDE = 4  # countries named in the warning, heaviest first; the rest are counted


def silent_countries(records: pd.DataFrame, region: Iterable[str] = REPORTING_COUNTRIES) -> tuple[str, ...]:
    """The countries of ``region`` (ISO3) with no record at all in ``records``, in code order.

    A record counts whatever its quantity (a seizure of unknown or zero weight is still a report).

    >>> silent_countries(pd.DataFrame({"country": ["SEN", "MLI"]}), ("MLI", "NER", "SEN"))
    ('NER',)
    """
    # each distinct code once: a Python loop over every record cost ~0.05 s a briefing at a million records
    reported = set(records["country"].dropna().unique()) if "country" in records else set()
    return tuple(sorted(code for code in region if code not in reported))


def silent_agencies(records: pd.DataFrame, agencies: Iterable[str]) -> tuple[str, ...]:
    """The ``agencies`` (ids) with no record in ``records``, sorted: an analyst's list of who did not report."""
    reported = set(records["agency"].dropna()) if "agency" in records else set()
    return tuple(sorted(a for a in set(agencies) if a and a not in reported))


@dataclass(frozen=True)
class OutsideShare:
    """How much of the kilograms lies outside the region, and where (ISO3 or as written, heaviest first)."""

    total_kg: float
    outside_kg: float
    countries: tuple[tuple[str, float], ...]

    @property
    def share(self) -> float:
        """Outside kilograms over all kilograms (0 when nothing is weighed)."""
        return self.outside_kg / self.total_kg if self.total_kg > 0 else 0.0

    @property
    def material(self) -> bool:
        """Whether the share is large enough to warn about (≥ :data:`MATERIAL_SHARE`)."""
        return self.total_kg > 0 and self.share >= MATERIAL_SHARE


def outside_region(records: pd.DataFrame, region: Iterable[str] = STUDY_COUNTRIES) -> OutsideShare:
    """The kilograms of ``records`` seized in a country outside ``region`` (the map's countries).

    A record without a country is not counted outside: where it lies is unknown, not elsewhere.

    >>> found = outside_region(pd.DataFrame({"country": ["SEN", "ESP"], "quantity_kg": [90.0, 10.0]}))
    >>> found.share, found.material, found.countries
    (0.1, True, (('ESP', 10.0),))
    """
    if records.empty:
        return OutsideShare(0.0, 0.0, ())
    kg = records["quantity_kg"].fillna(0.0).astype(float)
    country = records["country"]
    outside = country.notna() & ~country.isin(set(region))
    by_country = kg[outside].groupby(country[outside]).sum()
    by_country = by_country[by_country > 0].sort_values(ascending=False, kind="stable")
    return OutsideShare(float(kg.sum()), float(by_country.sum()),
                        tuple((str(code), float(value)) for code, value in by_country.items()))


def outside_warning(found: OutsideShare, lang: str) -> str | None:
    """The warning a view shows when a material share lies outside the region, ``None`` otherwise.

    "12 % des kilogrammes (1 200 kg) ont été saisis hors de la région affichée : Espagne, Brésil."
    """
    if not found.material:
        return None
    named = [country_name(code, lang) if len(code) == 3 else code for code, _ in found.countries[:NAMED_OUTSIDE]]
    if len(found.countries) > NAMED_OUTSIDE:
        named.append(map_text.t("outside_more", lang, n=len(found.countries) - NAMED_OUTSIDE))
    return map_text.t("outside_region", lang, share=i18n.format_number(round(found.share * 100), lang),
                      kg=i18n.format_number(found.outside_kg, lang, 0), where=", ".join(named))


def silence_note(silent: Iterable[str], lang: str) -> str | None:
    """"Pas de déclaration pour cette période : Bénin, Niger." (``None`` when every country reported)."""
    names = [country_name(code, lang) for code in silent]
    return map_text.t("silent_countries", lang, names=", ".join(names)) if names else None
