# Start a private PostgreSQL 15 cluster on 127.0.0.1 for the tests; source this file.
# PostgreSQL refuses to run as root, so the cluster belongs to a throwaway user.
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=${PG_PORT:-54329}
PG_USER=realdesk-ci

start_postgres() {
  id -u "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_USER"
  PG_DIR=$(mktemp -d /tmp/realdesk-pg.XXXXXX)
  chown "$PG_USER" "$PG_DIR"
  su "$PG_USER" -s /bin/sh -c "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8 >$PG_DIR/initdb.log"
  su "$PG_USER" -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres realdesk
  export PG_DIR
  export POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/realdesk"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  su "$PG_USER" -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop" >/dev/null || true
  rm -rf "$PG_DIR"
}
