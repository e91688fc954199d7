#!/usr/bin/env bash
# Scanned-PDF throughput: the bench's form images (from `run.sh`, levels L0 and L2) bound into
# one PDF without a text layer, then timed through `khien scan` (pages drawn at 300 dpi by
# pdftoppm and read by Tesseract, the pages of the file in parallel up to --threads) on one and
# on all cores, and through `khien redact` (pages drawn at 200 dpi, read, boxed and rebuilt, a
# file's pages in parallel). Prints pages per second per core.
# Usage: bash bench/ocr/pdf_pages.sh [SEED] [KHIEN]   (run bench/ocr/run.sh --seed SEED first)
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${1:-1}
khien=${2:-$( [ -x target/release/khien ] && echo target/release/khien || echo target/debug/khien )}
work=target/bench-ocr/$seed
venv=target/bench-ocr-venv
[ -d "$work/L0" ] || { echo "run bash bench/ocr/run.sh --seed $seed first" >&2; exit 2; }
out=$work/pdf
rm -rf "$out" && mkdir -p "$out/in"
"$venv/bin/python" - "$work" "$out/in/scan.pdf" <<'PY'
import sys, glob
from PIL import Image
work, dest = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(f"{work}/L0/*_form.*")) + sorted(glob.glob(f"{work}/L2/*_form.*"))
pages = [Image.open(f).convert("RGB") for f in files]
pages[0].save(dest, save_all=True, append_images=pages[1:], resolution=300.0)
print(f"{len(pages)} pages -> {dest}")
PY
pages=$(pdfinfo "$out/in/scan.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo "binary: $khien ($(git rev-parse --short HEAD)); $(nproc) cores; $(tesseract --version 2>&1 | head -1)"
for threads in 1 "$(nproc)"; do
  s=$(date +%s.%N)
  "$khien" scan --format jsonl --ocr always --threads "$threads" "$out/in/scan.pdf" > "$out/scan-$threads.jsonl" || true
  e=$(date +%s.%N)
  python3 -c "w=$e-$s; print(f'scan, {$threads} thread(s): {$pages} pages in {w:.1f} s = {$pages/w:.2f} pages/s ({$pages/w/$threads:.2f} per core); findings: ' + str(sum(1 for l in open('$out/scan-$threads.jsonl') if '\"kind\"' in l)))"
done
s=$(date +%s.%N)
"$khien" redact "$out/in" --out "$out/redacted" --format json > "$out/redact.json" || true
e=$(date +%s.%N)
python3 -c "w=$e-$s; print(f'redact (one file, pages in parallel on $(nproc) cores): {$pages} pages in {w:.1f} s = {$pages/w:.2f} pages/s')"
python3 - "$out/redact.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["files"]:
    print(f"  {f['status']}: {sum(f['replaced'].values())} values replaced, {len(f['residual'])} residual; {f['notes'][-1][:120] if f['notes'] else ''}")
PY
