//! Initials that stand for a person, as news reports, police notices and medical records write
//! them to half-hide a name (`T.Q.K.`, `bệnh nhân Đ.T.B`, `BN Tr.V.Ph`): still personal data
//! (Law 91/2025 Art. 2: information that identifies a person *or helps to*). A run of two to
//! five capital letters, each optionally followed by one small letter (`Tr`, `Ph`, `Ng`), joined
//! by dots, counts only with a person before it (a pronoun, `bệnh nhân`, `bị can` …) or an age
//! or birth year right after it (`(29 tuổi`, `, 71 tuổi`, `(SN 1990`), so that abbreviations
//! (`T.P`, `U.S.A.`, `P.5`) are left alone.

use super::{Claimed, finding, reason};
use crate::engine::Doc;
use crate::{Finding, Kind, ReasonCode};

/// Folded words before initials that show they are a person's.
const PERSON_BEFORE: &[&str] = &[
    "bn",
    "benh nhan",
    "nguoi benh",
    "san phu",
    "chau",
    "be",
    "em",
    "anh",
    "chi",
    "ong",
    "ba",
    "bi can",
    "bi cao",
    "doi tuong",
    "nan nhan",
    "nghi pham",
    "hoc sinh",
    "sinh vien",
    "cu",
    "co",
    "chu",
    "bac",
    "tai xe",
    "nguoi dan",
    // "Chủ nhà là P.V.Đ. và vợ là N.T.H." ("của" is left out: "báo cáo của U.S.A.").
    "la",
    "vo",
    "chong",
];

/// Parses initials at `at`: the end of the run and how many letter groups it holds.
fn parse(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut pos = at;
    let mut groups = 0;
    loop {
        let mut chars = text[pos..].chars();
        let capital = chars.next()?;
        if !(capital.is_uppercase() && capital.is_alphabetic()) {
            break;
        }
        let mut end = pos + capital.len_utf8();
        if let Some(small) = text[end..].chars().next()
            && small.is_lowercase()
            && small.is_alphabetic()
        {
            end += small.len_utf8();
        }
        match text[end..].chars().next() {
            Some('.') => {
                groups += 1;
                pos = end + 1;
            }
            // The last group may go without its dot (`Đ.T.B`), but not run into a word.
            Some(c) if c.is_alphanumeric() => return None,
            _ => {
                groups += 1;
                pos = end;
                break;
            }
        }
        if groups == 5 {
            break;
        }
    }
    // A digit right after (`P.5`, `Q.1`) is an address abbreviation.
    if text[pos..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    (groups >= 2).then_some((pos, groups))
}

/// Whether an age or birth year follows (`(29 tuổi`, `, 71 tuổi`, `(SN 1990`).
fn age_after(text: &str) -> bool {
    let head: String = text.chars().take(16).collect();
    let folded = khien_text::fold(&head);
    let rest = folded.trim_start_matches([' ', ',', '(', '-', '–']);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits <= 3 && rest[digits..].trim_start().starts_with("tuoi"))
        || rest.starts_with("sn ")
        || rest.starts_with("sinh nam")
}

/// Whether `folded` ends with the words `cue` (`… benh nhan`), whole words only.
fn multi_word_end(folded: &str, cue: &str) -> bool {
    cue.contains(' ')
        && folded.ends_with(cue)
        && (folded.len() == cue.len()
            || !folded.as_bytes()[folded.len() - cue.len() - 1].is_ascii_alphanumeric())
}

/// Whether a person word stands right before (`bệnh nhân Đ.T.B`, `chị Hà Thị Ng.`).
fn person_before(text: &str, at: usize) -> Option<&'static str> {
    let mut from = at.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let folded = khien_text::fold(text[from..at].trim_end());
    let last_words = folded.rsplit([' ', '\n', ',', ':']).find(|w| !w.is_empty()).unwrap_or("");
    PERSON_BEFORE.iter().copied().find(|cue| last_words == *cue || multi_word_end(&folded, cue))
}

/// Whether a lower-case word ends one space before `at` (the initials stand inside a sentence).
fn lower_word_before(text: &str, at: usize) -> bool {
    let Some(head) = text[..at].strip_suffix(' ') else { return false };
    head.chars().next_back().is_some_and(|c| c.is_lowercase() && c.is_alphabetic())
}

/// Whether a lower-case word starts one space after `end`.
fn lower_word_after(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else { return false };
    rest.chars().next().is_some_and(|c| c.is_lowercase() && c.is_alphabetic())
}

/// Finds initials that stand for a person, outside the claimed ranges.
pub(crate) fn initials(doc: &Doc<'_>, claimed: &Claimed, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    // Initials start at a capital after a non-word character with a '.' less than eight bytes
    // on: only the bytes before each dot are looked at (decoding every char of the text to
    // find capitals was a twentieth of a scan of prose). `i` is where the next look may start.
    let mut i = 0;
    for dot in memchr::memchr_iter(b'.', bytes) {
        let mut at = dot.saturating_sub(7).max(i);
        while at < dot {
            if !text.is_char_boundary(at) {
                at += 1;
                continue;
            }
            let c = khien_text::char_at(text, at).expect("a char before the dot");
            let next = at + c.len_utf8();
            if !c.is_uppercase() || super::word_char_before(text, at) {
                at = next;
                continue;
            }
            match candidate(doc, claimed, at, out) {
                Some(end) => {
                    i = end;
                    at = end;
                }
                None => at = next,
            }
        }
        i = i.max(dot + 1);
    }
}

/// Initials at `at` (a capital after a non-word character): a finding when a person stands
/// before or an age after them. The end of the initials when they parsed, to look on from.
fn candidate(doc: &Doc<'_>, claimed: &Claimed, at: usize, out: &mut Vec<Finding>) -> Option<usize> {
    let text = doc.text;
    let (end, _groups) = parse(text, at)?;
    if claimed.overlaps(at, end) {
        return Some(end);
    }
    let cue = person_before(text, at);
    let age = age_after(&text[end..]);
    // Recall first, initials written out with every dot in the middle of a sentence stand
    // for a person even after a role the list does not hold ("Tài xế xe tải N.Đ.K. sau
    // khi…", "Nghệ sĩ cải lương H.T. được…"): a redaction removes them, a report does not
    // count them (an organisation's initials read the same).
    let in_sentence = doc.recall_first()
        && text[..end].ends_with('.')
        && lower_word_before(text, at)
        && lower_word_after(text, end);
    if cue.is_none() && !age && !in_sentence {
        return Some(end);
    }
    if cue.is_none() && !age {
        let reasons = vec![reason(ReasonCode::Lexicon, "tên viết tắt giữa câu (initials)")];
        if let Some(f) = finding(Kind::PersonName, at, end, super::RECALL_ONLY, reasons) {
            out.push(f);
        }
        return Some(end);
    }
    let mut reasons = vec![reason(ReasonCode::Lexicon, "tên viết tắt (initials)")];
    let mut score = 0.6;
    if let Some(cue) = cue {
        reasons.push(reason(ReasonCode::Keyword, cue));
        score += 0.2;
    }
    if age {
        reasons.push(reason(ReasonCode::Keyword, "tuổi / năm sinh"));
        score += 0.15;
    }
    if let Some(f) = finding(Kind::PersonName, at, end, score, reasons) {
        out.push(f);
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use crate::{Config, Engine, Kind};

    fn names(text: &str) -> Vec<&str> {
        let engine = Engine::new(Config::default().with_current_year(2026));
        engine
            .detect(text)
            .into_iter()
            .filter(|f| f.kind == Kind::PersonName)
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn initials_with_a_person_before_or_an_age_after() {
        assert_eq!(
            names("Sáng 3/12, T.Q.K. (29 tuổi, trú tại phường Tân Định) trình báo."),
            ["T.Q.K."]
        );
        assert_eq!(
            names("Phiếu chuyển viện: BN Tr.V.Ph, 71 tuổi, chẩn đoán đái tháo đường."),
            ["Tr.V.Ph"]
        );
        assert_eq!(names("bệnh nhân Đ.T.B được chuyển lên tuyến trên"), ["Đ.T.B"]);
        assert!(names("Bị can N.H.P. khai nhận hành vi").contains(&"N.H.P."));
    }

    #[test]
    fn dotted_initials_inside_a_sentence_are_removed_by_a_redaction_only() {
        let engine = Engine::new(Config::default().with_current_year(2026));
        let text = "Tài xế xe tải N.Đ.K. sau khi tông người đi bộ đã bỏ chạy.";
        let redaction: Vec<&str> = engine
            .detect_field_with_floor(text, &Default::default(), 0.2)
            .into_iter()
            .filter(|f| f.kind == Kind::PersonName)
            .map(|f| &text[f.start..f.end])
            .collect();
        assert_eq!(redaction, ["N.Đ.K."]);
        assert!(names(text).is_empty(), "a report needs a person cue or an age");
        // At a sentence start, or without its last dot, or before a capital: left alone.
        for text in ["U.S.A. là đối tác lớn.", "Số 5 P.5 khu phố", "theo T.P Huế mới"]
        {
            let found = engine.detect_field_with_floor(text, &Default::default(), 0.2);
            assert!(found.iter().all(|f| f.kind != Kind::PersonName), "{text}: {found:?}");
        }
    }

    #[test]
    fn abbreviations_are_not_initials() {
        for text in [
            "Địa chỉ: số 5, P.5, Q.1, TP.HCM",
            "Theo báo cáo của U.S.A. năm 2020",
            "Các loại giấy tờ v.v. được nộp tại T.P Huế",
            "Hội nghị Đ.H.Q.G. khai mạc hôm nay",
        ] {
            assert!(names(text).iter().all(|n| !n.contains('.')), "{text}: {:?}", names(text));
        }
    }
}
