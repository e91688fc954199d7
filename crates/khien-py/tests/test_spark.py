"""khien.spark on PySpark in local mode over a generated Parquet table."""

import json
import os
import random
import shutil
import subprocess
import sys

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java for Spark", allow_module_level=True)

from khien.spark import redact_series, scan_series  # noqa: E402

ROWS = 300
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"]
MIDDLES = ["Văn", "Thị", "Minh", "Thu", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Lan", "Tuấn"]
# Prefixes in use by the carriers (095 and many 099x are not): every note's number is a
# mobile the engine must find.
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "070"]


def _cccd(i: int) -> str:
    # Province 001 (Hà Nội), a century/sex digit and a birth year, then a serial: the shape
    # the validator accepts, not anybody's number.
    return f"0010{90 + i % 10}{i:06d}"


def _table(path) -> None:
    rnd = random.Random(7)
    rows = []
    for i in range(ROWS):
        name = f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLES)} {rnd.choice(GIVEN)}"
        note = (
            f"Liên hệ {name} qua số {rnd.choice(MOBILE_PREFIXES)}{rnd.randrange(10**6, 10**7)}"
            if i % 3 == 0
            else "Đã xử lý hồ sơ, không có ghi chú."
        )
        rows.append({"ma_ho_so": f"HS{i:05d}", "so_cccd": _cccd(i), "ghi_chu": note, "so_tien": i * 1000})
    pd.DataFrame(rows).to_parquet(path)


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    d = tmp_path_factory.mktemp("lake")
    path = d / "ho_so.parquet"
    _table(path)
    return d, path


def test_series_helpers_without_spark():
    s = pd.Series(["CCCD 001090000001", None, "không có gì"])
    out = scan_series(s)
    assert [len(x) for x in out] == [1, 0, 0]
    assert out[0][0]["kind"] == "national_id" and out[0][0]["masked"] == "0010******01"
    assert "value" not in out[0][0]
    red = redact_series(s)
    assert red[1] is None and "001090000001" not in red[0]


def test_scan_table_job_writes_the_inventory(table):
    d, path = table
    out = d / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    proc = subprocess.run(
        [
            sys.executable, "-m", "khien.spark.scan_table",
            "--input", str(path), "--columns", "so_cccd,ghi_chu",
            "--output", str(out), "--id-column", "ma_ho_so", "--master", "local[2]",
        ],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    by = {(s["column"], s["kind"]): s for s in summary}
    cccd = by[("so_cccd", "national_id")]
    assert cccd["rows"] == ROWS and cccd["rows_with_kind"] == ROWS and cccd["rate"] == 1.0
    assert by[("ghi_chu", "phone")]["rows_with_kind"] == ROWS // 3
    assert by[("ghi_chu", "person_name")]["rows_with_kind"] == ROWS // 3
    assert abs(by[("ghi_chu", "phone")]["rate"] - 1 / 3) < 1e-6
    assert "so_cccd" in proc.stdout and "national_id" in proc.stdout

    findings = pd.read_parquet(out / "findings")
    assert set(findings.columns) >= {"row_id", "column", "kind", "masked", "fingerprint", "score"}
    assert len(findings[findings.kind == "national_id"]) == ROWS
    assert findings[findings.row_id == "HS00000"].kind.tolist().count("national_id") == 1
    # Masked, never the values.
    assert not findings.masked.str.contains(_cccd(5)).any()
    assert findings[findings.kind == "national_id"].masked.str.contains(r"\*").all()
    summary_table = pd.read_parquet(out / "summary")
    assert len(summary_table) == len(summary)

    # An earlier output is not overwritten unless asked.
    again = subprocess.run(
        [sys.executable, "-m", "khien.spark.scan_table", "--input", str(path),
         "--columns", "so_cccd", "--output", str(out), "--master", "local[1]"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert again.returncode != 0


def test_udfs_in_a_session(table):
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from khien.spark import redact_udf, scan_udf

    _, path = table
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[1]").appName("khien-test").getOrCreate()
    try:
        df = spark.read.parquet(str(path))
        kinds = (
            df.select(F.explode(scan_udf()("ghi_chu")).alias("f"))
            .groupBy("f.kind").count().collect()
        )
        assert {r["kind"]: r["count"] for r in kinds}["phone"] == ROWS // 3
        red = df.select(redact_udf()("ghi_chu").alias("g")).collect()
        assert all("09" not in (r["g"] or "") for r in red)
        assert any("[SỐ ĐIỆN THOẠI]" in r["g"] for r in red)
    finally:
        spark.stop()


def test_polars_example_on_one_machine(table):
    pl = pytest.importorskip("polars")
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).parent.parent / "examples" / "polars_scan.py"
    spec = importlib.util.spec_from_file_location("polars_scan", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    _, parquet = table
    inv = example.inventory(pl.read_parquet(parquet), ["so_cccd", "ghi_chu"])
    rows = {(r["column"], r["kind"]): r for r in inv.to_dicts()}
    assert rows[("so_cccd", "national_id")]["rows_with_kind"] == ROWS
    assert rows[("ghi_chu", "phone")]["rows_with_kind"] == ROWS // 3
