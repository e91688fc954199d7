//! Reading one file or stream as text, in bounded chunks, and running the engine over it.

use std::io::{self, Read};

use khien_detect::{Engine, Finding};

use crate::report::{FileReport, FileStatus, ReportedFinding};

/// Bytes read per chunk.
const CHUNK: usize = 1 << 20;
/// A line longer than this is cut at a word (or, failing that, character) boundary.
const MAX_LINE: usize = 4 << 20;
/// How much of the start of a file is inspected to tell text from binary.
const SNIFF: usize = 8 << 10;

/// How to read and report.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Include the found values in reports (masked otherwise).
    pub show_values: bool,
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
    mut reader: R,
    engine: &Engine,
    opts: &ReadOptions,
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
    let rest = io::Cursor::new(head).chain(reader);
    let result = match encoding {
        Encoding::Utf8 => scan_utf8(rest, bom, engine, opts, &mut report),
        Encoding::Utf16Le => scan_utf16(rest, encoding_rs::UTF_16LE, engine, opts, &mut report),
        Encoding::Utf16Be => scan_utf16(rest, encoding_rs::UTF_16BE, engine, opts, &mut report),
    };
    if let Err(e) = result {
        report.status =
            FileStatus::Error(format!("lỗi khi đọc (read error) sau {} byte: {e}", report.bytes));
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

/// Where to cut a buffer so that the piece ends at a line end (or, for an enormous line, at a
/// space or character boundary). `None`: read more first.
fn cut_point(buf: &[u8], eof: bool) -> Option<usize> {
    if eof {
        return Some(buf.len());
    }
    if let Some(nl) = memchr::memrchr(b'\n', buf) {
        return Some(nl + 1);
    }
    if buf.len() < MAX_LINE {
        return None;
    }
    if let Some(sp) = memchr::memrchr(b' ', buf) {
        return Some(sp + 1);
    }
    let mut i = buf.len();
    while i > 0 && (buf[i - 1] & 0xC0) == 0x80 {
        i -= 1;
    }
    Some(i.saturating_sub(1).max(1))
}

/// Tracks line numbers as pieces go by.
struct Lines {
    /// Line number (1-based) at the start of the current piece.
    line: u64,
}

impl Lines {
    /// Line and column (1-based; columns count characters) of each start offset in `piece`.
    /// `starts` must be sorted.
    fn locate(&self, piece: &[u8], starts: &[usize]) -> Vec<(u64, u64)> {
        let mut out = Vec::with_capacity(starts.len());
        let mut line = self.line;
        let mut pos = 0usize;
        let mut line_start = 0usize;
        for &s in starts {
            for nl in memchr::memchr_iter(b'\n', &piece[pos..s]) {
                line += 1;
                line_start = pos + nl + 1;
            }
            pos = s;
            // Characters, not bytes: count the bytes that start a UTF-8 sequence.
            let col =
                piece[line_start..s].iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64 + 1;
            out.push((line, col));
        }
        out
    }

    fn advance(&mut self, piece: &[u8]) {
        self.line += memchr::memchr_iter(b'\n', piece).count() as u64;
    }
}

fn scan_utf8<R: Read>(
    mut r: R,
    bom: usize,
    engine: &Engine,
    opts: &ReadOptions,
    report: &mut FileReport,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK + (64 << 10));
    let mut base: u64 = 0;
    let mut lines = Lines { line: 1 };
    let mut first = true;
    let mut invalid = 0u64;
    loop {
        let eof = fill(&mut r, &mut buf)?;
        if first {
            buf.drain(..bom.min(buf.len()));
            base = bom as u64;
            first = false;
        }
        let Some(cut) = cut_point(&buf, eof) else { continue };
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
        if !found.is_empty() {
            let starts: Vec<usize> = found.iter().map(|f| f.start).collect();
            let locs = lines.locate(piece, &starts);
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
        lines.advance(piece);
        base += cut as u64;
        report.bytes = base;
        buf.drain(..cut);
        if eof && buf.is_empty() {
            break;
        }
    }
    if invalid > 0 {
        report.notes.push(format!(
            "{invalid} byte không phải UTF-8 đã bỏ qua (non-UTF-8 bytes skipped; the file may use a legacy encoding)"
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
) -> io::Result<()> {
    let mut decoder = enc.new_decoder_with_bom_removal();
    let mut raw = Vec::with_capacity(CHUNK);
    let mut text = String::new();
    let mut carry = String::new();
    // File offset of the start of `carry` (2-byte BOM first).
    let mut base: u64 = 2;
    let mut lines = Lines { line: 1 };
    loop {
        raw.clear();
        let eof = fill(&mut r, &mut raw)?;
        text.clear();
        text.push_str(&carry);
        carry.clear();
        text.reserve(raw.len() * 3 / 2 + 16);
        let (_res, _read, had_errors) = decoder.decode_to_string(&raw, &mut text, eof);
        if had_errors {
            report.notes.push(
                "có ký tự UTF-16 lỗi đã được thay thế (malformed UTF-16 replaced)".to_string(),
            );
        }
        let cut = if eof { text.len() } else { text.rfind('\n').map_or(text.len(), |i| i + 1) };
        let piece = &text[..cut];
        let found = engine.detect(piece);
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
        Engine::new(Config { current_year: Some(2026), ..Config::default() })
    }

    #[test]
    fn offsets_lines_and_columns_in_utf8() {
        let text = "Dòng một\nHọ tên: A — CCCD 001090000001\n";
        let r = scan_bytes("t.txt", text.as_bytes(), &engine(), &ReadOptions { show_values: true });
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
