//! CSV and TSV: every cell is a segment whose field is its column header.

use std::ops::Range;

use crate::{
    Anchor, Codec, Cx, ExtractError, Format, LineCounter, Location, Mark, Segment, cell_ref,
};

/// A parsed field: its span in the text (including quotes) and its value.
pub(crate) struct Field {
    pub span: Range<usize>,
    pub value: String,
    pub quoted: bool,
}

/// Picks the delimiter from the first line: the most frequent of `,` `;` `\t` `|` outside quotes.
pub(crate) fn sniff(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut n = 0;
        let mut q = false;
        for b in first.bytes() {
            if b == b'"' {
                q = !q;
            } else if b == d && !q {
                n += 1;
            }
        }
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// Parses `text` into records of fields (RFC 4180, lenient: stray quotes are kept).
pub(crate) fn parse(text: &str, delim: u8) -> Vec<Vec<Field>> {
    let b = text.as_bytes();
    let mut records = Vec::new();
    let mut rec = Vec::new();
    let mut i = 0;
    if b.is_empty() {
        return records;
    }
    loop {
        let start = i;
        let field = if i < b.len() && b[i] == b'"' {
            let mut v = Vec::new();
            i += 1;
            loop {
                match memchr::memchr(b'"', &b[i..]) {
                    Some(k) => {
                        v.extend_from_slice(&b[i..i + k]);
                        i += k + 1;
                        if i < b.len() && b[i] == b'"' {
                            v.push(b'"');
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    None => {
                        v.extend_from_slice(&b[i..]);
                        i = b.len();
                        break;
                    }
                }
            }
            // Anything between the closing quote and the delimiter is kept (lenient).
            let rest_end = b[i..]
                .iter()
                .position(|&c| c == delim || c == b'\n' || c == b'\r')
                .map_or(b.len(), |k| k + i);
            v.extend_from_slice(&b[i..rest_end]);
            i = rest_end;
            Field { span: start..i, value: String::from_utf8_lossy(&v).into_owned(), quoted: true }
        } else {
            let end = b[i..]
                .iter()
                .position(|&c| c == delim || c == b'\n' || c == b'\r')
                .map_or(b.len(), |k| k + i);
            i = end;
            Field { span: start..end, value: text[start..end].to_string(), quoted: false }
        };
        rec.push(field);
        if i >= b.len() {
            records.push(rec);
            break;
        }
        if b[i] == delim {
            i += 1;
            continue;
        }
        // End of record.
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        i += 1;
        records.push(std::mem::take(&mut rec));
        if i >= b.len() {
            break;
        }
    }
    records
}

pub(crate) fn extract(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
    format: Format,
) -> Result<(), ExtractError> {
    let _ = name;
    let (text, src) = crate::text::open(cx, member, bytes, depth);
    let delim = if format == Format::Tsv { b'\t' } else { sniff(&text) };
    let records = parse(&text, delim);
    let header: Vec<String> = records
        .first()
        .map(|r| r.iter().map(|f| f.value.trim().to_string()).collect())
        .unwrap_or_default();
    let mut lc = LineCounter::new(text.as_bytes());
    for (row, rec) in records.into_iter().enumerate() {
        if row % 4096 == 0 && cx.time_up(member, &format!("row {}", row + 1)) {
            break;
        }
        for (col, f) in rec.into_iter().enumerate() {
            if f.value.trim().is_empty() {
                continue;
            }
            let len = f.value.len();
            let numeric = f.value.trim().bytes().all(|b| b.is_ascii_digit());
            let (line, column) = lc.at(f.span.start);
            let mut seg = Segment::new(
                f.value,
                Location::Cell { sheet: None, cell: cell_ref(row as u32, col as u32) },
            );
            seg.marks.push(Mark { at: 0, line, column: column + u32::from(f.quoted) });
            if row > 0 {
                seg.field = header.get(col).filter(|h| !h.is_empty()).cloned();
                seg.numeric = numeric;
            }
            if src.anchors {
                seg.anchors.push(Anchor {
                    seg: 0..len,
                    part: src.part,
                    raw: src.base + f.span.start..src.base + f.span.end,
                    codec: Codec::Csv(delim),
                    legacy: None,
                });
            }
            cx.push(member, seg);
        }
    }
    Ok(())
}

/// Encodes a csv field, quoting when needed or when the original was quoted.
pub fn encode_field(value: &str, delim: u8, was_quoted: bool) -> String {
    let needs = value.bytes().any(|b| b == delim || b == b'"' || b == b'\n' || b == b'\r');
    if needs || was_quoted {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_and_crlf() {
        let r = parse("a,\"b,\"\"c\"\"\"\r\n1,2\n", b',');
        assert_eq!(r.len(), 2);
        assert_eq!(r[0][1].value, "b,\"c\"");
        assert_eq!(r[1][1].value, "2");
        assert_eq!(sniff("a;b;c\n"), b';');
        assert_eq!(encode_field("x,y", b',', false), "\"x,y\"");
    }
}
