#!/usr/bin/env bash
# Installs the Debian packages Scanstation needs (idempotent; skips apt when
# everything is present). Usage: scripts/install-system.sh [--test]
#   --test  also what the test suite needs (a JDK + Maven for veraPDF, fonts).
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-deu tesseract-ocr-eng ghostscript unpaper pngquant qpdf
          poppler-utils python3-venv)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(fonts-dejavu-core)
  command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || packages+=(maven)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
