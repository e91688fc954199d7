//! The structured-identifier detector: one pass over the bytes, anchored on digits, `@` and
//! `:`/`=`, with hand-written boundary checks instead of regex word boundaries.
//!
//! Why hand-written rather than a regex set: every structured identifier starts at (or right
//! before) an ASCII digit, or around an `@`. Skipping to those bytes with a table lookup runs
//! at memory speed on Vietnamese prose, while a multi-pattern DFA has to walk every byte
//! through its states, and Unicode `\b` drops the regex engines off their fast path entirely.
//! Each digit run is then parsed once into groups and every reading of it (phone, CCCD, MST,
//! card…) is scored together, which is also where §5's precedence rules are applied.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::context::{Context, ContextCache, finish};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::validate::{self, PhoneInfo};
use crate::{Finding, Kind, Reason, ReasonCode};

const C_DIGIT: u8 = 1;
const C_AT: u8 = 2;
const C_KEY: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] = C_DIGIT;
        d += 1;
    }
    t[b'@' as usize] = C_AT;
    t[b':' as usize] = C_KEY;
    t[b'=' as usize] = C_KEY;
    t
};

/// Whether any of the eight bytes in `w` lies in 0x30–0x40 (digits, `:`, `=`, `@` and a few
/// other punctuation marks). Bytes of Vietnamese letters (≥ 0x80) never match.
#[inline]
fn maybe_interesting(w: u64) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    const M: u64 = 0x2F;
    const N: u64 = 0x41;
    ((L * (127 + N)).wrapping_sub(w & (L * 127)) & !w & ((w & (L * 127)) + L * (127 - M)) & H) != 0
}

/// The next byte at or after `i` that may start a candidate.
#[inline]
fn next_interesting(b: &[u8], mut i: usize) -> Option<usize> {
    // Eight bytes at a time over prose: most words hold no digit, `@` or `:`.
    while i + 8 <= b.len() {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        if maybe_interesting(w) {
            break;
        }
        i += 8;
    }
    b[i..].iter().position(|&x| CLASS[x as usize] != 0).map(|o| i + o)
}

/// Runs the structured detector over the document.
pub fn detect<'t>(doc: &Doc<'t>, cache: &mut ContextCache<'t>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip to the next interesting byte.
        match next_interesting(b, i) {
            Some(at) => i = at,
            None => break,
        }
        let c = b[i];
        if c.is_ascii_digit() {
            i = number(doc, i, cache, out).max(i + 1);
        } else if c == b'@' {
            i = email(doc, i, cache, out).max(i + 1);
        } else {
            if c == b':' {
                if let Some(end) = ipv6(doc, i, cache, out) {
                    i = end;
                    continue;
                }
            }
            credential(doc, i, cache, out);
            i += 1;
        }
    }
    credentials_after_la(doc, cache, out);
}

fn digit_run_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

fn enabled(doc: &Doc<'_>, k: Kind) -> bool {
    doc.enabled(k)
}

/// The evidence of a reading, formatted only if the reading wins: most readings of a digit run
/// lose, and formatting their details was a measurable share of the time on record lists.
enum Detail {
    Text(Cow<'static, str>),
    /// A CCCD's province code and province.
    Cccd([u8; 3], &'static str),
    /// A landline's province.
    Landline(&'static str),
    /// A pre-2018 mobile number's carrier.
    LegacyMobile(&'static str),
    /// A card's issuer.
    CardIssuer(&'static str),
}

impl Detail {
    fn render(self) -> Cow<'static, str> {
        match self {
            Detail::Text(t) => t,
            Detail::Cccd(code, province) => Cow::Owned(format!(
                "mã tỉnh {} ({province}), chữ số thế kỷ/giới tính và năm sinh hợp lệ",
                String::from_utf8_lossy(&code)
            )),
            Detail::Landline(p) => Cow::Owned(format!("mã vùng cố định {p}")),
            Detail::LegacyMobile(c) => Cow::Owned(format!("đầu số di động cũ (11 số) {c}")),
            Detail::CardIssuer(i) => Cow::Owned(format!("BIN/tổ chức thẻ: {i}")),
        }
    }
}

impl From<&'static str> for Detail {
    fn from(s: &'static str) -> Detail {
        Detail::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Detail {
    fn from(s: String) -> Detail {
        Detail::Text(Cow::Owned(s))
    }
}

impl From<Cow<'static, str>> for Detail {
    fn from(s: Cow<'static, str>) -> Detail {
        Detail::Text(s)
    }
}

/// A candidate reading of a span. Reasons stay borrowed strings until the reading wins, so
/// that the many readings that lose cost no allocation.
struct Reading {
    kind: Kind,
    start: usize,
    end: usize,
    score: f32,
    reasons: SmallVec<[(ReasonCode, Detail); 2]>,
    also: Vec<Kind>,
    normalized: Option<String>,
    /// Whether a keyword for this kind is required.
    needs_keyword: bool,
    /// Whether a strong keyword for this kind is required.
    needs_strong: bool,
}

impl Reading {
    fn new(kind: Kind, start: usize, end: usize, score: f32) -> Reading {
        Reading {
            kind,
            start,
            end,
            score,
            reasons: SmallVec::new(),
            also: Vec::new(),
            normalized: None,
            needs_keyword: false,
            needs_strong: false,
        }
    }
    fn reason(mut self, code: ReasonCode, detail: impl Into<Detail>) -> Reading {
        self.reasons.push((code, detail.into()));
        self
    }
    fn keyword_required(mut self) -> Reading {
        self.needs_keyword = true;
        self
    }
    fn strong_keyword_required(mut self) -> Reading {
        self.needs_keyword = true;
        self.needs_strong = true;
        self
    }
}

/// Rules of §5 beyond keywords: the personal ID used as a tax code, and company tax codes
/// under a letterhead. Adjusts `score`, and records reasons and extra kinds when asked.
fn adjust(
    doc: &Doc<'_>,
    ctx: &Context<'_>,
    r: &Reading,
    score: &mut f32,
    mut explain: Option<(&mut Vec<Reason>, &mut Vec<Kind>)>,
) {
    if r.kind == Kind::NationalId
        && (ctx.label_kind() == Some(Kind::TaxCode)
            || (ctx.strongly_supports(Kind::TaxCode) && !ctx.strongly_supports(Kind::NationalId)))
    {
        // The personal ID used as a tax code since 1 July 2025: one finding, both tags.
        *score += 0.1;
        if let Some((reasons, also)) = explain.as_mut() {
            also.push(Kind::TaxCode);
            reasons.push(Reason::new(ReasonCode::Reveals, "số định danh dùng làm mã số thuế"));
        }
    }
    // Same-line organisation cues are negative keywords; a letterhead just above is checked
    // here, for tax codes only (a company's MST is not personal data).
    if r.kind == Kind::TaxCode && !ctx.personal_tax_keyword() && doc.organisation_near(r.start, 1) {
        // Enough to drop even a labelled branch code ("Công ty … – MST: 0108726453-002").
        *score -= 0.7;
        if let Some((reasons, _)) = explain.as_mut() {
            reasons.push(Reason::new(ReasonCode::Organisation, "công ty / doanh nghiệp / tổ chức"));
        }
    }
}

/// Scores readings against their context and keeps the best one.
fn best(doc: &Doc<'_>, readings: &mut [Reading], ctx: &Context<'_>) -> Option<Finding> {
    let mut top: Option<(usize, f32)> = None;
    for (i, r) in readings.iter().enumerate() {
        if !enabled(doc, r.kind)
            || (r.needs_keyword && !ctx.supports(r.kind))
            || (r.needs_strong && !ctx.strongly_supports(r.kind))
        {
            continue;
        }
        let mut score = r.score + ctx.score_delta(r.kind);
        adjust(doc, ctx, r, &mut score, None);
        if score < crate::engine::REPORT_FLOOR {
            continue;
        }
        let better = match top {
            None => true,
            Some((t, ts)) => {
                let len = |x: &Reading| x.end - x.start;
                score > ts + 1e-6 || ((score - ts).abs() < 1e-6 && len(r) > len(&readings[t]))
            }
        };
        if better {
            top = Some((i, score));
        }
    }
    let (i, _) = top?;
    let r = &mut readings[i];
    let mut reasons: Vec<Reason> = Vec::with_capacity(r.reasons.len() + 2);
    reasons.extend(r.reasons.drain(..).map(|(c, d)| Reason::new(c, d.render())));
    let mut also = std::mem::take(&mut r.also);
    let mut score = r.score;
    adjust(doc, ctx, r, &mut score, Some((&mut reasons, &mut also)));
    ctx.apply(r.kind, &mut score, &mut reasons);
    let mut f = finish(r.kind, r.start, r.end, score, reasons)?;
    f.also = also;
    f.normalized = r.normalized.take();
    Some(f)
}

fn is_ascii_letter_at(b: &[u8], i: usize) -> bool {
    i < b.len() && b[i].is_ascii_alphabetic()
}

/// Currencies: they mark a number of any length as an amount.
const CURRENCIES: &[&str] = &["đ", "Đ", "₫", "$", "€", "vnd", "vnđ", "usd", "đồng", "dong"];

/// Units and currencies that mark a number as an amount or a measurement.
const UNITS: &[&str] = &[
    "đ", "Đ", "₫", "$", "%", "€", "vnd", "vnđ", "usd", "đồng", "triệu", "tỷ", "tỉ", "nghìn",
    "ngàn", "tr", "k", "kg", "km", "m2", "m²", "ha", "cm", "mm", "ml", "tấn", "lít", "trieu", "ty",
    "nghin", "ngan", "dong",
];

/// Whether what follows `end` marks the number as money, a percentage or a unit. Compares
/// bytes directly: this runs for every digit run in the text.
fn followed_by_unit(text: &str, end: usize, digits: usize) -> bool {
    let b = text.as_bytes();
    let mut i = end;
    if i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let rest = &b[i..];
    // Most numbers are followed by a space and a word that starts no unit: decide on the
    // first byte before comparing strings.
    match rest.first() {
        None => return false,
        Some(c)
            if c.is_ascii_digit()
                || matches!(
                    c,
                    b'\n' | b',' | b'.' | b')' | b'|' | b'/' | b'-' | b':' | b';' | b' '
                ) =>
        {
            return false;
        }
        _ => {}
    }
    // Short units ("500 k", "15 kg", "2 tr") only follow short numbers: "CCCD 001090000001 k"
    // is an identifier followed by a word.
    let units = if digits <= 9 { UNITS } else { CURRENCIES };
    units.iter().any(|u| {
        let u = u.as_bytes();
        // A unit is a word of its own: "đ" in "đã" or "k" in "kèm" is the start of a word.
        rest.len() >= u.len()
            && rest[..u.len()].eq_ignore_ascii_case(u)
            && std::str::from_utf8(&rest[u.len()..rest.len().min(u.len() + 4)])
                .unwrap_or_else(|e| {
                    std::str::from_utf8(&rest[u.len()..u.len() + e.valid_up_to()]).unwrap_or("")
                })
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic())
    })
}

/// Whether the number is the numeric part of a document number (`1683/SCT-XNK`,
/// `356/2025/NĐ-CP`, `15/2014/TT-BCA`).
fn document_number_after(b: &[u8], end: usize) -> bool {
    if end >= b.len() || b[end] != b'/' {
        return false;
    }
    let mut j = end + 1;
    // Optional year part.
    let d = digit_run_end(b, j);
    if d > j {
        if d < b.len() && b[d] == b'/' {
            j = d + 1;
        } else {
            return false;
        }
    }
    j < b.len() && (b[j].is_ascii_uppercase() || b[j] >= 0xC3)
}

fn number<'t>(
    doc: &Doc<'t>,
    s: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> usize {
    let text = doc.text;
    let b = text.as_bytes();
    let e0 = digit_run_end(b, s);

    if let Some(next) = letter_led(doc, s, e0, cache, out) {
        return next;
    }
    if let Some(next) = plate(doc, s, e0, cache, out) {
        return next;
    }
    if let Some(next) = verbal_date(doc, s, e0, cache, out) {
        return next;
    }
    if let Some(next) = numeric_date(doc, s, e0, cache, out) {
        return next;
    }
    if let Some(next) = gps(doc, s, cache, out) {
        return next;
    }
    if let Some(next) = ipv4(doc, s, cache, out) {
        return next;
    }
    if document_number_after(b, e0) {
        // Skip the whole document number.
        let mut j = e0;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b',' && b[j] != b';' {
            j += 1;
        }
        return j;
    }
    if e0 - s > 19 {
        return e0;
    }

    // International prefix written before the digits: "+84", "(+84)".
    let mut span_start = s;
    let plus = s > 0 && b[s - 1] == b'+';
    if plus {
        // "(+84)": the bracket belongs to the number only when it closes after 84.
        let closed = b.get(s..s + 3) == Some(b"84)");
        span_start = if s > 1 && b[s - 2] == b'(' && closed { s - 2 } else { s - 1 };
    }

    // Gather digit groups joined by single separators.
    // At most eight groups; fixed arrays keep this hot path free of allocation.
    let mut group_buf = [(0usize, 0usize); 8];
    let mut sep_buf = [0u8; 8];
    let mut ng = 1;
    group_buf[0] = (s, e0);
    let mut total = e0 - s;
    loop {
        let at = group_buf[ng - 1].1;
        if total >= 19 || ng >= 8 || at >= b.len() {
            break;
        }
        let mut j = at;
        // "(+84) 912…" and "+84(0)912…": a closing bracket acts as a separator after 84.
        if plus && ng == 1 && &text[s..at] == "84" && b[j] == b')' {
            j += 1;
            if j < b.len() && b[j] == b' ' {
                j += 1;
            }
        } else if matches!(b[j], b' ' | b'.' | b'-') {
            j += 1;
        } else {
            break;
        }
        if j >= b.len() || !b[j].is_ascii_digit() {
            break;
        }
        let ge = digit_run_end(b, j);
        // No identifier is longer than 19 digits: a longer join is two things side by side.
        if total + (ge - j) > 19 {
            break;
        }
        group_buf[ng] = (j, ge);
        sep_buf[ng - 1] = b[at];
        ng += 1;
        total += ge - j;
    }
    let groups = &group_buf[..ng];
    let seps = &sep_buf[..ng - 1];
    let token_end = groups[ng - 1].1;
    // Nothing shorter than four digits is an identifier (a year and a PIN are the shortest).
    if total < 4 {
        return token_end;
    }

    // Money and measurements: "1.234.567.890đ", "500.000 VND", "15 kg".
    if followed_by_unit(text, token_end, total) || (s > 0 && b[s - 1] == b'$') {
        return token_end;
    }
    // Thousands grouping without a unit: "1.234.567" (first group short, no leading zero,
    // later groups exactly three digits, separators '.' or ',').
    let looks_amount = groups.len() >= 2
        && seps.iter().all(|&c| c == b'.')
        && groups[0].1 - groups[0].0 <= 3
        && b[groups[0].0] != b'0'
        && groups[1..].iter().all(|(a, z)| z - a == 3);
    // Already masked values ("001085******", "xxx6789") are not identifiers any more.
    let masked_after = token_end < b.len() && matches!(b[token_end], b'*' | b'x' | b'X');
    let masked_before = span_start > 0 && matches!(b[span_start - 1], b'*' | b'x' | b'X');
    if masked_after || masked_before {
        return token_end;
    }

    let mut readings: SmallVec<[Reading; 8]> = SmallVec::new();
    let mut digit_buf = [0u8; 24];
    let mut nd = 0;
    for (k, &(ga, ge)) in groups.iter().enumerate() {
        digit_buf[nd..nd + (ge - ga)].copy_from_slice(&b[ga..ge]);
        nd += ge - ga;
        let digits = std::str::from_utf8(&digit_buf[..nd]).expect("ASCII digits");
        let end = ge;
        // A prefix glued to more digits by '-' or '.' is part of a longer code.
        if k + 1 < groups.len() && seps[k] != b' ' {
            continue;
        }
        // A letter glued after the number makes it a code, not an identifier.
        if is_ascii_letter_at(b, end) || (end < b.len() && b[end] == b'@') {
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
        numeric_readings(doc, digits, span_start, s, end, shape, &mut readings);
    }
    let next_token = if groups.len() > 1 { groups[1].0 } else { token_end };
    if readings.is_empty() {
        return next_token;
    }
    let ctx =
        Context::around(structured_keywords(), text, span_start, token_end, doc.field_label, cache);
    match best(doc, &mut readings, &ctx) {
        Some(f) => {
            // Letters glued before ("FT26332104558", "INC-2026-0457") make a reference code,
            // unless they are a keyword ("SĐT0912…", "STK:…" is not glued).
            // Dots on both sides between letters ("MBVCB.10294837261.CK") make one too.
            let dotted = span_start > 1
                && b[span_start - 1] == b'.'
                && b[span_start - 2].is_ascii_alphabetic()
                && b.get(f.end) == Some(&b'.')
                && b.get(f.end + 1).is_some_and(u8::is_ascii_alphabetic);
            let glued = dotted
                || span_start > 0
                    && (b[span_start - 1].is_ascii_alphabetic()
                        || (b[span_start - 1] == b'-'
                            && span_start > 1
                            && b[span_start - 2].is_ascii_alphanumeric()));
            if glued && !ctx.keyword_ends_at(span_start) {
                return f.end;
            }
            let end = f.end;
            if f.score >= crate::engine::REPORT_FLOOR {
                out.push(f);
            }
            end
        }
        // Nothing fits the whole token: look at the next group on its own.
        None => next_token,
    }
}

/// A reading whose only structure is its length: reported only with a keyword for its kind.
fn context_only(kind: Kind, s: usize, end: usize, score: f32, n: usize) -> Reading {
    Reading::new(kind, s, end, score)
        .reason(ReasonCode::Structure, digits_detail(n))
        .keyword_required()
}

/// "N chữ số" without formatting a string for every candidate.
fn digits_detail(n: usize) -> &'static str {
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
    D.get(n).copied().unwrap_or("nhiều chữ số")
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
fn retain_identity(v: &mut [Reading]) -> usize {
    let mut n = 0;
    for i in 0..v.len() {
        if matches!(v[i].kind, Kind::OldId | Kind::NationalId) {
            v.swap(n, i);
            n += 1;
        }
    }
    n
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
    s: usize,
    end: usize,
    shape: Shape,
    out: &mut SmallVec<[Reading; 8]>,
) {
    let first = out.len();
    numeric_readings_inner(doc, digits, span_start, s, end, shape, out);
    if shape.amount_like {
        // Thousands grouping is how amounts are written; only an old ID card number is also
        // printed that way ("162.483.750"), and then with its keyword.
        let keep = retain_identity(&mut out[first..]);
        out.truncate(first + keep);
        for r in &mut out[first..] {
            r.needs_keyword = true;
            r.needs_strong = true;
        }
    }
}

fn numeric_readings_inner(
    doc: &Doc<'_>,
    digits: &str,
    span_start: usize,
    s: usize,
    end: usize,
    shape: Shape,
    out: &mut SmallVec<[Reading; 8]>,
) {
    let Shape { dash_branch, plus, single, whole_single, spaced_only, .. } = shape;
    let n = digits.len();
    let start = if plus { span_start } else { s };

    // Telephone.
    if (9..=12).contains(&n) && (plus || !digits.starts_with("84") || n >= 11) {
        if let Some(info) = validate::phone(digits) {
            let bare = n == 9 && !plus;
            let (score, detail, normalized) = match &info {
                PhoneInfo::Mobile { carrier } => (0.55, Detail::from(mobile_detail(carrier)), None),
                PhoneInfo::LegacyMobile { carrier, converted } => {
                    (0.45, Detail::LegacyMobile(carrier), Some(converted.clone()))
                }
                PhoneInfo::Landline { province } => (0.4, Detail::Landline(province), None),
            };
            let mut r = Reading::new(Kind::Phone, start, end, if bare { 0.15 } else { score })
                .reason(ReasonCode::Structure, detail);
            // Only a converted legacy number differs from the digits of the span.
            r.normalized = normalized;
            if bare {
                r = r.keyword_required();
            }
            out.push(r);
            // An alias account: a phone number written as a bank account (needs a keyword).
            let a = Reading::new(Kind::BankAccount, start, end, 0.2)
                .reason(ReasonCode::Structure, "số tài khoản dạng số điện thoại")
                .keyword_required();
            out.push(a);
        }
    }
    if plus {
        return;
    }

    // Personal identification number (and a 12-digit CMND, GPLX or MST sharing its layout).
    if n == 12 {
        match validate::cccd(digits, doc.current_year) {
            Ok(info) => {
                let code = [digits.as_bytes()[0], digits.as_bytes()[1], digits.as_bytes()[2]];
                let r = Reading::new(Kind::NationalId, s, end, 0.5)
                    .reason(ReasonCode::Structure, Detail::Cccd(code, info.province));
                out.push(r);
                out.push(
                    Reading::new(Kind::OldId, s, end, 0.5)
                        .reason(ReasonCode::Structure, Detail::Cccd(code, info.province))
                        .keyword_required(),
                );
            }
            Err("unknown province code" | "birth year too old") => {
                // Unknown province or a very old birth year: only with a strong keyword (births
                // abroad use country codes; archives keep the dead); a century digit or a birth
                // year in the future cannot be an identifier.
                out.push(
                    Reading::new(Kind::NationalId, s, end, 0.05)
                        .reason(ReasonCode::Structure, "12 chữ số")
                        .strong_keyword_required(),
                );
            }
            Err(_) => {}
        }
        out.push(context_only(Kind::DrivingLicence, s, end, 0.2, n));
    }
    // Old 9-digit ID card: context only.
    if n == 9 {
        out.push(context_only(Kind::OldId, s, end, 0.2, n));
    }
    // Tax code, 10 digits with check digit; 13 with branch.
    // Tax codes are written without inner separators.
    if n == 10 && single && validate::mst10(digits) {
        out.push(Reading::new(Kind::TaxCode, s, end, 0.3).reason(ReasonCode::Checksum, "MST"));
    }
    if n == 13 && dash_branch && validate::mst_branch(&digits[..10], &digits[10..]) {
        out.push(
            Reading::new(Kind::TaxCode, s, end, 0.5)
                .reason(ReasonCode::Checksum, "MST, mã chi nhánh"),
        );
    }
    // Social-insurance code and the new 10-digit BHYT code: context only.
    if n == 10 {
        out.push(context_only(Kind::SocialInsurance, s, end, 0.2, n));
        out.push(context_only(Kind::HealthInsurance, s, end, 0.15, n));
    }
    // Bank cards.
    if let Some(info) = validate::card(digits) {
        let score = match (info.known_bin, info.luhn) {
            (true, true) => 0.75,
            (true, false) => 0.3,
            (false, true) => 0.5,
            (false, false) => 0.1,
        };
        let mut r = Reading::new(Kind::BankCard, s, end, score)
            .reason(ReasonCode::Structure, Detail::CardIssuer(info.issuer));
        if info.luhn {
            r.reasons.push((ReasonCode::Checksum, Detail::from("Luhn")));
        }
        if !info.luhn {
            r = r.keyword_required();
        }
        out.push(r);
    }
    // Bank account: 6–19 digits, context only; written plain or in space-separated groups.
    // Not a 1800/1900 service number ("tổng đài hỗ trợ ngân hàng: 1800 1199").
    let service = matches!(n, 8 | 10) && (digits.starts_with("1800") || digits.starts_with("1900"));
    if (6..=19).contains(&n) && spaced_only && !service {
        out.push(context_only(Kind::BankAccount, s, end, 0.25, n));
    }
    // A year of birth after a cue ("sinh năm 1990", "NS: 1990").
    if n == 4 && digits.parse::<u16>().is_ok_and(|y| (1900..=doc.current_year).contains(&y)) {
        out.push(
            Reading::new(Kind::DateOfBirth, s, end, 0.35)
                .reason(ReasonCode::Structure, "năm hợp lệ")
                .strong_keyword_required(),
        );
    }
    // One-time codes and PINs after a credential keyword.
    // A short code stands alone: not a piece of a longer spaced number ("1900 1096").
    let b = doc.text.as_bytes();
    let spaced_before = s >= 2 && b[s - 1] == b' ' && b[s - 2].is_ascii_digit();
    let spaced_after = end + 1 < b.len() && b[end] == b' ' && b[end + 1].is_ascii_digit();
    let isolated = !spaced_before && !spaced_after;
    if (4..=8).contains(&n) && whole_single && isolated {
        out.push(Reading::new(Kind::Credential, s, end, 0.4).strong_keyword_required());
    }
}

/// Passport (`C1234567`) and BHYT (`DN4790000000001`, `HS 4 01 0000000002`) codes, which start
/// with letters just before the digits at `s`.
fn letter_led<'t>(
    doc: &Doc<'t>,
    s: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    let upper = |i: usize| i < b.len() && b[i].is_ascii_uppercase();
    let not_alnum_before =
        |i: usize| i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80);
    let not_alnum_after = |i: usize| i >= b.len() || !b[i].is_ascii_alphanumeric();

    // BHYT glued: LL + 13 digits.
    if s >= 2
        && upper(s - 2)
        && upper(s - 1)
        && not_alnum_before(s - 2)
        && e0 - s == 13
        && not_alnum_after(e0)
    {
        let code = &text[s - 2..e0];
        if let Some(f) = bhyt_finding(doc, code.to_string(), s - 2, e0, cache) {
            out.push(f);
        }
        return Some(e0);
    }
    // BHYT spaced: "HS 4 01 0000000002".
    if s >= 3
        && b[s - 1] == b' '
        && upper(s - 3)
        && upper(s - 2)
        && not_alnum_before(s - 3)
        && e0 - s == 1
    {
        let mut code = text[s - 3..s - 1].to_string();
        let mut j = s;
        let mut ok = true;
        for want in [1usize, 2, 10] {
            let ge = digit_run_end(b, j);
            if ge - j != want {
                ok = false;
                break;
            }
            code.push_str(&text[j..ge]);
            j = ge;
            if want != 10 {
                if j < b.len() && b[j] == b' ' {
                    j += 1;
                } else {
                    ok = false;
                    break;
                }
            }
        }
        if ok && not_alnum_after(j) {
            if let Some(f) = bhyt_finding(doc, code, s - 3, j, cache) {
                out.push(f);
            }
            return Some(j);
        }
    }
    // Passport: one capital letter + 7 digits.
    if s >= 1 && upper(s - 1) && not_alnum_before(s - 1) && e0 - s == 7 && not_alnum_after(e0) {
        let ctx = Context::around(structured_keywords(), text, s - 1, e0, doc.field_label, cache);
        let r = Reading::new(Kind::Passport, s - 1, e0, 0.3)
            .reason(ReasonCode::Structure, "1 chữ cái + 7 chữ số")
            .keyword_required();
        if let Some(f) = best(doc, &mut [r], &ctx) {
            out.push(f);
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
    let mut r = Reading::new(Kind::HealthInsurance, start, end, base).reason(
        ReasonCode::Structure,
        format!("mã đối tượng {}, mức hưởng {}", info.group, info.level),
    );
    if info.reveals.as_deref() == Some("ethnicity") {
        r.also.push(Kind::Ethnicity);
        r.reasons
            .push((ReasonCode::Reveals, Detail::from("mã đối tượng DT: người dân tộc thiểu số")));
    } else if let Some(what) = &info.reveals {
        r.reasons.push((
            ReasonCode::Reveals,
            Detail::from(format!("mã đối tượng {}: {what}", info.group)),
        ));
    }
    r.normalized = Some(code);
    best(doc, &mut [r], &ctx)
}

/// Vehicle plates: `51K-123.45`, `30A-1234`, `51LD-123.45`, `29-B1 234.56`, `59X1-234.56`.
fn plate<'t>(
    doc: &Doc<'t>,
    s: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    if e0 - s != 2
        || (s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'-' || b[s - 1] == b'.'))
    {
        return None;
    }
    let code: u8 = text[s..e0].parse().ok()?;
    let mut j = e0;
    let motorbike_dash = j < b.len() && b[j] == b'-';
    if motorbike_dash {
        j += 1;
    }
    let series_start = j;
    // Series: 1–2 capital letters, optionally followed by one digit (motorbikes).
    while j < b.len() && b[j].is_ascii_uppercase() && j - series_start < 2 {
        j += 1;
    }
    let letters = j - series_start;
    if letters == 0 {
        return None;
    }
    if b[series_start..j].iter().any(|c| matches!(c, b'I' | b'J' | b'O' | b'Q' | b'W')) {
        return None;
    }
    let mut series_digit = false;
    if j < b.len()
        && b[j].is_ascii_digit()
        && letters == 1
        && (j + 1 >= b.len() || !b[j + 1].is_ascii_digit())
    {
        j += 1;
        series_digit = true;
    }
    // Separator between series and number.
    if j < b.len() && matches!(b[j], b'-' | b' ' | b'.' | b'\n') {
        j += 1;
    }
    // Number: NNN.NN, NNNNN or NNNN.
    let n1 = digit_run_end(b, j);
    let mut end = n1;
    let ok = match n1 - j {
        3 if n1 + 2 < b.len() && b[n1] == b'.' && digit_run_end(b, n1 + 1) == n1 + 3 => {
            end = n1 + 3;
            true
        }
        4 | 5 => true,
        _ => false,
    };
    if !ok
        || (end < b.len()
            && (b[end].is_ascii_alphanumeric()
                || (b[end] == b'.' && end + 1 < b.len() && b[end + 1].is_ascii_digit())))
    {
        return None;
    }
    if motorbike_dash && !series_digit && letters == 1 {
        // "29-B 1234" is not a plate layout; "29-AA 123.45" (under 50 cc) is.
        return None;
    }
    if !validate::plate_locality(code) {
        return Some(end);
    }
    let ctx = Context::around(structured_keywords(), text, s, end, doc.field_label, cache);
    let five = end - j >= 5;
    let r = Reading::new(Kind::VehiclePlate, s, end, if five { 0.55 } else { 0.45 })
        .reason(ReasonCode::Structure, format!("mã địa phương {code:02}, bố cục biển số"));
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
    Some(end)
}

fn dob_reading<'t>(
    doc: &Doc<'t>,
    s: usize,
    end: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    let ctx = Context::around(structured_keywords(), doc.text, s, end, doc.field_label, cache);
    if !ctx.strongly_supports(Kind::DateOfBirth) {
        return;
    }
    // The nearest label must be a birth/death cue, not "ngày cấp".
    if ctx.label_kind().is_some_and(|k| k != Kind::DateOfBirth) {
        return;
    }
    let r = Reading::new(Kind::DateOfBirth, s, end, 0.4)
        .reason(ReasonCode::Structure, "ngày tháng hợp lệ")
        .keyword_required();
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
}

/// "21 tháng 12 năm 1990", "ngày 5 tháng 3, năm 2001" (upper, lower, folded).
fn verbal_date<'t>(
    doc: &Doc<'t>,
    s: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    // "21 tháng …": a space and a 't' must follow before anything is folded.
    if e0 - s > 2 || e0 + 1 >= b.len() || b[e0] != b' ' || !matches!(b[e0 + 1], b't' | b'T') {
        return None;
    }
    let rest_end = (e0 + 40).min(text.len());
    let mut re = rest_end;
    while !text.is_char_boundary(re) {
        re -= 1;
    }
    let rest = &text[e0..re];
    let folded = khien_text::Folded::new(rest);
    let f = folded.text();
    let t = f.trim_start();
    let t = t.strip_prefix("thang")?.trim_start();
    let md = t.bytes().take_while(u8::is_ascii_digit).count();
    if md == 0 || md > 2 {
        return None;
    }
    let month: u32 = t[..md].parse().ok()?;
    let t2 = t[md..].trim_start().trim_start_matches(',').trim_start();
    let t2 = t2.strip_prefix("nam")?.trim_start();
    let yd = t2.bytes().take_while(u8::is_ascii_digit).count();
    if yd != 4 {
        return None;
    }
    let year: u32 = t2[..4].parse().ok()?;
    let day: u32 = text[s..e0].parse().ok()?;
    // Folded offset of the year's end → source offset.
    let folded_end = f.len() - t2.len() + 4;
    let end = e0 + folded.to_source(folded_end);
    if validate::date(day, month, year) && year <= u32::from(doc.current_year) {
        dob_reading(doc, s, end, cache, out);
    }
    Some(end)
}

/// `21/12/1990`, `21-12-1990`, `21.12.1990`, `5/3/2001`, `1990-12-21`, `12/1990` (month/year).
fn numeric_date<'t>(
    doc: &Doc<'t>,
    s: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    let l0 = e0 - s;
    if e0 >= b.len() || !matches!(b[e0], b'/' | b'-' | b'.') {
        return None;
    }
    let sep = b[e0];
    let s1 = e0 + 1;
    let e1 = digit_run_end(b, s1);
    let l1 = e1 - s1;
    if l1 == 0 || l1 > 4 {
        return None;
    }
    let has_third = e1 < b.len() && b[e1] == sep && e1 + 1 < b.len() && b[e1 + 1].is_ascii_digit();
    let (day, month, year, end) = if has_third {
        let s2 = e1 + 1;
        let e2 = digit_run_end(b, s2);
        let l2 = e2 - s2;
        let p = |a: usize, z: usize| text[a..z].parse::<u32>().ok();
        if l0 == 4 && l1 <= 2 && l2 <= 2 && sep == b'-' {
            (p(s2, e2)?, p(s1, e1)?, p(s, e0)?, e2)
        } else if l0 <= 2 && l1 <= 2 && (l2 == 4 || l2 == 2) {
            let y = p(s2, e2)?;
            let y = if l2 == 2 {
                if y + 2000 <= u32::from(doc.current_year) { 2000 + y } else { 1900 + y }
            } else {
                y
            };
            (p(s, e0)?, p(s1, e1)?, y, e2)
        } else {
            return None;
        }
    } else if l0 <= 2 && l1 == 4 && sep == b'/' {
        // Month/year, only as a birth date with a cue.
        let m: u32 = text[s..e0].parse().ok()?;
        let y: u32 = text[s1..e1].parse().ok()?;
        if (1..=12).contains(&m)
            && (1900..=u32::from(doc.current_year)).contains(&y)
            && !document_number_after(b, e1)
        {
            dob_reading(doc, s, e1, cache, out);
            return Some(e1);
        }
        return None;
    } else {
        return None;
    };
    if end < b.len()
        && (b[end].is_ascii_alphanumeric()
            || (b[end] == sep && end + 1 < b.len() && b[end + 1].is_ascii_digit()))
    {
        return None;
    }
    if !validate::date(day, month, year) {
        return None;
    }
    if year <= u32::from(doc.current_year) {
        dob_reading(doc, s, end, cache, out);
    }
    Some(end)
}

fn parse_decimal(b: &[u8], s: usize) -> Option<(usize, usize)> {
    // int part 1–3 digits, '.', 4+ decimals; returns (end, int_len).
    let e = digit_run_end(b, s);
    let il = e - s;
    if !(1..=3).contains(&il) || e >= b.len() || b[e] != b'.' {
        return None;
    }
    let d = digit_run_end(b, e + 1);
    if d - (e + 1) < 4 {
        return None;
    }
    Some((d, il))
}

/// `10.7769, 106.7009` inside Vietnam's box.
fn gps<'t>(
    doc: &Doc<'t>,
    s: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    if s > 0 && (b[s - 1] == b'-' || b[s - 1] == b'.') {
        return None;
    }
    let (e1, _) = parse_decimal(b, s)?;
    let mut j = e1;
    while j < b.len() && matches!(b[j], b',' | b' ' | b';') && j - e1 < 3 {
        j += 1;
    }
    if j == e1 {
        return None;
    }
    let (e2, _) = parse_decimal(b, j)?;
    let lat: f64 = text[s..e1].parse().ok()?;
    let lon: f64 = text[j..e2].parse().ok()?;
    if !validate::vietnam_coordinates(lat, lon) {
        return Some(e2);
    }
    let ctx = Context::around(structured_keywords(), text, s, e2, doc.field_label, cache);
    let r = Reading::new(Kind::GpsLocation, s, e2, 0.5)
        .reason(ReasonCode::Structure, "cặp toạ độ trong lãnh thổ Việt Nam");
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
    Some(e2)
}

fn ipv4<'t>(
    doc: &Doc<'t>,
    s: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'.') {
        return None;
    }
    // Cheap rejection before any work: an IPv4 address starts with 1–3 digits and a dot.
    let e0 = digit_run_end(b, s);
    if e0 - s > 3 || e0 >= b.len() || b[e0] != b'.' {
        return None;
    }
    let mut parts = [""; 4];
    let mut j = s;
    for (k, part) in parts.iter_mut().enumerate() {
        let e = digit_run_end(b, j);
        if e == j {
            return None;
        }
        *part = &text[j..e];
        j = e;
        if k < 3 {
            if j < b.len() && b[j] == b'.' {
                j += 1;
            } else {
                return None;
            }
        }
    }
    if j < b.len()
        && (b[j].is_ascii_alphanumeric()
            || (b[j] == b'.' && j + 1 < b.len() && b[j + 1].is_ascii_digit()))
    {
        return None;
    }
    if !validate::ipv4(&parts) {
        return None;
    }
    let ctx = Context::around(structured_keywords(), text, s, j, doc.field_label, cache);
    let r = Reading::new(Kind::IpAddress, s, j, 0.5).reason(ReasonCode::Structure, "địa chỉ IPv4");
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
    Some(j)
}

/// An IPv6 address around the colon at `colon` ("2001:db8::7", "fe80::1%eth0" without the
/// zone). Validated by the standard library's parser; returns where scanning resumes.
fn ipv6<'t>(
    doc: &Doc<'t>,
    colon: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    if !doc.enabled(Kind::IpAddress) {
        return None;
    }
    let text = doc.text;
    let b = text.as_bytes();
    let is_v6 = |c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'.';
    let mut s = colon;
    while s > 0 && is_v6(b[s - 1]) && colon - s < 45 {
        s -= 1;
    }
    let mut e = colon;
    while e < b.len() && is_v6(b[e]) && e - s < 45 {
        e += 1;
    }
    while e > colon && b[e - 1] == b'.' {
        e -= 1;
    }
    // At least two colons, and letters or digits glued on either side make it something else.
    if memchr::memchr_iter(b':', &b[s..e]).count() < 2
        || (s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_'))
        || (e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_'))
    {
        return None;
    }
    let addr: std::net::Ipv6Addr = text[s..e].parse().ok()?;
    if addr.is_unspecified() || addr.is_loopback() {
        return Some(e);
    }
    let ctx = Context::around(structured_keywords(), text, s, e, doc.field_label, cache);
    let r = Reading::new(Kind::IpAddress, s, e, 0.5).reason(ReasonCode::Structure, "địa chỉ IPv6");
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
    Some(e)
}

fn is_local_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// Role mailboxes belong to organisations, not people.
const ROLE_MAILBOXES: &[&str] = &[
    "info",
    "contact",
    "support",
    "admin",
    "lienhe",
    "vanthu",
    "hotro",
    "cskh",
    "noreply",
    "no-reply",
    "webmaster",
    "sales",
    "office",
    "ketoan",
    "tuyendung",
    "hr",
    "banbientap",
    "toasoan",
];

fn email<'t>(
    doc: &Doc<'t>,
    at: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> usize {
    let text = doc.text;
    let b = text.as_bytes();
    let mut s = at;
    while s > 0 && is_local_char(b[s - 1]) && at - s < 64 {
        s -= 1;
    }
    while s < at && matches!(b[s], b'.' | b'-' | b'+') {
        s += 1;
    }
    if s == at {
        return at + 1;
    }
    let mut e = at + 1;
    while e < b.len()
        && (b[e].is_ascii_alphanumeric() || b[e] == b'.' || b[e] == b'-')
        && e - at < 255
    {
        e += 1;
    }
    while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
        e -= 1;
    }
    let domain = &text[at + 1..e];
    let Some(dot) = domain.rfind('.') else { return e };
    let tld = &domain[dot + 1..];
    if tld.len() < 2
        || !tld.bytes().all(|c| c.is_ascii_alphabetic())
        || domain.starts_with('.')
        || domain.contains("..")
    {
        return e;
    }
    let local = &text[s..at];
    let ctx = Context::around(structured_keywords(), text, s, e, doc.field_label, cache);
    // Role mailboxes (info@, lienhe@…) belong to organisations: not personal data.
    if ROLE_MAILBOXES.iter().any(|r| local.eq_ignore_ascii_case(r)) {
        return e;
    }
    let r =
        Reading::new(Kind::Email, s, e, 0.7).reason(ReasonCode::Structure, "địa chỉ thư hợp lệ");
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
    e
}

/// Keys whose value after `:`/`=` is a credential, as folded words.
const CREDENTIAL_KEYS: &[&[&str]] = &[
    &["mat", "khau"],
    &["mat", "ma"],
    &["password"],
    &["passwd"],
    &["pwd"],
    &["pass"],
    &["mk"],
    &["otp"],
    &["ma", "xac", "thuc"],
    &["ma", "xac", "nhan"],
    &["pin"],
    &["ten", "dang", "nhap"],
    &["username"],
    &["dinh", "danh", "dien", "tu"],
];

fn credential<'t>(
    doc: &Doc<'t>,
    colon: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    credential_at(doc, colon, colon + 1, false, cache, out);
}

/// Passwords and codes given in a sentence: "mật khẩu app em là Hoa@1993", "mk cũ la abc123".
/// "là" is among the commonest words, so the key is looked for only where the few words before
/// it hold a credential word's letters, and the value must look like a secret.
fn credentials_after_la<'t>(doc: &Doc<'t>, cache: &mut ContextCache<'t>, out: &mut Vec<Finding>) {
    if !doc.enabled(Kind::Credential) {
        return;
    }
    let b = doc.text.as_bytes();
    // " là " and the unaccented " la ": two SIMD searches, rarer than any one byte.
    for (sep, len) in [(" l\u{e0} ", 4usize), (" la ", 3)] {
        for ks in memchr::memmem::find_iter(b, sep.as_bytes()) {
            let after = ks + len;
            let lo = ks.saturating_sub(24);
            let window = &b[lo..ks];
            let hint = |w: &[u8]| window.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
            if !(hint("khẩu".as_bytes())
                || hint(b"khau")
                || hint("xác".as_bytes())
                || hint(b"xac")
                || hint(b"mk")
                || hint(b"pass")
                || hint(b"pw")
                || hint(b"otp")
                || hint(b"pin"))
            {
                continue;
            }
            credential_at(doc, ks, after, true, cache, out);
        }
    }
}

/// A credential whose key ends at `key_end` and whose value follows `value_from` (after a
/// colon, an equals sign, or "là" when `in_prose`).
fn credential_at<'t>(
    doc: &Doc<'t>,
    key_end: usize,
    value_from: usize,
    in_prose: bool,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::Credential) {
        return;
    }
    let text = doc.text;
    let b = text.as_bytes();
    // Cheap rejection first (times "08:15", URLs, ratios): a key ends in a letter.
    let mut k = key_end;
    while k > 0 && b[k - 1] == b' ' {
        k -= 1;
    }
    if k == 0 || !(b[k - 1].is_ascii_alphabetic() || b[k - 1] >= 0x80) {
        return;
    }
    // The key: up to 40 bytes back on the same line.
    let mut ks = key_end.saturating_sub(40);
    while !text.is_char_boundary(ks) {
        ks += 1;
    }
    if let Some(nl) = memchr::memrchr(b'\n', &b[ks..key_end]) {
        ks += nl + 1;
    }
    let key = &text[ks..key_end];
    // Fold the key into a small buffer and look at its last four words.
    let mut folded = String::with_capacity(key.len());
    khien_text::fold_into(key, &mut folded);
    let mut words: [&str; 4] = [""; 4];
    let mut nw = 0;
    for w in folded.rsplit(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(4) {
        words[nw] = w;
        nw += 1;
    }
    let tail = &mut words[..nw];
    tail.reverse();
    // The key phrase must end at the last word or the one before ("Mật khẩu VNeID:",
    // "mật khẩu mới:"), so that "password=x src=1.2.3.4" does not make `src` a password key.
    let ends_near = |k: &[&str]| {
        (0..3).any(|skip| {
            let end = tail.len().saturating_sub(skip);
            end >= k.len() && tail[end - k.len()..end] == *k
        })
    };
    let Some(found) = CREDENTIAL_KEYS.iter().find(|k| ends_near(k)) else {
        return;
    };
    // Between the key and its separator there may be no other key:value pair.
    if let Some(p) = key.rfind([':', '=']) {
        let after = khien_text::fold(&key[p + 1..]);
        let last = found[found.len() - 1];
        if !after.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == last) {
            return;
        }
    }
    // "MK" and "PIN" are common words folded: capitals, or the separator right after.
    if let [one @ ("mk" | "pin" | "pass")] = found {
        let right_after = key.trim_end().to_ascii_lowercase().ends_with(one);
        // In a sentence ("mk cũ là abc123") the value's shape decides instead (below).
        if !in_prose
            && !key.contains(&one.to_ascii_uppercase())
            && !key.contains("Pass")
            && !right_after
        {
            return;
        }
    }
    // The value: the next run of non-space characters.
    let mut vs = value_from;
    while vs < b.len() && (b[vs] == b' ' || b[vs] == b'\t') {
        vs += 1;
    }
    let mut ve = vs;
    while ve < text.len() {
        let c = khien_text::char_at(text, ve).unwrap_or(' ');
        if c.is_whitespace() || matches!(c, ',' | ';' | ')' | '"' | '\'') {
            break;
        }
        ve += c.len_utf8();
        if ve - vs > 128 {
            return;
        }
    }
    // Sentence punctuation after the value is not part of it.
    while ve > vs && matches!(b[ve - 1], b'.' | b',' | b';') {
        ve -= 1;
    }
    if ve == vs {
        return;
    }
    // In a sentence the value must look like a secret ("mật khẩu là gì" asks a question): a
    // digit or a symbol in it, four characters at least.
    if in_prose
        && (text[vs..ve].chars().count() < 4
            || text[vs..ve].bytes().all(|c| c.is_ascii_alphabetic() || c >= 0x80))
    {
        return;
    }
    // "Mật khẩu: 0912345678" is a phone-number password; other detectors see digits too, and
    // overlap resolution keeps the stronger reading.
    let ctx = Context::around(structured_keywords(), text, vs, ve, doc.field_label, cache);
    // The key explains the value when it is not a catalogued keyword ("mk").
    let mut r = Reading::new(Kind::Credential, vs, ve, 0.45);
    if !ctx.supports(Kind::Credential) {
        r = r.reason(ReasonCode::Structure, format!("giá trị sau khoá “{}”", found.join(" ")));
    }
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
}
