//! The Form 08 draft read back the way a recipient's software reads it: the DOCX through
//! Khiên's own extractor (zip + WordprocessingML parser).

use chrono::DateTime;
use khien_comply::form::{Assessment, BreachNotice, DataInvolved, Draft, ImpactAssessment};

fn notice() -> BreachNotice {
    BreachNotice {
        reference: "SC-2026-0003".into(),
        agency: "Sở Công Thương tỉnh Thái Nguyên".into(),
        recipient:
            "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an"
                .into(),
        discovered_at: Some(DateTime::parse_from_rfc3339("2026-12-04T15:15:00Z").unwrap()),
        place: "Máy chủ hồ sơ một cửa <srv-01>".into(),
        act: "Tệp danh sách hồ sơ bị đăng lên nhóm mạng xã hội & chia sẻ công khai.".into(),
        data: vec![
            DataInvolved {
                category: "Số định danh cá nhân".into(),
                sensitive: false,
                count: Some(12_500),
            },
            DataInvolved {
                category: "Dữ liệu sinh trắc học".into(), sensitive: true, count: None
            },
        ],
        subjects: Some(3_210),
        dpo_contact: "Phòng Văn phòng, điện thoại 0208 3855 123".into(),
        due_at: Some(DateTime::parse_from_rfc3339("2026-12-07T22:15:00+07:00").unwrap()),
        place_date: "Thái Nguyên, ngày 05 tháng 12 năm 2026".into(),
        ..BreachNotice::default()
    }
}

#[test]
fn the_docx_reads_back_with_every_section_and_the_escaped_fields() {
    let bytes = notice().docx();
    let extracted =
        khien_extract::extract("thong-bao.docx", &bytes, &khien_extract::Limits::default())
            .unwrap();
    assert_eq!(extracted.format, Some(khien_extract::Format::Docx));
    let text: String =
        extracted.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    for want in [
        "THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN",
        "Kính gửi: Cục An ninh mạng",
        "Số hồ sơ: SC-2026-0003",
        "22:15 ngày 04/12/2026",
        "Máy chủ hồ sơ một cửa <srv-01>",
        "nhóm mạng xã hội & chia sẻ",
        "Số định danh cá nhân (dữ liệu cá nhân cơ bản): 12.500 giá trị",
        "Dữ liệu sinh trắc học (dữ liệu cá nhân nhạy cảm)",
        "Số chủ thể dữ liệu bị ảnh hưởng: 3.210.",
        "3. Mô tả các hậu quả",
        "hạn: 22:15 ngày 07/12/2026",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // Empty fields say so rather than leaving a blank a reader could miss.
    assert!(text.contains("4. Các biện pháp"));
    assert!(text.contains("(chưa xác định)"));
}

#[test]
fn the_text_draft_has_the_same_content_as_the_docx() {
    let n = notice();
    let text = n.text();
    let extracted =
        khien_extract::extract("a.docx", &n.docx(), &khien_extract::Limits::default()).unwrap();
    // The body's paragraphs (the extractor also reads relationship targets, which a scan needs).
    let docx_text: Vec<&str> = extracted
        .segments
        .iter()
        .filter(|s| matches!(&s.location, khien_extract::Location::Paragraph { part, .. } if part == "body"))
        .map(|s| s.text.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|s| !s.is_empty()).collect();
    assert_eq!(docx_text.join(" "), lines.join(" "));
}

#[test]
fn the_impact_assessment_is_prefilled_and_marks_what_is_missing() {
    let dossier = ImpactAssessment {
        assessment: Assessment::CrossBorder,
        reference: "XL-0002".into(),
        agency: "Sở Công Thương".into(),
        dpo_contact: String::new(),
        activity: "Lưu hồ sơ trên dịch vụ đám mây".into(),
        purpose: "Giải quyết thủ tục hành chính".into(),
        data_subjects: "Người dân nộp hồ sơ".into(),
        data: vec![DataInvolved {
            category: "Dữ liệu sức khỏe".into(),
            sensitive: true,
            count: None,
        }],
        system: "Cổng dịch vụ công, cấp độ 3".into(),
        recipients: String::new(),
        destination: "Singapore".into(),
        retention: "5 năm".into(),
        sources: vec!["pc-motcua: /srv/hoso".into()],
        started: Some(DateTime::parse_from_rfc3339("2026-07-01T09:00:00+07:00").unwrap()),
        due_at: Some(DateTime::parse_from_rfc3339("2026-08-31T23:59:59+07:00").unwrap()),
        place_date: "Thái Nguyên, ngày 07 tháng 12 năm 2026".into(),
    };
    let extracted =
        khien_extract::extract("dpia.docx", &dossier.docx(), &khien_extract::Limits::default())
            .unwrap();
    let text: String =
        extracted.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    for want in [
        "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN RA NƯỚC NGOÀI",
        "Mẫu số 01a/01b",
        "Dữ liệu sức khỏe (dữ liệu cá nhân nhạy cảm)",
        "g) Nơi nhận ở nước ngoài: Singapore",
        "pc-motcua: /srv/hoso",
        "hạn gửi hồ sơ (60 ngày): 23:59 ngày 31/08/2026",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // The officer sees what the register could not fill.
    assert!(text.contains("2. Bộ phận, nhân sự bảo vệ dữ liệu cá nhân\n(cần bổ sung)"), "{text}");
    let processing = ImpactAssessment { assessment: Assessment::Processing, ..dossier };
    assert!(
        processing.text().contains("Mẫu số 02a/02b")
            && !processing.text().contains("Nơi nhận ở nước ngoài")
    );
}

#[test]
fn the_pdf_notice_reads_back_with_its_vietnamese_text() {
    let bytes = notice().pdf().unwrap();
    let extracted =
        khien_extract::extract("thong-bao.pdf", &bytes, &khien_extract::Limits::default()).unwrap();
    let text: String =
        extracted.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN",
        "Số hồ sơ: SC-2026-0003",
        "12.500 giá trị",
        "Dữ liệu sinh trắc học",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
}
