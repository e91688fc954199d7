#!/usr/bin/env bash
# Peak memory of `khien scan` and `khien redact` on the hostile shapes that once took
# gigabytes: an archive of many large members, a nested zip bomb, and a large plain-text file.
# Prints peak RSS for 1 and 2 worker threads. Run by hand: bash bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/memory
mkdir -p "$OUT"
cargo build --release -q -p khien-cli
BIN=./target/release/khien
python3 - "$OUT" "$BIN" <<'PY'
import io, os, resource, subprocess, sys, time, zipfile
out, binary = sys.argv[1], sys.argv[2]

def varied_text(size, seed):
    # Varied lines (not one line repeated): record-like rows with changing numbers.
    rows, n, i = [], 0, seed
    while n < size:
        line = (f"{i}. Công văn số {i % 997}/UBND-VP ngày {1 + i % 28}/{1 + i % 12}/2025 "
                f"về việc triển khai kế hoạch {i * 7919 % 100003}, mã hồ sơ HS{i * 31 % 1000003:07d}.\n")
        rows.append(line); n += len(line.encode()); i += 1
    return "".join(rows).encode()[:size]

def build():
    cases = []
    p = os.path.join(out, "members-110x20MB.zip")
    if not os.path.exists(p):
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            for k in range(110):
                z.writestr(f"hoso/m{k:03d}.txt", varied_text(20 << 20, k * 1000))
    cases.append(("110 members x 20 MiB varied text (zip)", p))
    p = os.path.join(out, "members-110x20MB-logs.zip")
    if not os.path.exists(p):
        # Log-like members that compress about 130:1, under the ratio limit, as archived
        # application logs do.
        block = "".join(f"2025-06-{1 + k % 28:02d} INFO  dich-vu cong: xu ly yeu cau thanh cong, ma {k % 50}\n"
                        for k in range(400)).encode()
        member = (block * ((20 << 20) // len(block) + 1))[:20 << 20]
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            for k in range(110):
                z.writestr(f"logs/app-{k:03d}.log", member)
    cases.append(("110 members x 20 MiB logs (zip, ~130:1)", p))
    p = os.path.join(out, "bomb-5x16.zip")
    if not os.path.exists(p):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("zeros.txt", b"\0" * (512 << 20))
        data = buf.getvalue()
        for level in range(5):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for k in range(16):
                    z.writestr(f"l{level}-{k}.zip", data)
            data = buf.getvalue()
        open(p, "wb").write(data)
    cases.append(("nested bomb, 5 levels x 16 x 512 MiB", p))
    p = os.path.join(out, "plain-1GB.txt")
    if not os.path.exists(p):
        with open(p, "wb") as f:
            for k in range(32):
                f.write(varied_text(32 << 20, k * 7777))
    cases.append(("plain text, 1 GiB", p))
    return cases

def peak(cmd):
    # Each measurement in a fresh Python child so RUSAGE_CHILDREN is this command's alone.
    code = ("import resource,subprocess,sys,time;t=time.time();"
            "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.time()-t)")
    rc, kib, secs = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True,
                                   text=True).stdout.split()
    return int(rc), int(kib) / 1024, float(secs)

print(f"{'case':<40} {'command':<18} {'peak RSS':>10} {'time':>8} exit")
for name, path in build():
    for threads in (1, 2):
        rc, mib, secs = peak([binary, "scan", "--threads", str(threads), "--format", "jsonl", path])
        print(f"{name:<40} {'scan -j' + str(threads):<18} {mib:8.0f} MiB {secs:7.1f}s {rc}")
    if path.endswith(".zip"):
        dest = os.path.join(out, "redacted")
        rc, mib, secs = peak([binary, "redact", path, "--out", dest, "--force", "--format", "json"])
        print(f"{name:<40} {'redact':<18} {mib:8.0f} MiB {secs:7.1f}s {rc}")
PY
