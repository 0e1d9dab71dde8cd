"""What every layer shares.

The record model (schema, units), calendar periods, the record filter, the map view state and the settings registry.
"""

from geo.core.filters import RecordFilter
from geo.core.view import View

__all__ = ["View", "RecordFilter"]
