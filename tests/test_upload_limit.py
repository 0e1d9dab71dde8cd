"""The 50 MB limit is the web upload's (COULOIRS_MAX_UPLOAD_MB), kept in step with Streamlit's; the CLI lifts it."""

from __future__ import annotations

import json
import tomllib

import pytest

from geo.cli import main
from geo.core import settings
from geo.ingest import pipeline
from geo.ingest.readers import filetypes
from geo.store import GeoPackageStore
from tests.support import FRENCH_ROWS, register_csv


def test_streamlit_upload_limit_is_in_step_with_the_setting():
    config = tomllib.loads((settings.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == int(settings.SETTINGS["COULOIRS_MAX_UPLOAD_MB"].default)


def test_the_setting_sets_the_upload_limit(monkeypatch):
    monkeypatch.setenv("COULOIRS_MAX_UPLOAD_MB", "1")
    data = register_csv(FRENCH_ROWS) * (2**20 // len(register_csv(FRENCH_ROWS)) + 1)
    with pytest.raises(filetypes.UnusableFile) as caught:
        filetypes.detect_format(data, "grand.csv")
    assert caught.value.code == "too_large" and caught.value.detail.endswith("> 1 MB")
    monkeypatch.setenv("COULOIRS_MAX_UPLOAD_MB", "2")
    assert filetypes.detect_format(data, "grand.csv") == "csv"


@pytest.mark.slow
def test_the_web_import_refuses_what_the_command_line_imports(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(filetypes, "MAX_FILE_BYTES", 500)
    data = register_csv(FRENCH_ROWS)
    assert len(data) > 500
    with pytest.raises(filetypes.UnusableFile, match="too large"):
        pipeline.import_bytes(GeoPackageStore(tmp_path / "web.gpkg"), data, "registre.csv", created_by="web")
    path = tmp_path / "registre.csv"
    path.write_bytes(data)
    assert main(["import", str(path), "--db", str(tmp_path / "cli.gpkg"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == len(FRENCH_ROWS) == report["accepted"] + report["quarantined"] + report["duplicates"]
    assert filetypes.size_limit() == 500  # lifted only while the command ran


def test_the_command_line_still_refuses_a_file_beyond_memory(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(filetypes, "memory_ceiling", lambda: 100)
    path = tmp_path / "registre.csv"
    path.write_bytes(register_csv(FRENCH_ROWS))
    assert main(["import", str(path), "--db", str(tmp_path / "cli.gpkg")]) == 2
    assert "trop volumineux" in capsys.readouterr().err
