"""The file's values the vocabularies do not read, and the ids a value mapping may give them (the Import page).

For each vocabulary field a column gives (substance, unit, conveyance, countries, sensitivity, date precision),
the column's distinct cells are parsed once by the field's own parser; those it cannot read (the row would be
quarantined, or the value noted instead of read) are listed with their number of rows, so the user can map
each to an id (:attr:`geo.ingest.settings.ImportSettings.values`). Cells are compared as the value mapping
compares them: case, accents and punctuation aside.
"""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.core import schema, units
from geo.ingest.mapping import ColumnMapping
from geo.ingest.options import _COUNTRY_FIELDS as COUNTRY_FIELDS  # one list, within the package
from geo.ingest.options import valid_ids
from geo.ingest.parse.cells import raw_text
from geo.ingest.settings import ImportSettings
from geo.reference.countries import country_name, fold

VALUE_FIELDS = ("substance", "unit", "conveyance", "country", "origin", "transit", "destination", "sensitivity",
                "date_precision")
REVIEW_COLUMNS = ("text", "key", "rows", "mapped")


def _unread(texts: list[str], name: str) -> set[str]:
    """Which of ``texts`` field ``name``'s parser does not read (a problem or a warning on that field)."""
    from geo.ingest.parse.values import parse_values  # the parsers are heavy; the page calls this once per file

    frame = pd.DataFrame({"cell": texts})
    mapping = {"cell": name}
    if name == "unit":  # a unit is only checked beside a quantity
        frame["quantity"], mapping["quantity"] = "1", "quantity"
    parsed = parse_values(frame, ColumnMapping(mapping))
    found = pd.concat([parsed.problems, parsed.warnings])
    rows = found.loc[found["field"] == name, "row"]
    return {texts[int(r)] for r in rows}


def review(frame: pd.DataFrame, mapping: ColumnMapping, settings: ImportSettings | None = None,
           ) -> dict[str, pd.DataFrame]:
    """Per value field a column gives: the cells not read, and those ``settings`` maps (``REVIEW_COLUMNS``).

    ``text`` is the first spelling in the file, ``key`` the folded text a value mapping matches, ``rows`` how
    many rows hold it, ``mapped`` the id ``settings`` gives it (``None``: not mapped). Most rows first.
    """
    settings = settings or ImportSettings()
    out: dict[str, pd.DataFrame] = {}
    for name in VALUE_FIELDS:
        header = mapping.header_for(name)
        if header is None or header not in frame.columns:
            continue
        texts = frame[header].map(raw_text).dropna()
        if texts.empty:
            continue
        keys = texts.map(fold)
        counted = (pd.DataFrame({"text": texts, "key": keys}).groupby("key", sort=False)
                   .agg(text=("text", "first"), rows=("text", "size")).reset_index())
        mapped = {fold(text): target for text, target in settings.values.get(name, {}).items()}
        unread = _unread(counted["text"].tolist(), name)
        keep = counted["text"].isin(unread) | counted["key"].isin(mapped.keys())
        listed = counted[keep].copy()
        # object, so that "not mapped" stays None (pandas' inferred string dtype would make it NaN)
        listed["mapped"] = pd.Series([mapped.get(key) for key in listed["key"]], index=listed.index, dtype=object)
        if not listed.empty:
            out[name] = (listed.sort_values(["rows", "text"], ascending=[False, True])
                         .reset_index(drop=True)[list(REVIEW_COLUMNS)])
    return out


def choices(name: str, lang: str) -> dict[str, str]:
    """The ids a value of field ``name`` may be mapped to, with their labels in ``lang`` (sorted by label)."""
    if name in COUNTRY_FIELDS:
        import pycountry

        found = {c.alpha_3: f"{country_name(c.alpha_3, lang)} ({c.alpha_3})" for c in pycountry.countries}
    elif name == "substance":
        found = {s: f"{schema.substance_label(s, lang)} ({s})" for s in schema.substances()}
    elif name == "unit":
        found = {u: f"{i18n.value_label(u, lang)} ({u})" for u in units.UNITS}
    else:
        found = {v: i18n.value_label(v, lang) for v in valid_ids(name) or ()}
    return dict(sorted(found.items(), key=lambda item: fold(item[1])))
