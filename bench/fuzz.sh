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
  if [ "$t" = ocr_output ]; then
    # What the programs print: Tesseract's TSV of a drawn card, pdftotext's bbox XHTML.
    printf 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t10\t20\t60\t30\t96.1\tCĂN\n5\t1\t1\t1\t1\t2\t80\t20\t90\t30\t95\tCƯỚC\n5\t1\t1\t1\t2\t1\t10\t70\t260\t34\t91.5\t079186004321\n' > "$dir/tsv"
    printf '<doc><page width="300" height="200"><flow><block><line><word xMin="20" yMin="87" xMax="61" yMax="103">Số&amp;</word><word xMin="66" yMin="87" xMax="186" yMax="103">001099012345</word></line></block></flow></page></doc>\n' > "$dir/bbox"
  fi
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
