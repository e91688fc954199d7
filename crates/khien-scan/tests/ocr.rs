//! Images scanned through OCR (Tesseract with the Vietnamese model): a drawn record's ID
//! number and phone come back with their line and box; `--ocr never` skips. Runs when
//! Tesseract is installed; under `KHIEN_OCR_TESTS=1` (set by `.ci/run`) it must be.

use khien_detect::{Config, Engine};
use khien_extract::Limits;
use khien_scan::{FileStatus, OcrMode, ReadOptions, scan_document};

fn ocr_installed() -> bool {
    match khien_ocr::Tesseract::find() {
        Ok(_) => true,
        Err(e) if std::env::var("KHIEN_OCR_TESTS").as_deref() == Ok("1") => {
            panic!("KHIEN_OCR_TESTS=1 but {e}")
        }
        Err(e) => {
            eprintln!("skipping: {e}");
            false
        }
    }
}

#[test]
fn a_photographed_record_is_read_with_boxes() {
    let png = khien_doc::text_png(
        &[
            "HỒ SƠ ĐĂNG KÝ",
            "Họ và tên: Nguyễn Văn An",
            "Số CCCD: 001099012345",
            "Điện thoại: 0912 345 678",
        ],
        40.0,
    );
    let engine = Engine::new(Config::default());
    let never = scan_document(
        "ho-so.png",
        &png,
        &engine,
        &ReadOptions { ocr: OcrMode::Never, ..ReadOptions::default() },
        &Limits::default(),
    );
    assert!(
        matches!(&never.status, FileStatus::Skipped(why) if why.contains("OCR")),
        "{:?}",
        never.status
    );
    if !ocr_installed() {
        return;
    }
    let r = scan_document("ho-so.png", &png, &engine, &ReadOptions::default(), &Limits::default());
    assert!(matches!(r.status, FileStatus::Scanned), "{:?}", r.status);
    let kinds: Vec<&str> = r.findings.iter().map(|f| f.kind.as_ref()).collect();
    assert!(kinds.contains(&"national_id") && kinds.contains(&"phone"), "{kinds:?}");
    let id = r.findings.iter().find(|f| f.kind.as_ref() == "national_id").unwrap();
    let loc = id.location.as_deref().unwrap();
    assert!(loc.starts_with("image line 3, box "), "{loc}");
    assert_eq!(id.offsets, "segment");
    assert!(!id.masked.contains("001099012345"), "masked: {}", id.masked);
}
