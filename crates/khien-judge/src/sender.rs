//! The sender's class: what kind of address a message came from, as the phone or app shows it.
//!
//! Real inboxes know who sent a message. A bank notice from a personal mobile number is itself a
//! strong sign; a registered brandname is never proof (fake base stations send under real bank
//! names), but it is the normal shape of a genuine notice.

use serde::Serialize;

use crate::phone::{self, PhoneKind};

/// What kind of sender a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SenderClass {
    /// An alphanumeric brandname (`Vietcombank`, `VIETTEL`), known to the brand directory.
    Brandname,
    /// An alphanumeric name no brand in the directory uses.
    UnknownBrandname,
    /// A short code of 3 to 6 digits (`9029`, `1414`).
    Shortcode,
    /// A 1800/1900 service number or a Vietnamese landline.
    Hotline,
    /// A Vietnamese mobile number: a person, whoever they say they are.
    PersonalMobile,
    /// A number with a foreign country code.
    Foreign,
    /// `+84` followed by a trunk `0`, or another impossible Vietnamese form.
    SpoofedVn,
    /// A chat display name (`zalo:Lan Anh`, `fb:…`, `tg:@…`).
    ChatName,
    /// Nothing usable.
    Unknown,
}

impl SenderClass {
    /// Every class, in a fixed order (the model's feature names depend on it).
    pub const ALL: [SenderClass; 9] = [
        SenderClass::Brandname,
        SenderClass::UnknownBrandname,
        SenderClass::Shortcode,
        SenderClass::Hotline,
        SenderClass::PersonalMobile,
        SenderClass::Foreign,
        SenderClass::SpoofedVn,
        SenderClass::ChatName,
        SenderClass::Unknown,
    ];

    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            SenderClass::Brandname => "brandname",
            SenderClass::UnknownBrandname => "unknown_brandname",
            SenderClass::Shortcode => "shortcode",
            SenderClass::Hotline => "hotline",
            SenderClass::PersonalMobile => "personal_mobile",
            SenderClass::Foreign => "foreign",
            SenderClass::SpoofedVn => "spoofed_vn",
            SenderClass::ChatName => "chat_name",
            SenderClass::Unknown => "unknown",
        }
    }

    /// Classifies a sender as shown by the phone or app. `known_brand` tells whether the
    /// brand directory knows an alphanumeric sender.
    pub fn classify(sender: &str, known_brand: impl Fn(&str) -> bool) -> SenderClass {
        let sender = sender.trim();
        if sender.is_empty() {
            return SenderClass::Unknown;
        }
        let lower = sender.to_ascii_lowercase();
        for prefix in ["zalo:", "fb:", "facebook:", "messenger:", "tg:", "telegram:", "viber:"] {
            if lower.starts_with(prefix) {
                return SenderClass::ChatName;
            }
        }
        if sender.starts_with('@') {
            return SenderClass::ChatName;
        }
        let digits = sender.chars().filter(char::is_ascii_digit).count();
        let numeric = sender.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        if numeric && digits > 0 {
            if (3..=6).contains(&digits) && !sender.starts_with('+') {
                return SenderClass::Shortcode;
            }
            return match phone::classify(sender).kind {
                PhoneKind::Mobile => SenderClass::PersonalMobile,
                PhoneKind::Landline | PhoneKind::Service | PhoneKind::Emergency => {
                    SenderClass::Hotline
                }
                PhoneKind::Foreign => SenderClass::Foreign,
                PhoneKind::SpoofedVn => SenderClass::SpoofedVn,
                PhoneKind::Invalid => {
                    if sender.starts_with("+840") || sender.starts_with("840") {
                        SenderClass::SpoofedVn
                    } else {
                        SenderClass::Unknown
                    }
                }
            };
        }
        // Brandnames are at most 11 characters on Vietnamese networks, letters, digits and a
        // few signs; a longer text with spaces is a display name.
        if sender.chars().count() <= 16 && !sender.contains("  ") {
            return if known_brand(sender) {
                SenderClass::Brandname
            } else {
                SenderClass::UnknownBrandname
            };
        }
        SenderClass::ChatName
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(s: &str) -> SenderClass {
        SenderClass::classify(s, |b| b.eq_ignore_ascii_case("vietcombank"))
    }

    #[test]
    fn classes() {
        assert_eq!(classify("Vietcombank"), SenderClass::Brandname);
        assert_eq!(classify("VCB-KHUYENMAI"), SenderClass::UnknownBrandname);
        assert_eq!(classify("9029"), SenderClass::Shortcode);
        assert_eq!(classify("1900 545413"), SenderClass::Hotline);
        assert_eq!(classify("02437654321"), SenderClass::Hotline);
        assert_eq!(classify("0912345678"), SenderClass::PersonalMobile);
        assert_eq!(classify("+84912345678"), SenderClass::PersonalMobile);
        assert_eq!(classify("+840912345678"), SenderClass::SpoofedVn);
        assert_eq!(classify("+85512345678"), SenderClass::Foreign);
        assert_eq!(classify("zalo:Lan Anh"), SenderClass::ChatName);
        assert_eq!(classify("tg:@hotro_cskh"), SenderClass::ChatName);
        assert_eq!(classify("Nguyễn Văn Hùng (Phòng Kế toán)"), SenderClass::ChatName);
        assert_eq!(classify("  "), SenderClass::Unknown);
    }
}
