//! Writes a benchmark corpus:
//! `cargo run --release -p khien-detect --example gen_corpus -- OUT MB [PROFILE] [SEED]`.
//!
//! PROFILE is one of `prose` (letters, reports, news, minutes; personal data on about one line
//! in a hundred), `office` (letterheads, tables of people, contracts, invoices), `hr_csv` (an HR
//! export, 8–12 identifiers a line), `json` (JSON Lines records), `logs` (server and
//! application logs) or `dense` (a mix of `hr_csv`, `office` and `logs`; the default). See
//! `benches/common/corpus.rs`. Give the file the extension `khien scan` routes the profile by:
//! `.txt` for prose, office and dense, `.csv` for hr_csv, `.jsonl` for json, `.log` for logs.

#[path = "../benches/common/corpus.rs"]
mod corpus;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "corpus.txt".to_string());
    let mb: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let profile = match args.next() {
        None => corpus::Profile::Dense,
        Some(name) => corpus::Profile::parse(&name).unwrap_or_else(|| {
            let names: Vec<_> = corpus::Profile::ALL.iter().map(|p| p.name()).collect();
            eprintln!("gen_corpus: unknown profile {name:?}; one of {}", names.join(", "));
            std::process::exit(2)
        }),
    };
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    std::fs::write(&out, corpus::generate_profile(mb << 20, seed, profile))
}
