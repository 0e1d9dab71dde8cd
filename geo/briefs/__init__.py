"""Briefing snapshots for decision-makers.

What a briefing contains (content, text), how it is laid out (the one-pager, the slide deck, the timeline
animation) and the one registry of file formats, with the one way to make a briefing (formats).
"""

from geo.briefs.content import Briefing, build_briefing
from geo.briefs.formats import BRIEF_FORMATS, MIME_TYPES, brief_bytes, brief_format, make_brief

__all__ = ["BRIEF_FORMATS", "MIME_TYPES", "Briefing", "brief_bytes", "brief_format", "build_briefing", "make_brief"]
