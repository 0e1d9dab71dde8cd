"""What every page shares: language, the store, who is signed in, cached queries. Streamlit lives here, not in geo/.

Every page starts with ``open_page(page_id)``. ``query_records``, ``timeline``, ``trend_figures``, ``brief_file``
and ``record`` always compute for the session's viewer, whatever viewer a filter carries. The ``viewer_*`` functions
compute for the viewer the filter holds: they serve the server's warm-up (``ui.map_warmup``), never a page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import NamedTuple
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import i18n
from geo.access import identity
from geo.analysis import selection
from geo.analysis.count_once import Counted, counted_records
from geo.analysis.duplicate_runs import count_once
from geo.analysis.duplicates import DEFAULT_THRESHOLD
from geo.core import settings
from geo.core.filters import RecordFilter
from geo.core.view import View
from geo.maps import kept_base
from geo.maps import timeline as mapframes
from geo.maps.kept_timeline import kept_timeline
from geo.maps.seizures import MAX_POINTS
from geo.store import open_store
from geo.store.base import SqlStore
from geo.trends import view as trendview
from ui.keys import AppKeys, AuthKeys


def lang() -> str:
    """The interface language chosen in the sidebar ("fr" or "en")."""
    return st.session_state.get(AppKeys.LANG) or str(settings.get("COULOIRS_LANG"))


def t(key: str, **values: object) -> str:
    """Interface string ``key`` in the current language."""
    return i18n.t(key, lang(), **values)


def requested_path() -> str:
    """The page address the browser asks for (``"import"`` for ``https://host/base/import``), ``""`` for the root."""
    path = urlsplit(st.context.url or "").path.strip("/")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(f"{base}/")):
        path = path[len(base):].strip("/")
    return path


def session() -> identity.Session:
    """Who uses the app in this run, resolved from the users table by app.py before any page runs.

    ``.viewer`` (what may be seen), ``.actor`` (who acts: audit trail), ``.role``, ``.name``, ``.email``, ``.agency``,
    ``.user`` (those as a dict; ``None`` in the demo), ``.may_open(page)``, ``.may_edit(record)``.
    """
    # Still needed while the page scripts live in pages/: that folder alone makes Streamlit start each server
    # process in its legacy multipage mode, where a page file's own URL runs that file without app.py.
    if AuthKeys.SESSION not in st.session_state:
        # The address asked for is kept so app.py can answer it (ui.navigation) once its checks have run.
        st.session_state[AppKeys.REQUESTED] = requested_path()
        st.switch_page("app.py")  # through app.py and its checks; raises (fails closed) where app.py is no page
    return identity.Session.from_state(st.session_state[AuthKeys.SESSION])


def require(page: str) -> identity.Session:
    """The session, once its role is checked for ``page`` (else an error, and the page stops); the demo's banner."""
    current = session()
    if not current.may_open(page):
        st.error(t("not_allowed"))
        st.stop()
    if current.demo:  # on every page, above its title
        st.info(t("open_demo_banner"), icon=":material/science:")
    return current


class Page(NamedTuple):
    """What a page opens with: ``current, lang, t = open_page("records")``."""

    session: identity.Session
    lang: str
    t: Callable[..., str]  # interface strings in ``lang``


def open_page(page: str, translate: Callable[..., str] = i18n.t) -> Page:
    """Open ``page``: the role checked (else an error, and the page stops), the demo's banner, the language.

    ``t`` is ``translate`` bound to the language now: format functions run after the page too (AppTest).
    """
    current = require(page)
    chosen = lang()
    return Page(current, chosen, partial(translate, lang=chosen))


def scoped(record_filter: RecordFilter) -> RecordFilter:
    """``record_filter`` computed for the session's viewer (a page cannot forget, nor ask as someone else)."""
    return dataclasses.replace(record_filter, viewer=session().viewer)


@st.cache_resource(show_spinner=False)
def _open(location: str, demo: bool, demo_rows: int, demo_seed: int) -> SqlStore:
    store = open_store(location)
    if demo:
        from geo.store import seed  # the demo generator (0.2 s of import): only where a store may need seeding

        seed.seed_if_empty(store, demo_rows=demo_rows, seed=demo_seed)
    return store


def store_ready() -> bool:
    """Open the store; when it cannot be opened, show one error page in both languages and register no other.

    Registering that single page also keeps Streamlit from listing every file of ``pages/`` in the sidebar.
    """
    try:
        get_store()
        return True
    except Exception as error:  # noqa: BLE001 - any failure to open leaves the app with nothing to show
        from geo.store.postgis import redact  # psycopg (0.2 s of import) only when a message may hold a URL

        reason = redact(str(error))
        st.navigation([st.Page(partial(_store_unavailable, reason), title="Couloirs", default=True)],
                      position="hidden").run()
        return False


def _store_unavailable(reason: str) -> None:
    for language in i18n.LANGUAGES:  # the language choice may not even be known yet: both, French first
        st.error(f"**{i18n.t('store_unavailable_title', lang=language)}**\n\n"
                 f"{i18n.t('store_unavailable_body', lang=language)}")
    st.code(reason, language=None)


def get_store() -> SqlStore:
    """The store named by the settings, opened once per process; an empty one is seeded unless COULOIRS_DEMO=0."""
    return _open(str(settings.get("COULOIRS_DB")), bool(settings.get("COULOIRS_DEMO")),
                 int(settings.get("COULOIRS_DEMO_ROWS")), int(settings.get("COULOIRS_DEMO_SEED")))


@st.cache_resource(show_spinner=False, max_entries=16)
def _reports(record_filter: RecordFilter, location: str, version: str) -> gpd.GeoDataFrame:
    # A shared, read-only frame: cache_data would pickle a fresh copy of a million rows on every run.
    # Streamlit hashes the frozen filter field by field, its viewer (agency, clearance, partners) included.
    return get_store().query(record_filter)


@st.cache_resource(show_spinner=False, max_entries=16)
def _counted(record_filter: RecordFilter, location: str, version: str) -> Counted:
    # Per viewer: the pairs read are those whose two records this viewer may see (geo.analysis.count_once).
    return count_once(get_store(), record_filter.viewer, _reports(record_filter, location, version))


def _query(record_filter: RecordFilter, location: str, version: str) -> gpd.GeoDataFrame:
    """The records every total counts: a confirmed cluster of cross-agency reports once (its reference record)."""
    return _counted(record_filter, location, version).records


def query_records(record_filter: RecordFilter) -> gpd.GeoDataFrame:
    """Records for ``record_filter`` as the session may see them and totals count them (read-only, shared)."""
    return _query(scoped(record_filter), get_store().location, get_store().version())


@st.cache_data(show_spinner=False, max_entries=16)
def _official(record_filter: RecordFilter, location: str, version: str) -> pd.DataFrame:
    return get_store().read_totals(record_filter.viewer, record_filter)


def official_totals(record_filter: RecordFilter) -> pd.DataFrame:
    """The official annual totals ``record_filter`` selects as the session may see them (issue 15; cached)."""
    return viewer_official_totals(scoped(record_filter))


def viewer_official_totals(record_filter: RecordFilter) -> pd.DataFrame:
    """:func:`official_totals` for the viewer ``record_filter`` holds (no session: the server's warm-up)."""
    return _official(record_filter, get_store().location, get_store().version())


def query_reports(record_filter: RecordFilter) -> gpd.GeoDataFrame:
    """Every report for ``record_filter`` the session may see, merged duplicates included (the Records table)."""
    return _reports(scoped(record_filter), get_store().location, get_store().version())


def duplicates_count(record_filter: RecordFilter) -> Counted:
    """How many reports the totals of ``record_filter`` merged, and the kg in unreviewed probable duplicates."""
    return _counted(scoped(record_filter), get_store().location, get_store().version())


def record(record_id: str) -> dict | None:
    """One record by id if the session may see it (a map click's id comes from the browser: never trusted)."""
    return get_store().record(str(record_id), session().viewer)


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline(record_filter: RecordFilter, location: str, version: str, measure: str, granularity: str, mode: str,
              lang: str) -> mapframes.Timeline:
    # Shared read-only, like the query it is built from: the slider only reads it.
    view = View(measure=measure, granularity=granularity, mode=mode)
    return mapframes.prepare_timeline(_query(record_filter, location, version), view, lang)


def timeline(record_filter: RecordFilter, view: View, lang: str) -> mapframes.Timeline:
    """The map's periods, fixed scales and leg totals, computed once per filter, view and data version."""
    store = get_store()
    return _timeline(scoped(record_filter), store.location, store.version(), view.measure, view.granularity,
                     view.mode, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _kept_base(everything: RecordFilter, location: str, version: str, yearly: bool) -> kept_base.KeptBase | None:
    # One per visibility class: ``everything`` holds the viewer alone (agency, clearance, partners), so the
    # sessions of one class share it and a viewer who may see less never gets it (geo.maps.kept_base).
    return kept_base.read_base(get_store(), everything.viewer, yearly=yearly)


@st.cache_resource(show_spinner=False, max_entries=16)
def _kept_timeline(record_filter: RecordFilter, location: str, version: str, measure: str, granularity: str,
                   mode: str, lang: str, max_points: int = MAX_POINTS) -> mapframes.Timeline | None:
    # Shared read-only like _timeline, keyed the same way: the frozen filter holds the viewer (agency, clearance,
    # partners), so sessions of one visibility class share it and a viewer who may see less never gets it.
    view = View(measure=measure, granularity=granularity, mode=mode)
    # A filter is cut from its class's kept totals in memory (one read per class and data version), where they
    # answer it; else the store is asked (dates inside the filter, a confirmed pair in view).
    base = _kept_base(kept_base.viewer_only(record_filter), location, version, granularity == "year")
    if base is not None and kept_base.answers(base, record_filter, view):
        return kept_base.base_timeline(base, record_filter, view, lang, max_points=max_points)
    return kept_timeline(get_store(), record_filter, view, lang, max_points=max_points)


def map_timeline(record_filter: RecordFilter, view: View, lang: str) -> mapframes.Timeline | None:
    """The Map page's timeline from kept totals (:mod:`geo.maps.kept_timeline`), ``None`` where not exact."""
    return viewer_map_timeline(scoped(record_filter), view, lang)


def viewer_map_timeline(record_filter: RecordFilter, view: View, lang: str) -> mapframes.Timeline | None:
    """:func:`map_timeline` for the viewer ``record_filter`` holds (no session: the server's warm-up)."""
    store = get_store()
    return _kept_timeline(record_filter, store.location, store.version(), view.measure, view.granularity,
                          view.mode, lang)


@st.cache_resource(show_spinner=False, max_entries=16)
def _pair_notes(record_filter: RecordFilter, location: str, version: str) -> Counted:
    # The duplicates' notes without every record: only the records of the viewer's pairs are read.
    store = get_store()
    statuses = ("probable", "confirmed")
    if not store.has_duplicate_pairs(statuses):  # no pair at all: nothing to say, without a pass over the records
        return Counted(store.records_by_id(record_filter, []), 0, 0, 0.0)
    pairs = store.duplicate_pairs(record_filter.viewer, statuses=statuses)
    ids = sorted(set(pairs["a"]) | set(pairs["b"])) if len(pairs) else []
    records = store.records_by_id(record_filter, ids)
    counted = counted_records(records, pairs, min_probability=DEFAULT_THRESHOLD)
    return Counted(records.iloc[:0], counted.merged_reports, counted.unreviewed_reports, counted.unreviewed_kg)


def pair_notes(record_filter: RecordFilter) -> Counted:
    """What :func:`duplicates_count` says of duplicates (its ``records`` left empty), reading only paired records."""
    return _pair_notes(scoped(record_filter), get_store().location, get_store().version())


def records_in_area(record_filter: RecordFilter, start: date, end: date,
                    box: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The session's records for ``record_filter`` dated ``start``..``end`` inside ``box`` (west, south, east, north).

    For a drawn area on a map drawn from kept totals: a bounded read (geo.store.area), never cached.
    """
    return get_store().records_in_box(scoped(record_filter), start, end, box)


@st.cache_data(show_spinner=False, max_entries=32)
def _trend_figures(record_filter: RecordFilter, location: str, version: str, granularity: str, mode: str,
                   period: str | None, by: str, sankey_substance: str | None, measure: str,
                   lang: str) -> trendview.TrendFigures:
    line = _timeline(record_filter, location, version, measure, granularity, mode, lang)
    return trendview.compute(_query(record_filter, location, version), line.legs, granularity, period, mode, by=by,
                             sankey_substance=sankey_substance, measure=measure)


def trend_figures(record_filter: RecordFilter, view: View, lang: str, *, by: str,
                  sankey_substance: str | None) -> trendview.TrendFigures:
    """Every table of the Trends page for the view (cached per filter, view and data version)."""
    store = get_store()
    return _trend_figures(scoped(record_filter), store.location, store.version(), view.granularity, view.mode,
                          view.period, by, sankey_substance, view.measure, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _brief_file(record_filter: RecordFilter, location: str, version: str, fmt: str, lang: str, start: date | None,
                end: date | None, granularity: str, progress: str) -> bytes:
    # The bar is made in here: a cache hit replays it in the run that asks, where a bar passed in from an earlier
    # run would no longer exist. The records come from the shared query cache (every date: see make_brief).
    from geo.briefs import formats as briefexport  # matplotlib and the PDF writers: 0.6 s of import, this page only

    bar = st.progress(0.0, text=progress)
    brief = briefexport.make_brief(partial(_query, location=location, version=version), record_filter, fmt,
                                   lang=lang, start=start, end=end, granularity=granularity,
                                   progress=lambda done: bar.progress(min(done, 1.0)),
                                   official=get_store().read_totals(record_filter.viewer, dataclasses.replace(
                                       record_filter, date_from=None, date_to=None)))
    bar.empty()
    return brief.content


def brief_file(record_filter: RecordFilter, fmt: str, lang: str, *, start: date | None, end: date | None,
               granularity: str, progress: str = "") -> bytes:
    """A briefing file, cached per filter, window, format, language and data version (``progress``: the bar's text).

    It states the filter's substances, countries and conveyances (``geo.briefs.formats.filters_text``).
    """
    store = get_store()
    return _brief_file(scoped(record_filter), store.location, store.version(), fmt, lang, start, end, granularity,
                       progress)


def area_records(record_filter: RecordFilter, line: mapframes.Timeline, layers: mapframes.PeriodLayers,
                 geometry: dict) -> pd.DataFrame:
    """The records of the shown period a drawn area may hold: a bounded read when the layers are kept totals."""
    if line.weights is None:
        return layers.records
    return records_in_area(record_filter, layers.start, layers.end, selection.bounding_box(geometry))
