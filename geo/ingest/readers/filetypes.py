"""What an uploaded file is, and whether it is safe to open: the checks that run before any parser.

Every refusal is an :class:`UnusableFile` with a machine ``code``, a short
``detail`` and a one-line English message naming the file. The bounds below
keep a hostile upload (zip bomb, billion laughs, renamed binary) cheap to
refuse. An uploaded file name only ever appears in messages and breaks ties on
the extension: it is never used as a path.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import io
import json
import os
import re
import struct
import zipfile
from collections.abc import Iterator

from geo.core import settings
from geo.i18n.ingest import FILETYPE_MESSAGES as MESSAGES

# The web upload's limit: None reads COULOIRS_MAX_UPLOAD_MB (50 MB by default, Streamlit's server.maxUploadSize
# kept in step) when a file is checked; a number here (tests, embedders) wins. The command line lifts it
# (:func:`upload_limit_lifted`): a register too large for a browser upload is still a register.
MAX_FILE_BYTES: int | None = None
# Uncompressed bytes a ZIP (XLSX, KMZ) may declare, all entries together. Measured here: 100,000 records x 15
# columns make 72 MB of sheet XML (a 6 MB XLSX, 12:1) that openpyxl's read-only parser takes ~30 s to read, so
# 256 MB holds ~350,000 records, far beyond a national register, and bounds a hostile workbook to a few minutes
# of CPU. Memory does not grow with it: sheets and KML are streamed.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# Real sheet XML compresses 8-20:1 (measured on openpyxl workbooks of repeated text, numbers and empty styled
# cells); a deflate bomb reaches ~1000:1. Checked only on entries above RATIO_CHECKED_FROM: a small entry
# cannot expand to anything harmful whatever its ratio.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
# An XLSX has ~10 entries plus ~3 per sheet, a KMZ one KML plus its icons and photos. zipfile builds one ZipInfo
# per central-directory record, so its size is checked first, before zipfile reads it.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024
FORMATS = ("csv", "xlsx", "xls", "ods", "geojson", "gpkg", "kml", "kmz")

_UPLOAD = object()  # the context default: the web upload's limit applies
_LIFTED: contextvars.ContextVar[object] = contextvars.ContextVar("couloirs_size_limit", default=_UPLOAD)
_HEAD_BYTES = 64 * 1024
_SQLITE = b"SQLite format 3\x00"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: Excel 97-2003 .xls, .doc, encrypted OOXML
# Directory entry names (UTF-16LE) of the stream holding an Excel 97-2003 (BIFF8) or Excel 5 (BIFF5) workbook.
_XLS_STREAMS = ("Workbook".encode("utf-16-le") + b"\x00\x00", "Book".encode("utf-16-le") + b"\x00\x00")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_GPKG_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite application_id (offset 68) of a GeoPackage
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Magic numbers of files people upload by mistake: (prefix, label, code).
_SIGNATURES = (
    (b"\x89PNG", "PNG", "binary"), (b"%PDF", "PDF", "binary"), (b"\x7fELF", "ELF", "binary"),
    (b"GIF8", "GIF", "binary"), (b"\xff\xd8\xff", "JPEG", "binary"), (b"\x1f\x8b", "gzip", "binary"),
    (b"7z\xbc\xaf", "7-Zip", "binary"), (b"Rar!", "RAR", "binary"), (b"PAR1", "Parquet", "binary"),
    (_OLE2, "OLE2 file without an Excel 97-2003 workbook (encrypted workbook, Word .doc...)", "unknown_format"),
    (_SQLITE, "SQLite", "unknown_format"),
)
# Control bytes that never occur in a text table (tab, LF, CR, FF and ^Z, the old DOS end of file, excluded).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]")
# The root element's local name, once comments, processing instructions and the DOCTYPE are skipped.
_XML_ROOT = re.compile(r"\s*<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_XML_PROLOG = re.compile(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL)
_GEOJSON_MARK = re.compile(r'"type"\s*:\s*"Feature(?:Collection)?"|"features"\s*:')
_OTHER_ZIPS = (("word/", "Word .docx"), ("ppt/", "PowerPoint .pptx"), ("content.xml", "OpenDocument"),
               (".shp", "zipped Shapefile"))


class UnusableFile(ValueError):
    """The file cannot be imported at all.

    ``str(exc)`` is one English line, ``"<file name>: <reason>"``; ``code`` is a key of :data:`MESSAGES` and
    ``detail`` the fact its templates show, so ``problems.describe({"code": e.code, "detail": e.detail},
    MESSAGES, lang)`` gives the reason in French or English (prefix ``e.file_name``).

    >>> str(UnusableFile("empty", file_name="../x/saisies.csv"))
    'saisies.csv: the file is empty'
    """

    def __init__(self, code: str, detail: object = "", file_name: str | None = None) -> None:
        self.code = code
        self.detail = _one_line(str(detail), 200)
        self.file_name = display_name(file_name)
        reason = MESSAGES[code]["en"].format(detail=self.detail, field="", value="")
        super().__init__(f"{self.file_name}: {reason}")


def display_name(file_name: str | None) -> str:
    r"""The uploaded name as messages show it: last path component, printable, at most 80 characters.

    >>> display_name("../../etc/pass\nwd.csv")
    'pass?wd.csv'
    """
    base = re.split(r"[\\/]", file_name or "")[-1]
    return _one_line(base, 80) or "uploaded file"


def extension(file_name: str | None) -> str:
    """Lower-case extension of the displayed name, '' when none (``"a.CSV"`` -> ``"csv"``)."""
    name = display_name(file_name) if file_name else ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _one_line(text: str, limit: int) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)[:limit]


def megabytes(size: int) -> str:
    """A byte count as messages show it (``"50 MB"``)."""
    return f"{size / 2**20:.3g} MB"


def size_limit() -> int | None:
    """Largest file accepted here, in bytes: the upload limit, or what :func:`upload_limit_lifted` set."""
    lifted = _LIFTED.get()
    if lifted is not _UPLOAD:
        return lifted  # type: ignore[return-value]
    if MAX_FILE_BYTES is not None:
        return MAX_FILE_BYTES
    return int(settings.get("COULOIRS_MAX_UPLOAD_MB")) * 1024 * 1024  # type: ignore[call-overload]


@contextlib.contextmanager
def upload_limit_lifted(ceiling: int | None = None) -> Iterator[None]:
    """Within the block, files are checked against ``ceiling`` bytes (None: no limit) instead of the upload's.

    For the command line: the upload limit guards a shared web server, not an administrator's own machine.
    A context variable, so a web session in another thread keeps its limit.
    """
    token = _LIFTED.set(ceiling)
    try:
        yield
    finally:
        _LIFTED.reset(token)


def memory_ceiling() -> int | None:
    """A quarter of this machine's memory, in bytes (None when unknown): above it an import could not finish.

    Reading holds the file, its text and its rows in memory at once, several times the file's size.
    """
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 4
    except (AttributeError, ValueError, OSError):
        return None


def check_size(size: int, file_name: str | None = None) -> None:
    """Refuse a file of ``size`` bytes above :func:`size_limit` before anything parses it."""
    limit = size_limit()
    if limit is not None and size > limit:
        raise UnusableFile("too_large", f"{megabytes(size)} > {megabytes(limit)}", file_name)


def detect_format(data: bytes, file_name: str | None = None) -> str:
    r"""Which of :data:`FORMATS` ``data`` is, judged by content; the extension only breaks ties.

    Raises :class:`UnusableFile` for an empty, oversized, binary or unsupported file.

    >>> detect_format(b"Date;Lieu\n15/03/2023;Dakar\n", "x.txt")
    'csv'
    >>> detect_format(b"%PDF-1.7 ...", "saisies.csv")
    Traceback (most recent call last):
    geo.ingest.readers.filetypes.UnusableFile: saisies.csv: this is not a table: binary content (PDF)
    """
    check_size(len(data), file_name)
    head = data[:_HEAD_BYTES]
    if len(data) <= _HEAD_BYTES and not head.removeprefix(codecs.BOM_UTF8).strip():
        raise UnusableFile("empty", "", file_name)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data, file_name)
    if head.startswith(_SQLITE) and head[68:72] in _GPKG_IDS:
        return "gpkg"
    if head.startswith(_OLE2) and any(stream in data for stream in _XLS_STREAMS):
        return "xls"
    for prefix, label, code in _SIGNATURES:
        if head.startswith(prefix):
            raise UnusableFile(code, label, file_name)
    text = _text_head(head, file_name)
    first = text.lstrip()[:1]
    if first == "<":
        return _xml_format(text, file_name)
    if first in ("{", "["):
        return _json_format(data, text, file_name)
    return "csv"


def _text_head(head: bytes, file_name: str | None) -> str:
    """The start of a text file, for peeking; binary content (NUL or control bytes) is refused."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="ignore")
    # A stray NUL or control byte in a text table is damage on its row (geo.ingest.readers.encoding quarantines
    # the row); more than 1% of the head (at least a few bytes) is a binary file.
    if len(_CONTROL.findall(head)) > max(len(head) / 100, 4):
        label = "EXE" if head.startswith(b"MZ") else " ".join(f"{b:02X}" for b in head[:8])
        raise UnusableFile("binary", label, file_name)
    return head.decode("utf-8-sig", errors="ignore")


def _xml_format(text: str, file_name: str | None) -> str:
    root = _XML_ROOT.match(_XML_PROLOG.sub("", text.lstrip()))
    if root and root.group(1).lower() == "kml":
        return "kml"
    if root is None and extension(file_name) == "kml":
        return "kml"  # root beyond the peeked head (long prolog): let the KML parser judge
    if root is None:
        return "csv"  # "<5 kg;..." is text that merely starts with '<'
    raise UnusableFile("unknown_format", f"XML <{root.group(1)}>", file_name)


def _json_format(data: bytes, text: str, file_name: str | None) -> str:
    if _GEOJSON_MARK.search(text):
        return "geojson"
    try:
        document = json.loads(decode_text(data)[0])
    except ValueError:
        return "csv"  # text that merely starts with '{' or '['
    if isinstance(document, dict) and document.get("type") in ("Feature", "FeatureCollection"):
        return "geojson"
    raise UnusableFile("unknown_format", "JSON", file_name)


def _zip_format(data: bytes, file_name: str | None) -> str:
    with open_zip(data, file_name) as archive:
        names = archive.namelist()
        # OpenDocument: a first entry "mimetype", stored, holding the media type (ODF 1.2 part 3, 3.3).
        if ("mimetype" in names and archive.getinfo("mimetype").file_size < 200
                and archive.read("mimetype").strip() == _ODS_MIMETYPE):
            return "ods"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(name.lower().endswith(".kml") for name in names):
        return "kmz"
    label = next((label for mark, label in _OTHER_ZIPS for name in names if mark in name.lower()), "ZIP")
    raise UnusableFile("unknown_format", label, file_name)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text of ``data`` and the encoding found: UTF-8 (BOM stripped), UTF-16 with BOM, else Windows-1252.

    Latin-1 is the last resort: it only differs from Windows-1252 on the five bytes cp1252 leaves undefined
    (0x81, 0x8D, 0x8F, 0x90, 0x9D), which it reads as control characters. A file holding one is probably
    ISO-8859-1 or lightly damaged; reading it keeps every other character right, and the encoding is recorded
    so the import can say so. Binary files were refused before this runs.

    >>> decode_text("Quantité".encode("cp1252"))
    ('Quantité', 'cp1252')
    """
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def open_zip(data: bytes, file_name: str | None = None) -> zipfile.ZipFile:
    """A ZipFile over ``data`` once its directory and every entry passed the bounds; nothing decompressed yet.

    Declared sizes may lie: members must then be read through ``ZipFile.open``, whose ZipExtFile stops at the
    declared ``file_size`` and raises BadZipFile on a CRC mismatch (CPython ``zipfile.ZipExtFile._read1`` and
    ``_update_crc``), so memory stays within the declared, checked sizes.
    """
    _check_directory(data, file_name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise UnusableFile("unreadable", f"ZIP: {exc}", file_name) from exc
    try:
        _check_entries(archive.infolist(), file_name)
    except UnusableFile:
        archive.close()
        raise
    return archive


def _check_directory(data: bytes, file_name: str | None) -> None:
    """Bound the central directory from its end record, read the way zipfile reads it (ZIP64 included)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0:
        raise UnusableFile("unreadable", "ZIP: no end of central directory", file_name)
    entries, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if locator >= 56 and data[locator:locator + 4] == b"PK\x06\x07":
        record = locator - 56  # zipfile reads the ZIP64 record just before its locator
        if data[record:record + 4] == b"PK\x06\x06":
            entries, size = struct.unpack_from("<QQ", data, record + 32)
    if entries > MAX_ZIP_ENTRIES or size > MAX_ZIP_DIRECTORY_BYTES:
        raise UnusableFile("zip_bomb", f"{entries} entries, directory {megabytes(size)}", file_name)


def _check_entries(infos: list[zipfile.ZipInfo], file_name: str | None) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnusableFile("zip_bomb", f"{len(infos)} entries > {MAX_ZIP_ENTRIES}", file_name)
    total = 0
    for info in infos:
        name = _one_line(info.filename, 120)
        parts = re.split(r"[\\/]", info.filename)
        if info.filename.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:", info.filename):
            raise UnusableFile("unsafe_archive", name, file_name)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnusableFile("unreadable", f"{name}: encrypted or unsupported compression", file_name)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise UnusableFile("zip_bomb", f"{name}: {ratio:.0f}:1 > {MAX_COMPRESSION_RATIO}:1", file_name)
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnusableFile("zip_bomb", f"{name}: > {megabytes(MAX_UNCOMPRESSED_BYTES)}", file_name)
