//! Whose number is it? An organisation's own landline, fax number and bank account (in a
//! letterhead, an invoice seller block, a signature block, "liên hệ Văn phòng theo số …") are
//! not personal data; a person's are. Mobile numbers are left alone: even in a signature block
//! they are a person's. The cue words are data (`data/holders.toml`).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::{Finding, Kind};

/// How many lines above a number are read for its holder.
const LINES_BACK: usize = 6;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueGroup {
    words: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    not_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolderCues {
    organisation: CueGroup,
    person: CueGroup,
    residence: CueGroup,
}

fn cues() -> &'static HolderCues {
    static CUES: OnceLock<HolderCues> = OnceLock::new();
    CUES.get_or_init(|| match toml::from_str(include_str!("../data/holders.toml")) {
        Ok(cues) => cues,
        Err(error) => panic!("embedded data/holders.toml: {error}"),
    })
}

/// The cue words as automata: every number of an organisational kind reads up to seven lines
/// around it, and one automaton pass per line replaces one substring search per word (which
/// took half the time of a dense scan).
struct Automata {
    organisation: AhoCorasick,
    person: AhoCorasick,
}

fn automata() -> &'static Automata {
    static AUTOMATA: OnceLock<Automata> = OnceLock::new();
    AUTOMATA.get_or_init(|| {
        let build = |words: &[String]| match AhoCorasick::new(words) {
            Ok(automaton) => automaton,
            Err(error) => panic!("data/holders.toml: {error}"),
        };
        let cues = cues();
        Automata {
            organisation: build(&cues.organisation.words),
            person: build(&cues.person.words),
        }
    })
}

/// The end of the last occurrence of any cue of `words` in `folded`.
fn last_cue(folded: &str, words: &AhoCorasick) -> Option<usize> {
    words.find_overlapping_iter(folded).map(|m| m.end()).max()
}

/// The start of the first occurrence of any cue of `words` in `folded`.
fn first_cue(folded: &str, words: &AhoCorasick) -> Option<usize> {
    words.find_overlapping_iter(folded).map(|m| m.start()).min()
}

/// How much of the rest of a number's line is read for its holder ("… 128100006620 – CÔNG TY
/// TNHH …", "… số 7111 0553 9021 của Kho bạc Nhà nước").
const AFTER_WINDOW: usize = 80;

/// Whether the words right after a number, on its line, name an organisation as its holder
/// before they name a person.
fn held_by_organisation_after(after: &str) -> bool {
    let mut end = after.len().min(AFTER_WINDOW);
    while !after.is_char_boundary(end) {
        end -= 1;
    }
    let line = after[..end].split('\n').next().unwrap_or("");
    let folded = khien_text::fold(line);
    let automata = automata();
    match (first_cue(&folded, &automata.organisation), first_cue(&folded, &automata.person)) {
        (Some(org), Some(person)) => org < person,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether the text before a number (`before`) says an organisation holds it: the closest cue
/// before it decides, on its line and up to [`LINES_BACK`] lines above, stopping at a blank
/// line.
#[cfg(test)]
pub(crate) fn held_by_organisation(before: &str) -> bool {
    held_by_organisation_at(before, before.len(), &mut Memo::default())
}

/// What one line says of the numbers below it.
#[derive(Clone, Copy)]
enum LineCue {
    /// A blank line ends the block.
    Blank,
    /// The last cue names an organisation.
    Organisation,
    /// The last cue names a person.
    Person,
    /// No cue: read the line above.
    Nothing,
}

fn line_cue(line: &str) -> LineCue {
    if line.trim().is_empty() {
        return LineCue::Blank;
    }
    let automata = automata();
    let folded = khien_text::fold(line);
    verdict(last_cue(&folded, &automata.organisation), last_cue(&folded, &automata.person))
}

/// What a line says from the ends of its last organisation and person cues: the later wins.
fn verdict(organisation: Option<usize>, person: Option<usize>) -> LineCue {
    match (organisation, person) {
        (Some(org), Some(person)) if org > person => LineCue::Organisation,
        (Some(_), Some(_)) => LineCue::Person,
        (Some(_), None) => LineCue::Organisation,
        (None, Some(_)) => LineCue::Person,
        (None, None) => LineCue::Nothing,
    }
}

/// The cues of one whole line, for the verdict on any cut of it ([`OwnLine::cue_before`]): a
/// record line holds several numbers and addresses, and each reads the line up to itself.
struct OwnLine {
    /// Start of the line in the text.
    start: usize,
    /// For each byte of the line folded as [`line_cue`] folds it ([`khien_text::fold`], char
    /// by char), the line offset of the char behind it.
    source: Vec<u32>,
    /// Folded end offsets of the organisation and person cues, in match order.
    organisation: Vec<usize>,
    person: Vec<usize>,
}

impl OwnLine {
    fn new(text: &str, start: usize) -> OwnLine {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let mut folded = String::with_capacity(line.len());
        let mut source = Vec::with_capacity(line.len());
        for (at, c) in line.char_indices() {
            let f = khien_text::fold_char(c);
            if f != '\0' {
                folded.push(f);
                source.resize(folded.len(), at as u32);
            }
        }
        let automata = automata();
        let ends = |a: &AhoCorasick| -> Vec<usize> {
            a.find_overlapping_iter(&folded).map(|m| m.end()).collect()
        };
        let (organisation, person) = (ends(&automata.organisation), ends(&automata.person));
        OwnLine { start, source, organisation, person }
    }

    /// [`line_cue`] of the line cut at `pos`: the cues that end before the folded cut. Folding
    /// goes char by char, so the fold of the cut line is the cut of the folded line, and a cue
    /// found in one is found in the other.
    fn cue_before(&self, text: &str, pos: usize) -> LineCue {
        if text[self.start..pos].trim().is_empty() {
            return LineCue::Blank;
        }
        let cut = (pos - self.start) as u32;
        // The first folded byte made by a char at or after the cut.
        let lo = self.source.partition_point(|&at| at < cut);
        let last = |ends: &[usize]| ends.iter().copied().filter(|&e| e <= lo).max();
        verdict(last(&self.organisation), last(&self.person))
    }
}

/// What the lines around a text's numbers say, kept between the findings of one text.
#[derive(Default)]
struct Memo {
    /// Verdicts of whole lines above a number, by line start.
    lines: HashMap<usize, LineCue>,
    /// The cues of the line last cut at a number.
    own: Option<OwnLine>,
}

/// [`held_by_organisation`] for the number at `pos` of `text`, with the verdicts of whole lines
/// kept in `memo` (by line start): in a table every row reads the same lines above it.
fn held_by_organisation_at(text: &str, pos: usize, memo: &mut Memo) -> bool {
    let mut end = pos;
    for back in 0..=LINES_BACK {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..end];
        // The number's own line is cut at the number; its cues are kept for the next cut of
        // the same line.
        let cue = if back == 0 {
            if memo.own.as_ref().is_none_or(|own| own.start != start) {
                memo.own = Some(OwnLine::new(text, start));
            }
            memo.own.as_ref().map_or(LineCue::Nothing, |own| own.cue_before(text, pos))
        } else {
            *memo.lines.entry(start).or_insert_with(|| line_cue(line))
        };
        match cue {
            LineCue::Blank | LineCue::Person => return false,
            LineCue::Organisation => return true,
            LineCue::Nothing => {}
        }
        if start == 0 {
            return false;
        }
        end = start - 1;
    }
    false
}

/// Whether a finding is a kind of number an organisation may hold as its own: a landline or
/// fax (not a mobile), a bank account, a server's IP address.
fn organisational_kind(text: &str, finding: &Finding) -> bool {
    match finding.kind {
        Kind::BankAccount | Kind::IpAddress => true,
        Kind::Phone => {
            let digits: String =
                text[finding.start..finding.end].chars().filter(char::is_ascii_digit).collect();
            let national = digits.strip_prefix("84").map_or(digits.clone(), |d| format!("0{d}"));
            national.starts_with("02")
        }
        _ => false,
    }
}

/// Drops the landlines, fax numbers and bank accounts that an organisation holds, and the
/// addresses of organisations (a letterhead's seat, a shop's or an agency's address).
pub(crate) fn drop_organisations_own(text: &str, findings: &mut Vec<Finding>) {
    let mut memo = Memo::default();
    let names: Vec<usize> =
        findings.iter().filter(|f| f.kind == Kind::PersonName).map(|f| f.start).collect();
    findings.retain(|f| {
        if f.kind == Kind::Address {
            return !organisations_address(text, f.start, &names, &mut memo);
        }
        !(organisational_kind(text, f)
            && (held_by_organisation_at(text, f.start, &mut memo)
                || held_by_organisation_after(&text[f.end..])))
    });
}

/// How far back on its line an address looks for the organisation it belongs to.
const ADDRESS_LINE_BACK: usize = 160;

/// Whether the address at `pos` is an organisation's own: the closest holder cue before it (on
/// its line, then the lines above it) names an organisation, no person's name stands between
/// that line and the address, and no residence word ("trú tại", "quê") leads into it.
fn organisations_address(text: &str, pos: usize, names: &[usize], memo: &mut Memo) -> bool {
    let mut from = pos.saturating_sub(ADDRESS_LINE_BACK);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = khien_text::fold(text[from..pos].trim_end_matches([' ', ',', ':']));
    if residence().find_iter(&before).any(|m| m.end() == before.len()) {
        return false;
    }
    if !held_by_organisation_at(text, pos, memo) {
        return false;
    }
    // The block the organisation cue was read from: up to LINES_BACK lines above.
    let mut block_start = pos;
    for _ in 0..=LINES_BACK {
        block_start = text[..block_start].rfind('\n').unwrap_or(0);
        if block_start == 0 {
            break;
        }
    }
    !names.iter().any(|&n| n >= block_start && n < pos)
}

/// The residence words, as an automaton.
fn residence() -> &'static AhoCorasick {
    static RESIDENCE: OnceLock<AhoCorasick> = OnceLock::new();
    RESIDENCE.get_or_init(|| match AhoCorasick::new(&cues().residence.words) {
        Ok(automaton) => automaton,
        Err(error) => panic!("data/holders.toml: {error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_group_acts_on_its_examples_and_not_its_counter_examples() {
        let cues = cues();
        for example in &cues.organisation.examples {
            assert!(held_by_organisation(example), "{example:?}");
        }
        for example in &cues.organisation.not_examples {
            assert!(!held_by_organisation(example), "{example:?}");
        }
        for example in &cues.person.examples {
            assert!(!held_by_organisation(example), "{example:?}");
        }
        for example in &cues.person.not_examples {
            assert!(held_by_organisation(example), "{example:?}");
        }
    }

    #[test]
    fn residence_words_act_on_their_examples() {
        let cues = cues();
        let ends_with_residence = |t: &str| {
            let f = khien_text::fold(t.trim_end_matches([' ', ',', ':']));
            residence().find_iter(&f).any(|m| m.end() == f.len())
        };
        for example in &cues.residence.examples {
            assert!(ends_with_residence(example), "{example:?}");
        }
        for example in &cues.residence.not_examples {
            assert!(!ends_with_residence(example), "{example:?}");
        }
    }

    #[test]
    fn organisations_addresses_are_dropped_and_peoples_kept() {
        let engine = crate::Engine::new(crate::Config::default());
        let addresses = |t: &str| -> Vec<String> {
            engine
                .detect(t)
                .into_iter()
                .filter(|f| f.kind == Kind::Address)
                .map(|f| t[f.start..f.end].to_string())
                .collect()
        };
        assert!(
            addresses("CÔNG TY TNHH THƯƠNG MẠI HOÀNG NAM\nĐịa chỉ: thôn Đông Dư, xã Gia Lâm, thành phố Hà Nội")
                .is_empty()
        );
        assert!(!addresses(
            "CÔNG AN XÃ ĐỒNG VĂN\nTiếp nhận hồ sơ của ông Vừ Mí Sính, trú tại thôn Phố Cáo, xã Đồng Văn, tỉnh Tuyên Quang"
        )
        .is_empty());
        assert!(!addresses(
            "CÔNG TY TNHH AN PHÁT\nNgười lao động: Lê Văn Bình\nĐịa chỉ: số 12 ngõ 4 phố Vọng, phường Bạch Mai, Hà Nội"
        )
        .is_empty());
    }

    #[test]
    fn a_blank_line_ends_the_block_and_the_closest_cue_wins() {
        assert!(!held_by_organisation("CÔNG TY TNHH AN PHÁT\n\nĐiện thoại: "));
        assert!(held_by_organisation(
            "Nhà trường đề nghị phụ huynh chuyển vào tài khoản của Trường THCS Chu Văn An: STK "
        ));
        assert!(!held_by_organisation("CÔNG TY TNHH AN PHÁT\nNgười mua hàng: Lê Văn B, ĐT: "));
        assert!(held_by_organisation_after(" của Kho bạc Nhà nước khu vực XIII"));
        assert!(held_by_organisation_after(" – CONG TY TNHH DICH VU SAO MAI"));
        assert!(!held_by_organisation_after(" – LE THI BICH PHUONG\nCÔNG TY TNHH"));
        assert!(!held_by_organisation_after(" tại Sacombank chi nhánh Nha Trang"));
    }
}
