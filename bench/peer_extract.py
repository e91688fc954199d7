"""Times a PyPI extractor over a folder, one file at a time (used by bench/extract.sh).

Prints `name<TAB>bytes<TAB>chars<TAB>seconds` per file and a TOTAL line, like
`bench_extract run`. Peer: kreuzberg (Rust core, installed from PyPI; no network at run time).
"""
import os
import sys
import time


def main(folder: str) -> None:
    from kreuzberg import extract_file_sync

    tb = tc = 0
    tt = 0.0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        size = os.path.getsize(path)
        t = time.perf_counter()
        try:
            chars = len(extract_file_sync(path).content)
        except Exception as e:  # noqa: BLE001 - report and go on, like khien
            print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
            chars = 0
        s = time.perf_counter() - t
        print(f"{name}\t{size}\t{chars}\t{s:.4f}")
        tb += size
        tc += chars
        tt += s
    print(f"TOTAL\t{tb}\t{tc}\t{tt:.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
