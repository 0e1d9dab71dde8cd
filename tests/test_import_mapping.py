"""Mapping control on the command line (--map, --value, --set, --dry-run), dates from parts, keys that are not keys."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from geo.cli import main
from geo.ingest import dryrun, options
from geo.ingest import pipeline as importer
from geo.ingest.keys import NotAKey, key_collapse
from geo.ingest.mapping import ColumnMapping, suggest_mapping
from geo.ingest.parse import dateparts
from geo.ingest.parse.values import parse_values
from geo.ingest.settings import ImportSettings
from geo.store import GeoPackageStore

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def csv_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def monthly_register() -> tuple[bytes, pd.DataFrame]:
    """A monthly aggregate register as US customs publish it: a title row, fiscal years, JAN..DEC, a Year column.

    The Year column repeats the fiscal year (as such files do); it must become neither source_ref nor the date.
    """
    rows, table = [], []
    for fiscal in (2024, 2025, 2026):
        for position, month in enumerate(MONTHS, start=1):
            for region, drug, kg in (("Southwest Border", "Cocaine", 12.5 * position + fiscal % 10),
                                     ("Northern Border", "Methamphetamine", 3.25 * position)):
                rows.append([str(fiscal), month, region, drug, f"{kg:.2f}", str(fiscal)])
                table.append({"fiscal": fiscal, "month": position, "kg": round(kg, 2)})
    header = ["Fiscal Year", "Month", "Region", "Drug Type", "Quantity (kg)", "Year"]
    title = [["U.S. Customs and Border Protection - Drug Seizure Statistics (monthly)"], []]
    return csv_bytes([*title, header, *rows]), pd.DataFrame(table)


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore(tmp_path / "mapping.gpkg")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- option parsing, table-driven ----

@pytest.mark.parametrize(("maps", "values", "sets", "start", "expected"), [
    (["Year="], [], [], None, ImportSettings(columns={"Year": None})),
    (["N° PV=source_ref", "Pays = country"], [], [], None,
     ImportSettings(columns={"N° PV": "source_ref", "Pays": "country"})),
    (["a=b=c=year"], [], [], None, ImportSettings(columns={"a=b=c": "year"})),  # the field is after the last "="
    ([], ["substance:Chanvre=cannabis_herb"], [], None,
     ImportSettings(values={"substance": {"Chanvre": "cannabis_herb"}})),
    ([], ["country:Guinée Conakry=gin", "origin:Hollande=NLD"], [], None,
     ImportSettings(values={"country": {"Guinée Conakry": "GIN"}, "origin": {"Hollande": "NLD"}})),
    ([], ["conveyance:Pirogue=sea", "unit:Kilo=kg", "notes:x=anything"], [], None,
     ImportSettings(values={"conveyance": {"Pirogue": "sea"}, "unit": {"Kilo": "kg"}, "notes": {"x": "anything"}})),
    ([], [], ["country=USA", "unit=kg"], "10",
     ImportSettings(constants={"country": "USA", "unit": "kg"}, fiscal_year_start=10)),
])
def test_options_read_into_settings(maps, values, sets, start, expected):
    assert options.settings_from_options(maps, values, sets, start) == expected


@pytest.mark.parametrize(("maps", "values", "sets", "start", "message"), [
    (["Year"], [], [], None, "--map 'Year': write HEADER=field"),
    (["=year"], [], [], None, "--map '=year'"),
    (["Year=annee"], [], [], None, "'annee' is not a field"),
    ([], ["substance=cocaine"], [], None, "write field:TEXT=ID"),
    ([], ["drug:Coke=cocaine"], [], None, "'drug' is not a field"),
    ([], ["substance:Coke=coke"], [], None, "'coke' is not a substance id"),
    ([], ["country:Guinée Conakry=Guinea"], [], None, "'Guinea' is not an ISO3 country code"),
    ([], ["conveyance:Pirogue=boat"], [], None, "'boat' is not a conveyance id"),
    ([], [], ["country"], None, "--set 'country': write field=VALUE"),
    ([], [], ["pays=USA"], None, "'pays' is not a field"),
    ([], [], [], "13", "--fiscal-year-start 13"),
    ([], [], [], "oct", "--fiscal-year-start oct"),
])
def test_bad_options_are_one_line_naming_them(maps, values, sets, start, message):
    with pytest.raises(options.OptionError) as raised:
        options.settings_from_options(maps, values, sets, start)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_settings_are_json_for_saved_profiles():
    settings = ImportSettings({"Year": None, "Fiscal Year": "fiscal_year"}, {"substance": {"Chanvre": "cannabis_herb"}},
                              {"country": "USA"}, 10)
    text = settings.to_json()
    assert json.loads(text)["constants"] == {"country": "USA"}
    assert ImportSettings.from_json(text) == settings
    assert ImportSettings.from_json("{}") == ImportSettings()


# ---- automatic mapping of real layouts ----

@pytest.mark.parametrize(("headers", "expected"), [
    (["Year", "Drug", "Quantity"], {"Year": "year"}),
    (["Reference year", "Country", "Drug"], {"Reference year": "year"}),
    (["Année", "Mois", "Produit"], {"Année": "year", "Mois": "month"}),
    (["Annee", "Année de référence"], {"Annee": "year", "Année de référence": None}),
    (["Fiscal Year", "Month", "Drug Type"], {"Fiscal Year": "fiscal_year", "Month": "month"}),
    (["FY", "Month"], {"FY": "fiscal_year"}),
    (["Exercice", "Mois"], {"Exercice": "fiscal_year", "Mois": "month"}),
    # a code column beats a name column for the country: it is unambiguous
    (["Country", "msCode", "Drug"], {"msCode": "country", "Country": None}),
    (["Pays", "Code pays"], {"Code pays": "country", "Pays": None}),
    (["ISO3", "Drug"], {"ISO3": "country"}), (["iso_code"], {"iso_code": "country"}),
    (["ISO"], {"ISO": "country"}), (["Country code"], {"Country code": "country"}),
    # what `geo export` writes maps to itself; derived and provenance columns are not read
    (["record_id", "source_ref", "date", "date_precision", "admin1", "transport_detail", "agency", "dataset",
      "quantity_kg", "kg_factor", "count", "batch_id", "created_at", "created_by"],
     {"record_id": None, "source_ref": "source_ref", "date": "date", "date_precision": "date_precision",
      "admin1": "admin1", "transport_detail": "transport_detail", "agency": None, "dataset": None,
      "quantity_kg": None, "kg_factor": None, "count": None, "batch_id": None, "created_at": None,
      "created_by": None}),
])
def test_real_layouts_map_year_month_and_codes(headers, expected):
    fields = suggest_mapping(headers).fields
    assert {h: fields[h] for h in expected} == expected
    assert "source_ref" not in [fields[h] for h in headers if "year" in h.lower() or "ann" in h.lower()]


# ---- dates from parts ----

@pytest.mark.parametrize(("cell", "month"), [
    ("JAN", 1), ("feb", 2), ("févr.", 2), ("Février", 2), ("Décembre", 12), ("DEC", 12), ("sept", 9), ("12", 12),
    (7, 7), (7.0, 7), ("août", 8), ("13", None), ("0", None), ("Q1", None),
])
def test_month_cells(cell, month):
    assert dateparts.month_part(cell) == month


@pytest.mark.parametrize(("parts", "start", "date", "precision"), [
    ({"fiscal_year": "2026", "month": "DEC"}, 10, "2025-12-01", "month"),
    ({"fiscal_year": "2026", "month": "MAR"}, 10, "2026-03-01", "month"),
    ({"fiscal_year": "2026", "month": "OCT"}, 10, "2025-10-01", "month"),
    ({"fiscal_year": "FY2026", "month": "SEP"}, 10, "2026-09-01", "month"),
    ({"fiscal_year": "2025/26", "month": "juillet"}, 7, "2025-07-01", "month"),
    ({"fiscal_year": "2026", "month": "DEC"}, None, "2026-12-01", "month"),
    ({"year": "2023"}, None, "2023-01-01", "year"),
    ({"year": "2023", "month": "févr."}, None, "2023-02-01", "month"),
    ({"year": 2023, "month": 2, "day": 14}, None, "2023-02-14", "day"),
])
def test_parts_compose_the_date_and_its_precision(parts, start, date, precision):
    raw = pd.DataFrame({**{k: [v] for k, v in parts.items()}, "Produit": ["cocaïne"]})
    mapping = ColumnMapping({**{k: k for k in parts}, "Produit": "substance"}, fiscal_year_start=start)
    parsed = parse_values(raw, mapping)
    assert parsed.problems.empty
    assert str(parsed.frame.loc[0, "date"].date()) == date
    assert parsed.frame.loc[0, "date_precision"] == precision


def test_date_column_wins_and_contradicting_parts_warn():
    raw = pd.DataFrame({"Date": ["15/03/2023", "15/03/2023", None], "Année": ["2023", "2022", "2021"],
                        "Mois": ["mars", "mars", "xyz"], "Produit": ["cocaïne"] * 3})
    parsed = parse_values(raw, suggest_mapping(list(raw.columns)))
    assert [str(d.date()) for d in parsed.frame["date"][:2]] == ["2023-03-15", "2023-03-15"]
    assert parsed.warnings[["row", "code"]].values.tolist() == [[1, "date_parts_conflict"]]
    assert parsed.problems.loc[parsed.problems["field"] == "month", ["row", "code"]].values.tolist() == [
        [2, "date_part_unparsed"]]


@pytest.mark.slow
def test_monthly_register_fiscal_years_match_an_independent_computation(store, tmp_path, capsys):
    data, expected = monthly_register()
    path = tmp_path / "cbp_monthly.csv"
    path.write_bytes(data)
    code, out, err = run_cli(capsys, "import", str(path), "--db", str(tmp_path / "mapping.gpkg"), "--agency",
                             "usa-cbp", "--fiscal-year-start", "10", "--set", "country=USA", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["rows"], report["accepted"], report["quarantined"], report["duplicates"]) == (72, 72, 0, 0)
    assert report["mapping"]["Year"] == "year" and report["mapping"]["Fiscal Year"] == "fiscal_year"
    assert report["constants"] == {"country": "USA"} and report["fiscal_year_start"] == 10
    # independently: October..December belong to the calendar year before the fiscal year
    calendar = expected["fiscal"] - (expected["month"] >= 10).astype(int)
    expected_dates = pd.to_datetime(pd.DataFrame({"year": calendar, "month": expected["month"], "day": 1}))
    stored = store.query().sort_values(["date", "quantity"]).reset_index(drop=True)
    wanted = pd.DataFrame({"date": expected_dates, "quantity": expected["kg"]}).sort_values(
        ["date", "quantity"]).reset_index(drop=True)
    assert stored["date"].dt.strftime("%Y-%m-%d").tolist() == wanted["date"].dt.strftime("%Y-%m-%d").tolist()
    assert stored["quantity"].round(2).tolist() == wanted["quantity"].tolist()
    assert set(stored["date_precision"]) == {"month"} and set(stored["country"]) == {"USA"}
    assert stored["quantity_kg"].sum() == pytest.approx(expected["kg"].sum())
    assert stored["source_ref"].isna().all()


# ---- --set, --value, --dry-run ----

def small_register(substance: str = "Herbe locale", country_column: bool = False) -> bytes:
    header = ["N° PV", "Date", "Produit", "Quantité (kg)"] + (["Pays"] if country_column else [])
    rows = [[f"PV-{n}", f"0{n}/03/2024", substance if n % 2 else "Cocaïne", str(n)] + (["Mali"] if country_column
                                                                                         else [])
            for n in range(1, 6)]
    return csv_bytes([header, *rows])


@pytest.mark.slow
def test_set_gives_every_row_a_country_and_value_maps_cells(tmp_path, capsys):
    path, db = tmp_path / "reg.csv", tmp_path / "mapping.gpkg"
    path.write_bytes(small_register("herbe  locale"))  # unknown to the vocabulary: --value says what it is
    code, out, err = run_cli(capsys, "import", str(path), "--db", str(db), "--agency", "usa-dea", "--set",
                             "country=USA", "--value", "substance:HERBE LOCALE=cannabis_herb", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["accepted"] == 5 and report["values"] == {"substance": {"HERBE LOCALE": "cannabis_herb"}}
    stored = GeoPackageStore(db).query().sort_values("source_ref")
    assert stored["substance"].tolist() == ["cannabis_herb", "cocaine", "cannabis_herb", "cocaine", "cannabis_herb"]
    assert set(stored["country"]) == {"USA"}
    # without --value the word is unknown and its rows quarantine, their cells kept as written
    other = tmp_path / "other.gpkg"
    assert main(["import", str(path), "--db", str(other), "--agency", "usa-dea", "--set", "country=USA"]) == 0
    batch = GeoPackageStore(other).batches()["batch_id"].iloc[0]
    kept = GeoPackageStore(other).quarantine(batch)
    assert [raw["Produit"] for raw in kept["raw"]] == ["herbe  locale"] * 3


@pytest.mark.slow
def test_set_never_overrides_a_column_and_bad_values_exit_2(tmp_path, capsys):
    path, db = tmp_path / "reg.csv", tmp_path / "mapping.gpkg"
    path.write_bytes(small_register(country_column=True))
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db), "--set", "country=USA")
    assert code == 2 and "column 'Pays' already gives country" in err and err.count("\n") == 1
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db), "--set", "quantity=beaucoup",
                           "--map", "Quantité (kg)=")
    assert code == 2 and "'beaucoup' cannot be read as quantity" in err
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db), "--map", "Colonne absente=notes")
    assert code == 2 and "column 'Colonne absente' is not in the file" in err
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db), "--value", "conveyance:Pirogue=sea")
    assert code == 2 and "no column gives conveyance" in err
    # --map "Pays=" frees the field for the constant
    code, out, err = run_cli(capsys, "import", str(path), "--db", str(db), "--agency", "a1", "--map", "Pays=",
                             "--set", "country=USA", "--value", "substance:Herbe locale=cannabis_herb", "--json")
    assert code == 0, err
    assert json.loads(out)["mapping"]["Pays"] is None
    assert set(GeoPackageStore(db).query()["country"]) == {"USA"}


@pytest.mark.slow
def test_dry_run_counts_as_the_import_would_and_writes_nothing(tmp_path, capsys):
    path, db = tmp_path / "reg.csv", tmp_path / "mapping.gpkg"
    path.write_bytes(small_register())  # "Herbe locale" is not in the vocabulary: 3 rows quarantine
    store = GeoPackageStore(db)
    before = (store.count(), len(store.batches()), len(store.audit_log()))
    code, out, err = run_cli(capsys, "import", str(path), "--db", str(db), "--agency", "a1", "--dry-run",
                             "--lang", "en")
    assert code == 0, err
    assert "rows read 5 = accepted 2 + quarantined 3 + duplicates 0" in out.replace("\u202f", " ")
    assert "Produit -> substance" in out and "Dry run: nothing was written." in out
    assert (store.count(), len(store.batches()), len(store.audit_log())) == before
    # the real import gives the same sum, and a second dry run counts every row as a duplicate
    real = importer.import_bytes(store, small_register() + b"PV-9,01/01/2024,Cocaine,1\r\n", "reg.csv",
                                 agency="a1", created_by="test")
    again = dryrun.dry_run(store, small_register(), "reg.csv", agency="a1")
    assert (real.accepted, real.quarantined) == (3, 3)
    assert (again.rows, again.accepted, again.quarantined, again.duplicates) == (5, 0, 3, 2)
    assert again.as_json()["dry_run"] is True


# ---- keys that are not keys ----

def test_a_reference_that_repeats_on_different_rows_is_refused_with_its_counts(tmp_path, capsys):
    data, expected = monthly_register()
    path, db = tmp_path / "cbp.csv", tmp_path / "mapping.gpkg"
    path.write_bytes(data)
    code, _, err = run_cli(capsys, "import", str(path), "--db", str(db), "--map", "Year=source_ref",
                           "--set", "country=USA", "--lang", "en")
    years = expected["fiscal"].nunique()
    assert code == 2 and err.count("\n") == 1
    assert f"column 'Year' is not a reference: {len(expected)} rows that differ would collapse into {years}" in err
    assert '--map "Year="' in err
    assert GeoPackageStore(db).count() == 0 and GeoPackageStore(db).batches().empty
    store = GeoPackageStore(db)
    with pytest.raises(NotAKey) as raised:
        importer.import_bytes(store, data, "cbp.csv", settings=ImportSettings(columns={"Year": "source_ref"}),
                              created_by="test")
    assert (raised.value.column, raised.value.rows, raised.value.records) == ("Year", len(expected), years)
    assert "72 lignes seraient fusionnées en 3 enregistrements" in raised.value.message("fr")
    assert store.batches().empty


def test_rows_identical_in_every_cell_are_still_duplicates():
    frame = pd.DataFrame({"PV": ["1", "1", "2", "3", "3", None, None], "Qté": ["5", "5", "6", "7", "8", "1", "2"]})
    assert key_collapse(frame, "PV") == (2, 1)
    assert key_collapse(frame.iloc[:3], "PV") == (0, 0)


# ---- countries as the UN names them ----

UN_CASES = [
    ("Republic of Korea", "KOR"), ("Democratic People's Republic of Korea", "PRK"), ("Côte d'Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"), ("Türkiye", "TUR"), ("Iran (Islamic Republic of)", "IRN"),
    ("Bolivia (Plurinational State of)", "BOL"), ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("United Republic of Tanzania", "TZA"), ("Republic of Moldova", "MDA"), ("Lao People's Democratic Republic", "LAO"),
    ("Syrian Arab Republic", "SYR"), ("Viet Nam", "VNM"), ("Russian Federation", "RUS"),
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"), ("Netherlands (Kingdom of the)", "NLD"),
    ("China, Hong Kong SAR", "HKG"), ("China, Macao SAR", "MAC"), ("Bahamas", "BHS"), ("Gambia", "GMB"),
    ("Congo", "COG"), ("Democratic Republic of the Congo", "COD"), ("State of Palestine", "PSE"), ("Holy See", "VAT"),
    ("Micronesia (Federated States of)", "FSM"), ("United States of America", "USA"), ("Cabo Verde", "CPV"),
    ("Guinea-Bissau", "GNB"), ("Eswatini", "SWZ"), ("North Macedonia", "MKD"), ("Czechia", "CZE"),
    ("République de Corée", "KOR"), ("République populaire démocratique de Corée", "PRK"),
    ("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "GBR"), ("Iran (République islamique d')", "IRN"),
    ("Bolivie (État plurinational de)", "BOL"), ("Venezuela (République bolivarienne du)", "VEN"),
    ("République-Unie de Tanzanie", "TZA"), ("République de Moldova", "MDA"),
    ("République démocratique populaire lao", "LAO"), ("République arabe syrienne", "SYR"),
    ("Fédération de Russie", "RUS"), ("Pays-Bas (Royaume des)", "NLD"), ("Chine, RAS de Hong Kong", "HKG"),
    ("République démocratique du Congo", "COD"), ("État de Palestine", "PSE"), ("Saint-Siège", "VAT"),
    ("Îles Salomon", "SLB"), ("Saint-Kitts-et-Nevis", "KNA"), ("Soudan du Sud", "SSD"), ("Gambie", "GMB"),
    ("États-Unis d'Amérique", "USA"), ("Guinée-Bissau", "GNB"), ("Sao Tomé-et-Principe", "STP"),
    ("Turquie", "TUR"), ("Viet Nam", "VNM"), ("Tchéquie", "CZE"), ("Macédoine du Nord", "MKD"),
]


@pytest.mark.parametrize(("name", "iso3"), UN_CASES)
def test_un_country_names_resolve(name, iso3):
    from geo.reference.countries import to_iso3

    assert to_iso3(name) == iso3
    assert to_iso3(name.upper()) == iso3


def test_every_un_table_name_and_every_iso_name_resolves():
    import pycountry

    from geo.reference.countries import _french, to_iso3
    from geo.reference.un_names import UN_NAMES

    assert {name: to_iso3(name) for name in UN_NAMES} == UN_NAMES
    wrong = [(c.name, c.alpha_3) for c in pycountry.countries
             if to_iso3(c.name) != c.alpha_3 or to_iso3(_french().gettext(c.name)) != c.alpha_3]
    assert wrong == []


@pytest.mark.slow
def test_iso3_code_column_imports_countries(tmp_path, capsys):
    path, db = tmp_path / "ids.csv", tmp_path / "mapping.gpkg"
    path.write_bytes(csv_bytes([["Country", "msCode", "Date", "Drug", "Quantity (kg)"],
                                ["Republic of Korea", "KOR", "2023-05-01", "Cocaine", "2"],
                                ["Türkiye", "TUR", "2023-05-02", "Cocaine", "3"],
                                ["Netherlands (Kingdom of the)", "NLD", "2023-05-03", "Cocaine", "4"]]))
    code, out, err = run_cli(capsys, "import", str(path), "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["mapping"] == {"Country": None, "msCode": "country", "Date": "date", "Drug": "substance",
                                          "Quantity (kg)": "quantity"}
    assert sorted(GeoPackageStore(db).query()["country"]) == ["KOR", "NLD", "TUR"]


@pytest.mark.slow
def test_a_case_listed_twice_with_another_remark_is_a_duplicate_not_a_refusal(store):
    from tests.support import FRENCH_ROWS, register_csv

    # FRENCH_ROWS lists PV-001 twice: same date, place, substance and quantity, another remark
    assert [row[0] for row in FRENCH_ROWS].count("PV-001") == 2
    report = importer.import_bytes(store, register_csv(FRENCH_ROWS), "registre.csv", agency="sen", created_by="t")
    assert (report.rows, report.duplicates) == (6, 1)
    # the same case with another quantity is two seizures under one number: refused, never collapsed
    changed = [*FRENCH_ROWS[:4], [*FRENCH_ROWS[4][:5], "13", *FRENCH_ROWS[4][6:]], FRENCH_ROWS[5]]
    with pytest.raises(NotAKey) as raised:
        importer.import_bytes(store, register_csv(changed), "registre2.csv", agency="sen", created_by="t")
    assert (raised.value.column, raised.value.rows, raised.value.records) == ("N° PV", 2, 1)
    assert len(store.batches()) == 1
