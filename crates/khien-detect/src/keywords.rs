//! Context keywords: a multi-pattern automaton over accent-folded text, so that `Số CCCD`,
//! `so cccd` and `SỐ CCCD` all match, with explicit ASCII word-boundary checks.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::Kind;

/// How much a keyword counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Raises confidence on its own.
    Strong,
    /// Adds to other evidence.
    Weak,
    /// Lowers the personal-data label (order numbers, organisations, hotlines).
    Negative,
}

/// One keyword row of a data file.
#[derive(Debug, Clone, Deserialize)]
pub struct KeywordRow {
    /// Kind the keyword points to.
    pub kind: String,
    /// The keyword as written, with diacritics.
    pub text: String,
    /// Strong, weak or negative.
    pub role: Role,
    /// A short abbreviation: its first letter must be upper-case in the text.
    #[serde(default)]
    pub token: bool,
    /// Must be followed by `:` or a digit (key:value form only).
    #[serde(default)]
    pub key_value_only: bool,
    /// Match case-sensitively (e.g. `TIN`).
    #[serde(default)]
    pub case: bool,
}

#[derive(Deserialize)]
struct KeywordFile {
    keyword: Vec<KeywordRow>,
}

/// A keyword meaning: which kind, which role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    /// The kind it points to.
    pub kind: Kind,
    /// Its role.
    pub role: Role,
}

/// A catalogued keyword.
#[derive(Debug, Clone)]
pub struct Pattern {
    display: String,
    meanings: Vec<Meaning>,
    token: bool,
    key_value_only: bool,
    case: bool,
}

/// A keyword occurrence in a text. Small (three words), since a context keeps several for
/// every candidate.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'k> {
    /// Byte offset in the searched text where the keyword starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    keyword: &'k Pattern,
}

impl<'k> Hit<'k> {
    /// The keyword as catalogued (for explanations).
    pub fn display(&self) -> &'k str {
        &self.keyword.display
    }

    /// What it means.
    pub fn meanings(&self) -> &'k [Meaning] {
        &self.keyword.meanings
    }
}

/// An automaton over accent-folded keywords.
#[derive(Debug, Clone)]
pub struct KeywordIndex {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Bytes of the longest keyword as it may stand in a text (folded length × 3: a folded
    /// character comes from at most three bytes of NFC text; others fold to themselves).
    longest: usize,
}

/// Errors building a keyword index from data.
#[derive(Debug, thiserror::Error)]
pub enum KeywordError {
    /// The TOML did not parse.
    #[error("keyword file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// A row names a kind that does not exist.
    #[error("keyword “{text}” names unknown kind “{kind}”")]
    UnknownKind {
        /// The keyword.
        text: String,
        /// The bad kind code.
        kind: String,
    },
    /// The automaton could not be built.
    #[error("keyword automaton: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

impl KeywordIndex {
    /// Builds an index from a TOML file of `[[keyword]]` rows.
    pub fn from_toml(src: &str) -> Result<KeywordIndex, KeywordError> {
        let file: KeywordFile = toml::from_str(src)?;
        KeywordIndex::from_rows(&file.keyword)
    }

    /// Builds an index from rows.
    pub fn from_rows(rows: &[KeywordRow]) -> Result<KeywordIndex, KeywordError> {
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut folded_list: Vec<String> = Vec::new();
        for row in rows {
            let kind = Kind::from_code(&row.kind).ok_or_else(|| KeywordError::UnknownKind {
                text: row.text.clone(),
                kind: row.kind.clone(),
            })?;
            let folded = khien_text::fold(&row.text);
            let meaning = Meaning { kind, role: row.role };
            match by_folded.get(&folded) {
                Some(&i) => {
                    let p = &mut patterns[i];
                    if !p.meanings.contains(&meaning) {
                        p.meanings.push(meaning);
                    }
                    // The strictest form wins: a short token stays a token.
                    p.token |= row.token;
                    p.key_value_only &= row.key_value_only;
                }
                None => {
                    by_folded.insert(folded.clone(), patterns.len());
                    folded_list.push(folded);
                    patterns.push(Pattern {
                        display: row.text.clone(),
                        meanings: vec![meaning],
                        token: row.token,
                        key_value_only: row.key_value_only,
                        case: row.case,
                    });
                }
            }
        }
        // Overlapping search: a shorter keyword that fails its boundary check ("số CM" inside
        // "số CMND") must not hide a longer or later one; containment is resolved after.
        // A full DFA: a few hundred short patterns make a small automaton, and lines are searched
        // often enough that the faster search pays for the build.
        let longest = folded_list.iter().map(|f| f.len() * 3).max().unwrap_or(0);
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&folded_list)?;
        Ok(KeywordIndex { ac, patterns, longest })
    }

    /// Bytes of the longest keyword as it may stand in a text: a search that starts this far
    /// before a position sees every keyword that reaches past it.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Rebuilds a hit from a pattern index and a span (for callers that cache hits).
    pub fn hit(&self, pattern: usize, start: usize, end: usize) -> Hit<'_> {
        Hit { start, end, keyword: &self.patterns[pattern] }
    }

    /// Finds keywords in `src` (any form: accented, unaccented, upper or lower case). `folded`
    /// is a scratch buffer. Hits carry offsets into `src`, in order of position.
    pub fn find<'k>(
        &'k self,
        src: &str,
        folded: &mut khien_text::Folded,
        out: &mut impl Extend<Hit<'k>>,
    ) {
        let mut spans = Spans::new();
        self.find_spans(src, folded, &mut spans);
        out.extend(spans.iter().map(|&(s, e, p)| self.hit(p, s, e)));
    }

    /// [`KeywordIndex::find_spans`] over `text[range]`, with offsets into `text`.
    pub fn find_spans_in(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
        folded: &mut khien_text::Folded,
        out: &mut Spans,
    ) {
        let (base, first) = (range.start, out.len());
        self.find_spans(&text[range], folded, out);
        for h in &mut out[first..] {
            h.0 += base;
            h.1 += base;
        }
    }

    /// [`KeywordIndex::find`] as `(start, end, pattern)` triples appended to `out`, for callers
    /// that cache hits without borrowing the index.
    pub fn find_spans(&self, src: &str, folded: &mut khien_text::Folded, out: &mut Spans) {
        // Every keyword has a letter, and folding only turns letters into ASCII letters: a text
        // without one (a number, a date, a code: many cells of a record file) holds none and is
        // neither folded nor searched. `folded` is then left as it was.
        if !src.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
            return;
        }
        folded.reset(src);
        let ft = folded.text();
        let fb = ft.as_bytes();
        let first = out.len();
        for m in self.ac.find_overlapping_iter(ft) {
            let (fs, fe) = (m.start(), m.end());
            // ASCII word boundaries on the folded text: letters and digits may not touch the
            // keyword from the left; letters may not touch it from the right (a digit may:
            // "SĐT0912…", "CCCD:…").
            if fs > 0 && is_alnum_folded(fb[fs - 1]) {
                continue;
            }
            if fe < fb.len() && is_letter_folded(fb[fe]) {
                continue;
            }
            let p = &self.patterns[m.pattern().as_usize()];
            let (s, e) = folded.source_range(fs, fe, src);
            let original = &src[s..e];
            if p.case && original != p.display {
                continue;
            }
            if p.token && !original.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            if p.key_value_only {
                let rest = src[e..].trim_start_matches([' ', '\t']);
                let ok =
                    rest.starts_with([':', '=']) || rest.starts_with(|c: char| c.is_ascii_digit());
                if !ok {
                    continue;
                }
            }
            out.push((s, e, m.pattern().as_usize()));
        }
        // Keep the longest of nested hits ("số điện thoại" over "điện thoại").
        let mut i = first;
        while i < out.len() {
            let (s, e, _) = out[i];
            let nested = out[first..].iter().any(|o| o.0 <= s && o.1 >= e && (o.1 - o.0) > (e - s));
            if nested {
                out.remove(i);
            } else {
                i += 1;
            }
        }
        out[first..].sort_by_key(|h| (h.0, h.1));
    }
}

/// Keyword hits as `(start, end, pattern)`: a line rarely holds more than a handful.
///
/// A `Vec`, not a small vector held inline: the engine keeps three of them in the context cache
/// it moves in and out of a thread-local per call, and sixteen inline spans each made that a
/// 1.3 KB copy per spreadsheet cell (a tenth of the time on dense records).
pub type Spans = Vec<(usize, usize, usize)>;

#[inline]
fn is_alnum_folded(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[inline]
fn is_letter_folded(b: u8) -> bool {
    b.is_ascii_alphabetic() || b >= 0x80
}

/// The built-in index of structured-identifier keywords (`data/keywords.toml`).
pub fn structured_keywords() -> &'static KeywordIndex {
    static IDX: std::sync::OnceLock<KeywordIndex> = std::sync::OnceLock::new();
    IDX.get_or_init(|| {
        KeywordIndex::from_toml(include_str!("../data/keywords.toml"))
            .expect("data/keywords.toml is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_in(text: &str) -> Vec<(String, Kind, Role)> {
        let mut f = khien_text::Folded::default();
        let mut hits = Vec::new();
        structured_keywords().find(text, &mut f, &mut hits);
        hits.iter()
            .flat_map(|h| {
                h.meanings().iter().map(move |m| (text[h.start..h.end].to_string(), m.kind, m.role))
            })
            .collect()
    }

    #[test]
    fn matches_accented_unaccented_and_glued() {
        assert!(
            kinds_in("Số CCCD: 1")
                .iter()
                .any(|(_, k, r)| *k == Kind::NationalId && *r == Role::Strong)
        );
        assert!(
            kinds_in("so can cuoc cong dan")
                .iter()
                .any(|(s, k, _)| *k == Kind::NationalId && s == "can cuoc cong dan")
        );
        assert!(kinds_in("SĐT0912345678").iter().any(|(s, k, _)| *k == Kind::Phone && s == "SĐT"));
        assert!(kinds_in("MẬT KHẨU: x").iter().any(|(_, k, _)| *k == Kind::Credential));
    }

    #[test]
    fn every_keyword_has_a_letter() {
        // `find_spans` skips texts without a letter: a keyword made of digits or signs alone
        // would never be found.
        for p in &structured_keywords().patterns {
            assert!(p.display.chars().any(char::is_alphabetic), "keyword “{}”", p.display);
        }
        assert!(kinds_in("0912345678 01/02/1990 #12-34").is_empty());
    }

    #[test]
    fn short_tokens_need_case_and_boundaries() {
        // "dt" inside a word, or lower-case "mk" in prose, is not a keyword.
        assert!(kinds_in("phát triển bdt").is_empty());
        assert!(!kinds_in("mk đi chơi").iter().any(|(_, k, _)| *k == Kind::Credential));
        assert!(kinds_in("MK: abc").iter().any(|(_, k, _)| *k == Kind::Credential));
    }
}
