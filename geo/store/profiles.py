"""Saved mapping profiles: an agency's column mapping kept under a name, reused for the same layout every month.

The store keeps a profile's settings as JSON without interpreting them (:mod:`geo.ingest.profiles` knows
what they mean), with the headers of the file it was saved from, so that a later file with the same headers
can be matched to it. An agency's profiles are seen by its own people and by administrators only
(:func:`geo.access.may_use_profiles`; on PostGIS row-level security applies the same rule). Saving over a
name and removing are written to the audit trail, with the old and new settings.
"""

from __future__ import annotations

import json

import pandas as pd

from geo import access
from geo.access import Actor, Viewer
from geo.store.audit import AuditMixin
from geo.store.sql import AccessDenied, now_text, required

PROFILE_COLUMNS = ("agency", "name", "settings", "headers", "created_by", "created_at", "updated_at")
NAME_MAX = 80


class UnknownProfile(LookupError):
    """The agency has no profile of this name."""


def _as_viewer(actor: Actor) -> Viewer:
    """The PostGIS row-level security settings for ``actor``: its agency, or everything for an administrator."""
    if actor.role == "admin":
        return Viewer.administrator()
    return Viewer.of_agency(actor.agency) if actor.agency else Viewer()


class ProfilesMixin(AuditMixin):
    """Saving, listing, reading and removing an agency's mapping profiles."""

    def _check_profiles(self, actor: Actor, agency: str) -> str:
        agency = required("agency", agency)
        if not access.may_use_profiles(actor, agency):
            raise AccessDenied(f"agency {agency}: its mapping profiles are for its own people and administrators")
        return agency

    def mapping_profiles(self, actor: Actor, agency: str | None = None) -> pd.DataFrame:
        """Profiles ``actor`` may see (one agency's when given), by agency then name; settings and headers decoded."""
        if agency is not None:
            agency = self._check_profiles(actor, agency)
        clauses, params = [], []
        if agency is not None:
            clauses.append("agency = ?")
            params.append(agency)
        if actor.role != "admin":  # the same rule as row-level security, for the GeoPackage
            clauses.append("agency = ?")
            params.append(actor.agency or "")
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        frame = self._frame(f"SELECT {', '.join(PROFILE_COLUMNS)} FROM mapping_profiles {where}"  # noqa: S608
                            " ORDER BY agency, name", params, _as_viewer(actor))
        for column in ("settings", "headers"):
            frame[column] = frame[column].map(json.loads)
        return frame

    def mapping_profile(self, actor: Actor, agency: str, name: str) -> dict | None:
        """One profile (``PROFILE_COLUMNS``, settings and headers decoded), or ``None``."""
        agency = self._check_profiles(actor, agency)
        frame = self._frame(f"SELECT {', '.join(PROFILE_COLUMNS)} FROM mapping_profiles"  # noqa: S608
                            " WHERE agency = ? AND name = ?", [agency, name], _as_viewer(actor))
        if frame.empty:
            return None
        row = frame.iloc[0].to_dict()
        row["settings"], row["headers"] = json.loads(row["settings"]), json.loads(row["headers"])
        return row

    def save_mapping_profile(self, actor: Actor, agency: str, name: str, settings: dict,
                             headers: list[str]) -> bool:
        """Save ``settings`` under ``name`` for ``agency``, replacing a profile of that name; ``True`` if new.

        ``settings`` must be a JSON object; it is stored as given. Replacing is audited with the old and new
        settings.
        """
        agency = self._check_profiles(actor, agency)
        name = required("profile name", name)
        if len(name) > NAME_MAX:
            raise ValueError(f"profile name: {NAME_MAX} characters at most")
        if not isinstance(settings, dict):
            raise ValueError("profile settings: expected a JSON object")
        settings_text = json.dumps(settings, ensure_ascii=False, sort_keys=True)
        headers_text = json.dumps([str(h) for h in headers], ensure_ascii=False)
        now = now_text()
        with self._write(_as_viewer(actor)) as connection:
            old = self._execute(connection, "SELECT settings FROM mapping_profiles WHERE agency = ? AND name = ?",
                                [agency, name]).fetchone()
            if old is None:
                self._execute(connection, "INSERT INTO mapping_profiles (agency, name, settings, headers, created_by,"
                              " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              [agency, name, settings_text, headers_text, actor.name, now, now])
            else:
                self._execute(connection, "UPDATE mapping_profiles SET settings = ?, headers = ?, created_by = ?,"
                              " updated_at = ? WHERE agency = ? AND name = ?",
                              [settings_text, headers_text, actor.name, now, agency, name])
            detail = {"agency": agency, "new": settings}
            if old is not None:
                detail["old"] = json.loads(old[0])
            self._audit(connection, actor, "profile_saved", target=name, detail=detail)
        return old is None

    def remove_mapping_profile(self, actor: Actor, agency: str, name: str) -> None:
        """Remove one profile (audited with the settings it had); :class:`UnknownProfile` when there is none."""
        agency = self._check_profiles(actor, agency)
        with self._write(_as_viewer(actor)) as connection:
            old = self._execute(connection, "SELECT settings FROM mapping_profiles WHERE agency = ? AND name = ?",
                                [agency, name]).fetchone()
            if old is None:
                raise UnknownProfile(f"profile {name!r}: agency {agency} has none of that name")
            self._execute(connection, "DELETE FROM mapping_profiles WHERE agency = ? AND name = ?", [agency, name])
            self._audit(connection, actor, "profile_removed", target=name,
                        detail={"agency": agency, "old": json.loads(old[0])})
