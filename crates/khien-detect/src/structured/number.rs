//! Digit runs: the groups of a number as written, every reading of them (phone, CCCD, MST,
//! card, account, BHXH…) scored together, and the codes led by letters (passport, BHYT).

use smallvec::SmallVec;

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::validate::{self, PhoneInfo};
use crate::{Finding, Kind, ReasonCode};

use super::date::{numeric_date, verbal_date};
use super::net::{gps, ipv4};
use super::plate::plate;
use super::{Detail, Reading, best, digit_run_end, is_ascii_letter_at};

/// Whether what follows `end` marks the number as money, a percentage or a unit (the
/// `currencies` and `units` of `data/words.toml`). Compares bytes directly: this runs for every
/// digit run in the text.
pub(super) fn followed_by_unit(text: &str, end: usize, digits: usize) -> bool {
    let bytes = text.as_bytes();
    let mut pos = end;
    if pos < bytes.len() && bytes[pos] == b' ' {
        pos += 1;
    }
    let rest = &bytes[pos..];
    // Most numbers are followed by a space and a word that starts no unit: decide on the
    // first byte before comparing strings.
    match rest.first() {
        None => return false,
        Some(first)
            if first.is_ascii_digit()
                || matches!(
                    first,
                    b'\n' | b',' | b'.' | b')' | b'|' | b'/' | b'-' | b':' | b';' | b' '
                ) =>
        {
            return false;
        }
        _ => {}
    }
    let is_unit = |unit: &String| {
        let unit = unit.as_bytes();
        // A unit is a word of its own: "đ" in "đã" or "k" in "kèm" is the start of a word.
        rest.len() >= unit.len()
            && rest[..unit.len()].eq_ignore_ascii_case(unit)
            && std::str::from_utf8(&rest[unit.len()..rest.len().min(unit.len() + 4)])
                .unwrap_or_else(|error| {
                    std::str::from_utf8(&rest[unit.len()..unit.len() + error.valid_up_to()])
                        .unwrap_or("")
                })
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic())
    };
    // Short units ("500 k", "15 kg", "2 tr") only follow short numbers: "CCCD 001090000001 k"
    // is an identifier followed by a word.
    let lists = crate::words::words();
    lists.currencies.words.iter().any(is_unit)
        || (digits <= 9 && lists.units.words.iter().any(is_unit))
}

/// Whether the number is the numeric part of a document number (`1683/SCT-XNK`,
/// `356/2025/NĐ-CP`, `15/2014/TT-BCA`).
pub(super) fn document_number_after(bytes: &[u8], end: usize) -> bool {
    if end >= bytes.len() || bytes[end] != b'/' {
        return false;
    }
    let mut pos = end + 1;
    // Optional year part.
    let year_end = digit_run_end(bytes, pos);
    if year_end > pos {
        if year_end < bytes.len() && bytes[year_end] == b'/' {
            pos = year_end + 1;
        } else {
            return false;
        }
    }
    pos < bytes.len() && (bytes[pos].is_ascii_uppercase() || bytes[pos] >= 0xC3)
}

pub(super) fn number<'t>(
    doc: &Doc<'t>,
    start: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> usize {
    let text = doc.text;
    let bytes = text.as_bytes();
    let e0 = digit_run_end(bytes, start);

    if let Some(next) = letter_led(doc, start, e0, cache, out) {
        return next;
    }
    if let Some(next) = plate(doc, start, e0, cache, out) {
        return next;
    }
    if let Some(next) = verbal_date(doc, start, e0, cache, out) {
        return next;
    }
    if let Some(next) = numeric_date(doc, start, e0, cache, out) {
        return next;
    }
    if let Some(next) = gps(doc, start, cache, out) {
        return next;
    }
    if let Some(next) = ipv4(doc, start, cache, out) {
        return next;
    }
    if document_number_after(bytes, e0) {
        // Skip the whole document number.
        let mut pos = e0;
        while pos < bytes.len()
            && !bytes[pos].is_ascii_whitespace()
            && bytes[pos] != b','
            && bytes[pos] != b';'
        {
            pos += 1;
        }
        return pos;
    }
    if e0 - start > 19 {
        return e0;
    }

    // International prefix written before the digits: "+84", "(+84)".
    let mut span_start = start;
    let plus = start > 0 && bytes[start - 1] == b'+';
    if plus {
        // "(+84)": the bracket belongs to the number only when it closes after 84.
        let closed = bytes.get(start..start + 3) == Some(b"84)");
        span_start =
            if start > 1 && bytes[start - 2] == b'(' && closed { start - 2 } else { start - 1 };
    }

    // A landline's area code in brackets: "(024) 3762 1958", "(0294) 3852 617".
    let area_code = !plus
        && start > 0
        && bytes[start - 1] == b'('
        && bytes.get(e0) == Some(&b')')
        && (3..=4).contains(&(e0 - start))
        && bytes[start] == b'0';
    if area_code {
        span_start = start - 1;
    }

    // Gather digit groups joined by single separators.
    // At most eight groups; fixed arrays keep this hot path free of allocation.
    let mut group_buf = [(0usize, 0usize); 8];
    let mut sep_buf = [0u8; 8];
    let mut ng = 1;
    group_buf[0] = (start, e0);
    let mut total = e0 - start;
    loop {
        let at = group_buf[ng - 1].1;
        if total >= 19 || ng >= 8 || at >= bytes.len() {
            break;
        }
        let mut group_start = at;
        // "(+84) 912…", "+84(0)912…" and "(024) 3762…": a closing bracket acts as a separator
        // after 84 or a bracketed area code.
        let bracket_closes = (plus && &text[start..at] == "84") || area_code;
        if ng == 1 && bracket_closes && bytes[group_start] == b')' {
            group_start += 1;
            if group_start < bytes.len() && bytes[group_start] == b' ' {
                group_start += 1;
            }
        } else if matches!(bytes[group_start], b' ' | b'.' | b'-') {
            group_start += 1;
        } else {
            break;
        }
        if group_start >= bytes.len() || !bytes[group_start].is_ascii_digit() {
            break;
        }
        let ge = digit_run_end(bytes, group_start);
        // No identifier is longer than 19 digits: a longer join is two things side by side.
        if total + (ge - group_start) > 19 {
            break;
        }
        group_buf[ng] = (group_start, ge);
        sep_buf[ng - 1] = bytes[at];
        ng += 1;
        total += ge - group_start;
    }
    let groups = &group_buf[..ng];
    let seps = &sep_buf[..ng - 1];
    let token_end = groups[ng - 1].1;
    // Nothing shorter than four digits is an identifier (a year and a PIN are the shortest).
    if total < 4 {
        return token_end;
    }

    // Money and measurements: "1.234.567.890đ", "500.000 VND", "15 kg".
    if followed_by_unit(text, token_end, total) || (start > 0 && bytes[start - 1] == b'$') {
        return token_end;
    }
    // Thousands grouping without a unit: "1.234.567" (first group short, no leading zero,
    // later groups exactly three digits, separators '.' or ',').
    let looks_amount = groups.len() >= 2
        && seps.iter().all(|&c| c == b'.')
        && groups[0].1 - groups[0].0 <= 3
        && bytes[groups[0].0] != b'0'
        && groups[1..].iter().all(|(a, z)| z - a == 3);
    // Already masked values ("001085******", "xxx6789") are not identifiers any more.
    let masked_after = token_end < bytes.len() && matches!(bytes[token_end], b'*' | b'x' | b'X');
    let masked_before = span_start > 0 && matches!(bytes[span_start - 1], b'*' | b'x' | b'X');
    if masked_after || masked_before {
        return token_end;
    }

    let mut readings: SmallVec<[Reading; 8]> = SmallVec::new();
    let mut digit_buf = [0u8; 24];
    let mut nd = 0;
    for (k, &(ga, ge)) in groups.iter().enumerate() {
        digit_buf[nd..nd + (ge - ga)].copy_from_slice(&bytes[ga..ge]);
        nd += ge - ga;
        let digits = std::str::from_utf8(&digit_buf[..nd]).expect("ASCII digits");
        let end = ge;
        // A prefix glued to more digits by '-' or '.' is part of a longer code.
        if k + 1 < groups.len() && seps[k] != b' ' {
            continue;
        }
        // A letter glued after the number makes it a code, not an identifier.
        if is_ascii_letter_at(bytes, end) || (end < bytes.len() && bytes[end] == b'@') {
            continue;
        }
        let dash_branch = k == 1
            && seps[0] == b'-'
            && groups[1].1 - groups[1].0 == 3
            && groups[0].1 - groups[0].0 == 10;
        let shape = Shape {
            dash_branch,
            plus,
            single: k == 0,
            whole_single: groups.len() == 1,
            spaced_only: seps[..k].iter().all(|&c| c == b' '),
            amount_like: looks_amount,
        };
        numeric_readings(doc, digits, span_start, start, end, shape, &mut readings);
    }
    let next_token = if groups.len() > 1 { groups[1].0 } else { token_end };
    if readings.is_empty() {
        return next_token;
    }
    let ctx =
        Context::around(structured_keywords(), text, span_start, token_end, doc.field_label, cache);
    match best(doc, &mut readings, &ctx) {
        Some(finding) => {
            // Letters glued before ("FT26332104558", "INC-2026-0457") make a reference code,
            // unless they are a keyword ("SĐT0912…", "STK:…" is not glued).
            // Dots on both sides between letters ("MBVCB.10294837261.CK") make one too.
            let dotted = span_start > 1
                && bytes[span_start - 1] == b'.'
                && bytes[span_start - 2].is_ascii_alphabetic()
                && bytes.get(finding.end) == Some(&b'.')
                && bytes.get(finding.end + 1).is_some_and(u8::is_ascii_alphabetic);
            let glued = dotted
                || span_start > 0
                    && (bytes[span_start - 1].is_ascii_alphabetic()
                        || (bytes[span_start - 1] == b'-'
                            && span_start > 1
                            && bytes[span_start - 2].is_ascii_alphanumeric()));
            if glued && !ctx.keyword_ends_at(span_start) {
                return finding.end;
            }
            let end = finding.end;
            if finding.score >= doc.floor {
                out.push(finding);
            }
            end
        }
        // Nothing fits the whole token: look at the next group on its own.
        None => next_token,
    }
}

/// A reading whose only structure is its length: reported only with a keyword for its kind.
fn context_only(kind: Kind, start: usize, end: usize, score: f32, digit_count: usize) -> Reading {
    Reading::new(kind, start, end, score)
        .reason(ReasonCode::Structure, digits_detail(digit_count))
        .keyword_required()
}

/// "N chữ số" without formatting a string for every candidate.
fn digits_detail(digit_count: usize) -> &'static str {
    const D: [&str; 20] = [
        "0 chữ số",
        "1 chữ số",
        "2 chữ số",
        "3 chữ số",
        "4 chữ số",
        "5 chữ số",
        "6 chữ số",
        "7 chữ số",
        "8 chữ số",
        "9 chữ số",
        "10 chữ số",
        "11 chữ số",
        "12 chữ số",
        "13 chữ số",
        "14 chữ số",
        "15 chữ số",
        "16 chữ số",
        "17 chữ số",
        "18 chữ số",
        "19 chữ số",
    ];
    D.get(digit_count).copied().unwrap_or("nhiều chữ số")
}

/// "đầu số di động <carrier>" for the carriers of the prefix table, without formatting.
fn mobile_detail(carrier: &str) -> &'static str {
    match carrier {
        "Viettel" => "đầu số di động Viettel",
        "VinaPhone" => "đầu số di động VinaPhone",
        "MobiFone" => "đầu số di động MobiFone",
        "Vietnamobile" => "đầu số di động Vietnamobile",
        "Wintel" => "đầu số di động Wintel",
        "Gmobile" => "đầu số di động Gmobile",
        "Itelecom" => "đầu số di động Itelecom",
        "Itelecom (VinaPhone)" => "đầu số di động Itelecom (trên mạng VinaPhone)",
        _ => "đầu số di động",
    }
}

/// Moves identity-document readings to the front and returns how many there are.
fn retain_identity(readings: &mut [Reading]) -> usize {
    let mut kept = 0;
    for i in 0..readings.len() {
        if matches!(readings[i].kind, Kind::OldId | Kind::NationalId) {
            readings.swap(kept, i);
            kept += 1;
        }
    }
    kept
}

/// How a digit run was written.
#[derive(Clone, Copy)]
struct Shape {
    /// Ten digits, a dash, three digits (an MST with a branch).
    dash_branch: bool,
    /// Written with a `+` (international prefix).
    plus: bool,
    /// One group, no separators.
    single: bool,
    /// The whole token is one group (no other digits joined after it).
    whole_single: bool,
    /// Groups are separated by spaces only (no '.' or '-').
    spaced_only: bool,
    /// Grouped like a thousands-separated amount (`162.483.750`): only a strong keyword makes it
    /// an identifier.
    amount_like: bool,
}

fn numeric_readings(
    doc: &Doc<'_>,
    digits: &str,
    span_start: usize,
    digits_start: usize,
    end: usize,
    shape: Shape,
    out: &mut SmallVec<[Reading; 8]>,
) {
    let first = out.len();
    numeric_readings_inner(doc, digits, span_start, digits_start, end, shape, out);
    if shape.amount_like {
        // Thousands grouping is how amounts are written; only an old ID card number is also
        // printed that way ("162.483.750"), and then with its keyword.
        let keep = retain_identity(&mut out[first..]);
        out.truncate(first + keep);
        for reading in &mut out[first..] {
            reading.needs_keyword = true;
            reading.needs_strong = true;
        }
    }
}

fn numeric_readings_inner(
    doc: &Doc<'_>,
    digits: &str,
    span_start: usize,
    digits_start: usize,
    end: usize,
    shape: Shape,
    out: &mut SmallVec<[Reading; 8]>,
) {
    let Shape { dash_branch, plus, single, whole_single, spaced_only, .. } = shape;
    let digit_count = digits.len();
    // The span starts at "+84", "(+84)" or a bracketed area code when there is one.
    let start = span_start;

    // Telephone.
    if (9..=12).contains(&digit_count) && (plus || !digits.starts_with("84") || digit_count >= 11) {
        if let Some(info) = validate::phone(digits) {
            let bare = digit_count == 9 && !plus;
            let (score, detail, normalized) = match &info {
                PhoneInfo::Mobile { carrier } => (0.55, Detail::from(mobile_detail(carrier)), None),
                PhoneInfo::LegacyMobile { carrier, converted } => {
                    (0.45, Detail::LegacyMobile(carrier), Some(converted.clone()))
                }
                PhoneInfo::Landline { province } => (0.4, Detail::Landline(province), None),
            };
            let mut reading =
                Reading::new(Kind::Phone, start, end, if bare { 0.15 } else { score })
                    .reason(ReasonCode::Structure, detail);
            // Only a converted legacy number differs from the digits of the span.
            reading.normalized = normalized;
            if bare {
                reading = reading.keyword_required();
            }
            out.push(reading);
            // An alias account: a phone number written as a bank account (needs a keyword).
            let alias = Reading::new(Kind::BankAccount, start, end, 0.2)
                .reason(ReasonCode::Structure, "số tài khoản dạng số điện thoại")
                .keyword_required();
            out.push(alias);
        }
    }
    if plus {
        return;
    }

    // Personal identification number (and a 12-digit CMND, GPLX or MST sharing its layout).
    if digit_count == 12 {
        match validate::cccd(digits, doc.current_year) {
            Ok(info) => {
                let code = [digits.as_bytes()[0], digits.as_bytes()[1], digits.as_bytes()[2]];
                let reading = Reading::new(Kind::NationalId, digits_start, end, 0.5)
                    .reason(ReasonCode::Structure, Detail::Cccd(code, info.province));
                out.push(reading);
                out.push(
                    Reading::new(Kind::OldId, digits_start, end, 0.5)
                        .reason(ReasonCode::Structure, Detail::Cccd(code, info.province))
                        .keyword_required(),
                );
            }
            Err("unknown province code" | "birth year too old") => {
                // Unknown province or a very old birth year: only with a strong keyword (births
                // abroad use country codes; archives keep the dead); a century digit or a birth
                // year in the future cannot be an identifier.
                out.push(
                    Reading::new(Kind::NationalId, digits_start, end, 0.05)
                        .reason(ReasonCode::Structure, "12 chữ số")
                        .strong_keyword_required(),
                );
            }
            Err(_) => {}
        }
        out.push(context_only(Kind::DrivingLicence, digits_start, end, 0.2, digit_count));
    }
    // Old 9-digit ID card: context only.
    if digit_count == 9 {
        out.push(context_only(Kind::OldId, digits_start, end, 0.2, digit_count));
    }
    // Tax code, 10 digits with check digit; 13 with branch.
    // Tax codes are written without inner separators.
    if digit_count == 10 && single && validate::mst10(digits) {
        out.push(
            Reading::new(Kind::TaxCode, digits_start, end, 0.3).reason(ReasonCode::Checksum, "MST"),
        );
    }
    if digit_count == 13 && dash_branch && validate::mst_branch(&digits[..10], &digits[10..]) {
        out.push(
            Reading::new(Kind::TaxCode, digits_start, end, 0.5)
                .reason(ReasonCode::Checksum, "MST, mã chi nhánh"),
        );
    }
    // Social-insurance code and the new 10-digit BHYT code: context only.
    if digit_count == 10 {
        out.push(context_only(Kind::SocialInsurance, digits_start, end, 0.2, digit_count));
        out.push(context_only(Kind::HealthInsurance, digits_start, end, 0.15, digit_count));
    }
    // Bank cards.
    if let Some(info) = validate::card(digits) {
        let score = match (info.known_bin, info.luhn) {
            (true, true) => 0.75,
            (true, false) => 0.3,
            (false, true) => 0.5,
            (false, false) => 0.1,
        };
        let mut reading = Reading::new(Kind::BankCard, digits_start, end, score)
            .reason(ReasonCode::Structure, Detail::CardIssuer(info.issuer));
        if info.luhn {
            reading.reasons.push((ReasonCode::Checksum, Detail::from("Luhn")));
        }
        if !info.luhn {
            reading = reading.keyword_required();
        }
        out.push(reading);
    }
    // Bank account: 6–19 digits, context only; written plain or in space-separated groups.
    // Not a 1800/1900 service number ("tổng đài hỗ trợ ngân hàng: 1800 1199").
    let service =
        matches!(digit_count, 8 | 10) && (digits.starts_with("1800") || digits.starts_with("1900"));
    if (6..=19).contains(&digit_count) && spaced_only && !service {
        out.push(context_only(Kind::BankAccount, digits_start, end, 0.25, digit_count));
    }
    // A year of birth after a cue ("sinh năm 1990", "NS: 1990").
    if digit_count == 4
        && digits.parse::<u16>().is_ok_and(|y| (1900..=doc.current_year).contains(&y))
    {
        out.push(
            Reading::new(Kind::DateOfBirth, digits_start, end, 0.35)
                .reason(ReasonCode::Structure, "năm hợp lệ")
                .strong_keyword_required(),
        );
    }
    // One-time codes and PINs after a credential keyword.
    // A short code stands alone: not a piece of a longer spaced number ("1900 1096").
    let bytes = doc.text.as_bytes();
    let spaced_before = digits_start >= 2
        && bytes[digits_start - 1] == b' '
        && bytes[digits_start - 2].is_ascii_digit();
    let spaced_after =
        end + 1 < bytes.len() && bytes[end] == b' ' && bytes[end + 1].is_ascii_digit();
    let isolated = !spaced_before && !spaced_after;
    if (4..=8).contains(&digit_count) && whole_single && isolated {
        out.push(Reading::new(Kind::Credential, digits_start, end, 0.4).strong_keyword_required());
    }
}

/// Passport (`C1234567`) and BHYT (`DN4790000000001`, `HS 4 01 0000000002`) codes, which start
/// with letters just before the digits at `start`.
pub(super) fn letter_led<'t>(
    doc: &Doc<'t>,
    start: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let bytes = text.as_bytes();
    let upper = |i: usize| i < bytes.len() && bytes[i].is_ascii_uppercase();
    let not_alnum_before =
        |i: usize| i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80);
    let not_alnum_after = |i: usize| i >= bytes.len() || !bytes[i].is_ascii_alphanumeric();

    // BHYT glued: LL + 13 digits.
    if start >= 2
        && upper(start - 2)
        && upper(start - 1)
        && not_alnum_before(start - 2)
        && e0 - start == 13
        && not_alnum_after(e0)
    {
        let code = &text[start - 2..e0];
        if let Some(finding) = bhyt_finding(doc, code.to_string(), start - 2, e0, cache) {
            out.push(finding);
        }
        return Some(e0);
    }
    // BHYT spaced: "HS 4 01 0000000002".
    if start >= 3
        && bytes[start - 1] == b' '
        && upper(start - 3)
        && upper(start - 2)
        && not_alnum_before(start - 3)
        && e0 - start == 1
    {
        let mut code = text[start - 3..start - 1].to_string();
        let mut pos = start;
        let mut ok = true;
        for want in [1usize, 2, 10] {
            let ge = digit_run_end(bytes, pos);
            if ge - pos != want {
                ok = false;
                break;
            }
            code.push_str(&text[pos..ge]);
            pos = ge;
            if want != 10 {
                if pos < bytes.len() && bytes[pos] == b' ' {
                    pos += 1;
                } else {
                    ok = false;
                    break;
                }
            }
        }
        if ok && not_alnum_after(pos) {
            if let Some(finding) = bhyt_finding(doc, code, start - 3, pos, cache) {
                out.push(finding);
            }
            return Some(pos);
        }
    }
    // Passport: one capital letter + 7 digits.
    if start >= 1
        && upper(start - 1)
        && not_alnum_before(start - 1)
        && e0 - start == 7
        && not_alnum_after(e0)
    {
        let ctx =
            Context::around(structured_keywords(), text, start - 1, e0, doc.field_label, cache);
        let reading = Reading::new(Kind::Passport, start - 1, e0, 0.3)
            .reason(ReasonCode::Structure, "1 chữ cái + 7 chữ số")
            .keyword_required();
        if let Some(finding) = best(doc, &mut [reading], &ctx) {
            out.push(finding);
        }
        return Some(e0);
    }
    None
}

fn bhyt_finding<'t>(
    doc: &Doc<'t>,
    code: String,
    start: usize,
    end: usize,
    cache: &mut ContextCache<'t>,
) -> Option<Finding> {
    let info = validate::bhyt(&code)?;
    let ctx = Context::around(structured_keywords(), doc.text, start, end, doc.field_label, cache);
    let base = if info.known_group { 0.7 } else { 0.45 };
    let mut reading = Reading::new(Kind::HealthInsurance, start, end, base).reason(
        ReasonCode::Structure,
        format!("mã đối tượng {}, mức hưởng {}", info.group, info.level),
    );
    if info.reveals.as_deref() == Some("ethnicity") {
        reading.also.push(Kind::Ethnicity);
        reading
            .reasons
            .push((ReasonCode::Reveals, Detail::from("mã đối tượng DT: người dân tộc thiểu số")));
    } else if let Some(what) = &info.reveals {
        reading.reasons.push((
            ReasonCode::Reveals,
            Detail::from(format!("mã đối tượng {}: {what}", info.group)),
        ));
    }
    reading.normalized = Some(code);
    best(doc, &mut [reading], &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `currencies` and `units`: each example is a number followed by a unit, each
    /// not-example a number followed by something else (or a short unit after a long number).
    #[test]
    fn unit_groups_act_on_their_examples() {
        let lists = crate::words::words();
        for (group, expected) in [
            (&lists.currencies.examples, true),
            (&lists.currencies.not_examples, false),
            (&lists.units.examples, true),
            (&lists.units.not_examples, false),
        ] {
            for text in group {
                let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                assert_eq!(followed_by_unit(text, digits, digits), expected, "{text:?}");
            }
        }
    }
}
