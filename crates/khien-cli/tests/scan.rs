//! `khien scan` through the real binary: formats, exit codes, masking and bad input.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn khien() -> Command {
    Command::cargo_bin("khien").expect("binary built")
}

fn folder() -> TempDir {
    let d = TempDir::new().unwrap();
    fs::write(
        d.path().join("danh-sach.txt"),
        "Họ tên: Nguyễn Văn Mẫu\nSố CCCD: 001090000001\nSĐT: 0912 345 678\n",
    )
    .unwrap();
    fs::write(
        d.path().join("cong-van.txt"),
        "Số: 1683/SCT-XNK\nHà Nội, ngày 15 tháng 6 năm 2025\nHotline: 1900 1234\n",
    )
    .unwrap();
    fs::create_dir(d.path().join("sub")).unwrap();
    fs::write(d.path().join("sub/the.txt"), "Thẻ ATM số 9704364323194878\n").unwrap();
    d
}

#[test]
fn jsonl_contract_holds_and_values_are_masked() {
    let d = folder();
    let out = khien()
        .args(["scan", "--format", "jsonl", "--threads", "1"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3, "{text}");
    for r in &rows {
        for key in [
            "path",
            "kind",
            "start",
            "end",
            "line",
            "column",
            "confidence",
            "score",
            "sensitivity",
            "legal",
            "masked",
            "reasons",
        ] {
            assert!(r.get(key).is_some(), "missing {key} in {r}");
        }
        assert!(r.get("value").is_none(), "value must not appear without --show-values");
    }
    let id = rows.iter().find(|r| r["kind"] == "national_id").unwrap();
    assert_eq!(id["masked"], "0010******01");
    assert_eq!(id["line"], 2);
    assert_eq!(id["sensitivity"], "basic");
    assert_eq!(id["legal"][0], "D356 Art.3(7)");
    // Offsets point into the file as stored.
    let bytes = fs::read(id["path"].as_str().unwrap()).unwrap();
    let (s, e) = (id["start"].as_u64().unwrap() as usize, id["end"].as_u64().unwrap() as usize);
    assert_eq!(&bytes[s..e], b"001090000001");
    assert!(!text.contains("001090000001"));
    let card = rows.iter().find(|r| r["kind"] == "bank_card").unwrap();
    assert_eq!(card["sensitivity"], "sensitive");
}

#[test]
fn show_values_reveals_values() {
    let d = folder();
    khien()
        .args(["scan", "--format", "jsonl", "--show-values"])
        .arg(d.path().join("danh-sach.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"value\":\"001090000001\""));
}

#[test]
fn clean_input_exits_zero() {
    let d = folder();
    khien().args(["scan"]).arg(d.path().join("cong-van.txt")).assert().code(0);
}

#[test]
fn stdin_is_scanned() {
    khien()
        .args(["scan", "--format", "csv", "-"])
        .write_stdin("liên hệ chị Hoa sdt 0987654321")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("path,kind,line,column"))
        .stdout(predicate::str::contains("<stdin>,phone,1,21"))
        .stdout(predicate::str::contains("098*****21"));
}

#[test]
fn human_report_groups_and_summarises() {
    let d = folder();
    khien()
        .args(["scan", "--threads", "1", "--color", "never"])
        .arg(d.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("danh-sach.txt"))
        .stdout(predicate::str::contains("Số định danh cá nhân / CCCD"))
        .stdout(predicate::str::contains("3 phát hiện: 1 nhạy cảm, 2 cơ bản"))
        .stdout(predicate::str::contains("001090000001").not());
}

#[test]
fn json_and_sarif_are_valid_documents() {
    let d = folder();
    let out = khien()
        .args(["scan", "--format", "json"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["summary"]["findings"], 3);
    assert_eq!(doc["files"].as_array().unwrap().len(), 3);
    let out = khien()
        .args(["scan", "--format", "sarif"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 3);
}

#[test]
fn kinds_and_min_confidence_filter() {
    let d = folder();
    let out = khien()
        .args(["scan", "--format", "jsonl", "--kinds", "phone"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
    khien()
        .args(["scan", "--kinds", "nonsense"])
        .arg(d.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nonsense"));
}

#[test]
fn exclude_and_ignore_files() {
    let d = folder();
    let out = khien()
        .args(["scan", "--format", "jsonl", "--exclude", "sub/**"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(out).unwrap().contains("bank_card"));
    fs::write(d.path().join(".khienignore"), "danh-sach.txt\n").unwrap();
    let out = khien()
        .args(["scan", "--format", "jsonl"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(out).unwrap().contains("national_id"));
    let out = khien()
        .args(["scan", "--format", "jsonl", "--no-ignore"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("national_id"));
}

#[test]
fn bad_input_is_reported_and_the_scan_goes_on() {
    let d = folder();
    fs::write(d.path().join("anh.bin"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR 001090000001").unwrap();
    let missing = d.path().join("khong-co.txt");
    let out = khien()
        .args(["scan", "--threads", "1", "--color", "never"])
        .arg(&missing)
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("khong-co.txt: LỖI"), "{text}");
    assert!(text.contains("anh.bin: bỏ qua — tệp nhị phân"), "{text}");
    assert!(text.contains("danh-sach.txt"));
    // Only errors, nothing found: exit 2.
    khien().args(["scan"]).arg(&missing).assert().code(2);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_not_a_crash() {
    use std::os::unix::fs::PermissionsExt;
    let d = folder();
    let p = d.path().join("khoa.txt");
    fs::write(&p, "CCCD 001090000001").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    // Root can read anything; the check only means something for other users.
    if fs::read(&p).is_err() {
        khien().args(["scan"]).arg(&p).assert().code(2).stdout(predicate::str::contains("LỖI"));
    } else {
        khien().args(["scan"]).arg(&p).assert().code(1);
    }
}
