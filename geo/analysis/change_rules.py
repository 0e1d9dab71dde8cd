"""The published change rule: bands of change against a baseline, with a low-count guard.

One rule flags legs, countries and hexagons alike, so a minister told "a new route is emerging" can ask
"by which rule?" and get one answer: its name, its baseline and its numbers (README, "Change rules").

The approach follows ACLED's change monitoring (its Conflict Alert System and Early Warning dashboards):
compare a window with a stated baseline — the previous period, or the mean of several previous periods —
sort the change into published bands, and refuse to flag tiny counts, where one event more doubles a figure.

Bands are symmetric on the ratio ``now / baseline``, so that a strong increase and a strong decrease are
the same distance from "stable" (×2 up mirrors ÷2 down, not −100 %, which would need the figure to vanish):

======================  =============================  =======================
band                    ratio (defaults)               change (defaults)
======================  =============================  =======================
strong_increase         > 1 + strong (×2)              > +100 %, or new
increase                1 + inc .. 1 + strong          +25 % to +100 %
stable                  between the two decreases      −20 % to +25 %
decrease                1/(1 + strong) .. 1/(1 + inc)  −50 % to −20 %
strong_decrease         < 1/(1 + strong) (÷2)          < −50 %, or gone
too_few                 the low-count guard            fewer than N seizures in both windows
======================  =============================  =======================

The map layers and the briefing keep their words: *emerging* is a strong increase, *fading* a strong
decrease (:data:`BAND_STATUS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import i18n
from geo.core import settings
from geo.i18n import changes as change_text

RULE_ID = "couloirs-change-1"  # changes with any change of meaning, never with a setting
BANDS = ("strong_increase", "increase", "stable", "decrease", "strong_decrease", "too_few")
BAND_STATUS = {"strong_increase": "emerging", "strong_decrease": "fading"}  # every other band is "stable"
BASELINES = {"previous": 1, "mean4": 4}  # baseline -> how many periods before the window it averages


@dataclass(frozen=True)
class ChangeRule:
    """The rule's parameters (settings ``COULOIRS_CHANGE_*``)."""

    baseline: str = "previous"
    min_cases: int = 3
    increase_pct: float = 25.0
    strong_pct: float = 100.0

    def __post_init__(self) -> None:
        if self.baseline not in BASELINES:
            raise ValueError(f"change rule baseline {self.baseline!r} is not one of {', '.join(BASELINES)}")
        if not 0 < self.increase_pct < self.strong_pct:
            raise ValueError(f"change rule: the increase threshold ({self.increase_pct} %) must be positive and "
                             f"below the strong one ({self.strong_pct} %)")

    @property
    def periods(self) -> int:
        """How many periods (of the window's length) the baseline averages."""
        return BASELINES[self.baseline]

    def describe(self, lang: str, cumulative: bool = False) -> str:
        """The rule in one sentence with its numbers, as every screen states it."""
        def number(value: float) -> str:
            return i18n.format_number(value, lang, 0 if float(value).is_integer() else 2)
        baseline = "cumulative" if cumulative else self.baseline
        return change_text.t("rule_summary", lang, name=change_text.t("rule_name", lang),
                             baseline=change_text.t(f"baseline_{baseline}", lang),
                             strong=number(self.strong_pct), inc=number(self.increase_pct),
                             strong_ratio=number(round(1 + self.strong_pct / 100, 2)),
                             inc_ratio=number(round(1 + self.increase_pct / 100, 2)), n=self.min_cases)


def current_rule() -> ChangeRule:
    """The rule the settings describe (environment, then ``.streamlit/secrets.toml``, then defaults)."""
    return ChangeRule(str(settings.get("COULOIRS_CHANGE_BASELINE")), int(settings.get("COULOIRS_CHANGE_MIN_CASES")),
                      float(settings.get("COULOIRS_CHANGE_INCREASE_PCT")),
                      float(settings.get("COULOIRS_CHANGE_STRONG_PCT")))


def baseline_positions(first: int, last: int, rule: ChangeRule) -> tuple[int, int, int]:
    """The periods the baseline of the window ``first..last`` sums, and how many windows they hold.

    The baseline is the ``rule.periods`` windows of the same length just before; windows that
    would begin before the timeline (position 0) are left out of the mean rather than counted
    as zeros, so the start of the records does not read as a rise. The divisor is 0 when no
    window fits (the first period: nothing to compare with).

    >>> baseline_positions(5, 5, ChangeRule("mean4")), baseline_positions(2, 2, ChangeRule("mean4"))
    ((1, 4, 4), (0, 1, 2))
    >>> baseline_positions(4, 5, ChangeRule())
    (2, 3, 1)
    """
    if last < first:
        raise ValueError(f"window end {last} is before its start {first}")
    length = last - first + 1
    windows = min(rule.periods, max(first, 0) // length)
    return first - windows * length, first - 1, windows


def classify(now: np.ndarray, baseline: np.ndarray, now_cases: np.ndarray, baseline_cases: np.ndarray,
             rule: ChangeRule) -> np.ndarray:
    """The band of each pair of figures (``BANDS``), the low-count guard applied first.

    >>> rule = ChangeRule()
    >>> classify(np.array([30., 12., 10., 7., 4., 0., 5., 2.]), np.array([10., 10., 10., 10., 10., 8., 0., 1.]),
    ...          np.array([3, 3, 3, 3, 3, 0, 3, 2]), np.array([3, 3, 3, 3, 3, 3, 0, 1]), rule).tolist()
    ['strong_increase', 'stable', 'stable', 'decrease', 'strong_decrease', 'strong_decrease', 'strong_increase', \
'too_few']
    """
    now, baseline = np.asarray(now, float), np.asarray(baseline, float)
    strong, inc = 1 + rule.strong_pct / 100, 1 + rule.increase_pct / 100
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(baseline > 0, now / baseline, np.where(now > 0, np.inf, 1.0))  # 0 against 0: no change
    bands = np.select([ratio > strong, ratio >= inc, ratio < 1 / strong, ratio <= 1 / inc],
                      ["strong_increase", "increase", "strong_decrease", "decrease"], "stable").astype(object)
    guarded = np.maximum(np.asarray(now_cases, float), np.asarray(baseline_cases, float)) < rule.min_cases
    bands[guarded] = "too_few"
    return bands


def change_percent(now: pd.Series, baseline: pd.Series) -> pd.Series:
    """``now`` against ``baseline`` in per cent (NaN where the baseline is 0: new, or nothing either way)."""
    return (now / baseline.where(baseline > 0) - 1) * 100


def flag(frame: pd.DataFrame, rule: ChangeRule, now: str = "weight", baseline: str = "previous_weight",
         now_cases: str = "cases", baseline_cases: str = "previous_cases") -> pd.DataFrame:
    """``frame`` with ``band``, ``status`` (emerging, fading or stable), ``change_pct`` and ``rule`` (its id).

    ``attrs["rule"]`` keeps the :class:`ChangeRule` itself, so a screen can state it with its numbers.
    """
    out = frame.copy()
    out["band"] = classify(out[now].to_numpy(float), out[baseline].to_numpy(float),
                           out[now_cases].to_numpy(float), out[baseline_cases].to_numpy(float), rule)
    out["status"] = out["band"].map(BAND_STATUS).fillna("stable")
    out["change_pct"] = change_percent(out[now].astype(float), out[baseline].astype(float))
    out["rule"] = RULE_ID
    out.attrs["rule"] = rule
    return out


def flag_text(band: str, now: str, baseline: str, change_pct: float, lang: str) -> str:
    """A flag with its rule and numbers: "▲▲ strong increase (Couloirs change rule 1): 12 kg against … +140 %".

    ``now`` and ``baseline`` come formatted with their unit; ``change_pct`` is NaN for a new or gone figure.
    """
    if np.isnan(change_pct):
        change = change_text.t("change_new" if band == "strong_increase" else
                               "change_gone" if band == "strong_decrease" else "change_none", lang)
    else:
        change = ("+" if change_pct >= 0 else "−") + i18n.format_number(abs(change_pct), lang) + " %"
    return change_text.t("flag_numbers", lang, band=change_text.band(band, lang), name=change_text.t("rule_name", lang),
                         now=now, baseline=baseline, change=change)
