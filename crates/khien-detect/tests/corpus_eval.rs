//! Scores the structured detectors against the labelled corpus in `tests/corpus/structured.toml`,
//! in four renderings of every case (as written, without diacritics, NFD, ALL CAPS), and fails
//! when precision or recall of any kind falls below its bar.
//!
//! Matching is exact: a prediction counts only with the gold kind and the exact byte span.

use std::collections::BTreeMap;

use khien_detect::{Config, Engine, Kind};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    expect: Vec<Expect>,
}

#[derive(Deserialize, Clone)]
struct Expect {
    kind: String,
    value: String,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 1.0 } else { f64::from(self.tp) / f64::from(self.tp + self.fp) }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fn_)
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn variants(text: &str, expect: &[Expect]) -> Vec<(&'static str, String, Vec<Expect>)> {
    let map = |f: &dyn Fn(&str) -> String| -> (String, Vec<Expect>) {
        (
            f(text),
            expect.iter().map(|e| Expect { kind: e.kind.clone(), value: f(&e.value) }).collect(),
        )
    };
    let (t1, e1) = map(&|s| s.to_string());
    let (t2, e2) = map(&|s| khien_text::strip_diacritics(s));
    let (t3, e3) = map(&|s| s.nfd().collect());
    let (t4, e4) = map(&|s| s.to_uppercase());
    vec![("as written", t1, e1), ("unaccented", t2, e2), ("nfd", t3, e3), ("upper", t4, e4)]
}

struct Bars {
    precision: f64,
    recall: f64,
    per_kind_f1: f64,
}

#[test]
fn structured_corpus_meets_the_bars() {
    let bars = Bars { precision: 0.99, recall: 0.99, per_kind_f1: 0.95 };
    evaluate(include_str!("corpus/structured.toml"), 30, &bars);
}

/// The second corpus was written from the reference alone, without reading the detectors
/// (first measured at precision 0.938, recall 0.887; the generic fixes it prompted are in).
#[test]
fn held_out_corpus_meets_the_bars() {
    let bars = Bars { precision: 0.98, recall: 0.97, per_kind_f1: 0.8 };
    evaluate(include_str!("corpus/structured_extra.toml"), 120, &bars);
}

/// The third corpus, written blind (the author read the reference and the format, never the
/// detector code). First measured at precision 0.876, recall 0.921; then fixed: a card next to a
/// bank's name, a keyword chain as the label ("STK MB"), dotted reference codes, service numbers
/// as accounts, impossible CCCD centuries and years, labelled company branch codes, dates of death.
/// Left as disagreements: usernames in logs (not credentials here), a password after "là".
#[test]
fn blind_corpus_meets_the_bars() {
    let bars = Bars { precision: 0.94, recall: 0.95, per_kind_f1: 0.7 };
    evaluate(include_str!("corpus/structured_blind.toml"), 50, &bars);
}

/// The Scanner 2 blind set (`corpus/scanner2_blind/structured.toml`), written blind for the misses
/// found on real-looking agency files: organisations' own contact data, e-invoice numbers and
/// software versions, tables whose previous column names the document type, landlines in
/// parentheses, and spreadsheet numbers that lost all their leading zeros. First measured (before
/// any change for it) at precision 0.562, recall 0.714 over the four renderings; 0.794 / 0.714
/// once organisations' own numbers and invoice numbers were told apart; 0.909 / 0.714 once
/// software versions and an organisation's server were not IP addresses; 0.941 / 0.914 once
/// a label cell named the next cell's value and text-table numbers got their lost zeros back;
/// 0.943 / 0.943 with bracketed area codes. Bars sit just under.
#[test]
fn scanner2_blind_corpus_meets_the_bars() {
    let bars = Bars { precision: 0.93, recall: 0.93, per_kind_f1: 0.0 };
    evaluate(include_str!("corpus/scanner2_blind/structured.toml"), 40, &bars);
}

/// The fresh Scanner 2 blind set (`corpus/scanner2_blind2/structured/classN.toml`), written
/// blind after the first one had been used to fix the detectors, to measure those fixes on text
/// they were never tuned on. Printed per class (1 organisations' own data, 2 identifier
/// look-alikes, 4 what survives redaction, 5 lost leading zeros) and bounded as a whole.
/// First measured with the detectors as they were before any work on this set: see the bars.
#[test]
fn scanner2_fresh_blind_corpus_meets_the_bars() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/scanner2_blind2/structured");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut all = Counts::default();
    let mut cases = 0;
    let mut lines = Vec::new();
    for p in &files {
        let src = std::fs::read_to_string(p).expect("readable");
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        println!("\n== {name}");
        let (c, n, _) = score(&src, 1);
        cases += n;
        lines.push(format!(
            "{name:<8} {n:>4} cases  precision {:.3}  recall {:.3}",
            c.precision(),
            c.recall()
        ));
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
    }
    println!("\nfresh blind set, per class (four renderings of each case):");
    for l in &lines {
        println!("{l}");
    }
    println!(
        "all      {cases:>4} cases  precision {:.3}  recall {:.3}",
        all.precision(),
        all.recall()
    );
    assert!(cases >= 60, "the fresh set holds {cases} cases");
    assert!(all.precision() >= FRESH_BLIND_BARS.0, "precision {:.3}", all.precision());
    assert!(all.recall() >= FRESH_BLIND_BARS.1, "recall {:.3}", all.recall());
}

/// Precision and recall bars of the fresh blind set. Filed on 2026-12-07 and first measured
/// with the detectors of that morning (before any change made for it): precision 0.920, recall
/// 0.957 (class 1 0.893/0.962, class 2 0.682/0.938, class 4 0.969/0.969, class 5 1.000/0.951).
/// Bars sit just under.
const FRESH_BLIND_BARS: (f64, f64) = (0.91, 0.95);

fn evaluate(src: &str, min_cases: usize, bars: &Bars) {
    let (all, _, per_kind) = score(src, min_cases);
    // Bars: set just under what the engine achieves, so that a regression fails the build.
    assert!(
        all.precision() >= bars.precision,
        "overall precision {:.3} < {}",
        all.precision(),
        bars.precision
    );
    assert!(all.recall() >= bars.recall, "overall recall {:.3} < {}", all.recall(), bars.recall);
    for (k, c) in &per_kind {
        assert!(c.f1() >= bars.per_kind_f1, "{k}: F1 {:.3} < {}", c.f1(), bars.per_kind_f1);
    }
}

/// Scores one corpus and prints its table and errors: (all kinds, number of cases, per kind).
fn score(src: &str, min_cases: usize) -> (Counts, usize, BTreeMap<&'static str, Counts>) {
    let corpus: Corpus = toml::from_str(src).expect("corpus parses");
    assert!(corpus.case.len() >= min_cases, "corpus too small");
    let engine = Engine::new(Config::default().with_current_year(2026));
    let mut per_kind: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut total_cases = 0;
    for case in &corpus.case {
        for (variant, text, expect) in variants(&case.text, &case.expect) {
            total_cases += 1;
            // Gold spans: the n-th expectation of a value is its n-th occurrence.
            let mut gold: Vec<(Kind, usize, usize)> = Vec::new();
            let mut next_from: BTreeMap<String, usize> = BTreeMap::new();
            for e in &expect {
                let kind = Kind::from_code(&e.kind)
                    .unwrap_or_else(|| panic!("{}: bad kind {}", case.name, e.kind));
                let from = next_from.get(&e.value).copied().unwrap_or(0);
                let at = text[from..].find(&e.value).unwrap_or_else(|| {
                    panic!("{} ({variant}): value {:?} not in text", case.name, e.value)
                }) + from;
                next_from.insert(e.value.clone(), at + e.value.len());
                gold.push((kind, at, at + e.value.len()));
            }
            let predicted: Vec<(Kind, usize, usize)> = engine
                .detect(&text)
                .into_iter()
                .filter(|f| Kind::STRUCTURED.contains(&f.kind))
                .map(|f| (f.kind, f.start, f.end))
                .collect();
            for p in &predicted {
                let c = per_kind.entry(p.0.code()).or_default();
                if gold.contains(p) {
                    c.tp += 1;
                } else {
                    c.fp += 1;
                    errors.push(format!(
                        "FP {} ({variant}): {} {:?}",
                        case.name,
                        p.0,
                        &text[p.1..p.2]
                    ));
                }
            }
            for g in &gold {
                if !predicted.contains(g) {
                    per_kind.entry(g.0.code()).or_default().fn_ += 1;
                    errors.push(format!(
                        "FN {} ({variant}): {} {:?}",
                        case.name,
                        g.0,
                        &text[g.1..g.2]
                    ));
                }
            }
        }
    }
    let mut all = Counts::default();
    println!("{total_cases} renderings of {} cases", corpus.case.len());
    println!(
        "{:<18} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7}",
        "kind", "tp", "fp", "fn", "prec", "recall", "f1"
    );
    for (k, c) in &per_kind {
        println!(
            "{:<18} {:>5} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3}",
            k,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
    }
    println!(
        "{:<18} {:>5} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3}",
        "ALL",
        all.tp,
        all.fp,
        all.fn_,
        all.precision(),
        all.recall(),
        all.f1()
    );
    for e in &errors {
        println!("{e}");
    }
    (all, corpus.case.len(), per_kind)
}
