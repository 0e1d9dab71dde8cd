"""The timeline animation: one frame per period, GIF and zip of PNGs."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from geo.briefs import animation
from geo.core.schema import coerce_records
from geo.maps import static as staticmap
from tests.support import make_records

SMALL = {"size": (4.0, 3.0), "dpi": 40}  # frames small enough for a quick test, big enough to hold the map
QUARTERS = ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1"]


def route(day: str, **fields) -> dict:
    """A cocaine seizure in Senegal on its way from Brazil through Guinea-Bissau to Mali."""
    return {"date": day, "origin": "BRA", "transit": "GNB", "destination": "MLI", "conveyance": "land", **fields}


@pytest.fixture(scope="module")
def records():
    # Five quarters, the third without any record: 2021-Q3 must still get its frame.
    rows = [route("2021-01-10"), route("2021-02-10"), route("2021-03-10"),
            route("2021-05-02", quantity=40.0), route("2021-11-20", substance="cannabis_resin", country="MLI",
                                                      lat=12.64, lon=-8.0),
            route("2022-02-01", quantity=5.0, dataset="demo")]
    return coerce_records(make_records(*rows))


@pytest.fixture(scope="module")
def frames_fr(records):
    return animation.timeline_frames(records, "quarter", "fr", **SMALL)


def decoded(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


@pytest.mark.slow
def test_one_frame_per_period_the_empty_one_included(frames_fr):
    assert [f.period for f in frames_fr] == QUARTERS
    assert [f.label for f in frames_fr] == ["T1 2021", "T2 2021", "T3 2021", "T4 2021", "T1 2022"]
    assert {decoded(f.png).size for f in frames_fr} == {(160, 120)}  # 4 x 3 inches at 40 dpi


@pytest.mark.slow
def test_labels_follow_the_language(records):
    frames = animation.timeline_frames(records, "quarter", "en", **SMALL)
    assert [f.label for f in frames] == ["Q1 2021", "Q2 2021", "Q3 2021", "Q4 2021", "Q1 2022"]


@pytest.mark.slow
def test_start_and_end_add_empty_periods_around_the_records(records):
    frames = animation.timeline_frames(records, "year", "en", start=date(2020, 6, 1), end=date(2023, 1, 1), **SMALL)
    assert [f.period for f in frames] == ["2020", "2021", "2022", "2023"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "index", "days"),
    [("window", 2, []), ("window", 3, ["2021-11-20"]),
     ("cumulative", 2, ["2021-01-10", "2021-02-10", "2021-03-10", "2021-05-02"])],
)
def test_frame_records_follow_the_mode(records, mode, index, days):
    anim = animation.prepare_animation(records, "quarter", "en", mode=mode)
    shown = animation.frame_records(anim, index)
    assert shown["date"].dt.strftime("%Y-%m-%d").tolist() == days


@pytest.mark.slow
def test_window_flows_are_flagged_against_the_previous_period(records):
    anim = animation.prepare_animation(records, "quarter", "en")
    first, _, empty, _, _ = animation.period_flows(anim)
    assert set(first["status"]) == {"emerging"}  # three cases on each leg, none the quarter before
    # A period without records draws no leg: a leg gone since the step before has no weight, so it is never among
    # the heaviest legs the map draws by default (geo.analysis.major_legs); the map's minor legs layer keeps it.
    assert empty.empty
    cumulative = animation.prepare_animation(records, "quarter", "en", mode="cumulative")
    assert list(animation.period_flows(cumulative))[2]["cases"].max() == 4
    assert cumulative.largest_flow == 75.0 and anim.largest_flow == 40.0  # one width scale per animation


def map_area(pixels: np.ndarray) -> np.ndarray:
    top = round(pixels.shape[0] * (1 - animation.MAP_BOX[1] - animation.MAP_BOX[3]))
    return pixels[top:]


@pytest.fixture(scope="module")
def crossing(records):
    # Air legs from Cabo Verde to Spain run under the key (upper left), which must stay on top of them.
    rows = [route(day, transit=None, country="CPV", destination="ESP", conveyance="air", lat=14.92, lon=-23.51)
            for day in ("2021-02-01", "2021-02-02", "2021-08-01")]
    return pd.concat([records, coerce_records(make_records(*rows))], ignore_index=True)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["window", "cumulative"])
def test_a_frame_shows_the_map_staticmap_draws(crossing, mode):
    # Frames draw only what moves over a saved background: the result must be the full drawing.
    frames = animation.timeline_frames(crossing, "quarter", "en", mode=mode, size=(8.0, 6.0), dpi=50)
    anim = animation.prepare_animation(crossing, "quarter", "en", mode=mode)
    for index, legs in enumerate(animation.period_flows(anim)):
        figure = Figure(figsize=(8.0, 6.0), dpi=50)
        canvas = FigureCanvasAgg(figure)
        staticmap.draw_map(figure.add_axes(animation.MAP_BOX), animation.frame_records(anim, index), legs, "en",
                           largest_flow=anim.largest_flow)
        canvas.draw()
        want = map_area(np.asarray(canvas.buffer_rgba())[..., :3].astype(int))
        got = map_area(np.asarray(decoded(frames[index].png).convert("RGB"), dtype=int))
        # Legends are put back as pixels: what runs under them stays hidden, even the 10 % they let through.
        assert (np.abs(got - want).max(axis=2) > 32).mean() < 0.001, frames[index].period


@pytest.mark.slow
def test_the_key_stays_above_the_flows(crossing):
    window = {"start": date(2020, 1, 1), "end": date(2021, 12, 31)}
    empty, busy = animation.timeline_frames(crossing, "year", "en", size=(8.0, 6.0), dpi=50, **window)
    figure = Figure(figsize=(8.0, 6.0), dpi=50)
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes(animation.MAP_BOX)
    largest = animation.prepare_animation(crossing, "year", "en", **window).largest_flow
    staticmap.draw_map(ax, crossing.iloc[:0], None, "en", largest_flow=largest)
    canvas.draw()
    key = next(a for a in ax.get_children() if a.get_gid() == "couloirs-legend-key").get_window_extent()
    inside = (slice(round(figure.bbox.height - key.y1) + 1, round(figure.bbox.height - key.y0) - 1),
              slice(round(key.x0) + 1, round(key.x1) - 1))
    assert np.array_equal(np.asarray(decoded(empty.png))[inside], np.asarray(decoded(busy.png))[inside])
    assert not np.array_equal(np.asarray(decoded(empty.png)), np.asarray(decoded(busy.png)))


@pytest.mark.slow
def test_cumulative_and_window_frames_differ(records, frames_fr):
    cumulative = animation.timeline_frames(records, "quarter", "fr", mode="cumulative", **SMALL)
    assert [f.period for f in cumulative] == QUARTERS
    # The empty quarter: nothing in window mode, the three quarters so far in cumulative mode.
    assert cumulative[2].png != frames_fr[2].png


def band(png: bytes) -> np.ndarray:
    """The band above the map, where the period label and the caption go."""
    pixels = np.asarray(decoded(png).convert("RGB"), dtype=int)
    return pixels[: round(pixels.shape[0] * (1 - animation.MAP_BOX[1] - animation.MAP_BOX[3]))]


@pytest.mark.slow
def test_only_the_label_changes_between_empty_periods(records):
    first, second = animation.timeline_frames(records, "year", "en", start=date(2019, 1, 1), end=date(2020, 12, 31),
                                              **SMALL)
    changed = np.abs(np.asarray(decoded(first.png), int) - np.asarray(decoded(second.png), int)).max(axis=2) > 0
    rows = np.flatnonzero(changed.any(axis=1))
    assert len(rows) and rows.max() < len(band(first.png))


@pytest.mark.slow
def test_demo_note_only_with_demo_records(records):
    def red_pixels(frames) -> int:
        pixels = band(frames[0].png)
        return int(((pixels[..., 0] > 120) & (pixels[..., 1] < 90) & (pixels[..., 2] < 100)).sum())

    assert red_pixels(animation.timeline_frames(records, "year", "fr", **SMALL)) > 20
    agency_only = records.loc[records["dataset"] != "demo"]
    assert red_pixels(animation.timeline_frames(agency_only, "year", "fr", **SMALL)) == 0


@pytest.mark.parametrize(
    ("substances", "lang", "caption"),
    [(["cocaine", "cannabis_resin", "cocaine"], "en", "Substances: Cocaine, Cannabis resin"),
     (["cannabis_resin"], "fr", "Substances : Résine de cannabis"),
     ([], "en", ""),
     (["cocaine", "heroin", "kush", "tramadol", "khat", "mdma", "captagon", "ephedrine"], "en",
      "Substances: Captagon, Cocaine, Ephedrine, Heroin, Khat, Kush and 2 more")],
)
def test_caption_names_the_substances_most_seized_first(substances, lang, caption):
    assert animation.substances_caption(pd.DataFrame({"substance": substances}), lang) == caption


@pytest.mark.slow
def test_progress_rises_to_one(records):
    seen: list[float] = []
    animation.timeline_frames(records, "quarter", "en", progress=seen.append, **SMALL)
    assert seen == sorted(set(seen)) and len(seen) == 5 and seen[-1] == 1.0


@pytest.mark.slow
def test_too_many_periods_are_refused(records):
    with pytest.raises(ValueError, match=r"156 month periods .* more than 120: choose a coarser granularity"):
        animation.timeline_frames(records, "month", "en", start=date(2000, 1, 1), end=date(2012, 12, 31))


@pytest.mark.parametrize(
    ("options", "message"),
    [({"mode": "rolling"}, "mode 'rolling'"), ({"lang": "de"}, "language 'de'"),
     ({"start": date(2022, 1, 1), "end": date(2021, 1, 1)}, "before its start")],
)
def test_bad_options_are_refused(records, options, message):
    arguments = {"lang": "en", **options}
    with pytest.raises(ValueError, match=message):
        animation.timeline_frames(records, "quarter", **arguments)


def test_no_dated_record_and_no_window_is_refused(records):
    with pytest.raises(ValueError, match="nothing to animate"):
        animation.timeline_frames(records.iloc[:0], "quarter", "en")


@pytest.mark.slow
def test_gif_has_one_frame_per_period_and_the_durations(frames_fr):
    gif = Image.open(io.BytesIO(animation.render_gif(frames_fr, seconds_per_frame=0.7)))
    assert gif.format == "GIF" and gif.n_frames == len(frames_fr)
    durations = []
    for k in range(gif.n_frames):
        gif.seek(k)
        durations.append(gif.info["duration"])
    assert durations == [700] * len(frames_fr)
    assert gif.info["loop"] == 0


@pytest.mark.slow
def test_gif_plays_once_without_loop(frames_fr):
    gif = Image.open(io.BytesIO(animation.render_gif(frames_fr[:2], loop=False)))
    assert gif.n_frames == 2 and "loop" not in gif.info


@pytest.mark.slow
def test_gif_frames_look_like_their_png(frames_fr):
    gif = Image.open(io.BytesIO(animation.render_gif(frames_fr)))
    gif.seek(3)
    got = np.asarray(gif.convert("RGB"), dtype=int)
    want = np.asarray(decoded(frames_fr[3].png).convert("RGB"), dtype=int)
    # A shared 256-colour palette moves colours a little: rarely and never far.
    error = np.abs(got - want).max(axis=2)
    assert error.mean() < 4 and error.max() < 40


@pytest.mark.slow
@pytest.mark.parametrize("seconds", [0, -1.0, 0.01])
def test_gif_refuses_durations_browsers_would_not_play(frames_fr, seconds):
    with pytest.raises(ValueError, match=f"{seconds} seconds per frame is less than 0.02"):
        animation.render_gif(frames_fr, seconds_per_frame=seconds)


@pytest.mark.slow
def test_gif_refuses_frames_of_different_sizes(frames_fr, records):
    bigger = animation.timeline_frames(records, "year", "en", size=(4.0, 3.0), dpi=60)
    with pytest.raises(ValueError, match=r"frame 2021 is \(240, 180\), not \(160, 120\)"):
        animation.render_gif([frames_fr[0], bigger[0]])


def test_gif_refuses_no_frames():
    with pytest.raises(ValueError, match="no frames"):
        animation.render_gif([])


@pytest.mark.slow
def test_zip_names_the_frames_in_order(frames_fr):
    archive = zipfile.ZipFile(io.BytesIO(animation.frames_zip(frames_fr)))
    assert archive.namelist() == [f"{k:03d}-{key}.png" for k, key in enumerate(QUARTERS, start=1)]
    assert archive.read("003-2021-Q3.png") == frames_fr[2].png
    assert animation.frames_zip(frames_fr) == animation.frames_zip(frames_fr)  # same frames, same bytes


@pytest.mark.slow
@pytest.mark.parametrize("period", ["../../etc/passwd", "2021/Q1", "2021-Q5", ""])
def test_zip_refuses_names_that_are_not_period_keys(frames_fr, period):
    bad = animation.Frame(period, "x", frames_fr[0].png)
    with pytest.raises(ValueError, match="is not a period key"):
        animation.frames_zip([bad])
