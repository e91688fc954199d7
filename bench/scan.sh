#!/usr/bin/env bash
# Side-by-side speed of `khien scan` and ripgrep running an equivalent regex set over the same
# generated Vietnamese corpus. Prints MB/s and the ratio. Run by hand: bash bench/scan.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-100}"
OUT=bench/out
mkdir -p "$OUT"

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
need hyperfine hyperfine

cargo build --release -q -p khien-cli
cargo build --release -q -p khien-detect --example gen_corpus --example detect_file
test -x ./target/release/khien
for PROFILE in dense prose; do
CORPUS="$OUT/corpus-${PROFILE}-${MB}mb.txt"
[ -f "$CORPUS" ] || ./target/release/examples/gen_corpus "$CORPUS" "$MB" "$PROFILE" 42
BYTES=$(stat -c %s "$CORPUS")

# Warm the page cache so that both tools read from memory.
cat "$CORPUS" > /dev/null

time_of() { # prints the mean CPU time (user + system) in seconds of a command, via hyperfine;
  # CPU time rather than wall time, so that other work on the machine skews less.
  # -i: khien exits 1 when it finds personal data.
  hyperfine -i --warmup 1 --runs 5 --export-json "$OUT/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json;r=json.load(open('$OUT/h.json'))['results'][0];print(r['user']+r['system'])"
}

report() { # name seconds
  python3 -c "b=$BYTES;s=float('$2');print(f'{\"$1\":<44} {s*1000:9.1f} ms {b/s/1e6:9.1f} MB/s')"
}

echo
echo "corpus: $CORPUS ($((BYTES / 1000000)) MB, $PROFILE), $(nproc) cores"
echo "ripgrep: $(rg --version 2>/dev/null | sed -n 1p)"
RG1=$(time_of "rg -j1 --count-matches -f bench/rg-patterns.txt $CORPUS")
RGJ=$(time_of "rg -j1 --json -f bench/rg-patterns.txt $CORPUS > /dev/null")
KH1=$(time_of "./target/release/khien scan --threads 1 --kinds national_id,old_id,passport,phone,email,tax_code,social_insurance,health_insurance,bank_card,bank_account,vehicle_plate,driving_licence,ip_address,gps_location,date_of_birth,credential --format jsonl $CORPUS > /dev/null")
KA1=$(time_of "./target/release/khien scan --threads 1 --format jsonl $CORPUS > /dev/null")
ENG=$(./target/release/examples/detect_file "$CORPUS" structured | sed -E 's/.*, ([0-9.]+) MB\/s/\1/')
ENGA=$(./target/release/examples/detect_file "$CORPUS" | sed -E 's/.*, ([0-9.]+) MB\/s/\1/')
report "ripgrep, 11 patterns, count, 1 thread" "$RG1"
report "ripgrep, 11 patterns, --json, 1 thread" "$RGJ"
report "khien scan, structured kinds, 1 thread" "$KH1"
report "khien scan, all kinds, 1 thread" "$KA1"
echo "khien engine only (structured, in memory)      $ENG MB/s"
echo "khien engine only (all kinds, in memory)       $ENGA MB/s"
python3 -c "print(f'speed ratio khien/ripgrep-count (structured, 1 thread): {float($RG1)/float($KH1):.2f}x')"
python3 -c "print(f'speed ratio khien/ripgrep-json  (structured, 1 thread): {float($RGJ)/float($KH1):.2f}x')"
python3 -c "print(f'speed ratio khien/ripgrep-count (all kinds, 1 thread):  {float($RG1)/float($KA1):.2f}x')"
done
