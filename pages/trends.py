"""Tendances / Trends: each substance's volumes and routes over time, with the map's filters (shared by the URL)."""

import pandas as pd
import streamlit as st

from geo import i18n, trends
from geo.analysis import coverage, scope
from geo.core import periods, schema
from geo.i18n import trends as trend_text
from geo.i18n.changes import hotspot_method
from geo.records import exports
from geo.trends import charts, coverage_chart
from geo.trends import view as trendview
from ui import common, identity
from ui import duplicates as doubles
from ui import map_state as state
from ui.keys import MapKeys, TrendsKeys

current, lang, t = common.open_page("trends")
url_problems = state.init_from_url()

st.title(t("page_trends"))
st.caption(t("trends_caption"))
if url_problems:
    st.warning(t("url_warning", items="; ".join(url_problems)))

with st.container(border=True):
    state.filter_widgets(lang).page_link("pages/map.py", label=t("open_map"), icon=":material/map:")

view = state.current_view()
records_filter = view.record_filter(current.viewer)
records = common.query_records(records_filter)
doubles.notes(records_filter, lang)  # kg in unreviewed probable duplicates; reports merged
if records.empty:
    state.sync_url(view)
    st.info(t("no_map_data"))
    st.stop()
keys = common.timeline(records_filter, view, lang).keys
state.period_choice(keys, len(keys) - 1)
st.select_slider(t("period_shown"), options=list(keys), key=MapKeys.PERIOD,
                 format_func=lambda k: periods.period_label(k, lang))
view = view.with_period(st.session_state[MapKeys.PERIOD])
state.sync_url(view)

c1, c2 = st.columns(2)
by = c1.radio(t("trends_by"), ["substance", "country"], key=TrendsKeys.BY, horizontal=True,
              format_func=lambda b: t(f"trends_by_{b}"))
present = sorted(set(records["substance"]), key=lambda s: schema.substance_label(s, lang))
sankey_substance = c2.selectbox(t("trends_sankey_substance"), [None, *present], key=TrendsKeys.SANKEY,
                                format_func=lambda s: t("trends_all_substances") if s is None
                                else schema.substance_label(s, lang))
figures = common.trend_figures(records_filter, view, lang, by=by, sankey_substance=sankey_substance)
context = charts.ChartContext(lang, trendview.period_text(figures.window, view.mode, lang), figures.demo_records)
st.caption(t("trends_window", records=i18n.format_number(figures.window_cases, lang)))  # seizures, not rows
outside = scope.outside_warning(scope.outside_region(trends.between(records, *figures.window.bounds())), lang)
if outside:  # ≥ 5 % of the window's kg seized outside the map's region: a total read off the map would be short
    st.warning(outside)


def show(figure: object, data, name: str) -> None:
    """A chart or table, its caption (period, synthetic-data warning) and its data as a formula-safe CSV."""
    if isinstance(figure, pd.DataFrame):
        st.dataframe(figure, hide_index=True)
    elif hasattr(figure, "to_plotly_json"):
        st.plotly_chart(figure, key=TrendsKeys.chart(name))
    else:
        st.altair_chart(figure, key=TrendsKeys.chart(name))
    st.caption(charts.caption(context))
    identity.download_button(t("trends_download"), lambda: exports.table_bytes(charts.data_for_download(data), "csv"),
                             action="export", file_name=f"couloirs-{name}-{figures.window.period}.csv",
                             mime="text/csv", key=TrendsKeys.csv(name), records=figures.window_records,
                             record_filter=records_filter, detail={"table": name, "period": figures.window.period})


volumes, routes_tab, change, hotspots, emerging, mix, coverage_tab = st.tabs(
    [*(t(f"trends_{s}") for s in trendview.SECTIONS), t("trends_coverage")])
with volumes:
    show(charts.series_chart(figures.series, context, view.measure, figures.window_range, by), figures.series,
         "series")
with routes_tab:
    show(charts.top_legs_chart(figures.top_legs, context, figures.window.period), figures.top_legs, "top_legs")
    show(charts.sankey_figure(figures.sankey, context, sankey_substance), figures.sankey, "sankey")
with change:
    show(charts.change_chart(figures.country_changes, context, view.measure), figures.country_changes,
         "country_change")
    st.markdown(f"**{t('trends_legs_table')}**")
    show(charts.leg_change_table(figures.leg_changes, context), figures.leg_changes, "leg_change")
with hotspots:
    st.markdown(f"**{t('trends_hotspots_title')}**")
    show(charts.hotspot_table(figures.hotspots, context), figures.hotspots, "hotspots")
with emerging:
    st.markdown(f"**{t('trends_emerging')}**")
    st.caption(hotspot_method(lang))
    show(charts.emerging_hotspot_table(figures.emerging_hotspots, context), figures.emerging_hotspots, "emerging")
with mix:
    show(charts.mix_chart(figures.conveyance_mix, context), figures.conveyance_mix, "conveyance")
    show(charts.concealment_chart(figures.concealment_mix, context), figures.concealment_mix, "concealment")
with coverage_tab:  # official annual totals beside the shared seizures (issue 15)
    covered = coverage_chart.coverage_series(coverage.coverage(records, common.official_totals(records_filter)), by,
                                             lang)
    if covered["official_kg"].notna().any():
        show(coverage_chart.coverage_chart(covered, context, by), covered, "coverage")
    else:
        st.info(trend_text.t("coverage_none", lang))
