//! GPS coordinates and IP addresses.

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::validate::{self};
use crate::{Finding, Kind, ReasonCode};

use super::{Reading, best, digit_run_end};

fn parse_decimal(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    // int part 1–3 digits, '.', 4+ decimals; returns (end, int_len).
    let int_end = digit_run_end(bytes, start);
    let il = int_end - start;
    if !(1..=3).contains(&il) || int_end >= bytes.len() || bytes[int_end] != b'.' {
        return None;
    }
    let frac_end = digit_run_end(bytes, int_end + 1);
    if frac_end - (int_end + 1) < 4 {
        return None;
    }
    Some((frac_end, il))
}

/// `10.7769, 106.7009` inside Vietnam's box.
pub(super) fn gps<'t>(
    doc: &Doc<'t>,
    start: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let bytes = text.as_bytes();
    if start > 0 && (bytes[start - 1] == b'-' || bytes[start - 1] == b'.') {
        return None;
    }
    let (e1, _) = parse_decimal(bytes, start)?;
    let mut lon_start = e1;
    while lon_start < bytes.len()
        && matches!(bytes[lon_start], b',' | b' ' | b';')
        && lon_start - e1 < 3
    {
        lon_start += 1;
    }
    if lon_start == e1 {
        return None;
    }
    let (e2, _) = parse_decimal(bytes, lon_start)?;
    let lat: f64 = text[start..e1].parse().ok()?;
    let lon: f64 = text[lon_start..e2].parse().ok()?;
    if !validate::vietnam_coordinates(lat, lon) {
        return Some(e2);
    }
    let ctx = Context::around(structured_keywords(), text, start, e2, doc.field_label, cache);
    let reading = Reading::new(Kind::GpsLocation, start, e2, 0.5)
        .reason(ReasonCode::Structure, "cặp toạ độ trong lãnh thổ Việt Nam");
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
    Some(e2)
}

pub(super) fn ipv4<'t>(
    doc: &Doc<'t>,
    start: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let text = doc.text;
    let bytes = text.as_bytes();
    if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.') {
        return None;
    }
    // Cheap rejection before any work: an IPv4 address starts with 1–3 digits and a dot.
    let e0 = digit_run_end(bytes, start);
    if e0 - start > 3 || e0 >= bytes.len() || bytes[e0] != b'.' {
        return None;
    }
    let mut parts = [""; 4];
    let mut pos = start;
    for (k, part) in parts.iter_mut().enumerate() {
        let part_end = digit_run_end(bytes, pos);
        if part_end == pos {
            return None;
        }
        *part = &text[pos..part_end];
        pos = part_end;
        if k < 3 {
            if pos < bytes.len() && bytes[pos] == b'.' {
                pos += 1;
            } else {
                return None;
            }
        }
    }
    if pos < bytes.len()
        && (bytes[pos].is_ascii_alphanumeric()
            || (bytes[pos] == b'.' && pos + 1 < bytes.len() && bytes[pos + 1].is_ascii_digit()))
    {
        return None;
    }
    if !validate::ipv4(&parts) {
        return None;
    }
    let ctx = Context::around(structured_keywords(), text, start, pos, doc.field_label, cache);
    let reading = Reading::new(Kind::IpAddress, start, pos, 0.5)
        .reason(ReasonCode::Structure, "địa chỉ IPv4");
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
    Some(pos)
}

/// An IPv6 address around the colon at `colon` ("2001:db8::7", "fe80::1%eth0" without the
/// zone). Validated by the standard library's parser; returns where scanning resumes.
pub(super) fn ipv6<'t>(
    doc: &Doc<'t>,
    colon: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    if !doc.enabled(Kind::IpAddress) {
        return None;
    }
    let text = doc.text;
    let bytes = text.as_bytes();
    let is_v6 = |c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'.';
    let mut start = colon;
    while start > 0 && is_v6(bytes[start - 1]) && colon - start < 45 {
        start -= 1;
    }
    let mut end = colon;
    while end < bytes.len() && is_v6(bytes[end]) && end - start < 45 {
        end += 1;
    }
    while end > colon && bytes[end - 1] == b'.' {
        end -= 1;
    }
    // At least two colons, and letters or digits glued on either side make it something else.
    if memchr::memchr_iter(b':', &bytes[start..end]).count() < 2
        || (start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_'))
        || (end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_'))
    {
        return None;
    }
    let addr: std::net::Ipv6Addr = text[start..end].parse().ok()?;
    if addr.is_unspecified() || addr.is_loopback() {
        return Some(end);
    }
    let ctx = Context::around(structured_keywords(), text, start, end, doc.field_label, cache);
    let reading = Reading::new(Kind::IpAddress, start, end, 0.5)
        .reason(ReasonCode::Structure, "địa chỉ IPv6");
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
    Some(end)
}
