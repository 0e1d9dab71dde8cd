"""Trends charts read at a glance: one axis title per row, no redundant legend, zero on the axis, whole-number
ticks for counts, at most 15 bars whose colours agree with the map's change rule, a Sankey without crowded labels."""

import numpy as np
import pandas as pd
import pytest

from geo import trends
from geo.analysis import change_rules, routes
from geo.core.schema import coerce_records, substances
from geo.trends import change_chart as change_module
from geo.trends import charts, sankey
from geo.trends.charts import ChartContext
from tests.support import make_records
from tests.test_charts import layers_of, mark_type, rows_of


def context(lang="fr"):
    return ChartContext(lang=lang, period_text="2024")


def many_series(keys, tablets=()):
    """A yearly series 2020-2024 for each key: kg for most, tablets for the ``tablets`` keys, zeros in 2022."""
    rows = []
    for i, key in enumerate(keys):
        for year in range(2020, 2025):
            amount = 0.0 if year == 2022 else float(10 * (i + 1) + year - 2020)
            counted = key in tablets
            rows.append({"period": str(year), "start": pd.Timestamp(f"{year}-01-01"), "key": key,
                         "kg": 0.0 if counted else amount, "cases": 0 if year == 2022 else 2,
                         "tablets": amount * 1000 if counted else 0.0, "plants": 0.0})
    return pd.DataFrame(rows)


def panels_of(spec):
    """The rows of panels of a small-multiples spec: a list of lists of panel specs."""
    return [row["hconcat"] for row in spec["vconcat"]]


def line_of(panel):
    return next(unit for unit in layers_of(panel) if mark_type(unit) == "line")


# --- small multiples ---------------------------------------------------------------------------
SUBSTANCE_IDS = [s for s in substances() if s not in ("tramadol", "captagon")][:10] + ["tramadol"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_small_multiples_title_each_axis_once_per_row(lang):
    spec = charts.series_chart(many_series(SUBSTANCE_IDS, tablets=("tramadol",)), context(lang)).to_dict()
    rows = panels_of(spec)
    assert sum(len(row) for row in rows) == len(SUBSTANCE_IDS)
    assert all(1 <= len(row) <= 3 for row in rows)
    y_titles = [[line_of(p)["encoding"]["y"]["axis"]["title"] for p in row] for row in rows]
    assert all(titles[0] and not any(titles[1:]) for titles in y_titles)  # the first panel of a row, only
    x_titles = [line_of(p)["encoding"]["x"]["axis"]["title"] for row in rows for p in row]
    assert sum(1 for title in x_titles if title) == 1
    # The tablets panel has a row of its own, titled in tablets; the kg rows are titled in kg.
    expected_tablets = "Comprimés saisis" if lang == "fr" else "Tablets seized"
    assert y_titles[-1][0] == expected_tablets and len(rows[-1]) == 1
    assert all("kg" in titles[0] for titles in y_titles[:-1])


def test_small_multiples_have_no_legend_and_start_at_zero():
    spec = charts.series_chart(many_series(SUBSTANCE_IDS[:4]), context()).to_dict()
    lines = [line_of(p) for row in panels_of(spec) for p in row]
    assert all(line["encoding"]["color"]["legend"] is None for line in lines)  # each panel is titled instead
    for line in lines:
        scale = line["encoding"]["y"]["scale"]
        assert scale["zero"] is True and scale["domainMin"] == 0
        # "0" labels sit on the zero line (Streamlit's theme lifts them), which is drawn.
        assert line["encoding"]["y"]["axis"]["labelFlush"] is False
        assert line["encoding"]["x"]["axis"]["domain"] is True
    assert min(row["value"] for row in rows_of(spec)) == 0  # the zeros of 2022 are charted, on the axis


@pytest.mark.parametrize("measure", ["cases", "tablets"])
def test_counts_tick_on_whole_numbers(measure):
    spec = charts.series_chart(many_series(["tramadol"], tablets=("tramadol",)), context(), measure=measure).to_dict()
    (line,) = [line_of(p) for row in panels_of(spec) for p in row]
    assert line["encoding"]["y"]["axis"]["tickMinStep"] == 1


def test_masses_may_tick_on_fractions():
    spec = charts.series_chart(many_series(["cocaine"]), context()).to_dict()
    (line,) = [line_of(p) for row in panels_of(spec) for p in row]
    assert "tickMinStep" not in line["encoding"]["y"]["axis"]


def test_each_panel_draws_only_its_key():
    spec = charts.series_chart(many_series(["cocaine", "cannabis_herb"]), context()).to_dict()
    panel_numbers = {row["facet"]: row["panel"] for row in rows_of(spec)}
    for row in panels_of(spec):
        for panel in row:
            (number,) = [f["filter"]["equal"] for f in panel.get("transform", []) if f["filter"]["field"] == "panel"]
            assert panel_numbers[panel["title"]["text"]] == number


# --- routes -------------------------------------------------------------------------------------
def test_routes_chart_shows_the_15_heaviest_legs():
    rng = np.random.default_rng(3)
    legs = pd.DataFrame({"period": "2024", "substance": ["cocaine"] * 30 + ["cannabis_resin"] * 14 + ["heroin"],
                         "rank": range(1, 46), "from_iso3": [f"A{i:02d}" for i in range(45)], "to_iso3": "SEN",
                         "mode": "sea", "kg": np.r_[rng.uniform(1, 1000, 44), 0.5], "cases": 3, "tablets": 0,
                         "share": 0.1,
                         "basis": "kg"})
    legs["weight"] = legs["kg"]
    spec = charts.top_legs_chart(legs, context(), "2024").to_dict()
    shown = rows_of(spec)
    assert len(shown) == 15
    assert sorted(row["weight"] for row in shown) == sorted(legs["weight"].nlargest(15))
    # The legend names only the substances of the bars shown.
    shown_substances = set(legs.nlargest(15, "weight")["substance"])
    assert len(spec["encoding"]["color"]["scale"]["domain"]) == len(shown_substances)


# --- change -------------------------------------------------------------------------------------
SMALL = ("BFA", "BEN", "TGO", "GIN", "GNB", "GMB", "LBR", "SLE", "MRT", "NER", "TCD", "CMR", "CPV", "DZA", "MAR",
         "ESP", "FRA", "BRA", "COL", "NLD")


def change_records():
    """Two years of cocaine per country, chosen so that the map rule and the differences disagree."""
    plan = {  # country: (kg 2023 in 4 seizures, kg 2024 in 4 seizures)
        "NGA": (1000.0, 600.0),   # −400 kg, ×0.6: not flagged, the largest drop
        "SEN": (10.0, 4.0),       # −6 kg, ÷2.5: fading
        "GHA": (100.0, 450.0),    # +350 kg, ×4.5: emerging
        "CIV": (800.0, 1100.0),   # +300 kg, ×1.4: not flagged
        "MLI": (5.0, 5.0),        # unchanged
    }
    rows = []
    for country, (before, now) in plan.items():
        for year, total in ((2023, before), (2024, now)):
            rows += [{"date": f"{year}-0{i + 1}-10", "country": country, "quantity": total / 4} for i in range(4)]
    for i, country in enumerate(SMALL):  # many small changes: the chart keeps the 15 largest
        rows += [{"date": "2023-05-01", "country": country, "quantity": 1.0 + i},
                 {"date": "2024-05-01", "country": country, "quantity": 1.0}]
    return coerce_records(make_records(*rows))


def change_spec(lang="fr"):
    records = change_records()
    window = trends.make_window(records, "year", "2024", "window")
    changes = trends.country_changes(records, window)
    return changes, charts.change_chart(changes, context(lang)).to_dict()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_change_colours_agree_with_the_rule_and_the_direction(lang):
    changes, spec = change_spec(lang)
    bars = next(unit for unit in layers_of(spec) if mark_type(unit) == "bar")
    scale = bars["encoding"]["color"]["scale"]
    colour_of = dict(zip(scale["domain"], scale["range"]))
    rows = {row["country"]: row for row in rows_of(spec)}
    bands = changes.set_index("country")["band"]
    for country, row in rows.items():
        assert colour_of[row["kind_text"]] == change_module.CLASS_COLOURS[bands[country]]
    assert {c: bands[c] for c in ("NGA", "SEN", "GHA", "CIV", "MLI")} == {
        "NGA": "decrease", "SEN": "strong_decrease", "GHA": "strong_increase", "CIV": "increase", "MLI": "stable"}
    # The largest drop is a plain decrease yet blue, never grey; the strong smaller one is the full blue.
    blues = {change_module.CLASS_COLOURS["decrease"], change_module.CLASS_COLOURS["strong_decrease"]}
    judged = [row for country, row in rows.items() if bands[country] != "too_few"]
    assert all(colour_of[row["kind_text"]] in blues for row in judged if row["difference"] < 0)
    assert rows["NGA"]["difference"] == pytest.approx(-400.0)


def test_change_chart_data_travels_to_the_browser_without_a_serialisation_warning():
    """Streamlit sends a chart's data as Arrow, which writes ``DataFrame.attrs`` as JSON: the change rule
    kept there for the chart's own note must not reach it (pyarrow warns and drops it)."""
    import warnings

    import pyarrow as pa

    records = change_records()
    changes = trends.country_changes(records, trends.make_window(records, "year", "2024", "window"))
    assert isinstance(changes.attrs.get("rule"), change_rules.ChangeRule)  # the note's source is still there
    data = charts.change_chart(changes, context("en")).data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pa.Table.from_pandas(data)


def test_change_chart_keeps_the_15_largest_changes_in_order():
    changes, spec = change_spec()
    shown = rows_of(spec)
    assert len(shown) == 15 and len(changes) > 15
    difference = changes["weight_now"] - changes["weight_before"]
    expected = set(changes.assign(d=difference.abs()).nlargest(15, "d")["country"])
    assert {row["country"] for row in shown} == expected
    bars = next(unit for unit in layers_of(spec) if mark_type(unit) == "bar")
    order = bars["encoding"]["y"]["sort"] if "sort" in bars["encoding"]["y"] else spec["encoding"]["y"]["sort"]
    by_label = {row["label"]: row["difference"] for row in shown}
    assert [by_label[label] for label in order] == sorted(by_label.values(), reverse=True)


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", "règle de variation Couloirs 1 : comparaison avec la période précédente ; forte hausse au-delà de +100 %"),
    ("en", "Couloirs change rule 1: compared with the previous period; strong increase above +100 %")])
def test_change_chart_states_the_rule(lang, words):
    _, spec = change_spec(lang)
    assert words in " ".join(spec["title"]["subtitle"])  # one clause a line


def test_change_chart_states_the_rule_it_was_given():
    records = change_records()
    rule = change_rules.ChangeRule("mean4", min_cases=5, increase_pct=30, strong_pct=200)
    window = trends.make_window(records, "year", "2024", "window", rule)
    changes = trends.country_changes(records, window)
    spec = charts.change_chart(changes, context("en")).to_dict()
    text = " ".join(spec["title"]["subtitle"])
    assert "the mean of the 4 previous periods; strong increase above +200 %, increase +30 % to +200 %" in text
    assert "no flag below 5 seizures" in text


def test_change_chart_puts_counted_substances_in_seizures():
    records = coerce_records(make_records(
        *({"date": f"{y}-03-0{i + 1}", "substance": "tramadol", "country": "NER", "quantity": 1000, "unit": "tablets"}
          for y, n in ((2023, 1), (2024, 4)) for i in range(n)),
        {"date": "2023-03-01"}, {"date": "2024-03-01", "quantity": 30.0}))
    window = trends.make_window(records, "year", "2024", "window")
    spec = charts.change_chart(trends.country_changes(records, window), context("en")).to_dict()
    kg_panel, cases_panel = spec["vconcat"]
    assert "kg" in kg_panel["layer"][0]["encoding"]["x"]["axis"]["title"]
    assert "seizures" in cases_panel["layer"][0]["encoding"]["x"]["axis"]["title"]
    assert cases_panel["layer"][0]["encoding"]["x"]["axis"]["tickMinStep"] == 1  # whole seizures
    assert "tickMinStep" not in kg_panel["layer"][0]["encoding"]["x"]["axis"]
    tramadol = next(row for row in rows_of(spec) if row["substance"] == "tramadol")
    assert tramadol["difference"] == 3  # seizures, not a flat 0 kg
    assert routes.STATUSES  # the rule's flags are the ones the chart colours


# --- Sankey ------------------------------------------------------------------------------------
def test_sankey_keeps_the_busiest_countries_per_stage_and_groups_the_rest():
    origins = [f"O{i:02d}" for i in range(12)]
    links = pd.DataFrame({"source": [f"origin:{o}" for o in origins], "target": "seized:SEN",
                          "cases": range(1, 13), "kg": 1.0})
    links = pd.concat([links, pd.DataFrame({"source": ["seized:SEN"], "target": ["destination:ESP"],
                                             "cases": [5], "kg": [2.0]})], ignore_index=True)
    figure = charts.sankey_figure(links, context("fr"))
    labels = list(figure.data[0].node.label)
    assert len([label for label in labels if label.endswith("(origine)")]) == sankey.NODES_PER_ROLE + 1
    assert "autres pays (origine)" in labels
    # Every seizure still flows: the origins' total into Senegal is unchanged.
    values = pd.Series(figure.data[0].link.value)
    assert values.sum() == links["cases"].sum()
    other = labels.index("autres pays (origine)")
    (other_value,) = [v for s, v in zip(figure.data[0].link.source, values) if s == other]
    assert other_value == sum(range(1, 7))  # the six smallest origins
    assert figure.layout.height >= sankey.MIN_HEIGHT


def test_sankey_does_not_group_a_single_extra_country():
    links = pd.DataFrame({"source": [f"origin:O{i}" for i in range(sankey.NODES_PER_ROLE + 1)],
                          "target": "seized:SEN", "cases": 1, "kg": 1.0})
    grouped, members = sankey.group_nodes(links)
    assert members == {} and len(grouped) == len(links)
