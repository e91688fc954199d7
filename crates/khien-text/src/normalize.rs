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

/// Quick byte-level test: can anything in `s` need rewriting? Only the lead bytes of the
/// characters above are looked for, with vectorised searches, so ASCII and ordinary
/// precomposed Vietnamese (lead bytes 0xC3–0xC6, 0xE1) pass without decoding.
fn might_need(s: &str) -> bool {
    let b = s.as_bytes();
    let check = |i: usize| s[i..].chars().next().is_some_and(needs_rewrite);
    // Combining marks (U+0300–U+036F) and full-width forms / BOM (U+FF01–U+FF5E, U+FEFF).
    if memchr::memchr3_iter(0xCC, 0xCD, 0xEF, b).any(check) {
        return true;
    }
    // No-break space, soft hyphen (0xC2 lead) and the ideographic space (0xE3 lead).
    if memchr::memchr2_iter(0xC2, 0xE3, b).any(check) {
        return true;
    }
    // General punctuation: spaces and zero-width characters, but not quotes and dashes.
    memchr::memchr_iter(0xE2, b)
        .any(|i| b.get(i + 1).is_some_and(|&n| n == 0x80 || n == 0x81) && check(i))
}

impl<'a> Normalized<'a> {
    /// Normalises `src`, borrowing it when nothing needs to change.
    pub fn new(src: &'a str) -> Self {
        if !might_need(src) {
            return Normalized { text: Cow::Borrowed(src), map: None, source_len: src.len() };
        }
        // Pass 1: replacements and removals, one char at a time.
        let mut step = String::with_capacity(src.len());
        let mut step_map: Vec<u32> = Vec::with_capacity(src.len() + 1);
        let mut has_marks = false;
        for (i, c) in src.char_indices() {
            if zero_width(c) {
                continue;
            }
            let r = if space_like(c) { ' ' } else { full_width_ascii(c).unwrap_or(c) };
            has_marks |= is_combining_mark(r);
            let before = step.len();
            step.push(r);
            step_map.extend(std::iter::repeat_n(i as u32, step.len() - before));
        }
        if !has_marks {
            step_map.push(src.len() as u32);
            return Normalized {
                text: Cow::Owned(step),
                map: Some(step_map),
                source_len: src.len(),
            };
        }
        // Pass 2: compose each starter with the marks that follow it (after pass 1, so that a
        // removed zero-width character cannot split a cluster and normalising twice changes
        // nothing).
        let mut out = String::with_capacity(step.len());
        let mut map: Vec<u32> = Vec::with_capacity(step.len() + 1);
        let mut chars = step.char_indices().peekable();
        let mut cluster = String::new();
        while let Some((i, c)) = chars.next() {
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
            if cluster.len() == c.len_utf8() && !is_combining_mark(c) {
                out.push(c);
            } else {
                out.extend(cluster.nfc());
            }
            map.extend(std::iter::repeat_n(step_map[i], out.len() - before));
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
    fn lone_marks_are_normalised_once_and_for_all() {
        // Found by fuzzing: a no-break space, then U+0340 (which NFC maps to U+0300).
        let src = "T\u{a0}\u{340}";
        let once = Normalized::new(src);
        let twice = Normalized::new(once.text());
        assert_eq!(once.text(), twice.text());
    }

    #[test]
    fn removed_zero_width_does_not_split_a_cluster() {
        // Found by fuzzing: marks after a soft hyphen belong to the letter before it.
        let src = "G\u{30a}\u{ad}\u{320}\u{30a}";
        let once = Normalized::new(src);
        let twice = Normalized::new(once.text());
        assert_eq!(once.text(), twice.text());
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
