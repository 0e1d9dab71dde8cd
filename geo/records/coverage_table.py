"""The Records page's table of official annual totals beside the shared records (issue 15), in the reader's words."""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.core.schema import substance_label
from geo.reference.countries import country_name

HEADERS = ("coverage_country", "coverage_year", "coverage_substance", "coverage_records_kg", "coverage_official_kg",
           "coverage_ratio")


def coverage_rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`geo.analysis.coverage.coverage`'s table with names, numbers and shares as text ("" where none)."""
    def number(value: float) -> str:
        return "" if pd.isna(value) else i18n.format_number(float(value), lang, 0 if value >= 10 else 1)

    columns = [i18n.t(key, lang) for key in HEADERS]
    rows = [[country_name(r.country, lang), str(int(r.year)), substance_label(r.substance, lang), number(r.records_kg),
             number(r.official_kg), "" if pd.isna(r.ratio) else f"{i18n.format_number(r.ratio * 100, lang, 0)} %"]
            for r in table.sort_values(["year", "country", "substance"], ascending=[False, True, True])
            .itertuples(index=False)]
    return pd.DataFrame(rows, columns=columns)
