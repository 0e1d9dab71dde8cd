"""A large CSV or TSV register read in chunks of rows, each chunk the :class:`RawTable` the whole-file reader gives.

The command line imports national registers of a million rows. Reading one as a single table holds every cell
as a Python object (about ten times the file's size); read in chunks, only one chunk's cells are alive at a time.

A chunk is exactly the part of :func:`geo.ingest.readers.tables.read_table`'s table for its rows, so that an
import streamed chunk by chunk stores what the unstreamed one would (``tests/test_streamed_import.py``):

* the encoding is decided on the whole file (:func:`geo.ingest.readers.encoding.decode`), the separator and the
  header row on its first lines, as the whole-file reader does;
* row positions start at 0 in each chunk (``RawTable.problems`` and everything after it count that way);
  ``source_rows`` are the file's line numbers;
* a damaged line is charged to the record it belongs to, in whichever chunk that record is;
* an unnamed column that is blank in every row of the file is left out of every chunk: :meth:`CsvStream.scan`
  reads the file once to find out (and gives each chunk to a caller that needs the whole file first, such as
  the key check).
"""

from __future__ import annotations

import bisect
import csv
import itertools
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.ingest.problems import problems_frame
from geo.ingest.readers import encoding
from geo.ingest.readers.filetypes import UnusableFile
from geo.ingest.readers.raw import HeaderScore, RawTable, _unique_names, collector_paused
from geo.ingest.readers.tables import (
    _SAMPLE_CHARS,
    HEADER_SEARCH_ROWS,
    _best_header,
    _cell_text,
    _csv_rows,
    _delimiter,
    _trim,
    default_header_score,
)

__all__ = ["DEFAULT_CHUNK_ROWS", "PLAIN_TEXT", "CsvStream", "open_csv"]

# 50,000: a million-row register peaks at ~1.95 GB (100,000: ~2.3 GB, over issue 13's 2 GB) for ~8 % more CPU.
DEFAULT_CHUNK_ROWS = 50_000
_END = 1 << 62  # past any line number
# ``DataFrame.attrs`` key of :meth:`CsvStream.scan`'s frames: every cell is stripped text or None.
PLAIN_TEXT = "couloirs_plain_text"
# Line ends as csv.reader over io.StringIO(newline="") counts them (encoding.py uses the same rule).
_LINE_END = re.compile("\r\n|\r|\n")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, one at a time (io.StringIO would copy the text at 4 bytes a char)."""
    start = 0
    for match in _LINE_END.finditer(text):
        yield text[start:match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


@dataclass
class CsvStream:
    """A decoded CSV file whose header is found; :meth:`chunks` reads its records ``rows`` at a time."""

    decoded: encoding.DecodedText
    delimiter: str
    file_name: str | None
    score: HeaderScore
    dropped: tuple[str, ...] = ()  # unnamed columns blank in the whole file (set by :meth:`scan`)
    blank_rows: int = 0
    header_row: int = 0
    _first_record: int = _END

    @property
    def details(self) -> dict:
        """How the file was read, as :attr:`RawTable.details` says it for the whole file."""
        details = {"encoding": self.decoded.encoding, "delimiter": self.delimiter, "header_row": self.header_row,
                   "blank_rows": self.blank_rows, "truncated": False}
        if self.decoded.damaged:
            details["damaged_lines"] = sorted(self.decoded.damaged)
            above = [line for line in sorted(self.decoded.damaged) if line < self._first_record]
            if above:
                details["damaged_header_lines"] = above
        return details

    def columns(self) -> list[str]:
        """The table's column names, as the whole-file reader names them (before :meth:`scan` drops any)."""
        _, header = self._records()
        return _unique_names([h or "" for h in header])

    def scan(self, rows: int = DEFAULT_CHUNK_ROWS, each: Callable[[pd.DataFrame], None] | None = None,
             only: list[str] | None = None) -> int:
        """Read the whole file once: which unnamed columns hold something; returns the number of records.

        ``each`` gets the records, ``rows`` at a time, as frames of the ``only`` columns (all when ``None``).
        Cheaper than :meth:`chunks`: only the cells asked for are kept, and no problems are made.
        """
        records, header = self._records()
        names = _unique_names([h or "" for h in header])
        unnamed = [i for i, h in enumerate(header) if not h]
        wanted = [names.index(name) for name in only] if only is not None else list(range(len(names)))
        picked = sorted(set(wanted) | set(unnamed))
        filled: set[int] = set()
        count = 0
        batch: list[tuple] = []
        # The picked cells of a row as one C call (a comprehension per row cost a second per 100,000 rows); a
        # short row is padded with "" (nothing, as the whole-file reader pads it with None).
        need = max(picked, default=-1) + 1
        get = operator.itemgetter(*picked) if len(picked) > 1 else (lambda cells: tuple(cells[i] for i in picked))
        with collector_paused():
            for _, cells in records:
                if not "".join(cells).strip():  # a blank row (every cell blank) is no record
                    continue
                batch.append(get(cells) if len(cells) >= need else
                             tuple(cells[i] if i < len(cells) else "" for i in picked))
                if len(batch) == rows:
                    count += self._scanned(batch, picked, wanted, unnamed, filled, names, each)
                    batch = []
            count += self._scanned(batch, picked, wanted, unnamed, filled, names, each)
        self.dropped = tuple(names[i] for i in unnamed if i not in filled)
        return count

    @staticmethod
    def _scanned(batch: list[tuple], picked: list[int], wanted: list[int], unnamed: list[int], filled: set[int],
                 names: list[str], each: Callable[[pd.DataFrame], None] | None) -> int:
        if not batch:
            return 0
        # Column by column (a transposition in C), each cell stripped text or None as the chunks keep it.
        # dtype=object on the frame: given as Series or left to infer, pandas makes arrow strings (0.5 s a chunk).
        columns = zip(*batch) if picked else ()
        frame = pd.DataFrame({i: np.array([cell.strip() or None for cell in cells], dtype=object)
                              for i, cells in zip(picked, columns)}, columns=picked, index=range(len(batch)),
                             dtype=object, copy=False)
        filled.update(i for i in unnamed if frame[i].notna().any())
        if each is not None:
            part = frame.loc[:, wanted].set_axis([names[i] for i in wanted], axis=1)
            part.attrs[PLAIN_TEXT] = True
            each(part)
        return len(batch)

    def reading_state(self) -> tuple[int, int]:
        """What reading the chunks learnt (blank rows, first record's line), for a reader in another process."""
        return self.blank_rows, self._first_record

    def restore_reading_state(self, state: tuple[int, int]) -> None:
        """Take what :meth:`chunks` learnt in another process (:meth:`reading_state` there): :attr:`details` uses it."""
        self.blank_rows, self._first_record = state

    def chunks(self, rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[RawTable]:
        """The records, ``rows`` at a time, each chunk a :class:`RawTable` (positions from 0)."""
        if rows < 1:
            raise ValueError(f"chunk rows {rows}: must be 1 or more")
        records, header = self._records()
        width = len(header)
        names = _unique_names([h or "" for h in header])
        self.blank_rows = 0
        self._first_record = _END
        kept = self._kept(records)
        carry = next(kept, None)
        while carry is not None:
            chunk = [carry]
            with collector_paused():  # not across the yield: the caller's work may make cycles
                for record in kept:
                    chunk.append(record)
                    if len(chunk) == rows:
                        break
                # The next chunk's first record is read now: a record's damaged lines run up to the next record.
                carry = next(kept, None)
            if self._first_record == _END:
                self._first_record = chunk[0][0]
            numbers = [number for number, _ in chunk]
            values, extra = [], []
            for position, (_, row) in enumerate(chunk):
                if len(row) > width:
                    cut = row[width:]
                    extra.append({"row": position, "code": "extra_cells", "detail": str(len(cut)),
                                  "value": " | ".join(_cell_text(v) for v in cut)})
                    row = row[:width]
                values.append(row + [None] * (width - len(row)))
            del chunk
            frame = pd.DataFrame(values, columns=names, dtype=object)
            if self.dropped:
                frame = frame.drop(columns=list(self.dropped))
            yield self._table(frame, numbers, extra, _END if carry is None else carry[0])

    def _kept(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list]]:
        """The non-blank records, cells as the whole-file reader keeps them; blank ones counted."""
        for number, cells in records:
            # Every CSV cell is text: the whole-file reader's _clean is strip-or-None here.
            row = _trim([cell.strip() or None for cell in cells])
            if row:
                yield number, row
            else:
                self.blank_rows += 1

    def _records(self) -> tuple[Iterator[tuple[int, list[str]]], list[str | None]]:
        """The rows below the header, and the header (found as the whole-file reader finds it)."""
        reader = csv.reader(_lines(self.decoded.text), delimiter=self.delimiter)
        rows = _csv_rows(reader, self.file_name)
        head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
        found = _best_header(head, self.score)
        if found is None:
            raise UnusableFile("empty", "", self.file_name)
        if found[1] <= 0:
            raise UnusableFile("no_header", HEADER_SEARCH_ROWS, self.file_name)
        self.header_row, header_cells = head[found[0]]
        header = _trim([_cell_text(v) or None for v in header_cells])
        return itertools.chain(head[found[0] + 1:], rows), header

    def _table(self, frame: pd.DataFrame, numbers: list[int], extra: list[dict], next_start: int) -> RawTable:
        """The chunk's table; each damaged line from its first record's line up to the next chunk's is a problem."""
        found = list(extra)
        damaged = sorted(self.decoded.damaged)
        ours = damaged[bisect.bisect_left(damaged, numbers[0]):bisect.bisect_left(damaged, next_start)]
        for line in ours:
            found.append({"row": bisect.bisect_right(numbers, line) - 1, "field": None, "code": "damaged_bytes",
                          "detail": self.decoded.describe(line), "value": self.decoded.encoding})
        problems = problems_frame(found)
        if ours:
            problems = problems.sort_values("row", kind="stable").reset_index(drop=True)
        return RawTable(frame, numbers, "csv", {}, problems)


def open_csv(data: bytes, file_name: str | None = None, score: HeaderScore | None = None) -> CsvStream:
    """The CSV file ``data`` decoded (whole file), its separator found (first lines), ready to read in chunks."""
    decoded = encoding.decode(data)
    return CsvStream(decoded, _delimiter(decoded.text[:_SAMPLE_CHARS]), file_name, score or default_header_score)
