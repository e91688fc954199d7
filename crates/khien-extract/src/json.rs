//! JSON and JSON lines: every string (and integer) value is a segment whose field is its key
//! and whose location is the record and JSON path. Own parser, to keep the byte span of every
//! value for redaction; nesting is bounded.

use std::ops::Range;
use std::sync::Arc;

use crate::{Anchor, Codec, Cx, ExtractError, Format, LineCounter, Location, Mark, Segment};

const MAX_NESTING: usize = 512;

/// Distinct keys shared between leaves; a document with more (keys that are data) gets a copy
/// of each further key per leaf.
const MAX_SHARED_KEYS: usize = 64;

/// A scalar leaf of a JSON document.
struct Leaf {
    path: String,
    key: Option<Arc<str>>,
    span: Range<usize>,
    value: String,
    number: bool,
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    leaves: Vec<Leaf>,
    /// Keys seen so far, shared by the leaves that carry them (records repeat a few keys).
    keys: Vec<Arc<str>>,
}

type PResult<T> = Result<T, String>;

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    /// The shared copy of `key` (at most [`MAX_SHARED_KEYS`] distinct keys are kept).
    fn key(&mut self, key: Option<&str>) -> Option<Arc<str>> {
        let key = key?;
        if let Some(k) = self.keys.iter().find(|k| ***k == *key) {
            return Some(Arc::clone(k));
        }
        let k: Arc<str> = Arc::from(key);
        if self.keys.len() < MAX_SHARED_KEYS {
            self.keys.push(Arc::clone(&k));
        }
        Some(k)
    }

    fn err(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn value(&mut self, path: &mut String, key: Option<&str>, depth: usize) -> PResult<()> {
        if depth > MAX_NESTING {
            return Err(self.err("nesting too deep"));
        }
        self.ws();
        let Some(&c) = self.b.get(self.i) else { return Err(self.err("unexpected end")) };
        match c {
            b'{' => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a key"));
                    }
                    let (k, _) = self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err("expected ':'"));
                    }
                    self.i += 1;
                    let len = path.len();
                    if k.chars().all(|c| c.is_alphanumeric() || c == '_') && !k.is_empty() {
                        path.push('.');
                        path.push_str(&k);
                    } else {
                        path.push_str(&format!("[{:?}]", k));
                    }
                    self.value(path, Some(&k), depth + 1)?;
                    path.truncate(len);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(());
                }
                let mut n = 0usize;
                loop {
                    let len = path.len();
                    path.push_str(&format!("[{n}]"));
                    self.value(path, key, depth + 1)?;
                    path.truncate(len);
                    n += 1;
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            b'"' => {
                let (v, span) = self.string()?;
                let key = self.key(key);
                self.leaves.push(Leaf { path: path.clone(), key, span, value: v, number: false });
                Ok(())
            }
            b'-' | b'0'..=b'9' => {
                let s = self.i;
                while self.i < self.b.len()
                    && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
                let raw = &self.b[s..self.i];
                if raw.iter().all(u8::is_ascii_digit) {
                    let key = self.key(key);
                    self.leaves.push(Leaf {
                        path: path.clone(),
                        key,
                        span: s..self.i,
                        value: String::from_utf8_lossy(raw).into_owned(),
                        number: true,
                    });
                }
                Ok(())
            }
            b't' | b'f' | b'n' => {
                for lit in [&b"true"[..], b"false", b"null"] {
                    if self.b[self.i..].starts_with(lit) {
                        self.i += lit.len();
                        return Ok(());
                    }
                }
                Err(self.err("unexpected literal"))
            }
            _ => Err(self.err("unexpected character")),
        }
    }

    /// Parses a string literal at `self.i` (which is `"`), returning the value and the span
    /// including quotes.
    fn string(&mut self) -> PResult<(String, Range<usize>)> {
        let s = self.i;
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(k) = self.b[self.i..].iter().position(|&c| c == b'"' || c == b'\\') else {
                return Err(self.err("unterminated string"));
            };
            out.extend_from_slice(&self.b[self.i..self.i + k]);
            self.i += k;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Ok((String::from_utf8_lossy(&out).into_owned(), s..self.i));
            }
            let Some(&e) = self.b.get(self.i + 1) else { return Err(self.err("bad escape")) };
            self.i += 2;
            let c = match e {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'/' => '/',
                b'\\' => '\\',
                b'"' => '"',
                b'u' => {
                    let hi = self.hex4()?;
                    if (0xD800..0xDC00).contains(&hi) && self.b[self.i..].starts_with(b"\\u") {
                        self.i += 2;
                        let lo = self.hex4()?;
                        char::from_u32(
                            0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF),
                        )
                        .unwrap_or('\u{FFFD}')
                    } else {
                        char::from_u32(hi).unwrap_or('\u{FFFD}')
                    }
                }
                _ => return Err(self.err("bad escape")),
            };
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let h = self.b.get(self.i..self.i + 4).ok_or_else(|| self.err("bad \\u escape"))?;
        let v = std::str::from_utf8(h)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(v)
    }
}

pub(crate) fn extract(
    cx: &mut Cx<'_>,
    _name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
    format: Format,
) -> Result<(), ExtractError> {
    let parts_before = cx.out.parts.len();
    let (text, src) = crate::text::open(cx, member, bytes, depth);
    let mut lc = LineCounter::new(text.as_bytes());
    let mut docs: Vec<(u64, Range<usize>)> = Vec::new();
    if format == Format::Jsonl {
        let mut pos = 0;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            if !line.trim().is_empty() {
                docs.push((n as u64 + 1, pos..pos + line.len()));
            }
            pos += line.len();
        }
    } else {
        docs.push((0, 0..text.len()));
    }
    // Shared by the records of a JSON Lines file, which repeat the same keys.
    let mut keys: Vec<Arc<str>> = Vec::new();
    for (record, range) in docs {
        if cx.time_up(member, &format!("record {record}")) {
            break;
        }
        let mut p = Parser {
            b: &text.as_bytes()[..range.end],
            i: range.start,
            leaves: Vec::new(),
            keys: std::mem::take(&mut keys),
        };
        let mut path = String::from("$");
        // A malformed document is read up to the error: what came before is scanned and a
        // note says where reading stopped.
        let mut stopped = p.value(&mut path, None, 0).err();
        p.ws();
        if stopped.is_none() && format == Format::Json && p.i < text.len() {
            stopped = Some(format!("trailing data at byte {}", p.i));
        }
        if stopped.is_some() && format == Format::Json && p.leaves.is_empty() {
            // Not JSON at all: read it as text rather than not at all.
            cx.note(
                member,
                crate::NoteKind::Converted,
                "không phải JSON hợp lệ, đọc như văn bản (not valid JSON; read as plain text)"
                    .into(),
            );
            cx.out.parts.truncate(parts_before);
            return crate::text::extract_text(cx, _name, member, bytes, depth);
        }
        if let Some(e) = &stopped {
            let what =
                if format == Format::Jsonl { format!("record {record}: ") } else { String::new() };
            let rest = if format == Format::Jsonl {
                "the rest of this record"
            } else {
                "the rest of the file"
            };
            cx.note(
                member,
                crate::NoteKind::Truncated,
                format!(
                    "JSON hỏng, phần sau chưa quét ({what}malformed JSON ({e}); {rest} was not scanned)"
                ),
            );
        }
        // A single top-level array: each element is a record.
        let top_array = format == Format::Json && text.trim_start().starts_with('[');
        keys = std::mem::take(&mut p.keys);
        for leaf in p.leaves {
            let (rec, path) = if top_array {
                let inner = &leaf.path[2..];
                let close = inner.find(']').unwrap_or(0);
                let idx: u64 = inner[..close].parse().unwrap_or(0);
                (idx + 1, format!("${}", &inner[close + 1..]))
            } else {
                (record, leaf.path)
            };
            let inner = if leaf.number { 0..leaf.span.len() } else { 1..leaf.span.len() - 1 };
            let (line, column) = lc.at(leaf.span.start + inner.start);
            let mut seg = Segment::new(leaf.value.clone(), Location::Json { record: rec, path });
            seg.marks.push(Mark { at: 0, line, column });
            seg.field = leaf.key;
            seg.numeric = leaf.number;
            if src.anchors {
                seg.anchors.push(Anchor {
                    seg: 0..leaf.value.len(),
                    part: src.part,
                    raw: src.base + leaf.span.start..src.base + leaf.span.end,
                    codec: if leaf.number { Codec::JsonNumber } else { Codec::JsonString },
                    legacy: None,
                });
            }
            cx.push(member, seg);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_with_paths() {
        let src = r#"{"nguoi": [{"ho_ten": "A", "cccd": 79203000111, "ghi chú": "x\u0111"}], "ok": true}"#;
        let mut p = Parser { b: src.as_bytes(), i: 0, leaves: Vec::new(), keys: Vec::new() };
        p.value(&mut "$".to_string(), None, 0).unwrap();
        let v: Vec<(String, String)> =
            p.leaves.iter().map(|l| (l.path.clone(), l.value.clone())).collect();
        assert_eq!(
            v,
            vec![
                ("$.nguoi[0].ho_ten".into(), "A".into()),
                ("$.nguoi[0].cccd".into(), "79203000111".into()),
                ("$.nguoi[0][\"ghi chú\"]".into(), "xđ".into())
            ]
        );
        assert_eq!(&src[p.leaves[1].span.clone()], "79203000111");
        let deep = "[".repeat(100_000);
        let mut p = Parser { b: deep.as_bytes(), i: 0, leaves: Vec::new(), keys: Vec::new() };
        assert!(p.value(&mut "$".to_string(), None, 0).is_err());
    }
}
