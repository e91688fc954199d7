//! The Rust side of `bench/python.sh`: the time per call of the engine alone, and of the
//! engine plus the scan records the Python package builds, on the same short strings, so
//! that the Python overhead per call can be told apart from the engine's own work.
//!
//! Usage: `engine_per_call FILE ROUNDS` (one text per line); prints two lines
//! `engine_ns_per_call N` and `records_ns_per_call N`.

use std::sync::Arc;
use std::time::Instant;

use khien_detect::{Config, Engine};
use khien_scan::ReportedFinding;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: engine_per_call FILE ROUNDS");
    let rounds: usize = args.next().map_or(20, |r| r.parse().expect("ROUNDS is a number"));
    let text = std::fs::read_to_string(&file).expect("reading the texts");
    let texts: Vec<&str> = text.lines().collect();
    let engine = Engine::new(Config::default());
    let path: Arc<str> = Arc::from("<text>");
    // Warm-up: lazily built tables, caches.
    for t in &texts {
        std::hint::black_box(engine.detect(t));
    }
    let calls = (texts.len() * rounds) as f64;
    let start = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            std::hint::black_box(engine.detect(t));
        }
    }
    println!("engine_ns_per_call {:.0}", start.elapsed().as_nanos() as f64 / calls);
    let start = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            let records: Vec<ReportedFinding> = engine
                .detect(t)
                .into_iter()
                .map(|f| {
                    let (s, e) = (f.start, f.end);
                    ReportedFinding::new(&path, f, &t[s..e], s as u64, e as u64, 1, 1, false)
                })
                .collect();
            std::hint::black_box(serde_json::to_string(&records).ok());
        }
    }
    println!("records_ns_per_call {:.0}", start.elapsed().as_nanos() as f64 / calls);
}
