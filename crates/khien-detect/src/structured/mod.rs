//! The structured-identifier detector: one pass over the bytes, anchored on digits, `@` and
//! `:`/`=`, with hand-written boundary checks instead of regex word boundaries.
//!
//! Why hand-written rather than a regex set: every structured identifier starts at (or right
//! before) an ASCII digit, or around an `@`. Skipping to those bytes with a table lookup runs
//! at memory speed on Vietnamese prose, while a multi-pattern DFA has to walk every byte
//! through its states, and Unicode `\b` drops the regex engines off their fast path entirely.
//! Each digit run is then parsed once into groups and every reading of it (phone, CCCD, MST,
//! card…) is scored together, which is also where §5's precedence rules are applied.

mod credential;
mod date;
mod email;
mod net;
mod number;
mod plate;
mod scan;

pub(crate) use scan::next_digit;

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::context::{Context, finish};
use crate::engine::Doc;
use crate::{Finding, Kind, Reason, ReasonCode};

pub(crate) use scan::detect;

fn digit_run_end(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && bytes[pos].is_ascii_digit() {
        pos += 1;
    }
    pos
}

fn enabled(doc: &Doc<'_>, kind: Kind) -> bool {
    doc.enabled(kind)
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
            Detail::Text(text) => text,
            Detail::Cccd(code, province) => Cow::Owned(format!(
                "mã tỉnh {} ({province}), chữ số thế kỷ/giới tính và năm sinh hợp lệ",
                String::from_utf8_lossy(&code)
            )),
            Detail::Landline(province) => Cow::Owned(format!("mã vùng cố định {province}")),
            Detail::LegacyMobile(carrier) => {
                Cow::Owned(format!("đầu số di động cũ (11 số) {carrier}"))
            }
            Detail::CardIssuer(issuer) => Cow::Owned(format!("BIN/tổ chức thẻ: {issuer}")),
        }
    }
}

impl From<&'static str> for Detail {
    fn from(text: &'static str) -> Detail {
        Detail::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Detail {
        Detail::Text(Cow::Owned(text))
    }
}

impl From<Cow<'static, str>> for Detail {
    fn from(text: Cow<'static, str>) -> Detail {
        Detail::Text(text)
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
    reading: &Reading,
    score: &mut f32,
    mut explain: Option<(&mut Vec<Reason>, &mut Vec<Kind>)>,
) {
    if reading.kind == Kind::NationalId
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
    if reading.kind == Kind::TaxCode
        && !ctx.personal_tax_keyword()
        && doc.organisation_near(reading.start, 1)
    {
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
    for (i, reading) in readings.iter().enumerate() {
        if !enabled(doc, reading.kind)
            || (reading.needs_keyword && !ctx.supports(reading.kind))
            || (reading.needs_strong && !ctx.strongly_supports(reading.kind))
        {
            continue;
        }
        let mut score = reading.score + ctx.score_delta(reading.kind);
        adjust(doc, ctx, reading, &mut score, None);
        if score < doc.floor {
            continue;
        }
        let better = match top {
            None => true,
            Some((top_index, top_score)) => {
                let len = |x: &Reading| x.end - x.start;
                score > top_score + 1e-6
                    || ((score - top_score).abs() < 1e-6
                        && len(reading) > len(&readings[top_index]))
            }
        };
        if better {
            top = Some((i, score));
        }
    }
    let (winner, _) = top?;
    let reading = &mut readings[winner];
    let mut reasons: Vec<Reason> = Vec::with_capacity(reading.reasons.len() + 2);
    reasons.extend(reading.reasons.drain(..).map(|(c, d)| Reason::new(c, d.render())));
    let mut also = std::mem::take(&mut reading.also);
    let mut score = reading.score;
    adjust(doc, ctx, reading, &mut score, Some((&mut reasons, &mut also)));
    ctx.apply(reading.kind, &mut score, &mut reasons);
    let mut finding = finish(reading.kind, reading.start, reading.end, score, reasons)?;
    finding.also = also;
    finding.normalized = reading.normalized.take();
    Some(finding)
}

fn is_ascii_letter_at(bytes: &[u8], pos: usize) -> bool {
    pos < bytes.len() && bytes[pos].is_ascii_alphabetic()
}
