//! The lexicons behind the lexical detectors, parsed once from the embedded files in
//! `data/lexicon/` and indexed by accent-folded, lower-case form.
//!
//! `communes.tsv` is the gazetteer of commune-level (and pre-2025 district-level) units, both
//! eras, extracted by `communes.py` from the MIT-licensed `vietnamadminunits` dataset (see the
//! file's header and `communes.LICENSE`). It is kept apart from the province and place lists:
//! many communes are named after people (`Lê Lợi`, `Trần Phú`, `Quang Trung`), so its names only
//! count inside an address (after a unit word or within a chain), never to reject a person name.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind};
use serde::Deserialize;

use crate::Kind;

/// Errors loading a lexicon file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LexiconError {
    /// The TOML did not parse.
    #[error("lexicon {file} is not valid TOML: {source}")]
    Toml {
        /// Which file.
        file: &'static str,
        /// The parser's error.
        source: toml::de::Error,
    },
    /// A section names a kind that does not exist.
    #[error("lexicon names unknown kind “{0}”")]
    UnknownKind(String),
    /// A row of a tab-separated lexicon is malformed.
    #[error("lexicon {file}, line {line}: {msg}")]
    Row {
        /// Which file.
        file: &'static str,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// The automaton could not be built.
    #[error("lexicon automaton: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

#[derive(Deserialize)]
struct NamesFile {
    surnames: Vec<(String, f32)>,
    middle_names: Vec<(String, f32)>,
    given_names: Vec<String>,
}

#[derive(Deserialize)]
struct AdminFile {
    new_provinces: Vec<String>,
    old_provinces: Vec<String>,
    informal: Vec<String>,
    places: Vec<String>,
    countries: Vec<String>,
}

#[derive(Deserialize)]
struct AttributesFile {
    ethnic_groups: Vec<Vec<String>>,
    religions: Vec<Vec<String>>,
    keys: HashMap<String, Vec<String>>,
    terms: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct CuesFile {
    person_strong: Vec<String>,
    not_person: Vec<String>,
    address_units: Vec<(String, u8)>,
    address_prose: Vec<String>,
    address_org: Vec<String>,
}

/// What a prose pattern means once matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// The matched term itself is a finding of this kind.
    Term(Kind),
    /// The matched words after the first `skip` words are a finding (e.g. `người Tày` → `Tày`).
    TermAfter(Kind, u8),
    /// A cue: the phrase after it is a finding of this kind.
    Capture(Kind, Capture),
}

/// How a cue captures the words after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Capture {
    /// Up to this many words, until punctuation or a clause word.
    Phrase(u8),
    /// The next word if it is `nam` or `nữ`.
    Gender,
    /// A country or nationality name.
    Country,
    /// An ethnic group name.
    Ethnic,
    /// A year of birth after `SN`/`NS`.
    Year,
    /// A measured value after a test's name (`lexical::measure`).
    Measurement,
}

/// One prose pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub action: Action,
    /// The catalogued term (for reasons).
    pub display: String,
    /// A single word whose neighbours must confirm it (`vợ`, `con`).
    pub needs_neighbour: bool,
}

/// A word or phrase looked up in two forms: accented text must match the accented entry
/// (`đường` is not `dượng`, `Lê` is not `Lễ`), unaccented text matches the folded entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Key {
    /// Lower-case NFC with normalised tone placement (`hoà` → `hòa`).
    pub lower: String,
    /// Accent-folded lower case.
    pub folded: String,
    /// The surrounding text has diacritics, so an ASCII word is really unaccented (`Nam` is not
    /// `năm`) and is looked up by its exact form.
    pub accented_ctx: bool,
}

impl Key {
    /// Both forms of `s` (words joined by single spaces).
    pub(crate) fn of(s: &str) -> Key {
        let mut k = Key::default();
        k.set(s);
        k
    }

    /// Both forms of `s`, looked up in accented or unaccented context.
    pub(crate) fn in_ctx(s: &str, accented_ctx: bool) -> Key {
        let mut k = Key { accented_ctx, ..Key::default() };
        k.set(s);
        k
    }

    /// Recomputes both forms from `s`.
    pub(crate) fn set(&mut self, s: &str) {
        self.lower.clear();
        self.folded.clear();
        let mut space = false;
        for w in s.split_ascii_whitespace() {
            if space {
                self.lower.push(' ');
                self.folded.push(' ');
            }
            space = true;
            if w.is_ascii() {
                for b in w.bytes() {
                    self.lower.push(char::from(b.to_ascii_lowercase()));
                }
                self.folded.push_str(&self.lower[self.lower.len() - w.len()..]);
                continue;
            }
            push_lower(w, &mut self.lower);
            khien_text::fold_into(w, &mut self.folded);
        }
    }

    /// Both forms of the words `keys` joined by single spaces: what [`Key::set`] gives for their
    /// text when one space stands between the words, without reading the text again.
    pub(crate) fn set_joined(&mut self, keys: &[Key]) {
        self.lower.clear();
        self.folded.clear();
        for (i, k) in keys.iter().enumerate() {
            if i > 0 {
                self.lower.push(' ');
                self.folded.push(' ');
            }
            self.lower.push_str(&k.lower);
            self.folded.push_str(&k.folded);
        }
    }

    /// Whether the text had no diacritics.
    pub(crate) fn unaccented(&self) -> bool {
        self.lower.is_ascii() && !self.accented_ctx
    }
}

/// Appends the lower-case form of the word `w` to `out`, with the tone mark of a final `oa`,
/// `oe` or `uy` in the new official place (`Hoà` → `hòa`): the accented form of [`Key`].
pub(crate) fn push_lower(w: &str, out: &mut String) {
    let start = out.len();
    for c in w.chars() {
        match fast_lower(c) {
            Some(l) => out.push(l),
            None => out.extend(c.to_lowercase()),
        }
    }
    // Old-style tone placement at the end of a syllable ("hoà", "thuỷ") → new style.
    if let Some(fixed) = new_style_tone(&out[start..]) {
        out.truncate(start);
        out.push_str(&fixed);
    }
}

/// Lower case for ASCII and Vietnamese letters without the Unicode tables; `None` for others.
#[inline]
fn fast_lower(c: char) -> Option<char> {
    let cp = c as u32;
    let l = match cp {
        0x41..=0x5A => cp + 0x20,
        0..=0x7F => cp,
        0xC0..=0xDE if cp != 0xD7 => cp + 0x20,
        0xDF..=0xFF => cp,
        // Latin Extended-A pairs (Ă ă, Đ đ, Ĩ ĩ, Ũ ũ…): upper even, lower odd.
        0x100..=0x137 | 0x14A..=0x177 => cp | 1,
        0x1A0 | 0x1AF => cp + 1,
        0x1A1 | 0x1B0 => cp,
        // Latin Extended Additional (Ạ ạ … Ỹ ỹ): upper even, lower odd.
        0x1EA0..=0x1EF9 => cp | 1,
        _ => return None,
    };
    char::from_u32(l)
}

/// `hoà` → `hòa`, `thuỷ` → `thủy`, `khoẻ` → `khỏe`: the tone mark moves to the first vowel of a
/// final `oa`, `oe` or `uy` (the new official style), so that both spellings meet.
fn new_style_tone(word: &str) -> Option<String> {
    let mut cs = word.chars().rev();
    let last = cs.next()?;
    let prev = cs.next()?;
    let (base, marked) = match (prev, last) {
        ('o', 'à' | 'á' | 'ả' | 'ã' | 'ạ') => ('a', last),
        ('o', 'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ') => ('e', last),
        ('u', 'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ') => ('y', last),
        _ => return None,
    };
    let tone = match marked {
        'à' | 'è' | 'ỳ' => 0,
        'á' | 'é' | 'ý' => 1,
        'ả' | 'ẻ' | 'ỷ' => 2,
        'ã' | 'ẽ' | 'ỹ' => 3,
        _ => 4,
    };
    let toned = match prev {
        'o' => ['ò', 'ó', 'ỏ', 'õ', 'ọ'][tone],
        _ => ['ù', 'ú', 'ủ', 'ũ', 'ụ'][tone],
    };
    let head_len = word.len() - last.len_utf8() - prev.len_utf8();
    let mut out = String::with_capacity(word.len() + 2);
    out.push_str(&word[..head_len]);
    out.push(toned);
    out.push(base);
    Some(out)
}

/// The inverse of [`new_style_tone`]: `hòa` → `hoà`.
fn old_style_tone(word: &str) -> Option<String> {
    let mut cs = word.chars().rev();
    let last = cs.next()?;
    let prev = cs.next()?;
    let tone = match prev {
        'ò' | 'ù' => 0,
        'ó' | 'ú' => 1,
        'ỏ' | 'ủ' => 2,
        'õ' | 'ũ' => 3,
        'ọ' | 'ụ' => 4,
        _ => return None,
    };
    let marked = match (prev, last) {
        ('ò' | 'ó' | 'ỏ' | 'õ' | 'ọ', 'a') => ['à', 'á', 'ả', 'ã', 'ạ'][tone],
        ('ò' | 'ó' | 'ỏ' | 'õ' | 'ọ', 'e') => ['è', 'é', 'ẻ', 'ẽ', 'ẹ'][tone],
        ('ù' | 'ú' | 'ủ' | 'ũ' | 'ụ', 'y') => ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'][tone],
        _ => return None,
    };
    let base = if matches!(last, 'y') { 'u' } else { 'o' };
    let head_len = word.len() - last.len_utf8() - prev.len_utf8();
    Some(format!("{}{base}{marked}", &word[..head_len]))
}

/// Whether the raw word `w` (any case or accents) may be in a lexicon.
#[inline]
pub(crate) fn is_known(lex: &Lexicon, w: &[u8]) -> bool {
    has_bit(&lex.known, first_key(word_hash(w), 0))
}

/// Whether the raw word `w` may be a surname, given name, address unit or place word.
#[inline]
pub(crate) fn is_anchor(lex: &Lexicon, w: &[u8]) -> bool {
    if w.len() > 1 && (w[0] == b'H' || w[0] == b'h') && w[1] == b'\'' {
        return true;
    }
    has_bit(&lex.anchors, first_key(word_hash(w), 0))
}

/// Whether the raw word `w` may be an address unit word.
#[inline]
pub(crate) fn is_unit_word(lex: &Lexicon, w: &[u8]) -> bool {
    has_bit(&lex.unit_words, first_key(word_hash(w), 0))
}

/// FxHash (rustc's hasher): much faster than SipHash on the short keys of the lexicons, which
/// are built from our own data files (no untrusted keys).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(v));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// A lexicon of words or phrases with a value, keyed by both forms of [`Key`].
#[derive(Debug, Clone)]
pub(crate) struct Words<V> {
    exact: HashMap<String, V, FxBuild>,
    folded: HashMap<String, V, FxBuild>,
}

impl<V> Default for Words<V> {
    fn default() -> Self {
        Words { exact: HashMap::default(), folded: HashMap::default() }
    }
}

impl<V: Clone> Words<V> {
    /// Adds an entry; for the folded form the first entry wins.
    pub(crate) fn insert(&mut self, text: &str, v: V) {
        let k = Key::of(text);
        self.folded.entry(k.folded).or_insert_with(|| v.clone());
        self.exact.insert(k.lower, v);
    }

    /// Looks `k` up: accented text by its accented form, unaccented text by its folded form.
    pub(crate) fn get(&self, k: &Key) -> Option<&V> {
        if k.unaccented() { self.folded.get(&k.folded) } else { self.exact.get(&k.lower) }
    }

    /// Whether `k` is in the lexicon.
    pub(crate) fn has(&self, k: &Key) -> bool {
        self.get(k).is_some()
    }

    /// Number of distinct accented entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.exact.len()
    }
}

/// A gazetteer entry is a commune-level unit (of either era).
pub(crate) const GAZ_COMMUNE: u8 = 1;
/// A gazetteer entry is a pre-2025 district-level unit.
pub(crate) const GAZ_DISTRICT: u8 = 2;
/// A gazetteer entry is a pre-2025 district-level city or town (`thành phố`, `thị xã`).
pub(crate) const GAZ_CITY: u8 = 4;

/// The gazetteer of commune- and district-level names (`data/lexicon/communes.tsv`): names
/// looked up like [`Words`] (accented text by its accented form, unaccented text by its folded
/// form), each with the `GAZ_*` flags of every unit that bears it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gazetteer {
    exact: HashMap<String, u8, FxBuild>,
    folded: HashMap<String, u8, FxBuild>,
    /// Number of rows read.
    rows: usize,
}

/// The column line of `communes.tsv`.
const GAZETTEER_COLUMNS: &str = "era\tlevel\ttype\tname\tprovince\tcode";

impl Gazetteer {
    /// Parses the tab-separated gazetteer `src` (named `file` in errors): `#` comment lines, the
    /// column line, then one unit a row.
    pub(crate) fn parse(file: &'static str, src: &str) -> Result<Gazetteer, LexiconError> {
        let mut g = Gazetteer::default();
        let mut columns = false;
        for (no, line) in src.lines().enumerate() {
            let err = |msg: String| LexiconError::Row { file, line: no + 1, msg };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !columns {
                if line != GAZETTEER_COLUMNS {
                    return Err(err(format!("expected the column line “{GAZETTEER_COLUMNS}”")));
                }
                columns = true;
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [era, level, kind, name, province, code] = cols[..] else {
                return Err(err(format!("expected 6 tab-separated columns, found {}", cols.len())));
            };
            if !matches!(era, "new" | "old") {
                return Err(err(format!("era “{era}” is not new or old")));
            }
            let mut flags = match level {
                "commune" => GAZ_COMMUNE,
                "district" => GAZ_DISTRICT,
                _ => return Err(err(format!("level “{level}” is not commune or district"))),
            };
            match kind {
                "Phường" | "Xã" | "Thị trấn" | "Đặc khu" | "Quận" | "Huyện" => {}
                "Thị xã" | "Thành phố" => flags |= GAZ_CITY,
                _ => return Err(err(format!("unknown unit type “{kind}”"))),
            }
            if name.is_empty() || name.trim() != name || name.contains("  ") {
                return Err(err(format!("bad name “{name}”")));
            }
            if province.is_empty() {
                return Err(err("empty province".to_string()));
            }
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(format!("GSO code “{code}” is not a number")));
            }
            g.rows += 1;
            // A numbered unit ("Phường 1" → "1") is the grammar's unit word + number.
            if name.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            g.insert(name, flags);
        }
        if !columns {
            return Err(LexiconError::Row {
                file,
                line: src.lines().count(),
                msg: "no column line".to_string(),
            });
        }
        Ok(g)
    }

    fn insert(&mut self, name: &str, flags: u8) {
        let k = Key::of(name);
        *self.folded.entry(k.folded).or_default() |= flags;
        *self.exact.entry(k.lower).or_default() |= flags;
    }

    /// The flags of a name given in both forms (words joined by single spaces, a dash as `-`):
    /// by `lower` when `accented`, else by `folded`.
    pub(crate) fn get(&self, lower: &str, folded: &str, accented: bool) -> Option<u8> {
        if accented { self.exact.get(lower) } else { self.folded.get(folded) }.copied()
    }

    /// Number of distinct accented names.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.exact.len()
    }
}

/// All lexicons, folded.
pub(crate) struct Lexicon {
    /// Surname → population share (0 when unknown).
    pub surnames: Words<f32>,
    /// Middle name → share.
    pub middles: Words<f32>,
    /// Given names.
    pub given: Words<()>,
    /// Province names, old and new, and informal names.
    pub provinces: HashSet<String, FxBuild>,
    /// Other well-known place names (districts, wards, towns).
    pub places: HashSet<String, FxBuild>,
    /// The full gazetteer of commune- and district-level names: for the address grammar only
    /// (not in [`Lexicon::is_place`], which rejects person names).
    pub gazetteer: Gazetteer,
    /// Countries.
    pub countries: HashSet<String, FxBuild>,
    /// Ethnic group variant → canonical name.
    pub ethnic: HashMap<String, String, FxBuild>,
    /// Religion variant → canonical name.
    pub religions: HashMap<String, String, FxBuild>,
    /// Key label → kind of its value.
    pub keys: Words<Kind>,
    /// Words introducing a person.
    pub person_cues: Words<()>,
    /// Words introducing an organisation, place or work.
    pub not_person: Words<()>,
    /// Address unit words (folded lower-case words) → level.
    pub units: Words<u8>,
    /// Abbreviated address units, matched case-sensitively on the original token → level.
    pub unit_abbrevs: HashMap<String, u8, FxBuild>,
    /// Cues before a personal address in prose.
    pub address_prose: Words<()>,
    /// The folded last words of those cues (`tai`, `o`, `quan`…): a cheap test before looking
    /// for a whole cue.
    pub address_prose_ends: HashSet<String, FxBuild>,
    /// Cues that make an address organisational, as (lower-case, folded).
    pub address_org: Vec<(String, String)>,
    /// Prose automaton (raw NFC text, case variants, ASCII case-insensitive), run anchored at
    /// the word starts that [`Lexicon::first_words`] lets through.
    pub prose: AhoCorasick,
    /// A bit set of hashed first words (with the first byte of the next word) of all prose
    /// patterns: the prefilter that keeps the automaton off most of the text.
    pub first_words: Vec<u64>,
    /// A bit set of hashed words that occur in any name, cue, unit, place or key lexicon, in
    /// every case and accent variant: a word outside it cannot match any of them.
    pub known: Vec<u64>,
    /// The same for the words that can anchor a name or an address: surnames, given names,
    /// address units and place names.
    pub anchors: Vec<u64>,
    /// The same for address unit words (`phường`, `P`, `đường`…).
    pub unit_words: Vec<u64>,
    /// Pattern meanings, indexed by automaton pattern id.
    pub patterns: Vec<Pattern>,
}

fn folded(s: &str) -> String {
    khien_text::fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_of(code: &str) -> Result<Kind, LexiconError> {
    Kind::from_code(code).ok_or_else(|| LexiconError::UnknownKind(code.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(file: &'static str, src: &str) -> Result<T, LexiconError> {
    toml::from_str(src).map_err(|source| LexiconError::Toml { file, source })
}

/// Upper-cases the first char only.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Case and accent variants under which a term is searched in raw NFC text (the automaton is
/// ASCII case-insensitive, so folded variants cover every ASCII casing).
/// Both tone placements are in use ("hóa trị" and "hoá trị", "thủy đậu" and "thuỷ đậu"), so
/// each form is searched with the marks of its final `oa`, `oe`, `uy` in either place.
fn variants(term: &str, with_folded: bool) -> Vec<String> {
    let mut v = Vec::new();
    let other_placement = |f: fn(&str) -> Option<String>| -> Option<String> {
        let mut changed = false;
        let words: Vec<String> = term
            .split(' ')
            .map(|w| match f(&w.to_lowercase()) {
                Some(x) => {
                    changed = true;
                    x
                }
                None => w.to_lowercase(),
            })
            .collect();
        changed.then(|| words.join(" "))
    };
    let forms =
        [Some(term.to_string()), other_placement(old_style_tone), other_placement(new_style_tone)];
    for form in forms.into_iter().flatten() {
        let lower = form.to_lowercase();
        v.extend([lower.clone(), form.to_uppercase(), capitalise(&lower), form]);
    }
    if with_folded {
        v.push(khien_text::fold(term));
    }
    v.sort();
    v.dedup();
    v
}

impl Lexicon {
    /// Parses the embedded files.
    pub(crate) fn load() -> Result<Lexicon, LexiconError> {
        let names: NamesFile = parse("names.toml", include_str!("../../data/lexicon/names.toml"))?;
        let admin: AdminFile = parse("admin.toml", include_str!("../../data/lexicon/admin.toml"))?;
        let attrs: AttributesFile =
            parse("attributes.toml", include_str!("../../data/lexicon/attributes.toml"))?;
        let cues: CuesFile = parse("cues.toml", include_str!("../../data/lexicon/cues.toml"))?;
        let gazetteer =
            Gazetteer::parse("communes.tsv", include_str!("../../data/lexicon/communes.tsv"))?;

        let mut surnames = Words::default();
        for (n, s) in &names.surnames {
            surnames.insert(n, *s);
        }
        let mut middles = Words::default();
        for (n, s) in &names.middle_names {
            middles.insert(n, *s);
        }
        let mut given = Words::default();
        for n in &names.given_names {
            given.insert(n, ());
        }
        let provinces = admin
            .new_provinces
            .iter()
            .chain(&admin.old_provinces)
            .chain(&admin.informal)
            .map(|n| folded(n))
            .collect();
        let places = admin.places.iter().map(|n| folded(n)).collect();
        let countries = admin.countries.iter().map(|n| folded(n)).collect();
        let mut ethnic = HashMap::default();
        for row in &attrs.ethnic_groups {
            for v in row {
                ethnic.insert(folded(v), row[0].clone());
                ethnic.insert(folded(&v.replace('-', " ")), row[0].clone());
            }
        }
        let mut religions = HashMap::default();
        for row in &attrs.religions {
            for v in row {
                religions.insert(folded(v), row[0].clone());
            }
        }
        let mut keys = Words::default();
        let mut key_kinds: Vec<&String> = attrs.keys.keys().collect();
        key_kinds.sort();
        for code in key_kinds {
            let kind = kind_of(code)?;
            for l in &attrs.keys[code] {
                keys.insert(l, kind);
            }
        }
        let mut person_cues = Words::default();
        for c in &cues.person_strong {
            person_cues.insert(c.trim_end_matches('.'), ());
        }
        let mut not_person = Words::default();
        for c in &cues.not_person {
            not_person.insert(c.trim_end_matches('.'), ());
        }
        let mut units = Words::default();
        let mut unit_abbrevs = HashMap::default();
        for (u, level) in &cues.address_units {
            if u.chars().any(char::is_uppercase) {
                unit_abbrevs.insert(u.trim_end_matches('.').to_string(), *level);
            } else {
                units.insert(u.trim_end_matches('.'), *level);
            }
        }
        let mut address_prose = Words::default();
        let mut address_prose_ends = HashSet::default();
        for c in &cues.address_prose {
            address_prose.insert(c, ());
            if let Some(last) = Key::of(c).folded.rsplit(' ').next() {
                address_prose_ends.insert(last.to_string());
            }
        }
        let address_org = cues
            .address_org
            .iter()
            .map(|c| {
                let k = Key::of(c);
                (k.lower, k.folded)
            })
            .collect();

        // Prose automaton.
        let mut pats: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut add = |term: &str, action: Action, needs_neighbour: bool, with_folded: bool| {
            for v in variants(term, with_folded) {
                if seen.contains_key(&v) {
                    continue;
                }
                seen.insert(v.clone(), pats.len());
                pats.push(v);
                patterns.push(Pattern { action, display: term.to_string(), needs_neighbour });
            }
        };
        let mut term_kinds: Vec<&String> = attrs.terms.keys().collect();
        term_kinds.sort();
        for code in term_kinds {
            let kind = kind_of(code)?;
            for t in &attrs.terms[code] {
                let multi = t.contains(' ');
                let single_short = !multi && t.chars().count() <= 5;
                add(
                    t,
                    Action::Term(kind),
                    single_short && kind == Kind::FamilyRelation,
                    multi || t.is_ascii() || (single_short && kind == Kind::FamilyRelation),
                );
            }
        }
        // Religion names in prose.
        for row in &attrs.religions {
            if row[0] == "Không" {
                continue;
            }
            for v in row {
                if v.contains(' ') || v.chars().count() > 5 {
                    add(v, Action::Term(Kind::Religion), false, v.contains(' '));
                }
            }
        }
        for t in
            ["phật tử", "tín đồ", "giáo dân", "theo đạo", "linh mục", "ni cô", "tu sĩ", "mục sư"]
        {
            add(t, Action::Term(Kind::Religion), false, true);
        }
        // Ethnic groups after "người": only distinctive names.
        for row in &attrs.ethnic_groups {
            for v in row {
                let f = folded(v);
                if f.len() < 4
                    || ["viet", "lao", "thai", "kinh", "hoa", "bru", "mien", "meo"]
                        .contains(&f.as_str())
                {
                    continue;
                }
                add(&format!("người {v}"), Action::TermAfter(Kind::Ethnicity, 1), false, false);
            }
        }
        let captures: &[(&str, Kind, Capture)] = &[
            ("chẩn đoán", Kind::Health, Capture::Phrase(6)),
            ("mắc bệnh", Kind::Health, Capture::Phrase(5)),
            ("bị bệnh", Kind::Health, Capture::Phrase(5)),
            ("mắc chứng", Kind::Health, Capture::Phrase(5)),
            ("bị chứng", Kind::Health, Capture::Phrase(5)),
            ("tiền sử", Kind::Health, Capture::Phrase(6)),
            ("về tội", Kind::CriminalRecord, Capture::Phrase(10)),
            ("tội danh", Kind::CriminalRecord, Capture::Phrase(10)),
            ("về hành vi", Kind::CriminalRecord, Capture::Phrase(8)),
            ("SN", Kind::DateOfBirth, Capture::Year),
            ("NS", Kind::DateOfBirth, Capture::Year),
            ("quốc tịch", Kind::Nationality, Capture::Country),
            ("giới tính", Kind::Gender, Capture::Gender),
            ("BN", Kind::Gender, Capture::Gender),
            ("bệnh nhân", Kind::Gender, Capture::Gender),
            ("người bệnh", Kind::Gender, Capture::Gender),
            ("bệnh nhi", Kind::Gender, Capture::Gender),
            ("dân tộc", Kind::Ethnicity, Capture::Ethnic),
            ("đồng bào", Kind::Ethnicity, Capture::Ethnic),
            ("tuổi", Kind::Gender, Capture::Gender),
        ];
        for (cue, kind, cap) in captures {
            add(cue, Action::Capture(*kind, *cap), false, cue.contains(' ') || cue.is_ascii());
        }
        // Test and measure names after the terms: a name that is also a term ("HIV") stays one.
        for t in &super::measure::measurements().tests {
            add(
                t,
                Action::Capture(Kind::Health, Capture::Measurement),
                false,
                t.contains(' ') || t.is_ascii(),
            );
        }
        // A contiguous NFA rather than a DFA: the automaton is only run anchored at candidate
        // word starts, a few bytes each, where the two search alike, and building the DFA of its
        // thousands of patterns took 15 ms of every process's start (a one-file scan
        // 39 → 24 ms; all kinds on 10 MB of prose or office text 3 % faster).
        let prose = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&pats)?;
        let mut known = vec![0u64; FIRST_WORD_BITS / 64];
        let mut anchors = vec![0u64; FIRST_WORD_BITS / 64];
        let mut unit_words = vec![0u64; FIRST_WORD_BITS / 64];
        {
            let mut add_known = |phrase: &str, anchor: bool, unit: bool| {
                let parts = phrase
                    .split(|c: char| {
                        c.is_whitespace() || c == '/' || c == '.' || c == '-' || c == ','
                    })
                    .chain(phrase.split_whitespace().map(|w| w.trim_end_matches(['.', ','])));
                for w in parts {
                    if w.is_empty() {
                        continue;
                    }
                    let mut forms = vec![w.to_string()];
                    if let Some(n) = new_style_tone(&w.to_lowercase()) {
                        forms.push(n);
                    }
                    if let Some(o) = old_style_tone(&w.to_lowercase()) {
                        forms.push(o);
                    }
                    for f in forms {
                        let fo = khien_text::fold(&f);
                        for v in [
                            f.to_lowercase(),
                            f.to_uppercase(),
                            capitalise(&f.to_lowercase()),
                            f.clone(),
                            fo,
                        ] {
                            let k = first_key(word_hash(v.as_bytes()), 0);
                            set_bit(&mut known, k);
                            if anchor {
                                set_bit(&mut anchors, k);
                            }
                            if unit {
                                set_bit(&mut unit_words, k);
                            }
                        }
                    }
                }
            };
            for (n, _) in &names.surnames {
                add_known(n, true, false);
            }
            for (n, _) in &names.middle_names {
                add_known(n, false, false);
            }
            for n in &names.given_names {
                add_known(n, true, false);
            }
            for n in cues.person_strong.iter().chain(&cues.not_person).chain(&cues.address_prose) {
                add_known(n, false, false);
            }
            for (u, _) in &cues.address_units {
                add_known(u, true, true);
            }
            for n in admin
                .new_provinces
                .iter()
                .chain(&admin.old_provinces)
                .chain(&admin.informal)
                .chain(&admin.places)
            {
                add_known(n, true, false);
            }
            for n in &admin.countries {
                add_known(n, false, false);
            }
            for labels in attrs.keys.values() {
                for l in labels {
                    add_known(l, false, false);
                }
            }
            for w in ["h'", "y"] {
                add_known(w, true, false);
            }
        }
        let mut first_words = vec![0u64; FIRST_WORD_BITS / 64];
        for p in &pats {
            let b = p.as_bytes();
            let we = b.iter().position(|&c| !WORD_BYTE[c as usize]).unwrap_or(b.len());
            let h = word_hash(&b[..we]);
            let next = if b.get(we) == Some(&b' ') {
                b.get(we + 1).copied().filter(|&c| WORD_BYTE[c as usize])
            } else {
                None
            };
            set_bit(&mut first_words, first_key(h, next.unwrap_or(0)));
        }

        Ok(Lexicon {
            surnames,
            middles,
            given,
            provinces,
            places,
            gazetteer,
            countries,
            ethnic,
            religions,
            keys,
            person_cues,
            not_person,
            units,
            unit_abbrevs,
            address_prose,
            address_prose_ends,
            address_org,
            prose,
            first_words,
            known,
            anchors,
            unit_words,
            patterns,
        })
    }

    /// Whether a folded phrase names a province, a known place or a country (not a name that is
    /// only in the gazetteer: those are also people's names).
    pub(crate) fn is_place(&self, f: &str) -> bool {
        self.provinces.contains(f) || self.places.contains(f) || self.countries.contains(f)
    }
}

/// Bytes that belong to words for the prose prefilter: ASCII letters and digits, the apostrophe
/// and every byte of a multi-byte UTF-8 character.
pub(crate) static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'\'' || c >= 0x80;
        i += 1;
    }
    t
};

/// Size of the first-word bit set.
pub(crate) const FIRST_WORD_BITS: usize = 1 << 18;

/// A hash of the bytes of a word, ASCII letters lower-cased. The bytes are packed by
/// rotate-and-xor (no multiply chain per byte) and mixed once at the end.
#[inline]
pub(crate) fn word_hash(b: &[u8]) -> u64 {
    let mut acc: u64 = 0;
    for &c in b {
        acc = acc.rotate_left(8) ^ u64::from(c.to_ascii_lowercase());
    }
    word_hash_finish(acc, b.len())
}

/// The final mix of [`word_hash`] (for callers that pack the bytes themselves).
#[inline]
pub(crate) fn word_hash_finish(acc: u64, len: usize) -> u64 {
    (acc ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// The key for a first word and the first byte of the word after it (0 when none); the bit
/// sets use two bits per key (a two-hash Bloom filter).
#[inline]
pub(crate) fn first_key(h: u64, next: u8) -> u64 {
    let k = (h ^ u64::from(next.to_ascii_lowercase()).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^ (k >> 29)
}

fn set_bit(bits: &mut [u64], k: u64) {
    for i in bloom_bits(k) {
        bits[i / 64] |= 1 << (i % 64);
    }
}

/// The two bit positions of a key.
#[inline]
fn bloom_bits(k: u64) -> [usize; 2] {
    let mask = FIRST_WORD_BITS as u64 - 1;
    [(k >> 46 & mask) as usize, (k >> 20 & mask) as usize]
}

/// Whether both bits for `k` are set.
#[inline]
pub(crate) fn has_bit(bits: &[u64], k: u64) -> bool {
    bloom_bits(k).iter().all(|&i| bits[i / 64] & (1 << (i % 64)) != 0)
}

/// Whether the text around `pos` has Vietnamese diacritics (lead bytes of accented letters).
pub(crate) fn accented_near(t: &str, pos: usize) -> bool {
    let b = t.as_bytes();
    // Only the same line: chat logs and lists mix lines typed with and without accents
    // ("[17:45] Hoang Van Duc: …" under "[17:46] Tạ Đình Thắng: …").
    let lo = pos.saturating_sub(160);
    let lo = memchr::memrchr(b'\n', &b[lo..pos]).map_or(lo, |i| lo + i + 1);
    let hi = (pos + 160).min(b.len());
    let hi = memchr::memchr(b'\n', &b[pos..hi]).map_or(hi, |i| pos + i);
    // Outward from `pos`: in accented text a lead byte is a few bytes away.
    let accented = |x: &u8| matches!(x, 0xC3..=0xC6 | 0xE1);
    b[pos..hi].iter().any(accented) || b[lo..pos].iter().rev().any(accented)
}

/// The shared lexicon.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::load().expect("data/lexicon/* are valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_with_expected_sizes() {
        let l = lexicon();
        assert!((l.surnames.get(&Key::of("Nguyễn")).unwrap() - 38.5).abs() < 0.01);
        assert!(l.middles.has(&Key::of("THỊ")) && l.middles.has(&Key::of("thi")));
        assert!(l.given.has(&Key::of("Tuấn")) && !l.given.has(&Key::of("Tuần")));
        assert!(l.units.has(&Key::of("đường")) && !l.units.has(&Key::of("dượng")));
        assert!(l.surnames.has(&Key::of("Lê")) && !l.surnames.has(&Key::of("Lễ")));
        let canon: HashSet<&String> = l.ethnic.values().collect();
        assert_eq!(canon.len(), 54);
        let new = Lexicon::load().unwrap();
        assert!(
            new.provinces.contains("ho chi minh") && new.provinces.contains("ba ria - vung tau")
        );
        assert_eq!(l.keys.get(&Key::of("Dân tộc")), Some(&Kind::Ethnicity));
        assert_eq!(l.keys.get(&Key::of("ho va ten")), Some(&Kind::PersonName));
        assert_eq!(l.units.get(&Key::of("Phường")), Some(&4));
        assert!(l.surnames.len() > 100);
        assert_eq!(l.unit_abbrevs["TP"], 6);
    }

    #[test]
    fn gazetteer_loads_both_eras_apart_from_places() {
        let l = lexicon();
        let g = &l.gazetteer;
        // 3,321 new communes, 696 old districts, 10,035 old communes.
        assert_eq!(g.rows, 3321 + 696 + 10_035);
        assert!(g.len() > 7000, "{} names", g.len());
        assert_eq!(g.get("cẩm giàng", "cam giang", true), Some(GAZ_COMMUNE | GAZ_DISTRICT));
        assert_eq!(g.get("", "cam giang", false), Some(GAZ_COMMUNE | GAZ_DISTRICT));
        assert_eq!(g.get("cẩm giảng", "cam giang", true), None);
        assert!(g.get("thủ dầu một", "", true).is_some_and(|f| f & GAZ_CITY != 0));
        // Old-style tone placement and names with a dash, an apostrophe or a number.
        assert!(g.get(&Key::of("Hoà Vang").lower, "", true).is_some());
        assert!(g.get("lâm viên - đà lạt", "", true).is_some());
        assert!(g.get("", "ea h'leo", false).is_some());
        assert!(g.get("sơn kim 1", "", true).is_some());
        // Numbered units are left to the grammar ("phường 1").
        assert_eq!(g.get("1", "1", true), None);
        // Communes named after people are not places that reject a person name.
        for n in ["tran phu", "le loi", "quang trung", "minh khai", "cam giang"] {
            assert!(g.get("", n, false).is_some(), "{n}");
            assert!(!l.is_place(n), "{n}");
        }
    }

    #[test]
    fn malformed_gazetteer_rows_name_the_file_and_line() {
        let ok = "# comment\nera\tlevel\ttype\tname\tprovince\tcode\n\
                  new\tcommune\tXã\tCẩm Giàng\tHải Phòng\t10801\n";
        assert_eq!(Gazetteer::parse("t.tsv", ok).unwrap().rows, 1);
        let cases = [
            ("new\tcommune\tXã\tCẩm Giàng\tHải Phòng\n", "6 tab-separated columns"),
            ("new\tcommune\tLàng\tCẩm Giàng\tHải Phòng\t1\n", "unknown unit type"),
            ("mới\tcommune\tXã\tCẩm Giàng\tHải Phòng\t1\n", "era"),
            ("new\tward\tXã\tCẩm Giàng\tHải Phòng\t1\n", "level"),
            ("new\tcommune\tXã\t\tHải Phòng\t1\n", "bad name"),
            ("new\tcommune\tXã\tCẩm Giàng\tHải Phòng\tA1\n", "GSO code"),
        ];
        for (row, what) in cases {
            let src = format!("{ok}{row}");
            let e = Gazetteer::parse("t.tsv", &src).unwrap_err().to_string();
            assert!(e.starts_with("lexicon t.tsv, line 4: ") && e.contains(what), "{e}");
        }
        let e = Gazetteer::parse("t.tsv", "# only\nnew\tcommune\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("column line"), "{e}");
    }

    #[test]
    fn data_files_have_sources_and_34_plus_63_provinces() {
        let src = include_str!("../../data/lexicon/admin.toml");
        let admin: AdminFile = toml::from_str(src).unwrap();
        assert_eq!(admin.new_provinces.len(), 34);
        // 63 provinces; Bà Rịa–Vũng Tàu is also listed as its two halves.
        assert_eq!(admin.old_provinces.len(), 65);
        for f in [
            src,
            include_str!("../../data/lexicon/names.toml"),
            include_str!("../../data/lexicon/attributes.toml"),
            include_str!("../../data/lexicon/cues.toml"),
            include_str!("../../data/lexicon/communes.tsv"),
            include_str!("../../data/lexicon/measurements.toml"),
        ] {
            assert!(f.starts_with('#') && f.contains("2026-11-28") && f.contains("Source"));
        }
    }
}
