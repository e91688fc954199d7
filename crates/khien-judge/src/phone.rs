//! Phone numbers: the Vietnamese numbering plan (mobile prefixes per carrier, landlines,
//! 1800/1900 service numbers, emergency numbers), foreign numbers and spoofed `+84` forms.
//!
//! The numbering plan (mobile prefixes per carrier, the 2018 conversion) is khien-detect's
//! `data/phone.toml`, read through [`khien_detect::tables`]: Khiên has one copy of it.

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
    /// Why a spoofed or invalid number is not a Vietnamese number.
    pub problem: Option<Problem>,
}

/// Why a number written as Vietnamese (`+84…`, `0…`) is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// No digits at all.
    Empty,
    /// Only the country code `+84`, no subscriber number.
    CountryCodeOnly,
    /// `+84` followed by the trunk `0` (`+840912…`): dialled abroad this reaches nobody.
    TrunkAfterCountryCode,
    /// An 11-digit mobile number from before the 2018 conversion, with its new prefix.
    Legacy {
        /// The old prefix with trunk 0 (`0169`).
        old: String,
        /// The new prefix with trunk 0 (`039`).
        new: String,
    },
    /// A mobile-length number whose prefix no carrier holds.
    UnallocatedPrefix {
        /// The first three digits with trunk 0 (`031`).
        prefix: String,
    },
    /// The wrong number of digits after the trunk `0` or `+84`.
    Length {
        /// Digits of the national number.
        digits: usize,
    },
}

impl Problem {
    /// The explanation in Vietnamese.
    pub fn vi(&self) -> String {
        match self {
            Problem::Empty => "không có chữ số nào".into(),
            Problem::CountryCodeOnly => "chỉ có mã nước +84, thiếu số thuê bao".into(),
            Problem::TrunkAfterCountryCode => {
                "+84 kèm số 0, cách viết mà số thật không bao giờ có".into()
            }
            Problem::Legacy { old, new } => {
                format!("số 11 chữ số cũ: đầu số {old} đã đổi thành {new} từ năm 2018")
            }
            Problem::UnallocatedPrefix { prefix } => {
                format!("đầu số {prefix} chưa được cấp cho nhà mạng nào")
            }
            Problem::Length { digits } => {
                format!("sau số 0 hoặc +84 có {digits} chữ số; số di động có 9, số cố định có 10")
            }
        }
    }

    /// The explanation in English.
    pub fn en(&self) -> String {
        match self {
            Problem::Empty => "no digits at all".into(),
            Problem::CountryCodeOnly => "only the country code +84, no subscriber number".into(),
            Problem::TrunkAfterCountryCode => "+84 followed by 0, which no real number has".into(),
            Problem::Legacy { old, new } => {
                format!("old 11-digit number: prefix {old} became {new} in 2018")
            }
            Problem::UnallocatedPrefix { prefix } => {
                format!("prefix {prefix} is not allocated to any carrier")
            }
            Problem::Length { digits } => {
                format!("{digits} digits after the 0 or +84; mobiles have 9, landlines 10")
            }
        }
    }
}

/// Why the national number `nat` (after the trunk 0 or +84) is not valid.
fn national_problem(nat: &str) -> Problem {
    if nat.is_empty() {
        return Problem::CountryCodeOnly;
    }
    if nat.len() == 10 && nat.starts_with('1') {
        let old = format!("0{}", &nat[..3]);
        // The 2018 conversion table is khien-detect's (`data/phone.toml`).
        if let Some(new) = khien_detect::tables::tables().legacy_mobile.get(&old) {
            return Problem::Legacy { old, new: new.clone() };
        }
    }
    if nat.len() == 9 {
        return Problem::UnallocatedPrefix { prefix: format!("0{}", &nat[..2]) };
    }
    Problem::Length { digits: nat.len() }
}

/// The carrier for a 9-digit national mobile number (without trunk 0), from khien-detect's
/// prefix table.
pub fn mobile_carrier(national: &str) -> Option<&'static str> {
    khien_detect::tables::tables().mobile_carrier(national)
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
    let info = |kind, canonical, problem| PhoneInfo { kind, canonical, carrier: None, problem };
    if d.is_empty() {
        return info(PhoneKind::Invalid, String::new(), Some(Problem::Empty));
    }
    if plus || (d.starts_with("84") && d.len() == 11) {
        if let Some(nat) = d.strip_prefix("84") {
            if nat.starts_with('0') {
                return info(
                    PhoneKind::SpoofedVn,
                    format!("+{d}"),
                    Some(Problem::TrunkAfterCountryCode),
                );
            }
            if nat.is_empty() {
                return info(PhoneKind::Invalid, format!("+{d}"), Some(Problem::CountryCodeOnly));
            }
            // A +84 number outside the numbering plan imitates a Vietnamese number.
            return national(nat).unwrap_or_else(|| {
                let problem = Some(national_problem(nat));
                if plus {
                    info(PhoneKind::SpoofedVn, format!("+{d}"), problem)
                } else {
                    info(PhoneKind::Invalid, d.clone(), problem)
                }
            });
        }
        if plus {
            if d.len() < 7 || d.len() > 15 {
                return info(PhoneKind::Invalid, format!("+{d}"), None);
            }
            return info(PhoneKind::Foreign, format!("+{d}"), None);
        }
    }
    if matches!(d.as_str(), "113" | "114" | "115" | "111") {
        return info(PhoneKind::Emergency, d, None);
    }
    if (d.starts_with("1800") || d.starts_with("1900")) && (8..=10).contains(&d.len()) {
        return info(PhoneKind::Service, d, None);
    }
    if let Some(nat) = d.strip_prefix('0') {
        return national(nat)
            .unwrap_or_else(|| info(PhoneKind::Invalid, d.clone(), Some(national_problem(nat))));
    }
    info(PhoneKind::Invalid, d, None)
}

fn national(nat: &str) -> Option<PhoneInfo> {
    if nat.len() == 9
        && let Some(c) = mobile_carrier(nat)
    {
        return Some(PhoneInfo {
            kind: PhoneKind::Mobile,
            canonical: format!("0{nat}"),
            carrier: Some(c),
            problem: None,
        });
    }
    // Landlines: 02x + 8 digits after the trunk (10 national digits).
    if nat.len() == 10 && nat.starts_with('2') {
        return Some(PhoneInfo {
            kind: PhoneKind::Landline,
            canonical: format!("0{nat}"),
            carrier: None,
            problem: None,
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

    #[test]
    fn carriers_are_khien_detects() {
        // Every 2- and 3-digit prefix: the judge names the carrier khien-detect names, and
        // calls the number a mobile exactly when khien-detect does.
        for p in 0..1000u32 {
            let national = format!("{p:03}123456");
            let detect = match khien_detect::validate::phone(&format!("0{national}")) {
                Some(khien_detect::validate::PhoneInfo::Mobile { carrier }) => Some(carrier),
                _ => None,
            };
            let info = classify(&format!("0{national}"));
            assert_eq!(info.carrier, detect, "0{national}");
            assert_eq!(info.kind == PhoneKind::Mobile, detect.is_some(), "0{national}");
        }
        assert_eq!(mobile_carrier("871234567"), Some("Itelecom (VinaPhone)"));
        for (n, c) in
            [("301234567", "MobiFone"), ("511234567", "MobiFone"), ("998123456", "Itelecom")]
        {
            assert_eq!(mobile_carrier(n), Some(c), "{n}");
        }
    }

    #[test]
    fn says_why_a_number_is_not_vietnamese() {
        let p = classify("+840912345678");
        assert_eq!(p.problem, Some(Problem::TrunkAfterCountryCode));
        assert!(p.problem.unwrap().en().contains("followed by 0"));
        // +84 and digits without a trunk 0: not "+84 followed by 0".
        let p = classify("+84 123 456 789");
        assert_eq!(p.kind, PhoneKind::SpoofedVn);
        assert_eq!(p.problem, Some(Problem::UnallocatedPrefix { prefix: "012".into() }));
        assert!(!p.problem.unwrap().en().contains("followed by 0"));
        let p = classify("+84 169 123 4567");
        assert_eq!(p.problem, Some(Problem::Legacy { old: "0169".into(), new: "039".into() }));
        assert_eq!(classify("+84 91234").problem, Some(Problem::Length { digits: 5 }));
        // The country code alone is no number at all.
        let p = classify("+84");
        assert_eq!((p.kind, p.problem), (PhoneKind::Invalid, Some(Problem::CountryCodeOnly)));
        assert_eq!(
            classify("0312345678").problem,
            Some(Problem::UnallocatedPrefix { prefix: "031".into() })
        );
        assert_eq!(classify("0912345678").problem, None);
    }
}
