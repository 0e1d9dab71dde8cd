"""Every widget and session-state key, defined once per page: the pages, ui/ and the tests all read them here.

A page's keys share its prefix (a session's state holds every page's). The Map, Trends and Briefing pages
share the map's filter keys (:class:`MapKeys`): switching pages keeps the view.
"""

from __future__ import annotations


class AppKeys:
    """app.py: the interface language."""

    LANG = "app_lang"  # the language in force ("fr" or "en")
    LANG_WIDGET = "app_lang_choice"  # the sidebar's choice, copied to LANG by its callback
    REQUESTED = "app_requested"  # the address a page file was opened at before app.py ran (ui.navigation)


class AuthKeys:
    """Who is signed in (ui.identity, ui.common)."""

    SESSION = "auth_session"  # primitives of the resolved session, written by app.py on every run
    AUDITED = "auth_audited"  # the decision this browser session has already written to the audit trail
    PROVIDER = "auth_provider"
    SIGN_IN = "auth_sign_in"
    SIGN_OUT = "auth_sign_out"
    SIGN_OUT_UNKNOWN = "auth_sign_out_unknown"


class MapKeys:
    """The map's view (ui.map_state; the Map, Trends and Briefing pages)."""

    PREFIX = "map_"
    SUBSTANCES = "map_substances"
    COUNTRIES = "map_countries"
    CONVEYANCES = "map_conveyances"
    MEASURE = "map_measure"
    GRANULARITY = "map_granularity"
    MODE = "map_mode"
    PERIOD = "map_period"  # the time slider
    PRESENTER = "map_presenter"
    PLAYING = "map_playing"
    BACK = "map_back"
    FORWARD = "map_forward"
    MAP = "map_main"  # the folium component
    INITIALISED = "map_initialised"  # the URL has been read once in this session
    WANTED_PERIOD = "map_wanted_period"  # the URL's period, until the slider knows its periods
    LAST_TICK = "map_last_tick"  # when playback last moved the slider


class RecordsKeys:
    """The Records page."""

    PREFIX = "records_"
    SUBSTANCES = "records_substances"
    COUNTRIES = "records_countries"
    PERIOD = "records_period"
    DATASETS = "records_datasets"
    EXPORT_FORMAT = "records_export_format"
    EXPORT = "records_export"
    TABLE = "records_table"
    EDITED = "records_edited"  # the fields the last edit changed, shown once
    DUP_THRESHOLD = "records_dup_threshold"  # the review of probable duplicates (ui/duplicates.py)
    DUP_STATUS = "records_dup_status"
    DUP_PAIR = "records_dup_pair"
    DUP_CONFIRM = "records_dup_confirm"
    DUP_REJECT = "records_dup_reject"
    DUP_DONE = "records_dup_done"  # the last review's outcome, shown once

    @staticmethod
    def edit(record_id: str, field: str) -> str:
        """The edit form of one record (``field``: ``form``, ``sensitivity``, ``reliability``, ``notes``)."""
        return f"records_edit_{record_id}_{field}"


class TrendsKeys:
    """The Trends page (its filters and slider are the map's)."""

    PREFIX = "trends_"
    BY = "trends_by"
    SANKEY = "trends_sankey"

    @staticmethod
    def chart(name: str) -> str:
        """The chart of the figure ``name``."""
        return f"trends_{name}_chart"

    @staticmethod
    def csv(name: str) -> str:
        """The download of the figure ``name``'s data."""
        return f"trends_{name}_csv"


class BriefKeys:
    """The Briefing page (its filters are the map's)."""

    PREFIX = "brief_"
    FROM = "brief_from"
    TO = "brief_to"
    FORMAT = "brief_format"
    MAKE = "brief_make"
    READY = "brief_ready"  # the format made last
    DOWNLOAD = "brief_download"


class ImportKeys:
    """The Import page."""

    PREFIX = "import_"
    FILE = "import_file"
    AGENCY = "import_agency"
    SENSITIVITY = "import_sensitivity"
    RUN = "import_run"
    BATCH = "import_batch"  # this browser session's last import
    AGAIN = "import_again"  # it was a file already imported
    WARNINGS = "import_warnings"
    DUPLICATES = "import_duplicates_split"  # (by key, identical rows) of this session's last import
    GET_CSV = "import_get_csv"
    GET_XLSX = "import_get_xlsx"
    PROFILE_NAME = "import_profile_name"  # save the current mapping under this name
    PROFILE_SAVE = "import_profile_save"
    BATCH_PICK = "import_batch_pick"  # undo: which batch, the confirmation, the button
    BATCH_CONFIRM = "import_batch_confirm"
    BATCH_REMOVE = "import_batch_remove"
    REMOVED = "import_removed"  # the last removal's counts, shown after the rerun

    @staticmethod
    def profile(sha256: str) -> str:
        """The profile loaded for one file (its default: the proposal for the file's headers)."""
        return f"import_profile_{sha256[:16]}"

    @staticmethod
    def mapping(sha256: str) -> str:
        """The mapping editor of one file: a new file starts from its own suggestion."""
        return f"import_mapping_{sha256[:16]}"

    @staticmethod
    def unit(sha256: str) -> str:
        """The default unit of one file."""
        return f"import_unit_{sha256[:16]}"

    CHECK = "import_check"  # the dry run of the settings on the page

    @staticmethod
    def value(sha256: str, field: str, key: str) -> str:
        """The id chosen for one value of a file's field (``key``: the value folded, hashed to a short key)."""
        import hashlib

        return f"import_value_{sha256[:16]}_{field}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"

    @staticmethod
    def constant(sha256: str, field: str) -> str:
        """The value every row of one file gets for ``field``."""
        return f"import_set_{sha256[:16]}_{field}"

    @staticmethod
    def fiscal(sha256: str) -> str:
        """The first month of the fiscal year of one file."""
        return f"import_fiscal_{sha256[:16]}"


class AdminKeys:
    """The Administration page."""

    PREFIX = "admin_"
    AGENCY = "admin_agency_"  # the agency form: AGENCY + a field of geo.access.administration.agency_form
    AGENCY_PICK = "admin_agency_pick"
    AGENCY_FORM = "admin_agency_form"
    AGENCY_ID = "admin_agency_id"
    AGENCY_NAME = "admin_agency_name"
    AGENCY_COUNTRY = "admin_agency_country"
    AGENCY_SAVE = "admin_agency_save"
    USER = "admin_user_"  # the user form: USER + a field of geo.access.administration.user_form
    USER_PICK = "admin_user_pick"
    USER_FORM = "admin_user_form"
    USER_EMAIL = "admin_user_email"
    USER_NAME = "admin_user_name"
    USER_AGENCY = "admin_user_agency"
    USER_ROLE = "admin_user_role"
    USER_CLEARANCE = "admin_user_clearance"
    USER_ACTIVE = "admin_user_active"
    USER_SAVE = "admin_user_save"
    REVOKE_FORM = "admin_revoke_form"
    AGREEMENT = "admin_agreement"
    REVOKE = "admin_revoke"
    GRANT_FORM = "admin_grant_form"
    OWNER = "admin_owner"
    PARTNER = "admin_partner"
    GRANT = "admin_grant"
    ACTIONS = "admin_actions"
    ACTOR = "admin_actor"
    AUDIT_AGENCY = "admin_audit_agency"
    DATES = "admin_dates"
    AUDIT_DOWNLOAD = "admin_audit_download"

    @staticmethod
    def outcome(tab: str) -> str:
        """The outcome of the last change made in ``tab``, shown once."""
        return f"admin_{tab}_outcome"
