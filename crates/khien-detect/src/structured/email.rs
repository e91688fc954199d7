//! E-mail addresses, anchored on the `@`.

use crate::context::{Context, ContextCache};
use crate::engine::Doc;
use crate::keywords::structured_keywords;
use crate::{Finding, Kind, ReasonCode};

use super::{Reading, best};

fn is_local_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'%' | b'+' | b'-')
}

pub(super) fn email<'t>(
    doc: &Doc<'t>,
    at: usize,
    cache: &mut ContextCache<'t>,
    out: &mut Vec<Finding>,
) -> usize {
    let text = doc.text;
    let bytes = text.as_bytes();
    let mut start = at;
    while start > 0 && is_local_char(bytes[start - 1]) && at - start < 64 {
        start -= 1;
    }
    while start < at && matches!(bytes[start], b'.' | b'-' | b'+') {
        start += 1;
    }
    if start == at {
        return at + 1;
    }
    let mut end = at + 1;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'.' || bytes[end] == b'-')
        && end - at < 255
    {
        end += 1;
    }
    while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &text[at + 1..end];
    let Some(dot) = domain.rfind('.') else { return end };
    let tld = &domain[dot + 1..];
    if tld.len() < 2
        || !tld.bytes().all(|c| c.is_ascii_alphabetic())
        || domain.starts_with('.')
        || domain.contains("..")
    {
        return end;
    }
    let local = &text[start..at];
    let ctx = Context::around(structured_keywords(), text, start, end, doc.field_label, cache);
    // Role mailboxes (info@, lienhe@…, `role_mailboxes` of `data/words.toml`) belong to
    // organisations: not personal data.
    if crate::words::words()
        .role_mailboxes
        .words
        .iter()
        .any(|role| local.eq_ignore_ascii_case(role))
    {
        return end;
    }
    let reading = Reading::new(Kind::Email, start, end, 0.7)
        .reason(ReasonCode::Structure, "địa chỉ thư hợp lệ");
    if let Some(finding) = best(doc, &mut [reading], &ctx) {
        out.push(finding);
    }
    end
}
