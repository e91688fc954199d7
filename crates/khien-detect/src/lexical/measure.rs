//! Measurements of a person's body: a test's or a vital sign's name, then its value with a unit
//! ("kali máu 6,2 mmol/L", "HA 85/50 mmHg", "SpO2 88%", "INR hôm nay 4,6", "HBsAg dương tính").
//!
//! The names are prose patterns of the lexicon's automaton (`data/lexicon/measurements.toml`);
//! this module reads what follows a matched name. A value alone is never a finding: a
//! measurement is health data of the person it belongs to, so the prose pass keeps it only when
//! the sentence is about a person or the line is a result line of a slip ("Glucose: 12,1
//! mmol/L"). A range ("3,9 – 6,4 mmol/L") is a reference range, not a result.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::lexical::{is_wc, word_end};

/// The measurement lists of `data/lexicon/measurements.toml`.
#[derive(Debug, Deserialize)]
pub(crate) struct Measurements {
    /// Test and measure names (prose patterns).
    pub tests: Vec<String>,
    /// Tests whose value needs no unit.
    unitless: Vec<String>,
    /// Words that may stand between a name and its value.
    fillers: Vec<String>,
    /// Units, longest first once loaded.
    units: Vec<String>,
    /// Qualitative results.
    results: Vec<String>,
}

/// The parsed lists (folded where compared folded), loaded once.
pub(crate) fn measurements() -> &'static Measurements {
    static M: OnceLock<Measurements> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: Measurements =
            toml::from_str(include_str!("../../data/lexicon/measurements.toml"))
                .expect("data/lexicon/measurements.toml is valid");
        for list in [&mut m.unitless, &mut m.fillers, &mut m.results] {
            for w in list.iter_mut() {
                *w = khien_text::fold(w);
            }
        }
        // Longest first, so that "mmol/L" is not read as "mmol" and "mL/phút/1,73m²" whole.
        m.units.sort_by_key(|u| std::cmp::Reverse(u.len()));
        m
    })
}

/// How a measurement after a name reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    /// End of the value (with its unit or result words).
    pub end: usize,
    /// The value was separated from the name by a colon ("Glucose: 12,1 mmol/L").
    pub colon: bool,
}

/// The measurement after the name `text[..name_end]` of the test `name` (its catalogued form),
/// if one follows: fillers, a number (a ratio "170/100", a comparison "< 0,01", a change "từ
/// 8.420 xuống 2.130") and a unit, or a qualitative result.
pub(crate) fn value_after(text: &str, name: &str, name_end: usize) -> Option<Reading> {
    let m = measurements();
    let b = text.as_bytes();
    let mut pos = name_end;
    let mut colon = false;
    let mut fillers = 0;
    let mut folded = String::new();
    loop {
        while matches!(b.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        match b.get(pos) {
            Some(b':' | b'=') if !colon && fillers == 0 => {
                colon = true;
                pos += 1;
                continue;
            }
            Some(c) if c.is_ascii_digit() => break,
            Some(b'<' | b'>') => break,
            _ if text[pos..].starts_with(['≤', '≥']) => break,
            _ => {}
        }
        // A qualitative result.
        if let Some(end) = result_at(text, pos, &m.results) {
            return Some(Reading { end, colon });
        }
        // A filler word (or two: "lúc đói", "hôm nay").
        let we = word_end(text, pos);
        if we == pos || fillers >= 4 {
            return None;
        }
        // The longest filler of up to three words ("lúc ra viện", "lúc đói", "máu").
        let two = two_words_end(text, we);
        let three = two.and_then(|e| two_words_end(text, e));
        if let Some(e) = [three, two].into_iter().flatten().find(|&e| {
            folded.clear();
            khien_text::fold_into(&text[pos..e], &mut folded);
            m.fillers.contains(&folded)
        }) {
            pos = e;
            fillers += 1;
            continue;
        }
        folded.clear();
        khien_text::fold_into(&text[pos..we], &mut folded);
        if !m.fillers.contains(&folded) {
            return None;
        }
        pos = we;
        fillers += 1;
    }
    // The value.
    let comparison = comparison_len(text, pos);
    pos += comparison;
    while b.get(pos) == Some(&b' ') {
        pos += 1;
    }
    let mut end = number_end(b, pos)?;
    // A ratio: "170/100 mmHg", "2/5", "17/30".
    if b.get(end) == Some(&b'/')
        && let Some(e) = number_end(b, end + 1)
    {
        end = e;
    }
    // A change: "từ 8.420 xuống 2.130 pg/mL".
    for word in [" xuống ", " lên ", " còn ", " → ", " -> "] {
        if text[end..].starts_with(word)
            && let Some(e) = number_end(b, end + word.len())
        {
            end = e;
            break;
        }
    }
    // A range is a reference range: "3,9 – 6,4 mmol/L", "3,9-6,4".
    let after = text[end..].trim_start_matches(' ');
    if (after.starts_with(['–', '-', '—']) || after.starts_with("đến "))
        && after
            .trim_start_matches(['–', '-', '—'])
            .trim_start_matches("đến")
            .trim_start_matches(' ')
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    // The unit.
    let us = end + (text.len() - end - after.len());
    let unitless = {
        folded.clear();
        khien_text::fold_into(name, &mut folded);
        m.unitless.contains(&folded)
    };
    if let Some(ue) = unit_at(text, us, &m.units) {
        return Some(Reading { end: ue, colon });
    }
    if unitless && !text[end..].starts_with(|c: char| c.is_ascii_digit() || is_wc(c)) {
        return Some(Reading { end, colon });
    }
    None
}

/// A qualitative result at `pos` ("dương tính", "(+)"), words compared folded: its end.
fn result_at(text: &str, pos: usize, results: &[String]) -> Option<usize> {
    let rest = &text[pos..];
    let mut folded = String::new();
    for r in results {
        if r.starts_with('(') {
            if rest.starts_with(r.as_str()) {
                return Some(pos + r.len());
            }
            continue;
        }
        let mut end = pos;
        for (i, _) in r.split(' ').enumerate() {
            if i > 0 {
                if text.as_bytes().get(end) != Some(&b' ') {
                    break;
                }
                end += 1;
            }
            let we = word_end(text, end);
            if we == end {
                break;
            }
            end = we;
        }
        folded.clear();
        khien_text::fold_into(&text[pos..end], &mut folded);
        if end > pos && folded == *r {
            return Some(end);
        }
    }
    None
}

/// The end of the second word after a single space at `we`, if there is one.
fn two_words_end(text: &str, we: usize) -> Option<usize> {
    if text.as_bytes().get(we) != Some(&b' ') {
        return None;
    }
    let e = word_end(text, we + 1);
    (e > we + 1).then_some(e)
}

/// The length of a comparison sign at `pos` ("<", ">", "≤", "≥", "<=").
fn comparison_len(text: &str, pos: usize) -> usize {
    let r = &text[pos..];
    ["<=", ">=", "≤", "≥", "<", ">"].iter().find(|s| r.starts_with(**s)).map_or(0, |s| s.len())
}

/// The end of a number at `pos`: digits with `.` or `,` between digit groups ("6,2", "8.420",
/// "1.450"), not followed by a letter or digit run that makes it a code.
fn number_end(b: &[u8], pos: usize) -> Option<usize> {
    let mut e = pos;
    while e < b.len() && b[e].is_ascii_digit() {
        e += 1;
    }
    if e == pos {
        return None;
    }
    while e + 1 < b.len() && matches!(b[e], b'.' | b',') && b[e + 1].is_ascii_digit() {
        e += 1;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
    }
    Some(e)
}

/// A unit at `pos`, right after the value or a space after it, ending where a word ends.
fn unit_at(text: &str, pos: usize, units: &[String]) -> Option<usize> {
    let r = &text[pos..];
    for u in units {
        let n = u.len();
        if r.len() >= n
            && r.is_char_boundary(n)
            && r[..n].eq_ignore_ascii_case(u)
            && !r[n..].starts_with(|c: char| is_wc(c) && !c.is_ascii_digit() || c == '/')
        {
            // "%" and "°C" stand right after the number too; a word unit needs no more.
            return Some(pos + n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, name: &str) -> Option<&'static str> {
        let at = text.find(name).unwrap() + name.len();
        let r = value_after(text, name, at)?;
        Some(Box::leak(text[text.find(name).unwrap()..r.end].to_string().into_boxed_str()))
    }

    #[test]
    fn values_with_units_fillers_ratios_and_results() {
        assert_eq!(read("kali máu 6,2 mmol/L, cần lọc máu", "kali"), Some("kali máu 6,2 mmol/L"));
        assert_eq!(read("HA 85/50 mmHg.", "HA"), Some("HA 85/50 mmHg"));
        assert_eq!(read("SpO2 88%, thở oxy", "SpO2"), Some("SpO2 88%"));
        assert_eq!(read("INR hôm nay 4,6 nên giảm liều", "INR"), Some("INR hôm nay 4,6"));
        assert_eq!(
            read("Glucose: 12,1 mmol/L (3,9 – 6,4)", "Glucose"),
            Some("Glucose: 12,1 mmol/L")
        );
        assert_eq!(read("HBsAg dương tính", "HBsAg"), Some("HBsAg dương tính"));
        assert_eq!(read("anti-HCV (-), ", "anti-HCV"), Some("anti-HCV (-)"));
        assert_eq!(
            read("NT-proBNP giảm từ 8.420 xuống 2.130 pg/mL", "NT-proBNP"),
            Some("NT-proBNP giảm từ 8.420 xuống 2.130 pg/mL")
        );
        assert_eq!(read("TSH < 0,01 mIU/L", "TSH"), Some("TSH < 0,01 mIU/L"));
        assert_eq!(
            read("duong huyet luc doi 11,4 mmol/l", "duong huyet"),
            Some("duong huyet luc doi 11,4 mmol/l")
        );
        assert_eq!(read("nhiệt độ 39,4°C", "nhiệt độ"), Some("nhiệt độ 39,4°C"));
    }

    proptest::proptest! {
        /// Whatever follows a name, a reading ends inside the text, on a char boundary, after
        /// the name, and holds a digit or a result word.
        #[test]
        fn a_reading_is_a_slice_of_the_text_after_the_name(
            name in proptest::sample::select(vec!["kali", "HA", "INR", "HBsAg", "huyết áp"]),
            rest in "[0-9 ,./:<>=%–-]{0,12}(mmol/L|mmHg|%|°C|dương tính|âm tính|(-)|máu|lúc đói|đồng|kg)?[ a-zđơư0-9]{0,6}",
        ) {
            let text = format!("{name}{rest}");
            if let Some(r) = value_after(&text, name, name.len()) {
                proptest::prop_assert!(r.end > name.len() && r.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(r.end));
                let read = &text[name.len()..r.end];
                proptest::prop_assert!(
                    read.bytes().any(|b| b.is_ascii_digit()) || read.contains("tính") || read.contains('('),
                    "{read:?}"
                );
            }
        }
    }

    #[test]
    fn ranges_prices_and_other_words_are_not_values() {
        assert_eq!(read("Glucose: 3,9 – 6,4 mmol/L", "Glucose"), None);
        assert_eq!(read("Glucose 3,9-6,4 mmol/L", "Glucose"), None);
        assert_eq!(read("HbA1c: 150.000 đồng", "HbA1c"), None);
        assert_eq!(read("huyết áp là bệnh mạn tính", "huyết áp"), None);
        assert_eq!(read("nhiệt độ ngoài trời rất cao", "nhiệt độ"), None);
        // A unitless test needs a bare number, not a code.
        assert_eq!(read("BMI 2024A", "BMI"), None);
    }
}
