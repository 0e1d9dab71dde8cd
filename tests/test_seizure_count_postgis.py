"""A PostGIS store made before ``seizure_count`` existed gains the column (value 1) when the owner runs ``geo init``."""

from __future__ import annotations

import psycopg
import pytest

from geo.analysis import stats
from geo.store import postgis
from geo.store.postgis_roles import grant_app_role
from geo.store.schema_sql import records_upgrade_ddl
from tests.support.postgis import APP_ROLE, init_schema, owner_url


def test_a_store_at_schema_version_1_gains_seizure_count(postgis_db):
    upgrade = records_upgrade_ddl(postgis.DIALECT)
    old_scripts = [script.replace(upgrade, "").replace(",\n  seizure_count integer", "")
                   for script in postgis.schema_scripts()]
    assert not any("seizure_count" in script for script in old_scripts)
    with psycopg.connect(owner_url(postgis_db)) as connection:
        for script in old_scripts:
            connection.execute(script)
        connection.execute("INSERT INTO couloirs_schema (version) VALUES (1)")
        grant_app_role(connection, APP_ROLE)
        connection.execute("SELECT set_config('couloirs.admin', 'on', true)")
        connection.execute("INSERT INTO records (record_id, agency, sensitivity, dataset, date, substance, country)"
                           " VALUES ('old:1', 'sen-douanes', 'public', 'agency', '2020-01-01', 'cocaine', 'SEN')")
    with pytest.raises(postgis.SchemaNotReady, match="schema version 1, this release needs .* geo init"):
        postgis.PostGISStore(postgis_db)  # the app role only checks the version
    init_schema(postgis_db)  # the owner role migrates (geo init)
    store = postgis.PostGISStore(postgis_db)
    try:
        records = store.query()
        assert records["seizure_count"].tolist() == [1]
        assert stats.totals(records)["cases"] == 1
    finally:
        store.close()
    postgis.PostGISStore(postgis_db).close()  # at the current version: nothing to run again
