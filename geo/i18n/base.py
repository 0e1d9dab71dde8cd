"""The one helper every bilingual table of :mod:`geo.i18n` is read through.

Each area's module (``translate`` for the app's screens, ``maps``, ``trends``, ``briefs``, ``ingest``,
``admin``) holds its table and a ``t(key, lang, **values)`` that reads it with :func:`lookup`.
"""

from __future__ import annotations

from collections.abc import Mapping


def lookup(table: Mapping[str, Mapping[str, str]], key: str, lang: str, **values: object) -> str:
    """String ``key`` of a bilingual ``table`` in ``lang``, ``values`` filled in.

    A text missing in ``lang`` is a KeyError, never English in a French screen (a test checks every table).
    """
    texts = table[key]
    if not texts.get(lang):
        raise KeyError(f"string {key!r} has no {lang!r} text")
    text = texts[lang]
    return text.format(**values) if values else text
