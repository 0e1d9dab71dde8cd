"""Administration: agencies, users and roles, sharing agreements, and the audit trail (read-only)."""

from functools import partial

import streamlit as st

from geo import access
from geo.access import administration as adminview
from geo.i18n import admin as admin_text
from geo.records import exports
from geo.store import base as storebase
from ui import common, identity
from ui.keys import AdminKeys as K

current, lang, t = common.open_page("admin", admin_text.t)  # the page stops unless an admin
actor = current.actor  # who acts, for the audit trail
store = common.get_store()
state = st.session_state


def _flash(tab: str) -> None:
    """The outcome of the last change made in ``tab``, once."""
    kind, message = state.pop(K.outcome(tab), ("", ""))
    if message:
        {"success": st.success, "info": st.info}.get(kind, st.error)(message)


def _done(tab: str, outcome: adminview.Outcome) -> None:
    # Changes run in the page body, after require(): a callback would run before the role is checked again.
    state[K.outcome(tab)] = (outcome.kind, outcome.message)
    st.rerun()  # the tables above the form show the change


def _fill_agency() -> None:
    form = adminview.agency_form(store.agencies(), state[K.AGENCY_PICK])
    state.update(adminview.form_state(K.AGENCY, form))


def _fill_user() -> None:
    form = adminview.user_form(store.users(), state[K.USER_PICK], list(store.agencies()["agency"]))
    state.update(adminview.form_state(K.USER, form))


st.title(t("page_admin"))
st.caption(t("admin_caption"))
agencies = store.agencies()
ids = list(agencies["agency"])
names = adminview.agency_names(agencies)
label = partial(adminview.agency_label, names=names)
tab_agencies, tab_users, tab_sharing, tab_audit = st.tabs(
    [t("admin_tab_agencies"), t("admin_tab_users"), t("admin_tab_sharing"), t("admin_tab_audit")])

with tab_agencies:
    _flash("agencies")
    if agencies.empty:
        st.info(t("admin_agencies_none"))
    else:
        st.dataframe(adminview.agencies_table(agencies, lang), hide_index=True, width="stretch")
    st.selectbox(t("admin_agency_pick"), options=["", *ids], key=K.AGENCY_PICK, on_change=_fill_agency,
                 format_func=lambda a: label(a) if a else t("admin_agency_new"))
    state.update(adminview.form_state(K.AGENCY, adminview.agency_form(agencies, None), state))
    with st.form(K.AGENCY_FORM):
        st.markdown(f"**{t('admin_agency_form')}**")
        st.text_input(t("admin_agency_id"), key=K.AGENCY_ID, max_chars=adminview.MAX_ID,
                      help=t("admin_agency_id_help"))
        st.text_input(t("admin_agency_name"), key=K.AGENCY_NAME, max_chars=adminview.MAX_NAME)
        st.selectbox(t("admin_agency_country"), options=adminview.country_options(state[K.AGENCY_COUNTRY]),
                     format_func=partial(adminview.country_label, lang=lang), key=K.AGENCY_COUNTRY)
        if st.form_submit_button(t("admin_save"), key=K.AGENCY_SAVE, type="primary"):
            _done("agencies", adminview.save_agency(store, actor, state[K.AGENCY_ID],
                                                    state[K.AGENCY_NAME], state[K.AGENCY_COUNTRY], lang))

with tab_users:
    _flash("users")
    users = store.users()
    if users.empty:
        st.info(t("admin_users_none"))
    else:
        st.dataframe(adminview.users_table(users, lang), hide_index=True, width="stretch")
    st.caption(t("admin_roles_help"))
    if not ids:
        st.info(t("admin_register_agency_first"))
    else:
        st.selectbox(t("admin_user_pick"), options=["", *users["email"]], key=K.USER_PICK,
                     on_change=_fill_user, format_func=lambda e: e or t("admin_user_new"))
        state.update(adminview.form_state(K.USER, adminview.user_form(users, None, ids), state,
                                          {"agency": ids}))
        with st.form(K.USER_FORM):
            st.markdown(f"**{t('admin_user_form')}**")
            left, right = st.columns(2)
            left.text_input(t("admin_user_email"), key=K.USER_EMAIL, max_chars=adminview.MAX_EMAIL)
            right.text_input(t("admin_user_name"), key=K.USER_NAME, max_chars=adminview.MAX_NAME)
            left.selectbox(t("admin_user_agency"), options=ids, format_func=label, key=K.USER_AGENCY)
            right.selectbox(t("admin_user_role"), options=list(access.ROLES), key=K.USER_ROLE,
                            format_func=partial(adminview.role_label, lang=lang))
            left.selectbox(t("admin_user_clearance"), options=list(access.CLEARANCES), key=K.USER_CLEARANCE,
                           format_func=partial(adminview.clearance_label, lang=lang))
            right.checkbox(t("admin_user_active"), key=K.USER_ACTIVE)
            if st.form_submit_button(t("admin_save"), key=K.USER_SAVE, type="primary"):
                _done("users", adminview.save_user(
                    store, actor, state[K.USER_EMAIL], state[K.USER_NAME], state[K.USER_AGENCY],
                    state[K.USER_ROLE], state[K.USER_CLEARANCE], state[K.USER_ACTIVE], lang))

with tab_sharing:
    _flash("sharing")
    sharing = store.sharing()
    st.caption(t("admin_sharing_help"))
    if sharing.empty:
        st.info(t("admin_sharing_none"))
    else:
        st.dataframe(adminview.sharing_table(sharing, agencies, lang), hide_index=True, width="stretch")
        with st.form(K.REVOKE_FORM):
            st.markdown(f"**{t('admin_sharing_revoke_form')}**")
            agreement = st.selectbox(t("admin_sharing_pick"), options=adminview.agreements(sharing),
                                     format_func=lambda pair: adminview.sharing_sentence(*pair, names, lang),
                                     key=K.AGREEMENT)
            if st.form_submit_button(t("admin_sharing_revoke"), key=K.REVOKE):
                _done("sharing", adminview.revoke_sharing(store, actor, agreement, lang))
    if len(ids) < 2:
        st.info(t("admin_sharing_needs_two"))
    else:
        with st.form(K.GRANT_FORM):
            st.markdown(f"**{t('admin_sharing_grant_form')}**")
            left, right = st.columns(2)
            owner = left.selectbox(t("admin_sharing_owner"), options=ids, format_func=label, key=K.OWNER)
            partner = right.selectbox(t("admin_sharing_partner"), options=ids, format_func=label, index=1,
                                      key=K.PARTNER)
            if st.form_submit_button(t("admin_sharing_grant"), key=K.GRANT, type="primary"):
                _done("sharing", adminview.grant_sharing(store, actor, owner, partner, lang))

with tab_audit:
    st.caption(t("admin_audit_readonly"))
    c_action, c_actor, c_agency, c_dates = st.columns([3, 2, 2, 2])
    query = adminview.AuditQuery.from_widgets(
        c_action.multiselect(t("admin_audit_actions"), list(storebase.AUDIT_ACTIONS), key=K.ACTIONS, select_all=False,
                             format_func=partial(adminview.action_label, lang=lang), placeholder=t("admin_audit_all")),
        c_actor.text_input(t("admin_audit_actor"), key=K.ACTOR, max_chars=adminview.MAX_EMAIL),
        c_agency.selectbox(t("admin_audit_agency"), options=["", *ids], key=K.AUDIT_AGENCY,
                           format_func=lambda a: label(a) if a else t("admin_audit_all")),
        c_dates.date_input(t("admin_audit_dates"), value=[], key=K.DATES, format="YYYY-MM-DD"))
    trail = adminview.audit_table(store.audit_log(**query.arguments()), lang)
    st.caption(adminview.audit_caption(len(trail), lang))
    if trail.empty:
        st.info(t("admin_audit_empty"))
    else:
        st.dataframe(trail, hide_index=True, width="stretch", column_config={
            c: st.column_config.TextColumn(width="large") for c in adminview.wide_columns(lang)})
        identity.download_button(  # the file is built, and the download audited, when clicked
            t("admin_audit_download"), partial(exports.table_bytes, trail, "csv"), action="export", mime="text/csv",
            file_name=adminview.AUDIT_FILE, key=K.AUDIT_DOWNLOAD, records=len(trail), detail=query.as_filters())
