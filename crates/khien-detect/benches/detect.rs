//! Throughput of the engine on generated Vietnamese corpora (see `common/corpus.rs`): `mixed`
//! is the `dense` profile (HR CSV, office documents and logs), `prose` has personal data on
//! one line in a hundred.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khien_detect::{Config, Engine, Kind};

#[path = "common/corpus.rs"]
mod corpus;

fn bench(c: &mut Criterion) {
    let text = corpus::generate(8 << 20, 42, true);
    let prose = corpus::generate(8 << 20, 42, false);
    let structured = Engine::new(Config::default().with_kinds(Kind::STRUCTURED.to_vec()));
    let full = Engine::new(Config::default());
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("structured/mixed", |b| b.iter(|| structured.detect(&text).len()));
    g.bench_function("all_kinds/mixed", |b| b.iter(|| full.detect(&text).len()));
    g.throughput(Throughput::Bytes(prose.len() as u64));
    g.bench_function("structured/prose", |b| b.iter(|| structured.detect(&prose).len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
