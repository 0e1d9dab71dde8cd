"""A large CSV or TSV register imported streamed: one batch, one transaction, one chunk of rows in memory at a time.

:func:`import_csv` does what :func:`geo.ingest.pipeline.import_bytes` does for a CSV file, with the same
report, records, quarantine and accounting (``rows == accepted + quarantined + duplicates``;
``tests/test_streamed_import.py`` compares them as frames), but reads the rows
``chunk_rows`` at a time (:mod:`geo.ingest.readers.stream`):

1. a first pass reads every chunk and keeps only what must be decided on the whole file before anything is
   written: the reference column's values with a 128-bit hash of the cells that say what was seized, when and
   where (:class:`KeyCheck`: a reference repeated on rows that differ refuses the file, :mod:`geo.ingest.keys`),
   and which unnamed columns are blank throughout;
2. a second pass checks each chunk (:func:`geo.ingest.pipeline.check_rows`; the next chunk in a forked
   process while this one is written, :mod:`geo.ingest.forked`, or in a thread, :mod:`geo.ingest.ahead`) and
   writes it into the one open
   transaction (:meth:`geo.store.SqlStore.write_batch_chunks`): a duplicate of a record of an earlier chunk is
   found in the store as the transaction sees it, so the duplicate rule spans chunks; the file itself is kept
   with the batch. A failure anywhere rolls the whole batch back.

The encoding is decided on the whole file (:mod:`geo.ingest.readers.encoding`), as for an unstreamed import.
While the second pass runs the store's write lock is held; readers are not blocked (WAL), other writers wait.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.ingest import forked, pipeline
from geo.ingest.ahead import ahead
from geo.ingest.keys import FACT_FIELDS, NotAKey, cell_texts, each_distinct
from geo.ingest.mapping import ColumnMapping, header_score, suggest_mapping
from geo.ingest.parse.cells import blank
from geo.ingest.parse.numbers import decimal_evidence
from geo.ingest.readers import filetypes
from geo.ingest.readers.stream import DEFAULT_CHUNK_ROWS, PLAIN_TEXT, open_csv
from geo.ingest.settings import ImportSettings
from geo.store import Batch, SqlStore

__all__ = ["DEFAULT_CHUNK_ROWS", "KeyCheck", "import_csv", "streams"]

# Two SipHash keys: 128 bits per row, so two rows that differ are never taken for one (16 characters each).
_HASH_KEYS = ("couloirs-facts-1", "couloirs-facts-2")


def streams(data: bytes, file_name: str | None = None) -> bool:
    """Whether :func:`import_csv` imports this file (CSV and TSV registers; workbooks and layers are not)."""
    return filetypes.detect_format(data, file_name) == "csv"


class KeyCheck:
    """The reference column checked as a key over the whole file, one chunk at a time (see :mod:`geo.ingest.keys`).

    Keeps, for each row with a reference, the reference text and a hash of its fact cells, not the cells.
    """

    def __init__(self, mapping: ColumnMapping, columns: list[str]) -> None:
        column = mapping.header_for("source_ref")
        self.column = column if column in columns else None
        self.facts = [h for h, name in mapping.fields.items() if name in FACT_FIELDS and h in columns]
        self._refs: list[np.ndarray] = []
        self._hashes: list[np.ndarray] = []

    @property
    def columns(self) -> list[str] | None:
        """The columns the check reads (``None``: all of them)."""
        return [self.column, *self.facts] if self.facts and self.column else None

    def add(self, frame: pd.DataFrame) -> None:
        """Remember the references and fact hashes of some rows of the file (the :attr:`columns` at least).

        ``frame`` holds :meth:`CsvStream.scan`'s cells: stripped text or ``None``, which is already what
        :func:`~geo.ingest.keys.cell_texts` would make of them (checked per column, cheaply, all the same).
        """
        if self.column is None:
            return
        text = frame[[self.column, *self.facts]] if self.facts else frame
        # CsvStream.scan marks its frames: every cell is already stripped text or None (checking each cell again
        # cost a second per 100,000 rows).
        if not frame.attrs.get(PLAIN_TEXT) and not all(_plain_text(text[name]) for name in text.columns):
            text = cell_texts(text)
        kept = ~each_distinct(frame[self.column], blank).astype(bool).to_numpy()
        text = text[kept]
        # categorize=False: the same hashes, without factorizing each column first (most cells are distinct).
        hashes = [pd.util.hash_pandas_object(text, index=False, hash_key=key, categorize=False).to_numpy()
                  for key in _HASH_KEYS]
        self._refs.append(text[self.column].to_numpy(dtype=object))
        self._hashes.append(np.stack(hashes, axis=1))

    def check(self) -> None:
        """Raise :class:`NotAKey` when a reference repeats on rows that differ (counts as :func:`key_collapse`)."""
        if self.column is None or not self._refs:
            return
        hashes = np.concatenate(self._hashes)
        rows = pd.DataFrame({"ref": np.concatenate(self._refs), "a": hashes[:, 0], "b": hashes[:, 1]})
        distinct = rows.drop_duplicates()
        clashing = set(distinct.loc[distinct["ref"].duplicated(keep=False), "ref"])
        if clashing:
            raise NotAKey(self.column, int(rows["ref"].isin(clashing).sum()), len(clashing))


class DecimalEvidence:
    """The decimal marks the quantity column uses unambiguously anywhere in the file, gathered by the scan.

    Each chunk is parsed on its own, yet ``1,200`` must read as the whole-file import reads it: 1.2 when a
    ``0,5`` appears anywhere in the column, not only when it appears in the same chunk.
    """

    def __init__(self, mapping: ColumnMapping, columns: list[str]) -> None:
        column = mapping.header_for("quantity")
        self.column = column if column in columns else None
        self.marks: frozenset[str] = frozenset()

    def add(self, frame: pd.DataFrame) -> None:
        """Remember the marks some rows of the file (the quantity column at least) use."""
        if self.column is not None and len(self.marks) < 2:
            self.marks |= decimal_evidence(frame[self.column].dropna().unique())


def _plain_text(values: pd.Series) -> bool:
    """Whether every cell is a stripped text or ``None`` (what ``raw_text`` leaves as it is)."""
    return all(value is None or (type(value) is str and value == value.strip())  # noqa: E721 - not a subclass
               for value in values.to_numpy(dtype=object))


def import_csv(store: SqlStore, data: bytes, file_name: str | None = None, *,
               agency: str | None = None, sensitivity: str | None = None, created_by: str = "unknown",
               mapping: ColumnMapping | None = None, progress: pipeline.Progress | None = None,
               settings: ImportSettings | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
               fork: bool | None = None) -> pipeline.ImportReport:
    """Import a CSV file as one batch, streamed ``chunk_rows`` rows at a time.

    Arguments, result and exceptions as :func:`geo.ingest.pipeline.import_bytes`; ``chunk_rows`` bounds the
    rows held at once (the result does not depend on it). ``fork``: check the chunks in a forked child process
    (:mod:`geo.ingest.forked`) while this one writes; ``None`` forks when the file has more than one chunk and
    the platform forks (the result does not depend on it either). The command line forks; a server with
    threads of its own should pass ``False``.
    """
    report = progress or (lambda fraction, step: None)
    name = filetypes.display_name(file_name)
    digest = pipeline.sha256(data)
    report(0.02, "reading")
    earlier = store.find_batch(digest, agency)
    if earlier is not None:
        rows = int(store.batches().set_index("batch_id").loc[earlier, "rows"])
        report(1.0, "done")
        return pipeline.ImportReport(name, digest, "csv", rows, 0, 0, rows, earlier, already_imported=True,
                                     duplicates_identical=rows)
    stream = open_csv(data, file_name, header_score)
    settings = settings or ImportSettings()
    columns = stream.columns()
    first_mapping = settings.apply(mapping or suggest_mapping(columns))
    key, evidence = KeyCheck(first_mapping, columns), DecimalEvidence(first_mapping, columns)
    scanned = None if key.columns is None else list(dict.fromkeys([*key.columns, *filter(None, [evidence.column])]))

    def scan(frame: pd.DataFrame) -> None:
        key.add(frame)
        evidence.add(frame)

    total = stream.scan(chunk_rows, scan, scanned)
    kept = [c for c in columns if c not in stream.dropped]
    mapping = settings.apply(mapping or suggest_mapping(kept))
    key.check()
    report(0.3, "checking")
    found: list[pd.DataFrame] = []
    warned: list[pd.DataFrame] = []
    content: set[str] = set()

    def checking():
        return (pipeline.check_rows(table, mapping, agency=agency, sensitivity=sensitivity, settings=settings,
                                    decimal_marks=evidence.marks)
                for table in stream.chunks(chunk_rows))

    def checked_chunks():
        done = 0
        # Chunk N+1 is read and checked while chunk N is inserted: in a forked process on the other core when
        # there is more than one chunk (geo.ingest.forked), else in a thread (SQLite inserts without the GIL).
        if fork if fork is not None else (total > chunk_rows and forked.available()):
            made = forked.ahead_forked(checking, stream.reading_state, stream.restore_reading_state)
        else:
            made = ahead(checking())
        for checked in made:
            content.update(checked.content_ids)  # rows without a reference (and ids the file gave)
            found.append(checked.row_problems.assign(row=checked.row_problems["row"] + done))
            warned.append(checked.warnings.assign(row=checked.warnings["row"] + done))
            done += checked.rows
            report(0.3 + 0.65 * done / max(total, 1), "writing")
            yield checked.records, checked.quarantined

    batch = Batch(kind="import", created_by=created_by, file_name=name, sha256=digest, agency=agency,
                  sensitivity=sensitivity)
    result = store.write_batch_chunks(checked_chunks(), batch, original=data, coerced=True)
    identical = sum(1 for record_id in result.duplicate_ids if record_id in content)
    report(1.0, "done")
    return pipeline.ImportReport(
        name, digest, "csv", result.rows, result.accepted, result.quarantined, result.duplicates, result.batch_id,
        mapping=pipeline.used_columns(mapping), details=stream.details, row_problems=_joined(found),
        warnings=_joined(warned), settings=settings, duplicates_by_key=result.duplicates - identical,
        duplicates_identical=identical)


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks' problems (or warnings) as one frame, in file order."""
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return pipeline.problems.problems_frame().assign(row_number=pd.Series(dtype="int64"))
    return pd.concat(frames, ignore_index=True)
