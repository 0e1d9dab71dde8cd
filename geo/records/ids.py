"""Records in UNODC's Individual Drug Seizures (IDS) layout (the newer extract).

With it an office sends its significant seizures to UNODC straight from Couloirs.

One row per record; the columns are those the import recognises (:mod:`geo.ingest.mapping`), so an
exported file imports back to the same substances, quantities, dates and routes:

* ``Date``: ISO ``yyyy-mm-dd``; ``CountryOfSeizure`` and ``msCode``: the country's English name and ISO3;
* ``DrugGroup``: UNODC's drug group; ``DrugName``: UNODC's name of the drug (vocabulary ``unodc_name``);
* ``Q2`` and ``U2``: the quantity and unit as reported (never converted);
* ``SeizuredLocation``: the place; ``TraffickingTransportationCategory``: the conveyance (Land, Sea, Air, Mail);
* ``ProducingCountry`` (left blank: Couloirs records where a consignment came from, not where it was
  produced), ``DepartureCountry`` (origin), ``TransitCountry`` (transit countries, ``;``-separated),
  ``DestinationCountry``: ISO3 codes;
* ``ConcealmentMethod`` (transport detail), ``SeizureID`` (the record id), ``Agency``.

Text cells are formula-safe (:func:`geo.records.exports.safe_text`).
"""

from __future__ import annotations

import pandas as pd

from geo.core import schema
from geo.reference.countries import country_name

IDS_COLUMNS = ("SeizureID", "Date", "CountryOfSeizure", "msCode", "DrugGroup", "DrugName", "Q2", "U2",
               "SeizuredLocation", "TraffickingTransportationCategory", "ProducingCountry", "DepartureCountry",
               "TransitCountry", "DestinationCountry", "ConcealmentMethod", "Agency")
# Couloirs' unit ids as IDS tables write them.
IDS_UNITS = {"kg": "Kilogram", "g": "Gram", "t": "Tonne", "mg": "Milligram", "lb": "Pound", "oz": "Ounce",
             "l": "Litre", "ml": "Millilitre", "tablets": "Tablet", "plants": "Plant", "units": "Unit",
             "doses": "Dose", "blotters": "Blotter"}
IDS_CONVEYANCES = {"land": "Land", "sea": "Sea", "air": "Air", "mail": "Mail", "unknown": None}
# UNODC's group names (scripts/build_unodc_substances.py, GROUPS).
IDS_GROUPS = {"cocaine_type": "Cocaine-type", "cannabis_type": "Cannabis-type", "opioids": "Opioids",
              "ats": "Amphetamine-type stimulants", "sedatives_tranquillizers": "Sedatives and tranquillizers",
              "nps": "New psychoactive substances", "hallucinogens": "Hallucinogens", "precursors": "Precursors",
              "other": "Other"}


def ids_table(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` as an IDS table (:data:`IDS_COLUMNS`), one row per record, values as UNODC writes them."""
    vocabulary = schema.substances()
    substance = records["substance"]
    def name_of(value: object) -> object:
        entry = vocabulary.get(value)
        return (entry.unodc_name or entry.label_en) if entry else value

    def group_of(value: object) -> object:
        entry = vocabulary.get(value)
        return IDS_GROUPS.get(entry.group) if entry else None

    def country(code: object) -> object:
        return country_name(code, "en") if isinstance(code, str) else None

    return pd.DataFrame({
        "SeizureID": records["record_id"].to_numpy(dtype=object),
        "Date": records["date"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object),
        "CountryOfSeizure": records["country"].map(country).to_numpy(dtype=object),
        "msCode": records["country"].to_numpy(dtype=object),
        "DrugGroup": substance.map(group_of).to_numpy(dtype=object),
        "DrugName": substance.map(name_of).to_numpy(dtype=object),
        "Q2": records["quantity"].to_numpy(dtype="float64"),
        "U2": records["unit"].map(IDS_UNITS).to_numpy(dtype=object),
        "SeizuredLocation": records["place"].to_numpy(dtype=object),
        "TraffickingTransportationCategory": records["conveyance"].map(IDS_CONVEYANCES).to_numpy(dtype=object),
        "ProducingCountry": [None] * len(records),
        "DepartureCountry": records["origin"].to_numpy(dtype=object),
        "TransitCountry": records["transit"].to_numpy(dtype=object),
        "DestinationCountry": records["destination"].to_numpy(dtype=object),
        "ConcealmentMethod": records["transport_detail"].to_numpy(dtype=object),
        "Agency": records["agency"].to_numpy(dtype=object),
    }, columns=list(IDS_COLUMNS))
