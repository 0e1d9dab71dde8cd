"""Coverage: shared records' kilograms against official totals, ratios checked against hand-computed ones."""

from __future__ import annotations

import io
import json
from datetime import date

import folium
import pandas as pd
import pdfplumber
import pytest

from geo import cli
from geo.access import Actor, Viewer
from geo.analysis import coverage
from geo.briefs import content, onepager
from geo.core.filters import RecordFilter
from geo.core.schema import coerce_records
from geo.ingest import totals
from geo.maps import coverage_layer
from geo.records import coverage_table
from geo.store import Batch, open_store
from geo.trends import coverage_chart
from geo.trends.chart_text import ChartContext
from tests.support.records import make_records
from tests.support.totals import UNODC_ROWS, unodc_xlsx

ADMIN = Actor("test-admin")
# Senegal 2022: official cocaine members 1200.5 (hcl) + 300 (base), group total 1500.5 beside them (never summed);
# cannabis herb 25000. Côte d'Ivoire 2021: tramadol 9000 beside the opioids group 9100.
RECORDS = [
    {"date": "2022-02-01", "country": "SEN", "substance": "cocaine_hcl", "quantity": 600.25},
    {"date": "2022-07-01", "country": "SEN", "substance": "cocaine_hcl", "quantity": 0.5, "unit": "t"},  # 500 kg
    {"date": "2022-03-01", "country": "SEN", "substance": "cannabis_herb", "quantity": 5000, "seizure_count": 12},
    {"date": "2022-03-01", "country": "SEN", "substance": "heroin", "quantity": 2},  # nobody reported heroin
    {"date": "2021-05-01", "country": "CIV", "substance": "tramadol", "quantity": 900},
    {"date": "2021-05-01", "country": "CIV", "substance": "tramadol", "quantity": 10000, "unit": "tablets"},
    {"date": "2021-06-01", "country": "SEN", "substance": "cannabis_herb", "quantity": 4500,
     "agency": "gha-ncb", "sensitivity": "restricted"},  # not shared with the viewer below
]


@pytest.fixture
def filled(store):
    store.ensure_agency(ADMIN, "UNODC")
    totals.import_totals(store, unodc_xlsx(), "x.xlsx", agency="UNODC", sensitivity="public", created_by="t")
    store.write_batch(make_records(*({"source_ref": str(i), **row} for i, row in enumerate(RECORDS))),
                      Batch(kind="import", created_by="t"))
    return store


def test_members_are_summed_and_their_group_total_never_beside_them(filled):
    read = filled.read_totals()
    used = read[coverage.summable(read)]
    assert "Cocaine-type" not in set(used["label"]) and "Opioids" not in set(used["label"])
    independent = pd.DataFrame(UNODC_ROWS).iloc[[0, 1, 4, 5, 6, 7, 9]][7].astype(float).sum()  # the members
    assert used["kg"].sum() == pytest.approx(independent)


def test_coverage_ratios_are_the_hand_computed_ones(filled):
    viewer = Viewer.of_agency("sen-ocrtis", "confidential")
    table = coverage.coverage(filled.query(RecordFilter(viewer=viewer)), filled.read_totals(viewer))
    got = {(r.country, r.year, r.substance): (r.records_kg, r.official_kg, r.ratio)
           for r in table.itertuples(index=False)}
    assert got[("SEN", 2022, "cocaine_hcl")] == pytest.approx((1100.25, 1200.5, 1100.25 / 1200.5))
    assert got[("SEN", 2022, "cocaine_base")] == pytest.approx((0.0, 300.0, 0.0))
    assert got[("SEN", 2022, "cannabis_herb")] == pytest.approx((5000.0, 25000.0, 0.2))
    assert got[("SEN", 2021, "cannabis_herb")] == pytest.approx((0.0, 18000.0, 0.0))  # gha-ncb's record hidden
    assert got[("CIV", 2021, "tramadol")] == pytest.approx((900.0, 9000.0, 0.1))  # tablets are never weighed
    records_kg, official_kg, ratio = got[("SEN", 2022, "heroin")]
    assert (records_kg, pd.isna(official_kg), pd.isna(ratio)) == (2.0, True, True)  # no total: no ratio
    assert ("SEN", 2022, "cocaine_type") not in got and ("CIV", 2021, "opioids") not in got
    share = coverage.overall(table, 2022, ("SEN",))
    assert share["ratio"] == pytest.approx((1100.25 + 5000) / (1200.5 + 300 + 25000))


def test_a_record_counts_against_its_group_when_only_the_group_is_reported():
    reported = pd.DataFrame({"country": ["MLI"], "year": [2023], "substance": ["opioids"], "label": ["Opioids"],
                             "kg": [50.0], "cases": [None], "source": ["x"]})
    records = make_records({"date": "2023-01-01", "country": "MLI", "substance": "tramadol", "quantity": 5},
                           {"date": "2023-01-01", "country": "MLI", "substance": "heroin", "quantity": 5})
    table = coverage.coverage(coerce_records(records), reported)
    assert table.to_dict("records") == [{"country": "MLI", "year": 2023, "substance": "opioids", "records_kg": 10.0,
                                         "official_kg": 50.0, "ratio": 0.2}]


def test_stats_json_gains_coverage(tmp_path, capsys):
    db = str(tmp_path / "s.gpkg")
    store = open_store(db)
    store.ensure_agency(ADMIN, "UNODC")
    totals.import_totals(store, unodc_xlsx(), "x.xlsx", agency="UNODC", sensitivity="public", created_by="t")
    store.write_batch(make_records(*({"source_ref": str(i), **row} for i, row in enumerate(RECORDS))),
                      Batch(kind="import", created_by="t"))
    assert cli.main(["stats", "--db", db, "--json", "--country", "SEN", "--from", "2022"]) == 0
    found = json.loads(capsys.readouterr().out)["coverage"]
    assert set(found) == {"SEN"} and set(found["SEN"]) == {"2022"}
    assert found["SEN"]["2022"]["cannabis_herb"] == {"records_kg": 5000.0, "official_kg": 25000.0, "ratio": 0.2}
    assert found["SEN"]["2022"]["heroin"] == {"records_kg": 2.0, "official_kg": None, "ratio": None}
    assert cli.main(["stats", "--db", db, "--json", "--as", "UNODC"]) == 0  # public records only for UNODC
    assert "2021" in json.loads(capsys.readouterr().out)["coverage"]["SEN"]


def test_the_briefing_states_the_share_of_the_official_total_in_both_languages(tmp_path):
    records = coerce_records(make_records(*({"source_ref": str(i), **row} for i, row in enumerate(RECORDS))))
    official = pd.DataFrame(UNODC_ROWS[:6], columns=["r", "s", "c", "g", "sg", "label", "year", "kg", "country"])
    official = official.assign(substance=official["label"].map(totals.vocabulary.substance_id).fillna("cocaine_type"),
                               cases=None, source="x").drop_duplicates()
    share = (1100.25 + 5000 + 2 * 0) / (1200.5 + 300 + 25000)  # SEN and CIV have no 2022 heroin or tramadol total
    expected = {"en": f"Shared records cover {share * 100:.0f} % of the 2022 official total",
                "fr": f"Les saisies partagées couvrent {share * 100:.0f} % du total officiel 2022"}
    for lang, sentence in expected.items():
        built = content.build_briefing(records, lang=lang, start=date(2022, 1, 1), end=date(2022, 12, 31),
                                       official=official)
        assert built.coverage_text.startswith(sentence), built.coverage_text
        with pdfplumber.open(io.BytesIO(onepager.render_pdf(built))) as document:
            assert sentence in document.pages[0].extract_text().replace("\n", " ")
    # A window that holds no whole year compares nothing: part of a year against a year's total would mislead.
    assert content.build_briefing(records, lang="en", start=date(2022, 3, 1), end=date(2023, 2, 28),
                                  official=official).coverage_text == ""


def test_the_coverage_layer_is_off_by_default_coloured_by_share_and_keyed_in_the_legend():
    records = coerce_records(make_records(*({"source_ref": str(i), **row} for i, row in enumerate(RECORDS))))
    official = pd.DataFrame({"country": ["SEN", "SEN", "CIV"], "year": [2022, 2022, 2021],
                             "substance": ["cocaine_hcl", "cannabis_herb", "tramadol"],
                             "label": ["Cocaine hydrochloride", "Cannabis herb", "Tramadol"],
                             "kg": [1200.5, 25000.0, 9000.0], "cases": [None] * 3, "source": ["x"] * 3})
    shares = coverage_layer.country_shares(records, official, 2022)
    assert list(shares.index) == ["SEN"]  # CIV reported 2021 only: no 2022 share, never a zero
    assert shares.loc["SEN", "ratio"] == pytest.approx((1100.25 + 5000) / (1200.5 + 25000))
    group = coverage_layer.coverage_layer(records, official, 2022, "fr")
    assert group.layer_name == "Couverture du total officiel 2022" and not group.show
    html = folium.Map(tiles=None).add_child(group).get_root().render()
    assert "removeLayer" in html  # kept off when streamlit-folium adds it (OffUntilTicked)
    assert coverage_layer.colour(0.233) == coverage_layer.COLOURS[1] and coverage_layer.colour(1.2) == "#54278f"
    assert "pas de total officiel 2022" in html and "23 % du total officiel 2022" in html
    keyed = coverage_layer.with_key('<details class="cl-legend"><summary>Légende</summary></details>', 2022, "en")
    assert keyed.endswith("</details>") and "Coverage of the 2022 official total (layer)" in keyed


def test_the_trends_coverage_series_sums_per_country_with_official_figures_only():
    records = coerce_records(make_records(*({"source_ref": str(i), **row} for i, row in enumerate(RECORDS))))
    official = pd.DataFrame({"country": ["SEN", "SEN"], "year": [2022, 2022], "substance": ["cocaine_hcl", "heroin"],
                             "label": ["Cocaine hydrochloride", "Heroin"], "kg": [1200.5, 0.0], "cases": [None] * 2,
                             "source": ["x"] * 2})
    series = coverage_chart.coverage_series(coverage.coverage(records, official), "country", "en")
    sen = series[(series["key"] == "SEN") & (series["year"] == 2022)].iloc[0]
    assert (sen["label"], sen["records_kg"], sen["official_kg"]) == ("Senegal", 6102.25, 1200.5)
    assert sen["ratio"] == pytest.approx((1100.25 + 2) / 1200.5)  # pairs with an official figure only
    chart = coverage_chart.coverage_chart(series, ChartContext("en", "2022", 0), "country")
    assert "Official total (kg)" in json.dumps(chart.to_dict())


def test_the_records_page_table_words_shares_and_leaves_silence_blank():
    table = pd.DataFrame({"country": ["SEN", "SEN"], "year": [2022, 2022], "substance": ["cocaine_hcl", "heroin"],
                          "records_kg": [1100.25, 2.0], "official_kg": [1200.5, float("nan")],
                          "ratio": [1100.25 / 1200.5, float("nan")]})
    rows = coverage_table.coverage_rows(table, "en")
    assert list(rows.columns) == ["Country", "Year", "Substance", "Shared seizures (kg)", "Official total (kg)",
                                  "Share covered"]
    assert rows.iloc[0].tolist() == ["Senegal", "2022", "Cocaine hydrochloride", "1,100", "1,200", "92 %"]
    assert rows.iloc[1].tolist()[4:] == ["", ""]  # no official total: no zero, no share
