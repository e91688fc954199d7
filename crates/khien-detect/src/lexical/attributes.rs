//! Personal attributes and sensitive categories: values of labelled fields (`Dân tộc: Tày`,
//! `Tôn giáo: Không`, `Chẩn đoán: …`), field values under a column header, and sensitive terms
//! and cue phrases in prose.

use super::lexicon::{Action, Capture, Lexicon};
use super::{
    Claimed, finding, fold_to, phrase_before, reason, word_char_at, word_char_before, word_end,
    words_before,
};
use crate::engine::Doc;
use crate::{Finding, Kind, ReasonCode};

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

fn trim_span(t: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        let c = khien_text::char_at(t, s).unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '-' | '–' | '*' | '•' | '"' | '“' | '”') {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while e > s {
        let c = khien_text::char_before(t, e).unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | '-' | '–' | '"' | '“' | '”') {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

/// Where a value that starts at `vs` ends: the line end, a column separator, a run of spaces,
/// or the key of the next `key: value` pair on the line.
fn value_end(t: &str, lex: &Lexicon, vs: usize, short: bool) -> usize {
    let b = t.as_bytes();
    let mut i = vs;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\r' | b'\t' | b'|' | b';' => return i,
            b'(' if !short => {
                depth += 1;
                i += 1;
            }
            b')' if depth == 0 => return i,
            b')' => {
                depth -= 1;
                i += 1;
            }
            b' ' if b.get(i + 1) == Some(&b' ') => return i,
            b',' | b'(' if short => return i,
            b'.' if short && (i + 1 >= b.len() || b[i + 1] == b' ') => return i,
            b':' => {
                // The next key starts after the last separator before this colon, or at the
                // start of a known key phrase.
                let seg = &t[vs..i];
                if let Some(p) = seg.rfind([',', '.', ';']) {
                    return vs + p;
                }
                if let Some((ks, _, _)) = key_at(t, lex, i) {
                    return ks.max(vs);
                }
                let w = words_before(t, i, 2);
                return w.first().map_or(i, |&(ws, _)| ws.max(vs));
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether the text between the line start and `ks` is only a numbering or bullet, so that the
/// words at `ks` start a field label rather than end a sentence.
fn key_starts_field(t: &str, ks: usize) -> bool {
    let b = t.as_bytes();
    let ls = memchr::memrchr(b'\n', &b[..ks]).map_or(0, |p| p + 1);
    let before = t[ls..ks].trim_end_matches([' ', '\t']);
    if before.is_empty() {
        return true;
    }
    if t[ls..ks].ends_with("  ") || t[ls..ks].ends_with('\t') {
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
fn key_at(t: &str, lex: &Lexicon, colon: usize) -> Option<(usize, usize, Kind)> {
    let before = t[..colon].trim_end_matches([' ', '\t']);
    let mut end = before.len();
    if before.ends_with(')')
        && let Some(op) = before.rfind('(')
        && end - op < 48
        && !before[op..].contains('\n')
    {
        end = before[..op].trim_end_matches([' ', '\t']).len();
    }
    // A snake_case key ("gioi_tinh: Nam", "dan_toc: Kinh") names its field as a column header.
    let ident =
        before[..end].bytes().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
    if ident > 2 && before[end - ident..end].contains('_') {
        let ks = end - ident;
        if ks == 0 || !word_char_before(t, ks) {
            return label_kind(lex, &before[ks..end]).map(|kind| (ks, end, kind));
        }
    }
    let words = words_before(t, end, 8);
    if words.is_empty() {
        return None;
    }
    // The label's last word (or one of the three before it) must be a lexicon word.
    let tail = &words[words.len().saturating_sub(4)..];
    if !tail.iter().any(|&(ws, we)| super::lexicon::is_known(lex, &t.as_bytes()[ws..we])) {
        return None;
    }
    let accented = super::lexicon::accented_near(t, colon);
    let mut k = super::Key { accented_ctx: accented, ..super::Key::default() };
    for a in 0..words.len() {
        if !key_starts_field(t, words[a].0) {
            continue;
        }
        for z in (a..words.len()).rev() {
            let extra = words.len() - 1 - z;
            if extra > 3 {
                break;
            }
            k.set(&t[words[a].0..words[z].1]);
            if let Some(kind) = lex.keys.get(&k) {
                if extra > 0 && z == a {
                    continue;
                }
                return Some((words[a].0, words[words.len() - 1].1, *kind));
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
    let t = doc.text;
    for p in memchr::memchr_iter(b':', t.as_bytes()) {
        let Some((ks, ke, mut kind)) = key_at(t, lex, p) else { continue };
        if kind == Kind::CriminalRecord && t[ks..ke].eq_ignore_ascii_case("tien su") {
            // "Tien su: tang huyet ap": without accents, a medical history unless the value
            // reads like a record ("Không", a count).
            let v = t[p + 1..].trim_start_matches(' ');
            let w = &v[..word_end(v, 0)];
            let record = w.is_empty()
                || w.eq_ignore_ascii_case("khong")
                || w.eq_ignore_ascii_case("không")
                || w.starts_with(|c: char| c.is_ascii_digit());
            if !record {
                kind = Kind::Health;
            }
        }
        labels.add(ks, ke);
        if kind == Kind::PersonName {
            // "Bị can:", "Phạm nhân:": the role itself is criminal-record data.
            let role = super::Key::in_ctx(&t[ks..ke], super::lexicon::accented_near(t, ks));
            if matches!(
                role.folded.as_str(),
                "bi can"
                    | "bi cao"
                    | "nghi pham"
                    | "nghi can"
                    | "pham nhan"
                    | "nguoi bi tam giu"
                    | "nguoi bi tam giam"
            ) {
                push(
                    doc,
                    Kind::CriminalRecord,
                    ks,
                    ke,
                    0.8,
                    vec![reason(ReasonCode::Keyword, t[ks..ke].to_string())],
                    out,
                );
            }
        }
        let mut vs = p + 1;
        while t.as_bytes().get(vs).is_some_and(|&c| c == b' ') {
            vs += 1;
        }
        let ve = value_end(t, lex, vs, short_value(kind));
        let (s, e) = trim_span(t, vs, ve);
        if s >= e {
            continue;
        }
        if !value(doc, lex, kind, &t[ks..ke], s, e, false, out) {
            // An organisation's address: keep the other passes out of it too.
            labels.add(s, e);
        }
    }
}

/// The value of a labelled field: a cell under its column header, a JSON value under its key.
pub(crate) fn field_value(doc: &Doc<'_>, lex: &Lexicon, out: &mut Vec<Finding>) {
    let Some(label) = doc.field_label else { return };
    let Some(kind) = label_kind(lex, label) else { return };
    let t = doc.text;
    if t.contains('\n') && t.len() > 300 {
        return;
    }
    let (s, e) = trim_span(t, 0, t.len());
    if s < e {
        let _ = value(doc, lex, kind, label, s, e, true, out);
    }
}

/// The kind of personal data a field label (column header, JSON key) names, if any.
fn label_kind(lex: &Lexicon, label: &str) -> Option<Kind> {
    let key = super::Key::of(label.replace(['_', '-', '.', ':'], " ").trim());
    match lex.keys.get(&key) {
        Some(k) => Some(*k),
        None => match key.folded.as_str() {
            "ho" | "ho dem" | "ten dem" | "ten khai sinh" | "ho ten day du" | "fullname"
            | "full name" => Some(Kind::PersonName),
            "dia chi nha" | "so nha" | "dia chi hien tai" => Some(Kind::Address),
            _ => None,
        },
    }
}

/// Cells of text tables (TSV, CSV, pipe tables) under a header that names what the column
/// holds ("Họ và tên", "Giới tính", "Dân tộc", "Quan hệ với chủ hộ", `gioi_tinh`): each cell
/// is read as the value of that field. Spreadsheets get the same through
/// [`crate::FieldContext`]; this is for tables pasted or exported as text.
pub(crate) fn header_cells(doc: &Doc<'_>, lex: &Lexicon, out: &mut Vec<Finding>) {
    let t = doc.text;
    let b = t.as_bytes();
    if memchr::memchr3(b'|', b'\t', b',', b).is_none() {
        return;
    }
    // The current header: delimiter, delimiter count, and per column its kind and label span.
    type Header = (u8, usize, Vec<Option<(Kind, usize, usize)>>);
    let mut header: Option<Header> = None;
    let mut ls = 0;
    while ls < b.len() {
        let le = memchr::memchr(b'\n', &b[ls..]).map_or(b.len(), |i| ls + i);
        let line = &b[ls..le];
        let mut is_row = false;
        if let Some((d, n, cols)) = &header {
            let count = memchr::memchr_iter(*d, line).count();
            if count + 1 >= *n && count <= n + 1 && count > 0 {
                is_row = true;
                let mut cs = ls;
                for (c, ce) in memchr::memchr_iter(*d, line)
                    .map(|i| ls + i)
                    .chain(std::iter::once(le))
                    .enumerate()
                {
                    if let Some(&Some((kind, hs, he))) = cols.get(c) {
                        let (s, e) = trim_span(t, cs, ce);
                        if s < e && doc.enabled(kind) {
                            let _ = value(doc, lex, kind, &t[hs..he], s, e, true, out);
                        }
                    }
                    cs = ce + 1;
                }
            }
        }
        if !is_row {
            header = None;
            // A header line: delimited cells, no digits, at least one naming personal data.
            if line.len() <= 600
                && !line.iter().any(u8::is_ascii_digit)
                && let Some((d, n)) = crate::context::table_delimiter(line, 2)
            {
                let mut cols = Vec::with_capacity(n + 1);
                let mut cs = ls;
                for ce in memchr::memchr_iter(d, line).map(|i| ls + i).chain(std::iter::once(le)) {
                    let (s, e) = trim_span(t, cs, ce);
                    cols.push(label_kind(lex, &t[s..e]).map(|k| (k, s, e)));
                    cs = ce + 1;
                }
                if cols.iter().any(Option::is_some) {
                    header = Some((d, memchr::memchr_iter(d, line).count(), cols));
                }
            }
        }
        ls = le + 1;
    }
}

fn is_letterish(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Scores and pushes the value `s..e` of a field labelled `label` holding `kind`. Returns false
/// when the value is an organisation's address.
#[allow(clippy::too_many_arguments)]
fn value(
    doc: &Doc<'_>,
    lex: &Lexicon,
    kind: Kind,
    label: &str,
    s: usize,
    mut e: usize,
    from_header: bool,
    out: &mut Vec<Finding>,
) -> bool {
    let t = doc.text;
    let label_reason = if from_header {
        reason(ReasonCode::FieldLabel, label.trim().to_string())
    } else {
        reason(ReasonCode::Keyword, label.trim().to_string())
    };
    let mut f = String::new();
    let short_key = label.trim().chars().count() <= 2;
    let score: f32;
    let mut reasons = vec![label_reason];
    match kind {
        Kind::PersonName => {
            // Up to the first comma, bracket, digit or dash.
            if let Some(p) = t[s..e].find([',', '(', '-', '/', '–']) {
                e = s + p;
            }
            if let Some(p) = t[s..e].find(|c: char| c.is_ascii_digit()) {
                e = s + p;
            }
            let (s2, e2) = trim_span(t, s, e);
            let words: Vec<&str> = t[s2..e2].split_whitespace().collect();
            if words.is_empty()
                || words.len() > 6
                || !words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '.'))
            {
                return true;
            }
            fold_to(words[0], &mut f);
            let surname = lex.surnames.has(&super::Key::of(words[0]));
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
            let w_end = word_end(t, s);
            fold_to(&t[s..w_end], &mut f);
            let two = t[s..e].to_lowercase();
            if !matches!(
                f.as_str(),
                "nam" | "nu" | "male" | "female" | "khac" | "m" | "f" | "trai" | "gai"
            ) {
                return true;
            }
            if short_key && !matches!(f.as_str(), "nam" | "nu") {
                return true;
            }
            let end = if two.starts_with("nam giới") || two.starts_with("nữ giới") {
                e
            } else {
                w_end
            };
            push(doc, kind, s, end, 0.9, reasons, out);
            return true;
        }
        Kind::Ethnicity => {
            fold_to(&t[s..e].replace('-', " "), &mut f);
            let f1 = f.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(c) = lex.ethnic.get(&f1) {
                reasons.push(reason(ReasonCode::Lexicon, format!("dân tộc {c}")));
                score = 0.95;
            } else if short_key || !is_letterish(&t[s..e]) || t[s..e].chars().count() > 30 {
                return true;
            } else {
                score = 0.7;
            }
        }
        Kind::Religion => {
            fold_to(&t[s..e], &mut f);
            if let Some(c) = lex.religions.get(&f) {
                reasons.push(reason(ReasonCode::Lexicon, format!("tôn giáo: {c}")));
                score = 0.95;
            } else if short_key || !is_letterish(&t[s..e]) || t[s..e].chars().count() > 40 {
                return true;
            } else {
                score = 0.7;
            }
        }
        Kind::Nationality => {
            fold_to(&t[s..e], &mut f);
            if lex.countries.contains(&f) {
                reasons.push(reason(ReasonCode::Lexicon, "quốc gia"));
                score = 0.95;
            } else if !is_letterish(&t[s..e]) || t[s..e].chars().count() > 30 {
                return true;
            } else {
                score = 0.75;
            }
        }
        Kind::Address => {
            if !is_letterish(&t[s..e]) || e - s < 3 {
                return true;
            }
            if !from_header && super::address::org_before(t, lex, s.saturating_sub(1)).is_some() {
                // "Trụ sở", "Công ty …" on the line: an organisation's address.
                return false;
            }
            if !from_header && org_line_above(t, s) {
                return false;
            }
            if let Some(p) = t[s..e].find('(') {
                // "(địa chỉ nhà máy)", "(trụ sở công ty)": organisational.
                if super::address::org_in(&t[s + p..e], lex, true).is_some()
                    || t[s + p..e].contains("nhà máy")
                {
                    return false;
                }
                e = s + t[s..s + p].trim_end().len();
            }
            let (comps, gazetteer) = super::address::value_components(t, lex, s, e);
            score = if comps >= 2 { 0.95 } else { 0.8 };
            if comps >= 2 {
                reasons.push(reason(ReasonCode::Structure, format!("{comps} thành phần địa chỉ")));
            }
            if gazetteer {
                reasons.push(reason(ReasonCode::Lexicon, super::address::GAZETTEER_REASON));
            }
        }
        Kind::DateOfBirth => {
            // "SN: 1990", "NS: 1985": a plausible year, not a house number before a street.
            let digits = t[s..e].bytes().take_while(u8::is_ascii_digit).count();
            if digits != 4 {
                return true;
            }
            let y: u16 = t[s..s + 4].parse().unwrap_or(0);
            if !(1900..=doc.current_year).contains(&y) || word_char_at(t, s + 4) {
                return true;
            }
            reasons.push(reason(ReasonCode::Structure, "năm sinh hợp lệ"));
            push(doc, kind, s, s + 4, 0.85, reasons, out);
            return true;
        }
        Kind::MaritalStatus | Kind::FamilyRelation => {
            if !is_letterish(&t[s..e]) || t[s..e].chars().count() > 40 {
                return true;
            }
            score = 0.85;
        }
        _ => {
            // Health, criminal record, political view, biometric, sexual life, private life.
            if !is_letterish(&t[s..e]) && !t[s..e].bytes().any(|c| c.is_ascii_digit()) {
                return true;
            }
            if t[s..e].len() > 240 {
                let mut cut = s + 240;
                while !t.is_char_boundary(cut) {
                    cut -= 1;
                }
                e = cut;
            }
            score = 0.85;
        }
    }
    let _ = from_header;
    push(doc, kind, s, e, score, reasons, out);
    true
}

/// Whether a line above the key (two lines at most) names an organisation: a letterhead.
fn org_line_above(t: &str, pos: usize) -> bool {
    let b = t.as_bytes();
    let ls = memchr::memrchr(b'\n', &b[..pos]).map_or(0, |p| p + 1);
    if ls == 0 {
        return false;
    }
    let prev_start = memchr::memrchr(b'\n', &b[..ls - 1]).map_or(0, |p| p + 1);
    let line = khien_text::fold(&t[prev_start..ls - 1]);
    [
        "cong ty",
        "tnhh",
        "ctcp",
        "ubnd",
        "uy ban nhan dan",
        "benh vien",
        "truong",
        "ngan hang",
        "tru so",
        "so ",
        "phong giao dich",
        "chi nhanh",
        "co quan",
    ]
    .iter()
    .any(|o| super::address::contains_word(&line, o.trim()))
        && !line.contains("ho ten")
        && !line.contains("ho va ten")
}

fn push(
    doc: &Doc<'_>,
    kind: Kind,
    s: usize,
    e: usize,
    score: f32,
    reasons: Vec<crate::Reason>,
    out: &mut Vec<Finding>,
) {
    if s >= e || !doc.enabled(kind) {
        return;
    }
    if let Some(f) = finding(kind, s, e, score, reasons) {
        out.push(f);
    }
}

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
    if (me == "chong" && pw == "vo")
        || (matches!(pw.as_str(), "con" | "nguoi" | "cac" | "nhung") && me != "vo")
    {
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
        return pw == "thang" && matches!(w.as_str(), "toi" | "minh" | "tui" | "tao");
    }
    // "vợ Nguyễn Thị A", "con ông B": before a name.
    if raw.starts_with(char::is_uppercase) && !raw.chars().all(char::is_uppercase) {
        return true;
    }
    if me == "con"
        && !matches!(
            w.as_str(),
            "la" | "cua"
                | "toi"
                | "minh"
                | "em"
                | "tui"
                | "bi"
                | "chau"
                | "ong"
                | "ba"
                | "anh"
                | "chi"
        )
    {
        return false;
    }
    matches!(
        w.as_str(),
        "la" | "cua"
            | "toi"
            | "minh"
            | "em"
            | "e"
            | "tui"
            | "tao"
            | "anh"
            | "chi"
            | "ong"
            | "ba"
            | "benh"
            | "bi"
            | "vua"
            | "dang"
            | "da"
            | "om"
            | "mat"
            | "chau"
            | "co"
            | "nguoi"
    )
}

const STOP: &[&str] = &[
    "tai", "vao", "ngay", "tu", "khi", "nen", "sau", "hien", "dang", "duoc", "da", "va", "o",
    "cho", "theo", "nhung", "do", "nay", "luc", "thi", "roi", "con", "se", "can", "phai", "trong",
    "voi", "den", "nam", "bang",
];

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
        if first
            && matches!(
                f.as_str(),
                "la" | "mac" | "bi" | "co" | "benh" | "xac" | "dinh" | "so" | "bo"
            )
        {
            i = we;
            continue;
        }
        if STOP.contains(&f.as_str()) {
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

/// Cells of text tables (`|` or tab separated) on rows that name a person: a cell that is
/// exactly a gender (`Nam`, `Nữ`), an ethnic group or a religion is that attribute of the person.
pub(crate) fn table_cells(doc: &Doc<'_>, lex: &Lexicon, claimed: &Claimed, out: &mut Vec<Finding>) {
    let t = doc.text;
    let b = t.as_bytes();
    if memchr::memchr2(b'|', b'\t', b).is_none() {
        return;
    }
    let mut f = String::new();
    // Spans found so far, sorted: names (for rows) and all (for overlaps).
    let mut names: Vec<usize> =
        out.iter().filter(|x| x.kind == Kind::PersonName).map(|x| x.start).collect();
    names.sort_unstable();
    let mut taken = Claimed::default();
    for x in out.iter() {
        taken.add(x.start, x.end);
    }
    taken.seal();
    // Only lines with a separator are looked at: jump from one separator to the next.
    let mut from = 0;
    while let Some(p) = memchr::memchr2(b'|', b'\t', &b[from..]).map(|p| from + p) {
        let ls = memchr::memrchr(b'\n', &b[..p]).map_or(0, |q| q + 1);
        let le = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |q| p + q);
        from = le.max(p + 1);
        let line = &b[ls..le];
        let seps = line.iter().filter(|&&c| c == b'|' || c == b'\t').count();
        let first_name = names.partition_point(|&p| p < ls);
        let named = seps >= 2 && names.get(first_name).is_some_and(|&p| p < le);
        if named {
            let mut cs = ls;
            for ce in (ls..le).filter(|&i| b[i] == b'|' || b[i] == b'\t').chain(std::iter::once(le))
            {
                let (s, e) = trim_span(t, cs, ce);
                cs = ce + 1;
                if s >= e || e - s > 24 || claimed.overlaps(s, e) || taken.overlaps(s, e) {
                    continue;
                }
                let cell = &t[s..e];
                // Numbers and dates are most cells of a record row; no attribute starts so.
                if !b[s].is_ascii_alphabetic() && b[s] < 0x80 {
                    continue;
                }
                fold_to(cell, &mut f);
                let gender = cell.eq_ignore_ascii_case("nam") || matches!(cell, "nữ" | "Nữ" | "NỮ");
                let (kind, detail) = if gender {
                    (Kind::Gender, "giới tính trong bảng")
                } else if lex.ethnic.contains_key(&f)
                    && !matches!(f.as_str(), "viet" | "mien" | "meo")
                {
                    (Kind::Ethnicity, "dân tộc trong bảng")
                } else if lex.religions.contains_key(&f) && f != "khong" && f != "phat" {
                    (Kind::Religion, "tôn giáo trong bảng")
                } else {
                    continue;
                };
                push(doc, kind, s, e, 0.6, vec![reason(ReasonCode::Lexicon, detail)], out);
            }
        }
    }
}

/// Words that show a sentence is about a person, besides the person cues of the lexicon.
const PERSON_WORDS: &[&str] =
    &["tôi", "mình", "tao", "tui", "tớ", "nó", "hắn", "bản thân", "gia đình", "hộ ông", "hộ bà"];

fn person_word(k: &super::Key) -> bool {
    if k.unaccented() {
        PERSON_WORDS.iter().any(|w| khien_text::fold(w) == k.folded)
    } else {
        PERSON_WORDS.contains(&k.lower.as_str())
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
    let accented = super::lexicon::accented_near(t, s);
    let mut k = super::Key { accented_ctx: accented, ..super::Key::default() };
    let mut i = ss;
    let mut prev: Option<usize> = None;
    while i < se {
        let Some(c) = khien_text::char_at(t, i) else { break };
        if !super::is_wc(c) {
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
    phrase_before(t, s, 2, |q| {
        matches!(
            q.folded.as_str(),
            "co so"
                | "trung tam"
                | "trai"
                | "benh vien"
                | "khoa"
                | "vien"
                | "hoi thao"
                | "chuong trinh"
                | "du an"
                | "quy"
                | "lop"
                | "luat"
                | "giao hoi"
                | "ty le"
                | "so ca"
                | "phong chong"
                | "phong"
                | "cong tac"
                | "tuyen truyen"
                | "hoi nghi"
                | "de an"
                | "ke hoach"
        )
    })
    .is_some()
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
fn upper_at(t: &str, b: &[u8], i: usize) -> bool {
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
    use super::lexicon::{WORD_BYTE, first_key, has_bit, word_hash_finish};
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
                        matches!(
                            q.folded.as_str(),
                            "giao hoi"
                                | "hoi thanh"
                                | "ban tri su"
                                | "hoc vien"
                                | "truong"
                                | "hoi dong tri su"
                                | "tong lien hoi"
                        )
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
    use crate::{Config, Engine, FieldContext, Kind};

    fn found(text: &str) -> Vec<(Kind, String)> {
        let e = Engine::new(Config::default());
        e.detect(text).iter().map(|f| (f.kind, text[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn key_values() {
        let v = found("Họ và tên: NGUYỄN THỊ MẪU   Giới tính: Nữ   Dân tộc: Tày   Tôn giáo: Không");
        assert_eq!(
            v,
            [
                (Kind::PersonName, "NGUYỄN THỊ MẪU".into()),
                (Kind::Gender, "Nữ".into()),
                (Kind::Ethnicity, "Tày".into()),
                (Kind::Religion, "Không".into())
            ]
        );
        assert_eq!(found("SN: 1990"), [(Kind::DateOfBirth, "1990".into())]);
        assert!(found("ĐT: 0912345678").iter().all(|(k, _)| *k != Kind::Ethnicity));
    }

    #[test]
    fn column_header() {
        let e = Engine::new(Config::default());
        let f = e.detect_field("Tày", &FieldContext { label: Some("dan_toc"), numeric: false });
        assert_eq!(f[0].kind, Kind::Ethnicity);
        assert!(f[0].reasons.iter().any(|r| r.code == crate::ReasonCode::FieldLabel));
    }

    #[test]
    fn prose_terms() {
        let v = found(
            "BN nam, 45 tuổi, được chẩn đoán ung thư phổi (C34.9), là đảng viên, người dân tộc Ê Đê.",
        );
        let kinds: Vec<Kind> = v.iter().map(|x| x.0).collect();
        assert!(kinds.contains(&Kind::Gender), "{v:?}");
        assert!(kinds.contains(&Kind::Health), "{v:?}");
        assert!(kinds.contains(&Kind::PoliticalView), "{v:?}");
        assert!(v.contains(&(Kind::Ethnicity, "Ê Đê".into())), "{v:?}");
        assert!(found("Giáo hội Phật giáo Việt Nam tổ chức đại lễ").is_empty());
    }

    #[test]
    fn table_rows_with_a_name() {
        let v = found("12 | Hoàng Minh Đức | Nam | Tày | Công giáo");
        assert!(v.contains(&(Kind::Gender, "Nam".into())), "{v:?}");
        assert!(v.contains(&(Kind::Ethnicity, "Tày".into())), "{v:?}");
        assert!(v.contains(&(Kind::Religion, "Công giáo".into())), "{v:?}");
        // A header row names nobody.
        assert!(
            found("STT | Họ tên | Giới tính | Dân tộc").iter().all(|(k, _)| *k != Kind::Gender)
        );
    }

    #[test]
    fn upper_case_from_bytes_agrees_with_unicode() {
        let letters = "AaĐđÀàÝýĂăĨĩŨũƠơƯưẠạẾếỸỹẶặỢợÇç×÷ßÞþ";
        for (i, c) in letters.char_indices() {
            assert_eq!(super::upper_at(letters, letters.as_bytes(), i), c.is_uppercase(), "{c}");
        }
    }
}
