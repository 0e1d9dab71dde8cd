"""What tests share: builders of records, registers, people and URLs, and the harnesses that run the app.

Import the builders from here (``from tests.support import make_records``); the harnesses from their
modules: ``tests.support.apptest`` (the app in Streamlit's AppTest), ``tests.support.browser`` (``streamlit
run`` and Chromium), ``tests.support.postgis`` (the test server's databases), ``tests.support.oidc_provider``.
Fixtures stay in the ``conftest.py`` files, which pytest reads; test modules import nothing from them,
nor from one another.
"""

from tests.support.offline import external_loads
from tests.support.people import PEOPLE, ROOT_ACTOR, agency_records, identity, register_people
from tests.support.postgis import APP_PASSWORD, APP_ROLE, url_as
from tests.support.records import empty_records, make_records
from tests.support.registers import FRENCH_ROWS, REGISTER_HEADER, register_csv

__all__ = [
    "APP_PASSWORD",
    "APP_ROLE",
    "FRENCH_ROWS",
    "PEOPLE",
    "REGISTER_HEADER",
    "ROOT_ACTOR",
    "agency_records",
    "empty_records",
    "external_loads",
    "identity",
    "make_records",
    "register_csv",
    "register_people",
    "url_as",
]
