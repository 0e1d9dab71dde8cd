"""Couloirs entry point: page config, language, who is signed in, the pages their role opens. Nothing else.

In the open demo it also starts, once per process, the warm-up of its first map (ui.map_warmup).
"""

from pathlib import Path

import streamlit as st

from geo import i18n
from ui import common, hardening, identity, map_state, map_warmup, navigation, startup
from ui.keys import AppKeys

hardening.install()  # a visitor's "clear cache" clears their own session, not every user's caches
startup.settle()  # the objects imported so far live as long as the process: out of the collector's walks

# A local icon: emoji and Material icons make the browser fetch the favicon from the internet.
st.set_page_config(page_title="Couloirs", page_icon="assets/favicon.png", layout="wide")

if AppKeys.LANG not in st.session_state:
    requested = st.query_params.get("lang")
    st.session_state[AppKeys.LANG] = requested if requested in i18n.LANGUAGES else common.lang()


def _remember_language() -> None:
    st.session_state[AppKeys.LANG] = st.session_state[AppKeys.LANG_WIDGET]


with st.sidebar:
    # The choice lives in its own key, copied by the callback: Streamlit gives the widget a new identity after the
    # first run of a process (a pages/ folder, which still holds the page scripts, starts every process in the
    # legacy multipage mode), and a fixed bilingual label keeps it stable across languages.
    st.radio("Langue / Language", options=list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
             index=list(i18n.LANGUAGES).index(common.lang()), key=AppKeys.LANG_WIDGET,
             on_change=_remember_language, horizontal=True)
st.query_params["lang"] = common.lang()

try:
    map_state.install_map_assets()
except FileNotFoundError as error:  # the message names the fix (npm ci)
    st.error(str(error))
    st.stop()

if not common.store_ready():  # one error page, in both languages; no other page is registered
    st.stop()

# Resolved from the users table on every run (a role change or a deactivation applies at once); without a
# usable identity this shows the sign-in or refusal screen and stops here: no page is even registered.
session = identity.establish()
map_warmup.start(session.viewer, demo=session.demo)  # the open demo's first map, once per process (in a thread)

# Every page a role may open, in menu order (geo.access.PAGES_BY_ROLE); a page left out cannot be reached by URL.
PAGES = {
    "map": lambda: st.Page("pages/map.py", title=common.t("page_map"), icon=":material/map:",
                           url_path=navigation.PATHS["map"]),  # the root switches to it
    "trends": lambda: st.Page("pages/trends.py", title=common.t("page_trends"), icon=":material/monitoring:",
                              url_path=navigation.PATHS["trends"]),
    "records": lambda: st.Page("pages/records.py", title=common.t("page_records"), icon=":material/table_rows:",
                               url_path=navigation.PATHS["records"]),
    "briefing": lambda: st.Page("pages/briefing.py", title=common.t("page_briefing"), icon=":material/summarize:",
                                url_path=navigation.PATHS["briefing"]),
    "import": lambda: st.Page("pages/import_data.py", title=common.t("page_import"), icon=":material/upload_file:",
                              url_path=navigation.PATHS["import"]),
    "admin": lambda: st.Page("pages/admin.py", title=common.t("page_admin"), icon=":material/admin_panel_settings:",
                             url_path=navigation.PATHS["admin"]),
}
ADMIN_PAGE = Path(__file__).resolve().parent / "pages" / "admin.py"  # written separately: listed once it exists
allowed = [page for page in session.pages if page != "admin" or ADMIN_PAGE.exists()]
# Every other address gets the app's own page in the reader's language (closed to the role, or not found), never
# Streamlit's English "Page not found" dialog: ui/navigation.py.
navigation.run(navigation.app_pages(PAGES, allowed, session))
