"""Saved mapping profiles on both backends: who sees them, replacing and removing audited, older stores migrated."""

import json
import sqlite3

import pandas as pd
import psycopg
import pytest

from geo.access import Actor, Viewer
from geo.ingest import profiles
from geo.ingest.mapping import ColumnMapping
from geo.ingest.settings import ImportSettings
from geo.store import open_store
from geo.store.base import AccessDenied, UnknownProfile
from tests.support import REGISTER_HEADER
from tests.support.postgis import init_schema, owner_url

SEN = Actor("analyst@sen.example", "sen-ocrtis", "viewer")
MLI = Actor("analyst@mli.example", "mli-ocs", "analyst")
ADMIN = Actor("admin@mli.example", "mli-ocs", "admin")
MAPPING = ColumnMapping({"N° PV": "source_ref", "Date de saisie": "date", "Produit": "substance",
                         "Quantité": "quantity", "Observations": None}, default_unit="kg")
# Beyond the columns: value mappings, a constant for every row, the fiscal year start.
RICHER = ImportSettings(values={"substance": {"Chanvre": "cannabis_herb"}}, constants={"country": "SEN"},
                        fiscal_year_start=7)


def reopen(store) -> str:
    return getattr(store, "url", None) or str(store.path)


@pytest.mark.slow
def test_profiles_are_the_agencys_own_and_changes_are_audited(store):
    settings = profiles.settings_of(MAPPING, RICHER)
    assert store.save_mapping_profile(SEN, "sen-ocrtis", "Registre mensuel", settings, REGISTER_HEADER) is True
    store.save_mapping_profile(MLI, "mli-ocs", "OCS", profiles.settings_of(MAPPING), ["N° PV"])

    found = store.mapping_profile(SEN, "sen-ocrtis", "Registre mensuel")
    assert found["settings"] == settings and found["headers"] == REGISTER_HEADER
    read = profiles.read_settings(found["settings"])
    assert (read.values, read.constants, read.fiscal_year_start) == (RICHER.values, RICHER.constants, 7)
    assert read.columns == MAPPING.fields and read.default_unit == "kg"
    assert profiles.mapping_of(profiles.settings_of(MAPPING)) == MAPPING

    assert list(store.mapping_profiles(SEN)["agency"]) == ["sen-ocrtis"]  # not Mali's
    if hasattr(store, "url"):  # row-level security applies the rule inside the server, whatever the query says
        for viewer, seen in ((Viewer.of_agency("sen-ocrtis"), 1), (Viewer(), 0), (Viewer.administrator(), 2)):
            with store.connect(viewer) as connection:
                assert connection.execute("SELECT count(*) FROM mapping_profiles").fetchone()[0] == seen
    assert list(store.mapping_profiles(ADMIN)["agency"]) == ["mli-ocs", "sen-ocrtis"]
    with pytest.raises(AccessDenied):
        store.mapping_profile(MLI, "sen-ocrtis", "Registre mensuel")
    with pytest.raises(AccessDenied):
        store.save_mapping_profile(MLI, "sen-ocrtis", "x", settings, [])

    changed = profiles.settings_of(ColumnMapping({**MAPPING.fields, "Observations": "notes"}), RICHER)
    assert store.save_mapping_profile(SEN, "sen-ocrtis", "Registre mensuel", changed, REGISTER_HEADER) is False
    assert len(store.mapping_profiles(SEN)) == 1
    saved = store.audit_log(actions=["profile_saved"]).iloc[0]
    detail = json.loads(saved["detail"])
    assert saved["actor"] == SEN.name and saved["target"] == "Registre mensuel"
    assert detail["old"]["columns"]["Observations"] is None and detail["new"]["columns"]["Observations"] == "notes"

    with pytest.raises(UnknownProfile):
        store.remove_mapping_profile(SEN, "sen-ocrtis", "nope")
    store.remove_mapping_profile(SEN, "sen-ocrtis", "Registre mensuel")
    assert store.mapping_profiles(SEN).empty
    removed = store.audit_log(actions=["profile_removed"]).iloc[0]
    assert json.loads(removed["detail"])["old"]["columns"]["Observations"] == "notes"


@pytest.mark.slow
def test_a_store_made_before_profiles_and_undo_gains_them_when_opened(store):
    if hasattr(store, "url"):  # as the owner role: the app role may not alter tables; geo init upgrades
        with psycopg.connect(owner_url(store.url)) as connection:
            connection.execute("DROP TABLE mapping_profiles")
            connection.execute("ALTER TABLE import_batches DROP COLUMN removed_at, DROP COLUMN removed_by")
            connection.execute("UPDATE couloirs_schema SET version = 1")
        init_schema(store.url)
    if not hasattr(store, "url"):  # SQLite before 3.35 has no DROP COLUMN: rebuild the table as it was
        with sqlite3.connect(store.path) as connection:
            connection.executescript(
                "DROP TABLE mapping_profiles; ALTER TABLE import_batches RENAME TO old_batches;"
                "CREATE TABLE import_batches (fid INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL UNIQUE,"
                " created_at DATETIME NOT NULL, created_by TEXT, kind TEXT NOT NULL, file_name TEXT, sha256 TEXT,"
                " agency TEXT, sensitivity TEXT, rows INTEGER NOT NULL, accepted INTEGER NOT NULL,"
                " quarantined INTEGER NOT NULL, duplicates INTEGER NOT NULL); DROP TABLE old_batches;")
        assert "removed_at" not in {row[1] for row in sqlite3.connect(store.path).execute(
            "PRAGMA table_info(import_batches)")}
    again = open_store(reopen(store))
    try:
        assert "removed_at" in again.batches().columns
        again.save_mapping_profile(ADMIN, "sen-ocrtis", "p", profiles.settings_of(MAPPING), ["a"])
        assert len(again.mapping_profiles(ADMIN)) == 1
    finally:
        getattr(again, "close", lambda: None)()


def test_settings_are_checked_key_by_key_and_named():
    with pytest.raises(profiles.BadProfile, match="'columns'"):
        profiles.check_settings({"values": {}})
    with pytest.raises(profiles.BadProfile, match="header 'Produit': unknown field 'drug'"):
        profiles.check_settings({"columns": {"Produit": "drug"}})
    with pytest.raises(profiles.BadProfile, match="default_unit"):
        profiles.check_settings({"columns": {"Produit": "substance"}, "default_unit": "stone"})
    with pytest.raises(profiles.BadProfile, match="key 'mystery': not a profile setting"):
        profiles.check_settings({"columns": {"Produit": "substance"}, "mystery": 1})
    with pytest.raises(profiles.BadProfile, match="text 'Chanvre': 'hemp' is not a substance id"):
        profiles.check_settings({"columns": {"Produit": "substance"}, "values": {"substance": {"Chanvre": "hemp"}}})
    with pytest.raises(profiles.BadProfile, match="'XX' is not an ISO3 country code"):
        profiles.check_settings({"columns": {"Pays": "country"}, "values": {"country": {"Guinée": "XX"}}})
    with pytest.raises(profiles.BadProfile, match="fiscal_year_start': 13"):
        profiles.check_settings({"columns": {"FY": "fiscal_year"}, "fiscal_year_start": 13})
    with pytest.raises(profiles.BadProfile, match="field 'country': expected a text value"):
        profiles.check_settings({"columns": {"FY": "fiscal_year"}, "constants": {"country": 3}})
    fitted = profiles.mapping_of({"columns": {"Quantité": "quantity"}}, ["QUANTITE", "Produit"])
    assert fitted.fields == {"QUANTITE": "quantity"}


def test_a_profile_saved_before_value_mappings_reads_as_the_same_mapping():
    legacy = {"fields": {"Produit": "substance", "Quantité": "quantity", "Obs": None}, "default_unit": "g"}
    read = profiles.read_settings(legacy)
    assert read == ImportSettings(columns=legacy["fields"], default_unit="g")
    assert profiles.read_settings(read.to_dict()) == read  # and it is saved again in the one form


def test_the_profile_saved_is_the_one_settings_form_and_reads_back_whole():
    mapping = ColumnMapping({**MAPPING.fields, "=set:country": "country"}, default_unit="lb", fiscal_year_start=10)
    saved = profiles.settings_of(mapping, RICHER)
    assert set(saved) == set(profiles.KEYS) and "=set:country" not in saved["columns"]
    read = profiles.read_settings(json.loads(json.dumps(saved)))
    assert read == ImportSettings(MAPPING.fields, RICHER.values, RICHER.constants, 7, "lb")
    assert ImportSettings.from_json(read.to_json()) == read


def test_the_last_saved_profile_with_the_same_headers_is_proposed():
    saved = pd.DataFrame({
        "name": ["ancien", "mensuel", "autre"],
        "headers": [REGISTER_HEADER, REGISTER_HEADER, ["Date", "Drogue"]],
        "updated_at": ["2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"],
    })
    shuffled = [h.upper().replace("É", "E") for h in reversed(REGISTER_HEADER)]
    assert profiles.proposed_profile(saved, shuffled) == "mensuel"
    assert profiles.proposed_profile(saved, ["drogue", "DATE"]) == "autre"
    assert profiles.proposed_profile(saved, [*REGISTER_HEADER, "Extra"]) is None
    assert profiles.proposed_profile(saved.iloc[0:0], REGISTER_HEADER) is None
