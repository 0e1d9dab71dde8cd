"""Silence is not absence, honest windows and scope (issue 15, items 4 and 5).

The hatched "no report" layer of every timeline frame, the briefing's default window and its labels in both
languages (annual figures dated on 1 January, quarters, year-precision records), the countries a briefing says
reported nothing, and the warning when 5 % or more of the kilograms lie outside the map's region.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import folium
import pandas as pd
import pytest

from geo.analysis import scope
from geo.briefs import content as briefing
from geo.core import schema
from geo.core.view import View
from geo.maps.build import build_map
from geo.maps.timeline import legend_html, period_layers, prepare_timeline
from geo.reference import STUDY_COUNTRIES
from tests.support import make_records

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def records(*rows: dict) -> pd.DataFrame:
    return schema.coerce_records(make_records(*rows))


def hatched(group: folium.FeatureGroup) -> set[str]:
    """The countries a rendered layer draws with the hatch fill (read from its HTML, as the browser gets it)."""
    m = folium.Map()
    group.add_to(m)
    html = m.get_root().render()
    assert ("url(#cl-hatch)" in html) == bool(re.findall(r'"no_report": ?true', html))
    return set(re.findall(r'"iso3": ?"([A-Z]{3})", ?"no_report": ?true', html))


# --- the hatched "no report" layer -------------------------------------------------------------------------
TIMELINE_ROWS = (
    {"date": "2021-03-01", "country": "SEN"},
    {"date": "2021-08-01", "country": "GNB", "quantity": 4},
    {"date": "2022-03-01", "country": "MLI"},
    # Niger reported a seizure of nothing weighed (tablets): a zero on the kg map, never "no report".
    {"date": "2022-05-01", "country": "NER", "substance": "tramadol", "quantity": 500, "unit": "tablets"},
    {"date": "2023-01-10", "country": "ESP", "quantity": 3, "lat": 40.4, "lon": -3.7},  # outside the region
)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_period_hatches_the_countries_with_no_record_and_only_those(lang):
    frame = records(*TIMELINE_ROWS)
    view = View(granularity="year")
    line = prepare_timeline(frame, view, lang)
    assert line.keys == ("2021", "2022", "2023")
    for index, key in enumerate(line.keys):
        layers = period_layers(line, index, view, lang)
        reported = set(frame.loc[frame["date"].dt.year == int(key), "country"])  # independent of geo.analysis
        expected = set(scope.REPORTING_COUNTRIES) - reported
        assert hatched(layers.groups[-1]) == expected, key
    assert "NER" not in hatched(period_layers(line, 1, view, lang).groups[-1])  # a zero is not silence
    assert {"SEN", "MLI", "NER", "GNB"} <= hatched(period_layers(line, 2, view, lang).groups[-1])
    key = legend_html(line, lang)
    assert ("pas de déclaration" if lang == "fr" else "no report") in key and "cl-hatch-key" in key


def test_cumulative_frames_and_a_country_filter_narrow_the_silence():
    frame = records(*TIMELINE_ROWS)
    cumulative = View(granularity="year", mode="cumulative")
    line = prepare_timeline(frame, cumulative, "en")
    assert "SEN" not in hatched(period_layers(line, 1, cumulative, "en").groups[-1])  # 2021 counts in "up to 2022"
    chosen = View(granularity="year", countries=("SEN", "MLI"))
    only = frame.loc[frame["country"].isin(["SEN", "MLI"])]
    line = prepare_timeline(only, chosen, "en")
    assert hatched(period_layers(line, 0, chosen, "en").groups[-1]) == {"MLI"}  # the others were filtered out


def test_the_whole_map_hatches_too_and_fetches_nothing():
    html = build_map(records(*TIMELINE_ROWS[:2]), "fr").get_root().render()
    assert "url(#cl-hatch)" in html and "createElementNS" in html
    assert json.dumps("pas de déclaration")[1:-1] in html  # the legend, as the script carries it
    assert not re.search(r"https?://[^\"']*pattern", html)


def test_silent_agencies_are_those_of_the_timeline_with_nothing_in_the_period():
    frame = records({"agency": "sen-ocrtis"}, {"agency": "gnb-pj", "date": "2020-01-01"})
    assert scope.silent_agencies(frame.loc[frame["date"].dt.year == 2021], frame["agency"]) == ("gnb-pj",)


# --- scope: kilograms outside the region ------------------------------------------------------------------
@pytest.mark.parametrize(("outside_kg", "warned"), [(49.0, False), (51.0, True), (52.63, True)])
def test_the_warning_starts_at_five_percent_of_the_kilograms(outside_kg, warned):
    frame = records({"quantity": 1000 - outside_kg}, {"country": "ESP", "quantity": outside_kg * 0.6},
                    {"country": "BRA", "quantity": outside_kg * 0.4}, {"country": None, "quantity": 0})
    found = scope.outside_region(frame)
    kg = frame["quantity_kg"].fillna(0)
    expected = kg[frame["country"].notna() & ~frame["country"].isin(STUDY_COUNTRIES)].sum() / kg.sum()
    assert found.share == pytest.approx(expected)
    assert found.material is warned
    fr, en = scope.outside_warning(found, "fr"), scope.outside_warning(found, "en")
    if not warned:
        assert fr is None and en is None
        return
    assert en.startswith(f"{round(expected * 100)} % of the kilograms") and en.endswith("Spain, Brazil.")
    assert fr.startswith(f"{round(expected * 100)} % des kilogrammes") and fr.endswith("Espagne, Brésil.")


def test_a_briefing_warns_of_the_kilograms_off_the_map_and_names_the_silent_countries():
    frame = records({"date": "2025-03-01", "quantity": 90}, {"date": "2025-04-01", "country": "ESP", "quantity": 10},
                    {"date": "2025-05-01", "country": "MLI", "quantity": 1}, {"date": "2024-05-01", "country": "NER"})
    fr = briefing.build_briefing(frame, lang="fr", now=NOW)
    en = briefing.build_briefing(frame, lang="en", now=NOW)
    assert fr.period_text == "2025" and "Espagne" in fr.outside_text and "Spain" in en.outside_text
    assert set(fr.silent) == set(scope.REPORTING_COUNTRIES) - {"SEN", "MLI"}  # Niger reported in 2024 only
    assert fr.silence_text.startswith("Aucune donnée en 2025 (pas de déclaration) : ") and "Niger" in fr.silence_text
    assert en.silence_text.startswith("No data in 2025 (no report): ") and "Sénégal" not in fr.silence_text
    chosen = briefing.build_briefing(frame, lang="en", now=NOW, countries=("SEN", "NER"))
    assert chosen.silent == ("NER",)
    near = briefing.build_briefing(frame.loc[frame["country"] != "ESP"], lang="en", now=NOW)
    assert near.outside_text == ""


# --- honest windows ---------------------------------------------------------------------------------------
def annual_rows() -> pd.DataFrame:
    """Annual figures as a yearly register gives them: year precision, stored on 1 January."""
    return records({"date": "2021", "date_precision": "year", "quantity": 100},
                   {"date": "2022", "date_precision": "year", "quantity": 250})


@pytest.mark.parametrize(("lang", "now_text", "before_text", "days"), [
    ("fr", "2022", "2021", "du 1 janv. 2022 au 31 déc. 2022"),
    ("en", "2022", "2021", "1 Jan 2022 – 31 Dec 2022"),
])
def test_annual_figures_make_a_calendar_year_window(lang, now_text, before_text, days):
    built = briefing.build_briefing(annual_rows(), lang=lang, now=NOW)
    assert (built.start, built.end, built.previous) == (date(2022, 1, 1), date(2022, 12, 31),
                                                        (date(2021, 1, 1), date(2021, 12, 31)))
    assert (built.period_text, built.previous_text) == (now_text, before_text)
    assert briefing.dates_text(built.start, built.end, lang) == days
    assert "2 janv" not in built.headline and "2 Jan" not in built.headline
    # Year-precision records are charted by their year, never spread over days or spiked in January.
    assert built.granularity == "year" and list(built.series["period"].unique()) == ["2021", "2022"]


@pytest.mark.parametrize(("lang", "now_text", "before_text"), [("fr", "T4 2025", "T3 2025"),
                                                                ("en", "Q4 2025", "Q3 2025")])
def test_quarterly_window_is_the_last_complete_quarter(lang, now_text, before_text):
    frame = records({"date": "2025-08-10"}, {"date": "2025-11-20"}, {"date": "2026-02-01"})  # Q1 2026 still runs
    built = briefing.build_briefing(frame, lang=lang, now=NOW, granularity="quarter")
    assert (built.start, built.end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert (built.period_text, built.previous_text) == (now_text, before_text)
    yearly = briefing.build_briefing(frame, lang=lang, now=NOW)
    assert (yearly.start, yearly.end, yearly.period_text) == (date(2025, 1, 1), date(2025, 12, 31), "2025")


def test_an_unfinished_year_alone_is_still_a_whole_year():
    frame = records({"date": "2026-02-01"})
    built = briefing.build_briefing(frame, lang="en", now=NOW)
    assert (built.start, built.end, built.period_text, built.previous_text) == (
        date(2026, 1, 1), date(2026, 12, 31), "2026", "2025")


def test_the_printed_map_hatches_the_silent_countries_and_keys_them():
    from matplotlib.figure import Figure

    from geo.maps.silence import draw_silence
    from geo.maps.static import draw_map

    ax = Figure(figsize=(6, 5)).add_axes((0, 0, 1, 1))
    frame = records({"date": "2025-03-01"})
    draw_map(ax, frame, None, "fr")
    draw_silence(ax, ("MLI", "NER"), "fr")
    hatched_paths = [c for c in ax.collections if c.get_gid() == "couloirs-no-report"]
    assert len(hatched_paths) == 1 and len(hatched_paths[0].get_paths()) == 2 and hatched_paths[0].get_hatch()
    keys = [a for a in ax.artists if a.get_gid() == "couloirs-no-report-key"]
    assert [t.get_text() for t in keys[0].get_texts()] == ["pas de déclaration"]


def test_the_deck_names_the_silent_countries_and_the_kilograms_off_the_map(monkeypatch):
    import io

    from pptx import Presentation

    from geo.briefs import deck

    frame = records({"date": "2025-03-01", "quantity": 90}, {"date": "2025-04-01", "country": "ESP", "quantity": 10},
                    {"date": "2025-05-01", "country": "MLI", "quantity": 1})
    built = briefing.build_briefing(frame, lang="fr", now=NOW)
    hatched_maps = []
    drawn = deck.draw_silence
    monkeypatch.setattr(deck, "draw_silence", lambda ax, silent, lang: (hatched_maps.append(tuple(silent)),
                                                                        drawn(ax, silent, lang)))
    slides = Presentation(io.BytesIO(deck.render_pptx(built))).slides
    title_text = [shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame]
    assert built.silence_text in title_text and built.outside_text in title_text
    assert "Niger" in built.silence_text and "Espagne" in built.outside_text
    # Every substance slide's map hatches the countries that reported nothing at all in the window.
    assert hatched_maps == [built.silent] * len(built.key_figures) and "NER" in built.silent


def test_records_dated_to_their_year_are_listed_by_their_year():
    from geo.records import tables

    frame = records({"date": "2022-01-01", "date_precision": "year"}, {"date": "2023-05-01", "date_precision": "month"},
                    {"date": "2024-02-09"})
    listed = tables.records_list(frame, "en")
    assert listed.iloc[:, 0].tolist() == ["2024-02-09", "2023-05", "2022"]  # newest first
    detail = tables.record_detail(frame.iloc[0].to_dict(), "fr")
    assert "2022" in detail.iloc[:, 1].tolist() and "2022-01-01" not in detail.iloc[:, 1].tolist()
