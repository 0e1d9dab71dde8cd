"""The text of a CSV file, and the lines whose bytes cannot be trusted.

A register saved as UTF-8 sometimes carries a few bytes that are not UTF-8 (one row pasted from an old
Windows program, a NUL left by a faulty export). Re-reading the whole file as Windows-1252 for that would
turn every accented value of every other row into mojibake ("KÃ©dougou"), lose headers such as ``N° PV``,
and make the corrected file look new row by row. So the encoding is decided by evidence, line by line:

* among the lines holding non-ASCII bytes, those that are valid UTF-8 (they hold a multi-byte sequence)
  against those that are not; when valid UTF-8 lines are the majority the file is UTF-8 and the other lines
  are *damaged*; otherwise (accents as single bytes on most lines) it is Windows-1252, as before;
* control bytes (NUL and the like) in a text file are damage on their line; a file full of them is binary
  and was refused by :mod:`geo.ingest.readers.filetypes` before this runs.

Damaged bytes are replaced by U+FFFD in the text and their lines reported: the reader quarantines the rows
that hold them, naming the line and the bytes. Quarantine rather than keeping the row with U+FFFD, because a
replaced byte may sit inside a figure or a reference: a row may be refused, never silently changed.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Invalid UTF-8 bytes as surrogateescape keeps them, and control characters that never occur in a text
# table (tab, LF, CR, FF and ^Z, the old DOS end of file, excluded).
_ESCAPED = re.compile("[\udc80-\udcff]+")
_UNTRUSTED = re.compile("[\udc80-\udcff\x00-\x08\x0b\x0e-\x19\x1b-\x1f]+")
# Line ends as csv.reader over io.StringIO(newline="") counts them, so line numbers agree with the reader's.
_LINE_END = re.compile("\r\n|\r|\n")
_SHOWN_BYTES = 8  # bytes a message names per line; the rest are counted


@dataclass(frozen=True)
class DecodedText:
    """``text`` of the file in ``encoding``; ``damaged`` maps a 1-based line to the untrusted bytes on it."""

    text: str
    encoding: str
    damaged: dict[int, bytes] = field(default_factory=dict)

    def describe(self, line: int) -> str:
        """The damaged bytes of ``line`` as messages show them (``"line 12: E9 00"``)."""
        found = self.damaged.get(line, b"")
        shown = " ".join(f"{b:02X}" for b in found[:_SHOWN_BYTES])
        more = f" (+{len(found) - _SHOWN_BYTES})" if len(found) > _SHOWN_BYTES else ""
        return f"line {line}: {shown}{more}"


def decode(data: bytes) -> DecodedText:
    r"""Decode a text table: UTF-8 (BOM stripped, a few damaged lines allowed), UTF-16 with BOM, Windows-1252.

    Latin-1 is the last resort: it only differs from Windows-1252 on the five bytes cp1252 leaves undefined.

    >>> decoded = decode("Lieu\nKédougou\nThiès\n".encode() + b"Mbour \xe9\n")
    >>> decoded.encoding, decoded.damaged, decoded.text.splitlines()[1]
    ('utf-8', {4: b'\xe9'}, 'Kédougou')
    >>> decode("Lieu\nKédougou\n".encode("cp1252")).encoding
    'cp1252'
    """
    if data.startswith(_UTF16_BOMS):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        bom = data.startswith(codecs.BOM_UTF8)
        body = data[len(codecs.BOM_UTF8):] if bom else data
        # surrogateescape keeps each invalid byte as one lone surrogate (U+DC80-U+DCFF): one linear pass, and
        # the bytes and their lines are found again in the text.
        text, encoding = body.decode("utf-8", errors="surrogateescape"), "utf-8-sig" if bom else "utf-8"
        if _ESCAPED.search(text) and not _mostly_utf8(text):
            try:
                text, encoding = body.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = body.decode("latin-1"), "latin-1"
    if not _UNTRUSTED.search(text):
        return DecodedText(text, encoding)
    ends = _line_ends(text)
    damaged: dict[int, bytes] = {}
    for match in _UNTRUSTED.finditer(text):
        line = bisect.bisect_right(ends, match.start()) + 1
        damaged[line] = damaged.get(line, b"") + match.group().encode("utf-8", "surrogateescape")
    return DecodedText(_UNTRUSTED.sub(lambda m: "\ufffd" * len(m.group()), text), encoding, damaged)


def _line_ends(text: str) -> list[int]:
    return [m.end() for m in _LINE_END.finditer(text)]


def _mostly_utf8(text: str) -> bool:
    """Whether the non-ASCII lines that are valid UTF-8 outnumber those that are not.

    A Windows-1252 file has its accents as single bytes, invalid in UTF-8, on nearly every such line; a UTF-8
    file with a stray byte has its accents as valid multi-byte sequences everywhere but on the damaged lines.
    """
    # Line by line: a Windows-1252 register has an escaped byte per accent, and placing each one among the
    # line ends cost seconds per million rows; most lines are plain ASCII and are skipped at C speed.
    good = bad = 0
    for line in _LINE_END.split(text):
        if line.isascii():
            continue
        if _ESCAPED.search(line):
            bad += 1
        else:
            good += 1  # not ASCII, nothing escaped: valid UTF-8 accents
    return good > bad
