#!/usr/bin/env bash
# One command: install what the tests need (system packages, venv with test
# extras, veraPDF) and run the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system.sh --test
scripts/install-python.sh --test
scripts/install-verapdf.sh
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
