"""The Administration page (AppTest): each form changes the store and adds its audit row; bad input changes nothing;
the audit filters narrow the trail; nothing on the page edits or deletes the trail."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.access import Actor, identity
from geo.store import GeoPackageStore
from tests.support.apptest import app_test, open_app, sign_in
from ui.keys import AdminKeys, AppKeys, AuthKeys

pytestmark = pytest.mark.slow  # every test runs the app in AppTest

ADMIN = Actor("admin@x.org", "sen-ocrtis", "admin")


@pytest.fixture
def admin_env(tmp_path, monkeypatch):
    db = tmp_path / "admin.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    store = GeoPackageStore(db)
    store.save_agency(ADMIN, "sen-ocrtis", name="OCRTIS", country="SEN")
    store.save_agency(ADMIN, "mli-ocs", name="OCS", country="MLI")
    store.save_user(ADMIN, ADMIN.name, "sen-ocrtis", "admin", "confidential", name="Awa Diop")
    return store


def open_admin(lang: str = "fr") -> AppTest:
    """The app as the registered administrator sees it, on the Administration page."""
    return open_app({"is_logged_in": True, "email": ADMIN.name}, "admin", lang=None, state={AppKeys.LANG: lang},
                    timeout=120)


def open_page_as(store: GeoPackageStore, role: str) -> AppTest:
    """The page script alone, with a session of ``role`` in the state app.py leaves for pages."""
    at = app_test("pages/admin.py", timeout=60)
    at.session_state[AuthKeys.SESSION] = identity.Session(
        role=role, viewer=store.viewer_for(ADMIN.agency), actor=Actor(ADMIN.name, ADMIN.agency, role),
        email=ADMIN.name, agency=ADMIN.agency).to_state()
    at.run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, column: str):
    """The shown table that has ``column``."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def audit_actions(store: GeoPackageStore) -> list[str]:
    return store.audit_log()["action"].tolist()


def test_four_tabs_in_either_language(admin_env):
    assert [tab.label for tab in open_admin().tabs] == [
        "Agences", "Utilisateurs et rôles", "Accords de partage", "Journal d'audit"]
    at = open_admin("en")
    assert at.title[0].value == "Administration"
    assert [tab.label for tab in at.tabs] == ["Agencies", "Users and roles", "Sharing agreements", "Audit trail"]
    assert table(at, "Id")[["Id", "Name", "Country"]].values.tolist() == [
        ["mli-ocs", "OCS", "Mali (MLI)"], ["sen-ocrtis", "OCRTIS", "Senegal (SEN)"]]
    assert table(at, "E-mail")[["E-mail", "Role", "Status"]].values.tolist() == [
        ["admin@x.org", "Administrator", "active"]]


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_an_administrator_gets_the_page(admin_env, role):
    admin_env.save_user(ADMIN, f"{role}@x.org", "sen-ocrtis", role, "confidential")
    at = app_test(timeout=120)
    sign_in(at, {"is_logged_in": True, "email": f"{role}@x.org"})
    at.run()
    with pytest.raises(ValueError, match="admin.py"):  # not in the navigation: no URL reaches it
        at.switch_page("pages/admin.py")
    page = open_page_as(admin_env, role)  # and the page itself asks again
    assert page.error and not page.tabs and not page.text_input and not page.dataframe


def test_adding_then_renaming_an_agency(admin_env):
    at = open_admin()
    at.text_input(key=AdminKeys.AGENCY_ID).set_value("gha-nacob")
    at.text_input(key=AdminKeys.AGENCY_NAME).set_value("NACOB **gras**")
    at.selectbox(key=AdminKeys.AGENCY_COUNTRY).set_value("GHA")
    at.button(key=AdminKeys.AGENCY_SAVE).click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == r"Agence gha\-nacob ajoutée."
    stored = admin_env.agencies().set_index("agency").loc["gha-nacob"]
    assert (stored["name"], stored["country"]) == ("NACOB **gras**", "GHA")
    assert table(at, "Identifiant").set_index("Identifiant").loc["gha-nacob", "Pays"] == "Ghana (GHA)"  # refreshed
    assert audit_actions(admin_env)[0] == "agency_saved"
    trail = table(at, "Détail")
    assert trail.iloc[0]["Action"] == "Agence enregistrée" and trail.iloc[0]["Auteur"] == "admin@x.org"
    # Choosing an existing agency fills the form with what is stored; renaming keeps its id.
    at.selectbox(key=AdminKeys.AGENCY_PICK).set_value("mli-ocs").run()
    assert at.text_input(key=AdminKeys.AGENCY_ID).value == "mli-ocs"
    assert (at.text_input(key=AdminKeys.AGENCY_NAME).value, at.selectbox(key=AdminKeys.AGENCY_COUNTRY).value) == (
        "OCS", "MLI")
    at.text_input(key=AdminKeys.AGENCY_NAME).set_value("Office central des stupéfiants")
    at.button(key=AdminKeys.AGENCY_SAVE).click().run()
    assert at.success[0].value == r"Agence mli\-ocs modifiée."
    assert admin_env.agencies().set_index("agency").loc["mli-ocs", "name"] == "Office central des stupéfiants"
    assert audit_actions(admin_env)[:2] == ["agency_saved", "agency_saved"]


def test_an_agency_without_an_id_is_refused_and_nothing_changes(admin_env):
    at = open_admin("en")
    before, trail = admin_env.agencies(), len(admin_env.audit_log())
    at.text_input(key=AdminKeys.AGENCY_NAME).set_value("Nameless")
    at.button(key=AdminKeys.AGENCY_SAVE).click().run()
    assert not at.exception and not at.success
    assert at.error[0].value == r"Nothing was saved: Agency id\: required"
    assert admin_env.agencies().equals(before) and len(admin_env.audit_log()) == trail
    assert at.text_input(key=AdminKeys.AGENCY_NAME).value == "Nameless"  # what was typed stays, to be corrected


def test_adding_a_user_then_deactivating_them(admin_env):
    at = open_admin()
    at.text_input(key=AdminKeys.USER_EMAIL).set_value("Kofi@Nacob.gh")
    at.text_input(key=AdminKeys.USER_NAME).set_value("Kofi")
    at.selectbox(key=AdminKeys.USER_AGENCY).set_value("mli-ocs")
    at.selectbox(key=AdminKeys.USER_ROLE).set_value("analyst")
    at.selectbox(key=AdminKeys.USER_CLEARANCE).set_value("restricted")
    at.button(key=AdminKeys.USER_SAVE).click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == r"Utilisateur kofi@nacob\.gh ajouté."
    user = admin_env.find_user("kofi@nacob.gh")
    assert (user["agency"], user["role"], user["clearance"], user["active"]) == ("mli-ocs", "analyst", "restricted",
                                                                                 True)
    assert table(at, "Adresse e-mail").set_index("Adresse e-mail").loc["kofi@nacob.gh", "Statut"] == "actif"
    assert audit_actions(admin_env)[0] == "user_saved"
    at.selectbox(key=AdminKeys.USER_PICK).set_value("kofi@nacob.gh").run()
    assert at.selectbox(key=AdminKeys.USER_ROLE).value == "analyst" and at.checkbox(key=AdminKeys.USER_ACTIVE).value
    at.checkbox(key=AdminKeys.USER_ACTIVE).uncheck()
    at.button(key=AdminKeys.USER_SAVE).click().run()
    assert at.success[0].value == r"Utilisateur kofi@nacob\.gh modifié."
    assert admin_env.find_user("kofi@nacob.gh")["active"] is False
    assert table(at, "Adresse e-mail").set_index("Adresse e-mail").loc["kofi@nacob.gh", "Statut"] == "inactif"
    assert "actif: non" in table(at, "Détail").iloc[0]["Détail"]


@pytest.mark.parametrize(("email", "role", "active", "reason"), [
    ("", "viewer", True, "Adresse e-mail : obligatoire"),
    ("sans-arobase", "viewer", True, "une adresse de la forme nom@domaine est attendue"),
    ("admin@x.org", "viewer", True, "vous ne pouvez ni retirer vos propres droits"),
    ("admin@x.org", "admin", False, "vous ne pouvez ni retirer vos propres droits"),
])
def test_a_bad_user_is_refused_and_nothing_changes(admin_env, email, role, active, reason):
    at = open_admin()
    before, trail = admin_env.users(), len(admin_env.audit_log())
    at.text_input(key=AdminKeys.USER_EMAIL).set_value(email)
    at.selectbox(key=AdminKeys.USER_ROLE).set_value(role)
    at.checkbox(key=AdminKeys.USER_ACTIVE).set_value(active)
    at.button(key=AdminKeys.USER_SAVE).click().run()
    assert not at.exception and not at.success
    assert at.error[0].value.startswith("Rien n'a été enregistré")
    assert identity.markdown_literal(reason) in at.error[0].value
    assert admin_env.users().equals(before) and len(admin_env.audit_log()) == trail


def test_granting_and_revoking_an_agreement(admin_env):
    at = open_admin("en")
    assert any("No agreement" in info.value for info in at.info)
    at.selectbox(key=AdminKeys.OWNER).set_value("sen-ocrtis")
    at.selectbox(key=AdminKeys.PARTNER).set_value("mli-ocs")
    at.button(key=AdminKeys.GRANT).click().run()
    assert not at.exception and not at.error
    sentence = "OCRTIS (sen-ocrtis) shares its restricted records with OCS (mli-ocs)"
    assert at.success[0].value == "Agreement recorded: " + identity.markdown_literal(sentence) + "."
    assert admin_env.partners_of("mli-ocs") == ("sen-ocrtis",)
    assert table(at, "Agreement")["Agreement"].tolist() == [sentence]
    assert table(at, "Detail").iloc[0][["Action", "Target"]].tolist() == ["Sharing granted", "sen-ocrtis->mli-ocs"]
    at.selectbox(key=AdminKeys.AGREEMENT).set_value(("sen-ocrtis", "mli-ocs"))
    at.button(key=AdminKeys.REVOKE).click().run()
    assert at.success[0].value.startswith("Agreement revoked")
    assert admin_env.partners_of("mli-ocs") == () and audit_actions(admin_env)[:2] == ["sharing_revoked",
                                                                                        "sharing_granted"]
    assert any("No agreement" in info.value for info in at.info)


def test_sharing_with_itself_is_refused_and_nothing_changes(admin_env):
    at = open_admin()
    trail = len(admin_env.audit_log())
    at.selectbox(key=AdminKeys.OWNER).set_value("mli-ocs")
    at.selectbox(key=AdminKeys.PARTNER).set_value("mli-ocs")
    at.button(key=AdminKeys.GRANT).click().run()
    assert at.error[0].value == "Rien n'a été enregistré : une agence ne partage pas avec elle\\-même"
    assert admin_env.sharing().empty and len(admin_env.audit_log()) == trail


def test_the_audit_filters_narrow_the_trail(admin_env):
    admin_env.record_audit(Actor("cli:ops", None, "admin"), "export", target="out.csv", records=7,
                           filters={"substances": ["cocaine"], "countries": []})
    admin_env.save_agency(Actor("other@y.org", "mli-ocs", "admin"), "gha-nacob", name="NACOB")
    at = open_admin("en")
    trail = table(at, "Detail")
    assert len(trail) == 6 and trail.iloc[0]["Action"] == "Sign-in"  # newest first: this very sign-in
    assert trail.iloc[1]["Actor"] == "other@y.org"
    assert any(c.value == "6 event(s), newest first." for c in at.caption)
    at.multiselect(key=AdminKeys.ACTIONS).set_value(["export"]).run()
    only = table(at, "Detail")
    assert only[["Action", "Records", "Filters"]].values.tolist() == [["Export", "7", "substances: cocaine"]]
    at.multiselect(key=AdminKeys.ACTIONS).set_value([]).run()
    at.text_input(key=AdminKeys.ACTOR).set_value("OTHER").run()
    assert table(at, "Detail")["Target"].tolist() == ["gha-nacob"]
    at.text_input(key=AdminKeys.ACTOR).set_value("").run()
    at.selectbox(key=AdminKeys.AUDIT_AGENCY).set_value("sen-ocrtis").run()
    assert set(table(at, "Detail")["Actor's agency"]) == {"sen-ocrtis"} and len(table(at, "Detail")) == 4
    tomorrow = date.today() + timedelta(days=1)
    at.date_input(key=AdminKeys.DATES).set_value((tomorrow, tomorrow + timedelta(days=3))).run()
    assert not at.exception
    assert any(info.value == "No event matches these filters." for info in at.info)
    assert not at.get("download_button")


def test_the_trail_cannot_be_edited_and_its_download_is_itself_audited(admin_env, deferred_downloads):
    admin_env.record_audit(ADMIN, "export", target="=HYPERLINK(\"http://e.vil\")", records=1)
    at = open_admin()
    assert not at.data_editor  # every table is read-only
    assert sorted(b.key for b in at.button) == [AdminKeys.AGENCY_SAVE, AdminKeys.GRANT, AdminKeys.USER_SAVE]
    source = (Path(__file__).resolve().parent.parent / "pages" / "admin.py").read_text(encoding="utf-8")
    assert "data_editor" not in source and "delete" not in source.lower()
    shown = len(admin_env.audit_log())
    download = at.get("download_button")[0]
    assert download.label == "Télécharger le journal filtré (CSV)"
    content = deferred_downloads[download.proto.deferred_file_id]().decode("utf-8")
    assert content.startswith("Date (UTC),Auteur,") and len(content.strip().splitlines()) == shown + 1
    assert "'=HYPERLINK" in content  # a formula in the trail stays text in a spreadsheet
    event = admin_env.audit_log().iloc[0]
    assert (event["action"], event["target"], event["records"], event["actor"]) == (
        "export", "couloirs-audit.csv", shown, "admin@x.org")
    assert len(admin_env.audit_log()) == shown + 1
