//! The embedded models against the corpus and the lists they were trained on: the message
//! model must have been trained on exactly the corpus and the rules in the repository (a stale
//! model fails here: retrain with `cargo run --release -p khien-train -- message --date …`),
//! and on the held-out writers, which never trained it, it must beat the rules alone and stay
//! above the bars below.

use std::collections::HashSet;

use khien_judge::Judge;
use khien_train::{corpus, evaluate, message};

/// Minimum scam recall of rules + model on the held-out writers.
const HELD_OUT_RECALL_BAR: f64 = 0.90;
/// Maximum false-alarm rate of rules + model on the held-out writers.
const HELD_OUT_FALSE_ALARM_BAR: f64 = 0.03;

fn load() -> corpus::Corpus {
    let judge = Judge::new();
    let types: HashSet<String> = judge.scam_type_codes().map(String::from).collect();
    corpus::load(&corpus::default_dir(), &types).expect("corpus loads")
}

fn header_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    header.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim())
    })
}

#[test]
fn embedded_model_was_trained_on_this_corpus_and_these_rules() {
    let corpus = load();
    let judge = Judge::new();
    let header = judge.model_provenance().expect("a message model is embedded");
    assert_eq!(
        header_value(header, "corpus"),
        Some(corpus::fingerprint(&corpus.files).as_str()),
        "the corpus changed since the model was trained: retrain (khien-train message)"
    );
    let base = Judge::new().without_message_model();
    let prepared = message::prepare(&base, &corpus.records).expect("features");
    assert_eq!(
        header_value(header, "features"),
        Some(message::features_fingerprint(&prepared).as_str()),
        "the rules or the features changed since the model was trained: retrain"
    );
}

#[test]
fn corpus_is_large_varied_and_balanced() {
    let corpus = load();
    let scams = corpus.records.iter().filter(|r| r.is_scam()).count();
    let genuine = corpus.records.len() - scams;
    assert!(corpus.records.len() >= 6000, "{} messages", corpus.records.len());
    assert!(scams * 3 >= genuine && genuine * 3 >= scams, "{scams} scam, {genuine} genuine");
    let judge = Judge::new();
    let kinds: HashSet<&str> =
        corpus.records.iter().filter(|r| r.is_scam()).map(|r| r.kind.as_str()).collect();
    for code in judge.scam_type_codes() {
        assert!(kinds.contains(code), "no message of scam type {code}");
    }
    let writers: HashSet<&str> = corpus.records.iter().map(|r| r.writer.as_str()).collect();
    assert!(writers.len() >= 8, "{writers:?}");
    let held_out = corpus.records.iter().filter(|r| !r.is_training()).count();
    assert!(held_out * 5 >= corpus.records.len(), "held-out part too small: {held_out}");
}

#[test]
fn model_beats_the_rules_on_held_out_writers() {
    let corpus = load();
    let held: Vec<&corpus::Record> = corpus.records.iter().filter(|r| !r.is_training()).collect();
    let rules = evaluate::tally(&Judge::new().rules_only(), held.iter().copied());
    let combined = evaluate::tally(&Judge::new(), held.iter().copied());
    eprintln!(
        "held out: recall {:.3} -> {:.3}, false alarms {:.4} -> {:.4}",
        rules.recall(),
        combined.recall(),
        rules.false_alarms(),
        combined.false_alarms()
    );
    assert!(combined.recall() > rules.recall());
    assert!(combined.recall() >= HELD_OUT_RECALL_BAR, "recall {:.3}", combined.recall());
    assert!(
        combined.false_alarms() <= HELD_OUT_FALSE_ALARM_BAR,
        "false alarms {:.4}",
        combined.false_alarms()
    );
}

#[test]
fn url_model_is_embedded_and_separates() {
    let judge = Judge::new();
    let bad = judge.url_probability("http://nohu-kubet88vip.club/dangky").expect("url model");
    let good = judge.url_probability("https://thanhnien.vn/thoi-su.htm").expect("url model");
    assert!(bad > good, "{bad} vs {good}");
}

/// The fresh blind set: written after the model and the rules of this change, by a writer who
/// read only the scam reference (never the code, the rules or the corpus), and never used to
/// tune anything. Its figures are the honest estimate; the bars only catch a collapse.
#[test]
fn fresh_blind_set() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../khien-judge/tests/corpus/blind5_messages.jsonl");
    let text = std::fs::read_to_string(&path).expect("blind set");
    let records: Vec<corpus::Record> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("blind record"))
        .collect();
    assert!(records.len() >= 400, "{}", records.len());
    let rules = evaluate::tally(&Judge::new().rules_only(), records.iter());
    let combined = evaluate::tally(&Judge::new(), records.iter());
    eprintln!("{}", evaluate::section("Fresh blind set (blind5)", &rules, &combined));
    assert!(combined.recall() >= 0.75, "recall {:.3}", combined.recall());
    assert!(combined.false_alarms() <= 0.05, "false alarms {:.4}", combined.false_alarms());
}
