"""The figures of the Trends page: time series, routes over time, change, hotspots and mixes.

Pure functions of canonical records (or of the map's
:class:`~geo.analysis.routes.PeriodLegs`) that return DataFrames; the page and :mod:`geo.trends.charts`
only draw them. The rules the map uses are reused, not restated: the timeline and the
slider position (:func:`geo.analysis.timeline.timeline`, :func:`geo.analysis.routes.window_positions`), the
route legs and their weights (:mod:`geo.analysis.routes`), the emerging/fading rule
(:func:`geo.analysis.routes.flag_changes`) and the totals (:func:`geo.analysis.stats.summarise_by`), so a
figure here equals the map's and ``stats --json``'s for the same filter.

Nothing is dropped silently: a missing country or date is counted under
:data:`geo.analysis.stats.UNKNOWN`; a blank concealment detail is counted in a row of its own; the
records a figure cannot place (no position for a hotspot, fewer than two known countries
for a Sankey link) are counted in the frame's ``attrs``.

Measured once on 100 000 demo records (``geo.demo.generate(100_000, 1)`` through
``coerce_records``; quarters, latest period, window mode; best of three): ``series``
55 ms, ``top_legs`` 45 ms (``routes.period_legs`` before it, 60-100 ms), ``sankey_links``
15 ms, ``leg_changes`` 40 ms, ``country_changes`` 50 ms, ``hotspots`` 45 ms,
``conveyance_mix`` 45 ms, ``concealment_mix`` 50 ms. In cumulative mode, months, where the
window holds every record: ``hotspots`` 0.2 s, ``country_changes`` 0.13 s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import h3
import numpy as np
import pandas as pd

from geo.analysis import change_rules, routes, stats
from geo.analysis.hexagons import hexagon_cells
from geo.analysis.timeline import period_index, timeline
from geo.core import periods
from geo.core.schema import CONVEYANCES

SERIES_COLUMNS = ("period", "start", "key", "kg", "cases", "tablets", "plants")
TOP_LEG_COLUMNS = ("period", "substance", "rank", "from_iso3", "to_iso3", "mode", "kg", "cases", "tablets",
                   "weight", "share", "basis")
LINK_COLUMNS = ("source", "target", "cases", "kg")
COUNTRY_CHANGE_COLUMNS = ("substance", "country", "basis", "kg_now", "kg_before", "cases_now", "cases_before",
                          "weight_now", "weight_before", "change", "change_pct", "band", "status", "rule")
HOTSPOT_COLUMNS = ("cell", "rank", "previous_rank", "kg", "cases", "tablets", "lat", "lon", "top_substance")
MIX_COLUMNS = ("substance", "conveyance", "cases", "kg", "tablets", "plants", "share")
CONCEALMENT_COLUMNS = ("substance", "rank", "detail", "cases", "kg", "share")
SERIES_BY = ("substance", "country")
MODES = ("window", "cumulative")
MEASURES = ("kg", "cases")
STAGES = ("origin", "transit", "seized", "destination")
_LEG_KEYS = ["substance", "from_iso3", "to_iso3"]
_PATH_COLUMNS = ["origin", "transit", "country", "destination"]


# --- the window -----------------------------------------------------------------------
@dataclass(frozen=True)
class Window:
    """The slider position the Trends page shares with the map.

    ``now`` and ``before`` are first and last positions in ``keys``; ``before`` may lie
    (partly) before the timeline, where there are no records.
    """

    keys: tuple[str, ...]  # every period from the first to the last record
    now: tuple[int, int]
    before: tuple[int, int]
    # The change rule's baseline: first and last positions and how many windows it averages (0: none).
    baseline: tuple[int, int, int] = (0, -1, 0)
    rule: change_rules.ChangeRule = field(default_factory=change_rules.ChangeRule)

    @property
    def period(self) -> str:
        """Key of the period the slider stands on (the last one of ``now``)."""
        return self.keys[self.now[1]]

    def bounds(self) -> tuple[date, date]:
        """First and last day of the window."""
        return periods.period_bounds(self.keys[self.now[0]])[0], periods.period_bounds(self.keys[self.now[1]])[1]

    def bounds_of_all(self) -> tuple[date, date]:
        """First day of the timeline and last day of the window: what the emerging hot spots analyse."""
        return periods.period_bounds(self.keys[0])[0], self.bounds()[1]

    def before_bounds(self) -> tuple[date, date] | None:
        """First and last day of the comparison window; ``None`` when it lies entirely before the timeline."""
        first, last = self.before
        if last < 0 or last < first:
            return None
        return _period_start(self.keys, first), periods.period_bounds(self.keys[last])[1]


def _period_start(keys: Sequence[str], position: int) -> date:
    """First day of the period at ``position`` of ``keys``, counting back past the first one if negative."""
    if position >= 0:
        return periods.period_bounds(keys[position])[0]
    first = keys[0]
    freq = "Q" if "-Q" in first else "M" if "-" in first else "Y"
    return (pd.Period(periods.period_bounds(first)[0], freq=freq) + position).start_time.date()


def make_window(records: pd.DataFrame, granularity: str, period: str | None, mode: str,
                rule: change_rules.ChangeRule | None = None) -> Window:
    """The window at ``period`` of the records' timeline (the latest period when it is ``None`` or absent).

    ``mode`` "window" compares the period with the one before; "cumulative" compares
    everything up to it with everything up to the one before (as the map does).

    >>> from geo.core.schema import coerce_records
    >>> frame = coerce_records(pd.DataFrame({"date": ["2021-02-01", "2021-11-30"], "substance": ["cocaine"] * 2}))
    >>> window = make_window(frame, "quarter", "2021-Q3", "window")
    >>> window.keys, window.now, window.before
    (('2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4'), (2, 2), (1, 1))
    >>> window.bounds()
    (datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
    >>> make_window(frame, "quarter", None, "window").before_bounds()
    (datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
    """
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    if granularity not in periods.GRANULARITIES:
        raise ValueError(f"granularity {granularity!r} is not one of {', '.join(periods.GRANULARITIES)}")
    keys = timeline(records, granularity)
    if not keys:
        raise ValueError("no dated records: there is no timeline to place a window on")
    index = period_index(keys, period)
    now, before = routes.window_positions(index, mode)
    rule = rule or change_rules.current_rule()
    return Window(keys, now, before, routes.baseline_positions(index, mode, rule), rule)


def between(records: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The records dated ``start`` to ``end``, both days included."""
    days = records["date"]
    return records.loc[(days >= pd.Timestamp(start)) & (days < pd.Timestamp(end) + pd.Timedelta(days=1))]


def _baseline_records(records: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The records of the change rule's baseline windows (none when it has none)."""
    first, last, windows = window.baseline
    if windows <= 0:
        return records.iloc[0:0]
    return between(records, _period_start(window.keys, first), periods.period_bounds(window.keys[last])[1])


def _before_records(records: pd.DataFrame, window: Window) -> pd.DataFrame:
    bounds = window.before_bounds()
    return between(records, *bounds) if bounds else records.iloc[0:0]


# --- 1. time series -------------------------------------------------------------------
def _period_keys(dates: pd.Series, granularity: str) -> pd.Series:
    """Period key of each date, computed once per distinct date (records share few days)."""
    codes, days = pd.factorize(dates)
    keys = periods.period_keys(pd.Series(days, dtype=dates.dtype), granularity).to_numpy(dtype=object)
    # A missing date has code -1, which picks the appended None.
    return pd.Series(np.append(keys, None)[codes], index=dates.index, dtype=object)


def series(records: pd.DataFrame, granularity: str, by: str = "substance") -> pd.DataFrame:
    """Cases, kg, tablets and plants per period and substance (or country), every period included.

    One row per (period, key) for every period from the first to the last record and every
    key present, zeros where there is no data, so the lines run evenly through empty periods.
    ``start`` is the period's first day. A missing country is the key ``"unknown"``; records
    without a date (which :func:`geo.core.schema.coerce_records` never lets through) fall in the
    period ``"unknown"``, whose start is NaT, placed last. Sorted by key, then start.
    """
    if by not in SERIES_BY:
        raise ValueError(f"series by {by!r}: must be one of {', '.join(SERIES_BY)}")
    period = _period_keys(records["date"], granularity)
    table = stats.summarise_by(records, {"period": period, "key": by})
    all_periods = list(timeline(records, granularity))
    if period.isna().any():
        all_periods.append(stats.UNKNOWN)
    keys = sorted(table.index.get_level_values("key").unique())
    full = pd.MultiIndex.from_product([all_periods, keys], names=["period", "key"])
    out = table.reindex(full, fill_value=0).reset_index()
    starts = {key: pd.Timestamp(periods.period_bounds(key)[0]) for key in all_periods if key != stats.UNKNOWN}
    out["start"] = pd.to_datetime(out["period"].map(starts))
    out = out.sort_values(["key", "start"], na_position="last", kind="stable")
    return out.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)


# --- 2. routes over time --------------------------------------------------------------
def top_legs(legs: routes.PeriodLegs, limit: int = 10) -> pd.DataFrame:
    """The ``limit`` heaviest legs per period and substance (rank 1 = heaviest; ties by from, to).

    Weights, shares and bases are the map's (:func:`geo.analysis.routes.window_legs` for one period):
    kg, or cases for a substance counted rather than weighed. ``period`` is the period key;
    a period without legs has no rows.
    """
    if limit < 1:
        raise ValueError(f"limit {limit}: must be at least 1")
    # The map sums one period the same way; collapsing all periods at once saves a pass per period.
    rows = routes.collapse_legs(legs.totals, ["position", *_LEG_KEYS], set(legs.kg_substances))
    rows = rows.sort_values(["position", "substance", "weight", "from_iso3", "to_iso3"],
                            ascending=[True, True, False, True, True])
    rows["rank"] = rows.groupby(["position", "substance"]).cumcount() + 1
    rows = rows.loc[rows["rank"] <= limit].copy()
    rows["period"] = np.asarray(legs.keys, dtype=object)[rows["position"].to_numpy(dtype=int)]
    return rows.loc[:, list(TOP_LEG_COLUMNS)].reset_index(drop=True)


def sankey_path(origin: object, transit: object, country: object, destination: object) -> tuple[str, ...]:
    """Node ids ``"stage:ISO3"`` of a record's reported path, stages in :data:`STAGES` order.

    Unknown or blank links are left out, never guessed, so a path starts or ends at its
    first or last known country. The same country twice in a row is one place (as in
    :func:`geo.analysis.routes.chain`); when one of the two is the seizure country, the node is
    ``seized``. A transit country reported twice keeps its first place, since coming back
    to it would be a loop.

    >>> sankey_path("BRA", "CPV;GNB", "SEN", "MLI")
    ('origin:BRA', 'transit:CPV', 'transit:GNB', 'seized:SEN', 'destination:MLI')
    >>> sankey_path(None, "unknown;SEN", "SEN", None), sankey_path("SEN", None, "SEN", "MLI")
    (('seized:SEN',), ('seized:SEN', 'destination:MLI'))
    """
    tokens = transit.split(";") if isinstance(transit, str) else []
    steps = [("origin", origin), *(("transit", t) for t in tokens), ("seized", country), ("destination", destination)]
    path: list[list[str]] = []
    transits: set[str] = set()
    for stage, token in steps:
        code = routes.country_code(token)  # the map's rule for a known country code
        if code is None:
            continue
        if path and path[-1][1] == code:
            if stage == "seized":
                path[-1][0] = stage
            continue
        if stage == "transit":
            if code in transits:
                continue
            transits.add(code)
        path.append([stage, code])
    return tuple(f"{stage}:{code}" for stage, code in path)


def sankey_links(records: pd.DataFrame, start: date, end: date, substance: str | None = None) -> pd.DataFrame:
    """Links of the reported paths origin → transit… → seizure country → destination, ``start`` to ``end``.

    Nodes are ``"stage:ISO3"`` (:func:`sankey_path`), so a country seen as transit and as
    seizure country gives two nodes and stage-to-stage links cannot loop. Transit→transit
    links keep the reported order: two records naming the same transit countries in opposite
    orders would make the one loop possible. Each link sums the ``cases`` and ``kg`` of the
    records whose path uses it; sorted by source, then target. ``attrs["unlinked"]`` counts
    the chosen records with fewer than two known countries, which carry no link.
    """
    chosen = between(records, start, end)
    if substance is not None:
        chosen = chosen.loc[chosen["substance"] == substance]
    paths = (chosen.assign(kg=chosen["quantity_kg"].fillna(0.0), cases=stats.case_counts(chosen))
             .groupby(_PATH_COLUMNS, dropna=False, sort=False)
             .agg(cases=("cases", "sum"), kg=("kg", "sum")).reset_index())
    rows, unlinked = [], 0
    for origin, transit, country, destination, cases, kg in paths.itertuples(index=False):
        nodes = sankey_path(origin, transit, country, destination)
        unlinked += cases if len(nodes) < 2 else 0
        rows.extend((source, target, cases, kg) for source, target in zip(nodes, nodes[1:]))
    links = pd.DataFrame(rows, columns=list(LINK_COLUMNS)).astype({"cases": "int64", "kg": "float64"})
    out = links.groupby(["source", "target"], sort=True)[["cases", "kg"]].sum().reset_index()
    out.attrs["unlinked"] = int(unlinked)
    return out


# --- 3. change ------------------------------------------------------------------------
_STATUS_ORDER = {status: i for i, status in enumerate(routes.STATUSES)}


def _by_status(changes: pd.DataFrame, weight: str, previous: str, keys: list[str]) -> pd.DataFrame:
    """Emerging first, then fading, then stable; heaviest first within each (now, then before)."""
    order = changes["status"].map(_STATUS_ORDER)
    ranked = changes.assign(_order=order).sort_values(
        ["_order", weight, previous, *keys], ascending=[True, False, False, *([True] * len(keys))], kind="stable")
    return ranked.drop(columns="_order").reset_index(drop=True)


def leg_changes(legs: routes.PeriodLegs, window: Window) -> pd.DataFrame:
    """Legs flagged emerging, fading or stable, now against before: exactly the map's flags.

    The columns of :func:`geo.analysis.routes.flag_changes`; sorted emerging, fading, stable, then by
    weight now and before.
    """
    if tuple(legs.keys) != tuple(window.keys):
        raise ValueError("legs and window are on different timelines: build both from the same records")
    first, last, windows = window.baseline
    changes = routes.flag_changes(routes.window_legs(legs, *window.now), routes.window_legs(legs, first, last),
                                  window.rule, windows)
    return _by_status(changes, "weight", "previous_weight", _LEG_KEYS)


def _country_rows(records: pd.DataFrame, kg_substances: set[str]) -> pd.DataFrame:
    """Totals per (substance, country) shaped as legs, so :func:`geo.analysis.routes.flag_changes` flags them.

    A country is the "leg" from itself to itself; weight is kg, or cases for a counted substance.
    """
    rows = stats.summarise_by(records, {"substance": "substance", "from_iso3": "country"}).reset_index()
    rows["to_iso3"] = rows["from_iso3"]
    rows["mode"] = "unknown"
    rows["basis"] = np.where(rows["substance"].isin(kg_substances), "kg", "cases")
    rows["weight"] = np.where(rows["basis"] == "kg", rows["kg"], rows["cases"].astype(float))
    total = rows.groupby("substance")["weight"].transform("sum")
    rows["share"] = rows["weight"] / total.where(total > 0)
    return rows


def country_changes(records: pd.DataFrame, window: Window, measure: str = "kg") -> pd.DataFrame:
    """Per (substance, country): totals now and before, their ratio and the map's emerging/fading flag.

    With ``measure`` "kg", a substance weighed on fewer than half of its records (tablets,
    plants) is compared in cases, as on the map (``basis``); with "cases", every substance
    is. ``change`` is ``weight_now / weight_before`` (NaN when before is 0) and ``status``
    follows :func:`geo.analysis.routes.flag_changes` itself, against the rule's baseline (``attrs["rule"]``).
    A missing country is ``"unknown"``.
    Sorted emerging, fading, stable, then by weight now and before.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    # Decided on all records, as routes does, so that both windows weigh a substance alike.
    kg_substances = routes.weighed_in_kg(records) if measure == "kg" else set()
    now = _country_rows(between(records, *window.bounds()), kg_substances)
    before = _country_rows(_baseline_records(records, window), kg_substances)
    windows = window.baseline[2]
    flagged = routes.flag_changes(now, before, window.rule, windows)
    kg_before = before.set_index(["substance", "from_iso3"])["kg"].rename("kg_before")
    out = flagged.join(kg_before, on=["substance", "from_iso3"])
    out["kg_before"] = out["kg_before"].fillna(0.0) / max(windows, 1)
    out = out.rename(columns={"from_iso3": "country", "kg": "kg_now", "cases": "cases_now",
                              "previous_cases": "cases_before", "weight": "weight_now",
                              "previous_weight": "weight_before"})
    out = _by_status(out, "weight_now", "weight_before", ["substance", "country"])
    out = out.loc[:, list(COUNTRY_CHANGE_COLUMNS)]
    out.attrs["rule"] = window.rule  # the rule the change chart states
    return out


# --- 4. hotspots ----------------------------------------------------------------------
def _cell_totals(records: pd.DataFrame, resolution: int) -> pd.DataFrame:
    """Kg, cases, tablets and heaviest substance per H3 cell, ranked by kg, then cases, then cell id."""
    located = records.loc[records["lat"].notna() & records["lon"].notna()]
    data = pd.DataFrame({"cell": hexagon_cells(located["lat"], located["lon"], resolution),
                         "substance": located["substance"], "kg": located["quantity_kg"].fillna(0.0),
                         "tablets": located["count"].where(located["unit"] == "tablets", 0.0).fillna(0.0),
                         "cases": stats.case_counts(located)}, index=located.index)
    cells = data.groupby("cell").agg(kg=("kg", "sum"), cases=("cases", "sum"), tablets=("tablets", "sum"))
    per_substance = data.groupby(["cell", "substance"]).agg(kg=("kg", "sum"), cases=("cases", "sum")).reset_index()
    heaviest = per_substance.sort_values(["cell", "kg", "cases", "substance"], ascending=[True, False, False, True])
    cells["top_substance"] = heaviest.drop_duplicates("cell").set_index("cell")["substance"]
    cells = cells.reset_index().sort_values(["kg", "cases", "cell"], ascending=[False, False, True])
    cells["rank"] = np.arange(1, len(cells) + 1)
    return cells.astype({"cases": "int64", "tablets": "int64"}).reset_index(drop=True)


def hotspots(records: pd.DataFrame, window: Window, resolution: int = 4, limit: int = 15) -> pd.DataFrame:
    """The ``limit`` H3 cells with the most kg (then cases) in the window, and their rank before.

    ``previous_rank`` is the cell's rank among all cells of the comparison window (NaN when
    it had no seizure then); ``lat``/``lon`` are the cell centre; ``top_substance`` is the
    substance with the most kg (then cases) in the cell. Records without a position cannot
    be in a cell: ``attrs["unlocated"]`` counts those of the window.
    """
    if limit < 1:
        raise ValueError(f"limit {limit}: must be at least 1")
    chosen = between(records, *window.bounds())
    now = _cell_totals(chosen, resolution).iloc[:limit].copy()
    before = _cell_totals(_before_records(records, window), resolution).set_index("cell")["rank"]
    now["previous_rank"] = now["cell"].map(before).astype(float)
    centres = [h3.cell_to_latlng(cell) for cell in now["cell"]]
    now["lat"] = [lat for lat, _ in centres]
    now["lon"] = [lon for _, lon in centres]
    out = now.loc[:, list(HOTSPOT_COLUMNS)].astype({"lat": float, "lon": float})
    out.attrs["unlocated"] = int((chosen["lat"].isna() | chosen["lon"].isna()).sum())
    return out


# --- 5. conveyance and concealment ----------------------------------------------------
def conveyance_mix(records: pd.DataFrame) -> pd.DataFrame:
    """Cases, kg, tablets and plants per substance and conveyance, every conveyance listed.

    ``share`` is the part of the substance's cases. A blank or unrecognised conveyance is
    "unknown". Sorted by substance, then conveyance in :data:`geo.core.schema.CONVEYANCES` order.
    """
    conveyance = records["conveyance"].where(records["conveyance"].isin(CONVEYANCES), "unknown")
    table = stats.summarise_by(records, {"substance": "substance", "conveyance": conveyance})
    substances = sorted(table.index.get_level_values("substance").unique())
    full = pd.MultiIndex.from_product([substances, CONVEYANCES], names=["substance", "conveyance"])
    out = table.reindex(full, fill_value=0).reset_index()
    out["share"] = out["cases"] / out.groupby("substance")["cases"].transform("sum")
    return out.loc[:, list(MIX_COLUMNS)]


def _details(values: pd.Series) -> pd.Series:
    """Concealment texts case-folded, trimmed and with single spaces; blanks become ""."""
    codes, uniques = pd.factorize(values)
    folded = pd.Series(uniques, dtype="string").str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()
    # A missing text has code -1, which picks the appended "".
    texts = np.append(folded.fillna("").to_numpy(dtype=object), "")
    return pd.Series(texts[codes], index=values.index, dtype=object)


def concealment_mix(records: pd.DataFrame, limit: int = 8) -> pd.DataFrame:
    """Per substance, the ``limit`` most frequent ``transport_detail`` texts (case-folded, spaces trimmed).

    Records with a blank detail are counted together in one row whose ``detail`` is None
    (the chart calls it "unspecified"); it is ranked like any other text. ``share`` is the
    part of all the substance's cases, so the shares of the rows shown add up to less than 1
    when details lie beyond ``limit``. Sorted by substance, then rank (most cases, then kg,
    then text).
    """
    if limit < 1:
        raise ValueError(f"limit {limit}: must be at least 1")
    table = stats.summarise_by(records, {"substance": "substance", "detail": _details(records["transport_detail"])})
    out = table.reset_index()
    out["share"] = out["cases"] / out.groupby("substance")["cases"].transform("sum")
    out = out.sort_values(["substance", "cases", "kg", "detail"], ascending=[True, False, False, True])
    out["rank"] = out.groupby("substance").cumcount() + 1
    out = out.loc[out["rank"] <= limit].copy()
    out["detail"] = pd.Series(np.where(out["detail"] == "", None, out["detail"]), index=out.index, dtype=object)
    return out.loc[:, list(CONCEALMENT_COLUMNS)].reset_index(drop=True)
