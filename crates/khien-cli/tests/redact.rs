//! `khien redact` and `khien restore` through the real binary, in temporary folders.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const CCCD: &str = "001090000001";
const PHONE: &str = "0912 345 678";

fn khien() -> Command {
    let mut c = Command::cargo_bin("khien").unwrap();
    c.env_remove("KHIEN_KEY");
    c
}

fn write(p: &Path, s: &str) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, s).unwrap();
}

#[test]
fn redacts_a_folder_into_another_and_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("hoso");
    write(&input.join("a.csv"), &format!("Họ tên,Số CCCD\nA,{CCCD}\n"));
    write(&input.join("sub/b.txt"), &format!("SĐT {PHONE}\n"));
    let out = tmp.path().join("out");
    let a = khien().arg("redact").arg(&input).arg("--out").arg(&out).assert().code(0);
    let stdout = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("không còn dữ liệu cá nhân"), "{stdout}");
    // The name under the "Họ tên" column is a person name: pseudonymised by default.
    assert_eq!(
        fs::read_to_string(out.join("a.csv")).unwrap(),
        "Họ tên,Số CCCD\n[HỌ TÊN 1],[SỐ CCCD]\n"
    );
    assert_eq!(fs::read_to_string(out.join("sub/b.txt")).unwrap(), "SĐT [SỐ ĐIỆN THOẠI]\n");
    // Originals untouched, report written, no temporary files left.
    assert!(fs::read_to_string(input.join("a.csv")).unwrap().contains(CCCD));
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("khien-deid-report.json")).unwrap()).unwrap();
    assert_eq!(report["replaced"]["national_id"], 1);
    assert_eq!(report["residual"], 0);
    assert!(
        !fs::read_dir(&out).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("khien-tmp"))
    );
}

#[test]
fn refuses_to_write_into_the_input_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.txt");
    write(&f, &format!("CCCD {CCCD}\n"));
    khien().arg("redact").arg(&f).arg("--out").arg(tmp.path()).assert().code(2);
    assert_eq!(fs::read_to_string(&f).unwrap(), format!("CCCD {CCCD}\n"));
    // Allowed on request, and even then the original is not overwritten.
    khien()
        .arg("redact")
        .arg(&f)
        .arg("--out")
        .arg(tmp.path())
        .arg("--allow-in-place-dir")
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(&f).unwrap(), format!("CCCD {CCCD}\n"));
    assert_eq!(fs::read_to_string(tmp.path().join("a.deid.txt")).unwrap(), "CCCD [SỐ CCCD]\n");
}

#[test]
fn tokens_need_a_key_from_a_file_or_the_environment_and_restore() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("in/a.txt");
    write(&f, &format!("CCCD {CCCD}\n"));
    let policy = tmp.path().join("policy.toml");
    write(&policy, "[default]\noperator = \"token\"\n");
    let out = tmp.path().join("out");
    khien()
        .arg("redact")
        .arg(&f)
        .arg("--out")
        .arg(&out)
        .arg("--policy")
        .arg(&policy)
        .assert()
        .code(2);
    let key = tmp.path().join("key");
    write(&key, "khoa-bi-mat-cua-co-quan-2025\n");
    khien()
        .arg("redact")
        .arg(&f)
        .arg("--out")
        .arg(&out)
        .arg("--policy")
        .arg(&policy)
        .arg("--key-file")
        .arg(&key)
        .assert()
        .code(0);
    let red = fs::read_to_string(out.join("a.txt")).unwrap();
    assert!(red.starts_with("CCCD [TK:national_id:"), "{red}");
    let back = tmp.path().join("back");
    khien()
        .arg("restore")
        .arg(out.join("a.txt"))
        .arg("--out")
        .arg(&back)
        .env("KHIEN_KEY", "khoa-bi-mat-cua-co-quan-2025")
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(back.join("a.txt")).unwrap(), format!("CCCD {CCCD}\n"));
}

#[test]
fn without_poppler_pdf_is_refused_with_a_text_export_and_bad_files_do_not_stop_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    // A tiny valid PDF drawing one line.
    let content = format!("BT /F1 12 Tf 72 720 Td (CCCD {CCCD}) Tj ET\n");
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let x = pdf.len();
    pdf.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offs {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n").as_bytes(),
    );
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.pdf"), &pdf).unwrap();
    write(&input.join("bad.json"), &format!("{{\"sdt\": \"{PHONE}\", \"a\": "));
    write(&input.join("ok.txt"), &format!("SĐT {PHONE}\n"));
    let out = tmp.path().join("out");
    // Without poppler (a path that does not exist) the PDF cannot be rebuilt.
    khien()
        .env("KHIEN_PDFTOPPM", tmp.path().join("no-pdftoppm"))
        .arg("redact")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let export = fs::read_to_string(out.join("a.pdf.deid.txt")).unwrap();
    assert!(export.contains("[SỐ CCCD]") && !export.contains(CCCD), "{export}");
    assert!(!out.join("a.pdf").exists());
    assert!(!out.join("bad.json").exists(), "a partly readable file is not written");
    assert_eq!(fs::read_to_string(out.join("ok.txt")).unwrap(), "SĐT [SỐ ĐIỆN THOẠI]\n");
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("khien-deid-report.json")).unwrap()).unwrap();
    let files = report["files"].as_array().unwrap();
    let pdf = files.iter().find(|f| f["input"].as_str().unwrap().ends_with("a.pdf")).unwrap();
    assert_eq!(pdf["status"], "refused");
    let bad = files.iter().find(|f| f["input"].as_str().unwrap().ends_with("bad.json")).unwrap();
    assert_eq!(bad["status"], "refused");
    assert!(bad["error"].as_str().unwrap().contains("malformed JSON"), "{bad}");
}

#[test]
fn same_names_from_different_folders_do_not_collide() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("a/x.txt"), &format!("CCCD {CCCD}\n"));
    write(&tmp.path().join("b/x.txt"), &format!("SĐT {PHONE}\n"));
    let out = tmp.path().join("out");
    khien()
        .arg("redact")
        .arg(tmp.path().join("a/x.txt"))
        .arg(tmp.path().join("b/x.txt"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(out.join("x.txt")).unwrap(), "CCCD [SỐ CCCD]\n");
    assert_eq!(fs::read_to_string(out.join("x (2).txt")).unwrap(), "SĐT [SỐ ĐIỆN THOẠI]\n");
}

/// Whether Tesseract with the Vietnamese model and poppler are installed (they must be under
/// `KHIEN_OCR_TESTS=1`, which `.ci/run` sets).
fn pictures_installed() -> bool {
    match khien_ocr::Pictures::find(std::time::Duration::from_secs(60)) {
        Ok(_) => true,
        Err(e) if std::env::var("KHIEN_OCR_TESTS").as_deref() == Ok("1") => {
            panic!("KHIEN_OCR_TESTS=1 but {e}")
        }
        Err(_) => false,
    }
}

#[test]
fn images_and_pdfs_are_redacted_in_their_own_format() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let lines = ["GIẤY XÁC NHẬN", &format!("Số CCCD: {CCCD}"), &format!("Điện thoại: {PHONE}")];
    fs::write(input.join("anh.png"), khien_doc::text_png(&lines, 42.0)).unwrap();
    let paragraphs: Vec<khien_doc::Paragraph> =
        lines.iter().map(|l| khien_doc::Paragraph::new(khien_doc::Style::Body, *l)).collect();
    fs::write(input.join("giay.pdf"), khien_doc::pdf(&paragraphs, "Giấy").unwrap()).unwrap();
    let out = tmp.path().join("out");
    if !pictures_installed() {
        // The image is refused with what to install; nothing is written for it.
        khien().arg("redact").arg(&input).arg("--out").arg(&out).assert().code(1);
        let report = fs::read_to_string(out.join("khien-deid-report.json")).unwrap();
        assert!(report.contains("tesseract-ocr-vie"), "{report}");
        assert!(!out.join("anh.png").exists());
        return;
    }
    khien().arg("redact").arg(&input).arg("--out").arg(&out).assert().code(0);
    let png = fs::read(out.join("anh.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "still a PNG");
    let pdf = fs::read(out.join("giay.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "still a PDF");
    let text: String = khien_extract::extract("giay.pdf", &pdf, &khien_extract::Limits::default())
        .unwrap()
        .segments
        .iter()
        .map(|s| s.text.clone())
        .collect();
    assert!(text.contains("[SỐ CCCD]") && !text.contains(CCCD), "{text}");
    // A scan of the outputs (OCR of the image, the PDF's text) finds nothing.
    let scan = khien()
        .arg("scan")
        .arg("--format")
        .arg("jsonl")
        .arg(&out)
        .arg("--exclude")
        .arg("*.json")
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&scan.stdout);
    assert!(!found.lines().any(|l| l.contains("\"kind\"")), "{found}");
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("khien-deid-report.json")).unwrap()).unwrap();
    for f in report["files"].as_array().unwrap() {
        assert_eq!(f["status"], "redacted", "{f}");
    }
}
