#!/usr/bin/env bash
# The Python package's CI: builds the wheel with maturin, installs it into a fresh virtual
# environment under target/, and runs pytest against the installed wheel (not the source
# tree). Called by .ci/run after `cargo test`, whose debug build of the engines the wheel
# reuses; KHIEN_PY_RELEASE=1 builds a release wheel instead (for benchmarks).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/py-ci
WHEELS=target/py-wheels

rm -rf "$VENV" "$WHEELS"
python3 -m venv "$VENV"
# Presidio (and spaCy under it) for the recognizer's tests: no spaCy model is downloaded.
# PySpark (local mode, Java from .ci/run), pandas, pyarrow and Polars for khien.spark.
"$VENV/bin/pip" install -q --disable-pip-version-check 'maturin>=1.9.4,<2' pytest \
  'presidio-analyzer>=2.2.366' 'presidio-anonymizer>=2.2.366' \
  pyspark pandas pyarrow polars

profile=()
if [ "${KHIEN_PY_RELEASE:-0}" = 1 ]; then profile=(--release); fi
"$VENV/bin/maturin" build -q -m crates/khien-py/Cargo.toml --locked "${profile[@]}" -o "$WHEELS"
"$VENV/bin/pip" install -q --disable-pip-version-check "$WHEELS"/khien-*.whl

# From outside the source tree, so `import khien` is the installed wheel.
cd crates/khien-py/tests
"../../../$VENV/bin/python" -m pytest -q -p no:cacheprovider .
