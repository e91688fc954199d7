//! The documents read back the way a recipient's software reads them: through Khiên's own
//! extractor (zip + WordprocessingML for DOCX, the PDF text layer with the fonts' ToUnicode
//! maps for PDF), long enough to need more than one page.

use khien_doc::{Paragraph, Style, docx, pdf};

fn document() -> Vec<Paragraph> {
    let mut d = vec![
        Paragraph::new(Style::Title, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Paragraph::new(Style::Centered, "Độc lập - Tự do - Hạnh phúc"),
        Paragraph::new(Style::Heading, "1. Mô tả tính chất của vi phạm"),
        Paragraph::new(
            Style::Body,
            "Máy chủ <srv-01> & nhóm mạng xã hội: đường dẫn bị chia sẻ công khai.",
        ),
    ];
    for i in 1..=60 {
        d.push(Paragraph::new(
            Style::Body,
            format!(
                "Dòng {i}: dữ liệu cá nhân cơ bản và nhạy cảm được ghi nhận đầy đủ theo biểu mẫu."
            ),
        ));
    }
    d.push(Paragraph::new(Style::Centered, "THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC"));
    d
}

fn text_of(name: &str, bytes: &[u8]) -> (Vec<khien_extract::Segment>, String) {
    let e = khien_extract::extract(name, bytes, &khien_extract::Limits::default()).unwrap();
    let text = e.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    (e.segments, text)
}

#[test]
fn the_pdf_prints_on_pages_and_its_text_reads_back() {
    let bytes = pdf(&document(), "Thông báo vi phạm").unwrap();
    let (segments, text) = text_of("a.pdf", &bytes);
    let compact = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = compact(&text);
    for want in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "1. Mô tả tính chất của vi phạm",
        "Máy chủ <srv-01> & nhóm mạng xã hội",
        "Dòng 60:",
        "THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
    let pages: std::collections::BTreeSet<u32> = segments
        .iter()
        .filter_map(|s| match s.location {
            khien_extract::Location::Page { page } => Some(page),
            _ => None,
        })
        .collect();
    assert!(pages.len() >= 2, "sixty lines need a second page: {pages:?}");
    // Only the glyphs used are embedded: far smaller than the two fonts (730 KB).
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
}

#[test]
fn the_docx_holds_the_same_lines() {
    let d = document();
    let (_, text) = text_of("a.docx", &docx(&d));
    for p in &d {
        assert!(text.contains(&p.text), "{}", p.text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Whatever the text (any Unicode, control characters, very long words), both writers
    /// produce a document the extractor opens.
    #[test]
    fn any_text_makes_a_readable_document(texts in proptest::collection::vec("\\PC{0,200}", 1..6)) {
        let d: Vec<Paragraph> = texts.iter().map(|t| Paragraph::new(Style::Body, t.clone())).collect();
        let bytes = pdf(&d, "x").unwrap();
        proptest::prop_assert!(khien_extract::extract("p.pdf", &bytes, &khien_extract::Limits::default()).is_ok());
        proptest::prop_assert!(khien_extract::extract("p.docx", &docx(&d), &khien_extract::Limits::default()).is_ok());
    }
}
