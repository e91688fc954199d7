//! Format detection from magic bytes, container contents and the file name.

use serde::Serialize;

/// A file format khien can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Plain text in any supported encoding.
    Text,
    /// Comma- (or semicolon-) separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// A JSON document.
    Json,
    /// JSON lines.
    Jsonl,
    /// HTML.
    Html,
    /// XML.
    Xml,
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML), including xlsm.
    Xlsx,
    /// Excel 97–2003 (BIFF).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument text.
    Odt,
    /// PowerPoint (Office Open XML).
    Pptx,
    /// PDF.
    Pdf,
    /// An e-mail message (RFC 5322).
    Eml,
    /// A mailbox of messages.
    Mbox,
    /// A zip archive.
    Zip,
    /// A tar archive.
    Tar,
    /// A gzip stream (a `.tar.gz` is read as gzip, then tar).
    Gzip,
    /// An encrypted Office document (an OLE container holding an `EncryptedPackage`).
    EncryptedOffice,
    /// An image (PNG, JPEG, GIF, TIFF, BMP, WebP): its text needs OCR, which the scanner runs.
    Image,
    /// Anything else (binary).
    Unknown,
}

impl Format {
    /// Whether the format stores its text as text in its own bytes (plain text, CSV, TSV,
    /// JSON, JSONL, HTML, XML): a finding can be reported at its offsets in the file, and a
    /// prefix cut by a limit can still be read.
    pub fn stores_text(self) -> bool {
        matches!(
            self,
            Format::Text
                | Format::Csv
                | Format::Tsv
                | Format::Json
                | Format::Jsonl
                | Format::Html
                | Format::Xml
        )
    }

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Xml => "xml",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Odt => "odt",
            Format::Pptx => "pptx",
            Format::Pdf => "pdf",
            Format::Eml => "eml",
            Format::Mbox => "mbox",
            Format::Zip => "zip",
            Format::Tar => "tar",
            Format::Gzip => "gzip",
            Format::EncryptedOffice => "encrypted_office",
            Format::Image => "image",
            Format::Unknown => "unknown",
        }
    }
}

fn ext_of(name: &str) -> String {
    let base = name.rsplit(['/', '\\', '!']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((_, e)) => e.to_ascii_lowercase(),
        None => String::new(),
    }
}

const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Detects the format of `bytes` called `name`.
pub fn detect_format(name: &str, bytes: &[u8]) -> Format {
    let ext = ext_of(name);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes, &ext);
    }
    if bytes.starts_with(b"%PDF")
        || (bytes.len() > 1024 && memchr::memmem::find(&bytes[..1024], b"%PDF-").is_some())
    {
        return Format::Pdf;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if is_image(bytes) {
        return Format::Image;
    }
    if bytes.len() >= 262 && &bytes[257..262] == b"ustar" {
        return Format::Tar;
    }
    if bytes.starts_with(CFB) {
        // An encrypted docx/xlsx/pptx is an OLE file with an "EncryptedPackage" stream; the
        // directory entry names are UTF-16LE.
        let needle: Vec<u8> =
            "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        if memchr::memmem::find(bytes, &needle).is_some() {
            return Format::EncryptedOffice;
        }
        return match ext.as_str() {
            "xls" | "xlt" => Format::Xls,
            _ if memchr::memmem::find(
                bytes,
                &"Workbook".encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>(),
            )
            .is_some() =>
            {
                Format::Xls
            }
            _ => Format::Unknown,
        };
    }
    if ext == "tar" && bytes.len() >= 512 && bytes.len().is_multiple_of(512) {
        return Format::Tar;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let is_binary = looks_binary(head);
    if is_binary {
        return Format::Unknown;
    }
    match ext.as_str() {
        "csv" => return Format::Csv,
        "tsv" | "tab" => return Format::Tsv,
        "json" | "geojson" => return Format::Json,
        "jsonl" | "ndjson" => return Format::Jsonl,
        "html" | "htm" | "xhtml" => return Format::Html,
        "xml" | "svg" | "xsd" | "rss" | "atom" => return Format::Xml,
        "eml" | "msg822" => return Format::Eml,
        "mbox" | "mbx" => return Format::Mbox,
        "txt" | "text" | "log" | "md" => return Format::Text,
        _ => {}
    }
    let t = skip_bom_ws(head);
    if t.starts_with(b"From ") && ext != "txt" {
        return Format::Mbox;
    }
    if starts_ci(t, b"<!doctype html") || starts_ci(t, b"<html") {
        return Format::Html;
    }
    if t.starts_with(b"<?xml") {
        return Format::Xml;
    }
    if looks_like_mail(t) {
        return Format::Eml;
    }
    if (t.starts_with(b"{") || t.starts_with(b"[")) && ext.is_empty() {
        return Format::Json;
    }
    Format::Text
}

/// PNG, JPEG, GIF, TIFF (both byte orders), BMP and WebP by their magic bytes.
fn is_image(b: &[u8]) -> bool {
    b.starts_with(b"\x89PNG\r\n\x1a\n")
        || b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"GIF87a")
        || b.starts_with(b"GIF89a")
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
        || is_bmp(b)
        || (b.len() > 12 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP")
}

/// A BMP file: "BM" alone starts text too ("BMI của bệnh nhân…", "BMW"), so the header must
/// also hold a known DIB header size (12, 40, 52, 56, 64, 108 or 124) at offset 14 and zero
/// high bytes in it.
fn is_bmp(b: &[u8]) -> bool {
    b.len() > 26
        && b.starts_with(b"BM")
        && matches!(
            u32::from_le_bytes([b[14], b[15], b[16], b[17]]),
            12 | 40 | 52 | 56 | 64 | 108 | 124
        )
}

fn zip_kind(bytes: &[u8], ext: &str) -> Format {
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Format::Zip;
    };
    let has = |n: &str| zip.index_for_name(n).is_some();
    if has("word/document.xml") {
        return Format::Docx;
    }
    if has("xl/workbook.xml") {
        return Format::Xlsx;
    }
    if has("ppt/presentation.xml") {
        return Format::Pptx;
    }
    if has("content.xml") {
        // The mimetype member is stored first and uncompressed; read it from the local header.
        if memchr::memmem::find(&bytes[..bytes.len().min(200)], b"opendocument.spreadsheet")
            .is_some()
        {
            return Format::Ods;
        }
        if memchr::memmem::find(&bytes[..bytes.len().min(200)], b"opendocument.text").is_some() {
            return Format::Odt;
        }
        match ext {
            "ods" => return Format::Ods,
            "odt" => return Format::Odt,
            _ => {}
        }
    }
    Format::Zip
}

fn skip_bom_ws(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn starts_ci(b: &[u8], p: &[u8]) -> bool {
    b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p)
}

fn looks_like_mail(t: &[u8]) -> bool {
    const HEADERS: &[&[u8]] = &[
        b"received:",
        b"return-path:",
        b"delivered-to:",
        b"message-id:",
        b"mime-version:",
        b"from:",
        b"to:",
        b"subject:",
        b"date:",
        b"x-",
    ];
    let mut hits = 0;
    for line in t.split(|&c| c == b'\n').take(20) {
        if line.is_empty() || line == b"\r" {
            break;
        }
        if HEADERS.iter().any(|h| starts_ci(line, h)) {
            hits += 1;
        }
    }
    hits >= 2
}

/// UTF-16 text has many NULs too, so it is not binary when the NULs sit on one parity.
fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    if nul == 0 {
        let ctrl = head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
            .count();
        return ctrl * 20 > head.len().max(1);
    }
    crate::text::utf16_guess(head).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_and_magic() {
        assert_eq!(detect_format("a.csv", b"a,b\n1,2\n"), Format::Csv);
        assert_eq!(detect_format("a", b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(detect_format("x.bin", b"\x1f\x8b\x08\0"), Format::Gzip);
        assert_eq!(
            detect_format("mail", b"From: a@b.vn\nTo: c@d.vn\nSubject: x\n\nhi"),
            Format::Eml
        );
        assert_eq!(detect_format("page", b"<!DOCTYPE html><html></html>"), Format::Html);
        assert_eq!(
            detect_format("x.dat", b"\0\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0b\x0e"),
            Format::Unknown
        );
    }

    #[test]
    fn text_starting_with_bm_is_text_and_a_bitmap_is_an_image() {
        let text = "BMI của bệnh nhân là 34, béo phì độ II theo phân loại của WHO.";
        assert_eq!(detect_format("ghi-chu.txt", text.as_bytes()), Format::Text);
        assert_eq!(
            detect_format("note", "BMW X5 biển số 30A-123.45 đã bán.".as_bytes()),
            Format::Text
        );
        // A 1×1 24-bit bitmap: file header, BITMAPINFOHEADER (40 bytes), one padded pixel row.
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&58u32.to_le_bytes());
        bmp.extend_from_slice(&[0; 4]);
        bmp.extend_from_slice(&54u32.to_le_bytes());
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&1i32.to_le_bytes());
        bmp.extend_from_slice(&1i32.to_le_bytes());
        bmp.extend_from_slice(&1u16.to_le_bytes());
        bmp.extend_from_slice(&24u16.to_le_bytes());
        bmp.extend_from_slice(&[0; 24]);
        bmp.extend_from_slice(&[0xff, 0xff, 0xff, 0]);
        assert_eq!(detect_format("scan.bmp", &bmp), Format::Image);
    }
}
