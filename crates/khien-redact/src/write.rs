//! Writes edits back through the extraction anchors: the text is replaced in the bytes it came
//! from, everything else is copied as it was.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::ops::Range;

use khien_extract::{Anchor, Codec, Extracted, Format, xml};

use crate::RedactError;

/// A replacement of a byte range of a segment's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the segment text.
    pub range: Range<usize>,
    /// The new text.
    pub text: String,
}

struct RawEdit {
    raw: Range<usize>,
    bytes: Vec<u8>,
}

fn apply_local(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (r, t) in edits {
        if r.start < pos {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(t);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

fn start_tag(raw: &[u8]) -> Option<(&[u8], Range<usize>)> {
    let tok = xml::Tokenizer::xml(raw).next()?;
    match tok {
        xml::Tok::Start { name, attrs, .. } => Some((name, attrs)),
        _ => None,
    }
}

fn encode(codec: Codec, text: &str, raw: &[u8]) -> Vec<u8> {
    match codec {
        Codec::Verbatim => text.as_bytes().to_vec(),
        Codec::Xml | Codec::Html => xml::escape_text(text).into_bytes(),
        Codec::XmlAttr => xml::escape_attr(text).into_bytes(),
        Codec::JsonString => {
            serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()).into_bytes()
        }
        Codec::JsonNumber => {
            if !text.is_empty()
                && text.bytes().all(|b| b.is_ascii_digit())
                && (text == "0" || !text.starts_with('0'))
            {
                text.as_bytes().to_vec()
            } else {
                serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()).into_bytes()
            }
        }
        Codec::Csv(d) => {
            khien_extract::encode_csv_field(text, d, raw.first() == Some(&b'"')).into_bytes()
        }
        Codec::XlsxNumberCell => {
            let mut out = b"<c".to_vec();
            if let Some((_, attrs)) = start_tag(raw) {
                for a in xml::attrs(raw, attrs) {
                    if a.name != b"t" {
                        out.push(b' ');
                        out.extend_from_slice(a.name);
                        out.extend_from_slice(b"=\"");
                        out.extend_from_slice(&raw[a.value]);
                        out.push(b'"');
                    }
                }
            }
            out.extend_from_slice(b" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
            out.extend_from_slice(xml::escape_text(text).as_bytes());
            out.extend_from_slice(b"</t></is></c>");
            out
        }
        Codec::OdsNumberCell => {
            let (name, attrs) = start_tag(raw).unwrap_or((b"table:table-cell", 0..0));
            let mut out = vec![b'<'];
            out.extend_from_slice(name);
            for a in xml::attrs(raw, attrs) {
                let n = a.name;
                if matches!(
                    n,
                    b"office:value"
                        | b"office:value-type"
                        | b"calcext:value-type"
                        | b"office:date-value"
                        | b"office:time-value"
                        | b"office:boolean-value"
                        | b"office:currency"
                        | b"table:formula"
                ) {
                    continue;
                }
                out.push(b' ');
                out.extend_from_slice(n);
                out.extend_from_slice(b"=\"");
                out.extend_from_slice(&raw[a.value]);
                out.push(b'"');
            }
            out.extend_from_slice(
                b" office:value-type=\"string\" calcext:value-type=\"string\"><text:p>",
            );
            out.extend_from_slice(xml::escape_text(text).as_bytes());
            out.extend_from_slice(b"</text:p></");
            out.extend_from_slice(name);
            out.push(b'>');
            out
        }
        _ => text.as_bytes().to_vec(),
    }
}

fn raw_of<'a>(ex: &'a Extracted, input: &'a [u8], part: usize) -> &'a [u8] {
    if part == Anchor::INPUT { input } else { ex.parts.get(part).map_or(&[][..], |p| &p.data[..]) }
}

/// Applies segment edits (`edits[i]` for `ex.segments[i]`, sorted, not overlapping) and
/// assembles the output file.
pub(crate) fn write(
    name: &str,
    input: &[u8],
    ex: &Extracted,
    edits: &[Vec<Edit>],
) -> Result<(Vec<u8>, Vec<String>), RedactError> {
    let mut notes = Vec::new();
    let mut raw_edits: HashMap<usize, Vec<RawEdit>> = HashMap::new();
    let mut unanchored = 0usize;
    for (seg, seg_edits) in ex.segments.iter().zip(edits) {
        if seg_edits.is_empty() {
            continue;
        }
        let mut assigned = vec![false; seg_edits.len()];
        for a in &seg.anchors {
            let mut local: Vec<(Range<usize>, String)> = Vec::new();
            for (k, e) in seg_edits.iter().enumerate() {
                let s = e.range.start.max(a.seg.start);
                let en = e.range.end.min(a.seg.end);
                if s < en {
                    let t = if assigned[k] { String::new() } else { e.text.clone() };
                    assigned[k] = true;
                    local.push((s - a.seg.start..en - a.seg.start, t));
                }
            }
            if local.is_empty() {
                continue;
            }
            let node = &seg.text[a.seg.clone()];
            let mut new_text = apply_local(node, &local);
            if let Some(l) = a.legacy {
                new_text = l.encode_str(&new_text);
            }
            let raw = raw_of(ex, input, a.part).get(a.raw.clone()).unwrap_or(&[]);
            raw_edits
                .entry(a.part)
                .or_default()
                .push(RawEdit { raw: a.raw.clone(), bytes: encode(a.codec, &new_text, raw) });
        }
        unanchored += assigned.iter().filter(|a| !**a).count();
    }
    if unanchored > 0 {
        notes.push(format!("{unanchored} finding(s) lie in text the format does not let us rewrite; see the residual findings"));
    }
    let mut new_parts: HashMap<usize, Vec<u8>> = HashMap::new();
    for (part, mut list) in raw_edits {
        list.sort_by_key(|e| (e.raw.start, e.raw.end));
        let src = raw_of(ex, input, part);
        let mut out = Vec::with_capacity(src.len());
        let mut pos = 0;
        for e in list {
            if e.raw.start < pos || e.raw.end > src.len() {
                continue; // The same shared string edited from two cells: the first wins.
            }
            out.extend_from_slice(&src[pos..e.raw.start]);
            out.extend_from_slice(&e.bytes);
            pos = e.raw.end;
        }
        out.extend_from_slice(&src[pos..]);
        new_parts.insert(part, out);
    }
    let format = ex.format.unwrap_or(Format::Unknown);
    match format {
        Format::Docx | Format::Xlsx | Format::Pptx | Format::Odt | Format::Ods => {
            let mut by_name: HashMap<&str, Vec<u8>> = HashMap::new();
            for (idx, data) in new_parts {
                if let Some(p) = ex.parts.get(idx) {
                    by_name.insert(p.name.as_str(), data);
                }
            }
            Ok((rezip(name, input, &by_name)?, notes))
        }
        _ => {
            if let Some(out) = new_parts.remove(&Anchor::INPUT) {
                return Ok((out, notes));
            }
            let Some(decoded) =
                new_parts.remove(&0).or_else(|| ex.parts.first().map(|p| p.data.clone()))
            else {
                return Ok((input.to_vec(), notes));
            };
            let text = String::from_utf8_lossy(&decoded).into_owned();
            Ok((reencode(input, &text, ex.encoding.unwrap_or("utf-8"), &mut notes), notes))
        }
    }
}

fn reencode(input: &[u8], text: &str, encoding: &str, notes: &mut Vec<String>) -> Vec<u8> {
    match encoding {
        "utf-16le" | "utf-16be" => {
            let le = encoding == "utf-16le";
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
                out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        }
        "tcvn3" | "vni" => {
            let l = if encoding == "tcvn3" {
                khien_extract::Legacy::Tcvn3
            } else {
                khien_extract::Legacy::Vni
            };
            match l.encode_bytes(text) {
                Some(b) => {
                    notes.push(format!(
                        "written back in the legacy {} encoding of the original",
                        encoding.to_uppercase()
                    ));
                    b
                }
                None => {
                    notes.push(format!(
                        "the original was in {}; the output is UTF-8",
                        encoding.to_uppercase()
                    ));
                    text.as_bytes().to_vec()
                }
            }
        }
        "utf-8+tcvn3" => khien_extract::Legacy::Tcvn3.encode_str(text).into_bytes(),
        "utf-8+vni" => khien_extract::Legacy::Vni.encode_str(text).into_bytes(),
        "utf-8" => text.as_bytes().to_vec(),
        khien_extract::UTF8_REPAIRED => {
            notes.push(
                "the original held invalid UTF-8 bytes; they were replaced by U+FFFD in the copy"
                    .into(),
            );
            text.as_bytes().to_vec()
        }
        "windows-1258" => match khien_extract::encode_windows_1258(text) {
            Some(b) => b,
            None => {
                notes.push("the original was in windows-1258; the output is UTF-8".into());
                text.as_bytes().to_vec()
            }
        },
        other => {
            if let Some(enc) = encoding_rs::Encoding::for_label(other.as_bytes()) {
                let (b, _, unmappable) = enc.encode(text);
                if !unmappable {
                    return b.into_owned();
                }
            }
            notes.push(format!("the original was in {other}; the output is UTF-8"));
            text.as_bytes().to_vec()
        }
    }
}

/// Copies a zip, replacing the members named in `replace`; every other member is copied
/// byte for byte (same compression, same order).
pub(crate) fn rezip(
    name: &str,
    input: &[u8],
    replace: &HashMap<&str, Vec<u8>>,
) -> Result<Vec<u8>, RedactError> {
    let zerr = |e: zip::result::ZipError| RedactError::Write {
        name: name.to_string(),
        detail: e.to_string(),
    };
    let mut ar = zip::ZipArchive::new(Cursor::new(input)).map_err(zerr)?;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(input.len() + 1024)));
    for i in 0..ar.len() {
        let f = ar.by_index_raw(i).map_err(zerr)?;
        let fname = f.name().map_err(zerr)?.into_owned();
        if let Some(data) = replace.get(fname.as_str()) {
            let method = match f.compression() {
                zip::CompressionMethod::Stored => zip::CompressionMethod::Stored,
                _ => zip::CompressionMethod::Deflated,
            };
            let mut opts = zip::write::SimpleFileOptions::default()
                .compression_method(method)
                .large_file(data.len() as u64 >= u32::MAX as u64);
            if let Some(t) = f.last_modified() {
                opts = opts.last_modified_time(t);
            }
            drop(f);
            w.start_file(fname, opts).map_err(zerr)?;
            w.write_all(data).map_err(|e| RedactError::Write {
                name: name.to_string(),
                detail: e.to_string(),
            })?;
        } else {
            w.raw_copy_file(f).map_err(zerr)?;
        }
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_edits() {
        assert_eq!(apply_local("abc 0912 xyz", &[(4..8, "[P]".into())]), "abc [P] xyz");
        assert_eq!(encode(Codec::Csv(b','), "a,b", b"x"), b"\"a,b\"");
        assert_eq!(encode(Codec::JsonNumber, "[SỐ CCCD]", b"1"), "\"[SỐ CCCD]\"".as_bytes());
        let cell =
            encode(Codec::XlsxNumberCell, "[X]", br#"<c r="B2" s="1"><v>79203000111</v></c>"#);
        assert_eq!(
            String::from_utf8(cell).unwrap(),
            r#"<c r="B2" s="1" t="inlineStr"><is><t xml:space="preserve">[X]</t></is></c>"#
        );
    }
}
