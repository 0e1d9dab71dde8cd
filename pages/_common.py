"""What every page shares: language, the store, cached queries. Streamlit lives here, not in geo/."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo import assets, briefexport, i18n, importer, mapframes, seed, settings, trendview
from geo.filters import RecordFilter
from geo.store import GeoPackageStore, open_store
from geo.viewstate import MapView

LANG_KEY = "app_lang"
LANG_WIDGET_KEY = "app_lang_choice"


def lang() -> str:
    """The interface language chosen in the sidebar ("fr" or "en")."""
    return st.session_state.get(LANG_KEY) or str(settings.get("COULOIRS_LANG"))


def t(key: str, **values: object) -> str:
    """Interface string ``key`` in the current language."""
    return i18n.t(key, lang(), **values)


@st.cache_resource(show_spinner=False)
def _open(location: str, demo: bool, demo_rows: int, demo_seed: int) -> GeoPackageStore:
    store = open_store(location)
    if demo:
        seed.seed_if_empty(store, demo_rows=demo_rows, seed=demo_seed)
    return store


def get_store() -> GeoPackageStore:
    """The store named by the settings, opened once per process; an empty one is seeded unless COULOIRS_DEMO=0."""
    return _open(str(settings.get("COULOIRS_DB")), bool(settings.get("COULOIRS_DEMO")),
                 int(settings.get("COULOIRS_DEMO_ROWS")), int(settings.get("COULOIRS_DEMO_SEED")))


@st.cache_resource(show_spinner=False, max_entries=16)
def _query(record_filter: RecordFilter, location: str, version: str) -> gpd.GeoDataFrame:
    # A shared, read-only frame: cache_data would pickle a fresh copy of a million rows on every run.
    return get_store().query(record_filter)


def query_records(record_filter: RecordFilter) -> gpd.GeoDataFrame:
    """Records for ``record_filter``, read-only (shared between sessions).

    The filter's ``viewer``, the store and its version key the cache.
    """
    store = get_store()
    return _query(record_filter, str(store.path), store.version())


@st.cache_data(show_spinner=False, max_entries=4)
def import_preview(data: bytes, file_name: str) -> importer.Preview:
    """The first rows and suggested mapping of an uploaded file (its bytes key the cache)."""
    return importer.preview(data, file_name)


@st.cache_resource(show_spinner=False)
def install_map_assets() -> None:
    """Copy Leaflet and its plugins to ./static and write the map's reference layers, once per process."""
    static = Path(__file__).resolve().parent.parent / "static"
    assets.install_static(static)
    assets.install_data(static, [(f.name, f.content) for lang in i18n.LANGUAGES for f in mapframes.frame_data(lang)])


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline(record_filter: RecordFilter, location: str, version: str, measure: str, granularity: str, mode: str,
              lang: str) -> mapframes.Timeline:
    # Shared read-only, like the query it is built from: the slider only reads it.
    view = MapView(measure=measure, granularity=granularity, mode=mode)
    return mapframes.prepare_timeline(query_records(record_filter), view, lang)


def timeline(record_filter: RecordFilter, view: MapView, lang: str) -> mapframes.Timeline:
    """The map's periods, fixed scales and leg totals, computed once per filter, view and data version."""
    store = get_store()
    return _timeline(record_filter, str(store.path), store.version(), view.measure, view.granularity, view.mode,
                     lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _trend_figures(record_filter: RecordFilter, location: str, version: str, granularity: str, mode: str,
                   period: str | None, by: str, sankey_substance: str | None, measure: str,
                   lang: str) -> trendview.TrendFigures:
    line = _timeline(record_filter, location, version, measure, granularity, mode, lang)
    return trendview.compute(query_records(record_filter), line.legs, granularity, period, mode, by=by,
                             sankey_substance=sankey_substance, measure=measure)


def trend_figures(record_filter: RecordFilter, view: MapView, lang: str, *, by: str,
                  sankey_substance: str | None) -> trendview.TrendFigures:
    """Every table of the Trends page for the view (cached per filter, view and data version)."""
    store = get_store()
    return _trend_figures(record_filter, str(store.path), store.version(), view.granularity, view.mode,
                          view.period, by, sankey_substance, view.measure, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _brief_file(record_filter: RecordFilter, location: str, version: str, fmt: str, lang: str, start: date | None,
                end: date | None, granularity: str, filters: str, _progress: briefexport.Progress | None) -> bytes:
    # Every date is read: the briefing compares its window with the one before.
    records = query_records(dataclasses.replace(record_filter, date_from=None, date_to=None))
    return briefexport.brief_bytes(records, fmt, lang=lang, start=start, end=end, granularity=granularity,
                                   filters=filters, progress=_progress)


def brief_file(record_filter: RecordFilter, fmt: str, lang: str, *, start: date | None, end: date | None,
               granularity: str, filters: str, progress: briefexport.Progress | None = None) -> bytes:
    """A briefing file, cached per filter, window, format, language and data version."""
    store = get_store()
    return _brief_file(record_filter, str(store.path), store.version(), fmt, lang, start, end, granularity, filters,
                       progress)
