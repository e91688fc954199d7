#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the ones named) for a given time each, with a corpus seeded
# from the repository's test files, and prints executions and crashes per target. Not in CI:
# fuzzing hours live here. Run by hand: bash bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on the stable toolchain without
# sanitizers (`-s none`, RUSTC_BOOTSTRAP for libFuzzer's flags). Results: bench/out/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-1800}"
shift || true
OUT=bench/out/fuzz
mkdir -p "$OUT"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(cargo fuzz list)
fi

# Seeds: files of the matching format found under the repository's tests and examples, plus
# the examples folder for the text-like targets.
seed() { # target corpus-dir
  local t=$1 dir=$2 ext
  mkdir -p "$dir"
  case "$t" in
    extract_*) ext=${t#extract_} ;;
    xml_tokenizer) ext=xml ;;
    mail_header) ext=eml ;;
    legacy|normalize|detect|message|url|qr|redact) ext=txt ;;
    comply_rules) ext=toml ;;
    *) ext=txt ;;
  esac
  find crates examples -type f -name "*.${ext}" -size -256k 2>/dev/null | head -200 |
    while read -r f; do cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"; done
  # Small documents built by the extractor's own fixtures are in the test binaries, not on
  # disk: give libFuzzer at least one tiny seed so it starts.
  [ -n "$(ls -A "$dir")" ] || printf 'CCCD 001090000001\n' > "$dir/seed"
}

cargo fuzz build -s none -O >/dev/null
printf '%-16s %10s %12s %10s %s\n' target seconds executions exec/s crashes
for t in "${TARGETS[@]}"; do
  corpus="fuzz/corpus/$t"
  [ -d "$corpus" ] || seed "$t" "$corpus"
  log="$OUT/$t.log"
  set +e
  cargo fuzz run -s none -O "$t" "$corpus" -- -max_total_time="$SECS" -rss_limit_mb=2048 \
    -timeout=30 -print_final_stats=1 >"$log" 2>&1
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(ls fuzz/artifacts/"$t" 2>/dev/null | wc -l)
  printf '%-16s %10s %12s %10s %s\n' "$t" "$SECS" "${execs:-?}" "${rate:-?}" "$crashes"
done
