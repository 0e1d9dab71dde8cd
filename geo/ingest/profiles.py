"""Mapping profiles: the settings an agency saves once and applies to the same layout every month.

A profile's settings are a JSON object. Today they hold the column mapping
(:class:`geo.ingest.mapping.ColumnMapping`): ``{"fields": {header: field or null}, "default_unit": ...}``.
Richer settings (``values``, ``constants``, ``fiscal_year_start``...) round-trip untouched: this module
validates only the keys it knows and never drops the others, so a profile saved by a newer version
keeps what this one does not read.

Headers are compared as people read them: the same set, in any order, whatever the case and accents
(``Quantité`` and ``QUANTITE`` are one header).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from geo.core import units
from geo.ingest.mapping import MAPPABLE_FIELDS, ColumnMapping
from geo.reference.countries import fold


class BadProfile(ValueError):
    """Settings that cannot be a profile (the message names the key and the reason)."""


def settings_of(mapping: ColumnMapping, extra: dict | None = None) -> dict:
    """``mapping`` as profile settings; ``extra`` keys (those another part of the import owns) kept as given."""
    return {**(extra or {}), "fields": {str(h): f for h, f in mapping.fields.items()},
            "default_unit": mapping.default_unit}


def check_settings(settings: object) -> dict:
    """``settings`` when they are usable profile settings, else :class:`BadProfile` naming the key.

    Only ``fields`` and ``default_unit`` are checked; other keys are left as they are.
    """
    if not isinstance(settings, dict):
        raise BadProfile("profile settings: expected a JSON object")
    fields = settings.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise BadProfile("profile settings, key 'fields': expected an object {header: field or null}")
    for header, name in fields.items():
        if name is not None and name not in MAPPABLE_FIELDS:
            raise BadProfile(f"profile settings, key 'fields', header {header!r}: unknown field {name!r}")
    unit = settings.get("default_unit")
    if unit is not None and unit not in units.UNITS:
        raise BadProfile(f"profile settings, key 'default_unit': unknown unit {unit!r}")
    return settings


def mapping_of(settings: dict, headers: Sequence[str] | None = None) -> ColumnMapping:
    """The column mapping in ``settings``; with ``headers``, keyed by the file's own spelling of each header."""
    check_settings(settings)
    fields = dict(settings["fields"])
    if headers is not None:
        spelled = {header_key(h): str(h) for h in headers}
        fields = {spelled.get(header_key(h), h): name for h, name in fields.items()}
    return ColumnMapping(fields=fields, default_unit=settings.get("default_unit"))


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
