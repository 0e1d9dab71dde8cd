"""The import options of the command line, read into :class:`~geo.ingest.settings.ImportSettings`.

``--map "HEADER=field"`` (``HEADER=`` ignores the column), ``--value "field:TEXT=ID"``, ``--set field=VALUE``
and ``--fiscal-year-start MM``. Each bad option is an :class:`OptionError` whose text is one line naming
the option, the header or field and why, so the command line can print it and exit 2. Nothing here
knows about argparse: the page or a saved profile can check its settings the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from geo.core import schema, units
from geo.ingest.mapping import MAPPABLE_FIELDS, ColumnMapping
from geo.ingest.parse.dates import PRECISION_RANK
from geo.ingest.settings import ImportSettings
from geo.reference.countries import is_iso3

# Fields whose value mapping must give an id of the vocabulary; other fields take any text.
_COUNTRY_FIELDS = ("country", "origin", "destination", "transit")


class OptionError(ValueError):
    """An import option that cannot be used, as one line."""


def _fields() -> str:
    return ", ".join(MAPPABLE_FIELDS)


def _field(name: str, option: str) -> str:
    name = name.strip()
    if name not in MAPPABLE_FIELDS:
        raise OptionError(f"{option}: {name!r} is not a field that can be imported; fields: {_fields()}")
    return name


def valid_ids(name: str) -> Sequence[str] | None:
    """The ids a value mapping to field ``name`` may give (``None``: any text, or checked by the country list)."""
    return {"substance": tuple(schema.substances()), "conveyance": schema.CONVEYANCES, "unit": units.UNITS,
            "sensitivity": schema.SENSITIVITIES, "date_precision": tuple(PRECISION_RANK)}.get(name)


def parse_map(options: Iterable[str]) -> dict[str, str | None]:
    """``--map`` options as header -> field (``None``: the column is not imported).

    >>> parse_map(["Year=", "N° PV=source_ref"])
    {'Year': None, 'N° PV': 'source_ref'}
    """
    found: dict[str, str | None] = {}
    for option in options:
        header, equals, name = option.rpartition("=")
        if not equals or not header.strip():
            raise OptionError(f"--map {option!r}: write HEADER=field (or HEADER= to leave the column out)")
        found[header.strip()] = _field(name, f"--map {option!r}") if name.strip() else None
    return found


def parse_value(options: Iterable[str]) -> dict[str, dict[str, str]]:
    """``--value`` options as field -> {cell text: id}; the id must be one the field knows.

    >>> parse_value(["substance:Chanvre=cannabis_herb", "country:Guinée Conakry=gin"])
    {'substance': {'Chanvre': 'cannabis_herb'}, 'country': {'Guinée Conakry': 'GIN'}}
    """
    found: dict[str, dict[str, str]] = {}
    for option in options:
        name, colon, rest = option.partition(":")
        text, equals, target = rest.rpartition("=")
        if not colon or not equals or not text.strip() or not target.strip():
            raise OptionError(f"--value {option!r}: write field:TEXT=ID, e.g. substance:Chanvre=cannabis_herb")
        name, target = _field(name, f"--value {option!r}"), target.strip()
        if name in _COUNTRY_FIELDS:
            if not is_iso3(target.upper()):
                raise OptionError(f"--value {option!r}: {target!r} is not an ISO3 country code")
            target = target.upper()
        elif (allowed := valid_ids(name)) is not None and target not in allowed:
            raise OptionError(f"--value {option!r}: {target!r} is not a {name} id; ids: {', '.join(allowed)}")
        found.setdefault(name, {})[text.strip()] = target
    return found


def parse_set(options: Iterable[str]) -> dict[str, str]:
    """``--set`` options as field -> the text every row gets (read by the field's own parser on import).

    >>> parse_set(["country=USA", "unit=kg"])
    {'country': 'USA', 'unit': 'kg'}
    """
    found: dict[str, str] = {}
    for option in options:
        name, equals, value = option.partition("=")
        if not equals or not value.strip():
            raise OptionError(f"--set {option!r}: write field=VALUE, e.g. country=USA")
        found[_field(name, f"--set {option!r}")] = value.strip()
    return found


def parse_fiscal_year_start(value: str | int | None) -> int | None:
    """``--fiscal-year-start``: the first month of the fiscal year, 1..12."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise OptionError(f"--fiscal-year-start {value}: give the first month of the fiscal year, 1 to 12")
    return int(text)


def settings_from_options(maps: Iterable[str] = (), values: Iterable[str] = (), sets: Iterable[str] = (),
                          fiscal_year_start: str | int | None = None) -> ImportSettings:
    """All the import options as one :class:`ImportSettings` (:class:`OptionError` on the first bad one)."""
    return ImportSettings(parse_map(maps), parse_value(values), parse_set(sets),
                          parse_fiscal_year_start(fiscal_year_start))


def check_settings(settings: ImportSettings, headers: Sequence[str], suggested: ColumnMapping) -> None:
    """Settings checked against a file's headers; :class:`OptionError` names the first problem.

    A header the file lacks, a value mapping for a field no column gives, a constant for a field a column
    already gives, a constant the field's parser cannot read.
    """
    from geo.ingest.parse.values import parse_values  # the parsers are heavy; only checks need them

    present = set(map(str, headers))
    for header in settings.columns:
        if header not in present:
            raise OptionError(f"--map: column {header!r} is not in the file; columns: "
                              + ", ".join(repr(h) for h in headers))
    columns = ImportSettings(columns=settings.columns).apply(suggested)
    for name in settings.values:
        if columns.header_for(name) is None and name not in settings.constants:
            raise OptionError(f"--value {name}:...: no column gives {name}; map one with --map \"COLUMN={name}\"")
    for name, value in settings.constants.items():
        header = columns.header_for(name)
        if header is not None:
            raise OptionError(f"--set {name}={value}: column {header!r} already gives {name}; drop --set or "
                              f"leave the column out with --map \"{header}=\"")
        parsed = parse_values(pd.DataFrame({"cell": [value]}), ColumnMapping({"cell": name}))
        own = parsed.problems[parsed.problems["field"] == name]
        if len(own):
            raise OptionError(f"--set {name}={value}: {value!r} cannot be read as {name} ({own.iloc[0]['code']})")
