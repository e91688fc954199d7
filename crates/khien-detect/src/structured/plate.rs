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
