//! `khien scan`: find personal data in files, folders and standard input.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use khien_detect::{Confidence, Config, Engine, Kind};
use khien_scan::report::{Format, Writer};
use khien_scan::{ScanOptions, scan};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// Readable report, values masked, grouped per file, with a summary.
    Human,
    /// One JSON object per finding per line (the stable contract).
    Jsonl,
    /// One JSON document.
    Json,
    /// CSV with a header row.
    Csv,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MinConfidence {
    Low,
    Medium,
    High,
}

/// Arguments of `khien scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Show found values unmasked (they are masked in every format otherwise).
    #[arg(long)]
    pub show_values: bool,
    /// Report only findings at or above this confidence.
    #[arg(long, value_enum, default_value = "low")]
    pub min_confidence: MinConfidence,
    /// Only these kinds, comma-separated (e.g. national_id,phone).
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Leave out paths matching this glob (repeatable).
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Also scan files excluded by .gitignore, .ignore and .khienignore.
    #[arg(long)]
    pub no_ignore: bool,
    /// Colours: auto, always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// Runs the scan; returns the exit code (0 nothing found, 1 found, 2 errors only).
pub fn run(args: &ScanArgs) -> anyhow::Result<u8> {
    let kinds = if args.kinds.is_empty() {
        None
    } else {
        let mut v = Vec::new();
        for k in &args.kinds {
            match Kind::from_code(k.trim()) {
                Some(kind) => v.push(kind),
                None => bail!(
                    "--kinds: không có loại “{k}” (unknown kind); các loại hợp lệ: {}",
                    Kind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ")
                ),
            }
        }
        Some(v)
    };
    let min_confidence = match args.min_confidence {
        MinConfidence::Low => Confidence::Low,
        MinConfidence::Medium => Confidence::Medium,
        MinConfidence::High => Confidence::High,
    };
    let engine = Engine::new(Config { kinds, min_confidence, current_year: None });
    let format = match args.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Json => Format::Json,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Sarif => Format::Sarif,
    };
    let stdout = std::io::stdout();
    let color = crate::use_color(&args.color, stdout.is_terminal()) && format == Format::Human;
    let mut writer = Writer::new(std::io::BufWriter::new(stdout.lock()), format, color);
    let progress = if !args.no_progress && crate::stderr_is_terminal() {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} tệp · {msg} · {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let opts = ScanOptions {
        paths: args.paths.clone(),
        no_ignore: args.no_ignore,
        exclude: args.exclude.clone(),
        threads: args.threads,
        show_values: args.show_values,
    };
    let mut io_error: Option<std::io::Error> = None;
    let mut found = 0u64;
    let stats = scan(&opts, &engine, &mut |file| {
        progress.inc(1);
        found += file.findings.len() as u64;
        progress.set_message(format!("{found} phát hiện"));
        if let khien_scan::FileStatus::Error(e) = &file.status {
            if format != Format::Human {
                progress.suspend(|| eprintln!("khien: {}: {e}", file.path));
            }
        }
        if io_error.is_none() {
            if let Err(e) = writer.file(file) {
                io_error = Some(e);
            }
        }
    });
    progress.finish_and_clear();
    if let Some(e) = io_error {
        return Err(e).context("ghi báo cáo (writing the report)");
    }
    writer.finish().context("ghi báo cáo (writing the report)")?;
    Ok(if stats.findings > 0 {
        1
    } else if stats.errors > 0 {
        2
    } else {
        0
    })
}
