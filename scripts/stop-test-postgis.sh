#!/bin/sh
# Stop the throwaway server that scripts/start-test-postgis.sh started in DIR, and delete DIR.
set -eu
DIR=${1:?usage: stop-test-postgis.sh DIR}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -f "$DIR/data/postmaster.pid" ]; then
    # Immediate: the data is thrown away, so there is nothing to flush.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w -s stop || true
    else
        "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w -s stop || true
    fi
fi
rm -rf "$DIR"
