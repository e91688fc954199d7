//! The reference test vectors (§9 of the personal-data reference), detected and rejected.

use khien_detect::{Config, Engine, Kind};

fn engine() -> Engine {
    Engine::new(Config::default().with_current_year(2026))
}

/// Asserts that `text` yields exactly one finding of `kind` covering `value`.
fn found(text: &str, kind: Kind, value: &str) {
    let e = engine();
    let fs = e.detect(text);
    let hit = fs.iter().find(|f| &text[f.start..f.end] == value);
    match hit {
        Some(f) => assert_eq!(
            f.kind, kind,
            "{text:?}: {value:?} is {:?}, want {kind:?} ({:?})",
            f.kind, f.reasons
        ),
        None => panic!(
            "{text:?}: {value:?} not found as {kind:?}; got {:?}",
            fs.iter().map(|f| (f.kind, &text[f.start..f.end], f.score)).collect::<Vec<_>>()
        ),
    }
}

fn nothing(text: &str) {
    let fs = engine().detect(text);
    assert!(
        fs.is_empty(),
        "{text:?}: expected nothing, got {:?}",
        fs.iter().map(|f| (f.kind, &text[f.start..f.end], f.score)).collect::<Vec<_>>()
    );
}

fn not_kind(text: &str, kind: Kind) {
    let fs = engine().detect(text);
    assert!(
        !fs.iter().any(|f| f.kind == kind),
        "{text:?}: no {kind:?} expected, got {:?}",
        fs.iter().map(|f| (f.kind, &text[f.start..f.end], f.score)).collect::<Vec<_>>()
    );
}

#[test]
fn identity_documents() {
    found("001090000001", Kind::NationalId, "001090000001");
    found("Số: 079301000002", Kind::NationalId, "079301000002");
    found("CCCD:001090000001", Kind::NationalId, "001090000001");
    found("CCCD 001 090 000 001", Kind::NationalId, "001 090 000 001");
    found("Số CMND: 012345678", Kind::OldId, "012345678");
    found("CMND số 031085000003", Kind::OldId, "031085000003");
    found("Hộ chiếu số: C1234567", Kind::Passport, "C1234567");
    found("GPLX số 790123000456 hạng B", Kind::DrivingLicence, "790123000456");
}

#[test]
fn personal_id_used_as_tax_code_is_one_finding_with_both_tags() {
    let e = engine();
    let t = "MST: 001090000001";
    let fs = e.detect(t);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].kind, Kind::NationalId);
    assert_eq!(fs[0].also, vec![Kind::TaxCode]);
    assert!(fs[0].legal().contains(&"D356 Art.3(7)") && fs[0].legal().contains(&"D356 Art.3(11)"));
}

#[test]
fn tax_codes() {
    found("MST: 0312345673", Kind::TaxCode, "0312345673");
    found("Mã số thuế 7900000005", Kind::TaxCode, "7900000005");
    found("MST cá nhân: 0312345673-001", Kind::TaxCode, "0312345673-001");
}

#[test]
fn phones() {
    for (t, v) in [
        ("Gọi 0912 345 678 nhé", "0912 345 678"),
        ("ĐT: +84 912 345 678", "+84 912 345 678"),
        ("Liên hệ (+84) 32-123-4567", "(+84) 32-123-4567"),
        ("098.765.4321", "098.765.4321"),
        ("SĐT0912345678", "0912345678"),
        ("ĐT cũ: 0169 123 4567", "0169 123 4567"),
        ("ĐT bàn: 024 3826 1234", "024 3826 1234"),
        ("Fax 0236 3821 234", "0236 3821 234"),
        ("sdt 0987654321", "0987654321"),
    ] {
        found(t, Kind::Phone, v);
    }
}

#[test]
fn cards_accounts_insurance() {
    found("Số thẻ 9704360000000016", Kind::BankCard, "9704360000000016");
    found("9704180000000000018", Kind::BankCard, "9704180000000000018");
    found("Visa 4111 1111 1111 1111", Kind::BankCard, "4111 1111 1111 1111");
    found("STK: 0011001234567 - Vietcombank", Kind::BankAccount, "0011001234567");
    found("STK 0912345678 MB", Kind::BankAccount, "0912345678");
    found("Mã số BHXH: 7901234567", Kind::SocialInsurance, "7901234567");
    found("Thẻ BHYT DN4790000000001", Kind::HealthInsurance, "DN4790000000001");
    found("HS 4 01 0000000002", Kind::HealthInsurance, "HS 4 01 0000000002");
    let t = "DT2460000000003";
    let fs = engine().detect(t);
    assert_eq!(fs[0].kind, Kind::HealthInsurance);
    assert_eq!(fs[0].also, vec![Kind::Ethnicity]);
    assert_eq!(fs[0].sensitivity(), khien_detect::Sensitivity::Sensitive);
}

#[test]
fn plates_ips_locations_emails() {
    for v in ["51K-123.45", "30A-1234", "29-B1 234.56", "59X1-234.56"] {
        found(&format!("Biển số {v}"), Kind::VehiclePlate, v);
    }
    found("Truy cập từ IP 203.0.113.7 lúc 9h", Kind::IpAddress, "203.0.113.7");
    found(
        "login from 2001:db8:85a3::8a2e:370:7334 ok",
        Kind::IpAddress,
        "2001:db8:85a3::8a2e:370:7334",
    );
    not_kind("Họp lúc 14:30:00 tại phòng 2", Kind::IpAddress);
    found("Tọa độ: 10.7769, 106.7009", Kind::GpsLocation, "10.7769, 106.7009");
    found("Email: ten.mau@example.vn", Kind::Email, "ten.mau@example.vn");
}

#[test]
fn dates_of_birth() {
    found("Sinh ngày 21/12/1990", Kind::DateOfBirth, "21/12/1990");
    found("Ngày sinh: ngày 21 tháng 12 năm 1990", Kind::DateOfBirth, "21 tháng 12 năm 1990");
    found("NS: 1990", Kind::DateOfBirth, "1990");
    found("ngay sinh: 21/12/1990", Kind::DateOfBirth, "21/12/1990");
    found("sinh năm 1985 tại Hà Nội", Kind::DateOfBirth, "1985");
}

#[test]
fn credentials() {
    found("Mật khẩu VNeID: ••••••", Kind::Credential, "••••••");
    found("MK: Abc@12345", Kind::Credential, "Abc@12345");
    found("Mã OTP của quý khách là 482913", Kind::Credential, "482913");
    not_kind("Ghi chú: không có", Kind::Credential);
    // In a sentence, after "là": the value must look like a secret.
    found("Mật khẩu app em là Hoa@1993 thì có sao không ạ?", Kind::Credential, "Hoa@1993");
    found("mk cũ la abc123 nha", Kind::Credential, "abc123");
    not_kind("mật khẩu là gì vậy", Kind::Credential);
    not_kind("Mật khẩu là chuỗi ký tự bí mật", Kind::Credential);
    not_kind("Kết quả là 12345 hồ sơ", Kind::Credential);
}

#[test]
fn rejected_or_downgraded() {
    nothing("003090000001");
    nothing("001590000001");
    nothing("001299000001");
    nothing("0312345670");
    nothing("9876543210");
    not_kind("0312345673-000", Kind::TaxCode);
    nothing("0201234567");
    nothing("0953456780");
    not_kind("9704360000000017", Kind::BankCard);
    nothing("Công ty TNHH Mẫu, MST: 0312345673");
    nothing("Hotline: 1900 1234");
    nothing("Cấp ngày 05/03/2021");
    nothing("Hà Nội, ngày 15 tháng 6 năm 2025");
    nothing("Số tiền: 1.234.567.890đ");
    nothing("Mã đơn hàng: 001090000001");
    nothing("Căn cứ Công văn số 1683/SCT-XNK và Nghị định 356/2025/NĐ-CP");
    nothing("Tổng cộng 1.250.000 đồng, 15 kg, 20%");
    nothing("Phiên bản 1.2.3 phát hành năm 2024");
}

#[test]
fn nfd_full_width_and_nbsp_give_same_findings() {
    use unicode_normalization_free::nfd;
    let nfc = "Họ tên: Trần Thị Hà, số CCCD 001090000001, điện thoại 0912 345 678";
    let variants = [nfd(nfc), nfc.replace("0912 345 678", "０９１２\u{a0}３４５\u{a0}６７８")];
    let base: Vec<Kind> = engine().detect(nfc).iter().map(|f| f.kind).collect();
    assert!(base.contains(&Kind::NationalId) && base.contains(&Kind::Phone));
    for v in variants {
        let fs = engine().detect(&v);
        let kinds: Vec<Kind> = fs.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, base, "{v:?}");
        for f in &fs {
            assert!(v.is_char_boundary(f.start) && v.is_char_boundary(f.end));
        }
    }
}

/// NFD without a dependency: decompose the few precomposed letters used above by hand.
mod unicode_normalization_free {
    pub fn nfd(s: &str) -> String {
        s.replace('ọ', "o\u{323}")
            .replace('ầ', "a\u{302}\u{300}")
            .replace('ị', "i\u{323}")
            .replace('à', "a\u{300}")
            .replace('ố', "o\u{302}\u{301}")
            .replace('ệ', "e\u{302}\u{323}")
            .replace('ạ', "a\u{323}")
    }
}

/// Found by fuzzing: a short digit group followed by a very long one overflowed the buffer of
/// joined digits.
#[test]
fn long_digit_groups_do_not_panic() {
    let text = format!("2026-11-{} 12 {}", "9".repeat(40), "1".repeat(30));
    let _ = engine().detect(&text);
    nothing(&format!("1 {}", "2".repeat(36)));
}

/// Found by a property test: a lone "k" after an identifier is a word, not "thousand".
#[test]
fn unit_letters_after_long_numbers() {
    found("Số CCCD: 001090000001 k", Kind::NationalId, "001090000001");
    nothing("Giá 500 k một suất, nặng 15 kg");
    found("CCCD 001090000001 đã nộp.", Kind::NationalId, "001090000001");
    nothing("Tổng: 1.500.000đ, đã trả 500.000 đồng");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const MOBILE: &[&str] =
        &["32", "39", "86", "96", "98", "81", "88", "91", "94", "70", "79", "90", "93", "56", "58"];
    const PROVINCES: &[&str] = &["001", "079", "048", "031", "092", "096", "002", "015"];

    fn sep() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec!["", " ", ".", "-"])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Every allocated mobile number is found whole, in every common way of writing it.
        #[test]
        fn mobile_numbers_in_any_layout(
            prefix in proptest::sample::select(MOBILE.to_vec()),
            rest in "[0-9]{7}",
            s in sep(),
            intl in any::<bool>(),
            lead in proptest::sample::select(vec!["Gọi ", "SĐT: ", "liên hệ chị Lan ", "("]),
        ) {
            let head = if intl { format!("+84 {prefix}") } else { format!("0{prefix}") };
            let number = format!("{head}{}{s}{}{s}{}", &rest[..1], &rest[1..4], &rest[4..]);
            let text = format!("{lead}{number} nhé");
            // The name in "liên hệ chị Lan" is a finding of its own (issue 3); count the rest.
            let fs: Vec<_> = engine().detect(&text).into_iter().filter(|f| f.kind != Kind::PersonName).collect();
            prop_assert_eq!(fs.len(), 1, "{:?}", text);
            prop_assert_eq!(fs[0].kind, Kind::Phone);
            prop_assert_eq!(&text[fs[0].start..fs[0].end], number.as_str());
        }

        /// A structurally valid personal ID after its keyword is always found, whatever the
        /// surrounding text, and never as something else.
        #[test]
        fn national_ids_with_keyword(
            code in proptest::sample::select(PROVINCES.to_vec()),
            g in 0u8..4,
            yy in 0u16..100,
            rest in "[0-9]{6}",
            key in proptest::sample::select(vec!["Số CCCD:", "so cccd", "CĂN CƯỚC", "số định danh cá nhân"]),
            tail in "([ ,.][ a-zà-ỹ,.]{0,20})?",
        ) {
            let year = if g < 2 { 1900 + yy } else { 2000 + yy };
            prop_assume!(year <= 2026);
            let id = format!("{code}{g}{yy:02}{rest}");
            let text = format!("{key} {id}{tail}");
            let fs = engine().detect(&text);
            prop_assert!(fs.iter().any(|f| f.kind == Kind::NationalId && text[f.start..f.end] == id), "{:?}", text);
        }

        /// Findings always lie inside the text, on character boundaries, in order, disjoint.
        #[test]
        fn findings_are_well_formed(text in "\\PC{0,200}") {
            let fs = engine().detect(&text);
            let mut last = 0;
            for f in &fs {
                prop_assert!(f.start < f.end && f.end <= text.len());
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
                prop_assert!(f.start >= last);
                last = f.end;
            }
        }
    }
}
