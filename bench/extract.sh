#!/usr/bin/env bash
# Extraction throughput: khien-extract vs kreuzberg (PyPI), side by side, per file type.
# Run by hand (not in CI):  bench/extract.sh [SCALE]
# Needs: cargo, python3 with venv; installs kreuzberg into bench/out/venv on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-2}"
OUT=bench/out/extract
CORPUS="$OUT/corpus"
mkdir -p "$OUT"

echo "== building khien's extraction benchmark (release)"
cargo build --release -q -p khien-extract --example bench_extract
BIN=target/release/examples/bench_extract

if [ ! -d "$CORPUS" ]; then
  echo "== generating corpus (scale $SCALE) in $CORPUS"
  "$BIN" gen "$CORPUS" "$SCALE"
fi

if [ ! -x bench/out/venv/bin/python ]; then
  echo "== installing kreuzberg into bench/out/venv"
  python3 -m venv bench/out/venv
  bench/out/venv/bin/pip install -q kreuzberg
fi

echo "== khien (warm-up, then measured)"
"$BIN" run "$CORPUS" > /dev/null
"$BIN" run "$CORPUS" > "$OUT/khien.tsv"
echo "== kreuzberg $(bench/out/venv/bin/pip show kreuzberg 2>/dev/null | awk '/^Version/{print $2}') (warm-up, then measured)"
bench/out/venv/bin/python bench/peer_extract.py "$CORPUS" > /dev/null 2>&1 || true
bench/out/venv/bin/python bench/peer_extract.py "$CORPUS" > "$OUT/kreuzberg.tsv" 2> "$OUT/kreuzberg.err" || true

python3 - "$OUT/khien.tsv" "$OUT/kreuzberg.tsv" <<'PY'
import sys, collections
def load(p):
    rows = {}
    for line in open(p, encoding="utf-8"):
        n, b, c, s = line.rstrip("\n").split("\t")
        rows[n] = (int(b), int(c), float(s))
    return rows
k, p = load(sys.argv[1]), load(sys.argv[2])
by = collections.defaultdict(lambda: [0, 0, 0.0, 0, 0.0])
for n, (b, c, s) in k.items():
    if n == "TOTAL":
        continue
    ext = n.rsplit(".", 1)[-1]
    pb, pc, ps = p.get(n, (b, 0, float("nan")))
    t = by[ext]
    t[0] += b; t[1] += c; t[2] += s; t[3] += pc; t[4] += ps
print(f"{'type':6} {'MB':>7} {'khien MB/s':>11} {'peer MB/s':>10} {'speed-up':>9} {'khien chars':>12} {'peer chars':>11}")
tot = [0, 0, 0.0, 0, 0.0]
for ext in sorted(by):
    b, c, s, pc, ps = by[ext]
    for i, v in enumerate((b, c, s, pc, ps)):
        tot[i] += v
    mb = b / 1e6
    print(f"{ext:6} {mb:7.2f} {mb / max(s, 1e-9):11.1f} {mb / max(ps, 1e-9):10.1f} {ps / max(s, 1e-9):8.1f}x {c:12d} {pc:11d}")
b, c, s, pc, ps = tot
print(f"{'all':6} {b / 1e6:7.2f} {b / 1e6 / max(s, 1e-9):11.1f} {b / 1e6 / max(ps, 1e-9):10.1f} {ps / max(s, 1e-9):8.1f}x {c:12d} {pc:11d}")
PY
echo "(per-file timings: $OUT/khien.tsv, $OUT/kreuzberg.tsv; peer errors: $OUT/kreuzberg.err)"
