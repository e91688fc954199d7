//! HTML and generic XML. HTML: text outside `script`/`style`, one segment per block (a table
//! row keeps its cells together, tab-separated, so a label cell stays context for its value),
//! plus the attributes people read (`alt`, `title`, `value`, `placeholder`, `content`,
//! `mailto:`/`tel:` links). XML: one segment per element's text, with the element name as the
//! field, plus attribute values with the attribute name as the field.

use crate::xml::{self, Tok, Tokenizer};
use crate::{Anchor, Codec, Cx, ExtractError, LineCounter, Location, Mark, Segment};

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "form",
    "option",
    "select",
    "textarea",
    "label",
    "figcaption",
    "main",
    "body",
    "head",
    "html",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "address",
    "fieldset",
    "legend",
];

const HTML_ATTRS: &[&str] = &["alt", "title", "value", "placeholder", "content", "aria-label"];

struct Builder {
    seg: Option<Segment>,
}

impl Builder {
    fn text(
        &mut self,
        decoded: &str,
        raw: std::ops::Range<usize>,
        pos: (u32, u32),
        codec: Codec,
        src: &crate::text::Src,
    ) {
        let seg = self.seg.get_or_insert_with(|| {
            Segment::new(String::new(), Location::Text { line: pos.0, column: pos.1 })
        });
        let at = seg.text.len();
        seg.text.push_str(decoded);
        seg.marks.push(Mark { at, line: pos.0, column: pos.1 });
        if src.anchors {
            seg.anchors.push(Anchor {
                seg: at..seg.text.len(),
                part: src.part,
                raw: src.base + raw.start..src.base + raw.end,
                codec,
                legacy: None,
            });
        }
    }

    fn sep(&mut self, s: &str) {
        if let Some(seg) = &mut self.seg {
            seg.text.push_str(s);
        }
    }

    fn flush(&mut self, cx: &mut Cx<'_>, member: &str, field: Option<String>) {
        if let Some(mut seg) = self.seg.take() {
            if seg.field.is_none() {
                seg.field = field.map(std::sync::Arc::from);
            }
            cx.push(member, seg);
        }
    }
}

pub(crate) fn extract(
    cx: &mut Cx<'_>,
    _name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
    html: bool,
) -> Result<(), ExtractError> {
    let (text, src) = crate::text::open(cx, member, bytes, depth);
    let b = text.as_bytes();
    let mut lc = LineCounter::new(b);
    let mut bld = Builder { seg: None };
    let mut stack: Vec<String> = Vec::new();
    let toks = if html { Tokenizer::html(b) } else { Tokenizer::xml(b) };
    let text_codec = if html { Codec::Html } else { Codec::Xml };
    for (n, tok) in toks.enumerate() {
        if n % 65536 == 0 && cx.time_up(member, &format!("line {}", lc.at(0).0)) {
            break;
        }
        match tok {
            Tok::Text(r) => {
                let pos = lc.at(r.start);
                let d = xml::decode(&b[r.clone()], html);
                bld.text(&d, r, pos, text_codec, &src);
            }
            Tok::Script(r) => {
                // Inline scripts can carry data (`var hoSo = {...}`): a segment of their own,
                // not part of the visible text.
                let pos = lc.at(r.start);
                let d = String::from_utf8_lossy(&b[r.clone()]).into_owned();
                let mut seg = Segment::new(d, Location::Text { line: pos.0, column: pos.1 });
                seg.marks.push(Mark { at: 0, line: pos.0, column: pos.1 });
                seg.field = Some("script".into());
                if src.anchors {
                    seg.anchors.push(Anchor {
                        seg: 0..seg.text.len(),
                        part: src.part,
                        raw: src.base + r.start..src.base + r.end,
                        codec: Codec::Verbatim,
                        legacy: None,
                    });
                }
                cx.push(member, seg);
            }
            Tok::CData(r) => {
                let pos = lc.at(r.start);
                let d = String::from_utf8_lossy(&b[r.clone()]).into_owned();
                bld.text(&d, r, pos, Codec::Verbatim, &src);
            }
            Tok::Start { name, attrs, empty, .. } => {
                let lname = String::from_utf8_lossy(if html { name } else { xml::local(name) })
                    .to_ascii_lowercase();
                if html {
                    if lname == "br" {
                        bld.sep("\n");
                    } else if lname == "td" || lname == "th" {
                        bld.sep("\t");
                    } else if BLOCKS.contains(&lname.as_str()) {
                        bld.flush(cx, member, None);
                    }
                } else {
                    let field = stack.last().cloned();
                    bld.flush(cx, member, field);
                }
                for a in xml::attrs(b, attrs.clone()) {
                    let an = String::from_utf8_lossy(a.name).to_ascii_lowercase();
                    let raw = &b[a.value.clone()];
                    let wanted = if html {
                        HTML_ATTRS.contains(&an.as_str())
                            || (an == "href"
                                && (starts_ci(raw, b"mailto:") || starts_ci(raw, b"tel:")))
                    } else {
                        !an.starts_with("xmlns") && !an.starts_with("xml:")
                    };
                    if !wanted || raw.is_empty() {
                        continue;
                    }
                    let d = xml::decode(raw, html).into_owned();
                    let pos = lc.at(a.value.start);
                    let mut seg =
                        Segment::new(d.clone(), Location::Text { line: pos.0, column: pos.1 });
                    seg.marks.push(Mark { at: 0, line: pos.0, column: pos.1 });
                    seg.field = Some(String::from_utf8_lossy(xml::local(a.name)).into());
                    if src.anchors {
                        seg.anchors.push(Anchor {
                            seg: 0..d.len(),
                            part: src.part,
                            raw: src.base + a.value.start..src.base + a.value.end,
                            codec: Codec::XmlAttr,
                            legacy: None,
                        });
                    }
                    cx.push(member, seg);
                }
                if !html && !empty {
                    stack.push(String::from_utf8_lossy(xml::local(name)).into_owned());
                }
            }
            Tok::End { name, .. } => {
                if html {
                    let lname = String::from_utf8_lossy(name).to_ascii_lowercase();
                    if lname == "td" || lname == "th" {
                        bld.sep("\t");
                    } else if BLOCKS.contains(&lname.as_str()) {
                        bld.flush(cx, member, None);
                    }
                } else {
                    let field = stack.pop();
                    bld.flush(cx, member, field);
                }
            }
        }
    }
    let field = stack.last().cloned();
    bld.flush(cx, member, field);
    Ok(())
}

fn starts_ci(b: &[u8], p: &[u8]) -> bool {
    b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p)
}
