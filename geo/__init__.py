"""Couloirs core: seizure records, reference layers, store, analysis and exports.

A plain package with no Streamlit import; ``python -m geo`` is its command line.
"""

import os

# openpyxl parses workbook parts with lxml when lxml is installed (python-pptx brings it), and that path
# does not go through defusedxml: entity expansion in an uploaded workbook would then be parsed. Keeping
# openpyxl on the standard library parser (defused) must happen before anything imports openpyxl.
os.environ["OPENPYXL_LXML"] = "False"
