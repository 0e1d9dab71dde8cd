"""Server-wide guards the app installs once per process.

Streamlit lets any browser send a "clear cache" message, and its server then empties every user's
``st.cache_data`` and ``st.cache_resource``: the store connection and every computed view for every
visibility class, so one anonymous visitor sending it in a loop makes every page of every user recompute
from the store. Couloirs' caches are keyed by the store's version and by what the viewer may see, so they are
never stale and nobody needs to flush them: the message now clears only the sender's own session state.
"""

from __future__ import annotations

from streamlit.runtime.app_session import AppSession

_INSTALLED = "_couloirs_session_only"


def _clear_own_session_only(self: AppSession) -> None:
    """A "clear cache" message: the sender's session state goes, the caches shared by all users stay."""
    self._session_state.clear()


def install() -> None:
    """Replace Streamlit's global cache flush by a per-session one (idempotent)."""
    if getattr(AppSession._handle_clear_cache_request, _INSTALLED, False):
        return
    setattr(_clear_own_session_only, _INSTALLED, True)
    AppSession._handle_clear_cache_request = _clear_own_session_only
