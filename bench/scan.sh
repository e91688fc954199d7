#!/usr/bin/env bash
# Side-by-side speed of `khien scan` and ripgrep running an equivalent regex set
# (bench/rg-patterns.txt) over the same generated Vietnamese corpora, one per profile of
# crates/khien-detect/benches/common/corpus.rs:
#   prose (.txt)   letters, reports, news, minutes; personal data on ~1 line in 100
#   office (.txt)  letterheads, tables of people, contracts, invoices
#   hr_csv (.csv)  an HR export, 8–12 identifiers a line
#   json (.jsonl)  JSON Lines records, nested, some strings escaped
#   logs (.log)    web server, application and system logs
# `khien scan` routes files by extension, so each corpus carries its profile's.
#
# Prints one table: per profile, MB/s and CPU time (user + system, mean of 5 runs after a warm-up,
# via hyperfine) of ripgrep -j1 --count-matches, ripgrep -j1 --json, khien scan with the
# structured kinds and with all kinds (1 thread each), the speed ratios, and the counts of matches
# and findings; then the findings by kind and the engine alone on each corpus. Everything is also
# written to bench/out/scan-results.txt.
#
# Run by hand: bash bench/scan.sh [MB per profile, default 50] [PROFILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-50}"
shift || true
PROFILES="${*:-prose office hr_csv json logs}"
OUT=bench/out
RESULTS="$OUT/scan-results.txt"
mkdir -p "$OUT"

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
need hyperfine hyperfine

cargo build --release -q -p khien-cli
cargo build --release -q -p khien-detect --example gen_corpus --example detect_file
test -x ./target/release/khien
GEN=./target/release/examples/gen_corpus
KHIEN=./target/release/khien
STRUCTURED=national_id,old_id,passport,phone,email,tax_code,social_insurance,health_insurance,bank_card,bank_account,vehicle_plate,driving_licence,ip_address,gps_location,date_of_birth,credential

ext() {
  case "$1" in
    hr_csv) echo csv ;;
    json) echo jsonl ;;
    logs) echo log ;;
    *) echo txt ;;
  esac
}

time_of() { # prints the mean CPU time (user + system) in seconds of a command, via hyperfine;
  # CPU time rather than wall time, so that other work on the machine skews less.
  # -i: khien exits 1 when it finds personal data (and rg when it finds nothing).
  hyperfine -i --warmup 1 --runs 5 --export-json "$OUT/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json;r=json.load(open('$OUT/h.json'))['results'][0];print(r['user']+r['system'])"
}

ROWS="$OUT/scan-rows.tsv"
KINDS="$OUT/scan-kinds.tsv"
: >"$ROWS"
: >"$KINDS"
for PROFILE in $PROFILES; do
  CORPUS="$OUT/corpus-${PROFILE}-${MB}mb.$(ext "$PROFILE")"
  # Regenerated whenever the generator was rebuilt after it.
  if [ ! -f "$CORPUS" ] || [ "$GEN" -nt "$CORPUS" ]; then
    "$GEN" "$CORPUS" "$MB" "$PROFILE" 42
  fi
  BYTES=$(stat -c %s "$CORPUS")
  # Warm the page cache so that both tools read from memory.
  cat "$CORPUS" >/dev/null
  echo "measuring $PROFILE ($CORPUS)…" >&2

  RG1=$(time_of "rg -j1 --count-matches -f bench/rg-patterns.txt $CORPUS")
  RGJ=$(time_of "rg -j1 --json -f bench/rg-patterns.txt $CORPUS > /dev/null")
  KH1=$(time_of "$KHIEN scan --threads 1 --kinds $STRUCTURED --format jsonl $CORPUS > /dev/null")
  KA1=$(time_of "$KHIEN scan --threads 1 --format jsonl $CORPUS > /dev/null")

  # Counts, from one more untimed run of each.
  RGN=$(rg -j1 --count-matches -f bench/rg-patterns.txt "$CORPUS" || echo 0)
  KHN=$({ "$KHIEN" scan --threads 1 --kinds "$STRUCTURED" --format jsonl "$CORPUS" || true; } | grep -c '"kind":' || true)
  { "$KHIEN" scan --threads 1 --format jsonl "$CORPUS" || true; } |
    grep -o '"kind":"[a-z_]*"' | sort | uniq -c | sort -rn |
    awk -v p="$PROFILE" '{gsub(/"kind":|"/, "", $2); print p "\t" $2 "\t" $1}' >>"$KINDS" || true
  KAN=$(awk -F'\t' -v p="$PROFILE" '$1 == p {n += $3} END {print n + 0}' "$KINDS")
  ENG=$("./target/release/examples/detect_file" "$CORPUS" structured | sed -E 's/^([0-9]+) findings, ([0-9.]+) MB\/s.*/\1 \2/')
  ENGA=$("./target/release/examples/detect_file" "$CORPUS" | sed -E 's/^([0-9]+) findings, ([0-9.]+) MB\/s.*/\1 \2/')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$PROFILE" "$CORPUS" "$BYTES" \
    "$RG1" "$RGJ" "$KH1" "$KA1" "$RGN" "$KHN" "$KAN" "$ENG" "$ENGA" >>"$ROWS"
done

HEADER="khien scan vs ripgrep — $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'), $(nproc) cores, $(rg --version | sed -n 1p), ${MB} MB per profile"
python3 - "$ROWS" "$KINDS" "$HEADER" <<'EOF' | tee "$RESULTS"
import sys
rows_path, kinds_path, header = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(rows_path, encoding="utf-8") if l.strip()]
kinds = {}
for l in open(kinds_path, encoding="utf-8"):
    p, k, n = l.rstrip("\n").split("\t")
    kinds.setdefault(p, []).append((k, int(n)))

def cell(b, s):
    return f"{b / s / 1e6:7.1f} {s * 1000:7.0f}"

print(header)
print("CPU time (user + system), mean of 5 runs after a warm-up, 1 thread; MB/s = bytes / CPU time.")
print("ratio = ripgrep CPU time / khien CPU time (above 1: khien is faster).")
print()
top = f"{'':<8} {'':>5}  {'rg --count-matches':>15}  {'rg --json':>15}  {'khien structured':>15}  {'khien all kinds':>15}  {'khien structured / rg':>21}  {'all / rg':>8}  {'matches / findings (per MB)':>29}"
sub = f"{'profile':<8} {'MB':>5}  " + "  ".join([f"{'MB/s':>7} {'ms':>7}"] * 4) + f"  {'count':>7} {'--json':>6}  {'count':>7}     {'rg':>9} {'struct':>9} {'all':>9}"
print(top)
print(sub)
print("-" * len(sub))
for p, path, b, rg1, rgj, kh1, ka1, rgn, khn, kan, eng, enga in rows:
    b = int(b)
    rg1, rgj, kh1, ka1 = map(float, (rg1, rgj, kh1, ka1))
    mb = b / 1e6
    print(
        f"{p:<8} {mb:5.1f}  {cell(b, rg1)}  {cell(b, rgj)}  {cell(b, kh1)}  {cell(b, ka1)}  "
        f"{rg1 / kh1:7.2f} {rgj / kh1:6.2f}  {rg1 / ka1:7.2f}     "
        f"{int(rgn) / mb:9.0f} {int(khn) / mb:9.0f} {int(kan) / mb:9.0f}"
    )
print()
print("Findings by kind, khien scan with all kinds (count, per MB):")
for p, path, b, *_ in rows:
    mb = int(b) / 1e6
    ks = kinds.get(p, [])
    print(f"  {p:<8} " + ", ".join(f"{k} {n} ({n / mb:.0f})" for k, n in ks))
print()
print("The engine alone on each file's raw text, in memory, wall time (examples/detect_file; no")
print("CSV/JSON extraction, so not the scan's findings on .csv/.jsonl):")
for p, path, b, rg1, rgj, kh1, ka1, rgn, khn, kan, eng, enga in rows:
    en, es = eng.split()
    an, as_ = enga.split()
    print(f"  {p:<8} structured {float(es):7.1f} MB/s, {en} findings; all kinds {float(as_):7.1f} MB/s, {an} findings")
EOF
