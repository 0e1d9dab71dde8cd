"""The door to the shared database: an agency file in, every row accepted, quarantined or duplicate.

Steps, each a module: ``readers`` (the file as a raw table), ``mapping`` (which column holds which field),
``parse`` (typed values), ``locate`` (coordinates and place names: the rules, with ``country_zones`` for the
countries' zones and distances and ``geocode`` for the gazetteer), ``problems`` (a row's problems as data),
``pipeline`` (the steps in order, one batch per file) and ``review`` (what the Import page shows for review:
preview rows, the editable mapping table).
"""

from geo.ingest.mapping import ColumnMapping, suggest_mapping
from geo.ingest.pipeline import ImportReport, Preview, import_bytes, preview, read
from geo.ingest.readers import RawTable, UnusableFile

__all__ = ["ColumnMapping", "ImportReport", "Preview", "RawTable", "UnusableFile", "import_bytes", "preview", "read",
           "suggest_mapping"]
