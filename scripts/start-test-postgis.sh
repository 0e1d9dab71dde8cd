#!/bin/sh
# A throwaway PostgreSQL + PostGIS server for the tests, on 127.0.0.1 only.
#
#   sh scripts/start-test-postgis.sh DIR    initialise DIR/data, start the server, print its superuser URL
#   sh scripts/stop-test-postgis.sh DIR     stop it and delete DIR
#
# The cluster lives under DIR (created if missing; use a fresh temporary directory): data in
# DIR/data, socket in DIR/socket, log in DIR/server.log, URL in DIR/url. The superuser
# `postgres` has a random password (TCP needs it; the socket in DIR is trusted). Durability is
# switched off (fsync, synchronous_commit): nothing here is worth keeping. As root, initdb and
# the server run as the `postgres` user, which PostgreSQL requires.
# Needs Debian's postgresql-15-postgis-3 (scripts/install-system-deps.sh installs it); another
# version is found through PGBIN or /usr/lib/postgresql/*/bin.
set -eu
DIR=${1:?usage: start-test-postgis.sh DIR}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
    echo "PostgreSQL server binaries not found (Debian: apt-get install postgresql-15-postgis-3)" >&2
    exit 3
fi

# PostgreSQL refuses to run as root: run its programs as `postgres`, who must own DIR.
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
mkdir -p "$DIR/socket"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$DIR"
chmod 700 "$DIR"

PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
as_server sh -c "umask 077 && printf '%s\n' '$PASSWORD' > '$DIR/password'"
as_server "$PGBIN/initdb" -D "$DIR/data" -U postgres --pwfile="$DIR/password" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }

# A free port: ask the kernel for one; retry if another process takes it before the server does.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    OPTIONS="-p $PORT -k $DIR/socket -c listen_addresses=127.0.0.1 -c max_connections=200"
    OPTIONS="$OPTIONS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if as_server "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -s start -o "$OPTIONS"; then
        URL="postgresql://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
        as_server sh -c "umask 077 && printf '%s\n' '$URL' > '$DIR/url'"
        echo "$URL"
        exit 0
    fi
    echo "start on port $PORT failed (attempt $attempt); see $DIR/server.log" >&2
done
cat "$DIR/server.log" >&2
exit 1
