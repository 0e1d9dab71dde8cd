"""Commands that need the map's browser code say how to install it, on one line, with exit 2 (no traceback)."""

from __future__ import annotations

import pytest

from geo.cli import main
from geo.maps import assets
from geo.store import Batch, GeoPackageStore
from tests.support import make_records


@pytest.fixture
def filled_db(tmp_path):
    path = tmp_path / "assets.gpkg"
    GeoPackageStore(path).write_batch(make_records({"source_ref": "1", "date": "2020-02-01"}),
                                      Batch(kind="import", created_by="test"))
    return path


@pytest.fixture
def no_node_modules(tmp_path, monkeypatch):
    """The asset root pointed at an empty folder: node_modules is missing (the real one is left alone)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(assets, "ROOT", empty)


@pytest.mark.slow
@pytest.mark.parametrize("command, out", [("map", "carte.html"), ("brief", "note.html")])
def test_a_command_needing_map_assets_names_the_fix(capsys, tmp_path, filled_db, no_node_modules, command, out):
    status = main([command, "--db", str(filled_db), "--out", str(tmp_path / out)])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "npm ci" in err and "make run" in err and "Traceback" not in err
    assert not (tmp_path / out).exists()


def test_missing_assets_is_still_a_file_not_found_error(no_node_modules):
    with pytest.raises(FileNotFoundError, match="npm ci"):  # app.py catches FileNotFoundError
        assets.vendor_dir()
