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
    // Name (issue 3), CCCD, phone in the list; the card in the other file.
    assert_eq!(rows.len(), 4, "{text}");
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
        .stdout(predicate::str::contains("4 phát hiện: 1 nhạy cảm, 3 cơ bản"))
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
    assert_eq!(doc["summary"]["findings"], 4);
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
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 4);
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
    // A damaged image: an error naming it when OCR is installed, a skip saying what to
    // install otherwise; either way the scan goes on.
    assert!(
        text.contains("anh.bin: LỖI — ảnh hỏng hoặc không đọc được")
            || text.contains("anh.bin: bỏ qua — không có OCR"),
        "{text}"
    );
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

#[test]
fn documents_and_archives_are_scanned_with_locations() {
    let d = TempDir::new().unwrap();
    fs::write(d.path().join("ds.csv"), "Họ tên,Số CCCD,SĐT\nA,001090000001,0912345678\n").unwrap();
    // A zip holding a text file and the same csv, built with the zip crate's format by hand:
    // stored (uncompressed) entries are simple enough to write here.
    let zip_path = d.path().join("hoso.zip");
    write_stored_zip(&zip_path, &[("2024/ghi-chu.txt", "CCCD 079301000002\n".as_bytes())]);
    let out = khien()
        .args(["scan", "--format", "jsonl", "--threads", "1"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let rows: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let id = rows
        .iter()
        .find(|r| r["kind"] == "national_id" && r["path"].as_str().unwrap().ends_with("ds.csv"))
        .unwrap();
    assert_eq!(id["location"], "B2");
    let phone = rows.iter().find(|r| r["kind"] == "phone").unwrap();
    assert_eq!(phone["location"], "C2");
    let member = rows
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("hoso.zip!2024/ghi-chu.txt"))
        .unwrap();
    assert_eq!(member["kind"], "national_id");
    assert_eq!(member["line"], 1);
}

/// Writes a zip archive with stored entries (CRC-32 computed here), for tests.
fn write_stored_zip(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let mut header = Vec::new();
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    fs::write(path, out).unwrap();
}

#[test]
fn allow_list_baseline_and_ignore_marker() {
    let d = TempDir::new().unwrap();
    fs::write(
        d.path().join("a.txt"),
        "Số CCCD: 001090000001\nSĐT: 0912 345 678\nCCCD mẫu 079301000002 # khien:ignore\n",
    )
    .unwrap();
    fs::create_dir(d.path().join("mau")).unwrap();
    fs::write(d.path().join("mau/b.txt"), "Số CCCD: 001090000001\n").unwrap();
    let run = |extra: &[&str]| {
        let out = khien()
            .args(["scan", "--format", "jsonl", "--threads", "1"])
            .args(extra)
            .arg(d.path())
            .output()
            .unwrap();
        let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|r: &serde_json::Value| r.get("type").is_none())
            .collect();
        (out.status.code(), rows)
    };
    let (code, all) = run(&[]);
    assert_eq!(code, Some(1));
    // The marked line is not reported; the other two are, in both files.
    assert_eq!(all.iter().filter(|r| r["kind"] == "national_id").count(), 2, "{all:?}");
    assert!(all.iter().all(|r| r["fingerprint"].as_str().is_some_and(|f| f.len() == 16)));
    // The allow list: a value (written with other separators), a path glob, a kind.
    let cfg = d.path().join("khien.toml");
    fs::write(&cfg, "[allow]\nvalues = [\"0912.345.678\"]\npaths = [\"**/mau/**\"]\n").unwrap();
    let (_, allowed) = run(&["--config", cfg.to_str().unwrap()]);
    assert!(allowed.iter().all(|r| r["kind"] != "phone"), "{allowed:?}");
    assert!(allowed.iter().all(|r| !r["path"].as_str().unwrap().contains("mau")));
    assert_eq!(allowed.iter().filter(|r| r["kind"] == "national_id").count(), 1);
    // A bad config names the file and line.
    fs::write(&cfg, "[allow]\nkinds = [\"khong_co\"]\n").unwrap();
    let out = khien().arg("scan").arg("--config").arg(&cfg).arg(d.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("khong_co"));
    // A baseline of the first run: nothing new, exit 0; a new value in it is reported alone.
    let base = d.path().join("base.jsonl");
    let first = khien().args(["scan", "--format", "jsonl"]).arg(d.path()).output().unwrap();
    fs::write(&base, &first.stdout).unwrap();
    let (code, rows) = run(&["--baseline", base.to_str().unwrap()]);
    assert_eq!((code, rows.len()), (Some(0), 0), "{rows:?}");
    fs::write(d.path().join("a.txt"), "Số CCCD: 001090000001\nSố CCCD: 036095000123\n").unwrap();
    let (code, rows) = run(&["--baseline", base.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["masked"], "0360******23");
}

#[test]
fn html_report_is_self_contained_and_masked() {
    let d = folder();
    let out = khien().args(["scan", "--format", "html"]).arg(d.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<svg") && html.contains("Theo loại dữ liệu"));
    assert!(html.contains("0010******01"), "masked values in the table");
    assert!(!html.contains("001090000001"), "no value unmasked");
    for outside in ["src=", "href=", "<script", "@import", "url("] {
        assert!(!html.contains(outside), "loads nothing from outside: {outside}");
    }
}

#[test]
fn custom_detectors_from_the_configuration() {
    let d = TempDir::new().unwrap();
    fs::write(d.path().join("a.txt"), "Mã nhân viên: NV-123456\nPhiếu xuất kho NV-654321\n")
        .unwrap();
    let cfg = d.path().join("khien.toml");
    fs::write(
        &cfg,
        "[[detectors]]\nkind = \"ma_nhan_vien\"\npattern = 'NV-[0-9]{6}'\nkeywords = [\"mã nhân viên\"]\nrequire_keyword = true\nsensitivity = \"sensitive\"\n",
    )
    .unwrap();
    let out = khien()
        .args(["scan", "--format", "jsonl", "--show-values", "--config"])
        .arg(&cfg)
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let custom: Vec<_> = rows.iter().filter(|r| r["kind"] == "ma_nhan_vien").collect();
    assert_eq!(custom.len(), 1, "{rows:?}");
    assert_eq!(custom[0]["value"], "NV-123456");
    assert_eq!(custom[0]["sensitivity"], "sensitive");
    // A pattern that does not compile is an error naming the file and the detector.
    fs::write(&cfg, "[[detectors]]\nkind = \"ma\"\npattern = 'NV-('\n").unwrap();
    let out = khien().arg("scan").arg("--config").arg(&cfg).arg(d.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("khien.toml") && err.contains("detectors[0]"), "{err}");
}
