"""The command line as an agency sees it (--as), and as the administrator's tool it is."""

import json
import zipfile

import geopandas as gpd
import pandas as pd
import pytest
from pypdf import PdfReader

from geo.access import Actor
from geo.cli import main
from geo.store import Batch, GeoPackageStore
from tests.support import make_records

ADMIN = Actor("admin@couloirs.org", None, "admin")
SECRET_PLACE = "Kedougou-secret"  # only in Senegal's confidential record (ASCII: HTML and JSON keep it as is)
SHARED_PLACE = "Rosso-shared"  # only in Senegal's restricted record


@pytest.fixture
def two_agencies(tmp_path):
    """Senegal holds a public, a restricted and a confidential record; Mali one restricted record."""
    path = tmp_path / "access.gpkg"
    store = GeoPackageStore(path)
    for agency in ("sen-ocrtis", "mli-ocs", "gha-nacob"):
        store.save_agency(ADMIN, agency)
    store.write_batch(make_records(
        {"source_ref": "P", "sensitivity": "public", "place": "Dakar", "date": "2024-02-01"},
        {"source_ref": "R", "sensitivity": "restricted", "place": SHARED_PLACE, "quantity": 200.0,
         "date": "2024-03-01"},
        {"source_ref": "C", "sensitivity": "confidential", "place": SECRET_PLACE, "quantity": 3000.0,
         "date": "2024-04-01"},
        {"source_ref": "M", "sensitivity": "restricted", "agency": "mli-ocs", "country": "MLI", "place": "Gao",
         "lat": 16.27, "lon": -0.04, "date": "2024-05-01"},
    ), Batch(kind="import", created_by="test", agency="sen-ocrtis"))
    return path


def _exported_places(tmp_path, db, *argv) -> set[str]:
    out = tmp_path / "out.csv"
    assert main(["export", "--db", str(db), "--out", str(out), *argv]) == 0
    return set(pd.read_csv(out)["place"])


@pytest.mark.slow
def test_without_as_the_command_line_sees_everything(tmp_path, two_agencies):
    assert _exported_places(tmp_path, two_agencies) == {"Dakar", SHARED_PLACE, SECRET_PLACE, "Gao"}


@pytest.mark.slow
def test_as_an_agency_gives_public_and_its_own(tmp_path, two_agencies):
    assert _exported_places(tmp_path, two_agencies, "--as", "mli-ocs") == {"Dakar", "Gao"}
    assert _exported_places(tmp_path, two_agencies, "--as", "sen-ocrtis") == {"Dakar", SHARED_PLACE, SECRET_PLACE}


@pytest.mark.slow
def test_as_a_partner_gives_shared_restricted_records_never_confidential(tmp_path, two_agencies):
    GeoPackageStore(two_agencies).set_sharing(ADMIN, "sen-ocrtis", "mli-ocs")
    assert _exported_places(tmp_path, two_agencies, "--as", "mli-ocs") == {"Dakar", "Gao", SHARED_PLACE}
    assert _exported_places(tmp_path, two_agencies, "--as", "gha-nacob") == {"Dakar"}


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["geojson", "gpkg", "kml", "xlsx"])
def test_every_export_format_honours_as(tmp_path, two_agencies, suffix):
    out = tmp_path / f"out.{suffix}"
    assert main(["export", "--db", str(two_agencies), "--out", str(out), "--as", "gha-nacob"]) == 0
    if suffix == "xlsx":
        text = "".join(zipfile.ZipFile(out).read(n).decode("utf-8", "replace") for n in zipfile.ZipFile(out).namelist())
    elif suffix == "gpkg":
        text = " ".join(gpd.read_file(out)["place"].astype(str))
    else:
        text = out.read_text(encoding="utf-8")
    assert "Dakar" in text
    assert SHARED_PLACE not in text and SECRET_PLACE not in text and "Gao" not in text


@pytest.mark.slow
def test_stats_as_an_agency(capsys, two_agencies):
    assert main(["stats", "--json", "--db", str(two_agencies), "--as", "mli-ocs"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["records"] == 2
    assert out["by_country"].keys() == {"SEN", "MLI"}
    assert out["by_substance"]["cocaine"]["kg"] == pytest.approx(20.0)


@pytest.mark.slow
def test_map_as_an_agency_carries_nothing_it_may_not_see(tmp_path, two_agencies):
    out = tmp_path / "map.html"
    assert main(["map", "--db", str(two_agencies), "--out", str(out), "--as", "mli-ocs"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Gao" in html and "Dakar" in html
    assert SHARED_PLACE not in html and SECRET_PLACE not in html
    assert main(["map", "--db", str(two_agencies), "--out", str(out)]) == 0
    assert SECRET_PLACE in out.read_text(encoding="utf-8")  # the same map as administrator does show it


@pytest.mark.slow
def test_brief_as_an_agency_counts_and_marks_only_what_it_may_see(tmp_path, two_agencies):
    out = tmp_path / "brief.pdf"
    argv = ["brief", "--db", str(two_agencies), "--out", str(out), "--lang", "en", "--from", "2024-01",
            "--to", "2024-12"]
    assert main([*argv, "--as", "gha-nacob"]) == 0
    public_only = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "CONFIDENTIAL" not in public_only and "RESTRICTED" not in public_only
    assert main([*argv, "--as", "sen-ocrtis"]) == 0
    senegal = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "CONFIDENTIEL / CONFIDENTIAL" in senegal
    assert "3,210" in senegal.replace("\u202f", ",")  # 10 + 200 + 3,000 kg, Mali's 10 kg left out


@pytest.mark.slow
def test_unknown_as_agency_is_a_usage_error(capsys, two_agencies):
    assert main(["stats", "--db", str(two_agencies), "--as", "nowhere"]) == 2
    assert "--as nowhere: unknown agency" in capsys.readouterr().err


@pytest.mark.slow
def test_outputs_are_audited_with_whom_they_were_for(tmp_path, two_agencies):
    _exported_places(tmp_path, two_agencies, "--as", "mli-ocs", "--substance", "cocaine")
    assert main(["brief", "--db", str(two_agencies), "--out", str(tmp_path / "b.png")]) == 0
    log = GeoPackageStore(two_agencies).audit_log(actions=["export", "briefing"])
    brief, export = log.iloc[0], log.iloc[1]
    assert (brief["action"], brief["target"]) == ("briefing", "b.png")
    assert '"as": "administrator"' in brief["filters"]
    assert (export["action"], export["target"], export["records"]) == ("export", "out.csv", 2)
    assert '"as": "mli-ocs/confidential"' in export["filters"] and '"cocaine"' in export["filters"]
    assert export["actor"].startswith("cli:")


@pytest.mark.slow
def test_import_registers_an_unknown_agency(tmp_path):
    db, source = tmp_path / "new.gpkg", tmp_path / "registre.csv"
    source.write_text("date,substance,quantity,unit,country,source_ref\n2024-01-02,cocaine,12,kg,GIN,PV-1\n",
                      encoding="utf-8")
    assert main(["import", str(source), "--db", str(db), "--agency", "gin-ocad", "--json"]) == 0
    store = GeoPackageStore(db)
    assert list(store.agencies()["agency"]) == ["gin-ocad"]
    assert store.count() == 1
    assert set(store.audit_log()["action"]) == {"agency_saved", "import"}
    assert main(["import", str(source), "--db", str(db), "--agency", "gin-ocad", "--json"]) == 0
    assert len(store.audit_log(actions=["agency_saved"])) == 1  # known now: not registered twice


def test_user_command_lets_a_person_sign_in(capsys, tmp_path):
    db = tmp_path / "users.gpkg"
    assert main(["user", "Chef@OCRTIS.sn", "--db", str(db), "--agency", "sen-ocrtis", "--role", "admin",
                 "--clearance", "confidential", "--name", "Chef"]) == 0
    user = GeoPackageStore(db).find_user(email="chef@ocrtis.sn")
    assert (user["agency"], user["role"], user["clearance"], user["active"]) == (
        "sen-ocrtis", "admin", "confidential", True)
    assert main(["user", "chef@ocrtis.sn", "--db", str(db), "--agency", "sen-ocrtis", "--role", "viewer",
                 "--inactive"]) == 0
    assert GeoPackageStore(db).find_user(email="chef@ocrtis.sn")["active"] is False
    assert main(["user", "x@y.z", "--db", str(db), "--agency", "sen-ocrtis", "--role", "root"]) == 2
    assert "invalid choice" in capsys.readouterr().err
