"""Who may see which records and open which pages.

A :class:`Viewer` is what a query needs to know about the person asking:
their agency, their clearance and the agencies that share restricted records
with that agency. It is small, frozen and hashable, so it goes into every cache
key with the filter. The same rule is written twice, once as SQL for the store
(and PostGIS row-level security mirrors it) and once over a DataFrame, so tests
can check that the two agree.

The rule:

- ``public`` records: everyone;
- ``restricted``: the owner agency and the agencies it shares with;
- ``confidential``: the owner agency only;
- a person sees no level above their clearance, except public;
- the open demo (no sign-in configured) sees public records and the synthetic demo set;
- the command line without ``--as`` is an administrator's tool and sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.core.viewer import Viewer

ROLES = ("viewer", "analyst", "admin")  # ordered: each role can do what the ones before it can

# Page ids per role: the navigation is built from this on every run.
_VIEW_PAGES = ("map", "trends", "records", "briefing")
PAGES_BY_ROLE: dict[str, tuple[str, ...]] = {
    "demo": _VIEW_PAGES,
    "viewer": _VIEW_PAGES,
    "analyst": (*_VIEW_PAGES, "import"),
    "admin": (*_VIEW_PAGES, "import", "admin"),
}


def sql_clause(viewer: Viewer | None) -> tuple[str, list]:
    """The visibility rule as a SQL condition with ``?`` placeholders, and its parameters.

    ``None`` and the administrator give no condition (``""``). Every value is a
    bound parameter; the column names are the store's own.
    """
    if viewer is None or viewer.everything:
        return "", []
    # The open demo is anonymous: a record marked restricted or confidential stays hidden, synthetic or not,
    # so a level means the same thing everywhere (its clearance is "public": the rule below is just that).
    parts, params = ["sensitivity = 'public'"], []
    if viewer.cleared_for("restricted"):
        owners = [viewer.agency, *viewer.partners]
        parts.append(f"(sensitivity = 'restricted' AND agency IN ({', '.join('?' * len(owners))}))")
        params.extend(owners)
    if viewer.cleared_for("confidential"):
        # A level the store does not know is treated as the strictest.
        parts.append("(agency = ? AND (sensitivity IS NULL OR sensitivity NOT IN ('public', 'restricted')))")
        params.append(viewer.agency)
    return "(" + " OR ".join(parts) + ")", params


def visible(records: pd.DataFrame, viewer: Viewer | None) -> pd.Series:
    """The same rule over a frame: ``True`` where ``viewer`` may see the row."""
    if viewer is None or viewer.everything:
        return pd.Series(True, index=records.index)
    sensitivity = records["sensitivity"]
    public = sensitivity.eq("public")
    seen = public.copy()
    if viewer.cleared_for("restricted"):
        seen |= sensitivity.eq("restricted") & records["agency"].isin([viewer.agency, *viewer.partners])
    if viewer.cleared_for("confidential"):
        seen |= records["agency"].eq(viewer.agency) & ~sensitivity.isin(["public", "restricted"])
    return seen.fillna(False).astype(bool)


def pages_for(role: str) -> tuple[str, ...]:
    """Page ids a role may open, in menu order (``demo`` for the open demo)."""
    if role not in PAGES_BY_ROLE:
        raise ValueError(f"role {role!r}: expected one of {', '.join(PAGES_BY_ROLE)}")
    return PAGES_BY_ROLE[role]


def may_open(role: str, page: str) -> bool:
    """Whether ``role`` may open ``page`` (each page asks again: the menu is not the only door)."""
    return page in pages_for(role)


EDITOR_ROLES = ("analyst", "admin")  # who may change a record's sensitivity, reliability and notes


def may_edit(actor: Actor, record_agency: object) -> bool:
    """Whether ``actor`` may edit a record owned by ``record_agency``.

    Its own agency's analysts and administrators may, and the command line's administrator (no agency).
    """
    if actor.role not in EDITOR_ROLES:
        return False
    return actor.agency == record_agency if actor.agency is not None else actor.role == "admin"


def may_remove_batch(actor: Actor, batch_agency: object) -> bool:
    """Whether ``actor`` may remove (undo) a batch imported for ``batch_agency``.

    The owner agency's analysts may undo their own imports; any administrator may undo any batch (a batch
    with no agency, such as the demo set, only an administrator).
    """
    if actor.role == "admin":
        return True
    return actor.role in EDITOR_ROLES and batch_agency is not None and actor.agency == batch_agency


def may_use_profiles(actor: Actor, agency: object) -> bool:
    """Whether ``actor`` may see and save an agency's mapping profiles: its own people and administrators."""
    return actor.role == "admin" or (actor.agency is not None and actor.agency == agency)


@dataclass(frozen=True)
class Actor:
    """Who does something that the audit trail records."""

    name: str  # e-mail of a signed-in person, ``cli:<login>`` for the command line
    agency: str | None = None
    role: str | None = "admin"  # None where the store cannot know it (a batch names only its author)

    @classmethod
    def command_line(cls, login: str) -> Actor:
        """The command line: an administrator's tool, acting for no agency."""
        return cls(name=f"cli:{login}", agency=None, role="admin")
