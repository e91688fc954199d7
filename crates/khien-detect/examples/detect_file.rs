//! Runs the engine over a file and prints the number of findings, the throughput and the time
//! `Engine::new` took (the lexicons are parsed then):
//! `cargo run --release -p khien-detect --example detect_file -- FILE [structured]`.

use khien_detect::{Config, Engine, Kind};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "corpus.txt".to_string());
    let structured_only = args.next().is_some_and(|a| a == "structured");
    let text = std::fs::read_to_string(&path)?;
    let kinds = match std::env::var("KHIEN_KINDS") {
        Ok(list) => Some(list.split(',').filter_map(Kind::from_code).collect()),
        Err(_) => structured_only.then(|| Kind::STRUCTURED.to_vec()),
    };
    let built = std::time::Instant::now();
    let engine = Engine::new(Config::default().with_kinds(kinds));
    let build_ms = built.elapsed().as_secs_f64() * 1e3;
    let t = std::time::Instant::now();
    // Chunks of about 1 MiB cut at line ends, as the scanner reads files.
    let mut n = 0;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let cut = if rest.len() <= 1 << 20 {
            rest.len()
        } else {
            rest.as_bytes()[..1 << 20]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(rest.len(), |i| i + 1)
        };
        n += engine.detect(&rest[..cut]).len();
        rest = &rest[cut..];
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{n} findings, {:.1} MB/s (engine built in {build_ms:.1} ms)",
        text.len() as f64 / secs / 1e6
    );
    Ok(())
}
