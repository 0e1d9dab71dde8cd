"""The record filter shared by the pages, the command line and the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from geo.core.viewer import Viewer


@dataclass(frozen=True)
class RecordFilter:
    """Which records a view asks for, and as whom.

    Empty tuples mean "no restriction". ``viewer`` is whom the result is
    computed for (:class:`geo.access.Viewer`: agency, clearance, partners):
    ``None`` acts as an administrator and sees everything. Filtered in the query
    layer, never only in the UI, and part of every cache key (docs/architecture.md, "Decisions").
    """

    substances: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    conveyances: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    viewer: Viewer | None = field(default=None)

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"period: start {self.date_from} is after end {self.date_to}")
