"""Record tables for display: translated headers and labels, no geometry."""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.core import schema
from geo.reference import countries

# Columns of the Records table, in order; the detail view shows every field.
LIST_COLUMNS = ("date", "country", "place", "substance", "quantity", "unit", "quantity_kg", "conveyance",
                "agency", "sensitivity", "dataset", "record_id")
NUMBER_COLUMNS = ("quantity", "quantity_kg")
_VOCAB_COLUMNS = ("conveyance", "sensitivity", "unit", "date_precision", "location_precision", "dataset")


def _country_labels(codes: pd.Series, lang: str) -> pd.Series:
    names = {code: countries.country_name(code, lang) for code in codes.dropna().unique()}
    return codes.map(names)


def _route_labels(codes: pd.Series, lang: str) -> pd.Series:
    lookup = {
        value: " → ".join(countries.country_name(code, lang) for code in value.split(";") if code)
        for value in codes.dropna().unique()
    }
    return codes.map(lookup)


def localise(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Records with vocabulary values, substances and countries in ``lang`` (same columns)."""
    out = pd.DataFrame(records.drop(columns="geometry", errors="ignore"))
    labels = {sid: sub.label(lang) for sid, sub in schema.substances().items()}
    if "substance" in out:
        out["substance"] = out["substance"].map(lambda s: labels.get(s, s))
    if "country" in out:
        out["country"] = _country_labels(out["country"], lang)
    for column in ("origin", "destination", "transit"):
        if column in out:
            out[column] = _route_labels(out[column], lang)
    for column in _VOCAB_COLUMNS:
        if column in out:
            out[column] = out[column].map(lambda v: i18n.value_label(v, lang) if isinstance(v, str) else v)
    return out


def _numbers_as_text(values: pd.Series, lang: str) -> pd.Series:
    # Shown in the language's convention ("1 234,5"); a missing value is blank, not "None".
    return values.map(lambda v: "" if pd.isna(v) else i18n.format_number(v, lang, 0 if float(v).is_integer() else 1))


def records_list(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Records page table: newest first, translated headers, numbers as text in the language's convention."""
    newest_first = records.loc[:, list(LIST_COLUMNS)].iloc[::-1]
    table = localise(newest_first, lang)
    table["date"] = newest_first["date"].dt.date
    for column in NUMBER_COLUMNS:
        table[column] = _numbers_as_text(newest_first[column], lang)
    return table.rename(columns={c: i18n.field_label(c, lang) for c in LIST_COLUMNS}).reset_index(drop=True)


def record_detail(record: dict, lang: str) -> pd.DataFrame:
    """One record as a two-column table (field, value), every value as text."""
    frame = localise(pd.DataFrame([record]), lang)
    row = frame.iloc[0]
    values = []
    for field in schema.CANONICAL_COLUMNS:
        value = row[field]
        if field == "date" and pd.notna(value):
            value = pd.Timestamp(value).date().isoformat()
        values.append("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))
    return pd.DataFrame({i18n.t("field", lang): [i18n.field_label(f, lang) for f in schema.CANONICAL_COLUMNS],
                         i18n.t("value", lang): values})


def substance_totals(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A :func:`geo.analysis.stats.summarise` by substance, labelled for display, largest mass first."""
    table = summary.sort_values(["kg", "cases"], ascending=False).reset_index(names="substance")
    table["substance"] = table["substance"].map(lambda s: schema.substance_label(s, lang))
    for column in ("cases", "kg", "tablets", "plants"):
        table[column] = _numbers_as_text(table[column], lang)
    headers = {"substance": i18n.field_label("substance", lang), "cases": i18n.t("metric_cases", lang),
               "kg": i18n.t("metric_kg", lang), "tablets": i18n.t("metric_tablets", lang),
               "plants": i18n.value_label("plants", lang).capitalize()}
    return table.rename(columns=headers)
