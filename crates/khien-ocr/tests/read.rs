//! Tesseract on images drawn with known text (`khien_doc::text_png`, DejaVu Serif):
//! the lines and the boxes come back. Runs when Tesseract with the Vietnamese model is
//! installed; under `KHIEN_OCR_TESTS=1` (set by `.ci/run`) a missing Tesseract is a failure.

use std::time::Duration;

use khien_ocr::{OcrError, Tesseract};

fn tesseract() -> Option<Tesseract> {
    match Tesseract::find() {
        Ok(t) => Some(t),
        Err(e) if std::env::var("KHIEN_OCR_TESTS").as_deref() == Ok("1") => {
            panic!("KHIEN_OCR_TESTS=1 but {e}")
        }
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

#[test]
fn a_drawn_document_reads_back_with_boxes() {
    let Some(t) = tesseract() else { return };
    let png = khien_doc::text_png(
        &["Họ và tên: Nguyễn Văn An", "Số CCCD: 001099012345", "Điện thoại: 0912 345 678"],
        40.0,
    );
    let lines = t.read(&png, Duration::from_secs(60)).unwrap();
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let joined = text.join("\n");
    assert!(joined.contains("001099012345"), "{joined}");
    assert!(joined.contains("Nguyễn Văn An"), "{joined}");
    let line = lines.iter().find(|l| l.text.contains("001099012345")).unwrap();
    let at = line.text.find("001099012345").unwrap();
    let b = line.bbox_of(at, at + 12);
    assert!(b.width > 100 && b.height > 20 && b.left > 100, "{b:?}");
}

#[test]
fn what_is_not_an_image_fails_cleanly_and_a_limit_stops_a_run() {
    let Some(t) = tesseract() else { return };
    match t.read(b"not an image at all", Duration::from_secs(30)) {
        Err(OcrError::Failed(_)) => {}
        Ok(lines) => assert!(lines.is_empty(), "{lines:?}"),
        Err(e) => panic!("{e}"),
    }
    let big = khien_doc::text_png(&["Một dòng chữ để đọc"; 30], 40.0);
    assert!(matches!(t.read(&big, Duration::from_millis(1)), Err(OcrError::Timeout(_))));
}
