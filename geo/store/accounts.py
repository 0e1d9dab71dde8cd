"""Who may use the store: agencies, the people allowed to sign in, and the sharing agreements between agencies.

``sharing`` rows say that an owner agency shares its restricted records with a partner
agency. Every change is written to the audit trail in its own transaction.
"""

from __future__ import annotations

import pandas as pd

from geo import access
from geo.access import Actor, Viewer
from geo.store.audit import AuditMixin
from geo.store.sql import now_text, required


class AccountsMixin(AuditMixin):
    """Agencies, users and sharing agreements."""

    # -- agencies -----------------------------------------------------------------------------------
    def agencies(self) -> pd.DataFrame:
        """Known agencies (``agency, name, country, created_at``), by id."""
        return self._frame("SELECT agency, name, country, created_at FROM agencies ORDER BY agency")

    def save_agency(self, actor: Actor, agency: str, name: str | None = None, country: str | None = None) -> None:
        """Register an agency or change its name and country."""
        agency = required("agency", agency)
        with self._write() as connection:
            known = self._execute(connection, "SELECT 1 FROM agencies WHERE agency = ?", [agency]).fetchone()
            if known:
                self._execute(connection, "UPDATE agencies SET name = ?, country = ? WHERE agency = ?",
                              [name, country, agency])
            else:
                self._execute(connection, "INSERT INTO agencies (agency, name, country, created_at)"
                              " VALUES (?, ?, ?, ?)", [agency, name, country, now_text()])
            self._audit(connection, actor, "agency_saved", target=agency,
                        detail={"name": name, "country": country, "new": not known})

    def find_agency(self, agency: str) -> bool:
        """Whether ``agency`` is registered or owns records."""
        return bool(self._scalar("SELECT 1 FROM agencies WHERE agency = ?", [agency])
                    or self._scalar("SELECT 1 FROM records WHERE agency = ? LIMIT 1", [agency]))

    def ensure_agency(self, actor: Actor, agency: str) -> bool:
        """Register ``agency`` when unknown (name = id); return whether it was new.

        One insert that yields to an existing row, so importers of the same new
        agency starting together register it once (and audit it once).
        """
        agency = required("agency", agency)
        with self._write() as connection:
            new = self._execute(connection, "INSERT INTO agencies (agency, name, country, created_at)"
                                " VALUES (?, ?, NULL, ?) ON CONFLICT (agency) DO NOTHING RETURNING agency",
                                [agency, agency, now_text()]).fetchone()
            if new:
                self._audit(connection, actor, "agency_saved", target=agency,
                            detail={"name": agency, "country": None, "new": True})
        return new is not None

    # -- users --------------------------------------------------------------------------------------
    def users(self) -> pd.DataFrame:
        """People allowed to sign in, with their agency, role, clearance and whether they are active."""
        frame = self._frame("SELECT email, subject, name, agency, role, clearance, active, created_at, updated_at"
                            " FROM users ORDER BY agency, email")
        frame["active"] = frame["active"].astype(bool)
        return frame

    def save_user(self, actor: Actor, email: str, agency: str, role: str, clearance: str = "restricted",
                  name: str | None = None, subject: str | None = None, active: bool = True) -> None:
        """Add a person or change their agency, role, clearance or status (matched on e-mail)."""
        email = required("email", email).lower()
        if role not in access.ROLES:
            raise ValueError(f"role {role!r}: expected one of {', '.join(access.ROLES)}")
        if clearance not in access.CLEARANCES:
            raise ValueError(f"clearance {clearance!r}: expected one of {', '.join(access.CLEARANCES)}")
        now = now_text()
        with self._write() as connection:
            if not self._execute(connection, "SELECT 1 FROM agencies WHERE agency = ?", [agency]).fetchone():
                raise ValueError(f"agency {agency!r}: unknown; register it first")
            known = self._execute(connection, "SELECT 1 FROM users WHERE email = ?", [email]).fetchone()
            values = [subject or None, name, agency, role, clearance, int(active), now]
            if known:
                self._execute(connection, "UPDATE users SET subject = COALESCE(?, subject), name = ?, agency = ?,"
                              " role = ?, clearance = ?, active = ?, updated_at = ? WHERE email = ?", [*values, email])
            else:
                self._execute(connection, "INSERT INTO users (subject, name, agency, role, clearance, active,"
                              " updated_at, created_at, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              [*values, now, email])
            self._audit(connection, actor, "user_saved", target=email,
                        detail={"agency": agency, "role": role, "clearance": clearance, "active": active,
                                "new": not known})

    def find_user(self, email: str | None = None, subject: str | None = None) -> dict | None:
        """The active or inactive user matching the identity's subject, else its e-mail."""
        for column, value in (("subject", subject), ("email", (email or "").lower() or None)):
            if value:
                frame = self._frame(f"SELECT email, subject, name, agency, role, clearance, active FROM users"  # noqa: S608
                                    f" WHERE {column} = ?", [value])
                if not frame.empty:
                    found = frame.iloc[0].to_dict()
                    found["active"] = bool(found["active"])
                    return found
        return None

    def bind_subject(self, email: str, subject: str) -> bool:
        """Tie a user matched on e-mail to the provider's subject, once: later sign-ins must come from that account.

        Only a row without a subject changes; the change is in the audit trail. Returns whether it changed.
        """
        with self._write() as connection:
            row = self._execute(connection, "SELECT agency, role FROM users WHERE email = ? AND subject IS NULL",
                                [email]).fetchone()
            if row is None:
                return False
            self._execute(connection, "UPDATE users SET subject = ?, updated_at = ? WHERE email = ?",
                          [subject, now_text(), email])
            self._audit(connection, Actor(email, row[0], row[1]), "user_saved", target=email,
                        detail={"subject": subject, "bound_at_first_sign_in": True})
        return True

    # -- sharing ------------------------------------------------------------------------------------
    def sharing(self) -> pd.DataFrame:
        """Sharing agreements: ``owner`` shares its restricted records with ``partner``."""
        return self._frame("SELECT owner, partner, created_at, created_by FROM sharing ORDER BY owner, partner")

    def set_sharing(self, actor: Actor, owner: str, partner: str, shared: bool = True) -> None:
        """Grant (or revoke) ``partner`` the restricted records of ``owner``."""
        owner, partner = required("owner", owner), required("partner", partner)
        if owner == partner:
            raise ValueError(f"agency {owner!r} cannot share with itself")
        with self._write() as connection:
            for agency in (owner, partner):
                if not self._execute(connection, "SELECT 1 FROM agencies WHERE agency = ?", [agency]).fetchone():
                    raise ValueError(f"agency {agency!r}: unknown; register it first")
            self._execute(connection, "DELETE FROM sharing WHERE owner = ? AND partner = ?", [owner, partner])
            if shared:
                self._execute(connection, "INSERT INTO sharing (owner, partner, created_at, created_by)"
                              " VALUES (?, ?, ?, ?)", [owner, partner, now_text(), actor.name])
            self._audit(connection, actor, "sharing_granted" if shared else "sharing_revoked",
                        target=f"{owner}->{partner}")

    def partners_of(self, agency: str) -> tuple[str, ...]:
        """Agencies that share their restricted records with ``agency``."""
        frame = self._frame("SELECT owner FROM sharing WHERE partner = ? ORDER BY owner", [agency])
        return tuple(frame["owner"])

    def viewer_for(self, agency: str, clearance: str = "confidential") -> Viewer:
        """What ``agency`` may see at ``clearance``, with the sharing agreements in force now."""
        return Viewer.of_agency(agency, clearance, self.partners_of(agency))
