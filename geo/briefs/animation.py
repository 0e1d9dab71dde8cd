"""The map's timeline as pictures: one frame per period, as an animated GIF or a zip of PNGs.

A frame shows what the dashboard's map shows at that slider step: the period's seizures (or
all up to it, cumulative) and its flows, flagged against the step before and capped as the map
does (:func:`geo.analysis.routes.window_positions`, :func:`geo.analysis.major_legs.top_legs`), on one width
scale (:func:`geo.analysis.routes.heaviest_leg`). Empty periods get a frame too: time runs evenly.

Speed: the basemap is drawn once; a frame draws only what moves over a copy of its pixels.
Measured on the 2-core dev container (load ~2), ``geo.demo.generate(100_000, 1)`` through
``coerce_records``, the 12 months of 2025, 8 × 6 in at 100 dpi: 2.2-2.8 s for the 12 frames
(3.6 s in a fresh process) where ``staticmap.map_figure`` + ``figure_png`` per frame took
4.9-5.3 s; ``render_gif`` 0.2-0.3 s (0.9-1.0 MB); ``frames_zip`` under 5 ms. The 44 quarters
of 2015-2025, cumulative: about 10 s.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image

from geo import i18n, trends
from geo.analysis import routes
from geo.analysis.timeline import step_flows
from geo.briefs import marking
from geo.core import periods, schema
from geo.i18n import briefs as brief_text
from geo.maps import static as staticmap

MAX_FRAMES = 120  # ten years of months: beyond, a GIF is too long to watch and too slow to make
MIN_SECONDS = 0.02  # GIF delays count in hundredths of a second, and browsers slow shorter ones to 0.1 s
CAPTION_SUBSTANCES = 6  # the caption names this many substances, then counts the rest
MAP_BOX = (0.01, 0.01, 0.98, 0.86)  # figure fraction; the band above holds the period label and the caption
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same frames give the same zip bytes

@dataclass(frozen=True)
class Frame:
    """One period of the animation, rendered."""

    period: str  # period key
    label: str  # period label in the frame's language, drawn on the frame
    png: bytes


@dataclass(frozen=True)
class Animation:
    """What every frame shares: periods, mode, records of the window, leg totals, one flow scale, caption."""

    keys: tuple[str, ...]
    mode: str  # "window" or "cumulative"
    lang: str
    records: pd.DataFrame  # only those dated within ``keys``
    legs: routes.PeriodLegs
    largest_flow: float | None
    caption: str
    demo: bool  # synthetic demo records among them: every frame says so
    banner: str | None = None  # classification of the records shown: every frame carries it


def animation_periods(records: pd.DataFrame, granularity: str, start: date | None, end: date | None) -> tuple[str, ...]:
    """Every period key from ``start`` to ``end``, each defaulting to the records' first or last day.

    >>> animation_periods(pd.DataFrame({"date": pd.to_datetime(["2021-02-01"])}), "quarter", None, date(2021, 9, 1))
    ('2021-Q1', '2021-Q2', '2021-Q3')
    """
    dates = records["date"].dropna()
    start = start or (dates.min().date() if len(dates) else None)
    end = end or (dates.max().date() if len(dates) else None)
    if start is None or end is None:
        raise ValueError("nothing to animate: no record has a date and no start and end were given")
    if end < start:
        raise ValueError(f"animation end {end} is before its start {start}")
    keys = tuple(periods.period_range(start, end, granularity))
    if len(keys) > MAX_FRAMES:
        raise ValueError(f"{len(keys)} {granularity} periods from {keys[0]} to {keys[-1]} would make {len(keys)} "
                         f"frames, more than {MAX_FRAMES}: choose a coarser granularity or a shorter window")
    return keys


def substances_caption(records: pd.DataFrame, lang: str) -> str:
    """The substances shown, most seized first, ties by name ("" without records)."""
    counts = records["substance"].value_counts()
    ranked = [label for _, label in sorted((-n, schema.substance_label(s, lang)) for s, n in counts.items())]
    if not ranked:
        return ""
    names = ", ".join(ranked[:CAPTION_SUBSTANCES])
    if len(ranked) > CAPTION_SUBSTANCES:
        names += " " + brief_text.t("more", lang, n=len(ranked) - CAPTION_SUBSTANCES)
    return brief_text.t("substances", lang, names=names)


def prepare_animation(records: pd.DataFrame, granularity: str, lang: str, *, start: date | None = None,
                      end: date | None = None, mode: str = "window") -> Animation:
    """The periods of the animation and what its frames share (arguments as :func:`timeline_frames`)."""
    if mode not in ("window", "cumulative"):
        raise ValueError(f"mode {mode!r} is not window or cumulative")
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(i18n.LANGUAGES)}")
    keys = animation_periods(records, granularity, start, end)
    inside = trends.between(records, periods.period_bounds(keys[0])[0], periods.period_bounds(keys[-1])[1])
    legs = routes.period_legs(inside, keys, granularity)
    return Animation(keys, mode, lang, inside, legs, routes.heaviest_leg(legs, mode == "cumulative"),
                     substances_caption(inside, lang), bool((inside["dataset"] == "demo").any()),
                     marking.banner_for(inside))


def frame_records(anim: Animation, index: int) -> pd.DataFrame:
    """The records shown at step ``index``: that period's, or every one up to it in cumulative mode."""
    return trends.between(anim.records, *periods.window_bounds(list(anim.keys), index, anim.mode))


def period_flows(anim: Animation) -> Iterator[gpd.GeoDataFrame]:
    """The flows drawn at each step, flagged against the step before, as the interactive map draws them."""
    # A step compares with the periods the step before showed: cached, each sum is made once.
    between = cache(partial(routes.window_legs, anim.legs))
    for index in range(len(anim.keys)):
        flows = step_flows(between, index, anim.mode)
        yield flows[flows["major"]]  # the legs the map draws by default (geo.analysis.major_legs)


def _header(figure: Figure, anim: Animation, scale: float) -> Text:
    """Caption, synthetic-data note and an empty period label for each frame to fill; ``scale`` follows the size."""
    figure.text(0.015, 0.895, anim.caption, fontsize=8 * scale, color="#333333", ha="left", va="center")
    if anim.demo:
        figure.text(0.99, 0.955, brief_text.t("demo_note", anim.lang), fontsize=8 * scale, color="#b00020",
                    ha="right", va="center", fontweight="bold")
    if anim.banner:  # under the caption, centred, on every frame (a frame cut from the GIF still carries it)
        figure.text(0.5, 0.862, anim.banner, fontsize=9 * scale, color=marking.BANNER_RED, ha="center", va="bottom",
                    fontweight="bold", zorder=10, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    return figure.text(0.015, 0.985, "", fontsize=24 * scale, fontweight="bold", ha="left", va="top")


class _Canvas:
    """The map with its unchanging layers drawn once; a frame draws only what moves over their pixels.

    Land, names, corridors, posts, the key and the caption are the same in every frame and cost
    most of a drawing, so they are rendered once and their pixels restored per frame (blitting).
    A frame's artists come from :func:`geo.maps.static.draw_map` like any map of the project; those
    whose ``gid`` the empty map already has are static, drawn again for nothing, and dropped, so a
    layer staticmap adds later moves without a change here.
    """

    def __init__(self, anim: Animation, size: tuple[float, float], dpi: int) -> None:
        self.anim = anim
        self.figure = Figure(figsize=size, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_axes(MAP_BOX)
        staticmap.draw_map(self.ax, anim.records.iloc[:0], None, anim.lang, largest_flow=anim.largest_flow)
        self.label = _header(self.figure, anim, min(size[0] / 8.0, size[1] / 6.0))
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        # draw_map sets the limits again per frame; blitting needs exactly those of the background.
        self.limits = (self.ax.get_xlim(), self.ax.get_ylim())
        self.base = sorted(self.ax.get_children(), key=lambda a: a.get_zorder())
        self.static_gids = {a.get_gid() for a in self.base}
        # Legends and texts above the map get their pixels put back: drawing a legend again costs a fifth
        # of a frame, and a text drawn twice turns bold. What moves under them is hidden (the legends' 10 %
        # see-through too); a pixel of margin takes in the frame's antialiased edge.
        self.boxes = {a: self.canvas.copy_from_bbox(a.get_window_extent().padded(1)) for a in self.base
                      if isinstance(a, Legend | Text)}

    def _moving_artists(self, records: pd.DataFrame, legs: gpd.GeoDataFrame) -> list[Artist]:
        """Draw the period's map and keep only the artists the empty map lacks."""
        staticmap.draw_map(self.ax, records, legs, self.anim.lang, largest_flow=self.anim.largest_flow,
                           corridors=False, posts=False, label_countries=False)
        base = set(self.base)
        added = [a for a in self.ax.get_children() if a not in base]
        moving = [a for a in added if a.get_gid() not in self.static_gids]
        for artist in added:
            if artist not in moving:
                artist.remove()
        self.ax.set_xlim(*self.limits[0])
        self.ax.set_ylim(*self.limits[1])
        return moving

    def _layers(self, moving: list[Artist]) -> list[Artist]:
        """``moving`` and the static artists drawn after them (legends, credits), in drawing order.

        Matplotlib draws by zorder and, at equal zorder, in the order artists were added: static first.
        """
        lowest = min((a.get_zorder() for a in moving), default=math.inf)
        return sorted([*(a for a in self.base if a.get_zorder() > lowest), *moving], key=lambda a: a.get_zorder())

    def render(self, records: pd.DataFrame, legs: gpd.GeoDataFrame, label: str) -> bytes:
        """PNG of the map with ``records``, ``legs`` and the period ``label``."""
        moving = self._moving_artists(records, legs)
        self.canvas.restore_region(self.background)
        for artist in self._layers(moving):
            if artist in self.boxes:
                self.canvas.restore_region(self.boxes[artist])
            else:
                self.ax.draw_artist(artist)
        self.label.set_text(label)
        self.figure.draw_artist(self.label)
        for artist in moving:
            artist.remove()
        buffer = io.BytesIO()
        # Level 1: a map compresses within 3 % of level 6 in three quarters of the time.
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB").save(buffer, "PNG", compress_level=1)
        return buffer.getvalue()


def timeline_frames(records: pd.DataFrame, granularity: str, lang: str, *, start: date | None = None,
                    end: date | None = None, mode: str = "window", size: tuple[float, float] = (8.0, 6.0),
                    dpi: int = 100, progress: Callable[[float], None] | None = None) -> list[Frame]:
    """One map per period from ``start`` to ``end`` (by default the records' whole span).

    Args:
        records: canonical records, already filtered (substances, countries…).
        granularity: "month", "quarter" or "year".
        lang: "fr" or "en", for the labels and the map.
        start: first day covered (its whole period is), by default the first record's.
        end: last day covered (its whole period is), by default the last record's.
        mode: "window" (each period alone) or "cumulative" (everything up to each period).
        size: frame size in inches; texts scale with it.
        dpi: pixels per inch of each PNG (8 × 6 in at 100 dpi: 800 × 600 pixels).
        progress: called with the fraction done, in (0, 1], after each frame.

    Raises:
        ValueError: unknown mode or language, nothing dated to animate, or more than :data:`MAX_FRAMES` periods.
    """
    anim = prepare_animation(records, granularity, lang, start=start, end=end, mode=mode)
    canvas = _Canvas(anim, size, dpi)
    frames = []
    for index, (key, legs) in enumerate(zip(anim.keys, period_flows(anim))):
        label = periods.period_label(key, lang)
        frames.append(Frame(key, label, canvas.render(frame_records(anim, index), legs, label)))
        if progress is not None:
            progress((index + 1) / len(anim.keys))
    return frames


SAMPLE_ALL_PIXELS = 2_000_000  # frames of at most this many pixels in all are sampled whole for the GIF palette


def _shared_palette(images: list[Image.Image]) -> Image.Image:
    """One 256-colour palette for every frame: colours stay put between frames and deltas stay small."""
    width, height = images[0].size
    # Every other pixel of every frame finds the same colours at a quarter of the work; the first frame
    # whole as well, so that one-pixel strokes of what every frame shares (the legend's key lines) keep their colour.
    # Small animations are sampled whole: a thin line's few pixels would otherwise go unseen.
    step = 1 if width * height * len(images) <= SAMPLE_ALL_PIXELS else 2
    sample = Image.new("RGB", (width, (height // step) * len(images) + height))
    for k, image in enumerate(images):
        sample.paste(image.resize((width // step, height // step), Image.Resampling.NEAREST), (0, k * (height // step)))
    sample.paste(images[0], (0, (height // step) * len(images)))
    # Fast octree: on map frames it errs least (mean and 99.9th percentile), 10 times faster than median cut.
    return sample.quantize(colors=256, method=Image.Quantize.FASTOCTREE)


def render_gif(frames: list[Frame], seconds_per_frame: float = 1.0, loop: bool = True) -> bytes:
    """An animated GIF of ``frames``, one GIF frame each, ``seconds_per_frame`` apiece, on one shared palette.

    Pillow merges pixel-identical neighbours into one GIF frame; :func:`timeline_frames` never
    makes such frames, each carrying its own period label.
    """
    if not frames:
        raise ValueError("no frames to put in a GIF")
    if seconds_per_frame < MIN_SECONDS:
        raise ValueError(f"{seconds_per_frame} seconds per frame is less than {MIN_SECONDS}: "
                         "browsers would show such frames for 0.1 s instead")
    images = [Image.open(io.BytesIO(frame.png)).convert("RGB") for frame in frames]
    for frame, image in zip(frames, images):
        if image.size != images[0].size:
            raise ValueError(f"frame {frame.period} is {image.size}, not {images[0].size} like the first")
    palette = _shared_palette(images)
    # No dithering: flat map colours stay flat, so what did not change stays identical between frames.
    indexed = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    options = {"loop": 0} if loop else {}  # without the loop block a viewer plays the GIF once
    buffer = io.BytesIO()
    indexed[0].save(buffer, format="GIF", save_all=True, append_images=indexed[1:], optimize=True,
                    duration=round(seconds_per_frame * 1000), **options)
    return buffer.getvalue()


def frames_zip(frames: list[Frame]) -> bytes:
    """A zip of the frames' PNGs named ``001-<period>.png``…, in order.

    Names are built from period keys only, checked first, so no name can climb out of a folder.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already
        for number, frame in enumerate(frames, start=1):
            if not any(periods.is_period_key(frame.period, g) for g in periods.GRANULARITIES):
                raise ValueError(f"frame {number}: period {frame.period!r} is not a period key")
            archive.writestr(zipfile.ZipInfo(f"{number:03d}-{frame.period}.png", _ZIP_TIME), frame.png)
    return buffer.getvalue()
