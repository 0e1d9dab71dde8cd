"""A reference column that is not a key: refused before anything is written.

Records are identified as ``agency:source_ref`` (:func:`geo.core.schema.derive_record_ids`), so a
column mapped to ``source_ref`` whose values repeat on rows that differ elsewhere (a ``Year``, a region,
an officer's name taken for a case number) would collapse those rows into one record each and lose
the others as "duplicates". That is refused with :class:`NotAKey`, which says how many rows would
collapse into how many records.

"Rows that differ" means rows that differ in what was seized, when or where: the cells of the columns
mapped to :data:`FACT_FIELDS`. Rows that repeat a reference and those facts are the same seizure
reported twice (a register that lists a case again with another remark): they stay duplicates, as
rows identical in every cell do. A file that maps none of those fields compares every cell.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from geo.i18n.ingest import KEY_MESSAGES
from geo.ingest.mapping import ColumnMapping
from geo.ingest.parse.cells import blank, raw_text

# What identifies a seizure besides its reference: two rows that agree on all of these are one seizure.
FACT_FIELDS = ("date", "year", "month", "day", "fiscal_year", "country", "admin1", "place", "lat", "lon",
               "coordinates", "substance", "quantity", "unit")


class NotAKey(ValueError):
    """The column mapped to ``source_ref`` repeats its values on rows that differ elsewhere."""

    def __init__(self, column: str, rows: int, records: int) -> None:
        super().__init__(describe(column, rows, records, "en"))
        self.column, self.rows, self.records = column, rows, records

    def message(self, lang: str, *, cli: bool = False) -> str:
        """One line in ``lang``: the column, the counts and the fix (the ``--map`` option when ``cli``)."""
        return describe(self.column, self.rows, self.records, lang, cli=cli)


def describe(column: str, rows: int, records: int, lang: str, *, cli: bool = False) -> str:
    """The refusal as one sentence in ``lang``."""
    table = KEY_MESSAGES["not_a_key_cli" if cli else "not_a_key"]
    return (table.get(lang) or table["en"]).format(column=column, rows=rows, records=records)


def key_collapse(frame: pd.DataFrame, column: str) -> tuple[int, int]:
    """(rows, references) of ``frame`` whose reference in ``column`` repeats on rows that differ elsewhere.

    >>> frame = pd.DataFrame({"Year": ["2024", "2024", "2025", "2025"], "Qty": ["1", "2", "3", "3"]})
    >>> key_collapse(frame, "Year")
    (2, 1)
    """
    text = cell_texts(frame)
    refs = text[column]
    kept = ~each_distinct(frame[column], blank).astype(bool)
    rows = text[kept]
    distinct = rows.drop_duplicates()
    repeated = distinct[column].duplicated(keep=False)
    clashing = set(distinct.loc[repeated, column])
    if not clashing:
        return 0, 0
    return int(refs[kept].isin(clashing).sum()), len(clashing)


def each_distinct(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """``function`` of each cell, called once per distinct value (registers repeat values thousands of times)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    results = np.array([*(function(value) for value in uniques), function(None)], dtype=object)
    return pd.Series(results[codes], index=values.index, dtype=object)  # code -1 (missing) takes the last


def cell_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of ``frame`` as :func:`~geo.ingest.parse.cells.raw_text` writes it."""
    columns = {i: each_distinct(frame.iloc[:, i], raw_text) for i in range(frame.shape[1])}
    return pd.DataFrame(columns, index=frame.index, dtype=object).set_axis(frame.columns, axis=1)


def check_key(frame: pd.DataFrame, mapping: ColumnMapping) -> None:
    """Raise :class:`NotAKey` when the column mapped to ``source_ref`` is not a key of ``frame``."""
    column = mapping.header_for("source_ref")
    if column is None or column not in frame.columns:
        return
    facts = [h for h, name in mapping.fields.items() if name in FACT_FIELDS and h in frame.columns]
    rows, records = key_collapse(frame[[column, *facts]] if facts else frame, column)
    if rows:
        raise NotAKey(column, rows, records)
