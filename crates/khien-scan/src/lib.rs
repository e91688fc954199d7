//! Khiên scanning: walks files and folders in parallel, reads each file as a stream, runs the
//! personal-data engine over it and hands per-file results to a report writer.
//!
//! This crate owns file-system I/O for scans: the walk (with ignore files, exclusions and a
//! thread count), reading (UTF-8, UTF-16 with a BOM, binary detection, bounded memory for huge
//! plain-text files; documents, spreadsheets, PDF, e-mail and archives through `khien-extract`
//! with a location per finding) and the report formats (human, JSONL, JSON, CSV, SARIF). It
//! does **not** detect anything itself (that is `khien-detect`) and does not parse document
//! formats itself (that is `khien-extract`).
//!
//! ```no_run
//! use khien_detect::{Config, Engine};
//! use khien_scan::{ScanOptions, scan};
//! let engine = Engine::new(Config::default());
//! let opts = ScanOptions::new(vec!["hoso".into()]).threads(2);
//! let stats = scan(&opts, &engine, &mut |file| {
//!     println!("{}: {}", file.path, file.findings.len());
//!     true
//! });
//! println!("{} files", stats.files_scanned);
//! ```

pub mod controls;
mod document;
mod html;
mod jsonl;
mod read;
pub mod report;
mod walk;

pub use document::{scan_document, scan_in_memory};
pub use read::{OcrMode, ReadOptions, scan_bytes, scan_reader};
pub use report::{FileReport, FileStatus, ReportedFinding, ScanNote, Summary};
pub use walk::{ScanOptions, Stats, max_threads, scan};
