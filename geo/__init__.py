"""Couloirs core: seizure records, reference layers, store, analysis and exports.

A plain package with no Streamlit import; ``python -m geo`` is its command line.
"""
