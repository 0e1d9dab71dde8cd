"""How one agency's files are imported, as data: column overrides, value mappings, constants, fiscal year.

:class:`ImportSettings` is what ``geo import --map/--value/--set/--fiscal-year-start`` build
(:mod:`geo.ingest.options`) and what a saved per-agency profile stores: plain JSON, so a profile
written today reads back tomorrow. It changes the suggested :class:`~geo.ingest.mapping.ColumnMapping`
(``columns``), rewrites whole cells before the field's own parser (``values``: ``{"substance":
{"Chanvre": "cannabis_herb"}}``, matched case- and accent-insensitively) and adds a constant for every
row (``constants``: ``{"country": "USA"}``), read by the field's normal parser as if it were a cell.

The same JSON object is a saved profile's settings (:mod:`geo.ingest.profiles`), whoever saved it: the
command line (``--save-profile``) or the Import page. A profile holds the whole column mapping in ``columns``
and the unit of quantities written without one in ``default_unit``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from geo.ingest.mapping import ColumnMapping, header_unit
from geo.ingest.parse.cells import raw_text
from geo.reference.countries import fold

# Header given to a constant's column in the table that is parsed: no real header starts with "=".
CONSTANT_PREFIX = "=set:"


@dataclass(frozen=True)
class ImportSettings:
    """Column overrides (header -> field, ``None`` to ignore), value mappings, constants and fiscal year start."""

    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    fiscal_year_start: int | None = None
    # The unit of quantities written without one; None: the one the quantity header names, if any.
    default_unit: str | None = None

    def to_dict(self) -> dict:
        """The settings as plain JSON-ready data (the form a saved profile stores)."""
        return {"columns": dict(self.columns), "values": {k: dict(v) for k, v in self.values.items()},
                "constants": dict(self.constants), "fiscal_year_start": self.fiscal_year_start,
                "default_unit": self.default_unit}

    def to_json(self) -> str:
        """The settings as a JSON object (keys sorted, so equal settings give equal text)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ImportSettings:
        """The inverse of :meth:`to_json` (missing keys take their defaults).

        >>> s = ImportSettings({"Year": "year"}, {"substance": {"Chanvre": "cannabis_herb"}}, {"country": "USA"}, 10)
        >>> ImportSettings.from_json(s.to_json()) == s
        True
        """
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict) -> ImportSettings:
        """Settings from :meth:`to_dict`'s form (missing keys take their defaults; no checking here)."""
        start = data.get("fiscal_year_start")
        return cls(columns=dict(data.get("columns") or {}),
                   values={k: dict(v) for k, v in (data.get("values") or {}).items()},
                   constants=dict(data.get("constants") or {}),
                   fiscal_year_start=None if start is None else int(start),
                   default_unit=data.get("default_unit"))

    def merged(self, over: ImportSettings) -> ImportSettings:
        """These settings with ``over``'s on top (a profile, then the command line's options).

        >>> profile = ImportSettings({"Pays": "country"}, {"substance": {"Chanvre": "cannabis_herb"}}, {}, 10)
        >>> mine = ImportSettings({"Obs": None}, {"substance": {"Kush": "cannabis_herb"}})
        >>> both = profile.merged(mine)
        >>> both.columns, sorted(both.values["substance"]), both.fiscal_year_start
        ({'Pays': 'country', 'Obs': None}, ['Chanvre', 'Kush'], 10)
        """
        values = {name: dict(table) for name, table in self.values.items()}
        for name, table in over.values.items():
            values[name] = {**values.get(name, {}), **table}
        return ImportSettings({**self.columns, **over.columns}, values, {**self.constants, **over.constants},
                              over.fiscal_year_start or self.fiscal_year_start, over.default_unit or self.default_unit)

    def apply(self, mapping: ColumnMapping) -> ColumnMapping:
        """``mapping`` with the column overrides, a column per constant and the fiscal year start.

        A field the user maps by hand is taken from any column the suggestion had given it to, so the
        override wins rather than two columns giving one field.
        """
        fields = dict(mapping.fields)
        for name in self.columns.values():
            if name is not None:
                fields = {h: (None if f == name else f) for h, f in fields.items()}
        fields.update(self.columns)
        for name in self.constants:
            fields[CONSTANT_PREFIX + name] = name
        unit = mapping.default_unit
        if "quantity" in self.columns.values():
            # the header that implied a unit may no longer be the quantity column
            unit = header_unit(next(h for h, f in self.columns.items() if f == "quantity"))
        unit = self.default_unit or unit  # said in so many words: it wins over what a header implies
        return ColumnMapping(fields, unit, fiscal_year_start=self.fiscal_year_start or mapping.fiscal_year_start)


def prepared_frame(frame: pd.DataFrame, mapping: ColumnMapping, settings: ImportSettings) -> pd.DataFrame:
    """The table to parse: value mappings applied to the mapped columns, a column per constant.

    ``mapping`` is :meth:`ImportSettings.apply`'s. The original table is left as it is, so a quarantined
    row keeps the cells as the file wrote them.
    """
    out = frame.copy()
    for name, value in settings.constants.items():
        out[CONSTANT_PREFIX + name] = value
    for name, table in settings.values.items():
        folded = {fold(text): target for text, target in table.items()}
        for header, mapped in mapping.fields.items():
            if mapped == name and header in out.columns:
                column = out[header]
                keys = column.map(lambda v: None if raw_text(v) is None else fold(raw_text(v)))
                out[header] = column.where(~keys.isin(folded.keys()), keys.map(folded))
    return out
