//! Regression corpus: hand-written scam messages (every form in the reference) in accented,
//! unaccented and obfuscated variants, and hand-written legitimate near-misses (bank OTP and
//! balance SMS, VNeID activation, EVN bills, carrier promotions with links, delivery notices,
//! agency announcements) with and without diacritics and sender. The test fails if recall or
//! the false-alarm rate crosses the bars below, and prints per-type figures.

use std::collections::{BTreeMap, BTreeSet};

use khien_judge::{Judge, Message, Verdict};
use serde::Deserialize;

/// Minimum share of scam messages (all variants) that must be flagged suspicious or dangerous.
const RECALL_BAR: f64 = 0.93;
/// Maximum share of legitimate messages (all variants) that may be flagged.
const FALSE_ALARM_BAR: f64 = 0.01;
/// Minimum share of flagged scams whose expected type is among the reported types.
const TYPE_BAR: f64 = 0.80;
/// Minimum recall for every single scam type (over its variants).
const PER_TYPE_RECALL_BAR: f64 = 0.60;

#[derive(Deserialize)]
struct Case {
    text: String,
    #[allow(dead_code)]
    expect: String,
    #[serde(default, rename = "type")]
    ty: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    sender: Option<String>,
}

fn load(s: &str) -> Vec<Case> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus line"))
        .collect()
}

/// Removes Vietnamese diacritics but keeps case: what people type without an input method.
fn unaccent(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

fn is_linkish(w: &str) -> bool {
    w.contains('/')
        || [".com", ".vn", ".xyz", ".top", ".vip", ".icu", ".online", ".shop", ".me", ".apk"]
            .iter()
            .any(|t| w.contains(t))
}

fn leet(w: &str) -> String {
    let mut done = false;
    w.chars()
        .map(|c| {
            if done {
                return c;
            }
            let r = match c {
                'a' => '4',
                'o' => '0',
                'e' => '3',
                'i' => '1',
                _ => return c,
            };
            done = true;
            r
        })
        .collect()
}

fn math_bold(w: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    w.nfd()
        .map(|c| match c {
            'a'..='z' => char::from_u32(0x1d41a + (c as u32 - 'a' as u32)).unwrap_or(c),
            'A'..='Z' => char::from_u32(0x1d400 + (c as u32 - 'A' as u32)).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn cyrillic(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            'a' => 'а',
            'o' => 'о',
            'e' => 'е',
            'c' => 'с',
            'p' => 'р',
            c => c,
        })
        .collect()
}

fn spaced(w: &str) -> String {
    w.chars().map(|c| c.to_string()).collect::<Vec<_>>().join(".")
}

/// A deterministic obfuscated variant; the trick depends on `i`.
fn obfuscate(s: &str, i: usize) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let out: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            if is_linkish(w) {
                // Defang links.
                return w
                    .replace(".com", "[.]com")
                    .replace(".vn", "[.]vn")
                    .replace(".xyz", "[.]xyz")
                    .replace(".top", "[.]top")
                    .replace(".vip", "[.]vip");
            }
            if w.chars().count() < 3 || w.chars().any(|c| c.is_ascii_digit()) {
                return w.to_string();
            }
            match i % 5 {
                0 if k % 2 == 0 => leet(&unaccent(w)),
                1 => {
                    // Zero-width space after the second char.
                    let mut cs: Vec<char> = w.chars().collect();
                    if cs.len() >= 4 {
                        cs.insert(2, '\u{200b}');
                    }
                    cs.into_iter().collect()
                }
                2 if k < 8 => math_bold(w),
                3 if k % 3 == 0 => cyrillic(w),
                4 if k % 4 == 1 && w.chars().count() >= 4 => spaced(w),
                _ => w.to_string(),
            }
        })
        .collect();
    out.join(" ")
}

#[derive(Default)]
struct Tally {
    total: usize,
    flagged: usize,
    typed: usize,
}

#[test]
fn corpus_recall_and_false_alarms() {
    let judge = Judge::new();
    let scams = load(include_str!("corpus/scam.jsonl"));
    let legit = load(include_str!("corpus/legit.jsonl"));

    // Every scam type in the rules has at least one hand-written example.
    let types_in_corpus: BTreeSet<&str> = scams.iter().filter_map(|c| c.ty.as_deref()).collect();
    for code in judge.scam_type_codes() {
        assert!(types_in_corpus.contains(code), "no corpus example for scam type {code}");
    }
    let st = evaluate(&judge, &scams, &legit);
    assert!(st.scam_total >= 300, "at least 300 scam cases");
    assert!(st.legit_total >= 300, "at least 300 legitimate cases");
    assert!(st.recall >= RECALL_BAR, "recall {:.3} below {RECALL_BAR}", st.recall);
    assert!(
        st.false_alarm <= FALSE_ALARM_BAR,
        "false-alarm rate {:.4} above {FALSE_ALARM_BAR}",
        st.false_alarm
    );
    assert!(st.type_acc >= TYPE_BAR, "type accuracy {:.3} below {TYPE_BAR}", st.type_acc);
    for (ty, r) in &st.per_type_recall {
        assert!(
            *r >= PER_TYPE_RECALL_BAR,
            "recall for {ty} is {r:.2}, below {PER_TYPE_RECALL_BAR}"
        );
    }
}

/// Minimum recall on the holdout set.
const HOLDOUT_RECALL_BAR: f64 = 0.85;
/// Maximum false-alarm rate on the holdout set.
const HOLDOUT_FALSE_ALARM_BAR: f64 = 0.03;

/// Smaller sets written after the rules were tuned on the main corpus, to watch for
/// over-fitting; their bars are looser. Measured before any change made because of them
/// (base messages only):
/// * `holdout_*`: recall 0.92 (46/50), type accuracy 0.84, false alarms 1/50;
/// * `blind_*` (more conversational wording): recall 0.73 (22/30), false alarms 1/30;
/// * `blind2_*` (new wording): recall 0.57 (17/30), type accuracy 0.43, false alarms 1/30;
/// * `blind3_*` (20 + 20): recall 0.50 (10/20), type accuracy 0.35, false alarms 0/20.
///
/// All were then used to generalise the rules, so they now pass their bars with margin and no
/// longer measure generalisation by themselves.
#[test]
fn holdout_recall_and_false_alarms() {
    let judge = Judge::new();
    let mut scams = load(include_str!("corpus/holdout_scam.jsonl"));
    scams.extend(load(include_str!("corpus/blind_scam.jsonl")));
    scams.extend(load(include_str!("corpus/blind2_scam.jsonl")));
    scams.extend(load(include_str!("corpus/blind3_scam.jsonl")));
    let mut legit = load(include_str!("corpus/holdout_legit.jsonl"));
    legit.extend(load(include_str!("corpus/blind_legit.jsonl")));
    legit.extend(load(include_str!("corpus/blind2_legit.jsonl")));
    legit.extend(load(include_str!("corpus/blind3_legit.jsonl")));
    let st = evaluate(&judge, &scams, &legit);
    assert!(
        st.recall >= HOLDOUT_RECALL_BAR,
        "holdout recall {:.3} below {HOLDOUT_RECALL_BAR}",
        st.recall
    );
    assert!(
        st.false_alarm <= HOLDOUT_FALSE_ALARM_BAR,
        "holdout false-alarm rate {:.4} above {HOLDOUT_FALSE_ALARM_BAR}",
        st.false_alarm
    );
}

struct Stats {
    scam_total: usize,
    legit_total: usize,
    recall: f64,
    false_alarm: f64,
    type_acc: f64,
    per_type_recall: Vec<(String, f64)>,
}

fn evaluate(judge: &Judge, scams: &[Case], legit: &[Case]) -> Stats {
    let mut per_type: BTreeMap<String, Tally> = BTreeMap::new();
    let mut per_variant: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, c) in scams.iter().enumerate() {
        let ty = c.ty.clone().unwrap_or_default();
        for (variant, text) in [
            ("accented", c.text.clone()),
            ("unaccented", unaccent(&c.text)),
            ("obfuscated", obfuscate(&c.text, i)),
        ] {
            if !seen.insert(text.clone()) {
                continue;
            }
            let r = judge.check_text(&text);
            let flagged = r.verdict.is_alarm();
            let typed = flagged && r.scam_types.contains(&ty);
            for t in
                [per_type.entry(ty.clone()).or_default(), per_variant.entry(variant).or_default()]
            {
                t.total += 1;
                t.flagged += usize::from(flagged);
                t.typed += usize::from(typed);
            }
            if !flagged {
                misses.push(format!("MISS [{ty}/{variant}] score={} {text}", r.score));
            } else if !typed {
                misses.push(format!("TYPE [{ty}/{variant}] got {:?} {text}", r.scam_types));
            }
        }
    }

    let mut per_cat: BTreeMap<String, Tally> = BTreeMap::new();
    let mut false_alarms = Vec::new();
    let mut seen = BTreeSet::new();
    for c in legit {
        let cat = c.category.clone().unwrap_or_default();
        let variants = [
            (c.text.clone(), c.sender.clone()),
            (unaccent(&c.text), c.sender.clone()),
            (c.text.clone(), None),
        ];
        for (text, sender) in variants {
            if !seen.insert((text.clone(), sender.clone())) {
                continue;
            }
            let r = judge.check_message(&Message {
                text: &text,
                sender: sender.as_deref(),
                channel: None,
            });
            assert!(matches!(
                r.verdict,
                Verdict::NoSigns | Verdict::Suspicious | Verdict::Dangerous
            ));
            let t = per_cat.entry(cat.clone()).or_default();
            t.total += 1;
            if r.verdict.is_alarm() {
                t.flagged += 1;
                let codes: Vec<&str> = r.reasons.iter().map(|x| x.code.code()).collect();
                false_alarms.push(format!(
                    "FALSE ALARM [{cat}] score={} types={:?} reasons={codes:?} {text}",
                    r.score, r.scam_types
                ));
            }
        }
    }

    let scam_total: usize = per_type.values().map(|t| t.total).sum();
    let scam_flagged: usize = per_type.values().map(|t| t.flagged).sum();
    let scam_typed: usize = per_type.values().map(|t| t.typed).sum();
    let legit_total: usize = per_cat.values().map(|t| t.total).sum();
    let legit_flagged: usize = per_cat.values().map(|t| t.flagged).sum();
    let recall = scam_flagged as f64 / scam_total as f64;
    let false_alarm = legit_flagged as f64 / legit_total as f64;
    let type_acc = scam_typed as f64 / scam_flagged.max(1) as f64;

    println!("scam messages: {scam_total}, legitimate messages: {legit_total}");
    println!(
        "recall {:.3}, false-alarm rate {:.4}, type accuracy {:.3}",
        recall, false_alarm, type_acc
    );
    for (v, t) in &per_variant {
        println!(
            "  variant {v:<11} recall {:.3} ({}/{})",
            t.flagged as f64 / t.total as f64,
            t.flagged,
            t.total
        );
    }
    for (ty, t) in &per_type {
        println!(
            "  type {ty:<22} recall {:.2} ({}/{}), typed {}",
            t.flagged as f64 / t.total as f64,
            t.flagged,
            t.total,
            t.typed
        );
    }
    for (cat, t) in &per_cat {
        println!("  legit {cat:<12} false alarms {}/{}", t.flagged, t.total);
    }
    for m in misses.iter().chain(&false_alarms) {
        println!("{m}");
    }
    Stats {
        scam_total,
        legit_total,
        recall,
        false_alarm,
        type_acc,
        per_type_recall: per_type
            .iter()
            .map(|(k, t)| (k.clone(), t.flagged as f64 / t.total as f64))
            .collect(),
    }
}

/// Minimum recall on the untouched blind set.
const BLIND_RECALL_FLOOR: f64 = 0.45;
/// Maximum false-alarm rate on the untouched blind set.
const BLIND_FALSE_ALARM_CEILING: f64 = 0.05;

/// `blind4_*` (20 + 20 messages) was written after the last rule change and has **never** been
/// used to change a rule: it is the honest estimate of how the rules generalise to new wording
/// (figures in the crate README). The bars only catch regressions; do not tune on this set —
/// write a new one instead and move this one to the holdout test.
#[test]
fn blind4_untuned_generalisation() {
    let judge = Judge::new();
    let scams = load(include_str!("corpus/blind4_scam.jsonl"));
    let legit = load(include_str!("corpus/blind4_legit.jsonl"));
    let st = evaluate(&judge, &scams, &legit);
    assert!(
        st.recall >= BLIND_RECALL_FLOOR,
        "blind4 recall {:.3} below {BLIND_RECALL_FLOOR}",
        st.recall
    );
    assert!(
        st.false_alarm <= BLIND_FALSE_ALARM_CEILING,
        "blind4 false-alarm rate {:.4} above {BLIND_FALSE_ALARM_CEILING}",
        st.false_alarm
    );
}
