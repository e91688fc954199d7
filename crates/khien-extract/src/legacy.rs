//! Legacy Vietnamese font encodings: TCVN3 ("ABC", `.VnTime`) and VNI-Windows (`VNI-Times`).
//!
//! Old government documents typed with these fonts store Vietnamese letters as Latin-1 bytes,
//! so a reader that does not know the font sees mojibake (`Hép møt tÕt` for `Hộp mứt tết`) and
//! every keyword and name is missed. This module detects such text (in raw bytes, or in Unicode
//! text whose characters U+0080–U+00FF stand for the bytes, as office files give it) and
//! converts it both ways. The tables are data files (`data/tcvn3.tsv`, `data/vni.tsv`) whose
//! headers cite their source; no GPL code is used.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

/// A legacy font encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Legacy {
    /// TCVN 5712:1993 VN3 ("ABC").
    Tcvn3,
    /// VNI-Windows.
    Vni,
}

struct Table {
    /// Legacy code sequence (as chars U+0000–U+00FF) → letter; sequences of 1 or 2.
    decode: HashMap<(char, Option<char>), char>,
    /// Letter → legacy sequence.
    encode: HashMap<char, Vec<char>>,
}

fn parse(data: &str) -> Table {
    let mut decode = HashMap::new();
    let mut encode = HashMap::new();
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let Some((letter, codes)) = line.split_once('\t') else { continue };
        let Some(letter) = letter.chars().next() else { continue };
        let codes: Vec<char> = codes
            .split(' ')
            .filter_map(|h| u8::from_str_radix(h.trim(), 16).ok())
            .map(char::from)
            .collect();
        match codes.as_slice() {
            [a] => {
                decode.insert((*a, None), letter);
            }
            [a, b] => {
                decode.insert((*a, Some(*b)), letter);
            }
            _ => continue,
        }
        encode.insert(letter, codes);
    }
    Table { decode, encode }
}

fn table(l: Legacy) -> &'static Table {
    static TCVN3: OnceLock<Table> = OnceLock::new();
    static VNI: OnceLock<Table> = OnceLock::new();
    match l {
        Legacy::Tcvn3 => TCVN3.get_or_init(|| parse(include_str!("../data/tcvn3.tsv"))),
        Legacy::Vni => VNI.get_or_init(|| parse(include_str!("../data/vni.tsv"))),
    }
}

impl Legacy {
    /// `tcvn3` or `vni`.
    pub fn code(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
        }
    }

    /// Converts legacy text (bytes shown as U+0000–U+00FF characters) to Unicode. Characters
    /// above U+00FF pass through.
    pub fn decode_str(self, s: &str) -> String {
        let t = table(self);
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len() + s.len() / 4);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if let Some(&n) = chars.get(i + 1)
                && let Some(&v) = t.decode.get(&(c, Some(n)))
            {
                out.push(v);
                i += 2;
                continue;
            }
            match t.decode.get(&(c, None)) {
                Some(&v) => out.push(v),
                None => out.push(c),
            }
            i += 1;
        }
        out
    }

    /// Converts legacy bytes to Unicode (bytes not in the table are read as Latin-1).
    pub fn decode_bytes(self, b: &[u8]) -> String {
        let s: String = b.iter().map(|&x| char::from(x)).collect();
        self.decode_str(&s)
    }

    /// Converts Unicode to legacy text (bytes as U+0000–U+00FF characters). Letters without a
    /// code (capitals with tones in TCVN3) use their lower-case code, as the all-caps fonts do;
    /// other characters pass through.
    pub fn encode_str(self, s: &str) -> String {
        let t = table(self);
        let s: String = unicode_normalization::UnicodeNormalization::nfc(s).collect();
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if let Some(seq) = t.encode.get(&c) {
                out.extend(seq.iter());
            } else if let Some(seq) =
                c.to_lowercase().next().and_then(|l| if l != c { t.encode.get(&l) } else { None })
            {
                out.extend(seq.iter());
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Converts Unicode to legacy bytes; `None` if a character has no single-byte form.
    pub fn encode_bytes(self, s: &str) -> Option<Vec<u8>> {
        self.encode_str(s).chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
    }
}

fn is_genuine_vietnamese(c: char) -> bool {
    matches!(
        c,
        '\u{102}'
            | '\u{103}'
            | '\u{110}'
            | '\u{111}'
            | '\u{128}'
            | '\u{129}'
            | '\u{168}'
            | '\u{169}'
            | '\u{1A0}'
            | '\u{1A1}'
            | '\u{1AF}'
            | '\u{1B0}'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

const VNI_TONE: &str = "ùøûõïÙØÛÕÏ";
const VNI_HAT: &str = "âáàåãäÂÁÀÅÃÄ";
const VNI_BREVE: &str = "êéèúüëÊÉÈÚÜË";

/// Detects TCVN3 or VNI text in `s` (legacy bytes as U+0000–U+00FF characters). Returns
/// `None` for ordinary Unicode text, including French or German with accented letters.
pub fn detect(s: &str) -> Option<Legacy> {
    let mut genuine = 0usize;
    let mut tcvn = 0usize;
    let mut vni = 0usize;
    let mut prev = ' ';
    for c in s.chars() {
        if is_genuine_vietnamese(c) {
            genuine += 1;
            if genuine > 8 {
                return None;
            }
        }
        // TCVN3 letters in U+00A1–U+00BF are punctuation in Latin-1: inside a word they are a
        // strong sign (c¸c, hoµ, x·). A Latin-1 capital right after a lower-case ASCII letter
        // (ViÖt, nghÜa) is a weaker one.
        if ('\u{A1}'..='\u{BF}').contains(&c) && prev.is_ascii_alphabetic() {
            tcvn += 2;
        }
        if ('\u{C0}'..='\u{DE}').contains(&c) && prev.is_ascii_lowercase() {
            tcvn += 1;
        }
        let lp = prev.to_ascii_lowercase();
        if (matches!(lp, 'a' | 'e' | 'o' | 'u' | 'y' | 'ô' | 'ö') && VNI_TONE.contains(c))
            || (matches!(lp, 'a' | 'e' | 'o') && VNI_HAT.contains(c))
            || (lp == 'a' && VNI_BREVE.contains(c))
        {
            vni += 1;
        }
        prev = c;
    }
    if tcvn >= 4 && tcvn >= vni {
        Some(Legacy::Tcvn3)
    } else if vni >= 3 && vni > genuine * 2 {
        Some(Legacy::Vni)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_round_trip() {
        assert_eq!(Legacy::Tcvn3.decode_str("Hép møt tÕt"), "Hộp mứt tết");
        let s = "Céng hoµ x· héi chñ nghÜa ViÖt Nam";
        assert_eq!(detect(s), Some(Legacy::Tcvn3));
        let u = Legacy::Tcvn3.decode_str(s);
        assert_eq!(u, "Cộng hoà xã hội chủ nghĩa Việt Nam");
        assert_eq!(Legacy::Tcvn3.encode_str(&u), s);
    }

    #[test]
    fn vni_round_trip() {
        let s = "Nguyeãn Vaên Bình, Vieät Nam, ñöôøng Leâ Lôïi";
        assert_eq!(detect(s), Some(Legacy::Vni));
        let u = Legacy::Vni.decode_str(s);
        assert_eq!(u, "Nguyễn Văn Bình, Việt Nam, đường Lê Lợi");
        assert_eq!(Legacy::Vni.encode_str(&u), s);
    }

    #[test]
    fn unicode_and_french_are_not_legacy() {
        assert_eq!(detect("Cộng hoà xã hội chủ nghĩa Việt Nam, Nguyễn Văn Bình"), None);
        assert_eq!(detect("Le café où l'élève a préféré étudier à Noël"), None);
        assert_eq!(detect("Số CCCD 001090000001"), None);
    }
}
