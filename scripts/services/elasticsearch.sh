#!/usr/bin/env bash
# Elasticsearch for tests/development: the real server from its integ-test-zip
# distribution on Maven Central (fetched with mvn once per machine, cached in
# $(svc_cache elasticsearch)), run on the machine's JDK as a plain background
# process on 127.0.0.1:$SCANSTATION_ES_PORT (59200), single node, security off,
# data and logs in .services/elasticsearch.
#   scripts/services/elasticsearch.sh install|start|stop|status|restart
#
# Elasticsearch refuses to run as root: when started by root, the server runs as
# the unprivileged system user $SCANSTATION_ES_USER (scanstation-es, created if
# missing) and .services/elasticsearch is owned by it.
#
# Environment:
#   SCANSTATION_ES_VERSION    distribution version (default: the first of VERSIONS that resolves)
#   SCANSTATION_ES_PORT       HTTP port (59200); the transport port is SCANSTATION_ES_TRANSPORT_PORT (59300)
#   SCANSTATION_ES_HEAP       JVM heap (1g)
#   SCANSTATION_ES_JAVA_HOME  JDK to run on (default: OpenJDK 17, else JAVA_HOME, else java on PATH)
. "$(dirname "$0")/lib.sh"

NAME=elasticsearch
HOST=127.0.0.1
PORT="${SCANSTATION_ES_PORT:-59200}"
TRANSPORT_PORT="${SCANSTATION_ES_TRANSPORT_PORT:-59300}"
HEAP="${SCANSTATION_ES_HEAP:-1g}"
ES_USER="${SCANSTATION_ES_USER:-scanstation-es}"
GROUP_ID=org.elasticsearch.distribution.integ-test-zip
ARTIFACT=elasticsearch
# Tried in order; 8.19.21 is the newest 8.x listed for the integ-test-zip and runs on Java 17.
VERSIONS=(8.19.21 8.17.4 7.17.29)
START_TIMEOUT="${SCANSTATION_ES_START_TIMEOUT:-180}"

ROOT="$(svc_root "$NAME")"
PIDFILE="$(svc_pidfile "$NAME")"
LOG="$(svc_logfile "$NAME")"
CACHE="$(svc_cache "$NAME")"
# Where the server keeps config, data, logs and its pid: $ROOT, unless the server
# user cannot enter it (a clone under /root): then a directory of its own (run_dir).
RUN="$ROOT"

find_java_home() {
    local candidate
    for candidate in "${SCANSTATION_ES_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 "${JAVA_HOME:-}"; do
        [[ -n "$candidate" && -x "$candidate/bin/java" ]] && { printf '%s\n' "$candidate"; return 0; }
    done
    command -v java >/dev/null || svc_die "no JDK found (set SCANSTATION_ES_JAVA_HOME)"
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

# The installed version (first line of INSTALLED), or nothing.
installed_version() {
    sed -n 1p "$CACHE/INSTALLED" 2>/dev/null || true
}

home_of() { printf '%s/%s-%s\n' "$CACHE" "$ARTIFACT" "$1"; }

# fetch VERSION -> 0 when the zip was resolved with mvn and unpacked into the cache.
fetch() {
    local version="$1" coords="$GROUP_ID:$ARTIFACT:$1:zip" dist="$CACHE/dist" log="$CACHE/mvn.log"
    svc_log "$NAME: resolving $coords with mvn"
    mkdir -p "$dist"
    if ! mvn -B -q dependency:copy -Dartifact="$coords" -DoutputDirectory="$dist" >"$log" 2>&1; then
        svc_warn "$NAME: $coords did not resolve:"
        grep -E '\[ERROR\]' "$log" | head -n 3 >&2 || tail -n 5 "$log" >&2
        return 1
    fi
    local zip="$dist/$ARTIFACT-$version.zip" tmp="$CACHE/.unpack-$version"
    [[ -f "$zip" ]] || { svc_warn "$NAME: mvn reported success but $zip is missing"; return 1; }
    rm -rf "$tmp" "$(home_of "$version")"
    mkdir -p "$tmp"
    unzip -q "$zip" -d "$tmp" || { svc_warn "$NAME: cannot unpack $zip"; return 1; }
    mv "$tmp/$ARTIFACT-$version" "$(home_of "$version")"
    rm -rf "$tmp" "$zip" # mvn keeps its own copy in the local repository
    printf '%s\ncoordinates=%s\nfetched=%s\n' "$version" "$coords" \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$CACHE/INSTALLED"
    svc_log "$NAME: installed $coords -> $(home_of "$version")"
}

do_install() {
    local v wanted=("${VERSIONS[@]}")
    [[ -n "${SCANSTATION_ES_VERSION:-}" ]] && wanted=("$SCANSTATION_ES_VERSION")
    v="$(installed_version)"
    if [[ -n "$v" && -x "$(home_of "$v")/bin/elasticsearch" ]] \
        && [[ -z "${SCANSTATION_ES_VERSION:-}" || "$v" == "$SCANSTATION_ES_VERSION" ]]; then
        return 0
    fi
    command -v mvn >/dev/null || svc_die "mvn (Maven) is needed to fetch Elasticsearch"
    command -v unzip >/dev/null || svc_apt_install unzip
    # One download per machine even if several scripts run install at once.
    exec 8>"$CACHE/.install.lock"
    flock 8
    v="$(installed_version)"
    [[ -n "$v" && -x "$(home_of "$v")/bin/elasticsearch" ]] && [[ -z "${SCANSTATION_ES_VERSION:-}" || "$v" == "$SCANSTATION_ES_VERSION" ]] && return 0
    for v in "${wanted[@]}"; do
        fetch "$v" && { exec 8>&-; return 0; }
    done
    svc_die "$NAME: none of ${wanted[*]} of $GROUP_ID:$ARTIFACT resolved (see $CACHE/mvn.log)"
}

as_es_user() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    [[ $(id -u) -eq 0 ]] || return 0
    id "$ES_USER" >/dev/null 2>&1 && return 0
    svc_log "$NAME: creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
}

# The distribution as the server user can read it: the cache itself, or (when the
# cache lies under a home only root may enter, e.g. /root) a hard-linked mirror.
es_home() {
    local version="$1" cached mirror
    cached="$(home_of "$version")"
    if as_es_user test -r "$cached/lib" 2>/dev/null; then
        printf '%s\n' "$cached"
        return 0
    fi
    mirror="$RUN/dist/$ARTIFACT-$version"
    if [[ ! -x "$mirror/bin/elasticsearch" ]]; then
        rm -rf "$RUN/dist"
        mkdir -p "$RUN/dist"
        cp -al "$cached" "$mirror" 2>/dev/null || cp -a "$cached" "$mirror"
    fi
    printf '%s\n' "$mirror"
}

# Picks $RUN: $ROOT when the server user can reach it, else /var/lib/scanstation-es/<hash>.
pick_run_dir() {
    rm -f "$ROOT/RUN_DIR"
    [[ $(id -u) -eq 0 ]] || return 0
    chown "$ES_USER:" "$ROOT"
    if ! as_es_user test -w "$ROOT" 2>/dev/null; then
        RUN="/var/lib/$ES_USER/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
        svc_warn "$NAME: $ES_USER cannot enter $ROOT; keeping config, data and logs in $RUN"
        mkdir -p "$RUN"
        chown "$ES_USER:" "/var/lib/$ES_USER" "$RUN"
        printf '%s\n' "$RUN" >"$ROOT/RUN_DIR"
    fi
}

write_config() {
    local home="$1" version="$2"
    local CONF="$RUN/config"
    mkdir -p "$CONF" "$RUN/data" "$RUN/logs" "$RUN/tmp"
    cp "$home/config/jvm.options" "$home/config/log4j2.properties" "$CONF/"
    mkdir -p "$CONF/jvm.options.d"
    printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" >"$CONF/jvm.options.d/heap.options"
    {
        echo "# Written by scripts/services/elasticsearch.sh on each start; edits are lost."
        echo "cluster.name: scanstation-dev"
        echo "node.name: scanstation-es-1"
        echo "network.host: $HOST"
        echo "http.port: $PORT"
        echo "transport.port: $TRANSPORT_PORT"
        echo "discovery.type: single-node"
        echo "path.data: $RUN/data"
        echo "path.logs: $RUN/logs"
        # The integ-test-zip has no TLS certificates: plain HTTP on loopback only.
        [[ -d "$home/modules/x-pack-security" ]] && echo "xpack.security.enabled: false"
        echo "# A test machine's disk may be fuller than a server's: never block writes for it."
        echo "cluster.routing.allocation.disk.threshold_enabled: false"
        echo "cluster.routing.allocation.disk.watermark.low: 97%"
        echo "cluster.routing.allocation.disk.watermark.high: 98%"
        echo "cluster.routing.allocation.disk.watermark.flood_stage: 99%"
        echo "action.destructive_requires_name: false"
    } >"$CONF/elasticsearch.yml"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R "$ES_USER:" "$CONF" "$RUN/data" "$RUN/logs" "$RUN/tmp"
    fi
}

health_ok() {
    curl -fsS "http://$HOST:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
        | grep -qE '"status":"(yellow|green)"'
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
    ensure_user
    local version home java_home start=$SECONDS
    version="$(installed_version)"
    pick_run_dir
    home="$(es_home "$version")"
    java_home="$(find_java_home)"
    write_config "$home" "$version"
    rm -f "$PIDFILE" "$RUN/elasticsearch.pid"
    svc_log "$NAME: starting $version on $HOST:$PORT (JDK $java_home, heap $HEAP)"
    # -d: the launcher returns once the node has started; the server writes its pid to -p.
    if ! (
        exec 8>&- 9>&-
        cd "$RUN"
        as_es_user env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$RUN/config" ES_TMPDIR="$RUN/tmp" \
            ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
            setsid "$home/bin/elasticsearch" -d -p "$RUN/elasticsearch.pid"
    ) >>"$LOG" 2>&1 </dev/null; then
        tail -n 30 "$LOG" >&2
        svc_die "$NAME did not start; see $LOG and $RUN/logs/"
    fi
    [[ "$RUN" == "$ROOT" ]] || cp "$RUN/elasticsearch.pid" "$PIDFILE"
    local deadline=$((SECONDS + START_TIMEOUT))
    until health_ok; do
        if ! svc_running "$NAME"; then
            tail -n 30 "$LOG" >&2
            svc_die "$NAME exited during start-up; see $LOG and $RUN/logs/"
        fi
        ((SECONDS < deadline)) || svc_die "$NAME not yellow/green after ${START_TIMEOUT}s; see $RUN/logs/"
        sleep 0.5
    done
    svc_log "$NAME: ready in $((SECONDS - start))s: http://$HOST:$PORT (pid $(svc_pid "$NAME"))"
}

do_stop() {
    svc_stop "$NAME" 60
    svc_wait_port_closed "$HOST" "$PORT" 15 || svc_warn "$HOST:$PORT still open after stop"
}

do_status() {
    local health=""
    svc_running "$NAME" && health="$(curl -fsS "http://$HOST:$PORT/_cluster/health" 2>/dev/null \
        | grep -oE '"status":"[a-z]+"' || echo 'no answer')"
    svc_status "$NAME" "$HOST:$PORT $(installed_version) $health data=$(cat "$ROOT/RUN_DIR" 2>/dev/null || echo "$ROOT")/data"
}

svc_main "$NAME" "$@"
