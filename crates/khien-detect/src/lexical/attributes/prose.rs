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
use crate::lexical::measure;

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
fn tien_su_is_health(text: &str, end: usize) -> bool {
    if !text[..end].to_ascii_lowercase().ends_with("tien su") {
        return false;
    }
    let rest = text[end..].trim_start_matches(' ');
    let next_word = &rest[..word_end(rest, 0)];
    !(next_word.is_empty()
        || next_word.eq_ignore_ascii_case("ve")
        || next_word.starts_with(|c: char| c.is_ascii_digit()))
}

/// Neighbours that confirm a bare `vợ`, `chồng`, `con`, `bố`, `mẹ`, `cha` as a family relation.
fn family_neighbours(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    let after = text[end..].trim_start_matches(' ');
    if before.ends_with('(') && after.starts_with(')') {
        return true;
    }
    let mut me = String::new();
    fold_to(&text[start..end], &mut me);
    // "vợ chồng" is a couple, not a relation of someone named.
    let prev = words_before(text, start, 1);
    let mut pw = String::new();
    if let Some(&(ps, pe)) = prev.first() {
        fold_to(&text[ps..pe], &mut pw);
    }
    let lists = words();
    if (me == "chong" && pw == "vo") || (lists.family_not_after.contains(&pw) && me != "vo") {
        return false;
    }
    // A label: "Chồng: Trần Văn A".
    if after.starts_with(':') && key_starts_field(text, start) {
        return true;
    }
    let ws = end + (text.len() - end - after.len());
    let we = word_end(text, ws);
    if we == ws {
        return false;
    }
    let raw = &text[ws..we];
    let mut next_folded = String::new();
    fold_to(raw, &mut next_folded);
    if me == "vo" && next_folded == "chong" {
        return false;
    }
    // "Võ Văn Kiệt" and "Bộ Ngoại giao" read as "Vo", "Bo" without accents: a capitalised
    // word before another capitalised word is a name or an organisation, not a relation.
    let title = |w: &str| w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase);
    if title(&text[start..end]) && title(raw) {
        return false;
    }
    if me == "em" {
        // "em" is also "I/you": only in "thằng em tôi".
        return pw == "thang" && lists.family_after_em.contains(&next_folded);
    }
    // "vợ Nguyễn Thị A", "con ông B": before a name.
    if raw.starts_with(char::is_uppercase) && !raw.chars().all(char::is_uppercase) {
        return true;
    }
    if me == "con" && !lists.family_after_con.contains(&next_folded) {
        return false;
    }
    lists.family_after_relation.contains(&next_folded)
}

/// Whether `start` begins its line, after indentation, a bullet or a row number ("- ", "3. ",
/// "| "): a result line of a slip.
fn line_starts_with_name(text: &str, start: usize) -> bool {
    let ls = text[..start].rfind('\n').map_or(0, |i| i + 1);
    text[ls..start]
        .bytes()
        .all(|c| matches!(c, b' ' | b'\t' | b'-' | b'*' | b'|' | b'.' | b')') || c.is_ascii_digit())
        || text[ls..start].trim() == "•"
}

/// The phrase after a cue, up to `max` words, stopping at punctuation or a clause word.
fn capture_phrase(text: &str, from: usize, max: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pos = from;
    let mut first = true;
    let mut start = None;
    let mut end = from;
    let mut count = 0;
    let mut folded = String::new();
    while count < max {
        while bytes.get(pos) == Some(&b' ') {
            pos += 1;
        }
        if !word_char_at(text, pos) {
            break;
        }
        let mut we = word_end(text, pos);
        // Keep codes like "COVID-19", "J18.9" and "HIV/AIDS" whole.
        while we < bytes.len()
            && matches!(bytes[we], b'-' | b'.' | b'/')
            && word_char_at(text, we + 1)
        {
            we = word_end(text, we + 1);
        }
        fold_to(&text[pos..we], &mut folded);
        if first && words().capture_skips.contains(&folded) {
            pos = we;
            continue;
        }
        if words().capture_stops.contains(&folded) {
            break;
        }
        first = false;
        start.get_or_insert(pos);
        end = we;
        pos = we;
        count += 1;
    }
    start.map(|s| (s, end))
}

/// An ICD-10 code (`E11`, `C50.9`, `J18.9`) at `pos`.
fn icd_at(text: &str, pos: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if pos + 3 > bytes.len()
        || !bytes[pos].is_ascii_uppercase()
        || !bytes[pos + 1].is_ascii_digit()
        || !bytes[pos + 2].is_ascii_digit()
    {
        return None;
    }
    if word_char_before(text, pos) {
        return None;
    }
    let mut end = pos + 3;
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 2;
        if bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    if word_char_at(text, end) {
        return None;
    }
    Some(end)
}

/// ICD-10 codes within `len` bytes after `from`.
fn icd_after(doc: &Doc<'_>, from: usize, len: usize, claimed: &Claimed, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    let to = (from + len).min(bytes.len());
    let mut pos = from;
    while pos < to {
        if bytes[pos] == b'\n' {
            break;
        }
        if let Some(end) = icd_at(text, pos) {
            if !claimed.overlaps(pos, end)
                && !out.iter().rev().take(4).any(|f| f.start < end && f.end > pos)
            {
                push(
                    doc,
                    Kind::Health,
                    pos,
                    end,
                    0.8,
                    vec![reason(ReasonCode::Structure, "mã ICD-10")],
                    out,
                );
            }
            pos = end;
        } else {
            pos += 1;
        }
    }
}

fn person_word(key: &Key) -> bool {
    if key.unaccented() {
        words().person_words.words.iter().any(|w| khien_text::fold(w) == key.folded)
    } else {
        words().person_words.contains(&key.lower)
    }
}

/// Whether the sentence around `start..end` names or points to a person: a name found earlier, a
/// person cue (title, role, pronoun, kinship word) or a first-person pronoun. Statistics and
/// agency news ("Tỷ lệ người mắc ung thư tăng") have none.
fn person_in_sentence(
    text: &str,
    lex: &Lexicon,
    start: usize,
    end: usize,
    out: &[Finding],
) -> bool {
    let bytes = text.as_bytes();
    // A sentence ends at "!", "?", a newline, or a full stop after a lower-case letter, a digit
    // or a bracket and before a space ("N.V.A." and "C34.9" do not end sentences).
    let is_end = |i: usize| match bytes[i] {
        b'!' | b'?' | b'\n' => true,
        b'.' => {
            let after = bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
            let before = khien_text::char_before(text, i)
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == ')');
            after && before
        }
        _ => false,
    };
    let lo = start.saturating_sub(240);
    let ss = (lo..start).rev().find(|&i| is_end(i)).map_or(lo, |p| p + 1);
    let hi = (end + 160).min(bytes.len());
    let se = (end..hi).find(|&i| is_end(i)).unwrap_or(hi);
    if out.iter().rev().take(16).any(|f| f.kind == Kind::PersonName && f.start < se && f.end > ss) {
        return true;
    }
    if record_subject_before(text, start, out) {
        return true;
    }
    let accented = lexicon::accented_near(text, start);
    let mut key = Key { accented_ctx: accented, ..Key::default() };
    let mut pos = ss;
    let mut prev: Option<usize> = None;
    while pos < se {
        let Some(next_char) = khien_text::char_at(text, pos) else { break };
        if !is_wc(next_char) {
            if next_char != ' ' {
                prev = None;
            }
            pos += next_char.len_utf8();
            continue;
        }
        let we = word_end(text, pos).min(se).max(pos + next_char.len_utf8());
        if !text.is_char_boundary(we) {
            break;
        }
        // Words inside the term ("gia đình" in "bạo lực gia đình") point to no one; a term that
        // is itself a role ("Bị can có 1 tiền sự") does.
        let inside = |a: usize, b: usize| a >= start && b <= end && (a, b) != (start, end);
        key.set(&text[pos..we]);
        if (lex.person_cues.has(&key) || person_word(&key))
            && !inside(pos, we)
            && !group_before(text, ss, pos)
        {
            return true;
        }
        if let Some(ps) = prev {
            key.set(&text[ps..we]);
            if (lex.person_cues.has(&key) || person_word(&key))
                && !inside(ps, we)
                && !group_before(text, ss, ps)
            {
                return true;
            }
        }
        prev = Some(pos);
        pos = we;
    }
    false
}

/// Whether a person named earlier on the same line is the subject of a record: a name given
/// as a patient's or a file's ("Họ tên: Đinh Thị Hường. Chẩn đoán: … Diễn biến: khó thở
/// giảm", "BN Lương Văn Khải, giường 12: … Lơ mơ"), whose later sentences are about them
/// without naming them again. A name in running prose ("Ông A cho biết…") does not carry over
/// to the next sentence.
fn record_subject_before(text: &str, start: usize, out: &[Finding]) -> bool {
    let ls = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut folded = String::new();
    out.iter().rev().take(32).any(|f| {
        if f.kind != Kind::PersonName || f.end > start || f.start < ls || start - f.end > 1200 {
            return false;
        }
        let lo = (ls.max(f.start.saturating_sub(32))..=f.start)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(f.start);
        folded.clear();
        fold_to(&text[lo..f.start], &mut folded);
        let label = folded.trim_end_matches([' ', ':', '-', '–', '.']);
        words().record_subject_labels.words.iter().any(|l| {
            label.ends_with(l.as_str())
                && label[..label.len() - l.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// Whether the word before the cue at `pos` (not before the sentence start `ss`) makes it a
/// group of people: "các bị can", "356 bị can", "trẻ em".
fn group_before(text: &str, ss: usize, pos: usize) -> bool {
    let before = text[ss..pos].trim_end();
    let word_start =
        before.char_indices().rev().find(|&(_, c)| !is_wc(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    if word.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return true;
    }
    let folded = khien_text::fold(word);
    words().group_markers.contains(&folded)
}

/// Words before a sensitive term that make it the name of an institution, a programme or a
/// statistic ("Cơ sở cai nghiện", "Trung tâm ung bướu", "tỷ lệ nhiễm HIV").
fn institution_before(text: &str, start: usize) -> bool {
    phrase_before(text, start, 2, |q| words().institution_words.contains(&q.folded)).is_some()
}

/// Kinds whose prose terms need a person in the sentence.
fn needs_person(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Health
            | Kind::CriminalRecord
            | Kind::MaritalStatus
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

/// Whether the char at `pos` (a char boundary) is an upper-case letter; Vietnamese letters are
/// decided from their UTF-8 bytes without the Unicode tables.
#[inline]
pub(super) fn upper_at(text: &str, bytes: &[u8], pos: usize) -> bool {
    let c0 = bytes[pos];
    match c0 {
        b'A'..=b'Z' => true,
        0x00..=0xC2 => false,
        // À–Þ (not ×).
        0xC3 => bytes.get(pos + 1).is_some_and(|&c| (0x80..=0x9E).contains(&c) && c != 0x97),
        // Latin Extended-A: Ă Đ Ĩ Ũ … are the even code points (U+0100–U+017F).
        0xC4 | 0xC5 => bytes.get(pos + 1).is_some_and(|&c| {
            let cp = (u32::from(c0 & 0x1F) << 6) | u32::from(c & 0x3F);
            match cp {
                0x100..=0x137 | 0x14A..=0x177 => cp % 2 == 0,
                _ => khien_text::char_at(text, pos).is_some_and(char::is_uppercase),
            }
        }),
        // Latin Extended Additional: Ạ–Ỹ are the even code points (U+1E00–U+1EFF).
        0xE1 if matches!(bytes.get(pos + 1), Some(0xB8..=0xBB)) => {
            bytes.get(pos + 2).is_some_and(|&c| c % 2 == 0)
        }
        _ => khien_text::char_at(text, pos).is_some_and(char::is_uppercase),
    }
}

/// One pass over the words of `text`: hashes each word (with the first byte of the next one)
/// against the prose prefilter and notes capitalised word starts.
pub(crate) fn scan_words(lex: &Lexicon, text: &str, out: &mut WordStarts) {
    use crate::lexical::lexicon::{WORD_BYTE, first_key, has_bit, word_hash_finish};
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut pos = 0;
    loop {
        while pos < len && !WORD_BYTE[bytes[pos] as usize] {
            pos += 1;
        }
        if pos >= len {
            return;
        }
        let ws = pos;
        let mut acc: u64 = 0;
        while pos < len && WORD_BYTE[bytes[pos] as usize] {
            acc = acc.rotate_left(8) ^ u64::from(bytes[pos].to_ascii_lowercase());
            pos += 1;
        }
        if upper_at(text, bytes, ws) {
            out.caps.push(ws);
        }
        let hash = word_hash_finish(acc, pos - ws);
        let next = if pos + 1 < len && bytes[pos] == b' ' && WORD_BYTE[bytes[pos + 1] as usize] {
            bytes[pos + 1]
        } else {
            0
        };
        if has_bit(&lex.first_words, first_key(hash, next))
            || (next != 0 && has_bit(&lex.first_words, first_key(hash, 0)))
        {
            // A run of word bytes starts at a char boundary (multi-byte chars are all ≥ 0x80).
            out.prose.push((ws, pos));
        }
    }
}

/// Years of birth in young people's shorthand: "2k3" is 2003, "2k10" 2010 ("mình là Vy, 2k3,
/// đang ở trọ…"). Only with a person in the sentence: "Windows 2k3" is a server. A bare "2k" is
/// two thousand đồng, not a year.
pub(crate) fn shorthand_birth_years(
    doc: &Doc<'_>,
    lex: &Lexicon,
    claimed: &Claimed,
    out: &mut Vec<Finding>,
) {
    if !doc.enabled(Kind::DateOfBirth) {
        return;
    }
    let text = doc.text;
    let b = text.as_bytes();
    for at in memchr::memmem::find_iter(b, b"2k") {
        if word_char_before(text, at) {
            continue;
        }
        let digits = b[at + 2..].iter().take_while(|c| c.is_ascii_digit()).count();
        let end = at + 2 + digits;
        let year = std::str::from_utf8(&b[at + 2..end]).ok().and_then(|d| d.parse::<u16>().ok());
        let plausible = matches!((digits, year), (1, Some(1..=9)) | (2, Some(10..=19)))
            && year.is_some_and(|y| 2000 + y <= doc.current_year);
        if !plausible || word_char_at(text, end) || claimed.overlaps(at, end) {
            continue;
        }
        if !person_in_sentence(text, lex, at, end, out) {
            continue;
        }
        let reasons = vec![
            reason(ReasonCode::Structure, "năm sinh viết tắt (2k3 = 2003)"),
            reason(ReasonCode::Keyword, "người được nhắc đến"),
        ];
        push(doc, Kind::DateOfBirth, at, end, 0.6, reasons, out);
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
    let text = doc.text;
    let mut folded = String::new();
    let mut last_end = 0;
    for &(ws, _) in starts {
        if ws < last_end {
            continue;
        }
        let input =
            aho_corasick::Input::new(text).range(ws..).anchored(aho_corasick::Anchored::Yes);
        let Some(matched) = lex.prose.find(input) else { continue };
        let (start, end) = (matched.start(), matched.end());
        if word_char_before(text, start) || word_char_at(text, end) {
            continue;
        }
        if claimed.overlaps(start, end) {
            continue;
        }
        let pattern = &lex.patterns[matched.pattern().as_usize()];
        match pattern.action {
            Action::Term(kind) => {
                if !doc.enabled(kind) {
                    continue;
                }
                if pattern.needs_neighbour && !family_neighbours(text, start, end) {
                    continue;
                }
                if kind == Kind::CriminalRecord
                    && text[start..end].is_ascii()
                    && tien_su_is_health(text, end)
                {
                    // "co tien su tram cam": "tiền sử" (history of illness) without accents.
                    continue;
                }
                if needs_person(kind)
                    && (institution_before(text, start)
                        || !person_in_sentence(text, lex, start, end, out))
                {
                    continue;
                }
                if kind == Kind::Religion {
                    // "Giáo hội Phật giáo Việt Nam", "chùa", "Học viện Phật giáo": organisations.
                    let org = phrase_before(text, start, 3, |q| {
                        words().religious_organisations.contains(&q.folded)
                    });
                    if org.is_some() {
                        continue;
                    }
                }
                let mut reasons = vec![reason(ReasonCode::Lexicon, pattern.display.clone())];
                let mut score = term_score(kind);
                if kind == Kind::Health || kind == Kind::CriminalRecord {
                    // A person nearby makes it a person's record.
                    if phrase_before(text, start, 4, |q| lex.person_cues.has(q)).is_some() {
                        score += 0.1;
                        reasons.push(reason(ReasonCode::Keyword, "người được nhắc đến"));
                    }
                }
                push(doc, kind, start, end, score, reasons, out);
                last_end = end;
                if kind == Kind::Health {
                    icd_after(doc, end, 40, claimed, out);
                }
            }
            Action::TermAfter(kind, skip) => {
                if !person_in_sentence(text, lex, start, end, out) {
                    continue;
                }
                let mut pos = start;
                for _ in 0..skip {
                    pos = word_end(text, pos);
                    while text.as_bytes().get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                }
                if pos < end {
                    push(
                        doc,
                        kind,
                        pos,
                        end,
                        term_score(kind),
                        vec![reason(ReasonCode::Lexicon, pattern.display.clone())],
                        out,
                    );
                    last_end = end;
                }
            }
            Action::Capture(kind, cap) => {
                if !doc.enabled(kind) && kind != Kind::Health {
                    continue;
                }
                if cap == Capture::Measurement {
                    let Some(reading) = measure::value_after(text, &text[start..end], end) else {
                        continue;
                    };
                    let result_line = reading.colon && line_starts_with_name(text, start);
                    if claimed.overlaps(start, reading.end)
                        || institution_before(text, start)
                        || !(result_line || person_in_sentence(text, lex, start, end, out))
                    {
                        continue;
                    }
                    let score = if result_line { 0.5 } else { 0.6 };
                    let reasons = vec![
                        reason(ReasonCode::Lexicon, pattern.display.clone()),
                        reason(ReasonCode::Structure, "kết quả đo của một người"),
                    ];
                    push(doc, Kind::Health, start, reading.end, score, reasons, out);
                    last_end = reading.end;
                    continue;
                }
                // Followed by a colon: the key:value pass handled it.
                let rest = text[end..].trim_start_matches(' ');
                if rest.starts_with(':') {
                    continue;
                }
                let cue = reason(ReasonCode::Keyword, pattern.display.clone());
                match cap {
                    // Read above.
                    Capture::Measurement => {}
                    Capture::Year => {
                        // "SN 1990", "NS 1985" (the colon form is a key:value pair).
                        if !text[start..end].bytes().all(|c| c.is_ascii_uppercase()) {
                            continue;
                        }
                        let ys = end + (text.len() - end - rest.len());
                        let digits =
                            text.as_bytes()[ys..].iter().take_while(|c| c.is_ascii_digit()).count();
                        if digits != 4
                            || word_char_at(text, ys + 4)
                            || text[ys + 4..].starts_with(['/', '.', '-'])
                                && text[ys + 5..].starts_with(|c: char| c.is_ascii_digit())
                        {
                            continue;
                        }
                        let year: u16 = text[ys..ys + 4].parse().unwrap_or(0);
                        if (1900..=doc.current_year).contains(&year) {
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
                        if needs_person(kind) && !person_in_sentence(text, lex, start, end, out) {
                            continue;
                        }
                        if kind == Kind::Health {
                            icd_after(doc, end, 60, claimed, out);
                        }
                        if let Some((cs, ce)) = capture_phrase(text, end, max as usize) {
                            if claimed.overlaps(cs, ce) {
                                continue;
                            }
                            let score = if kind == Kind::Health { 0.55 } else { 0.6 };
                            push(doc, kind, cs, ce, score, vec![cue], out);
                            last_end = ce;
                        }
                    }
                    Capture::Gender => {
                        if pattern.display == "tuổi" {
                            gender_before_age(doc, start, out);
                            continue;
                        }
                        let ws = end + (text.len() - end - rest.len());
                        let we = word_end(text, ws);
                        if we == ws {
                            continue;
                        }
                        let word = &text[ws..we];
                        let lower = word.to_lowercase();
                        let ok = matches!(lower.as_str(), "nam" | "nữ" | "nu")
                            && (pattern.display == "giới tính"
                                || !word.starts_with(char::is_uppercase)
                                || word.chars().all(char::is_uppercase));
                        if ok {
                            push(doc, Kind::Gender, ws, we, 0.7, vec![cue], out);
                            last_end = we;
                        }
                    }
                    Capture::Country => {
                        let ws = end + (text.len() - end - rest.len());
                        if let Some((cs, ce)) = capture_phrase(text, ws, 3) {
                            fold_to(&text[cs..ce], &mut folded);
                            let known = lex.countries.contains(&folded);
                            let cap_start = text[cs..].starts_with(char::is_uppercase);
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
                        if !person_in_sentence(text, lex, start, end, out) {
                            continue;
                        }
                        let mut ws = end + (text.len() - end - rest.len());
                        // "đồng bào dân tộc Ê Đê": skip the second cue.
                        let w1 = word_end(text, ws);
                        fold_to(&text[ws..w1], &mut folded);
                        if folded == "dan" {
                            let w2s = w1 + 1;
                            let w2 = word_end(text, w2s.min(text.len()));
                            fold_to(&text[w2s.min(text.len())..w2], &mut folded);
                            if folded == "toc" {
                                ws = w2 + 1;
                            }
                        }
                        if ws >= text.len() {
                            continue;
                        }
                        // Longest group name of up to three words.
                        let mut best = None;
                        let mut we = ws;
                        for _ in 0..3 {
                            if !word_char_at(text, we) && we != ws {
                                break;
                            }
                            let mut ne = word_end(text, we);
                            while text.as_bytes().get(ne) == Some(&b'-')
                                && word_char_at(text, ne + 1)
                            {
                                ne = word_end(text, ne + 1);
                            }
                            if ne == we {
                                break;
                            }
                            fold_to(&text[ws..ne].replace('-', " "), &mut folded);
                            if lex.ethnic.contains_key(&folded) {
                                best = Some(ne);
                            }
                            if text.as_bytes().get(ne) != Some(&b' ') {
                                break;
                            }
                            we = ne + 1;
                        }
                        if let Some(ce) = best {
                            let ethnic = lex.ethnic
                                [&khien_text::fold(&text[ws..ce].replace('-', " "))]
                                .clone();
                            push(
                                doc,
                                Kind::Ethnicity,
                                ws,
                                ce,
                                0.85,
                                vec![cue, reason(ReasonCode::Lexicon, format!("dân tộc {ethnic}"))],
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
    let text = doc.text;
    let bytes = text.as_bytes();
    let mut pos = tuoi;
    while pos > 0 && bytes[pos - 1] == b' ' {
        pos -= 1;
    }
    let digits_end = pos;
    while pos > 0 && bytes[pos - 1].is_ascii_digit() {
        pos -= 1;
    }
    if pos == digits_end || digits_end - pos > 3 {
        return;
    }
    while pos > 0 && matches!(bytes[pos - 1], b' ' | b',' | b'(') {
        pos -= 1;
    }
    let preceding = words_before(text, pos, 1);
    let Some(&(ws, we)) = preceding.first() else { return };
    if we != pos {
        return;
    }
    let lower = text[ws..we].to_lowercase();
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
