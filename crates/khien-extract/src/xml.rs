//! A small XML/HTML tokenizer that keeps byte spans, so the redactor can rewrite exactly the
//! text it read. It never expands custom entities (no XXE, no billion laughs), never allocates
//! per token, and treats malformed markup leniently: an unterminated construct ends the stream.
//!
//! Own code rather than quick-xml's reader: redaction and the offsets contract need the byte
//! range of every text node and attribute value, and the same tokenizer must read real-world
//! HTML (void elements, unclosed `<p>`, stray `<`, unquoted attributes), on which an XML reader
//! stops with an error. The entity table is quick-xml's (`resolve_html5_entity`), so every
//! HTML5 named reference decodes.

use std::borrow::Cow;
use std::ops::Range;

/// A token with byte spans into the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok<'a> {
    /// `<name attrs>` or `<name attrs/>`.
    Start {
        /// The element name as written (with any prefix).
        name: &'a [u8],
        /// Span of the whole tag.
        span: Range<usize>,
        /// Span of the attribute region (between the name and `>` or `/>`).
        attrs: Range<usize>,
        /// Self-closing.
        empty: bool,
    },
    /// `</name>`.
    End {
        /// The element name.
        name: &'a [u8],
        /// Span of the tag.
        span: Range<usize>,
    },
    /// Character data (entities not decoded).
    Text(Range<usize>),
    /// The content of a CDATA section.
    CData(Range<usize>),
    /// HTML only: the raw content of a `script` element (not entity-decoded). `style`
    /// content is skipped.
    Script(Range<usize>),
}

/// Iterates over the tokens of `src`. In HTML mode, element names are compared
/// case-insensitively for raw-text elements and `script`/`style` content is skipped.
pub struct Tokenizer<'a> {
    src: &'a [u8],
    pos: usize,
    html: bool,
    raw_until: Option<&'static [u8]>,
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer over XML.
    pub fn xml(src: &'a [u8]) -> Tokenizer<'a> {
        Tokenizer { src, pos: 0, html: false, raw_until: None }
    }

    /// A tokenizer over HTML.
    pub fn html(src: &'a [u8]) -> Tokenizer<'a> {
        Tokenizer { src, pos: 0, html: true, raw_until: None }
    }

    fn find_at(&self, from: usize, needle: &[u8]) -> Option<usize> {
        memchr::memmem::find(&self.src[from..], needle).map(|i| i + from)
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let src = self.src;
        loop {
            if self.pos >= src.len() {
                return None;
            }
            if let Some(end_name) = self.raw_until.take() {
                // Raw text (script/style) up to the closing tag, or to the end of the input.
                let start = self.pos;
                let mut i = self.pos;
                let end = loop {
                    let Some(j) = self.find_at(i, b"</") else { break src.len() };
                    let after = &src[j + 2..];
                    if after.len() >= end_name.len()
                        && after[..end_name.len()].eq_ignore_ascii_case(end_name)
                    {
                        break j;
                    }
                    i = j + 2;
                };
                self.pos = end;
                if end_name == b"script" && end > start {
                    return Some(Tok::Script(start..end));
                }
                continue;
            }
            let start = self.pos;
            if src[start] != b'<' || !starts_markup(&src[start..]) {
                // A '<' not starting markup is text (lenient, mostly for HTML).
                let mut end =
                    memchr::memchr(b'<', &src[start + 1..]).map_or(src.len(), |i| i + start + 1);
                while end < src.len() && !starts_markup(&src[end..]) {
                    end = memchr::memchr(b'<', &src[end + 1..]).map_or(src.len(), |i| i + end + 1);
                }
                self.pos = end;
                return Some(Tok::Text(start..end));
            }
            let rest = &src[start..];
            // An unterminated comment, declaration or tag is read as text, so that nothing
            // after a stray '<' escapes the scan.
            if rest.starts_with(b"<!--") {
                match self.find_at(start + 4, b"-->") {
                    Some(i) => self.pos = i + 3,
                    None => {
                        self.pos = src.len();
                        return Some(Tok::Text(start..src.len()));
                    }
                }
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                let cs = start + 9;
                let ce = self.find_at(cs, b"]]>").unwrap_or(src.len());
                self.pos = (ce + 3).min(src.len());
                return Some(Tok::CData(cs..ce));
            }
            if rest.starts_with(b"<?") {
                match self.find_at(start + 2, b"?>") {
                    Some(i) => self.pos = i + 2,
                    None => {
                        self.pos = src.len();
                        return Some(Tok::Text(start..src.len()));
                    }
                }
                continue;
            }
            if rest.starts_with(b"<!") {
                // DOCTYPE and declarations, with an optional internal subset in brackets.
                let mut i = start + 2;
                let mut depth = 0i32;
                let mut quote = 0u8;
                while i < src.len() {
                    let b = src[i];
                    if quote != 0 {
                        if b == quote {
                            quote = 0;
                        }
                    } else if b == b'"' || b == b'\'' {
                        quote = b;
                    } else if b == b'[' {
                        depth += 1;
                    } else if b == b']' {
                        depth -= 1;
                    } else if b == b'>' && depth <= 0 {
                        break;
                    }
                    i += 1;
                }
                if i >= src.len() {
                    self.pos = src.len();
                    return Some(Tok::Text(start..src.len()));
                }
                self.pos = i + 1;
                continue;
            }
            let closing = rest.get(1) == Some(&b'/');
            let name_start = start + if closing { 2 } else { 1 };
            let mut i = name_start;
            while i < src.len() && !src[i].is_ascii_whitespace() && src[i] != b'>' && src[i] != b'/'
            {
                i += 1;
            }
            let name = &src[name_start..i];
            let attrs_start = i;
            // Find the end of the tag, honouring quotes.
            let mut quote = 0u8;
            while i < src.len() {
                let b = src[i];
                if quote != 0 {
                    if b == quote {
                        quote = 0;
                    }
                } else if b == b'"' || b == b'\'' {
                    quote = b;
                } else if b == b'>' {
                    break;
                }
                i += 1;
            }
            if i >= src.len() {
                self.pos = src.len();
                return Some(Tok::Text(start..src.len()));
            }
            let end = i + 1;
            self.pos = end;
            if closing {
                return Some(Tok::End { name, span: start..end });
            }
            let empty = i > attrs_start && src[i - 1] == b'/';
            let attrs_end = if empty { i - 1 } else { i };
            if self.html && !empty {
                for raw in [&b"script"[..], b"style"] {
                    if name.eq_ignore_ascii_case(raw) {
                        self.raw_until = Some(if raw == b"script" { b"script" } else { b"style" });
                    }
                }
            }
            return Some(Tok::Start {
                name,
                span: start..end,
                attrs: attrs_start..attrs_end,
                empty,
            });
        }
    }
}

fn starts_markup(b: &[u8]) -> bool {
    match b.get(1) {
        Some(&c) => is_name_start(c) || c == b'/' || c == b'!' || c == b'?',
        None => false,
    }
}

/// An attribute with the span of its (raw, undecoded) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    /// Name as written.
    pub name: &'a [u8],
    /// Span of the value in the source, without quotes.
    pub value: Range<usize>,
}

/// Parses the attributes in `src[range]`.
pub fn attrs(src: &[u8], range: Range<usize>) -> Vec<Attr<'_>> {
    attr_iter(src, range).collect()
}

/// The attributes in `src[range]`, one at a time (no allocation: spreadsheets read three
/// attributes of every cell).
pub fn attr_iter(src: &[u8], range: Range<usize>) -> AttrIter<'_> {
    AttrIter { src, i: range.start, end: range.end.min(src.len()) }
}

/// The iterator of [`attr_iter`].
pub struct AttrIter<'a> {
    src: &'a [u8],
    i: usize,
    end: usize,
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        let (src, end) = (self.src, self.end);
        let mut i = self.i;
        while i < end {
            while i < end && (src[i].is_ascii_whitespace() || src[i] == b'/') {
                i += 1;
            }
            let ns = i;
            while i < end && !src[i].is_ascii_whitespace() && src[i] != b'=' {
                i += 1;
            }
            if ns == i {
                i += 1;
                continue;
            }
            let name = &src[ns..i];
            while i < end && src[i].is_ascii_whitespace() {
                i += 1;
            }
            let attr = if i < end && src[i] == b'=' {
                i += 1;
                while i < end && src[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < end && (src[i] == b'"' || src[i] == b'\'') {
                    let q = src[i];
                    let vs = i + 1;
                    let ve = memchr::memchr(q, &src[vs..end]).map_or(end, |k| k + vs);
                    i = ve + 1;
                    Attr { name, value: vs..ve }
                } else {
                    let vs = i;
                    while i < end && !src[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    Attr { name, value: vs..i }
                }
            } else {
                Attr { name, value: i..i }
            };
            self.i = i;
            return Some(attr);
        }
        self.i = end;
        None
    }
}

/// The value of attribute `name` (exact match), decoded.
pub fn attr_value<'s>(src: &'s [u8], range: Range<usize>, name: &[u8]) -> Option<Cow<'s, str>> {
    attr_iter(src, range).find(|a| a.name == name).map(|a| decode(&src[a.value], false))
}

/// The local part of a name: `w:t` → `t`.
pub fn local(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Decodes character data: the XML entities and numeric references, and in HTML mode the
/// common named entities. Invalid UTF-8 is replaced.
pub fn decode(raw: &[u8], html: bool) -> Cow<'_, str> {
    if memchr::memchr(b'&', raw).is_none() {
        return String::from_utf8_lossy(raw);
    }
    let s = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest.as_bytes()[..rest.len().min(MAX_ENTITY)].iter().position(|&b| b == b';');
        let decoded = semi.and_then(|j| entity(&rest[1..j], html).map(|c| (c, j)));
        match decoded {
            Some((c, j)) => {
                out.push_str(&c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The longest entity reference looked for, `&` and `;` included (the longest HTML5 name,
/// `CounterClockwiseContourIntegral`, has 31 letters).
pub(crate) const MAX_ENTITY: usize = 34;

/// The text of an entity reference's name (`amp`, `#7847`, `#x1EA7`, `Agrave`): XML's five
/// predefined entities and numeric references always; in HTML every HTML5 named reference,
/// from quick-xml's table (some name two code points).
pub(crate) fn entity(name: &str, html: bool) -> Option<std::borrow::Cow<'static, str>> {
    if let Some(num) = name.strip_prefix('#') {
        let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(h, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(v).filter(|&c| c != '\0').map(|c| c.to_string().into());
    }
    let predefined = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        _ if !html => return None,
        _ => return quick_xml::escape::resolve_html5_entity(name).map(Into::into),
    };
    Some(predefined.into())
}

/// Whether an XML document ends with the end tag of its root element (or its root is empty,
/// `<x/>`). A part cut in the middle (a damaged or truncated file) does not, and the reader must
/// say so rather than report the part as read whole.
pub fn root_closed(src: &[u8]) -> bool {
    let mut pos = 0;
    let root = loop {
        let Some(lt) = memchr::memchr(b'<', &src[pos..]) else { return true };
        let at = pos + lt + 1;
        match src.get(at) {
            Some(b'?' | b'!') => pos = at,
            Some(_) => {
                let end = src[at..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                    .map_or(src.len(), |e| at + e);
                break (at, end);
            }
            None => return false,
        }
    };
    let name = &src[root.0..root.1];
    let tail = src.trim_ascii_end();
    if tail.ends_with(b"/>") && memchr::memchr(b'<', &src[root.1..]).is_none() {
        return true;
    }
    tail.strip_suffix(b">")
        .map(|t| t.trim_ascii_end())
        .and_then(|t| t.strip_suffix(name))
        .is_some_and(|t| t.ends_with(b"</"))
}

/// Escapes `&`, `<` and `>` for XML character data.
pub fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// Escapes text for an attribute value.
pub fn escape_attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_html5_entity_is_decoded() {
        assert_eq!(decode(b"Tr&#7847;n V&atilde;n &Ecirc;m", true), "Trần Vãn Êm");
        assert_eq!(decode(b"a&CounterClockwiseContourIntegral;b", true), "a\u{2233}b");
        assert_eq!(decode(b"&nbsp;&hellip;&ldquo;", true), "\u{a0}\u{2026}\u{201c}");
        // XML knows only its five.
        assert_eq!(decode(b"&amp;&eacute;", false), "&&eacute;");
    }

    #[test]
    fn root_closed_tells_a_cut_part() {
        assert!(root_closed(
            b"<?xml version=\"1.0\"?>\n<w:document a=\"1\"><w:body/></w:document>\n"
        ));
        assert!(root_closed(b"<x/>"));
        assert!(!root_closed(b"<?xml version=\"1.0\"?><w:document><w:body><w:p>Nguy"));
        assert!(!root_closed(b"<w:document><w:body></w:body></w:doc"));
    }

    #[test]
    fn tokens_and_spans() {
        let src =
            br#"<?xml version="1.0"?><!-- c --><a x="1>2"><b>T&amp;C</b><![CDATA[<raw>]]><e/></a>"#;
        let toks: Vec<_> = Tokenizer::xml(src).collect();
        let texts: Vec<&[u8]> = toks
            .iter()
            .filter_map(|t| match t {
                Tok::Text(r) | Tok::CData(r) => Some(&src[r.clone()]),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec![&b"T&amp;C"[..], b"<raw>"]);
        assert_eq!(decode(b"T&amp;C &#273;&#x110;", false), "T&C đĐ");
        let Tok::Start { attrs: a, .. } = &toks[0] else { panic!() };
        assert_eq!(attr_value(src, a.clone(), b"x").as_deref(), Some("1>2"));
    }

    #[test]
    fn html_skips_script() {
        let src = b"<p>a</p><script>var x = '<p>';</script><style>p{}</style><P>b < c</P>";
        let texts: Vec<String> = Tokenizer::html(src)
            .filter_map(|t| match t {
                Tok::Text(r) => Some(String::from_utf8_lossy(&src[r]).into_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["a", "b < c"]);
        let scripts: Vec<_> =
            Tokenizer::html(src).filter(|t| matches!(t, Tok::Script(_))).collect();
        assert_eq!(scripts, vec![Tok::Script(16..30)]);
        // Nothing after an unterminated tag or comment is lost.
        let t: Vec<_> = Tokenizer::html(b"x <b class='a 0912").collect();
        assert_eq!(t, vec![Tok::Text(0..2), Tok::Text(2..18)]);
        let t: Vec<_> = Tokenizer::xml(b"<!-- 0912").collect();
        assert_eq!(t, vec![Tok::Text(0..9)]);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            &b"<"[..],
            b"<a",
            b"<!--",
            b"<![CDATA[",
            b"<a b='",
            b"</",
            b"&",
            b"<!DOCTYPE [",
            b"<\xff>",
        ] {
            let _ = Tokenizer::html(s).count();
            let _ = Tokenizer::xml(s).count();
            let _ = decode(s, true);
        }
    }
}
