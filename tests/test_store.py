"""The store interface on both backends (the ``store`` fixture), and what only the GeoPackage file has."""

import sqlite3
import subprocess
import sys
import threading
from datetime import date

import pandas as pd
import pyogrio
import pytest

from geo.access import Viewer
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.store import Batch, GeoPackageStore
from tests.support import make_records

BATCH = Batch(kind="import", created_by="analyst@sen", file_name="registre.xlsx", agency="sen-ocrtis")


def reopen_argument(store) -> str:
    """What opens the same store again: the file's path, or the server URL with its password."""
    return getattr(store, "url", None) or str(store.path)


@pytest.mark.slow
def test_round_trip_keeps_values_and_text_verbatim(store):
    notes = "<img src=x onerror=alert(1)> « saisie » à Kédougou"
    written = make_records(
        {"source_ref": "PV-1", "notes": notes, "quantity": 1.5, "unit": "t", "transit": "MLI;BFA"},
        {"source_ref": "PV-2", "substance": "tramadol", "quantity": 12000, "unit": "tablets", "lat": None,
         "lon": None, "date": "2019-07-01", "date_precision": "month"},
    )
    result = store.write_batch(written, BATCH)
    assert (result.rows, result.accepted, result.duplicates, result.quarantined) == (2, 2, 0, 0)
    back = store.query().set_index("source_ref")
    assert back.loc["PV-1", "notes"] == notes
    assert back.loc["PV-1", "quantity_kg"] == 1500.0
    assert back.loc["PV-1", "transit"] == "MLI;BFA"
    assert back.loc["PV-1", "geometry"].x == pytest.approx(-17.44)
    assert back.loc["PV-2", "count"] == 12000 and pd.isna(back.loc["PV-2", "quantity_kg"])
    assert back.loc["PV-2", "geometry"] is None
    assert back.loc["PV-2", "date"] == pd.Timestamp("2019-07-01")
    assert back.loc["PV-2", "date_precision"] == "month"
    assert back.loc["PV-1", "batch_id"] == result.batch_id
    assert back.loc["PV-1", "created_by"] == "analyst@sen"
    assert back.crs.to_epsg() == 4326


@pytest.mark.slow
def test_file_is_a_geopackage_that_gdal_reads(gpkg_store):
    store = gpkg_store
    store.write_batch(make_records({"source_ref": "A"}, {"source_ref": "B", "lat": 13.5, "lon": 2.1}), BATCH)
    layers = dict(pyogrio.list_layers(store.path))
    assert layers["records"] == "Point"
    assert {"import_batches", "quarantine"} <= set(layers)
    info = pyogrio.read_info(store.path, layer="records")
    assert info["crs"] == "EPSG:4326" and info["features"] == 2
    frame = pyogrio.read_dataframe(store.path, layer="records")
    assert sorted(round(p.y, 2) for p in frame.geometry) == [13.5, 14.69]
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        extent = connection.execute("SELECT min_x, max_y FROM gpkg_contents WHERE table_name='records'").fetchone()
    assert extent == (pytest.approx(-17.44), pytest.approx(14.69))


@pytest.mark.slow
def test_schema_creation_is_idempotent(store):
    store.write_batch(make_records({"source_ref": "A"}), BATCH)
    again = type(store)(reopen_argument(store))
    again.ensure_schema()
    assert again.count() == 1
    assert again.query()["source_ref"].tolist() == ["A"]


@pytest.mark.slow
def test_duplicates_of_stored_records_and_within_a_batch(store):
    store.write_batch(make_records({"source_ref": "A"}, {"source_ref": "B"}), BATCH)
    result = store.write_batch(make_records({"source_ref": "B"}, {"source_ref": "C"}, {"source_ref": "C"}), BATCH)
    assert (result.rows, result.accepted, result.duplicates) == (3, 1, 2)
    assert result.rows == result.accepted + result.quarantined + result.duplicates
    assert store.count() == 3
    assert set(result.duplicate_ids) == {"sen-ocrtis:B", "sen-ocrtis:C"}


@pytest.mark.slow
def test_quarantine_rows_are_kept_with_raw_values(store):
    quarantined = pd.DataFrame([{"row_number": 7, "field": "lat", "reason": "latitude 95 is outside -90..90",
                                 "raw": {"Latitude": "95", "Produit": "cocaïne"}}])
    result = store.write_batch(make_records({"source_ref": "A"}), BATCH, quarantined)
    assert (result.rows, result.accepted, result.quarantined) == (2, 1, 1)
    held = store.quarantine(result.batch_id)
    assert held.loc[0, "raw"] == {"Latitude": "95", "Produit": "cocaïne"}
    assert held.loc[0, "row_number"] == 7
    log = store.batches()
    assert log.loc[0, ["rows", "accepted", "quarantined", "duplicates"]].tolist() == [2, 1, 1, 0]


@pytest.mark.slow
def test_the_imported_file_is_kept_with_its_batch_and_reasons_keep_their_code(store):
    quarantined = pd.DataFrame([{"row_number": 4, "field": "date", "code": "date_unparsed",
                                 "reason": "date '31/31/2020' is not a date", "raw": {"Date": "31/31/2020"},
                                 "problems": [{"field": "date", "code": "date_unparsed", "value": "31/31/2020"}]}])
    original = "N° PV;Date\r\nA;31/31/2020\r\n".encode("cp1252")
    result = store.write_batch(make_records({"source_ref": "A"}), BATCH, quarantined, original=original)
    assert store.original_file(result.batch_id) == original
    held = store.quarantine(result.batch_id)
    assert held.loc[0, "code"] == "date_unparsed"
    assert held.loc[0, "problems"] == [{"field": "date", "code": "date_unparsed", "value": "31/31/2020"}]
    assert store.original_file("no-such-batch") is None


@pytest.mark.slow
def test_a_store_made_before_reason_codes_gains_the_column(tmp_path):
    path = tmp_path / "old.gpkg"
    GeoPackageStore(path)
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE quarantine DROP COLUMN code")
        connection.execute("ALTER TABLE quarantine DROP COLUMN problems")
    reopened = GeoPackageStore(path)
    result = reopened.write_batch(make_records({"source_ref": "A"}), BATCH, pd.DataFrame(
        [{"row_number": 2, "field": "lat", "reason": "bad", "raw": {}}]))
    held = reopened.quarantine(result.batch_id)
    assert held["code"].isna().all() and held["problems"].isna().all()


@pytest.mark.slow
def test_a_failing_batch_leaves_nothing(store, monkeypatch):
    store.write_batch(make_records({"source_ref": "A"}), BATCH)
    real_insert = store._insert_new

    def insert_then_fail(connection, frame):
        assert real_insert(connection, frame)  # rows are in the transaction...
        raise RuntimeError("disk full")  # ...when the batch fails half-way

    monkeypatch.setattr(store, "_insert_new", insert_then_fail)
    with pytest.raises(RuntimeError):
        store.write_batch(make_records({"source_ref": "B"}, {"source_ref": "C"}), BATCH)
    assert store.count() == 1
    assert len(store.batches()) == 1
    assert len(store.audit_log(actions=["import"])) == 1


@pytest.mark.slow
def test_invalid_record_rejects_the_whole_batch(store):
    with pytest.raises(ValueError, match="row 1: latitude"):
        store.write_batch(make_records({"source_ref": "A"}, {"source_ref": "B", "lat": 99}), BATCH)
    assert store.count() == 0


@pytest.mark.slow
def test_concurrent_writers_are_serialised(store):
    errors = []

    def write(prefix):
        try:
            for n in range(5):
                store.write_batch(make_records(*({"source_ref": f"{prefix}-{n}-{i}"} for i in range(20))), BATCH)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write, args=(p,)) for p in "abc"]
    for thread in threads:
        thread.start()
    other_process = subprocess.Popen([sys.executable, "-c", (
        "import sys; sys.path.insert(0, '.'); from geo.store import open_store, Batch;"
        "from tests.support import make_records;"
        f"s = open_store({reopen_argument(store)!r});"
        "[s.write_batch(make_records(*({'source_ref': f'p-{n}-{i}'} for i in range(20))), Batch('import', 'p'))"
        " for n in range(5)]")])
    for thread in threads:
        thread.join()
    assert other_process.wait(timeout=120) == 0
    assert errors == []
    assert store.count() == 4 * 5 * 20
    assert len(store.batches()) == 20


@pytest.mark.slow
@pytest.mark.parametrize(
    ("record_filter", "expected"),
    [
        (RecordFilter(), {"A", "B", "C", "D"}),
        (RecordFilter(substances=("cocaine",)), {"A", "C", "D"}),
        (RecordFilter(countries=("NER",)), {"B"}),
        (RecordFilter(conveyances=("sea",)), {"C"}),
        (RecordFilter(datasets=("demo",)), {"D"}),
        (RecordFilter(date_from=date(2020, 1, 1)), {"B", "C", "D"}),
        (RecordFilter(date_to=date(2020, 12, 31)), {"A", "B"}),
        (RecordFilter(date_from=date(2020, 6, 1), date_to=date(2020, 6, 1)), {"B"}),
        (RecordFilter(viewer=Viewer.of_agency("sen-ocrtis")), {"A", "B", "D"}),
        (RecordFilter(viewer=Viewer.of_agency("ner-ocrtis")), {"B", "C", "D"}),
        (RecordFilter(viewer=Viewer.of_agency("gha-nacob")), {"B", "D"}),
        (RecordFilter(substances=("cocaine",), viewer=Viewer.of_agency("gha-nacob")), {"D"}),
    ],
)
def test_query_filters(store, record_filter, expected):
    store.write_batch(make_records(
        {"source_ref": "A", "date": "2019-05-01", "sensitivity": "restricted"},
        {"source_ref": "B", "date": "2020-06-01", "country": "NER", "substance": "tramadol",
         "agency": "ner-ocrtis"},
        {"source_ref": "C", "date": "2021-01-01", "conveyance": "sea", "agency": "ner-ocrtis",
         "sensitivity": "confidential"},
        {"source_ref": "D", "date": "2022-01-01", "dataset": "demo", "agency": "demo"},
    ), BATCH)
    assert set(store.query(record_filter)["source_ref"]) == expected


@pytest.mark.slow
def test_record_lookup_respects_the_viewer(store):
    store.write_batch(make_records({"source_ref": "A", "sensitivity": "confidential"}), BATCH)
    assert store.record("sen-ocrtis:A")["source_ref"] == "A"
    assert store.record("sen-ocrtis:A", viewer=Viewer.of_agency("sen-ocrtis")) is not None
    assert store.record("sen-ocrtis:A", viewer=Viewer.of_agency("mli-ocs")) is None
    assert store.record("nope") is None


@pytest.mark.slow
def test_filter_values_cannot_change_the_query(store):
    store.write_batch(make_records({"source_ref": "A", "sensitivity": "restricted", "agency": "o'brien"},
                                   {"source_ref": "B", "sensitivity": "public"}), BATCH)
    assert set(store.query(RecordFilter(viewer=Viewer.of_agency("x' OR '1'='1")))["source_ref"]) == {"B"}
    assert set(store.query(RecordFilter(viewer=Viewer.of_agency("o'brien")))["source_ref"]) == {"A", "B"}
    assert store.query(RecordFilter(substances=("cocaine') OR ('1'='1",))).empty


def test_empty_result_keeps_the_columns(store):
    empty = store.query(RecordFilter(countries=("TCD",)))
    assert empty.empty and list(empty.columns) == [*schema.CANONICAL_COLUMNS, "geometry"]
