#!/usr/bin/env bash
# MinIO (S3) for tests/development: the real server, built from its Go module
# with the Go toolchain once per machine (cached in $(svc_cache minio)), run on
# 127.0.0.1:$SCANSTATION_MINIO_PORT (59000; console 59001), data in .services/minio.
#   scripts/services/minio.sh install|start|stop|status
#
# Environment:
#   SCANSTATION_MINIO_ACCESS_KEY / SCANSTATION_MINIO_SECRET_KEY  (scanstation / scanstation-secret)
#   SCANSTATION_MINIO_VERSION   module version to build (default: try latest, then known releases)
#   GO                          go binary (default: go on PATH, else /usr/local/go/bin/go)
# shellcheck source=scripts/services/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=minio
HOST=127.0.0.1
PORT="${SCANSTATION_MINIO_PORT:-59000}"
CONSOLE_PORT="${SCANSTATION_MINIO_CONSOLE_PORT:-59001}"
ACCESS_KEY="${SCANSTATION_MINIO_ACCESS_KEY:-scanstation}"
SECRET_KEY="${SCANSTATION_MINIO_SECRET_KEY:-scanstation-secret}"
MODULE=github.com/minio/minio
# Tried in order when no version is given; the first that builds is cached. MinIO's
# RELEASE.* tags are not canonical module versions and the module proxy refuses them
# ("This module version is not available"), so the fallback is a pseudo-version that
# is known to build (the one @latest resolved to on 2026-11-26).
VERSIONS=(latest v0.0.0-20260212201848-7aac2a2c5b7c)
BUILD_TIMEOUT="${SCANSTATION_MINIO_BUILD_TIMEOUT:-3600}"

ROOT="$(svc_root "$NAME")"
DATA="$ROOT/data"
PIDFILE="$(svc_pidfile "$NAME")"
LOG="$(svc_logfile "$NAME")"
CACHE="$(svc_cache "$NAME")"
BIN="$CACHE/bin/minio"

find_go() {
    if [[ -n "${GO:-}" ]]; then
        printf '%s\n' "$GO"
    elif command -v go >/dev/null; then
        command -v go
    elif [[ -x /usr/local/go/bin/go ]]; then
        printf '%s\n' /usr/local/go/bin/go
    else
        svc_die "no Go toolchain found (set GO=/path/to/go)"
    fi
}

binary_ok() {
    [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1
}

# build VERSION -> 0 on success; runs `go install` in the background and reports progress.
build() {
    local version="$1" go pid start elapsed buildlog="$CACHE/build.log"
    go="$(find_go)"
    svc_log "$NAME: building $MODULE@$version with $("$go" version) (this can take 10+ minutes)"
    start=$SECONDS
    (
        export GOBIN="$CACHE/bin" GOFLAGS=-mod=mod CGO_ENABLED=0
        exec "$go" install "$MODULE@$version"
    ) >"$buildlog" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        elapsed=$((SECONDS - start))
        if ((elapsed > BUILD_TIMEOUT)); then
            kill "$pid" 2>/dev/null || true
            svc_warn "$NAME: build of $version exceeded ${BUILD_TIMEOUT}s; aborted"
            return 1
        fi
        ((elapsed % 60 == 0 && elapsed > 0)) && svc_log "$NAME: still building ($((elapsed / 60)) min)"
        sleep 1
    done
    if ! wait "$pid"; then
        svc_warn "$NAME: build of $version failed after $((SECONDS - start))s:"
        tail -n 15 "$buildlog" >&2
        return 1
    fi
    binary_ok || { svc_warn "$NAME: build of $version produced no working binary"; return 1; }
    {
        echo "module=$MODULE@$version resolved=$("$go" version -m "$BIN" | awk '$1 == "mod" {print $3}')"
        echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) seconds=$((SECONDS - start))"
        echo "go=$("$go" version)"
        "$BIN" --version | head -1
    } >"$CACHE/BUILD_INFO"
    svc_log "$NAME: built $version in $((SECONDS - start))s -> $BIN"
}

do_install() {
    binary_ok && return 0
    # One build per machine even if several scripts run install at once.
    exec 9>"$CACHE/.build.lock"
    flock 9
    binary_ok && return 0
    local versions=("${VERSIONS[@]}") v
    [[ -n "${SCANSTATION_MINIO_VERSION:-}" ]] && versions=("$SCANSTATION_MINIO_VERSION")
    for v in "${versions[@]}"; do
        build "$v" && return 0
    done
    svc_die "$NAME: could not build any of: ${versions[*]} (see $CACHE/build.log)"
}

do_start() {
    if svc_running "$NAME"; then
        svc_log "$NAME: already running (pid $(svc_pid "$NAME")) on $HOST:$PORT"
        return 0
    fi
    do_install
    if svc_port_open "$HOST" "$PORT"; then
        svc_die "$HOST:$PORT is in use by another process (not ours: no live pidfile)"
    fi
    mkdir -p "$DATA"
    svc_log "$NAME: starting on $HOST:$PORT"
    (
        export MINIO_ROOT_USER="$ACCESS_KEY" MINIO_ROOT_PASSWORD="$SECRET_KEY"
        export MINIO_BROWSER=off MINIO_UPDATE=off MINIO_CALLHOME_ENABLE=off
        # MINIO_CI_CD: allow a data dir on the root disk (test machines have one disk).
        export MINIO_CI_CD=1
        exec 9>&- # never let the server inherit the build lock
        cd "$ROOT" || exit 1
        exec setsid "$BIN" server --quiet --anonymous \
            --address "$HOST:$PORT" --console-address "$HOST:$CONSOLE_PORT" "$DATA"
    ) >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    svc_wait_port "$HOST" "$PORT" 60 "$NAME" || {
        tail -n 20 "$LOG" >&2
        svc_die "$NAME did not come up; see $LOG"
    }
    # The port opens before the object layer is ready; wait for the health endpoint.
    local deadline=$((SECONDS + 60))
    until curl -fsS -o /dev/null "http://$HOST:$PORT/minio/health/ready" 2>/dev/null; do
        ((SECONDS < deadline)) || svc_die "$NAME not ready after 60s; see $LOG"
        sleep 0.2
    done
    svc_log "$NAME: ready: http://$HOST:$PORT (access key $ACCESS_KEY)"
}

do_stop() {
    svc_stop "$NAME" 20
    svc_wait_port_closed "$HOST" "$PORT" 10 || svc_warn "$HOST:$PORT still open after stop"
}

do_status() {
    svc_status "$NAME" "$HOST:$PORT data=$DATA $(sed -n 1p "$CACHE/BUILD_INFO" 2>/dev/null)"
}

svc_main "$NAME" "$@"
