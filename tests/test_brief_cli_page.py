"""`python -m geo brief` and the Briefing page: every format written, the page previews and offers a download."""

import io
import zipfile

import pytest
from PIL import Image

from geo import cli, demo
from geo.store import Batch, GeoPackageStore
from tests.support.apptest import open_app
from ui.keys import BriefKeys

pytestmark = pytest.mark.slow  # briefings rendered in every format, by the CLI and by the page in AppTest


@pytest.fixture(scope="module")
def brief_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("brief") / "brief.gpkg"
    GeoPackageStore(db).write_batch(demo.generate(400, 3), Batch(kind="demo", created_by="test"))
    return db


@pytest.mark.parametrize(("suffix", "magic"), [("pdf", b"%PDF"), ("png", b"\x89PNG"), ("pptx", b"PK"),
                                               ("gif", b"GIF8"), ("zip", b"PK"), ("html", b"<!DOCTYPE html")])
def test_brief_writes_each_format(brief_db, tmp_path, suffix, magic):
    out = tmp_path / f"note.{suffix}"
    argv = ["brief", "--db", str(brief_db), "--out", str(out), "--from", "2024-01", "--to", "2024-12",
            "--granularity", "quarter", "--lang", "fr"]
    assert cli.main(argv) == 0
    content = out.read_bytes()
    assert content.startswith(magic)
    if suffix == "gif":
        assert Image.open(io.BytesIO(content)).n_frames == 4  # one frame per quarter of 2024
    if suffix == "zip":
        assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 4


def test_brief_refuses_an_unknown_format(brief_db, tmp_path, capsys):
    assert cli.main(["brief", "--db", str(brief_db), "--out", str(tmp_path / "note.docx")]) == 2
    assert "unsupported extension .docx" in capsys.readouterr().err


def test_briefing_page_previews_and_prepares_a_download(brief_db, monkeypatch):
    monkeypatch.setenv("COULOIRS_DB", str(brief_db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    at = open_app(page="briefing", lang=None, timeout=180)
    assert at.title[0].value == "Note de synthèse"
    assert at.get("image") or at.get("imgs"), "the PNG preview is shown"
    at.selectbox(key=BriefKeys.FORMAT).set_value("pdf")
    at.button(key=BriefKeys.MAKE).click().run()
    assert not at.exception, at.exception
    assert [b.key for b in at.get("download_button")] == [BriefKeys.DOWNLOAD]
