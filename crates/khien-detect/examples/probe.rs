//! Prints the findings of a text read from standard input, one per line (kind, score, value),
//! for looking at what the engine does with a sentence:
//! `echo "ông Lê Văn Tám" | cargo run --release -p khien-detect --example probe -- [FLOOR]`.
//! A FLOOR below 0.3 shows what a recall-first redaction would replace.

use std::io::Read;

use khien_detect::{Config, Engine, FieldContext, REPORT_FLOOR};

fn main() -> std::io::Result<()> {
    let floor = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(REPORT_FLOOR);
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let engine = Engine::new(Config::default().with_current_year(2026));
    for f in engine.detect_field_with_floor(&text, &FieldContext::default(), floor) {
        println!("{:<16} {:.2}  {}", f.kind.code(), f.score, &text[f.start..f.end]);
    }
    Ok(())
}
