"""The one registry of Couloirs settings.

Each setting is read from the environment first, then from
``.streamlit/secrets.toml`` (top-level key of the same name), then its default.
README.md documents every entry; a test keeps the two in step.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Setting:
    """A named setting with its default, help text and parser."""

    name: str
    default: str
    help: str
    parse: Callable[[str], object]


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected 0/1, true/false, yes/no or on/off, got {value!r}")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(f"expected a non-negative integer, got {value!r}")
    return number


def _baseline(value: str) -> str:
    if value not in {"previous", "mean4"}:
        raise ValueError(f"expected previous or mean4, got {value!r}")
    return value


def _percent(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"expected a positive percentage, got {value!r}")
    return number


def _lang(value: str) -> str:
    if value not in {"fr", "en"}:
        raise ValueError(f"expected fr or en, got {value!r}")
    return value


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("COULOIRS_DB", str(ROOT / "data" / "couloirs.gpkg"),
                "The store: a GeoPackage path (created at start-up when missing) or a postgresql:// URL of the"
                " shared PostGIS server (schema created at start-up).", str),
        Setting("COULOIRS_DEMO", "1",
                "Seed an empty store with the synthetic demo set and the public reports on first start"
                " (0 = start empty).",
                _flag),
        Setting("COULOIRS_DEMO_ROWS", "3000", "How many synthetic demo records the first start generates.",
                _positive_int),
        Setting("COULOIRS_DEMO_SEED", "1", "Random seed of the demo records (same seed, same records).", _positive_int),
        Setting("COULOIRS_MAX_UPLOAD_MB", "50",
                "Largest file the Import page accepts, in MB; keep server.maxUploadSize of .streamlit/config.toml"
                " in step. The command line (python -m geo import) does not apply it.", _positive_int),
        Setting("COULOIRS_LANG", "fr", "Default interface language (fr or en); users switch in the sidebar.",
                _lang),
        # --- the decluttered flow map (issue 17): geo.maps.flow_style.top_legs
        Setting("COULOIRS_MAP_TOP_LEGS", "25",
                "Route legs the map draws by default: the period's heaviest of each substance in turn, this many"
                " lines at most; the others are the minor legs layer, off by default. The map page adjusts it.",
                _positive_int),
        # The published change rule (geo/analysis/change_rules.py; README "Change rules").
        Setting("COULOIRS_CHANGE_BASELINE", "previous",
                "Baseline of the change rule: previous (the period before) or mean4 (mean of the 4 periods before).",
                _baseline),
        Setting("COULOIRS_CHANGE_MIN_CASES", "3",
                "Low-count guard of the change rule: no flag when both windows have fewer seizures than this.",
                _positive_int),
        Setting("COULOIRS_CHANGE_INCREASE_PCT", "25",
                "Change rule: an increase starts at this percentage above the baseline (a decrease mirrors it).",
                _percent),
        Setting("COULOIRS_CHANGE_STRONG_PCT", "100",
                "Change rule: a strong increase is above this percentage over the baseline (a strong decrease"
                " mirrors it).", _percent),
    )
}


def _secrets() -> dict:
    path = ROOT / ".streamlit" / "secrets.toml"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def get(name: str) -> object:
    """Current value of setting ``name``, parsed; a bad value raises naming the setting."""
    setting = SETTINGS[name]
    raw = os.environ.get(name)
    if raw is None:
        raw = str(_secrets().get(name, setting.default))
    try:
        return setting.parse(raw)
    except ValueError as error:
        raise ValueError(f"setting {name}: {error}") from error
