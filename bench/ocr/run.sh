#!/usr/bin/env bash
# OCR degradation benchmark: how much personal data `khien scan --ocr always` finds in images of
# synthetic Vietnamese documents at five degradation levels, and OCR images per second per core.
# See bench/ocr/README.md.
#
#   bash bench/ocr/run.sh [--seed N] [--docs N] [--khien PATH] [--build] [other degrade_eval.py options]
#
# Seed 1 is the tuning set; seeds >= 100 are held out. Writes bench/ocr/results-<seed>.md; the
# images, JSONL and per-item details go to target/bench-ocr/<seed>/.
set -euo pipefail
cd "$(dirname "$0")/../.."

KHIEN=""
BUILD=0
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --khien) KHIEN="$2"; shift 2 ;;
    --khien=*) KHIEN="${1#--khien=}"; shift ;;
    --build) BUILD=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

# Tesseract with the Vietnamese model (Debian: tesseract-ocr tesseract-ocr-vie).
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  echo "installing tesseract-ocr tesseract-ocr-vie" >&2
  apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null
fi

# Fonts from Debian packages only.
if ! fc-list 2>/dev/null | grep -q 'DejaVuSans.ttf' || ! fc-list 2>/dev/null | grep -q 'LiberationSerif-Regular'; then
  echo "installing fonts-dejavu-core fonts-liberation2" >&2
  apt-get install -y -qq fonts-dejavu-core fonts-liberation2 >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core fonts-liberation2 >/dev/null; }
fi

# Python venv with Pillow and numpy (from PyPI).
VENV=target/bench-ocr-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import PIL, numpy' 2>/dev/null; then
  "$VENV/bin/pip" install -q --disable-pip-version-check pillow numpy
fi

# The binary: --khien, else target/release/khien, else target/debug/khien, else a release build.
if [ "$BUILD" = 1 ]; then
  cargo build --release -p khien-cli
  KHIEN=${KHIEN:-target/release/khien}
fi
if [ -z "$KHIEN" ]; then
  if [ -x target/release/khien ]; then KHIEN=target/release/khien
  elif [ -x target/debug/khien ]; then KHIEN=target/debug/khien
  else cargo build --release -p khien-cli; KHIEN=target/release/khien
  fi
fi
test -x "$KHIEN" || { echo "no khien binary at $KHIEN" >&2; exit 1; }

exec "$VENV/bin/python" bench/ocr/degrade_eval.py --khien "$KHIEN" ${ARGS[@]+"${ARGS[@]}"}
