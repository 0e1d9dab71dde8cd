"""What the Import page shows, as data: the preview, the editable column mapping, the result.

The page only renders these tables and turns the edited mapping back into a
:class:`geo.ingest.mapping.ColumnMapping` with :func:`mapping_from_table`.
"""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.core import units
from geo.i18n import ingest as ingest_text
from geo.ingest.mapping import MAPPABLE_FIELDS, ColumnMapping
from geo.ingest.readers.tables import RawTable

NOT_IMPORTED = "—"
PREVIEW_ROWS = 20


def field_label(field: str, lang: str) -> str:
    """How the mapping editor names a target field."""
    # A pseudo-field a column may map to besides the record's own fields ("coordinates") has its own label.
    extra = f"field_{field}"
    return ingest_text.t(extra, lang) if extra in ingest_text.STRINGS else i18n.field_label(field, lang)


def field_options(lang: str) -> list[str]:
    """Choices of the mapping editor: "not imported" first, then every mappable field's label."""
    return [NOT_IMPORTED, *(field_label(f, lang) for f in MAPPABLE_FIELDS)]


def preview_rows(table: RawTable, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first rows as text, with the row number the user sees in the file first."""
    head = table.frame.head(rows)
    shown = head.apply(lambda column: column.map(lambda v: "" if v is None or v != v else str(v)))
    shown.insert(0, "#", [str(n) for n in table.source_rows[: len(head)]])
    return shown.reset_index(drop=True)


def _example(values: pd.Series) -> str:
    present = values[values.map(lambda v: v is not None and v == v and str(v).strip() != "")]
    return "" if present.empty else str(present.iloc[0])[:60]


def mapping_table(table: RawTable, mapping: ColumnMapping, lang: str) -> pd.DataFrame:
    """One row per column of the file: its header, an example value, the field it goes to (editable)."""
    headers = [str(h) for h in table.frame.columns]
    labels = {"column": i18n.t("mapping_column", lang), "example": i18n.t("mapping_example", lang),
              "field": i18n.t("mapping_field", lang)}
    return pd.DataFrame({
        labels["column"]: headers,
        labels["example"]: [_example(table.frame[h]) for h in table.frame.columns],
        labels["field"]: [field_label(mapping.fields[h], lang) if mapping.fields.get(h) else NOT_IMPORTED
                          for h in headers],
    })


def mapping_from_table(edited: pd.DataFrame, lang: str, default_unit: str | None) -> ColumnMapping:
    """The mapping the user confirmed in the editor (labels back to field names)."""
    by_label = {field_label(f, lang): f for f in MAPPABLE_FIELDS}
    column, chosen = edited.columns[0], edited.columns[2]
    fields = {str(h): by_label.get(str(label)) for h, label in zip(edited[column], edited[chosen], strict=True)}
    return ColumnMapping(fields=fields, default_unit=default_unit if default_unit in units.UNITS else None)
