"""A briefing from the days it reads and the kept totals says what the briefing of every record says (issue 16).

``geo brief --out X.pdf`` reads the records of the window and of the comparisons before it only
(:mod:`geo.briefs.windowed`); the default window, the substances weighed in kg and the first record's date
come from the totals kept at import. Every part of the briefing (key figures, route tables, emerging legs,
chart series, sources, coverage, silence and sensitivity) must equal the briefing built from all records.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from geo import demo
from geo.briefs import content, windowed
from geo.cli import main
from geo.core.filters import RecordFilter
from geo.store import Batch, GeoPackageStore

NOW = datetime(2026, 6, 1, tzinfo=UTC)
FRAMES = ("key_figures", "top_routes", "emerging", "series")
VALUES = ("title", "period_text", "previous_text", "start", "end", "previous", "sources", "source_counts",
          "sensitivity", "banner", "demo_records", "demo_previous", "granularity", "headline", "silent",
          "silence_text", "outside_text", "coverage_text", "largest_flow")


def _records(rows: int, seed: int, since: str | None = None) -> pd.DataFrame:
    records = demo.generate(rows=rows, seed=seed)
    if since:
        records = records.loc[records["date"] >= pd.Timestamp(since)].reset_index(drop=True)
    # Named sources beside the demo's own, so that the sources list ranks several.
    records["source"] = records["source"].where(records.index % 5 != 0, "OCRTIS bulletin")
    records["source"] = records["source"].where(records.index % 7 != 0, "UNODC IDS")
    return records


def _store(tmp_path, records: pd.DataFrame) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "brief.gpkg")
    store.write_batch(records, Batch(kind="demo", created_by="test"))
    return store


def _official() -> pd.DataFrame:
    return pd.DataFrame({"country": ["SEN", "NGA", "GHA"], "year": [2025, 2025, 2024],
                         "substance": ["cocaine_hcl", "cannabis_herb", "cocaine_hcl"],
                         "label": ["Cocaine hydrochloride", "Cannabis herb", "Cocaine hydrochloride"],
                         "kg": [900.0, 40000.0, 300.0], "cases": [None] * 3, "source": ["x"] * 3})


def _both(store: GeoPackageStore, start: date | None = None, end: date | None = None, granularity: str = "year",
          fewer: bool = True):
    """The briefing of every record and the briefing of the days read, as ``geo brief`` builds each."""
    every = RecordFilter()
    official = _official()
    full = content.build_briefing(store.query(every), lang="fr", start=start, end=end, granularity=granularity,
                                  now=NOW, official=official)
    facts = windowed.facts_of(store.aggregates(every, by=windowed.FACT_KEYS))
    first, last = windowed.window(facts, start, end, granularity, today=NOW.date())
    read_from, read_to = windowed.read_days(first, last)
    read = store.query(dataclasses.replace(every, date_from=read_from, date_to=read_to))
    assert not fewer or len(read) < len(store.query(every))  # the point: fewer records read
    part = content.build_briefing(read, lang="fr", start=first, end=last, granularity=granularity, now=NOW,
                                  official=official, kg_substances=set(facts.kg_substances),
                                  earliest=windowed.earliest(facts, read_from, read))
    return full, part


def assert_same_briefing(full: content.Briefing, part: content.Briefing) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(part, name).reset_index(drop=True),
                                      getattr(full, name).reset_index(drop=True), obj=name)
    for name in VALUES:
        assert getattr(part, name) == getattr(full, name), name
    assert set(part.records["record_id"]) == set(full.records["record_id"])
    for name in ("legs", "substance_legs"):
        columns = ["substance", "from_iso3", "to_iso3", "weight", "status"]
        ours, theirs = (getattr(b, name)[columns].sort_values(columns[:3]).reset_index(drop=True)
                        for b in (part, full))
        pd.testing.assert_frame_equal(ours, theirs, obj=name)


def test_the_default_window_briefing_equals_the_briefing_of_every_record(tmp_path):
    records = _records(3000, seed=4)
    store = _store(tmp_path, records)
    full, part = _both(store)
    assert (part.start, part.end) == (date(2025, 1, 1), date(2025, 12, 31))  # last complete year with data
    assert_same_briefing(full, part)
    assert part.coverage_text and len(part.sources) >= 3 and len(part.top_routes)
    # Key figures against pandas on the generated records: the window's kilograms per substance.
    stored = store.query(RecordFilter())
    inside = stored.loc[stored["date"].between(pd.Timestamp(2025, 1, 1), pd.Timestamp(2025, 12, 31))]
    expected = inside.groupby("substance")["quantity_kg"].sum()
    figures = part.key_figures.set_index("substance")["kg"]
    for substance, kg in expected.items():
        assert figures[substance] == pytest.approx(kg), substance


def test_a_quarter_against_four_baseline_windows_and_records_starting_inside_the_days_read(tmp_path, monkeypatch):
    """The mean of four windows reaches a year back; the first record falls inside those days (mid-month).

    The 90-day window's baseline windows end on 14 Jan 2025 and 16 Oct 2024: the second ends before the first
    record (20 Oct) and is left out, as it must be; the first of that month would have kept it.
    """
    monkeypatch.setenv("COULOIRS_CHANGE_BASELINE", "mean4")
    records = _records(3000, seed=6, since="2024-10-20")
    store = _store(tmp_path, records)
    for start, end, granularity in ((date(2025, 7, 1), date(2025, 9, 30), "quarter"),
                                    (date(2025, 1, 15), date(2025, 4, 14), "month"), (None, None, "quarter")):
        full, part = _both(store, start, end, granularity, fewer=False)
        assert_same_briefing(full, part)
    assert (part.start, part.end) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_first_record_date_comes_from_the_kept_months_when_they_start_before_the_days_read():
    facts = windowed.KeptFacts(("2019-03", "2024-01"), frozenset())
    read = pd.DataFrame({"date": pd.to_datetime(["2024-01-09"])})
    assert windowed.earliest(facts, date(2024, 1, 1), read) == pd.Timestamp(2019, 3, 1)
    late = windowed.KeptFacts(("2024-01",), frozenset())
    assert windowed.earliest(late, date(2024, 1, 1), read) == pd.Timestamp(2024, 1, 9)
    assert windowed.read_days(date(2025, 1, 15), date(2025, 4, 14))[0].day == 1  # whole months read


def test_brief_command_reads_the_days_of_the_window(tmp_path, monkeypatch):
    store = _store(tmp_path, _records(800, seed=7))
    read = []
    original = windowed.brief_of_window
    monkeypatch.setattr(windowed, "brief_of_window", lambda records, *a, **k: read.append(records) or original(
        records, *a, **k))
    out = tmp_path / "brief.pdf"
    assert main(["brief", "--out", str(out), "--db", str(store.path), "--lang", "en"]) == 0
    assert out.read_bytes().startswith(b"%PDF") and len(read) == 1
    assert read[0]["date"].min() >= pd.Timestamp(2024, 1, 1)  # two years of eleven
