//! Word lists that steer the detectors, read from `data/words.toml` so that they are data with
//! a source and examples, like the keyword and lexicon files.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lexical::lexicon::FxBuild;

/// The embedded word lists.
const WORDS_TOML: &str = include_str!("../data/words.toml");

/// One list of words with the texts it must and must not act on.
#[derive(Debug, Deserialize)]
#[serde(from = "WordGroupFile")]
pub(crate) struct WordGroup {
    /// The words.
    pub(crate) words: Vec<String>,
    /// Texts or words the list must act on (checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) examples: Vec<String>,
    /// Texts or words the list must not act on (checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) not_examples: Vec<String>,
    /// The words as a set: the address grammar asks for every word of a name.
    set: HashSet<String, FxBuild>,
}

/// A [`WordGroup`] as written in `data/words.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordGroupFile {
    words: Vec<String>,
    examples: Vec<String>,
    not_examples: Vec<String>,
}

impl From<WordGroupFile> for WordGroup {
    fn from(file: WordGroupFile) -> WordGroup {
        let set = file.words.iter().cloned().collect();
        WordGroup {
            words: file.words,
            examples: file.examples,
            not_examples: file.not_examples,
            set,
        }
    }
}

impl WordGroup {
    /// Whether `word` is one of the list's entries.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }
}

/// All word lists.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordLists {
    /// Folded words that mark an organisation near a tax code.
    pub(crate) organisation_cues: WordGroup,
    /// Given names (lower case) that are not later mentions of a person when alone.
    pub(crate) later_mention_stops: WordGroup,
    /// Folded words before a capitalised word that make it no later mention of a given name.
    pub(crate) later_mention_not_after: WordGroup,
    /// Common words whose first syllable is also a given name.
    pub(crate) later_mention_compounds: WordGroup,
    /// Pronouns after which a given name alone is a person's name.
    pub(crate) name_pronouns: WordGroup,
    /// Accented words that end a place name.
    pub(crate) place_enders: WordGroup,
    /// Folded words that end a place name in unaccented text.
    pub(crate) place_enders_folded: WordGroup,
    /// Words that show a sentence is about a person.
    pub(crate) person_words: WordGroup,
    /// Folded labels before a name that make the person the subject of a record.
    pub(crate) record_subject_labels: WordGroup,
    /// Folded words before a person cue that make it a group of people.
    pub(crate) group_markers: WordGroup,
    /// Folded clause words that end a captured phrase.
    pub(crate) capture_stops: WordGroup,
    /// Folded field labels that name a person's name besides the lexicon's keys.
    pub(crate) name_labels: WordGroup,
    /// Folded field labels that name an address besides the lexicon's keys.
    pub(crate) address_labels: WordGroup,
    /// Folded first words of a gender field's value that are a gender.
    pub(crate) gender_values: WordGroup,
    /// The gender values taken after a label of one or two letters.
    pub(crate) gender_values_short_label: WordGroup,
    /// Folded labels of a name that are criminal-record data themselves ("Bị can:").
    pub(crate) accused_roles: WordGroup,
    /// Folded words of an organisation's letterhead above an address field.
    pub(crate) letterhead_words: WordGroup,
    /// Folded table cells that name an ethnic group but are read as something else.
    pub(crate) table_not_ethnicity: WordGroup,
    /// Folded table cells that name a religion but are read as something else.
    pub(crate) table_not_religion: WordGroup,
    /// Folded words before a bare relation word that make it something else.
    pub(crate) family_not_after: WordGroup,
    /// Folded words after "con" that make it a child.
    pub(crate) family_after_con: WordGroup,
    /// Folded words after a bare relation word that confirm it.
    pub(crate) family_after_relation: WordGroup,
    /// Folded first-person words after "thằng em".
    pub(crate) family_after_em: WordGroup,
    /// Folded words skipped at the start of a captured phrase.
    pub(crate) capture_skips: WordGroup,
    /// Folded words before a sensitive term that make it an institution's.
    pub(crate) institution_words: WordGroup,
    /// Folded words before a religion that make it an organisation's name.
    pub(crate) religious_organisations: WordGroup,
    /// Currencies after a number of any length.
    pub(crate) currencies: WordGroup,
    /// Units after a short number.
    pub(crate) units: WordGroup,
    /// Folded keys of credentials.
    pub(crate) credential_keys: WordGroup,
    /// Local parts of role mailboxes.
    pub(crate) role_mailboxes: WordGroup,
    /// Folded words after the sender's name in a transfer message.
    pub(crate) transfer_memo_after: WordGroup,
}

/// The embedded lists, parsed once.
///
/// # Panics
/// If the embedded file is malformed, which the test suite rules out.
pub(crate) fn words() -> &'static WordLists {
    static WORDS: OnceLock<WordLists> = OnceLock::new();
    WORDS.get_or_init(|| match toml::from_str(WORDS_TOML) {
        Ok(lists) => lists,
        Err(error) => panic!("embedded data/words.toml: {error}"),
    })
}

/// Whether folded text holds an organisation cue.
pub(crate) fn has_organisation_cue(folded: &str) -> bool {
    words().organisation_cues.words.iter().any(|cue| folded.contains(cue.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Engine, Kind};

    /// Every example of the group is found with `kind`, and no counter-example is.
    fn assert_group_acts_on(group: &WordGroup, kind: Kind) {
        for text in &group.examples {
            assert!(kinds_found(text).contains(&kind), "{text:?}");
        }
        for text in &group.not_examples {
            assert!(!kinds_found(text).contains(&kind), "{text:?}");
        }
    }

    fn kinds_found(text: &str) -> Vec<Kind> {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        let engine = ENGINE.get_or_init(|| Engine::new(Config::default().with_current_year(2026)));
        engine.detect(text).iter().map(|finding| finding.kind).collect()
    }

    #[test]
    fn every_group_has_words_and_examples_both_ways() {
        let lists = words();
        for (name, group) in [
            ("organisation_cues", &lists.organisation_cues),
            ("name_pronouns", &lists.name_pronouns),
            ("later_mention_stops", &lists.later_mention_stops),
            ("later_mention_not_after", &lists.later_mention_not_after),
            ("later_mention_compounds", &lists.later_mention_compounds),
            ("place_enders", &lists.place_enders),
            ("place_enders_folded", &lists.place_enders_folded),
            ("person_words", &lists.person_words),
            ("record_subject_labels", &lists.record_subject_labels),
            ("group_markers", &lists.group_markers),
            ("capture_stops", &lists.capture_stops),
            ("name_labels", &lists.name_labels),
            ("address_labels", &lists.address_labels),
            ("gender_values", &lists.gender_values),
            ("gender_values_short_label", &lists.gender_values_short_label),
            ("accused_roles", &lists.accused_roles),
            ("letterhead_words", &lists.letterhead_words),
            ("table_not_ethnicity", &lists.table_not_ethnicity),
            ("table_not_religion", &lists.table_not_religion),
            ("family_not_after", &lists.family_not_after),
            ("family_after_con", &lists.family_after_con),
            ("family_after_relation", &lists.family_after_relation),
            ("family_after_em", &lists.family_after_em),
            ("capture_skips", &lists.capture_skips),
            ("institution_words", &lists.institution_words),
            ("religious_organisations", &lists.religious_organisations),
            ("currencies", &lists.currencies),
            ("units", &lists.units),
            ("transfer_memo_after", &lists.transfer_memo_after),
            ("credential_keys", &lists.credential_keys),
            ("role_mailboxes", &lists.role_mailboxes),
        ] {
            assert!(!group.words.is_empty(), "{name}: no words");
            assert!(!group.examples.is_empty(), "{name}: no examples");
            assert!(!group.not_examples.is_empty(), "{name}: no not_examples");
        }
    }

    #[test]
    fn organisation_cues_act_on_their_examples() {
        let group = &words().organisation_cues;
        for text in &group.examples {
            assert!(has_organisation_cue(&khien_text::fold(text)), "{text:?}");
        }
        for text in &group.not_examples {
            assert!(!has_organisation_cue(&khien_text::fold(text)), "{text:?}");
        }
    }

    #[test]
    fn later_mention_stops_leave_their_examples_with_the_full_name_only() {
        let lists = words();
        for group in [
            &lists.later_mention_stops,
            &lists.later_mention_not_after,
            &lists.later_mention_compounds,
        ] {
            let names = |text: &str| {
                kinds_found(text).into_iter().filter(|k| *k == Kind::PersonName).count()
            };
            for text in &group.examples {
                assert_eq!(names(text), 1, "{text:?}");
            }
            for text in &group.not_examples {
                assert_eq!(names(text), 2, "{text:?}");
            }
        }
    }

    #[test]
    fn a_pronoun_makes_a_given_name_a_person() {
        assert_group_acts_on(&words().name_pronouns, Kind::PersonName);
    }

    #[test]
    fn the_subject_of_a_record_keeps_the_health_data_of_its_line() {
        assert_group_acts_on(&words().record_subject_labels, Kind::Health);
    }

    #[test]
    fn a_person_word_keeps_a_sensitive_term() {
        assert_group_acts_on(&words().person_words, Kind::Health);
    }

    #[test]
    fn a_group_of_people_is_no_person() {
        let group = &words().group_markers;
        let sensitive = |k: &Kind| matches!(k, Kind::CriminalRecord | Kind::PrivateLife);
        for text in &group.examples {
            assert!(!kinds_found(text).iter().any(sensitive), "{text:?}");
        }
        for text in &group.not_examples {
            assert!(kinds_found(text).iter().any(sensitive), "{text:?}");
        }
    }

    /// Groups whose examples must make the engine find a kind and whose not-examples must
    /// not (`true`), or the other way round (`false`: the group suppresses the kind).
    #[test]
    fn engine_groups_act_on_their_examples() {
        let lists = words();
        for (name, group, kind, examples_find) in [
            ("gender_values", &lists.gender_values, Kind::Gender, true),
            ("gender_values_short_label", &lists.gender_values_short_label, Kind::Gender, true),
            ("accused_roles", &lists.accused_roles, Kind::CriminalRecord, true),
            ("letterhead_words", &lists.letterhead_words, Kind::Address, false),
            ("table_not_ethnicity", &lists.table_not_ethnicity, Kind::Ethnicity, false),
            ("table_not_religion", &lists.table_not_religion, Kind::Religion, false),
            ("family_not_after", &lists.family_not_after, Kind::FamilyRelation, false),
            ("family_after_con", &lists.family_after_con, Kind::FamilyRelation, true),
            ("family_after_relation", &lists.family_after_relation, Kind::FamilyRelation, true),
            ("religious_organisations", &lists.religious_organisations, Kind::Religion, false),
            ("credential_keys", &lists.credential_keys, Kind::Credential, true),
            ("role_mailboxes", &lists.role_mailboxes, Kind::Email, false),
            ("transfer_memo_after", &lists.transfer_memo_after, Kind::PersonName, true),
        ] {
            for text in &group.examples {
                let found = kinds_found(text);
                assert_eq!(found.contains(&kind), examples_find, "{name}: {text:?} {found:?}");
            }
            for text in &group.not_examples {
                let found = kinds_found(text);
                assert_eq!(found.contains(&kind), !examples_find, "{name}: {text:?} {found:?}");
            }
        }
    }

    /// Lists compared word by word: the examples must be entries and the not-examples (words
    /// of place names, diagnoses and offences) must never become one.
    #[test]
    fn word_lists_hold_their_examples_and_not_their_not_examples() {
        let lists = words();
        for group in [&lists.place_enders, &lists.place_enders_folded, &lists.capture_stops] {
            for word in &group.examples {
                assert!(group.contains(word), "{word:?} missing");
            }
            for word in &group.not_examples {
                assert!(!group.contains(word), "{word:?} listed");
            }
        }
    }
}
