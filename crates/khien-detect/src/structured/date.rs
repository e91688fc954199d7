//! Dates of birth, written with numbers or with words.

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::validate::{self};
use crate::{Finding, Kind, ReasonCode};

use super::number::document_number_after;
use super::{Reading, best, digit_run_end};

pub(super) fn dob_reading<'t>(
    doc: &Doc<'t>,
    start: usize,
    end: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) {
    let ctx = Context::around(structured_keywords(), doc.text, start, end, doc.field_label, cache);
    if !ctx.strongly_supports(Kind::DateOfBirth) {
        return;
    }
    // The nearest label must be a birth/death cue, not "ngày cấp".
    if ctx.label_kind().is_some_and(|k| k != Kind::DateOfBirth) {
        return;
    }
    let reading = Reading::new(Kind::DateOfBirth, start, end, 0.4)
        .reason(ReasonCode::Structure, "ngày tháng hợp lệ")
        .keyword_required();
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
}

/// "21 tháng 12 năm 1990", "ngày 5 tháng 3, năm 2001" (upper, lower, folded).
pub(super) fn verbal_date<'t>(
    doc: &Doc<'t>,
    start: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let bytes = text.as_bytes();
    // "21 tháng …": a space and a 't' must follow before anything is folded.
    if e0 - start > 2
        || e0 + 1 >= bytes.len()
        || bytes[e0] != b' '
        || !matches!(bytes[e0 + 1], b't' | b'T')
    {
        return None;
    }
    let rest_end = (e0 + 40).min(text.len());
    let mut re = rest_end;
    while !text.is_char_boundary(re) {
        re -= 1;
    }
    let rest = &text[e0..re];
    let folded = khien_text::Folded::new(rest);
    let folded_text = folded.text();
    let month_text = folded_text.trim_start();
    let month_text = month_text.strip_prefix("thang")?.trim_start();
    let md = month_text.bytes().take_while(u8::is_ascii_digit).count();
    if md == 0 || md > 2 {
        return None;
    }
    let month: u32 = month_text[..md].parse().ok()?;
    let t2 = month_text[md..].trim_start().trim_start_matches(',').trim_start();
    let t2 = t2.strip_prefix("nam")?.trim_start();
    let yd = t2.bytes().take_while(u8::is_ascii_digit).count();
    if yd != 4 {
        return None;
    }
    let year: u32 = t2[..4].parse().ok()?;
    let day: u32 = text[start..e0].parse().ok()?;
    // Folded offset of the year's end → source offset.
    let folded_end = folded_text.len() - t2.len() + 4;
    let end = e0 + folded.to_source(folded_end);
    if validate::date(day, month, year) && year <= u32::from(doc.current_year) {
        dob_reading(doc, start, end, cache, out);
    }
    Some(end)
}

/// `21/12/1990`, `21-12-1990`, `21.12.1990`, `5/3/2001`, `1990-12-21`, `12/1990` (month/year).
pub(super) fn numeric_date<'t>(
    doc: &Doc<'t>,
    start: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let bytes = text.as_bytes();
    let l0 = e0 - start;
    if e0 >= bytes.len() || !matches!(bytes[e0], b'/' | b'-' | b'.') {
        return None;
    }
    let sep = bytes[e0];
    let s1 = e0 + 1;
    let e1 = digit_run_end(bytes, s1);
    let l1 = e1 - s1;
    if l1 == 0 || l1 > 4 {
        return None;
    }
    let has_third = e1 < bytes.len()
        && bytes[e1] == sep
        && e1 + 1 < bytes.len()
        && bytes[e1 + 1].is_ascii_digit();
    let (day, month, year, end) = if has_third {
        let s2 = e1 + 1;
        let e2 = digit_run_end(bytes, s2);
        let l2 = e2 - s2;
        let parse = |a: usize, z: usize| text[a..z].parse::<u32>().ok();
        if l0 == 4 && l1 <= 2 && l2 <= 2 && sep == b'-' {
            (parse(s2, e2)?, parse(s1, e1)?, parse(start, e0)?, e2)
        } else if l0 <= 2 && l1 <= 2 && (l2 == 4 || l2 == 2) {
            let year = parse(s2, e2)?;
            let year = if l2 == 2 {
                if year + 2000 <= u32::from(doc.current_year) { 2000 + year } else { 1900 + year }
            } else {
                year
            };
            (parse(start, e0)?, parse(s1, e1)?, year, e2)
        } else {
            return None;
        }
    } else if l0 <= 2 && l1 == 4 && sep == b'/' {
        // Month/year, only as a birth date with a cue.
        let month: u32 = text[start..e0].parse().ok()?;
        let year: u32 = text[s1..e1].parse().ok()?;
        if (1..=12).contains(&month)
            && (1900..=u32::from(doc.current_year)).contains(&year)
            && !document_number_after(bytes, e1)
        {
            dob_reading(doc, start, e1, cache, out);
            return Some(e1);
        }
        return None;
    } else {
        return None;
    };
    if end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric()
            || (bytes[end] == sep && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit()))
    {
        return None;
    }
    if !validate::date(day, month, year) {
        return None;
    }
    if year <= u32::from(doc.current_year) {
        dob_reading(doc, start, end, cache, out);
    }
    Some(end)
}
