//! Reading one file or stream as text, in bounded chunks, and running the engine over it.

use std::io::{self, Read};

use khien_detect::{Engine, Finding};

use crate::controls::unmarked;
use crate::report::{FileReport, FileStatus, ReportedFinding, ScanNote, Spill, spill_full};

/// Bytes read per chunk. A line longer than this (minified code, a one-line JSON or SQL dump)
/// is cut at a clause or word boundary (or, failing that, a character boundary) so memory stays
/// bounded and offsets stay exact.
const CHUNK: usize = 1 << 20;
/// How far back from the end of a full buffer a cut looks for a clause boundary (`, ` `; `
/// `. `) before settling for a space: a value is rarely split by a clause mark.
const CLAUSE_WINDOW: usize = 64 << 10;
/// How much of the start of a file is inspected to tell text from binary.
const SNIFF: usize = 8 << 10;

/// When images are read with OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Images are read when Tesseract is installed; otherwise they are skipped with a note
    /// saying what to install.
    #[default]
    Auto,
    /// As `Auto`, but a missing Tesseract is an error for each image rather than a skip.
    Always,
    /// Images are skipped.
    Never,
}

/// How to read and report.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// When to read images with OCR.
    pub ocr: OcrMode,
    /// Include the found values in reports (masked otherwise).
    pub show_values: bool,
    /// Stop a stream after this many bytes, with a note (0: no limit). Files of known size
    /// are streamed whole; pipes and devices, which may never end, are not.
    pub max_stream_bytes: u64,
}

enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

fn looks_binary(head: &[u8]) -> bool {
    // A NUL byte in text is rare; in executables, images and archives it is everywhere.
    memchr::memchr(0, head).is_some()
}

/// Scans an in-memory text (already decoded) and returns its report.
pub fn scan_bytes(path: &str, bytes: &[u8], engine: &Engine, opts: &ReadOptions) -> FileReport {
    scan_reader(path, bytes, engine, opts)
}

/// Scans a stream: sniffs the encoding, skips binary data, and runs the engine chunk by chunk
/// so that memory stays bounded whatever the file size.
pub fn scan_reader<R: Read>(
    path: &str,
    reader: R,
    engine: &Engine,
    opts: &ReadOptions,
) -> FileReport {
    scan_reader_with(path, reader, engine, opts, None)
}

/// [`scan_reader`], handing findings to `spill` in batches when it is given.
pub(crate) fn scan_reader_with<R: Read>(
    path: &str,
    mut reader: R,
    engine: &Engine,
    opts: &ReadOptions,
    mut spill: Spill<'_>,
) -> FileReport {
    let mut report = FileReport::new(path);
    let mut head = Vec::with_capacity(SNIFF);
    if let Err(e) = (&mut reader).take(SNIFF as u64).read_to_end(&mut head) {
        report.status = FileStatus::Error(format!("không đọc được tệp (cannot read): {e}"));
        return report;
    }
    let (encoding, bom) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (Encoding::Utf8, 3)
    } else if head.starts_with(&[0xFF, 0xFE]) {
        (Encoding::Utf16Le, 2)
    } else if head.starts_with(&[0xFE, 0xFF]) {
        (Encoding::Utf16Be, 2)
    } else {
        (Encoding::Utf8, 0)
    };
    if bom == 0 && looks_binary(&head) {
        report.status = FileStatus::Skipped("tệp nhị phân (binary file)".to_string());
        return report;
    }
    let limit = if opts.max_stream_bytes == 0 { u64::MAX } else { opts.max_stream_bytes };
    let mut rest = io::Cursor::new(head).chain(reader).take(limit);
    let result = match encoding {
        Encoding::Utf8 => scan_utf8(&mut rest, bom, engine, opts, &mut report, &mut spill),
        Encoding::Utf16Le => {
            scan_utf16(&mut rest, encoding_rs::UTF_16LE, engine, opts, &mut report, &mut spill)
        }
        Encoding::Utf16Be => {
            scan_utf16(&mut rest, encoding_rs::UTF_16BE, engine, opts, &mut report, &mut spill)
        }
    };
    if let Err(e) = result {
        report.status = FileStatus::Error(format!(
            "lỗi khi đọc sau {} byte (read error after {} bytes): {e}",
            report.bytes, report.bytes
        ));
    } else if rest.limit() == 0 {
        // The limit was reached: is there more?
        let mut probe = [0u8; 1];
        if rest.into_inner().read(&mut probe).is_ok_and(|n| n > 0) {
            report.notes.push(ScanNote::new(
                "truncated",
                format!(
                    "dừng sau {limit} byte, giới hạn kích thước; phần còn lại chưa quét (stopped after {limit} bytes, the size limit; the rest was not scanned)"
                ),
            ));
        }
    }
    report
}

/// Fills `buf` until it holds at least `CHUNK` bytes or the stream ends. Returns true at EOF.
fn fill<R: Read>(r: &mut R, buf: &mut Vec<u8>) -> io::Result<bool> {
    let mut tmp = vec![0u8; 64 << 10];
    while buf.len() < CHUNK {
        let n = match r.read(&mut tmp) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(true);
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    Ok(false)
}

/// Where to cut a buffer so that the piece ends at a line end. A buffer with no line end (it is
/// full: `fill` reads until `CHUNK` or the end of the stream) is cut at a clause boundary near
/// its end, else at a space or tab, else at a character boundary, so a piece is never empty and
/// the loop always advances.
fn cut_point(buf: &[u8], eof: bool) -> usize {
    if eof {
        return buf.len();
    }
    if let Some(nl) = memchr::memrchr(b'\n', buf) {
        return nl + 1;
    }
    let window = buf.len().saturating_sub(CLAUSE_WINDOW);
    let tail = &buf[window..];
    for (at, _) in tail.windows(2).enumerate().rev().filter(|(_, w)| w[1] == b' ') {
        if matches!(tail[at], b',' | b';' | b'.' | b'!' | b'?') {
            return window + at + 2;
        }
    }
    if let Some(sp) = memchr::memrchr2(b' ', b'\t', buf) {
        return sp + 1;
    }
    let mut i = buf.len();
    while i > 1 && (buf[i - 1] & 0xC0) == 0x80 {
        i -= 1;
    }
    // `i - 1` is the lead byte of the last (possibly incomplete) character: cut before it.
    (i - 1).max(1)
}

/// Tracks line numbers as pieces go by.
struct Lines {
    /// Line number (1-based) at the start of the current piece.
    line: u64,
    /// Characters of the current line that lie in earlier pieces (a long line cut in pieces).
    carried_columns: u64,
}

/// Characters, not bytes: the bytes that start a UTF-8 sequence.
fn char_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64
}

impl Lines {
    fn new() -> Lines {
        Lines { line: 1, carried_columns: 0 }
    }

    /// Line and column (1-based; columns count characters) of each start offset in `piece`.
    /// `starts` must be sorted.
    fn locate(&self, piece: &[u8], starts: &[usize]) -> Vec<(u64, u64)> {
        let mut out = Vec::with_capacity(starts.len());
        let mut line = self.line;
        let mut pos = 0usize;
        let mut line_start = 0usize;
        let mut carried = self.carried_columns;
        for &s in starts {
            for nl in memchr::memchr_iter(b'\n', &piece[pos..s]) {
                line += 1;
                line_start = pos + nl + 1;
                carried = 0;
            }
            pos = s;
            out.push((line, carried + char_count(&piece[line_start..s]) + 1));
        }
        out
    }

    fn advance(&mut self, piece: &[u8]) {
        match memchr::memrchr(b'\n', piece) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', piece).count() as u64;
                self.carried_columns = char_count(&piece[last + 1..]);
            }
            None => self.carried_columns += char_count(piece),
        }
    }
}

fn scan_utf8<R: Read>(
    mut r: R,
    bom: usize,
    engine: &Engine,
    opts: &ReadOptions,
    report: &mut FileReport,
    spill: &mut Spill<'_>,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK + (64 << 10));
    let mut base: u64 = 0;
    let mut lines = Lines::new();
    let mut first = true;
    let mut invalid = 0u64;
    loop {
        let eof = fill(&mut r, &mut buf)?;
        if first {
            buf.drain(..bom.min(buf.len()));
            base = bom as u64;
            first = false;
        }
        let cut = cut_point(&buf, eof);
        let piece = &buf[..cut];
        // Valid text is the rule: a SIMD check (simdutf8, an order of magnitude faster than
        // `std::str::from_utf8` on Vietnamese text, where most characters are multi-byte).
        // Otherwise valid runs are scanned at their exact offsets and invalid bytes counted.
        let found = match simdutf8::basic::from_utf8(piece) {
            Ok(text) => engine.detect(text),
            Err(_) => {
                let mut found: Vec<Finding> = Vec::new();
                let mut off = 0usize;
                for chunk in piece.utf8_chunks() {
                    let text = chunk.valid();
                    if !text.is_empty() {
                        found.extend(engine.detect(text).into_iter().map(|mut f| {
                            f.start += off;
                            f.end += off;
                            f
                        }));
                    }
                    off += text.len() + chunk.invalid().len();
                    invalid += chunk.invalid().len() as u64;
                }
                found
            }
        };
        let found = unmarked(found, piece);
        if !found.is_empty() {
            let starts: Vec<usize> = found.iter().map(|f| f.start).collect();
            let locs = lines.locate(piece, &starts);
            // One allocation for the chunk's rows: growing by doubling reallocated (and, with
            // fresh pages, zeroed) megabytes per chunk of a log full of findings.
            report.findings.reserve(found.len());
            for (f, (line, col)) in found.into_iter().zip(locs) {
                let value = std::str::from_utf8(&piece[f.start..f.end]).unwrap_or("");
                let (start, end) = (f.start, f.end);
                report.findings.push(ReportedFinding::new(
                    &report.path,
                    f,
                    value,
                    base + start as u64,
                    base + end as u64,
                    line,
                    col,
                    opts.show_values,
                ));
            }
        }
        spill_full(&mut report.findings, spill);
        lines.advance(piece);
        base += cut as u64;
        report.bytes = base;
        buf.drain(..cut);
        if eof && buf.is_empty() {
            break;
        }
    }
    if invalid > 0 {
        report.notes.push(ScanNote::new(
            "invalid_bytes",
            format!(
                "{invalid} byte không phải UTF-8 đã bỏ qua ({invalid} non-UTF-8 bytes skipped; the rest of the file was read as UTF-8)"
            ),
        ));
    }
    Ok(())
}

fn scan_utf16<R: Read>(
    mut r: R,
    enc: &'static encoding_rs::Encoding,
    engine: &Engine,
    opts: &ReadOptions,
    report: &mut FileReport,
    spill: &mut Spill<'_>,
) -> io::Result<()> {
    let mut decoder = enc.new_decoder_with_bom_removal();
    let mut raw = Vec::with_capacity(CHUNK);
    let mut text = String::new();
    let mut carry = String::new();
    // File offset of the start of `carry` (2-byte BOM first).
    let mut base: u64 = 2;
    let mut lines = Lines::new();
    loop {
        raw.clear();
        let eof = fill(&mut r, &mut raw)?;
        text.clear();
        text.push_str(&carry);
        carry.clear();
        text.reserve(raw.len() * 3 / 2 + 16);
        let (_res, _read, had_errors) = decoder.decode_to_string(&raw, &mut text, eof);
        if had_errors {
            report.notes.push(ScanNote::new(
                "invalid_bytes",
                "có ký tự UTF-16 lỗi đã được thay thế (malformed UTF-16 replaced)",
            ));
        }
        let cut = cut_point(text.as_bytes(), eof);
        let piece = &text[..cut];
        let found = unmarked(engine.detect(piece), piece.as_bytes());
        if !found.is_empty() {
            let starts: Vec<usize> = found.iter().map(|f| f.start).collect();
            let locs = lines.locate(piece.as_bytes(), &starts);
            for (f, (line, col)) in found.into_iter().zip(locs) {
                let s16 = utf16_len(&piece[..f.start]);
                let e16 = s16 + utf16_len(&piece[f.start..f.end]);
                let value = &piece[f.start..f.end];
                report.findings.push(ReportedFinding::new(
                    &report.path,
                    f,
                    value,
                    base + s16,
                    base + e16,
                    line,
                    col,
                    opts.show_values,
                ));
            }
        }
        spill_full(&mut report.findings, spill);
        lines.advance(piece.as_bytes());
        base += utf16_len(piece);
        report.bytes = base;
        carry.push_str(&text[cut..]);
        if eof {
            break;
        }
    }
    Ok(())
}

fn utf16_len(s: &str) -> u64 {
    s.chars().map(|c| c.len_utf16() as u64 * 2).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use khien_detect::Config;

    fn engine() -> Engine {
        Engine::new(Config::default().with_current_year(2026))
    }

    #[test]
    fn offsets_lines_and_columns_in_utf8() {
        let text = "Dòng một\nHọ tên: A — CCCD 001090000001\n";
        let r = scan_bytes(
            "t.txt",
            text.as_bytes(),
            &engine(),
            &ReadOptions { show_values: true, ..ReadOptions::default() },
        );
        assert_eq!(r.findings.len(), 1);
        let f = &r.findings[0];
        assert_eq!((f.line, f.column), (2, 18));
        assert_eq!(&text[f.start as usize..f.end as usize], "001090000001");
        assert_eq!(f.value.as_deref(), Some("001090000001"));
    }

    #[test]
    fn utf16_offsets_point_into_the_stored_bytes() {
        let text = "Số CCCD: 001090000001";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let r = scan_bytes("t.txt", &bytes, &engine(), &ReadOptions::default());
        assert_eq!(r.findings.len(), 1);
        let f = &r.findings[0];
        let units: Vec<u16> = bytes[f.start as usize..f.end as usize]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(String::from_utf16(&units).unwrap(), "001090000001");
        assert!(f.value.is_none());
    }

    #[test]
    fn binary_is_skipped() {
        let r = scan_bytes(
            "a.bin",
            b"\x7fELF\0\0\x01 001090000001",
            &engine(),
            &ReadOptions::default(),
        );
        assert!(matches!(r.status, FileStatus::Skipped(_)));
    }

    #[test]
    fn invalid_bytes_keep_offsets_exact() {
        let mut bytes = b"ab\xff\xfe cd SDT 0912345678\n".to_vec();
        bytes.extend_from_slice("CCCD 001090000001".as_bytes());
        let r = scan_bytes("x.txt", &bytes, &engine(), &ReadOptions::default());
        assert_eq!(r.findings.len(), 2);
        assert_eq!(&bytes[r.findings[0].start as usize..r.findings[0].end as usize], b"0912345678");
        assert_eq!(
            &bytes[r.findings[1].start as usize..r.findings[1].end as usize],
            b"001090000001"
        );
        assert_eq!(r.findings[1].line, 2);
        assert!(!r.notes.is_empty());
    }

    /// A line longer than a chunk (minified code, a one-line dump) used to hang the reader.
    #[test]
    fn a_line_longer_than_a_chunk_is_cut_and_scanned_with_exact_offsets() {
        let opts = ReadOptions { show_values: true, ..ReadOptions::default() };
        for filler in ["lorem ipsum, ", "a ", "x"] {
            let mut text = filler.repeat(3 * CHUNK / filler.len());
            let before = text.len();
            text.push_str(" Số CCCD: 001090000001, hết.");
            text.push_str(&filler.repeat(CHUNK / filler.len()));
            let r = scan_bytes("one-line.js", text.as_bytes(), &engine(), &opts);
            let ids: Vec<_> = r.findings.iter().filter(|f| f.kind == "national_id").collect();
            assert_eq!(ids.len(), 1, "filler {filler:?}");
            let f = ids[0];
            assert_eq!(&text[f.start as usize..f.end as usize], "001090000001");
            assert_eq!(f.line, 1);
            let column = text[..f.start as usize].chars().count() as u64 + 1;
            assert_eq!(f.column, column, "filler {filler:?}");
            assert!(f.start as usize > before);
            assert_eq!(r.bytes, text.len() as u64);
        }
    }

    #[test]
    fn a_stream_stops_at_its_limit_with_a_note() {
        let text = "Dòng chữ bình thường.\n".repeat(10_000);
        let opts = ReadOptions { max_stream_bytes: 50_000, ..ReadOptions::default() };
        let r = scan_bytes("fifo", text.as_bytes(), &engine(), &opts);
        assert!(r.bytes <= 50_000);
        assert!(r.notes.iter().any(|n| n.code == "truncated"), "{:?}", r.notes);
        assert!(r.incomplete());
        let whole = scan_bytes("fifo", text.as_bytes(), &engine(), &ReadOptions::default());
        assert!(whole.notes.is_empty());
    }

    #[test]
    fn chunk_boundaries_do_not_lose_findings() {
        // More than one chunk of text with identifiers on every line.
        let line = "Nguyễn Văn A, CCCD 001090000001, lorem ipsum dolor sit amet\n";
        let n = CHUNK / line.len() * 3;
        let text = line.repeat(n);
        let r = scan_bytes("big.txt", text.as_bytes(), &engine(), &ReadOptions::default());
        // Each line also holds a name (issue 3): count the identifiers.
        let ids: Vec<_> = r.findings.iter().filter(|f| f.kind == "national_id").collect();
        assert_eq!(ids.len(), n);
        assert_eq!(r.findings.iter().filter(|f| f.kind == "person_name").count(), n);
        let last = ids.last().unwrap();
        assert_eq!(last.line, n as u64);
        assert_eq!(&text[last.start as usize..last.end as usize], "001090000001");
    }
}
