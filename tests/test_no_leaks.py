"""Agency B never receives agency A's restricted or confidential records, through any page, file or cache.

Every surface where records leave the app is read as the browser would receive it: the map component's
data, every element of a page (tables, charts, metrics, text), the record detail, and the files behind
each download button (built by calling the button's deferred generator, as a click does). Agency A's
secret records carry markers found nowhere else (ids, notes, a substance no one else has), so a marker
anywhere in what B receives is a leak. Each check first shows the marker reaching A: it could fail.
Runs go A then B and B then A in one process, so a cache keyed without the viewer would serve A's
records to B.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from geo.access import Actor, Viewer, identity
from geo.core.filters import RecordFilter
from tests.support import ROOT_ACTOR
from tests.support import identity as signed_in
from tests.support.apptest import PAGE_FILES, open_app
from ui.keys import AuthKeys, BriefKeys, MapKeys, RecordsKeys

# ``people_db``: agencies A and B, their people and one record of each kind (tests.support.people.agency_records);
# ``deferred``: the files behind the download buttons, by name. Both fixtures are in conftest.py.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("app_py_runs_on_every_run")]

A, B = "analyst@a.example", "analyst@b.example"
# Ids, notes and the substance of A's secret records: in nothing that B may see.
MARKERS = {
    "restricted": ("agency-a:A-RES", "A restricted note", "Captagon"),
    "confidential": ("agency-a:A-CONF", "A confidential note", "Heroin"),
}
# Filters whose options list every substance and country whatever the data (the Trends page's Sankey choice
# lists the substances present in the data, so it is read like everything else).
STATIC_OPTIONS = {MapKeys.SUBSTANCES, MapKeys.COUNTRIES, RecordsKeys.SUBSTANCES, RecordsKeys.COUNTRIES}
URL = {"mode": "cumulative"}  # the map and the trends show every period up to the last one


def sent(node) -> str:
    """Everything an element tree sends to the browser, as text (arrow tables and chart data included)."""
    static = getattr(node, "key", None) in STATIC_OPTIONS
    parts = [str(node.proto)] if getattr(node, "proto", None) is not None and not static else []
    children = getattr(node, "children", {}) or {}
    return "\n".join(parts + [sent(child) for child in children.values()])


def file_text(name: str, content: bytes) -> str:
    if name.endswith(".pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


def received(email: str | None, page: str, deferred: dict) -> str:
    """What ``email`` receives from ``page``: the page itself and every file it offers, built."""
    deferred.clear()
    at = open_app(signed_in(email) if email else None, page, lang="en", query=URL, timeout=240)
    if page == "briefing":  # the whole period, as a one-pager and as the offline map
        at.date_input(key=BriefKeys.FROM).set_value("2015-01-01")
        at.date_input(key=BriefKeys.TO).set_value("2023-12-31").run()
        at.selectbox(key=BriefKeys.FORMAT).set_value("pdf")
        at.button(key=BriefKeys.MAKE).click().run()
        at.selectbox(key=BriefKeys.FORMAT).set_value("html")
        at.button(key=BriefKeys.MAKE).click().run()
    if page == "records":  # each row's detail in turn would be B's own; the export in two formats
        at.selectbox(key=RecordsKeys.EXPORT_FORMAT).set_value("geojson").run()
    assert not at.exception, at.exception
    files = [file_text(name, build()) for name, build in list(deferred.items())]
    return sent(at._tree) + "\n".join(files)


def found(text: str, level: str) -> list[str]:
    return [marker for marker in MARKERS[level] if marker.lower() in text.lower()]


PAGES = ("map", "records", "trends", "briefing")


@pytest.mark.parametrize("page", PAGES)
def test_agency_b_never_receives_a_restricted_or_confidential_record(people_db, deferred, page):
    as_a = received(A, page, deferred)
    assert found(as_a, "restricted") and found(as_a, "confidential"), "A sees its own records"
    as_b = received(B, page, deferred)  # after A, in the same process: the caches are warm
    assert found(as_b, "restricted") == [] and found(as_b, "confidential") == []
    assert "B-RES" in as_b or "Cannabis resin" in as_b  # B's own restricted record does reach B


@pytest.mark.parametrize("page", PAGES)
def test_b_first_then_a_then_b_again(people_db, deferred, page):
    first = received(B, page, deferred)
    assert found(received(A, page, deferred), "confidential")
    again = received(B, page, deferred)
    assert found(first, "restricted") == found(again, "restricted") == []
    assert found(first, "confidential") == found(again, "confidential") == []


@pytest.mark.parametrize("page", PAGES)
def test_a_sharing_agreement_gives_restricted_records_never_confidential_ones(people_db, deferred, page):
    people_db.set_sharing(ROOT_ACTOR, "agency-a", "agency-b")
    as_b = received(B, page, deferred)
    assert found(as_b, "restricted"), "shared: A's restricted records reach B"
    assert found(as_b, "confidential") == []


@pytest.mark.parametrize("page", PAGES)
def test_the_open_demo_receives_no_agency_record(people_db, deferred, page):
    as_demo = received(None, page, deferred)
    assert found(as_demo, "restricted") == [] and found(as_demo, "confidential") == []
    assert "B-RES" not in as_demo


def test_an_unknown_identity_receives_nothing_on_any_page(people_db, deferred):
    at = open_app(signed_in("stranger@c.example"), lang="en")
    texts = [sent(at._tree)]
    for page in PAGES:  # each page's URL, asked for directly
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(PAGE_FILES[page])  # no page of the app is registered
        at._page_hash = calc_hash(page)
        at.run()
        assert at.title[0].value == "Account not registered"
        assert not at.dataframe and not at.metric and not at.get("component_instance") and not deferred
        texts.append(sent(at._tree))
    text = "\n".join(texts)
    assert found(text, "restricted") == found(text, "confidential") == [] and "A-PUB" not in text


def test_a_deactivated_user_is_signed_out_before_anything_is_read(people_db, deferred):
    at = open_app(signed_in(A), "records", lang="en")
    assert found(sent(at._tree), "confidential")
    people_db.save_user(ROOT_ACTOR, A, "agency-a", "analyst", clearance="confidential", active=False)
    at.run()
    assert at.user == {"is_logged_in": False}
    assert found(sent(at._tree), "confidential") == [] and not at.dataframe


@pytest.mark.parametrize(("email", "shown"), [(A, True), (B, False)])
def test_a_map_click_on_another_agencys_record_shows_nothing(people_db, email, shown):
    # The clicked id comes from the browser: B can send A's id without ever having seen it.
    at = open_app(signed_in(email), "map", lang="en")
    component = next(e for e in at.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium")
    at.session_state[component.proto.id.split("-", 2)[2]] = {"last_active_drawing": {
        "type": "Feature", "properties": {"id": "agency-a:A-CONF"},
        "geometry": {"type": "Point", "coordinates": [-8.0, 12.6]}}}
    at.run()
    assert not at.exception, at.exception
    assert bool(found(sent(at._tree), "confidential")) is shown
    assert any(s.value == "Seizure selected on the map" for s in at.subheader) is shown


def test_record_exports_are_what_the_viewer_sees_and_are_audited(people_db, deferred):
    text = received(B, "records", deferred)
    assert set(deferred) == {"couloirs-saisies.csv", "couloirs-saisies.geojson"}  # both formats, built
    assert found(text, "restricted") == [] and "agency-b:B-RES" in text
    events = people_db.audit_log(actions=["export"])
    assert len(events) == 2 and set(events["actor"]) == {B} and set(events["agency"]) == {"agency-b"}
    assert set(events["records"]) == {3}  # A-PUB, B-RES, PUB-1: exactly the table
    assert all('"as": "agency-b/confidential"' in filters for filters in events["filters"])


def test_briefing_downloads_are_audited_as_briefings(people_db, deferred):
    received(B, "briefing", deferred)
    events = people_db.audit_log(actions=["briefing"])
    assert sorted(events["target"].str.rsplit(".", n=1).str[1]) == ["html", "pdf"]
    assert set(events["actor"]) == {B}


def test_the_viewer_is_part_of_every_cache_key(people_db):
    """The cached functions themselves, called with A's then B's filter: each gets its own answer."""
    from ui import common

    a_viewer, b_viewer = people_db.viewer_for("agency-a"), people_db.viewer_for("agency-b")
    location, version = people_db.location, people_db.version()
    for_a = common._query(RecordFilter(viewer=a_viewer), location, version)
    for_b = common._query(RecordFilter(viewer=b_viewer), location, version)
    assert common._query(RecordFilter(viewer=a_viewer), location, version) is for_a  # the cache answered
    assert "agency-a:A-CONF" in set(for_a["record_id"]) and "agency-a:A-CONF" not in set(for_b["record_id"])
    legs_a = common._timeline(RecordFilter(viewer=a_viewer), location, version, "kg", "year", "cumulative", "en")
    legs_b = common._timeline(RecordFilter(viewer=b_viewer), location, version, "kg", "year", "cumulative", "en")
    assert "heroin" in set(legs_a.records["substance"]) and "heroin" not in set(legs_b.records["substance"])


def test_the_kept_totals_map_cache_is_keyed_by_the_viewer(people_db):
    """The Map page's timeline from kept totals (shared across sessions): A's answer never reaches B."""
    from ui import common

    a_viewer, b_viewer = people_db.viewer_for("agency-a"), people_db.viewer_for("agency-b")
    args = (people_db.location, people_db.version(), "kg", "year", "cumulative", "en")
    # max_points 0: these few records drawn as hexagons from kept totals, as a million are
    for_a = common._kept_timeline(RecordFilter(viewer=a_viewer), *args, max_points=0)
    for_b = common._kept_timeline(RecordFilter(viewer=b_viewer), *args, max_points=0)
    assert for_a is not None and for_b is not None and for_a.weights is not None
    assert common._kept_timeline(RecordFilter(viewer=a_viewer), *args, max_points=0) is for_a  # the cache answered
    assert "heroin" in set(for_a.records["substance"]) and "heroin" not in set(for_b.records["substance"])
    demo = common._kept_timeline(RecordFilter(viewer=Viewer.open_demo()), *args, max_points=0)
    assert demo is None or "heroin" not in set(demo.records["substance"])


def test_a_page_cannot_ask_as_someone_else(people_db):
    """Whatever viewer a page puts in its filter, the queries run as the session's."""
    def page_asking_as_administrator() -> None:
        import streamlit as st

        from geo.access import Viewer
        from geo.core.filters import RecordFilter
        from ui import common

        st.write(" ".join(common.query_records(RecordFilter(viewer=Viewer.administrator()))["record_id"]))

    at = AppTest.from_function(page_asking_as_administrator, default_timeout=60)
    b_session = identity.Session(role="analyst", viewer=people_db.viewer_for("agency-b"),
                                 actor=Actor(B, "agency-b", "analyst"))
    at.session_state[AuthKeys.SESSION] = b_session.to_state()
    at.run()
    assert not at.exception, at.exception
    shown = at.markdown[0].value
    assert "agency-b:B-RES" in shown and "agency-a:A-RES" not in shown and "agency-a:A-CONF" not in shown
    assert Viewer.administrator() != b_session.viewer


@pytest.mark.parametrize(("email", "shown"), [(A, True), (B, False)])
def test_a_drawn_area_lists_only_what_the_viewer_may_see(people_db, email, shown):
    at = open_app(signed_in(email), "map", lang="en")
    at.radio(key=MapKeys.MODE).set_value("cumulative").run()  # every period up to the last
    component = next(e for e in at.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium")
    west_africa = {"type": "Polygon", "coordinates": [[[-20, 0], [20, 0], [20, 25], [-20, 25], [-20, 0]]]}
    at.session_state[component.proto.id.split("-", 2)[2]] = {"last_active_drawing": {
        "type": "Feature", "properties": {}, "geometry": west_africa}}
    at.run()
    assert not at.exception, at.exception
    assert any(s.value == "Drawn area" for s in at.subheader)
    listed = set(at.dataframe[-1].value["Record id"])
    assert ({"agency-a:A-RES", "agency-a:A-CONF"} <= listed) is shown
    assert shown or ({"agency-a:A-RES", "agency-a:A-CONF"} & listed == set() and "agency-b:B-RES" in listed)
