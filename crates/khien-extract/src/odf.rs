//! OpenDocument text (odt) and spreadsheets (ods): `content.xml`, `styles.xml` (headers and
//! footers) and `meta.xml`.

use crate::archive::open_zip;
use crate::ooxml::{Cell, ParaSpec, emit_cells, load_part, paragraphs, properties};
use crate::xml::{self, Tok, Tokenizer};
use crate::{Anchor, Codec, Cx, ExtractError, Format};

fn odf_insert(local: &[u8], src: &[u8], attrs: std::ops::Range<usize>) -> Option<String> {
    match local {
        b"tab" => Some("\t".into()),
        b"line-break" => Some("\n".into()),
        b"s" => {
            let n: usize =
                xml::attr_value(src, attrs, b"text:c").and_then(|c| c.parse().ok()).unwrap_or(1);
            Some(" ".repeat(n.min(1000)))
        }
        _ => None,
    }
}

const ODT: ParaSpec = ParaSpec {
    para: &[b"p", b"h"],
    text_in: None,
    skip: &[b"note-citation", b"tracked-changes"],
    insert: odf_insert,
};

pub(crate) fn extract(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
    format: Format,
) -> Result<(), ExtractError> {
    let mut z = open_zip(name, bytes, format.code())?;
    if z.has("META-INF/manifest.xml")
        && let Some(m) = z.read(cx, member, "META-INF/manifest.xml")
        && memchr::memmem::find(&m, b"encryption-data").is_some()
    {
        return Err(ExtractError::Encrypted {
            name: name.to_string(),
            what: format!("{} document", format.code()),
        });
    }
    let (content, part) = load_part(cx, &mut z, member, "content.xml", depth).ok_or_else(|| {
        ExtractError::Malformed {
            name: name.to_string(),
            format: format.code(),
            detail: "content.xml is missing or unreadable".into(),
        }
    })?;
    if format == Format::Ods {
        sheets(cx, member, &content, part);
    } else {
        paragraphs(cx, member, &content, part, "body", &ODT);
        if let Some((styles, part)) = z
            .has("styles.xml")
            .then(|| load_part(cx, &mut z, member, "styles.xml", depth))
            .flatten()
        {
            paragraphs(cx, member, &styles, part, "header/footer", &ODT);
        }
    }
    if let Some((meta, part)) =
        z.has("meta.xml").then(|| load_part(cx, &mut z, member, "meta.xml", depth)).flatten()
    {
        properties(cx, member, &meta, part);
    }
    crate::ooxml::other_parts(
        cx,
        &mut z,
        member,
        depth,
        &["content.xml".into(), "styles.xml".into(), "meta.xml".into()],
    );
    if cx.opts.images {
        crate::ooxml::embeddings(cx, &mut z, member, depth, &["Pictures/"]);
    }
    Ok(())
}

fn sheets(cx: &mut Cx<'_>, member: &str, src: &[u8], part: Option<usize>) {
    let mut sheet = String::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut row = 0u32;
    let mut col = 0u32;
    let mut rows_rep = 1u32;
    // Current cell: (start of element, column, repeat, numeric value).
    let mut cur: Option<(usize, u32, u32, Option<String>)> = None;
    let mut text = String::new();
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut paras = 0u32;
    let mut in_p = 0u32;
    for tok in Tokenizer::xml(src) {
        match tok {
            Tok::Start { name, attrs, empty, span } => match xml::local(name) {
                b"table" if name == b"table:table" => {
                    if !cells.is_empty() {
                        emit_cells(cx, member, &sheet, std::mem::take(&mut cells));
                    }
                    sheet = xml::attr_value(src, attrs, b"table:name")
                        .map(|s| s.into_owned())
                        .unwrap_or_default();
                    row = 0;
                }
                b"table-row" => {
                    rows_rep = xml::attr_value(src, attrs, b"table:number-rows-repeated")
                        .and_then(|r| r.parse().ok())
                        .unwrap_or(1);
                    col = 0;
                    if empty {
                        row = row.saturating_add(rows_rep);
                    }
                }
                b"table-cell" | b"covered-table-cell" => {
                    let rep: u32 =
                        xml::attr_value(src, attrs.clone(), b"table:number-columns-repeated")
                            .and_then(|r| r.parse().ok())
                            .unwrap_or(1);
                    if empty {
                        col = col.saturating_add(rep);
                        continue;
                    }
                    let vt = xml::attr_value(src, attrs.clone(), b"office:value-type")
                        .map(|v| v.into_owned());
                    let value = match vt.as_deref() {
                        Some("float" | "percentage" | "currency") => {
                            xml::attr_value(src, attrs, b"office:value")
                                .map(|v| crate::ooxml::number_text(&v))
                        }
                        // The date lives in an attribute too: read it (dd/mm/yyyy) and
                        // rewrite the whole cell when it changes.
                        Some("date") => xml::attr_value(src, attrs, b"office:date-value")
                            .and_then(|d| iso_to_dmy(&d)),
                        _ => None,
                    };
                    cur = Some((span.start, col, rep, value));
                    text.clear();
                    anchors.clear();
                    paras = 0;
                }
                b"p" | b"h" if cur.is_some() && !empty => {
                    in_p += 1;
                    paras += 1;
                    if paras > 1 {
                        text.push('\n');
                    }
                }
                l => {
                    if in_p > 0
                        && let Some(s) = odf_insert(l, src, attrs)
                    {
                        text.push_str(&s);
                    }
                }
            },
            Tok::Text(r) if in_p > 0 => {
                Anchor::push_xml_text(&mut text, &mut anchors, src, r, part);
            }
            Tok::End { name, span } => match xml::local(name) {
                b"p" | b"h" => in_p = in_p.saturating_sub(1),
                b"table-cell" | b"covered-table-cell" => {
                    if let Some((start, c, rep, value)) = cur.take() {
                        col = c.saturating_add(rep);
                        match value {
                            Some(v) => {
                                let anchors = part
                                    .map(|p| {
                                        vec![Anchor {
                                            seg: 0..v.len(),
                                            part: p,
                                            raw: start..span.end,
                                            codec: Codec::OdsNumberCell,
                                            legacy: None,
                                        }]
                                    })
                                    .unwrap_or_default();
                                let numeric = !v.contains('/');
                                cells.push(Cell { row, col: c, text: v, numeric, anchors });
                            }
                            None if !text.trim().is_empty() => {
                                cells.push(Cell {
                                    row,
                                    col: c,
                                    text: std::mem::take(&mut text),
                                    numeric: false,
                                    anchors: std::mem::take(&mut anchors),
                                });
                            }
                            None => {}
                        }
                    }
                }
                b"table-row" => row = row.saturating_add(rows_rep),
                b"table" if name == b"table:table" => {
                    emit_cells(cx, member, &sheet, std::mem::take(&mut cells))
                }
                _ => {}
            },
            _ => {}
        }
    }
    if !cells.is_empty() {
        emit_cells(cx, member, &sheet, cells);
    }
}

/// `1990-03-13` or `1990-03-13T00:00:00` → `13/03/1990`.
fn iso_to_dmy(d: &str) -> Option<String> {
    let date = d.split('T').next()?;
    let mut it = date.split('-');
    let (y, m, day) = (it.next()?, it.next()?, it.next()?);
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (ok(y, 4) && ok(m, 2) && ok(day, 2)).then(|| format!("{day}/{m}/{y}"))
}
