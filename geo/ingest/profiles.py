"""Mapping profiles: the settings an agency saves once and applies to the same layout every month.

A profile's settings are one JSON object, :class:`geo.ingest.settings.ImportSettings` in its
:meth:`~geo.ingest.settings.ImportSettings.to_dict` form, whoever saved it (``geo import --save-profile`` or the
Import page) and whoever loads it: ``{"columns": {header: field or null}, "values": {field: {text: id}},
"constants": {field: value}, "fiscal_year_start": 1..12 or null, "default_unit": unit or null}``. ``columns``
holds every column of the file it was saved from. Profiles saved before value mappings existed
(``{"fields": ..., "default_unit": ...}``) read as the same mapping. Any other key is refused by name: a
profile is never half-applied.

Headers are compared as people read them: the same set, in any order, whatever the case and accents
(``Quantité`` and ``QUANTITE`` are one header).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from geo.core import units
from geo.ingest.mapping import MAPPABLE_FIELDS, ColumnMapping
from geo.ingest.options import _COUNTRY_FIELDS as COUNTRY_FIELDS  # one list, within the package
from geo.ingest.options import valid_ids
from geo.ingest.settings import CONSTANT_PREFIX, ImportSettings
from geo.reference.countries import fold, is_iso3

KEYS = ("columns", "values", "constants", "fiscal_year_start", "default_unit")
# The first form profiles were saved in: the column mapping alone.
LEGACY_COLUMNS = "fields"


class BadProfile(ValueError):
    """Settings that cannot be a profile (the message names the key and the reason)."""


def settings_of(mapping: ColumnMapping, settings: ImportSettings | None = None) -> dict:
    """The profile to save: the column mapping used, plus ``settings``' values, constants and fiscal year start.

    ``mapping`` is the final one (the page's edited mapping, or :meth:`ImportSettings.apply`'s): its columns
    for constants are left out, they are ``constants``.
    """
    settings = settings or ImportSettings()
    columns = {str(h): f for h, f in mapping.fields.items() if not str(h).startswith(CONSTANT_PREFIX)}
    return ImportSettings(columns, settings.values, settings.constants,
                          settings.fiscal_year_start or mapping.fiscal_year_start,
                          mapping.default_unit or settings.default_unit).to_dict()


def _field(name: object, where: str) -> str:
    if name not in MAPPABLE_FIELDS:
        raise BadProfile(f"profile settings, {where}: unknown field {name!r}")
    return str(name)


def _check_target(name: str, text: str, target: object) -> None:
    where = f"profile settings, key 'values', field {name!r}, text {text!r}"
    if not isinstance(target, str) or not target.strip():
        raise BadProfile(f"{where}: expected an id")
    if name in COUNTRY_FIELDS and not is_iso3(target):
        raise BadProfile(f"{where}: {target!r} is not an ISO3 country code")
    allowed = valid_ids(name)
    if allowed is not None and target not in allowed:
        raise BadProfile(f"{where}: {target!r} is not a {name} id")


def read_settings(data: object) -> ImportSettings:
    """Stored profile settings as :class:`ImportSettings`, else :class:`BadProfile` naming the key and reason."""
    if not isinstance(data, dict):
        raise BadProfile("profile settings: expected a JSON object")
    data = dict(data)
    if LEGACY_COLUMNS in data and "columns" not in data:
        data["columns"] = data.pop(LEGACY_COLUMNS)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise BadProfile(f"profile settings, key {unknown[0]!r}: not a profile setting; keys: {', '.join(KEYS)}")
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise BadProfile("profile settings, key 'columns': expected an object {header: field or null}")
    for header, name in columns.items():
        if name is not None:
            _field(name, f"key 'columns', header {header!r}")
    values = data.get("values") or {}
    if not isinstance(values, dict) or not all(isinstance(t, dict) for t in values.values()):
        raise BadProfile("profile settings, key 'values': expected an object {field: {text: id}}")
    for name, table in values.items():
        for text, target in table.items():
            _check_target(_field(name, "key 'values'"), text, target)
    constants = data.get("constants") or {}
    if not isinstance(constants, dict):
        raise BadProfile("profile settings, key 'constants': expected an object {field: value}")
    for name, value in constants.items():
        _field(name, "key 'constants'")
        if not isinstance(value, str) or not value.strip():
            raise BadProfile(f"profile settings, key 'constants', field {name!r}: expected a text value")
    start = data.get("fiscal_year_start")
    if start is not None and (not isinstance(start, int) or isinstance(start, bool) or not 1 <= start <= 12):
        raise BadProfile(f"profile settings, key 'fiscal_year_start': {start!r} is not a month, 1 to 12")
    unit = data.get("default_unit")
    if unit is not None and unit not in units.UNITS:
        raise BadProfile(f"profile settings, key 'default_unit': unknown unit {unit!r}")
    return ImportSettings.from_dict(data)


def check_settings(data: object) -> dict:
    """``data`` when they are usable profile settings, else :class:`BadProfile` naming the key."""
    read_settings(data)
    return data  # type: ignore[return-value]  # checked just above


def fitted(settings: ImportSettings, headers: Sequence[str]) -> ImportSettings:
    """``settings`` with ``columns`` keyed by the file's own spelling of each header (case and accents aside)."""
    spelled = {header_key(h): str(h) for h in headers}
    columns = {spelled.get(header_key(h), h): name for h, name in settings.columns.items()}
    return ImportSettings(columns, settings.values, settings.constants, settings.fiscal_year_start,
                          settings.default_unit)


def mapping_of(data: dict, headers: Sequence[str] | None = None) -> ColumnMapping:
    """The column mapping in stored settings; with ``headers``, keyed by the file's own spelling of each header."""
    settings = read_settings(data)
    if headers is not None:
        settings = fitted(settings, headers)
    return ColumnMapping(fields=dict(settings.columns), default_unit=settings.default_unit,
                         fiscal_year_start=settings.fiscal_year_start)


def header_key(header: object) -> str:
    """A header folded for comparison: case, accents and spacing ignored."""
    return " ".join(fold(str(header)).split())


def same_headers(first: Iterable[object], second: Iterable[object]) -> bool:
    """Whether two files have the same headers: same set, any order, case and accents ignored."""
    return {header_key(h) for h in first} == {header_key(h) for h in second}


def proposed_profile(profiles: pd.DataFrame, headers: Sequence[object]) -> str | None:
    """The name of the agency's last used profile saved from a file with these headers, or ``None``.

    ``profiles`` is :meth:`geo.store.profiles.ProfilesMixin.mapping_profiles` for one agency; "last used"
    is the one saved (or saved over) most recently.
    """
    if profiles.empty:
        return None
    matching = profiles.loc[profiles["headers"].map(lambda saved: same_headers(saved, headers))]
    if matching.empty:
        return None
    return str(matching.sort_values("updated_at").iloc[-1]["name"])
