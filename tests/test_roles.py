"""Roles in the dashboard (AppTest with injected identities): the page list, forbidden pages, what each role sees.

AppTest reads ``at.user`` as ``st.user``: ``{"is_logged_in": True, "email": ..., "sub": ..., "name": ...}``
is a person signed in through the identity provider; the default user (no ``is_logged_in``) is nobody,
and without an ``[auth]`` secrets section that is the open demo.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from geo.access import Actor, Viewer
from geo.access import identity as identity_module
from geo.store import GeoPackageStore
from tests.support import ROOT_ACTOR, identity
from tests.support.apptest import PAGE_FILES, app_test, open_app, sign_in
from ui.keys import AdminKeys, AuthKeys, RecordsKeys

# Agencies A and B and their people (tests.support.people.PEOPLE) come with the ``people_db`` fixture.
pytestmark = pytest.mark.usefixtures("app_py_runs_on_every_run")


def page_titles(at: AppTest) -> list[str]:
    """The page files st.navigation registered in the last run, by URL path (the default page's is "map").

    The hidden pages that answer the other addresses (ui/navigation.py: closed, not found) run no page file.
    """
    return [info["url_pathname"] or "map" for info in at._registered_pages.values()
            if "url_pathname" in info and str(info.get("script_path", "")).endswith(tuple(PAGE_FILES.values()))]


def records_shown(at: AppTest) -> set[str]:
    """Case references (record ids without the agency) in the Records page's table."""
    table = at.dataframe(key=RecordsKeys.TABLE).value
    return {record_id.split(":", 1)[1] for record_id in table["Identifiant"]}


def audit(store: GeoPackageStore, action: str):
    return store.audit_log(actions=[action])


# -- the page list -------------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("email", "pages"), [
    (None, ["map", "trends", "records", "briefing"]),
    ("viewer@a.example", ["map", "trends", "records", "briefing"]),
    ("analyst@a.example", ["map", "trends", "records", "briefing", "import"]),
    ("admin@a.example", ["map", "trends", "records", "briefing", "import", "admin"]),
])
def test_each_role_gets_its_page_list(people_db, email, pages):
    at = open_app(identity(email) if email else None)
    assert page_titles(at) == pages
    assert at.title[0].value == "Carte"  # every role lands on the map


CLOSED = {(True, "import"): "Connectez-vous pour importer", (True, "admin"): "Connectez-vous pour administrer Couloirs",
          (False, "import"): "L'import n'est pas ouvert à votre rôle",
          (False, "admin"): "L'administration n'est pas ouverte à votre rôle"}


@pytest.mark.slow
@pytest.mark.parametrize(("email", "page"), [
    (None, "import"), (None, "admin"), ("viewer@a.example", "import"), ("viewer@a.example", "admin"),
    ("analyst@a.example", "admin"),
])
def test_a_forbidden_page_cannot_be_opened_by_url(people_db, email, page):
    at = open_app(identity(email) if email else None)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE_FILES[page])
    at._page_hash = calc_hash(page)  # what the browser asks for at /import or /admin: the page's URL path
    at.run()
    assert not at.exception, at.exception
    # the app's own closed page (ui/navigation.py), in French, instead of the page or Streamlit's dialog
    assert at.title[0].value == CLOSED[(email is None, page)]
    assert not at.get("file_uploader") and AdminKeys.PREFIX not in " ".join(str(w.key) for w in at.button)


@pytest.mark.slow
def test_a_role_taken_away_closes_the_page_on_the_next_run(people_db):
    at = open_app(identity("analyst@a.example"), "import")
    assert at.title[0].value == "Importer"
    people_db.save_user(ROOT_ACTOR, "analyst@a.example", "agency-a", "viewer", clearance="confidential")
    at.run()  # the same browser session, still on /import
    assert not at.exception, at.exception
    assert at.title[0].value == "L'import n'est pas ouvert à votre rôle" and not at.get("file_uploader")
    assert "import" not in page_titles(at)


@pytest.mark.slow
@pytest.mark.parametrize("page", ["import", "admin"])
def test_each_page_checks_the_role_itself(people_db, page):
    # Run the page script on its own, as a viewer: the menu is not the only door.
    at = app_test(PAGE_FILES[page], timeout=60)
    viewer = identity_module.Session(role="viewer", viewer=Viewer.of_agency("agency-a"),
                                     actor=Actor("viewer@a.example", "agency-a", "viewer"))
    at.session_state[AuthKeys.SESSION] = viewer.to_state()
    at.run()
    assert [e.value for e in at.error] == ["Cette page n'est pas ouverte à votre rôle."]
    assert not at.get("file_uploader") and not at.dataframe


@pytest.mark.slow
@pytest.mark.parametrize("page", sorted(PAGE_FILES))
def test_a_page_run_without_a_session_fails_closed(people_db, page):
    at = app_test(PAGE_FILES[page], timeout=60).run()
    assert at.exception  # no session, and no app.py to go through: an error, redacted by Streamlit
    assert not at.dataframe and not at.get("component_instance") and not at.get("file_uploader")


@pytest.mark.slow
@pytest.mark.parametrize("file_url", ["import_data", "records", "admin"])
def test_a_page_files_own_url_on_a_servers_first_run_goes_through_app_py(people_db, monkeypatch, file_url):
    # Until its first st.navigation call, a server process is in Streamlit's legacy pages/ mode, where a page
    # file's own URL runs that file alone: without a session, the page sends the browser through app.py.
    from streamlit.runtime.scriptrunner import script_runner

    monkeypatch.setattr(script_runner, "PagesManager", script_runner.PagesManager.__mro__[1])
    at = app_test(timeout=120)
    sign_in(at, identity("viewer@a.example"))
    at._page_hash = calc_hash(file_url)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Carte" and not at.get("file_uploader")
    assert at.sidebar.caption[0].value.startswith("Connecté : Viewer")  # app.py ran: the identity was checked


# -- what each role sees on the Records page ------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("email", "expected"), [
    (None, {"PUB-1", "A-PUB"}),  # the open demo: records marked public only (DEMO-1, synthetic, is restricted)
    ("viewer@a.example", {"A-PUB", "A-RES", "A-CONF", "PUB-1"}),
    ("analyst@a.example", {"A-PUB", "A-RES", "A-CONF", "PUB-1"}),
    ("admin@a.example", {"A-PUB", "A-RES", "A-CONF", "PUB-1"}),
    ("analyst@b.example", {"A-PUB", "B-RES", "PUB-1"}),
    ("public@a.example", {"A-PUB", "PUB-1"}),  # cleared for public records only
])
def test_records_each_role_sees(people_db, email, expected):
    at = open_app(identity(email) if email else None, "records")
    assert records_shown(at) == expected
    assert at.metric[0].value == str(len(expected))


@pytest.mark.slow
def test_sharing_gives_restricted_records_never_confidential_ones(people_db):
    people_db.set_sharing(ROOT_ACTOR, "agency-a", "agency-b")
    at = open_app(identity("analyst@b.example"), "records")
    assert records_shown(at) == {"A-PUB", "A-RES", "B-RES", "PUB-1"}
    people_db.set_sharing(ROOT_ACTOR, "agency-a", "agency-b", shared=False)
    at.run()  # revoked: gone on the next run of the same session
    assert records_shown(at) == {"A-PUB", "B-RES", "PUB-1"}


# -- identity: demo, sign-in screen, unknown, stale ------------------------------------------------------------------
@pytest.mark.slow
def test_open_demo_says_so_on_every_page(people_db):
    at = open_app()
    for page in ("records", "trends", "briefing"):
        at.switch_page(PAGE_FILES[page]).run()
        assert any("Démonstration ouverte" in info.value for info in at.info), page
    assert not at.sidebar.button  # nobody to sign out


@pytest.mark.slow
def test_without_a_provider_a_claimed_identity_stays_in_the_open_demo(people_db):
    at = app_test(timeout=120)
    at.user = identity("admin@a.example")  # st.user says an administrator, but no [auth] section is configured
    at.run()
    assert not at.exception
    assert page_titles(at) == ["map", "trends", "records", "briefing"]  # the open demo's pages, read-only
    assert any("Démonstration ouverte" in info.value for info in at.info)


@pytest.mark.slow
def test_with_a_provider_nobody_signed_in_sees_only_the_sign_in_screen(people_db):
    at = open_app({"is_logged_in": False}, secrets={"auth": {"redirect_uri": "http://localhost/oauth2callback",
                                                             "cookie_secret": "x", "client_id": "c"}})
    assert at.title[0].value == "Connexion"
    assert at.button(key=AuthKeys.SIGN_IN).label == "Se connecter"
    assert not at.dataframe and not at.get("component_instance") and not at.metric


@pytest.mark.slow
def test_named_providers_are_offered_by_name(people_db):
    at = open_app({"is_logged_in": False}, lang="en",
                  secrets={"auth": {"redirect_uri": "http://localhost/cb", "cookie_secret": "x",
                                    "keycloak": {"client_id": "c"}}})
    assert at.button(key=AuthKeys.SIGN_IN).label == "Sign in with keycloak"


@pytest.mark.slow
def test_a_signed_in_person_is_named_in_the_sidebar_and_audited_once(people_db):
    at = open_app(identity("analyst@a.example", name="Awa **Diop**"), "records")
    caption = at.sidebar.caption[0].value
    assert caption == "Connecté : Awa \\*\\*Diop\\*\\* · agency\\-a · analyste"  # markdown shown as text
    assert at.sidebar.button(key=AuthKeys.SIGN_OUT)
    at.run()
    at.switch_page(PAGE_FILES["map"]).run()
    events = audit(people_db, "sign_in")
    assert events["actor"].tolist() == ["analyst@a.example"]
    assert events["agency"].tolist() == ["agency-a"] and events["role"].tolist() == ["analyst"]


@pytest.mark.slow
def test_signing_out_from_the_sidebar(people_db):
    at = open_app(identity("viewer@a.example"))
    at.sidebar.button(key=AuthKeys.SIGN_OUT).click().run()
    assert at.user == {"is_logged_in": False}


@pytest.mark.slow
def test_an_unknown_account_is_told_to_ask_its_administrator(people_db):
    at = open_app(identity("stranger@c.example", name="<b>x</b>"), lang="en")
    assert at.title[0].value == "Account not registered"
    assert "stranger@c\\.example is not registered" in at.warning[0].value
    assert not at.dataframe and not at.get("component_instance") and not at.metric
    at.run()
    refused = audit(people_db, "sign_in_refused")
    assert len(refused) == 1 and refused["actor"].iloc[0] == "stranger@c.example"
    assert '"reason": "unknown"' in refused["detail"].iloc[0]
    at.button(key=AuthKeys.SIGN_OUT_UNKNOWN).click().run()
    assert at.user == {"is_logged_in": False}


@pytest.mark.slow
def test_an_account_registered_for_another_subject_is_not_taken_over(people_db):
    people_db.save_user(ROOT_ACTOR, "viewer@a.example", "agency-a", "viewer", subject="oidc|the-real-one")
    at = open_app(identity("viewer@a.example"))  # same e-mail, another account of the provider
    assert at.title[0].value == "Compte non enregistré"
    assert '"reason": "subject_mismatch"' in audit(people_db, "sign_in_refused")["detail"].iloc[0]


@pytest.mark.slow
def test_the_first_sign_in_binds_the_account_so_another_one_with_the_same_email_cannot_follow(people_db):
    assert people_db.find_user(email="viewer@a.example")["subject"] is None
    first = identity("viewer@a.example")
    open_app(first)
    assert people_db.find_user(email="viewer@a.example")["subject"] == first["sub"]
    bound = audit(people_db, "user_saved").iloc[0]
    assert bound["target"] == "viewer@a.example" and "bound_at_first_sign_in" in bound["detail"]
    at = open_app({**first, "sub": "oidc|someone-else"})  # the e-mail moved to another account of the provider
    assert at.title[0].value == "Compte non enregistré"


@pytest.mark.slow
def test_an_unverified_email_names_nobody(people_db):
    at = open_app(identity("viewer@a.example", email_verified=False))
    assert at.title[0].value == "Compte non enregistré"


@pytest.mark.slow
def test_a_deactivated_user_is_signed_out_at_once(people_db):
    at = open_app(identity("viewer@a.example"), "records")
    assert "A-CONF" in records_shown(at)
    people_db.save_user(ROOT_ACTOR, "viewer@a.example", "agency-a", "viewer", clearance="confidential",
                        active=False)
    at.run()
    assert at.user == {"is_logged_in": False}
    assert not at.dataframe and not at.get("component_instance")
    assert '"reason": "inactive"' in audit(people_db, "sign_in_refused")["detail"].iloc[0]


@pytest.mark.slow
def test_an_expired_identity_is_signed_out(people_db):
    at = open_app(identity("viewer@a.example", exp=int(time.time()) - 3600))
    assert at.user == {"is_logged_in": False}
    assert not at.dataframe and not at.get("component_instance")
    assert '"reason": "expired"' in audit(people_db, "sign_in_refused")["detail"].iloc[0]


@pytest.mark.slow
def test_a_token_still_valid_is_kept(people_db):
    at = open_app(identity("viewer@a.example", exp=int(time.time()) + 3600), "records")
    assert at.user["is_logged_in"] is True and "A-CONF" in records_shown(at)


# -- editing a record: the owner agency's analysts and administrators -----------------------------------------------
def select_record(at: AppTest, case_reference: str) -> AppTest:
    table = at.dataframe(key=RecordsKeys.TABLE).value
    row = next(i for i, record_id in enumerate(table["Identifiant"]) if record_id.endswith(f":{case_reference}"))
    at.session_state[RecordsKeys.TABLE] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


@pytest.mark.slow
def test_an_analyst_edits_own_agency_record_and_the_edit_is_audited(people_db):
    at = select_record(open_app(identity("analyst@a.example"), "records"), "A-RES")
    at.selectbox(key=RecordsKeys.edit("agency-a:A-RES", "sensitivity")).set_value("public")
    at.text_area(key=RecordsKeys.edit("agency-a:A-RES", "notes")).set_value("Vu par le juge")
    at.button(key=f"FormSubmitter:{RecordsKeys.edit('agency-a:A-RES', 'form')}-Enregistrer").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Fiche modifiée : Sensibilité, Notes."
    record = people_db.record("agency-a:A-RES")
    assert (record["sensitivity"], record["notes"]) == ("public", "Vu par le juge")
    event = audit(people_db, "record_edit").iloc[0]
    assert (event["actor"], event["target"]) == ("analyst@a.example", "agency-a:A-RES")
    # now public: agency B sees it at once (the edit changed the data version, so no cache serves the old one)
    assert "A-RES" in records_shown(open_app(identity("analyst@b.example"), "records"))


@pytest.mark.slow
@pytest.mark.parametrize(("email", "case_reference"), [
    ("viewer@a.example", "A-RES"),  # a viewer edits nothing
    ("analyst@b.example", "A-PUB"),  # another agency's record, even a public one
])
def test_no_edit_form_for_others(people_db, email, case_reference):
    at = select_record(open_app(identity(email), "records"), case_reference)
    assert at.subheader[0].value == "Fiche de la saisie"
    assert not at.get("form") and not at.text_area


# -- geo.access.identity, the pure part -----------------------------------------------------------------------------
class Users:
    """A stand-in for the store's user look-up."""

    def __init__(self, *users: dict):
        self.users = users

    def find_user(self, email, subject):
        return next((u for u in self.users if subject and u.get("subject") == subject), None) or next(
            (u for u in self.users if email and u["email"] == email), None)

    def viewer_for(self, agency, clearance):
        return Viewer.of_agency(agency, clearance, ["partner"])

    def bind_subject(self, email, subject):
        self.bound = (email, subject)


ANALYST = {"email": "a@x.org", "subject": None, "name": "A", "agency": "x", "role": "analyst",
           "clearance": "restricted", "active": True}


@pytest.mark.parametrize(("claims", "provider", "users", "status", "reason"), [
    ({}, False, (), "demo", None),
    ({"email": "a@x.org"}, False, (ANALYST,), "demo", None),  # AppTest's default user: nobody signed in
    # Without a configured provider, st.user is not believed whatever it says (trusted headers, a proxy).
    ({"is_logged_in": True, "email": "a@x.org", "sub": "s1"}, False, (ANALYST,), "demo", None),
    ({"is_logged_in": False}, True, (ANALYST,), "sign_in", None),
    ({"is_logged_in": True, "email": "A@X.org", "sub": "s1"}, True, (ANALYST,), "signed_in", None),
    ({"is_logged_in": True, "email": "b@x.org", "sub": "s2"}, True, (ANALYST,), "unknown", "unknown"),
    ({"is_logged_in": True}, True, (ANALYST,), "unknown", "unknown"),
    ({"is_logged_in": True, "email": "a@x.org", "email_verified": False}, True, (ANALYST,), "unknown", "unknown"),
    ({"is_logged_in": True, "email": "a@x.org", "sub": "other"}, True, ({**ANALYST, "subject": "s1"},), "unknown",
     "subject_mismatch"),
    ({"is_logged_in": True, "email": "a@x.org"}, True, ({**ANALYST, "active": False},), "logout", "inactive"),
    ({"is_logged_in": True, "email": "a@x.org", "exp": 1000}, True, (ANALYST,), "logout", "expired"),
    ({"is_logged_in": True, "email": "a@x.org", "exp": 2000 - 30}, True, (ANALYST,), "signed_in", None),  # leeway
    ({"is_logged_in": True, "email": "a@x.org", "exp": "soon"}, True, (ANALYST,), "logout", "expired"),
])
def test_resolve(claims, provider, users, status, reason):
    decision = identity_module.resolve(claims, provider=provider, store=Users(*users), now=2000.0)
    assert (decision.status, decision.reason) == (status, reason)
    if status == "signed_in":
        session = decision.session
        assert (session.role, session.agency, session.email) == ("analyst", "x", "a@x.org")
        assert session.viewer == Viewer.of_agency("x", "restricted", ["partner"])
        assert session.actor == Actor("a@x.org", "x", "analyst")
        assert identity_module.Session.from_state(session.to_state()) == session  # through st.session_state
        assert decision.audit_event()[1] == "sign_in"
    elif status in ("unknown", "logout"):
        assert decision.session is None and decision.audit_event()[1] == "sign_in_refused"
    elif status == "demo":
        assert decision.session == identity_module.Session.open_demo() and decision.audit_event() is None


def test_open_demo_session_is_read_only():
    demo = identity_module.Session.open_demo()
    assert demo.pages == ("map", "trends", "records", "briefing") and demo.user is None
    assert not demo.may_open("import") and not demo.may_edit({"agency": None})
    assert identity_module.Session.from_state(demo.to_state()) == demo


def test_providers_from_the_auth_section():
    assert identity_module.providers(None) == []
    assert identity_module.providers({"redirect_uri": "u", "client_id": "c"}) == [None]
    assert identity_module.providers({"redirect_uri": "u", "okta": {}, "entra": {}}) == ["entra", "okta"]


@pytest.mark.parametrize(("text", "shown"), [
    ("Awa Diop", "Awa Diop"),
    ("**x** [a](javascript:b)", "\\*\\*x\\*\\* \\[a\\]\\(javascript\\:b\\)"),
    ("<img src=x>\n# title", "\\<img src\\=x\\> \\# title"),
    (":red[x] $y$", "\\:red\\[x\\] \\$y\\$"),
])
def test_markdown_literal(text, shown):
    assert identity_module.markdown_literal(text) == shown


def test_the_secrets_example_configures_one_provider_and_holds_no_secret():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    example = tomllib.loads((root / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert identity_module.providers(example["auth"]) == [None]
    assert example["auth"]["cookie_secret"].startswith("replace-") and example["auth"]["client_secret"].startswith(
        "replace-")
    assert ".streamlit/secrets.toml" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
