"""Row problems found on import: one shape shared by readers, value parsers and locators.

A problem names the input row (its position in the raw table, 0-based), the
canonical field, a machine ``code`` and the offending value as text. A
``detail`` carries extra facts a message needs (a distance, the expected
format). Each module that finds problems has a ``MESSAGES`` table: code ->
{"fr": template, "en": template}, with ``{field}``, ``{value}`` and ``{detail}``
placeholders, so the same problem reads well in both languages. The tables live
in :mod:`geo.i18n.ingest`, which every such module imports its own from.

Problems whose row is quarantined go in one frame; warnings (the row is kept,
something was corrected or inferred) go in another with the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

PROBLEM_COLUMNS: tuple[str, ...] = ("row", "field", "code", "value", "detail")


def problems_frame(rows: Iterable[Mapping[str, object]] = ()) -> pd.DataFrame:
    """A problem frame from dicts with some or all of :data:`PROBLEM_COLUMNS`.

    >>> problems_frame([{"row": 3, "field": "date", "code": "date_unparsed", "value": "31/31/2020"}]).to_dict("records")
    [{'row': 3, 'field': 'date', 'code': 'date_unparsed', 'value': '31/31/2020', 'detail': None}]
    """
    frame = pd.DataFrame(list(rows), columns=list(PROBLEM_COLUMNS))
    frame["row"] = frame["row"].astype("int64")
    for column in PROBLEM_COLUMNS[1:]:
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame


def concat_problems(*frames: pd.DataFrame) -> pd.DataFrame:
    """Problems of several steps in one frame, ordered by row (a step's order kept within a row)."""
    parts = [frame for frame in frames if len(frame)]
    if not parts:
        return problems_frame()
    joined = pd.concat(parts, ignore_index=True)
    return joined.sort_values("row", kind="stable").reset_index(drop=True)


def describe(problem: Mapping[str, object], messages: Mapping[str, Mapping[str, str]], lang: str) -> str:
    """The problem as a sentence in ``lang``; the bare code when no message knows it.

    >>> describe({"field": "date", "code": "x", "value": "1/2", "detail": None},
    ...          {"x": {"en": "{field} {value!r} is odd", "fr": "{field} {value!r} est étrange"}}, "fr")
    "date '1/2' est étrange"
    """
    template = messages.get(str(problem.get("code")), {}).get(lang)
    if template is None:
        return str(problem.get("code"))
    values = {name: problem.get(name) for name in ("field", "value", "detail")}
    values = {name: ("" if value is None else value) for name, value in values.items()}
    return template.format(**values)
