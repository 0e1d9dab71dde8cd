"""Note de synthèse / Briefing: the current filters as a one-pager, a deck, an animation or the offline map."""

from functools import partial

import pandas as pd
import streamlit as st

from geo import i18n
from geo.briefs import formats as briefexport
from geo.core.filters import RecordFilter
from pages import _common, _identity
from pages import _map_state as state

KEY = "brief_"
_common.require("briefing")
lang = _common.lang()
t = partial(i18n.t, lang=lang)  # bound now: format functions run after the page too (AppTest)
P = state.PREFIX
state.init_from_url()

st.title(t("page_briefing"))
st.caption(t("briefing_caption"))
with st.container(border=True):
    state.filter_widgets(lang, measure=False)
view = state.current_view()
record_filter = RecordFilter(substances=view.substances, countries=view.countries, conveyances=view.conveyances)
records = _common.query_records(record_filter)
if records.empty:
    st.info(t("no_map_data"))
    st.stop()
default_start, default_end = briefexport.default_window(records, None, None)
c1, c2, c3 = st.columns([2, 2, 4])
start = c1.date_input(t("briefing_from"), value=default_start, key=f"{KEY}from", format="DD/MM/YYYY")
end = c2.date_input(t("briefing_to"), value=default_end, key=f"{KEY}to", format="DD/MM/YYYY")
fmt = c3.selectbox(t("briefing_format"), list(briefexport.BRIEF_FORMATS), key=f"{KEY}format",
                   format_func=lambda f: t(f"format_{f}"))
filters = briefexport.filters_text(view.substances, view.countries, view.conveyances, lang)
st.caption(filters)
common = {"start": start, "end": end, "granularity": view.granularity, "filters": filters}

if st.button(t("briefing_make"), type="primary", key=f"{KEY}make"):
    st.session_state[f"{KEY}ready"] = fmt
if st.session_state.get(f"{KEY}ready") == fmt:
    content = _common.brief_file(record_filter, fmt, lang, progress=t("briefing_working"), **common)
    stamp = pd.Timestamp(end).strftime("%Y%m%d")
    _identity.download_button(t("briefing_download", format=fmt.upper()), lambda: content, action="briefing",
                              file_name=f"couloirs-{stamp}.{fmt}", mime=briefexport.MIME_TYPES[fmt],
                              key=f"{KEY}download", records=len(records), record_filter=record_filter,
                              detail={"format": fmt, "from": str(start), "to": str(end)}, type="primary")

st.subheader(t("briefing_preview"))
with st.spinner(t("briefing_working")):
    st.image(_common.brief_file(record_filter, "png", lang, **common))
