"""Record ids for rows that carry no reference: a hash of every original cell of the row.

Two rows of a file are the same seizure only when they share a key (agency + reference) or when
every cell the file gave is identical. Deriving the id from the mapped fields alone merged distinct
aggregated rows ("Count of Event" rows of two branches: same month, drug and weight, the branch in a
column nobody maps). So a row without a reference gets its id from all its cells as read
(:class:`geo.ingest.readers.raw.RawTable`) plus the importing agency: the same row read again, from
the same file re-saved with another separator or as a workbook, finds the same id, so re-importing
adds nothing; any differing cell makes a new record.
"""

from __future__ import annotations

import datetime
import hashlib

import pandas as pd

__all__ = ["cell_text", "content_ids"]


def cell_text(value: object) -> str:
    """A cell as a canonical text, so a CSV cell and the same cell in a workbook hash alike.

    Blank is ""; a whole float is written as an integer (a workbook's 12.0 is a CSV's "12"); a
    date or time at midnight as its day.

    >>> cell_text(None), cell_text(" 12 "), cell_text(12.0), cell_text(2.5), cell_text(datetime.datetime(2024, 3, 1))
    ('', '12', '12', '2.5', '2024-03-01')
    """
    if value is None or (isinstance(value, float) and value != value):  # value != value: NaN
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def content_ids(frame: pd.DataFrame, agency: str | None) -> pd.Series:
    """``"h:"`` + a hash of ``agency`` and every non-blank (header, cell) of each row of ``frame``.

    Headers are folded (case, surrounding spaces) and sorted, and blank cells skipped, so a file
    re-saved with its columns in another order or without an empty column gives the same ids.

    >>> a = content_ids(pd.DataFrame({"Mois": ["2024-01"], "Bureau": ["Port"]}), "sen-douanes")
    >>> b = content_ids(pd.DataFrame({"Bureau": ["Port"], "Mois": ["2024-01"], "Vide": [None]}), "sen-douanes")
    >>> a.tolist() == b.tolist(), a[0].startswith("h:")
    (True, True)
    """
    headers = [str(name).strip().casefold() for name in frame.columns]
    order = sorted(range(len(headers)), key=lambda i: headers[i])
    columns = [frame.iloc[:, i].tolist() for i in order]
    prefix = (agency or "") + "\x1e"
    ids = []
    for row in zip(*columns) if columns else [() for _ in range(len(frame))]:
        parts = [f"{headers[i]}\x1f{text}" for i, value in zip(order, row) if (text := cell_text(value))]
        digest = hashlib.sha256((prefix + "\x1e".join(parts)).encode("utf-8")).hexdigest()[:20]
        ids.append("h:" + digest)
    return pd.Series(ids, index=frame.index, dtype=object)
