//! Accent folding: lower-case, strip Vietnamese diacritics, map `đ` to `d`.

use std::sync::OnceLock;

/// First code point past the folding table; above it chars are only lower-cased.
const TABLE_END: u32 = 0x2000;

fn table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else { return '\u{fffd}' };
                compute_fold(c)
            })
            .collect()
    })
}

fn compute_fold(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => return 'd',
        _ => {}
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    let b = base.unwrap_or(c);
    if unicode_normalization::char::is_combining_mark(b) {
        // A lone combining mark folds to nothing; callers skip '\0'.
        return '\0';
    }
    b.to_lowercase().next().unwrap_or(b)
}

/// Folds one char: lower-case, diacritics removed, `đ`→`d`. A combining mark folds to `'\0'`,
/// which callers drop.
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let cp = c as u32;
    if cp < TABLE_END {
        return table()[cp as usize];
    }
    if unicode_normalization::char::is_combining_mark(c) {
        return '\0';
    }
    // Some letters outside the table lower-case into it (U+212B Å → å): fold the result again
    // so that folding is idempotent.
    let lower = c.to_lowercase().next().unwrap_or(c);
    if (lower as u32) < TABLE_END && lower != c { fold_char(lower) } else { lower }
}

/// Folds a whole string: `"Nguyễn Thị ĐÀO"` → `"nguyen thi dao"`. Works on NFC and NFD input
/// alike because combining marks are dropped.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Like [`fold`], appending to `out` (reuse the buffer in hot loops).
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        let f = fold_char(c);
        if f != '\0' {
            out.push(f);
        }
    }
}

/// Removes Vietnamese diacritics but keeps letter case: `"Số CCCD Đà Nẵng"` → `"So CCCD Da Nang"`.
/// Used to produce the unaccented text that SMS, chat and old systems carry.
pub fn strip_diacritics(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let f = fold_char(c);
        if f == '\0' {
            continue;
        }
        if c.is_uppercase() {
            out.extend(f.to_uppercase());
        } else {
            out.push(f);
        }
    }
    out
}

/// Folded text for keyword matching (underscores read as spaces) with a map from each folded
/// byte back to the byte offset of the source char it
/// came from, so a keyword found in the folded copy can be reported in the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// `map[i]` is the source offset of the char that produced folded byte `i`; one extra entry
    /// at the end holds the source length.
    map: Vec<u32>,
}

impl Folded {
    /// Folds `src` and records the offset map.
    pub fn new(src: &str) -> Self {
        let mut f = Folded::default();
        f.reset(src);
        f
    }

    /// Refolds into the same buffers (no allocation once they are large enough).
    pub fn reset(&mut self, src: &str) {
        // One pass, one byte or one char at a time, into a byte buffer checked once at the
        // end. Vietnamese words put an accented letter every few bytes, so the ASCII runs are
        // short: finding each run's end, checking it for camelCase joints and copying it in
        // bulk (three passes per run) cost more than this loop, and decoding the two- and
        // three-byte letters here rather than through `chars()` halves their cost. Folding
        // windows is the largest share of a structured scan of prose.
        let mut out = std::mem::take(&mut self.text).into_bytes();
        out.clear();
        self.map.clear();
        out.reserve(src.len() + 8);
        self.map.reserve(src.len() + 8);
        let table = table();
        let bytes = src.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                let folded = match b {
                    b'A'..=b'Z' => {
                        // camelCase keys read as words: "namSinh" → "nam sinh" (an upper-case
                        // ASCII letter after a lower-case one, before a lower-case one).
                        if i > 0
                            && bytes[i - 1].is_ascii_lowercase()
                            && i + 1 < n
                            && bytes[i + 1].is_ascii_lowercase()
                        {
                            out.push(b' ');
                            self.map.push(i as u32);
                        }
                        b | 0x20
                    }
                    // An underscore separates words in column and key names (`so_cmnd`).
                    b'_' => b' ',
                    _ => b,
                };
                out.push(folded);
                self.map.push(i as u32);
                i += 1;
                continue;
            }
            // The two- and three-byte forms cover every letter of the folding table (below
            // U+2000); longer ones go through `chars()`.
            let (cp, len) = if b < 0xE0 && i + 1 < n {
                ((u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F), 2)
            } else if b < 0xF0 && i + 2 < n {
                (
                    (u32::from(b & 0x0F) << 12)
                        | (u32::from(bytes[i + 1] & 0x3F) << 6)
                        | u32::from(bytes[i + 2] & 0x3F),
                    3,
                )
            } else {
                let c = src[i..].chars().next().expect("char boundary");
                (c as u32, c.len_utf8())
            };
            let f = if cp < TABLE_END {
                table[cp as usize]
            } else {
                fold_char(char::from_u32(cp).expect("decoded from UTF-8"))
            };
            if f != '\0' {
                if f.is_ascii() {
                    out.push(f as u8);
                    self.map.push(i as u32);
                } else {
                    let mut buf = [0u8; 4];
                    let enc = f.encode_utf8(&mut buf);
                    out.extend_from_slice(enc.as_bytes());
                    for _ in 0..enc.len() {
                        self.map.push(i as u32);
                    }
                }
            }
            i += len;
        }
        self.map.push(src.len() as u32);
        self.text = String::from_utf8(out).expect("folded chars are UTF-8");
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Source byte offset for folded offset `i` (`i` may equal the folded length).
    pub fn to_source(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)] as usize
    }

    /// Source byte range for a folded range; the end is extended to the end of the source char.
    pub fn source_range(&self, start: usize, end: usize, src: &str) -> (usize, usize) {
        let s = self.to_source(start);
        if end == 0 {
            return (s, s);
        }
        let last = self.to_source(end - 1);
        let e = last + src[last..].chars().next().map_or(0, char::len_utf8);
        (s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Nguyễn Thị Ánh Tuyết ĐẮK LẮK"), "nguyen thi anh tuyet dak lak");
        assert_eq!(fold("Hoà"), fold("Hòa"));
        assert_eq!(fold("Thuỷ"), "thuy");
        assert_eq!(fold("ư ơ ă â ê ô"), "u o a a e o");
    }

    #[test]
    fn strip_keeps_case() {
        assert_eq!(strip_diacritics("Số CCCD Đà Nẵng, ĐIỆN THOẠI"), "So CCCD Da Nang, DIEN THOAI");
    }

    #[test]
    fn nfd_and_nfc_fold_alike() {
        let nfc = "Số điện thoại của bà Phạm Thị Hường";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(nfc), fold(&nfd));
    }

    #[test]
    fn folded_map_points_to_source() {
        let src = "Mật khẩu: x";
        let f = Folded::new(src);
        assert_eq!(f.text(), "mat khau: x");
        let at = f.text().find("khau").unwrap();
        let (s, e) = f.source_range(at, at + 4, src);
        assert_eq!(&src[s..e], "khẩu");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn folded_matches_the_char_by_char_definition(s in "[a-zA-Z_ 0-9À-ỹ\u{300}\u{2000}-\u{2010}\u{212B}\u{1F600}-\u{1F606}]{0,60}") {
            // The definition: each char folded, an underscore read as a space, and a space
            // before an upper-case ASCII letter between two lower-case ones.
            let b = s.as_bytes();
            let mut text = String::new();
            let mut map = Vec::new();
            for (i, c) in s.char_indices() {
                if c.is_ascii_uppercase()
                    && i > 0
                    && b[i - 1].is_ascii_lowercase()
                    && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
                {
                    text.push(' ');
                    map.push(i as u32);
                }
                let f = if c == '_' { ' ' } else { fold_char(c) };
                if f != '\0' {
                    text.push(f);
                    map.extend(std::iter::repeat_n(i as u32, f.len_utf8()));
                }
            }
            map.push(s.len() as u32);
            let f = Folded::new(&s);
            prop_assert_eq!(f.text(), text.as_str());
            prop_assert_eq!(&f.map, &map);
        }

        #[test]
        fn folded_map_is_monotonic_and_on_boundaries(s in "\\PC{0,40}") {
            let f = Folded::new(&s);
            let mut last = 0;
            for i in 0..=f.text().len() {
                let o = f.to_source(i);
                prop_assert!(o >= last);
                prop_assert!(s.is_char_boundary(o));
                last = o;
            }
        }
    }
}
