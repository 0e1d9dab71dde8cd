"""Couloirs entry point: page config, language, navigation. Nothing else."""

import streamlit as st

from geo import i18n
from pages import _common

# A local icon: emoji and Material icons make the browser fetch the favicon from the internet.
st.set_page_config(page_title="Couloirs", page_icon="assets/favicon.png", layout="wide")

if _common.LANG_KEY not in st.session_state:
    requested = st.query_params.get("lang")
    st.session_state[_common.LANG_KEY] = requested if requested in i18n.LANGUAGES else _common.lang()


def _remember_language() -> None:
    st.session_state[_common.LANG_KEY] = st.session_state[_common.LANG_WIDGET_KEY]


with st.sidebar:
    # The choice lives in its own key, copied by the callback: Streamlit gives the widget a new identity after the
    # first run of a process (pages/ folder start-up), and a fixed bilingual label keeps it stable across languages.
    st.radio("Langue / Language", options=list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
             index=list(i18n.LANGUAGES).index(_common.lang()), key=_common.LANG_WIDGET_KEY,
             on_change=_remember_language, horizontal=True)
st.query_params["lang"] = _common.lang()

try:
    _common.install_map_assets()
except FileNotFoundError as error:  # the message names the fix (npm ci)
    st.error(str(error))
    st.stop()

pages = [
    st.Page("pages/map.py", title=_common.t("page_map"), icon=":material/map:", url_path="map", default=True),
    st.Page("pages/trends.py", title=_common.t("page_trends"), icon=":material/monitoring:", url_path="trends"),
    st.Page("pages/records.py", title=_common.t("page_records"), icon=":material/table_rows:",
            url_path="records"),
    st.Page("pages/briefing.py", title=_common.t("page_briefing"), icon=":material/summarize:",
            url_path="briefing"),
    # Analysts and admins only once access control lands (issue 7); until then, every user.
    st.Page("pages/import_data.py", title=_common.t("page_import"), icon=":material/upload_file:",
            url_path="import"),
]
st.navigation(pages).run()
