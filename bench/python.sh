#!/usr/bin/env bash
# Benchmark of the Python package (crates/khien-py): the Python overhead per call of
# khien.scan_text on short strings against the Rust engine alone on the same strings, and
# Spark rows per second in local mode with 1 and 2 cores. Builds a release wheel into its own
# virtual environment (target/py-bench) with pyspark, pandas and pyarrow.
#
# Usage: bench/python.sh [ROWS]   (Spark table rows, default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-200000}"
WORK="${TMPDIR:-/tmp}/khien-bench-py"
VENV=target/py-bench
mkdir -p "$WORK"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check 'maturin>=1.9.4,<2' pyspark pandas pyarrow
"$VENV/bin/maturin" build -q --release -m crates/khien-py/Cargo.toml --locked -o "$WORK/wheels"
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$WORK"/wheels/khien-*.whl
cargo build -q --release -p khien-py --example engine_per_call

# Short strings as they come from a table or a chat: a name, a number, a sentence, nothing.
"$VENV/bin/python" - "$WORK/short.txt" <<'PY'
import random, sys
random.seed(11)
names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Dung"]
out = []
for i in range(1000):
    r = i % 5
    if r == 0:
        out.append(f"Họ tên: {random.choice(names)}")
    elif r == 1:
        out.append(f"SĐT 09{random.randrange(10**7, 10**8)}")
    elif r == 2:
        out.append(f"CCCD 0010{random.randrange(90, 99)}{random.randrange(10**5, 10**6):06d}")
    elif r == 3:
        out.append("Đã xử lý hồ sơ, hẹn trả kết quả thứ Hai.")
    else:
        out.append(f"Đơn hàng #{random.randrange(10**5, 10**6)} đã giao")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out))
PY
echo "== per call, 1000 short strings (mean 20-40 bytes), one thread"
target/release/examples/engine_per_call "$WORK/short.txt" 20 | tee "$WORK/rust.txt"
"$VENV/bin/python" - "$WORK/short.txt" <<'PY'
import sys, time
import khien
from khien import _native
texts = open(sys.argv[1], encoding="utf-8").read().split("\n")
for t in texts:
    khien.scan_text(t)
def per_call(f, rounds=20):
    start = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            f(t)
    return (time.perf_counter() - start) / (rounds * len(texts)) * 1e9
print(f"native_ns_per_call {per_call(_native.scan_text):.0f}")
print(f"scan_text_ns_per_call {per_call(khien.scan_text):.0f}")
start = time.perf_counter()
for _ in range(20):
    khien.scan_texts(texts, threads=1)
print(f"scan_texts_ns_per_item {(time.perf_counter() - start) / (20 * len(texts)) * 1e9:.0f}")
PY

echo "== Spark local mode, $ROWS rows x 2 text columns"
"$VENV/bin/python" - "$WORK" "$ROWS" <<'PY'
import os, random, sys, time
import pandas as pd
work, rows = sys.argv[1], int(sys.argv[2])
path = os.path.join(work, f"table-{rows}.parquet")
if not os.path.exists(path):
    random.seed(7)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Dung", "Hoàng Đức Em"]
    pd.DataFrame({
        "so_cccd": [f"0010{90 + i % 10}{i % 10**6:06d}" for i in range(rows)],
        "ghi_chu": [f"Liên hệ {random.choice(names)} qua số 09{random.randrange(10**7, 10**8)}" if i % 3 == 0
                    else "Đã xử lý hồ sơ, không có ghi chú." for i in range(rows)],
    }).to_parquet(path, row_group_size=20000)
os.environ["PYSPARK_PYTHON"] = sys.executable
from pyspark.sql import SparkSession, functions as F
from khien.spark import scan_udf
for cores in (1, 2):
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("khien-bench")
             .config("spark.sql.shuffle.partitions", str(cores))
             .config("spark.sql.files.maxPartitionBytes", str(1 << 20)).getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(path)
    q = df.select(F.explode(scan_udf(field="so_cccd")("so_cccd")).alias("a"),
                  F.size(scan_udf(field="ghi_chu")("ghi_chu")).alias("b"))
    q.limit(1000).write.format("noop").mode("overwrite").save()  # warm the workers
    start = time.perf_counter()
    q.write.format("noop").mode("overwrite").save()
    secs = time.perf_counter() - start
    print(f"spark_local_{cores}: {rows} rows in {secs:.1f} s = {rows / secs:.0f} rows/s ({rows / secs / cores:.0f} rows/s per core)")
    spark.stop()
PY
