//! `khien scan`: find personal data in files, folders and standard input.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use khien_detect::{Confidence, Config, CustomDetector, Engine, Kind};
use khien_scan::controls::{ConfigFile, Controls};
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
    /// One self-contained HTML page (summary, charts, findings, notes), values masked.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MinConfidence {
    Low,
    Medium,
    High,
}

/// `--ocr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrArg {
    /// When Tesseract is installed.
    Auto,
    /// Always; an error when Tesseract is missing.
    Always,
    /// Never.
    Never,
}

/// Arguments of `khien scan`.
#[derive(Debug, Args)]
#[command(after_help = SCAN_AFTER_HELP)]
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
    /// Read images (PNG, JPEG, TIFF, BMP, GIF, WebP) with OCR: auto (when Tesseract with the
    /// Vietnamese model is installed, else each image is skipped with a note), always (a
    /// missing Tesseract is an error), never.
    #[arg(long, value_enum, default_value = "auto")]
    pub ocr: OcrArg,
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
    /// Configuration file (TOML): `[allow]` values, paths and kinds never reported, and
    /// `[[detectors]]` of your own (see README).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A JSONL report of an earlier scan: findings already in it (same path, kind and value
    /// fingerprint) are not reported again, and the exit code counts only new ones.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Also send the masked results (paths, kinds, counts, fingerprints; never values) to a
    /// Khiên server's inventory, e.g. http://may-chu:8080. The local report still prints.
    #[arg(long, value_name = "URL", requires = "token")]
    pub report_to: Option<String>,
    /// API token for --report-to (`khien admin token create`). Also read from KHIEN_TOKEN.
    #[arg(long, env = "KHIEN_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The scan's id on the server (default: a new one). Run again with the same id to finish
    /// sending a scan that was cut off: batches already stored are not counted twice.
    #[arg(long, value_name = "ID")]
    pub scan_id: Option<String>,
    /// This machine's name in the inventory (default: the host name).
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// Files per batch sent to the server.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub batch_files: u32,
    /// Pause between batches in milliseconds, to spare a busy server or a slow link.
    #[arg(long, default_value_t = 0)]
    pub report_interval_ms: u64,
}

/// Exit codes and limits, shown by `khien scan --help`.
const SCAN_AFTER_HELP: &str = "\
Mã thoát (exit codes):
  0  không tìm thấy dữ liệu cá nhân, mọi tệp đã đọc hết (nothing found, every file read fully)
  1  tìm thấy dữ liệu cá nhân (personal data found)
  2  lỗi, không tìm thấy gì (an error, nothing found: a path missing or unreadable)
  3  không tìm thấy gì nhưng có tệp chỉ đọc được một phần (nothing found, but some file was
     only partly read: a limit, an encrypted or unreadable member; not a clean result)
  4  với --report-to: báo cáo tại chỗ đã in nhưng không gửi được về máy chủ; chạy lại với
     cùng --scan-id để gửi tiếp (with --report-to: the local report printed, but the results
     could not be sent; run again with the same --scan-id to resume)

Giới hạn mỗi tệp (limits per file, archives included):
  512 MiB per file read whole (documents, archives); 2 GiB decompressed in all; compression
  ratio 200:1 per member; 8 levels of nesting; 100000 members; 120 s. Plain text files are
  streamed in 1 MiB pieces whatever their size; a pipe or device named as a path stops at
  512 MiB. A limit that stops reading is reported (\"partially scanned\"; a `note` record in
  JSONL), never silent.";

/// Runs the scan; returns the exit code (see `SCAN_AFTER_HELP`).
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
    let (controls, custom) = controls(args)?;
    let engine = Engine::new(
        Config::default()
            .with_kinds(kinds)
            .with_min_confidence(min_confidence)
            .with_custom_detectors(custom),
    );
    let format = match args.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Json => Format::Json,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Html => Format::Html,
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
    let cap = khien_scan::max_threads();
    if args.threads > cap {
        eprintln!(
            "khien: --threads {} quá nhiều, dùng {cap} (too many threads; using {cap}, four per core)",
            args.threads
        );
    }
    let opts = ScanOptions::new(args.paths.clone())
        .no_ignore(args.no_ignore)
        .exclude(args.exclude.clone())
        .threads(args.threads.min(cap))
        .show_values(args.show_values)
        // A file with millions of findings comes in parts: JSONL and CSV write them as they
        // come, so memory stays bounded whatever the file holds.
        .batches(true)
        .ocr(match args.ocr {
            OcrArg::Auto => khien_scan::OcrMode::Auto,
            OcrArg::Always => khien_scan::OcrMode::Always,
            OcrArg::Never => khien_scan::OcrMode::Never,
        });
    let mut io_error: Option<std::io::Error> = None;
    let mut found = 0u64;
    let started_at = khien_store::now();
    let mut entries = crate::report_to::Entries::default();
    let stats = scan(&opts, &engine, &mut |mut file| {
        if !file.partial {
            progress.inc(1);
        }
        controls.apply(&mut file);
        found += file.findings.len() as u64;
        if args.report_to.is_some() {
            entries.add(&file);
        }
        progress.set_message(format!("{found} phát hiện"));
        // JSON and SARIF carry errors and notes in the document, JSONL as records of their
        // own; CSV has no place for them, so they go to standard error.
        if matches!(format, Format::Csv) {
            progress.suspend(|| {
                if let khien_scan::FileStatus::Error(e) = &file.status {
                    eprintln!("khien: {}: {e}", file.path);
                }
                for n in &file.notes {
                    eprintln!("khien: {}: {n}", file.path);
                }
            });
        } else if let khien_scan::FileStatus::Error(e) = &file.status {
            if format != Format::Human {
                progress.suspend(|| eprintln!("khien: {}: {e}", file.path));
            }
        }
        if let Err(e) = writer.file(file) {
            io_error = Some(e);
            return false;
        }
        true
    });
    progress.finish_and_clear();
    let code = exit_code(found, &stats);
    if let Some(e) = io_error {
        // The reader went away (`khien scan dir | head -1`): the exit code still tells what
        // was found until then.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(code);
        }
        return Err(e).context("ghi báo cáo (writing the report)");
    }
    match writer.finish() {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(code),
        Err(e) => return Err(e).context("ghi báo cáo (writing the report)"),
    }
    match &args.report_to {
        Some(url) => report(args, url, started_at, entries.into_vec(), stats.files_scanned, code),
        None => Ok(code),
    }
}

/// Sends the results to the server; the exit code is the scan's, or 4 when sending failed.
fn report(
    args: &ScanArgs,
    url: &str,
    started_at: i64,
    entries: Vec<khien_server::inventory::FileEntry>,
    files_scanned: u64,
    code: u8,
) -> anyhow::Result<u8> {
    let root = args
        .paths
        .iter()
        .map(|p| match std::fs::canonicalize(p) {
            Ok(abs) => abs.display().to_string(),
            Err(_) => p.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let scan_id = match &args.scan_id {
        Some(id) => id.clone(),
        None => crate::report_to::new_scan_id()?,
    };
    let target = crate::report_to::Target {
        url: url.to_string(),
        token: args.token.clone().unwrap_or_default(),
        scan_id: scan_id.clone(),
        host: args.host.clone().unwrap_or_else(crate::report_to::host_name),
        root,
        started_at,
        batch_files: args.batch_files as usize,
        tries: 8,
        interval: Duration::from_millis(args.report_interval_ms),
    };
    match crate::report_to::report(&target, entries, files_scanned) {
        Ok(sent) => {
            eprintln!(
                "khien: đã gửi {} tệp có dữ liệu cá nhân trong {} lô tới {url}, lần quét {scan_id} (sent {} files with personal data in {} batches; scan id {scan_id})",
                sent.files, sent.batches, sent.files, sent.batches
            );
            Ok(code)
        }
        Err(e) => {
            eprintln!(
                "khien: không gửi được kết quả tới {url}: {e:#}. Báo cáo tại chỗ vẫn đầy đủ; chạy lại với --scan-id {scan_id} để gửi tiếp (could not send the results; the local report is complete; run again with --scan-id {scan_id} to resume)"
            );
            Ok(4)
        }
    }
}

/// The allow list and custom detectors of `--config`, and the findings of `--baseline`.
fn controls(args: &ScanArgs) -> anyhow::Result<(Controls, Vec<CustomDetector>)> {
    let mut controls = Controls::default();
    let mut custom = Vec::new();
    if let Some(p) = &args.config {
        let shown = p.display().to_string();
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("đọc cấu hình (reading the configuration) {shown}"))?;
        let config = ConfigFile::parse(&shown, &text)?;
        let custom_kinds: Vec<&str> = config.detectors.iter().map(|d| d.kind.as_str()).collect();
        controls = Controls::from_allow(&shown, &config.allow, &custom_kinds)?;
        for (index, spec) in config.detectors.iter().enumerate() {
            custom.push(CustomDetector::new(index, spec).with_context(|| shown.clone())?);
        }
    }
    if let Some(p) = &args.baseline {
        let shown = p.display().to_string();
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("đọc baseline (reading the baseline) {shown}"))?;
        controls.add_baseline(&shown, &text)?;
    }
    Ok((controls, custom))
}

/// The exit code of a scan: found (after the allow list and baseline) beats error beats
/// incomplete beats clean.
fn exit_code(found: u64, stats: &khien_scan::Stats) -> u8 {
    if found > 0 {
        1
    } else if stats.errors > 0 {
        2
    } else if stats.incomplete > 0 {
        3
    } else {
        0
    }
}
