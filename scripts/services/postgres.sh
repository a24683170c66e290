#!/usr/bin/env bash
# PostgreSQL for tests/development: our own cluster (not the system one), run as
# the `postgres` user when invoked as root, on 127.0.0.1:$SCANSTATION_PG_PORT
# (55432), data in .services/postgres/data. Role and database `scanstation`
# (password `scanstation`) are created on first start.
#   scripts/services/postgres.sh install|start|stop|status
# shellcheck source=scripts/services/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=postgres
PG_VERSION="${SCANSTATION_PG_VERSION:-15}"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PORT="${SCANSTATION_PG_PORT:-55432}"
HOST=127.0.0.1
DB_USER="${SCANSTATION_PG_USER:-scanstation}"
DB_PASSWORD="${SCANSTATION_PG_PASSWORD:-scanstation}"
DB_NAME="${SCANSTATION_PG_DB:-scanstation}"
RUN_USER=postgres
[[ $(id -u) -eq 0 ]] || RUN_USER="$(id -un)"

ROOT="$(svc_root "$NAME")"
DATA="$ROOT/data"
SOCKDIR="$ROOT/run"
PIDFILE="$(svc_pidfile "$NAME")"
LOG="$(svc_logfile "$NAME")"

do_install() {
    svc_apt_install "postgresql-$PG_VERSION"
    [[ -x "$PG_BIN/initdb" ]] || svc_die "$PG_BIN/initdb not found after installing postgresql-$PG_VERSION"
}

pg() { svc_run_as "$RUN_USER" "$@"; }

psql_admin() {
    pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" -U postgres -d postgres "$@"
}

ensure_cluster() {
    mkdir -p "$SOCKDIR"
    if [[ $(id -u) -eq 0 ]]; then
        chown "$RUN_USER": "$ROOT" "$SOCKDIR"
        touch "$LOG" && chown "$RUN_USER": "$LOG"
    fi
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        svc_log "$NAME: initdb in $DATA"
        rm -rf "$DATA"
        pg mkdir -p "$DATA"
        pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >>"$LOG" 2>&1 || svc_die "initdb failed; see $LOG"
    fi
}

ensure_role_and_db() {
    psql_admin <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE "$DB_USER" LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SQL
    if [[ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]]; then
        psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\""
    fi
}

do_start() {
    if svc_running "$NAME"; then
        svc_log "$NAME: already running (pid $(svc_pid "$NAME")) on $HOST:$PORT"
        return 0
    fi
    [[ -x "$PG_BIN/pg_ctl" ]] || do_install
    ensure_cluster
    # A crashed postmaster leaves postmaster.pid behind; pg_ctl copes with a stale one.
    # fsync/full_page_writes off: a throw-away test cluster, speed over crash safety.
    svc_log "$NAME: starting on $HOST:$PORT"
    pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=$HOST -p $PORT -k $SOCKDIR -c fsync=off -c full_page_writes=off" \
        start >/dev/null || svc_die "$NAME failed to start; see $LOG"
    head -1 "$DATA/postmaster.pid" >"$PIDFILE"
    svc_wait_port "$HOST" "$PORT" 30 "$NAME" || svc_die "$NAME not listening; see $LOG"
    ensure_role_and_db
    svc_log "$NAME: ready: postgresql://$DB_USER:***@$HOST:$PORT/$DB_NAME"
}

do_stop() {
    if svc_running "$NAME" && [[ -f "$DATA/postmaster.pid" ]] \
        && pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1; then
        rm -f "$PIDFILE"
        svc_log "$NAME: stopped"
        return 0
    fi
    svc_stop "$NAME" 10 # not running, or pg_ctl failed: signal the postmaster ourselves
}

do_status() {
    svc_status "$NAME" "$HOST:$PORT data=$DATA"
}

svc_main "$NAME" "$@"
