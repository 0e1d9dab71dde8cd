"""Cell values turned into typed canonical fields.

Dates, numbers, vocabularies (substances, units, conveyances) and the cell helpers they share;
:func:`parse_values` assembles them.
"""

from geo.ingest.parse.values import ParsedValues, parse_values

__all__ = ["ParsedValues", "parse_values"]
