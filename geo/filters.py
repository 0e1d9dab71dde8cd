"""The record filter shared by the pages, the command line and the store (DESIGN.md §11)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RecordFilter:
    """Which records a view asks for, and as whom.

    Empty tuples mean "no restriction". ``viewer`` is the agency the result is
    computed for: ``None`` acts as an administrator and sees everything; an
    agency sees public records and its own (DESIGN.md §8: filtered in the query
    layer, never only in the UI).
    """

    substances: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    conveyances: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    viewer: str | None = field(default=None)

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"period: start {self.date_from} is after end {self.date_to}")
