"""Seizure registers as agencies send them: a French Excel CSV export with messy rows."""

from __future__ import annotations

import csv
import io

REGISTER_HEADER = ["N° PV", "Date de saisie", "Localité", "Pays", "Produit", "Quantité", "Unité", "Provenance",
                   "Mode de transport", "Observations"]

# Six rows: three good ones, an impossible date, an unknown substance, and PV-001 a second time.
FRENCH_ROWS = [
    ["PV-001", "15/03/2023", "Kédougou", "Sénégal", "Cocaïne", "12,5", "kg", "Brésil", "Route", "véhicule 4x4"],
    ["PV-002", "16/03/2023", "Thiès", "Senegal", "Résine de cannabis", "1 100", "g", "Maroc", "camion", ""],
    ["PV-003", "31/02/2023", "Dakar", "Sénégal", "Cocaïne", "3", "kg", "", "", "date impossible"],
    ["PV-004", "18/03/2023", "Dakar", "Sénégal", "Poudre blanche", "2", "kg", "", "", "substance inconnue"],
    ["PV-001", "15/03/2023", "Kédougou", "Sénégal", "Cocaïne", "12,5", "kg", "Brésil", "Route", "saisi deux fois"],
    ["PV-005", "19/03/2023", "Niamey", "Niger", "Tramadol", "12 000", "comprimés", "Nigéria", "moto", "=1+2"],
]


def register_csv(rows: list[list[str]], *, title: bool = True, encoding: str = "cp1252", delimiter: str = ";") -> bytes:
    """A register as French Excel exports it: a title line, a blank line, then the header and the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if title:
        writer.writerows([["OCRTIS — Registre des saisies 2023"], []])
    writer.writerows([REGISTER_HEADER, *rows])
    return buffer.getvalue().encode(encoding)
