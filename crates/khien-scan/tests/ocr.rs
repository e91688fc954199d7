//! Images and scanned PDF pages read through OCR (Tesseract with the Vietnamese model, pages
//! drawn by poppler's pdftoppm): a drawn record's ID number and phone come back with their line
//! and box; `--ocr never` skips. Runs when Tesseract and poppler are installed; under
//! `KHIEN_OCR_TESTS=1` (set by `.ci/run`) they must be.

use khien_detect::{Config, Engine};
use khien_extract::Limits;
use khien_scan::{FileStatus, OcrMode, ReadOptions, scan_document};

fn ocr_installed() -> bool {
    match khien_ocr::Tesseract::find().and_then(|_| khien_ocr::PdfRenderer::find()) {
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

/// The record of the test above as the picture of a page, 300 dpi.
fn record_page(words: bool) -> khien_doc::ImagePage {
    let lines = [
        "ĐƠN ĐỀ NGHỊ",
        "Họ và tên: Trần Thị Bích",
        "Số CCCD: 079186004321",
        "Email: bich.tran@example.vn",
    ];
    let png = khien_doc::text_png(&lines, 42.0);
    let words = if words {
        // A text layer that says something: the words, with rough boxes.
        lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| {
                l.split(' ').enumerate().map(move |(j, w)| {
                    (w.to_string(), [40 + 200 * j as u32, 40 + 67 * i as u32, 180, 42])
                })
            })
            .collect()
    } else {
        vec![]
    };
    khien_doc::ImagePage { png, dpi: 300, words }
}

#[test]
fn scanned_pdf_pages_are_read_and_text_pages_are_not() {
    // Page 1 is a scan with no text layer; page 2 carries its own text layer.
    let pdf = khien_doc::image_pdf(&[record_page(false), record_page(true)], "scan").unwrap();
    let engine = Engine::new(Config::default());
    let never = scan_document(
        "don.pdf",
        &pdf,
        &engine,
        &ReadOptions { ocr: OcrMode::Never, ..ReadOptions::default() },
        &Limits::default(),
    );
    // Without OCR page 1 is said to need it, and the file is only partly scanned.
    assert!(never.notes.iter().any(|n| n.code == "no_text_layer"), "{:?}", never.notes);
    assert!(never.incomplete());
    assert!(never.findings.iter().all(|f| f.location.as_deref() == Some("page 2")));
    if !ocr_installed() {
        return;
    }
    let r = scan_document("don.pdf", &pdf, &engine, &ReadOptions::default(), &Limits::default());
    assert!(matches!(r.status, FileStatus::Scanned), "{:?}", r.status);
    assert!(!r.incomplete(), "{:?}", r.notes);
    assert!(
        r.notes.iter().any(|n| n.code == "ocr" && n.message.starts_with("1 trang")),
        "{:?}",
        r.notes
    );
    let on_page = |page: &str, kind: &str| {
        r.findings.iter().any(|f| {
            f.kind.as_ref() == kind && f.location.as_deref().is_some_and(|l| l.starts_with(page))
        })
    };
    for kind in ["national_id", "email"] {
        assert!(
            on_page("page 1 (OCR) line ", kind),
            "{kind} on the scanned page: {:#?}",
            r.findings
        );
        assert!(
            on_page("page 2", kind) && !on_page("page 2 (OCR)", kind),
            "{kind} on the text page"
        );
    }
    let id = r
        .findings
        .iter()
        .find(|f| {
            f.kind.as_ref() == "national_id" && f.location.as_deref().unwrap().contains("OCR")
        })
        .unwrap();
    assert!(id.location.as_deref().unwrap().contains(", box "), "{:?}", id.location);
}

#[test]
fn a_photo_of_a_cccd_card_is_reported_as_the_card() {
    if !ocr_installed() {
        return;
    }
    let card = khien_doc::text_png(
        &[
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "CĂN CƯỚC CÔNG DÂN",
            "Số / No.: 079186004321",
            "Họ và tên / Full name: TRẦN THỊ BÍCH",
            "Ngày sinh / Date of birth: 12/03/1986",
            "Giới tính / Sex: Nữ    Quốc tịch / Nationality: Việt Nam",
            "Quê quán / Place of origin: Mỹ Tho, Tiền Giang",
        ],
        36.0,
    );
    let engine = Engine::new(Config::default());
    let r = scan_document("cccd.jpg", &card, &engine, &ReadOptions::default(), &Limits::default());
    let id = r
        .findings
        .iter()
        .find(|f| f.kind.as_ref() == "national_id")
        .unwrap_or_else(|| panic!("{:#?}", r.findings));
    assert_eq!(id.document, Some("cccd_card"));
    for field in ["number", "full_name", "date_of_birth", "place_of_origin"] {
        assert!(id.document_fields.contains(&field), "{field}: {:?}", id.document_fields);
    }
    // The picture of the card is sensitive data in itself.
    assert_eq!(id.sensitivity, "sensitive");
    assert_eq!(id.legal.first(), Some(&"D356 Art.4(1)(i)"));
    assert!(id.reasons.iter().any(|r| r.code.code() == "document"));
    // The card around it is as strong as a keyword.
    assert_eq!(id.confidence, "high");
    // A page of prose that names the card is not a card.
    let form = khien_doc::text_png(
        &["ĐƠN ĐỀ NGHỊ", "Số căn cước công dân: 079186004321", "Họ và tên: Trần Thị Bích"],
        36.0,
    );
    let r = scan_document("don.png", &form, &engine, &ReadOptions::default(), &Limits::default());
    assert!(r.findings.iter().any(|f| f.kind.as_ref() == "national_id"));
    assert!(r.findings.iter().all(|f| f.document.is_none()), "{:#?}", r.findings);
}

#[test]
fn pictures_inside_documents_and_archives_are_read() {
    if !ocr_installed() {
        return;
    }
    let picture = khien_doc::text_png(&["GIẤY XÁC NHẬN", "Số CCCD: 079186004321"], 40.0);
    // A Word file with the picture pasted in, and a zip holding the picture.
    let doc =
        khien_doc::docx(&[khien_doc::Paragraph::new(khien_doc::Style::Body, "Hồ sơ kèm ảnh")]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(doc)).unwrap();
    let mut docx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        docx.raw_copy_file(src.by_index(i).unwrap()).unwrap();
    }
    docx.start_file("word/media/image1.png", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut docx, &picture).unwrap();
    let docx = docx.finish().unwrap().into_inner();
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    archive.start_file("anh/cccd.png", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut archive, &picture).unwrap();
    let archive = archive.finish().unwrap().into_inner();
    let engine = Engine::new(Config::default());
    for (name, bytes, member) in [
        ("ho-so.docx", &docx, "ho-so.docx!word/media/image1.png"),
        ("anh.zip", &archive, "anh.zip!anh/cccd.png"),
    ] {
        let r = scan_document(name, bytes, &engine, &ReadOptions::default(), &Limits::default());
        let id = r.findings.iter().find(|f| f.kind.as_ref() == "national_id");
        let id = id.unwrap_or_else(|| panic!("{name}: {:#?} {:?}", r.findings, r.notes));
        assert_eq!(id.path.as_ref(), member);
        assert!(
            id.location.as_deref().unwrap().starts_with("image line 2, box "),
            "{:?}",
            id.location
        );
        // With OCR off the picture is not read.
        let never = ReadOptions { ocr: OcrMode::Never, ..ReadOptions::default() };
        let r = scan_document(name, bytes, &engine, &never, &Limits::default());
        assert!(r.findings.iter().all(|f| f.kind.as_ref() != "national_id"), "{name}");
    }
}
