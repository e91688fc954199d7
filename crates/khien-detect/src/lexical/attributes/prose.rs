//! Sensitive terms and cue phrases in prose, kept only when the sentence is about a person.

use crate::engine::Doc;
use crate::lexical::lexicon::{Action, Capture, Lexicon};
use crate::lexical::{
    Claimed, Key, fold_to, is_wc, lexicon, phrase_before, reason, word_char_at, word_char_before,
    word_end, words_before,
};
use crate::words::words;
use crate::{Finding, Kind, ReasonCode};

use super::field::key_starts_field;
use super::push;

/// Base score of a sensitive term found in prose.
fn term_score(kind: Kind) -> f32 {
    match kind {
        Kind::Ethnicity => 0.7,
        Kind::Health
        | Kind::CriminalRecord
        | Kind::PoliticalView
        | Kind::SexualLife
        | Kind::Religion => 0.6,
        Kind::MaritalStatus => 0.6,
        Kind::Biometric => 0.55,
        _ => 0.5,
    }
}

/// Without accents "tien su" is both "tiền sử" (medical history) and "tiền sự" (a record of
/// administrative violations): it is the record only before "về", a number, punctuation or
/// the end of the text.
fn tien_su_is_health(t: &str, e: usize) -> bool {
    if !t[..e].to_ascii_lowercase().ends_with("tien su") {
        return false;
    }
    let rest = t[e..].trim_start_matches(' ');
    let w = &rest[..word_end(rest, 0)];
    !(w.is_empty() || w.eq_ignore_ascii_case("ve") || w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Neighbours that confirm a bare `vợ`, `chồng`, `con`, `bố`, `mẹ`, `cha` as a family relation.
fn family_neighbours(t: &str, s: usize, e: usize) -> bool {
    let before = t[..s].trim_end_matches(' ');
    let after = t[e..].trim_start_matches(' ');
    if before.ends_with('(') && after.starts_with(')') {
        return true;
    }
    let mut me = String::new();
    fold_to(&t[s..e], &mut me);
    // "vợ chồng" is a couple, not a relation of someone named.
    let prev = words_before(t, s, 1);
    let mut pw = String::new();
    if let Some(&(ps, pe)) = prev.first() {
        fold_to(&t[ps..pe], &mut pw);
    }
    let lists = words();
    if (me == "chong" && pw == "vo") || (lists.family_not_after.contains(&pw) && me != "vo") {
        return false;
    }
    // A label: "Chồng: Trần Văn A".
    if after.starts_with(':') && key_starts_field(t, s) {
        return true;
    }
    let ws = e + (t.len() - e - after.len());
    let we = word_end(t, ws);
    if we == ws {
        return false;
    }
    let raw = &t[ws..we];
    let mut w = String::new();
    fold_to(raw, &mut w);
    if me == "vo" && w == "chong" {
        return false;
    }
    // "Võ Văn Kiệt" and "Bộ Ngoại giao" read as "Vo", "Bo" without accents: a capitalised
    // word before another capitalised word is a name or an organisation, not a relation.
    let title = |w: &str| w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase);
    if title(&t[s..e]) && title(raw) {
        return false;
    }
    if me == "em" {
        // "em" is also "I/you": only in "thằng em tôi".
        return pw == "thang" && lists.family_after_em.contains(&w);
    }
    // "vợ Nguyễn Thị A", "con ông B": before a name.
    if raw.starts_with(char::is_uppercase) && !raw.chars().all(char::is_uppercase) {
        return true;
    }
    if me == "con" && !lists.family_after_con.contains(&w) {
        return false;
    }
    lists.family_after_relation.contains(&w)
}

/// The phrase after a cue, up to `max` words, stopping at punctuation or a clause word.
fn capture_phrase(t: &str, from: usize, max: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut i = from;
    let mut first = true;
    let mut start = None;
    let mut end = from;
    let mut n = 0;
    let mut f = String::new();
    while n < max {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if !word_char_at(t, i) {
            break;
        }
        let mut we = word_end(t, i);
        // Keep codes like "COVID-19", "J18.9" and "HIV/AIDS" whole.
        while we < b.len() && matches!(b[we], b'-' | b'.' | b'/') && word_char_at(t, we + 1) {
            we = word_end(t, we + 1);
        }
        fold_to(&t[i..we], &mut f);
        if first && words().capture_skips.contains(&f) {
            i = we;
            continue;
        }
        if words().capture_stops.contains(&f) {
            break;
        }
        first = false;
        start.get_or_insert(i);
        end = we;
        i = we;
        n += 1;
    }
    start.map(|s| (s, end))
}

/// An ICD-10 code (`E11`, `C50.9`, `J18.9`) at `i`.
fn icd_at(t: &str, i: usize) -> Option<usize> {
    let b = t.as_bytes();
    if i + 3 > b.len()
        || !b[i].is_ascii_uppercase()
        || !b[i + 1].is_ascii_digit()
        || !b[i + 2].is_ascii_digit()
    {
        return None;
    }
    if word_char_before(t, i) {
        return None;
    }
    let mut e = i + 3;
    if b.get(e) == Some(&b'.') && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
        e += 2;
        if b.get(e).is_some_and(u8::is_ascii_digit) {
            e += 1;
        }
    }
    if word_char_at(t, e) {
        return None;
    }
    Some(e)
}

/// ICD-10 codes within `len` bytes after `from`.
fn icd_after(doc: &Doc<'_>, from: usize, len: usize, claimed: &Claimed, out: &mut Vec<Finding>) {
    let t = doc.text;
    let b = t.as_bytes();
    let to = (from + len).min(b.len());
    let mut i = from;
    while i < to {
        if b[i] == b'\n' {
            break;
        }
        if let Some(e) = icd_at(t, i) {
            if !claimed.overlaps(i, e)
                && !out.iter().rev().take(4).any(|f| f.start < e && f.end > i)
            {
                push(
                    doc,
                    Kind::Health,
                    i,
                    e,
                    0.8,
                    vec![reason(ReasonCode::Structure, "mã ICD-10")],
                    out,
                );
            }
            i = e;
        } else {
            i += 1;
        }
    }
}

fn person_word(k: &Key) -> bool {
    if k.unaccented() {
        words().person_words.words.iter().any(|w| khien_text::fold(w) == k.folded)
    } else {
        words().person_words.contains(&k.lower)
    }
}

/// Whether the sentence around `s..e` names or points to a person: a name found earlier, a
/// person cue (title, role, pronoun, kinship word) or a first-person pronoun. Statistics and
/// agency news ("Tỷ lệ người mắc ung thư tăng") have none.
fn person_in_sentence(t: &str, lex: &Lexicon, s: usize, e: usize, out: &[Finding]) -> bool {
    let b = t.as_bytes();
    // A sentence ends at "!", "?", a newline, or a full stop after a lower-case letter, a digit
    // or a bracket and before a space ("N.V.A." and "C34.9" do not end sentences).
    let is_end = |i: usize| match b[i] {
        b'!' | b'?' | b'\n' => true,
        b'.' => {
            let after = b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
            let before = khien_text::char_before(t, i)
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == ')');
            after && before
        }
        _ => false,
    };
    let lo = s.saturating_sub(240);
    let ss = (lo..s).rev().find(|&i| is_end(i)).map_or(lo, |p| p + 1);
    let hi = (e + 160).min(b.len());
    let se = (e..hi).find(|&i| is_end(i)).unwrap_or(hi);
    if out.iter().rev().take(16).any(|f| f.kind == Kind::PersonName && f.start < se && f.end > ss) {
        return true;
    }
    let accented = lexicon::accented_near(t, s);
    let mut k = Key { accented_ctx: accented, ..Key::default() };
    let mut i = ss;
    let mut prev: Option<usize> = None;
    while i < se {
        let Some(c) = khien_text::char_at(t, i) else { break };
        if !is_wc(c) {
            if c != ' ' {
                prev = None;
            }
            i += c.len_utf8();
            continue;
        }
        let we = word_end(t, i).min(se).max(i + c.len_utf8());
        if !t.is_char_boundary(we) {
            break;
        }
        k.set(&t[i..we]);
        if lex.person_cues.has(&k) || person_word(&k) {
            return true;
        }
        if let Some(ps) = prev {
            k.set(&t[ps..we]);
            if lex.person_cues.has(&k) || person_word(&k) {
                return true;
            }
        }
        prev = Some(i);
        i = we;
    }
    false
}

/// Words before a sensitive term that make it the name of an institution, a programme or a
/// statistic ("Cơ sở cai nghiện", "Trung tâm ung bướu", "tỷ lệ nhiễm HIV").
fn institution_before(t: &str, s: usize) -> bool {
    phrase_before(t, s, 2, |q| words().institution_words.contains(&q.folded)).is_some()
}

/// Kinds whose prose terms need a person in the sentence.
fn needs_person(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Health
            | Kind::CriminalRecord
            | Kind::PoliticalView
            | Kind::SexualLife
            | Kind::PrivateLife
            | Kind::Religion
    )
}

/// Word starts found by one pass over the text: those that may begin a prose pattern (with the
/// end of their first word) and those that begin with an upper-case letter.
#[derive(Default)]
pub(crate) struct WordStarts {
    /// Candidates for the prose automaton: (word start, first word end).
    pub prose: Vec<(usize, usize)>,
    /// Word-initial upper-case letters (candidates for names and addresses).
    pub caps: Vec<usize>,
}

/// Whether the char at `i` (a char boundary) is an upper-case letter; Vietnamese letters are
/// decided from their UTF-8 bytes without the Unicode tables.
#[inline]
pub(super) fn upper_at(t: &str, b: &[u8], i: usize) -> bool {
    let c0 = b[i];
    match c0 {
        b'A'..=b'Z' => true,
        0x00..=0xC2 => false,
        // À–Þ (not ×).
        0xC3 => b.get(i + 1).is_some_and(|&c| (0x80..=0x9E).contains(&c) && c != 0x97),
        // Latin Extended-A: Ă Đ Ĩ Ũ … are the even code points (U+0100–U+017F).
        0xC4 | 0xC5 => b.get(i + 1).is_some_and(|&c| {
            let cp = (u32::from(c0 & 0x1F) << 6) | u32::from(c & 0x3F);
            match cp {
                0x100..=0x137 | 0x14A..=0x177 => cp % 2 == 0,
                _ => khien_text::char_at(t, i).is_some_and(char::is_uppercase),
            }
        }),
        // Latin Extended Additional: Ạ–Ỹ are the even code points (U+1E00–U+1EFF).
        0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => {
            b.get(i + 2).is_some_and(|&c| c % 2 == 0)
        }
        _ => khien_text::char_at(t, i).is_some_and(char::is_uppercase),
    }
}

/// One pass over the words of `t`: hashes each word (with the first byte of the next one)
/// against the prose prefilter and notes capitalised word starts.
pub(crate) fn scan_words(lex: &Lexicon, t: &str, out: &mut WordStarts) {
    use crate::lexical::lexicon::{WORD_BYTE, first_key, has_bit, word_hash_finish};
    let b = t.as_bytes();
    let n = b.len();
    let mut i = 0;
    loop {
        while i < n && !WORD_BYTE[b[i] as usize] {
            i += 1;
        }
        if i >= n {
            return;
        }
        let ws = i;
        let mut acc: u64 = 0;
        while i < n && WORD_BYTE[b[i] as usize] {
            acc = acc.rotate_left(8) ^ u64::from(b[i].to_ascii_lowercase());
            i += 1;
        }
        if upper_at(t, b, ws) {
            out.caps.push(ws);
        }
        let h = word_hash_finish(acc, i - ws);
        let next =
            if i + 1 < n && b[i] == b' ' && WORD_BYTE[b[i + 1] as usize] { b[i + 1] } else { 0 };
        if has_bit(&lex.first_words, first_key(h, next))
            || (next != 0 && has_bit(&lex.first_words, first_key(h, 0)))
        {
            // A run of word bytes starts at a char boundary (multi-byte chars are all ≥ 0x80).
            out.prose.push((ws, i));
        }
    }
}

/// Prose terms and cue phrases.
pub(crate) fn prose(
    doc: &Doc<'_>,
    lex: &Lexicon,
    starts: &[(usize, usize)],
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    let t = doc.text;
    let mut f = String::new();
    let mut last_end = 0;
    for &(ws, _) in starts {
        if ws < last_end {
            continue;
        }
        let input = aho_corasick::Input::new(t).range(ws..).anchored(aho_corasick::Anchored::Yes);
        let Some(m) = lex.prose.find(input) else { continue };
        let (s, e) = (m.start(), m.end());
        if word_char_before(t, s) || word_char_at(t, e) {
            continue;
        }
        if claimed.overlaps(s, e) {
            continue;
        }
        let p = &lex.patterns[m.pattern().as_usize()];
        match p.action {
            Action::Term(kind) => {
                if !doc.enabled(kind) {
                    continue;
                }
                if p.needs_neighbour && !family_neighbours(t, s, e) {
                    continue;
                }
                if kind == Kind::CriminalRecord && t[s..e].is_ascii() && tien_su_is_health(t, e) {
                    // "co tien su tram cam": "tiền sử" (history of illness) without accents.
                    continue;
                }
                if needs_person(kind)
                    && (institution_before(t, s) || !person_in_sentence(t, lex, s, e, out))
                {
                    continue;
                }
                if kind == Kind::Religion {
                    // "Giáo hội Phật giáo Việt Nam", "chùa", "Học viện Phật giáo": organisations.
                    let org = phrase_before(t, s, 3, |q| {
                        words().religious_organisations.contains(&q.folded)
                    });
                    if org.is_some() {
                        continue;
                    }
                }
                let mut reasons = vec![reason(ReasonCode::Lexicon, p.display.clone())];
                let mut score = term_score(kind);
                if kind == Kind::Health || kind == Kind::CriminalRecord {
                    // A person nearby makes it a person's record.
                    if phrase_before(t, s, 4, |q| lex.person_cues.has(q)).is_some() {
                        score += 0.1;
                        reasons.push(reason(ReasonCode::Keyword, "người được nhắc đến"));
                    }
                }
                push(doc, kind, s, e, score, reasons, out);
                last_end = e;
                if kind == Kind::Health {
                    icd_after(doc, e, 40, claimed, out);
                }
            }
            Action::TermAfter(kind, skip) => {
                if !person_in_sentence(t, lex, s, e, out) {
                    continue;
                }
                let mut i = s;
                for _ in 0..skip {
                    i = word_end(t, i);
                    while t.as_bytes().get(i) == Some(&b' ') {
                        i += 1;
                    }
                }
                if i < e {
                    push(
                        doc,
                        kind,
                        i,
                        e,
                        term_score(kind),
                        vec![reason(ReasonCode::Lexicon, p.display.clone())],
                        out,
                    );
                    last_end = e;
                }
            }
            Action::Capture(kind, cap) => {
                if !doc.enabled(kind) && kind != Kind::Health {
                    continue;
                }
                // Followed by a colon: the key:value pass handled it.
                let rest = t[e..].trim_start_matches(' ');
                if rest.starts_with(':') {
                    continue;
                }
                let cue = reason(ReasonCode::Keyword, p.display.clone());
                match cap {
                    Capture::Year => {
                        // "SN 1990", "NS 1985" (the colon form is a key:value pair).
                        if !t[s..e].bytes().all(|c| c.is_ascii_uppercase()) {
                            continue;
                        }
                        let ys = e + (t.len() - e - rest.len());
                        let digits =
                            t.as_bytes()[ys..].iter().take_while(|c| c.is_ascii_digit()).count();
                        if digits != 4
                            || word_char_at(t, ys + 4)
                            || t[ys + 4..].starts_with(['/', '.', '-'])
                                && t[ys + 5..].starts_with(|c: char| c.is_ascii_digit())
                        {
                            continue;
                        }
                        let y: u16 = t[ys..ys + 4].parse().unwrap_or(0);
                        if (1900..=doc.current_year).contains(&y) {
                            push(
                                doc,
                                Kind::DateOfBirth,
                                ys,
                                ys + 4,
                                0.8,
                                vec![cue, reason(ReasonCode::Structure, "năm sinh hợp lệ")],
                                out,
                            );
                            last_end = ys + 4;
                        }
                    }
                    Capture::Phrase(max) => {
                        if needs_person(kind) && !person_in_sentence(t, lex, s, e, out) {
                            continue;
                        }
                        if kind == Kind::Health {
                            icd_after(doc, e, 60, claimed, out);
                        }
                        if let Some((cs, ce)) = capture_phrase(t, e, max as usize) {
                            if claimed.overlaps(cs, ce) {
                                continue;
                            }
                            let score = if kind == Kind::Health { 0.55 } else { 0.6 };
                            push(doc, kind, cs, ce, score, vec![cue], out);
                            last_end = ce;
                        }
                    }
                    Capture::Gender => {
                        if p.display == "tuổi" {
                            gender_before_age(doc, s, out);
                            continue;
                        }
                        let ws = e + (t.len() - e - rest.len());
                        let we = word_end(t, ws);
                        if we == ws {
                            continue;
                        }
                        let w = &t[ws..we];
                        let lower = w.to_lowercase();
                        let ok = matches!(lower.as_str(), "nam" | "nữ" | "nu")
                            && (p.display == "giới tính"
                                || !w.starts_with(char::is_uppercase)
                                || w.chars().all(char::is_uppercase));
                        if ok {
                            push(doc, Kind::Gender, ws, we, 0.7, vec![cue], out);
                            last_end = we;
                        }
                    }
                    Capture::Country => {
                        let ws = e + (t.len() - e - rest.len());
                        if let Some((cs, ce)) = capture_phrase(t, ws, 3) {
                            fold_to(&t[cs..ce], &mut f);
                            let known = lex.countries.contains(&f);
                            let cap_start = t[cs..].starts_with(char::is_uppercase);
                            if known || cap_start {
                                push(
                                    doc,
                                    Kind::Nationality,
                                    cs,
                                    ce,
                                    if known { 0.8 } else { 0.6 },
                                    vec![cue],
                                    out,
                                );
                                last_end = ce;
                            }
                        }
                    }
                    Capture::Ethnic => {
                        if !person_in_sentence(t, lex, s, e, out) {
                            continue;
                        }
                        let mut ws = e + (t.len() - e - rest.len());
                        // "đồng bào dân tộc Ê Đê": skip the second cue.
                        let w1 = word_end(t, ws);
                        fold_to(&t[ws..w1], &mut f);
                        if f == "dan" {
                            let w2s = w1 + 1;
                            let w2 = word_end(t, w2s.min(t.len()));
                            fold_to(&t[w2s.min(t.len())..w2], &mut f);
                            if f == "toc" {
                                ws = w2 + 1;
                            }
                        }
                        if ws >= t.len() {
                            continue;
                        }
                        // Longest group name of up to three words.
                        let mut best = None;
                        let mut we = ws;
                        for _ in 0..3 {
                            if !word_char_at(t, we) && we != ws {
                                break;
                            }
                            let mut ne = word_end(t, we);
                            while t.as_bytes().get(ne) == Some(&b'-') && word_char_at(t, ne + 1) {
                                ne = word_end(t, ne + 1);
                            }
                            if ne == we {
                                break;
                            }
                            fold_to(&t[ws..ne].replace('-', " "), &mut f);
                            if lex.ethnic.contains_key(&f) {
                                best = Some(ne);
                            }
                            if t.as_bytes().get(ne) != Some(&b' ') {
                                break;
                            }
                            we = ne + 1;
                        }
                        if let Some(ce) = best {
                            let c =
                                lex.ethnic[&khien_text::fold(&t[ws..ce].replace('-', " "))].clone();
                            push(
                                doc,
                                Kind::Ethnicity,
                                ws,
                                ce,
                                0.85,
                                vec![cue, reason(ReasonCode::Lexicon, format!("dân tộc {c}"))],
                                out,
                            );
                            last_end = ce;
                        }
                    }
                }
            }
        }
    }
}

/// "nam, 45 tuổi", "(nữ, 32 tuổi)", "nữ 30 tuổi": the gender word before an age.
fn gender_before_age(doc: &Doc<'_>, tuoi: usize, out: &mut Vec<Finding>) {
    let t = doc.text;
    let b = t.as_bytes();
    let mut i = tuoi;
    while i > 0 && b[i - 1] == b' ' {
        i -= 1;
    }
    let digits_end = i;
    while i > 0 && b[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i == digits_end || digits_end - i > 3 {
        return;
    }
    while i > 0 && matches!(b[i - 1], b' ' | b',' | b'(') {
        i -= 1;
    }
    let w = words_before(t, i, 1);
    let Some(&(ws, we)) = w.first() else { return };
    if we != i {
        return;
    }
    let lower = t[ws..we].to_lowercase();
    if matches!(lower.as_str(), "nam" | "nữ")
        && !out.iter().rev().take(3).any(|f| f.start < we && f.end > ws)
    {
        push(doc, Kind::Gender, ws, we, 0.65, vec![reason(ReasonCode::Keyword, "… tuổi")], out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `capture_skips`: a phrase that starts with one of its words is captured after it.
    #[test]
    fn capture_skips_act_on_their_examples() {
        let group = &words().capture_skips;
        for text in &group.examples {
            let (start, _) = capture_phrase(text, 0, 3).expect("a phrase");
            assert!(start > 0, "{text:?}");
        }
        for text in &group.not_examples {
            let (start, _) = capture_phrase(text, 0, 3).expect("a phrase");
            assert_eq!(start, 0, "{text:?}");
        }
    }

    /// `family_after_em`: after "thằng em" they make "em" a sibling. Checked on the matcher:
    /// no lexicon term is a bare "em" today, so the engine never asks about one.
    #[test]
    fn family_after_em_acts_on_its_examples() {
        let group = &words().family_after_em;
        let em_in = |text: &str| {
            let start = text.find("em ").expect("an em");
            family_neighbours(text, start, start + 2)
        };
        for text in &group.examples {
            assert!(em_in(text), "{text:?}");
        }
        for text in &group.not_examples {
            assert!(!em_in(text), "{text:?}");
        }
    }

    /// `institution_words`: before a sensitive term they make it an institution's.
    #[test]
    fn institution_words_act_on_their_examples() {
        let group = &words().institution_words;
        for words_before in &group.examples {
            let text = format!("{words_before} ung thư");
            assert!(institution_before(&text, words_before.len() + 1), "{text:?}");
        }
        for words_before in &group.not_examples {
            let text = format!("{words_before} ung thư");
            assert!(!institution_before(&text, words_before.len() + 1), "{text:?}");
        }
    }
}
