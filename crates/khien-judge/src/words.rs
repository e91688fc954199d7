//! Word lists that steer the rules (negators, the softeners allowed between a negator and a
//! cue, organisation words in a QR beneficiary name), read from `data/words.toml` so that they
//! are data with a source and examples, like the cue classes.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded word lists.
pub(crate) const WORDS_TOML: &str = include_str!("../data/words.toml");

/// One list of words with the texts it must and must not act on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordGroup {
    /// The words, folded.
    pub(crate) words: Vec<String>,
    /// Texts the list must act on (checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) examples: Vec<String>,
    /// Texts the list must not act on (checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) not_examples: Vec<String>,
}

impl WordGroup {
    /// Whether `word` is one of the single words of the list (multi-word entries are skipped).
    pub(crate) fn has_word(&self, word: &[u8]) -> bool {
        self.words.iter().any(|entry| !entry.contains(' ') && entry.as_bytes() == word)
    }
}

/// All word lists.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordLists {
    /// Words that negate the cue after them.
    pub(crate) negators: WordGroup,
    /// Words that may stand between a negator and the cue it negates.
    pub(crate) softeners: WordGroup,
    /// Words that mark an organisation in a QR beneficiary name.
    pub(crate) beneficiary_org_words: WordGroup,
}

/// Parses the embedded lists.
pub(crate) fn parse(source: &str) -> Result<WordLists, crate::Error> {
    toml::from_str(source)
        .map_err(|error| crate::Error::Data { file: "words.toml", message: error.to_string() })
}

/// The embedded lists, parsed once. [`crate::Judge::try_new`] parses them first, so a
/// malformed file is reported there as an error rather than here as a panic.
pub(crate) fn words() -> &'static WordLists {
    static WORDS: OnceLock<WordLists> = OnceLock::new();
    WORDS.get_or_init(|| match parse(WORDS_TOML) {
        Ok(lists) => lists,
        Err(error) => panic!("embedded data: {error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Signal;
    use crate::rules::tests::{compiled, cues_in};

    #[test]
    fn every_group_has_words_and_examples_both_ways() {
        let lists = parse(WORDS_TOML).unwrap();
        for (name, group) in [
            ("negators", &lists.negators),
            ("softeners", &lists.softeners),
            ("beneficiary_org_words", &lists.beneficiary_org_words),
        ] {
            assert!(!group.words.is_empty(), "{name}: no words");
            assert!(!group.examples.is_empty(), "{name}: no examples");
            assert!(!group.not_examples.is_empty(), "{name}: no not_examples");
        }
    }

    /// The negation lists act on a negatable ask: their examples switch the OTP ask off,
    /// their not-examples leave it on.
    #[test]
    fn negation_examples_switch_the_ask_off() {
        let rules = compiled();
        let lists = words();
        for group in [&lists.negators, &lists.softeners] {
            for text in &group.examples {
                let cues = cues_in(&rules, text);
                assert!(!cues.contains(&Signal::AsksCredential), "negated: {text:?}");
            }
            for text in &group.not_examples {
                let cues = cues_in(&rules, text);
                assert!(cues.contains(&Signal::AsksCredential), "not negated: {text:?}");
            }
        }
    }

    #[test]
    fn organisation_examples_are_not_personal_names() {
        let group = &words().beneficiary_org_words;
        for name in &group.examples {
            assert!(!crate::qr::looks_personal(name), "organisation: {name:?}");
        }
        for name in &group.not_examples {
            assert!(crate::qr::looks_personal(name), "person: {name:?}");
        }
    }
}
