//! Office Open XML (docx, pptx, xlsx) and the paragraph collector shared with OpenDocument.

use std::collections::HashMap;

use crate::archive::{ZipDoc, open_zip};
use crate::xml::{self, Tok, Tokenizer};
use std::sync::Arc;

use crate::{Anchor, CellRef, Codec, Cx, ExtractError, Format, Location, Segment};

/// Text inserted for an element: (local name, source, attribute range) → text.
pub(crate) type InsertFn = fn(&[u8], &[u8], std::ops::Range<usize>) -> Option<String>;

/// How paragraphs are written in one XML vocabulary.
pub(crate) struct ParaSpec {
    /// Local names of paragraph elements.
    pub para: &'static [&'static [u8]],
    /// Local names of the elements whose text counts; `None`: all text inside a paragraph.
    pub text_in: Option<&'static [&'static [u8]]>,
    /// Local names of elements whose text never counts (phonetic runs, field codes).
    pub skip: &'static [&'static [u8]],
    /// Text inserted for an empty or start element (tab, break, ODF spaces).
    pub insert: InsertFn,
}

fn ooxml_insert(local: &[u8], _: &[u8], _: std::ops::Range<usize>) -> Option<String> {
    match local {
        b"tab" => Some("\t".into()),
        b"br" | b"cr" => Some("\n".into()),
        _ => None,
    }
}

pub(crate) const WORD: ParaSpec = ParaSpec {
    para: &[b"p"],
    text_in: Some(&[b"t", b"delText", b"instrText"]),
    skip: &[b"rPh", b"pPr"],
    insert: ooxml_insert,
};

/// Collects the paragraphs of an XML part. `part` is the anchor part index when anchors are
/// wanted.
pub(crate) fn paragraphs(
    cx: &mut Cx<'_>,
    member: &str,
    src: &[u8],
    part: Option<usize>,
    label: &str,
    spec: &ParaSpec,
) {
    let mut stack: Vec<Segment> = Vec::new();
    let mut index = 0u32;
    let mut text_depth = 0u32;
    let mut skip_depth = 0u32;
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, attrs, empty, .. } => {
                let l = xml::local(name);
                if spec.skip.contains(&l) && !empty {
                    skip_depth += 1;
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                if spec.para.contains(&l) {
                    index += 1;
                    if empty {
                        continue;
                    }
                    stack.push(Segment::new(
                        String::new(),
                        Location::Paragraph { part: label.to_string(), index },
                    ));
                } else if let Some(s) = (spec.insert)(l, src, attrs) {
                    if let Some(seg) = stack.last_mut() {
                        seg.text.push_str(&s);
                    }
                } else if !empty && spec.text_in.is_some_and(|t| t.contains(&l)) {
                    text_depth += 1;
                }
            }
            Tok::End { name, .. } => {
                let l = xml::local(name);
                if spec.skip.contains(&l) {
                    skip_depth = skip_depth.saturating_sub(1);
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                if spec.para.contains(&l) {
                    if let Some(seg) = stack.pop() {
                        cx.push(member, seg);
                    }
                } else if spec.text_in.is_some_and(|t| t.contains(&l)) {
                    text_depth = text_depth.saturating_sub(1);
                }
            }
            Tok::Text(r) | Tok::CData(r) | Tok::Script(r) => {
                if skip_depth > 0 || (spec.text_in.is_some() && text_depth == 0) {
                    continue;
                }
                let Some(seg) = stack.last_mut() else { continue };
                Anchor::push_xml_text(&mut seg.text, &mut seg.anchors, src, r, part);
            }
        }
    }
    while let Some(seg) = stack.pop() {
        cx.push(member, seg);
    }
}

/// Document properties (`docProps/core.xml`, `meta.xml`): author, last editor, title…
pub(crate) fn properties(cx: &mut Cx<'_>, member: &str, src: &[u8], part: Option<usize>) {
    let mut current: Option<String> = None;
    let mut index = 0;
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, empty, .. } if !empty => {
                current = Some(String::from_utf8_lossy(xml::local(name)).into_owned())
            }
            Tok::End { .. } => current = None,
            Tok::Text(r) => {
                let Some(field) = &current else { continue };
                let d = xml::decode(&src[r.clone()], false).into_owned();
                index += 1;
                let mut seg = Segment::new(
                    d.clone(),
                    Location::Paragraph { part: "properties".into(), index },
                );
                seg.field = Some(field.as_str().into());
                if let Some(p) = part {
                    seg.anchors.push(Anchor {
                        seg: 0..d.len(),
                        part: p,
                        raw: r,
                        codec: Codec::Xml,
                        legacy: None,
                    });
                }
                cx.push(member, seg);
            }
            _ => {}
        }
    }
}

fn number_suffix(name: &str, prefix: &str) -> Option<u32> {
    name.strip_prefix(prefix)?.strip_suffix(".xml")?.parse().ok()
}

/// Reads a part and registers it for anchors.
pub(crate) fn load_part(
    cx: &mut Cx<'_>,
    z: &mut ZipDoc<'_>,
    member: &str,
    name: &str,
    depth: u32,
) -> Option<(Vec<u8>, Option<usize>)> {
    let data = z.read(cx, member, name)?;
    if name.ends_with(".xml") && !crate::xml::root_closed(&data) {
        let m = if member.is_empty() { name.to_string() } else { format!("{member}!{name}") };
        cx.note(
            &m,
            crate::NoteKind::Truncated,
            format!(
                "phần {name} bị cắt cụt, chỉ đọc được tới chỗ hỏng (part {name} ends before its root element closes: the file is damaged or cut; read as far as it goes)"
            ),
        );
    }
    let part = if cx.anchors(depth) { Some(cx.add_part(name, data.clone())) } else { None };
    Some((data, part))
}

/// Embedded documents (`word/embeddings/…`) are extracted as members.
pub(crate) fn embeddings(
    cx: &mut Cx<'_>,
    z: &mut ZipDoc<'_>,
    member: &str,
    depth: u32,
    dirs: &[&str],
) {
    if cx.opts.no_recurse {
        return;
    }
    let names: Vec<String> = z
        .names()
        .into_iter()
        .filter(|n| dirs.iter().any(|d| n.starts_with(d)) && !n.ends_with('/'))
        .collect();
    for n in names {
        let m = crate::join_member(member, &n);
        if let Some(data) = z.read(cx, &m, &n) {
            crate::nested(cx, &m, &data, depth + 1);
        }
    }
}

pub(crate) fn extract_doc(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
    format: Format,
) -> Result<(), ExtractError> {
    let mut z = open_zip(name, bytes, format.code())?;
    let mut parts: Vec<(String, String)> = Vec::new();
    for n in z.names() {
        let label = if format == Format::Docx {
            match n.as_str() {
                "word/document.xml" => Some("body".to_string()),
                "word/footnotes.xml" => Some("footnotes".into()),
                "word/endnotes.xml" => Some("endnotes".into()),
                "word/comments.xml" => Some("comments".into()),
                _ => n
                    .strip_prefix("word/")
                    .and_then(|r| r.strip_suffix(".xml"))
                    .filter(|r| r.starts_with("header") || r.starts_with("footer"))
                    .map(str::to_string),
            }
        } else if let Some(k) = number_suffix(&n, "ppt/slides/slide") {
            Some(format!("slide {k}"))
        } else {
            number_suffix(&n, "ppt/notesSlides/notesSlide").map(|k| format!("notes {k}"))
        };
        if let Some(l) = label {
            parts.push((n, l));
        }
    }
    // Body first, then slides in numeric order.
    parts.sort_by_key(|(n, l)| {
        let k: u32 = l.rsplit(' ').next().and_then(|d| d.parse().ok()).unwrap_or(0);
        (!n.ends_with("document.xml"), l.starts_with("notes"), k, n.clone())
    });
    let mut handled: Vec<String> = vec!["docProps/core.xml".into()];
    for (n, label) in parts {
        if cx.time_up(member, &format!("part {n}")) {
            break;
        }
        handled.push(n.clone());
        let Some((data, part)) = load_part(cx, &mut z, member, &n, depth) else { continue };
        paragraphs(cx, member, &data, part, &label, &WORD);
    }
    if let Some((data, part)) = z
        .has("docProps/core.xml")
        .then(|| load_part(cx, &mut z, member, "docProps/core.xml", depth))
        .flatten()
    {
        properties(cx, member, &data, part);
    }
    other_parts(cx, &mut z, member, depth, &handled);
    embeddings(cx, &mut z, member, depth, &["word/embeddings/", "ppt/embeddings/"]);
    if cx.opts.images {
        // Pictures pasted into the document: a scanned ID card in a Word file.
        embeddings(cx, &mut z, member, depth, &["word/media/", "ppt/media/"]);
    }
    Ok(())
}

/// Parts that hold formatting or structure only, never personal data.
fn structural(name: &str) -> bool {
    const SKIP_NAMES: &[&str] = &[
        "[Content_Types].xml",
        "styles.xml",
        "stylesWithEffects.xml",
        "settings.xml",
        "fontTable.xml",
        "webSettings.xml",
        "numbering.xml",
        "app.xml",
        "calcChain.xml",
        "manifest.xml",
        "presProps.xml",
        "viewProps.xml",
        "tableStyles.xml",
        "workbook.xml",
    ];
    const SKIP_DIRS: &[&str] = &[
        "theme/",
        "slideLayouts/",
        "slideMasters/",
        "printerSettings/",
        "glossary/styles",
        "Configurations2/",
        "Thumbnails/",
    ];
    let base = name.rsplit('/').next().unwrap_or(name);
    SKIP_NAMES.contains(&base)
        || SKIP_DIRS.iter().any(|d| name.contains(d))
        || !(name.ends_with(".xml") || name.ends_with(".rels"))
}

/// Every other XML part (pivot caches, chart caches, comments, drawings with text boxes,
/// custom XML, hyperlink targets in relationships) is read as generic XML, so nothing a
/// person could read in the file escapes the scan or the redaction.
pub(crate) fn other_parts(
    cx: &mut Cx<'_>,
    z: &mut ZipDoc<'_>,
    member: &str,
    depth: u32,
    handled: &[String],
) {
    let names: Vec<String> =
        z.names().into_iter().filter(|n| !handled.contains(n) && !structural(n)).collect();
    for n in names {
        if cx.time_up(member, &format!("part {n}")) {
            break;
        }
        let Some((data, part)) = load_part(cx, z, member, &n, depth) else { continue };
        generic_xml(cx, member, &data, part, &n);
    }
}

/// Text nodes and attribute values of an XML part, each a segment with its element or
/// attribute name as the field.
pub(crate) fn generic_xml(
    cx: &mut Cx<'_>,
    member: &str,
    src: &[u8],
    part: Option<usize>,
    label: &str,
) {
    let mut stack: Vec<String> = Vec::new();
    let mut index = 0u32;
    let emit = |cx: &mut Cx<'_>,
                text: String,
                field: Option<String>,
                raw: std::ops::Range<usize>,
                codec: Codec,
                index: &mut u32| {
        if text.trim().is_empty() || text.trim().parse::<f64>().is_ok_and(|_| text.trim().len() < 6)
        {
            return;
        }
        *index += 1;
        let mut seg =
            Segment::new(text, Location::Paragraph { part: label.to_string(), index: *index });
        seg.field = field.map(Arc::from);
        if let Some(p) = part {
            seg.anchors.push(Anchor { seg: 0..seg.text.len(), part: p, raw, codec, legacy: None });
        }
        cx.push(member, seg);
    };
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, attrs, empty, .. } => {
                for a in xml::attrs(src, attrs) {
                    let an = xml::local(a.name);
                    if a.name.starts_with(b"xmlns")
                        || matches!(
                            an,
                            b"id"
                                | b"Id"
                                | b"Type"
                                | b"r"
                                | b"s"
                                | b"t"
                                | b"ref"
                                | b"sqref"
                                | b"numFmtId"
                        )
                    {
                        continue;
                    }
                    let d = xml::decode(&src[a.value.clone()], false).into_owned();
                    emit(
                        cx,
                        d,
                        Some(String::from_utf8_lossy(an).into_owned()),
                        a.value,
                        Codec::XmlAttr,
                        &mut index,
                    );
                }
                if !empty {
                    stack.push(String::from_utf8_lossy(xml::local(name)).into_owned());
                }
            }
            Tok::End { .. } => {
                stack.pop();
            }
            Tok::Text(r) => {
                let d = xml::decode(&src[r.clone()], false).into_owned();
                emit(cx, d, stack.last().cloned(), r, Codec::Xml, &mut index);
            }
            Tok::CData(r) | Tok::Script(r) => {
                let d = String::from_utf8_lossy(&src[r.clone()]).into_owned();
                emit(cx, d, stack.last().cloned(), r, Codec::Verbatim, &mut index);
            }
        }
    }
}

/// Normalises an xlsx number as text: integers without exponent or decimal point.
pub(crate) fn number_text(raw: &str) -> String {
    let t = raw.trim();
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.to_string();
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => t.to_string(),
    }
}

struct SharedString {
    text: String,
    anchors: Vec<Anchor>,
}

fn shared_strings(src: &[u8], part: Option<usize>) -> Vec<SharedString> {
    let mut out = Vec::new();
    let mut cur: Option<SharedString> = None;
    let mut in_t = 0u32;
    let mut in_rph = 0u32;
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, empty, .. } => match xml::local(name) {
                b"si" if !empty => {
                    cur = Some(SharedString { text: String::new(), anchors: Vec::new() })
                }
                b"si" => out.push(SharedString { text: String::new(), anchors: Vec::new() }),
                b"t" if !empty => in_t += 1,
                b"rPh" if !empty => in_rph += 1,
                _ => {}
            },
            Tok::End { name, .. } => match xml::local(name) {
                b"si" => out.extend(cur.take()),
                b"t" => in_t = in_t.saturating_sub(1),
                b"rPh" => in_rph = in_rph.saturating_sub(1),
                _ => {}
            },
            Tok::Text(r) if in_t > 0 && in_rph == 0 => {
                if let Some(s) = &mut cur {
                    Anchor::push_xml_text(&mut s.text, &mut s.anchors, src, r, part);
                }
            }
            _ => {}
        }
    }
    out
}

/// Parses an A1 reference into 0-based (row, column).
pub(crate) fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col = 0u32;
    for b in r[..letters].bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

pub(crate) struct Cell {
    pub row: u32,
    pub col: u32,
    pub text: String,
    pub numeric: bool,
    pub anchors: Vec<Anchor>,
}

/// Emits cells as segments, with the first text row as the column headers.
pub(crate) fn emit_cells(cx: &mut Cx<'_>, member: &str, sheet: &str, cells: Vec<Cell>) {
    let header_row =
        cells.iter().filter(|c| !c.numeric && !c.text.trim().is_empty()).map(|c| c.row).min();
    // Headers by column (a vector: looked up for every cell).
    let mut header: Vec<Option<Arc<str>>> = Vec::new();
    if let Some(h) = header_row {
        for c in cells.iter().filter(|c| c.row == h) {
            let text = c.text.trim();
            if text.is_empty() {
                continue;
            }
            let col = c.col as usize;
            if header.len() <= col {
                header.resize(col + 1, None);
            }
            header[col] = Some(Arc::from(text));
        }
    }
    let sheet: Arc<str> = Arc::from(sheet);
    cx.reserve_segments(cells.len());
    for c in cells {
        let mut seg = Segment::new(
            c.text,
            Location::Cell { sheet: Some(Arc::clone(&sheet)), cell: CellRef::new(c.row, c.col) },
        );
        if header_row.is_some_and(|h| c.row > h) {
            seg.field = header.get(c.col as usize).cloned().flatten();
        }
        seg.numeric = c.numeric;
        seg.anchors = c.anchors;
        cx.push(member, seg);
    }
}

/// Cell formats (xf indexes) that display dates, and the workbook's date system.
#[derive(Debug, Default)]
pub(crate) struct DateStyles {
    xfs: std::collections::HashSet<u32>,
    date1904: bool,
}

fn date_styles(styles: &[u8]) -> DateStyles {
    let mut custom_dates = std::collections::HashSet::new();
    let mut out = DateStyles::default();
    let mut in_xfs = false;
    let mut idx = 0u32;
    for tok in Tokenizer::xml(styles) {
        match tok {
            Tok::Start { name, attrs, empty, .. } => match xml::local(name) {
                b"numFmt" => {
                    let id = xml::attr_value(styles, attrs.clone(), b"numFmtId")
                        .and_then(|v| v.parse::<u32>().ok());
                    let code = xml::attr_value(styles, attrs, b"formatCode").unwrap_or_default();
                    if let Some(id) = id
                        && is_date_format(&code)
                    {
                        custom_dates.insert(id);
                    }
                }
                b"cellXfs" if !empty => in_xfs = true,
                b"xf" if in_xfs => {
                    let id = xml::attr_value(styles, attrs, b"numFmtId")
                        .and_then(|v| v.parse::<u32>().ok())
                        .unwrap_or(0);
                    if (14..=22).contains(&id)
                        || (45..=47).contains(&id)
                        || custom_dates.contains(&id)
                    {
                        out.xfs.insert(idx);
                    }
                    idx += 1;
                }
                _ => {}
            },
            Tok::End { name, .. } if xml::local(name) == b"cellXfs" => in_xfs = false,
            _ => {}
        }
    }
    out
}

/// Whether a number format code shows a date: d, m or y outside quotes and brackets (m
/// without h or s, which would be minutes).
fn is_date_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let time = code.contains(['h', 'H', 's', 'S']);
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'd' | 'D' | 'y' | 'Y' if !quoted && !bracket => return true,
            'm' | 'M' if !quoted && !bracket && !time => return true,
            _ => {}
        }
    }
    false
}

/// An Excel date serial as `dd/mm/yyyy` (the Vietnamese order).
pub(crate) fn serial_to_date(v: &str, date1904: bool) -> Option<String> {
    let f: f64 = v.trim().parse().ok()?;
    if !(1.0..=2_958_465.0).contains(&f) {
        return None;
    }
    let serial = f.floor() as i64;
    // Days since 1970-01-01. The 1900 system counts a 29 February 1900 that never was; the
    // 1904 system starts on 1 January 1904.
    let days = if date1904 {
        serial - 24_107
    } else if serial < 60 {
        serial - 25_568
    } else {
        serial - 25_569
    };
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{d:02}/{m:02}/{y}"))
}

/// Page headers and footers of a sheet (`<oddHeader>&amp;LNguyễn Văn A…</oddHeader>`).
fn header_footer(cx: &mut Cx<'_>, member: &str, src: &[u8], part: Option<usize>, sheet: &str) {
    const HF: &[&[u8]] =
        &[b"oddHeader", b"oddFooter", b"evenHeader", b"evenFooter", b"firstHeader", b"firstFooter"];
    let mut inside = false;
    let mut index = 0;
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, empty, .. } => inside = !empty && HF.contains(&xml::local(name)),
            Tok::End { .. } => inside = false,
            Tok::Text(r) if inside => {
                let d = xml::decode(&src[r.clone()], false).into_owned();
                index += 1;
                let mut seg = Segment::new(
                    d,
                    Location::Paragraph { part: format!("{sheet} header/footer"), index },
                );
                if let Some(p) = part {
                    seg.anchors.push(Anchor {
                        seg: 0..seg.text.len(),
                        part: p,
                        raw: r,
                        codec: Codec::Xml,
                        legacy: None,
                    });
                }
                cx.push(member, seg);
            }
            _ => {}
        }
    }
}

fn sheet_cells(
    src: &[u8],
    part: Option<usize>,
    sst: &[SharedString],
    dates: &DateStyles,
) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut row = 0u32;
    let mut next_row = 0u32;
    let mut next_col = 0u32;
    // Current cell: (row, col, type, start of <c>).
    // Current cell: (row, col, type, start of <c>, date-formatted).
    let mut cur: Option<(u32, u32, String, usize, bool)> = None;
    let mut v_text = String::new();
    let mut v_range: Option<std::ops::Range<usize>> = None;
    let mut inline = SharedString { text: String::new(), anchors: Vec::new() };
    let mut in_v = false;
    let mut in_t = false;
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, attrs, empty, span } => match xml::local(name) {
                b"row" => {
                    row = xml::attr_value(src, attrs, b"r")
                        .and_then(|r| r.parse::<u32>().ok())
                        .map_or(next_row, |r| r.saturating_sub(1));
                    next_row = row + 1;
                    next_col = 0;
                }
                b"c" => {
                    // One pass over the cell's attributes (every cell of a sheet comes here).
                    let (mut at, mut t, mut style) = (None, String::new(), None);
                    for a in xml::attr_iter(src, attrs) {
                        let value = || xml::decode(&src[a.value.clone()], false);
                        match a.name {
                            b"r" => at = parse_ref(&value()),
                            b"t" => t = value().into_owned(),
                            b"s" => style = value().parse::<u32>().ok(),
                            _ => {}
                        }
                    }
                    let (r, c) = at.unwrap_or((row, next_col));
                    next_col = c + 1;
                    let date = style.is_some_and(|s| dates.xfs.contains(&s));
                    if empty {
                        continue;
                    }
                    cur = Some((r, c, t, span.start, date));
                    v_text.clear();
                    v_range = None;
                    inline = SharedString { text: String::new(), anchors: Vec::new() };
                }
                b"v" if !empty => in_v = true,
                b"t" if !empty => in_t = true,
                _ => {}
            },
            Tok::Text(r) => {
                if in_v {
                    v_text.push_str(&xml::decode(&src[r.clone()], false));
                    v_range = Some(r);
                } else if in_t && cur.is_some() {
                    Anchor::push_xml_text(&mut inline.text, &mut inline.anchors, src, r, part);
                }
            }
            Tok::End { name, span } => match xml::local(name) {
                b"v" => in_v = false,
                b"t" => in_t = false,
                b"c" => {
                    let Some((r, c, t, start, date)) = cur.take() else { continue };
                    let cell = match t.as_str() {
                        "s" => {
                            v_text.trim().parse::<usize>().ok().and_then(|i| sst.get(i)).map(|s| {
                                Cell {
                                    row: r,
                                    col: c,
                                    text: s.text.clone(),
                                    numeric: false,
                                    anchors: s.anchors.clone(),
                                }
                            })
                        }
                        "inlineStr" => Some(Cell {
                            row: r,
                            col: c,
                            text: std::mem::take(&mut inline.text),
                            numeric: false,
                            anchors: std::mem::take(&mut inline.anchors),
                        }),
                        "str" | "d" => v_range.clone().map(|vr| {
                            let anchors = part
                                .map(|p| {
                                    vec![Anchor {
                                        seg: 0..v_text.len(),
                                        part: p,
                                        raw: vr,
                                        codec: Codec::Xml,
                                        legacy: None,
                                    }]
                                })
                                .unwrap_or_default();
                            Cell { row: r, col: c, text: v_text.clone(), numeric: false, anchors }
                        }),
                        "b" | "e" => None,
                        _ => v_range.as_ref().map(|_| {
                            // A date (a date of birth typed as a date) reads as dd/mm/yyyy.
                            let as_date =
                                if date { serial_to_date(&v_text, dates.date1904) } else { None };
                            let numeric = as_date.is_none();
                            let text = as_date.unwrap_or_else(|| number_text(&v_text));
                            let anchors = part
                                .map(|p| {
                                    vec![Anchor {
                                        seg: 0..text.len(),
                                        part: p,
                                        raw: start..span.end,
                                        codec: Codec::XlsxNumberCell,
                                        legacy: None,
                                    }]
                                })
                                .unwrap_or_default();
                            Cell { row: r, col: c, text, numeric, anchors }
                        }),
                    };
                    cells.extend(cell.filter(|c| !c.text.is_empty()));
                }
                _ => {}
            },
            Tok::CData(_) | Tok::Script(_) => {}
        }
    }
    cells
}

fn resolve_target(target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = vec!["xl"];
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

pub(crate) fn extract_xlsx(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let mut z = open_zip(name, bytes, "xlsx")?;
    let wb = z.read(cx, member, "xl/workbook.xml").ok_or_else(|| ExtractError::Malformed {
        name: name.to_string(),
        format: "xlsx",
        detail: "xl/workbook.xml is missing or unreadable".into(),
    })?;
    let rels = z.read(cx, member, "xl/_rels/workbook.xml.rels").unwrap_or_default();
    let mut targets: HashMap<String, String> = HashMap::new();
    for tok in Tokenizer::xml(&rels) {
        if let Tok::Start { name, attrs, .. } = tok
            && xml::local(name) == b"Relationship"
            && let (Some(id), Some(t)) = (
                xml::attr_value(&rels, attrs.clone(), b"Id"),
                xml::attr_value(&rels, attrs, b"Target"),
            )
        {
            targets.insert(id.into_owned(), resolve_target(&t));
        }
    }
    let mut sheets: Vec<(String, String)> = Vec::new();
    for tok in Tokenizer::xml(&wb) {
        if let Tok::Start { name, attrs, .. } = tok
            && xml::local(name) == b"sheet"
        {
            let sname = xml::attr_value(&wb, attrs.clone(), b"name")
                .map(|s| s.into_owned())
                .unwrap_or_default();
            let rid = xml::attrs(&wb, attrs)
                .into_iter()
                .find(|a| xml::local(a.name) == b"id")
                .map(|a| String::from_utf8_lossy(&wb[a.value]).into_owned());
            if let Some(t) = rid.and_then(|r| targets.get(&r)) {
                sheets.push((sname, t.clone()));
            }
        }
    }
    let sst = match z
        .has("xl/sharedStrings.xml")
        .then(|| load_part(cx, &mut z, member, "xl/sharedStrings.xml", depth))
        .flatten()
    {
        Some((data, part)) => shared_strings(&data, part),
        None => Vec::new(),
    };
    let mut handled: Vec<String> =
        vec!["docProps/core.xml".into(), "xl/sharedStrings.xml".into(), "xl/workbook.xml".into()];
    let mut dates = date_styles(&z.read(cx, member, "xl/styles.xml").unwrap_or_default());
    dates.date1904 = memchr::memmem::find(&wb, b"date1904=\"1\"").is_some()
        || memchr::memmem::find(&wb, b"date1904=\"true\"").is_some();
    for (sname, target) in sheets {
        if cx.time_up(member, &format!("sheet {sname}")) {
            break;
        }
        handled.push(target.clone());
        let Some((data, part)) = load_part(cx, &mut z, member, &target, depth) else { continue };
        let cells = sheet_cells(&data, part, &sst, &dates);
        emit_cells(cx, member, &sname, cells);
        header_footer(cx, member, &data, part, &sname);
    }
    if let Some((data, part)) = z
        .has("docProps/core.xml")
        .then(|| load_part(cx, &mut z, member, "docProps/core.xml", depth))
        .flatten()
    {
        properties(cx, member, &data, part);
    }
    other_parts(cx, &mut z, member, depth, &handled);
    embeddings(cx, &mut z, member, depth, &["xl/embeddings/"]);
    if cx.opts.images {
        embeddings(cx, &mut z, member, depth, &["xl/media/"]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_numbers() {
        assert_eq!(parse_ref("C12"), Some((11, 2)));
        assert_eq!(parse_ref("AA1"), Some((0, 26)));
        assert_eq!(number_text("7.9203000111E10"), "79203000111");
        assert_eq!(number_text("1.5"), "1.5");
        assert_eq!(serial_to_date("32945", false).as_deref(), Some("13/03/1990"));
        assert_eq!(serial_to_date("1", false).as_deref(), Some("01/01/1900"));
        assert_eq!(serial_to_date("61", false).as_deref(), Some("01/03/1900"));
        assert_eq!(serial_to_date("0", true).as_deref(), None);
        assert_eq!(serial_to_date("31483", true).as_deref(), Some("13/03/1990"));
        assert!(is_date_format("dd/mm/yyyy") && is_date_format("[$-42A]d mmmm yyyy"));
        assert!(
            !is_date_format("0.00") && !is_date_format("\"d\"0") && !is_date_format("[h]:mm:ss")
        );
        assert_eq!(resolve_target("worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve_target("/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    }
}
