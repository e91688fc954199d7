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

#[test]
fn a_poster_fits_one_page_and_its_text_and_qr_read_back() {
    let poster = khien_doc::Poster {
        title: "Cảnh giác: giả danh công an gọi điện".into(),
        summary: "Kẻ gian tự xưng công an, nói bạn liên quan vụ án và yêu cầu chuyển tiền để \"xác minh\".".into(),
        sections: vec![
            ("Dấu hiệu nhận biết".into(), vec!["Gọi qua Zalo, gửi ảnh giấy triệu tập.".into(), "Yêu cầu giữ bí mật, không báo người thân.".into(), "Đòi chuyển tiền vào \"tài khoản tạm giữ\".".into()]),
            ("Cần làm gì".into(), vec!["Cúp máy. Công an không làm việc qua điện thoại.".into(), "Gọi 113 hoặc đến công an phường gần nhất.".into()]),
        ],
        qr: Some(("https://khien.so.gov.vn/?lang=vi".into(), "Quét để kiểm tra tin nhắn, đường link, số điện thoại".into())),
        footer: "Gặp nguy hiểm hoặc đã mất tiền: gọi 113.".into(),
    };
    let bytes = khien_doc::poster_pdf(&poster).unwrap();
    let (segments, text) = text_of("poster.pdf", &bytes);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Cảnh giác: giả danh công an gọi điện",
        "Dấu hiệu nhận biết",
        "Cúp máy.",
        "Quét để kiểm tra",
        "gọi 113",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
    assert!(
        segments.iter().all(|s| matches!(s.location, khien_extract::Location::Page { page: 1 })),
        "one page"
    );
    // A poster whose text can never fit says so instead of printing a cut-off page.
    let long = khien_doc::Poster {
        sections: vec![("Dài".into(), vec!["một điểm rất dài ".repeat(60); 30])],
        ..poster
    };
    assert!(khien_doc::poster_pdf(&long).unwrap_err().to_string().contains("does not fit"));
}
