//! Training the message model: features from the judge, writer-wise cross-validation for the
//! calibration and the thresholds, the final fit, and the model file.

use std::collections::BTreeMap;

use anyhow::Result;
use khien_judge::model::features::Features;
use khien_judge::model::linear::{ModelFile, ScamModel, TypeModel};
use khien_judge::model::train::{Settings, fit_logistic, fit_platt, fit_softmax};
use khien_judge::model::{MESSAGE_BITS, TYPE_BITS};
use khien_judge::{Judge, VETO_DANGEROUS_AT};

use crate::corpus::{Corpus, Fnv, Record, TRAIN_WRITERS, counts, fingerprint};

/// False-alarm rate the thresholds are chosen for on out-of-fold predictions (below the 1%
/// target, to leave a margin for new writers).
pub const TARGET_FALSE_ALARMS: f64 = 0.006;
/// Share of genuine messages allowed at or above the "dangerous" probability.
pub const DANGER_FALSE_ALARMS: f64 = 0.001;

/// A training example with what the rules alone said of it.
pub struct Prepared<'a> {
    /// The record.
    pub record: &'a Record,
    /// Its features.
    pub features: Features,
    /// The rules alone raise an alarm.
    pub rules_alarm: bool,
    /// A rules alarm the model may withdraw (no strong or decisive signal).
    pub vetoable: bool,
    /// A message the model may raise (the rules found a claim, a story or an ask).
    pub raisable: bool,
    /// The rules alone say "dangerous" (withdrawn only below [`VETO_DANGEROUS_AT`]).
    pub rules_dangerous: bool,
}

/// Runs the rules and the feature extractor over every record. `judge` must be the engine
/// the model will sit on: the embedded one without its message model
/// ([`Judge::without_message_model`]), URL model included, since the URL model's signal is a
/// feature.
pub fn prepare<'a>(judge: &Judge, records: &'a [Record]) -> Result<Vec<Prepared<'a>>> {
    let rules = Judge::new().without_message_model();
    // A model that withdraws every alarm it may and raises none tells which alarms are
    // vetoable, with the engine's own logic.
    let probe = Judge::new().with_message_model(&probe_model(false).to_bytes())?;
    // One that raises every message it may.
    let raiser = Judge::new().with_message_model(&probe_model(true).to_bytes())?;
    Ok(records
        .iter()
        .map(|record| {
            let message = record.message();
            let verdict = rules.check_message(&message).verdict;
            let rules_alarm = verdict.is_alarm();
            let rules_dangerous = verdict == khien_judge::Verdict::Dangerous;
            let vetoable = rules_alarm && !probe.check_message(&message).verdict.is_alarm();
            let raisable = !rules_alarm && raiser.check_message(&message).verdict.is_alarm();
            let features = judge.message_features(&message);
            Prepared { record, features, rules_alarm, vetoable, raisable, rules_dangerous }
        })
        .collect())
}

/// A model that says "genuine" to everything and withdraws what it may, or (`raise`) says
/// "scam" to everything and raises what it may.
fn probe_model(raise: bool) -> ModelFile {
    ModelFile {
        header: "# probe".into(),
        scam: ScamModel {
            bits: 8,
            bias: 0.0,
            weights: vec![0.0; 256],
            platt: (0.0, if raise { 20.0 } else { -20.0 }),
            alarm_at: if raise { 0.5 } else { 2.0 },
            veto_at: if raise { 0.0 } else { 1.0 },
            danger_at: 2.0,
        },
        types: TypeModel { bits: 8, types: vec![], bias: vec![], weights: vec![] },
    }
}

/// FNV-1a over the training features and labels: changes whenever the rules, the features or
/// the corpus change, so a stale model file is caught by a test.
pub fn features_fingerprint(prepared: &[Prepared<'_>]) -> String {
    let mut hash = Fnv::new();
    for p in prepared.iter().filter(|p| p.record.is_training()) {
        hash.eat(&[u8::from(p.record.is_scam())]);
        for &(bucket, value) in &p.features {
            hash.eat(&bucket.to_le_bytes());
            hash.eat(&value.to_bits().to_le_bytes());
        }
    }
    format!("{:016x}", hash.0)
}

fn scam_examples<'p>(prepared: &'p [&'p Prepared<'p>]) -> Vec<(&'p Features, bool, f32)> {
    // Classes weigh alike whatever their counts.
    let scams = prepared.iter().filter(|p| p.record.is_scam()).count().max(1) as f32;
    let genuine = (prepared.len() as f32 - scams).max(1.0);
    let total = prepared.len() as f32;
    prepared
        .iter()
        .map(|p| {
            let scam = p.record.is_scam();
            let weight = if scam { total / (2.0 * scams) } else { total / (2.0 * genuine) };
            (&p.features, scam, weight)
        })
        .collect()
}

/// Margin of a feature vector under raw weights.
fn margin(weights: &[f32], bias: f32, features: &Features) -> f32 {
    let mask = (weights.len() - 1) as u32;
    bias + features.iter().map(|&(b, v)| weights[(b & mask) as usize] * v).sum::<f32>()
}

/// Out-of-fold margins of every training example (each writer predicted by a model trained on
/// the other training writers).
pub fn out_of_fold(prepared: &[Prepared<'_>], settings: Settings) -> Vec<f32> {
    let training: Vec<&Prepared<'_>> = prepared.iter().filter(|p| p.record.is_training()).collect();
    let mut margins = vec![0f32; training.len()];
    for writer in TRAIN_WRITERS {
        let rest: Vec<&Prepared<'_>> =
            training.iter().copied().filter(|p| p.record.writer != *writer).collect();
        let (weights, bias) = fit_logistic(&scam_examples(&rest), MESSAGE_BITS, settings);
        for (i, p) in training.iter().enumerate() {
            if p.record.writer == *writer {
                margins[i] = margin(&weights, bias, &p.features);
            }
        }
    }
    margins
}

/// The chosen thresholds and the out-of-fold figures they give.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Raise at or above.
    pub alarm_at: f32,
    /// Withdraw a vetoable rules alarm below.
    pub veto_at: f32,
    /// Dangerous at or above.
    pub danger_at: f32,
    /// Out-of-fold scam recall with these thresholds.
    pub recall: f64,
    /// Out-of-fold false-alarm rate with these thresholds.
    pub false_alarms: f64,
    /// Out-of-fold recall and false alarms of the rules alone.
    pub rules: (f64, f64),
}

/// Picks the thresholds that maximise out-of-fold recall with false alarms at most
/// [`TARGET_FALSE_ALARMS`].
pub fn choose_thresholds(training: &[&Prepared<'_>], probabilities: &[f32]) -> Thresholds {
    let scams = training.iter().filter(|p| p.record.is_scam()).count().max(1) as f64;
    let genuine = (training.len() as f64 - scams).max(1.0);
    let rate = |alarm_at: f32, veto_at: f32| {
        let (mut hits, mut false_alarms) = (0usize, 0usize);
        for (p, &prob) in training.iter().zip(probabilities) {
            let alarm = if p.rules_alarm {
                let veto_at =
                    if p.rules_dangerous { veto_at.min(VETO_DANGEROUS_AT) } else { veto_at };
                !(p.vetoable && prob < veto_at)
            } else {
                p.raisable && prob >= alarm_at
            };
            if alarm {
                if p.record.is_scam() {
                    hits += 1;
                } else {
                    false_alarms += 1;
                }
            }
        }
        (hits as f64 / scams, false_alarms as f64 / genuine)
    };
    let rules = rate(2.0, 0.0);
    if std::env::var_os("KHIEN_TRAIN_VERBOSE").is_some() {
        let vetoable = training.iter().filter(|p| p.vetoable && !p.record.is_scam()).count();
        let alarms = training.iter().filter(|p| p.rules_alarm && !p.record.is_scam()).count();
        eprintln!("genuine rules alarms {alarms}, vetoable {vetoable}");
        let rules = Judge::new().rules_only();
        for p in training.iter().filter(|p| p.rules_alarm && !p.vetoable && !p.record.is_scam()) {
            let report = rules.check_message(&p.record.message());
            let codes: Vec<&str> = report.reasons.iter().map(|r| r.code.code()).collect();
            eprintln!(
                "unvetoable {}: {:?} | {}",
                p.record.kind,
                codes,
                p.record.text.chars().take(100).collect::<String>()
            );
        }
        for veto in [0.0f32, 0.1, 0.3, 0.5, 0.7] {
            for alarm in [0.6f32, 0.8, 0.9, 0.95, 0.99] {
                let (r, f) = rate(alarm, veto);
                eprintln!("veto {veto} alarm {alarm}: recall {r:.3} fa {f:.4}");
            }
        }
    }
    // The model withdraws an alarm only when it is fairly sure the message is genuine.
    let vetoes: Vec<f32> = (0..=10).map(|k| k as f32 * 0.05).collect();
    // Every point of the grid, in a fixed order (ties keep the first).
    let grid: Vec<Thresholds> = vetoes
        .iter()
        .flat_map(|&veto| (0..=99).map(move |step| (0.5 + step as f32 * 0.005, veto)))
        .map(|(alarm_at, veto_at)| {
            let (recall, false_alarms) = rate(alarm_at, veto_at);
            Thresholds { alarm_at, veto_at, danger_at: 1.0, recall, false_alarms, rules }
        })
        .collect();
    // The best recall within the target; among equals, the fewest false alarms.
    let within = grid.iter().filter(|t| t.false_alarms <= TARGET_FALSE_ALARMS).fold(
        None::<Thresholds>,
        |best, &t| match best {
            Some(b)
                if !(t.recall > b.recall + 1e-12
                    || ((t.recall - b.recall).abs() < 1e-12
                        && t.false_alarms < b.false_alarms)) =>
            {
                Some(b)
            }
            _ => Some(t),
        },
    );
    // When no setting meets the target, the best trade-off: a false alarm costs as much as two
    // missed scams.
    let value = |t: &Thresholds| t.recall - 2.0 * t.false_alarms;
    let trade_off = || {
        grid.iter()
            .fold(None::<Thresholds>, |best, &t| match best {
                Some(b) if value(&t) <= value(&b) + 1e-12 => Some(b),
                _ => Some(t),
            })
            .expect("a grid point")
    };
    let mut chosen = within.unwrap_or_else(trade_off);
    let mut genuine_probs: Vec<f32> = training
        .iter()
        .zip(probabilities)
        .filter(|(p, _)| !p.record.is_scam())
        .map(|(_, &prob)| prob)
        .collect();
    genuine_probs.sort_by(|a, b| b.total_cmp(a));
    let allowed = (genuine * DANGER_FALSE_ALARMS).floor() as usize;
    let danger = genuine_probs.get(allowed).copied().unwrap_or(0.0) + 1e-3;
    chosen.danger_at = danger.max(chosen.alarm_at).min(0.999);
    chosen
}

/// Everything a training run produces.
pub struct Trained {
    /// The model file.
    pub file: ModelFile,
    /// Thresholds and their out-of-fold figures.
    pub thresholds: Thresholds,
}

/// Trains the model on the training writers of `corpus`.
pub fn train(corpus: &Corpus, prepared: &[Prepared<'_>], date: &str) -> Trained {
    let mut settings = Settings::default();
    // Overrides for experiments (choose on the out-of-fold figures, never on held-out ones).
    let env = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(v) = env("KHIEN_TRAIN_EPOCHS") {
        settings.epochs = v as usize;
    }
    if let Some(v) = env("KHIEN_TRAIN_RATE") {
        settings.rate = v as f32;
    }
    if let Some(v) = env("KHIEN_TRAIN_L2") {
        settings.l2 = v as f32;
    }
    let training: Vec<&Prepared<'_>> = prepared.iter().filter(|p| p.record.is_training()).collect();
    let margins = out_of_fold(prepared, settings);
    let labelled: Vec<(f32, bool)> =
        margins.iter().zip(&training).map(|(&m, p)| (m, p.record.is_scam())).collect();
    let platt = fit_platt(&labelled);
    let probabilities: Vec<f32> = margins
        .iter()
        .map(|&m| khien_judge::model::linear::sigmoid(platt.0 * m + platt.1))
        .collect();
    let thresholds = choose_thresholds(&training, &probabilities);
    let (weights, bias) = fit_logistic(&scam_examples(&training), MESSAGE_BITS, settings);
    // Type model: scams only, classes in code order.
    let mut types: Vec<String> =
        training.iter().filter(|p| p.record.is_scam()).map(|p| p.record.kind.clone()).collect();
    types.sort();
    types.dedup();
    let type_examples: Vec<(&Features, usize)> = training
        .iter()
        .filter(|p| p.record.is_scam())
        .map(|p| (&p.features, types.binary_search(&p.record.kind).unwrap_or(0)))
        .collect();
    let (type_weights, type_bias) = fit_softmax(&type_examples, types.len(), TYPE_BITS, settings);
    let count = counts(training.iter().map(|p| p.record));
    let scams: usize = count.iter().filter(|((l, _), _)| l == "scam").map(|(_, n)| n).sum();
    let genuine: usize = count.iter().filter(|((l, _), _)| l == "genuine").map(|(_, n)| n).sum();
    let held_out = prepared.len() - training.len();
    let mut header = String::new();
    let mut line = |s: String| {
        header.push_str(&s);
        header.push('\n');
    };
    line("# Khiên message model: a calibrated logistic regression (scam or genuine) and a".into());
    line("# softmax regression over scam types, over hashed character 3-5-grams and word".into());
    line("# 1-2-grams of the de-obfuscated text, the rule signals and the sender's class.".into());
    line(
        "# Trained by `cargo run --release -p khien-train -- message` (deterministic) on the"
            .into(),
    );
    line(
        "# project's own corpus train/judge/messages/ (invented messages written for Khiên by"
            .into(),
    );
    line(format!(
        "# writers {}; the other writers are held out). No third-party",
        TRAIN_WRITERS.join(", ")
    ));
    line("# data. Licence: part of Khiên.".into());
    line(format!("date = {date}"));
    line(format!("corpus = {}", fingerprint(&corpus.files)));
    line(format!("features = {}", features_fingerprint(prepared)));
    line(format!("training_messages = {} ({scams} scam, {genuine} genuine)", training.len()));
    line(format!("held_out_messages = {held_out}"));
    line(format!(
        "settings = epochs {}, rate {}, l2 {}, seed {:#x}, bits {MESSAGE_BITS}/{TYPE_BITS}",
        settings.epochs, settings.rate, settings.l2, settings.seed
    ));
    line(format!("platt = {:.4} {:.4}", platt.0, platt.1));
    line(format!(
        "thresholds = alarm {:.3}, veto {:.3}, danger {:.3}",
        thresholds.alarm_at, thresholds.veto_at, thresholds.danger_at
    ));
    line(format!(
        "out_of_fold = recall {:.3}, false alarms {:.4} (without the message model: recall {:.3}, false alarms {:.4})",
        thresholds.recall, thresholds.false_alarms, thresholds.rules.0, thresholds.rules.1
    ));
    let file = ModelFile {
        header,
        scam: ScamModel {
            bits: MESSAGE_BITS,
            bias,
            weights,
            platt,
            alarm_at: thresholds.alarm_at,
            veto_at: thresholds.veto_at,
            danger_at: thresholds.danger_at,
        },
        types: TypeModel { bits: TYPE_BITS, types, bias: type_bias, weights: type_weights },
    };
    Trained { file, thresholds }
}

/// Per-type counts of a prepared set, for the report.
pub fn by_kind<'a>(prepared: &'a [Prepared<'a>]) -> BTreeMap<&'a str, usize> {
    let mut out = BTreeMap::new();
    for p in prepared {
        *out.entry(p.record.kind.as_str()).or_insert(0) += 1;
    }
    out
}
