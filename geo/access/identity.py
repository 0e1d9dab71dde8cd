"""Who is using the dashboard: a sign-in identity matched to the users table, and what that person may do.

Pure logic, no Streamlit. The app's wiring (``ui/identity.py``)
hands in the claims ``st.user`` holds and the store; :func:`resolve` says what
the app shows:

- ``signed_in``: a known, active user: a :class:`Session` with the user's role,
  agency and visibility (sharing agreements resolved by the store now);
- ``unknown``: a valid identity that the users table does not know (or whose
  subject differs from the one registered for its e-mail): no data, a page
  saying so;
- ``logout``: a stale identity (deactivated user, or an ID token past its
  ``exp``): signed out at once;
- ``sign_in``: a provider is configured and nobody is signed in: the sign-in screen;
- ``demo``: no provider configured: the open demo, public and synthetic data, read-only.

Example::

    >>> decision = resolve({}, provider=False, store=None, now=0.0)
    >>> decision.status, decision.session.role
    ('demo', 'demo')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.access import policy as access
from geo.access.policy import Actor, Viewer
from geo.core.filters import RecordFilter

EXPIRY_LEEWAY_SECONDS = 60  # clocks differ a little between the provider and this server
STATUSES = ("demo", "sign_in", "signed_in", "unknown", "logout")
DEMO_ACTOR = "demo"  # the audit trail's name for the anonymous open demo
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


@dataclass(frozen=True)
class Identity:
    """What the identity provider says about the person (claims of the ID token)."""

    email: str | None = None
    subject: str | None = None
    name: str | None = None
    expires: float | None = None  # the ``exp`` claim, seconds since 1970
    email_verified: bool | None = None

    @classmethod
    def from_claims(cls, claims: Mapping[str, object]) -> Identity:
        """The identity in ``st.user``'s claims (``email``, ``sub``, ``name``, ``exp``, ``email_verified``)."""
        def text(name: str) -> str | None:
            value = claims.get(name)
            return str(value).strip() or None if value is not None else None

        expires = claims.get("exp")
        try:
            expires = float(expires) if expires is not None else None
        except (TypeError, ValueError):
            expires = 0.0  # an unreadable expiry is treated as expired
        verified = claims.get("email_verified")
        return cls(email=(text("email") or "").lower() or None, subject=text("sub"), name=text("name"),
                   expires=expires, email_verified=None if verified is None else verified in (True, "true", "True"))

    @property
    def key(self) -> str:
        """A stable text naming this identity (the subject when the provider gives one)."""
        return f"sub:{self.subject}" if self.subject else f"email:{self.email}"

    @property
    def label(self) -> str:
        """What to call the identity in a message: its e-mail, else its name, else its subject."""
        return self.email or self.name or self.subject or "?"

    def expired(self, now: float) -> bool:
        """Whether the ID token's ``exp`` is in the past (beyond a minute's leeway)."""
        return self.expires is not None and self.expires + EXPIRY_LEEWAY_SECONDS < now


@dataclass(frozen=True)
class Session:
    """What the signed-in person (or the open demo) may do and see.

    ``viewer`` goes into every query and cache key; ``actor`` into every audit
    event; ``role`` decides the pages (:func:`geo.access.pages_for`).
    """

    role: str
    viewer: Viewer
    actor: Actor
    name: str | None = None
    email: str | None = None
    agency: str | None = None
    identity_key: str | None = None

    def __post_init__(self) -> None:
        access.pages_for(self.role)  # an unknown role fails here, not on a page

    @classmethod
    def open_demo(cls) -> Session:
        """The open demo: records marked public (real and synthetic), no Import, no Administration."""
        return cls(role="demo", viewer=Viewer.open_demo(), actor=Actor(DEMO_ACTOR, None, "demo"))

    @property
    def demo(self) -> bool:
        """Whether this is the open demo (no sign-in configured)."""
        return self.role == "demo"

    @property
    def user(self) -> dict | None:
        """The signed-in person (``email, name, agency, role``), ``None`` in the open demo."""
        return None if self.demo else {"email": self.email, "name": self.name, "agency": self.agency,
                                       "role": self.role}

    @property
    def pages(self) -> tuple[str, ...]:
        """Page ids this session may open, in menu order."""
        return access.pages_for(self.role)

    def may_open(self, page: str) -> bool:
        """Whether this session may open ``page`` (each page asks again)."""
        return access.may_open(self.role, page)

    def may_edit(self, record: Mapping[str, object] | None) -> bool:
        """Whether this person may edit ``record``'s sensitivity, reliability and notes (its agency's analysts)."""
        return record is not None and access.may_edit(self.actor, record.get("agency"))

    def to_state(self) -> dict:
        """Primitives only, for ``st.session_state``."""
        return {"role": self.role, "agency": self.viewer.agency, "clearance": self.viewer.clearance,
                "partners": list(self.viewer.partners), "demo": self.viewer.demo, "actor": self.actor.name,
                "actor_agency": self.actor.agency, "name": self.name, "email": self.email,
                "identity_key": self.identity_key}

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> Session:
        """The session :meth:`to_state` stored."""
        if state["demo"]:
            return cls.open_demo()
        viewer = Viewer.of_agency(str(state["agency"]), str(state["clearance"]), list(state["partners"]))
        role = str(state["role"])
        return cls(role=role, viewer=viewer, actor=Actor(str(state["actor"]), state["actor_agency"], role),
                   name=state["name"], email=state["email"], agency=state["agency"],
                   identity_key=state["identity_key"])


@dataclass(frozen=True)
class Decision:
    """What the app shows for one run: see the module's docstring for ``status``."""

    status: str
    session: Session | None = None
    identity: Identity | None = None
    reason: str | None = None  # unknown, subject_mismatch, inactive, expired
    user: Mapping[str, object] | None = field(default=None, compare=False)

    def audit_event(self) -> tuple[Actor, str, dict] | None:
        """The audit event this decision records once per browser session: ``(actor, action, detail)``."""
        if self.status == "signed_in":
            return self.session.actor, "sign_in", {"identity": self.identity.key}
        if self.status in ("unknown", "logout"):
            user = self.user or {}
            actor = Actor(str(user.get("email") or self.identity.label), user.get("agency"), user.get("role"))
            return actor, "sign_in_refused", {"identity": self.identity.key, "reason": self.reason}
        return None


def resolve(claims: Mapping[str, object], *, provider: bool, store, now: float) -> Decision:
    """Decide who is using the app from ``st.user``'s ``claims`` (see the module's docstring).

    ``store`` answers ``find_user(email, subject)`` and ``viewer_for(agency,
    clearance)``, and ``bind_subject(email, subject)`` records the subject of a
    user's first sign-in (matched on e-mail); it is asked on every run, so a role change or a deactivation
    applies at once. ``provider`` says whether an identity provider is configured.
    """
    if not provider:
        # Identities come only through the configured provider: without one, whatever ``st.user`` says (trusted
        # headers, a proxy) is not believed, and the app stays the read-only open demo.
        return Decision("demo", Session.open_demo())
    if not claims.get("is_logged_in"):
        return Decision("sign_in")
    identity = Identity.from_claims(claims)
    if not identity.email and not identity.subject:
        return Decision("unknown", identity=identity, reason="unknown")
    if identity.expired(now):
        return Decision("logout", identity=identity, reason="expired")
    # An e-mail the provider says it has not verified names nobody.
    email = identity.email if identity.email_verified is not False else None
    user = store.find_user(email, identity.subject)
    if user is None:
        return Decision("unknown", identity=identity, reason="unknown")
    if user.get("subject") and identity.subject and user["subject"] != identity.subject:
        # The e-mail is registered for another account of the provider: never take it over.
        return Decision("unknown", identity=identity, reason="subject_mismatch")
    if not user["active"]:
        return Decision("logout", identity=identity, reason="inactive", user=user)
    if identity.subject and not user.get("subject"):
        # First sign-in, matched on e-mail: from now on only this provider account opens the row.
        store.bind_subject(user["email"], identity.subject)
    viewer = store.viewer_for(user["agency"], user["clearance"])
    session = Session(role=user["role"], viewer=viewer, actor=Actor(user["email"], user["agency"], user["role"]),
                      name=user.get("name") or identity.name, email=user["email"], agency=user["agency"],
                      identity_key=identity.key)
    return Decision("signed_in", session, identity, user=user)


def providers(auth: Mapping[str, object] | None) -> list[str | None]:
    """The providers an ``[auth]`` secrets section configures, as ``st.login`` names them.

    ``None`` is the unnamed provider configured in ``[auth]`` itself; named ones
    are its sub-sections (``[auth.keycloak]``). Empty: no sign-in configured.
    """
    if not auth:
        return []
    named = sorted(name for name, value in auth.items() if isinstance(value, Mapping))
    return [None, *named] if "client_id" in auth else named


def markdown_literal(text: object) -> str:
    """``text`` shown as itself in Markdown: every markup character escaped, one line.

    Names and e-mails come from the identity provider: user-supplied text. Every ASCII
    punctuation character may be backslash-escaped in CommonMark, so escaping is always safe.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))


def audit_filters(record_filter: RecordFilter) -> dict:
    """The filters of an export as the audit trail keeps them, with whom it was computed for."""
    viewer = record_filter.viewer
    return {"substances": list(record_filter.substances), "countries": list(record_filter.countries),
            "conveyances": list(record_filter.conveyances), "datasets": list(record_filter.datasets),
            "from": record_filter.date_from.isoformat() if record_filter.date_from else None,
            "to": record_filter.date_to.isoformat() if record_filter.date_to else None,
            "as": viewer.key if viewer else "administrator"}
