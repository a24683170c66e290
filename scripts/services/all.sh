#!/usr/bin/env bash
# Runs install|start|stop|status for several services at once.
#   scripts/services/all.sh start|stop|status|install [names...]
# Without names: postgres redis minio (+ elasticsearch if its script exists).
# `stop` goes in reverse order. Exit status is non-zero if any service failed
# (for `status`: if any service is not running).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

cmd="${1:-}"
case "$cmd" in
    install | start | stop | status | restart) shift ;;
    *)
        echo "usage: $0 install|start|stop|status|restart [names...]" >&2
        exit 2
        ;;
esac

if (($# > 0)); then
    names=("$@")
else
    names=(postgres redis minio)
    [[ -f "$here/elasticsearch.sh" ]] && names+=(elasticsearch)
fi

if [[ "$cmd" == stop ]]; then
    reversed=()
    for ((i = ${#names[@]} - 1; i >= 0; i--)); do reversed+=("${names[i]}"); done
    names=("${reversed[@]}")
fi

rc=0
for name in "${names[@]}"; do
    script="$here/$name.sh"
    if [[ ! -f "$script" ]]; then
        echo "[services] ERROR: no script for service '$name' ($script)" >&2
        rc=1
        continue
    fi
    if ! bash "$script" "$cmd"; then
        [[ "$cmd" == status ]] || echo "[services] ERROR: $name $cmd failed" >&2
        rc=1
    fi
done
exit "$rc"
