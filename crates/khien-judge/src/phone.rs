//! Phone numbers: the Vietnamese numbering plan (mobile prefixes per carrier, landlines,
//! 1800/1900 service numbers, emergency numbers), foreign numbers and spoofed `+84` forms.
//!
//! Prefix table from personal-data-vn.md §7.4.2 (libphonenumber metadata, cross-checked).

use serde::Serialize;

/// What a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// Vietnamese mobile number.
    Mobile,
    /// Vietnamese landline.
    Landline,
    /// 1800 (toll-free) or 1900 (premium) service number.
    Service,
    /// 113, 114, 115, 111.
    Emergency,
    /// A number with a foreign country code.
    Foreign,
    /// `+84` followed by a trunk `0` or another impossible form: imitates a Vietnamese number.
    SpoofedVn,
    /// Not a valid number.
    Invalid,
}

/// A classified phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneInfo {
    /// Kind.
    pub kind: PhoneKind,
    /// Canonical form: `0xxxxxxxxx` for Vietnamese numbers, `+cc…` for foreign ones.
    pub canonical: String,
    /// Carrier for mobiles.
    pub carrier: Option<&'static str>,
}

/// The carrier for a 9-digit national mobile number (without trunk 0).
pub fn mobile_carrier(national: &str) -> Option<&'static str> {
    let b = national.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let p2 = &national[..2];
    let p3 = &national[..3];
    Some(match p2 {
        "32" | "33" | "34" | "35" | "36" | "37" | "38" | "39" | "86" | "96" | "97" | "98" => {
            "Viettel"
        }
        "81" | "82" | "83" | "84" | "85" | "88" | "91" | "94" => "VinaPhone",
        "87" => "Itelecom",
        "70" | "76" | "77" | "78" | "79" | "90" | "93" => "MobiFone",
        "89" if matches!(p3, "896" | "897" | "898" | "899") => "MobiFone",
        "52" if matches!(p3, "522" | "523" | "528") => "Vietnamobile",
        "56" | "58" | "92" => "Vietnamobile",
        "55" if p3 == "559" => "Wintel",
        "59" => "Gmobile",
        "99" if matches!(p3, "993" | "994" | "995" | "996" | "997") => "Gmobile",
        "99" if matches!(p3, "998" | "999") => "Itelecom",
        _ => return None,
    })
}

/// Classifies a phone number as written (`0912 345 678`, `+84 912 345 678`, `+840912…`,
/// `+882 …`, `1900 545413`).
pub fn classify(raw: &str) -> PhoneInfo {
    let t = raw.trim();
    let plus = t.starts_with('+') || t.starts_with("00");
    let mut d: String = t.chars().filter(char::is_ascii_digit).collect();
    if t.starts_with("00") {
        d = d[2..].to_string();
    }
    let inv = |c: String| PhoneInfo { kind: PhoneKind::Invalid, canonical: c, carrier: None };
    if d.is_empty() {
        return inv(String::new());
    }
    if plus || (d.starts_with("84") && d.len() == 11) {
        if let Some(nat) = d.strip_prefix("84") {
            if nat.starts_with('0') {
                return PhoneInfo {
                    kind: PhoneKind::SpoofedVn,
                    canonical: format!("+{d}"),
                    carrier: None,
                };
            }
            return national(nat, plus).unwrap_or_else(|| {
                if plus {
                    PhoneInfo {
                        kind: PhoneKind::SpoofedVn,
                        canonical: format!("+{d}"),
                        carrier: None,
                    }
                } else {
                    inv(d.clone())
                }
            });
        }
        if plus {
            if d.len() < 7 || d.len() > 15 {
                return inv(format!("+{d}"));
            }
            return PhoneInfo {
                kind: PhoneKind::Foreign,
                canonical: format!("+{d}"),
                carrier: None,
            };
        }
    }
    if matches!(d.as_str(), "113" | "114" | "115" | "111") {
        return PhoneInfo { kind: PhoneKind::Emergency, canonical: d, carrier: None };
    }
    if (d.starts_with("1800") || d.starts_with("1900")) && (8..=10).contains(&d.len()) {
        return PhoneInfo { kind: PhoneKind::Service, canonical: d, carrier: None };
    }
    if let Some(nat) = d.strip_prefix('0') {
        return national(nat, false).unwrap_or_else(|| inv(d.clone()));
    }
    inv(d)
}

fn national(nat: &str, _plus: bool) -> Option<PhoneInfo> {
    if nat.len() == 9
        && let Some(c) = mobile_carrier(nat)
    {
        return Some(PhoneInfo {
            kind: PhoneKind::Mobile,
            canonical: format!("0{nat}"),
            carrier: Some(c),
        });
    }
    // Landlines: 02x + 8 digits after the trunk (10 national digits).
    if nat.len() == 10 && nat.starts_with('2') {
        return Some(PhoneInfo {
            kind: PhoneKind::Landline,
            canonical: format!("0{nat}"),
            carrier: None,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        let p = classify("0912 345 678");
        assert_eq!(p.kind, PhoneKind::Mobile);
        assert_eq!(p.carrier, Some("VinaPhone"));
        assert_eq!(classify("+84 86 123 4567").kind, PhoneKind::Mobile);
        assert_eq!(classify("+840912345678").kind, PhoneKind::SpoofedVn);
        assert_eq!(classify("+882 1234 5678").kind, PhoneKind::Foreign);
        assert_eq!(classify("1900 545413").kind, PhoneKind::Service);
        assert_eq!(classify("024 3825 1234").kind, PhoneKind::Landline);
        assert_eq!(classify("0312345678").kind, PhoneKind::Invalid);
        assert_eq!(classify("113").kind, PhoneKind::Emergency);
    }
}
