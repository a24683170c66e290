#!/usr/bin/env bash
# One command: install what the tests need (system packages, venv with test
# extras, veraPDF) and run the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system.sh --test
scripts/install-python.sh --test
scripts/install-verapdf.sh
# Real servers for the integration tests (PostgreSQL, Redis, MinIO, Elasticsearch),
# as plain processes on 127.0.0.1 with data under .services/; stopped at exit.
scripts/services/all.sh start
trap 'scripts/services/all.sh stop >/dev/null 2>&1 || true' EXIT
export OMP_THREAD_LIMIT=1
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit $rc
