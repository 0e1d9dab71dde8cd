"""One entry point for every briefing format: PDF, PNG, PPTX, animated GIF (or its frames) and offline HTML.

The command line (``python -m geo brief``) and the Briefing page both call :func:`make_brief` (the records
of a filter, its wording, the file), so a file is the same whichever way it was made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from geo import i18n, trends
from geo.briefs import content as briefing
from geo.briefs import marking
from geo.briefs import onepager as briefdoc
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.reference import countries

BRIEF_FORMATS = ("pdf", "png", "pptx", "gif", "zip", "html")
MIME_TYPES = {"pdf": "application/pdf", "png": "image/png", "gif": "image/gif", "zip": "application/zip",
              "html": "text/html", "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
Progress = Callable[[float], None]
Query = Callable[[RecordFilter], pd.DataFrame]


class BriefFile(NamedTuple):
    """A briefing file and how many records it was made from (for the audit trail)."""

    content: bytes
    records: int


def brief_format(path: str | Path) -> str:
    """The format named by a file's extension; ``ValueError`` naming the allowed ones otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "htm":
        suffix = "html"
    if suffix not in BRIEF_FORMATS:
        raise ValueError(f"--out {path}: unsupported extension .{suffix}; use one of {', '.join(BRIEF_FORMATS)}")
    return suffix


def filters_text(substances: Sequence[str], country_codes: Sequence[str], conveyances: Sequence[str],
                 lang: str) -> str:
    """The filters as a briefing states them ("Substances : Cocaïne · Pays : Sénégal, Mali")."""
    every = i18n.t("all", lang)
    parts = [
        f"{i18n.t('substances', lang)} : " if lang == "fr" else f"{i18n.t('substances', lang)}: ",
        ", ".join(schema.substance_label(s, lang) for s in substances) or every,
        f" · {i18n.t('countries', lang)}{' : ' if lang == 'fr' else ': '}",
        ", ".join(countries.country_name(c, lang) for c in country_codes) or every,
    ]
    if conveyances:
        parts += [f" · {i18n.t('conveyances', lang)}{' : ' if lang == 'fr' else ': '}",
                  ", ".join(i18n.value_label(c, lang) for c in conveyances)]
    return "".join(parts)


def default_window(records: pd.DataFrame, start: date | None, end: date | None,
                   granularity: str = "year") -> tuple[date, date]:
    """The briefing's days: as given, else the briefing's own default (the last complete year or quarter)."""
    first, last = briefing.default_window(records, granularity=granularity)
    return start or first, end or last


def brief_bytes(records: pd.DataFrame, fmt: str, *, lang: str, start: date | None = None, end: date | None = None,
                granularity: str = "month", filters: str = "", title: str | None = None,
                progress: Progress | None = None, countries: Sequence[str] = (),
                official: pd.DataFrame | None = None, kg_substances: set[str] | None = None,
                earliest: pd.Timestamp | None = None) -> bytes:
    """The briefing of ``records`` (already filtered, every date kept for comparisons) in format ``fmt``.

    ``official``: the official annual totals the same filter selects, for the coverage sentence.
    ``kg_substances``, ``earliest``: when ``records`` hold only the days a one-pager or deck reads
    (:mod:`geo.briefs.windowed`), what :func:`geo.briefs.content.build_briefing` decides over every date.
    """
    report = progress or (lambda fraction: None)
    if fmt not in BRIEF_FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(BRIEF_FORMATS)}")
    if fmt in ("gif", "zip"):
        from geo.briefs import animation  # imported for the formats that need it: a PDF needs no GIF writer

        frames = animation.timeline_frames(records, granularity, lang, start=start, end=end, progress=report)
        return animation.render_gif(frames) if fmt == "gif" else animation.frames_zip(frames)
    if fmt == "html":
        from geo.maps.build import standalone_map

        first, last = default_window(records, start, end, granularity)
        report(0.5)
        shown = trends.between(records, first, last)
        html = marking.mark_html(standalone_map(shown, lang), marking.banner_for(shown))
        report(1.0)
        return html.encode("utf-8")
    report(0.1)
    built = briefing.build_briefing(records, lang=lang, start=start, end=end, filters_text=filters, title=title,
                                    granularity=granularity, countries=countries,
                                    official=official, kg_substances=kg_substances, earliest=earliest)
    report(0.5)
    render = {"pdf": briefdoc.render_pdf, "png": briefdoc.render_png, "pptx": briefdoc.render_pptx}[fmt]
    content = render(built)
    report(1.0)
    return content


def make_brief(query: Query, record_filter: RecordFilter, fmt: str, *, lang: str, start: date | None = None,
               end: date | None = None, granularity: str = "month", title: str | None = None,
               progress: Progress | None = None, official: pd.DataFrame | None = None) -> BriefFile:
    """The briefing of the records ``record_filter`` selects, as ``query`` (e.g. a store's) returns them.

    Every date is read, whatever the filter's: the briefing compares its window (``start`` to ``end``,
    else the last complete year or quarter of data) with the one before. The filter's substances, countries and
    conveyances are stated on the briefing; its viewer is whom ``query`` computes for.
    """
    records = query(dataclasses.replace(record_filter, date_from=None, date_to=None))
    text = filters_text(record_filter.substances, record_filter.countries, record_filter.conveyances, lang)
    content = brief_bytes(records, fmt, lang=lang, start=start, end=end, granularity=granularity, filters=text,
                          title=title, progress=progress, countries=record_filter.countries,
                          official=official)
    return BriefFile(content, len(records))
