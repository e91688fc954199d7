//! Person names from runs of capitalised syllables, and initials after a person cue.
//!
//! A run is a sequence of words that each start with an upper-case letter, separated by single
//! spaces. Leading titles (`Ông`, `Đ/c`, `BS.`) are cues; a leading or preceding street, school
//! or organisation word (`đường`, `trường THPT`, `UBND`) rejects the run as a name, and an
//! address unit word hands it to the address grammar. A name starts with a surname from the
//! lexicon, has two to five syllables that look like Vietnamese syllables, and is scored by
//! its middle and given names, its length and the cues before it.

use super::lexicon::{Key, Lexicon};
use super::{Claimed, RECALL_ONLY, finding, phrase_before, reason, word_end, words_before};
use crate::engine::Doc;
use crate::{Finding, Kind, ReasonCode};

/// Longest run considered, in words.
const MAX_RUN: usize = 12;

/// Handles the capitalised word starts `caps` (from [`super::attributes::scan_words`]): runs
/// of capitalised words and initials.
pub(crate) fn capital_runs(
    doc: &Doc<'_>,
    lex: &Lexicon,
    caps: &[usize],
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::PersonName) && !doc.enabled(Kind::Address) {
        return;
    }
    let mut resume = 0;
    let mut bufs = RunBuffers::default();
    for &i in caps {
        if i < resume {
            continue;
        }
        let next = run_at(doc, lex, i, claimed, &mut bufs, out);
        resume = next.max(i + 1);
    }
}

/// Buffers reused across the capital-letter runs of one text: the words of the run, their
/// folded lexicon keys, and the phrase being matched.
#[derive(Default)]
struct RunBuffers {
    words: Vec<(usize, usize)>,
    keys: Vec<Key>,
    phrase: Key,
}

fn starts_upper(t: &str, i: usize) -> bool {
    khien_text::char_at(t, i).is_some_and(char::is_uppercase)
}

/// Whether a word is shaped like one Vietnamese name syllable: letters only (an apostrophe in
/// `H'Hen`), title case or all caps, at most seven letters once folded.
fn syllable_like(word: &str, folded: &str) -> bool {
    // Seven letters at most in each part of "H'Nguyệt" (the prefix and the syllable).
    if folded.is_empty()
        || folded.split('\'').any(|part| part.len() > 7)
        || !folded.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
    {
        return false;
    }
    // Each part of "H'Hen" is checked on its own.
    word.split(['\'', '\u{2019}']).filter(|p| !p.is_empty()).all(|part| {
        let mut cs = part.chars();
        let first = cs.next().is_some_and(char::is_uppercase);
        let rest: Vec<char> = cs.collect();
        first && (rest.iter().all(|c| !c.is_uppercase()) || rest.iter().all(|c| !c.is_lowercase()))
    })
}

/// Whether a cue is a pronoun or title after which a given name alone is a person's name; in
/// text without accents the cue is compared folded ("ong" is "ông").
fn is_name_pronoun(cue: &str) -> bool {
    let group = &crate::words::words().name_pronouns;
    if group.contains(cue) {
        return true;
    }
    // "ban" is bạn but also ban (a committee: "Ban Trị sự") and bản (a village): too
    // ambiguous without accents.
    cue.is_ascii()
        && cue != "ban"
        && group.words.iter().any(|w| khien_text::strip_diacritics(w) == cue)
}

/// Whether the word `t[ps..pe]` is a lower-case name pronoun ("ông", "bà", "anh", "ong").
fn name_pronoun(t: &str, ps: usize, pe: usize) -> bool {
    let w = &t[ps..pe];
    pe - ps <= 8 && w.chars().next().is_some_and(char::is_lowercase) && is_name_pronoun(w)
}

/// Whether a single name after a pronoun ("ông Cần") is the given name of a person named in
/// full earlier in the text ("ông Lã Văn Cần").
fn given_name_found_before(t: &str, out: &[Finding], given: &str) -> bool {
    out.iter().any(|f| {
        f.kind == Kind::PersonName
            && f.end <= t.len()
            && t[f.start..f.end].rsplit(' ').next().is_some_and(|last| last == given)
            && t[f.start..f.end].contains(' ')
    })
}

/// Whether a word can be part of a foreign name: title case Latin letters, unknown to the
/// lexicons. (A Vietnamese surname may follow it: "Sarah Nguyen".)
fn foreign_name_word(lex: &Lexicon, w: &str) -> bool {
    latin_title_case(w) && !super::lexicon::is_known(lex, w.as_bytes())
}

/// Title case, Latin letters (accents allowed, as in "José"), two to twelve letters.
fn latin_title_case(w: &str) -> bool {
    let mut cs = w.chars();
    let Some(first) = cs.next() else { return false };
    let n = w.chars().count();
    first.is_uppercase()
        && (2..=12).contains(&n)
        && cs.all(|c| c.is_lowercase() && c.is_alphabetic())
        && w.chars().all(|c| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c))
}

/// Later mentions of a person by the given name alone, after the full name earlier in the same
/// text: news and records name a person in full once, then by the given name ("… bị cáo Đỗ Thị
/// Ngọc Hân (SN 1991) … Theo cáo trạng, Hân đã …", "Ông Nhiên cho biết …"). The given name must
/// stand as a word of its own in title case, outside every finding so far, not inside a longer
/// capitalised run ("Hân Phong"), not after a unit word ("tỉnh Bình"), and not be a place or an
/// organisation word ("Nam" of "Nguyễn Văn Nam" in "miền Nam").
pub(crate) fn later_mentions(
    doc: &Doc<'_>,
    lex: &Lexicon,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::PersonName) {
        return;
    }
    let t = doc.text;
    let b = t.as_bytes();
    // (given name, end of its first full mention)
    let mut givens: Vec<(&str, usize)> = Vec::new();
    for f in out.iter().filter(|f| f.kind == Kind::PersonName && f.end <= t.len()) {
        let name = &t[f.start..f.end];
        let Some((_, given)) = name.rsplit_once(' ') else { continue };
        if name.contains('.') || !starts_upper(given, 0) || givens.iter().any(|(g, _)| *g == given)
        {
            continue;
        }
        let key = Key::of(given);
        if !syllable_like(given, &key.folded)
            || crate::words::words().later_mention_stops.contains(&key.lower)
            || lex.is_place(&key.folded)
            || lex.not_person.has(&key)
            || lex.units.has(&key)
        {
            continue;
        }
        givens.push((given, f.end));
    }
    if givens.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for &(given, after) in &givens {
        // Within a few paragraphs of the full name: a file of many records must not carry one
        // record's given names into the others.
        let mut reach = (after + LATER_MENTION_REACH).min(b.len());
        while !t.is_char_boundary(reach) {
            reach -= 1;
        }
        // In the same paragraph: a later mention follows its full name before the line ends.
        let reach = memchr::memchr(b'\n', &b[after..reach]).map_or(reach, |nl| after + nl);
        for at in memchr::memmem::find_iter(&b[after..reach], given.as_bytes()).map(|o| after + o) {
            let end = at + given.len();
            if super::word_char_before(t, at) || super::word_char_at(t, end) {
                continue;
            }
            if !unclaimed(claimed, out, at, end) {
                continue;
            }
            // In the middle of a sentence, where a capital marks a name: after a lower-case
            // word, a comma or a person cue ("Theo cáo trạng, Hân đã", "cho biết Duyên đang",
            // "Ông Nhiên cho biết"). At the start of a line, a cell or a sentence a capital says
            // nothing ("| Bảo trì", "Ngân hàng", "Công ty").
            let before = super::words_before(t, at, 1);
            let adjacent = before.last().filter(|&&(_, pe)| pe + 1 == at);
            let cue = adjacent.is_some_and(|&(ps, pe)| is_cue_word(lex, t, ps, pe));
            let mid_sentence = cue
                || t[..at].trim_end_matches(' ').ends_with(',')
                || adjacent.is_some_and(|&(ps, _)| t[ps..].starts_with(char::is_lowercase));
            // Not inside a longer capitalised run, not the first word of a compound the
            // lexicons know ("Ngân hàng"), not after a unit word.
            let next = (b.get(end) == Some(&b' ')).then(|| (end + 1, word_end(t, end + 1)));
            let next_upper = next.is_some_and(|(ns, _)| starts_upper(t, ns));
            let compound = next.is_some_and(|(_, ne)| {
                let pair = Key::of(&t[at..ne]);
                lex.not_person.has(&pair)
                    || lex.units.has(&pair)
                    || lex.person_cues.has(&pair)
                    || crate::words::words().later_mention_compounds.contains(&pair.lower)
            });
            let after_unit = before.last().is_some_and(|&(ps, pe)| {
                super::lexicon::is_unit_word(lex, &b[ps..pe])
                    || crate::words::words()
                        .later_mention_not_after
                        .contains(&khien_text::fold(&t[ps..pe]))
            });
            if !mid_sentence || next_upper || compound || after_unit || starts_title(lex, t, at) {
                continue;
            }
            let reasons = vec![reason(ReasonCode::Lexicon, "tên đã nêu đầy đủ trước đó")];
            if let Some(f) = finding(Kind::PersonName, at, end, 0.5, reasons) {
                found.push(f);
            }
        }
    }
    out.extend(found);
}

/// Whether `s..e` is free: outside the claimed ranges and every finding in `out`.
fn unclaimed(claimed: &Claimed, out: &[Finding], s: usize, e: usize) -> bool {
    !claimed.overlaps(s, e) && !overlaps_finding(out, s, e)
}

/// Whether `s..e` overlaps one of `findings`.
fn overlaps_finding(findings: &[Finding], s: usize, e: usize) -> bool {
    findings.iter().any(|f| f.start < e && s < f.end)
}

/// Whether the word `ps..pe` is a person cue ("ông", "bị cáo", "ck").
fn is_cue_word(lex: &Lexicon, t: &str, ps: usize, pe: usize) -> bool {
    lex.person_cues.has(&Key::of(&t[ps..pe]))
}

/// How far after a full name its given name alone is read as a later mention, in bytes.
const LATER_MENTION_REACH: usize = 3000;

/// Names in a list with a name found: "các tay chèo Danh Thái, Sơn Văn Phol, Kim Sa Muônl và
/// Lâm Sóc Khim", "bị cáo Quách Thị Loan, Khúc Văn Thái … và Ung Văn Bảy". The items next to a
/// found name (", ", "; ", " và ", " cùng ") that are two to four title-case syllables, none of
/// them a title, unit or organisation word and not a place as a whole, are names too; each new
/// one extends the list in turn.
pub(crate) fn list_neighbours(
    doc: &Doc<'_>,
    lex: &Lexicon,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::PersonName) {
        return;
    }
    let t = doc.text;
    let mut queue: Vec<(usize, usize)> = out
        .iter()
        .filter(|f| f.kind == Kind::PersonName && t[f.start..f.end].contains(' '))
        .map(|f| (f.start, f.end))
        .collect();
    let mut found: Vec<Finding> = Vec::new();
    while let Some((s, e)) = queue.pop() {
        for item in [list_item_after(t, e), list_item_before(t, s)].into_iter().flatten() {
            let (is, ie) = item;
            if !unclaimed(claimed, out, is, ie)
                || overlaps_finding(&found, is, ie)
                || !list_name_shaped(lex, &t[is..ie])
                // A title from the first or the second word on ("Phó Trưởng Công an …").
                || starts_title(lex, t, is)
                || t[is..ie].find(' ').is_some_and(|sp| starts_title(lex, t, is + sp + 1))
                || label_before_value(t, ie)
                // A list that goes on with a place is a list of places ("Hoàng Hoa Thám, Ngọc
                // Hà, Hà Nội").
                || list_item_after(t, ie).is_some_and(|(ns, ne)| lex.is_place(&Key::of(&t[ns..ne]).folded))
                // A street before a name: "đường Lê Lợi, Hà Văn Trọng".
                || words_before(t, is, 1)
                    .last()
                    .is_some_and(|&(ps, pe)| super::lexicon::is_unit_word(lex, &t.as_bytes()[ps..pe]))
            {
                continue;
            }
            let reasons = vec![reason(ReasonCode::Structure, "trong danh sách người")];
            if let Some(f) = finding(Kind::PersonName, is, ie, 0.5, reasons) {
                found.push(f);
                queue.push(item);
            }
        }
    }
    out.extend(found);
}

/// The separators of a list of people.
const LIST_SEPARATORS: [&str; 4] = [", ", "; ", " và ", " cùng "];

/// The words one space apart right after a list separator at `end`, while `keep` accepts them,
/// at most `most`.
fn words_after_separator(
    t: &str,
    end: usize,
    most: usize,
    keep: impl Fn(&str) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let rest = &t[end..];
    let sep = LIST_SEPARATORS.iter().find(|sep| rest.starts_with(**sep))?;
    let mut words = Vec::new();
    let mut e = end + sep.len();
    while words.len() < most {
        let we = word_end(t, e);
        if we == e || !keep(&t[e..we]) {
            break;
        }
        words.push((e, we));
        if t.as_bytes().get(we) != Some(&b' ') {
            break;
        }
        e = we + 1;
    }
    Some(words)
}

/// The title-case run right after a list separator at `end`: two to four words (a fifth makes
/// it a heading or an organisation).
fn list_item_after(t: &str, end: usize) -> Option<(usize, usize)> {
    let words = words_after_separator(t, end, 5, |w| starts_upper(w, 0))?;
    let (&(s, _), &(_, e)) = (words.first()?, words.last()?);
    (2..=4).contains(&words.len()).then_some((s, e))
}

/// The title-case run that ends at a list separator right before `start`.
fn list_item_before(t: &str, start: usize) -> Option<(usize, usize)> {
    let head = &t[..start];
    let sep = LIST_SEPARATORS.iter().find(|sep| head.ends_with(**sep))?;
    let e = start - sep.len();
    let words = words_before(t, e, 5);
    let mut s = e;
    let mut n = 0;
    for &(ws, we) in words.iter().rev() {
        // Consecutive words one space apart, each in title case.
        if (n == 0 && we != e) || (n > 0 && we + 1 != s) || !starts_upper(t, ws) {
            break;
        }
        s = ws;
        n += 1;
    }
    // The run must start the list item: a lower-case word or punctuation before it.
    let open =
        words.iter().rev().nth(n).is_none_or(|&(ws, we)| we + 1 != s || !starts_upper(t, ws));
    ((2..=4).contains(&n) && open).then_some((s, e))
}

/// Whether the words from `at` on start a title or role ("Phó Trưởng phòng", "Trưởng phòng
/// Tổ chức"): one to four words, whatever their case.
fn starts_title(lex: &Lexicon, t: &str, at: usize) -> bool {
    let mut e = at;
    let mut phrase = Key::default();
    for _ in 0..4 {
        let we = word_end(t, e);
        if we == e {
            break;
        }
        phrase.set(&t[at..we]);
        if lex.person_cues.has(&phrase) {
            return true;
        }
        if t.as_bytes().get(we) != Some(&b' ') {
            break;
        }
        e = we + 1;
    }
    false
}

/// Whether the words before `end` are a label of the value after them ("SINH NGÀY 05/02/1992",
/// "Họ tên: …"): a digit or a colon follows.
fn label_before_value(t: &str, end: usize) -> bool {
    let rest = t[end..].trim_start_matches(' ');
    rest.starts_with(':') || rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a list item reads as a person's name: syllables only, no title, unit or
/// organisation word, not a place.
fn list_name_shaped(lex: &Lexicon, item: &str) -> bool {
    let whole = Key::of(item);
    if lex.is_place(&whole.folded) || lex.not_person.has(&whole) || lex.units.has(&whole) {
        return false;
    }
    item.split(' ').enumerate().all(|(i, w)| {
        let k = Key::of(w);
        // A surname first stands for itself even when it is also a word ("Đoàn Minh Quân").
        let surname_first = i == 0 && lex.surnames.has(&k);
        syllable_like(w, &k.folded)
            && !lex.person_cues.has(&k)
            && (surname_first
                || (!lex.not_person.has(&k)
                    && !lex.units.has(&k)
                    && !lex.unit_abbrevs.contains_key(w)))
    })
}

/// The lower-case full name listed right after `end` (", đào ngọc bích"): two to four lower-case
/// words, a catalogued surname first, and a catalogued given name last or "văn"/"thị" inside.
fn lowercase_item_after(
    lex: &Lexicon,
    t: &str,
    end: usize,
    accented: bool,
) -> Option<(usize, usize)> {
    let words = words_after_separator(t, end, 4, |w| w.chars().all(char::is_lowercase))?;
    let (&(fs, fe), &(ls, le)) = (words.first()?, words.last()?);
    let key = |a: usize, b: usize| Key::in_ctx(&t[a..b], accented);
    let middle = words[1..].iter().any(|&(a, b)| super::person_middle(&key(a, b).folded));
    (words.len() >= 2 && lex.surnames.has(&key(fs, fe)) && (lex.given.has(&key(ls, le)) || middle))
        .then_some((fs, le))
}

/// Full names written all in lower case, as chats and forms typed on a phone carry them ("ds tình
/// nguyện viên: lê thị mỹ duyên, phan văn hậu", "nguyen van nam 0389…"): a catalogued surname,
/// "văn" or "thị", and one or two catalogued given names, every word in lower case. "văn" and
/// "thị" after anything but a surname are ordinary words ("ngữ văn", "đô thị", "thị xã").
pub(crate) fn lowercase_names(
    doc: &Doc<'_>,
    lex: &Lexicon,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::PersonName) {
        return;
    }
    let t = doc.text;
    let b = t.as_bytes();
    let mut found = Vec::new();
    for middle in [" văn ", " thị ", " van ", " thi "] {
        for at in memchr::memmem::find_iter(b, middle.as_bytes()) {
            let Some(&(ss, se)) = words_before(t, at, 1).last() else { continue };
            if se != at || !t[ss..se].chars().all(char::is_lowercase) {
                continue;
            }
            let accented = !middle.is_ascii();
            let surname = Key::in_ctx(&t[ss..se], accented);
            if !lex.surnames.has(&surname) {
                continue;
            }
            // One or two given names after the middle name, the last one catalogued.
            let mut end = None;
            let mut e = at + middle.len();
            for _ in 0..2 {
                let we = word_end(t, e);
                if we == e || !t[e..we].chars().all(char::is_lowercase) {
                    break;
                }
                let given = Key::in_ctx(&t[e..we], accented);
                if lex.given.has(&given) || lex.middles.has(&given) {
                    if lex.given.has(&given) {
                        end = Some(we);
                    }
                } else {
                    break;
                }
                if b.get(we) != Some(&b' ') {
                    break;
                }
                e = we + 1;
            }
            let Some(end) = end else { continue };
            // Set apart as a name: at a line's start or after punctuation or a person cue, and
            // before punctuation, a number, the end or a person cue ("lê thị mỹ duyên, phan văn
            // hậu,", "nguyen van nam 0389…"); running prose joins ordinary words the same way
            // ("quản lý thị trường", "đô thị thông minh").
            let open = words_before(t, ss, 1)
                .last()
                .is_none_or(|&(ps, pe)| pe + 1 != ss || is_cue_word(lex, t, ps, pe))
                && !t[..ss].ends_with(|c: char| c.is_alphanumeric());
            let rest = t[end..].trim_start_matches(' ');
            let closed = rest.is_empty() || rest.starts_with(|c: char| !c.is_alphabetic()) || {
                let ns = t.len() - rest.len();
                is_cue_word(lex, t, ns, word_end(t, ns))
            };
            if !open || !closed {
                continue;
            }
            if !unclaimed(claimed, out, ss, end) {
                continue;
            }
            let reasons = vec![
                reason(ReasonCode::Lexicon, "họ, tên đệm và tên trong danh mục"),
                reason(ReasonCode::Structure, "tên viết thường"),
            ];
            if let Some(f) = finding(Kind::PersonName, ss, end, 0.5, reasons) {
                found.push(f);
            }
            // The lower-case names listed after it ("…, phan văn hậu, đào ngọc bích").
            let mut last = end;
            while let Some((is, ie)) = lowercase_item_after(lex, t, last, accented) {
                if !unclaimed(claimed, out, is, ie) || overlaps_finding(&found, is, ie) {
                    break;
                }
                let reasons = vec![
                    reason(ReasonCode::Structure, "trong danh sách người"),
                    reason(ReasonCode::Structure, "tên viết thường"),
                ];
                if let Some(f) = finding(Kind::PersonName, is, ie, 0.5, reasons) {
                    found.push(f);
                }
                last = ie;
            }
        }
    }
    out.extend(found);
}

/// A name candidate inside a run.
struct Candidate {
    start: usize,
    end: usize,
    score: f32,
    reasons: Vec<crate::Reason>,
}

/// Handles the capitalised word at `i`; returns where scanning resumes.
fn run_at(
    doc: &Doc<'_>,
    lex: &Lexicon,
    i: usize,
    claimed: &Claimed,
    s: &mut RunBuffers,
    out: &mut Vec<Finding>,
) -> usize {
    let t = doc.text;
    let b = t.as_bytes();
    let e0 = word_end(t, i);
    if e0 == i {
        return i + 1;
    }
    // Initials: "N.V.A.", "Đ.V.T.", "T." after a person cue.
    if t[i..e0].chars().count() == 1
        && b.get(e0) == Some(&b'.')
        && let Some(end) = initials(doc, lex, i, claimed, out)
    {
        return end;
    }
    // Collect the run.
    s.words.clear();
    s.words.push((i, e0));
    let mut e = e0;
    while s.words.len() < MAX_RUN && b.get(e) == Some(&b' ') && starts_upper(t, e + 1) {
        let we = word_end(t, e + 1);
        if we == e + 1 {
            break;
        }
        // An initial ("N.") starts its own candidate.
        if b.get(we) == Some(&b'.') && t[e + 1..we].chars().count() == 1 {
            break;
        }
        s.words.push((e + 1, we));
        e = we;
    }
    let run_end = e;
    if claimed.overlaps(i, run_end) {
        return run_end;
    }
    let n = s.words.len();
    let known = |ws: usize, we: usize| super::lexicon::is_known(lex, &t.as_bytes()[ws..we]);
    let anchor = |ws: usize, we: usize| super::lexicon::is_anchor(lex, &t.as_bytes()[ws..we]);
    let unit = |ws: usize, we: usize| super::lexicon::is_unit_word(lex, &t.as_bytes()[ws..we]);
    // Nothing can come of a run without a surname, given name, unit or place word in it or a
    // unit word or number just before it (the common case of sentence-initial words and proper
    // nouns of other kinds): look at one word back before looking further.
    if !s.words.iter().any(|&(ws, we)| anchor(ws, we))
        && words_before(t, i, 1).last().is_none_or(|&(ps, pe)| {
            !unit(ps, pe) && !t.as_bytes()[ps].is_ascii_digit() && !name_pronoun(t, ps, pe)
        })
    {
        return run_end;
    }
    let before = words_before(t, i, 3);
    // A transfer message names its sender first: "LE THANH HANH chuyen khoan" ("LE" is then the
    // surname, not the unaccented "lễ"), in capitals without marks even beside an app's
    // accented labels.
    let memo = memo_after(t, run_end);
    let accented = super::lexicon::accented_near(t, i) && !(memo && t[i..run_end].is_ascii());
    s.keys.resize(n, Key::default());
    for (k, &(ws, we)) in s.words.iter().enumerate() {
        s.keys[k].accented_ctx = accented;
        s.keys[k].set(&t[ws..we]);
    }
    let kw = &s.keys;

    // A single capitalised word at a sentence start with nothing before it is the common case:
    // leave early unless it is an address unit or a title.
    if n == 1
        && before.is_empty()
        && !lex.units.has(&kw[0])
        && !lex.unit_abbrevs.contains_key(&t[i..e0])
    {
        return run_end;
    }

    // What precedes the run on the line.
    let mut cue: Option<String> = None;
    // Whether a name found here is only for a recall-first caller.
    let mut weak = false;
    if let Some(&(ps, pe)) = before.last() {
        let raw = &t[ps..pe];
        let numbering = matches!(b.get(pe), Some(b'.' | b')'));
        if lex.unit_abbrevs.contains_key(raw) {
            // "P. Tràng Tiền", "Q. Hoàn Kiếm".
            return super::address::around(doc, lex, i, claimed, out).unwrap_or(run_end);
        }
        // A number then a space: "[17:45] Hoàng Văn Đức" is a chat line's time, not a house.
        if raw.bytes().next().is_some_and(|c| c.is_ascii_digit())
            && !numbering
            && pe < i
            && b.get(pe) == Some(&b' ')
        {
            // "12 Lê Lai": a house number and a street (a space apart: "615/QĐ-UBND" is a
            // document number).
            if let Some(end) = super::address::around(doc, lex, i, claimed, out) {
                return end;
            }
        }
        let hit = if known(ps, pe) {
            phrase_before(t, i, 3, |p| {
                lex.person_cues.has(p) || lex.not_person.has(p) || lex.units.has(p)
            })
        } else {
            None
        };
        if let Some((_, p)) = hit {
            if lex.units.has(&p) && !lex.person_cues.has(&p) {
                let found = out.len();
                if let Some(end) = super::address::around(doc, lex, i, claimed, out) {
                    // No address came of it: recall first, after a residents' group ("tổ",
                    // "xóm", level 3) the run may still be a person's name ("tổ Cao Văn
                    // Luyến"); after a street word it is a street named after one.
                    if out.len() > found || !doc.recall_first() || lex.units.get(&p) != Some(&3) {
                        return end;
                    }
                    weak = true;
                }
            } else if lex.not_person.has(&p) && !lex.person_cues.has(&p) {
                return run_end;
            } else if !(b.get(pe) == Some(&b'.') && raw.starts_with(char::is_lowercase)) {
                // A lower-case word before a dot ends a sentence ("… cho bệnh nhân. Hợp tác
                // xã …", "… gặp anh. Lan …"); "BS. Tuấn" is an abbreviation.
                cue = Some(p.lower);
            }
        }
    }

    let memo = memo && cue.is_none();
    if memo {
        cue = Some(MEMO_CUE.to_string());
    }

    // A sentence written in capitals is one long run: inside it, person cues ("ANH", "CHÁU",
    // "THƯƠNG BINH") count as they would before a run, organisation words are prose, and a
    // name without a cue needs more evidence (middle and given names from the lexicons).
    let caps_run =
        n >= 3 && s.words.iter().all(|&(ws, we)| !t[ws..we].chars().any(char::is_lowercase));

    // Leading words of the run: titles, units, organisation words.
    let mut j = 0;
    while j < n {
        let mut matched = 0;
        let mut what = 0u8; // 1 person cue, 2 not person, 3 unit
        let phrase = &mut s.phrase;
        phrase.accented_ctx = accented;
        for k in j..n.min(j + 3) {
            // The run's words stand one space apart, so the phrase's key is theirs joined.
            phrase.set_joined(&kw[j..=k]);
            let raw = &t[s.words[k].0..s.words[k].1];
            let unit = lex.units.has(phrase) || (k == j && lex.unit_abbrevs.contains_key(raw));
            if unit && !lex.person_cues.has(phrase) {
                matched = k - j + 1;
                what = 3;
            } else if lex.person_cues.has(phrase) {
                matched = k - j + 1;
                what = 1;
            } else if lex.not_person.has(phrase) {
                matched = k - j + 1;
                what = 2;
            }
        }
        // A single word that is also a surname ("Đoàn", "Hồ", "Ngô" read as "ngõ" without
        // accents) starts a name when a cue stands before it or a middle name follows.
        let surname_here = matched == 1 && lex.surnames.has(&kw[j]);
        let middle_next = j + 1 < n && lex.middles.has(&kw[j + 1]);
        // Without accents a kinship word and a surname are one word ("Vo" is vợ and Võ, "Chau"
        // is cháu and Châu): before a middle name it is the surname.
        if surname_here
            && ((what == 2 && cue.is_some())
                || (what == 3 && middle_next && kw[j].unaccented())
                || (what == 1 && middle_next && kw[j].unaccented()))
        {
            break;
        }
        // Recall first, a surname that is also a place or unit word ("Hồ", a lake; "Đồng", a
        // field) before a middle name starts a name ("Hồ Sỹ Nguyên" under a signature).
        if surname_here && matches!(what, 2 | 3) && middle_next && doc.recall_first() {
            weak = true;
            break;
        }
        // A surname that is also a place or unit word ("Hồ", a lake) before "Văn" or "Thị"
        // starts a name ("Hồ Văn Dũng") unless an address comes of it.
        if surname_here
            && matches!(what, 2 | 3)
            && j + 1 < n
            && super::person_middle(&kw[j + 1].folded)
        {
            if what == 3 {
                let found = out.len();
                let end = super::address::around(doc, lex, s.words[j].0, claimed, out);
                if out.len() > found {
                    return end.unwrap_or(run_end);
                }
            }
            break;
        }
        match what {
            3 => {
                return super::address::around(doc, lex, s.words[j].0, claimed, out)
                    .unwrap_or(run_end);
            }
            2 if caps_run && j + matched < n => j += matched,
            2 => return run_end,
            1 if j + matched < n => {
                // A title is only a title when a capitalised word follows it.
                cue = Some(Key::of(&t[s.words[j].0..s.words[j + matched - 1].1]).lower);
                j += matched;
            }
            _ => break,
        }
    }
    if !doc.enabled(Kind::PersonName) || j >= n {
        return run_end;
    }
    if memo && j > 0 {
        // "CONG TY AN PHAT chuyen khoan": the sender is the organisation, not a person.
        return run_end;
    }

    // The best surname-led candidate in the run; in a sentence written in capitals, every
    // name of it ("BÀ ĐINH THỊ MẬN PHẢN ÁNH HỘ ÔNG LÃ VĂN CƯỜNG…").
    let mut best: Option<Candidate> = None;
    let mut all: Vec<Candidate> = Vec::new();
    for k in j..n {
        // A rare surname ("Sa Thị Diễm", "Quang Thị Diệu") is known by the middle name after
        // it: "Thị" always, any catalogued middle name after a title.
        // Not inside a sentence in capitals, where common words pass for names ("ĐANG CÔNG
        // TÁC"), and only first in the run ("Quan Âm Thị Kính" is a play).
        let rare_surname = !caps_run
            && k == j
            && k + 2 < n
            && t[s.words[k].0..s.words[k].1].chars().skip(1).all(char::is_lowercase)
            && (kw[k + 1].folded == "thi"
                || (k == j
                    && cue.as_deref().is_some_and(is_name_pronoun)
                    && lex.middles.has(&kw[k + 1])));
        let first_ok = lex.surnames.has(&kw[k])
            || (kw[k].folded.starts_with("h'") && kw[k].folded.len() > 2)
            || rare_surname;
        if !first_ok || !syllable_like(&t[s.words[k].0..s.words[k].1], &kw[k].folded) {
            continue;
        }
        // Capitalised words between the title and the surname that are organisation words
        // reject the rest of the run (not in an all-capitals sentence, where they are prose).
        if !caps_run && (j..k).any(|q| lex.not_person.has(&kw[q])) {
            break;
        }
        let inner_cue = if caps_run && k > j {
            (1..=3.min(k - j)).rev().find_map(|len| {
                s.phrase.accented_ctx = kw[k].accented_ctx;
                s.phrase.set(&t[s.words[k - len].0..s.words[k - 1].1]);
                lex.person_cues.has(&s.phrase).then(|| s.phrase.lower.clone())
            })
        } else {
            None
        };
        let after_label = k == j && t[..s.words[k].0].trim_end_matches(' ').ends_with(':');
        let this_cue = if k == j { cue.clone() } else { inner_cue };
        let relaxed = doc.recall_first();
        let Some(mut c) =
            candidate(t, lex, s, k, n, this_cue.as_deref(), after_label, caps_run, relaxed)
        else {
            continue;
        };
        if weak {
            c.score = c.score.min(RECALL_ONLY);
        }
        if caps_run {
            all.push(c);
            continue;
        }
        if best.as_ref().is_none_or(|b| c.score > b.score) {
            best = Some(c);
        }
    }
    if caps_run && !all.is_empty() {
        // Higher scores first, then earlier; keep those that do not overlap a kept one.
        all.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for c in all {
            if kept.iter().any(|&(s, e)| c.start < e && s < c.end)
                || claimed.overlaps(c.start, c.end)
            {
                continue;
            }
            kept.push((c.start, c.end));
            if let Some(f) = finding(Kind::PersonName, c.start, c.end, c.score, c.reasons) {
                out.push(f);
            }
        }
        return run_end;
    }
    if let Some(c) = best {
        if !claimed.overlaps(c.start, c.end)
            && let Some(f) = finding(Kind::PersonName, c.start, c.end, c.score, c.reasons)
        {
            out.push(f);
        }
        return run_end;
    }
    // A given name alone after a pronoun: "chị Lan", "anh Tuấn Anh", "a Tuan".
    if let Some(c) = &cue {
        let rest = n - j;
        let pronoun = is_name_pronoun(c);
        let joined = Key::of(&t[s.words[j].0..run_end]).folded;
        // A single word in capitals in a mixed-case sentence is an acronym or a word set
        // apart ("chữ NHẪN"), not a given name.
        let shouted = !caps_run
            && rest == 1
            && !t[s.words[j].0..run_end].chars().any(char::is_lowercase)
            && b[i.saturating_sub(40)..(run_end + 40).min(b.len())]
                .iter()
                .any(u8::is_ascii_lowercase);
        // Recall first, three syllables too: the names of the Central Highlands and the
        // northern mountains are written without a catalogued surname ("ông A Lăng Bhơ",
        // "anh Pờ Seo Chứ", "bị cáo Rah Lan Chín").
        let longest = if doc.recall_first() { 3 } else { 2 };
        let shaped = pronoun
            && !shouted
            && (1..=longest).contains(&rest)
            && (j..n).all(|q| syllable_like(&t[s.words[q].0..s.words[q].1], &kw[q].folded))
            && !lex.provinces.contains(&joined)
            && !lex.places.contains(&joined);
        // (Only for a run shaped like a given name: the look-back reads every finding so far.)
        let known = shaped
            && (lex.given.has(&kw[n - 1])
                || given_name_found_before(t, out, &t[s.words[j].0..run_end]));
        // A given name the lexicon does not know ("chị Ngát") only for a recall-first caller.
        let score = if known && !weak { 0.55 } else { RECALL_ONLY };
        if shaped && (known || doc.recall_first()) {
            let reasons = vec![
                reason(ReasonCode::Keyword, c.clone()),
                reason(ReasonCode::Lexicon, if known { "tên riêng" } else { "tên sau danh xưng" }),
            ];
            if let Some(f) = finding(Kind::PersonName, s.words[j].0, run_end, score, reasons) {
                out.push(f);
            }
        }
    }
    // A foreign name after a title: "ông Julien Marchal", "bà Anna Schmidt". Two or three
    // title-case words of Latin letters that no lexicon knows (so not a place, an organisation
    // or a Vietnamese word).
    // (Any person cue: a pronoun, a title or a role: "HLV Carlos Mendes", "chuyên gia Tanaka
    // Hiroshi".)
    if let Some(c) = &cue
        && c != MEMO_CUE
        && (2..=3).contains(&(n - j))
        && foreign_name_word(lex, &t[s.words[j].0..s.words[j].1])
        && (j + 1..n).all(|q| {
            let w = &t[s.words[q].0..s.words[q].1];
            // A Vietnamese surname written without accents, as abroad ("Sarah Nguyen").
            foreign_name_word(lex, w)
                || (latin_title_case(w) && w.is_ascii() && lex.surnames.has(&Key::of(w)))
        })
    {
        let reasons = vec![
            reason(ReasonCode::Keyword, c.clone()),
            reason(ReasonCode::Structure, "tên nước ngoài sau danh xưng"),
        ];
        if !claimed.overlaps(s.words[j].0, run_end)
            && let Some(f) = finding(Kind::PersonName, s.words[j].0, run_end, 0.6, reasons)
        {
            out.push(f);
            return run_end;
        }
    }
    // A province or place alone after an address cue: "quê Thanh Hóa", "ở Hải Phòng".
    s.phrase.set(&t[s.words[j].0..run_end]);
    if lex.is_place(&s.phrase.folded)
        && let Some(end) = super::address::around(doc, lex, s.words[j].0, claimed, out)
    {
        return end;
    }
    run_end
}

/// Scores the name that starts with the surname at word `k` of the run: every length from two
/// to five syllables is tried and the best kept.
#[allow(clippy::too_many_arguments)]
fn candidate(
    t: &str,
    lex: &Lexicon,
    s: &RunBuffers,
    k: usize,
    n: usize,
    cue: Option<&str>,
    after_label: bool,
    strict: bool,
    relaxed: bool,
) -> Option<Candidate> {
    let kw = &s.keys;
    let mut m_max = k;
    while m_max + 1 < n && m_max + 1 - k < 5 {
        let (ws, we) = s.words[m_max + 1];
        if !syllable_like(&t[ws..we], &kw[m_max + 1].folded) {
            break;
        }
        m_max += 1;
    }
    let mut best: Option<Candidate> = None;
    for m in k + 1..=m_max {
        if let Some(c) = score_name(t, lex, s, k, m, n, cue, after_label, strict, relaxed)
            && best.as_ref().is_none_or(|b| c.score > b.score - 1e-6)
        {
            best = Some(c);
        }
    }
    best
}

#[allow(clippy::too_many_arguments)]
fn score_name(
    t: &str,
    lex: &Lexicon,
    s: &RunBuffers,
    k: usize,
    m: usize,
    n: usize,
    cue: Option<&str>,
    after_label: bool,
    strict: bool,
    relaxed: bool,
) -> Option<Candidate> {
    let kw = &s.keys;
    let len = m - k + 1;
    let ks = s.words[k].0;
    let name_end = s.words[m].1;
    thread_local! {
        static BUF: std::cell::RefCell<(String, Key)> = std::cell::RefCell::new((String::new(), Key::default()));
    }
    let rejected = BUF.with(|cell| {
        let (joined, pair) = &mut *cell.borrow_mut();
        // Place names ("Hà Nội", "Cao Bằng", "Hoàng Anh Gia Lai"): not a name without a cue
        // (a transfer message's words after it are no cue for that: "HA NOI chuyen khoan").
        if cue.is_none_or(|c| c == MEMO_CUE) {
            joined.clear();
            for (q, w) in kw[k..=m].iter().enumerate() {
                if q > 0 {
                    joined.push(' ');
                }
                joined.push_str(&w.folded);
            }
            if lex.is_place(joined) {
                return true;
            }
            if len >= 3 {
                let cut = joined.len() - kw[m].folded.len() - kw[m - 1].folded.len() - 1;
                if lex.provinces.contains(&joined[cut..]) {
                    return true;
                }
            }
        }
        // A title inside ("PHÓ CHỦ TỊCH"): not a name.
        for q in k..m {
            pair.accented_ctx = kw[q].accented_ctx;
            pair.set(&t[s.words[q].0..s.words[q + 1].1]);
            if lex.person_cues.has(pair) || lex.not_person.has(pair) {
                return true;
            }
        }
        false
    });
    if rejected {
        return None;
    }
    // Ê Đê and Jrai names put the clan last after a man's "Y" or a woman's "H'": "Y Thoan
    // Êban", "H'Nguyệt Niê". The clan there stands where a given name would.
    let clan_last = m > k
        && (kw[k].folded == "y" || kw[k].folded.starts_with("h'"))
        && lex.surnames.has(&kw[m]);
    let in_given = lex.given.has(&kw[m]) || clan_last;
    // What the report leaves out for want of evidence (no cue, few lexicon hits), a
    // recall-first caller still gets, at a score below the report floor.
    let mut weak = false;
    if len == 2 && cue.is_none() && !in_given {
        return None;
    }
    let share = lex.surnames.get(&kw[k]).copied().unwrap_or(0.0);
    let mut score: f32 = 0.3;
    let mut reasons = Vec::with_capacity(4);
    if share >= 1.0 {
        score += 0.1;
        reasons.push(reason(ReasonCode::Lexicon, format!("họ phổ biến ({share}% dân số)")));
    } else if lex.surnames.has(&kw[k]) {
        reasons.push(reason(ReasonCode::Lexicon, "họ trong danh mục"));
    } else {
        reasons.push(reason(ReasonCode::Structure, "họ ít gặp trước tên đệm"));
    }
    match len {
        3 | 4 => score += 0.15,
        5 => score += 0.05,
        _ => {}
    }
    let mut middle_hit = false;
    if len >= 3
        && let Some(&ms) = lex.middles.get(&kw[k + 1])
    {
        score += if ms >= 1.0 { 0.15 } else { 0.1 };
        middle_hit = true;
        reasons.push(reason(ReasonCode::Lexicon, "tên đệm trong danh mục"));
    }
    if clan_last {
        score += 0.1;
        reasons.push(reason(ReasonCode::Lexicon, "họ Tây Nguyên sau tên"));
    } else if in_given {
        score += 0.1;
        reasons.push(reason(ReasonCode::Lexicon, "tên trong danh mục"));
    }
    if let Some(c) = cue {
        score += 0.35;
        reasons.insert(0, reason(ReasonCode::Keyword, c.to_string()));
    } else if after_label {
        score += 0.1;
        reasons.insert(0, reason(ReasonCode::FieldLabel, "giá trị sau nhãn"));
    }
    let all_caps = t[ks..name_end].chars().all(|c| !c.is_lowercase());
    if all_caps && cue.is_none() {
        score -= 0.05;
    }
    if n - k > len + 1 {
        // More capitalised words follow: a title, an organisation or a heading.
        score -= if middle_hit && in_given { 0.1 } else { 0.2 };
    }
    if cue.is_none() && score < 0.5 {
        if !relaxed || score < 0.35 {
            return None;
        }
        weak = true;
    }
    // Inside a sentence in capitals, headings pass for names: no relaxing there.
    if strict && cue.is_none() && !after_label && !(len >= 3 && middle_hit && in_given) {
        return None;
    }
    if weak {
        score = score.min(RECALL_ONLY);
    }
    Some(Candidate { start: ks, end: name_end, score, reasons })
}

/// Initials used for people in news and medical text (`BN N.V.A.`, `anh T.`), only after a
/// person cue. Returns the end of the initials when they were handled.
fn initials(
    doc: &Doc<'_>,
    lex: &Lexicon,
    i: usize,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let t = doc.text;
    let b = t.as_bytes();
    let mut e = i;
    let mut count = 0;
    while let Some(c) = khien_text::char_at(t, e) {
        if !c.is_uppercase() || word_end(t, e) != e + c.len_utf8() {
            break;
        }
        let after = e + c.len_utf8();
        if b.get(after) == Some(&b'.') {
            e = after + 1;
            count += 1;
            if count == 5 {
                break;
            }
        } else if count >= 1 {
            // A last letter without its dot: "N.V.A".
            e = after;
            count += 1;
            break;
        } else {
            break;
        }
    }
    if count == 0 {
        return None;
    }
    let (_, cue) = phrase_before(t, i, 3, |p| lex.person_cues.has(p))?;
    let cue = cue.lower;
    // A single initial needs a pronoun or role right before it and no capitalised word after.
    if count == 1 && b.get(e) == Some(&b' ') && starts_upper(t, e + 1) {
        return None;
    }
    if claimed.overlaps(i, e) {
        return Some(e);
    }
    let reasons = vec![
        reason(ReasonCode::Keyword, cue),
        reason(ReasonCode::Structure, "chữ viết tắt họ tên"),
    ];
    let score = if count >= 2 { 0.75 } else { 0.6 };
    if doc.enabled(Kind::PersonName)
        && let Some(f) = finding(Kind::PersonName, i, e, score, reasons)
    {
        out.push(f);
    }
    Some(e)
}

/// The cue a transfer message gives the capitals before its words.
const MEMO_CUE: &str = "nội dung chuyển khoản";

/// Whether a transfer message's words ("chuyen khoan", "ck") follow `end` after one space.
fn memo_after(t: &str, end: usize) -> bool {
    let Some(rest) = t[end..].strip_prefix(' ') else { return false };
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let mut folded = String::new();
    for (k, w) in line.split(' ').take(2).enumerate() {
        if w.is_empty() {
            break;
        }
        if k > 0 {
            folded.push(' ');
        }
        folded.push_str(&khien_text::fold(w.trim_end_matches([',', '.', ':', ';'])));
        if crate::words::words().transfer_memo_after.contains(&folded) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {

    #[test]
    fn recall_first_callers_also_get_the_names_a_report_leaves_out() {
        let engine = crate::Engine::new(crate::Config::default().with_current_year(2026));
        let names = |text: &str, floor: f32| -> Vec<String> {
            engine
                .detect_field_with_floor(text, &crate::FieldContext::default(), floor)
                .into_iter()
                .filter(|f| f.kind == Kind::PersonName)
                .map(|f| text[f.start..f.end].to_string())
                .collect()
        };
        for (text, name) in [
            ("Khi được hỏi, vợ anh là chị Ngát đã vào Bình Dương.", "Ngát"),
            ("Người dân tổ Cao Văn Luyến, ở thôn Đông Xá, nghiện rượu.", "Cao Văn Luyến"),
            ("TM. ỦY BAN NHÂN DÂN\n(Đã ký)\nHồ Sỹ Nguyên", "Hồ Sỹ Nguyên"),
        ] {
            assert!(names(text, 0.15).contains(&name.to_string()), "{text}");
            assert!(names(text, crate::REPORT_FLOOR).is_empty(), "reported: {text}");
        }
        // A street named after a person stays a street, recall first or not.
        assert!(names("Nhà em ở đường Lê Văn Hưu, đoạn qua tổ dân phố số 3.", 0.15).is_empty());
        // Of two readings that score alike, the longer name: "LY THI KIM OANH", not "LY THI KIM".
        assert_eq!(
            names("DANH SACH: 1. LY THI KIM OANH; 2. HA VAN DUNG", 0.3)[0],
            "LY THI KIM OANH"
        );
    }

    use crate::{Config, Engine, Kind};

    fn names(text: &str) -> Vec<String> {
        let e = Engine::new(Config::default().with_kinds(vec![Kind::PersonName]));
        e.detect(text).iter().map(|f| text[f.start..f.end].to_string()).collect()
    }

    #[test]
    fn a_given_name_alone_after_the_full_name_is_the_same_person() {
        let text =
            "Bị cáo Đỗ Thị Ngọc Hân (SN 1991) bị truy tố. Theo cáo trạng, Hân đã lừa 12 người.";
        assert_eq!(names(text), ["Đỗ Thị Ngọc Hân", "Hân"]);
        // Not before the full name, not inside a longer run, not a place or after a unit word.
        assert_eq!(names("Hân Phong khai trương. Ông Trần Văn Hân có mặt."), ["Trần Văn Hân"]);
        assert_eq!(names("Ông Nguyễn Văn Nam về quê ở miền Nam, tỉnh Hà Nam."), ["Nguyễn Văn Nam"]);
    }

    #[test]
    fn names_listed_beside_a_found_name_are_names() {
        assert_eq!(
            names("Cùng bị xét xử có các bị cáo Quách Thị Loan, Khúc Văn Thái và Ung Văn Bảy."),
            ["Quách Thị Loan", "Khúc Văn Thái", "Ung Văn Bảy"]
        );
        // A title after a name, a street before one, a list of places: no names.
        assert_eq!(
            names("Bổ nhiệm ông Nguyễn Trọng Nghĩa, Phó Trưởng phòng Tổ chức cán bộ."),
            ["Nguyễn Trọng Nghĩa"]
        );
        assert_eq!(
            names("Tại quán trên đường Lê Lợi, Hà Văn Trọng (SN 1991) dùng dao đâm người."),
            ["Hà Văn Trọng"]
        );
    }

    #[test]
    fn highland_names_with_the_clan_last_are_names() {
        assert_eq!(names("Hậu vệ trẻ Y Thoan Êban ghi bàn thắng."), ["Y Thoan Êban"]);
        assert_eq!(names("Anh đi cùng vợ là chị H'Nguyệt Êban."), ["H'Nguyệt Êban"]);
    }

    #[test]
    fn full_names_in_lower_case_are_names() {
        assert_eq!(
            names("ds tình nguyện viên: lê thị mỹ duyên, phan văn hậu"),
            ["lê thị mỹ duyên", "phan văn hậu"]
        );
        assert_eq!(names("nguyen van nam 0389 114 276 can ban gap lo dat"), ["nguyen van nam"]);
        assert!(names("môn ngữ văn và quy hoạch đô thị mới của thị xã").is_empty());
        assert!(names("đội quản lý thị trường đạt chỉ tiêu").is_empty());
        assert_eq!(
            names("ds: lê thị mỹ duyên, phan văn hậu, đào ngọc bích, mua sắm"),
            ["lê thị mỹ duyên", "phan văn hậu", "đào ngọc bích"]
        );
        assert!(names("do thi thong minh la muc tieu").is_empty());
    }

    #[test]
    fn a_pronoun_that_ends_a_sentence_is_no_cue() {
        assert!(names("Kiến nghị hỗ trợ cho bệnh nhân. Hợp tác xã Bình Minh đề nghị.").is_empty());
        assert!(names("Tôi đã gặp anh. Lan đề nghị hoãn.").is_empty());
        assert_eq!(names("Tôi đã gặp anh Lan hôm qua."), ["Lan"]);
        assert_eq!(names("Khám bởi BS. Tuấn sáng nay."), ["Tuấn"]);
    }

    #[test]
    fn finds_names_in_forms_and_prose() {
        assert_eq!(names("Hôm qua ông Nguyễn Văn Mẫu đến làm việc."), ["Nguyễn Văn Mẫu"]);
        assert_eq!(names("Đ/c Trần Thị Hoa, Phó Chủ tịch"), ["Trần Thị Hoa"]);
        assert_eq!(names("NGUYEN VAN AN va TRAN THI BINH"), ["NGUYEN VAN AN", "TRAN THI BINH"]);
        assert_eq!(names("BN N.V.A. (45 tuổi) nhập viện"), ["N.V.A."]);
        assert_eq!(names("chị Lan cho biết"), ["Lan"]);
    }

    #[test]
    fn titles_before_names_without_accents_foreign_names_and_rare_surnames() {
        // "Vo" and "Chau" are also vợ and cháu: before a middle name they are surnames.
        assert_eq!(names("bao tin ong Vo Tan Phat, sinh nam 1951"), ["Vo Tan Phat"]);
        assert_eq!(names("ong Chau Quoc Vinh dieu khien o to"), ["Chau Quoc Vinh"]);
        assert_eq!(names("Anh rể tôi, ông Julien Marchal, quốc tịch Pháp"), ["Julien Marchal"]);
        assert_eq!(names("em là Quang Thị Diệu, sinh viên"), ["Quang Thị Diệu"]);
        // A given name alone after a title, once the full name stands earlier in the text.
        assert_eq!(names("ông Lã Văn Cần, nay yêu cầu ông Cần cấp dưỡng"), ["Lã Văn Cần", "Cần"]);
        assert_eq!(names("chi Nga oi, giay khai sinh cua con"), ["Nga"]);
    }

    #[test]
    fn ambiguous_titles_without_accents_and_shouted_words_are_not_names() {
        // "Ban" is a committee and "bản" a village as often as it is bạn.
        assert!(names("lam viec voi Ban Tri su Giao hoi").is_empty());
        // A word in capitals inside mixed-case text is set apart, not a given name.
        assert!(names("co xam hinh chu NHAN tren mu ban tay").is_empty());
        // Common words before a middle name in a sentence written in capitals, and a word
        // before "Thị" inside a title, are not rare surnames.
        assert!(names("CHỒNG EM LÀ BỘ ĐỘI ĐANG CÔNG TÁC Ở ĐẶC KHU TRƯỜNG SA.").is_empty());
        assert!(names("BẠN NÀO NHẶT ĐƯỢC VÍ THÌ LIÊN HỆ").is_empty());
    }

    #[test]
    fn rejects_streets_schools_and_places() {
        assert!(names("đường Nguyễn Trãi bị ngập").is_empty());
        assert!(names("Trường THPT Lê Quý Đôn khai giảng").is_empty());
        assert!(names("Tại Hà Nội, UBND Cao Bằng họp.").is_empty());
        assert!(names("Bệnh viện Bạch Mai").is_empty());
    }
}
