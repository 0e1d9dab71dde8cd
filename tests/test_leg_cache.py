"""Route leg lines kept on disk between runs: the same lines as drawn afresh, and never a failure (issue 16)."""

from __future__ import annotations

import json

from geo.analysis import leg_cache, route_geometry

LEGS = (("SEN", "MLI", "land", "cocaine"), ("BRA", "GNB", "sea", "cocaine"), ("ATA", "SEN", "sea", None))


def test_lines_read_back_from_the_cache_file_equal_the_drawn_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("COULOIRS_CACHE_DIR", str(tmp_path))
    first = leg_cache.LegLines()
    drawn = [first.line(*leg) for leg in LEGS]
    first.save()
    files = list(tmp_path.glob("legs-*.json"))
    assert len(files) == 1 and len(json.loads(files[0].read_text())) == len(LEGS)
    again = leg_cache.LegLines()
    for leg, (_, via) in zip(LEGS, drawn, strict=True):
        cached_line, cached_via = again.line(*leg)
        fresh_line, fresh_via = route_geometry.leg_geometry(*leg)
        assert cached_via == via == fresh_via
        assert (cached_line is None and fresh_line is None) or cached_line.equals_exact(fresh_line, 0.0)
    assert not again.added  # every line came from the file


def test_a_damaged_or_unwritable_cache_only_costs_the_drawing(tmp_path, monkeypatch):
    monkeypatch.setenv("COULOIRS_CACHE_DIR", str(tmp_path))
    leg_cache.LegLines().save()
    path = tmp_path / f"legs-{leg_cache._fingerprint()}.json"
    path.write_text("{not json", encoding="utf-8")
    damaged = leg_cache.LegLines()
    assert damaged.line("SEN", "MLI", "land", None)[1].startswith("border_post:")
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("COULOIRS_CACHE_DIR", str(blocked / "below"))  # a folder under a file cannot be made
    unwritable = leg_cache.LegLines()
    unwritable.line("SEN", "MLI", "land", None)
    unwritable.save()  # no error: the lines are simply drawn again next time
    assert unwritable.added


def test_off_keeps_no_line_on_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COULOIRS_CACHE_DIR", "off")  # the setting the imports' derived data share
    lines = leg_cache.LegLines()
    made = lines.line("SEN", "MLI", "land", None)
    lines.save()
    assert made[1] == route_geometry.leg_geometry("SEN", "MLI", "land", None)[1]
    assert lines.added and list(tmp_path.iterdir()) == []  # nothing written, no folder named "off"


def test_a_line_drawn_by_another_thread_while_the_file_is_written_breaks_neither(tmp_path, monkeypatch):
    # The process's lines are shared by the app's threads (a briefing, the map's prefetch): a line added while
    # save() wrote the file made json.dump fail ("dictionary changed size during iteration") and the page with it.
    monkeypatch.setenv("COULOIRS_CACHE_DIR", str(tmp_path))
    lines = leg_cache.LegLines()
    lines.line(*LEGS[0])
    real_dump = json.dump

    def dump_while_another_thread_draws(data, handle, **options):
        for _ in data:  # the writer walks the lines, and meanwhile the other legs are drawn
            while len(lines.known) < len(LEGS):
                lines.line(*LEGS[len(lines.known)])
        real_dump(data, handle, **options)

    monkeypatch.setattr(leg_cache.json, "dump", dump_while_another_thread_draws)
    lines.save()
    monkeypatch.setattr(leg_cache.json, "dump", real_dump)
    assert len(lines.known) == len(LEGS) and lines.added  # the lines drawn during the write are kept for the next
    lines.save()
    assert len(json.loads(next(tmp_path.glob("legs-*.json")).read_text())) == len(LEGS)
