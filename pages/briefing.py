"""Note de synthèse / Briefing: the current filters as a one-pager, a deck, an animation or the offline map."""

import pandas as pd
import streamlit as st

from geo.briefs import formats as briefexport
from ui import common, identity
from ui import duplicates as doubles
from ui import map_state as state
from ui.keys import BriefKeys as K

current, lang, t = common.open_page("briefing")
state.init_from_url()

st.title(t("page_briefing"))
st.caption(t("briefing_caption"))
with st.container(border=True):
    state.filter_widgets(lang, measure=False)
view = state.current_view()
record_filter = view.record_filter(current.viewer)
records = common.query_records(record_filter)
doubles.notes(record_filter, lang)  # kg in unreviewed probable duplicates; reports merged
if records.empty:
    st.info(t("no_map_data"))
    st.stop()
default_start, default_end = briefexport.default_window(records, None, None, view.granularity)
c1, c2, c3 = st.columns([2, 2, 4])
start = c1.date_input(t("briefing_from"), value=default_start, key=K.FROM, format="DD/MM/YYYY")
end = c2.date_input(t("briefing_to"), value=default_end, key=K.TO, format="DD/MM/YYYY")
fmt = c3.selectbox(t("briefing_format"), list(briefexport.BRIEF_FORMATS), key=K.FORMAT,
                   format_func=lambda f: t(f"format_{f}"))
st.caption(briefexport.filters_text(view.substances, view.countries, view.conveyances, lang))
window = {"start": start, "end": end, "granularity": view.granularity}

if st.button(t("briefing_make"), type="primary", key=K.MAKE):
    st.session_state[K.READY] = fmt
if st.session_state.get(K.READY) == fmt:
    content = common.brief_file(record_filter, fmt, lang, progress=t("briefing_working"), **window)
    stamp = pd.Timestamp(end).strftime("%Y%m%d")
    identity.download_button(t("briefing_download", format=fmt.upper()), lambda: content, action="briefing",
                             file_name=f"couloirs-{stamp}.{fmt}", mime=briefexport.MIME_TYPES[fmt],
                             key=K.DOWNLOAD, records=len(records), record_filter=record_filter,
                             detail={"format": fmt, "from": str(start), "to": str(end)}, type="primary")

st.subheader(t("briefing_preview"))
with st.spinner(t("briefing_working")):
    st.image(common.brief_file(record_filter, "png", lang, **window))
