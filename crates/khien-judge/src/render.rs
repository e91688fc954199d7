//! The human output: a report as readable text in Vietnamese or English, shared by the
//! command-line tool and the server so that both explain a verdict in the same words.

use crate::{EntityKind, Judge, Report, Verdict};

/// The language of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

/// Renders a report as readable text.
pub fn text(judge: &Judge, r: &Report, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    let label = if vi { r.verdict.label_vi() } else { r.verdict.label_en() };
    s.push_str(&format!(
        "{}: {} ({} {}/100)\n",
        if vi { "KẾT LUẬN" } else { "VERDICT" },
        label,
        if vi { "điểm" } else { "score" },
        r.score
    ));
    match r.verdict {
        Verdict::Unknown => s.push_str(if vi {
            "Chưa có dữ liệu không có nghĩa là an toàn.\n"
        } else {
            "No data does not mean it is safe.\n"
        }),
        Verdict::NoSigns => s.push_str(if vi {
            "Không thấy dấu hiệu lừa đảo đã biết; vẫn cần tỉnh táo với yêu cầu chuyển tiền hay cung cấp mã OTP.\n"
        } else {
            "No known signs of fraud; stay alert to any request for money or OTP codes.\n"
        }),
        _ => {}
    }
    if !r.scam_types.is_empty() {
        s.push_str(if vi { "\nLoại lừa đảo:\n" } else { "\nScam type:\n" });
        for t in &r.scam_types {
            let name = judge.scam_type_name(t).map(|(v, e)| if vi { v } else { e }).unwrap_or(t);
            s.push_str(&format!("  • {name} [{t}]\n"));
        }
    }
    if !r.reasons.is_empty() {
        s.push_str(if vi { "\nLý do:\n" } else { "\nReasons:\n" });
        for x in &r.reasons {
            s.push_str(&format!("  • {}\n", if vi { &x.vi } else { &x.en }));
        }
    }
    if !r.advice.is_empty() {
        s.push_str(if vi { "\nNên làm:\n" } else { "\nWhat to do:\n" });
        for a in &r.advice {
            s.push_str(&format!("  • {}\n", if vi { &a.vi } else { &a.en }));
        }
    }
    if !r.entities.is_empty() {
        s.push_str(if vi { "\nThông tin tìm thấy:\n" } else { "\nFound:\n" });
        for e in &r.entities {
            let kind = entity_label(e.kind, vi);
            let mut line = format!(
                "  • {kind}: {}",
                if e.kind == EntityKind::Qr { e.value.as_str() } else { e.text.as_str() }
            );
            let extras: Vec<String> =
                e.details.iter().map(|(k, v)| format!("{}: {v}", detail_label(k, vi))).collect();
            if !extras.is_empty() {
                line.push_str(&format!(" ({})", extras.join(", ")));
            }
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}

fn entity_label(k: EntityKind, vi: bool) -> &'static str {
    use EntityKind::*;
    match (k, vi) {
        (Url, true) => "Đường link",
        (Url, false) => "Link",
        (Apk, true) => "Tệp APK",
        (Apk, false) => "APK file",
        (Phone, true) => "Số điện thoại",
        (Phone, false) => "Phone number",
        (Account, true) => "Số tài khoản",
        (Account, false) => "Bank account",
        (Money, true) => "Số tiền",
        (Money, false) => "Amount",
        (Deadline, true) => "Hạn chót",
        (Deadline, false) => "Deadline",
        (Qr, true) => "Mã QR, tài khoản nhận",
        (Qr, false) => "QR code, beneficiary account",
    }
}

fn detail_label(k: &str, vi: bool) -> &str {
    match (k, vi) {
        ("host", true) => "tên miền",
        ("host", false) => "host",
        ("host_ascii", true) => "dạng punycode",
        ("host_ascii", false) => "punycode",
        ("registrable", true) => "tên miền gốc",
        ("registrable", false) => "registrable domain",
        ("imitates", true) => "giả",
        ("imitates", false) => "imitates",
        ("official_of", true) => "chính thức của",
        ("official_of", false) => "official domain of",
        ("carrier", true) => "nhà mạng",
        ("carrier", false) => "carrier",
        ("phone_kind", true) => "loại",
        ("phone_kind", false) => "kind",
        ("bank", true) => "ngân hàng",
        ("bank", false) => "bank",
        ("bank_hint", true) => "ngân hàng nhắc tới",
        ("bank_hint", false) => "bank mentioned",
        ("bank_bin", true) => "mã ngân hàng",
        ("bank_bin", false) => "bank ID",
        ("name", true) => "tên người nhận",
        ("name", false) => "beneficiary",
        ("amount", true) => "số tiền",
        ("amount", false) => "amount",
        ("message", true) => "nội dung",
        ("message", false) => "message",
        (k, _) => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_name_the_verdict_and_the_reasons() {
        let judge = Judge::new();
        let report = judge.check_text(
            "Công an quận 1 thông báo anh liên quan vụ án rửa tiền, yêu cầu chuyển toàn bộ \
             tiền vào tài khoản tạm giữ, không được nói với ai.",
        );
        let vietnamese = text(&judge, &report, Lang::Vi);
        assert!(vietnamese.starts_with("KẾT LUẬN: NGUY HIỂM"), "{vietnamese}");
        assert!(vietnamese.contains("\nLý do:\n"));
        let english = text(&judge, &report, Lang::En);
        assert!(english.starts_with("VERDICT: DANGEROUS"), "{english}");
        assert!(english.contains("\nReasons:\n"));
        let unknown = text(&judge, &judge.check_phone("0912345678"), Lang::En);
        assert!(unknown.contains("No data does not mean it is safe."), "{unknown}");
    }
}
