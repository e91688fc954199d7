//! GPS coordinates and IP addresses.

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::validate::{self};
use crate::{Finding, Kind, ReasonCode};

use super::{Reading, best, digit_run_end};

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
pub(super) fn gps<'t>(
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

pub(super) fn ipv4<'t>(
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
