//! The JSONL line of a finding, written by hand: the same bytes as `serde_json::to_writer` on a
//! [`ReportedFinding`] (a test holds them equal), in about a third of the time.
//!
//! Why not serde: a dense record file has about 18,000 findings per MB, each line about 600
//! bytes, and serialising them was a sixth of a whole scan's time. Most of a line repeats
//! between findings (the path, the reasons with their Vietnamese and English texts), so the
//! writer escapes a file's path once and keeps each distinct reason's JSON, and escapes the
//! remaining strings with a fast path for the usual case of nothing to escape.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use khien_detect::Reason;

use crate::report::ReportedFinding;

/// Writes finding lines, remembering what repeats between them.
#[derive(Default)]
pub(crate) struct LineWriter {
    /// The last path written and its JSON string (quotes included).
    path: Option<(Arc<str>, Vec<u8>)>,
    /// Each distinct reason's JSON object, by reason.
    reasons: HashMap<Reason, Box<[u8]>>,
    /// The line being built, written out whole.
    line: Vec<u8>,
}

/// Reasons kept at most; past this the cache is emptied (details are mostly catalogue text, but
/// a field label is the file's own and a hostile file may hold millions of distinct ones).
const MAX_REASONS: usize = 4096;

impl LineWriter {
    /// Writes `f` as one JSON line (with its newline).
    pub(crate) fn write(&mut self, out: &mut dyn Write, f: &ReportedFinding) -> io::Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        self.build(&mut line, f)?;
        line.push(b'\n');
        let written = out.write_all(&line);
        self.line = line;
        written
    }

    fn build(&mut self, b: &mut Vec<u8>, f: &ReportedFinding) -> io::Result<()> {
        b.extend_from_slice(b"{\"path\":");
        match &self.path {
            Some((p, json)) if Arc::ptr_eq(p, &f.path) || **p == *f.path => {
                b.extend_from_slice(json);
            }
            _ => {
                let mut json = Vec::with_capacity(f.path.len() + 2);
                string(&mut json, &f.path);
                b.extend_from_slice(&json);
                self.path = Some((Arc::clone(&f.path), json));
            }
        }
        b.extend_from_slice(b",\"kind\":");
        string(b, &f.kind);
        b.extend_from_slice(b",\"start\":");
        number(b, f.start);
        b.extend_from_slice(b",\"end\":");
        number(b, f.end);
        b.extend_from_slice(b",\"line\":");
        number(b, f.line);
        b.extend_from_slice(b",\"column\":");
        number(b, f.column);
        b.extend_from_slice(b",\"offsets\":");
        string(b, f.offsets);
        if let Some(location) = &f.location {
            b.extend_from_slice(b",\"location\":");
            string(b, location);
        }
        b.extend_from_slice(b",\"confidence\":");
        string(b, f.confidence);
        b.extend_from_slice(b",\"score\":");
        serde_json::to_writer(&mut *b, &f.score)?;
        b.extend_from_slice(b",\"sensitivity\":");
        string(b, f.sensitivity);
        b.extend_from_slice(b",\"legal\":");
        strings(b, f.legal.iter().copied());
        b.extend_from_slice(b",\"masked\":");
        string(b, &f.masked);
        if let Some(value) = &f.value {
            b.extend_from_slice(b",\"value\":");
            string(b, value);
        }
        b.extend_from_slice(b",\"fingerprint\":");
        string(b, &f.fingerprint);
        b.extend_from_slice(b",\"reasons\":[");
        for (i, r) in f.reasons.iter().enumerate() {
            if i > 0 {
                b.push(b',');
            }
            self.reason(b, r)?;
        }
        b.push(b']');
        if !f.also.is_empty() {
            b.extend_from_slice(b",\"also\":");
            strings(b, f.also.iter().copied());
        }
        if let Some(document) = f.document {
            b.extend_from_slice(b",\"document\":");
            string(b, document);
        }
        if !f.document_fields.is_empty() {
            b.extend_from_slice(b",\"document_fields\":");
            strings(b, f.document_fields.iter().copied());
        }
        b.push(b'}');
        Ok(())
    }

    fn reason(&mut self, b: &mut Vec<u8>, r: &Reason) -> io::Result<()> {
        if let Some(json) = self.reasons.get(r) {
            b.extend_from_slice(json);
            return Ok(());
        }
        let json = serde_json::to_vec(r)?;
        b.extend_from_slice(&json);
        if self.reasons.len() >= MAX_REASONS {
            self.reasons.clear();
        }
        self.reasons.insert(r.clone(), json.into_boxed_slice());
        Ok(())
    }
}

fn number(b: &mut Vec<u8>, n: u64) {
    b.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn strings<'a>(b: &mut Vec<u8>, items: impl Iterator<Item = &'a str>) {
    b.push(b'[');
    for (i, s) in items.enumerate() {
        if i > 0 {
            b.push(b',');
        }
        string(b, s);
    }
    b.push(b']');
}

/// Whether JSON escapes the byte (as serde_json does: quote, backslash, control characters).
fn needs_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// Writes `s` as a JSON string, escaped exactly as serde_json escapes it.
fn string(b: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    b.push(b'"');
    let bytes = s.as_bytes();
    // The usual case, nothing to escape, in one copy: a branch-free scan the compiler
    // vectorises.
    if !bytes.iter().fold(false, |any, &c| any | needs_escape(c)) {
        b.extend_from_slice(bytes);
        b.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        if !needs_escape(c) {
            continue;
        }
        b.extend_from_slice(&bytes[start..i]);
        match c {
            b'"' => b.extend_from_slice(b"\\\""),
            b'\\' => b.extend_from_slice(b"\\\\"),
            0x08 => b.extend_from_slice(b"\\b"),
            0x0c => b.extend_from_slice(b"\\f"),
            b'\n' => b.extend_from_slice(b"\\n"),
            b'\r' => b.extend_from_slice(b"\\r"),
            b'\t' => b.extend_from_slice(b"\\t"),
            _ => b.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 0xf)],
            ]),
        }
        start = i + 1;
    }
    b.extend_from_slice(&bytes[start..]);
    b.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use khien_detect::{Engine, FieldContext};
    use proptest::prelude::*;

    fn finding(path: &Arc<str>, text: &str, show: bool) -> Vec<ReportedFinding> {
        let engine = Engine::new(khien_detect::Config::default().with_current_year(2026));
        engine
            .detect_field(text, &FieldContext::default())
            .into_iter()
            .map(|f| {
                let (s, e) = (f.start, f.end);
                let mut r = ReportedFinding::new(
                    path,
                    f,
                    &text[s..e],
                    s as u64,
                    e as u64,
                    1,
                    s as u64 + 1,
                    show,
                );
                r.location = Some(format!("'Danh\u{1}sách\"'!C{s}"));
                r
            })
            .collect()
    }

    #[test]
    fn lines_are_serde_json_lines() {
        let text = "Họ tên: Nguyễn Văn An, CCCD 001090000001, ĐT 0912345678, email an.nv@gmail.com, \
                    chẩn đoán ung thư gan, địa chỉ số 7 ngõ 81 phố Lạc Long Quân, phường Tây Hồ, Hà Nội";
        let path: Arc<str> = Arc::from("thư mục/\"báo cáo\"\t\\2024\u{7f}\u{1f}.txt");
        let mut w = LineWriter::default();
        for show in [false, true] {
            let found = finding(&path, text, show);
            assert!(found.len() >= 5, "{found:?}");
            for mut f in found {
                for also in [vec![], vec!["tax_code"]] {
                    f.also = also;
                    f.document = f.also.first().map(|_| "cccd_card");
                    let mut ours = Vec::new();
                    w.write(&mut ours, &f).unwrap();
                    let mut theirs = serde_json::to_vec(&f).unwrap();
                    theirs.push(b'\n');
                    assert_eq!(
                        String::from_utf8(ours).unwrap(),
                        String::from_utf8(theirs).unwrap()
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "\\PC*|[\\x00-\\x7f]*") {
            let mut ours = Vec::new();
            string(&mut ours, &s);
            prop_assert_eq!(ours, serde_json::to_vec(&s).unwrap());
        }
    }
}
