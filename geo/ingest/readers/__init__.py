"""Reading an uploaded file into one raw table.

Safety checks before any parser (filetypes), CSV and spreadsheet tables (tables), GeoJSON, GeoPackage, KML and
KMZ features (features).
"""

from geo.ingest.readers.filetypes import UnusableFile, detect_format
from geo.ingest.readers.raw import RawTable
from geo.ingest.readers.tables import read_path, read_table

__all__ = ["RawTable", "UnusableFile", "detect_format", "read_path", "read_table"]
