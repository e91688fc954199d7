//! Per-file results and the report formats: human, JSONL, JSON, CSV and SARIF.
//!
//! The JSONL contract (one object per finding per line) is relied upon by other tools and by
//! the Khiên server: `path`, `kind`, `start`, `end` (byte offsets into the file as stored when
//! `offsets` is `file`, into the extracted text at `location` when it is `segment`),
//! `line`, `column`, `offsets`, `confidence`, `score`, `sensitivity`, `legal`, `masked`, `value` (only when
//! values are shown), `reasons`, and `also` (other categories the value falls under).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use khien_detect::{Finding, Kind, Reason};
use serde::Serialize;

/// One finding as reported, with its position in the file.
#[derive(Debug, Clone, Serialize)]
pub struct ReportedFinding {
    /// The file (or `<stdin>`); shared by all the findings of a file.
    pub path: Arc<str>,
    /// Kind code, e.g. `national_id`, or a custom detector's own code.
    pub kind: Cow<'static, str>,
    /// Byte offset of the value in the file as stored.
    pub start: u64,
    /// Byte offset one past the value.
    pub end: u64,
    /// 1-based line (0 where the format has no lines, e.g. a spreadsheet cell).
    pub line: u64,
    /// 1-based column, in characters (0 where the format has no lines).
    pub column: u64,
    /// What `start` and `end` index: `file` (the bytes of the file as stored: plain text, and
    /// CSV, TSV, JSON, JSONL, HTML and XML whose text is in the file, escapes and quotes
    /// included) or `segment` (the text extracted at `location`, where the text is not in the
    /// file's bytes: office documents, PDF, e-mail, archive members, legacy encodings).
    pub offsets: &'static str,
    /// Where in a document the value is, as a person would open it (`Sheet1!C12`, `page 3`,
    /// `body ¶12`, `record 4 $.cccd`); absent for plain text files, where line and column say
    /// it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `low`, `medium` or `high`.
    pub confidence: &'static str,
    /// 0–1 score.
    pub score: f32,
    /// `basic` or `sensitive`.
    pub sensitivity: &'static str,
    /// Legal references, Decree 356/2025 first, Decree 13/2023 after (shared by the findings
    /// of a kind).
    pub legal: Cow<'static, [&'static str]>,
    /// The value, masked.
    pub masked: String,
    /// The value itself, only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A pseudonymous fingerprint of the value (see [`crate::controls::fingerprint`]), for
    /// baselines and for telling findings apart without their values.
    pub fingerprint: String,
    /// The evidence.
    pub reasons: Vec<Reason>,
    /// Other categories the value falls under.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<&'static str>,
    /// The identity document the value is on, for a picture of one (`cccd_card`, `cmnd_card`,
    /// `passport`, `driving_licence`, `bhyt_card`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<&'static str>,
    /// The document's fields whose labels were read on the picture (`full_name`,
    /// `date_of_birth`, `place_of_origin`…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub document_fields: Vec<&'static str>,
}

impl ReportedFinding {
    /// Builds the report row of `finding` whose value is `value`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        path: &Arc<str>,
        finding: Finding,
        value: &str,
        start: u64,
        end: u64,
        line: u64,
        column: u64,
        show_values: bool,
    ) -> ReportedFinding {
        ReportedFinding {
            path: Arc::clone(path),
            kind: match &finding.custom {
                Some(custom) => Cow::Owned(custom.code.clone()),
                None => Cow::Borrowed(finding.kind.code()),
            },
            start,
            end,
            line,
            column,
            offsets: "file",
            location: None,
            confidence: finding.confidence().code(),
            score: finding.score,
            sensitivity: finding.sensitivity().code(),
            legal: finding.legal_refs(),
            masked: khien_detect::mask(finding.kind, value),
            value: show_values.then(|| value.to_string()),
            fingerprint: crate::controls::fingerprint(value),
            reasons: finding.reasons,
            also: finding.also.iter().map(|k| k.code()).collect(),
            document: None,
            document_fields: Vec::new(),
        }
    }
}

/// A remark about how a file was read (a limit that stopped reading, an encrypted member, a
/// conversion), carried by every report format: nothing is truncated silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanNote {
    /// `truncated`, `encrypted`, `skipped`, `error`, `converted` or `invalid_bytes`.
    pub code: &'static str,
    /// The archive member or attachment it concerns (empty for the file itself).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub member: String,
    /// What happened, in Vietnamese with English in brackets, without any personal data.
    pub message: String,
}

impl ScanNote {
    /// A note about the file itself.
    pub fn new(code: &'static str, message: impl Into<String>) -> ScanNote {
        ScanNote { code, member: String::new(), message: message.into() }
    }

    /// Whether the note means part of the file was not read (so "nothing found" is not a
    /// clean result).
    pub fn incomplete(&self) -> bool {
        matches!(self.code, "truncated" | "encrypted" | "error" | "no_text_layer")
    }

    /// The label people read before the message.
    pub fn label(&self) -> &'static str {
        match self.code {
            "truncated" => "CHỈ QUÉT MỘT PHẦN (partially scanned)",
            "encrypted" => "mã hoá (encrypted)",
            "skipped" => "bỏ qua (skipped)",
            "error" => "lỗi (error)",
            "converted" => "đã chuyển mã (converted)",
            "invalid_bytes" => "byte lỗi (invalid bytes)",
            "no_text_layer" => "cần OCR (needs OCR)",
            "ocr_unavailable" => "chưa đọc (not read)",
            "ocr" => "OCR",
            _ => "ghi chú (note)",
        }
    }
}

impl std::fmt::Display for ScanNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.member.is_empty() {
            write!(f, "{}: {}", self.label(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.label(), self.member, self.message)
        }
    }
}

/// What happened to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Read to the end.
    Scanned,
    /// Not scanned, with the reason (binary file…).
    Skipped(String),
    /// Could not be read, with the error.
    Error(String),
}

/// The result of scanning one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given or walked.
    pub path: Arc<str>,
    /// What happened.
    pub status: FileStatus,
    /// Findings in file order.
    pub findings: Vec<ReportedFinding>,
    /// Remarks that do not stop the scan (limits, encrypted members, invalid bytes skipped…).
    pub notes: Vec<ScanNote>,
    /// Bytes read.
    pub bytes: u64,
    /// More of this file's findings follow in later reports. A scan asked for batches
    /// ([`crate::ScanOptions::batches`]) hands a file with many findings over in parts, so
    /// that it is never held whole; only the last report of a file (`partial == false`) carries
    /// its status, notes and byte count, and counts as a file.
    pub partial: bool,
}

/// Findings a file's report holds before they are handed on as a partial report, when the scan
/// asked for batches.
pub const BATCH_FINDINGS: usize = 4096;

/// Where a file's findings go while it is read: `None` keeps them all in its report; a sink
/// takes them in batches of [`BATCH_FINDINGS`].
pub(crate) type Spill<'a> = Option<&'a mut dyn FnMut(Vec<ReportedFinding>)>;

/// Hands a file's `findings` to `spill` once a batch is full.
pub(crate) fn spill_full(findings: &mut Vec<ReportedFinding>, spill: &mut Spill<'_>) {
    if findings.len() >= BATCH_FINDINGS
        && let Some(sink) = spill.as_mut()
    {
        // The next batch will be as long: reserved at once, not regrown by doubling (each
        // doubling copied the rows into fresh pages, a tenth of a dense scan).
        sink(std::mem::replace(findings, Vec::with_capacity(BATCH_FINDINGS)));
    }
}

impl FileReport {
    /// An empty, successful report.
    pub fn new(path: &str) -> FileReport {
        FileReport {
            path: Arc::from(path),
            status: FileStatus::Scanned,
            findings: Vec::new(),
            notes: Vec::new(),
            bytes: 0,
            partial: false,
        }
    }

    /// A part of the findings of the file at `path` (see [`FileReport::partial`]).
    pub fn part(path: Arc<str>, findings: Vec<ReportedFinding>) -> FileReport {
        FileReport {
            path,
            status: FileStatus::Scanned,
            findings,
            notes: Vec::new(),
            bytes: 0,
            partial: true,
        }
    }

    /// Adds the findings of an earlier part of the same file before this report's own.
    pub fn prepend(&mut self, earlier: FileReport) {
        let mut findings = earlier.findings;
        findings.append(&mut self.findings);
        self.findings = findings;
    }

    /// Whether part of the file could not be read: an error, or a note that says so.
    pub fn incomplete(&self) -> bool {
        matches!(self.status, FileStatus::Error(_)) || self.notes.iter().any(ScanNote::incomplete)
    }
}

/// Totals over a scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files read.
    pub files_scanned: u64,
    /// Files with at least one finding.
    pub files_with_findings: u64,
    /// Files skipped.
    pub files_skipped: u64,
    /// Files that could not be read.
    pub files_failed: u64,
    /// Files read only in part (a limit, an encrypted or unreadable member).
    pub files_incomplete: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Images and scanned PDFs left unread because Tesseract (or poppler) is not installed:
    /// said once at the end, not once per file.
    pub ocr_unavailable: u64,
    /// Findings in all.
    pub findings: u64,
    /// Findings per kind code.
    pub by_kind: BTreeMap<Cow<'static, str>, u64>,
    /// Findings per sensitivity.
    pub by_sensitivity: BTreeMap<&'static str, u64>,
}

impl Summary {
    /// Adds a file's results (a part of a file's findings counts its findings only; see
    /// [`FileReport::partial`]).
    pub fn add(&mut self, f: &FileReport) {
        if f.partial {
            self.add_findings(&f.findings);
            return;
        }
        self.add_file(f, false);
    }

    /// Counts `findings`.
    fn add_findings(&mut self, findings: &[ReportedFinding]) {
        for x in findings {
            self.findings += 1;
            *self.by_kind.entry(x.kind.clone()).or_default() += 1;
            *self.by_sensitivity.entry(x.sensitivity).or_default() += 1;
        }
    }

    /// Counts the last report of a file; `earlier_findings`: parts of it with findings were
    /// counted already.
    fn add_file(&mut self, f: &FileReport, earlier_findings: bool) {
        match f.status {
            FileStatus::Scanned => self.files_scanned += 1,
            FileStatus::Skipped(_) => self.files_skipped += 1,
            FileStatus::Error(_) => self.files_failed += 1,
        }
        self.bytes += f.bytes;
        if f.incomplete() && !matches!(f.status, FileStatus::Error(_)) {
            self.files_incomplete += 1;
        }
        if earlier_findings || !f.findings.is_empty() {
            self.files_with_findings += 1;
        }
        if f.notes.iter().any(|n| n.code == "ocr_unavailable") {
            self.ocr_unavailable += 1;
        }
        self.add_findings(&f.findings);
    }
}

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable, grouped per file, with a summary.
    Human,
    /// One JSON object per finding per line.
    Jsonl,
    /// One JSON document with findings, files and summary.
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
    /// One self-contained HTML page: summary, charts, findings, notes.
    Html,
}

/// Writes reports as files come in.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    color: bool,
    summary: Summary,
    /// Buffered for whole-document formats.
    files: Vec<FileReport>,
    csv_header_done: bool,
    /// JSONL finding lines.
    lines: crate::jsonl::LineWriter,
    /// Files whose findings came in parts, streamed already (JSONL, CSV).
    parted: std::collections::HashSet<Arc<str>>,
    /// Parts of files not finished yet, for the formats that show a file whole.
    parts: std::collections::HashMap<Arc<str>, FileReport>,
}

fn vi_confidence(c: &str) -> &'static str {
    match c {
        "high" => "cao",
        "medium" => "vừa",
        _ => "thấp",
    }
}

fn vi_sensitivity(s: &str) -> &'static str {
    if s == "sensitive" { "nhạy cảm" } else { "cơ bản" }
}

fn kind_vi(code: &str) -> String {
    Kind::from_code(code).map(|k| k.legal().vi.clone()).unwrap_or_else(|| code.to_string())
}

impl<W: Write> Writer<W> {
    /// A writer in `format`; `color` adds ANSI colours to the human format.
    pub fn new(out: W, format: Format, color: bool) -> Writer<W> {
        Writer {
            out,
            format,
            color,
            summary: Summary::default(),
            files: Vec::new(),
            csv_header_done: false,
            lines: crate::jsonl::LineWriter::default(),
            parted: Default::default(),
            parts: Default::default(),
        }
    }

    fn paint(&self, style: anstyle::Style, s: &str) -> String {
        if self.color {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }

    /// Reports one file, or a part of its findings ([`FileReport::partial`]): JSONL and CSV
    /// write a part at once; the other formats, which show a file as a whole, keep its parts
    /// until its last report.
    pub fn file(&mut self, mut f: FileReport) -> io::Result<()> {
        let streamed = matches!(self.format, Format::Jsonl | Format::Csv);
        if f.partial {
            if streamed {
                self.summary.add_findings(&f.findings);
                if !f.findings.is_empty() {
                    self.parted.insert(Arc::clone(&f.path));
                }
                return if self.format == Format::Jsonl {
                    f.findings.iter().try_for_each(|x| self.lines.write(&mut self.out, x))
                } else {
                    self.csv_file(&f)
                };
            }
            match self.parts.get_mut(&f.path) {
                Some(earlier) => earlier.findings.append(&mut f.findings),
                None => {
                    self.parts.insert(Arc::clone(&f.path), f);
                }
            }
            return Ok(());
        }
        if let Some(earlier) = self.parts.remove(&f.path) {
            f.prepend(earlier);
        }
        let earlier_findings = self.parted.remove(&f.path);
        self.summary.add_file(&f, earlier_findings);
        match self.format {
            Format::Human => self.human_file(&f),
            Format::Jsonl => {
                for x in &f.findings {
                    self.lines.write(&mut self.out, x)?;
                }
                // Records that are not findings carry a `type`; findings have none, so the
                // contract of finding lines is unchanged.
                let status = match &f.status {
                    FileStatus::Scanned => None,
                    FileStatus::Skipped(why) => Some(("skipped", why)),
                    FileStatus::Error(e) => Some(("error", e)),
                };
                if let Some((kind, message)) = status {
                    let rec =
                        serde_json::json!({ "type": kind, "path": f.path, "message": message });
                    serde_json::to_writer(&mut self.out, &rec)?;
                    self.out.write_all(b"\n")?;
                }
                for n in &f.notes {
                    let rec = serde_json::json!({
                        "type": "note", "path": f.path, "code": n.code, "member": n.member,
                        "message": n.message, "incomplete": n.incomplete(),
                    });
                    serde_json::to_writer(&mut self.out, &rec)?;
                    self.out.write_all(b"\n")?;
                }
                Ok(())
            }
            Format::Csv => self.csv_file(&f),
            Format::Json | Format::Sarif | Format::Html => {
                self.files.push(f);
                Ok(())
            }
        }
    }

    fn human_file(&mut self, f: &FileReport) -> io::Result<()> {
        use anstyle::{AnsiColor, Style};
        let bold = Style::new().bold();
        let dim = Style::new().dimmed();
        let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
        let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into()));
        let unread = f.notes.iter().any(|n| n.code == "ocr_unavailable");
        match &f.status {
            // Said once in the summary, with what to install, rather than once per image.
            FileStatus::Skipped(_) if unread => return Ok(()),
            FileStatus::Skipped(why) => {
                let line = self.paint(dim, &format!("{}: bỏ qua — {why}", f.path));
                return writeln!(self.out, "{line}");
            }
            FileStatus::Error(e) => {
                let line = self.paint(red, &format!("{}: LỖI — {e}", f.path));
                return writeln!(self.out, "{line}");
            }
            FileStatus::Scanned => {}
        }
        if f.findings.is_empty() && f.notes.is_empty() {
            return Ok(());
        }
        let head = self.paint(bold, &f.path);
        writeln!(self.out, "{head}")?;
        for x in &f.findings {
            let sens = if x.sensitivity == "sensitive" {
                self.paint(red, vi_sensitivity(x.sensitivity))
            } else {
                self.paint(yellow, vi_sensitivity(x.sensitivity))
            };
            let shown = x.value.as_deref().unwrap_or(&x.masked);
            let mut place = match &x.location {
                Some(l) if x.path != f.path => {
                    format!("{} › {l}", &x.path[f.path.len()..].trim_start_matches('!'))
                }
                Some(l) => l.clone(),
                None => format!("{:>5}:{:<4}", x.line, x.column),
            };
            // A long place (an archive member, a sheet name) gets a line of its own.
            if place.chars().count() > 10 {
                let line = self.paint(bold, &format!("  {place}"));
                writeln!(self.out, "{line}")?;
                place = String::new();
            }
            writeln!(
                self.out,
                "  {:<10} {:<28} {:<24} {} ({:.2}) · {} · {}",
                place,
                kind_vi(&x.kind),
                shown,
                vi_confidence(x.confidence),
                x.score,
                sens,
                x.legal.join(", "),
            )?;
            if let Some(doc) = x.document {
                let line = self.paint(
                    dim,
                    &format!(
                        "             giấy tờ (document): {doc} · {}",
                        x.document_fields.join(", ")
                    ),
                );
                writeln!(self.out, "{line}")?;
            }
            let reasons: Vec<String> = x.reasons.iter().map(Reason::vi).collect();
            let why = self.paint(dim, &format!("             lý do: {}", reasons.join("; ")));
            writeln!(self.out, "{why}")?;
        }
        for n in f.notes.iter().filter(|n| n.code != "ocr_unavailable") {
            let line = self.paint(dim, &format!("  ghi chú: {n}"));
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    fn csv_file(&mut self, f: &FileReport) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        if !self.csv_header_done {
            w.write_record([
                "path",
                "kind",
                "line",
                "column",
                "start",
                "end",
                "confidence",
                "score",
                "sensitivity",
                "legal",
                "masked",
                "value",
                "location",
            ])
            .map_err(io::Error::other)?;
            self.csv_header_done = true;
        }
        for x in &f.findings {
            w.write_record([
                &*x.path,
                &x.kind,
                &x.line.to_string(),
                &x.column.to_string(),
                &x.start.to_string(),
                &x.end.to_string(),
                x.confidence,
                &format!("{:.2}", x.score),
                x.sensitivity,
                &x.legal.join("; "),
                &x.masked,
                x.value.as_deref().unwrap_or(""),
                x.location.as_deref().unwrap_or(""),
            ])
            .map_err(io::Error::other)?;
        }
        let bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        self.out.write_all(&bytes)
    }

    /// Ends the report (summary, closing brackets) and returns the totals.
    pub fn finish(mut self) -> io::Result<Summary> {
        match self.format {
            Format::Human => self.human_summary()?,
            Format::Json => {
                let findings: Vec<&ReportedFinding> =
                    self.files.iter().flat_map(|f| f.findings.iter()).collect();
                let files: Vec<serde_json::Value> = self
                    .files
                    .iter()
                    .map(|f| {
                        let (status, detail) = match &f.status {
                            FileStatus::Scanned => ("scanned", None),
                            FileStatus::Skipped(s) => ("skipped", Some(s.clone())),
                            FileStatus::Error(e) => ("error", Some(e.clone())),
                        };
                        serde_json::json!({
                            "path": f.path, "status": status, "detail": detail,
                            "bytes": f.bytes, "findings": f.findings.len(), "notes": f.notes,
                        })
                    })
                    .collect();
                let doc = serde_json::json!({ "findings": findings, "files": files, "summary": self.summary });
                serde_json::to_writer_pretty(&mut self.out, &doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Sarif => {
                let doc = sarif(&self.files);
                serde_json::to_writer_pretty(&mut self.out, &doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Html => {
                let page = crate::html::render(&self.files, &self.summary, &kind_vi);
                self.out.write_all(page.as_bytes())?;
            }
            Format::Jsonl | Format::Csv => {}
        }
        self.out.flush()?;
        Ok(self.summary)
    }

    fn human_summary(&mut self) -> io::Result<()> {
        let s = self.summary.clone();
        let bold = anstyle::Style::new().bold();
        writeln!(self.out)?;
        let title = self.paint(bold, "Tổng kết (summary)");
        writeln!(self.out, "{title}")?;
        writeln!(
            self.out,
            "  {} tệp đã quét, {} tệp có dữ liệu cá nhân, {} bỏ qua, {} lỗi; {} byte",
            s.files_scanned, s.files_with_findings, s.files_skipped, s.files_failed, s.bytes
        )?;
        if s.files_incomplete > 0 {
            let warn = self.paint(
                anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Yellow.into())).bold(),
                &format!(
                    "  {} tệp chỉ quét được một phần — kết quả chưa đầy đủ (files only partly scanned — the result is incomplete)",
                    s.files_incomplete
                ),
            );
            writeln!(self.out, "{warn}")?;
        }
        if s.ocr_unavailable > 0 {
            let warn = self.paint(
                anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Yellow.into())).bold(),
                &format!(
                    "  {n} ảnh hoặc bản scan chưa đọc: cần cài tesseract-ocr-vie và poppler-utils ({n} images or scanned PDFs not read: install tesseract-ocr-vie and poppler-utils)",
                    n = s.ocr_unavailable
                ),
            );
            writeln!(self.out, "{warn}")?;
        }
        writeln!(
            self.out,
            "  {} phát hiện: {} nhạy cảm, {} cơ bản",
            s.findings,
            s.by_sensitivity.get("sensitive").copied().unwrap_or(0),
            s.by_sensitivity.get("basic").copied().unwrap_or(0)
        )?;
        for (k, n) in &s.by_kind {
            writeln!(self.out, "    {:<40} {n}", format!("{} ({k})", kind_vi(k)))?;
        }
        if s.findings > 0 {
            writeln!(
                self.out,
                "  Giá trị đã được che; dùng --show-values để xem (values masked)."
            )?;
        }
        Ok(())
    }
}

/// The SARIF 2.1.0 document. Built as JSON values rather than with `serde-sarif`: that crate
/// calls itself very unstable, generates its types from the schema at build time and wraps
/// every one of its ~30 optional fields per object in a builder; the dozen fields a code-scanning
/// dashboard reads are written here once, and `tests/scan.rs` checks the document's shape.
fn sarif(files: &[FileReport]) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = Kind::ALL
        .iter()
        .map(|k| {
            let l = k.legal();
            serde_json::json!({
                "id": k.code(),
                "name": k.code(),
                "shortDescription": { "text": l.en },
                "fullDescription": { "text": format!("{} — {}", l.vi, l.references().collect::<Vec<_>>().join(", ")) },
                "properties": { "sensitivity": k.sensitivity().code() },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = files
        .iter()
        .flat_map(|f| f.findings.iter())
        .map(|x| {
            serde_json::json!({
                "ruleId": x.kind,
                "level": if x.sensitivity == "sensitive" { "error" } else { "warning" },
                "message": { "text": format!("{} ({}): {}", kind_vi(&x.kind), x.legal.join(", "), x.value.as_deref().unwrap_or(&x.masked)) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": x.path },
                        "region": {
                            "startLine": x.line, "startColumn": x.column,
                            "byteOffset": x.start, "byteLength": x.end - x.start,
                        }
                    }
                }],
                "properties": { "confidence": x.confidence, "score": x.score, "sensitivity": x.sensitivity, "location": x.location },
            })
        })
        .collect();
    let notifications: Vec<serde_json::Value> = files
        .iter()
        .flat_map(|f| {
            let status = match &f.status {
                FileStatus::Error(e) => Some(serde_json::json!({ "level": "error", "message": { "text": format!("{}: {e}", f.path) } })),
                _ => None,
            };
            let notes = f.notes.iter().map(|n| {
                let level = if n.incomplete() { "warning" } else { "note" };
                serde_json::json!({ "level": level, "message": { "text": format!("{}: {n}", f.path) } })
            });
            status.into_iter().chain(notes).collect::<Vec<_>>()
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "khien", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "results": results,
            "invocations": [{ "executionSuccessful": true, "toolExecutionNotifications": notifications }],
        }]
    })
}
