"""Trends charts and tables: titles, units, colours and numbers per language, empty inputs, record text as data."""

import json

import numpy as np
import pandas as pd
import pytest

from geo.analysis import change_rules
from geo.core.schema import substances
from geo.trends import charts
from geo.trends.charts import ChartContext

NNBSP = "\u202f"  # the thousands separator of French numbers


# --- builders ---------------------------------------------------------------------------
def context(lang="fr", demo=0, period="2023 – 2024"):
    return ChartContext(lang=lang, period_text=period, demo_records=demo)


def series_rows(*rows):
    """Rows (period, key, kg, cases, tablets) of a yearly series."""
    frame = pd.DataFrame(rows, columns=["period", "key", "kg", "cases", "tablets"])
    frame["start"] = pd.to_datetime(frame["period"] + "-01-01")
    frame["plants"] = 0
    return frame[["period", "start", "key", "kg", "cases", "tablets", "plants"]]


SERIES = series_rows(
    ("2023", "cocaine", 1200.5, 10, 0), ("2024", "cocaine", 800.0, 7, 0),
    ("2023", "tramadol", 0.0, 4, 50000), ("2024", "tramadol", 0.0, 6, 12000),
)
COUNTRY_SERIES = series_rows(("2023", "SEN", 10.0, 2, 0), ("2024", "unknown", 5.0, 1, 0))


def leg(period="2024-Q1", substance="cocaine", rank=1, src="BRA", dst="CPV", mode="sea", kg=1234.5, cases=3,
        tablets=0, basis="kg", share=0.5):
    weight = kg if basis == "kg" else float(cases)
    return {"period": period, "substance": substance, "rank": rank, "from_iso3": src, "to_iso3": dst, "mode": mode,
            "kg": kg, "cases": cases, "tablets": tablets, "weight": weight, "share": share, "basis": basis}


TOP_LEGS = pd.DataFrame([
    leg(), leg(rank=2, src="CPV", dst="SEN", kg=300.0, share=0.2),
    leg(substance="tramadol", rank=1, src="IND", dst="NGA", kg=0.0, cases=12, tablets=90000, basis="cases", share=1.0),
    leg(period="2023-Q4", kg=50.0),
])

LINKS = pd.DataFrame({
    "source": ["origin:BRA", "transit:CPV", "seized:SEN"],
    "target": ["transit:CPV", "seized:SEN", "destination:ESP"],
    "cases": [3, 3, 2], "kg": [1234.5, 1234.5, 800.0],
})


def leg_change(band, weight, previous_weight, change, src="BRA", dst="CPV", basis="kg"):
    return {"substance": "cocaine", "from_iso3": src, "to_iso3": dst, "mode": "sea", "kg": weight, "cases": 4,
            "tablets": 0, "weight": weight, "share": 0.5, "basis": basis, "previous_weight": previous_weight,
            "previous_cases": 1, "change": change, "change_pct": (change - 1) * 100, "band": band,
            "status": change_rules.BAND_STATUS.get(band, "stable"), "rule": change_rules.RULE_ID}


LEG_CHANGES = pd.DataFrame([
    leg_change("stable", 10.0, 9.0, 10 / 9),
    leg_change("strong_decrease", 100.0, 500.0, 0.2, src="GNB", dst="SEN"),
    leg_change("strong_increase", 1234.5, 493.8, 2.5),
    leg_change("strong_increase", 12.0, 0.0, np.nan, src="IND", dst="NGA", basis="cases"),
    leg_change("increase", 15.0, 10.0, 1.5, src="SEN", dst="MLI"),
    leg_change("too_few", 3.0, 1.0, 3.0, src="MLI", dst="NER"),
])

COUNTRY_CHANGES = pd.DataFrame({
    "substance": ["cocaine", "cocaine", "cocaine"], "country": ["SEN", "GNB", "unknown"],
    "kg_now": [900.0, 10.0, 5.0], "kg_before": [100.0, 400.0, 5.0],
    "cases_now": [9, 1, 2], "cases_before": [3, 6, 2],
    "change": [9.0, 0.025, 1.0], "status": ["emerging", "fading", "stable"],
    "band": ["strong_increase", "strong_decrease", "stable"], "change_pct": [800.0, -97.5, 0.0],
    "basis": ["kg", "kg", "kg"], "weight_now": [900.0, 10.0, 5.0], "weight_before": [100.0, 400.0, 5.0],
})
# The same countries counted in seizures, as country_changes(measure="cases") weighs them.
COUNTRY_CHANGES_CASES = COUNTRY_CHANGES.assign(basis="cases", weight_now=[9.0, 1.0, 2.0],
                                               weight_before=[3.0, 6.0, 2.0])

HOTSPOTS = pd.DataFrame({
    "cell": ["a", "b", "c", "d"], "rank": [2, 1, 3, 4], "previous_rank": [1, 4, np.nan, 4],
    "kg": [1234.5, 2000.0, 3.0, 1.0], "cases": [5, 8, 1, 1], "lat": [14.6937, 11.86, 9.5, 9.5],
    "lon": [-17.4441, -15.59, -13.7, -13.7], "top_substance": ["cocaine", "cannabis_herb", "tramadol", "kush"],
})

CONVEYANCE_MIX = pd.DataFrame({
    "substance": ["cocaine", "cocaine", "tramadol"], "conveyance": ["sea", "air", "land"],
    "cases": [3, 1, 5], "kg": [1000.0, 2.0, 0.0], "share": [0.75, 0.25, 1.0],
})

HOSTILE = '"); alert(1); datum["x'
CONCEALMENT_MIX = pd.DataFrame({
    "substance": ["cocaine", "cocaine", "tramadol"], "detail": ["double fond de valise", HOSTILE, None],
    "cases": [4, 1, 2], "share": [0.8, 0.2, 1.0],
})


# --- spec helpers -------------------------------------------------------------------------
def rows_of(spec):
    """Every data row embedded in a chart spec."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def layers_of(spec):
    """Every unit spec of a chart (layers, facet spec, concat parts), depth first."""
    found = []
    for key in ("layer", "vconcat", "hconcat"):
        for part in spec.get(key, []):
            found += layers_of(part)
    if "spec" in spec:
        found += layers_of(spec["spec"])
    if "mark" in spec:
        found.append(spec)
    return found


def axis_title(unit, channel):
    return unit["encoding"][channel]["axis"]["title"]


def mark_type(unit):
    return unit["mark"]["type"] if isinstance(unit["mark"], dict) else unit["mark"]


def without_data(spec):
    return json.dumps({k: v for k, v in spec.items() if k != "datasets"}, ensure_ascii=False)


# --- caption --------------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "demo", "expected"), [
    ("fr", 0, "Période : 2023 – 2024"),
    ("en", 0, "Period: 2023 – 2024"),
    ("fr", 1234, f"Période : 2023 – 2024 · Inclut 1{NNBSP}234 saisies synthétiques de démonstration, "
                 "qui ne décrivent aucun fait réel"),
    ("en", 1234, "Period: 2023 – 2024 · Includes 1,234 synthetic demo records, which describe no real event"),
])
def test_caption_states_period_and_synthetic_data(lang, demo, expected):
    assert charts.caption(context(lang, demo)) == expected


def test_caption_appends_extra_text():
    assert charts.caption(context("en"), extra="Source: agency records").endswith(" · Source: agency records")


def test_context_rejects_unknown_language_and_negative_demo_count():
    with pytest.raises(ValueError, match="'de'"):
        ChartContext("de", "2024")
    with pytest.raises(ValueError, match="negative"):
        ChartContext("fr", "2024", -1)


# --- series ---------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "title", "axes"), [
    ("fr", "Masse saisie par substance", ["Masse saisie (kg)", "Comprimés saisis"]),
    ("en", "Mass seized by substance", ["Mass seized (kg)", "Tablets seized"]),
])
def test_series_chart_is_small_multiples_titled_in_language(lang, title, axes):
    spec = charts.series_chart(SERIES, context(lang)).to_dict()
    assert spec["title"]["text"] == title
    assert spec["title"]["subtitle"] == ["2023 – 2024"]
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = [row["hconcat"] for row in spec["vconcat"]]  # one row per unit here: cocaine in kg, tramadol in tablets
    assert [len(row) for row in rows] == [1, 1]
    lines = layers_of(spec)
    assert [axis_title(line, "y") for line in lines] == axes
    assert lines[0]["encoding"]["x"]["type"] == "temporal"
    assert lines[0]["encoding"]["x"]["axis"]["tickCount"] == {"interval": "year", "step": 1}


@pytest.mark.slow
def test_series_chart_shows_tablet_substances_in_tablets_and_says_so():
    spec = charts.series_chart(SERIES, context("fr")).to_dict()
    facets = {row["facet"]: row for row in rows_of(spec)}
    assert set(facets) == {"Cocaïne", "Tramadol — comprimés"}
    assert facets["Tramadol — comprimés"]["value"] in (50000, 12000)
    assert {row["value_text"] for row in rows_of(spec)} >= {f"1{NNBSP}200,5 kg", f"50{NNBSP}000 comprimés"}


@pytest.mark.slow
@pytest.mark.parametrize(("measure", "lang", "unit"), [
    ("kg", "fr", "(kg)"), ("cases", "fr", "saisies"), ("cases", "en", "seizures"), ("tablets", "en", "Tablets"),
])
def test_series_axis_title_names_the_unit(measure, lang, unit):
    frame = SERIES if measure != "kg" else SERIES[SERIES["key"] == "cocaine"]
    spec = charts.series_chart(frame, context(lang), measure=measure).to_dict()
    titles = [axis_title(line, "y") for line in layers_of(spec)]
    assert titles[0] and unit in titles[0]
    assert all(title is None for title in titles[1:])  # the panels of a row share its title


@pytest.mark.slow
def test_series_in_tablets_leaves_out_substances_without_tablets():
    spec = charts.series_chart(SERIES, context("en"), measure="tablets").to_dict()
    assert {row["key"] for row in rows_of(spec)} == {"tramadol"}


@pytest.mark.slow
def test_series_colours_come_from_the_substance_vocabulary():
    spec = charts.series_chart(SERIES, context("fr")).to_dict()
    scale = layers_of(spec)[0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Cocaïne", "Tramadol"]
    assert scale["range"] == [substances()["cocaine"].colour, substances()["tramadol"].colour]


@pytest.mark.slow
def test_series_window_is_a_rect_layer_only_when_given():
    assert [mark_type(u) for u in layers_of(charts.series_chart(SERIES, context()).to_dict())] == ["line", "line"]
    window = (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))
    spec = charts.series_chart(SERIES, context(), window=window).to_dict()
    units = layers_of(spec)
    assert [mark_type(u) for u in units] == ["rect", "line", "rect", "line"]  # two panels
    assert units[0]["transform"] == [{"filter": {"field": "window_row", "equal": True}}]
    flagged = [row for row in rows_of(spec) if row["window_row"]]
    assert len(flagged) == 2  # one rect per panel
    assert flagged[0]["window_end"].startswith("2025-01-01")


@pytest.mark.slow
def test_series_by_country_names_countries_and_unknown():
    spec = charts.series_chart(COUNTRY_SERIES, context("fr"), by="country").to_dict()
    assert spec["title"]["text"] == "Masse saisie par pays de saisie"
    assert {row["facet"] for row in rows_of(spec)} == {"Sénégal", "inconnu"}


def test_series_rejects_unknown_measure():
    with pytest.raises(ValueError, match="measure 'litres'"):
        charts.series_chart(SERIES, context(), measure="litres")


@pytest.mark.slow
def test_french_charts_format_numbers_and_dates_in_french():
    locale = charts.series_chart(SERIES, context("fr")).to_dict()["config"]["locale"]
    assert locale["number"]["decimal"] == "," and locale["time"]["shortMonths"][0] == "janv."


@pytest.mark.slow
def test_demo_records_are_stated_in_the_chart_subtitle():
    spec = charts.series_chart(SERIES, context("en", demo=3)).to_dict()
    assert spec["title"]["subtitle"] == [
        "2023 – 2024", "Includes 3 synthetic demo records, which describe no real event"]


# --- top legs -----------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "title", "label"), [
    ("fr", "Principaux tronçons de route — T1 2024", "Brésil → Cap-Vert"),
    ("en", "Main route legs — Q1 2024", "Brazil → Cabo Verde"),
])
def test_top_legs_chart_has_one_panel_per_unit(lang, title, label):
    spec = charts.top_legs_chart(TOP_LEGS, context(lang), "2024-Q1").to_dict()
    assert spec["title"]["text"] == title
    kg_bars, case_bars = layers_of(spec)
    assert "kg" in axis_title(kg_bars, "x")
    assert ("saisies" if lang == "fr" else "seizures") in axis_title(case_bars, "x")
    assert kg_bars["encoding"]["color"] == case_bars["encoding"]["color"]  # one colour scale for both panels
    assert label in {row["label"] for row in rows_of(spec)}
    assert "2023-Q4" not in {row.get("period") for row in rows_of(spec)}


def test_top_legs_chart_of_one_unit_fills_its_container():
    spec = charts.top_legs_chart(TOP_LEGS[TOP_LEGS["basis"] == "kg"], context("en"), "2024-Q1").to_dict()
    assert spec["width"] == "container" and spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["color"]["scale"]["range"] == [substances()["cocaine"].colour]


def test_top_legs_labels_tell_apart_legs_of_one_route():
    by_air = leg(rank=2, mode="air", kg=10.0)
    spec = charts.top_legs_chart(pd.DataFrame([leg(), by_air]), context("fr"), "2024-Q1").to_dict()
    assert {row["label"] for row in rows_of(spec)} == {"Brésil → Cap-Vert · maritime", "Brésil → Cap-Vert · aérien"}


def test_top_legs_table_is_localised():
    table = charts.top_legs_table(TOP_LEGS, context("fr"))
    assert list(table.columns) == ["Période", "Rang", "Substance", "Tronçon", "Transport", "Masse (kg)", "Saisies",
                                   "Comprimés", "Part", "Mesuré en"]
    assert table.iloc[0].tolist() == ["T4 2023", "1", "Cocaïne", "Brésil → Cap-Vert", "maritime", "50,0", "3", "0",
                                      f"50,0{NNBSP}%", "kg"]
    assert f"1{NNBSP}234,5" in table["Masse (kg)"].tolist()
    assert f"90{NNBSP}000" in table["Comprimés"].tolist()


def test_top_legs_table_in_english():
    table = charts.top_legs_table(TOP_LEGS, context("en"))
    assert table.iloc[1][["Leg", "Mass (kg)", "Share", "Measured in"]].tolist() == [
        "Brazil → Cabo Verde", "1,234.5", "50.0%", "kg"]


# --- Sankey -------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "labels"), [
    ("fr", ["Brésil (origine)", "Cap-Vert (transit)", "Sénégal (saisie)", "Espagne (destination)"]),
    ("en", ["Brazil (origin)", "Cabo Verde (transit)", "Senegal (seizure)", "Spain (destination)"]),
])
def test_sankey_labels_nodes_by_country_and_role(lang, labels):
    figure = charts.sankey_figure(LINKS, context(lang), substance="cocaine")
    trace = figure.data[0]
    assert list(trace.node.label) == labels
    assert list(trace.link.source) == [0, 1, 2] and list(trace.link.target) == [1, 2, 3]
    assert trace.link.color == substances()["cocaine"].colour + "66"
    assert figure.layout.title.text.endswith("Cocaïne" if lang == "fr" else "Cocaine")
    assert figure.layout.title.subtitle.text == "2023 – 2024"


def test_sankey_hover_gives_cases_and_kg_in_language():
    trace = charts.sankey_figure(LINKS, context("fr")).data[0]
    assert trace.link.customdata[0] == f"Brésil (origine) → Cap-Vert (transit)<br>3 saisies · 1{NNBSP}234,5 kg"


def test_sankey_needs_no_external_resource_and_escapes_tags():
    links = LINKS.assign(source=["origin:<a href='x'>", "transit:CPV", "seized:SEN"])
    figure = charts.sankey_figure(links, context("en", demo=2))
    assert "<a" not in " ".join(figure.data[0].node.label)
    assert "http" not in figure.to_json()
    assert "synthetic" in figure.layout.title.subtitle.text


# --- change by country -----------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "title", "emerging"), [  # the strongest band reads first
    ("fr", "Évolution de la masse saisie par pays", "▲▲ forte hausse"),
    ("en", "Change in mass seized by country", "▲▲ strong increase"),
])
def test_change_chart_diverges_and_reads_without_colour(lang, title, emerging):
    spec = charts.change_chart(COUNTRY_CHANGES, context(lang)).to_dict()
    assert spec["title"]["text"] == title
    bars, ends, rule = layers_of(spec)
    assert mark_type(bars) == "bar" and "kg" in axis_title(spec["layer"][0], "x")
    assert bars["encoding"]["color"]["scale"]["domain"][0] == emerging
    assert bars["encoding"]["color"]["scale"]["range"] == ["#d55e00", "#f3b38e", "#999999", "#9cc3e0", "#0072b2",
                                                           "#d9d9d9"]
    assert (mark_type(ends), ends["encoding"]["shape"]["field"]) == ("point", "kind_text")
    assert ends["encoding"]["shape"]["scale"]["range"] == [
        "triangle-up", "circle", "circle", "circle", "triangle-down", "circle"]
    assert mark_type(rule) == "rule"
    order = ["Sénégal", "inconnu", "Guinée-Bissau"] if lang == "fr" else ["Senegal", "unknown", "Guinea-Bissau"]
    assert spec["layer"][0]["encoding"]["y"]["sort"] == order  # largest rise on top
    rows = {row["label"]: row for row in rows_of(spec)}
    assert rows["Sénégal" if lang == "fr" else "Senegal"]["difference"] == 800.0
    assert rows["Sénégal" if lang == "fr" else "Senegal"]["kind_text"] == emerging


@pytest.mark.slow
def test_change_chart_in_cases():
    spec = charts.change_chart(COUNTRY_CHANGES_CASES, context("en"), measure="cases").to_dict()
    assert "seizures" in axis_title(spec["layer"][0], "x")
    assert {row["now_text"] for row in rows_of(spec)} >= {"9 seizures"}


# --- tables ---------------------------------------------------------------------------------
def test_leg_change_table_lists_flagged_legs_with_their_numbers():
    table = charts.leg_change_table(LEG_CHANGES, context("fr"))
    # stable and too few seizures are not flags; the strongest band first, heaviest first within it
    assert table["Variation"].tolist() == ["▲▲ forte hausse", "▲▲ forte hausse", "▲ hausse", "▼▼ forte baisse"]
    first = table.iloc[0]
    assert first[["Tronçon", "Période actuelle", "Référence", "Variation (%)", "Règle"]].tolist() == [
        "Brésil → Cap-Vert", f"1{NNBSP}234,5 kg", "493,8 kg", f"+150{NNBSP}%", "règle de variation Couloirs 1"]
    assert table.iloc[1][["Période actuelle", "Variation (%)"]].tolist() == ["12 saisies", "nouveau"]
    assert table.iloc[3]["Variation (%)"] == f"−80{NNBSP}%"


def test_hotspot_table_gives_movement_and_rounded_place():
    table = charts.hotspot_table(HOTSPOTS, context("fr"))
    assert table["Rang"].tolist() == ["1", "2", "3", "4"]
    assert table["Évolution du rang"].tolist() == ["↑3", "↓1", "nouveau", "="]
    assert table.iloc[1][["Masse (kg)", "Substance principale", "Près de (lat., long. arrondies)"]].tolist() == [
        f"1{NNBSP}234,5", "Cocaïne", "Dakar, Sénégal (14,7° N, 17,4° O)"]  # named by the nearest town
    english = charts.hotspot_table(HOTSPOTS, context("en"))
    assert english.iloc[2][["Rank movement", "Near (rounded lat., lon.)"]].tolist() == [
        "new", "Conakry, Guinea (9.5° N, 13.7° W)"]


# --- mixes ----------------------------------------------------------------------------------
def test_mix_chart_stacks_conveyances_to_100_percent():
    spec = charts.mix_chart(CONVEYANCE_MIX, context("fr")).to_dict()
    assert spec["title"]["text"] == "Moyens de transport par substance"
    assert spec["encoding"]["x"]["stack"] == "normalize" and "%" in spec["encoding"]["x"]["title"]
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["terrestre", "maritime", "aérien", "postal", "inconnu"]
    shares = {(row["substance"], row["conveyance_text"]): row["share_text"] for row in rows_of(spec)}
    assert shares[("cocaine", "maritime")] == f"75,0{NNBSP}%"


def test_concealment_details_are_data_never_spec():
    spec = charts.concealment_chart(CONCEALMENT_MIX, context("en")).to_dict()
    assert {row["detail_text"] for row in rows_of(spec)} == {"double fond de valise", HOSTILE, "not stated"}
    assert spec["title"]["text"] == "Reported concealment (the 3 most frequent)"
    assert "alert" not in without_data(spec)
    assert spec["encoding"]["y"]["field"] == "detail_text"


@pytest.mark.slow
def test_no_chart_holds_a_vega_expression():
    specs = [
        charts.series_chart(SERIES, context(), window=(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))),
        charts.top_legs_chart(TOP_LEGS, context(), "2024-Q1"), charts.change_chart(COUNTRY_CHANGES, context()),
        charts.mix_chart(CONVEYANCE_MIX, context()), charts.concealment_chart(CONCEALMENT_MIX, context()),
    ]
    for spec in specs:
        text = without_data(spec.to_dict())
        assert not any(key in text for key in ('"expr"', '"calculate"', '"test"', 'Expr"', '"signal"'))


# --- empty inputs -----------------------------------------------------------------------------
EMPTY_CHARTS = [
    lambda frame, ctx: charts.series_chart(frame, ctx),
    lambda frame, ctx: charts.series_chart(frame, ctx, window=(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))),
    lambda frame, ctx: charts.top_legs_chart(frame, ctx, "2024"),
    lambda frame, ctx: charts.change_chart(frame, ctx),
    lambda frame, ctx: charts.mix_chart(frame, ctx),
    lambda frame, ctx: charts.concealment_chart(frame, ctx),
]


@pytest.mark.slow
@pytest.mark.parametrize("build", EMPTY_CHARTS)
@pytest.mark.parametrize("frame", [pd.DataFrame(), SERIES.iloc[0:0]], ids=["no columns", "no rows"])
def test_empty_input_gives_a_chart_that_says_so(build, frame):
    spec = build(frame, context("fr")).to_dict()
    assert spec["title"]["subtitle"] == ["2023 – 2024"]
    assert rows_of(spec) == [{"message": "Aucune donnée pour cette période et ces filtres."}]


def test_top_legs_of_an_absent_period_say_so():
    spec = charts.top_legs_chart(TOP_LEGS, context("en"), "1999").to_dict()
    assert rows_of(spec) == [{"message": "No data for this period and these filters."}]


def test_empty_sankey_and_tables():
    figure = charts.sankey_figure(LINKS.iloc[0:0], context("en"))
    assert figure.layout.annotations[0].text == "No data for this period and these filters."
    assert charts.sankey_figure(pd.DataFrame(), context("fr")).layout.title.text.startswith("Flux")
    for table in (charts.top_legs_table, charts.leg_change_table, charts.hotspot_table):
        assert table(pd.DataFrame(), context("fr")).empty
    assert list(charts.hotspot_table(HOTSPOTS.iloc[0:0], context("en")).columns)[:2] == ["Rank", "Rank movement"]


def test_data_for_download_is_the_charted_frame_as_it_is():
    shuffled = TOP_LEGS.set_index(pd.Index([7, 3, 5, 1]))
    frame = charts.data_for_download(shuffled)
    assert list(frame.columns) == list(TOP_LEGS.columns) and list(frame.index) == [0, 1, 2, 3]
    frame.loc[0, "kg"] = -1
    assert shuffled["kg"].iloc[0] == 1234.5
