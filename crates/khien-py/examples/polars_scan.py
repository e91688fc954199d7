"""Ví dụ: kiểm kê một tệp Parquet trên một máy với Polars (no Spark needed).

Example: the same per-column inventory as ``khien.spark.scan_table``, for one machine, with
Polars. Each column is handed to the engine as one batch (``khien.scan_texts``: every core,
the GIL released, the column's name as context).

    python polars_scan.py ho_so.parquet so_cccd ghi_chu
"""

from __future__ import annotations

import sys

import polars as pl

import khien


def inventory(df: pl.DataFrame, columns: list) -> pl.DataFrame:
    """Per column and kind: rows, rows with the kind, and their share."""
    out = []
    for c in columns:
        cells = df.get_column(c).cast(pl.Utf8).to_list()
        found = khien.scan_texts(cells, field=c)
        rows = sum(v is not None for v in cells)
        per_kind: dict = {}
        for fs in found:
            for kind in {f.kind for f in fs}:
                per_kind[kind] = per_kind.get(kind, 0) + 1
        for kind, n in sorted(per_kind.items(), key=lambda x: -x[1]):
            out.append({"column": c, "kind": kind, "rows": rows, "rows_with_kind": n, "rate": n / rows})
    return pl.DataFrame(out, schema=["column", "kind", "rows", "rows_with_kind", "rate"], orient="row")


if __name__ == "__main__":
    path, *cols = sys.argv[1:]
    frame = pl.read_parquet(path)
    print(inventory(frame, cols or [c for c, t in frame.schema.items() if t == pl.Utf8]))
