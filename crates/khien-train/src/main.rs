//! `khien-train`: trains the judge's message model and writes the evaluation report.
//!
//! ```text
//! cargo run --release -p khien-train -- message   # train, write the model and the report
//! cargo run --release -p khien-train -- eval      # evaluate the embedded model only
//! ```

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use khien_judge::Judge;
use khien_train::{corpus, evaluate, message, url};

#[derive(Parser)]
#[command(about = "Train and evaluate Khiên's message model")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Corpus folder (default: the repository's train/judge/messages).
    #[arg(long, global = true)]
    corpus: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Train the message model and write it with its evaluation report.
    Message {
        /// Date written into the model's provenance (YYYY-MM-DD).
        #[arg(long)]
        date: String,
        /// Where to write the model.
        #[arg(long, default_value = "crates/khien-judge/data/models/message.model")]
        out: PathBuf,
        /// Where to write the evaluation report.
        #[arg(long, default_value = "bench/judge/message-eval.md")]
        report: PathBuf,
    },
    /// Evaluate the embedded model on the held-out writers and print the report.
    Eval,
    /// Train the URL model from the public lists and write it with its report.
    Url {
        /// Date written into the model's provenance (YYYY-MM-DD).
        #[arg(long)]
        date: String,
        /// The folder of the public lists.
        #[arg(long, default_value = "../shared/data/url-training")]
        data: PathBuf,
        /// Legitimate hosts the project keeps.
        #[arg(long, default_value = "train/judge/urls/legit-hosts.txt")]
        legit: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/khien-judge/data/models/url.model")]
        out: PathBuf,
        /// Where to write the evaluation report.
        #[arg(long, default_value = "bench/judge/url-eval.md")]
        report: PathBuf,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let dir = cli.corpus.unwrap_or_else(corpus::default_dir);
    let judge = Judge::new();
    if let Command::Url { date, data, legit, out, report } = &cli.command {
        let mut hosts = url::load(data, legit, &judge)?;
        let types: HashSet<String> = judge.scam_type_codes().map(String::from).collect();
        let messages = corpus::load(&dir, &types)?;
        let rules = Judge::new().rules_only();
        let extra = url::corpus_hosts(&messages.records, &rules, &hosts);
        hosts.extend(extra);
        let (file, text) = url::train(&hosts, date);
        let bytes = file.to_bytes();
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        if let Some(parent) = report.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(report, &text).with_context(|| format!("writing {}", report.display()))?;
        println!("{text}");
        println!("wrote {} ({} bytes)", out.display(), bytes.len());
        return Ok(());
    }
    let types: HashSet<String> = judge.scam_type_codes().map(String::from).collect();
    let corpus = corpus::load(&dir, &types)?;
    for (file, line) in &corpus.duplicates {
        eprintln!("note: {file} line {line}: same text as an earlier line, skipped");
    }
    match cli.command {
        Command::Message { date, out, report } => {
            let base = Judge::new().without_message_model();
            let prepared = message::prepare(&base, &corpus.records)?;
            let rules = Judge::new().rules_only();
            let trained = message::train(&corpus, &prepared, &date);
            let bytes = trained.file.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            let combined = Judge::new().with_message_model(&bytes)?;
            let text = report_text(&corpus, &rules, &combined, &trained.file.header);
            if let Some(parent) = report.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&report, &text)
                .with_context(|| format!("writing {}", report.display()))?;
            println!("{}", trained.file.header);
            println!("wrote {} ({} bytes) and {}", out.display(), bytes.len(), report.display());
        }
        Command::Url { .. } => unreachable!("handled above"),
        Command::Eval => {
            let rules = Judge::new().rules_only();
            let header = judge.model_provenance().unwrap_or("(no model embedded)").to_string();
            print!("{}", report_text(&corpus, &rules, &judge, &header));
        }
    }
    Ok(())
}

fn report_text(corpus: &corpus::Corpus, rules: &Judge, combined: &Judge, header: &str) -> String {
    let mut out = String::from(
        "# Message model: evaluation\n\nWritten by `cargo run --release -p khien-train -- message`. \
         Held-out writers never trained the model nor guided a rule change; the training \
         writers' figures are in-sample for the model (and the rules were tuned on older \
         corpora), so only the held-out section is an estimate.\n\n```text\n",
    );
    out.push_str(header);
    out.push_str("\n```\n\n");
    let held: Vec<&corpus::Record> = corpus.records.iter().filter(|r| !r.is_training()).collect();
    let train: Vec<&corpus::Record> = corpus.records.iter().filter(|r| r.is_training()).collect();
    out.push_str(&evaluate::section(
        "Held-out writers",
        &evaluate::tally(rules, held.iter().copied()),
        &evaluate::tally(combined, held.iter().copied()),
    ));
    let mut writers: Vec<&str> = held.iter().map(|r| r.writer.as_str()).collect();
    writers.sort();
    writers.dedup();
    for writer in writers {
        let set: Vec<&corpus::Record> =
            held.iter().copied().filter(|r| r.writer == writer).collect();
        let r = evaluate::tally(rules, set.iter().copied());
        let c = evaluate::tally(combined, set.iter().copied());
        out.push_str(&format!(
            "Writer {writer}: recall {:.3} → {:.3}, false alarms {:.4} → {:.4} ({} scam, {} genuine).\n\n",
            r.recall(),
            c.recall(),
            r.false_alarms(),
            c.false_alarms(),
            c.scams(),
            c.genuine_total()
        ));
    }
    out.push_str(&evaluate::section(
        "Training writers (in-sample)",
        &evaluate::tally(rules, train.iter().copied()),
        &evaluate::tally(combined, train.iter().copied()),
    ));
    out
}
