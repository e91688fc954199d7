"""The core API on the installed wheel: scan, redact, check, batches, the GIL."""

import json
import subprocess
import sys
import threading
import time

import pytest

import khien


def test_scan_text_finds_the_identifiers_with_the_jsonl_fields(record):
    found = khien.scan_text(record)
    kinds = [f.kind for f in found]
    assert kinds == ["person_name", "national_id", "phone", "email"]
    cccd = found[1]
    # Byte offsets (the JSONL contract) and character offsets (Python indexing) differ here,
    # because the text before the number holds multi-byte Vietnamese letters.
    assert record.encode()[cccd.start : cccd.end] == b"001090000001"
    assert record[cccd.char_start : cccd.char_end] == "001090000001"
    assert cccd.start > cccd.char_start
    assert (cccd.line, cccd.column) == (2, 10)
    assert cccd.masked == "0010******01"
    assert cccd.value is None  # values are masked unless asked for
    assert cccd.confidence == "high" and 0.8 <= cccd.score <= 1.0
    assert cccd.path == "<text>"
    assert cccd.legal[0].startswith("D356")
    d = cccd.to_dict()
    assert set(d) >= {
        "path", "kind", "start", "end", "line", "column", "offsets", "confidence", "score",
        "sensitivity", "legal", "masked", "fingerprint", "reasons",
    }
    assert "value" not in d
    assert {"code", "detail", "vi", "en"} <= set(d["reasons"][0])


def test_scores_read_as_the_jsonl_writes_them(record):
    # The record is the CLI's own serialisation: a float32 score reads 0.95, not 0.9499999.
    for f in khien.scan_text(record):
        assert f.score == round(f.score, 4)


def test_scan_text_matches_the_cli_jsonl(tmp_path, record):
    """Same engine, same records as `khien scan --format jsonl` of the same text as a file."""
    cli = _cli()
    if cli is None:
        pytest.skip("the khien binary is not built (cargo build -p khien-cli)")
    p = tmp_path / "r.txt"
    p.write_text(record, encoding="utf-8")
    out = subprocess.run([cli, "scan", "--format", "jsonl", str(p)], capture_output=True)
    lines = [json.loads(line) for line in out.stdout.decode().splitlines()]
    ours = [f.to_dict() for f in khien.scan_text(record)]
    for a, b in zip(lines, ours):
        a.pop("path"), b.pop("path")
    assert lines == ours


def _cli():
    import os
    import shutil

    here = os.path.dirname(__file__)
    for p in ("../../../target/debug/khien", "../../../target/release/khien"):
        full = os.path.join(here, p)
        if os.path.exists(full):
            return full
    return shutil.which("khien")


def test_show_values_and_filters(record):
    found = khien.scan_text(record, kinds=["national_id"], show_values=True)
    assert [f.kind for f in found] == ["national_id"]
    assert found[0].value == "001090000001"
    assert khien.scan_text(record, kinds="phone")[0].kind == "phone"
    high = khien.scan_text("số 0912345678", min_confidence="high")
    low = khien.scan_text("số 0912345678", min_confidence="low")
    assert len(high) <= len(low)
    with pytest.raises(ValueError, match="unknown kind"):
        khien.scan_text(record, kinds=["shoe_size"])
    with pytest.raises(ValueError, match="min_confidence"):
        khien.scan_text(record, min_confidence="certain")


def test_scan_texts_keeps_order_and_none(record):
    texts = [record, None, "Không có gì.", "SĐT 0912345678"] * 5
    out = khien.scan_texts(texts, threads=2)
    assert len(out) == 20
    assert [len(x) for x in out[:4]] == [4, 0, 0, 1]
    assert out[3][0].kind == "phone"
    assert out == khien.scan_texts(texts, threads=1)


def test_scan_file_reads_documents_and_reports_status(tmp_path, record):
    p = tmp_path / "ds.csv"
    p.write_text("Họ tên,Số CCCD\nLê Văn An,001090000001\n", encoding="utf-8")
    r = khien.scan_file(p)
    assert r.status == "scanned" and not r.incomplete
    assert {f.kind for f in r} == {"person_name", "national_id"}
    f = [f for f in r if f.kind == "national_id"][0]
    assert p.read_bytes()[f.start : f.end] == b"001090000001"  # offsets index the file
    assert f.offsets == "file" and f.char_start is None
    with pytest.raises(FileNotFoundError):
        khien.scan_file(tmp_path / "nope.txt")
    with pytest.raises(IsADirectoryError):
        khien.scan_file(tmp_path)


def test_scan_files_walks_folders(tmp_path, record):
    (tmp_path / "a.txt").write_text(record, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("không có gì", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02" * 100)
    results = khien.scan_files([tmp_path])
    by_name = {r.path.rsplit("/", 1)[-1]: r for r in results}
    assert len(by_name["a.txt"]) == 4
    assert len(by_name["b.txt"]) == 0
    assert by_name["c.bin"].status == "skipped"


def test_redact_text_default_policy_and_key(record):
    out = khien.redact_text(record)
    assert "001090000001" not in out and "Nguyễn Văn An" not in out
    assert "[SỐ CCCD]" in out and "[HỌ TÊN 1]" in out
    policy = '[kinds.national_id]\noperator = "hash"\n'
    with pytest.raises(ValueError, match="key"):
        khien.redact_text(record, policy=policy)
    a = khien.redact_text(record, policy=policy, key=b"k" * 32)
    b = khien.redact_text(record, policy=policy, key=b"k" * 32)
    assert a == b and "001090000001" not in a
    with pytest.raises(ValueError):
        khien.redact_text(record, policy="not = [valid")
    assert khien.redact_texts([record, None], threads=2) == [out, None]


def test_check_message_is_the_cli_json():
    v = khien.check_message(
        "Cục Thuế thông báo: truy cập https://thuedientu-gov.vn.xyz để tránh bị phạt"
    )
    assert v.verdict == "dangerous" and v.is_alarm
    assert set(v.to_dict()) >= {"verdict", "score", "scam_types", "reasons", "advice", "entities"}
    assert v.reasons[0]["vi"] and v.reasons[0]["en"]
    calm = khien.check_message("Chiều nay họp lúc 3 giờ nhé", sender="0912345678")
    assert calm.verdict == "no_signs" and not calm.is_alarm
    assert khien.check_url("https://vietcombank.com.vn").verdict in ("no_signs", "unknown")
    assert khien.check_url("http://vietcombank-xacthuc.top/login").is_alarm
    assert khien.check_phone("0912345678").verdict == "unknown"
    assert khien.check_account("0123456789", "VCB").verdict == "unknown"
    with pytest.raises(ValueError, match="channel"):
        khien.check_message("x", channel="pigeon")
    batch = khien.check_messages(["Chiều nay họp", "Cục Thuế: https://thuedientu-gov.vn.xyz"])
    assert [b.is_alarm for b in batch] == [False, True]


def test_work_runs_without_the_gil():
    """A Python thread keeps running while the engine works on a long text."""
    # Long enough to take about 0.3 s on this build (debug or release).
    line = "Họ tên: Nguyễn Văn An, SĐT 0912345678. "
    n = 200
    while True:
        start = time.perf_counter()
        khien.scan_text(line * n)
        if time.perf_counter() - start > 0.3 or n > 10**6:
            break
        n *= 4
    text = line * n
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    khien.scan_text(text)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # With the GIL held, the ticker could not run at all during the scan.
    assert len(during) >= 5, (len(during), end - start)


def test_stubs_name_every_public_function():
    import pathlib

    stub = pathlib.Path(khien.__file__).with_name("__init__.pyi").read_text(encoding="utf-8")
    for name in khien.__all__:
        assert name in stub, name
    assert callable(khien.scan_text) and khien.scan_text.__doc__
    assert sys.modules["khien._native"]


def test_field_label_is_context():
    # A bare number in a column: the column's name says what it is, as a CSV header does.
    bare = khien.scan_texts(["7901234567"])[0]
    labelled = khien.scan_texts(["7901234567"], field="Mã số BHXH")[0]
    assert [f.kind for f in labelled] == ["social_insurance"]
    assert all(f.kind != "social_insurance" or f.score < labelled[0].score for f in bare)
    one = khien.scan_text("7901234567", field="Mã số BHXH")
    assert one == labelled
