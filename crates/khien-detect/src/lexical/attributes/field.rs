//! Labelled fields: `Dân tộc: Tày`, `Tôn giáo: Không`, a JSON value under its key; the label,
//! where its value ends, and how sure the value is.

use crate::engine::Doc;
use crate::lexical::lexicon::Lexicon;
use crate::lexical::{
    Claimed, Key, address, fold_to, lexicon, reason, word_char_at, word_char_before, word_end,
    words_before,
};
use crate::words::words;
use crate::{Finding, Kind, ReasonCode};

use super::{push, trim_span};

/// Kinds whose value is a short word or two; the value ends at a comma.
fn short_value(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Gender
            | Kind::Nationality
            | Kind::MaritalStatus
            | Kind::FamilyRelation
            | Kind::Ethnicity
            | Kind::Religion
    )
}

/// Where a value that starts at `vs` ends: the line end, a column separator, a run of spaces,
/// or the key of the next `key: value` pair on the line.
fn value_end(text: &str, lex: &Lexicon, vs: usize, short: bool) -> usize {
    let bytes = text.as_bytes();
    let mut pos = vs;
    let mut depth = 0usize;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\n' | b'\r' | b'\t' | b'|' | b';' => return pos,
            b'(' if !short => {
                depth += 1;
                pos += 1;
            }
            b')' if depth == 0 => return pos,
            b')' => {
                depth -= 1;
                pos += 1;
            }
            b' ' if bytes.get(pos + 1) == Some(&b' ') => return pos,
            b',' | b'(' if short => return pos,
            b'.' if short && (pos + 1 >= bytes.len() || bytes[pos + 1] == b' ') => return pos,
            b':' => {
                // The next key starts after the last separator before this colon, or at the
                // start of a known key phrase.
                let seg = &text[vs..pos];
                if let Some(last_sep) = seg.rfind([',', '.', ';']) {
                    return vs + last_sep;
                }
                if let Some((ks, _, _)) = key_at(text, lex, pos) {
                    return ks.max(vs);
                }
                let preceding = words_before(text, pos, 2);
                return preceding.first().map_or(pos, |&(ws, _)| ws.max(vs));
            }
            _ => pos += 1,
        }
    }
    bytes.len()
}

/// Whether the text between the line start and `ks` is only a numbering or bullet, so that the
/// words at `ks` start a field label rather than end a sentence.
pub(super) fn key_starts_field(text: &str, ks: usize) -> bool {
    let bytes = text.as_bytes();
    let ls = memchr::memrchr(b'\n', &bytes[..ks]).map_or(0, |p| p + 1);
    let before = text[ls..ks].trim_end_matches([' ', '\t']);
    if before.is_empty() {
        return true;
    }
    if text[ls..ks].ends_with("  ") || text[ls..ks].ends_with('\t') {
        return true;
    }
    // A second field on a line of fields ("Họ và tên: Nguyễn Gia Đạt Giới tính: Nam", a card's
    // "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam"): the line already had a label.
    if before.contains(':') {
        return true;
    }
    let last = before.chars().next_back().unwrap_or(' ');
    matches!(
        last,
        ',' | ';' | '|' | '.' | ')' | '-' | '–' | '•' | '*' | '+' | '>' | ':' | '(' | '[' | ']'
    ) || before.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(c, '.' | ')' | ' ' | '-')
            || c.is_alphabetic() && before.len() <= 2
    })
}

/// The field label that ends at the colon `colon`: its start, end and kind. Leading numbering
/// and a trailing parenthesis ("Tôn giáo (nếu có):") are skipped; a multi-word label may be
/// followed by up to three more words ("Kết quả xét nghiệm HIV:", "Họ tên người làm đơn:").
fn key_at(text: &str, lex: &Lexicon, colon: usize) -> Option<(usize, usize, Kind)> {
    let before = text[..colon].trim_end_matches([' ', '\t']);
    let mut end = before.len();
    if before.ends_with(')')
        && let Some(op) = before.rfind('(')
        && end - op < 48
        && !before[op..].contains('\n')
    {
        end = before[..op].trim_end_matches([' ', '\t']).len();
    }
    // A bilingual label ("Giới tính / Sex:", "Họ và tên / Full name:", as on ID cards): the
    // Vietnamese label before the slash names the field.
    if let Some(slash) = before[..end].rfind('/')
        && end - slash <= 32
        && before[slash + 1..end]
            .trim()
            .bytes()
            .all(|c| c.is_ascii_alphabetic() || c == b' ' || c == b'.' || c == b'\'')
        && !before[slash + 1..end].trim().is_empty()
        && before[..slash].ends_with(' ')
    {
        end = before[..slash].trim_end_matches([' ', '\t']).len();
    }
    // A snake_case key ("gioi_tinh: Nam", "dan_toc: Kinh") names its field as a column header.
    let ident =
        before[..end].bytes().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
    if ident > 2 && before[end - ident..end].contains('_') {
        let ks = end - ident;
        if ks == 0 || !word_char_before(text, ks) {
            return label_kind(lex, &before[ks..end]).map(|kind| (ks, end, kind));
        }
    }
    let words = words_before(text, end, 8);
    if words.is_empty() {
        return None;
    }
    // The label's last word (or one of the three before it) must be a lexicon word.
    let tail = &words[words.len().saturating_sub(4)..];
    if !tail.iter().any(|&(ws, we)| lexicon::is_known(lex, &text.as_bytes()[ws..we])) {
        return None;
    }
    let accented = lexicon::accented_near(text, colon);
    let mut key = Key { accented_ctx: accented, ..Key::default() };
    for first in 0..words.len() {
        if !key_starts_field(text, words[first].0) {
            continue;
        }
        for last in (first..words.len()).rev() {
            let extra = words.len() - 1 - last;
            if extra > 3 {
                break;
            }
            key.set(&text[words[first].0..words[last].1]);
            if let Some(kind) = lex.keys.get(&key) {
                if extra > 0 && last == first {
                    continue;
                }
                return Some((words[first].0, words[words.len() - 1].1, *kind));
            }
        }
    }
    None
}

/// Key:value pairs anchored on `:`. Label spans are added to `labels` so that the prose pass
/// does not report the label itself ("Tiền án:", "Đặc điểm nhận dạng:").
pub(crate) fn key_values(
    doc: &Doc<'_>,
    lex: &Lexicon,
    labels: &mut Claimed,
    out: &mut Vec<Finding>,
) {
    let text = doc.text;
    for colon in memchr::memchr_iter(b':', text.as_bytes()) {
        let Some((ks, ke, mut kind)) = key_at(text, lex, colon) else { continue };
        if kind == Kind::CriminalRecord && text[ks..ke].eq_ignore_ascii_case("tien su") {
            // "Tien su: tang huyet ap": without accents, a medical history unless the value
            // reads like a record ("Không", a count).
            let after = text[colon + 1..].trim_start_matches(' ');
            let first_word = &after[..word_end(after, 0)];
            let record = first_word.is_empty()
                || first_word.eq_ignore_ascii_case("khong")
                || first_word.eq_ignore_ascii_case("không")
                || first_word.starts_with(|c: char| c.is_ascii_digit());
            if !record {
                kind = Kind::Health;
            }
        }
        labels.add(ks, ke);
        if kind == Kind::PersonName {
            // "Bị can:", "Phạm nhân:": the role itself is criminal-record data.
            let role = Key::in_ctx(&text[ks..ke], lexicon::accented_near(text, ks));
            if words().accused_roles.contains(&role.folded) {
                push(
                    doc,
                    Kind::CriminalRecord,
                    ks,
                    ke,
                    0.8,
                    vec![reason(ReasonCode::Keyword, text[ks..ke].to_string())],
                    out,
                );
            }
        }
        let mut vs = colon + 1;
        while text.as_bytes().get(vs).is_some_and(|&c| c == b' ') {
            vs += 1;
        }
        if let Some(next) = value_on_next_line(text, vs) {
            vs = next;
        }
        let ve = value_end(text, lex, vs, short_value(kind));
        let (start, end) = trim_span(text, vs, ve);
        if start >= end {
            continue;
        }
        // An address ends where a clause about a person starts (the organisation's address
        // claimed below must not hide the name of its representative).
        let end =
            if kind == Kind::Address { before_person_clause(text, lex, start, end) } else { end };
        if !value(doc, lex, kind, &text[ks..ke], start, end, false, out) {
            // An organisation's address: keep the other passes out of it too.
            labels.add(start, end);
        }
    }
}

/// A label that ends its line ("Họ và tên / Full name:" on a card, with the name printed below
/// it): the start of the next line when that line is a value on its own (no label of its own,
/// not blank, not long).
fn value_on_next_line(text: &str, vs: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = vs;
    if b.get(i) == Some(&b'\r') {
        i += 1;
    }
    if b.get(i) != Some(&b'\n') {
        return None;
    }
    let start = i + 1;
    let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
    let line = text[start..end].trim();
    (!line.is_empty() && !line.contains(':') && line.len() <= 120).then_some(start)
}

/// The value of a labelled field: a cell under its column header, a JSON value under its key.
pub(crate) fn field_value(doc: &Doc<'_>, lex: &Lexicon, out: &mut Vec<Finding>) {
    let Some(label) = doc.field_label else { return };
    let Some(kind) = label_kind(lex, label) else { return };
    let text = doc.text;
    if text.contains('\n') && text.len() > 300 {
        return;
    }
    let (start, end) = trim_span(text, 0, text.len());
    if start < end {
        let _ = value(doc, lex, kind, label, start, end, true, out);
    }
}

/// The kind of personal data a field label (column header, JSON key) names, if any.
///
/// Remembered per thread ([`crate::memo`]): a spreadsheet or a JSON file asks for the same column
/// header or key once per cell.
pub(super) fn label_kind(lex: &Lexicon, label: &str) -> Option<Kind> {
    thread_local! {
        static SEEN: std::cell::RefCell<crate::memo::LabelMemo<Option<Kind>>> =
            std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        seen.borrow_mut().get_or_insert_with(label, || label_kind_uncached(lex, label))
    })
}

fn label_kind_uncached(lex: &Lexicon, label: &str) -> Option<Kind> {
    let key = Key::of(label.replace(['_', '-', '.', ':'], " ").trim());
    match lex.keys.get(&key) {
        Some(kind) => Some(*kind),
        None if words().name_labels.contains(&key.folded) => Some(Kind::PersonName),
        None if words().address_labels.contains(&key.folded) => Some(Kind::Address),
        None => None,
    }
}

/// Where an address value gives way to a clause about a person: ", do ông Lê Quang Vinh làm đại
/// diện", ", bà Trần Thị A là chủ hộ". A lower-case person word after a comma (or after "do",
/// "và", "của" after one) starts such a clause; "tổ 12, ấp Bà Điểm" (a place, capitalised)
/// does not.
fn before_person_clause(text: &str, lex: &Lexicon, start: usize, end: usize) -> usize {
    let value = &text[start..end];
    for (at, _) in value.match_indices([',', ';']) {
        let rest = value[at + 1..].trim_start_matches(' ');
        let mut words = rest.split(' ').filter(|w| !w.is_empty());
        let Some(mut first) = words.next() else { break };
        if matches!(first, "do" | "và" | "của" | "va" | "cua") {
            let Some(next) = words.next() else { break };
            first = next;
        }
        let first = first.trim_end_matches([',', '.', ':']);
        if first.starts_with(char::is_lowercase) && lex.person_cues.has(&Key::of(first)) {
            return start + value[..at].trim_end().len();
        }
    }
    end
}

fn is_letterish(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Scores and pushes the value `start..end` of a field labelled `label` holding `kind`. Returns false
/// when the value is an organisation's address.
#[allow(clippy::too_many_arguments)]
pub(super) fn value(
    doc: &Doc<'_>,
    lex: &Lexicon,
    kind: Kind,
    label: &str,
    start: usize,
    mut end: usize,
    from_header: bool,
    out: &mut Vec<Finding>,
) -> bool {
    let text = doc.text;
    let label_reason = if from_header {
        reason(ReasonCode::FieldLabel, label.trim().to_string())
    } else {
        reason(ReasonCode::Keyword, label.trim().to_string())
    };
    let mut folded = String::new();
    let short_key = label.trim().chars().count() <= 2;
    let score: f32;
    let mut reasons = vec![label_reason];
    match kind {
        Kind::PersonName => {
            // Up to the first comma, bracket, digit or dash.
            if let Some(stop) = text[start..end].find([',', '(', '-', '/', '–']) {
                end = start + stop;
            }
            if let Some(stop) = text[start..end].find(|c: char| c.is_ascii_digit()) {
                end = start + stop;
            }
            let (s2, e2) = trim_span(text, start, end);
            let words: Vec<&str> = text[s2..e2].split_whitespace().collect();
            if words.is_empty()
                || words.len() > 6
                || !words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '.'))
            {
                return true;
            }
            fold_to(words[0], &mut folded);
            let surname = lex.surnames.has(&Key::of(words[0]));
            let capital = words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase));
            score = match (surname, capital) {
                (true, _) => 0.95,
                (false, true) => 0.75,
                (false, false) if words.len() >= 2 => 0.55,
                _ => return true,
            };
            if surname {
                reasons.push(reason(ReasonCode::Lexicon, "họ trong danh mục"));
            }
            push(doc, kind, s2, e2, score, reasons, out);
            return true;
        }
        Kind::Gender => {
            let w_end = word_end(text, start);
            fold_to(&text[start..w_end], &mut folded);
            let two = text[start..end].to_lowercase();
            if !words().gender_values.contains(&folded) {
                return true;
            }
            if short_key && !words().gender_values_short_label.contains(&folded) {
                return true;
            }
            let gender_end = if two.starts_with("nam giới") || two.starts_with("nữ giới") {
                end
            } else {
                w_end
            };
            push(doc, kind, start, gender_end, 0.9, reasons, out);
            return true;
        }
        Kind::Ethnicity => {
            fold_to(&text[start..end].replace('-', " "), &mut folded);
            let joined = folded.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(ethnic) = lex.ethnic.get(&joined) {
                reasons.push(reason(ReasonCode::Lexicon, format!("dân tộc {ethnic}")));
                score = 0.95;
            } else if short_key
                || !is_letterish(&text[start..end])
                || text[start..end].chars().count() > 30
            {
                return true;
            } else {
                score = 0.7;
            }
        }
        Kind::Religion => {
            fold_to(&text[start..end], &mut folded);
            if let Some(religion) = lex.religions.get(&folded) {
                reasons.push(reason(ReasonCode::Lexicon, format!("tôn giáo: {religion}")));
                score = 0.95;
            } else if short_key
                || !is_letterish(&text[start..end])
                || text[start..end].chars().count() > 40
            {
                return true;
            } else {
                score = 0.7;
            }
        }
        Kind::Nationality => {
            fold_to(&text[start..end], &mut folded);
            if lex.countries.contains(&folded) {
                reasons.push(reason(ReasonCode::Lexicon, "quốc gia"));
                score = 0.95;
            } else if !is_letterish(&text[start..end]) || text[start..end].chars().count() > 30 {
                return true;
            } else {
                score = 0.75;
            }
        }
        Kind::Address => {
            if !is_letterish(&text[start..end]) || end - start < 3 {
                return true;
            }
            if !from_header && address::org_before(text, lex, start.saturating_sub(1)).is_some() {
                // "Trụ sở", "Công ty …" on the line: an organisation's address.
                return false;
            }
            if !from_header && org_line_above(text, start) {
                return false;
            }
            if let Some(paren) = text[start..end].find('(') {
                // "(địa chỉ nhà máy)", "(trụ sở công ty)": organisational.
                if address::org_in(&text[start + paren..end], lex, true).is_some()
                    || text[start + paren..end].contains("nhà máy")
                {
                    return false;
                }
                end = start + text[start..start + paren].trim_end().len();
            }
            end = before_person_clause(text, lex, start, end);
            let (comps, gazetteer) = address::value_components(text, lex, start, end);
            score = if comps >= 2 { 0.95 } else { 0.8 };
            if comps >= 2 {
                reasons.push(reason(ReasonCode::Structure, format!("{comps} thành phần địa chỉ")));
            }
            if gazetteer {
                reasons.push(reason(ReasonCode::Lexicon, address::GAZETTEER_REASON));
            }
        }
        Kind::DateOfBirth => {
            // "SN: 1990", "NS: 1985": a plausible year, not a house number before a street.
            let digits = text[start..end].bytes().take_while(u8::is_ascii_digit).count();
            if digits != 4 {
                return true;
            }
            let year: u16 = text[start..start + 4].parse().unwrap_or(0);
            if !(1900..=doc.current_year).contains(&year) || word_char_at(text, start + 4) {
                return true;
            }
            reasons.push(reason(ReasonCode::Structure, "năm sinh hợp lệ"));
            push(doc, kind, start, start + 4, 0.85, reasons, out);
            return true;
        }
        Kind::MaritalStatus | Kind::FamilyRelation => {
            if !is_letterish(&text[start..end]) || text[start..end].chars().count() > 40 {
                return true;
            }
            score = 0.85;
        }
        _ => {
            // Health, criminal record, political view, biometric, sexual life, private life.
            if !is_letterish(&text[start..end])
                && !text[start..end].bytes().any(|c| c.is_ascii_digit())
            {
                return true;
            }
            if text[start..end].len() > 240 {
                let mut cut = start + 240;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                end = cut;
            }
            score = 0.85;
        }
    }
    let _ = from_header;
    push(doc, kind, start, end, score, reasons, out);
    true
}

/// Whether a line above the key (two lines at most) names an organisation: a letterhead.
fn org_line_above(text: &str, pos: usize) -> bool {
    let bytes = text.as_bytes();
    let ls = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |p| p + 1);
    if ls == 0 {
        return false;
    }
    let prev_start = memchr::memrchr(b'\n', &bytes[..ls - 1]).map_or(0, |p| p + 1);
    let raw = &text[prev_start..ls - 1];
    let line = khien_text::fold(raw);
    let lower = raw.to_lowercase();
    // Entries with marks are matched with them ("sở" is not the "số" of a number label).
    let on_line =
        |word: &String| address::contains_word(if word.is_ascii() { &line } else { &lower }, word);
    words().letterhead_words.words.iter().any(on_line)
        && !line.contains("ho ten")
        && !line.contains("ho va ten")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::lexicon::lexicon;

    fn found(text: &str) -> Vec<(Kind, String)> {
        let engine = crate::Engine::new(crate::Config::default().with_current_year(2026));
        engine
            .detect(text)
            .into_iter()
            .map(|f| (f.kind, text[f.start..f.end].to_string()))
            .collect()
    }

    #[test]
    fn an_address_value_ends_where_a_clause_about_a_person_starts() {
        let t = "Địa chỉ: số 5 Lê Lợi, phường Hải Châu, thành phố Đà Nẵng, ông Lê Quang Vinh là chủ hộ.";
        let f = found(t);
        assert!(
            f.contains(&(Kind::Address, "số 5 Lê Lợi, phường Hải Châu, thành phố Đà Nẵng".into())),
            "{f:?}"
        );
        assert!(f.contains(&(Kind::PersonName, "Lê Quang Vinh".into())), "{f:?}");
        // An organisation's address is dropped, its representative's name is not.
        let t = "Bên A: Công ty Cổ phần Bảo Ngọc, địa chỉ trụ sở: Lô 7, Khu công nghiệp Hòa Khánh, \
                 phường Liên Chiểu, thành phố Đà Nẵng, do ông Lê Quang Vinh làm đại diện.";
        let f = found(t);
        assert!(f.contains(&(Kind::PersonName, "Lê Quang Vinh".into())), "{f:?}");
        assert!(!f.iter().any(|(k, _)| *k == Kind::Address), "{f:?}");
        // A place named after a title stays in the address.
        let t = "Địa chỉ: tổ 12, ấp Bà Điểm, xã Bà Điểm, TP.HCM";
        assert!(
            found(t).contains(&(Kind::Address, "tổ 12, ấp Bà Điểm, xã Bà Điểm, TP.HCM".into()))
        );
    }

    /// The fields of an ID card as OCR reads it: bilingual labels, values on the line below
    /// their label, two fields on one line.
    #[test]
    fn card_fields_bilingual_below_and_side_by_side() {
        let card = "Họ và tên / Full name:\nNGUYỄN HỮU PHƯỚC BÌNH\nGiới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam\nQuê quán / Place of origin:\nphường Hưng Bình, TP Vinh, Nghệ An\n";
        let f = found(card);
        for (kind, value) in [
            (Kind::PersonName, "NGUYỄN HỮU PHƯỚC BÌNH"),
            (Kind::Gender, "Nữ"),
            (Kind::Nationality, "Việt Nam"),
            (Kind::Address, "phường Hưng Bình, TP Vinh, Nghệ An"),
        ] {
            assert!(f.contains(&(kind, value.to_string())), "{kind:?} {value}: {f:?}");
        }
        let form = found("Họ và tên: Nguyễn Gia Đạt Giới tính: Nam\n");
        assert!(form.contains(&(Kind::PersonName, "Nguyễn Gia Đạt".into())), "{form:?}");
        assert!(form.contains(&(Kind::Gender, "Nam".into())), "{form:?}");
        // A label at the end of its line does not take a next line that is a field of its own.
        let f = found("Họ và tên:\nNgày sinh: 12/03/1986\n");
        assert!(!f.iter().any(|(k, _)| *k == Kind::PersonName), "{f:?}");
    }

    /// The label groups of `data/words.toml`: their examples name the kind, their
    /// not-examples do not.
    #[test]
    fn label_groups_act_on_their_examples() {
        let lists = words();
        for (group, kind) in
            [(&lists.name_labels, Kind::PersonName), (&lists.address_labels, Kind::Address)]
        {
            for label in &group.examples {
                assert_eq!(label_kind(lexicon(), label), Some(kind), "{label:?}");
            }
            for label in &group.not_examples {
                assert_ne!(label_kind(lexicon(), label), Some(kind), "{label:?}");
            }
        }
    }
}
