//! Lexical detectors: person names, addresses, personal attributes and sensitive categories —
//! the personal data that has no fixed format.
//!
//! Three passes, each anchored on something rare so that prose is skipped quickly:
//!
//! 1. **Key:value pass** (anchored on `:`): the folded key before each colon is looked up in the
//!    table of field labels (`Họ và tên`, `Dân tộc`, `Tôn giáo`, `Địa chỉ`, `Chẩn đoán`…) and the
//!    value after it becomes a finding of that kind. A spreadsheet column header or JSON key
//!    ([`crate::FieldContext`]) works the same way for a whole cell.
//! 2. **Capitalised-run pass** (anchored on word-initial capitals): runs of capitalised syllables
//!    are names when they start with a surname, are shaped like Vietnamese names and are not
//!    preceded by a street, school or organisation word; after an address unit word (`phường`,
//!    `đường`, `Q.`) they anchor the address grammar instead. Initials (`N.V.A.`) count only after
//!    a person cue.
//! 3. **Prose pass**: one Aho–Corasick automaton over the NFC text (case variants, ASCII
//!    case-insensitive, so unaccented text matches too) for sensitive terms (diagnoses, criminal
//!    records, party membership, sexual orientation, biometrics, family relations…) and cue
//!    phrases that capture what follows (`chẩn đoán …`, `quốc tịch …`, `dân tộc …`).
//!
//! All offsets are into [`Doc::text`]; word boundaries are checked by hand on chars.

mod address;
mod attributes;
mod icd;
mod initials;
pub mod lexicon;
mod measure;
mod names;

use crate::engine::{Detector, Doc};
use crate::{Finding, Kind, Reason, ReasonCode};
use lexicon::Key;

/// The detector for names, addresses and personal attributes. Stateless: the lexicons are
/// shared statics parsed on first use.
#[derive(Debug, Default, Clone, Copy)]
pub struct LexicalDetector;

impl LexicalDetector {
    /// Builds the detector. The lexicons are parsed on first use; [`crate::Engine::new`] parses
    /// them up front when a kind of this module is wanted, so that the first text does not pay
    /// for it, and not at all when only structured kinds are (a tenth of a short scan's time).
    pub fn new() -> LexicalDetector {
        LexicalDetector
    }
}

/// Whether the lexical pass has work: a kind only it finds is wanted (dates of birth are
/// mostly the structured detector's).
pub(crate) fn wanted(enabled: impl Fn(Kind) -> bool) -> bool {
    LEXICAL_KINDS.iter().any(|&k| k != Kind::DateOfBirth && enabled(k))
}

/// Parses the lexicons now, if they are not yet.
pub(crate) fn load_lexicons() {
    let _ = lexicon::lexicon();
}

/// The kinds this module reports (`date_of_birth` only in the `SN: 1990` forms).
pub const LEXICAL_KINDS: &[Kind] = &[
    Kind::PersonName,
    Kind::Address,
    Kind::DateOfBirth,
    Kind::Gender,
    Kind::Nationality,
    Kind::MaritalStatus,
    Kind::FamilyRelation,
    Kind::Ethnicity,
    Kind::Religion,
    Kind::PoliticalView,
    Kind::Health,
    Kind::Biometric,
    Kind::SexualLife,
    Kind::CriminalRecord,
    Kind::PrivateLife,
];

/// The detectors of this module, as registered by default in [`crate::Engine::new`].
pub fn default_detectors() -> Vec<Box<dyn Detector>> {
    vec![Box::new(LexicalDetector::new())]
}

/// The score of what only a recall-first caller is given (below the report floor, above the
/// default redaction floor): a name-shaped run the report would leave out for want of evidence
/// (no cue and too few lexicon hits, a given name the lexicon does not know after "chị", a name
/// after a residents' group word that no address came of: "tổ Cao Văn Luyến").
pub(crate) const RECALL_ONLY: f32 = 0.25;

/// Ranges already claimed by an earlier pass. Add ranges, [`Claimed::seal`], then query.
#[derive(Default)]
pub(crate) struct Claimed {
    ranges: Vec<(usize, usize)>,
}

impl Claimed {
    /// Adds a range (call [`Claimed::seal`] before querying).
    pub(crate) fn add(&mut self, s: usize, e: usize) {
        self.ranges.push((s, e));
    }

    /// Sorts the ranges by start (once, after adding: inserting in order would be quadratic on
    /// long texts with many findings).
    pub(crate) fn seal(&mut self) {
        if !self.ranges.is_sorted() {
            self.ranges.sort_unstable();
        }
    }

    /// Whether `s..e` overlaps a claimed range (the ranges must be sealed).
    pub(crate) fn overlaps(&self, s: usize, e: usize) -> bool {
        let at = self.ranges.partition_point(|r| r.0 < e);
        self.ranges[..at].iter().rev().take(8).any(|r| r.1 > s)
    }
}

impl Detector for LexicalDetector {
    fn name(&self) -> &'static str {
        "lexical"
    }

    fn detect(&self, doc: &Doc<'_>, out: &mut Vec<Finding>) {
        if !wanted(|k| doc.enabled(k)) {
            return;
        }
        let lex = lexicon::lexicon();
        address::new_text();
        let mut claimed = Claimed::default();
        let before = out.len();
        attributes::field_value(doc, lex, out);
        attributes::header_cells(doc, lex, out);
        let mut labels = Claimed::default();
        attributes::key_values(doc, lex, &mut labels, out);
        for f in &out[before..] {
            claimed.add(f.start, f.end);
        }
        for &(s, e) in &labels.ranges {
            claimed.add(s, e);
        }
        claimed.seal();
        let mut starts = attributes::WordStarts::default();
        attributes::scan_words(lex, doc.text, &mut starts);
        let mid = out.len();
        names::capital_runs(doc, lex, &starts.caps, &claimed, out);
        initials::initials(doc, &claimed, out);
        names::lowercase_names(doc, lex, &claimed, out);
        names::list_neighbours(doc, lex, &claimed, out);
        names::later_mentions(doc, lex, &claimed, out);
        for f in &out[mid..] {
            claimed.add(f.start, f.end);
        }
        claimed.seal();
        attributes::table_cells(doc, lex, &claimed, out);
        attributes::prose(doc, lex, &starts.prose, &claimed, out);
        attributes::shorthand_birth_years(doc, lex, &claimed, out);
        icd::diagnosis_codes(doc, &claimed, out);
        // Drop kinds the caller did not ask for early (the engine filters again).
        let mut i = before;
        while i < out.len() {
            if doc.enabled(out[i].kind) {
                i += 1;
            } else {
                out.swap_remove(i);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers shared by the passes.

/// A char that belongs to a word: letters, digits and the apostrophe of `H'Mông`.
#[inline]
pub(crate) fn is_wc(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\'' => true,
        // Latin-1 letters, Latin Extended-A/B (ă đ ĩ ũ ơ ư) and Latin Extended Additional (ạ–ỹ).
        '\u{c0}'..='\u{24f}' => c != '\u{d7}' && c != '\u{f7}',
        '\u{1e00}'..='\u{1eff}' => true,
        '\u{2019}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphanumeric(),
    }
}

/// Whether a folded word is "Văn" or "Thị", the middle names that after a surname make a run a
/// person's name even when the surname is also a place word ("Hồ Văn Dũng", "Hà Thị Lan").
pub(crate) fn person_middle(folded: &str) -> bool {
    matches!(folded, "van" | "thi")
}

/// End of the word starting at `i`.
#[inline]
pub(crate) fn word_end(t: &str, i: usize) -> usize {
    let mut e = i;
    for c in t[i..].chars() {
        if !is_wc(c) {
            break;
        }
        e += c.len_utf8();
    }
    // A trailing apostrophe is punctuation.
    while e > i && t[..e].ends_with(['\'', '\u{2019}']) {
        e -= t[..e].chars().next_back().map_or(1, char::len_utf8);
    }
    e
}

/// Whether the char before `i` is a word char.
#[inline]
pub(crate) fn word_char_before(t: &str, i: usize) -> bool {
    khien_text::char_before(t, i).is_some_and(is_wc)
}

/// Whether the char at `i` is a word char.
#[inline]
pub(crate) fn word_char_at(t: &str, i: usize) -> bool {
    khien_text::char_at(t, i).is_some_and(is_wc)
}

/// Word spans before a position, nearest last (at most 8).
#[derive(Default, Clone, Copy)]
pub(crate) struct WordsBefore {
    buf: [(usize, usize); 8],
    len: usize,
}

impl std::ops::Deref for WordsBefore {
    type Target = [(usize, usize)];
    fn deref(&self) -> &[(usize, usize)] {
        &self.buf[..self.len]
    }
}

/// Up to `n` (at most 8) words before `pos` on the same line, nearest last, crossing only
/// single spaces (and the `.` or `/` inside abbreviations such as `BS.`, `Đ/c`, `TP.`). Each is
/// `(start, end)` without a trailing dot.
pub(crate) fn words_before(t: &str, pos: usize, n: usize) -> WordsBefore {
    let n = n.min(8);
    let mut v = WordsBefore::default();
    let b = t.as_bytes();
    let mut i = pos;
    while v.len < n {
        // Skip spaces, but not a column gap (two spaces or a tab).
        let gap_end = i;
        while i > 0 && matches!(b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        if gap_end - i > 1 || (gap_end > i && b[i] == b'\t') {
            break;
        }
        let mut e = i;
        // An abbreviation dot belongs to the word before it.
        if e > 0 && b[e - 1] == b'.' && word_char_before(t, e - 1) {
            e -= 1;
        }
        let mut s = e;
        while s > 0 {
            let Some(c) = khien_text::char_before(t, s) else { break };
            if is_wc(c) || (c == '/' && word_char_before(t, s - 1)) {
                s -= c.len_utf8();
            } else {
                break;
            }
        }
        if s == e {
            break;
        }
        v.buf[v.len] = (s, e);
        v.len += 1;
        i = s;
        // Stop unless separated from the previous word by spaces only.
        if i == 0 || !matches!(b[i - 1], b' ' | b'\t') {
            break;
        }
    }
    v.buf[..v.len].reverse();
    v
}

/// Folds `s` into `buf` (cleared first).
#[inline]
pub(crate) fn fold_to(s: &str, buf: &mut String) {
    buf.clear();
    khien_text::fold_into(s, buf);
}

/// The longest phrase of up to `n` words ending just before `pos` that passes `test`. Returns
/// its start and its [`Key`].
pub(crate) fn phrase_before(
    t: &str,
    pos: usize,
    n: usize,
    test: impl Fn(&Key) -> bool,
) -> Option<(usize, Key)> {
    thread_local! {
        // A reused buffer: this runs for most capitalised words and colons.
        static KEY: std::cell::RefCell<Key> = std::cell::RefCell::new(Key::default());
    }
    let words = words_before(t, pos, n);
    let last = words.last()?.1;
    let accented = lexicon::accented_near(t, pos);
    KEY.with(|cell| {
        let mut k = cell.borrow_mut();
        k.accented_ctx = accented;
        let mut best = None;
        for &(s, _) in words.iter().rev() {
            k.set(&t[s..last]);
            if test(&k) {
                best = Some(s);
            }
        }
        let s = best?;
        k.set(&t[s..last]);
        Some((s, k.clone()))
    })
}

/// Builds a finding (score clamped, rounded), or `None` under the engine floor.
pub(crate) use crate::context::finish as finding;

/// A reason helper.
pub(crate) fn reason(
    code: ReasonCode,
    detail: impl Into<std::borrow::Cow<'static, str>>,
) -> Reason {
    Reason::new(code, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_before_crosses_spaces_and_abbreviations() {
        let t = "Đ/c BS. Nguyễn";
        let pos = t.find("Nguyễn").unwrap();
        let w: Vec<&str> = words_before(t, pos, 3).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(w, ["Đ/c", "BS"]);
        let t = "KT. CHỦ TỊCH    PHÓ";
        let w: Vec<&str> = words_before(t, t.len() - 4, 3).iter().map(|&(s, e)| &t[s..e]).collect();
        assert!(w.is_empty());
        let t = "Đ/c BS. Nguyễn";
        let pos = t.find("Nguyễn").unwrap();
        let w: Vec<&str> = words_before(t, pos, 3).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(w, ["Đ/c", "BS"]);
        let t = "ông, bà Lan";
        let w: Vec<&str> = words_before(t, t.len() - 3, 3).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(w, ["bà"]);
    }

    #[test]
    fn claimed_ranges() {
        let mut c = Claimed::default();
        c.add(10, 20);
        c.add(0, 5);
        c.seal();
        assert!(c.overlaps(15, 30));
        assert!(c.overlaps(3, 4));
        assert!(!c.overlaps(5, 10));
        assert!(!c.overlaps(20, 25));
    }

    mod props {
        use crate::{Config, Engine, Kind};
        use proptest::prelude::*;
        use unicode_normalization::UnicodeNormalization;

        const FRAGMENTS: &[&str] = &[
            "Họ và tên: NGUYỄN VĂN AN",
            "Dân tộc: Tày",
            "Tôn giáo: Không",
            "bà Trần Thị Hoà",
            "trú tại số 5 ngõ 12 phố Huế, phường Hai Bà Trưng, Hà Nội",
            "BN N.V.A. (nam, 45 tuổi)",
            "được chẩn đoán ung thư phổi (C34.9)",
            "bị can Lê Văn Thuỷ",
            "đường Nguyễn Trãi",
            "chị Lan",
            "Quốc tịch: Việt Nam",
            "SN: 1990",
            "vợ ông Phạm Quốc Khánh",
            "H'Hen Niê",
            "ĐC: 12/3 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM",
            "0912 345 678",
            "là đảng viên",
        ];

        /// Fragments of records and prose, mixed with `noise` (a regex for random text).
        fn mixed(noise: &'static str) -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                prop::sample::select(FRAGMENTS).prop_map(str::to_string),
                noise,
                prop::sample::select(&[" ", ", ", ". ", "\n", ": ", "  ", "(", ")"][..])
                    .prop_map(str::to_string),
            ];
            prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
        }

        /// Any printable text.
        fn text() -> impl Strategy<Value = String> {
            mixed("\\PC{0,12}")
        }

        /// Vietnamese text: ASCII, Latin-1 and the Vietnamese letters (exotic combining marks of
        /// other scripts are normalised by `khien-text` and tested there).
        fn vietnamese() -> impl Strategy<Value = String> {
            mixed("[ -~À-ÿĂăĐđĨĩŨũƠơƯưẠ-ỹ]{0,12}")
        }

        fn engine() -> &'static Engine {
            static E: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
            E.get_or_init(|| Engine::new(Config::default().with_current_year(2026)))
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            #[test]
            fn findings_lie_on_char_boundaries_inside_the_text(t in text()) {
                for f in engine().detect(&t) {
                    prop_assert!(f.start <= f.end && f.end <= t.len());
                    prop_assert!(t.is_char_boundary(f.start) && t.is_char_boundary(f.end));
                    prop_assert!(!f.reasons.is_empty());
                    prop_assert!((0.3..=1.0).contains(&f.score));
                }
            }

            #[test]
            fn nfc_and_nfd_give_the_same_findings(t in vietnamese()) {
                let nfc: String = t.nfc().collect();
                let nfd: String = t.nfd().collect();
                // The lexical kinds (structured identifiers have their own property tests).
                let ours = |k: &Kind| super::super::LEXICAL_KINDS.contains(k) && *k != Kind::DateOfBirth;
                let a: Vec<(Kind, String)> = engine()
                    .detect(&nfc)
                    .into_iter()
                    .filter(|f| ours(&f.kind))
                    .map(|f| (f.kind, nfc[f.start..f.end].to_string()))
                    .collect();
                let b: Vec<(Kind, String)> = engine()
                    .detect(&nfd)
                    .into_iter()
                    .filter(|f| ours(&f.kind))
                    .map(|f| (f.kind, nfd[f.start..f.end].nfc().collect()))
                    .collect();
                prop_assert_eq!(a, b);
            }
        }
    }
}
