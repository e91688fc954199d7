"""Khiên trên Spark (Khiên on Spark): pandas UDFs over text columns, and the data-lake
inventory job ``python -m khien.spark.scan_table``.

    from pyspark.sql import functions as F
    from khien.spark import scan_udf, redact_udf

    scan = scan_udf()                                  # array<struct<kind, start, …>>
    df.select(F.explode(scan("ghi_chu")).alias("f")).groupBy("f.kind").count()
    df.withColumn("ghi_chu", redact_udf()("ghi_chu"))  # de-identified copy of a column

The engine lives in the native module and is built once per Python worker process (Spark
reuses its Python workers, ``spark.python.worker.reuse``, on by default), then shared by
every batch that worker runs. Each Arrow batch is handed to the engine in one call with the
GIL released; Spark's own tasks give the parallelism (one per core), so a batch runs on one
thread.

Findings carry the masked value and the fingerprint, never the value itself.
"""

from __future__ import annotations

from typing import Iterable, Optional

import khien

__all__ = ["FINDING_FIELDS", "finding_type", "scan_udf", "redact_udf", "scan_series", "redact_series"]

#: The fields of a finding in a Spark column: the scan JSONL record's, less ``path``,
#: ``line``/``column`` (a cell is one value), ``offsets``, ``legal`` and ``reasons`` (see the
#: kind's legal references in the README), plus character offsets into the cell.
FINDING_FIELDS = (
    ("kind", "string"),
    ("start", "int"),
    ("end", "int"),
    ("char_start", "int"),
    ("char_end", "int"),
    ("confidence", "string"),
    ("score", "float"),
    ("sensitivity", "string"),
    ("masked", "string"),
    ("fingerprint", "string"),
)


def finding_type() -> str:
    """The Spark SQL type of a scanned cell: ``array<struct<kind:string, …>>``."""
    fields = ", ".join(f"{name}: {t}" for name, t in FINDING_FIELDS)
    return f"array<struct<{fields}>>"


def _row(f: "khien.Finding") -> dict:
    return {
        "kind": f.kind,
        "start": f.start,
        "end": f.end,
        "char_start": f.char_start,
        "char_end": f.char_end,
        "confidence": f.confidence,
        "score": f.score,
        "sensitivity": f.sensitivity,
        "masked": f.masked,
        "fingerprint": f.fingerprint,
    }


def scan_series(
    texts,
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
    field: Optional[str] = None,
):
    """Scans a pandas Series of strings; returns a Series of lists of finding dicts (also
    usable without Spark, e.g. on a pandas or Polars column)."""
    import pandas as pd

    values = [t if isinstance(t, str) else None for t in texts]
    found = khien.scan_texts(values, kinds, min_confidence, threads=1, field=field)
    return pd.Series([[_row(f) for f in fs] for fs in found], index=getattr(texts, "index", None))


def redact_series(texts, policy=None, key=None):
    """De-identifies a pandas Series of strings (``None`` stays ``None``)."""
    import pandas as pd

    values = [t if isinstance(t, str) else None for t in texts]
    out = khien.redact_texts(values, policy, key, threads=1)
    return pd.Series(out, index=getattr(texts, "index", None), dtype=object)


def scan_udf(
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
    field: Optional[str] = None,
):
    """A pandas UDF: a string column → ``array<struct<kind, start, end, char_start, char_end,
    confidence, score, sensitivity, masked, fingerprint>>``.

    :param field: the column's label, used as context (``"so_cccd"`` makes a bare
        12-digit number a CCCD with high confidence); :mod:`khien.spark.scan_table` passes
        each column's name.
    """
    from pyspark.sql.functions import pandas_udf

    kinds = None if kinds is None else list(kinds)

    @pandas_udf(finding_type())
    def khien_scan(texts):
        return scan_series(texts, kinds, min_confidence, field)

    return khien_scan


def redact_udf(policy=None, key=None):
    """A pandas UDF: a string column → its de-identified copy, as ``khien.redact_text``.

    Give a ``key`` for pseudonyms that agree across rows and executors (numbered ones restart
    in each cell).
    """
    from pyspark.sql.functions import pandas_udf

    # The policy is read on the driver: executors need not see the file.
    policy_text = khien._policy(policy)  # noqa: SLF001 (the package's own helper)

    @pandas_udf("string")
    def khien_redact(texts):
        return redact_series(texts, policy_text, key)

    return khien_redact
