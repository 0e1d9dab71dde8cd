"""A PostGIS store made before ``seizure_count`` existed gains the column (value 1) when the store opens it."""

from __future__ import annotations

import psycopg

from geo.analysis import stats
from geo.store import postgis
from geo.store.schema_sql import records_upgrade_ddl


def test_a_store_at_schema_version_1_gains_seizure_count(postgis_db):
    upgrade = records_upgrade_ddl(postgis.DIALECT)
    old_scripts = [script.replace(upgrade, "").replace(",\n  seizure_count integer", "")
                   for script in postgis.schema_scripts()]
    assert not any("seizure_count" in script for script in old_scripts)
    with psycopg.connect(postgis_db) as connection:
        for script in old_scripts:
            connection.execute(script)
        connection.execute("INSERT INTO couloirs_schema (version) VALUES (1)")
        connection.execute("SELECT set_config('couloirs.admin', 'on', true)")
        connection.execute("INSERT INTO records (record_id, agency, sensitivity, dataset, date, substance, country)"
                           " VALUES ('old:1', 'sen-douanes', 'public', 'agency', '2020-01-01', 'cocaine', 'SEN')")
    store = postgis.PostGISStore(postgis_db)
    try:
        records = store.query()
        assert records["seizure_count"].tolist() == [1]
        assert stats.totals(records)["cases"] == 1
    finally:
        store.close()
    postgis.PostGISStore(postgis_db).close()  # at the current version: nothing to run again
