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
    /// Words before a number that make it a bank account.
    pub(crate) account_cues: WordGroup,
    /// Words before a number that make it a phone number despite an account cue.
    pub(crate) phone_cues: WordGroup,
    /// Brand keywords too common to flag inside another domain.
    pub(crate) common_word_keywords: WordGroup,
    /// Words scammers attach to a brand keyword in a domain label.
    pub(crate) brand_action_words: WordGroup,
    /// TLDs after a spaced dot that make it a defanged link's dot.
    pub(crate) spaced_dot_tlds: WordGroup,
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
            ("account_cues", &lists.account_cues),
            ("phone_cues", &lists.phone_cues),
            ("common_word_keywords", &lists.common_word_keywords),
            ("brand_action_words", &lists.brand_action_words),
            ("spaced_dot_tlds", &lists.spaced_dot_tlds),
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

    fn entity_kinds(text: &str) -> Vec<crate::EntityKind> {
        static JUDGE: OnceLock<crate::Judge> = OnceLock::new();
        let judge = JUDGE.get_or_init(crate::Judge::new);
        judge.check_text(text).entities.iter().map(|entity| entity.kind).collect()
    }

    #[test]
    fn entity_cues_act_on_their_examples() {
        use crate::EntityKind;
        let lists = words();
        for (name, group, in_examples, in_not_examples) in [
            ("account_cues", &lists.account_cues, EntityKind::Account, None),
            ("phone_cues", &lists.phone_cues, EntityKind::Phone, Some(EntityKind::Account)),
        ] {
            for text in &group.examples {
                let kinds = entity_kinds(text);
                assert!(kinds.contains(&in_examples), "{name}: {text:?} {kinds:?}");
                if in_not_examples.is_some() {
                    assert!(!kinds.contains(&EntityKind::Account), "{name}: {text:?} {kinds:?}");
                }
            }
            for text in &group.not_examples {
                let kinds = entity_kinds(text);
                match in_not_examples {
                    Some(kind) => assert!(kinds.contains(&kind), "{name}: {text:?} {kinds:?}"),
                    None => assert!(!kinds.contains(&in_examples), "{name}: {text:?} {kinds:?}"),
                }
            }
        }
    }

    /// The domain groups: their examples leave a link without "brand in domain" or give it
    /// one, as the group says.
    #[test]
    fn domain_groups_act_on_their_examples() {
        let judge = crate::Judge::new();
        let brand_in_domain = |url: &str| {
            judge.check_url(url).reasons.iter().any(|reason| reason.code == "brand_in_domain")
        };
        let lists = words();
        for (group, examples_flag) in
            [(&lists.common_word_keywords, false), (&lists.brand_action_words, true)]
        {
            for url in &group.examples {
                assert_eq!(brand_in_domain(url), examples_flag, "{url:?}");
            }
            for url in &group.not_examples {
                assert_eq!(brand_in_domain(url), !examples_flag, "{url:?}");
            }
        }
    }

    #[test]
    fn spaced_dot_tlds_act_on_their_examples() {
        let group = &words().spaced_dot_tlds;
        for text in &group.examples {
            let shadow = crate::normalize::Shadow::new(text);
            assert!(shadow.obfuscation.defanged.is_some(), "{text:?}: {}", shadow.text());
        }
        for text in &group.not_examples {
            let shadow = crate::normalize::Shadow::new(text);
            assert!(shadow.obfuscation.defanged.is_none(), "{text:?}: {}", shadow.text());
        }
    }
}
