"""Display-ready Trends tables: localised headers, names and numbers written in the reader's language.

Each function takes a frame of :mod:`geo.trends` and returns text cells only, in display
order, for ``st.dataframe``. The numbers behind them stay in the input frame, which is what
a download offers (:func:`geo.trends.charts.data_for_download`).
"""

from __future__ import annotations

from collections.abc import Callable

import h3
import pandas as pd

from geo import i18n
from geo.analysis import change_rules
from geo.core import periods, schema
from geo.i18n import changes as change_text
from geo.i18n import trends as trend_text
from geo.reference import nearest
from geo.trends.chart_text import (
    ChartContext,
    amount_text,
    leg_label,
    movement_text,
    percent_change_text,
    position_text,
    share_text,
    unit_word,
)

# header key -> cells of that column, computed from the whole (sorted) frame
Columns = dict[str, Callable[[pd.DataFrame], list[str]]]


def _table(frame: pd.DataFrame, columns: Columns, lang: str) -> pd.DataFrame:
    """One text column per header; an empty frame still gets its headers."""
    headers = [trend_text.t(key, lang) for key in columns]
    if frame.empty:
        return pd.DataFrame(columns=headers, dtype="object")
    return pd.DataFrame({trend_text.t(key, lang): make(frame) for key, make in columns.items()}).reset_index(drop=True)


def _amounts(values: pd.Series, unit: str, lang: str) -> list[str]:
    return [amount_text(value, unit, lang) for value in values]


def _legs(frame: pd.DataFrame, lang: str) -> list[str]:
    return [leg_label(a, b, lang) for a, b in zip(frame["from_iso3"], frame["to_iso3"])]


def _leg_columns(lang: str) -> Columns:
    """Columns naming a leg: its substance, countries and conveyance."""
    return {
        "col_substance": lambda f: [schema.substance_label(str(s), lang) for s in f["substance"]],
        "col_leg": lambda f: _legs(f, lang),
        "col_mode": lambda f: [i18n.value_label(str(m), lang) for m in f["mode"]],
    }


def top_legs_table(top_legs: pd.DataFrame, context: ChartContext) -> pd.DataFrame:
    """The ranked legs of each period, one row per leg, heaviest first within a period.

    >>> legs = pd.DataFrame({"period": ["2024"], "substance": ["cocaine"], "rank": [1], "from_iso3": ["BRA"],
    ...     "to_iso3": ["CPV"], "mode": ["sea"], "kg": [1234.5], "cases": [3], "tablets": [0], "weight": [1234.5],
    ...     "share": [0.5], "basis": ["kg"]})
    >>> top_legs_table(legs, ChartContext("fr", "2024")).iloc[0].tolist()
    ['2024', '1', 'Cocaïne', 'Brésil → Cap-Vert', 'maritime', '1\u202f234,5', '3', '0', '50,0\u202f%', 'kg']
    """
    lang = context.lang
    rows = top_legs.sort_values(["period", "rank"]) if not top_legs.empty else top_legs
    columns: Columns = {
        "col_period": lambda f: [periods.period_label(str(p), lang) for p in f["period"]],
        "col_rank": lambda f: [str(int(r)) for r in f["rank"]],
        **_leg_columns(lang),
        "col_kg": lambda f: _amounts(f["kg"], "kg", lang),
        "col_cases": lambda f: _amounts(f["cases"], "cases", lang),
        "col_tablets": lambda f: _amounts(f["tablets"], "tablets", lang),
        "col_share": lambda f: [share_text(s, lang) for s in f["share"]],
        "col_basis": lambda f: [unit_word(str(b), lang) for b in f["basis"]],
    }
    return _table(rows, columns, lang)


def _weights(frame: pd.DataFrame, column: str, lang: str) -> list[str]:
    """Weights with their unit, since kg and counted substances sit in one column."""
    return [amount_text(w, str(b), lang, with_unit=True) for w, b in zip(frame[column], frame["basis"])]


def leg_change_table(leg_changes: pd.DataFrame, context: ChartContext) -> pd.DataFrame:
    """Flagged legs (every band but stable and the low-count guard), strongest band then heaviest first.

    Each row carries its flag's rule and numbers: this window, the baseline and the change.
    """
    lang = context.lang
    rows = leg_changes
    if not rows.empty:
        flagged = [b for b in change_rules.BANDS if b not in ("stable", "too_few")]
        rows = rows.loc[rows["band"].isin(flagged)]
        order = rows["band"].map({band: i for i, band in enumerate(flagged)})
        rows = rows.assign(_order=order).sort_values(["_order", "weight"], ascending=[True, False])
    columns: Columns = {
        "col_band": lambda f: [change_text.band(str(b), lang) for b in f["band"]],
        **_leg_columns(lang),
        "col_now": lambda f: _weights(f, "weight", lang),
        "col_baseline": lambda f: _weights(f, "previous_weight", lang),
        "col_change_pct": lambda f: [percent_change_text(c, str(b), lang) for c, b in zip(f["change_pct"], f["band"])],
        "col_cases_now": lambda f: _amounts(f["cases"], "cases", lang),
        "col_cases_before": lambda f: _amounts(f["previous_cases"], "cases", lang),
        "col_rule": lambda f: [change_text.t("rule_name", lang)] * len(f),
    }
    return _table(rows, columns, lang)


def _near(lat: float, lon: float, lang: str) -> str:
    """"Dakar, Sénégal (14,7° N, 17,4° O)": the nearest town names the place, the rounded position pins it."""
    town = nearest.place_label(lat, lon, lang) if pd.notna(lat) and pd.notna(lon) else ""
    return f"{town} ({position_text(lat, lon, lang)})" if town else position_text(lat, lon, lang)


def hotspot_table(hotspots: pd.DataFrame, context: ChartContext) -> pd.DataFrame:
    """Hotspot cells by rank with their movement since the previous period and a rounded place hint."""
    lang = context.lang
    rows = hotspots.sort_values("rank") if not hotspots.empty else hotspots
    columns: Columns = {
        "col_rank": lambda f: [str(int(r)) for r in f["rank"]],
        "col_movement": lambda f: [movement_text(r, p, lang) for r, p in zip(f["rank"], f["previous_rank"])],
        "col_kg": lambda f: _amounts(f["kg"], "kg", lang),
        "col_cases": lambda f: _amounts(f["cases"], "cases", lang),
        "col_top_substance": lambda f: [schema.substance_label(str(s), lang) for s in f["top_substance"]],
        "col_place": lambda f: [_near(a, o, lang) for a, o in zip(f["lat"], f["lon"])],
    }
    return _table(rows, columns, lang)


def emerging_hotspot_table(cells: pd.DataFrame, context: ChartContext) -> pd.DataFrame:
    """Cells with an emerging hot-spot category, in category order: what it means, where, and the test's numbers."""
    lang = context.lang
    rows = cells.loc[cells["category"] != "none"] if not cells.empty else cells
    centres = [h3.cell_to_latlng(c) for c in rows["h3"]] if not rows.empty else []

    def number(values: pd.Series, digits: int) -> list[str]:
        return ["–" if pd.isna(v) else i18n.format_number(float(v), lang, digits) for v in values]
    columns: Columns = {
        "col_category": lambda f: [change_text.category(str(c), lang) for c in f["category"]],
        "col_meaning": lambda f: [change_text.category_line(str(c), lang) for c in f["category"]],
        "col_place": lambda f: [_near(a, o, lang) for a, o in centres],
        "col_z": lambda f: number(f["z"], 2),
        "col_p": lambda f: number(f["p"], 3),
        "col_tau": lambda f: number(f["trend_tau"], 2),
        "col_trend_p": lambda f: number(f["trend_p"], 3),
        "col_hot_periods": lambda f: [f"{int(h)} / {int(n)}" for h, n in zip(f["hot_periods"], f["periods"])],
        "col_cases": lambda f: _amounts(f["cases"], "cases", lang),
    }
    return _table(rows, columns, lang)
