# shellcheck shell=bash
# Shared helpers for scripts/services/*.sh. Source it; do not execute it.
#
#   . "$(dirname "$0")/lib.sh"
#
# Conventions for every service script:
#   <name>.sh install|start|stop|status
#   - binds to 127.0.0.1 only, data under "$(svc_root NAME)" (<repo>/.services/NAME, git-ignored)
#   - downloads/builds go to "$(svc_cache NAME)" (per machine, outside the repo)
#   - start is idempotent (a running service is left alone; a stale pidfile is removed)
#   - exit status of `status`: 0 running, 3 stopped (LSB convention)
#
# Function names here are a stable interface (other scripts call them):
#   svc_repo, svc_root, svc_cache, svc_pidfile, svc_logfile, svc_log, svc_warn, svc_die,
#   svc_pid, svc_running, svc_wait_port, svc_port_open, svc_stop, svc_status, svc_main

set -euo pipefail

SVC_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The repository root (two levels above this file).
svc_repo() {
    (cd "$SVC_LIB_DIR/../.." && pwd)
}

# svc_root NAME -> <repo>/.services/NAME (created). Override base with SCANSTATION_SERVICES_DIR.
svc_root() {
    local dir="${SCANSTATION_SERVICES_DIR:-$(svc_repo)/.services}/$1"
    mkdir -p "$dir"
    printf '%s\n' "$dir"
}

# svc_cache NAME -> per-machine cache dir outside the repo (created), reused by fresh clones.
svc_cache() {
    local dir="${SCANSTATION_CACHE:-$HOME/.cache/scanstation}/$1"
    mkdir -p "$dir"
    printf '%s\n' "$dir"
}

svc_pidfile() { printf '%s/%s.pid\n' "$(svc_root "$1")" "$1"; }
svc_logfile() { printf '%s/%s.log\n' "$(svc_root "$1")" "$1"; }

svc_log() { printf '[services] %s\n' "$*" >&2; }
svc_warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
svc_die() {
    printf '[services] ERROR: %s\n' "$*" >&2
    exit 1
}

# svc_pid NAME -> prints the pid from the pidfile if that process is alive; returns 1 otherwise.
# A stale pidfile (dead or garbage pid) is removed.
svc_pid() {
    local pidfile pid
    pidfile="$(svc_pidfile "$1")"
    [[ -f "$pidfile" ]] || return 1
    pid="$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
        && [[ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != "Z" ]]; then
        printf '%s\n' "$pid"
        return 0
    fi
    svc_log "$1: removing stale pidfile $pidfile${pid:+ (pid $pid)}"
    rm -f "$pidfile"
    return 1
}

# svc_running NAME -> true if the pidfile's process is alive (stale pidfile removed).
svc_running() {
    svc_pid "$1" >/dev/null
}

# svc_port_open HOST PORT -> true if a TCP connect succeeds.
svc_port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# svc_wait_port HOST PORT TIMEOUT_SECONDS [NAME] -> waits until the port accepts connections.
# With NAME, gives up early if that service's process died.
svc_wait_port() {
    local host="$1" port="$2" timeout="$3" name="${4:-}" deadline
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if svc_port_open "$host" "$port"; then
            return 0
        fi
        if [[ -n "$name" ]] && ! svc_running "$name"; then
            svc_warn "$name exited while waiting for $host:$port"
            return 1
        fi
        sleep 0.2
    done
    svc_warn "timed out after ${timeout}s waiting for $host:$port"
    return 1
}

# svc_wait_port_closed HOST PORT TIMEOUT_SECONDS -> waits until nothing listens there.
svc_wait_port_closed() {
    local host="$1" port="$2" timeout="$3" deadline
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        svc_port_open "$host" "$port" || return 0
        sleep 0.2
    done
    return 1
}

# svc_stop NAME [TIMEOUT_SECONDS=20] [SIGNAL=TERM] -> signal, wait, then SIGKILL; removes pidfile.
# Use SIGNAL=KILL for servers that ignore SIGTERM.
svc_stop() {
    local name="$1" timeout="${2:-20}" sig="${3:-TERM}" pid deadline
    if ! pid="$(svc_pid "$name")"; then
        svc_log "$name: not running"
        return 0
    fi
    svc_log "$name: stopping pid $pid (SIG$sig)"
    kill "-$sig" "$pid" 2>/dev/null || true
    deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        svc_warn "$name: pid $pid still alive after ${timeout}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    rm -f "$(svc_pidfile "$name")"
    svc_log "$name: stopped"
}

# svc_status NAME [DESCRIPTION] -> prints a line; exit 0 running, 3 stopped.
svc_status() {
    local name="$1" desc="${2:-}" pid
    if pid="$(svc_pid "$name")"; then
        printf '%-14s running  pid %-7s %s\n' "$name" "$pid" "$desc"
        return 0
    fi
    printf '%-14s stopped\n' "$name"
    return 3
}

# svc_main NAME "$@" -> dispatches install|start|stop|status|restart to functions
# do_install, do_start, do_stop, do_status defined by the calling script.
svc_main() {
    local name="$1"
    shift
    local cmd="${1:-}"
    case "$cmd" in
        install) do_install ;;
        start) do_start ;;
        stop) do_stop ;;
        status) do_status ;;
        restart) do_stop && do_start ;;
        *)
            printf 'usage: %s install|start|stop|status|restart\n' "$name" >&2
            exit 2
            ;;
    esac
}

# svc_apt_install PKG... -> installs missing Debian packages (waits for the dpkg lock).
# Package maintainer scripts are told not to start services (we start our own instances).
svc_apt_install() {
    local missing=() p sudo=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    svc_log "apt: installing ${missing[*]}"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    # RUNLEVEL=1 makes invoke-rc.d skip starting the packaged (system-wide) daemons.
    $sudo env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
}

# svc_run_as USER CMD... -> runs CMD as USER when we are root (e.g. postgres tools), else directly.
svc_run_as() {
    local user="$1"
    shift
    if [[ $(id -u) -eq 0 && "$user" != root ]]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}
