"""What a briefing says: its figures, routes, trend data, sources and sensitivity.

:func:`build_briefing` turns filtered records into a :class:`Briefing`, pure data that
:mod:`geo.briefs.onepager` lays out as a one-page PDF or PNG and as a PPTX deck. The figures come from
the functions the Trends page and the map use (:func:`geo.analysis.stats.summarise`,
:func:`geo.analysis.routes.legs_for_window`, :func:`geo.analysis.routes.flag_changes`, :func:`geo.trends.series`),
so a briefing states what the dashboard shows for the same filters and days.

A briefing covers a window (by default the last complete calendar year, or quarter, holding records) and
compares it with the period before, as people compare them: 2025 with 2024, T3 with T2, else a
span of equal length (:func:`geo.briefs.wording.previous_period`). The records *included* are
those of both windows: the previous one gives the changes and half of the trend chart, so its
records count for the sensitivity banner and the sources as much as the window's own; the
synthetic-data warning counts each window's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import i18n, trends
from geo.analysis import change_rules, coverage, routes, scope, stats
from geo.analysis.timeline import strongest_legs
from geo.briefs import wording
from geo.briefs.marking import BANNERS, highest_sensitivity
from geo.core import periods, schema
from geo.i18n import briefs as brief_text
from geo.trends.chart_text import place_name

TOP_PER_SUBSTANCE = 3  # legs per substance in ``top_routes``: the deck's slide shows them all
EMERGING_LIMIT = 10
SLIDE_FLOWS = 15  # flows on a substance's slide
MAX_SOURCES = 6
TITLE_SUBSTANCES = 3  # a default title names the substances when there are this many or fewer
KEY_FIGURE_COLUMNS = ("substance", "label", "colour", "basis", "kg", "cases", "tablets", "plants",
                      "kg_before", "cases_before", "tablets_before", "plants_before", "change")
ROUTE_COLUMNS = ("substance", "label", "rank", "from_iso3", "to_iso3", "from_name", "to_name", "mode", "kg",
                 "cases", "tablets", "weight", "basis", "share", "previous_weight", "change", "status")



@dataclass(frozen=True, eq=False)
class Briefing:
    """Everything a briefing shows, numbers raw (rendering formats them in ``lang``).

    ``key_figures`` has one row per substance of either window (:data:`KEY_FIGURE_COLUMNS`),
    heaviest first; ``change`` is the ratio of the substance's amount now to before on its ``basis``
    (kg for a weighed substance; tablets or plants for a counted one; else cases), NaN when nothing before.
    ``top_routes`` and ``emerging`` have :data:`ROUTE_COLUMNS`, in key-figure order.
    """

    lang: str
    title: str
    period_text: str
    filters_text: str
    generated_at: datetime
    start: date
    end: date
    previous: tuple[date, date]
    key_figures: pd.DataFrame
    top_routes: pd.DataFrame
    emerging: pd.DataFrame
    series: pd.DataFrame
    sources: tuple[str, ...]
    sensitivity: str | None
    banner: str | None
    demo_records: int
    records: pd.DataFrame
    legs: gpd.GeoDataFrame
    largest_flow: float | None
    granularity: str = "month"  # of ``series``
    previous_text: str = ""
    substance_legs: gpd.GeoDataFrame | None = None  # each substance's strongest flows, for its slide
    headline: str = ""  # the sentence a minister reads first (geo.briefs.wording.headline)
    demo_previous: int = 0  # synthetic records of the previous window (``demo_records``: the window's)
    source_counts: dict[str, int] | None = None  # records per named source of ``sources``
    silent: tuple[str, ...] = ()  # countries of the region (ISO3) with no record in the window: no report
    silence_text: str = ""  # "Aucune donnée en 2024 : Bénin, Niger." ("" when every country reported)
    outside_text: str = ""  # the warning when ≥ 5 % of the window's kg lies outside the map's region
    coverage_text: str = ""  # the records' share of the official total of a whole year in the window (issue 15)


def default_window(records: pd.DataFrame, today: date | None = None, granularity: str = "year") -> tuple[date, date]:
    """The last complete calendar year (a quarter with ``granularity="quarter"``) that holds records.

    Whole calendar periods, so that a briefing names its window as people do ("2024", "T3 2025") and
    compares it with the one before (2023, T2 2025). "Complete": the period ended before ``today`` (UTC by
    default); when no complete period holds records, the latest period holding any; without records,
    the last complete period before ``today``. Annual figures are dated on 1 January of their year, so a
    window anchored on the last record's *day* (as it once was) read "2 Jan 2021 – 1 Jan 2022".

    >>> from geo.core.schema import coerce_records
    >>> rows = coerce_records(pd.DataFrame({"date": ["2022-06-12", "2023-06-12"], "substance": ["khat", "khat"]}))
    >>> default_window(rows, date(2023, 9, 1)), default_window(rows, date(2024, 1, 1))
    ((datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)), (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)))
    >>> default_window(rows, date(2023, 9, 1), "quarter")
    (datetime.date(2023, 4, 1), datetime.date(2023, 6, 30))
    """
    unit = "quarter" if granularity == "quarter" else "year"
    today = today or datetime.now(UTC).date()
    held = sorted(set(periods.period_keys(records["date"].dropna(), unit))) if len(records) else []
    complete = [key for key in held if periods.period_bounds(key)[1] < today]
    if complete or held:
        return periods.period_bounds((complete or held)[-1])
    this = periods.period_range(today, today, unit)[0]
    day_before = periods.period_bounds(this)[0] - pd.Timedelta(days=1)
    return periods.period_bounds(periods.period_range(day_before, day_before, unit)[0])


def year_before(end: date) -> date:
    """First day of the 12 months ending on ``end``.

    >>> year_before(date(2024, 2, 29))
    datetime.date(2023, 3, 1)
    """
    return (pd.Timestamp(end) - pd.DateOffset(years=1) + pd.Timedelta(days=1)).date()


def chart_granularity(start: date, end: date) -> str:
    """Months up to three years, quarters up to twelve, years beyond: a readable number of points.

    >>> chart_granularity(date(2023, 1, 1), date(2024, 12, 31)), chart_granularity(date(2000, 1, 1), date(2024, 1, 1))
    ('month', 'year')
    """
    days = (end - start).days
    return "month" if days <= 3 * 366 else "quarter" if days <= 12 * 366 else "year"


def coarsest(granularity: str, records: pd.DataFrame) -> str:
    """``granularity``, or coarser when every record is dated only to the year (or month).

    A record dated to its year is stored on 1 January: charted by month it would read as a January spike,
    so the chart shows years (a record is labelled by its year, never placed on a day).

    >>> from geo.core.schema import coerce_records
    >>> year_dated = pd.DataFrame({"date": ["2022"], "date_precision": ["year"], "substance": ["khat"]})
    >>> coarsest("month", coerce_records(year_dated))
    'year'
    """
    held = (set(records["date_precision"].dropna().unique())  # unique() first: no Python loop over the records
            if "date_precision" in records and len(records) else set())
    rank = {"month": 0, "quarter": 1, "year": 2}
    finest = "year" if held == {"year"} else "month" if held <= {"year", "month"} and held else None
    if finest is None or rank[finest] <= rank[granularity]:
        return granularity
    return finest


def day_text(day: date, lang: str) -> str:
    """A day as read in ``lang``, month names as :func:`geo.core.periods.period_label` writes them.

    >>> day_text(date(2024, 2, 5), "fr"), day_text(date(2024, 2, 5), "en")
    ('5 févr. 2024', '5 Feb 2024')
    """
    return f"{day.day} {periods.period_label(f'{day.year}-{day.month:02d}', lang)}"


def dates_text(start: date, end: date, lang: str) -> str:
    """Two days as a span: "du 1 janv. 2024 au 31 déc. 2024", "1 Jan 2024 – 31 Dec 2024"."""
    return brief_text.t("dates", lang, start=day_text(start, lang), end=day_text(end, lang))


def source_counts(records: pd.DataFrame, lang: str) -> list[tuple[str, int]]:
    """Records per source, most frequent first. A record without a source is its agency's own data."""
    named = records["source"].fillna(records["agency"])
    counts = named.fillna(brief_text.t("no_source", lang)).value_counts(sort=False)
    counts = counts.rename(index={schema.DEMO_SOURCE: i18n.value_label("demo", lang)})
    return sorted(((str(k), int(v)) for k, v in counts.groupby(level=0).sum().items()),
                  key=lambda item: (-item[1], item[0]))


def source_list(records: pd.DataFrame, lang: str, limit: int = MAX_SOURCES) -> tuple[str, ...]:
    """Distinct sources, most frequent first, at most ``limit`` named and the rest counted.

    A record without a source is its agency's own data; the demo source is labelled as such.
    """
    ranked = source_counts(records, lang)
    shown = [name for name, _ in ranked[:limit]]
    if len(ranked) > limit:
        shown.append(brief_text.t("more_sources", lang, n=len(ranked) - limit))
    return tuple(shown)


def key_figures(window: pd.DataFrame, before: pd.DataFrame, kg_substances: Iterable[str], lang: str) -> pd.DataFrame:
    """Per substance of either window: kg, cases, tablets and plants now and before, and the change.

    Sorted heaviest first (kg, then cases), so counted substances follow the weighed ones.
    """
    now = stats.summarise(window, "substance")
    previous = stats.summarise(before, "substance").add_suffix("_before")
    table = now.join(previous, how="outer").fillna(0).rename_axis("substance").reset_index()
    for column in ("cases", "tablets", "plants", "cases_before", "tablets_before", "plants_before"):
        table[column] = table[column].astype("int64")
    # The change is on what the substance is measured in: kg if weighed, else tablets or plants, else cases.
    counted = lambda unit: (table[unit] + table[f"{unit}_before"]) > 0  # noqa: E731
    table["basis"] = np.select([table["substance"].isin(set(kg_substances)), counted("tablets"), counted("plants")],
                               ["kg", "tablets", "plants"], "cases")
    weight_now = np.choose(_basis_index(table["basis"]), [table[b].astype(float) for b in BASES])
    weight_before = np.choose(_basis_index(table["basis"]), [table[f"{b}_before"].astype(float) for b in BASES])
    table["change"] = weight_now / np.where(weight_before > 0, weight_before, np.nan)
    table["label"] = [schema.substance_label(s, lang) for s in table["substance"]]
    table["colour"] = [_colour(s) for s in table["substance"]]
    table = table.sort_values(["kg", "cases", "label"], ascending=[False, False, True], kind="stable")
    return table.loc[:, list(KEY_FIGURE_COLUMNS)].reset_index(drop=True)


BASES = ("kg", "tablets", "plants", "cases")


def _basis_index(basis: pd.Series) -> np.ndarray:
    return basis.map({b: i for i, b in enumerate(BASES)}).to_numpy(dtype=int)


def _colour(substance: str) -> str:
    entry = schema.substances().get(substance)
    return entry.colour if entry else "#9e9e9e"


def _route_rows(legs: pd.DataFrame, order: list[str], lang: str) -> pd.DataFrame:
    """Legs with names, labels and a rank within their substance, in key-figure order."""
    legs = legs.sort_values(["substance", "weight", "from_iso3", "to_iso3"], ascending=[True, False, True, True])
    out = legs.assign(rank=legs.groupby("substance").cumcount() + 1)
    out["label"] = [schema.substance_label(s, lang) for s in out["substance"]]
    out["from_name"] = [place_name(code, lang) for code in out["from_iso3"]]
    out["to_name"] = [place_name(code, lang) for code in out["to_iso3"]]
    position = out["substance"].map({s: i for i, s in enumerate(order)}).fillna(len(order))
    out = out.assign(_order=position).sort_values(["_order", "rank"], kind="stable")
    return out.loc[:, list(ROUTE_COLUMNS)].reset_index(drop=True)


def route_tables(changes: pd.DataFrame, order: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The top legs of each substance in the window, and the emerging legs (capped), both named.

    Top legs come grouped by substance in key-figure order; emerging legs take turns, each
    substance's heaviest first, so that a short list shows the breadth of what is new.
    """
    current = changes.loc[changes["cases"] > 0]
    ranked = _route_rows(current, order, lang)
    top = ranked.loc[ranked["rank"] <= TOP_PER_SUBSTANCE].reset_index(drop=True)
    flagged = ranked.loc[ranked["status"] == "emerging"]
    # Each substance's heaviest emerging leg first, then each one's second…: a short list shows the breadth.
    turn = flagged.groupby("substance").cumcount()
    emerging = flagged.assign(_turn=turn).sort_values("_turn", kind="stable").drop(columns="_turn")
    return top, emerging.head(EMERGING_LIMIT).reset_index(drop=True)


def default_title(substances: list[str], lang: str) -> str:
    """A title naming the substances when they are few."""
    if not substances or len(substances) > TITLE_SUBSTANCES:
        return brief_text.t("title_all", lang)
    names = ", ".join(schema.substance_label(s, lang) for s in substances)
    return brief_text.t("title_some", lang, substances=names)


def _drawn_legs(changes: pd.DataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The page's flows (the dashboard map's :func:`geo.analysis.timeline.strongest_legs`) and each substance's own.

    A counted substance weighs in cases, so beside tonnes of cannabis its legs never reach the
    page's map: its slide draws its own strongest legs instead.
    """
    page = strongest_legs(changes).index
    own = pd.Index([])
    for _, group in changes.groupby("substance"):
        own = own.union(strongest_legs(group, SLIDE_FLOWS).index)
    drawn = routes.leg_geometries(changes.loc[page.union(own)])  # one geometry pass for both
    drawn = drawn.loc[drawn.geometry.notna()]
    return drawn.loc[drawn.index.isin(page)].reset_index(drop=True), drawn.loc[drawn.index.isin(own)].reset_index(
        drop=True)


def _route_changes(records: pd.DataFrame, start: date, end: date, kg_substances: set[str] | None = None,
                   earliest: pd.Timestamp | None = None) -> pd.DataFrame:
    """The window's legs flagged by the published change rule against its baseline windows of the same length.

    Baseline windows that end before the first record (``earliest``, else the first of ``records``) are left
    out of the mean (as on the map), so the start of the records does not read as a rise.
    """
    rule = change_rules.current_rule()
    windows: list[tuple[date, date]] = []
    current = (start, end)
    earliest = records["date"].min() if earliest is None else earliest
    for _ in range(rule.periods):
        current = routes.previous_window(*current)
        if pd.isna(earliest) or pd.Timestamp(current[1]) < earliest:
            break
        windows.append(current)
    baseline = (routes.legs_for_window(records, windows[-1][0], windows[0][1], kg_substances) if windows
                else routes.legs_for_window(records, *routes.previous_window(start, end), kg_substances).iloc[0:0])
    return routes.flag_changes(routes.legs_for_window(records, start, end, kg_substances), baseline, rule,
                               len(windows))


def build_briefing(records: pd.DataFrame, *, lang: str, start: date | None = None, end: date | None = None,
                   filters_text: str = "", title: str | None = None, now: datetime | None = None,
                   granularity: str = "year", countries: Sequence[str] = (),
                   official: pd.DataFrame | None = None, kg_substances: set[str] | None = None,
                   earliest: pd.Timestamp | None = None) -> Briefing:
    """The briefing of ``records`` (already filtered, every date kept) for ``start`` .. ``end`` inclusive.

    Without either, the window is the last complete year (quarter with ``granularity="quarter"``) holding
    records (:func:`default_window`); with ``start`` only it ends where that default ends; with ``end``
    only it is the 12 months up to ``end``. ``now`` (UTC) stamps the generation time, the current time by
    default, and decides which periods are complete. ``countries``: the filter's, the only ones that can be
    silent (without a filter, every country of the region, :data:`geo.analysis.scope.REPORTING_COUNTRIES`).

    ``official`` is the official annual totals the same filter and viewer select
    (:meth:`geo.store.SqlStore.read_totals`): the briefing then says how much of the latest whole year of
    its window they cover (:func:`coverage_text`).

    ``kg_substances`` and ``earliest`` (the substances weighed in kg and the first record's date, over every
    date) let ``records`` hold only the days the briefing reads, from its baseline windows to ``end``
    (:mod:`geo.briefs.windowed`); both are then required, with ``start`` and ``end``.
    """
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"briefing language {lang!r} is not one of {', '.join(i18n.LANGUAGES)}")
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    if start is None and end is None:
        start, end = default_window(records, stamp.date(), granularity)
    end = end or default_window(records, stamp.date(), granularity)[1]
    start = start or year_before(end)
    previous = wording.previous_period(start, end)
    window = trends.between(records, start, end)
    before = trends.between(records, *previous)
    included = trends.between(records, previous[0], end)
    # the map's rule, decided over every date
    kg_substances = routes.weighed_in_kg(records) if kg_substances is None else set(kg_substances)
    figures = key_figures(window, before, kg_substances, lang)
    changes = _route_changes(records, start, end, kg_substances, earliest)
    top, emerging = route_tables(changes, list(figures["substance"]), lang)
    legs, substance_legs = _drawn_legs(changes)
    largest = float(legs["weight"].max()) if len(legs) and legs["weight"].max() > 0 else None
    chart_unit = coarsest(chart_granularity(previous[0], end), included)
    sensitivity = highest_sensitivity(included)
    leading = figures.loc[figures["cases"] > 0]
    headline = wording.headline(leading.iloc[0] if len(leading) else None, emerging, (start, end), previous, lang)
    silent = scope.silent_countries(window, countries or scope.REPORTING_COUNTRIES)
    silence = brief_text.t("silent_countries", lang, when=wording.in_period(start, end, lang),
                           names=", ".join(place_name(code, lang) for code in silent)) if silent else ""
    outside = scope.outside_warning(scope.outside_region(window), lang) or ""
    return Briefing(
        silent=silent, silence_text=silence, outside_text=outside,
        lang=lang, title=title or default_title(list(figures.loc[figures["cases"] > 0, "substance"]), lang),
        period_text=wording.period_name(start, end, lang),
        filters_text=filters_text or brief_text.t("no_filters", lang),
        generated_at=stamp, start=start, end=end, previous=previous,
        key_figures=figures, top_routes=top, emerging=emerging,
        series=trends.series(included, chart_unit) if len(included) else _empty_series(),
        sources=source_list(included, lang), sensitivity=sensitivity, banner=BANNERS.get(sensitivity or ""),
        demo_records=int((window["dataset"] == "demo").sum()), records=window, legs=legs, largest_flow=largest,
        granularity=chart_unit, substance_legs=substance_legs, previous_text=wording.period_name(*previous, lang),
        headline=headline, demo_previous=int((before["dataset"] == "demo").sum()),
        source_counts=dict(source_counts(included, lang)[:MAX_SOURCES]),
        coverage_text=coverage_text(records, official, start, end, lang),
    )


def coverage_text(records: pd.DataFrame, official: pd.DataFrame | None, start: date, end: date, lang: str) -> str:
    """"Shared records cover 38 % of the 2022 official total (…)" for the latest whole year inside the window.

    Only a whole calendar year is compared (an official total is annual: part of a year's records against the
    year's total would understate the share); "" when the window holds no whole year or no official total applies.
    """
    if official is None or official.empty:
        return ""
    years = [year for year in range(start.year, end.year + 1)
             if date(year, 1, 1) >= start and date(year, 12, 31) <= end]
    for year in reversed(years):
        inside = trends.between(records, date(year, 1, 1), date(year, 12, 31))
        share = coverage.overall(coverage.coverage(inside, official[official["year"] == year]), year)
        if share:
            return wording.coverage_sentence(share, lang)
    return ""


def _empty_series() -> pd.DataFrame:
    # trends.series needs at least one dated record to lay out its timeline.
    return pd.DataFrame({column: [] for column in trends.SERIES_COLUMNS})
