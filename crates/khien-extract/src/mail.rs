//! E-mail (eml) and mailboxes (mbox): the address and subject headers, the text and HTML
//! bodies, and every attachment, recursively (an attached docx, zip or e-mail is extracted as a
//! member such as `thu.eml!ho-so.docx`).

use std::ops::Range;

use base64::Engine as _;
use mail_parser::{MessageParser, MimeHeaders, PartType};

use crate::{Cx, ExtractError, Location, Mark, NoteKind, Segment, join_member, nested};

/// Headers that carry personal data and are scanned.
pub const PERSONAL_HEADERS: &[&str] = &[
    "subject",
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "return-path",
    "delivered-to",
    "x-original-to",
    "disposition-notification-to",
    "received",
    "x-originating-ip",
    "x-sender-ip",
    "x-forwarded-to",
    "x-forwarded-for",
];

/// A header field of a header block: its name and the span of its raw (folded) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderField {
    /// Name as written.
    pub name: String,
    /// Span of the value after the colon, up to (not including) the final line break.
    pub value: Range<usize>,
}

/// Splits the header block at the start of `raw` into fields; returns the fields and the
/// offset where the body starts.
pub fn header_fields(raw: &[u8]) -> (Vec<HeaderField>, usize) {
    let mut out: Vec<HeaderField> = Vec::new();
    let mut pos = 0;
    while pos < raw.len() {
        let line_end = memchr::memchr(b'\n', &raw[pos..]).map_or(raw.len(), |i| pos + i + 1);
        let line = &raw[pos..line_end];
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() {
            return (out, line_end);
        }
        if matches!(content[0], b' ' | b'\t') {
            if let Some(last) = out.last_mut() {
                last.value.end = pos + content.len();
            }
        } else if let Some(colon) = memchr::memchr(b':', content) {
            let name = String::from_utf8_lossy(&content[..colon]).trim().to_string();
            let mut vs = pos + colon + 1;
            while vs < pos + content.len() && matches!(raw[vs], b' ' | b'\t') {
                vs += 1;
            }
            out.push(HeaderField { name, value: vs..pos + content.len() });
        } else if pos == 0 && content.starts_with(b"From ") {
            // mbox "From " separator line.
        } else {
            return (out, pos);
        }
        pos = line_end;
    }
    (out, raw.len())
}

/// Decodes a raw header value: unfolds it and decodes RFC 2047 encoded words.
pub fn decode_mail_header(raw: &[u8]) -> String {
    let mut unfolded = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\r' || raw[i] == b'\n' {
            i += 1;
            continue;
        }
        unfolded.push(raw[i]);
        i += 1;
    }
    let s = String::from_utf8_lossy(&unfolded).into_owned();
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, after) = rest.split_at(start);
        let decoded = decode_word(after);
        match decoded {
            Some((text, used)) => {
                if !(last_was_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&text);
                rest = &after[used..];
                last_was_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = &after[2..];
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes one encoded word at the start of `s`; returns the text and the bytes used.
fn decode_word(s: &str) -> Option<(String, usize)> {
    let body = s.strip_prefix("=?")?;
    let q1 = body.find('?')?;
    let charset = &body[..q1];
    let enc = body.get(q1 + 1..q1 + 2)?;
    if body.get(q1 + 2..q1 + 3)? != "?" {
        return None;
    }
    let payload_start = q1 + 3;
    let end = body[payload_start..].find("?=")? + payload_start;
    let payload = &body[payload_start..end];
    let bytes = match enc {
        "B" | "b" => base64::engine::general_purpose::STANDARD
            .decode(payload.trim_end_matches('='))
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(payload.trim_end_matches('='))
            })
            .ok()?,
        "Q" | "q" => {
            let mut v = Vec::new();
            let b = payload.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'_' => v.push(b' '),
                    b'=' => {
                        let h = b
                            .get(i + 1..i + 3)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u8::from_str_radix(h, 16).ok());
                        match h {
                            Some(x) => {
                                v.push(x);
                                i += 2;
                            }
                            None => v.push(b'='),
                        }
                    }
                    c => v.push(c),
                }
                i += 1;
            }
            v
        }
        _ => return None,
    };
    let charset = charset.split('*').next().unwrap_or(charset);
    let encoding =
        encoding_rs::Encoding::for_label(charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    Some((text.into_owned(), 2 + end + 2))
}

/// Encodes a header value: ASCII stays as it is; each run of words containing non-ASCII
/// characters becomes one RFC 2047 `=?UTF-8?B?…?=` word.
pub fn encode_mail_header(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let words: Vec<&str> = s.split(' ').collect();
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    // Hand-written rather than mail-builder's: that crate writes whole folded headers into a
    // writer, and this rebuilds one value in place. RFC 2047 §2 caps an encoded word at 75
    // characters: `=?UTF-8?B?` + base64 of at most 45 bytes (60 characters) + `?=` is 72.
    // Adjacent encoded words separated by a space decode as one text (§6.2).
    const MAX_WORD_BYTES: usize = 45;
    let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
        if !run.is_empty() {
            let joined = run.join(" ");
            let mut words = Vec::new();
            let mut rest = joined.as_str();
            while !rest.is_empty() {
                let mut cut = rest.len().min(MAX_WORD_BYTES);
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
                let (word, tail) = rest.split_at(cut);
                words.push(format!(
                    "=?UTF-8?B?{}?=",
                    base64::engine::general_purpose::STANDARD.encode(word.as_bytes())
                ));
                rest = tail;
            }
            // Keep a trailing address or punctuation out of the encoded word.
            out.push(words.join(" "));
            run.clear();
        }
    };
    for w in words {
        if w.is_ascii() && !run.is_empty() && (w.starts_with('<') || w.contains('@')) {
            flush(&mut run, &mut out);
            out.push(w.to_string());
        } else if w.is_ascii() && run.is_empty() {
            out.push(w.to_string());
        } else {
            run.push(w);
        }
    }
    flush(&mut run, &mut out);
    out.join(" ")
}

pub(crate) fn extract_eml(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let (fields, _) = header_fields(bytes);
    for f in &fields {
        if PERSONAL_HEADERS.contains(&f.name.to_ascii_lowercase().as_str()) {
            let text = decode_mail_header(&bytes[f.value.clone()]);
            let mut seg = Segment::new(text, Location::Email { part: f.name.clone() });
            seg.field = Some(f.name.as_str().into());
            cx.push(member, seg);
        }
    }
    let Some(msg) = MessageParser::default().parse(bytes) else {
        return Err(ExtractError::Malformed {
            name: name.to_string(),
            format: "eml",
            detail: "not an RFC 5322 message".into(),
        });
    };
    let mut n_att = 0;
    let mut bodies = 0;
    for (i, part) in msg.parts.iter().enumerate() {
        if cx.time_up(member, &format!("MIME part {i}")) {
            break;
        }
        let is_att = part.content_disposition().is_some_and(|d| d.is_attachment())
            || part.attachment_name().is_some();
        let att_name = |n_att: usize| {
            part.attachment_name()
                .map(|n| n.replace(['/', '\\', '!'], "_"))
                .unwrap_or_else(|| format!("attachment-{n_att}"))
        };
        match &part.body {
            PartType::Text(t) if !is_att => {
                bodies += 1;
                let label = if bodies == 1 { "body".to_string() } else { format!("body {bodies}") };
                let mut seg = Segment::new(t.to_string(), Location::Email { part: label });
                seg.marks.push(Mark { at: 0, line: 1, column: 1 });
                cx.push(member, seg);
            }
            PartType::Html(h) if !is_att => {
                if cx.opts.no_recurse {
                    continue;
                }
                let m = join_member(member, if i == 0 { "body.html" } else { "body-part.html" });
                let m = if i == 0 { m } else { format!("{m}#{i}") };
                nested(cx, &m, h.as_bytes(), depth);
            }
            PartType::Text(t) | PartType::Html(t) => {
                n_att += 1;
                if !cx.opts.no_recurse {
                    nested(cx, &join_member(member, &att_name(n_att)), t.as_bytes(), depth + 1);
                }
            }
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                n_att += 1;
                if !cx.opts.no_recurse {
                    nested(cx, &join_member(member, &att_name(n_att)), b, depth + 1);
                }
            }
            PartType::Message(_) => {
                n_att += 1;
                if !cx.opts.no_recurse {
                    let s = (part.offset_body as usize).min(bytes.len());
                    let e = (part.offset_end as usize).clamp(s, bytes.len());
                    let inner = &bytes[s..e];
                    let nm = part
                        .attachment_name()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("message-{n_att}.eml"));
                    nested(cx, &join_member(member, &nm), inner, depth + 1);
                }
            }
            PartType::Multipart(_) => {}
        }
    }
    if msg.parts.iter().any(|p| p.is_encoding_problem) {
        cx.note(
            member,
            NoteKind::Error,
            "một số phần MIME không giải mã được, đọc nguyên byte (some MIME parts could not be decoded and were read as raw bytes)".into(),
        );
    }
    Ok(())
}

/// Splits an mbox into message byte ranges (at lines starting with `From `).
pub fn mbox_messages(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut starts = Vec::new();
    if bytes.starts_with(b"From ") {
        starts.push(0);
    }
    for i in memchr::memmem::find_iter(bytes, b"\nFrom ") {
        starts.push(i + 1);
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(bytes.len());
        // Skip the separator line itself.
        let body = memchr::memchr(b'\n', &bytes[s..e]).map_or(e, |i| s + i + 1);
        out.push(body..e);
    }
    out
}

pub(crate) fn extract_mbox(
    cx: &mut Cx<'_>,
    _name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    for (k, r) in mbox_messages(bytes).into_iter().enumerate() {
        let m = join_member(member, &format!("message {}", k + 1));
        if !cx.count_member(&m) || cx.time_up(&m, &format!("message {}", k + 1)) {
            break;
        }
        if let Err(e) = extract_eml(cx, &m, &m, &bytes[r], depth + 1) {
            cx.note(&m, NoteKind::Error, e.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip() {
        let raw = "Subject: =?UTF-8?B?U+G7kSBDQ0NE?= =?UTF-8?Q?_c=E1=BB=A7a?=\r\n tôi\r\nTo: a@b.vn\r\n\r\nbody".as_bytes();
        let (f, body) = header_fields(raw);
        assert_eq!(f.len(), 2);
        assert_eq!(&raw[body..], b"body");
        assert_eq!(decode_mail_header(&raw[f[0].value.clone()]), "Số CCCD của tôi");
        let enc = encode_mail_header("Nguyễn Văn A <a@b.vn>");
        assert!(enc.is_ascii());
        assert_eq!(decode_mail_header(enc.as_bytes()), "Nguyễn Văn A <a@b.vn>");
        // A long subject becomes several encoded words of at most 75 characters each.
        let long = "Thông báo về việc cập nhật hồ sơ cán bộ, công chức và người lao động năm 2026";
        let enc = encode_mail_header(long);
        assert!(enc.split(' ').all(|w| w.len() <= 75), "{enc}");
        assert!(enc.split(' ').count() > 1);
        assert_eq!(decode_mail_header(enc.as_bytes()), long);
    }
}
