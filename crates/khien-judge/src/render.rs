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
pub fn text(judge: &Judge, report: &Report, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    let label = if vi { report.verdict.label_vi() } else { report.verdict.label_en() };
    out.push_str(&format!(
        "{}: {} ({} {}/100)\n",
        if vi { "KẾT LUẬN" } else { "VERDICT" },
        label,
        if vi { "điểm" } else { "score" },
        report.score
    ));
    match report.verdict {
        Verdict::Unknown => out.push_str(if vi {
            "Chưa có dữ liệu không có nghĩa là an toàn.\n"
        } else {
            "No data does not mean it is safe.\n"
        }),
        Verdict::NoSigns => out.push_str(if vi {
            "Không thấy dấu hiệu lừa đảo đã biết; vẫn cần tỉnh táo với yêu cầu chuyển tiền hay cung cấp mã OTP.\n"
        } else {
            "No known signs of fraud; stay alert to any request for money or OTP codes.\n"
        }),
        _ => {}
    }
    if !report.scam_types.is_empty() {
        out.push_str(if vi { "\nLoại lừa đảo:\n" } else { "\nScam type:\n" });
        for code in &report.scam_types {
            let name = judge
                .scam_type_name(code)
                .map(|(name_vi, name_en)| if vi { name_vi } else { name_en })
                .unwrap_or(code);
            out.push_str(&format!("  • {name} [{code}]\n"));
        }
    }
    if !report.reasons.is_empty() {
        out.push_str(if vi { "\nLý do:\n" } else { "\nReasons:\n" });
        for reason in &report.reasons {
            out.push_str(&format!("  • {}\n", if vi { &reason.vi } else { &reason.en }));
        }
    }
    if !report.advice.is_empty() {
        out.push_str(if vi { "\nNên làm:\n" } else { "\nWhat to do:\n" });
        for advice in &report.advice {
            out.push_str(&format!("  • {}\n", if vi { &advice.vi } else { &advice.en }));
        }
    }
    if !report.entities.is_empty() {
        out.push_str(if vi { "\nThông tin tìm thấy:\n" } else { "\nFound:\n" });
        for entity in &report.entities {
            let kind = entity_label(entity.kind, vi);
            let mut line = format!(
                "  • {kind}: {}",
                if entity.kind == EntityKind::Qr {
                    entity.value.as_str()
                } else {
                    entity.text.as_str()
                }
            );
            let extras: Vec<String> = entity
                .details
                .iter()
                .map(|(key, value)| format!("{}: {value}", detail_label(key, vi)))
                .collect();
            if !extras.is_empty() {
                line.push_str(&format!(" ({})", extras.join(", ")));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn entity_label(kind: EntityKind, vi: bool) -> &'static str {
    use EntityKind::*;
    match (kind, vi) {
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

fn detail_label(key: &str, vi: bool) -> &str {
    match (key, vi) {
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
        (other, _) => other,
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
