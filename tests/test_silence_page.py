"""The Map page in AppTest: the kilograms seized outside the region, and for an analyst the agencies with no record."""

import pytest

from geo.store import Batch, GeoPackageStore
from tests.support import make_records, register_people
from tests.support.apptest import open_app
from tests.support.people import identity

pytestmark = pytest.mark.slow  # every test runs the app in AppTest


@pytest.fixture
def scope_db(tmp_path, monkeypatch) -> GeoPackageStore:
    """Agency A reports in 2021 (with a seizure in Spain, 10 % of the year's kg); agency B only in 2019."""
    db = tmp_path / "scope.gpkg"
    monkeypatch.setenv("COULOIRS_DB", str(db))
    monkeypatch.setenv("COULOIRS_DEMO", "0")
    store = GeoPackageStore(db)
    register_people(store)
    store.write_batch(make_records(
        {"source_ref": "A1", "agency": "agency-a", "sensitivity": "public", "date": "2021-03-01", "quantity": 90},
        {"source_ref": "A2", "agency": "agency-a", "sensitivity": "public", "date": "2021-04-01", "quantity": 10,
         "country": "ESP", "lat": 36.13, "lon": -5.35},
        {"source_ref": "B1", "agency": "agency-b", "sensitivity": "public", "date": "2019-04-01"},
    ), Batch(kind="import", created_by="test"))
    return store


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_an_analyst_sees_the_silent_agencies_and_everyone_the_outside_warning(scope_db):
    analyst = open_app(identity("analyst@a.example"), "map", lang="en", query={"granularity": "year"})
    warnings = texts(analyst.warning)
    assert any(w.startswith("10 % of the kilograms (10 kg) were seized outside the region shown: Spain") for w in
               warnings), warnings
    assert "Agencies with no record for this period: agency-b." in texts(analyst.caption)
    anonymous = open_app(None, "map", lang="fr", query={"granularity": "year"})
    assert not any(c.startswith("Agences sans") for c in texts(anonymous.caption))  # the open demo names no agency
    assert any(w.startswith("10 % des kilogrammes (10 kg) ont été saisis hors de la région affichée : Espagne")
               for w in texts(anonymous.warning))
