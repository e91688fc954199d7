//! True redaction of pictures, through the real programs (Tesseract with the Vietnamese model,
//! poppler's pdftoppm and pdftotext): an image and PDFs (a text document, a scanned page) are
//! redacted, then read back the ways a person would — OCR of the pixels, the text copied out
//! of the PDF, the scanner's extraction — and none of the removed values is there. Runs when
//! the programs are installed; under `KHIEN_OCR_TESTS=1` (set by `.ci/run`) they must be.

use std::time::Duration;

use khien_detect::{Config, Engine};
use khien_extract::Limits;
use khien_ocr::{PictureReader, Pictures};
use khien_redact::{Policy, Session, redact_with};

const CCCD: &str = "079186004321";
const PHONE: &str = "0912 345 678";

fn pictures() -> Option<Pictures> {
    match Pictures::find(Duration::from_secs(120)) {
        Ok(p) => Some(p),
        Err(e) if std::env::var("KHIEN_OCR_TESTS").as_deref() == Ok("1") => {
            panic!("KHIEN_OCR_TESTS=1 but {e}")
        }
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

fn record() -> Vec<String> {
    vec![
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN".into(),
        "Họ và tên: Trần Thị Bích".into(),
        format!("Số CCCD: {CCCD}"),
        format!("Điện thoại: {PHONE}"),
        "Nội dung: xin xác nhận nơi cư trú".into(),
    ]
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Every removed value is absent from `text`, digits compared without spaces.
fn assert_gone(what: &str, text: &str) {
    let d = digits(text);
    assert!(!d.contains(CCCD), "{what}: the ID number is still there: {text}");
    assert!(!d.contains(&digits(PHONE)), "{what}: the phone is still there: {text}");
    assert!(!text.contains("Bích"), "{what}: the name is still there: {text}");
}

fn lines_text(lines: &[khien_ocr::Line]) -> String {
    lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn session() -> Session {
    Session::new(Policy::default(), None).unwrap()
}

/// A JPEG with an EXIF block that carries a position, as phones write them.
fn jpeg_with_exif(png: &[u8]) -> Vec<u8> {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95).encode_image(&img).unwrap();
    let jpeg = jpeg.into_inner();
    // APP1 "Exif": a big-endian TIFF header with an empty IFD, then a GPS note in the padding.
    let mut payload = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0".to_vec();
    payload.extend_from_slice(b"GPSLatitude 21.028511 N GPSLongitude 105.804817 E");
    let len = (payload.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn a_photo_is_boxed_out_and_loses_its_position() {
    let Some(p) = pictures() else { return };
    let lines = record();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let photo = jpeg_with_exif(&khien_doc::text_png(&refs, 42.0));
    // The original does hold what the test expects to see removed.
    let before = lines_text(&p.image_lines(&photo).unwrap());
    assert!(digits(&before).contains(CCCD), "{before}");
    let engine = Engine::new(Config::default());
    let r = redact_with("don.jpg", &photo, &engine, &mut session(), &Limits::default(), Some(&p))
        .unwrap();
    assert!(r.bytes.starts_with(&[0xFF, 0xD8]), "still a JPEG");
    assert!(!r.bytes.windows(4).any(|w| w == b"Exif"), "EXIF block kept");
    assert!(!r.bytes.windows(11).any(|w| w == b"GPSLatitude"), "position kept");
    let after = lines_text(&p.image_lines(&r.bytes).unwrap());
    assert_gone("OCR of the redacted photo", &after);
    // What was not personal data is still readable.
    assert!(after.contains("cư trú"), "{after}");
    for kind in ["national_id", "phone", "person_name"] {
        assert!(r.report.replaced.contains_key(kind), "{kind}: {:?}", r.report.replaced);
    }
    assert!(r.report.residual.is_empty(), "{:?}", r.report.residual);
    assert_eq!(r.report.status, "redacted");
}

/// The PDF read back three ways: the text copied out (pdftotext), the scanner's extraction,
/// and OCR of every page's pixels.
fn assert_pdf_clean(p: &Pictures, pdf: &[u8]) {
    let pages = khien_extract::pdf_page_count("out.pdf", pdf).unwrap();
    for page in 1..=pages {
        let copied = lines_text(&p.pdf_page_lines(pdf, page, 72).unwrap());
        assert_gone(&format!("text copied from page {page}"), &copied);
        let png = p.pdf_page_png(pdf, page, 300).unwrap();
        let seen = lines_text(&p.image_lines(&png).unwrap());
        assert_gone(&format!("OCR of page {page}"), &seen);
        assert!(seen.contains("cư trú"), "page {page} lost its other text: {seen}");
    }
    let ex = khien_extract::extract("out.pdf", pdf, &Limits::default()).unwrap();
    let all: String = ex.segments.iter().map(|s| s.text.as_str()).collect();
    assert_gone("the scanner's extraction", &all);
    assert!(all.contains("cư trú"), "the text layer was kept: {all}");
}

#[test]
fn a_text_pdf_is_rebuilt_without_the_removed_text() {
    let Some(p) = pictures() else { return };
    let paragraphs: Vec<khien_doc::Paragraph> = record()
        .into_iter()
        .map(|l| khien_doc::Paragraph::new(khien_doc::Style::Body, l))
        .collect();
    let pdf = khien_doc::pdf(&paragraphs, "Đơn").unwrap();
    let engine = Engine::new(Config::default());
    let r = redact_with("don.pdf", &pdf, &engine, &mut session(), &Limits::default(), Some(&p))
        .unwrap();
    assert!(r.bytes.starts_with(b"%PDF-"));
    assert_pdf_clean(&p, &r.bytes);
    assert!(r.report.notes.iter().any(|n| n.contains("rebuilt")), "{:?}", r.report.notes);
    for kind in ["national_id", "phone", "person_name"] {
        assert!(r.report.replaced.contains_key(kind), "{kind}: {:?}", r.report.replaced);
    }
    // The replacement labels stand in the text layer, where the values were.
    let copied = lines_text(&p.pdf_page_lines(&r.bytes, 1, 72).unwrap());
    assert!(copied.contains("[SỐ CCCD]"), "{copied}");
    assert!(r.report.residual.is_empty(), "{:?}", r.report.residual);
}

#[test]
fn a_scanned_pdf_is_read_boxed_and_rebuilt() {
    let Some(p) = pictures() else { return };
    let lines = record();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let page =
        khien_doc::ImagePage { png: khien_doc::text_png(&refs, 42.0), dpi: 300, words: vec![] };
    // Three pages, read in parallel and put back in order.
    let pdf = khien_doc::image_pdf(&[page.clone(), page.clone(), page], "scan").unwrap();
    let engine = Engine::new(Config::default());
    let r = redact_with("scan.pdf", &pdf, &engine, &mut session(), &Limits::default(), Some(&p))
        .unwrap();
    assert_pdf_clean(&p, &r.bytes);
    assert!(r.report.notes.iter().any(|n| n.contains("3 read by OCR")), "{:?}", r.report.notes);
    let pages: Vec<&str> = r
        .report
        .replacements
        .iter()
        .filter(|x| x.kind == "national_id")
        .map(|x| x.location.as_str())
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages[0].starts_with("page 1,") && pages[2].starts_with("page 3,"), "{pages:?}");
    assert!(r.report.replaced.contains_key("national_id"), "{:?}", r.report.replaced);
}

#[test]
fn pictures_inside_an_archive_are_redacted_too() {
    let Some(p) = pictures() else { return };
    let lines = record();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("ho-so/anh-don.png", opts).unwrap();
    std::io::Write::write_all(&mut zip, &khien_doc::text_png(&refs, 42.0)).unwrap();
    zip.start_file("ho-so/ghi-chu.txt", opts).unwrap();
    std::io::Write::write_all(&mut zip, format!("SĐT {PHONE}\n").as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let engine = Engine::new(Config::default());
    let r = redact_with("ho-so.zip", &bytes, &engine, &mut session(), &Limits::default(), Some(&p))
        .unwrap();
    let mut out = zip::ZipArchive::new(std::io::Cursor::new(r.bytes)).unwrap();
    let mut png = vec![];
    std::io::Read::read_to_end(&mut out.by_name("ho-so/anh-don.png").unwrap(), &mut png).unwrap();
    assert_gone("OCR of the image in the archive", &lines_text(&p.image_lines(&png).unwrap()));
    let mut txt = String::new();
    std::io::Read::read_to_string(&mut out.by_name("ho-so/ghi-chu.txt").unwrap(), &mut txt)
        .unwrap();
    assert_gone("the text in the archive", &txt);
    assert!(
        r.report
            .replacements
            .iter()
            .any(|x| x.kind == "national_id"
                && x.location.starts_with("ho-so/anh-don.png › image line")),
        "{:#?}",
        r.report.replacements
    );
    assert!(r.report.residual.is_empty(), "{:?}", r.report.residual);
}

/// A Word file with a photographed record pasted in (`word/media/`).
fn docx_with_picture(lines: &[&str]) -> Vec<u8> {
    let doc =
        khien_doc::docx(&[khien_doc::Paragraph::new(khien_doc::Style::Body, "Hồ sơ kèm ảnh")]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(doc)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        out.raw_copy_file(src.by_index(i).unwrap()).unwrap();
    }
    out.start_file("word/media/image1.png", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut out, &khien_doc::text_png(lines, 42.0)).unwrap();
    out.finish().unwrap().into_inner()
}

#[test]
fn a_picture_pasted_into_a_word_file_is_redacted() {
    let Some(p) = pictures() else { return };
    let lines = record();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let docx = docx_with_picture(&refs);
    let engine = Engine::new(Config::default());
    let r = redact_with("ho-so.docx", &docx, &engine, &mut session(), &Limits::default(), Some(&p))
        .unwrap();
    let mut out = zip::ZipArchive::new(std::io::Cursor::new(r.bytes)).unwrap();
    let mut png = vec![];
    std::io::Read::read_to_end(&mut out.by_name("word/media/image1.png").unwrap(), &mut png)
        .unwrap();
    assert_gone("OCR of the pasted picture", &lines_text(&p.image_lines(&png).unwrap()));
    assert!(
        r.report.replacements.iter().any(|x| x.kind == "national_id"
            && x.location.starts_with("word/media/image1.png › image line")),
        "{:#?}",
        r.report.replacements
    );
    // The document itself still opens and reads.
    assert!(out.by_name("word/document.xml").is_ok());
}

#[test]
fn a_photo_on_a_typed_page_is_boxed_too() {
    let Some(p) = pictures() else { return };
    // The top two lines are typed (they have a text layer); the record below is a picture.
    let mut lines = vec![
        "UBND PHƯỜNG NINH XÁ - BỘ PHẬN MỘT CỬA".to_string(),
        "Hồ sơ tiếp nhận kèm bản chụp giấy tờ".to_string(),
    ];
    lines.extend(record());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let png = khien_doc::text_png(&refs, 42.0);
    let read = p.image_lines(&png).unwrap();
    let words = read[..2]
        .iter()
        .flat_map(|l| {
            l.words.iter().map(|w| {
                let b = w.bbox;
                (l.text[w.start..w.end].to_string(), [b.left, b.top, b.width, b.height])
            })
        })
        .collect();
    let pdf = khien_doc::image_pdf(&[khien_doc::ImagePage { png, dpi: 300, words }], "").unwrap();
    let engine = Engine::new(Config::default());
    let r =
        redact_with("tiep-nhan.pdf", &pdf, &engine, &mut session(), &Limits::default(), Some(&p))
            .unwrap();
    let seen = lines_text(&p.image_lines(&p.pdf_page_png(&r.bytes, 1, 300).unwrap()).unwrap());
    assert_gone("OCR of the page with a photo", &seen);
    assert!(seen.contains("BỘ PHẬN MỘT CỬA"), "{seen}");
    assert!(
        r.report
            .replacements
            .iter()
            .any(|x| x.kind == "national_id" && x.location.starts_with("page 1, picture line")),
        "{:#?}",
        r.report.replacements
    );
}
