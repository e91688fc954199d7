//! Criterion benchmarks of the anti-fraud engine on the regression corpus.
#![allow(missing_docs)] // criterion_group! generates an undocumented public function.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khien_judge::{Judge, Message};

fn corpus() -> Vec<(String, Option<String>)> {
    let mut v = Vec::new();
    for src in
        [include_str!("../tests/corpus/scam.jsonl"), include_str!("../tests/corpus/legit.jsonl")]
    {
        for line in src.lines().filter(|l| !l.is_empty()) {
            let j: serde_json::Value = serde_json::from_str(line).expect("corpus line");
            v.push((
                j["text"].as_str().unwrap_or_default().to_string(),
                j.get("sender").and_then(|s| s.as_str()).map(str::to_string),
            ));
        }
    }
    v
}

fn bench(c: &mut Criterion) {
    let judge = Judge::new();
    let msgs = corpus();
    let mut g = c.benchmark_group("judge");
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("corpus_messages", |b| {
        b.iter(|| {
            let mut alarms = 0usize;
            for (t, s) in &msgs {
                let r =
                    judge.check_message(&Message { text: t, sender: s.as_deref(), channel: None });
                alarms += usize::from(r.verdict.is_alarm());
            }
            alarms
        })
    });
    let rules = Judge::new().rules_only();
    g.bench_function("corpus_messages_rules_only", |b| {
        b.iter(|| {
            let mut alarms = 0usize;
            for (t, s) in &msgs {
                let r =
                    rules.check_message(&Message { text: t, sender: s.as_deref(), channel: None });
                alarms += usize::from(r.verdict.is_alarm());
            }
            alarms
        })
    });
    // The message model's own cost: its feature extraction on the same texts.
    let lowered: Vec<String> = msgs.iter().map(|(t, _)| t.to_lowercase()).collect();
    let context = khien_judge::model::features::Context {
        signals: &["claims_bank", "money_transfer"],
        sender: Some("brandname"),
        has_diacritics: true,
        obfuscated: false,
        links: 1,
    };
    g.bench_function("model_features", |b| {
        b.iter(|| {
            lowered
                .iter()
                .map(|t| khien_judge::model::features::extract(t, &context, 18).len())
                .sum::<usize>()
        })
    });
    g.finish();
    c.bench_function("url_lookalike", |b| {
        b.iter(|| judge.check_url("http://vietcombank.com.vn.xacthuc-online.xyz/login"))
    });
    c.bench_function("judge_new", |b| b.iter(Judge::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);
