//! E-mail addresses, anchored on the `@`.

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::{Finding, Kind, ReasonCode};

use super::{Reading, best};

fn is_local_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

pub(super) fn email<'t>(
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
    // Role mailboxes (info@, lienhe@…, `role_mailboxes` of `data/words.toml`) belong to
    // organisations: not personal data.
    if crate::words::words()
        .role_mailboxes
        .words
        .iter()
        .any(|role| local.eq_ignore_ascii_case(role))
    {
        return e;
    }
    let r =
        Reading::new(Kind::Email, s, e, 0.7).reason(ReasonCode::Structure, "địa chỉ thư hợp lệ");
    if let Some(f) = best(doc, &mut [r], &ctx) {
        out.push(f);
    }
    e
}
