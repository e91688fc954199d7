//! Mapping extracted text back to the bytes of the file as stored, so that a finding in a CSV
//! cell, a JSON string or an XML text node can be reported at its offsets in the file (the
//! contract `file[start..end] == value`), escapes and quotes included.

use std::ops::Range;

use crate::{Anchor, Codec, xml};

/// Decoded text of `raw` under `codec`, with a break at every decoded character: `(text
/// offset, raw offset)` pairs, the last one at the end of both. `None` for codecs that are not
/// a character-by-character encoding of the text (a whole spreadsheet cell element).
fn decode_with_breaks(codec: Codec, raw: &[u8]) -> Option<(String, Vec<(usize, usize)>)> {
    let mut text = String::with_capacity(raw.len());
    let mut breaks = Vec::with_capacity(raw.len() + 1);
    // Pushes every character of the valid UTF-8 `piece` (raw offset `at`) one to one.
    let verbatim = |text: &mut String, breaks: &mut Vec<(usize, usize)>, piece: &str, at: usize| {
        for (i, c) in piece.char_indices() {
            breaks.push((text.len(), at + i));
            text.push(c);
        }
    };
    let (body, end) = match codec {
        Codec::Verbatim | Codec::JsonNumber => {
            verbatim(&mut text, &mut breaks, std::str::from_utf8(raw).ok()?, 0);
            breaks.push((text.len(), raw.len()));
            return Some((text, breaks));
        }
        Codec::Csv(_) if raw.first() == Some(&b'"') => (1, raw.len()),
        Codec::Csv(_) => {
            verbatim(&mut text, &mut breaks, std::str::from_utf8(raw).ok()?, 0);
            breaks.push((text.len(), raw.len()));
            return Some((text, breaks));
        }
        Codec::JsonString => (1, raw.len().checked_sub(1)?),
        Codec::Xml | Codec::XmlAttr | Codec::Html => (0, raw.len()),
        _ => return None,
    };
    let s = std::str::from_utf8(raw.get(body..end)?).ok()?;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at = body + i;
        let c = s[i..].chars().next()?;
        match (codec, c) {
            (Codec::Csv(_), '"') => {
                if bytes.get(i + 1) == Some(&b'"') {
                    breaks.push((text.len(), at));
                    text.push('"');
                    i += 2;
                } else {
                    // The closing quote: the quoted text ends before it; what follows it up to
                    // the delimiter is kept as is.
                    breaks.push((text.len(), at));
                    verbatim(&mut text, &mut breaks, &s[i + 1..], at + 1);
                    breaks.push((text.len(), raw.len()));
                    return Some((text, breaks));
                }
            }
            (Codec::JsonString, '\\') => {
                breaks.push((text.len(), at));
                let (ch, len) = json_escape(&s[i..])?;
                text.push(ch);
                i += len;
            }
            (Codec::Xml | Codec::XmlAttr | Codec::Html, '&') => {
                breaks.push((text.len(), at));
                let window = &bytes[i..bytes.len().min(i + xml::MAX_ENTITY)];
                let entity = window.iter().position(|&b| b == b';').and_then(|j| {
                    xml::entity(&s[i + 1..i + j], codec == Codec::Html).map(|ch| (ch, j + 1))
                });
                match entity {
                    Some((entity_text, len)) => {
                        text.push_str(&entity_text);
                        i += len;
                    }
                    None => {
                        text.push('&');
                        i += 1;
                    }
                }
            }
            _ => {
                breaks.push((text.len(), at));
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    breaks.push((text.len(), end));
    Some((text, breaks))
}

/// One JSON escape at the start of `s` (which begins with `\`): the character and the bytes
/// it takes, a surrogate pair as one character.
fn json_escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let simple = match *b.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = u32::from_str_radix(s.get(2..6)?, 16).ok()?;
            if (0xD800..0xDC00).contains(&hi) && s.get(6..8) == Some("\\u") {
                let lo = u32::from_str_radix(s.get(8..12)?, 16).ok()?;
                let c =
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo.checked_sub(0xDC00)?))?;
                return Some((c, 12));
            }
            return Some((char::from_u32(hi).unwrap_or('\u{FFFD}'), 6));
        }
        _ => return None,
    };
    Some((simple, 2))
}

impl Anchor {
    /// The byte range of `input` that stores `range` of the segment text, when this anchor
    /// points into the input itself (not a decoded copy or a zip member), its codec encodes the
    /// text character by character, and `range` lies within it. `seg_text` is the segment's
    /// text; `range` is relative to it.
    pub fn file_range(
        &self,
        seg_text: &str,
        input: &[u8],
        range: Range<usize>,
    ) -> Option<Range<usize>> {
        if self.part != Anchor::INPUT
            || self.legacy.is_some()
            || range.start < self.seg.start
            || range.end > self.seg.end
            || range.start >= range.end
        {
            return None;
        }
        let raw = input.get(self.raw.clone())?;
        let (decoded, breaks) = decode_with_breaks(self.codec, raw)?;
        // The extractor may have normalised the text (whitespace): map only what decodes back
        // to exactly the segment's text.
        if decoded != seg_text.get(self.seg.clone())? {
            return None;
        }
        // A text offset may have two breaks (the end of a quoted CSV value and the start of
        // what follows its closing quote): a start takes the last, an end the first.
        let start_at = range.start - self.seg.start;
        let end_at = range.end - self.seg.start;
        let last = breaks.partition_point(|&(t, _)| t <= start_at).checked_sub(1)?;
        let first = breaks.partition_point(|&(t, _)| t < end_at);
        let (&(ts, start), &(te, end)) = (breaks.get(last)?, breaks.get(first)?);
        if ts != start_at || te != end_at {
            return None;
        }
        Some(self.raw.start + start..self.raw.start + end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(codec: Codec, raw: Range<usize>, text_len: usize) -> Anchor {
        Anchor { seg: 0..text_len, part: Anchor::INPUT, raw, codec, legacy: None }
    }

    #[test]
    fn json_escapes_map_to_the_stored_bytes() {
        let input = br#"{"ten": "Nguy\u1ec5n \"A\" 0912345678"}"#;
        let raw = 8..input.len() - 1;
        let text = "Nguyễn \"A\" 0912345678";
        let a = anchor(Codec::JsonString, raw, text.len());
        let at = text.find("0912").unwrap();
        let r = a.file_range(text, input, at..at + 10).unwrap();
        assert_eq!(&input[r], b"0912345678");
        let r = a.file_range(text, input, 0.."Nguyễn".len()).unwrap();
        assert_eq!(&input[r], br"Nguy\u1ec5n");
    }

    #[test]
    fn csv_quotes_and_xml_entities() {
        let input = "a,\"Lê \"\"Bé\"\", 0912345678\",b".as_bytes();
        let text = "Lê \"Bé\", 0912345678";
        let a = anchor(Codec::Csv(b','), 2..input.len() - 2, text.len());
        let at = text.find("0912").unwrap();
        assert_eq!(&input[a.file_range(text, input, at..at + 10).unwrap()], b"0912345678");
        let input = "<p>Tr&#7847;n &amp; 0912345678</p>".as_bytes();
        let text = "Trần & 0912345678";
        let a = anchor(Codec::Html, 3..input.len() - 4, text.len());
        let at = text.find("0912").unwrap();
        assert_eq!(&input[a.file_range(text, input, at..at + 10).unwrap()], b"0912345678");
        assert_eq!(&input[a.file_range(text, input, 0.."Trần".len()).unwrap()], b"Tr&#7847;n");
    }

    #[test]
    fn text_that_does_not_decode_back_is_not_mapped() {
        let input = b"<p>a   b</p>";
        let a = anchor(Codec::Html, 3..8, 3);
        assert_eq!(a.file_range("a b", input, 0..1), None);
    }
}
