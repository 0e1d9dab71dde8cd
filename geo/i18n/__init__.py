"""Interface strings in French and English, and numbers written the way each language writes them."""

from geo.i18n.translate import FIELD_LABELS, LANGUAGES, STRINGS, field_label, format_number, lookup, t, value_label

__all__ = ["FIELD_LABELS", "LANGUAGES", "STRINGS", "field_label", "format_number", "lookup", "t", "value_label"]
