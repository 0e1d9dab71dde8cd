"""Who is signed in, wired to Streamlit: app.py calls :func:`establish` on every run; downloads are audited here.

The decision itself is :func:`geo.access.identity.resolve` (pure). This module reads ``st.user`` and the
``[auth]`` secrets section, records sign-ins once per browser session, and draws the screens shown
instead of any page: sign-in, account not registered, signed out.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import streamlit as st

from geo.access import identity
from geo.core.filters import RecordFilter
from ui import common, navigation
from ui.keys import AuthKeys


def auth_section() -> Mapping | None:
    """The ``[auth]`` secrets section (an identity provider is configured), ``None`` for the open demo."""
    try:
        return st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all: no provider
        return None


def establish() -> identity.Session:
    """The session for this run, from ``st.user`` matched to the users table (asked again on every run).

    Without a usable identity, shows the sign-in screen, the "not registered" screen, or signs a
    stale identity out, and stops the run: no page runs, no data is read.
    """
    auth = auth_section()
    decision = identity.resolve(st.user.to_dict(), provider=bool(auth), store=common.get_store(), now=time.time())
    _audit_once(decision)
    if decision.session is None:
        st.session_state.pop(AuthKeys.SESSION, None)
        draw = {"logout": _signed_out, "unknown": _unknown, "sign_in": _sign_in}[decision.status]
        # A navigation of one hidden page: whatever the URL asks for, this screen is all there is.
        navigation.run(navigation.signed_out_pages(lambda: draw(decision, auth)), position="hidden")
        st.stop()
    st.session_state[AuthKeys.SESSION] = decision.session.to_state()
    _who(decision.session)
    return decision.session


def _audit_once(decision: identity.Decision) -> None:
    event = decision.audit_event()
    marker = f"{decision.status}:{decision.identity.key}" if event else None
    if event is None or st.session_state.get(AuthKeys.AUDITED) == marker:
        return
    actor, action, detail = event
    common.get_store().record_audit(actor, action, target=decision.identity.label, detail=detail)
    st.session_state[AuthKeys.AUDITED] = marker


def _signed_out(decision: identity.Decision, auth: Mapping | None) -> None:
    st.warning(common.t("signed_out_stale"))
    st.logout()  # clears the identity cookie; the browser goes through the provider's sign-out


def _unknown(decision: identity.Decision, auth: Mapping | None) -> None:
    st.title(common.t("unknown_title"))
    st.warning(common.t("unknown_text", account=identity.markdown_literal(decision.identity.label)))
    st.button(common.t("sign_out"), key=AuthKeys.SIGN_OUT_UNKNOWN, on_click=st.logout, type="primary")


def _sign_in(decision: identity.Decision, auth: Mapping | None) -> None:
    st.title(common.t("sign_in_title"))
    st.write(common.t("sign_in_text"))
    providers = identity.providers(auth) or [None]
    provider = providers[0] if len(providers) == 1 else st.selectbox(
        common.t("sign_in_button"), providers, key=AuthKeys.PROVIDER, format_func=lambda p: p or "OIDC")
    label = common.t("sign_in_with", provider=provider) if provider else common.t("sign_in_button")
    if st.button(label, key=AuthKeys.SIGN_IN, type="primary"):
        st.login(provider)


def _who(current: identity.Session) -> None:
    """The sidebar line naming who is signed in, with a sign-out button (the demo's banner: ``ui.common.require``)."""
    if current.demo:
        return
    with st.sidebar:
        st.caption(common.t("signed_in_as", name=identity.markdown_literal(current.name or current.email),
                             agency=identity.markdown_literal(current.agency),
                             role=common.t(f"role_{current.role}")))
        st.button(common.t("sign_out"), key=AuthKeys.SIGN_OUT, on_click=st.logout)


def download_button(label: str, build: Callable[[], bytes], *, action: str, file_name: str, key: str,
                    records: int, record_filter: RecordFilter | None = None, detail: dict | None = None,
                    mime: str | None = None, **button: object) -> None:
    """A download whose file is built when clicked, and written to the audit trail then.

    ``action`` is ``export`` or ``briefing``; the event names the file, the record count, the filters
    (with whom they were computed for) and the session's actor. ``build`` runs on Streamlit's download
    thread, without the session: everything it needs is taken now.
    """
    actor, store = common.session().actor, common.get_store()
    filters = identity.audit_filters(common.scoped(record_filter)) if record_filter is not None else None

    def deliver() -> bytes:
        content = build()
        store.record_audit(actor, action, target=file_name, records=records, filters=filters, detail=detail)
        return content

    st.download_button(label, deliver, file_name=file_name, mime=mime, key=key, on_click="ignore", **button)
