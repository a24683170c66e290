#!/usr/bin/env bash
# Redis for tests/development: our own instance (not the system service) on
# 127.0.0.1:$SCANSTATION_REDIS_PORT (56379), data in .services/redis.
#   scripts/services/redis.sh install|start|stop|status
# shellcheck source=scripts/services/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=redis
PORT="${SCANSTATION_REDIS_PORT:-56379}"
HOST=127.0.0.1
ROOT="$(svc_root "$NAME")"
PIDFILE="$(svc_pidfile "$NAME")"
LOG="$(svc_logfile "$NAME")"

do_install() {
    svc_apt_install redis-server
    command -v redis-server >/dev/null || svc_die "redis-server not found after install"
}

do_start() {
    if svc_running "$NAME"; then
        svc_log "$NAME: already running (pid $(svc_pid "$NAME")) on $HOST:$PORT"
        return 0
    fi
    command -v redis-server >/dev/null || do_install
    svc_log "$NAME: starting on $HOST:$PORT"
    # Config on stdin ("-"): nothing from /etc/redis is used.
    redis-server - >/dev/null <<EOF || svc_die "$NAME failed to start; see $LOG"
bind $HOST
port $PORT
protected-mode yes
daemonize yes
pidfile $PIDFILE
logfile $LOG
dir $ROOT
dbfilename dump.rdb
save 60 1000
appendonly no
EOF
    svc_wait_port "$HOST" "$PORT" 20 || svc_die "$NAME not listening; see $LOG"
    # daemonize writes the pidfile right after forking; wait briefly for it.
    for _ in $(seq 50); do [[ -s "$PIDFILE" ]] && break; sleep 0.1; done
    svc_running "$NAME" || svc_die "$NAME: no live pid in $PIDFILE; see $LOG"
    svc_log "$NAME: ready: redis://$HOST:$PORT/0"
}

do_stop() {
    svc_stop "$NAME" 15
}

do_status() {
    svc_status "$NAME" "$HOST:$PORT dir=$ROOT"
}

svc_main "$NAME" "$@"
