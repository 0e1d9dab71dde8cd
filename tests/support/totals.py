"""Official annual totals as UNODC publishes them (a "Drug seizures" export), built in code.

The export has a title row above the header ``Region, SubRegion, Country, DrugGroup, DrugSubGroup, DrugName,
Reference year, Kilograms, msCode``; a group total (DrugName blank) may stand beside its members; some rows name
the country by its ISO3 code only, others by the UN's name with brackets ("Bolivia (Plurinational State of)").
"""

from __future__ import annotations

import io

UNODC_TITLE = "Drug seizures 2018-2022"
UNODC_HEADER = ["Region", "SubRegion", "Country", "DrugGroup", "DrugSubGroup", "DrugName", "Reference year",
                "Kilograms", "msCode"]
W = ("Africa", "Western Africa")
# Every kind of row a real export holds: members and their group total, repeats, an ISO3-only country, brackets.
UNODC_ROWS = [
    [*W, "Senegal", "Cocaine-type", "", "Cocaine hydrochloride", 2022, 1200.5, "SEN"],
    [*W, "Senegal", "Cocaine-type", "", "Cocaine base", 2022, 300, "SEN"],
    [*W, "Senegal", "Cocaine-type", "", "", 2022, 1500.5, "SEN"],  # the group total beside its members
    [*W, "Senegal", "Cocaine-type", "", "Cocaine hydrochloride", 2022, 1200.5, "SEN"],  # repeated whole
    [*W, "Senegal", "Cannabis-type", "", "Cannabis herb (marijuana)", 2022, 25000, "SEN"],
    [*W, "Senegal", "Cannabis-type", "", "Cannabis herb (marijuana)", 2021, 18000, "SEN"],
    [*W, "", "Cannabis-type", "", "Cannabis resin (hashish)", 2022, 40.25, "GHA"],  # by ISO3 only
    [*W, "Côte d'Ivoire", "Opioids", "Synthetic opioids", "Tramadol", 2021, 9000, "CIV"],
    [*W, "Côte d'Ivoire", "Opioids", "", "", 2021, 9100, "CIV"],  # opioids group beside tramadol
    ["Americas", "South America", "Bolivia (Plurinational State of)", "Cocaine-type", "", "Cocaine (base)", 2021, 5,
     ""],
    [*W, "Atlantis", "Cocaine-type", "", "Cocaine", 2021, 10, ""],  # no such country: quarantined
    [*W, "Senegal", "Cocaine-type", "", "Cocaine", "n/a", 10, "SEN"],  # no year: quarantined
]


def unodc_xlsx(rows: list[list] = UNODC_ROWS, *, title: str | None = UNODC_TITLE,
               header: list[str] = UNODC_HEADER) -> bytes:
    """An XLSX workbook as UNODC's data portal exports it: a title row, the header, the rows."""
    import openpyxl  # here, not at the top: geo must be imported first (openpyxl then parses XML with defusedxml)

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Drug seizures"
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
