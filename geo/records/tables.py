"""Record tables for display: translated headers and labels, no geometry.

Numbers are written in the reader's language: masses in kg to one decimal (three below 0.1 kg, so
a gram-level seizure never reads 0,0), counts whole, and counts of a million or more in words
("1,49 milliard de comprimés"). A measure that does not apply (tablets of a cocaine row) is blank,
never 0. The record panel is :mod:`geo.records.panel`.
"""

from __future__ import annotations

import math

import pandas as pd

from geo import i18n
from geo.core import schema
from geo.i18n import records as record_text
from geo.reference import countries

# Columns of the Records table, in order; the record panel shows every field. The id is kept in the
# frame (the page finds the chosen record by it) but not shown.
LIST_COLUMNS = ("date", "country", "place", "substance", "quantity", "quantity_kg", "conveyance",
                "agency", "sensitivity", "dataset", "record_id")
NUMBER_COLUMNS = ("quantity", "quantity_kg")
HIDDEN_COLUMNS = ("record_id",)
# Width of each shown column in pixels: together with the row selector they fit the 1440-pixel screen.
LIST_WIDTHS = {"date": 86, "country": 96, "place": 116, "substance": 112, "quantity": 128, "quantity_kg": 76,
               "conveyance": 76, "agency": 90, "sensitivity": 74, "dataset": 72}
_SHORT_HEADERS = {"quantity": "col_quantity", "conveyance": "col_conveyance", "dataset": "col_dataset"}
COUNTED_UNITS = ("tablets", "plants", "units")
WORDS_FROM = 1_000_000


def _trimmed(value: float, decimals: int, lang: str) -> str:
    """``value`` to ``decimals`` places, trailing zeros dropped ("1,50" → "1,5", "340,00" → "340")."""
    text = i18n.format_number(value, lang, decimals)
    if decimals:
        mark = "," if lang == "fr" else "."
        text = text.rstrip("0").rstrip(mark)
    return text


def count_words(value: float, lang: str) -> str:
    """A count, in words from a million on, to three significant digits.

    >>> count_words(1_486_401_485, "fr"), count_words(1_486_401_485, "en"), count_words(340_000_000, "fr")
    ('1,49 milliard', '1.49 billion', '340 millions')
    >>> count_words(41_100, "fr"), count_words(2_000_000, "en")
    ('41\u202f100', '2 million')
    """
    if abs(value) < WORDS_FROM:
        return i18n.format_number(round(value), lang, 0)
    scale, key = (1e9, "billion") if abs(value) >= 1e9 else (1e6, "million")
    scaled = value / scale
    decimals = max(0, 2 - int(math.floor(math.log10(abs(scaled)))))
    number = _trimmed(scaled, decimals, lang)
    return record_text.t(f"{key}_{'one' if abs(round(scaled, decimals)) < 2 else 'many'}", lang, n=number)


def count_text(value: float, unit: str, lang: str) -> str:
    """A count with its unit: "41\u202f100 comprimés", "1,49 milliard de comprimés", "1.49 billion tablets"."""
    unit_word = i18n.value_label(unit, lang)
    if abs(value) < WORDS_FROM:
        return f"{count_words(value, lang)} {unit_word}"
    return record_text.t("words_of_unit", lang, amount=count_words(value, lang), unit=unit_word)


def kg_text(value: float, lang: str) -> str:
    """A mass in kg to one decimal; below 0.1 kg to three, so that 2 g reads 0,002 and not 0,0."""
    if value is None or pd.isna(value):
        return ""
    return i18n.format_number(float(value), lang, 3 if 0 < abs(value) < 0.1 else 1)


def quantity_text(value: float, unit: object, lang: str) -> str:
    """A quantity as recorded, with its unit.

    Counts are whole (in words from a million); masses and volumes keep the decimals they were given, three at most.
    """
    if value is None or pd.isna(value):
        return ""
    unit = str(unit) if isinstance(unit, str) else ""
    if unit in COUNTED_UNITS:
        return count_text(float(value), unit, lang)
    number = _trimmed(float(value), 3, lang)
    return f"{number} {i18n.value_label(unit, lang)}".strip()
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


def list_header(column: str, lang: str) -> str:
    """Header of a Records table column: a short one where the field label would not fit its width."""
    return record_text.t(_SHORT_HEADERS[column], lang) if column in _SHORT_HEADERS else i18n.field_label(column, lang)


def dated_text(dates: pd.Series, precision: pd.Series | None) -> pd.Series:
    """ISO dates as precise as recorded: "2022" for a year-precision record, "2022-03" for a month, else the day.

    A record dated only to its year is stored on 1 January; "2022-01-01" would claim a day nobody recorded.

    >>> dated_text(pd.Series(pd.to_datetime(["2022-01-01", "2022-03-01", "2022-03-15"])),
    ...            pd.Series(["year", "month", "day"])).tolist()
    ['2022', '2022-03', '2022-03-15']
    """
    days = pd.to_datetime(dates).dt.strftime("%Y-%m-%d").fillna("")
    if precision is None:
        return days
    kept = precision.map({"year": 4, "month": 7}).fillna(10).astype(int)  # taken in order: same rows as ``dates``
    return pd.Series([day[:n] for day, n in zip(days, kept, strict=True)], index=days.index)


def records_list(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Records page table: newest first, headers and values in ``lang``, numbers as text in its convention.

    The quantity is the one recorded, with its unit; the mass in kg is blank when none applies.
    """
    newest_first = records.loc[:, [*LIST_COLUMNS, "unit"]].iloc[::-1]
    table = localise(newest_first.drop(columns="unit"), lang)
    # ISO text: sorts as dates do, and reads the same in both languages (a text column would show a date's epoch).
    table["date"] = dated_text(newest_first["date"], records["date_precision"].iloc[::-1]
                               if "date_precision" in records else None).to_numpy()
    table["quantity"] = [quantity_text(v, u, lang) for v, u in zip(newest_first["quantity"], newest_first["unit"])]
    table["quantity_kg"] = [kg_text(v, lang) for v in newest_first["quantity_kg"]]
    table["dataset"] = [record_text.t(f"dataset_{d}", lang) if d in schema.DATASETS else d
                        for d in newest_first["dataset"]]
    return table.rename(columns={c: list_header(c, lang) for c in LIST_COLUMNS}).reset_index(drop=True)


def list_columns(lang: str) -> dict[str, dict[str, object]]:
    """How the page shows each column of :func:`records_list`: ``width`` in pixels, ``align``, ``help`` (full label).

    Hidden columns are left out; pass the keys as the column order.
    """
    return {list_header(c, lang): {"width": LIST_WIDTHS[c], "align": "right" if c in NUMBER_COLUMNS else None,
                                   "help": i18n.field_label(c, lang)}
            for c in LIST_COLUMNS if c not in HIDDEN_COLUMNS}


def record_detail(record: dict, lang: str) -> pd.DataFrame:
    """One record as a two-column table (field, value), every value as text."""
    frame = localise(pd.DataFrame([record]), lang)
    row = frame.iloc[0]
    values = []
    for field in schema.CANONICAL_COLUMNS:
        value = row[field]
        if field == "date" and pd.notna(value):
            value = dated_text(pd.Series([pd.Timestamp(value)]), pd.Series([record.get("date_precision")])).iloc[0]
        values.append("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))
    return pd.DataFrame({i18n.t("field", lang): [i18n.field_label(f, lang) for f in schema.CANONICAL_COLUMNS],
                         i18n.t("value", lang): values})


def substance_totals(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A :func:`geo.analysis.stats.summarise` by substance, labelled for display, largest mass first.

    A measure a substance has nothing in (tablets of cocaine, kg of tramadol tablets) is blank, not 0;
    counts of a million or more are in words.
    """
    table = summary.sort_values(["kg", "cases"], ascending=False).reset_index(names="substance")
    table["substance"] = table["substance"].map(lambda s: schema.substance_label(s, lang))
    table["cases"] = _numbers_as_text(table["cases"], lang)
    table["kg"] = [kg_text(v, lang) if v else "" for v in table["kg"]]
    for column in ("tablets", "plants"):
        table[column] = [count_words(v, lang) if v else "" for v in table[column]]
    headers = {"substance": i18n.field_label("substance", lang), "cases": i18n.t("metric_cases", lang),
               "kg": i18n.t("metric_kg", lang), "tablets": i18n.t("metric_tablets", lang),
               "plants": i18n.value_label("plants", lang).capitalize()}
    return table.rename(columns=headers)
