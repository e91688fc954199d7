//! The canonical working copy: NFC, ASCII digits, plain spaces, no zero-width characters.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A normalised working copy of some text with a map back to the original byte offsets.
///
/// Rewrites: NFC composition (NFD input is common from macOS and some web forms), full-width
/// ASCII (`０９１２`, `：`) to ASCII, no-break/thin/ideographic spaces to a plain space, and
/// zero-width characters (U+200B–U+200D, U+2060, U+FEFF) removed. Nothing else changes, so
/// byte offsets of untouched text stay valid through the map.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    /// One entry per byte of `text` plus one for the end; `None` when `text` is borrowed
    /// unchanged and offsets are the identity.
    map: Option<Vec<u32>>,
    source_len: usize,
}

/// True for the separator characters that may appear inside a grouped number
/// (`0912 345 678`, `098.765.4321`, `0912-345-678`) after normalisation.
#[inline]
pub fn is_separator_char(c: char) -> bool {
    matches!(c, ' ' | '.' | '-')
}

#[inline]
fn space_like(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

#[inline]
fn zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

#[inline]
fn full_width_ascii(c: char) -> Option<char> {
    if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
        char::from_u32(c as u32 - 0xff01 + 0x21)
    } else {
        None
    }
}

/// Whether `c`, at this position, would be rewritten by normalisation.
#[inline]
fn needs_rewrite(c: char) -> bool {
    space_like(c) || zero_width(c) || full_width_ascii(c).is_some() || is_combining_mark(c)
}

/// Quick byte-level test: can anything in `s` need rewriting? Only bytes that lead the UTF-8
/// encodings of the characters above are inspected, so ASCII and ordinary precomposed
/// Vietnamese (lead bytes 0xC3, 0xC4, 0xC5, 0xC6, 0xE1) pass without decoding.
fn might_need(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Fast skip to the next candidate lead byte.
        let Some(off) = b[i..].iter().position(|&x| matches!(x, 0xC2 | 0xCC | 0xCD | 0xE2 | 0xE3 | 0xEF))
        else {
            return false;
        };
        i += off;
        if let Some(c) = s[i..].chars().next() {
            if needs_rewrite(c) {
                return true;
            }
            i += c.len_utf8();
        } else {
            return false;
        }
    }
    false
}

impl<'a> Normalized<'a> {
    /// Normalises `src`, borrowing it when nothing needs to change.
    pub fn new(src: &'a str) -> Self {
        if !might_need(src) {
            return Normalized { text: Cow::Borrowed(src), map: None, source_len: src.len() };
        }
        let mut out = String::with_capacity(src.len());
        let mut map: Vec<u32> = Vec::with_capacity(src.len() + 1);
        let mut chars = src.char_indices().peekable();
        let mut cluster = String::new();
        while let Some((i, c)) = chars.next() {
            if zero_width(c) {
                continue;
            }
            let repl = if space_like(c) { Some(' ') } else { full_width_ascii(c) };
            if let Some(r) = repl {
                out.push(r);
                map.push(i as u32);
                continue;
            }
            // Gather a starter plus following combining marks and compose them together.
            cluster.clear();
            cluster.push(c);
            while let Some(&(_, n)) = chars.peek() {
                if is_combining_mark(n) {
                    cluster.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            let before = out.len();
            if cluster.len() == c.len_utf8() {
                out.push(c);
            } else {
                out.extend(cluster.nfc());
            }
            map.extend(std::iter::repeat_n(i as u32, out.len() - before));
        }
        map.push(src.len() as u32);
        Normalized { text: Cow::Owned(out), map: Some(map), source_len: src.len() }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the working copy is the source itself.
    pub fn is_identity(&self) -> bool {
        self.map.is_none()
    }

    /// Maps a byte offset in the working copy back to the source.
    pub fn to_source(&self, i: usize) -> usize {
        match &self.map {
            None => i.min(self.source_len),
            Some(m) => m[i.min(m.len() - 1)] as usize,
        }
    }

    /// Maps a working-copy range to the smallest source range covering it.
    pub fn range_to_source(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.map {
            None => (start, end),
            Some(m) => {
                let s = m[start.min(m.len() - 1)] as usize;
                // The end maps to the start of the first source char *after* the range: find
                // the next working byte that maps past the last covered source char.
                let e = if end >= m.len() - 1 {
                    self.source_len
                } else {
                    let last = m[end.saturating_sub(1)];
                    let mut j = end;
                    while j < m.len() - 1 && m[j] == last {
                        j += 1;
                    }
                    m[j] as usize
                };
                (s, e.max(s))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_text_is_borrowed() {
        let s = "Số CCCD: 001090000001 – “trích”";
        let n = Normalized::new(s);
        assert!(n.is_identity());
        assert_eq!(n.text(), s);
    }

    #[test]
    fn nfd_becomes_nfc_with_offsets() {
        let nfc = "Nguyễn Văn A, SĐT 0912345678";
        let nfd: String = nfc.nfd().collect();
        let n = Normalized::new(&nfd);
        assert_eq!(n.text(), nfc);
        let at = nfc.find("0912").unwrap();
        let (s, e) = n.range_to_source(at, at + 10);
        assert_eq!(&nfd[s..e], "0912345678");
    }

    #[test]
    fn full_width_and_spaces() {
        let src = "ＣＣＣＤ：００１０９０\u{a0}000001\u{200b}!";
        let n = Normalized::new(src);
        assert_eq!(n.text(), "CCCD:001090 000001!");
        let (s, e) = n.range_to_source(5, 18);
        assert_eq!(&src[s..e], "００１０９０\u{a0}000001\u{200b}");
    }

    proptest! {
        #[test]
        fn offsets_are_monotonic_char_boundaries(s in "\\PC{0,30}[\u{300}\u{a0}\u{ff10}-\u{ff19}]{0,3}\\PC{0,10}") {
            let n = Normalized::new(&s);
            let mut last = 0;
            for i in (0..=n.text().len()).filter(|&i| n.text().is_char_boundary(i)) {
                let o = n.to_source(i);
                prop_assert!(o >= last);
                prop_assert!(s.is_char_boundary(o));
                last = o;
            }
            let again = Normalized::new(n.text());
            prop_assert_eq!(again.text(), n.text());
        }
    }
}
