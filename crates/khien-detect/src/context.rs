//! Context around a candidate: keyword hits in a window, field labels, organisation cues.

use smallvec::SmallVec;

use crate::keywords::{Hit, KeywordIndex, Role};
use crate::{Finding, Kind, Reason, ReasonCode};

/// Bytes of text looked at before a candidate (about six to eight Vietnamese words).
pub const WINDOW_BEFORE: usize = 96;
/// Bytes of text looked at after a candidate.
pub const WINDOW_AFTER: usize = 40;

/// Lines up to this long are folded and searched once for all the candidates on them.
const CACHE_LINE: usize = 2048;

/// A line longer than this is folded and searched whole only once [`WINDOWS_PER_LINE`]
/// candidates have fallen on it; the first ones are served by searching their windows. A
/// paragraph of prose with a date or two in it was folded whole for windows of a hundred bytes
/// (a third of the time of a structured scan of prose), while a table row holds several
/// candidates and is short.
const WHOLE_LINE_AT_ONCE: usize = 256;

/// Candidates of a long line served by their windows before the line is searched whole.
const WINDOWS_PER_LINE: u32 = 4;

/// Reusable buffers for context look-ups, with the keyword hits of the last two lines searched
/// and the table shape last seen: a table row holds several identifiers, and a window may reach
/// back to the line above (a label over its value), so folding each line once serves all the
/// candidates near it.
///
/// The cache is tied to the texts it serves by the lifetime `'t`: an entry is found again only
/// for the very same text (address and length), and while the cache lives no text it has seen
/// can be changed or freed, so a buffer refilled with another text of the same length can never
/// be served the hits of the first. [`ContextCache::recycle`] keeps the allocations for the next
/// text and forgets the entries.
///
/// ```compile_fail,E0502
/// use khien_detect::internals::{Context, ContextCache, structured_keywords};
/// let index = structured_keywords();
/// let mut buf = String::from("Số CCCD: 001090000001");
/// let mut cache = ContextCache::default();
/// let _ = Context::around(index, &buf, 9, 21, None, &mut cache);
/// buf.clear(); // error: `buf` is still borrowed by `cache`
/// let _ = Context::around(index, &buf, 9, 21, None, &mut cache);
/// ```
#[derive(Default)]
pub struct ContextCache<'t> {
    folded: khien_text::Folded,
    lines: [LineHits<'t>; 2],
    /// The slot of `lines` filled last.
    newest: usize,
    /// The table block last seen: (text, delimiter, first line start, last line end).
    table: Option<(&'t str, u8, usize, usize)>,
    /// The table shape of the last line looked at.
    row: Option<RowShape<'t>>,
    /// The last long line searched only in windows (text, line start, line end, windows).
    seen: Option<(&'t str, usize, usize, u32)>,
    /// The hits of that window search.
    window: crate::keywords::Spans,
}

/// The table shape of one line: (text, line start, line end, delimiter and first line of its
/// block, if it is a table row).
type RowShape<'t> = (&'t str, usize, usize, Option<(u8, usize)>);

/// Keyword hits of one line, as absolute `(start, end, pattern)`.
#[derive(Default)]
struct LineHits<'t> {
    /// (index, text, line start, line end) the hits were found for.
    key: Option<(&'static KeywordIndex, &'t str, usize, usize)>,
    spans: crate::keywords::Spans,
}

/// The very same text: same address and same length (both borrowed for the cache's lifetime,
/// so neither can have changed in between).
fn same_text(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b)
}

impl<'t> ContextCache<'t> {
    /// Forgets every entry and keeps the allocations, for texts of another lifetime (a buffer
    /// refilled between calls).
    pub fn recycle<'u>(self) -> ContextCache<'u> {
        let ContextCache { folded, lines, mut window, .. } = self;
        let [a, b] = lines;
        let empty = |mut l: LineHits<'t>| {
            l.spans.clear();
            LineHits { key: None, spans: l.spans }
        };
        window.clear();
        ContextCache {
            folded,
            lines: [empty(a), empty(b)],
            newest: 0,
            table: None,
            row: None,
            seen: None,
            window,
        }
    }

    /// The keyword hits of the line `ls..le` around the window `ws..we`: the whole line's, or
    /// for a long line seen for the first few times, the window's, searched so that the hits
    /// inside the window are those a whole-line search finds.
    fn hits_near(
        &mut self,
        index: &'static KeywordIndex,
        text: &'t str,
        ls: usize,
        le: usize,
        ws: usize,
        we: usize,
    ) -> &crate::keywords::Spans {
        let cached = self.cached_slot(index, text, ls, le).is_some();
        let windows = match self.seen {
            Some((t, s, e, n)) if same_text(t, text) && s == ls && e == le => n,
            _ => 0,
        };
        if cached || windows >= WINDOWS_PER_LINE || le - ls <= WHOLE_LINE_AT_ONCE {
            return self.line_hits(index, text, ls, le);
        }
        self.seen = Some((text, ls, le, windows + 1));
        // The window and a few bytes after it (keywords that look past their end), to whole
        // words. When it holds a hit, the search is made again from the longest keyword before
        // it to as far after it: of nested hits the longest is kept, so a "mã số thuế" across
        // the window's start hides the "số thuế" inside it, as in a whole-line search. Most
        // windows hold none, and they are searched once.
        let (from, to) = word_bounds(text, ls, le, ws, we + 32);
        self.window.clear();
        index.find_spans_in(text, from..to, &mut self.folded, &mut self.window);
        if self.window.iter().any(|&(s, e, _)| s >= ws && e <= we) {
            let reach = index.longest();
            let (from, to) = word_bounds(text, ls, le, ws.saturating_sub(reach), we + reach);
            self.window.clear();
            index.find_spans_in(text, from..to, &mut self.folded, &mut self.window);
        }
        &self.window
    }

    /// The slot of `lines` holding the hits of the line `ls..le`, if it is cached.
    fn cached_slot(
        &self,
        index: &'static KeywordIndex,
        text: &'t str,
        ls: usize,
        le: usize,
    ) -> Option<usize> {
        self.lines.iter().position(|l| {
            l.key.is_some_and(|(i, t, s, e)| {
                std::ptr::eq(i, index) && same_text(t, text) && s == ls && e == le
            })
        })
    }

    /// The keyword hits of the line `ls..le` (searched once, then served from the cache).
    fn line_hits(
        &mut self,
        index: &'static KeywordIndex,
        text: &'t str,
        ls: usize,
        le: usize,
    ) -> &crate::keywords::Spans {
        if let Some(slot) = self.cached_slot(index, text, ls, le) {
            return &self.lines[slot].spans;
        }
        let slot = 1 - self.newest;
        self.newest = slot;
        let line = &mut self.lines[slot];
        line.key = Some((index, text, ls, le));
        line.spans.clear();
        index.find_spans_in(text, ls..le, &mut self.folded, &mut line.spans);
        &line.spans
    }
}

/// `from..to` within the line `ls..le`, widened to char boundaries and whole words.
fn word_bounds(text: &str, ls: usize, le: usize, from: usize, to: usize) -> (usize, usize) {
    let mut from = from.clamp(ls, le);
    while from > ls && !text.is_char_boundary(from) {
        from -= 1;
    }
    while let Some(c) = khien_text::char_before(text, from).filter(|_| from > ls) {
        if !c.is_alphanumeric() && c != '_' {
            break;
        }
        from -= c.len_utf8();
    }
    let mut to = to.clamp(from, le);
    while to < le && !text.is_char_boundary(to) {
        to += 1;
    }
    while to < le {
        match khien_text::char_at(text, to) {
            Some(c) if c.is_alphanumeric() || c == '_' => to += c.len_utf8(),
            _ => break,
        }
    }
    (from, to)
}

/// How far up a table header is looked for.
const TABLE_LINES: usize = 400;

fn line_bounds(text: &[u8], pos: usize) -> (usize, usize) {
    let ls = memchr::memrchr(b'\n', &text[..pos]).map_or(0, |i| i + 1);
    let le = memchr::memchr(b'\n', &text[pos..]).map_or(text.len(), |i| pos + i);
    (ls, le)
}

/// The delimiter of a table row and how many there are: tab, pipe, semicolon or comma, in that
/// order of preference; at least `min_tabs` tabs or two of the others. Prose has commas and
/// semicolons too, followed by a space; a CSV row has them followed by the next field. This runs
/// for every line of prose with a comma, so it jumps between delimiters.
pub(crate) fn table_delimiter(line: &[u8], min_tabs: usize) -> Option<(u8, usize)> {
    if memchr::memchr2(b'\t', b'|', line).is_some() {
        let tabs = memchr::memchr_iter(b'\t', line).count();
        if tabs >= min_tabs.max(1) {
            return Some((b'\t', tabs));
        }
        let pipes = memchr::memchr_iter(b'|', line).count();
        if pipes >= 2 {
            return Some((b'|', pipes));
        }
    }
    let (mut semis, mut commas) = (0, 0);
    for i in memchr::memchr2_iter(b';', b',', line) {
        if line.get(i + 1) == Some(&b' ') {
            continue;
        }
        if line[i] == b';' {
            semis += 1;
        } else {
            commas += 1;
        }
    }
    if semis >= 2 {
        Some((b';', semis))
    } else if commas >= 2 {
        Some((b',', commas))
    } else {
        None
    }
}

/// The positions of the delimiter `d` in a table row, leaving out those inside a quoted cell
/// (`1,Lan,"số 7, phường Tây Hồ, Hà Nội"`: an address with commas is one cell of a CSV row, as
/// RFC 4180 has it: a cell that starts with a quote runs to the next lone quote, `""` being a
/// quote inside it). A quote inside an unquoted cell (`Biệt danh "Tuyết"`) is a character.
pub(crate) fn cell_delimiters(line: &[u8], d: u8) -> CellDelimiters<'_> {
    CellDelimiters { line, d, at: 0, quotes: memchr::memchr(b'"', line).is_some() }
}

/// The iterator of [`cell_delimiters`].
pub(crate) struct CellDelimiters<'a> {
    line: &'a [u8],
    d: u8,
    /// Where the next cell starts.
    at: usize,
    /// Whether the line has a quote at all (most do not: plain `memchr` then).
    quotes: bool,
}

impl Iterator for CellDelimiters<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let line = self.line;
        let mut i = self.at;
        if i > line.len() {
            return None;
        }
        if self.quotes && line.get(i) == Some(&b'"') {
            // A quoted cell: skip to its closing quote.
            i += 1;
            loop {
                match memchr::memchr(b'"', &line[i..]) {
                    Some(q) if line.get(i + q + 1) == Some(&b'"') => i += q + 2,
                    Some(q) => {
                        i += q + 1;
                        break;
                    }
                    // Never closed: the rest of the line is the cell.
                    None => {
                        self.at = line.len() + 1;
                        return None;
                    }
                }
            }
        }
        match memchr::memchr(self.d, &line[i..]) {
            Some(k) => {
                self.at = i + k + 1;
                Some(i + k)
            }
            None => {
                self.at = line.len() + 1;
                None
            }
        }
    }
}

/// The delimiter of the row `ls..le` and the first line of its block of rows, walking up
/// through the rows above and stopping early at a block already known.
fn row_shape<'t>(
    text: &'t str,
    ls: usize,
    le: usize,
    cache: &mut ContextCache<'t>,
) -> Option<(u8, usize)> {
    let b = text.as_bytes();
    let (d, _) = table_delimiter(&b[ls..le], 1)?;
    let cols = cell_delimiters(&b[ls..le], d).count();
    let mut top = ls;
    let mut known: Option<usize> = None;
    for _ in 0..TABLE_LINES {
        if top == 0 {
            break;
        }
        if let Some((tt, td, ttop, tend)) = cache.table {
            if same_text(tt, text) && td == d && top > ttop && top <= tend + 1 {
                known = Some(ttop);
                break;
            }
        }
        let (ps, pe) = line_bounds(b, top - 1);
        let n = cell_delimiters(&b[ps..pe], d).count();
        if n == 0 || n + 1 < cols || n > cols + 1 {
            break;
        }
        top = ps;
    }
    let top = known.unwrap_or(top);
    cache.table = Some((text, d, top, le));
    Some((d, top))
}

/// The header cell of the table column holding `pos`, for text tables (TSV, CSV, pipe tables)
/// where the first line of a block of delimited lines names the columns ("Năm sinh", "so_cmnd").
/// Returns the header cell's span and the span of the cell holding `pos`.
/// Where a table cell's context lies: its column header, the cell itself, and a bare label
/// cell right before it (byte ranges).
struct CellContext {
    header: (usize, usize),
    cell: (usize, usize),
    label: Option<(usize, usize)>,
}

fn table_header<'t>(
    text: &'t str,
    pos: usize,
    cache: &mut ContextCache<'t>,
) -> Option<CellContext> {
    let b = text.as_bytes();
    let (ls, le) = line_bounds(b, pos);
    // Several candidates share a row: work out the row's shape once.
    let known = cache.row.filter(|&(t, s, e, _)| same_text(t, text) && s == ls && e == le);
    let (d, top) = match known {
        Some((_, _, _, shape)) => shape?,
        None => {
            let shape = row_shape(text, ls, le, cache);
            cache.row = Some((text, ls, le, shape));
            shape?
        }
    };
    if top == ls {
        return None;
    }
    // The row's cells: the one holding `pos`, and the one before it.
    let (mut col, mut cs, mut ce, mut prev) = (0, ls, le, None);
    for at in cell_delimiters(&b[ls..le], d).map(|i| ls + i) {
        if at >= pos {
            ce = at;
            break;
        }
        prev = Some(cs);
        col += 1;
        cs = at + 1;
    }
    let (hs, he) = line_bounds(b, top);
    let header = &b[hs..he];
    let mut start = 0;
    for (i, at) in cell_delimiters(header, d).chain(std::iter::once(header.len())).enumerate() {
        if i == col {
            let cell = &text[hs + start..hs + at];
            let trimmed = cell.trim();
            // A header names the column; a data row (digits) is no header.
            if trimmed.is_empty() || trimmed.bytes().any(|c| c.is_ascii_digit()) {
                return None;
            }
            let off = cell.len() - cell.trim_start().len();
            // The cell before, when it is a bare label (`| CMND | 125847361 |` under a
            // `| Giấy tờ | Số |` header): it names the value as a key names its value.
            let label = prev.map(|ps| (ps, cs - 1));
            let label = label.filter(|&(ps, pe)| {
                let cell = text[ps..pe].trim();
                !cell.is_empty() && cell.len() <= 32 && !cell.bytes().any(|c| c.is_ascii_digit())
            });
            return Some(CellContext {
                header: (hs + start + off, hs + start + off + trimmed.len()),
                cell: (cs, ce),
                label,
            });
        }
        start = at + 1;
    }
    None
}

/// Keyword evidence around one candidate span. Built for every candidate, so it lives on the
/// stack: a clause rarely holds more than a few keywords.
pub struct Context<'t> {
    hits: SmallVec<[Hit<'static>; 6]>,
    /// Start of the candidate in the text.
    start: usize,
    /// Index in `hits` of the closest keyword before the candidate, if any.
    label: Option<usize>,
    /// Keyword hits in the field label (column header, JSON key), if any.
    field: SmallVec<[Hit<'static>; 2]>,
    field_label: Option<&'t str>,
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where the window before `start` begins: at most [`WINDOW_BEFORE`] bytes back, and not past
/// the start of the line, unless the line so far holds nothing but the value (a label on the
/// line above, as in forms converted to text).
fn window_start(text: &str, start: usize) -> usize {
    let lo = floor_boundary(text, start.saturating_sub(WINDOW_BEFORE));
    let before = &text.as_bytes()[lo..start];
    match memchr::memrchr(b'\n', before) {
        Some(nl) => {
            let line_start = lo + nl + 1;
            let only_space = text[line_start..start].trim().is_empty();
            if only_space {
                // Take the previous line too.
                match memchr::memrchr(b'\n', &text.as_bytes()[lo..lo + nl]) {
                    Some(nl2) => lo + nl2 + 1,
                    None => lo,
                }
            } else {
                line_start
            }
        }
        None => lo,
    }
}

/// Whether the sentence mark at `i` ends a sentence: followed by white space, and not the dot
/// of an abbreviation such as "TP.", "P.", "Q.", "Tp.".
fn is_break(b: &[u8], i: usize) -> bool {
    if !matches!(b[i], b'.' | b';' | b'!' | b'?')
        || !b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
    {
        return false;
    }
    if b[i] == b'.' {
        let mut j = i;
        while j > 0 && b[j - 1].is_ascii_alphabetic() {
            j -= 1;
        }
        let word = &b[j..i];
        let before_ok = j == 0 || !b[j - 1].is_ascii_alphanumeric();
        if before_ok && (1..=2).contains(&word.len()) && word[0].is_ascii_uppercase() {
            return false;
        }
    }
    true
}

/// The last sentence mark (`.`, `;`, `!`, `?`) in `b[lo..hi]`.
#[inline]
fn last_mark(b: &[u8], lo: usize, hi: usize) -> Option<usize> {
    let a = memchr::memrchr3(b'.', b';', b'!', &b[lo..hi]);
    let q = memchr::memrchr(b'?', &b[lo..hi]);
    a.max(q).map(|i| lo + i)
}

/// The first sentence mark in `b[lo..hi]`.
#[inline]
fn first_mark(b: &[u8], lo: usize, hi: usize) -> Option<usize> {
    let a = memchr::memchr3(b'.', b';', b'!', &b[lo..hi]);
    let q = memchr::memchr(b'?', &b[lo..hi]);
    match (a, q) {
        (Some(a), Some(q)) => Some(lo + a.min(q)),
        (a, q) => a.or(q).map(|i| lo + i),
    }
}

/// The start of the clause holding `start`, no earlier than `lo`.
fn sentence_start(text: &str, lo: usize, start: usize) -> usize {
    // Jump between sentence marks rather than testing every byte: this runs for every
    // candidate.
    let b = text.as_bytes();
    let mut hi = start;
    while let Some(i) = last_mark(b, lo, hi) {
        if is_break(b, i) {
            return i + 1;
        }
        hi = i;
    }
    lo
}

/// The end of the clause holding `end`, no later than `hi`.
fn sentence_end(text: &str, end: usize, hi: usize) -> usize {
    let b = text.as_bytes();
    let mut lo = end;
    while let Some(i) = first_mark(b, lo, hi) {
        if is_break(b, i) {
            return i;
        }
        lo = i + 1;
    }
    hi
}

fn window_end(text: &str, end: usize) -> usize {
    let hi = ceil_boundary(text, (end + WINDOW_AFTER).min(text.len()));
    match memchr::memchr(b'\n', &text.as_bytes()[end..hi]) {
        Some(nl) => end + nl,
        None => hi,
    }
}

/// The keyword hits of a field label (a column header, a JSON key), remembered per thread for the
/// last few hundred labels: every candidate of every cell of a column asks for the same header.
fn label_hits(
    index: &'static KeywordIndex,
    label: &str,
    folded: &mut khien_text::Folded,
    out: &mut SmallVec<[Hit<'static>; 2]>,
) {
    type Hits = SmallVec<[Hit<'static>; 2]>;
    /// Per index (by address: the indexes are statics), per label.
    type Memo = std::collections::HashMap<usize, crate::memo::LabelMemo<Hits>>;
    thread_local! {
        static SEEN: std::cell::RefCell<Memo> = std::cell::RefCell::default();
    }
    let id = std::ptr::from_ref(index) as usize;
    let hits = SEEN.with(|seen| {
        seen.borrow_mut().entry(id).or_default().get_or_insert_with(label, || {
            let mut hits = Hits::new();
            index.find(label, folded, &mut hits);
            hits
        })
    });
    out.extend(hits);
}

impl<'t> Context<'t> {
    /// Looks for keywords around `start..end` of `text`, and in the field label if given.
    pub fn around(
        index: &'static KeywordIndex,
        text: &'t str,
        start: usize,
        end: usize,
        field_label: Option<&'t str>,
        cache: &mut ContextCache<'t>,
    ) -> Context<'t> {
        // The window is one clause: keywords before the last sentence break, or after the
        // next one, speak of other values ("hotline: X. Anh Đạt (riêng): Y").
        let ws = sentence_start(text, window_start(text, start), start);
        let we = sentence_end(text, end, window_end(text, end));
        // The lines of the window are searched whole when short enough, so that the other
        // candidates on them reuse the hits; a long line (minified JSON, a log without line
        // breaks) is searched in the window only.
        let b = text.as_bytes();
        let mut hits: SmallVec<[Hit<'static>; 6]> = SmallVec::new();
        // Keywords inside the candidate itself do not count.
        let mut keep = |spans: &crate::keywords::Spans| {
            hits.extend(
                spans
                    .iter()
                    .filter(|&&(s, e, _)| s >= ws && e <= we && (e <= start || s >= end))
                    .map(|&(s, e, p)| index.hit(p, s, e)),
            );
        };
        let mut ls = {
            let lo = ws.saturating_sub(CACHE_LINE + 1);
            match memchr::memrchr(b'\n', &b[lo..ws]) {
                Some(nl) => lo + nl + 1,
                None if lo == 0 => 0,
                None => ws,
            }
        };
        loop {
            let hi = (ls.max(ws) + CACHE_LINE + 1).min(b.len());
            let le = memchr::memchr(b'\n', &b[ls..hi]).map(|nl| ls + nl);
            match le {
                Some(le) if le - ls <= CACHE_LINE => {
                    keep(cache.hits_near(index, text, ls, le, ws, we));
                }
                None if hi == b.len() && b.len() - ls <= CACHE_LINE => {
                    keep(cache.hits_near(index, text, ls, b.len(), ws, we));
                }
                _ => {
                    let mut spans = crate::keywords::Spans::new();
                    index.find_spans_in(text, ls.max(ws)..we, &mut cache.folded, &mut spans);
                    keep(&spans);
                    break;
                }
            }
            match le {
                Some(le) if le < we => ls = le + 1,
                _ => break,
            }
        }
        let label =
            hits.iter().enumerate().filter(|(_, h)| h.end <= start).map(|(i, _)| i).next_back();
        let mut field = SmallVec::new();
        let mut field_name = field_label;
        if let Some(label) = field_label {
            label_hits(index, label, &mut cache.folded, &mut field);
        } else if let Some(CellContext { header: (hs, he), cell: (cs, ce), label: label_cell }) =
            table_header(text, start, cache)
        {
            let header = &text[hs..he];
            index.find(header, &mut cache.folded, &mut field);
            if !field.is_empty() {
                field_name = Some(header);
            }
            // In a table, the column header speaks for the cell; other cells of the row are
            // other fields and their keywords do not apply, except a bare label cell right
            // before the value.
            hits.retain(|h| {
                (h.start >= cs && h.end <= ce)
                    || label_cell.is_some_and(|(ps, pe)| h.start >= ps && h.end <= pe)
            });
            let label =
                hits.iter().enumerate().filter(|(_, h)| h.end <= start).map(|(i, _)| i).next_back();
            return Context { hits, start, label, field, field_label: field_name };
        }
        Context { hits, start, label, field, field_label: field_name }
    }

    /// Whether any keyword or label supports `kind` (strong or weak).
    pub fn supports(&self, kind: Kind) -> bool {
        self.field
            .iter()
            .chain(self.hits.iter())
            .any(|h| h.meanings().iter().any(|m| m.kind == kind && m.role != Role::Negative))
    }

    /// Whether a strong keyword or label supports `kind`.
    pub fn strongly_supports(&self, kind: Kind) -> bool {
        self.field
            .iter()
            .chain(self.hits.iter())
            .any(|h| h.meanings().iter().any(|m| m.kind == kind && m.role == Role::Strong))
    }

    /// The kind named by the nearest keyword before the candidate, if strong.
    pub fn label_kind(&self) -> Option<Kind> {
        let h = &self.hits[self.label?];
        h.meanings().iter().find(|m| m.role == Role::Strong).map(|m| m.kind)
    }

    /// Whether the tax-code keyword says the code is an individual's ("MST cá nhân", "thuế
    /// TNCN"), which no organisational context overrides.
    pub fn personal_tax_keyword(&self) -> bool {
        self.field.iter().chain(self.hits.iter()).any(|h| {
            h.meanings().iter().any(|m| m.kind == Kind::TaxCode && m.role != Role::Negative) && {
                let f = khien_text::fold(h.display());
                f.contains("ca nhan") || f.contains("tncn") || f.contains("nguoi nop thue")
            }
        })
    }

    /// Whether a keyword ends exactly at `pos` (a key glued to its value: "SĐT0912…").
    pub fn keyword_ends_at(&self, pos: usize) -> bool {
        self.hits.iter().any(|h| h.end == pos)
    }

    /// Whether a positive keyword (of any kind) ends between `from` and the candidate.
    fn has_positive_between(&self, from: usize) -> bool {
        self.hits.iter().any(|o| {
            o.start >= from
                && o.end <= self.start
                && o.meanings().iter().any(|x| x.role != Role::Negative)
        })
    }

    /// How much the context moves the score of a `kind` reading (no reasons recorded).
    pub fn score_delta(&self, kind: Kind) -> f32 {
        let mut score = 0.0;
        let mut sink = Vec::new();
        self.apply_inner(kind, &mut score, &mut sink, false);
        debug_assert!(sink.is_empty());
        score
    }

    /// Adds the context's evidence for `kind` to `score` and `reasons`.
    pub fn apply(&self, kind: Kind, score: &mut f32, reasons: &mut Vec<Reason>) {
        self.apply_inner(kind, score, reasons, true);
    }

    fn apply_inner(&self, kind: Kind, score: &mut f32, reasons: &mut Vec<Reason>, explain: bool) {
        let mut push = |r: Reason| {
            if explain {
                reasons.push(r);
            }
        };
        // A field label (column header, JSON key, form field) is the strongest evidence.
        let mut best_field: f32 = 0.0;
        for h in &self.field {
            for m in h.meanings().iter().filter(|m| m.kind == kind) {
                match m.role {
                    Role::Strong => best_field = best_field.max(0.5),
                    Role::Weak => best_field = best_field.max(0.25),
                    Role::Negative => {
                        *score -= 0.4;
                        push(Reason::new(ReasonCode::NegativeKeyword, h.display()));
                    }
                }
            }
        }
        if best_field > 0.0 {
            *score += best_field;
            push(Reason::new(
                ReasonCode::FieldLabel,
                self.field_label.map(str::to_owned).unwrap_or_default(),
            ));
        }
        let mut best: f32 = 0.0;
        let mut best_hit: Option<&'static str> = None;
        let mut label_other = false;
        let label_names_other = self.label_kind().is_some_and(|k| k != kind);
        // A label may be a chain of keywords ("STK MB", "số tài khoản Vietcombank"): every
        // keyword of the chain counts as the label.
        let chain_start = self.label.map(|l| {
            let mut c = l;
            while c > 0 && self.hits[c].start.saturating_sub(self.hits[c - 1].end) <= 1 {
                c -= 1;
            }
            c
        });
        for (i, h) in self.hits.iter().enumerate() {
            let is_label = chain_start.zip(self.label).is_some_and(|(c, l)| (c..=l).contains(&i));
            // Distance penalty: keywords further away count less.
            let dist = if h.end <= self.start {
                self.start - h.end
            } else {
                h.start.saturating_sub(self.start)
            };
            let near = if dist <= 24 { 1.0 } else { 0.75 };
            let after = h.start >= self.start;
            for m in h.meanings() {
                if m.kind != kind {
                    if is_label
                        && m.role == Role::Strong
                        && !h.meanings().iter().any(|x| x.kind == kind)
                    {
                        label_other = true;
                    }
                    continue;
                }
                let v = match (m.role, is_label, after) {
                    (Role::Strong, true, _) => 0.45,
                    (Role::Strong, false, false) => 0.3 * near,
                    (Role::Strong, false, true) if label_names_other => 0.1,
                    (Role::Strong, false, true) => 0.25,
                    (Role::Weak, true, _) => 0.2,
                    (Role::Weak, false, _) => 0.1,
                    (Role::Negative, _, _) => {
                        // A negative cue counts when nothing positive stands between it and
                        // the value ("hotline: X. Anh Đạt (riêng): Y" spares Y).
                        let shadowed = !after
                            && self.hits[i + 1..].iter().any(|o| {
                                o.end <= self.start
                                    && o.meanings().iter().any(|x| x.role != Role::Negative)
                            });
                        if !after && !shadowed && (is_label || !self.has_positive_between(h.end)) {
                            *score -= 0.4;
                            push(Reason::new(ReasonCode::NegativeKeyword, h.display()));
                        }
                        0.0
                    }
                };
                if v > best {
                    best = v;
                    best_hit = Some(h.display());
                }
            }
        }
        if let Some(d) = best_hit {
            *score += best;
            push(Reason::new(ReasonCode::Keyword, d));
        } else if label_other && best_field == 0.0 {
            // The nearest label names another type of data.
            *score -= 0.15;
        }
    }
}

/// Clamps a score and builds the finding, or `None` below the lowest floor a caller may ask
/// for (the engine drops what is below the floor of the call at the end).
pub fn finish(
    kind: Kind,
    start: usize,
    end: usize,
    score: f32,
    reasons: Vec<Reason>,
) -> Option<Finding> {
    let score = score.clamp(0.0, 1.0);
    (score >= crate::engine::LOWEST_FLOOR).then(|| Finding {
        kind,
        start,
        end,
        score: (score * 100.0).round() / 100.0,
        reasons,
        also: Vec::new(),
        normalized: None,
        custom: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn delimiters_inside_quoted_cells_are_not_cell_breaks() {
        let at = |line: &str| cell_delimiters(line.as_bytes(), b',').collect::<Vec<_>>();
        assert_eq!(at("1,Lan,\"số 7, phường X\",09"), vec![1, 5, 27]);
        // A doubled quote stays inside the cell; a quote inside an unquoted cell is a character.
        assert_eq!(at("\"a \"\"b\"\", c\",d"), vec![12]);
        assert_eq!(at("Biệt danh \"Tuyết, Lan\",x"), vec![20, 26]);
        // Never closed: the rest of the line is one cell.
        assert_eq!(at("a,\"b,c"), vec![1]);
        assert_eq!(at("a,,b,"), vec![1, 2, 4]);
    }

    #[test]
    fn a_quoted_csv_row_with_commas_in_its_address_keeps_its_column_headers() {
        let engine = crate::Engine::new(crate::Config::default().with_current_year(2026));
        let text = "STT,Họ và tên,Số CCCD,SĐT,Địa chỉ\n1,Hoàng Văn Thắng,1090031245,833046172,\"số 7 ngõ 81 phố Lạc Long Quân, phường Tây Hồ, Hà Nội\"\n";
        let kinds: Vec<Kind> = engine.detect(text).iter().map(|f| f.kind).collect();
        assert!(kinds.contains(&Kind::NationalId), "{kinds:?}");
        assert!(kinds.contains(&Kind::Phone), "{kinds:?}");
    }

    #[test]
    fn a_reused_buffer_never_serves_the_previous_texts_hits() {
        let index = crate::keywords::structured_keywords();
        // Same length, same buffer: the second text must get its own keywords.
        let texts = [
            ("Số CCCD: 001090000001", Kind::NationalId),
            ("Số BHXH: 001090000001", Kind::SocialInsurance),
        ];
        let mut buf = String::with_capacity(64);
        let mut spare = ContextCache::default();
        for (t, kind) in texts {
            buf.clear();
            buf.push_str(t);
            let mut cache = std::mem::take(&mut spare).recycle();
            let start = buf.find("001").unwrap();
            let ctx = Context::around(index, &buf, start, buf.len(), None, &mut cache);
            assert!(ctx.strongly_supports(kind), "{t}: {kind:?}");
            // Table shapes are per text too: a CSV row, then prose of the same length.
            spare = cache.recycle();
        }
        let rows = ["Họ tên\tSố CCCD\nA\t001090000001", "ghi chu them: xem so: 001090000001"];
        assert_eq!(rows[0].len(), rows[1].len());
        let mut spare = ContextCache::default();
        let mut supported = Vec::new();
        for t in rows {
            buf.clear();
            buf.push_str(t);
            let mut cache = std::mem::take(&mut spare).recycle();
            let start = buf.find("001").unwrap();
            let ctx = Context::around(index, &buf, start, buf.len(), None, &mut cache);
            supported.push(ctx.strongly_supports(Kind::NationalId));
            spare = cache.recycle();
        }
        assert_eq!(supported, [true, false]);
    }

    /// The words long lines are made of in the test below: keywords, their pieces, glued forms
    /// and plain words, so that windows start and end inside and beside keywords.
    const LINE_WORDS: &[&str] = &[
        "Số",
        "CCCD:",
        "CCCD",
        "số",
        "điện",
        "thoại",
        "điện thoại",
        "SĐT0912345678",
        "mã",
        "thuế",
        "mã số thuế",
        "MST",
        "tài",
        "khoản",
        "STK",
        "ngày",
        "sinh",
        "email",
        "Hộ",
        "chiếu",
        "ông",
        "bà",
        "liên",
        "hệ",
        "theo",
        "kế",
        "hoạch",
        "năm",
        "văn",
        "bản",
        "xã",
        "phường",
        "soDinhDanh",
        "so_cmnd",
        "(",
        ")",
        ",",
        ".",
        "-",
        "0912345678",
        "001090000001",
        "12/03/1990",
        "2025",
    ];

    proptest! {
        /// The first candidates of a long line are served by searching their windows, later ones
        /// by the whole line: both give the same keyword hits for the window.
        #[test]
        fn window_hits_are_the_whole_line_hits(
            words in proptest::collection::vec(0usize..LINE_WORDS.len(), 60..160),
            at in 0usize..1000,
        ) {
            let line: Vec<&str> = words.iter().map(|&i| LINE_WORDS[i]).collect();
            let text = line.join(" ");
            prop_assume!(text.len() > WHOLE_LINE_AT_ONCE);
            // The candidate: a word of the line, chosen by `at`.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices(' ').map(|(i, _)| i + 1))
                .collect();
            let start = starts[at % starts.len()];
            let end = start + text[start..].find(' ').unwrap_or(text.len() - start);
            let index = crate::keywords::structured_keywords();
            let mut cache = ContextCache::default();
            let hits = |c: &Context<'_>| {
                c.hits.iter().map(|h| (h.start, h.end, h.display())).collect::<Vec<_>>()
            };
            let first = hits(&Context::around(index, &text, start, end, None, &mut cache));
            for _ in 1..WINDOWS_PER_LINE {
                Context::around(index, &text, start, end, None, &mut cache);
            }
            let whole = hits(&Context::around(index, &text, start, end, None, &mut cache));
            prop_assert!(cache.lines.iter().any(|l| l.key.is_some()), "the line was searched whole");
            prop_assert_eq!(first, whole);
        }

        #[test]
        fn quoted_csv_rows_split_back_into_their_cells(
            cells in proptest::collection::vec("[a-zA-Zà-ỹ0-9 ,\"]{0,8}", 1..8)
        ) {
            // Written as RFC 4180 writers do: a cell with a comma or a quote is quoted, its
            // quotes doubled.
            let quoted: Vec<String> = cells
                .iter()
                .map(|c| {
                    if c.contains([',', '"']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            let line = quoted.join(",");
            let mut start = 0;
            let mut back = Vec::new();
            for at in cell_delimiters(line.as_bytes(), b',').chain(std::iter::once(line.len())) {
                back.push(line[start..at].to_string());
                start = at + 1;
            }
            prop_assert_eq!(back, quoted);
        }

        #[test]
        fn clause_bounds_match_the_byte_by_byte_definition(t in "[a-zA-Z0-9 .;!?\\n]{0,80}", x in 0usize..80, y in 0usize..80) {
            let b = t.as_bytes();
            let (lo, hi) = (x.min(y).min(t.len()), x.max(y).min(t.len()));
            let start = (lo..hi).rev().find(|&i| is_break(b, i)).map_or(lo, |i| i + 1);
            prop_assert_eq!(sentence_start(&t, lo, hi), start);
            let end = (lo..hi).find(|&i| is_break(b, i)).unwrap_or(hi);
            prop_assert_eq!(sentence_end(&t, lo, hi), end);
        }
    }
}
