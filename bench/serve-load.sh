#!/usr/bin/env bash
# Load test of the platform's public check API (`POST /api/v1/check`) on loopback: builds the
# release `khien`, serves a throwaway data folder with the per-address rate limit raised, and
# drives it with wrk (Debian's package) using a varied set of messages (the judge's regression
# corpus, rotated per request); then uploads to `POST /api/v1/scan` with a token, rotating over
# generated office-like files. Prints throughput and latency percentiles. Not in CI.
#
# Usage: bash bench/serve-load.sh [SECONDS] [CONNECTIONS]   (default 20 s, 32 connections)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-20}"
CONNS="${2:-32}"
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p khien-cli
DATA=$(mktemp -d)
PORT=18${RANDOM:0:3}
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
./target/release/khien serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" --no-lists \
  --check-per-minute 100000000 >"$OUT/serve-load.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# The request bodies: every message of the regression corpora, as JSON, in a Lua table.
python3 - "$OUT/serve-load.lua" <<'PY'
import json, sys
bodies = []
for f in ["crates/khien-judge/tests/corpus/scam.jsonl", "crates/khien-judge/tests/corpus/legit.jsonl",
          "crates/khien-judge/tests/corpus/holdout_scam.jsonl", "crates/khien-judge/tests/corpus/holdout_legit.jsonl"]:
    for line in open(f, encoding="utf-8"):
        if line.strip():
            c = json.loads(line)
            body = {"text": c["text"]}
            if c.get("sender"):
                body["sender"] = c["sender"]
            bodies.append(json.dumps(body, ensure_ascii=False))
with open(sys.argv[1], "w", encoding="utf-8") as o:
    o.write("local bodies = {\n")
    for b in bodies:
        o.write("  " + json.dumps(b, ensure_ascii=False) + ",\n")
    o.write("}\nlocal i = 0\nwrk.method = 'POST'\nwrk.headers['Content-Type'] = 'application/json'\n")
    o.write("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, '/api/v1/check', nil, bodies[i])\nend\n")
    o.write("done = function(summary, latency, requests)\n")
    o.write("  io.write(string.format('requests %d, errors (non-2xx) %d\\n', summary.requests, summary.errors.status))\n")
    o.write("  for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format('p%s %.2f ms\\n', p, latency:percentile(p) / 1000)) end\nend\n")
PY
echo "server: khien serve on 127.0.0.1:$PORT, $(nproc) cores shared with wrk"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$OUT/serve-load.lua" "http://127.0.0.1:$PORT" | tee "$OUT/serve-load.txt"

# Uploads: POST /api/v1/scan (token) with a multipart body, rotating over several office-like
# files (a CSV export, a letter, a JSON record set) generated here so that no two are alike.
TOKEN=$(./target/release/khien admin token create --name load --data-dir "$DATA")
python3 - "$OUT/serve-upload.lua" "$TOKEN" <<'PY'
import json, random, sys
random.seed(7)
first = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
middle = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc"]
last = ["An", "Bình", "Cường", "Dung", "Hà", "Long", "Mai", "Sơn"]
def person():
    return f"{random.choice(first)} {random.choice(middle)} {random.choice(last)}"
def csv_file():
    rows = ["ho_ten,cccd,dien_thoai,email,dia_chi"]
    for i in range(random.randrange(40, 120)):
        rows.append(f"{person()},0{random.randrange(10, 96):02d}0{random.randrange(80, 99)}{random.randrange(10**6, 10**7):07d},09{random.randrange(10**7, 10**8)},nv{i}@so.gov.vn,Số {random.randrange(1, 300)} đường Lê Lợi")
    return "danh-sach.csv", "\n".join(rows)
def letter():
    body = [f"Kính gửi: Ông/Bà {person()}", "Sở Công Thương trân trọng thông báo về việc giải quyết hồ sơ."]
    for _ in range(random.randrange(5, 25)):
        body.append(f"Liên hệ cán bộ {person()}, điện thoại 09{random.randrange(10**7, 10**8)} để được hướng dẫn thủ tục.")
    return "cong-van.txt", "\n".join(body)
def records():
    return "ho-so.json", json.dumps([{"ho_ten": person(), "so_cccd": f"001{random.randrange(10**8, 10**9)}", "ghi_chu": "đã nhận"} for _ in range(random.randrange(20, 80))], ensure_ascii=False)
files = [random.choice([csv_file, letter, records])() for _ in range(60)]
b = "khienloadboundary"
bodies = []
for name, text in files:
    bodies.append(f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{text}\r\n--{b}--\r\n")
with open(sys.argv[1], "w", encoding="utf-8") as o:
    o.write("local bodies = {\n")
    for x in bodies:
        o.write("  " + json.dumps(x, ensure_ascii=False) + ",\n")
    o.write("}\nlocal i = 0\nwrk.method = 'POST'\n")
    o.write(f"wrk.headers['Content-Type'] = 'multipart/form-data; boundary={b}'\nwrk.headers['Authorization'] = 'Bearer {sys.argv[2]}'\n")
    o.write("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, '/api/v1/scan', nil, bodies[i])\nend\n")
    o.write("done = function(summary, latency, requests)\n")
    o.write("  io.write(string.format('requests %d, errors (non-2xx) %d\\n', summary.requests, summary.errors.status))\n")
    o.write("  for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format('p%s %.2f ms\\n', p, latency:percentile(p) / 1000)) end\nend\n")
PY
echo "uploads: POST /api/v1/scan, 60 generated files of 2-12 KB rotated, 8 connections"
wrk -t2 -c8 -d"${SECS}s" --latency -s "$OUT/serve-upload.lua" "http://127.0.0.1:$PORT" | tee "$OUT/serve-upload.txt"
