//! What survives redaction: every blind evaluation text is redacted with the default policy and
//! the output is searched for each personal value the annotators marked. The survival rate per
//! kind is printed (the figure the issue tracks) and bounded, so a change that lets more
//! personal data through fails. The texts were written without reading the detector code
//! (`khien-detect/tests/corpus/*blind*`).

use std::collections::BTreeMap;

use khien_detect::{Config, Engine};
use khien_extract::Limits;
use khien_redact::{Policy, Session, redact};
use serde::Deserialize;

#[derive(Deserialize)]
struct StructuredFile {
    case: Vec<StructuredCase>,
}

#[derive(Deserialize)]
struct StructuredCase {
    text: String,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
struct Expect {
    kind: String,
    value: String,
}

#[derive(Deserialize)]
struct LexicalFile {
    case: Vec<LexicalCase>,
}

#[derive(Deserialize)]
struct LexicalCase {
    t: String,
    g: Vec<String>,
}

/// The blind sets the detectors were fixed on: (text, [(kind, value)]) from both formats.
fn cases() -> Vec<(String, Vec<(String, String)>)> {
    cases_of(
        &[
            include_str!("../../khien-detect/tests/corpus/structured_blind.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind/structured.toml"),
        ],
        &[
            include_str!("../../khien-detect/tests/corpus/lexical_blind/blind.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind/lexical/cases.toml"),
        ],
    )
}

/// The fresh blind set, never used to change the detectors.
fn fresh_cases() -> Vec<(String, Vec<(String, String)>)> {
    cases_of(
        &[
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/structured/class1.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/structured/class2.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/structured/class4.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/structured/class5.toml"),
        ],
        &[
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/lexical/class0.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/lexical/class1.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/lexical/class2.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/lexical/class3.toml"),
            include_str!("../../khien-detect/tests/corpus/scanner2_blind2/lexical/class4.toml"),
        ],
    )
}

/// The free-text health and criminal-record sets: the tuning set (tuned on) and the fresh blind
/// set (never tuned on), each written without reading the detector code.
fn health_cases(fresh: bool) -> Vec<(String, Vec<(String, String)>)> {
    if fresh {
        cases_of(&[], &[include_str!("../../khien-detect/tests/corpus/health_blind/cases.toml")])
    } else {
        cases_of(
            &[],
            &[
                include_str!("../../khien-detect/tests/corpus/health_tuning/health.toml"),
                include_str!("../../khien-detect/tests/corpus/health_tuning/criminal.toml"),
            ],
        )
    }
}

fn cases_of(structured: &[&str], lexical: &[&str]) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for &src in structured {
        let file: StructuredFile = toml::from_str(src).expect("blind set parses");
        for c in file.case {
            let gold = c.expect.into_iter().map(|e| (e.kind, e.value)).collect();
            out.push((c.text, gold));
        }
    }
    for &src in lexical {
        let file: LexicalFile = toml::from_str(src).expect("blind set parses");
        for c in file.case {
            let gold =
                c.g.iter()
                    .filter_map(|g| g.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.split('@').next().unwrap_or(v).to_string()))
                    .collect();
            out.push((c.t, gold));
        }
    }
    out
}

/// Kinds whose values a redaction must remove (attributes such as gender or a one-word
/// ethnicity are short words that also stand in ordinary text; they are counted apart).
fn identifying(kind: &str) -> bool {
    !matches!(kind, "gender" | "nationality" | "marital_status" | "family_relation" | "religion")
}

#[test]
fn what_survives_redaction_is_measured_and_bounded() {
    let (total, rate) = survival(cases());
    assert!(total > 400, "the blind sets hold {total} values");
    // Bar: just above today's figure, so that more surviving data fails the build.
    assert!(rate <= SURVIVAL_BAR, "{:.1}% of personal values survive redaction", 100.0 * rate);
}

#[test]
fn what_survives_redaction_of_the_fresh_blind_set_is_measured_and_bounded() {
    let (total, rate) = survival(fresh_cases());
    assert!(total > 200, "the fresh blind set holds {total} values");
    assert!(
        rate <= FRESH_SURVIVAL_BAR,
        "{:.1}% of personal values survive redaction",
        100.0 * rate
    );
}

#[test]
fn what_survives_redaction_of_free_text_health_and_records_is_measured_and_bounded() {
    bounded_pair(health_cases(false), health_cases(true), (300, 200), HEALTH_BARS);
}

#[test]
fn what_survives_redaction_of_lab_values_described_states_and_acts_is_measured_and_bounded() {
    let tuning = cases_of(
        &[],
        &[
            include_str!("../../khien-detect/tests/corpus/health_tuning2/health.toml"),
            include_str!("../../khien-detect/tests/corpus/health_tuning2/criminal.toml"),
        ],
    );
    let fresh =
        cases_of(&[], &[include_str!("../../khien-detect/tests/corpus/health_blind2/cases.toml")]);
    bounded_pair(tuning, fresh, (350, 250), HEALTH2_BARS);
}

#[test]
fn what_survives_redaction_of_names_in_every_shape_is_measured_and_bounded() {
    let tuning =
        cases_of(&[], &[include_str!("../../khien-detect/tests/corpus/names_tuning/cases.toml")]);
    let fresh =
        cases_of(&[], &[include_str!("../../khien-detect/tests/corpus/names_blind/cases.toml")]);
    bounded_pair(tuning, fresh, (500, 400), NAMES_BARS);
}

/// Survival of a tuning set and its fresh blind twin, each holding more than its least number of
/// values and surviving at most its bar.
fn bounded_pair(
    tuning: Vec<(String, Vec<(String, String)>)>,
    fresh: Vec<(String, Vec<(String, String)>)>,
    (least_tuning, least_fresh): (u32, u32),
    (tuning_bar, fresh_bar): (f64, f64),
) {
    let (total, tuned) = survival(tuning);
    assert!(total > least_tuning, "the tuning set holds {total} values");
    let (total, fresh) = survival(fresh);
    assert!(total > least_fresh, "the blind set holds {total} values");
    assert!(tuned <= tuning_bar, "tuning set: {:.1}% survive", 100.0 * tuned);
    assert!(fresh <= fresh_bar, "fresh set: {:.1}% survive", 100.0 * fresh);
}

/// Redacts every case with the default policy and prints what survives per kind: (values, rate).
fn survival(cases: Vec<(String, Vec<(String, String)>)>) -> (u32, f64) {
    let engine = Engine::new(Config::default().with_current_year(2026));
    let mut per_kind: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut survivors = Vec::new();
    for (i, (text, gold)) in cases.into_iter().enumerate() {
        let mut session = Session::new(Policy::default(), None).unwrap();
        let out = redact("case.txt", text.as_bytes(), &engine, &mut session, &Limits::default())
            .unwrap_or_else(|e| panic!("case {i}: {e}"));
        let out = String::from_utf8(out.bytes).unwrap();
        for (kind, value) in gold {
            if !identifying(&kind) || value.chars().count() < 3 {
                continue;
            }
            let entry = per_kind.entry(kind.clone()).or_default();
            entry.0 += 1;
            if out.contains(&value) {
                entry.1 += 1;
                survivors.push(format!("{kind}: {value:?} in case {i}"));
            }
        }
    }
    let (mut total, mut survived) = (0, 0);
    println!("{:<18} {:>6} {:>9} {:>8}", "kind", "values", "survived", "rate");
    for (kind, (n, s)) in &per_kind {
        total += n;
        survived += s;
        println!("{kind:<18} {n:>6} {s:>9} {:>7.1}%", 100.0 * f64::from(*s) / f64::from(*n));
    }
    let rate = f64::from(survived) / f64::from(total);
    println!("{:<18} {total:>6} {survived:>9} {:>7.1}%", "ALL", 100.0 * rate);
    for s in &survivors {
        println!("survived {s}");
    }
    (total, rate)
}

/// The share of the fresh blind set's personal values that may survive redaction: 14.1% (names
/// 25.5%) with the detectors of the morning it was filed, 10.7% (names 16.0%) with the name fixes
/// prompted by the first blind set, 8.4% (names 10.4%) once tuned on it; 5.7% (names 5.7%,
/// national IDs 0%) with the recall-first floor and quoted CSV cells read whole (changes made on
/// the earlier sets, never on this one); 4.7% (health 20.8%, criminal records 5.9%) with the
/// symptoms, procedures, medicines and measures tuned on the health tuning set. Bar just above.
const FRESH_SURVIVAL_BAR: f64 = 0.05;

/// The share of marked personal values that may survive redaction (first measured at 13.9%
/// of 502 values: numbers that lost their zeros in text-table rows, document numbers whose
/// type is in the previous column, bracketed landlines, and free-text health and criminal
/// phrases, initials and single names that the detectors miss; 11.4% once table rows kept
/// their labels and their lost zeros; 10.4% with ICD-10 codes; 8.0% once titles before
/// unaccented names, foreign names, rare surnames before "Thị" and given names repeated after
/// a title were read as names; 6.8% with the recall-first floor of the default policy; 5.8% with
/// the health and criminal-record terms of 2026-12-07; 5.0% with the measurements, described
/// states and acts of the second health tuning set).
const SURVIVAL_BAR: f64 = 0.052;

/// What of the free-text health and criminal-record tuning set survives redaction: 35.8% (health
/// 55.7%, criminal records 37.7%) before the lexicon of symptoms, procedures, medicines and
/// measures of 2026-12-07, 12.4% (15.2%, 15.6%) with it, 9.2% (9.5%, 13.0%) with measured
/// values, described states and acts and the subject of a record (tuned on the second tuning
/// set); 7.8% with the medicines that disclose a condition and the names of 2026-12-08. Bar just
/// above.
const HEALTH_TUNING_SURVIVAL_BAR: f64 = 0.09;

/// The same on the fresh health blind set (never tuned on): 29.9% (health 51.8%, criminal records
/// 33.3%) before, 18.8% (27.7%, 23.5%) after, 17.4% (25.3%, 21.6%) after the second tuning set.
/// Bar just above.
const HEALTH_FRESH_SURVIVAL_BAR: f64 = 0.18;

/// What of the second health tuning set (lab values, described states, described acts)
/// survives redaction: 47.3% (health 69.8%, criminal records 49.4%) when it was written, 17.6%
/// (23.7%, 18.8%) with the measurements of `data/lexicon/measurements.toml`, the described states
/// and acts of `attributes.toml` and the subject of a record (tuned on it); 15.2% with the
/// medicines and names of 2026-12-08. Bar just above.
const HEALTH2_TUNING_SURVIVAL_BAR: f64 = 0.16;

/// The same on the second fresh health blind set (never tuned on): 47.9% (health 68.9%, criminal
/// records 46.8%) before, 36.1% (50.0%, 36.4%) after, 35.5% after the medicines of 2026-12-08.
/// Bar just above.
const HEALTH2_FRESH_SURVIVAL_BAR: f64 = 0.36;

/// What of the names tuning set (news, chats, forms, minority, foreign and stage names,
/// initials) survives redaction: 18.7% (names 17.8%) when it was written, before the rules it
/// prompted (later mentions, lists of names, the peoples' clan names and middle names, roles
/// before a name, lower-case full names), 14.7% after them. Bar just above.
const NAMES_TUNING_SURVIVAL_BAR: f64 = 0.16;

/// The same on the names blind set (never tuned on): 20.0% (names 21.0%) before those rules,
/// 18.9% (names 19.2%) after. Bar just above.
const NAMES_FRESH_SURVIVAL_BAR: f64 = 0.19;

/// The names sets' bars: (tuning, fresh).
const NAMES_BARS: (f64, f64) = (NAMES_TUNING_SURVIVAL_BAR, NAMES_FRESH_SURVIVAL_BAR);

/// The first health sets' bars: (tuning, fresh).
const HEALTH_BARS: (f64, f64) = (HEALTH_TUNING_SURVIVAL_BAR, HEALTH_FRESH_SURVIVAL_BAR);

/// The second health sets' bars: (tuning, fresh).
const HEALTH2_BARS: (f64, f64) = (HEALTH2_TUNING_SURVIVAL_BAR, HEALTH2_FRESH_SURVIVAL_BAR);
