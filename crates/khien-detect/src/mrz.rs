//! Machine-readable zones (ICAO Doc 9303) of identity documents: the TD1 zone on the back of a
//! Vietnamese chip CCCD (three lines of 30 characters, `IDVNM…`) and the TD3 zone of a
//! passport data page (two lines of 44). Their check digits make a near-certain finding even
//! when the OCR of the rest of the card is poor.
//!
//! OCR tends to put spaces inside a zone and to read `<` as `«` or `K`; spaces are dropped
//! and `«` read as `<` here, but nothing else is guessed: a zone whose check digits do not
//! hold is not reported.

use std::ops::Range;

use crate::engine::{Detector, Doc};
use crate::finding::{Finding, Reason, ReasonCode};
use crate::kind::Kind;

/// The ICAO 9303 check digit of `s` (weights 7, 3, 1; digits as themselves, `A`–`Z` as 10–35,
/// `<` as 0); `None` when `s` holds another character.
pub fn check_digit(s: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in s.chars().enumerate() {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            '<' => 0,
            _ => return None,
        };
        sum += v * [7, 3, 1][i % 3];
    }
    Some((sum % 10) as u8)
}

fn digit_ok(field: &str, check: char) -> bool {
    match (check_digit(field), check.to_digit(10)) {
        (Some(d), Some(c)) => u32::from(d) == c,
        // A field that is all fillers may carry `<` as its check digit.
        (Some(_), None) => check == '<' && field.chars().all(|c| c == '<'),
        _ => false,
    }
}

/// Which zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzKind {
    /// Three lines of 30 (identity cards).
    Td1,
    /// Two lines of 44 (passports).
    Td3,
}

/// A zone whose check digits all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    /// TD1 or TD3.
    pub kind: MrzKind,
    /// Document code (`ID`, `P<`, …).
    pub document_code: String,
    /// Issuing state (`VNM`).
    pub issuer: String,
    /// Document number, fillers removed.
    pub document_number: String,
    /// Date of birth, `YYMMDD`.
    pub birth: String,
    /// Date of expiry, `YYMMDD`.
    pub expiry: String,
    /// Nationality.
    pub nationality: String,
    /// A 12-digit personal number in the optional data (the CCCD number on a Vietnamese card).
    pub personal_number: Option<String>,
    /// The name field, fillers as spaces.
    pub names: String,
}

fn clean(s: &str) -> String {
    s.trim_matches('<').replace('<', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn twelve_digits(s: &str) -> Option<String> {
    s.split(|c: char| !c.is_ascii_digit()).find(|r| r.len() == 12).map(str::to_string)
}

/// A TD1 zone from its three lines (30 characters each), if every check digit holds.
pub fn parse_td1(l1: &str, l2: &str, l3: &str) -> Option<Mrz> {
    if [l1, l2, l3].iter().any(|l| l.len() != 30 || !l.is_ascii()) {
        return None;
    }
    let ch = |l: &str, i: usize| l.as_bytes()[i] as char;
    let ok = digit_ok(&l1[5..14], ch(l1, 14))
        && digit_ok(&l2[0..6], ch(l2, 6))
        && digit_ok(&l2[8..14], ch(l2, 14))
        && digit_ok(
            &format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]),
            ch(l2, 29),
        );
    if !ok {
        return None;
    }
    Some(Mrz {
        kind: MrzKind::Td1,
        document_code: l1[0..2].trim_end_matches('<').to_string(),
        issuer: l1[2..5].to_string(),
        document_number: l1[5..14].trim_end_matches('<').to_string(),
        birth: l2[0..6].to_string(),
        expiry: l2[8..14].to_string(),
        nationality: l2[15..18].to_string(),
        personal_number: twelve_digits(&l1[15..30]).or_else(|| twelve_digits(&l2[18..29])),
        names: clean(l3),
    })
}

/// A TD3 zone from its two lines (44 characters each), if every check digit holds.
pub fn parse_td3(l1: &str, l2: &str) -> Option<Mrz> {
    if [l1, l2].iter().any(|l| l.len() != 44 || !l.is_ascii()) || !l1.starts_with('P') {
        return None;
    }
    let ch = |i: usize| l2.as_bytes()[i] as char;
    let ok = digit_ok(&l2[0..9], ch(9))
        && digit_ok(&l2[13..19], ch(19))
        && digit_ok(&l2[21..27], ch(27))
        && digit_ok(&l2[28..42], ch(42))
        && digit_ok(&format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]), ch(43));
    if !ok {
        return None;
    }
    Some(Mrz {
        kind: MrzKind::Td3,
        document_code: l1[0..2].trim_end_matches('<').to_string(),
        issuer: l1[2..5].to_string(),
        document_number: l2[0..9].trim_end_matches('<').to_string(),
        birth: l2[13..19].to_string(),
        expiry: l2[21..27].to_string(),
        nationality: l2[10..13].to_string(),
        personal_number: twelve_digits(&l2[28..42]),
        names: clean(&l1[5..44]),
    })
}

/// The zones in `text` with the byte range of their lines: lines made only of `A`–`Z`,
/// `0`–`9` and `<` once spaces are dropped (and `«` read as `<`).
pub fn find(text: &str) -> Vec<(Range<usize>, Mrz)> {
    let mut lines: Vec<(Range<usize>, String)> = vec![];
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        // Checked before anything is copied: a scan passes every line of every text here, and
        // a string per line was a visible share of scanning logs.
        let mut len = 0;
        let mut filler = false;
        let shaped = body.len() >= 30
            && body.chars().filter(|c| !c.is_whitespace()).all(|c| {
                len += 1;
                filler |= c == '<' || c == '«';
                c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<' || c == '«'
            });
        let candidate = shaped && filler && (len == 30 || len == 44);
        let compact = if candidate {
            body.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| if c == '«' { '<' } else { c })
                .collect()
        } else {
            String::new()
        };
        let start = at + (body.len() - body.trim_start().len());
        let end = at + body.trim_end().len();
        lines.push((start..end, compact));
        at += raw.len();
    }
    let mut out = vec![];
    let mut i = 0;
    while i < lines.len() {
        let l = |k: usize| lines.get(k).map(|x| x.1.as_str()).unwrap_or("");
        if l(i).len() == 30
            && let Some(m) = parse_td1(l(i), l(i + 1), l(i + 2))
        {
            out.push((lines[i].0.start..lines[i + 2].0.end, m));
            i += 3;
            continue;
        }
        if l(i).len() == 44
            && let Some(m) = parse_td3(l(i), l(i + 1))
        {
            out.push((lines[i].0.start..lines[i + 1].0.end, m));
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// Reports every valid zone as the identifier it carries: a Vietnamese identity card's zone
/// as its national ID, a passport's as the passport.
pub(crate) struct MrzDetector;

impl Detector for MrzDetector {
    fn name(&self) -> &'static str {
        "mrz"
    }

    fn detect(&self, doc: &Doc<'_>, out: &mut Vec<Finding>) {
        if !doc.text.contains('<') && !doc.text.contains('«') {
            return;
        }
        for (range, m) in find(doc.text) {
            let kind = match m.kind {
                MrzKind::Td3 => Kind::Passport,
                MrzKind::Td1 => Kind::NationalId,
            };
            if !doc.enabled(kind) {
                continue;
            }
            let what = match (m.kind, m.issuer.as_str()) {
                (MrzKind::Td1, "VNM") => "vùng đọc máy của thẻ căn cước (MRZ TD1, IDVNM)",
                (MrzKind::Td1, _) => "vùng đọc máy của giấy tờ tùy thân (MRZ TD1)",
                (MrzKind::Td3, _) => "vùng đọc máy của hộ chiếu (MRZ TD3)",
            };
            out.push(Finding {
                kind,
                start: range.start,
                end: range.end,
                score: 0.99,
                reasons: vec![
                    Reason::new(ReasonCode::Checksum, "ICAO 9303"),
                    Reason::new(ReasonCode::Structure, what),
                ],
                also: vec![],
                normalized: m.personal_number.clone().or(Some(m.document_number.clone())),
                custom: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ICAO Doc 9303 Part 5's TD1 example ("UTO" is the specimen state).
    const TD1: [&str; 3] = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];
    /// ICAO Doc 9303 Part 4's TD3 example.
    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    #[test]
    fn the_icao_specimens_parse_and_their_check_digits_hold() {
        assert_eq!(check_digit("L898902C3"), Some(6));
        assert_eq!(check_digit("740812"), Some(2));
        let m = parse_td1(TD1[0], TD1[1], TD1[2]).expect("TD1 specimen");
        assert_eq!(
            (m.document_number.as_str(), m.birth.as_str(), m.names.as_str()),
            ("D23145890", "740812", "ERIKSSON ANNA MARIA")
        );
        let p = parse_td3(TD3[0], TD3[1]).expect("TD3 specimen");
        assert_eq!(
            (p.document_number.as_str(), p.nationality.as_str(), p.expiry.as_str()),
            ("L898902C3", "UTO", "120415")
        );
        // One wrong digit anywhere breaks a check: no zone.
        assert!(parse_td3(TD3[0], &TD3[1].replacen("7408122", "7408123", 1)).is_none());
        assert!(parse_td1(TD1[0], &TD1[1].replacen("F12", "F13", 1), TD1[2]).is_none());
    }

    /// A Vietnamese card's zone built with computed check digits: the 12-digit number in the
    /// optional data comes out as the personal number.
    fn cccd(id12: &str) -> [String; 3] {
        let doc = &id12[3..];
        let l1 = format!("IDVNM{doc}{}{id12}<<<", check_digit(doc).unwrap());
        let l2 = format!(
            "990512{}M390512{}VNM<<<<<<<<<<<",
            check_digit("990512").unwrap(),
            check_digit("390512").unwrap()
        );
        let composite =
            check_digit(&format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]))
                .unwrap();
        [l1, format!("{l2}{composite}"), "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<".to_string()]
    }

    #[test]
    fn a_vietnamese_card_zone_is_found_in_ocr_text_with_spaces() {
        let z = cccd("001099012345");
        let text =
            format!("MẶT SAU THẺ\n{}\n{} \n  {}\nhết", z[0].replace("VNM", "VNM "), z[1], z[2]);
        let found = find(&text);
        assert_eq!(found.len(), 1, "{text}");
        let (range, m) = &found[0];
        assert_eq!(m.personal_number.as_deref(), Some("001099012345"));
        assert_eq!(m.names, "NGUYEN VAN AN");
        assert!(
            text[range.clone()].starts_with("IDVNM") && text[range.clone()].ends_with("<<<"),
            "{:?}",
            &text[range.clone()]
        );
    }

    proptest::proptest! {
        /// Any passport number, dates and personal number make a TD3 zone that parses back to
        /// the same fields; changing one digit of the number makes it fail.
        #[test]
        fn td3_round_trip(number in "[A-Z0-9]{9}", birth in "[0-9]{6}", expiry in "[0-9]{6}", personal in "[0-9]{12}") {
            let opt = format!("{personal}<<");
            let mut l2 = format!("{number}{}VNM{birth}{}M{expiry}{}{opt}{}", check_digit(&number).unwrap(), check_digit(&birth).unwrap(), check_digit(&expiry).unwrap(), check_digit(&opt).unwrap());
            let composite = check_digit(&format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43])).unwrap();
            l2.push(char::from(b'0' + composite));
            let l1 = format!("{:<<44}", "P<VNMNGUYEN<<VAN<AN");
            let m = parse_td3(&l1, &l2).unwrap();
            proptest::prop_assert_eq!(m.document_number, number.trim_end_matches('<').to_string());
            proptest::prop_assert_eq!(m.personal_number, Some(personal));
            let bumped: String = l2.chars().enumerate().map(|(i, c)| if i == 13 { char::from(b'0' + (c as u8 - b'0' + 1) % 10) } else { c }).collect();
            proptest::prop_assert!(parse_td3(&l1, &bumped).is_none());
        }
    }
}

#[cfg(test)]
mod engine_tests {
    use crate::{Config, Engine, Kind};

    #[test]
    fn the_engine_reports_a_card_zone_as_the_national_id_and_a_passport_zone_as_the_passport() {
        let engine = Engine::new(Config::default());
        let card = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
        let f = engine.detect(card);
        let zone = f.iter().find(|x| x.kind == Kind::NationalId && x.start == 0).expect("the zone");
        assert_eq!(zone.end, card.len());
        assert!(zone.score > 0.95);
        let passport = "Trang thông tin:\nP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
        assert!(
            engine
                .detect(passport)
                .iter()
                .any(|x| x.kind == Kind::Passport && passport[x.start..x.end].starts_with("P<UTO"))
        );
        // A zone with a wrong check digit is not reported as a zone.
        let broken = card.replace("7408122", "7408121");
        assert!(!engine.detect(&broken).iter().any(|x| x.start == 0 && x.end == broken.len()));
    }
}
