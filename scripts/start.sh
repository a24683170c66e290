#!/usr/bin/env bash
# One command: install what Scanstation needs and run it on the embedded
# defaults (hot folder, local archive, embedded index) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system.sh
scripts/install-python.sh
export OMP_THREAD_LIMIT=1
.venv/bin/scanstation check
data=${SCANSTATION_DATA_DIR:-./scanstation-data}
echo "Drop scans into: $(realpath -m "$data")/hot/poststelle  (Ctrl-C stops)"
exec .venv/bin/scanstation run
