//! Obfuscation-resistant shadow text with an offset map back to the original.
//!
//! Scam text is written to defeat keyword filters: leetspeak (`B4n da zu d!eu k1en`), Unicode
//! mathematical letters (`𝐓𝐚̀𝐢 𝐤𝐡𝐨𝐚̉𝐧`), full-width forms, Cyrillic and Greek look-alike letters,
//! zero-width and bidi characters, spaced or dotted letters (`c.h.u.y.ể.n`) and defanged links
//! (`hxxps://vcb-xacthuc[.]com`). [`Shadow::new`] undoes all of these in one pass and produces two
//! byte-aligned shadow copies:
//!
//! * [`Shadow::text`]: NFKC-folded, confusables mapped to ASCII, lower-case, diacritics removed,
//!   invisible characters dropped, whitespace collapsed, spaced letters joined, links re-fanged;
//! * [`Shadow::leet`]: the same with leetspeak folded inside tokens that mix letters and digits.
//!   It has exactly the same length as `text`, so one offset map serves both.
//!
//! Every byte of the shadow maps back to the byte offset of the source character that produced
//! it ([`Shadow::source_range`]), so reasons point into the text the user pasted. The shadow is
//! for matching only and is never shown to the user.
//!
//! Why not `khien_text::Normalized` or `khien_text::Folded`: their semantics differ. Both keep
//! the text's token structure (`Normalized` changes only NFC, full-width digits and spaces;
//! `Folded` only case, diacritics and underscores), while the shadow also drops or joins
//! characters (spaced letters, defanged markers, collapsed whitespace), maps look-alike
//! scripts to Latin, and carries a second, byte-aligned leetspeak copy on the same map.

use khien_text::fold_char;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Which obfuscation tricks were seen while building the shadow; each is itself a signal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Obfuscation {
    /// Source byte offset of the first zero-width, bidi or other invisible character.
    pub invisible: Option<usize>,
    /// Source byte offset of the first mathematical alphanumeric letter (U+1D400–U+1D7FF).
    pub math_letters: Option<usize>,
    /// Source byte offset of the first full-width letter.
    pub full_width: Option<usize>,
    /// Source byte offset of the first Cyrillic/Greek letter mapped to a Latin look-alike inside
    /// a word that also has Latin letters.
    pub confusable: Option<usize>,
    /// Source byte offset of the first token folded from leetspeak.
    pub leetspeak: Option<usize>,
    /// Source byte offset of the first run of spaced or dotted single letters.
    pub spaced_letters: Option<usize>,
    /// Source byte offset of the first defanged link marker (`hxxp`, `[.]`, `(dot)`).
    pub defanged: Option<usize>,
}

/// The shadow copies of a text and the map back to it.
#[derive(Debug, Clone, Default)]
pub struct Shadow {
    text: String,
    leet: String,
    /// `map[i]` = source byte offset of the char that produced shadow byte `i`; one extra entry
    /// holds the source length.
    map: Vec<u32>,
    /// Obfuscation seen.
    pub obfuscation: Obfuscation,
    /// True if the source contains Vietnamese diacritics (precomposed or combining).
    pub has_diacritics: bool,
    /// True if the source has at least one letter.
    pub has_letters: bool,
}

#[inline]
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            | '\u{ad}'
            | '\u{180e}'
            | '\u{34f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{3164}'
    )
}

/// Cyrillic, Greek and Armenian letters seen in scams whose Latin look-alike is the UTS #39
/// skeleton (`unicode-security`): each one's skeleton is a single Latin letter, lower-cased here.
const SKELETON_LOOKALIKES: &str = "аАαΑВΒсСϲϹԁеЕΕһНΗіιјЈКΚМΜΝоОοΟσрРρΡԛгѕЅТΤυսνѵԝхХΧуУγΥᴢΖ";

/// Look-alikes the skeleton does not map to a plain Latin letter, with the letter a reader of
/// Vietnamese sees: the skeleton keeps the diaeresis of `ё`, `Ё`, `ї`, reads `Ι` and `І` as
/// `l` (scams use them for `i`), and maps the rest to other non-ASCII letters (`в` → `ʙ`,
/// `к` → `ĸ`, `м` → `ʍ`, `т` → `ᴛ`, `п` → `π`, `β` → `ß`, `ε` → `ꞓ`, `η` → `n̩`, `χ`, `ω`).
const HAND_LOOKALIKES: &[(char, char)] = &[
    ('Ι', 'i'),
    ('І', 'i'),
    ('ї', 'i'),
    ('ё', 'e'),
    ('Ё', 'e'),
    ('ε', 'e'),
    ('β', 'b'),
    ('в', 'b'),
    ('η', 'n'),
    ('п', 'n'),
    ('κ', 'k'),
    ('к', 'k'),
    ('м', 'm'),
    ('τ', 't'),
    ('т', 't'),
    ('χ', 'x'),
    ('ω', 'w'),
];

/// The look-alike table, sorted by letter, built once from the skeleton and the hand-kept
/// letters.
fn lookalikes() -> &'static [(char, char)] {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(char, char)> = SKELETON_LOOKALIKES
            .chars()
            .filter_map(|letter| {
                let mut buf = [0u8; 4];
                let mut skeleton = unicode_security::skeleton(letter.encode_utf8(&mut buf));
                match (skeleton.next(), skeleton.next()) {
                    (Some(latin), None) if latin.is_ascii_alphabetic() => {
                        Some((letter, latin.to_ascii_lowercase()))
                    }
                    _ => None,
                }
            })
            .chain(HAND_LOOKALIKES.iter().copied())
            .collect();
        table.sort_unstable();
        table
    })
}

/// Maps a Cyrillic or Greek letter that looks like a Latin one to that Latin letter
/// (lower-case): the letters seen in scams, through the UTS #39 skeleton where it gives a
/// Latin letter and [`HAND_LOOKALIKES`] where it does not.
#[inline]
pub fn confusable_to_latin(c: char) -> Option<char> {
    // Greek, Cyrillic, Armenian and the small capitals: every other character is out at once.
    if !matches!(c, '\u{370}'..='\u{58f}' | '\u{1d00}'..='\u{1d7f}') {
        return None;
    }
    let table = lookalikes();
    table.binary_search_by_key(&c, |&(letter, _)| letter).ok().map(|at| table[at].1)
}

#[inline]
fn leet_char(b: u8) -> Option<u8> {
    Some(match b {
        b'4' | b'@' => b'a',
        b'1' | b'!' | b'|' => b'i',
        b'0' => b'o',
        b'3' => b'e',
        b'5' | b'$' => b's',
        b'7' => b't',
        _ => return None,
    })
}

struct Builder {
    text: String,
    map: Vec<u32>,
}

impl Builder {
    fn with_capacity(n: usize) -> Self {
        Builder { text: String::with_capacity(n), map: Vec::with_capacity(n + 1) }
    }
    #[inline]
    fn push(&mut self, c: char, src: usize) {
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.map.push(src as u32);
        }
    }
    #[inline]
    fn push_ascii(&mut self, c: u8, src: usize) {
        debug_assert!(c.is_ascii());
        self.text.push(c as char);
        self.map.push(src as u32);
    }
    #[inline]
    fn last_is_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with(' ')
    }
}

impl Shadow {
    /// Builds the shadow copies of `src`.
    pub fn new(src: &str) -> Shadow {
        let mut sh = Shadow::default();
        let stage1 = sh.stage1(src);
        let stage2 = sh.stage2(stage1);
        sh.text = stage2.text;
        sh.map = stage2.map;
        sh.map.push(src.len() as u32);
        sh.leet = sh.fold_leet();
        sh
    }

    /// Per-character folding: invisible removal, NFKC, confusables, case, diacritics,
    /// whitespace collapsing.
    fn stage1(&mut self, src: &str) -> Builder {
        let mut b = Builder::with_capacity(src.len());
        let mut prev_latin = false;
        for (o, c) in src.char_indices() {
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    self.has_letters = true;
                    b.push_ascii(c.to_ascii_lowercase() as u8, o);
                    prev_latin = true;
                } else if c.is_ascii_whitespace() || c.is_ascii_control() {
                    if !b.last_is_space() {
                        b.push_ascii(b' ', o);
                    }
                    prev_latin = false;
                } else {
                    b.push_ascii(c as u8, o);
                    prev_latin = c.is_ascii_digit() && prev_latin;
                }
                continue;
            }
            if invisible(c) {
                self.obfuscation.invisible.get_or_insert(o);
                continue;
            }
            if c.is_whitespace() {
                if !b.last_is_space() {
                    b.push(' ', o);
                }
                prev_latin = false;
                continue;
            }
            if is_combining_mark(c) {
                self.has_diacritics = true;
                continue;
            }
            let f = fold_char(c);
            if f == '\0' {
                continue;
            }
            if f.is_ascii() {
                if f.is_ascii_alphabetic() {
                    self.has_letters = true;
                    self.has_diacritics = true;
                    prev_latin = true;
                }
                b.push(f, o);
                continue;
            }
            if let Some(l) = confusable_to_latin(c) {
                // Only a look-alike inside (or right after) a Latin word counts as a trick; a
                // whole Russian word is just Russian, but it folds the same way for matching.
                let next_latin =
                    src[o + c.len_utf8()..].chars().next().is_some_and(|n| n.is_ascii_alphabetic());
                if prev_latin || next_latin {
                    self.obfuscation.confusable.get_or_insert(o);
                }
                self.has_letters = true;
                b.push(l, o);
                prev_latin = true;
                continue;
            }
            // Compatibility decomposition: mathematical letters, full-width forms, ligatures.
            let mut pushed = false;
            let mut all_ascii = true;
            let mut tmp = [char::default(); 8];
            let mut n = 0;
            decompose_compatible(c, |d| {
                if n < tmp.len() {
                    tmp[n] = d;
                    n += 1;
                }
            });
            for &d in &tmp[..n] {
                let fd = fold_char(d);
                if fd != '\0' && !fd.is_ascii() {
                    all_ascii = false;
                }
            }
            if all_ascii && n > 0 && !(n == 1 && tmp[0] == c) {
                let cp = c as u32;
                if (0x1d400..=0x1d7ff).contains(&cp) {
                    self.obfuscation.math_letters.get_or_insert(o);
                } else if (0xff01..=0xff5e).contains(&cp) && tmp[0].is_ascii_alphabetic() {
                    self.obfuscation.full_width.get_or_insert(o);
                }
                for &d in &tmp[..n] {
                    let fd = fold_char(d);
                    if fd == '\0' {
                        continue;
                    }
                    if fd.is_ascii_alphabetic() {
                        self.has_letters = true;
                        prev_latin = true;
                    }
                    if fd == ' ' && b.last_is_space() {
                        continue;
                    }
                    b.push(fd, o);
                    pushed = true;
                }
            }
            if !pushed {
                b.push(f, o);
                prev_latin = false;
            }
        }
        b
    }

    /// Rewrites that change token structure: re-fanging links and joining spaced letters.
    fn stage2(&mut self, s1: Builder) -> Builder {
        let t = s1.text.as_bytes();
        let n = t.len();
        let mut b = Builder::with_capacity(n);
        let mut i = 0;
        while i < n {
            let c = t[i];
            // Defanged scheme: hxxp, hxxps, h**p.
            if (c == b'h') && i + 4 <= n && (&t[i..i + 4] == b"hxxp" || &t[i..i + 4] == b"h**p") {
                let prev_ok = i == 0 || !t[i - 1].is_ascii_alphanumeric();
                if prev_ok {
                    self.obfuscation.defanged.get_or_insert(s1.map[i] as usize);
                    for (k, ch) in "http".chars().enumerate() {
                        b.push(ch, s1.map[i + k] as usize);
                    }
                    i += 4;
                    continue;
                }
            }
            // Bracketed dot: [.] (.) {.} [dot] (dot)
            if matches!(c, b'[' | b'(' | b'{') {
                let rest = &t[i..];
                let mut len = 0;
                for pat in
                    [&b"[.]"[..], b"(.)", b"{.}", b"[dot]", b"(dot)", b"{dot}", b"[ . ]", b"( . )"]
                {
                    if rest.starts_with(pat) {
                        len = pat.len();
                        break;
                    }
                }
                if len > 0 {
                    self.obfuscation.defanged.get_or_insert(s1.map[i] as usize);
                    // Drop a space directly before the marker too.
                    if b.text.ends_with(' ') {
                        b.text.pop();
                        b.map.pop();
                    }
                    b.push('.', s1.map[i] as usize);
                    i += len;
                    if i < n && t[i] == b' ' {
                        i += 1;
                    }
                    continue;
                }
                if rest.starts_with(b"[:]") {
                    b.push(':', s1.map[i] as usize);
                    i += 3;
                    continue;
                }
            }
            // " . com" / " dot com": a spaced dot before a common TLD (`spaced_dot_tlds` of
            // `data/words.toml`).
            if c == b' ' && i > 0 && t[i - 1].is_ascii_alphanumeric() {
                let rest = &t[i + 1..];
                let skip = if rest.starts_with(b". ") {
                    Some(3)
                } else if rest.starts_with(b"dot ") {
                    Some(5)
                } else {
                    None
                };
                if let Some(skip) = skip
                    && let Some(after) = t.get(i + skip..)
                    && let Some(tld) = crate::words::words()
                        .spaced_dot_tlds
                        .words
                        .iter()
                        .find(|tld| after.starts_with(tld.as_bytes()))
                    && after.get(tld.len()).is_none_or(|x| !x.is_ascii_alphanumeric())
                {
                    self.obfuscation.defanged.get_or_insert(s1.map[i] as usize);
                    b.push('.', s1.map[i + 1] as usize);
                    i += skip;
                    continue;
                }
            }
            // Spaced or dotted single letters: "c.h.u.y.e.n", "t i e n".
            if c.is_ascii_alphabetic()
                && (i == 0 || !t[i - 1].is_ascii_alphanumeric())
                && let Some((end, sep, count)) = spaced_run(t, i)
                && count >= 4
            {
                self.obfuscation.spaced_letters.get_or_insert(s1.map[i] as usize);
                let mut k = i;
                while k < end {
                    let ch = t[k];
                    if ch.is_ascii_alphanumeric() {
                        b.push(ch as char, s1.map[k] as usize);
                    } else if ch != sep && !b.last_is_space() {
                        b.push(' ', s1.map[k] as usize);
                    }
                    k += 1;
                }
                i = end;
                continue;
            }
            // Copy one (possibly multi-byte) char.
            if c < 0x80 {
                b.push_ascii(c, s1.map[i] as usize);
                i += 1;
                continue;
            }
            let ch_len = utf8_len(c);
            let end = (i + ch_len).min(n);
            let piece = &s1.text[i..end];
            let before = b.text.len();
            b.text.push_str(piece);
            for k in 0..(b.text.len() - before) {
                b.map.push(s1.map[i + k]);
            }
            i = end;
        }
        // Trim a trailing space.
        if b.text.ends_with(' ') {
            b.text.pop();
            b.map.pop();
        }
        b
    }

    /// Leetspeak fold over tokens that mix letters with digits or symbols. Tokens that look like
    /// quantities or codes (`17h`, `500k`, `4g`, `a05`, `nq116`) are left alone.
    fn fold_leet(&mut self) -> String {
        let t = self.text.as_bytes();
        // Nothing to fold without a digit or a leet symbol: share nothing, copy once.
        if !t.iter().any(|b| b.is_ascii_digit() || matches!(b, b'@' | b'$' | b'!' | b'|')) {
            return String::new();
        }
        let mut out = self.text.clone().into_bytes();
        let n = t.len();
        let is_tok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'$' | b'!' | b'|');
        let mut i = 0;
        while i < n {
            if !is_tok(t[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < n && is_tok(t[i]) {
                i += 1;
            }
            let tok = &t[s..i];
            // An e-mail address ("tuyendung@abc.vn") is not leetspeak.
            if tok.contains(&b'@') && t.get(i) == Some(&b'.') {
                continue;
            }
            let letters = tok.iter().filter(|b| b.is_ascii_alphabetic()).count();
            if letters < 2 || letters == tok.len() {
                continue;
            }
            // Quantity: digits then a short unit (17h, 500k, 2tr, 30phut); code: letters then digits.
            let lead_digits = tok.iter().take_while(|b| b.is_ascii_digit()).count();
            let lead_letters = tok.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            if lead_digits > 0 && tok[lead_digits..].iter().all(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            if lead_letters > 0 && tok[lead_letters..].iter().all(|b| b.is_ascii_digit()) {
                // Codes such as "a05" or "nq116" stay; a single trailing digit after two or
                // more letters is leetspeak ("thu3", "kh0").
                let tail = &tok[lead_letters..];
                if tail.len() != 1 || lead_letters < 2 {
                    continue;
                }
            }
            let mut changed = false;
            for k in s..i {
                let Some(l) = leet_char(t[k]) else { continue };
                let left = k > s && t[k - 1].is_ascii_alphabetic();
                let right = k + 1 < i && t[k + 1].is_ascii_alphabetic();
                let ok = if t[k].is_ascii_digit() { left || right } else { left && right };
                if ok {
                    out[k] = l;
                    changed = true;
                }
            }
            if changed {
                self.obfuscation.leetspeak.get_or_insert(self.map[s] as usize);
            }
        }
        // Only ASCII bytes were replaced by ASCII bytes, so this is still UTF-8.
        String::from_utf8(out).unwrap_or_else(|_| self.text.clone())
    }

    /// The folded shadow text (no leetspeak folding).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The folded shadow with leetspeak folded; same length and offsets as [`Shadow::text`].
    pub fn leet(&self) -> &str {
        if self.leet.is_empty() { &self.text } else { &self.leet }
    }

    /// Source byte offset of shadow byte `i` (`i` may equal the shadow length).
    pub fn to_source(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)] as usize
    }

    /// Source byte range `[start, end)` for the shadow range `[start, end)`; the end is extended
    /// to the end of the source char that produced the last shadow byte.
    pub fn source_range(&self, start: usize, end: usize, src: &str) -> (usize, usize) {
        let s = self.to_source(start);
        if end <= start {
            return (s, s);
        }
        let last = self.to_source(end - 1);
        let e = last + src.get(last..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
        (s, e.max(s))
    }
}

#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Finds a run of single letters separated by one repeated separator, starting at `i`.
/// Returns (end, main separator, letter count).
fn spaced_run(t: &[u8], i: usize) -> Option<(usize, u8, usize)> {
    let n = t.len();
    let is_sep = |b: u8| matches!(b, b' ' | b'.' | b'-' | b'_' | b'*' | b'/');
    let mut k = i;
    let mut count = 0;
    let mut seps = [0usize; 6];
    let sep_idx = |b: u8| match b {
        b' ' => 0,
        b'.' => 1,
        b'-' => 2,
        b'_' => 3,
        b'*' => 4,
        _ => 5,
    };
    let mut end = i;
    loop {
        if k >= n || !t[k].is_ascii_alphabetic() {
            break;
        }
        // Single letter: next is a separator or end.
        if k + 1 < n && t[k + 1].is_ascii_alphanumeric() {
            break;
        }
        count += 1;
        end = k + 1;
        if k + 2 < n && is_sep(t[k + 1]) && t[k + 2].is_ascii_alphabetic() {
            seps[sep_idx(t[k + 1])] += 1;
            k += 2;
        } else if k + 3 < n
            && is_sep(t[k + 1])
            && t[k + 2] == b' '
            && t[k + 3].is_ascii_alphabetic()
            && t[k + 1] != b' '
        {
            // "c.h.u.y.e.n. k.h.o.a.n": a word break after a dot.
            seps[sep_idx(t[k + 1])] += 1;
            k += 3;
        } else {
            break;
        }
    }
    if count < 2 {
        return None;
    }
    let main = (0..6).max_by_key(|&j| seps[j]).unwrap_or(0);
    let sep = [b' ', b'.', b'-', b'_', b'*', b'/'][main];
    Some((end, sep, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_accents_and_case() {
        let s = Shadow::new("Tài Khoản của BẠN đã bị KHÓA");
        assert_eq!(s.text(), "tai khoan cua ban da bi khoa");
        assert!(s.has_diacritics);
    }

    #[test]
    fn folds_leetspeak() {
        let s = Shadow::new("B4n da zu d!eu k1en nh4n t1en ho tr0");
        assert_eq!(s.leet(), "ban da zu dieu kien nhan tien ho tro");
        assert!(s.obfuscation.leetspeak.is_some());
        // Quantities and codes survive.
        let s = Shadow::new("gui CV qua tuyendung@abc.vn");
        assert!(s.obfuscation.leetspeak.is_none());
        let s = Shadow::new("truoc 17h nhan 500k tai Cuc A05, goi 4g");
        assert_eq!(s.leet(), "truoc 17h nhan 500k tai cuc a05, goi 4g");
        assert!(s.obfuscation.leetspeak.is_none());
    }

    #[test]
    fn folds_math_letters_and_invisible() {
        let s = Shadow::new("𝐓𝐚̀𝐢 𝐤𝐡𝐨𝐚̉𝐧 b\u{200b}ị khóa");
        assert_eq!(s.text(), "tai khoan bi khoa");
        assert!(s.obfuscation.math_letters.is_some());
        assert!(s.obfuscation.invisible.is_some());
    }

    /// The look-alike table: every letter of the skeleton's part is mapped (the skeleton gives
    /// it a Latin letter), and the table as a whole is the one the shadow text was tuned on.
    #[test]
    fn lookalike_table() {
        assert_eq!(lookalikes().len(), SKELETON_LOOKALIKES.chars().count() + HAND_LOOKALIKES.len());
        let expected = [
            ("аАαΑ", 'a'),
            ("вВβΒ", 'b'),
            ("сСϲϹ", 'c'),
            ("ԁ", 'd'),
            ("еЕёЁεΕ", 'e'),
            ("һНΗ", 'h'),
            ("іІιΙї", 'i'),
            ("јЈ", 'j'),
            ("кКκΚ", 'k'),
            ("мМΜ", 'm'),
            ("пηΝ", 'n'),
            ("оОοΟσ", 'o'),
            ("рРρΡ", 'p'),
            ("ԛ", 'q'),
            ("г", 'r'),
            ("ѕЅ", 's'),
            ("тТτΤ", 't'),
            ("υս", 'u'),
            ("νѵ", 'v'),
            ("ԝω", 'w'),
            ("хХχΧ", 'x'),
            ("уУγΥ", 'y'),
            ("ᴢΖ", 'z'),
        ];
        let mut count = 0;
        for (letters, latin) in expected {
            for letter in letters.chars() {
                assert_eq!(confusable_to_latin(letter), Some(latin), "{letter}");
                count += 1;
            }
        }
        assert_eq!(count, lookalikes().len());
        for other in ['ш', 'Ь', 'я', 'λ', 'a', 'ạ', '中'] {
            assert_eq!(confusable_to_latin(other), None, "{other}");
        }
    }

    #[test]
    fn folds_confusables() {
        // Cyrillic а and о inside Latin words.
        let s = Shadow::new("vietcombаnk.cоm");
        assert_eq!(s.text(), "vietcombank.com");
        assert!(s.obfuscation.confusable.is_some());
    }

    #[test]
    fn joins_spaced_letters_and_refangs() {
        let s = Shadow::new("c.h.u.y.ể.n k.h.o.ả.n ngay tại hxxps://vcb-xacthuc[.]com");
        assert_eq!(s.text(), "chuyen khoan ngay tai https://vcb-xacthuc.com");
        assert!(s.obfuscation.spaced_letters.is_some());
        assert!(s.obfuscation.defanged.is_some());
        let s = Shadow::new("vao vcb-xacthuc . com de nhan");
        assert_eq!(s.text(), "vao vcb-xacthuc.com de nhan");
    }

    #[test]
    fn offsets_point_into_source() {
        let src = "Ｃông  an: 𝐓𝐚̀𝐢";
        let s = Shadow::new(src);
        let i = s.text().find("tai").unwrap();
        let (a, b) = s.source_range(i, i + 3, src);
        assert_eq!(&src[a..b], "𝐓𝐚̀𝐢");
    }

    proptest! {
        #[test]
        fn source_ranges_are_char_boundaries(src in "\\PC{0,40}") {
            let s = Shadow::new(&src);
            prop_assert_eq!(s.text().len(), s.leet().len());
            for i in 0..=s.text().len() {
                let o = s.to_source(i);
                prop_assert!(src.is_char_boundary(o));
            }
            let n = s.text().len();
            for st in 0..n {
                let (a, b) = s.source_range(st, n, &src);
                prop_assert!(a <= b && b <= src.len());
                prop_assert!(src.is_char_boundary(a) && src.is_char_boundary(b));
            }
        }
    }
}
