//! The parallel walk: files from folders (respecting ignore files unless told not to), each
//! scanned on a worker thread, results handed back in arrival order.

use std::fs::File;
use std::path::PathBuf;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};
use khien_detect::Engine;

use std::io::Read;

use khien_extract::Limits;

use crate::document::{self, Route, route};
use crate::read::{ReadOptions, scan_reader};
use crate::report::{FileReport, FileStatus, ReportedFinding, Spill};

/// What to scan and how. Built with [`ScanOptions::new`] and its setters, so that new options
/// can come without breaking callers.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ScanOptions {
    /// Files and folders; `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// Scan files that `.gitignore`, `.ignore` and `.khienignore` exclude.
    pub no_ignore: bool,
    /// Glob patterns of paths to leave out.
    pub exclude: Vec<String>,
    /// Worker threads (0: one per core; at most [`max_threads`]).
    pub threads: usize,
    /// Report values unmasked.
    pub show_values: bool,
    /// When to read images with OCR.
    pub ocr: crate::read::OcrMode,
    /// Hand a file with many findings to the sink in parts (see
    /// [`crate::FileReport::partial`]), so that memory stays bounded whatever the file holds.
    pub batches: bool,
}

impl ScanOptions {
    /// Scan these files and folders (`-`: standard input) with the defaults.
    pub fn new(paths: Vec<PathBuf>) -> ScanOptions {
        ScanOptions { paths, ..ScanOptions::default() }
    }

    /// When to read images with OCR.
    pub fn ocr(mut self, mode: crate::read::OcrMode) -> ScanOptions {
        self.ocr = mode;
        self
    }

    /// Also scan files that ignore files exclude.
    pub fn no_ignore(mut self, yes: bool) -> ScanOptions {
        self.no_ignore = yes;
        self
    }

    /// Leave out paths matching these globs.
    pub fn exclude(mut self, globs: Vec<String>) -> ScanOptions {
        self.exclude = globs;
        self
    }

    /// Worker threads (0: one per core; capped at [`max_threads`]).
    pub fn threads(mut self, n: usize) -> ScanOptions {
        self.threads = n;
        self
    }

    /// Report values unmasked.
    pub fn show_values(mut self, yes: bool) -> ScanOptions {
        self.show_values = yes;
        self
    }

    /// Hand a file with many findings to the sink in parts of
    /// [`crate::report::BATCH_FINDINGS`] (the sink must then expect
    /// [`crate::FileReport::partial`] reports); without it, each file comes whole.
    pub fn batches(mut self, yes: bool) -> ScanOptions {
        self.batches = yes;
        self
    }
}

/// Counts over a scan, for exit codes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Files read.
    pub files_scanned: u64,
    /// Findings in all.
    pub findings: u64,
    /// Files or paths that failed.
    pub errors: u64,
    /// Files read only in part (a limit, an encrypted or unreadable member).
    pub incomplete: u64,
}

/// The most worker threads a scan uses: a few per core keeps the disk busy; thousands only
/// cost memory and scheduling.
pub fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(4, |n| n.get()) * 4
}

/// Errors that stop a scan before it starts.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// An `--exclude` glob does not parse.
    #[error("mẫu loại trừ không hợp lệ (invalid --exclude glob) “{glob}”: {source}")]
    Glob {
        /// The glob.
        glob: String,
        /// Why.
        source: globset::Error,
    },
}

/// Scans every path and calls `sink` once per file, on the calling thread. The sink returns
/// `false` to stop the scan (the reader of the report went away).
pub fn scan(
    opts: &ScanOptions,
    engine: &Engine,
    sink: &mut dyn FnMut(FileReport) -> bool,
) -> Stats {
    match try_scan(opts, engine, sink) {
        Ok(s) => s,
        Err(e) => {
            let mut r = FileReport::new("--exclude");
            r.status = FileStatus::Error(e.to_string());
            sink(r);
            Stats { errors: 1, ..Stats::default() }
        }
    }
}

fn account(stats: &mut Stats, r: &FileReport) {
    stats.findings += r.findings.len() as u64;
    if r.partial {
        return;
    }
    match r.status {
        FileStatus::Scanned => stats.files_scanned += 1,
        FileStatus::Error(_) => stats.errors += 1,
        FileStatus::Skipped(_) => {}
    }
    if r.incomplete() && !matches!(r.status, FileStatus::Error(_)) {
        stats.incomplete += 1;
    }
}

fn try_scan(
    opts: &ScanOptions,
    engine: &Engine,
    sink: &mut dyn FnMut(FileReport) -> bool,
) -> Result<Stats, ScanError> {
    let limits = Limits::default();
    let read_opts = ReadOptions {
        show_values: opts.show_values,
        max_stream_bytes: limits.max_file_size,
        ocr: opts.ocr,
    };
    let mut stats = Stats::default();
    let mut roots: Vec<PathBuf> = Vec::new();
    for p in &opts.paths {
        let special = if p.as_os_str() == "-" {
            // Standard input is what the user chose to pipe in: read to its end, like a file.
            let whole = ReadOptions { max_stream_bytes: 0, ..read_opts };
            Some(scan_reader("<stdin>", std::io::stdin().lock(), engine, &whole))
        } else {
            match std::fs::metadata(p) {
                Err(e) => {
                    let mut r = FileReport::new(&p.display().to_string());
                    r.status = FileStatus::Error(if e.kind() == std::io::ErrorKind::NotFound {
                        "không tồn tại (no such file or folder)".to_string()
                    } else {
                        format!("không đọc được (cannot read): {e}")
                    });
                    Some(r)
                }
                Ok(m) if m.is_file() || m.is_dir() => {
                    roots.push(p.clone());
                    None
                }
                // A pipe (`<(cmd)`, a FIFO) or a character device named on the command line is
                // read as a stream, within the size limit like any file.
                Ok(_) => Some(scan_special(p, engine, &read_opts)),
            }
        };
        if let Some(r) = special {
            account(&mut stats, &r);
            if !sink(r) {
                return Ok(stats);
            }
        }
    }
    if roots.is_empty() {
        return Ok(stats);
    }
    if opts.threads > 0 {
        // OCR programs count as workers: `--threads 1` reads one page at a time.
        khien_ocr::set_parallelism(opts.threads.min(max_threads()));
    }
    let mut builder = WalkBuilder::new(&roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    // A personal-data scanner looks at hidden files too; only ignore files may exclude.
    builder
        .standard_filters(false)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads.min(max_threads()));
    if !opts.no_ignore {
        builder.add_custom_ignore_filename(".khienignore");
    }
    if !opts.exclude.is_empty() {
        let set = exclusion_set(&opts.exclude)?;
        let roots_for_filter = roots.clone();
        builder.filter_entry(move |ent| !excluded(&set, &roots_for_filter, ent.path()));
    }
    let (tx, rx) = crossbeam_channel::bounded::<FileReport>(256);
    std::thread::scope(|s| {
        let walker = builder.build_parallel();
        s.spawn(move || {
            walker.run(|| {
                let tx = tx.clone();
                let limits = &limits;
                let batches = opts.batches;
                Box::new(move |entry| {
                    let report = match entry {
                        Err(e) => {
                            let mut r = FileReport::new(&error_path(&e));
                            r.status = FileStatus::Error(e.to_string());
                            r
                        }
                        Ok(ent) => match ent.file_type() {
                            Some(t) if t.is_file() => {
                                let mut path: Option<std::sync::Arc<str>> = None;
                                let mut send = |findings: Vec<ReportedFinding>| {
                                    let p = path.get_or_insert_with(|| {
                                        std::sync::Arc::from(ent.path().display().to_string())
                                    });
                                    // A reader that went away stops the walk at the file's
                                    // last report.
                                    let _ = tx.send(FileReport::part(p.clone(), findings));
                                };
                                let spill: Spill<'_> = if batches { Some(&mut send) } else { None };
                                scan_path(ent.path(), engine, &read_opts, limits, spill)
                            }
                            // A pipe or device inside a folder would block or never end:
                            // named, not read.
                            Some(t) if !t.is_dir() && !t.is_symlink() => {
                                let mut r = FileReport::new(&ent.path().display().to_string());
                                r.status = FileStatus::Skipped(
                                    "không phải tệp thường: ống dẫn, thiết bị hoặc socket (not a regular file: a pipe, device or socket)".to_string(),
                                );
                                r
                            }
                            _ => return WalkState::Continue,
                        },
                    };
                    if tx.send(report).is_err() {
                        return WalkState::Quit;
                    }
                    WalkState::Continue
                })
            });
        });
        for r in rx.iter() {
            account(&mut stats, &r);
            if !sink(r) {
                // Dropping the receiver makes every worker's next send fail: the walk stops.
                break;
            }
        }
        drop(rx);
    });
    Ok(stats)
}

/// Globs match the path relative to the scanned root (`sub/**`, `*.log`); a glob without a
/// slash also matches any file or folder name, as in ignore files.
fn exclusion_set(globs: &[String]) -> Result<GlobSet, ScanError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| ScanError::Glob { glob: g.clone(), source: e })?;
        b.add(glob);
        if !g.contains('/') {
            let deep = format!("**/{g}");
            b.add(Glob::new(&deep).map_err(|e| ScanError::Glob { glob: g.clone(), source: e })?);
        }
    }
    b.build().map_err(|e| ScanError::Glob { glob: globs.join(" "), source: e })
}

fn excluded(set: &GlobSet, roots: &[PathBuf], path: &std::path::Path) -> bool {
    if set.is_match(path) {
        return true;
    }
    roots.iter().any(|r| {
        path.strip_prefix(r).is_ok_and(|rel| !rel.as_os_str().is_empty() && set.is_match(rel))
    })
}

/// Scans one file: plain text as a stream, anything else through the extractor.
fn scan_path(
    path: &std::path::Path,
    engine: &Engine,
    opts: &ReadOptions,
    limits: &Limits,
    spill: Spill<'_>,
) -> FileReport {
    let shown = path.display().to_string();
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let mut r = FileReport::new(&shown);
            r.status = FileStatus::Error(format!("không mở được (cannot open): {e}"));
            return r;
        }
    };
    let mut head = Vec::with_capacity(8192);
    if let Err(e) = (&mut f).take(8192).read_to_end(&mut head) {
        let mut r = FileReport::new(&shown);
        r.status = FileStatus::Error(format!("không đọc được tệp (cannot read): {e}"));
        return r;
    }
    match route(&shown, &head, head.len() < 8192) {
        Route::Extract => document::scan_file(path, &shown, engine, opts, limits, spill),
        Route::Stream => {
            let rest =
                std::io::Cursor::new(head).chain(std::io::BufReader::with_capacity(1 << 16, f));
            // A regular file has an end: streamed whole, in bounded memory.
            let whole = ReadOptions { max_stream_bytes: 0, ..*opts };
            crate::read::scan_reader_with(&shown, rest, engine, &whole, spill)
        }
    }
}

/// Reads a pipe or character device named on the command line as a stream. `/dev/zero` and
/// `/dev/urandom` are binary and skipped at once; a text stream stops at the size limit with a
/// note.
fn scan_special(path: &std::path::Path, engine: &Engine, opts: &ReadOptions) -> FileReport {
    let shown = path.display().to_string();
    match File::open(path) {
        Ok(f) => {
            let mut r =
                scan_reader(&shown, std::io::BufReader::with_capacity(1 << 16, f), engine, opts);
            // Endless binary data (`/dev/zero`, `/dev/urandom`) is not a file to skip quietly:
            // the user named it, so say clearly that it was not scanned.
            if let FileStatus::Skipped(why) = &r.status {
                r.status = FileStatus::Error(format!(
                    "{why}: ống dẫn hoặc thiết bị không chứa văn bản, không quét (a pipe or device without text; not scanned)"
                ));
            }
            r
        }
        Err(e) => {
            let mut r = FileReport::new(&shown);
            r.status = FileStatus::Error(format!("không mở được (cannot open): {e}"));
            r
        }
    }
}

fn error_path(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { path, .. } => path.display().to_string(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => "?".to_string(),
    }
}
