"""The visibility a query is computed for: who is asking, as plain values.

A :class:`Viewer` carries an agency, a clearance and the agencies that share
their restricted records with it. It is small, frozen and hashable, so it goes
into every record filter and every cache key. The rule that decides what a
viewer sees lives in :mod:`geo.access`.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.core import schema

CLEARANCES = schema.SENSITIVITIES  # a clearance is the highest sensitivity a person may read


@dataclass(frozen=True)
class Viewer:
    """The visibility a query is computed for. Use the constructors, not the fields."""

    agency: str | None = None
    clearance: str = "public"
    partners: tuple[str, ...] = ()  # agencies whose restricted records this agency receives
    demo: bool = False
    everything: bool = False

    def __post_init__(self) -> None:
        if self.clearance not in CLEARANCES:
            raise ValueError(f"clearance {self.clearance!r}: expected one of {', '.join(CLEARANCES)}")
        if self.everything and (self.demo or self.agency):
            raise ValueError("an administrator view belongs to no agency and is not a demo")

    @classmethod
    def administrator(cls) -> Viewer:
        """Everything, every level: the command line without ``--as``."""
        return cls(clearance="confidential", everything=True)

    @classmethod
    def open_demo(cls) -> Viewer:
        """The open demo: records marked public only, synthetic ones included (a restricted one stays hidden)."""
        return cls(demo=True)

    @classmethod
    def of_agency(cls, agency: str, clearance: str = "confidential",
                  partners: tuple[str, ...] | list[str] = ()) -> Viewer:
        """A member of ``agency`` cleared up to ``clearance``; ``partners`` share their restricted records with it."""
        if not agency:
            raise ValueError("a viewer needs an agency")
        return cls(agency=agency, clearance=clearance, partners=tuple(sorted(set(partners) - {agency})))

    def cleared_for(self, level: str) -> bool:
        """Whether the clearance reaches ``level``."""
        return CLEARANCES.index(level) <= CLEARANCES.index(self.clearance)

    @property
    def key(self) -> str:
        """A short text naming this visibility (audit trail, cache file names)."""
        if self.everything:
            return "administrator"
        if self.demo:
            return "demo"
        shared = f"+{','.join(self.partners)}" if self.partners else ""
        return f"{self.agency}/{self.clearance}{shared}"
