//! Writes a benchmark corpus:
//! `cargo run --release -p khien-detect --example gen_corpus -- OUT MB [dense|prose] [SEED]`.

#[path = "../benches/common/corpus.rs"]
mod corpus;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "corpus.txt".to_string());
    let mb: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let dense = args.next().is_none_or(|p| p != "prose");
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    std::fs::write(&out, corpus::generate(mb << 20, seed, dense))
}
