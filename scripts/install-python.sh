#!/usr/bin/env bash
# Creates .venv (if missing) and installs Scanstation into it.
# Usage: scripts/install-python.sh [--test]   (--test adds the test extras)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
extra=""
[[ "${1:-}" == "--test" ]] && extra="[test]"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extra}"
echo "python: $(.venv/bin/python --version), scanstation installed in .venv"
