"""Who sees which records: the rule, its SQL and DataFrame forms, sharing, clearance, the audit trail."""

import itertools
import sqlite3

import pandas as pd
import pytest

from geo import access
from geo.access import Actor, Viewer
from geo.core.filters import RecordFilter
from geo.store.base import AccessDenied, Batch
from tests.support import make_records

ADMIN = Actor("admin@couloirs.org", "sen-ocrtis", "admin")
AGENCIES = ("sen-ocrtis", "mli-ocs", "gha-nacob")


def _every_combination() -> pd.DataFrame:
    rows = [
        {"source_ref": f"{agency}-{level}-{dataset}", "record_id": f"{agency}-{level}-{dataset}", "agency": agency,
         "sensitivity": level, "dataset": dataset}
        for agency, level, dataset in itertools.product(AGENCIES, access.CLEARANCES, ("agency", "demo", "public"))
    ]
    return make_records(*rows)


@pytest.fixture
def shared_store(store):
    for agency in AGENCIES:
        store.save_agency(ADMIN, agency, name=agency.upper())
    store.write_batch(_every_combination(), Batch(kind="import", created_by="test"))
    return store


def _seen(store, viewer):
    return set(store.query(RecordFilter(viewer=viewer))["record_id"])


def test_an_agency_sees_public_records_and_its_own_only():
    frame = _every_combination()
    seen = set(frame.loc[access.visible(frame, Viewer.of_agency("mli-ocs")), "record_id"])
    assert seen == ({r for r in frame["record_id"] if "-public-" in r}
                    | {r for r in frame["record_id"] if r.startswith("mli-ocs-")})


@pytest.mark.slow
@pytest.mark.parametrize(
    "viewer",
    [
        Viewer.administrator(),
        Viewer.open_demo(),
        *(Viewer.of_agency(a, c) for a in AGENCIES for c in access.CLEARANCES),
        Viewer.of_agency("mli-ocs", "restricted", partners=("sen-ocrtis",)),
        Viewer.of_agency("mli-ocs", "public", partners=("sen-ocrtis",)),
        Viewer.of_agency("unknown-agency"),
    ],
    ids=lambda v: v.key,
)
def test_the_store_and_the_dataframe_rule_agree(shared_store, viewer):
    for owner in viewer.partners:  # PostGIS row-level security reads the agreements from the store itself
        shared_store.set_sharing(ADMIN, owner, viewer.agency)
    frame = _every_combination()
    assert _seen(shared_store, viewer) == set(frame.loc[access.visible(frame, viewer), "record_id"])


@pytest.mark.slow
def test_each_level_reaches_exactly_whom_it_should(shared_store):
    shared_store.set_sharing(ADMIN, "sen-ocrtis", "mli-ocs")
    seen = _seen(shared_store, shared_store.viewer_for("mli-ocs"))
    assert "sen-ocrtis-restricted-agency" in seen  # shared with Mali
    assert "sen-ocrtis-confidential-agency" not in seen  # never shared
    assert "gha-nacob-restricted-agency" not in seen  # Ghana shares with nobody
    assert "mli-ocs-confidential-agency" in seen
    assert not _seen(shared_store, shared_store.viewer_for("mli-ocs", "restricted")) & {"mli-ocs-confidential-agency"}
    demo = _seen(shared_store, Viewer.open_demo())
    # The anonymous demo sees what is marked public, synthetic or not: a level means the same for everyone.
    assert demo == {r for r in _every_combination()["record_id"] if "-public-" in r}
    assert len(_seen(shared_store, Viewer.administrator())) == len(_every_combination())


@pytest.mark.slow
def test_sharing_is_directional_and_revocable(shared_store):
    shared_store.set_sharing(ADMIN, "sen-ocrtis", "mli-ocs")
    assert shared_store.partners_of("mli-ocs") == ("sen-ocrtis",)
    assert shared_store.partners_of("sen-ocrtis") == ()
    mali = shared_store.viewer_for("mli-ocs")
    assert "sen-ocrtis-restricted-agency" in _seen(shared_store, mali)
    assert "mli-ocs-restricted-agency" not in _seen(shared_store, shared_store.viewer_for("sen-ocrtis"))
    assert shared_store.record("sen-ocrtis-restricted-agency", mali) is not None
    assert shared_store.record("sen-ocrtis-confidential-agency", mali) is None
    shared_store.set_sharing(ADMIN, "sen-ocrtis", "mli-ocs", shared=False)
    after = shared_store.viewer_for("mli-ocs")
    assert after != mali  # a different cache key: nothing computed under the agreement is reused
    assert "sen-ocrtis-restricted-agency" not in _seen(shared_store, after)
    actions = list(shared_store.audit_log(actions=["sharing_granted", "sharing_revoked"])["action"])
    assert actions == ["sharing_revoked", "sharing_granted"]


@pytest.mark.slow
def test_sharing_needs_two_registered_agencies(shared_store):
    with pytest.raises(ValueError, match="unknown"):
        shared_store.set_sharing(ADMIN, "sen-ocrtis", "nowhere")
    with pytest.raises(ValueError, match="itself"):
        shared_store.set_sharing(ADMIN, "sen-ocrtis", "sen-ocrtis")
    assert shared_store.sharing().empty


def test_viewers_are_cache_keys_that_carry_agency_clearance_and_partners():
    base = Viewer.of_agency("mli-ocs", "restricted")
    assert base == Viewer.of_agency("mli-ocs", "restricted")
    assert len({base, Viewer.of_agency("mli-ocs", "confidential"), Viewer.of_agency("sen-ocrtis", "restricted"),
                Viewer.of_agency("mli-ocs", "restricted", partners=("sen-ocrtis",))}) == 4
    assert RecordFilter(viewer=base) != RecordFilter(viewer=Viewer.of_agency("sen-ocrtis", "restricted"))
    assert Viewer.of_agency("mli-ocs", partners=["b", "a", "mli-ocs"]).partners == ("a", "b")


def test_bad_viewers_are_refused():
    with pytest.raises(ValueError, match="clearance"):
        Viewer.of_agency("mli-ocs", "secret")
    with pytest.raises(ValueError, match="agency"):
        Viewer.of_agency("")


@pytest.mark.slow
def test_hostile_agency_ids_stay_values(shared_store):
    hostile = "x') OR ('1'='1"
    shared_store.save_agency(ADMIN, hostile)
    shared_store.set_sharing(ADMIN, hostile, "mli-ocs")
    seen = _seen(shared_store, shared_store.viewer_for("mli-ocs"))
    assert seen == _seen(shared_store, Viewer.of_agency("mli-ocs", partners=(hostile,)))
    assert not {r for r in seen if r.startswith(("sen-ocrtis-restricted", "gha-nacob-restricted"))}
    assert _seen(shared_store, Viewer.of_agency(hostile)) == _seen(shared_store, Viewer.of_agency("nobody"))


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("demo", ("map", "trends", "records", "briefing")),
        ("viewer", ("map", "trends", "records", "briefing")),
        ("analyst", ("map", "trends", "records", "briefing", "import")),
        ("admin", ("map", "trends", "records", "briefing", "import", "admin")),
    ],
)
def test_pages_per_role(role, pages):
    assert access.pages_for(role) == pages
    assert access.may_open(role, "admin") == (role == "admin")


def test_an_unknown_role_opens_nothing():
    with pytest.raises(ValueError, match="role"):
        access.pages_for("superuser")


def test_users_are_matched_on_subject_then_email(store):
    store.save_agency(ADMIN, "sen-ocrtis")
    store.save_user(ADMIN, "Awa.Diop@OCRTIS.sn", "sen-ocrtis", "analyst", "confidential", name="Awa Diop",
                    subject="kc|123")
    assert store.find_user(email="awa.diop@ocrtis.sn")["role"] == "analyst"
    assert store.find_user(subject="kc|123", email="someone@else.org")["email"] == "awa.diop@ocrtis.sn"
    assert store.find_user(email="other@ocrtis.sn") is None
    store.save_user(ADMIN, "awa.diop@ocrtis.sn", "sen-ocrtis", "viewer", "restricted", active=False)
    changed = store.find_user(email="awa.diop@ocrtis.sn")
    assert (changed["role"], changed["clearance"], changed["active"], changed["subject"]) == (
        "viewer", "restricted", False, "kc|123")
    assert len(store.users()) == 1


@pytest.mark.parametrize(
    ("email", "agency", "role", "clearance", "message"),
    [
        ("", "sen-ocrtis", "viewer", "public", "email"),
        ("a@b.c", "nowhere", "viewer", "public", "unknown"),
        ("a@b.c", "sen-ocrtis", "root", "public", "role"),
        ("a@b.c", "sen-ocrtis", "viewer", "secret", "clearance"),
    ],
)
def test_bad_users_are_refused_and_change_nothing(store, email, agency, role, clearance, message):
    store.save_agency(ADMIN, "sen-ocrtis")
    with pytest.raises(ValueError, match=message):
        store.save_user(ADMIN, email, agency, role, clearance)
    assert store.users().empty
    assert store.audit_log(actions=["user_saved"]).empty


@pytest.mark.slow
def test_every_change_is_in_the_audit_trail(shared_store):
    shared_store.save_user(ADMIN, "analyst@ocs.ml", "mli-ocs", "analyst")
    shared_store.record_audit(Actor("analyst@ocs.ml", "mli-ocs", "analyst"), "export", target="saisies.csv",
                              records=12, filters={"substances": ["cocaine"]})
    log = shared_store.audit_log()
    assert list(log["action"][:2]) == ["export", "user_saved"]
    export = log.iloc[0]
    assert (export["actor"], export["agency"], export["records"], export["target"]) == (
        "analyst@ocs.ml", "mli-ocs", 12, "saisies.csv")
    assert '"cocaine"' in export["filters"]
    imported = shared_store.audit_log(actions=["import"]).iloc[0]
    assert imported["records"] == len(_every_combination())
    assert len(shared_store.audit_log(actions=["agency_saved"])) == len(AGENCIES)
    assert list(shared_store.audit_log(actor="ANALYST@")["action"]) == ["export"]  # case-insensitive part
    assert shared_store.audit_log(agency="gha-nacob").empty
    with pytest.raises(ValueError, match="audit action"):
        shared_store.record_audit(ADMIN, "delete_everything")


def test_the_audit_trail_cannot_be_rewritten_in_the_geopackage(tmp_path):
    from geo.store import GeoPackageStore

    store = GeoPackageStore(tmp_path / "audit.gpkg")
    store.record_audit(ADMIN, "export", target="a.csv", records=1)
    with sqlite3.connect(store.path) as connection:
        for statement in ("UPDATE audit SET actor = 'nobody'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)
    assert store.audit_log()["actor"].tolist() == [ADMIN.name]


@pytest.mark.slow
def test_owner_analysts_edit_records_and_the_old_values_are_kept(shared_store):
    senegal = Actor("analyst@ocrtis.sn", "sen-ocrtis", "analyst")
    viewer = shared_store.viewer_for("sen-ocrtis")
    before = shared_store.version()
    changed = shared_store.edit_record(senegal, viewer, "sen-ocrtis-restricted-agency",
                                       {"sensitivity": "public", "notes": "déclassifié « PV 12 »"})
    assert changed == {"sensitivity": ["restricted", "public"], "notes": [None, "déclassifié « PV 12 »"]}
    assert shared_store.version() != before
    assert "sen-ocrtis-restricted-agency" in _seen(shared_store, Viewer.of_agency("gha-nacob"))
    edit = shared_store.audit_log(actions=["record_edit"]).iloc[0]
    assert edit["target"] == "sen-ocrtis-restricted-agency" and '"old": "restricted"' in edit["detail"]
    assert shared_store.edit_record(senegal, viewer, "sen-ocrtis-restricted-agency", {"sensitivity": "public"}) == {}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("actor", "record_id", "changes", "error"),
    [
        (Actor("viewer@ocrtis.sn", "sen-ocrtis", "viewer"), "sen-ocrtis-public-agency", {"notes": "x"}, AccessDenied),
        (Actor("analyst@ocs.ml", "mli-ocs", "analyst"), "sen-ocrtis-public-agency", {"notes": "x"}, AccessDenied),
        (Actor("analyst@ocs.ml", "mli-ocs", "analyst"), "sen-ocrtis-confidential-agency", {"notes": "x"},
         AccessDenied),
        (Actor("analyst@ocrtis.sn", "sen-ocrtis", "analyst"), "sen-ocrtis-public-agency", {"quantity": 1},
         ValueError),
        (Actor("analyst@ocrtis.sn", "sen-ocrtis", "analyst"), "sen-ocrtis-public-agency",
         {"sensitivity": "secret"}, ValueError),
    ],
)
def test_edits_outside_the_rules_are_refused(shared_store, actor, record_id, changes, error):
    viewer = shared_store.viewer_for(actor.agency)
    with pytest.raises(error):
        shared_store.edit_record(actor, viewer, record_id, changes)
    assert shared_store.audit_log(actions=["record_edit"]).empty
    assert shared_store.record(record_id)["notes"] is None
