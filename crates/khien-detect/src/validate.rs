//! Validators for Vietnamese structured identifiers. Each takes the bare characters (separators
//! already removed) and says whether the structure holds, with what it learned.

use crate::tables::tables;

/// What a valid personal identification number tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CccdInfo {
    /// Province of birth registration (pre-2025 name).
    pub province: &'static str,
    /// `nam` or `nữ`.
    pub gender: &'static str,
    /// Year of birth.
    pub birth_year: u16,
}

/// Validates a 12-digit personal identification number (CCCD / số định danh cá nhân):
/// province code ∈ the 63 codes, century/gender digit 0–3, birth year not in the future.
/// There is no check digit. `Err` carries why the structure fails.
pub fn cccd(digits: &str, current_year: u16) -> Result<CccdInfo, &'static str> {
    let b = digits.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return Err("not 12 digits");
    }
    let code: u16 = digits[..3].parse().map_err(|_| "province")?;
    let province = tables().provinces.get(&code).ok_or("unknown province code")?;
    let g = b[3] - b'0';
    let yy = u16::from(b[4] - b'0') * 10 + u16::from(b[5] - b'0');
    let century = match g {
        0 | 1 => 1900,
        2 | 3 => 2000,
        _ => return Err("century digit implies birth after 2099"),
    };
    let birth_year = century + yy;
    if birth_year > current_year {
        return Err("birth year in the future");
    }
    if current_year - birth_year > 125 {
        return Err("birth year too old");
    }
    Ok(CccdInfo {
        province: &province.name,
        gender: if g.is_multiple_of(2) { "nam" } else { "nữ" },
        birth_year,
    })
}

/// Tax code (MST) check digit, Circular 105/2020 Appendix 1: weights 31, 29, 23, 19, 17, 13, 7,
/// 5, 3 on digits 1–9; check = 10 − (sum mod 11); remainder 0 means no valid check digit.
pub fn mst10(digits: &str) -> bool {
    let b = digits.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let sum: u32 = b[..9].iter().zip(W).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let r = sum % 11;
    r != 0 && 10 - r == u32::from(b[9] - b'0')
}

/// A 13-character MST with branch: 10 valid digits and a branch number 001–999.
pub fn mst_branch(main: &str, branch: &str) -> bool {
    mst10(main)
        && branch.len() == 3
        && branch.bytes().all(|c| c.is_ascii_digit())
        && branch != "000"
}

/// Luhn check (bank cards, IMEI).
pub fn luhn(digits: &str) -> bool {
    let b = digits.as_bytes();
    if b.len() < 2 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, d) in b.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// What a valid card number tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardInfo {
    /// Issuing bank (domestic BIN) or card scheme.
    pub issuer: &'static str,
    /// Whether the BIN is a known Vietnamese bank's.
    pub known_bin: bool,
    /// Whether the Luhn check passes.
    pub luhn: bool,
}

/// Classifies a 15–19-digit card number by BIN/scheme and Luhn. `None` when neither a scheme
/// prefix nor a length fits.
pub fn card(digits: &str) -> Option<CardInfo> {
    let n = digits.len();
    if !(15..=19).contains(&n) || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let luhn = luhn(digits);
    if let Some(bank) = tables().card_bins.get(&digits[..6]) {
        if n == 16 || n == 19 {
            return Some(CardInfo { issuer: bank.as_str(), known_bin: true, luhn });
        }
    }
    let p2: u32 = digits[..2].parse().ok()?;
    let p4: u32 = digits[..4].parse().ok()?;
    let scheme = match (p2, n) {
        (34 | 37, 15) => "American Express",
        (40..=49, 16 | 19) => "Visa",
        (51..=55, 16) => "Mastercard",
        (22..=27, 16) if (2221..=2720).contains(&p4) => "Mastercard",
        (35, 16..=19) => "JCB",
        (62, 16..=19) => "UnionPay",
        _ if digits.starts_with("9704") && (n == 16 || n == 19) => "NAPAS",
        _ => return None,
    };
    Some(CardInfo { issuer: scheme, known_bin: scheme == "NAPAS", luhn })
}

/// How a phone number was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneInfo {
    /// A current mobile number, with its carrier.
    Mobile {
        /// Carrier by prefix.
        carrier: &'static str,
    },
    /// A pre-2018 11-digit mobile number and its 10-digit form.
    LegacyMobile {
        /// Carrier by converted prefix.
        carrier: &'static str,
        /// The converted number, with trunk 0.
        converted: String,
    },
    /// A landline with its province.
    Landline {
        /// Province by area code.
        province: &'static str,
    },
}

/// Validates a phone number given as its digits, with an international prefix `84`, a trunk
/// `0`, or neither (`bare`: the caller found a 9-digit national number with no prefix, which
/// counts only with a keyword). Service numbers (1800/1900) are never valid here.
pub fn phone(digits: &str) -> Option<PhoneInfo> {
    let t = tables();
    let national = if let Some(rest) =
        digits.strip_prefix("84").filter(|r| r.len() >= 9 && !r.starts_with('0'))
    {
        rest
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else if digits.len() == 9 {
        digits
    } else {
        return None;
    };
    if t.service_prefixes.iter().any(|p| digits.starts_with(p.as_str())) {
        return None;
    }
    match national.len() {
        9 => {
            if let Some((_, carrier)) =
                t.mobile_prefixes.iter().find(|(p, _)| national.starts_with(p.as_str()))
            {
                return Some(PhoneInfo::Mobile { carrier: carrier.as_str() });
            }
            None
        }
        10 => {
            // Landline: 24/28 + 8 digits, or 2xx + 7 digits.
            if national.starts_with('2') {
                for len in [2usize, 3] {
                    if let Some(p) = t.area_codes.get(&national[..len]) {
                        if (len == 2) == matches!(&national[..2], "24" | "28") {
                            return Some(PhoneInfo::Landline { province: p.as_str() });
                        }
                    }
                }
                return None;
            }
            // Legacy 11-digit mobile (trunk 0 + 10).
            let old = format!("0{}", &national[..3]);
            let new = t.legacy_mobile.get(&old)?;
            let converted = format!("{new}{}", &national[3..]);
            let carrier = t
                .mobile_prefixes
                .iter()
                .find(|(p, _)| converted[1..].starts_with(p.as_str()))
                .map_or("", |(_, c)| c.as_str());
            Some(PhoneInfo::LegacyMobile { carrier, converted })
        }
        _ => None,
    }
}

/// What a BHYT card code tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BhytInfo {
    /// Beneficiary group code.
    pub group: String,
    /// Whether the group is in the current list.
    pub known_group: bool,
    /// Benefit level 1–5.
    pub level: u8,
    /// What the group code reveals, if anything sensitive.
    pub reveals: Option<String>,
}

/// Validates a 15-character BHYT code `LL D PP NNNNNNNNNN` (separators removed).
pub fn bhyt(code: &str) -> Option<BhytInfo> {
    let b = code.as_bytes();
    if b.len() != 15
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let level = b[2] - b'0';
    if !(1..=5).contains(&level) {
        return None;
    }
    if &code[3..5] == "00" {
        return None;
    }
    let t = tables();
    let group = code[..2].to_string();
    let known_group = t.bhyt_groups.contains(&group);
    if !known_group && !t.bhyt_newer.contains(&group) {
        return None;
    }
    let reveals = t.bhyt_reveals.get(&group).cloned();
    Some(BhytInfo { group, known_group, level, reveals })
}

/// Whether a two-digit plate locality code is in use.
pub fn plate_locality(code: u8) -> bool {
    tables().plate_codes.contains(&code)
}

/// Calendar validity, leap years included.
pub fn date(day: u32, month: u32, year: u32) -> bool {
    if !(1..=12).contains(&month) || day == 0 || !(1800..=2200).contains(&year) {
        return false;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let max = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= max
}

/// A dotted-quad IPv4 address with octets 0–255 and no leading zeros.
pub fn ipv4(parts: &[&str]) -> bool {
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && !(p.len() > 1 && p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}

/// Latitude/longitude inside Vietnam's box, islands included.
pub fn vietnam_coordinates(lat: f64, lon: f64) -> bool {
    (7.0..=24.0).contains(&lat) && (102.0..=118.0).contains(&lon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cccd_reference_vectors() {
        let i = cccd("001090000001", 2026).unwrap();
        assert_eq!((i.province, i.gender, i.birth_year), ("Hà Nội", "nam", 1990));
        let i = cccd("079301000002", 2026).unwrap();
        assert_eq!((i.province, i.gender, i.birth_year), ("TP Hồ Chí Minh", "nữ", 2001));
        assert!(cccd("031085000003", 2026).is_ok());
        assert_eq!(cccd("003090000001", 2026), Err("unknown province code"));
        assert!(cccd("001590000001", 2026).is_err());
        assert_eq!(cccd("001299000001", 2026), Err("birth year in the future"));
    }

    #[test]
    fn mst_reference_vectors() {
        assert!(mst10("0312345673"));
        assert!(mst10("7900000005"));
        assert!(mst10("0100047516")); // the circular's worked example: 010004751 → 6
        assert!(!mst10("0312345670"));
        assert!(!mst10("9876543210"));
        assert!(mst_branch("0312345673", "001"));
        assert!(!mst_branch("0312345673", "000"));
    }

    #[test]
    fn phone_reference_vectors() {
        assert!(
            matches!(phone("0912345678"), Some(PhoneInfo::Mobile { carrier }) if carrier == "VinaPhone")
        );
        assert!(
            matches!(phone("84321234567"), Some(PhoneInfo::Mobile { carrier }) if carrier == "Viettel")
        );
        assert!(
            matches!(phone("0987654321"), Some(PhoneInfo::Mobile { carrier }) if carrier == "Viettel")
        );
        assert!(
            matches!(phone("01691234567"), Some(PhoneInfo::LegacyMobile { converted, .. }) if converted == "0391234567")
        );
        assert!(
            matches!(phone("02438261234"), Some(PhoneInfo::Landline { province }) if province == "Hà Nội")
        );
        assert!(
            matches!(phone("02363821234"), Some(PhoneInfo::Landline { province }) if province == "Đà Nẵng")
        );
        assert_eq!(phone("0201234567"), None);
        assert_eq!(phone("0953456780"), None);
        assert_eq!(phone("19001234"), None);
        assert_eq!(phone("18001234"), None);
    }

    #[test]
    fn card_reference_vectors() {
        let c = card("9704360000000016").unwrap();
        assert!(c.luhn && c.known_bin && c.issuer == "Vietcombank");
        let c = card("9704180000000000018").unwrap();
        assert!(c.luhn && c.issuer == "BIDV");
        assert!(card("4111111111111111").unwrap().luhn);
        assert!(!card("9704360000000017").unwrap().luhn);
    }

    #[test]
    fn bhyt_reference_vectors() {
        assert_eq!(bhyt("DN4790000000001").unwrap().level, 4);
        assert_eq!(bhyt("HS4010000000002").unwrap().group, "HS");
        assert_eq!(bhyt("DT2460000000003").unwrap().reveals.as_deref(), Some("ethnicity"));
        assert!(bhyt("DN6790000000001").is_none());
        assert!(bhyt("ZZ4790000000001").is_none());
    }

    #[test]
    fn dates_and_ips() {
        assert!(
            date(29, 2, 2000) && !date(29, 2, 1900) && !date(31, 4, 1990) && date(21, 12, 1990)
        );
        assert!(
            ipv4(&["203", "0", "113", "7"])
                && !ipv4(&["256", "1", "1", "1"])
                && !ipv4(&["01", "1", "1", "1"])
        );
    }

    fn luhn_complete(prefix: &str) -> String {
        (0..10).map(|d| format!("{prefix}{d}")).find(|s| luhn(s)).unwrap()
    }

    proptest! {
        #[test]
        fn luhn_has_exactly_one_check_digit(prefix in "[0-9]{14}") {
            let ok = (0..10).filter(|d| luhn(&format!("{prefix}{d}"))).count();
            prop_assert_eq!(ok, 1);
            let full = luhn_complete(&prefix);
            // A single-digit change anywhere breaks the check.
            let mut b = full.clone().into_bytes();
            b[3] = if b[3] == b'9' { b'0' } else { b[3] + 1 };
            prop_assert!(!luhn(std::str::from_utf8(&b).unwrap()));
        }

        #[test]
        fn mst_has_at_most_one_check_digit(prefix in "[0-9]{9}") {
            let ok = (0..10).filter(|d| mst10(&format!("{prefix}{d}"))).count();
            prop_assert!(ok <= 1);
        }

        #[test]
        fn valid_cccd_structure_always_accepted(
            code in proptest::sample::select(vec!["001", "079", "048", "096", "024"]),
            g in 0u8..4, yy in 0u16..100, rest in "[0-9]{6}",
        ) {
            let year = if g < 2 { 1900 + yy } else { 2000 + yy };
            let s = format!("{code}{g}{yy:02}{rest}");
            let r = cccd(&s, 2026);
            prop_assert_eq!(r.is_ok(), year <= 2026 && 2026 - year <= 125);
        }

        #[test]
        fn date_accepts_exactly_calendar_days(d in 0u32..33, m in 0u32..14, y in 1900u32..2100) {
            let real = chrono_like_valid(d, m, y);
            prop_assert_eq!(date(d, m, y), real);
        }
    }

    /// Independent oracle: count days by stepping through the year.
    fn chrono_like_valid(d: u32, m: u32, y: u32) -> bool {
        let days_in = |m: u32| -> u32 {
            let mut n = 0;
            // The 1st of the next month minus one, counted with Zeller-free arithmetic.
            for day in 1..=31 {
                let ok = match m {
                    1 | 3 | 5 | 7 | 8 | 10 | 12 => true,
                    4 | 6 | 9 | 11 => day <= 30,
                    2 => {
                        day <= 28
                            || (day == 29
                                && (y.is_multiple_of(400)
                                    || (y.is_multiple_of(4) && !y.is_multiple_of(100))))
                    }
                    _ => false,
                };
                if ok {
                    n = day;
                }
            }
            n
        };
        (1..=12).contains(&m) && d >= 1 && d <= days_in(m)
    }
}
