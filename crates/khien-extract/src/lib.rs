//! Khiên document extraction: turns the bytes of a file into text [`Segment`]s, each with a
//! [`Location`] a person can open (`Sheet1!C12`, page 3, paragraph 12, `record 4 $.cccd`,
//! line 8 column 3) and, for the redactor, [`Anchor`]s that map the text back to the bytes it
//! came from.
//!
//! Formats: plain text (UTF-8, UTF-16, windows-1258 and the legacy Vietnamese font encodings
//! TCVN3 and VNI, see [`legacy`]), csv/tsv (column-aware), json/jsonl (keys as context), html,
//! xml, docx, xlsx/xlsm, xls, ods, odt, pptx, pdf (text layer), eml and mbox (bodies and
//! attachments, recursively) and the archives zip, tar, tar.gz and gz, nested, with member paths
//! such as `2024/danh-sach.xlsx`. Office files are read completely: besides the body, headers,
//! footers, notes, comments and properties, every other XML part (pivot and chart caches,
//! drawings, custom XML, hyperlink targets) is read as generic XML, and embedded documents are
//! extracted as members. HTML script content is a segment of its own (field `script`).
//!
//! # Using it from a scanner
//! Per file: `extract(name, &bytes, &limits)`; for each segment, run the engine with
//! `detect_field(&seg.text, &FieldContext { label: seg.field.as_deref(), numeric: seg.numeric })`;
//! report a finding at `seg.describe(f.start)` (`2024/ds.xlsx › Sheet1!C12`), with
//! `seg.line_col(f.start)` for the line/column of text-like formats and
//! `join_member(path, &seg.member)` as the path (`hoso.zip!2024/ds.xlsx`). Report every
//! [`Note`]: `truncated` means "partially scanned".
//!
//! It is **not** a file reader (it takes bytes; the scanner reads files), a detector (the
//! `khien-detect` engine finds personal data in the segments) or a writer (`khien-redact`
//! writes de-identified copies through the anchors).
//!
//! ```
//! use khien_extract::{extract, Limits, Location};
//! let csv = "Họ tên,Số CCCD\nA,001090000001\n";
//! let out = extract("ds.csv", csv.as_bytes(), &Limits::default()).unwrap();
//! let cell = out.segments.iter().find(|s| s.text == "001090000001").unwrap();
//! assert_eq!(cell.field.as_deref(), Some("Số CCCD"));
//! assert_eq!(cell.location, Location::Cell { sheet: None, cell: "B2".parse().unwrap() });
//! ```
//!
//! # Limits and untrusted input
//! Every input is hostile. [`Limits`] bounds the file size, the total decompressed size, the
//! compression ratio of every member (zip bombs), the nesting depth and the time spent per file.
//! When a limit stops reading, a [`Note`] of kind [`NoteKind::Truncated`] says so: output is
//! never truncated silently. Encrypted files and members are reported as such. Third-party
//! parsers run inside `catch_unwind`, so a parser panic becomes an error for that file only.
//! Malformed input is read as far as it goes (a stray `<` in HTML, a JSON document cut short)
//! and the note says where reading stopped. Custom XML entities are never expanded.
//!
//! # Performance
//! One pass per part, no DOM: the XML tokenizer and the JSON and csv parsers work on byte
//! slices and keep spans instead of building trees. Everything is in memory: a file (and each
//! member) is held whole, within [`Limits`].

pub mod legacy;
pub mod xml;

mod archive;
mod csv;
mod format;
mod html;
mod json;
mod mail;
mod odf;
mod offsets;
mod ooxml;
mod pdf;
mod text;
mod xls;

use std::fmt;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

pub use archive::{TarEntry, tar_entries};
pub use csv::encode_field as encode_csv_field;
pub use format::{Format, detect_format};
pub use legacy::Legacy;
pub use mail::{
    HeaderField, PERSONAL_HEADERS, decode_mail_header, encode_mail_header, header_fields,
    mbox_messages,
};
pub use pdf::{MIN_TEXT_LAYER, page_count as pdf_page_count};
pub use text::{UTF8_REPAIRED, encode_windows_1258, mostly_utf8};

/// Resource limits for one file (including everything nested inside it).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_file_size: u64,
    /// Most bytes decompressed from all members of one file together.
    pub max_decompressed: u64,
    /// Largest compression ratio accepted for a member once it has produced more than 1 MiB.
    pub max_ratio: u64,
    /// Deepest nesting of archives, attachments and embedded documents (the file itself is 0).
    pub max_depth: u32,
    /// Most members read from one file.
    pub max_members: usize,
    /// Time budget for one file; checked between members, pages, parts and chunks.
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: 512 << 20,
            max_decompressed: 2 << 30,
            max_ratio: 200,
            max_depth: 8,
            max_members: 100_000,
            time_budget: Duration::from_secs(120),
        }
    }
}

/// A limit that stopped reading.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitHit {
    /// [`Limits::max_decompressed`] bytes were decompressed from the file and its members.
    Decompressed(u64),
    /// A member expanded more than [`Limits::max_ratio`] times its compressed size.
    Ratio {
        /// The limit.
        ratio: u64,
        /// Bytes read when reading stopped.
        after: u64,
    },
    /// More than [`Limits::max_members`] members.
    Members(usize),
    /// The [`Limits::time_budget`] ran out.
    Time(Duration),
    /// Nested deeper than [`Limits::max_depth`].
    Depth(u32),
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitHit::Decompressed(n) => write!(
                f,
                "đã giải nén tới giới hạn {n} byte (decompressed size limit of {n} bytes reached)"
            ),
            LimitHit::Ratio { ratio, after } => write!(
                f,
                "tỉ lệ nén vượt {ratio}:1, có thể là bom zip; dừng sau {after} byte (compression ratio over {ratio}:1, possible zip bomb; stopped after {after} bytes)"
            ),
            LimitHit::Members(n) => {
                write!(f, "hơn {n} thành phần (more than {n} members)")
            }
            LimitHit::Time(t) => write!(
                f,
                "hết thời gian {} giây (time limit of {} s reached)",
                t.as_secs(),
                t.as_secs()
            ),
            LimitHit::Depth(n) => {
                write!(f, "lồng sâu hơn {n} cấp (nested deeper than {n} levels)")
            }
        }
    }
}

/// What one file, with everything nested in it, has used of its [`Limits`]. One budget is
/// shared across the whole nesting (a zip in a zip in a zip counts once, not per level), by the
/// extractor and by the redactor, which recurses on its own.
#[derive(Debug)]
pub struct Budget {
    start: Instant,
    decompressed: u64,
    members: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new()
    }
}

impl Budget {
    /// A fresh budget; the clock starts now.
    pub fn new() -> Budget {
        Budget { start: Instant::now(), decompressed: 0, members: 0 }
    }

    /// Bytes decompressed so far.
    pub fn decompressed(&self) -> u64 {
        self.decompressed
    }

    /// Counts bytes decompressed elsewhere (by a nested extraction with its own budget).
    pub fn add_decompressed(&mut self, n: u64) {
        self.decompressed = self.decompressed.saturating_add(n);
    }

    /// Counts one more member.
    pub fn member(&mut self, limits: &Limits) -> Result<(), LimitHit> {
        self.members += 1;
        if self.members > limits.max_members {
            return Err(LimitHit::Members(limits.max_members));
        }
        Ok(())
    }

    /// Whether the time budget still holds.
    pub fn time(&self, limits: &Limits) -> Result<(), LimitHit> {
        if self.start.elapsed() > limits.time_budget {
            return Err(LimitHit::Time(limits.time_budget));
        }
        Ok(())
    }

    /// Whether `depth` is allowed.
    pub fn depth(&self, limits: &Limits, depth: u32) -> Result<(), LimitHit> {
        if depth > limits.max_depth {
            return Err(LimitHit::Depth(limits.max_depth));
        }
        Ok(())
    }

    /// What is left of `limits` for a nested extraction that keeps its own count.
    pub fn remaining(&self, limits: &Limits) -> Limits {
        Limits {
            max_decompressed: limits.max_decompressed.saturating_sub(self.decompressed),
            max_members: limits.max_members.saturating_sub(self.members),
            time_budget: limits.time_budget.saturating_sub(self.start.elapsed()),
            ..limits.clone()
        }
    }

    /// Reads all of `reader`, a decompressing stream of a member whose compressed size is
    /// `compressed`, within the decompressed-size, ratio and time limits. `Ok(Err((data,
    /// hit)))`: a limit stopped reading after `data`.
    #[allow(clippy::type_complexity)]
    pub fn read(
        &mut self,
        limits: &Limits,
        reader: &mut dyn std::io::Read,
        compressed: u64,
    ) -> std::io::Result<Result<Vec<u8>, (Vec<u8>, LimitHit)>> {
        self.read_sized(limits, reader, compressed, 0)
    }

    /// Like [`Budget::read`] for a member whose header declares `declared` bytes once
    /// decompressed: the buffer is sized for it at once (growing it by doubling copied a large
    /// part twice and touched twice its pages). The declared size is the sender's word, so it
    /// only sizes the buffer within the limits (and 64 MiB); the limits still count what is
    /// actually read.
    #[allow(clippy::type_complexity)]
    pub fn read_sized(
        &mut self,
        limits: &Limits,
        reader: &mut dyn std::io::Read,
        compressed: u64,
        declared: u64,
    ) -> std::io::Result<Result<Vec<u8>, (Vec<u8>, LimitHit)>> {
        let room = declared
            .min(limits.max_decompressed.saturating_sub(self.decompressed))
            .min(compressed.max(1).saturating_mul(limits.max_ratio))
            .min(64 << 20);
        let mut out = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                return Ok(Ok(out));
            }
            out.extend_from_slice(&buf[..n]);
            self.decompressed += n as u64;
            if self.decompressed > limits.max_decompressed {
                return Ok(Err((out, LimitHit::Decompressed(limits.max_decompressed))));
            }
            if out.len() > (1 << 20) && out.len() as u64 > compressed.max(1) * limits.max_ratio {
                let after = out.len() as u64;
                return Ok(Err((out, LimitHit::Ratio { ratio: limits.max_ratio, after })));
            }
            // Every 16 MiB, the clock: a slow decompressor must not outlive the budget.
            if out.len() % (16 << 20) < n {
                if let Err(hit) = self.time(limits) {
                    return Ok(Err((out, hit)));
                }
            }
        }
    }
}

/// Where a segment (or a finding inside it) is, in terms a person can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Location {
    /// A position in a text file (1-based line, 1-based column in characters).
    Text {
        /// Line, from 1.
        line: u32,
        /// Column in characters, from 1.
        column: u32,
    },
    /// A spreadsheet cell (`Sheet1!C12`), or a csv cell (`C12`, no sheet).
    Cell {
        /// The sheet name, if the format has sheets; shared by the cells of a sheet.
        sheet: Option<Arc<str>>,
        /// The cell (written A1-style, `C12`).
        cell: CellRef,
    },
    /// A PDF page, from 1.
    Page {
        /// Page number.
        page: u32,
    },
    /// A paragraph of a document part (`body`, `header1`, `footnotes`, `slide 3`).
    Paragraph {
        /// The part.
        part: String,
        /// Paragraph number within the part, from 1.
        index: u32,
    },
    /// A value inside a JSON document.
    Json {
        /// Record (line of a jsonl file, element of a top-level array), from 1; 0 for a single
        /// object.
        record: u64,
        /// The JSON path, e.g. `$.nguoi[2].cccd`.
        path: String,
    },
    /// A part of an e-mail: a header (`Subject`, `From`), `body` or `html body`.
    Email {
        /// Which part.
        part: String,
    },
    /// The whole member or file (metadata, formats without finer positions).
    Whole,
    /// A line of text read by OCR in an image or a scanned page, with the box of the value in
    /// pixels.
    Image {
        /// The PDF page the image is (from 1); `None` for an image file.
        page: Option<u32>,
        /// Line, from 1.
        line: u32,
        /// Left edge, pixels.
        left: u32,
        /// Top edge, pixels.
        top: u32,
        /// Width, pixels.
        width: u32,
        /// Height, pixels.
        height: u32,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Text { line, column } => write!(f, "line {line}, column {column}"),
            Location::Cell { sheet: Some(s), cell } => {
                if s.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    write!(f, "{s}!{cell}")
                } else {
                    write!(f, "'{}'!{cell}", s.replace('\'', "''"))
                }
            }
            Location::Cell { sheet: None, cell } => write!(f, "{cell}"),
            Location::Page { page } => write!(f, "page {page}"),
            Location::Paragraph { part, index } => write!(f, "{part} ¶{index}"),
            Location::Json { record: 0, path } => write!(f, "{path}"),
            Location::Json { record, path } => write!(f, "record {record} {path}"),
            Location::Email { part } => write!(f, "e-mail {part}"),
            Location::Whole => f.write_str("whole"),
            Location::Image { page: None, line, left, top, width, height } => {
                write!(f, "image line {line}, box {left},{top} {width}x{height}")
            }
            Location::Image { page: Some(page), line, left, top, width, height } => {
                write!(f, "page {page} (OCR) line {line}, box {left},{top} {width}x{height}")
            }
        }
    }
}

/// A spreadsheet cell by its 0-based row and column, written A1-style (`C12`) when shown or
/// serialised. Kept as two numbers rather than a string: every cell of a sheet has one, and a
/// string per cell was a visible share of the time of reading a large sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    /// Row, from 0 (`C12` is row 11).
    pub row: u32,
    /// Column, from 0 (`C12` is column 2).
    pub col: u32,
}

impl CellRef {
    /// The cell at 0-based `row` and `col`.
    pub fn new(row: u32, col: u32) -> CellRef {
        CellRef { row, col }
    }

    /// Writes `C12` into `buf` and returns it (at most 7 letters and 10 digits).
    fn write_a1(self, buf: &mut [u8; 17]) -> &str {
        let n = write_column_letters(self.col, buf);
        let mut digits = [0u8; 10];
        let mut k = digits.len();
        let mut r = u64::from(self.row) + 1;
        loop {
            k -= 1;
            digits[k] = b'0' + (r % 10) as u8;
            r /= 10;
            if r == 0 {
                break;
            }
        }
        let len = n + digits.len() - k;
        buf[n..len].copy_from_slice(&digits[k..]);
        // Only ASCII letters and digits were written.
        std::str::from_utf8(&buf[..len]).unwrap_or("")
    }
}

/// Writes the letters of column `col` (0-based: 0 → `A`, 27 → `AB`) at the start of `buf` and
/// returns how many (at most 7 for a `u32`).
fn write_column_letters(mut col: u32, buf: &mut [u8]) -> usize {
    let mut letters = [0u8; 7];
    let mut n = 0;
    loop {
        letters[n] = b'A' + (col % 26) as u8;
        n += 1;
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    for (i, &b) in letters[..n].iter().rev().enumerate() {
        buf[i] = b;
    }
    n
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.write_a1(&mut [0; 17]))
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.write_a1(&mut [0; 17]))
    }
}

/// A reference that is not A1-style (`C12`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("không phải địa chỉ ô dạng A1 (not an A1-style cell reference): “{0}”")]
pub struct CellRefError(String);

impl std::str::FromStr for CellRef {
    type Err = CellRefError;

    fn from_str(s: &str) -> Result<CellRef, CellRefError> {
        let bad = || CellRefError(s.to_string());
        let split = s.find(|c: char| !c.is_ascii_uppercase()).ok_or_else(bad)?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty() || letters.len() > 7 {
            return Err(bad());
        }
        let mut col: u64 = 0;
        for b in letters.bytes() {
            col = col * 26 + u64::from(b - b'A') + 1;
        }
        let row: u64 = digits.parse().map_err(|_| bad())?;
        if row == 0 || digits.starts_with('0') {
            return Err(bad());
        }
        Ok(CellRef {
            row: u32::try_from(row - 1).map_err(|_| bad())?,
            col: u32::try_from(col - 1).map_err(|_| bad())?,
        })
    }
}

/// A line/column mark: the segment text at byte `at` comes from `line`/`column` of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset in the segment text.
    pub at: usize,
    /// Line in the source, from 1.
    pub line: u32,
    /// Column in the source (characters), from 1.
    pub column: u32,
}

/// How the text of an anchor is encoded in its raw bytes, so a writer can encode new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Codec {
    /// Raw bytes equal the text (UTF-8).
    Verbatim,
    /// XML character data: escape `&`, `<`, `>`.
    Xml,
    /// XML or HTML attribute value: escape `&`, `<`, `>`, `"`, `'`.
    XmlAttr,
    /// HTML text: escape `&`, `<`, `>`.
    Html,
    /// A JSON string literal including its quotes.
    JsonString,
    /// A JSON number token (a new value is written as a JSON string).
    JsonNumber,
    /// A csv field including any quotes, with the delimiter.
    Csv(u8),
    /// A whole numeric xlsx `<c>` element: a new value turns it into an inline string cell.
    XlsxNumberCell,
    /// A whole numeric ods `<table:table-cell>` element: a new value turns it into a string
    /// cell.
    OdsNumberCell,
}

/// Maps a range of a segment's text to the raw bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Byte range in the segment text.
    pub seg: Range<usize>,
    /// Index into [`Extracted::parts`], or [`Anchor::INPUT`] for the input bytes themselves.
    pub part: usize,
    /// Byte range in the part (or input).
    pub raw: Range<usize>,
    /// How the text is encoded there.
    pub codec: Codec,
    /// The legacy font encoding the raw text is in, if any (the segment text is converted).
    pub legacy: Option<Legacy>,
}

impl Anchor {
    /// Decodes the XML text at `raw` of `src`, appends it to `text` and, when the part is kept
    /// for writing back (`part`), records where it came from.
    pub(crate) fn push_xml_text(
        text: &mut String,
        anchors: &mut Vec<Anchor>,
        src: &[u8],
        raw: Range<usize>,
        part: Option<usize>,
    ) {
        let at = text.len();
        text.push_str(&xml::decode(&src[raw.clone()], false));
        if let Some(part) = part {
            anchors.push(Anchor {
                seg: at..text.len(),
                part,
                raw,
                codec: Codec::Xml,
                legacy: None,
            });
        }
    }

    /// The `part` value that means "the input bytes".
    pub const INPUT: usize = usize::MAX;
}

/// A piece of text with its location and context.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The text, as in the source (not normalised).
    pub text: String,
    /// The member path inside the file (`2024/danh-sach.xlsx`, `hoso.zip!a.docx`), empty for
    /// the file itself.
    pub member: String,
    /// Where the segment is.
    pub location: Location,
    /// The column header, JSON key or field name this text is the value of (shared by the
    /// cells of a column).
    pub field: Option<Arc<str>>,
    /// The value came from a numeric cell or a JSON number (leading zeros may be lost).
    pub numeric: bool,
    /// Line/column marks into the source, for text-like formats; sorted by `at`.
    pub marks: Vec<Mark>,
    /// Raw-byte anchors for redaction; only for the file itself and only when asked for.
    pub anchors: Vec<Anchor>,
}

impl Segment {
    fn new(text: String, location: Location) -> Segment {
        Segment {
            text,
            member: String::new(),
            location,
            field: None,
            numeric: false,
            marks: Vec::new(),
            anchors: Vec::new(),
        }
    }

    /// Line and column in the source of the text at byte `offset`, for text-like formats.
    pub fn line_col(&self, offset: usize) -> Option<(u32, u32)> {
        let idx = self.marks.partition_point(|m| m.at <= offset);
        let m = self.marks.get(idx.checked_sub(1)?)?;
        let (mut line, mut col) = (m.line, m.column);
        let upto = offset.min(self.text.len());
        for c in self.text.get(m.at..upto).unwrap_or("").chars() {
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        Some((line, col))
    }

    /// The location of the text at byte `offset`: line and column for text files, otherwise
    /// the segment's location.
    pub fn locate(&self, offset: usize) -> Location {
        match (&self.location, self.line_col(offset)) {
            (Location::Text { .. }, Some((line, column))) => Location::Text { line, column },
            _ => self.location.clone(),
        }
    }

    /// `member › location` for the text at `offset`, for reports.
    pub fn describe(&self, offset: usize) -> String {
        let loc = self.locate(offset);
        if self.member.is_empty() { loc.to_string() } else { format!("{} › {loc}", self.member) }
    }
}

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoteKind {
    /// A limit stopped reading: the file or member was only partly scanned.
    Truncated,
    /// The file or member is encrypted or password-protected and was not read.
    Encrypted,
    /// A member or part was skipped (unsupported format, no text layer).
    Skipped,
    /// A member could not be read; the rest of the file was.
    Error,
    /// The text was converted (legacy font encoding, windows-1258).
    Converted,
    /// PDF pages without a text layer worth reading (scanned): they need OCR, which the
    /// scanner runs on [`Extracted::pages_without_text`].
    NoTextLayer,
}

impl NoteKind {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            NoteKind::Truncated => "truncated",
            NoteKind::Encrypted => "encrypted",
            NoteKind::Skipped => "skipped",
            NoteKind::Error => "error",
            NoteKind::Converted => "converted",
            NoteKind::NoTextLayer => "no_text_layer",
        }
    }
}

/// Something a reader of the report must know about how the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The member it concerns (empty for the file itself).
    pub member: String,
    /// What kind of note.
    pub kind: NoteKind,
    /// A sentence saying what happened, without any personal data.
    pub message: String,
}

/// A part of a container document whose bytes anchors point into (a zip member's XML, the
/// decoded text of a non-UTF-8 file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The zip member name, or `(decoded)` for decoded text.
    pub name: String,
    /// The bytes.
    pub data: Vec<u8>,
}

/// The result of extracting one file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The detected format of the file.
    pub format: Option<Format>,
    /// The text encoding of a text-like file (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`…).
    pub encoding: Option<&'static str>,
    /// Text segments in document order.
    pub segments: Vec<Segment>,
    /// Notes: truncation by limits, encryption, skipped parts, member errors.
    pub notes: Vec<Note>,
    /// Parts anchors point into (only with anchors).
    pub parts: Vec<Part>,
    /// Bytes decompressed from members (counted against [`Limits::max_decompressed`]).
    pub decompressed: u64,
    /// Pages of a PDF file (the file itself, not a member) whose text layer is missing or says
    /// nothing (a scanner's empty layer, a page number): the pages to read with OCR.
    pub pages_without_text: Vec<u32>,
    /// Images inside the file, with [`Options::images`] (at most [`MAX_IMAGES`] and
    /// [`MAX_IMAGE_BYTES`]).
    pub images: Vec<EmbeddedImage>,
}

impl Extracted {
    /// True if a limit stopped reading somewhere.
    pub fn truncated(&self) -> bool {
        self.notes.iter().any(|n| n.kind == NoteKind::Truncated)
    }
}

/// Why a file could not be extracted at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The file is larger than [`Limits::max_file_size`].
    #[error(
        "{name}: tệp {size} byte, vượt giới hạn {limit} byte; không quét (file is {size} bytes, over the limit of {limit} bytes; not scanned)"
    )]
    TooLarge {
        /// File name.
        name: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is encrypted or password-protected.
    #[error(
        "{name}: được mã hoá hoặc đặt mật khẩu; không quét ({what} is encrypted or password-protected; not scanned)"
    )]
    Encrypted {
        /// File name.
        name: String,
        /// What is encrypted.
        what: String,
    },
    /// The file is damaged or not what its name says.
    #[error("{name}: tệp {format} bị hỏng (malformed {format}): {detail}")]
    Malformed {
        /// File name.
        name: String,
        /// The format it was read as.
        format: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// The format is not supported.
    #[error("{name}: định dạng chưa hỗ trợ ({what}: not a supported format)")]
    Unsupported {
        /// File name.
        name: String,
        /// What it is.
        what: String,
    },
    /// A parser panicked on this file.
    #[error(
        "{name}: bộ đọc {format} gặp lỗi với tệp này (the {format} parser failed on this file; internal error)"
    )]
    Panicked {
        /// File name.
        name: String,
        /// The format.
        format: &'static str,
    },
}

/// Options beyond the limits. Built with [`Options::new`] and its setters, so that new options
/// can come without breaking callers.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The limits.
    pub limits: Limits,
    /// Keep anchors and parts for the file itself, for redaction and for reporting findings at
    /// their offsets in the file.
    pub anchors: bool,
    /// Do not descend into members (archives, attachments); used by the redactor, which
    /// recurses itself.
    pub no_recurse: bool,
    /// Hand back the images found inside the file (archive members, attachments, pictures in
    /// office documents) in [`Extracted::images`], for a caller that reads them with OCR.
    pub images: bool,
}

impl Options {
    /// Options with these limits, no anchors, members read.
    pub fn new(limits: Limits) -> Options {
        Options { limits, ..Options::default() }
    }

    /// Keep anchors back to the bytes (see [`Options::anchors`]).
    pub fn with_anchors(mut self, anchors: bool) -> Options {
        self.anchors = anchors;
        self
    }

    /// Do not descend into members (see [`Options::no_recurse`]).
    pub fn without_members(mut self, no_recurse: bool) -> Options {
        self.no_recurse = no_recurse;
        self
    }

    /// Collect the images inside the file (see [`Options::images`]).
    pub fn with_images(mut self, images: bool) -> Options {
        self.images = images;
        self
    }
}

/// An image found inside a file, for OCR by the caller.
#[derive(Debug, Clone)]
pub struct EmbeddedImage {
    /// The member path (`word/media/image1.png`, `ho-so/cccd.jpg`).
    pub member: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The most images one file hands back, and their most bytes in all: past either the rest are
/// named in a note, not kept in memory.
pub const MAX_IMAGES: usize = 200;
/// See [`MAX_IMAGES`].
pub const MAX_IMAGE_BYTES: usize = 256 << 20;

/// Extracts the text of `bytes`, a file called `name` (the name decides the format when the
/// content does not), descending into archives and attachments.
pub fn extract(name: &str, bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    extract_with(name, bytes, &Options { limits: limits.clone(), ..Options::default() })
}

/// [`extract`] with [`Options`].
pub fn extract_with(name: &str, bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    extract_inner(name, bytes, opts, None)
}

fn extract_inner<'a>(
    name: &str,
    bytes: &[u8],
    opts: &'a Options,
    sink: Option<&'a mut dyn FnMut(Segment)>,
) -> Result<Extracted, ExtractError> {
    if bytes.len() as u64 > opts.limits.max_file_size {
        return Err(ExtractError::TooLarge {
            name: name.to_string(),
            size: bytes.len() as u64,
            limit: opts.limits.max_file_size,
        });
    }
    let mut cx = Cx {
        opts,
        budget: Budget::new(),
        out: Extracted::default(),
        timed_out: false,
        exhausted: false,
        office_open: 0,
        sink,
    };
    let format = detect_format(name, bytes);
    cx.out.format = Some(format);
    dispatch(&mut cx, name, "", bytes, 0, format)?;
    cx.flush();
    cx.out.decompressed = cx.budget.decompressed();
    Ok(cx.out)
}

/// [`extract`], handing each segment to `sink` as soon as the member it belongs to is read,
/// instead of collecting them: memory holds one member at a time, whatever the archive holds.
/// The returned [`Extracted`] has no segments (notes, format and encoding as usual).
pub fn extract_streaming(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(Segment),
) -> Result<Extracted, ExtractError> {
    let opts = Options { limits: limits.clone(), ..Options::default() };
    extract_inner(name, bytes, &opts, Some(sink))
}

/// [`extract_streaming`] with [`Options`] (anchors, to map findings back to the file's bytes
/// with [`Anchor::file_range`]).
pub fn extract_streaming_with(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    sink: &mut dyn FnMut(Segment),
) -> Result<Extracted, ExtractError> {
    extract_inner(name, bytes, opts, Some(sink))
}

/// Extraction state shared by the format readers of one file.
pub(crate) struct Cx<'a> {
    pub opts: &'a Options,
    budget: Budget,
    pub out: Extracted,
    timed_out: bool,
    /// The decompressed-size or member limit was reached: every later member is skipped
    /// without a note of its own (one note per file says where reading stopped).
    exhausted: bool,
    /// Office documents being read: their segments wait for the legacy-encoding pass before
    /// they may be handed to the sink.
    office_open: u32,
    /// Where finished segments go when the caller streams them (bounded memory for archives).
    sink: Option<&'a mut dyn FnMut(Segment)>,
}

impl Cx<'_> {
    pub fn limits(&self) -> &Limits {
        &self.opts.limits
    }

    /// Whether anchors are wanted at this depth.
    pub fn anchors(&self, depth: u32) -> bool {
        self.opts.anchors && depth == 0
    }

    /// Checks the time budget; on the first overrun records a truncation note.
    pub fn time_up(&mut self, member: &str, what: &str) -> bool {
        if self.timed_out {
            return true;
        }
        if let Err(hit) = self.budget.time(&self.opts.limits) {
            self.timed_out = true;
            self.note(
                member,
                NoteKind::Truncated,
                format!("{hit} tại {what} (at {what}); phần còn lại chưa quét (the rest was not scanned)"),
            );
            return true;
        }
        false
    }

    pub fn note(&mut self, member: &str, kind: NoteKind, message: String) {
        self.out.notes.push(Note { member: member.to_string(), kind, message });
    }

    /// Makes room for `n` more segments when they are collected rather than streamed, so a
    /// large sheet's segments are not copied each time their vector doubles.
    pub fn reserve_segments(&mut self, n: usize) {
        if self.office_open > 0 || self.sink.is_none() {
            self.out.segments.reserve(n);
        }
    }

    pub fn push(&mut self, member: &str, mut seg: Segment) {
        if seg.text.trim().is_empty() {
            return;
        }
        seg.member = member.to_string();
        // Streaming: a segment goes to the sink at once unless an office document still waits
        // for its legacy-encoding pass, so a large member never sits in memory as segments.
        if self.office_open == 0 && self.sink.is_some() {
            self.flush();
            if let Some(sink) = self.sink.as_mut() {
                sink(seg);
            }
            return;
        }
        self.out.segments.push(seg);
    }

    /// Hands the finished segments to the sink, if there is one and no office document is
    /// still waiting for its legacy-encoding pass.
    fn flush(&mut self) {
        if self.office_open > 0 {
            return;
        }
        if let Some(sink) = self.sink.as_mut() {
            for seg in self.out.segments.drain(..) {
                sink(seg);
            }
        }
    }

    pub fn add_part(&mut self, name: &str, data: Vec<u8>) -> usize {
        self.out.parts.push(Part { name: name.to_string(), data });
        self.out.parts.len() - 1
    }

    /// Counts a new member; false when over the member limit or when an earlier limit already
    /// stopped reading (one note in all).
    pub fn count_member(&mut self, member: &str) -> bool {
        if self.exhausted {
            return false;
        }
        if let Err(hit) = self.budget.member(&self.opts.limits) {
            self.exhausted = true;
            self.note(
                member,
                NoteKind::Truncated,
                format!("{hit}; phần còn lại chưa quét (the rest was not scanned)"),
            );
            return false;
        }
        true
    }

    /// Reads all of `reader` (a decompressing stream of a member whose compressed size is
    /// `compressed`) within the decompressed-size and ratio limits. On a limit, returns what
    /// was read so far and records a truncation note; `None` once the whole file's
    /// decompressed budget is spent (noted once).
    pub fn read_limited(
        &mut self,
        member: &str,
        reader: &mut dyn std::io::Read,
        compressed: u64,
        declared: u64,
    ) -> std::io::Result<Option<(Vec<u8>, bool)>> {
        if self.exhausted {
            return Ok(None);
        }
        match self.budget.read_sized(&self.opts.limits, reader, compressed, declared)? {
            Ok(data) => Ok(Some((data, false))),
            Err((data, hit)) => {
                let whole = matches!(hit, LimitHit::Decompressed(_) | LimitHit::Time(_));
                if whole {
                    self.exhausted = true;
                    if matches!(hit, LimitHit::Time(_)) {
                        self.timed_out = true;
                    }
                }
                let rest = if whole {
                    "phần còn lại của tệp chưa quét (the rest of the file was not scanned)"
                } else {
                    "phần còn lại của thành phần này chưa quét (the rest of this member was not scanned)"
                };
                self.note(member, NoteKind::Truncated, format!("{hit}; {rest}"));
                Ok(Some((data, true)))
            }
        }
    }
}

/// Joins a member path: `a.zip` + `b/c.docx` → `a.zip!b/c.docx`.
pub fn join_member(outer: &str, inner: &str) -> String {
    if outer.is_empty() { inner.to_string() } else { format!("{outer}!{inner}") }
}

/// Extracts a nested member (archive entry, attachment) into `cx`. Errors become notes.
pub(crate) fn nested(cx: &mut Cx<'_>, member: &str, bytes: &[u8], depth: u32) {
    if let Err(hit) = cx.budget.depth(cx.limits(), depth) {
        let msg = format!("{hit}; thành phần này chưa quét (this member was not scanned)");
        cx.note(member, NoteKind::Truncated, msg);
        return;
    }
    if cx.exhausted || cx.time_up(member, "this member") {
        return;
    }
    cx.flush();
    let name = member.rsplit('!').next().unwrap_or(member);
    let format = detect_format(name, bytes);
    if format == Format::Image && cx.opts.images {
        let held: usize = cx.out.images.iter().map(|i| i.bytes.len()).sum();
        if cx.out.images.len() < MAX_IMAGES && held + bytes.len() <= MAX_IMAGE_BYTES {
            cx.out.images.push(EmbeddedImage { member: member.to_string(), bytes: bytes.to_vec() });
        } else {
            cx.note(
                member,
                NoteKind::Truncated,
                "quá nhiều ảnh trong tệp, ảnh này chưa đọc (too many images in the file; this one was not read)".into(),
            );
        }
        return;
    }
    if let Err(e) = dispatch(cx, name, member, bytes, depth, format) {
        let kind = match e {
            ExtractError::Encrypted { .. } => NoteKind::Encrypted,
            ExtractError::Unsupported { .. } => NoteKind::Skipped,
            _ => NoteKind::Error,
        };
        cx.note(member, kind, e.to_string());
    }
    cx.flush();
}

fn dispatch(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
    format: Format,
) -> Result<(), ExtractError> {
    let fmt_name = format.code();
    let before = cx.out.segments.len();
    let office = is_office(format);
    cx.office_open += u32::from(office);
    let r = catch_unwind(AssertUnwindSafe(|| match format {
        Format::Text => text::extract_text(cx, name, member, bytes, depth),
        Format::Csv | Format::Tsv => csv::extract(cx, name, member, bytes, depth, format),
        Format::Json | Format::Jsonl => json::extract(cx, name, member, bytes, depth, format),
        Format::Html => html::extract(cx, name, member, bytes, depth, true),
        Format::Xml => html::extract(cx, name, member, bytes, depth, false),
        Format::Docx | Format::Pptx => ooxml::extract_doc(cx, name, member, bytes, depth, format),
        Format::Xlsx => ooxml::extract_xlsx(cx, name, member, bytes, depth),
        Format::Odt | Format::Ods => odf::extract(cx, name, member, bytes, depth, format),
        Format::Xls => xls::extract(cx, name, member, bytes),
        Format::Pdf => pdf::extract(cx, name, member, bytes),
        Format::Eml => mail::extract_eml(cx, name, member, bytes, depth),
        Format::Mbox => mail::extract_mbox(cx, name, member, bytes, depth),
        Format::Zip => archive::extract_zip(cx, name, member, bytes, depth),
        Format::Tar => archive::extract_tar(cx, name, member, bytes, depth),
        Format::Gzip => archive::extract_gz(cx, name, member, bytes, depth),
        Format::EncryptedOffice => {
            Err(ExtractError::Encrypted { name: name.to_string(), what: "office document".into() })
        }
        // The extractor does no I/O and runs no program: the scanner reads images with OCR.
        Format::Image => Err(ExtractError::Unsupported {
            name: name.to_string(),
            what: "an image (needs OCR: install tesseract-ocr-vie)".into(),
        }),
        Format::Unknown => {
            let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            let what = match ext.as_str() {
                "doc" | "dot" => "a Word 97–2003 document (.doc; convert it to .docx)",
                "ppt" | "pps" => "a PowerPoint 97–2003 file (.ppt; convert it to .pptx)",
                "rar" | "7z" => "a rar/7z archive (extract it first)",
                "jpg" | "jpeg" | "png" | "tif" | "tiff" | "bmp" | "gif" => "an image (needs OCR)",
                _ => "a binary file of unknown type",
            };
            Err(ExtractError::Unsupported { name: name.to_string(), what: what.into() })
        }
    }));
    cx.office_open -= u32::from(office);
    match r {
        Ok(Ok(())) => {
            if office {
                legacy_pass(cx, member, before);
            }
            Ok(())
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(ExtractError::Panicked { name: name.to_string(), format: fmt_name }),
    }
}

/// Formats whose text may be typed in a legacy font encoding (see [`legacy_pass`]).
fn is_office(format: Format) -> bool {
    matches!(
        format,
        Format::Docx | Format::Pptx | Format::Xlsx | Format::Xls | Format::Odt | Format::Ods
    )
}

/// Office documents typed with TCVN3 or VNI fonts hold legacy codes as Latin-1 characters:
/// detect that over the document's text and convert every segment, marking the anchors so a
/// writer encodes new text back into the legacy font encoding.
fn legacy_pass(cx: &mut Cx<'_>, member: &str, from: usize) {
    let mut sample = String::new();
    for s in &cx.out.segments[from..] {
        if sample.len() > (1 << 20) {
            break;
        }
        sample.push_str(&s.text);
        sample.push('\n');
    }
    let Some(l) = legacy::detect(&sample) else { return };
    for seg in &mut cx.out.segments[from..] {
        let mut text = String::with_capacity(seg.text.len() + 16);
        let mut pos = 0;
        for a in &mut seg.anchors {
            if a.seg.start < pos {
                continue;
            }
            text.push_str(&l.decode_str(&seg.text[pos..a.seg.start]));
            let s = text.len();
            text.push_str(&l.decode_str(&seg.text[a.seg.clone()]));
            pos = a.seg.end;
            a.seg = s..text.len();
            a.legacy = Some(l);
        }
        text.push_str(&l.decode_str(&seg.text[pos..]));
        seg.text = text;
    }
    cx.note(
        member,
        NoteKind::Converted,
        format!(
            "legacy Vietnamese font encoding {} detected and converted to Unicode",
            l.code().to_uppercase()
        ),
    );
}

/// Column number (0-based) to letters: 0 → `A`, 27 → `AB`.
pub fn column_letters(col: u32) -> String {
    let mut buf = [0u8; 7];
    let n = write_column_letters(col, &mut buf);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// A1 reference from 0-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    CellRef::new(row, col).to_string()
}

/// Incremental line/column counter over a byte source.
pub(crate) struct LineCounter<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    col: u32,
}

impl<'a> LineCounter<'a> {
    pub fn new(src: &'a [u8]) -> LineCounter<'a> {
        LineCounter { src, pos: 0, line: 1, col: 1 }
    }

    /// Line and column of byte `to` (must not go backwards; earlier positions return the
    /// current one).
    pub fn at(&mut self, to: usize) -> (u32, u32) {
        let to = to.min(self.src.len());
        while self.pos < to {
            let b = self.src[self.pos];
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
            self.pos += 1;
        }
        (self.line, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_a1_style() {
        for (row, col, want) in [
            (0, 0, "A1"),
            (11, 2, "C12"),
            (0, 25, "Z1"),
            (0, 26, "AA1"),
            (999_999, 16_383, "XFD1000000"),
        ] {
            assert_eq!(cell_ref(row, col), want);
            assert_eq!(cell_ref(row, col), format!("{}{}", column_letters(col), row + 1));
        }
        assert_eq!(cell_ref(u32::MAX, 0), format!("A{}", u64::from(u32::MAX) + 1));
    }

    #[test]
    fn columns() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_ref(11, 2), "C12");
    }

    proptest::proptest! {
        #[test]
        fn cell_references_read_back(row in 0u32..=u32::MAX - 1, col in 0u32..=u32::MAX - 1) {
            let cell = CellRef::new(row, col);
            proptest::prop_assert_eq!(cell.to_string().parse::<CellRef>(), Ok(cell));
        }
    }

    #[test]
    fn malformed_cell_references_are_errors() {
        for bad in ["", "12", "C", "c12", "C0", "C012", "C-1", "AAAAAAAA1", "C12x"] {
            assert!(bad.parse::<CellRef>().is_err(), "{bad}");
        }
    }

    #[test]
    fn location_display() {
        let c12 = CellRef::new(11, 2);
        let l = Location::Cell { sheet: Some("Sheet1".into()), cell: c12 };
        assert_eq!(l.to_string(), "Sheet1!C12");
        assert_eq!(serde_json::to_value(&l).unwrap()["cell"], "C12");
        let l = Location::Cell { sheet: Some("Danh sách".into()), cell: c12 };
        assert_eq!(l.to_string(), "'Danh sách'!C12");
    }
}
