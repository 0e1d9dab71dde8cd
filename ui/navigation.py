"""Every address the app answers, each with a page in the reader's language.

Streamlit answers an address that no registered page has with an English "Page not found" dialog and runs the
default page. So app.py registers, besides the pages of the reader's role, a hidden page for every other page
address (``/import`` for a viewer: "L'import n'est pas ouvert à votre rôle"; in the open demo or before sign-in:
"Connectez-vous pour importer"), for the page files' old addresses (``/import_data``), and for the address asked
for when it is no page at all ("Page introuvable"). A hidden page is reachable by its address only: it is not in
the menu, and the closed pages it stands in for still never run.

The map is a page like the others, at ``/map``: Streamlit serves its default page at the root only (a default
page's own pathname answers nothing, and may not be registered twice), so the default page is a hidden root page
that switches to the first open page, keeping the address's query parameters (the map's filters, the language).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

import streamlit as st

from geo.access import identity
from geo.i18n import navigation as nav_text
from ui import common
from ui.keys import AppKeys

# Each page's address (app.py builds its st.Page with it).
PATHS: dict[str, str] = {"map": "map", "trends": "trends", "records": "records", "briefing": "briefing",
                         "import": "import", "admin": "admin"}
# Addresses the pages had as files (pages/<name>.py) in Streamlit's multipage mode: old links and bookmarks.
ALIASES: dict[str, str] = {"import_data": "import"}
_ADDRESS = re.compile(r"[A-Za-z0-9_.~-]{1,100}")  # what st.Page accepts as url_path (no "/")


def _hidden(screen: Callable[[], None], title: str, path: str) -> st.Page:
    return st.Page(screen, title=title, url_path=path, visibility="hidden")


def _closed(page: str, current: identity.Session, home: st.Page | None) -> None:
    lang = common.lang()
    if current.demo:
        st.title(nav_text.sign_in_for(page, lang))
        st.info(nav_text.t("sign_in_demo", lang), icon=":material/lock:")
    else:
        st.title(nav_text.closed_to_role(page, lang))
        st.info(nav_text.t("role_closed", lang, role=common.t(f"role_{current.role}")), icon=":material/lock:")
    if home is not None:
        st.page_link(home, label=nav_text.t("back_to_map", lang), icon=":material/map:")


def _not_found(path: str, home: st.Page | None) -> None:
    lang = common.lang()
    st.title(nav_text.t("not_found_title", lang))
    st.write(nav_text.t("not_found_text", lang, path=path))
    if home is not None:
        st.page_link(home, label=nav_text.t("back_to_map", lang), icon=":material/map:")


def _to_first(target: st.Page) -> None:
    # switch_page clears the query parameters unless given them: the map's filters and the language live there.
    st.switch_page(target, query_params={key: st.query_params.get_all(key) for key in st.query_params})


def _root(target: st.Page | None) -> st.Page:
    """The default page, at the root: switches to ``target`` (the map, or the role's first page)."""
    # An empty url_path (allowed for the default page only) keeps the root's page hash clear of every address.
    return st.Page(partial(_to_first, target) if target is not None else _nothing, title="Couloirs", url_path="",
                   default=True, visibility="hidden")


def _nothing() -> None:
    """A role with no page at all (none today) sees an empty root rather than a crash."""


def _unknown(path: str) -> bool:
    return bool(path) and path not in PATHS.values() and path not in ALIASES and bool(_ADDRESS.fullmatch(path))


def app_pages(builders: Mapping[str, Callable[[], st.Page]], allowed: list[str],
              current: identity.Session) -> list[st.Page]:
    """The pages ``allowed`` (built by ``builders``, in that order), then hidden pages for every other address."""
    pages = {page: builders[page]() for page in allowed}
    home = pages.get("map")
    lang = common.lang()
    extra = []
    for page, path in PATHS.items():
        if page not in pages:
            extra.append(_hidden(partial(_closed, page, current, home), common.t(f"page_{page}"), path))
    for alias, page in ALIASES.items():
        target = pages.get(page)
        # An old address of an open page goes to it; of a closed one, to the same screen as its new address.
        screen = partial(st.switch_page, target) if target else partial(_closed, page, current, home)
        extra.append(_hidden(screen, common.t(f"page_{page}"), alias))
    path = common.requested_path()
    if _unknown(path):
        extra.append(_hidden(partial(_not_found, path, home), nav_text.t("not_found_title", lang), path))
    root = _root(home or next(iter(pages.values()), None))
    return [root, *pages.values(), *extra]


def signed_out_pages(screen: Callable[[], None]) -> list[st.Page]:
    """Before sign-in: ``screen`` (the sign-in screen) at every address, headed by what the address would open."""
    lang = common.lang()

    def headed(title: str) -> None:
        st.subheader(title)
        screen()

    pages = [st.Page(screen, title="Couloirs", default=True)]
    for path, page in [*((path, page) for page, path in PATHS.items()), *ALIASES.items()]:
        pages.append(_hidden(partial(headed, nav_text.sign_in_for(page, lang)), "Couloirs", path))
    path = common.requested_path()
    if _unknown(path):
        pages.append(_hidden(partial(headed, nav_text.t("not_found_title", lang)), "Couloirs", path))
    return pages


def run(pages: list[st.Page], position: str = "sidebar") -> None:
    """Register ``pages`` and run the one the address asks for.

    A page file opened at its own address before app.py ever ran (Streamlit's multipage mode, see
    :func:`ui.common.session`) was sent to app.py with the address it was asked for: answer that address now.
    """
    navigation = st.navigation(pages, position=position)
    asked = st.session_state.pop(AppKeys.REQUESTED, "")
    target = next((page for page in pages if asked and page.url_path == asked), None)
    if target is not None:
        st.switch_page(target)
    navigation.run()
