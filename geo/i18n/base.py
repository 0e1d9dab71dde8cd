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


def singular(count: float, lang: str) -> bool:
    """Whether ``count`` takes the singular in ``lang``: French says "0 saisie", "1 saisie"; English "1 seizure".

    >>> singular(1, "en"), singular(0, "en"), singular(0, "fr"), singular(1.5, "fr")
    (True, False, True, True)
    """
    return abs(count) < 2 if lang == "fr" else count == 1


def lookup_count(table: Mapping[str, Mapping[str, str]], key: str, lang: str, count: float, **values: object) -> str:
    """Like :func:`lookup`, the singular form ``{key}_one`` chosen when ``count`` takes it: no "1 saisies"."""
    chosen = f"{key}_one" if singular(count, lang) and f"{key}_one" in table else key
    return lookup(table, chosen, lang, **values)
