"""``batch`` and ``profile`` commands, and ``import --profile/--save-profile``: exit codes, JSON shapes, audit."""

import json

import pandas as pd
import pytest

from geo.access import Viewer
from geo.cli import main
from geo.core.filters import RecordFilter
from tests.support import FRENCH_ROWS, register_csv

MALI_ROWS = [["MLI-1", "01/04/2023", "Gao", "Mali", "Cannabis", "40", "kg", "", "", ""],
             ["MLI-2", "02/04/2023", "Gao", "Mali", "Cocaïne", "2,5", "kg", "", "", ""]]


def db_of(store) -> str:
    """What opens the same store from the command line: the server URL or the file's path."""
    return getattr(store, "url", None) or str(store.path)


def run_json(capsys, *argv):
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def kg_by_substance(records: pd.DataFrame) -> dict:
    return {k: round(v, 3) for k, v in records.groupby("substance")["quantity_kg"].sum().items()}


@pytest.mark.slow
def test_batch_list_show_remove_and_stats_follow(store, tmp_path, capsys):
    db = db_of(store)
    senegal, mali = tmp_path / "registre.csv", tmp_path / "mali.csv"
    senegal.write_bytes(register_csv(FRENCH_ROWS))
    mali.write_bytes(register_csv(MALI_ROWS))
    first = run_json(capsys, "import", str(senegal), "--agency", "sen-ocrtis", "--db", db, "--json")
    run_json(capsys, "import", str(mali), "--agency", "mli-ocs", "--db", db, "--json")

    listed = run_json(capsys, "batch", "list", "--db", db, "--json")
    assert [b["file_name"] for b in listed] == ["mali.csv", "registre.csv"]
    assert set(listed[0]) >= {"batch_id", "kind", "file_name", "agency", "created_by", "created_at", "rows",
                              "accepted", "quarantined", "duplicates", "removed"}
    assert all(b["rows"] == b["accepted"] + b["quarantined"] + b["duplicates"] for b in listed)
    assert [b["agency"] for b in run_json(capsys, "batch", "list", "--agency", "mli-ocs", "--db", db, "--json")] == [
        "mli-ocs"]

    shown = run_json(capsys, "batch", "show", first["batch_id"], "--db", db, "--json")
    assert shown["removed"] is False and shown["accepted"] == first["accepted"]
    assert sum(r["rows"] for r in shown["reasons"]) == first["quarantined"] > 0

    before = run_json(capsys, "stats", "--db", db, "--json")
    assert main(["batch", "remove", first["batch_id"], "--db", db]) == 0
    assert "removed" in capsys.readouterr().err
    after = run_json(capsys, "stats", "--db", db, "--json")
    remaining = store.query(RecordFilter(viewer=Viewer.administrator()))
    assert after["records"] == len(remaining) == len(MALI_ROWS) < before["records"]
    independent = kg_by_substance(remaining)
    assert {s: round(row["kg"], 3) for s, row in after["by_substance"].items() if row["cases"]} == independent

    shown = run_json(capsys, "batch", "show", first["batch_id"], "--db", db, "--json")
    assert shown["removed"] is True and shown["removed_by"].startswith("cli:")
    event = store.audit_log(actions=["batch_removed"]).iloc[0]
    assert event["target"] == first["batch_id"] and event["records"] == first["accepted"]

    assert main(["batch", "remove", first["batch_id"], "--db", db]) == 2  # already removed
    assert "already removed" in capsys.readouterr().err
    again = run_json(capsys, "import", str(senegal), "--agency", "sen-ocrtis", "--db", db, "--json")
    assert again["accepted"] == first["accepted"] and again["batch_id"] != first["batch_id"]


@pytest.mark.slow
def test_batch_commands_refuse_unknown_ids_and_people(tmp_path, capsys):
    db = str(tmp_path / "s.gpkg")
    assert main(["batch", "show", "nope", "--db", db]) == 2
    assert "batch nope: unknown" in capsys.readouterr().err
    register = tmp_path / "mali.csv"
    register.write_bytes(register_csv(MALI_ROWS))
    batch_id = run_json(capsys, "import", str(register), "--agency", "mli-ocs", "--db", db, "--json")["batch_id"]
    assert main(["user", "viewer@mli.example", "--agency", "mli-ocs", "--role", "viewer", "--db", db]) == 0
    assert main(["user", "analyst@sen.example", "--agency", "sen-ocrtis", "--role", "analyst", "--db", db]) == 0
    assert main(["user", "analyst@mli.example", "--agency", "mli-ocs", "--role", "analyst", "--db", db]) == 0
    capsys.readouterr()
    for who in ("viewer@mli.example", "analyst@sen.example"):
        assert main(["batch", "remove", batch_id, "--as-user", who, "--db", db]) == 2
        assert "may remove it" in capsys.readouterr().err
    assert main(["batch", "remove", batch_id, "--as-user", "nobody@x.example", "--db", db]) == 2
    assert main(["batch", "remove", batch_id, "--as-user", "analyst@mli.example", "--db", db]) == 0
    listed = run_json(capsys, "batch", "list", "--db", db, "--json")
    assert listed[0]["removed"] is True and listed[0]["removed_by"] == "analyst@mli.example"


@pytest.mark.slow
def test_import_saves_and_reuses_a_profile(store, tmp_path, capsys):
    db = db_of(store)
    first = tmp_path / "janvier.csv"
    first.write_bytes(register_csv(MALI_ROWS))
    assert main(["import", str(first), "--db", db, "--save-profile", "mensuel"]) == 2
    assert "needs --agency" in capsys.readouterr().err
    run_json(capsys, "import", str(first), "--agency", "mli-ocs", "--db", db, "--json", "--save-profile", "mensuel")

    profiles = run_json(capsys, "profile", "list", "--db", db, "--json")
    assert [(p["agency"], p["name"]) for p in profiles] == [("mli-ocs", "mensuel")]
    shown = run_json(capsys, "profile", "show", "mensuel", "--agency", "mli-ocs", "--db", db, "--json")
    assert shown["settings"]["columns"]["Produit"] == "substance"
    assert shown["headers"][0] == "N° PV"

    # Next month: same layout, the header spelt in capitals without accents.
    rows = [["MLI-3", "03/05/2023", "Kayes", "Mali", "Cannabis", "7", "kg", "", "", ""]]
    text = register_csv(rows, encoding="utf-8").decode("utf-8").replace("Quantité", "QUANTITE")
    second = tmp_path / "fevrier.csv"
    second.write_text(text, encoding="utf-8")
    report = run_json(capsys, "import", str(second), "--agency", "mli-ocs", "--db", db, "--json",
                      "--profile", "mensuel")
    assert report["accepted"] == 1 and report["mapping"]["QUANTITE"] == "quantity"

    assert main(["import", str(second), "--agency", "mli-ocs", "--db", db, "--profile", "autre"]) == 2
    assert capsys.readouterr().err.strip().endswith("its profiles: mensuel")
    assert main(["profile", "show", "autre", "--agency", "mli-ocs", "--db", db]) == 2
    assert main(["profile", "remove", "mensuel", "--agency", "mli-ocs", "--db", db]) == 0
    assert run_json(capsys, "profile", "list", "--agency", "mli-ocs", "--db", db, "--json") == []
    actions = list(store.audit_log(actions=["profile_saved", "profile_removed"])["action"])
    assert actions == ["profile_removed", "profile_saved"]
