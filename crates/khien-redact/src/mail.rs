//! E-mail: personal headers (Subject, From, To…), text and HTML bodies and attachments are
//! de-identified; changed parts are re-encoded as base64 (text parts as UTF-8), everything else
//! is copied byte for byte.

use std::ops::Range;

use base64::Engine as _;
use khien_detect::FieldContext;
use khien_extract::{
    PERSONAL_HEADERS, decode_mail_header, encode_mail_header, header_fields, join_member,
};
use mail_parser::{MessageParser, MimeHeaders, PartType};

use crate::{Job, RedactError, redact_inner};

/// `[ĐỊA CHỈ IP]` → `[DIA CHI IP]`: diacritics dropped by the one accent fold of `khien-text`,
/// case kept; anything still not ASCII becomes `?` (trace and routing headers are ASCII).
fn ascii_fold(s: &str) -> String {
    khien_text::strip_diacritics(s).chars().map(|c| if c.is_ascii() { c } else { '?' }).collect()
}

fn base64_body(data: &[u8], nl: &str, trailing_nl: bool) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::with_capacity(b64.len() + b64.len() / 76 * 2 + 2);
    for (i, chunk) in b64.as_bytes().chunks(76).enumerate() {
        if i > 0 {
            out.push_str(nl);
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
    }
    if trailing_nl {
        out.push_str(nl);
    }
    out.into_bytes()
}

pub(crate) fn redact_eml(
    job: &mut Job<'_>,
    name: &str,
    bytes: &[u8],
    depth: u32,
    member: &str,
) -> Result<Vec<u8>, RedactError> {
    let msg = MessageParser::default().parse(bytes).ok_or_else(|| RedactError::Write {
        name: name.to_string(),
        detail: "not an RFC 5322 message".into(),
    })?;
    let nl = if memchr::memmem::find(bytes, b"\r\n").is_some() { "\r\n" } else { "\n" };
    let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    let min = job.session.policy().min_confidence;

    // Personal headers of the message itself.
    let (fields, _) = header_fields(bytes);
    for f in &fields {
        if !PERSONAL_HEADERS.contains(&f.name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let decoded = decode_mail_header(&bytes[f.value.clone()]);
        let found = job.engine.detect_field_with_floor(
            &decoded,
            &FieldContext { label: Some(&f.name), numeric: false },
            job.session.policy().min_score,
        );
        let mut out = String::new();
        let mut pos = 0;
        let mut changed = false;
        for fd in found {
            if fd.confidence() < min || fd.start < pos {
                continue;
            }
            let repl = job.session.replace(
                fd.kind,
                &decoded[fd.start..fd.end],
                fd.normalized.as_deref(),
            )?;
            job.report.add(
                fd.kind,
                &join_member(member, &format!("e-mail {}", f.name)),
                job.session.policy().rule(fd.kind).operator,
                &repl,
            );
            out.push_str(&decoded[pos..fd.start]);
            out.push_str(&repl);
            pos = fd.end;
            changed = true;
        }
        if changed {
            out.push_str(&decoded[pos..]);
            // Encoded words are allowed in the subject and in display names; trace and routing
            // headers get plain ASCII.
            let lname = f.name.to_ascii_lowercase();
            let value = if matches!(
                lname.as_str(),
                "subject" | "from" | "to" | "cc" | "bcc" | "reply-to" | "sender"
            ) {
                encode_mail_header(&out)
            } else {
                ascii_fold(&out)
            };
            edits.push((f.value.clone(), value.into_bytes()));
        }
    }

    let mut n_att = 0;
    for (i, part) in msg.parts.iter().enumerate() {
        let is_att = part.content_disposition().is_some_and(|d| d.is_attachment())
            || part.attachment_name().is_some();
        let att_name = |n: usize| {
            part.attachment_name()
                .map(|s| s.replace(['/', '\\', '!'], "_"))
                .unwrap_or_else(|| format!("attachment-{n}"))
        };
        let (content, inner_name, text): (&[u8], String, bool) = match &part.body {
            PartType::Text(t) if !is_att => (t.as_bytes(), "body.txt".into(), true),
            PartType::Html(h) if !is_att => (h.as_bytes(), "body.html".into(), true),
            PartType::Text(t) | PartType::Html(t) => {
                n_att += 1;
                (t.as_bytes(), att_name(n_att), true)
            }
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                n_att += 1;
                (b.as_ref(), att_name(n_att), false)
            }
            PartType::Message(_) => {
                n_att += 1;
                job.report.notes.push(join_member(
                    member,
                    &format!(
                        "{}: attached e-mail copied unchanged (not de-identified)",
                        att_name(n_att)
                    ),
                ));
                continue;
            }
            PartType::Multipart(_) => continue,
        };
        let m = join_member(
            member,
            if is_att { inner_name.as_str() } else { inner_name.trim_end_matches(".txt") },
        );
        let new = match redact_inner(job, &inner_name, content, depth + 1, &m) {
            Ok(n) => n,
            Err(e) => {
                job.report.notes.push(format!("{m}: copied unchanged (not de-identified): {e}"));
                continue;
            }
        };
        if new == content {
            continue;
        }
        let hs = part.offset_header as usize;
        let bs = (part.offset_body as usize).clamp(hs, bytes.len());
        let be = (part.offset_end as usize).clamp(bs, bytes.len());
        // Part headers: Content-Transfer-Encoding becomes base64; text parts declare UTF-8.
        let (pfields, _) = header_fields(&bytes[hs..bs]);
        let mut has_cte = false;
        for f in &pfields {
            let lname = f.name.to_ascii_lowercase();
            let abs = hs + f.value.start..hs + f.value.end;
            if lname == "content-transfer-encoding" {
                has_cte = true;
                edits.push((abs, b"base64".to_vec()));
            } else if lname == "content-type" && text {
                let v = String::from_utf8_lossy(&bytes[abs.clone()]).into_owned();
                let mime = v.split(';').next().unwrap_or("text/plain").trim().to_string();
                let mut params: Vec<String> = v
                    .split(';')
                    .skip(1)
                    .map(|p| p.trim().to_string())
                    .filter(|p| {
                        !p.is_empty()
                            && !p.to_ascii_lowercase().starts_with("charset")
                            && !p.to_ascii_lowercase().starts_with("format")
                    })
                    .collect();
                params.insert(0, "charset=\"utf-8\"".into());
                edits.push((abs, format!("{mime}; {}", params.join("; ")).into_bytes()));
            }
        }
        if !has_cte {
            edits.push((hs..hs, format!("Content-Transfer-Encoding: base64{nl}").into_bytes()));
        }
        let trailing = bytes[bs..be].ends_with(b"\n");
        edits.push((bs..be, base64_body(&new, nl, trailing)));
        let _ = i;
    }

    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    let mut pos = 0;
    for (r, b) in edits {
        if r.start < pos {
            continue;
        }
        out.extend_from_slice(&bytes[pos..r.start]);
        out.extend_from_slice(&b);
        pos = r.end;
    }
    out.extend_from_slice(&bytes[pos..]);
    Ok(out)
}
