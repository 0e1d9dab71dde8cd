"""Every French/English text of the app, and numbers written the way each language writes them.

The app's screens are :mod:`geo.i18n.translate`, re-exported here (``i18n.t``, ``i18n.field_label``…). Each other
area has its module and its table, read through that module's ``t(key, lang, **values)``: :mod:`geo.i18n.maps`,
:mod:`geo.i18n.trends`, :mod:`geo.i18n.briefs`, :mod:`geo.i18n.ingest`, :mod:`geo.i18n.admin`
(``from geo.i18n import maps as map_text`` … ``map_text.t("legend", lang)``). Every table is read with
:func:`lookup`, which refuses a missing language. This package imports nothing from the rest of ``geo``.
"""

from geo.i18n.base import lookup
from geo.i18n.translate import FIELD_LABELS, LANGUAGES, STRINGS, field_label, format_number, t, value_label

__all__ = ["FIELD_LABELS", "LANGUAGES", "STRINGS", "field_label", "format_number", "lookup", "t", "value_label"]
