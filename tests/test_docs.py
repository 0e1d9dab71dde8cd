"""README, settings registry, CLI and CI stay in step."""

import re
from pathlib import Path

import pytest

from geo.cli import build_parser
from geo.core import settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(settings.SETTINGS))
def test_every_setting_is_documented_with_its_default(name):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}`")), None)
    assert row is not None, f"{name} missing from README settings table"
    default = settings.SETTINGS[name].default
    shown = "data/couloirs.gpkg" if name == "COULOIRS_DB" else default
    assert f"`{shown}`" in row


def test_every_cli_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    for command in commands:
        assert f"python -m geo {command}" in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[:2] == ["make run", "make test"]
    assert ci.strip().splitlines()[-1] == "make test"


def test_settings_parse_and_reject(monkeypatch):
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    assert settings.get("COULOIRS_DEMO") is False
    monkeypatch.setenv("COULOIRS_DEMO", "peut-être")
    with pytest.raises(ValueError, match="setting COULOIRS_DEMO"):
        settings.get("COULOIRS_DEMO")
    monkeypatch.setenv("COULOIRS_LANG", "de")
    with pytest.raises(ValueError, match="COULOIRS_LANG"):
        settings.get("COULOIRS_LANG")
