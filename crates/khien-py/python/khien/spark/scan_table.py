"""Kiểm kê dữ liệu cá nhân trong một bảng (the data-lake inventory of one table).

    python -m khien.spark.scan_table --input s3a://lake/ho_so/ --columns ho_ten,ghi_chu \\
        --output s3a://lake/khien/ho_so/ [--id-column ma_ho_so] [--format parquet]

Writes, under ``--output``:

- ``findings/`` (Parquet): one row per finding — ``row_id`` (the ``--id-column`` value, or
  Spark's row id), ``column``, ``kind``, ``start``, ``end``, ``char_start``, ``char_end``,
  ``confidence``, ``score``, ``sensitivity``, ``masked``, ``fingerprint``. Values are
  masked; the fingerprint tells equal values apart without them.
- ``summary/`` (Parquet) and ``summary.json``: per column and kind — ``rows`` (non-null
  cells), ``rows_with_kind``, ``rate`` (their share), ``findings``, ``sensitivity``; a
  column where nothing was found has one row with ``kind`` null. This is the inventory:
  which columns hold which personal data, and how much of it.

Each column's name is given to the engine as context, as a CSV header is. Run it with
``spark-submit`` on a cluster or as a plain ``python -m`` in local mode (``--master``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional, Sequence

from . import scan_udf


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m khien.spark.scan_table",
        description=(
            "Quét các cột văn bản của một bảng tìm dữ liệu cá nhân, ghi bảng phát hiện (đã che) "
            "và bảng tổng hợp theo cột. (Scan a table's text columns for personal data; write "
            "the findings, masked, and a per-column summary.)"
        ),
    )
    p.add_argument("--input", required=True, help="bảng đầu vào (input table path)")
    p.add_argument(
        "--columns",
        help="các cột, cách nhau bởi dấu phẩy; mặc định mọi cột chuỗi "
        "(comma-separated columns; default: every string column)",
    )
    p.add_argument("--output", required=True, help="thư mục kết quả (output folder)")
    p.add_argument(
        "--format", default="parquet", help="định dạng đầu vào (input format): parquet, orc, csv, json…"
    )
    p.add_argument("--id-column", help="cột định danh dòng (row id column)")
    p.add_argument("--kinds", help="chỉ các loại này (only these kinds), e.g. national_id,phone")
    p.add_argument("--min-confidence", choices=["low", "medium", "high"], default=None)
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument("--overwrite", action="store_true", help="ghi đè kết quả cũ (replace an earlier output)")
    return p.parse_args(argv)


def run(spark, args: argparse.Namespace) -> List[dict]:
    """Runs the inventory on an existing session; returns the summary rows."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    reader = spark.read.format(args.format)
    if args.format == "csv":
        reader = reader.option("header", "true")
    df = reader.load(args.input)
    if args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise SystemExit(f"không có cột (no such column): {', '.join(missing)}")
    else:
        columns = [f.name for f in df.schema.fields if isinstance(f.dataType, StringType)]
    if not columns:
        raise SystemExit("không có cột văn bản nào để quét (no text column to scan)")
    if args.id_column:
        if args.id_column not in df.columns:
            raise SystemExit(f"không có cột (no such column): {args.id_column}")
        df = df.withColumn("_khien_row", F.col(args.id_column).cast("string"))
    else:
        df = df.withColumn("_khien_row", F.monotonically_increasing_id().cast("string"))
    kinds = args.kinds.split(",") if args.kinds else None

    mode = "overwrite" if args.overwrite else "errorifexists"
    parts = []
    for c in columns:
        scan = scan_udf(kinds, args.min_confidence, field=c)
        parts.append(
            df.select(
                F.col("_khien_row").alias("row_id"),
                F.lit(c).alias("column"),
                F.explode(scan(F.col(c).cast("string"))).alias("f"),
            ).select("row_id", "column", "f.*")
        )
    findings = parts[0]
    for p in parts[1:]:
        findings = findings.unionByName(p)
    findings_path = os.path.join(args.output, "findings")
    findings.write.mode(mode).parquet(findings_path)

    # The summary reads the written findings back: the table is scanned once.
    written = spark.read.parquet(findings_path)
    per_kind = written.groupBy("column", "kind").agg(
        F.countDistinct("row_id").alias("rows_with_kind"),
        F.count(F.lit(1)).alias("findings"),
        F.max(F.when(F.col("sensitivity") == "sensitive", 1).otherwise(0)).alias("_sensitive"),
    )
    counts = df.select([F.count(F.col(c)).alias(c) for c in columns]).first().asDict()
    summary: List[dict] = []
    for r in per_kind.collect():
        total = counts[r["column"]]
        summary.append(
            {
                "column": r["column"],
                "kind": r["kind"],
                "sensitivity": "sensitive" if r["_sensitive"] else "basic",
                "rows": total,
                "rows_with_kind": r["rows_with_kind"],
                "rate": round(r["rows_with_kind"] / total, 6) if total else 0.0,
                "findings": r["findings"],
            }
        )
    seen = {s["column"] for s in summary}
    for c in columns:
        if c not in seen:
            summary.append(
                {
                    "column": c,
                    "kind": None,
                    "sensitivity": None,
                    "rows": counts[c],
                    "rows_with_kind": 0,
                    "rate": 0.0,
                    "findings": 0,
                }
            )
    summary.sort(key=lambda s: (columns.index(s["column"]), -s["rows_with_kind"], s["kind"] or ""))
    schema = (
        "column string, kind string, sensitivity string, rows long, rows_with_kind long, "
        "rate double, findings long"
    )
    spark.createDataFrame(summary, schema=schema).coalesce(1).write.mode(mode).parquet(
        os.path.join(args.output, "summary")
    )
    if "://" not in args.output:
        with open(os.path.join(args.output, "summary.json"), "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
    return summary


def _print(summary: List[dict]) -> None:
    print("cột (column)\tloại (kind)\tdòng có / tổng (rows with / rows)\ttỉ lệ (rate)")
    for s in summary:
        print(
            f"{s['column']}\t{s['kind'] or '-'}\t{s['rows_with_kind']}/{s['rows']}\t"
            f"{s['rate'] * 100:.2f}%"
        )


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("khien-scan-table")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        _print(run(spark, args))
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
