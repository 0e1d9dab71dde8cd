"""Who may see what.

The visibility rule (policy), identities matched to the users table, and the Administration page's tables and
forms (``geo.access.administration``, imported by itself: it needs a store).
"""

from geo.access.policy import (
    EDITOR_ROLES,
    PAGES_BY_ROLE,
    ROLES,
    Actor,
    Viewer,
    may_edit,
    may_open,
    may_remove_batch,
    may_use_profiles,
    pages_for,
    sql_clause,
    visible,
)
from geo.core.viewer import CLEARANCES

__all__ = ["CLEARANCES", "EDITOR_ROLES", "PAGES_BY_ROLE", "ROLES", "Actor", "Viewer", "may_edit", "may_open",
           "may_remove_batch", "may_use_profiles",
           "pages_for", "sql_clause", "visible"]
