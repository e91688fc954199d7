//! Prints every finding of each line of standard input with its score and reasons, for looking
//! into what the engine makes of a sentence:
//! `echo 'ông Võ Tấn Phát, sinh năm 1951' | cargo run -p khien-detect --example explain`.

use std::io::BufRead;

use khien_detect::{Config, Engine};

fn main() -> std::io::Result<()> {
    let engine = Engine::new(Config::default());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        println!("{line}");
        for f in engine.detect(&line) {
            let reasons: Vec<String> = f.reasons.iter().map(|r| format!("{r:?}")).collect();
            println!(
                "  {:<16} {:>5.2} {:?}  {}",
                f.kind.code(),
                f.score,
                &line[f.start..f.end],
                reasons.join("; ")
            );
        }
    }
    Ok(())
}
