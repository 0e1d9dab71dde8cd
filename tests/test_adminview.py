"""What the Administration page shows and changes, without Streamlit: labels, tables, audit rows, form outcomes."""

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from geo import access, i18n, reference
from geo.access import Actor
from geo.access import administration as adminview
from geo.access.administration import AuditQuery
from geo.access.identity import markdown_literal
from geo.i18n import admin as i18n_admin
from geo.i18n import translate
from geo.store import base as storebase

ADMIN = Actor("admin@x.org", "sen-ocrtis", "admin")


@pytest.fixture
def registered(store):
    store.save_agency(ADMIN, "sen-ocrtis", name="OCRTIS", country="SEN")
    store.save_agency(ADMIN, "mli-ocs", name="Office central des stupéfiants", country="MLI")
    store.save_agency(ADMIN, "unodc", name="UNODC", country=None)
    store.save_user(ADMIN, "admin@x.org", "sen-ocrtis", "admin", "confidential", name="Awa Diop")
    return store


def _audit_count(store) -> int:
    return len(store.audit_log())


# -- strings --------------------------------------------------------------------------------------------------------
def test_every_string_is_bilingual_with_the_same_placeholders():
    for key, texts in i18n_admin.STRINGS.items():
        assert texts["fr"] and texts["en"], key
        assert set(re.findall(r"{(\w+)}", texts["fr"])) == set(re.findall(r"{(\w+)}", texts["en"])), key


def test_strings_are_merged_into_the_app_table_and_collide_with_none_of_its_own():
    assert i18n.t("page_admin", "fr") == i18n.t("page_admin", "en") == "Administration"
    # The app's own keys as written in geo/i18n/translate.py; after the merge a collision would be silently overwritten.
    tree = ast.parse(Path(translate.__file__).read_text(encoding="utf-8"))
    table = next(node.value for node in tree.body if isinstance(node, ast.AnnAssign)
                 and getattr(node.target, "id", None) == "STRINGS")
    assert {key.value for key in table.keys} & set(i18n_admin.STRINGS) == set()
    for key, texts in i18n_admin.STRINGS.items():
        assert i18n.STRINGS[key] is texts
        assert key == "page_admin" or key.startswith("admin_"), key


@pytest.mark.parametrize("action", storebase.AUDIT_ACTIONS)
def test_every_audit_action_has_words_in_both_languages(action):
    fr, en = adminview.action_label(action, "fr"), adminview.action_label(action, "en")
    assert fr and en and "_" not in fr and "_" not in en


@pytest.mark.parametrize(("role", "fr", "en"), [
    ("viewer", "Lecteur", "Viewer"), ("analyst", "Analyste", "Analyst"), ("admin", "Administrateur", "Administrator"),
    (None, "", ""), ("auditor", "auditor", "auditor"),
])
def test_role_labels(role, fr, en):
    assert (adminview.role_label(role, "fr"), adminview.role_label(role, "en")) == (fr, en)


def test_clearance_status_and_country_labels():
    assert [adminview.clearance_label(c, "fr") for c in access.CLEARANCES] == ["public", "restreint", "confidentiel"]
    assert (adminview.status_label(True, "fr"), adminview.status_label(False, "en")) == ("actif", "inactive")
    assert adminview.country_label("SEN", "fr") == "Sénégal (SEN)"
    assert adminview.country_label("", "en").startswith("— none")


def test_country_choices_start_with_none_then_the_study_countries():
    options = adminview.country_options()
    assert options[0] == adminview.NO_COUNTRY
    assert options[1: 1 + len(reference.STUDY_COUNTRIES)] == list(reference.STUDY_COUNTRIES)
    assert {"FRA", "BRA", "NLD"} <= set(options) and len(options) == len(set(options))
    assert adminview.country_options("XKX")[-1] == "XKX"  # a stored value outside the list stays selectable


@pytest.mark.slow
@pytest.mark.parametrize(("typed", "shown"), [
    ("**x**", r"\*\*x\*\*"),
    ("![x](http://e.vil/p.png)", r"\!\[x\]\(http\://e\.vil/p\.png\)"),
    (":red[alerte]\n# <b>", r"\:red\[alerte\] \# \<b\>"),
])
def test_typed_values_are_escaped_before_reaching_a_message(registered, typed, shown):
    outcome = adminview.save_agency(registered, ADMIN, typed, "X", "", "en")
    assert outcome == adminview.Outcome("success", f"Agency {shown} added.")


# -- tables ---------------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_agency_table_in_both_languages(registered):
    fr = adminview.agencies_table(registered.agencies(), "fr")
    en = adminview.agencies_table(registered.agencies(), "en")
    assert list(fr.columns) == ["Identifiant", "Nom", "Pays", "Enregistrée le (UTC)"]
    assert list(en.columns) == ["Id", "Name", "Country", "Registered (UTC)"]
    rows = fr.set_index("Identifiant")
    assert rows.loc["mli-ocs", "Pays"] == "Mali (MLI)" and rows.loc["unodc", "Pays"] == "—"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows.loc["unodc", "Enregistrée le (UTC)"])


@pytest.mark.slow
def test_user_table_shows_roles_clearance_and_status_in_words(registered):
    registered.save_user(ADMIN, "Lecteur@X.org", "mli-ocs", "viewer", "public", active=False)
    fr = adminview.users_table(registered.users(), "fr").set_index("Adresse e-mail")
    assert fr.loc["admin@x.org", ["Nom", "Rôle", "Habilitation", "Statut"]].tolist() == [
        "Awa Diop", "Administrateur", "confidentiel", "actif"]
    assert fr.loc["lecteur@x.org", ["Nom", "Rôle", "Statut"]].tolist() == ["", "Lecteur", "inactif"]
    en = adminview.users_table(registered.users(), "en")
    assert list(en.columns) == ["E-mail", "Name", "Agency", "Role", "Clearance", "Status", "Last changed (UTC)"]
    assert set(en["Status"]) == {"active", "inactive"}


@pytest.mark.slow
def test_sharing_in_plain_words(registered):
    registered.set_sharing(ADMIN, "sen-ocrtis", "mli-ocs")
    fr = adminview.sharing_table(registered.sharing(), registered.agencies(), "fr")
    en = adminview.sharing_table(registered.sharing(), registered.agencies(), "en")
    assert fr["Accord"].tolist() == [
        "OCRTIS (sen-ocrtis) partage ses saisies restreintes avec Office central des stupéfiants (mli-ocs)"]
    assert en["Agreement"].tolist() == [
        "OCRTIS (sen-ocrtis) shares its restricted records with Office central des stupéfiants (mli-ocs)"]
    assert en["Granted by"].tolist() == ["admin@x.org"]
    assert adminview.agreements(registered.sharing()) == [("sen-ocrtis", "mli-ocs")]


@pytest.mark.slow
def test_audit_rows_are_decoded_into_short_text(registered):
    registered.set_sharing(ADMIN, "sen-ocrtis", "mli-ocs")
    registered.record_audit(Actor("cli:ops", None, "admin"), "export", target="out.csv", records=12,
                            filters={"substances": ["cocaine", "cannabis"], "countries": [], "from": "2021-01-01",
                                     "to": None, "as": "mli-ocs/restricted"})
    fr = adminview.audit_table(registered.audit_log(), "fr")
    assert list(fr.columns) == ["Date (UTC)", "Auteur", "Agence de l'auteur", "Rôle", "Action", "Objet", "Saisies",
                                "Filtres", "Détail"]
    export, sharing, user = fr.iloc[0], fr.iloc[1], fr.iloc[2]  # newest first
    assert export["Action"] == "Export" and export["Saisies"] == "12" and export["Agence de l'auteur"] == ""
    assert export["Filtres"] == "vu comme: mli-ocs/restricted; du: 2021-01-01; substances: cocaine, cannabis"
    assert sharing["Action"] == "Partage accordé" and sharing["Objet"] == "sen-ocrtis->mli-ocs"
    assert sharing["Saisies"] == "" and sharing["Détail"] == ""
    assert user["Action"] == "Utilisateur enregistré" and user["Rôle"] == "Administrateur"
    assert user["Détail"] == (
        "actif: oui; agence: sen-ocrtis; habilitation: confidentiel; nouveau: oui; rôle: Administrateur")
    en = adminview.audit_table(registered.audit_log(), "en")
    assert en.iloc[2]["Detail"] == (
        "active: yes; agency: sen-ocrtis; clearance: confidential; new: yes; role: Administrator")


@pytest.mark.parametrize(("text", "fr"), [
    (None, ""),
    ('{"notes": {"old": null, "new": "vu"}, "sensitivity": {"old": "public", "new": "restricted"}}',
     "notes: — → vu; sensibilité: public → restreint"),
    ('{"file": "registre.csv", "rows": 6, "quarantined": 2}', "fichier: registre.csv; lignes: 6; en quarantaine: 2"),
    ("not json {", "not json {"),
    ('{"unknown_key": [1, 2]}', "unknown_key: 1, 2"),
])
def test_describe(text, fr):
    assert adminview.describe(text, "fr") == fr


def test_describe_keeps_a_long_detail_short():
    text = adminview.describe('{"name": "' + "x" * 500 + '"}', "en")
    assert len(text) == adminview.SHORT_TEXT and text.endswith("…")


# -- audit filters --------------------------------------------------------------------------------------------------
def test_audit_query_from_widgets():
    day = date(2025, 3, 1)
    assert AuditQuery.from_widgets([], "", "", ()) == AuditQuery()
    assert AuditQuery.from_widgets(["export", "bogus"], "  ADMIN ", "mli-ocs", (day,)) == AuditQuery(
        ("export",), "ADMIN", "mli-ocs", day, None)
    assert AuditQuery.from_widgets([], None, None, (day, day)).until == day
    assert AuditQuery.from_widgets([], None, None, day).since == day


@pytest.mark.slow
def test_audit_query_narrows_the_trail(registered):
    registered.save_agency(Actor("other@y.org", "mli-ocs", "admin"), "gha-nacob", name="NACOB")
    every = registered.audit_log(**AuditQuery().arguments())
    assert len(every) == 5
    users = registered.audit_log(**AuditQuery(actions=("user_saved",)).arguments())
    assert users["action"].tolist() == ["user_saved"]
    other = registered.audit_log(**AuditQuery(actor="OTHER").arguments())
    assert other["target"].tolist() == ["gha-nacob"]
    assert registered.audit_log(**AuditQuery(agency="mli-ocs").arguments())["actor"].tolist() == ["other@y.org"]
    tomorrow = date.today() + timedelta(days=1)
    assert registered.audit_log(**AuditQuery(since=tomorrow).arguments()).empty
    assert len(registered.audit_log(**AuditQuery(until=date.today() + timedelta(days=1)).arguments())) == 5


def test_the_audit_filters_as_the_download_records_them():
    query = AuditQuery(("export",), "admin", None, date(2025, 1, 1), None)
    assert query.as_filters() == {"action": ["export"], "actor": "admin", "agency": None, "from": "2025-01-01",
                                  "to": None}
    assert adminview.describe('{"action": ["export"], "actor": "admin", "from": "2025-01-01"}', "fr") == (
        "actions: export; auteur: admin; du: 2025-01-01")


def test_audit_caption_says_when_the_list_is_cut():
    assert adminview.audit_caption(3, "en") == "3 event(s), newest first."
    assert "précisez les filtres" in adminview.audit_caption(adminview.AUDIT_LIMIT, "fr")


# -- forms ----------------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_form_defaults(registered):
    agencies, users = registered.agencies(), registered.users()
    assert adminview.agency_form(agencies, "sen-ocrtis") == {"id": "sen-ocrtis", "name": "OCRTIS", "country": "SEN"}
    assert adminview.agency_form(agencies, "unodc")["country"] == adminview.NO_COUNTRY
    assert adminview.agency_form(agencies, None) == {"id": "", "name": "", "country": ""}
    assert adminview.user_form(users, "admin@x.org", ["mli-ocs"]) == {
        "email": "admin@x.org", "name": "Awa Diop", "agency": "sen-ocrtis", "role": "admin",
        "clearance": "confidential", "active": True}
    assert adminview.user_form(users, "", ["mli-ocs", "sen-ocrtis"]) == {
        "email": "", "name": "", "agency": "mli-ocs", "role": "viewer", "clearance": "restricted", "active": True}


def test_form_state_keeps_what_was_typed_and_replaces_stale_choices():
    values = {"email": "", "agency": "a"}
    assert adminview.form_state("p_", values) == {"p_email": "", "p_agency": "a"}
    current = {"p_email": "typed@x.org", "p_agency": "gone"}
    assert adminview.form_state("p_", values, current, {"agency": ["a", "b"]}) == {"p_agency": "a"}
    assert adminview.form_state("p_", values, {"p_email": "x", "p_agency": "b"}, {"agency": ["a", "b"]}) == {}


@pytest.mark.slow
def test_saving_an_agency_adds_then_renames_it_with_an_audit_row_each(registered):
    before = _audit_count(registered)
    added = adminview.save_agency(registered, ADMIN, " gha-nacob ", " NACOB ", "GHA", "fr")
    assert added == adminview.Outcome("success", r"Agence gha\-nacob ajoutée.")
    renamed = adminview.save_agency(registered, ADMIN, "gha-nacob", "Narcotics Control Commission", "", "en")
    assert renamed == adminview.Outcome("success", r"Agency gha\-nacob changed.")
    row = registered.agencies().set_index("agency").loc["gha-nacob"]
    assert row["name"] == "Narcotics Control Commission" and pd.isna(row["country"])
    assert registered.audit_log()["action"].tolist()[:2] == ["agency_saved", "agency_saved"]
    assert _audit_count(registered) == before + 2


@pytest.mark.slow
@pytest.mark.parametrize(("agency", "name", "country", "reason"), [
    ("", "X", "SEN", "Identifiant de l'agence : obligatoire"),
    ("   ", "X", "SEN", "Identifiant de l'agence : obligatoire"),
    ("x", "", "SEN", "Nom complet : obligatoire"),
    ("x" * 65, "X", "SEN", "64 caractères au plus"),
    ("x", "X", "ATL", "pays ATL : code ISO3 inconnu"),
])
def test_a_bad_agency_changes_nothing(registered, agency, name, country, reason):
    before, audit = registered.agencies(), _audit_count(registered)
    outcome = adminview.save_agency(registered, ADMIN, agency, name, country, "fr")
    assert outcome.kind == "error" and outcome.message.startswith("Rien n'a été enregistré")
    assert markdown_literal(reason) in outcome.message
    pd.testing.assert_frame_equal(registered.agencies(), before)
    assert _audit_count(registered) == audit


@pytest.mark.slow
def test_saving_a_user_adds_then_deactivates(registered):
    added = adminview.save_user(registered, ADMIN, " Kofi@Nacob.GH ", "Kofi", "mli-ocs", "analyst", "restricted",
                                True, "en")
    assert added == adminview.Outcome("success", r"User kofi@nacob\.gh added.")
    changed = adminview.save_user(registered, ADMIN, "kofi@nacob.gh", "Kofi", "mli-ocs", "analyst", "restricted",
                                  False, "fr")
    assert changed.ok and "modifié" in changed.message
    assert registered.find_user("kofi@nacob.gh")["active"] is False
    detail = registered.audit_log(actions=["user_saved"])["detail"].iloc[0]
    assert adminview.describe(detail, "en") == (
        "active: no; agency: mli-ocs; clearance: restricted; new: no; role: Analyst")


@pytest.mark.slow
@pytest.mark.parametrize(("email", "agency", "role", "active", "reason"), [
    ("", "mli-ocs", "viewer", True, "Adresse e-mail : obligatoire"),
    ("not-an-address", "mli-ocs", "viewer", True, "adresse e-mail not-an-address"),
    ("x@y.org", "nowhere", "viewer", True, "agency 'nowhere': unknown"),  # the store's own message
    ("x@y.org", "mli-ocs", "boss", True, "role 'boss'"),
    ("admin@x.org", "sen-ocrtis", "analyst", True, "vous ne pouvez ni retirer"),
    ("ADMIN@x.org", "sen-ocrtis", "admin", False, "vous ne pouvez ni retirer"),
])
def test_a_bad_user_changes_nothing(registered, email, agency, role, active, reason):
    before, audit = registered.users(), _audit_count(registered)
    outcome = adminview.save_user(registered, ADMIN, email, "", agency, role, "public", active, "fr")
    assert outcome.kind == "error" and markdown_literal(reason) in outcome.message
    pd.testing.assert_frame_equal(registered.users(), before)
    assert _audit_count(registered) == audit


@pytest.mark.slow
def test_granting_and_revoking_an_agreement(registered):
    granted = adminview.grant_sharing(registered, ADMIN, "sen-ocrtis", "unodc", "en")
    assert granted.ok and granted.message == "Agreement recorded: " + markdown_literal(
        "OCRTIS (sen-ocrtis) shares its restricted records with UNODC (unodc)") + "."
    assert registered.partners_of("unodc") == ("sen-ocrtis",)
    audit = _audit_count(registered)
    again = adminview.grant_sharing(registered, ADMIN, "sen-ocrtis", "unodc", "fr")
    assert again.kind == "info" and "existe déjà" in again.message
    assert _audit_count(registered) == audit  # nothing re-granted, the first grant's date and author stay
    revoked = adminview.revoke_sharing(registered, ADMIN, ("sen-ocrtis", "unodc"), "fr")
    assert revoked.ok and "Accord révoqué" in revoked.message
    assert registered.partners_of("unodc") == ()
    assert registered.audit_log()["action"].tolist()[:2] == ["sharing_revoked", "sharing_granted"]


@pytest.mark.slow
@pytest.mark.parametrize(("owner", "partner", "reason"), [
    ("sen-ocrtis", "sen-ocrtis", "une agence ne partage pas avec elle-même"),
    ("sen-ocrtis", None, "Agence qui reçoit : obligatoire"),
    ("sen-ocrtis", "nowhere", "agency 'nowhere': unknown"),
])
def test_a_bad_agreement_changes_nothing(registered, owner, partner, reason):
    audit = _audit_count(registered)
    outcome = adminview.grant_sharing(registered, ADMIN, owner, partner, "fr")
    assert outcome.kind == "error" and markdown_literal(reason) in outcome.message
    assert registered.sharing().empty and _audit_count(registered) == audit


@pytest.mark.slow
def test_revoking_an_agreement_that_is_gone_says_so(registered):
    outcome = adminview.revoke_sharing(registered, ADMIN, ("sen-ocrtis", "mli-ocs"), "en")
    assert outcome.kind == "error" and "no longer exists" in outcome.message
    assert adminview.revoke_sharing(registered, ADMIN, None, "en").kind == "error"
