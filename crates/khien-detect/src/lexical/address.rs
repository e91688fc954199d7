//! The address grammar: chains of components, each a unit word with its name or number
//! (`số 5`, `ngõ 12`, `đường Lê Lợi`, `phường Bến Nghé`, `Q. 1`, `TP.HCM`), a house number with a
//! street (`12 Lê Lai`), or a known province or place name, joined by commas, dashes or spaces.
//! Both the old four-level form (with `quận`/`huyện`) and the two-level form in force since
//! 1 July 2025 (`phường`/`xã`/`đặc khu` + province) are chains of the same components.
//!
//! Names of communes and districts come from the gazetteer (`data/lexicon/communes.tsv`, every
//! commune-level unit of both eras and every pre-2025 district; longest match of up to four
//! words, by accented form in accented text and by folded form in unaccented text). A gazetteer
//! name counts only where an address is already signalled: after a commune- or district-level
//! unit word (`xã Cẩm Vũ`, `huyện Cẩm Giàng`; after `thành phố`/`TP` only a pre-2025 city), as a
//! bare component inside a chain (`thôn 3, Cẩm Vũ, Cẩm Giàng, Hải Dương`), or first in a chain
//! right after an address cue (`quê ở Cẩm Giàng, Hải Dương`). Alone it is not an address (`Tân
//! An`, `Minh Khai`, `Trần Phú` are also words and people's names), and it never rejects a person
//! name. Without a gazetteer match the name after a unit word is its run of capitalised words,
//! so units missing from the gazetteer (villages, streets, new names) are still parsed.
//!
//! A chain is a personal address when it has at least two components, or one after an address
//! cue (`trú tại`, `Địa chỉ:`). A chain right after an organisation cue (`Trụ sở:`, `UBND`,
//! `Công ty`) is organisational and is not reported. A finding that used the gazetteer says so
//! in its reasons.

use super::lexicon::{GAZ_CITY, GAZ_COMMUNE, GAZ_DISTRICT, Key, Lexicon};
use super::{Claimed, finding, phrase_before, reason};
use crate::engine::Doc;
use crate::{Finding, Kind, ReasonCode};

#[derive(Debug, Clone)]
struct Tok {
    s: usize,
    e: usize,
    /// Folded form (words only).
    f: String,
    kind: TokKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    /// A word starting with an upper-case letter.
    Cap,
    /// A lower-case word.
    Lower,
    /// A number-like token: `12`, `12A`, `12/3/5`, `A2`.
    Num,
    /// Punctuation.
    Punct(u8),
}

/// Tokenises `t[ws..we]` into `out`, reusing its tokens' buffers; returns the token count (the
/// tokens past it are stale).
fn tokenize(t: &str, ws: usize, we: usize, out: &mut Vec<Tok>) -> usize {
    let mut n = 0;
    let mut put = |s: usize, e: usize, kind: TokKind, out: &mut Vec<Tok>| {
        if n < out.len() {
            let tok = &mut out[n];
            tok.s = s;
            tok.e = e;
            tok.kind = kind;
            tok.f.clear();
            if !matches!(kind, TokKind::Punct(_)) {
                khien_text::fold_into(&t[s..e], &mut tok.f);
            }
        } else {
            let f = if matches!(kind, TokKind::Punct(_)) {
                String::new()
            } else {
                khien_text::fold(&t[s..e])
            };
            out.push(Tok { s, e, f, kind });
        }
        n += 1;
    };
    let mut i = ws;
    while i < we {
        let Some(c) = khien_text::char_at(t, i) else { break };
        if c == ' ' || c == '\t' {
            i += 1;
            continue;
        }
        if super::is_wc(c) {
            // A word, with '/' kept inside numbers ("12/3") and "Đ/c".
            let mut e = i;
            let mut has_digit = false;
            while e < we {
                let Some(d) = khien_text::char_at(t, e) else { break };
                if super::is_wc(d) {
                    has_digit |= d.is_ascii_digit();
                    e += d.len_utf8();
                } else if d == '/' && super::word_char_at(t, e + 1) && e > i {
                    e += 1;
                } else {
                    break;
                }
            }
            let kind = if has_digit {
                TokKind::Num
            } else if c.is_uppercase() {
                TokKind::Cap
            } else {
                TokKind::Lower
            };
            put(i, e, kind, out);
            i = e;
        } else {
            let l = c.len_utf8();
            let p = if c.is_ascii() { c as u8 } else { b'?' };
            put(i, i + l, TokKind::Punct(p), out);
            i += l;
        }
    }
    n
}

thread_local! {
    /// The tokens of the line last parsed, reused for every anchor on it: agency prose names a
    /// unit ("tỉnh", "huyện", "xã") several times a line, and tokenizing a window around each
    /// was a third of the time of the lexical pass.
    static TOKENS: std::cell::RefCell<LineTokens> = std::cell::RefCell::new(LineTokens::default());
    /// Which text the cached tokens belong to: bumped for every text ([`new_text`]), so that a
    /// buffer refilled between calls is never read through a stale line.
    static TEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Longest line whose tokens are made whole and kept for the anchors on it.
const MAX_CACHED_LINE: usize = 4096;

/// Tokens of one line: `toks[..count]` of the line `ls..le` of text number `text`.
#[derive(Default)]
struct LineTokens {
    text: u64,
    ls: usize,
    le: usize,
    count: usize,
    toks: Vec<Tok>,
}

/// Starts a new text: the tokens cached for the previous one are not reused.
pub(crate) fn new_text() {
    TEXT.with(|t| t.set(t.get().wrapping_add(1)));
}

/// One parsed component.
#[derive(Debug, Clone, Copy, Default)]
struct Comp {
    level: u8,
    /// A house or lane number.
    house: bool,
    /// A known province.
    province: bool,
    /// A known place named without a unit word.
    bare_place: bool,
    /// Its name was found in the gazetteer.
    gazetteer: bool,
}

/// Where a place name was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Src {
    /// A province (new, old or informal).
    Province,
    /// The hand-made list of well-known places.
    Place,
    /// The gazetteer, with the flags of its entry.
    Gazetteer(u8),
}

/// Where a bare gazetteer name may stand without a separator before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bare {
    /// Not here (a bare gazetteer name needs a separator before it, inside a chain).
    No,
    /// First in a chain, after an address cue or in a field value.
    First,
    /// Right after a named unit (`xã Cẩm Vũ Cẩm Giàng`), unless it starts with a surname
    /// (`UBND xã Cẩm Vũ Trần Phú`: more likely the person the sentence is about).
    AfterUnit,
}

/// Any gazetteer entry.
const GAZ_ANY: u8 = GAZ_COMMUNE | GAZ_DISTRICT | GAZ_CITY;

/// Longest gazetteer name tried, in words (a dash is not a word: `Lâm Viên - Đà Lạt`).
const GAZ_MAX_WORDS: usize = 4;

struct Parser<'a> {
    t: &'a str,
    toks: &'a [Tok],
    lex: &'a Lexicon,
    /// Lower-case names allowed (values of address fields, unaccented chat).
    lenient: bool,
    /// The text has diacritics.
    accented: bool,
    /// A reused lookup key.
    key: std::cell::RefCell<Key>,
    /// Reused buffers for the folded and lower-case forms of a place name.
    names: std::cell::RefCell<(String, String)>,
    /// A reused buffer for the lower-case form of one word.
    lower: std::cell::RefCell<String>,
    /// [`Parser::unit`] per token, once computed: the chain start loop and the chain itself ask
    /// for the same tokens again and again (a third of the time of a prose scan went to it).
    units: std::cell::RefCell<Vec<Option<UnitAt>>>,
}

/// What [`Parser::unit`] found at a token: the tokens the unit word used and its level.
type UnitAt = Option<(usize, u8)>;

impl Parser<'_> {
    fn is_punct(&self, i: usize, p: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Punct(p))
    }

    /// A unit word (or words) at `i`: returns (tokens used, level).
    fn unit(&self, i: usize) -> Option<(usize, u8)> {
        if let Some(&Some(known)) = self.units.borrow().get(i) {
            return known;
        }
        let found = self.unit_uncached(i);
        let mut units = self.units.borrow_mut();
        if units.len() < self.toks.len() {
            units.resize(self.toks.len(), None);
        }
        if let Some(slot) = units.get_mut(i) {
            *slot = Some(found);
        }
        found
    }

    fn unit_uncached(&self, i: usize) -> Option<(usize, u8)> {
        let toks = self.toks;
        let first = toks.get(i)?;
        if matches!(first.kind, TokKind::Punct(_)) {
            return None;
        }
        // "F7": colloquial ward number.
        if first.kind == TokKind::Num {
            let raw = &self.t[first.s..first.e];
            if raw.len() <= 3
                && raw.starts_with('F')
                && raw[1..].bytes().all(|b| b.is_ascii_digit())
                && raw.len() > 1
            {
                return Some((0, 4));
            }
            return None;
        }
        let raw = &self.t[first.s..first.e];
        if !self.accented && i + 1 < toks.len() {
            // Without accents "Pho Bi thu" is "Phó Bí thư", not "phố Bi…".
            let last = (i + 2).min(toks.len() - 1);
            let title = Key::in_ctx(&self.t[first.s..toks[last].e], false);
            let title2 = Key::in_ctx(&self.t[first.s..toks[i + 1].e], false);
            if self.lex.person_cues.has(&title) || self.lex.person_cues.has(&title2) {
                return None;
            }
        }
        if let Some(&level) = self.lex.unit_abbrevs.get(raw) {
            let used = if self.is_punct(i + 1, b'.') { 2 } else { 1 };
            return Some((used, level));
        }
        // "Đ." abbreviation written with its dot.
        let street_abbrev = (raw == "Đ" || raw == "đ") && self.is_punct(i + 1, b'.');
        // Most words start no unit phrase: the Bloom filter of unit words (every word of every
        // unit phrase, in the case forms text uses) answers without building the phrase keys.
        if !super::lexicon::is_unit_word(self.lex, raw.as_bytes()) {
            return street_abbrev.then_some((2, 2));
        }
        let mut best = None;
        let mut phrase = self.key.borrow_mut();
        phrase.accented_ctx = self.accented;
        for k in i..(i + 3).min(toks.len()) {
            if !matches!(toks[k].kind, TokKind::Cap | TokKind::Lower) {
                break;
            }
            phrase.set(&self.t[toks[i].s..toks[k].e]);
            if let Some(&level) = self.lex.units.get(&phrase) {
                best = Some((k - i + 1, level));
            }
        }
        if best.is_none() && street_abbrev {
            return Some((2, 2));
        }
        best
    }

    fn is_unit_word(&self, i: usize) -> bool {
        self.unit(i).is_some_and(|(n, _)| n > 0)
    }

    /// Capitalised words from `i` (stopping at unit words); returns how many.
    fn cap_words(&self, i: usize, max: usize) -> usize {
        let mut n = 0;
        while n < max {
            let Some(tok) = self.toks.get(i + n) else { break };
            let ok = tok.kind == TokKind::Cap || (self.lenient && tok.kind == TokKind::Lower);
            if !ok || (n > 0 && self.is_unit_word(i + n)) || self.function_word(tok) {
                break;
            }
            n += 1;
        }
        n
    }

    /// A function word or a unit of measure, which no place name contains: it ends a name in
    /// text written in capitals ("… 45 TUỔI, ĐƯỢC CHẨN ĐOÁN …").
    fn function_word(&self, tok: &Tok) -> bool {
        let raw = &self.t[tok.s..tok.e];
        if self.accented || !raw.is_ascii() {
            let mut lower = self.lower.borrow_mut();
            lower.clear();
            super::lexicon::push_lower(raw, &mut lower);
            crate::words::words().place_enders.contains(&lower)
        } else {
            crate::words::words().place_enders_folded.contains(&tok.f)
        }
    }

    /// The longest run of up to 4 capitalised words at `i` (lower-case ones too when lenient)
    /// that names a province or a known place, or a gazetteer entry with one of the flags in
    /// `gaz` (0: the gazetteer is not consulted). Returns the tokens used and the source; at
    /// equal length a province wins over a place and a place over the gazetteer.
    fn place(&self, i: usize, gaz: u8) -> Option<(usize, Src)> {
        let mut bufs = self.names.borrow_mut();
        let (folded, lower) = &mut *bufs;
        folded.clear();
        lower.clear();
        let mut best = None;
        let mut words = 0;
        for k in i..self.toks.len() {
            let tok = &self.toks[k];
            let dash = tok.kind == TokKind::Punct(b'-') && k > i;
            let word = tok.kind == TokKind::Cap || (self.lenient && tok.kind == TokKind::Lower);
            // "Sơn Kim 1", "Mỹ Đình 2": a number ends some gazetteer names.
            let num = gaz != 0
                && k > i
                && tok.kind == TokKind::Num
                && tok.e - tok.s <= 2
                && self.t[tok.s..tok.e].bytes().all(|b| b.is_ascii_digit());
            if !(word || dash || num) {
                break;
            }
            if k > i {
                folded.push(' ');
                lower.push(' ');
            }
            if dash {
                folded.push('-');
                lower.push('-');
                continue;
            }
            words += 1;
            if words > GAZ_MAX_WORDS {
                break;
            }
            folded.push_str(&tok.f);
            let raw = &self.t[tok.s..tok.e];
            if gaz != 0 {
                super::lexicon::push_lower(raw, lower);
            }
            if self.lex.provinces.contains(folded.as_str()) {
                best = Some((k - i + 1, Src::Province));
            } else if self.lex.places.contains(folded.as_str()) {
                best = Some((k - i + 1, Src::Place));
            } else if gaz != 0 {
                let accented = self.accented || !lower.is_ascii();
                let hit = if raw.contains('\u{2019}') || lower.contains('\u{2019}') {
                    // "Ea H’leo" typed with a typographic apostrophe.
                    let (l, f) = (lower.replace('\u{2019}', "'"), folded.replace('\u{2019}', "'"));
                    self.lex.gazetteer.get(&l, &f, accented)
                } else {
                    self.lex.gazetteer.get(lower, folded, accented)
                };
                if let Some(flags) = hit.filter(|f| f & gaz != 0) {
                    best = Some((k - i + 1, Src::Gazetteer(flags)));
                }
            }
        }
        best
    }

    /// Whether the word `tok` is a surname (`Trần`, `Lê`).
    fn is_surname(&self, tok: &Tok) -> bool {
        self.lex.surnames.has(&Key::in_ctx(&self.t[tok.s..tok.e], self.accented))
    }

    /// A place component found in `src`, after a unit of `level` (0: bare).
    fn place_comp(level: u8, src: Src) -> Comp {
        let bare_place = level == 0;
        match src {
            Src::Province => {
                Comp { level: level.max(6), province: true, bare_place, ..Comp::default() }
            }
            Src::Place => Comp { level: level.max(5), bare_place, ..Comp::default() },
            Src::Gazetteer(flags) => {
                let own = if flags & GAZ_COMMUNE != 0 { 4 } else { 5 };
                Comp {
                    level: if level == 0 { own } else { level },
                    bare_place,
                    gazetteer: true,
                    ..Comp::default()
                }
            }
        }
    }

    /// One component at `i`; returns the next token index and the component. `in_chain`: after
    /// a separator inside a chain; `after_house`: right after a house number (a street follows);
    /// `bare`: whether a bare gazetteer name may stand here without a separator.
    fn component(
        &self,
        i: usize,
        in_chain: bool,
        after_house: bool,
        bare: Bare,
    ) -> Option<(usize, Comp)> {
        let tok = self.toks.get(i)?;
        if let Some((used, level)) = self.unit(i) {
            if used == 0 {
                return Some((i + 1, Comp { level, ..Comp::default() }));
            }
            let j = i + used;
            let next = self.toks.get(j)?;
            // "TP.HCM", "Tp. Hồ Chí Minh", "tỉnh Nghệ An", "xã Cẩm Vũ" ("phố Huế" is a street
            // named after a city: it stays a street). After "thành phố" the gazetteer offers
            // only cities; after "tỉnh", nothing.
            let gaz = match level {
                4 | 5 => GAZ_ANY,
                6 if tok.f != "tinh" => GAZ_CITY,
                _ => 0,
            };
            if let Some((n, src)) = if level >= 4 { self.place(j, gaz) } else { None } {
                return Some((j + n, Self::place_comp(level, src)));
            }
            if level == 6 {
                // Provinces are all known: "tỉnh Nguyễn Văn A" is a title before a name.
                return None;
            }
            let lane = matches!(tok.f.as_str(), "ngo" | "ngach" | "hem" | "kiet");
            if level == 1 && !lane && next.kind != TokKind::Num {
                // "số", "phòng", "tầng", "lô" take a number ("Phòng Kế toán" is a department).
                return None;
            }
            if next.kind == TokKind::Num {
                // Numbered units, and "ngõ 12/34"; not "số 125/QĐ-UBND".
                let raw = &self.t[next.s..next.e];
                if !house_number(raw) {
                    return None;
                }
                // "SN 1990" is a year of birth ("sinh năm"), "SN 12" a house number ("số nhà").
                if &self.t[tok.s..tok.e] == "SN" && raw.len() == 4 && raw.starts_with(['1', '2']) {
                    return None;
                }
                return Some((j + 1, Comp { level, house: level <= 1, ..Comp::default() }));
            }
            let n = self.cap_words(j, 6);
            if n == 0 {
                return None;
            }
            return Some((j + n, Comp { level, ..Comp::default() }));
        }
        match tok.kind {
            TokKind::Num => {
                // A house number: alone before a unit ("12 ngõ 34") or with a street ("12 Lê Lai").
                let raw = &self.t[tok.s..tok.e];
                if !house_number(raw)
                    || !raw.bytes().next().is_some_and(|b| b.is_ascii_digit()) && !in_chain
                {
                    return None;
                }
                if self.toks.get(i + 1).is_some_and(|n| self.function_word(n)) {
                    // "45 tuổi", "8 giờ", "200 người": a quantity.
                    return None;
                }
                if self.unit(i + 1).is_some() {
                    return Some((i + 1, Comp { level: 1, house: true, ..Comp::default() }));
                }
                if self.is_punct(i + 1, b',') && !in_chain {
                    // "Số 5, hẻm 12": handled by the unit "số"; a bare number then a comma is not
                    // an address by itself.
                    return None;
                }
                let n = self.cap_words(i + 1, 6);
                if n == 0 {
                    return None;
                }
                Some((i + 1 + n, Comp { level: 2, house: true, ..Comp::default() }))
            }
            TokKind::Cap | TokKind::Lower => {
                // A gazetteer name inside a chain ("thôn 3, Cẩm Vũ, Hải Dương"), not a street
                // after a house number ("12 Trần Phú").
                let gaz = if (in_chain && !after_house) || bare != Bare::No { GAZ_ANY } else { 0 };
                // Right after a unit without a comma, a name that starts with a surname is more
                // likely the person the sentence is about.
                let person_like = |src: Src| {
                    bare == Bare::AfterUnit
                        && matches!(src, Src::Gazetteer(_))
                        && self.is_surname(tok)
                };
                if let Some((n, src)) = self.place(i, gaz).filter(|&(_, src)| !person_like(src)) {
                    return Some((i + n, Self::place_comp(0, src)));
                }
                // "…, Hà Văn Trọng (SN 1991)": a surname before "Văn" or "Thị" after a comma is
                // the person the sentence is about, not a part of the address before it.
                let person_next = in_chain
                    && !after_house
                    && self.is_surname(tok)
                    && self
                        .toks
                        .get(i + 1)
                        .is_some_and(|n| n.kind == TokKind::Cap && super::person_middle(&n.f));
                if tok.kind == TokKind::Cap && (in_chain || after_house) && !person_next {
                    let n = self.cap_words(i, 5);
                    if n > 0 {
                        return Some((i + n, Comp::default()));
                    }
                }
                None
            }
            TokKind::Punct(_) => None,
        }
    }

    /// A chain from `i`: returns (end token index, components). `gaz_first`: a bare gazetteer
    /// name may be its first component.
    fn chain(&self, i: usize, gaz_first: bool) -> Option<(usize, Vec<Comp>)> {
        let first = if gaz_first { Bare::First } else { Bare::No };
        let (mut j, c) = self.component(i, false, false, first)?;
        let mut comps = vec![c];
        loop {
            let mut k = j;
            let mut sep = false;
            while self
                .toks
                .get(k)
                .is_some_and(|t| matches!(t.kind, TokKind::Punct(b',' | b'-' | b';')))
                && k - j < 2
            {
                k += 1;
                sep = true;
            }
            let last = *comps.last().expect("non-empty");
            let direct = !sep && last.house;
            let bare =
                if !sep && (4..=5).contains(&last.level) { Bare::AfterUnit } else { Bare::No };
            match self.component(k, sep, direct, bare) {
                Some((nj, c)) if sep || c.level > 0 || direct => {
                    comps.push(c);
                    j = nj;
                }
                _ => break,
            }
            if comps.len() >= 10 {
                break;
            }
        }
        Some((j, comps))
    }
}

fn line_bounds(t: &str, pos: usize) -> (usize, usize) {
    let b = t.as_bytes();
    let ls = memchr::memrchr(b'\n', &b[..pos]).map_or(0, |p| p + 1);
    let le = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |p| pos + p);
    (ls, le)
}

fn floor(t: &str, mut i: usize) -> usize {
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(t: &str, mut i: usize) -> usize {
    while i < t.len() && !t.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether an organisation cue stands on the line before `pos` (within 80 bytes). Accented
/// text is compared with accents (`hồ sơ` is not `sở`).
pub(crate) fn org_before(t: &str, lex: &Lexicon, pos: usize) -> Option<String> {
    let (ls, _) = line_bounds(t, pos);
    let ws = floor(t, pos.saturating_sub(80)).max(ls);
    org_in(&t[ws..pos], lex, super::lexicon::accented_near(t, pos))
}

/// The organisation cue in `text` that comes first in the cue list, if any.
///
/// One automaton pass over the text instead of a substring search per cue: this runs for every
/// address candidate, and on dense records the sixty searches were a visible share of the time.
pub(crate) fn org_in(text: &str, lex: &Lexicon, accented: bool) -> Option<String> {
    /// Automata over the cues' lower-case and folded forms; pattern `i` is `address_org[i]`.
    static AUTOMATA: std::sync::LazyLock<(aho_corasick::AhoCorasick, aho_corasick::AhoCorasick)> =
        std::sync::LazyLock::new(|| {
            let lex = super::lexicon::lexicon();
            let build = |forms: Vec<&str>| {
                aho_corasick::AhoCorasick::new(forms).expect("the organisation cues build")
            };
            (
                build(lex.address_org.iter().map(|o| o.0.as_str()).collect()),
                build(lex.address_org.iter().map(|o| o.1.as_str()).collect()),
            )
        });
    let k = Key::in_ctx(text, accented);
    let (hay, ac) = if k.unaccented() { (&k.folded, &AUTOMATA.1) } else { (&k.lower, &AUTOMATA.0) };
    let whole_word = |s: usize, e: usize| {
        !khien_text::char_before(hay, s).is_some_and(char::is_alphanumeric)
            && !khien_text::char_at(hay, e).is_some_and(char::is_alphanumeric)
    };
    ac.find_overlapping_iter(hay.as_str())
        .filter(|m| whole_word(m.start(), m.end()))
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| lex.address_org[i].0.clone())
}

/// Whole-word containment (no letter or digit touching the needle on either side).
pub(crate) fn contains_word(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let s = from + p;
        let e = s + needle.len();
        let left = !khien_text::char_before(hay, s).is_some_and(char::is_alphanumeric);
        let right = !khien_text::char_at(hay, e).is_some_and(char::is_alphanumeric);
        if left && right {
            return true;
        }
        from = s + needle.len().max(1);
        while from < hay.len() && !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// A house, lot or lane number: `12`, `12A`, `12/3/5`, `B2`, `45/12`; not a document number
/// (`125/QĐ-XPHC`, `45/2025/HS-ST`).
fn house_number(raw: &str) -> bool {
    raw.len() <= 12
        && raw.split('/').all(|part| {
            let b = part.as_bytes();
            let lead = usize::from(b.first().is_some_and(u8::is_ascii_uppercase));
            let digits = b[lead..].iter().take_while(|c| c.is_ascii_digit()).count();
            let rest = &b[lead + digits..];
            (1..=5).contains(&digits) && rest.len() <= 1 && rest.iter().all(u8::is_ascii_alphabetic)
        })
}

/// Parses the address around the anchor at `pos` (a unit word or a street name); pushes an
/// address finding when the chain is personal, and returns the end of the chain.
pub(crate) fn around(
    doc: &Doc<'_>,
    lex: &Lexicon,
    pos: usize,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let t = doc.text;
    let (ls, le) = line_bounds(t, pos);
    // A label ("Số:", "Địa chỉ:") is not the start of an address.
    let after = super::word_end(t, pos);
    if t[after..].trim_start_matches(' ').starts_with(':') {
        return None;
    }
    let ws = floor(t, pos.saturating_sub(120)).max(ls);
    let we = ceil(t, (pos + 240).min(le));
    let text = TEXT.with(std::cell::Cell::get);
    TOKENS.with(|cell| {
        // A very long line (a minified JSON record, a text without line breaks) is tokenized
        // around the anchor only: the buffer kept per thread stays small.
        let borrowed = if le - ls <= MAX_CACHED_LINE { cell.try_borrow_mut().ok() } else { None };
        let Some(mut line) = borrowed else {
            let mut buf = Vec::new();
            let count = tokenize(t, ws, we, &mut buf);
            return around_in(doc, lex, pos, &buf[..count], claimed, out);
        };
        if line.text != text || line.ls != ls || line.le != le || line.count == 0 {
            let LineTokens { toks, count, .. } = &mut *line;
            *count = tokenize(t, ls, le, toks);
            line.text = text;
            line.ls = ls;
            line.le = le;
        }
        // The window's whole tokens (a word cut by the window's edge is left out).
        let toks = &line.toks[..line.count];
        let from = toks.partition_point(|k| k.s < ws);
        let to = toks.partition_point(|k| k.e <= we);
        around_in(doc, lex, pos, &toks[from..to.max(from)], claimed, out)
    })
}

#[allow(clippy::too_many_arguments)]
fn around_in(
    doc: &Doc<'_>,
    lex: &Lexicon,
    pos: usize,
    toks: &[Tok],
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let t = doc.text;
    let anchor = toks.iter().position(|k| k.e > pos)?;
    let p = Parser {
        t,
        toks,
        lex,
        lenient: false,
        accented: super::lexicon::accented_near(t, pos),
        key: std::cell::RefCell::new(Key::default()),
        names: std::cell::RefCell::default(),
        lower: std::cell::RefCell::default(),
        units: std::cell::RefCell::default(),
    };
    let mut found = None;
    for st in anchor.saturating_sub(14)..=anchor {
        let mut gaz_first = false;
        if st > 0
            && !matches!(toks[st - 1].kind, TokKind::Punct(_))
            && st != anchor
            && p.unit(st).is_none()
        {
            // Chains start after punctuation, at the line start, or at the anchor itself; a
            // number or unit word right after a lower-case word also starts one, and so does a
            // gazetteer name right after an address cue ("quê ở Cẩm Giàng, Hải Dương").
            let prev_lower = toks[st - 1].kind == TokKind::Lower;
            if !(prev_lower && (toks[st].kind == TokKind::Num || p.unit(st).is_some())) {
                // (The cue may be in capitals: "QUÊ Ở CẨM GIÀNG, HẢI DƯƠNG".)
                gaz_first = matches!(toks[st - 1].kind, TokKind::Lower | TokKind::Cap)
                    && toks[st].kind == TokKind::Cap
                    && lex.address_prose_ends.contains(&toks[st - 1].f)
                    && p.place(st, GAZ_ANY)
                        .is_some_and(|(_, src)| matches!(src, Src::Gazetteer(_)))
                    && phrase_before(t, toks[st].s, 5, |k| lex.address_prose.has(k)).is_some();
                if !gaz_first {
                    continue;
                }
            }
        }
        if let Some((end, comps)) = p.chain(st, gaz_first)
            && end > anchor
        {
            found = Some((st, end, comps));
            break;
        }
    }
    let (st, end, comps) = found?;
    let s = toks[st].s;
    let e = toks[end - 1].e;
    // "số 4" after a noun ("khu vực bỏ phiếu số 4", "tổ dân phố số 7") is a numbering, not a
    // house number.
    let numbering =
        st > 0 && matches!(toks[st - 1].kind, TokKind::Lower | TokKind::Cap) && toks[st].f == "so";
    emit(doc, lex, s, e, &comps, numbering, claimed, out);
    Some(e)
}

#[allow(clippy::too_many_arguments)]
fn emit(
    doc: &Doc<'_>,
    lex: &Lexicon,
    s: usize,
    e: usize,
    comps: &[Comp],
    numbering: bool,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::Address) || claimed.overlaps(s, e) {
        return;
    }
    let t = doc.text;
    let n = comps.len();
    let mut cue = phrase_before(t, s, 5, |p| lex.address_prose.has(p) || lex.person_cues.has(p))
        .filter(|(_, p)| lex.address_prose.has(p))
        .map(|(s, k)| (s, k.lower));
    // A person named just before: "Nguyễn Văn A, thôn 3", "(35 tuổi, ở xã …)", "ông A ở …".
    let (ls, _) = line_bounds(t, s);
    let person_before =
        out.iter().rev().take(6).find(|f| {
            f.kind == Kind::PersonName && f.end <= s && f.end + 150 >= s && f.start >= ls
        });
    if cue.is_none()
        && let Some(pf) = person_before
    {
        let gap = t[pf.end..s].trim();
        let weak = phrase_before(t, s, 2, |p| {
            matches!(p.folded.as_str(), "o" | "tai" | "o tai" | "den tu" | "nha")
        });
        // "làm việc tại KCN …", "công tác ở phòng …": a workplace.
        let work = phrase_before(t, s, 3, |p| {
            ["lam viec", "cong tac", "lam", "hoc", "hop", "kham", "ra mat", "dien ra", "to chuc"]
                .iter()
                .any(|w| {
                    p.folded.starts_with(w)
                        && (p.folded.ends_with(" tai") || p.folded.ends_with(" o"))
                })
        });
        let near = s - pf.end <= 40;
        if work.is_none()
            && (gap.is_empty() || matches!(gap, "," | "-" | "(" | "–") || (weak.is_some() && near))
        {
            cue = Some((s, "người được nêu tên".to_string()));
        }
    }
    if numbering && cue.is_none() {
        return;
    }
    let named_units = comps.iter().filter(|c| c.level > 0).count();
    if n == 1 && cue.is_none() {
        return;
    }
    if cue.is_none() && comps.iter().all(|c| c.bare_place) {
        // "Hà Nội, Huế, Đà Nẵng": a list of places.
        return;
    }
    if named_units == 0 {
        return;
    }
    let mut score = 0.35 + 0.12 * (n.min(5) - 1) as f32;
    let mut reasons = vec![reason(ReasonCode::Structure, format!("{n} thành phần địa chỉ"))];
    if comps.iter().any(|c| c.house) {
        score += 0.1;
    }
    if comps.iter().any(|c| c.province) {
        score += 0.1;
        reasons.push(reason(ReasonCode::Lexicon, "tỉnh/thành phố"));
    }
    if comps.iter().any(|c| c.gazetteer) {
        reasons.push(reason(ReasonCode::Lexicon, GAZETTEER_REASON));
    }
    if let Some((_, c)) = &cue {
        score += 0.3;
        reasons.insert(0, reason(ReasonCode::Keyword, c.clone()));
    } else if org_before(t, lex, s).is_some() {
        // An organisation's address (letterhead, company data, an incident site): not personal.
        return;
    }
    if cue.is_none() && score < 0.5 {
        return;
    }
    if let Some(f) = finding(Kind::Address, s, e, score, reasons) {
        // A name candidate inside the address ("12 Lê Lai") is the street.
        let from = out.len().saturating_sub(8);
        let mut i = from;
        while i < out.len() {
            if out[i].kind == Kind::PersonName && out[i].start < e && out[i].end > s {
                out.remove(i);
            } else {
                i += 1;
            }
        }
        out.push(f);
    }
}

/// The reason detail of a finding that used the gazetteer.
pub(crate) const GAZETTEER_REASON: &str = "đơn vị hành chính cấp xã, huyện";

/// How `value` (a field value) parses as an address chain: the most components of a chain in
/// it, and whether that chain used the gazetteer; used to score field values.
pub(crate) fn value_components(t: &str, lex: &Lexicon, s: usize, e: usize) -> (usize, bool) {
    let mut buf = Vec::new();
    let count = tokenize(t, s, e, &mut buf);
    let toks = &buf[..count];
    let p = Parser {
        t,
        toks,
        lex,
        lenient: true,
        accented: super::lexicon::accented_near(t, s),
        key: std::cell::RefCell::new(Key::default()),
        names: std::cell::RefCell::default(),
        lower: std::cell::RefCell::default(),
        units: std::cell::RefCell::default(),
    };
    let mut best = (0, false);
    for st in 0..toks.len().min(6) {
        // The whole value is an address: a gazetteer name may start it.
        if let Some((_, comps)) = p.chain(st, true)
            && comps.len() > best.0
        {
            best = (comps.len(), comps.iter().any(|c| c.gazetteer));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::GAZETTEER_REASON;
    use crate::{Config, Engine, Kind, ReasonCode};

    fn addrs(text: &str) -> Vec<String> {
        let e = Engine::new(Config::default().with_kinds(vec![Kind::Address]));
        e.detect(text).iter().map(|f| text[f.start..f.end].to_string()).collect()
    }

    /// The findings of both kinds as (kind, text, whether the gazetteer is among the reasons).
    fn found(text: &str) -> Vec<(Kind, String, bool)> {
        let kinds = vec![Kind::Address, Kind::PersonName];
        let e = Engine::new(Config::default().with_kinds(kinds));
        e.detect(text)
            .iter()
            .map(|f| {
                let gaz = f
                    .reasons
                    .iter()
                    .any(|r| r.code == ReasonCode::Lexicon && r.detail == GAZETTEER_REASON);
                (f.kind, text[f.start..f.end].to_string(), gaz)
            })
            .collect()
    }

    fn addr(s: &str, gaz: bool) -> (Kind, String, bool) {
        (Kind::Address, s.to_string(), gaz)
    }

    fn person(s: &str) -> (Kind, String, bool) {
        (Kind::PersonName, s.to_string(), false)
    }

    #[test]
    fn gazetteer_commune_after_its_unit_word_in_every_spelling() {
        // Cẩm Vũ (Cẩm Giàng, Hải Dương) is in the gazetteer, not in the hand-made places.
        let lex = super::super::lexicon::lexicon();
        assert!(!lex.is_place("cam vu"));
        assert!(lex.gazetteer.get("cẩm vũ", "cam vu", true).is_some());
        for (text, want) in [
            ("Bà Lan trú tại xã Cẩm Vũ, huyện Cẩm Giàng.", "xã Cẩm Vũ, huyện Cẩm Giàng"),
            ("Ba Lan tru tai xa Cam Vu, huyen Cam Giang.", "xa Cam Vu, huyen Cam Giang"),
            ("BÀ LAN TRÚ TẠI XÃ CẨM VŨ, HUYỆN CẨM GIÀNG.", "XÃ CẨM VŨ, HUYỆN CẨM GIÀNG"),
            ("BA LAN TRU TAI XA CAM VU, HUYEN CAM GIANG.", "XA CAM VU, HUYEN CAM GIANG"),
            // Old-style tone marks, and the name ends where the gazetteer's does.
            ("chị Hoa ở xã Hoà Tiến, huyện Hoà Vang", "xã Hoà Tiến, huyện Hoà Vang"),
        ] {
            let got = found(text);
            assert!(got.contains(&addr(want, true)), "{text}: {got:?}");
        }
        // Accented text is matched with its accents: a misspelt name is still parsed by the
        // grammar (capitalised words after a unit word) but not credited to the gazetteer.
        let got = found("Bà Lan trú tại xã Cẩm Vủ, huyện Cẩm Giàng.");
        assert!(got.contains(&addr("xã Cẩm Vủ, huyện Cẩm Giàng", true)), "{got:?}");
        let got = found("Bà Lan trú tại xã Cẩm Vủ.");
        assert!(got.contains(&addr("xã Cẩm Vủ", false)), "{got:?}");
    }

    #[test]
    fn gazetteer_name_ends_the_unit_and_leaves_the_person_after_it() {
        // Without the gazetteer the capitalised words after "xã" would run on into the name.
        let got = found("Ông Phạm Văn Tú trú tại xã Cẩm Vũ Cẩm Giàng Hải Dương.");
        assert!(got.contains(&addr("xã Cẩm Vũ Cẩm Giàng Hải Dương", true)), "{got:?}");
        let got = found("Chị Lê Thị Mai trú tại thị trấn Lai Cách Nguyễn Văn Hùng làm chứng.");
        assert!(got.contains(&addr("thị trấn Lai Cách", true)), "{got:?}");
        assert!(got.contains(&person("Nguyễn Văn Hùng")), "{got:?}");
        // Also when the person's name is a commune's ("Lê Hồng Phong") or follows a province.
        let got = found("Chủ tịch UBND xã Cẩm Vũ Lê Hồng Phong cho biết sẽ kiểm tra.");
        assert!(got.contains(&person("Lê Hồng Phong")), "{got:?}");
        let got = found("Giám đốc Sở Y tế tỉnh Hải Dương Lê Hồng Phong cho biết.");
        assert!(got.contains(&person("Lê Hồng Phong")), "{got:?}");
    }

    #[test]
    fn gazetteer_names_inside_a_chain() {
        for (text, want) in [
            (
                "Ông Vũ Văn Nam, thôn 3, Cẩm Vũ, Cẩm Giàng, Hải Dương.",
                "thôn 3, Cẩm Vũ, Cẩm Giàng, Hải Dương",
            ),
            (
                "Ong Vu Van Nam, thon 3, Cam Vu, Cam Giang, Hai Duong.",
                "thon 3, Cam Vu, Cam Giang, Hai Duong",
            ),
            ("Nhà ở thôn Đông, Cẩm Giàng, Hải Dương", "thôn Đông, Cẩm Giàng, Hải Dương"),
            // After an address cue a gazetteer name may start the chain.
            ("Anh Tuấn quê ở Cẩm Giàng, Hải Dương.", "Cẩm Giàng, Hải Dương"),
            ("Anh Tuan que o Cam Giang, Hai Duong.", "Cam Giang, Hai Duong"),
        ] {
            let got = found(text);
            assert!(got.contains(&addr(want, true)), "{text}: {got:?}");
        }
        // A field value (lenient: lower-case words) says it used the gazetteer too.
        let got = found("Địa chỉ: thôn 3, cẩm vũ, cẩm giàng, hải dương");
        assert!(got.contains(&addr("thôn 3, cẩm vũ, cẩm giàng, hải dương", true)), "{got:?}");
    }

    #[test]
    fn gazetteer_names_alone_are_not_addresses() {
        for text in [
            "Tân An, Hòa Bình và Minh Khai là những cái tên đẹp.",
            "Hôm qua Minh Khai đến lớp muộn.",
            "Trần Phú, Lê Lợi và Quang Trung là những danh nhân.",
            "Cẩm Giàng, Hải Dương và Cẩm Vũ được nhắc đến trong bài.",
            "Cẩm Vũ thắng giải.",
            "Đội Cẩm Giàng gặp đội Cẩm Vũ.",
            "12 Trần Phú là một địa chỉ quen thuộc.",
        ] {
            assert!(addrs(text).is_empty(), "{text}: {:?}", addrs(text));
        }
    }

    #[test]
    fn people_named_like_communes_stay_people() {
        for (text, name) in [
            ("ông Trần Phú đã ký biên bản.", "Trần Phú"),
            ("Ông Trần Phú, thôn 3, xã Cẩm Vũ, huyện Cẩm Giàng.", "Trần Phú"),
            ("Lê Lợi, 45 tuổi, trú tại xã Cẩm Vũ, huyện Cẩm Giàng.", "Lê Lợi"),
            ("Bị cáo Hoàng Văn Thụ khai nhận hành vi.", "Hoàng Văn Thụ"),
            ("Nguyễn Văn Cừ, thôn 3, xã Cẩm Vũ, huyện Cẩm Giàng.", "Nguyễn Văn Cừ"),
            ("Lê Hồng Phong, Cẩm Vũ, Cẩm Giàng", "Lê Hồng Phong"),
            ("anh Quang Trung", "Quang Trung"),
        ] {
            let got = found(text);
            assert!(got.contains(&person(name)), "{text}: {got:?}");
        }
        let got = found("Trần Phú, thôn 3, xã Cẩm Vũ, huyện Cẩm Giàng.");
        assert!(got.contains(&addr("thôn 3, xã Cẩm Vũ, huyện Cẩm Giàng", true)), "{got:?}");
    }

    #[test]
    fn old_and_new_forms() {
        assert_eq!(
            addrs("Ông A trú tại 12 ngõ 34 phố Mẫu, P. Tràng Tiền, Q. Hoàn Kiếm, Hà Nội."),
            ["12 ngõ 34 phố Mẫu, P. Tràng Tiền, Q. Hoàn Kiếm, Hà Nội"]
        );
        assert_eq!(
            addrs("nhà ở Số 5, hẻm 12, đường Mẫu, phường Sài Gòn, TP. Hồ Chí Minh"),
            ["Số 5, hẻm 12, đường Mẫu, phường Sài Gòn, TP. Hồ Chí Minh"]
        );
        assert_eq!(addrs("sống ở xã Tân Lập, tỉnh Phú Thọ"), ["xã Tân Lập, tỉnh Phú Thọ"]);
    }

    #[test]
    fn places_alone_and_letterheads_are_not_personal() {
        assert!(addrs("Đường Nguyễn Trãi tắc nghẽn.").is_empty());
        assert!(addrs("UBND phường Bến Nghé thông báo").is_empty());
        assert!(addrs("Trụ sở: 12 Lê Lai, phường Bến Thành, TP.HCM").is_empty());
    }
}
