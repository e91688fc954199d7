//! End-to-end tests of `khien check` and `khien lists import` through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

fn khien(lists_dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("khien").expect("binary");
    c.env("XDG_DATA_HOME", lists_dir).env("HOME", lists_dir);
    c
}

#[test]
fn scam_message_is_dangerous_in_vietnamese_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    khien(d.path())
        .args([
            "check",
            "Công an quận 1 thông báo anh liên quan vụ án rửa tiền, yêu cầu chuyển toàn bộ tiền vào tài khoản tạm giữ, không được nói với ai.",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("KẾT LUẬN: NGUY HIỂM"))
        .stdout(predicate::str::contains("impersonate_police"))
        .stdout(predicate::str::contains("Nên làm:"));
}

#[test]
fn english_output() {
    let d = tempfile::tempdir().unwrap();
    khien(d.path())
        .args([
            "check",
            "--lang",
            "en",
            "Ban du dieu kien nhan tien ho tro BHXH, dang ky tai bhxh-hotro.icu truoc 17h hom nay",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("VERDICT: DANGEROUS"))
        .stdout(predicate::str::contains("What to do:"));
}

#[test]
fn legitimate_message_has_no_signs_and_exit_0() {
    let d = tempfile::tempdir().unwrap();
    khien(d.path())
        .args([
            "check",
            "--sender",
            "Vietcombank",
            "Ma OTP cua Quy khach la 482913. Tuyet doi KHONG cung cap ma OTP cho bat ky ai.",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("CHƯA THẤY DẤU HIỆU LỪA ĐẢO"));
}

#[test]
fn stdin_and_json_contract() {
    let d = tempfile::tempdir().unwrap();
    let out = khien(d.path())
        .args(["check", "-", "--format", "json"])
        .write_stdin("Tài khoản của bạn bị khóa. Xác thực tại hxxps://vcb-xacthuc[.]com ngay.")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for k in ["verdict", "score", "scam_types", "reasons", "advice", "entities"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert!(matches!(v["verdict"].as_str(), Some("dangerous" | "suspicious")));
    let r = &v["reasons"][0];
    for k in ["code", "vi", "en", "start", "end"] {
        assert!(r.get(k).is_some(), "reason missing {k}");
    }
    assert!(v["advice"][0].get("vi").is_some() && v["advice"][0].get("en").is_some());
}

/// A VietQR payload to a personal account (built here with a correct CRC).
fn vietqr_to_person() -> String {
    fn f(tag: &str, v: &str) -> String {
        format!("{tag}{:02}{v}", v.len())
    }
    let org = f("00", "970436") + &f("01", "0123456789");
    let mai = f("00", "A000000727") + &f("01", &org) + &f("02", "QRIBFTTA");
    let mut s = f("00", "01")
        + &f("01", "12")
        + &f("38", &mai)
        + &f("53", "704")
        + &f("54", "1500000")
        + &f("58", "VN")
        + &f("59", "NGUYEN VAN A")
        + "6304";
    let mut crc: u16 = 0xffff;
    for &b in s.as_bytes() {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    s.push_str(&format!("{crc:04X}"));
    s
}

#[test]
fn url_phone_account_qr() {
    let d = tempfile::tempdir().unwrap();
    khien(d.path())
        .args(["check", "--url", "vietcombạnk.vn"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Vietcombank"));
    khien(d.path()).args(["check", "--url", "https://vietcombank.com.vn/"]).assert().code(0);
    khien(d.path())
        .args(["check", "--phone", "0912345678"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("CHƯA CÓ DỮ LIỆU"))
        .stdout(predicate::str::contains("không có nghĩa là an toàn"));
    khien(d.path()).args(["check", "--phone", "+840912345678"]).assert().code(1);
    // A number the shell split is read whole, not as "+84" and an ignored text.
    khien(d.path())
        .args(["check", "--lang", "en", "--phone", "+84", "912", "345", "678"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("VinaPhone"))
        .stdout(predicate::str::contains("followed by 0").not());
    khien(d.path())
        .args(["check", "--lang", "en", "--phone", "+84"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("only the country code +84"));
    khien(d.path())
        .args(["check", "--account", "0123456789", "--bank", "VCB", "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"unknown\""))
        .stdout(predicate::str::contains("970436"));
    let qr = vietqr_to_person();
    khien(d.path())
        .args(["check", "--qr", &qr])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("NGUYEN VAN A"));
    khien(d.path())
        .args([
            "check",
            "--qr",
            &qr,
            "Điện lực thông báo nợ tiền điện, sẽ cắt điện hôm nay, quét mã QR để thanh toán",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NGUYEN VAN A"));
}

#[test]
fn batch_jsonl() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\":1,\"text\":\"Chuc mung ban trung thuong xe SH, nop phi nhan thuong 2 trieu vao STK 0123456789\"}\n\
         {\"id\":2,\"text\":\"Me oi con ve den nha roi nhe\"}\n\
         plain text line: Viettel tang 20% the nap qua My Viettel\n",
    )
    .unwrap();
    let out = khien(d.path())
        .args(["check", "--batch"])
        .arg(&input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["verdict"], "dangerous");
    assert_eq!(lines[1]["verdict"], "no_signs");
    assert_eq!(lines[2]["verdict"], "no_signs");
}

#[test]
fn lists_import_then_check() {
    let d = tempfile::tempdir().unwrap();
    let json = d.path().join("blacklist.json");
    std::fs::write(
        &json,
        r#"[{"url":"*.lua-dao-moi.com"},{"url":"sites.google.com/view/vcb-nhanqua"}]"#,
    )
    .unwrap();
    khien(d.path())
        .args(["lists", "import"])
        .arg(&json)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2"));
    let hosts = d.path().join("hosts");
    std::fs::write(&hosts, "# test\n0.0.0.0 shop-gia-re.example.net\n").unwrap();
    khien(d.path()).args(["lists", "import", "--format", "hosts"]).arg(&hosts).assert().code(0);
    let phones = d.path().join("phones.txt");
    std::fs::write(&phones, "0912000111\n").unwrap();
    khien(d.path()).args(["lists", "import", "--kind", "phone"]).arg(&phones).assert().code(0);
    khien(d.path())
        .args(["lists", "show"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(": 4 "));

    khien(d.path())
        .args(["check", "--url", "https://a.lua-dao-moi.com/x"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NGUY HIỂM"));
    khien(d.path())
        .args(["check", "--url", "https://sites.google.com/view/vcb-nhanqua/home"])
        .assert()
        .code(1);
    khien(d.path())
        .args(["check", "--url", "https://sites.google.com/view/truong-thcs-a/home"])
        .assert()
        .code(0);
    khien(d.path()).args(["check", "--url", "shop-gia-re.example.net"]).assert().code(1);
    khien(d.path())
        .args(["check", "--phone", "+84 912 000 111"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NGUY HIỂM"));
    // --no-lists ignores them.
    khien(d.path()).args(["check", "--no-lists", "--phone", "0912000111"]).assert().code(0);
    // Another --lists-dir has none of them (the URL model alone would find "lừa đảo mới" in
    // the host suspicious, so it is off here: this is about the lists).
    let other = tempfile::tempdir().unwrap();
    khien(d.path())
        .args(["check", "--rules-only", "--lists-dir"])
        .arg(other.path())
        .args(["--url", "a.lua-dao-moi.com"])
        .assert()
        .code(0);
}

#[test]
fn usage_errors_exit_2() {
    let d = tempfile::tempdir().unwrap();
    khien(d.path()).args(["check"]).assert().code(2);
    khien(d.path()).args(["check", "--url", "a.vn", "--phone", "0912345678"]).assert().code(2);
    // Text is read only with --qr; elsewhere it was silently dropped.
    khien(d.path()).args(["check", "--url", "a.vn", "xem", "ngay"]).assert().code(2);
    khien(d.path()).args(["check", "--phone", "0912345678", "goi", "lai"]).assert().code(2);
    khien(d.path()).args(["lists", "import", "/nonexistent/file"]).assert().code(2);
}

#[test]
fn pasted_items_are_recognised() {
    let d = tempfile::tempdir().unwrap();
    khien(d.path())
        .args(["check", "0912345678"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("CHƯA CÓ DỮ LIỆU"));
    khien(d.path()).args(["check", "hxxps://vcb-xacthuc[.]com/login"]).assert().code(1);
    khien(d.path())
        .args(["check", &vietqr_to_person()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("NGUYEN VAN A"));
}

#[test]
fn model_probability_sender_and_rules_only() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in.jsonl");
    // The same bank notice, from the bank's brandname and from a personal mobile number.
    std::fs::write(
        &input,
        "{\"id\":1,\"text\":\"Vietcombank thong bao: tai khoan cua quy khach bi tam khoa, vui long goi lai so nay de duoc ho tro mo khoa\",\"sender\":\"0912345678\"}\n\
         {\"id\":2,\"text\":\"Vietcombank thong bao: tai khoan cua quy khach bi tam khoa, vui long goi lai so nay de duoc ho tro mo khoa\",\"sender\":\"Vietcombank\"}\n",
    )
    .unwrap();
    let run = |extra: &[&str]| -> Vec<serde_json::Value> {
        let out = khien(d.path())
            .args(["check", "--batch"])
            .arg(&input)
            .args(extra)
            .assert()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let lines = run(&[]);
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes(&lines[0]).contains(&"personal_sender".to_string()), "{}", lines[0]);
    assert!(!codes(&lines[1]).contains(&"personal_sender".to_string()), "{}", lines[1]);
    for line in &lines {
        let p = line["probability"].as_f64().expect("messages carry the model's probability");
        assert!((0.0..=1.0).contains(&p), "{line}");
    }
    // Without the models: no probability, and no model reason.
    for line in run(&["--rules-only"]) {
        assert!(line.get("probability").is_none(), "{line}");
        assert!(!codes(&line).iter().any(|c| c.ends_with("_model")), "{line}");
    }
    // A bare phone number is not a message: no probability.
    let out = khien(d.path())
        .args(["check", "--phone", "0912345678", "--format", "json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.get("probability").is_none(), "{v}");
}
