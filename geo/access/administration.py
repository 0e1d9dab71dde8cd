"""What the Administration page shows, as data, and the changes its forms make.

The page renders the tables built here (bilingual headers, readable values) and
hands each form's values to :func:`save_agency`, :func:`save_user`,
:func:`grant_sharing` or :func:`revoke_sharing`. Those check the values, call
the store (which writes the change and its audit row in one transaction) and
return an :class:`Outcome`: what to tell the administrator, never an exception.

Messages go through ``st.success``/``st.error``, which read markdown, so
anything a user typed is escaped with :func:`geo.access.identity.markdown_literal` before it reaches
a message. Tables carry typed values as plain data.

The audit trail is only ever read here: there is nothing to edit it with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pycountry

from geo import i18n, reference
from geo.access.identity import markdown_literal
from geo.access.policy import Actor
from geo.i18n import admin as admin_text
from geo.reference import countries
from geo.store import base as storebase

AUDIT_LIMIT = 2000  # rows the trail shows at once (newest first)
AUDIT_FILE = "couloirs-audit.csv"
NO_COUNTRY = ""  # the country choice of a regional or international body
MAX_ID, MAX_NAME, MAX_EMAIL = 64, 200, 254
SHORT_TEXT = 200  # characters of a decoded filter or detail shown in the trail
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")



@dataclass(frozen=True)
class Outcome:
    """What a form submission did: ``kind`` is ``success``, ``info`` or ``error``; ``message`` is markdown-safe."""

    kind: str
    message: str

    @property
    def ok(self) -> bool:
        """Whether the store changed."""
        return self.kind == "success"


def _text(value: object) -> str:
    """A stored text, ``""`` where it is missing (``None``, or ``NaN`` in a frame)."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _refused(reason: str, lang: str) -> Outcome:
    return Outcome("error", admin_text.t("admin_not_saved", lang, reason=markdown_literal(reason)))


# -- labels -------------------------------------------------------------------------------------------------------
def _label(prefix: str, value: object, lang: str) -> str:
    key = f"{prefix}{value}"
    return admin_text.t(key, lang) if key in admin_text.STRINGS else _text(value)


def role_label(role: str | None, lang: str) -> str:
    """``Administrateur`` / ``Administrator`` (the sidebar's word, capitalised); an unknown role as it is."""
    key = f"role_{role}"
    return i18n.t(key, lang).capitalize() if key in i18n.STRINGS else _text(role)


def action_label(action: str, lang: str) -> str:
    """An audit action (:data:`geo.store.base.AUDIT_ACTIONS`) in words."""
    return _label("admin_action_", action, lang)


def clearance_label(level: str, lang: str) -> str:
    """A clearance, named like the sensitivity level it reaches."""
    return i18n.value_label(level, lang)


def status_label(active: bool, lang: str) -> str:
    """``actif``/``inactif``."""
    return admin_text.t("admin_active" if active else "admin_inactive", lang)


def country_label(code: str | None, lang: str) -> str:
    """``Sénégal (SEN)``; the "no country" choice for a regional body.

    >>> country_label("CIV", "fr"), country_label("CIV", "en")
    ("Côte d'Ivoire (CIV)", "Côte d'Ivoire (CIV)")
    """
    if not code:
        return admin_text.t("admin_no_country", lang)
    return f"{countries.country_name(code, lang)} ({code})"


def country_options(current: str | None = None) -> list[str]:
    """Choices of an agency's country: none, the study countries, then every other ISO3 code."""
    study = list(reference.STUDY_COUNTRIES)
    others = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in study)
    options = [NO_COUNTRY, *study, *others]
    return options if not current or current in options else [*options, current]


def agency_label(agency: str, names: Mapping[str, str | None]) -> str:
    """``Full name (id)``, or the id alone when the agency has no other name.

    >>> agency_label("sen-ocrtis", {"sen-ocrtis": "OCRTIS"}), agency_label("x", {})
    ('OCRTIS (sen-ocrtis)', 'x')
    """
    name = _text(names.get(agency))
    return f"{name} ({agency})" if name and name != agency else str(agency)


def agency_names(agencies: pd.DataFrame) -> dict[str, str | None]:
    """Agency id to full name, from :meth:`SqlStore.agencies`."""
    return dict(zip(agencies["agency"], agencies["name"]))


def format_time(at: object) -> str:
    """A stored UTC time to the second, as ``YYYY-MM-DD HH:MM:SS``.

    >>> format_time("2025-03-01T08:15:42.123456Z"), format_time(None)
    ('2025-03-01 08:15:42', '')
    """
    return _text(at)[:19].replace("T", " ")


# -- tables -------------------------------------------------------------------------------------------------------
def agencies_table(agencies: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Registered agencies: id, name, country in words, when registered."""
    return pd.DataFrame({
        admin_text.t("admin_col_id", lang): agencies["agency"].astype(str),
        admin_text.t("admin_col_name", lang): agencies["name"].map(_text),
        admin_text.t("admin_col_country", lang): agencies["country"].map(
            lambda c: country_label(c, lang) if _text(c) else "—"),
        admin_text.t("admin_col_registered", lang): agencies["created_at"].map(format_time),
    })


def users_table(users: pd.DataFrame, lang: str) -> pd.DataFrame:
    """People who may sign in: e-mail, name, agency, role, clearance, active or not, last change."""
    return pd.DataFrame({
        admin_text.t("admin_col_email", lang): users["email"].astype(str),
        admin_text.t("admin_col_name", lang): users["name"].map(_text),
        admin_text.t("admin_col_agency", lang): users["agency"].astype(str),
        admin_text.t("admin_col_role", lang): users["role"].map(lambda r: role_label(r, lang)),
        admin_text.t("admin_col_clearance", lang): users["clearance"].map(lambda c: clearance_label(c, lang)),
        admin_text.t("admin_col_status", lang): users["active"].map(lambda a: status_label(bool(a), lang)),
        admin_text.t("admin_col_updated", lang): users["updated_at"].map(format_time),
    })


def sharing_sentence(owner: str, partner: str, names: Mapping[str, str | None], lang: str) -> str:
    """One agreement in plain words.

    >>> sharing_sentence("sen-ocrtis", "mli-ocs", {"sen-ocrtis": "OCRTIS"}, "en")
    'OCRTIS (sen-ocrtis) shares its restricted records with mli-ocs'
    """
    return admin_text.t("admin_sharing_sentence", lang, owner=agency_label(owner, names),
                        partner=agency_label(partner, names))


def sharing_table(sharing: pd.DataFrame, agencies: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Agreements in force, each as a sentence, with when and by whom it was granted."""
    names = agency_names(agencies)
    return pd.DataFrame({
        admin_text.t("admin_col_agreement", lang): [sharing_sentence(o, p, names, lang)
                                         for o, p in zip(sharing["owner"], sharing["partner"])],
        admin_text.t("admin_col_since", lang): sharing["created_at"].map(format_time),
        admin_text.t("admin_col_granted_by", lang): sharing["created_by"].map(_text),
    })


def agreements(sharing: pd.DataFrame) -> list[tuple[str, str]]:
    """The ``(owner, partner)`` pairs in force: the choices of the revoke form."""
    return list(zip(sharing["owner"], sharing["partner"]))


# Values of an audit detail said in words, by the key they sit under.
_VALUE_WORDS = {"role": role_label, "clearance": clearance_label, "sensitivity": clearance_label}


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def key_label(key: str, lang: str) -> str:
    """A key of an audit row's filters or detail in words (a record field by its label)."""
    if f"admin_key_{key}" in admin_text.STRINGS:
        return admin_text.t(f"admin_key_{key}", lang)
    return i18n.field_label(key, lang).lower() if key in i18n.FIELD_LABELS else key


def _words(value: object, lang: str, key: str | None = None) -> str:
    if isinstance(value, dict):
        if set(value) == {"old", "new"}:
            return f"{_words(value['old'], lang, key)} → {_words(value['new'], lang, key)}"
        parts = [f"{key_label(str(k), lang)}: {_words(v, lang, str(k))}" for k, v in value.items() if not _empty(v)]
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(_words(v, lang, key) for v in value)
    if isinstance(value, bool):
        return admin_text.t("admin_yes" if value else "admin_no", lang)
    if value is None:
        return "—"
    return _VALUE_WORDS[key](value, lang) if key in _VALUE_WORDS and isinstance(value, str) else str(value)


def describe(text: object, lang: str, limit: int = SHORT_TEXT) -> str:
    """An audit row's JSON ``filters`` or ``detail`` as one short line; text that is not JSON as it is.

    >>> describe('{"active": false, "countries": [], "role": "viewer"}', "fr")
    'actif: non; rôle: Lecteur'
    >>> describe('{"sensitivity": {"new": "public", "old": "restricted"}}', "en")
    'sensitivity: restricted → public'
    """
    if not _text(text):
        return ""
    try:
        words = _words(json.loads(text), lang) if isinstance(text, str) else _words(text, lang)
    except ValueError:
        words = str(text)
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def audit_table(audit: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The trail as read by :meth:`SqlStore.audit_log` (newest first), with words for actions, roles and JSON."""
    return pd.DataFrame({
        admin_text.t("admin_col_at", lang): audit["at"].map(format_time),
        admin_text.t("admin_col_actor", lang): audit["actor"].map(_text),
        admin_text.t("admin_col_actor_agency", lang): audit["agency"].map(_text),
        admin_text.t("admin_col_role", lang): audit["role"].map(lambda r: role_label(r, lang)),
        admin_text.t("admin_col_action", lang): audit["action"].map(lambda a: action_label(a, lang)),
        admin_text.t("admin_col_target", lang): audit["target"].map(_text),
        admin_text.t("admin_col_records", lang): audit["records"].map(
            lambda n: i18n.format_number(n, lang) if _text(n) else ""),
        admin_text.t("admin_col_filters", lang): audit["filters"].map(lambda v: describe(v, lang)),
        admin_text.t("admin_col_detail", lang): audit["detail"].map(lambda v: describe(v, lang)),
    })


@dataclass(frozen=True)
class AuditQuery:
    """The audit trail's filters, as :meth:`SqlStore.audit_log` takes them."""

    actions: tuple[str, ...] = ()
    actor: str | None = None
    agency: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_widgets(cls, actions: Sequence[str], actor: str | None, agency: str | None,
                     dates: Sequence[date] | date | None) -> AuditQuery:
        """From the page's widgets; a date range being picked may hold one date, or none."""
        days = list(dates) if isinstance(dates, list | tuple) else [dates] if dates else []
        return cls(tuple(a for a in actions if a in storebase.AUDIT_ACTIONS), (actor or "").strip() or None,
                   agency or None, days[0] if days else None, days[1] if len(days) > 1 else None)

    def arguments(self) -> dict:
        """Keyword arguments of :meth:`SqlStore.audit_log`."""
        return {"actions": self.actions, "actor": self.actor, "agency": self.agency, "since": self.since,
                "until": self.until, "limit": AUDIT_LIMIT}

    def as_filters(self) -> dict:
        """The filters as the audit row of a download of the trail records them (its detail)."""
        return {"action": list(self.actions), "actor": self.actor, "agency": self.agency,
                "from": self.since.isoformat() if self.since else None,
                "to": self.until.isoformat() if self.until else None}


def wide_columns(lang: str) -> tuple[str, ...]:
    """Headers of the trail's columns that need room (decoded filters and details)."""
    return admin_text.t("admin_col_filters", lang), admin_text.t("admin_col_detail", lang)


def audit_caption(shown: int, lang: str) -> str:
    """How many events are shown, and a hint when the limit cut the list."""
    text = admin_text.t("admin_audit_count", lang, n=i18n.format_number(shown, lang))
    if shown >= AUDIT_LIMIT:
        text += " " + admin_text.t("admin_audit_limited", lang, n=i18n.format_number(AUDIT_LIMIT, lang))
    return text


# -- forms --------------------------------------------------------------------------------------------------------
def agency_form(agencies: pd.DataFrame, agency: str | None) -> dict[str, str]:
    """Initial values of the agency form: ``agency`` as stored, or blank for a new one."""
    row = agencies.loc[agencies["agency"] == agency] if agency else agencies.iloc[0:0]
    if row.empty:
        return {"id": "", "name": "", "country": NO_COUNTRY}
    first = row.iloc[0]
    return {"id": str(first["agency"]), "name": _text(first["name"]), "country": _text(first["country"]) or NO_COUNTRY}


def user_form(users: pd.DataFrame, email: str | None, agencies: Sequence[str]) -> dict[str, object]:
    """Initial values of the user form: ``email`` as stored, or a new active viewer of the first agency."""
    row = users.loc[users["email"] == email] if email else users.iloc[0:0]
    if row.empty:
        return {"email": "", "name": "", "agency": agencies[0] if agencies else "", "role": "viewer",
                "clearance": "restricted", "active": True}
    first = row.iloc[0]
    return {"email": str(first["email"]), "name": _text(first["name"]), "agency": str(first["agency"]),
            "role": str(first["role"]), "clearance": str(first["clearance"]), "active": bool(first["active"])}


def form_state(prefix: str, values: Mapping[str, object], current: Mapping[str, object] | None = None,
               choices: Mapping[str, Sequence[object]] | None = None) -> dict[str, object]:
    """Session-state entries ``prefix + field`` for a form.

    With ``current`` (the session state), only the entries missing from it or
    holding a value no longer among ``choices`` are returned: the form keeps
    what the administrator typed across reruns.
    """
    choices = choices or {}
    return {f"{prefix}{field}": value for field, value in values.items()
            if current is None or f"{prefix}{field}" not in current
            or (field in choices and current[f"{prefix}{field}"] not in choices[field])}


def _text_problem(label: str, value: str, limit: int, lang: str, required: bool = True) -> str | None:
    if required and not value:
        return admin_text.t("admin_required", lang, field=label)
    if len(value) > limit:
        return admin_text.t("admin_too_long", lang, field=label, n=limit)
    return None


def save_agency(store: storebase.SqlStore, actor: Actor, agency: str | None, name: str | None,
                country: str | None, lang: str) -> Outcome:
    """Register ``agency`` or change its name and country."""
    agency, name, country = (agency or "").strip(), (name or "").strip(), (country or "").strip()
    problem = (_text_problem(admin_text.t("admin_agency_id", lang), agency, MAX_ID, lang)
               or _text_problem(admin_text.t("admin_agency_name", lang), name, MAX_NAME, lang))
    if not problem and country and not countries.is_iso3(country):
        problem = admin_text.t("admin_bad_country", lang, country=country)
    if problem:
        return _refused(problem, lang)
    known = agency in set(store.agencies()["agency"])
    try:
        store.save_agency(actor, agency, name=name, country=country or None)
    except ValueError as error:
        return _refused(str(error), lang)
    return Outcome("success", admin_text.t("admin_agency_changed" if known else "admin_agency_added", lang,
                                agency=markdown_literal(agency)))


def save_user(store: storebase.SqlStore, actor: Actor, email: str | None, name: str | None, agency: str | None,
              role: str, clearance: str, active: bool, lang: str) -> Outcome:
    """Add a person or change their agency, role, clearance or status (matched on e-mail)."""
    email, name = (email or "").strip().lower(), (name or "").strip()
    problem = (_text_problem(admin_text.t("admin_col_email", lang), email, MAX_EMAIL, lang)
               or _text_problem(admin_text.t("admin_user_name", lang), name, MAX_NAME, lang, required=False))
    if not problem and not _EMAIL.fullmatch(email):
        problem = admin_text.t("admin_bad_email", lang, email=email)
    if not problem and email == actor.name.lower() and (role != "admin" or not active):
        problem = admin_text.t("admin_self_lockout", lang)
    if problem:
        return _refused(problem, lang)
    known = email in set(store.users()["email"])
    try:
        store.save_user(actor, email, agency or "", role, clearance, name=name or None, active=bool(active))
    except ValueError as error:
        return _refused(str(error), lang)
    return Outcome("success", admin_text.t("admin_user_changed" if known else "admin_user_added", lang,
                                email=markdown_literal(email)))


def grant_sharing(store: storebase.SqlStore, actor: Actor, owner: str | None, partner: str | None,
                  lang: str) -> Outcome:
    """Let ``partner`` receive the restricted records of ``owner`` (nothing changes if it already does)."""
    names = agency_names(store.agencies())
    if not owner or not partner:
        label = admin_text.t("admin_sharing_owner" if not owner else "admin_sharing_partner", lang)
        return _refused(admin_text.t("admin_required", lang, field=label), lang)
    if owner == partner:
        return _refused(admin_text.t("admin_sharing_self", lang), lang)
    sentence = markdown_literal(sharing_sentence(owner, partner, names, lang))
    if (owner, partner) in agreements(store.sharing()):
        return Outcome("info", admin_text.t("admin_sharing_exists", lang, sentence=sentence))
    try:
        store.set_sharing(actor, owner, partner, shared=True)
    except ValueError as error:
        return _refused(str(error), lang)
    return Outcome("success", admin_text.t("admin_sharing_granted", lang, sentence=sentence))


def revoke_sharing(store: storebase.SqlStore, actor: Actor, agreement: Sequence[str] | None, lang: str) -> Outcome:
    """End an agreement ``(owner, partner)``: from now on the partner no longer receives those records."""
    if not agreement:
        return _refused(admin_text.t("admin_required", lang, field=admin_text.t("admin_sharing_pick", lang)), lang)
    owner, partner = agreement
    if (owner, partner) not in agreements(store.sharing()):
        return _refused(admin_text.t("admin_sharing_missing", lang), lang)
    sentence = markdown_literal(sharing_sentence(owner, partner, agency_names(store.agencies()), lang))
    try:
        store.set_sharing(actor, owner, partner, shared=False)
    except ValueError as error:
        return _refused(str(error), lang)
    return Outcome("success", admin_text.t("admin_sharing_revoked", lang, sentence=sentence))

