//! CSV and TSV: every cell is a segment whose field is its column header.

use std::ops::Range;
use std::sync::Arc;

use crate::{
    Anchor, CellRef, Codec, Cx, ExtractError, Format, LineCounter, Location, Mark, Segment,
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

/// The records of a CSV text, read with csv-core one at a time (a large export is never held
/// as a table), each field with its span in the text: quotes included, the delimiter and the
/// line end not.
pub(crate) struct Records<'t> {
    text: &'t str,
    pos: usize,
    reader: csv_core::Reader,
    buf: Vec<u8>,
    /// The value of the field being read, kept between fields.
    value: Vec<u8>,
    done: bool,
}

impl<'t> Records<'t> {
    pub(crate) fn new(text: &'t str, delim: u8) -> Records<'t> {
        let reader = csv_core::ReaderBuilder::new().delimiter(delim).build();
        Records {
            text,
            pos: 0,
            reader,
            buf: vec![0; 4096],
            value: Vec::new(),
            done: text.is_empty(),
        }
    }

    /// Where the field that ends at `self.pos` (after its delimiter or line end) stops.
    fn field_end(&self, record_end: bool) -> usize {
        let b = self.text.as_bytes();
        let mut end = self.pos;
        if !record_end {
            return end.saturating_sub(1);
        }
        if end > 0 && b[end - 1] == b'\n' {
            end -= 1;
        }
        if end > 0 && b[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }
}

impl Iterator for Records<'_> {
    type Item = Vec<Field>;

    fn next(&mut self) -> Option<Vec<Field>> {
        use csv_core::ReadFieldResult;
        let mut record = Vec::new();
        let bytes = self.text.as_bytes();
        while !self.done {
            let start = self.pos;
            self.value.clear();
            let result = loop {
                let input = &bytes[self.pos..];
                let (res, nin, nout) = self.reader.read_field(input, &mut self.buf);
                self.pos += nin;
                self.value.extend_from_slice(&self.buf[..nout]);
                match res {
                    ReadFieldResult::OutputFull => self.buf.resize(self.buf.len() * 2, 0),
                    // The whole text was given: the next call, with empty input, tells
                    // csv-core that the text has ended.
                    ReadFieldResult::InputEmpty => {}
                    other => break other,
                }
            };
            match result {
                ReadFieldResult::Field { record_end } => {
                    // csv-core skips blank lines before a record: the field starts after them.
                    let mut from = start;
                    while from < self.pos && matches!(bytes[from], b'\r' | b'\n') {
                        from += 1;
                    }
                    let end = self.field_end(record_end).max(from);
                    let quoted = bytes.get(from) == Some(&b'"');
                    // An unquoted field is its span of the text, already valid UTF-8; only a
                    // quoted one (quotes removed, doubled quotes undone) is read from
                    // csv-core's output, and quotes are ASCII, so that stays valid too.
                    let value = match self.text.get(from..end) {
                        Some(span) if !quoted && span.len() == self.value.len() => span.to_string(),
                        _ => String::from_utf8_lossy(&self.value).into_owned(),
                    };
                    record.push(Field { span: from..end, value, quoted });
                    if record_end {
                        return Some(record);
                    }
                }
                ReadFieldResult::End => self.done = true,
                _ => {}
            }
        }
        (!record.is_empty()).then_some(record)
    }
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
    // Shared by every cell of a column.
    let mut header: Vec<Option<Arc<str>>> = Vec::new();
    let mut lc = LineCounter::new(text.as_bytes());
    for (row, rec) in Records::new(&text, delim).enumerate() {
        if row == 0 {
            header = rec
                .iter()
                .map(|f| Some(f.value.trim()).filter(|h| !h.is_empty()).map(Arc::from))
                .collect();
        }
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
                Location::Cell { sheet: None, cell: CellRef::new(row as u32, col as u32) },
            );
            seg.marks.push(Mark { at: 0, line, column: column + u32::from(f.quoted) });
            if row > 0 {
                seg.field = header.get(col).cloned().flatten();
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
        let text = "a,\"b,\"\"c\"\"\"\r\n1,2\n\n3,\r\n";
        let r: Vec<Vec<Field>> = Records::new(text, b',').collect();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0][1].value, "b,\"c\"");
        assert_eq!(&text[r[0][1].span.clone()], "\"b,\"\"c\"\"\"");
        assert!(r[0][1].quoted);
        assert_eq!(r[1][1].value, "2");
        assert_eq!(&text[r[1][1].span.clone()], "2");
        assert_eq!(&text[r[2][0].span.clone()], "3");
        assert_eq!(r[2][1].value, "");
        assert_eq!(sniff("a;b;c\n"), b';');
        assert_eq!(encode_field("x,y", b',', false), "\"x,y\"");
    }
}
