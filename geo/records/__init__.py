"""Records as people read and take them away.

Localised tables (tables) and exports in every format, formula-safe (exports, kml).
"""

from geo.records.exports import EXPORT_FORMATS, export_bytes, export_format, export_records, table_bytes

__all__ = ["EXPORT_FORMATS", "export_bytes", "export_format", "export_records", "table_bytes"]
