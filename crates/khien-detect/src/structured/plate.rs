//! Vehicle registration plates.

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::validate::{self};
use crate::{Finding, Kind, ReasonCode};

use super::{Reading, best, digit_run_end};

/// Vehicle plates: `51K-123.45`, `30A-1234`, `51LD-123.45`, `29-B1 234.56`, `59X1-234.56`.
pub(super) fn plate<'t>(
    doc: &Doc<'t>,
    start: usize,
    e0: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let bytes = text.as_bytes();
    if e0 - start != 2
        || (start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || bytes[start - 1] == b'-'
                || bytes[start - 1] == b'.'))
    {
        return None;
    }
    let code: u8 = text[start..e0].parse().ok()?;
    let mut pos = e0;
    let motorbike_dash = pos < bytes.len() && bytes[pos] == b'-';
    if motorbike_dash {
        pos += 1;
    }
    let series_start = pos;
    // Series: 1–2 capital letters, optionally followed by one digit (motorbikes).
    while pos < bytes.len() && bytes[pos].is_ascii_uppercase() && pos - series_start < 2 {
        pos += 1;
    }
    let letters = pos - series_start;
    if letters == 0 {
        return None;
    }
    if bytes[series_start..pos].iter().any(|c| matches!(c, b'I' | b'J' | b'O' | b'Q' | b'W')) {
        return None;
    }
    let mut series_digit = false;
    if pos < bytes.len()
        && bytes[pos].is_ascii_digit()
        && letters == 1
        && (pos + 1 >= bytes.len() || !bytes[pos + 1].is_ascii_digit())
    {
        pos += 1;
        series_digit = true;
    }
    // Separator between series and number.
    if pos < bytes.len() && matches!(bytes[pos], b'-' | b' ' | b'.' | b'\n') {
        pos += 1;
    }
    // Number: NNN.NN, NNNNN or NNNN.
    let n1 = digit_run_end(bytes, pos);
    let mut end = n1;
    let ok = match n1 - pos {
        3 if n1 + 2 < bytes.len()
            && bytes[n1] == b'.'
            && digit_run_end(bytes, n1 + 1) == n1 + 3 =>
        {
            end = n1 + 3;
            true
        }
        4 | 5 => true,
        _ => false,
    };
    if !ok
        || (end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric()
                || (bytes[end] == b'.'
                    && end + 1 < bytes.len()
                    && bytes[end + 1].is_ascii_digit())))
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
    let ctx = Context::around(structured_keywords(), text, start, end, doc.field_label, cache);
    let five = end - pos >= 5;
    let reading = Reading::new(Kind::VehiclePlate, start, end, if five { 0.55 } else { 0.45 })
        .reason(ReasonCode::Structure, format!("mã địa phương {code:02}, bố cục biển số"));
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
    Some(end)
}
