//! Snapshot tests of the explanations: verdict, score, types, reasons (Vietnamese and English,
//! with spans), advice and entities for representative inputs.

use khien_judge::{Channel, Judge, Message, build_vietqr};

fn judge() -> Judge {
    Judge::new()
}

#[test]
fn police_impersonation() {
    let r = judge().check_text(
        "Alo, tôi là cán bộ Công an quận Hoàn Kiếm. Anh có liên quan đến vụ án rửa tiền, yêu cầu anh kết bạn Zalo 0912345678 để làm việc, không được nói với ai.",
    );
    insta::assert_json_snapshot!(r);
}

#[test]
fn bank_phishing_obfuscated() {
    let r = judge().check_message(&Message {
        text: "T4i kh0an cua b4n bi t4m kh0a do đăng nhập bất thường. X4c thuc ngay t4i hxxps://vietcombank-xacthuc[.]top/login",
        sender: Some("0912345678"),
        channel: Some(Channel::Sms),
    });
    insta::assert_json_snapshot!(r);
}

#[test]
fn vneid_unaccented_with_apk() {
    let r = judge().check_text(
        "Cong an phuong thong bao: tai khoan dinh danh cua ban can nang cap muc 2. Tai file vneid-moi.apk qua Zalo va cho phep cai dat tu nguon khong xac dinh.",
    );
    insta::assert_json_snapshot!(r);
}

#[test]
fn genuine_otp_has_no_signs() {
    let r = judge().check_message(&Message {
        text: "Ma OTP cua Quy khach la 482913. Tuyet doi KHONG cung cap ma OTP cho bat ky ai, ke ca nhan vien ngan hang.",
        sender: Some("Vietcombank"),
        channel: Some(Channel::Sms),
    });
    insta::assert_json_snapshot!(r);
}

#[test]
fn genuine_vneid_activation_with_link() {
    let r = judge().check_message(&Message {
        text: "Bo Cong an thong bao: Ho so dang ky tai khoan dinh danh dien tu cua ban da duoc phe duyet. Tai ung dung VNeID tren CH Play hoac App Store va kich hoat theo huong dan tai https://vneid.gov.vn",
        sender: Some("BoCongAn"),
        channel: None,
    });
    insta::assert_json_snapshot!(r);
}

#[test]
fn url_lookalikes() {
    let j = judge();
    let reports: Vec<_> = [
        "vietcombạnk.vn",
        "https://vietcornbank.com/dang-nhap",
        "tpbank.chamsocthekhachhang-thang4.com.vn",
        "https://bit.ly/3xyz",
        "https://www.vietcombank.com.vn/",
    ]
    .iter()
    .map(|u| (u.to_string(), j.check_url(u)))
    .collect();
    insta::assert_json_snapshot!(reports);
}

#[test]
fn phone_and_account() {
    let j = judge();
    let reports = vec![
        j.check_phone("0912 345 678"),
        j.check_phone("+840912345678"),
        j.check_phone("+882 1600 1234"),
        j.check_account("0123456789", Some("VCB")),
    ];
    insta::assert_json_snapshot!(reports);
}

#[test]
fn vietqr_with_mismatched_beneficiary() {
    let payload =
        build_vietqr("970436", "0123456789", Some("2500000"), Some("TRAN VAN B"), Some("nop phat"));
    let r = judge().check_qr(
        &payload,
        Some("Cục Thuế thông báo anh vi phạm hóa đơn, quét mã QR để nộp phạt ngay trong hôm nay."),
    );
    insta::assert_json_snapshot!(r);
}
