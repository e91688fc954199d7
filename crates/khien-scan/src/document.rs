//! Files that are not plain text (office documents, spreadsheets, PDF, e-mail, archives, and
//! structured text such as CSV, JSON, HTML and XML whose columns and keys are context): read
//! whole within the size limit, split into located segments by `khien-extract`, and searched
//! segment by segment with each segment's field label as context.

use std::path::Path;
use std::sync::Arc;

use khien_detect::{Engine, FieldContext};
use khien_extract::{
    ExtractError, Format, Limits, Segment, detect_format, extract_streaming_with, join_member,
};

use crate::controls::unmarked;
use crate::read::ReadOptions;
use crate::report::{FileReport, FileStatus, ReportedFinding, ScanNote, Spill, spill_full};

/// How a file should be read.
pub(crate) enum Route {
    /// Streamed as text (UTF-8 or UTF-16), chunk by chunk.
    Stream,
    /// Read whole and extracted.
    Extract,
}

/// Decides from the name and the first bytes. Plain UTF-8 or UTF-16 text is streamed; a text
/// file in another encoding (windows-1258, the TCVN3 and VNI font encodings) goes to the
/// extractor, which detects and converts it.
pub(crate) fn route(name: &str, head: &[u8], complete: bool) -> Route {
    match detect_format(name, head) {
        Format::Text => {
            let bom = head.starts_with(&[0xEF, 0xBB, 0xBF])
                || head.starts_with(&[0xFF, 0xFE])
                || head.starts_with(&[0xFE, 0xFF]);
            let utf8 = match std::str::from_utf8(head) {
                Ok(_) => true,
                // A sequence cut at the end of the sniffed bytes is fine; so is a stray byte in
                // text that is otherwise UTF-8 (the stream reader skips and counts it).
                Err(e) => {
                    (e.error_len().is_none() && !complete) || khien_extract::mostly_utf8(head)
                }
            };
            if bom || utf8 { Route::Stream } else { Route::Extract }
        }
        // Binary data of no known format: the stream reader skips it with a note.
        Format::Unknown => Route::Stream,
        _ => Route::Extract,
    }
}

/// Reads `path` whole (within `limits`) and scans it through the extractor.
pub(crate) fn scan_file(
    path: &Path,
    shown: &str,
    engine: &Engine,
    opts: &ReadOptions,
    limits: &Limits,
    spill: Spill<'_>,
) -> FileReport {
    let mut report = FileReport::new(shown);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > limits.max_file_size {
        report.status = FileStatus::Error(format!(
            "tệp {size} byte, vượt giới hạn {} byte; không quét (file over the size limit; not scanned)",
            limits.max_file_size
        ));
        return report;
    }
    match std::fs::read(path) {
        Ok(bytes) => scan_bytes(shown, &bytes, engine, opts, limits, report, spill),
        Err(e) => {
            report.status = FileStatus::Error(format!("không đọc được tệp (cannot read): {e}"));
            report
        }
    }
}

/// Scans the bytes of a file that is read whole (a document, spreadsheet, PDF, e-mail, archive,
/// or structured text such as CSV, JSON, HTML and XML), as the walk does for such files.
pub fn scan_document(
    shown: &str,
    bytes: &[u8],
    engine: &Engine,
    opts: &ReadOptions,
    limits: &Limits,
) -> FileReport {
    scan_bytes(shown, bytes, engine, opts, limits, FileReport::new(shown), None)
}

/// Scans the bytes of a document.
pub(crate) fn scan_bytes(
    shown: &str,
    bytes: &[u8],
    engine: &Engine,
    opts: &ReadOptions,
    limits: &Limits,
    mut report: FileReport,
    mut spill: Spill<'_>,
) -> FileReport {
    report.bytes = bytes.len() as u64;
    let name = Path::new(shown).file_name().and_then(|n| n.to_str()).unwrap_or(shown);
    let file_path = Arc::clone(&report.path);
    let findings = &mut report.findings;
    let spill = &mut spill;
    let format = detect_format(name, bytes);
    if format == Format::Image {
        return scan_image(bytes, engine, opts, report);
    }
    // Formats whose text is stored in the file's own bytes: findings are reported at their
    // offsets in the file (through the extractor's anchors), not in the extracted text.
    let text_like = format.stores_text();
    let lines = if text_like { LineIndex::new(bytes) } else { LineIndex::default() };
    // Segments are searched as each member is read and then dropped: an archive of many
    // large members never sits in memory whole.
    let mut search = |seg: Segment| {
        let field = FieldContext { label: seg.field.as_deref(), numeric: seg.numeric };
        let found = unmarked(engine.detect_field(&seg.text, &field), seg.text.as_bytes());
        if found.is_empty() {
            return;
        }
        let path: Arc<str> = if seg.member.is_empty() {
            Arc::clone(&file_path)
        } else {
            Arc::from(join_member(shown, &seg.member))
        };
        for f in found {
            let (start, end) = (f.start, f.end);
            let location = seg.locate(start).to_string();
            let in_file =
                if seg.member.is_empty() { file_range(&seg, bytes, start..end) } else { None };
            let mut row = match in_file {
                Some(r) => {
                    let (line, column) = lines.locate(bytes, r.start);
                    // The mask and fingerprint are of the value as read (an escaped JSON string
                    // reads as text); the value shown is the bytes as stored.
                    let mut row = ReportedFinding::new(
                        &path,
                        f,
                        &seg.text[start..end],
                        r.start as u64,
                        r.end as u64,
                        line,
                        column,
                        false,
                    );
                    if opts.show_values {
                        row.value = Some(String::from_utf8_lossy(&bytes[r.clone()]).into_owned());
                    }
                    row
                }
                None => {
                    let value = seg.text.get(start..end).unwrap_or("").to_string();
                    let (line, column) =
                        seg.line_col(start).map_or((0, 0), |(l, c)| (u64::from(l), u64::from(c)));
                    let mut row = ReportedFinding::new(
                        &path,
                        f,
                        &value,
                        start as u64,
                        end as u64,
                        line,
                        column,
                        opts.show_values,
                    );
                    row.offsets = "segment";
                    row
                }
            };
            row.location = Some(location);
            findings.push(row);
        }
        spill_full(findings, spill);
    };
    // Pictures inside the file (a scanned card pasted into a Word file, photos in a zip) are
    // handed back for OCR when it can run.
    // Text formats hold no pictures: Tesseract is not looked for on their account.
    let pictures = !text_like && opts.ocr != crate::read::OcrMode::Never && tesseract().is_ok();
    let options =
        khien_extract::Options::new(limits.clone()).with_anchors(text_like).with_images(pictures);
    let extracted = match extract_streaming_with(name, bytes, &options, &mut search) {
        Ok(x) => x,
        Err(e) => {
            report.status = match &e {
                ExtractError::Encrypted { .. } => {
                    report.notes.push(ScanNote::new(
                        "encrypted",
                        "tệp được mã hoá, nội dung chưa quét (encrypted; its content was not scanned)",
                    ));
                    FileStatus::Skipped(format!(
                        "tệp được mã hoá, không quét được (encrypted): {e}"
                    ))
                }
                ExtractError::Unsupported { .. } => FileStatus::Skipped(format!(
                    "định dạng chưa hỗ trợ (unsupported): {}",
                    without_name(&e.to_string(), name)
                )),
                // The report already names the file: keep the message free of a second prefix.
                _ => FileStatus::Error(without_name(&e.to_string(), name)),
            };
            return report;
        }
    };
    for n in &extracted.notes {
        report.notes.push(ScanNote {
            code: n.kind.code(),
            member: n.member.clone(),
            message: n.message.clone(),
        });
    }
    if format == Format::Pdf && !extracted.pages_without_text.is_empty() {
        report = scan_pdf_pages(bytes, &extracted.pages_without_text, engine, opts, report);
    }
    for image in &extracted.images {
        scan_embedded_image(shown, image, engine, opts, &mut report);
    }
    report
}

/// An image inside the file, read by OCR; its findings are reported under the member's path
/// (`hoso.docx!word/media/image1.png`), a failure as a note on the member.
fn scan_embedded_image(
    shown: &str,
    image: &khien_extract::EmbeddedImage,
    engine: &Engine,
    opts: &ReadOptions,
    report: &mut FileReport,
) {
    let Ok(t) = tesseract() else { return };
    match t.read(&image.bytes, OCR_LIMIT) {
        Ok(lines) => {
            let path: Arc<str> = Arc::from(join_member(shown, &image.member));
            ocr_findings(&lines, None, &path, engine, opts, report);
        }
        Err(e) => report.notes.push(ScanNote {
            code: "truncated",
            member: image.member.clone(),
            message: format!("ảnh không đọc được bằng OCR, chưa quét (image could not be read by OCR; not scanned): {e}"),
        }),
    }
}

/// Most time one image may take in Tesseract before it is stopped with a note.
pub const OCR_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Tesseract, looked for once per process.
fn tesseract() -> Result<&'static khien_ocr::Tesseract, String> {
    static FOUND: std::sync::OnceLock<Result<khien_ocr::Tesseract, String>> =
        std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| khien_ocr::Tesseract::find().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(String::clone)
}

/// Resolution scanned pages are drawn at for OCR: Tesseract reads body text best at about
/// 300 dpi.
pub const OCR_DPI: u32 = 300;

/// Why OCR cannot run: a note saying what to install (counted once in the summary), and an
/// error under `--ocr always`.
fn ocr_unavailable(e: String, opts: &ReadOptions, report: &mut FileReport) {
    use crate::read::OcrMode;
    report.notes.push(ScanNote::new(
        "ocr_unavailable",
        "chưa đọc được ảnh: cần cài tesseract-ocr-vie (not read: install tesseract-ocr-vie)",
    ));
    if opts.ocr == OcrMode::Always {
        report.status = FileStatus::Error(e);
    }
}

/// An image read by OCR: every line searched as a segment; a finding's location is its line
/// and the box of its words in pixels (`offsets: "segment"`: the text is not in the file).
fn scan_image(
    bytes: &[u8],
    engine: &Engine,
    opts: &ReadOptions,
    mut report: FileReport,
) -> FileReport {
    use crate::read::OcrMode;
    if opts.ocr == OcrMode::Never {
        report.status =
            FileStatus::Skipped("ảnh, không đọc vì OCR tắt (image; OCR turned off)".into());
        return report;
    }
    let t = match tesseract() {
        Ok(t) => t,
        Err(e) => {
            report.status = FileStatus::Skipped(e.clone());
            ocr_unavailable(e, opts, &mut report);
            return report;
        }
    };
    match t.read(bytes, OCR_LIMIT) {
        Ok(lines) => {
            ocr_findings(&lines, None, &Arc::clone(&report.path), engine, opts, &mut report)
        }
        Err(khien_ocr::OcrError::Failed(why)) => {
            report.status = FileStatus::Error(format!(
                "ảnh hỏng hoặc không đọc được (damaged or unreadable image): {why}"
            ));
        }
        Err(e) => report.status = FileStatus::Error(e.to_string()),
    }
    report
}

/// Poppler's renderer, looked for once per process.
fn renderer() -> Result<&'static khien_ocr::PdfRenderer, String> {
    static FOUND: std::sync::OnceLock<Result<khien_ocr::PdfRenderer, String>> =
        std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| khien_ocr::PdfRenderer::find().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(String::clone)
}

/// The pages of a PDF that have no text layer, drawn and read by OCR (each within
/// [`OCR_LIMIT`] for drawing and again for reading). The extractor's "needs OCR" note is
/// replaced by one saying how many pages were read so; a page that fails keeps a note of its
/// own, and the file counts as partly scanned.
fn scan_pdf_pages(
    bytes: &[u8],
    pages: &[u32],
    engine: &Engine,
    opts: &ReadOptions,
    mut report: FileReport,
) -> FileReport {
    use crate::read::OcrMode;
    if opts.ocr == OcrMode::Never {
        return report;
    }
    let (t, r) = match (tesseract(), renderer()) {
        (Ok(t), Ok(r)) => (t, r),
        (Err(e), _) | (_, Err(e)) => {
            ocr_unavailable(e, opts, &mut report);
            return report;
        }
    };
    // Pages are read in parallel (the OCR programs hold one core each, and khien-ocr never runs
    // more of them than there are cores), then reported in page order.
    let results = khien_ocr::in_parallel(pages, |&page| {
        r.page_png(bytes, page, OCR_DPI, OCR_LIMIT).and_then(|png| t.read(&png, OCR_LIMIT))
    });
    let mut read = 0;
    for (&page, lines) in pages.iter().zip(results) {
        let lines = lines
            .unwrap_or_else(|| Err(khien_ocr::OcrError::Failed("the page's reader failed".into())));
        match lines {
            Ok(lines) => {
                read += 1;
                ocr_findings(&lines, Some(page), &Arc::clone(&report.path), engine, opts, &mut report);
            }
            Err(e) => report.notes.push(ScanNote::new(
                "truncated",
                format!("trang {page} không đọc được bằng OCR, chưa quét (page {page} could not be read by OCR; not scanned): {e}"),
            )),
        }
    }
    if read == pages.len() {
        report.notes.retain(|n| n.code != "no_text_layer");
    }
    if read > 0 {
        report.notes.push(ScanNote::new(
            "ocr",
            format!("{read} trang không có lớp chữ đã đọc bằng OCR ({read} pages without a text layer read by OCR)"),
        ));
    }
    report
}

/// Findings in lines read by OCR, located by line and box (on `page` of a PDF, or in an image
/// file).
fn ocr_findings(
    lines: &[khien_ocr::Line],
    page: Option<u32>,
    path: &Arc<str>,
    engine: &Engine,
    opts: &ReadOptions,
    report: &mut FileReport,
) {
    let path = Arc::clone(path);
    let first = report.findings.len();
    // One text for the whole picture: a label on one line reaches the value on the next.
    let text = khien_ocr::PageText::new(lines);
    let found =
        unmarked(engine.detect_field(&text.text, &FieldContext::default()), text.text.as_bytes());
    for f in found {
        let (start, end) = (f.start, f.end);
        let value = text.text.get(start..end).unwrap_or("").to_string();
        let boxes = text.boxes(lines, start, end);
        let Some(&(line, _)) = boxes.first() else { continue };
        let b = boxes.iter().fold(khien_ocr::Bbox::default(), |acc, (_, b)| acc.union(*b));
        let mut row = ReportedFinding::new(
            &path,
            f,
            &value,
            start as u64,
            end as u64,
            line as u64 + 1,
            0,
            opts.show_values,
        );
        row.offsets = "segment";
        row.location = Some(image_location(page, line, b));
        report.findings.push(row);
    }
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    if let Some(doc) = khien_detect::document::recognise(&texts) {
        mark_document(&doc, lines, page, first, &path, opts, report);
    }
}

/// Where a finding on a picture is: its page (for a PDF), line (`line` from 0) and box.
fn image_location(page: Option<u32>, line: usize, b: khien_ocr::Bbox) -> String {
    let (left, top, width, height) = (b.left, b.top, b.width, b.height);
    khien_extract::Location::Image { page, line: line as u32 + 1, left, top, width, height }
        .to_string()
}

/// Marks the findings of a picture of an identity document: its identifier's findings carry
/// the document and the fields read, and for a CCCD, Căn cước or CMND card the picture itself is
/// sensitive (Decree 356/2025 Art. 4(1)(i)). When OCR could not read the number, the document
/// is still reported, at its title.
fn mark_document(
    doc: &khien_detect::document::IdDocument,
    lines: &[khien_ocr::Line],
    page: Option<u32>,
    first: usize,
    path: &Arc<str>,
    opts: &ReadOptions,
    report: &mut FileReport,
) {
    use khien_detect::{Reason, ReasonCode};
    let code = doc.kind.code();
    if !report.findings[first..].iter().any(|f| f.kind == code) {
        let line = &lines[doc.title_line];
        let finding = khien_detect::Finding {
            kind: doc.kind,
            start: 0,
            end: line.text.len(),
            score: 0.8,
            reasons: vec![],
            also: vec![],
            normalized: None,
            custom: None,
        };
        let mut row = ReportedFinding::new(
            path,
            finding,
            &line.text,
            0,
            line.text.len() as u64,
            doc.title_line as u64 + 1,
            0,
            opts.show_values,
        );
        let b = line.bbox_of(0, line.text.len());
        row.offsets = "segment";
        row.location = Some(image_location(page, doc.title_line, b));
        report.findings.push(row);
    }
    for f in report.findings[first..].iter_mut().filter(|f| f.kind == code) {
        f.document = Some(doc.code);
        f.document_fields = doc.fields.clone();
        f.reasons.push(Reason::new(ReasonCode::Document, doc.name));
        // The card's own title and labels around it: as strong as a keyword next to it.
        if f.score < 0.9 {
            f.score = 0.9;
            f.confidence = khien_detect::Confidence::from_score(f.score).code();
        }
        if doc.picture_sensitive {
            f.sensitivity = "sensitive";
            if !f.legal.contains(&"D356 Art.4(1)(i)") {
                f.legal.to_mut().insert(0, "D356 Art.4(1)(i)");
            }
        }
    }
}

/// `message` without a leading `name: `.
fn without_name(message: &str, name: &str) -> String {
    message.strip_prefix(name).and_then(|m| m.strip_prefix(": ")).unwrap_or(message).to_string()
}

/// The bytes of the file that store `range` of the segment's text, through the one anchor
/// that holds the whole range.
fn file_range(
    seg: &Segment,
    input: &[u8],
    range: std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    let k = seg.anchors.partition_point(|a| a.seg.end <= range.start);
    let a = seg.anchors.get(k)?;
    a.file_range(&seg.text, input, range)
}

/// Line starts of a file, for the line and column of an offset.
#[derive(Default)]
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of byte `at`.
    fn locate(&self, bytes: &[u8], at: usize) -> (u64, u64) {
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let column = bytes[start..at].iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
        (line as u64, column as u64)
    }
}

/// Scans a file held in memory (an upload) the way the walk scans a file on disk: plain UTF-8
/// or UTF-16 text through the stream reader, anything else through the extractor within
/// `limits`. `shown` is the name reported (its extension helps tell the format).
pub fn scan_in_memory(
    shown: &str,
    bytes: &[u8],
    engine: &Engine,
    opts: &ReadOptions,
    limits: &Limits,
) -> FileReport {
    let head = &bytes[..bytes.len().min(8192)];
    match route(shown, head, bytes.len() <= 8192) {
        Route::Extract => {
            if bytes.len() as u64 > limits.max_file_size {
                let mut report = FileReport::new(shown);
                report.status = FileStatus::Error(format!(
                    "tệp {} byte, vượt giới hạn {} byte; không quét (file over the size limit; not scanned)",
                    bytes.len(),
                    limits.max_file_size
                ));
                return report;
            }
            scan_document(shown, bytes, engine, opts, limits)
        }
        Route::Stream => crate::read::scan_reader(
            shown,
            bytes,
            engine,
            &ReadOptions { max_stream_bytes: 0, ..*opts },
        ),
    }
}
