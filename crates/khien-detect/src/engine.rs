//! The engine: normalises text, runs the detectors, resolves overlaps, maps offsets back.

use std::cell::Cell;

use crate::context::ContextCache;
use crate::{Confidence, Finding, Kind, ReasonCode};

/// Findings scoring below this are never reported.
pub const REPORT_FLOOR: f32 = 0.3;

/// The lowest floor a caller may ask for ([`Engine::detect_field_with_floor`]): below it a
/// candidate is noise even for a recall-first redaction.
pub const LOWEST_FLOOR: f32 = 0.1;

/// Engine settings. Build with [`Config::default`] and the `with_*` methods, so that a new
/// setting is not a breaking change:
///
/// ```
/// use khien_detect::{Confidence, Config, Kind};
/// let config = Config::default()
///     .with_kinds(vec![Kind::NationalId, Kind::Phone])
///     .with_min_confidence(Confidence::Medium)
///     .with_current_year(2026);
/// assert_eq!(config.current_year, Some(2026));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Only these kinds (all when `None`).
    pub kinds: Option<Vec<Kind>>,
    /// Drop findings below this confidence.
    pub min_confidence: Confidence,
    /// The year used to judge birth years; the current UTC year when `None`.
    pub current_year: Option<u16>,
    /// Detectors from the user's configuration, run after the built-in ones.
    pub custom: Vec<crate::custom::CustomDetector>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            kinds: None,
            min_confidence: Confidence::Low,
            current_year: None,
            custom: Vec::new(),
        }
    }
}

impl Config {
    /// Only these kinds (`None`: all kinds).
    pub fn with_kinds(mut self, kinds: impl Into<Option<Vec<Kind>>>) -> Config {
        self.kinds = kinds.into();
        self
    }

    /// Drops findings below this confidence.
    pub fn with_min_confidence(mut self, min_confidence: Confidence) -> Config {
        self.min_confidence = min_confidence;
        self
    }

    /// Judges birth years against this year instead of the current UTC year (tests and
    /// reproducible reports need a fixed year).
    pub fn with_current_year(mut self, year: u16) -> Config {
        self.current_year = Some(year);
        self
    }

    /// Adds detectors from the user's configuration (`[[detectors]]`).
    pub fn with_custom_detectors(
        mut self,
        detectors: Vec<crate::custom::CustomDetector>,
    ) -> Config {
        self.custom = detectors;
        self
    }
}

/// Context that comes from the document structure rather than the text: the header of a
/// spreadsheet column, a JSON key, a form field name.
#[derive(Debug, Clone, Copy, Default)]
pub struct FieldContext<'a> {
    /// The label, e.g. `Số CCCD`, `so_dien_thoai`, `email`.
    pub label: Option<&'a str>,
    /// The value came from a numeric cell, so leading zeros may have been lost.
    pub numeric: bool,
}

/// A text being searched, as detectors see it.
pub struct Doc<'a> {
    /// The normalised working copy.
    pub text: &'a str,
    /// The field label, if any.
    pub field_label: Option<&'a str>,
    /// The year used to judge birth years.
    pub current_year: u16,
    /// Candidates scoring below this are dropped: [`REPORT_FLOOR`] for reports, lower for a
    /// recall-first redaction.
    pub floor: f32,
    enabled: &'a [bool],
}

impl Doc<'_> {
    /// Whether the caller asked for recall first (a redaction floor below the report floor):
    /// detectors then keep the weaker candidates they would otherwise leave out.
    pub fn recall_first(&self) -> bool {
        self.floor < REPORT_FLOOR
    }

    /// Whether `kind` is wanted.
    pub fn enabled(&self, kind: Kind) -> bool {
        self.enabled[kind as usize]
    }

    /// Whether an organisation cue (company, enterprise code, hotline) stands before `pos`:
    /// on the same line, or, with `lines_back`, within that many lines above (a letterhead).
    pub fn organisation_near(&self, pos: usize, lines_back: usize) -> bool {
        let mut lo = pos.saturating_sub(if lines_back == 0 { 80 } else { 240 });
        while !self.text.is_char_boundary(lo) {
            lo += 1;
        }
        let mut win = &self.text[lo..pos];
        for (seen, (i, _)) in win.char_indices().rev().filter(|(_, c)| *c == '\n').enumerate() {
            if seen == lines_back {
                win = &win[i + 1..];
                break;
            }
        }
        crate::words::has_organisation_cue(&khien_text::fold(win))
    }
}

/// A pluggable detector. The structured detector and the lexical detector (names, addresses,
/// personal attributes and sensitive data) are built in and registered by [`Engine::new`];
/// further detectors implement this trait and are added with [`Engine::with_detector`].
pub trait Detector: Send + Sync {
    /// A short name for diagnostics.
    fn name(&self) -> &'static str;
    /// Appends findings for `doc` (offsets into `doc.text`) to `out`.
    fn detect(&self, doc: &Doc<'_>, out: &mut Vec<Finding>);
}

/// The personal-data engine. Build once, share across threads, call [`Engine::detect`] per text.
pub struct Engine {
    enabled: Vec<bool>,
    min_confidence: Confidence,
    current_year: u16,
    detectors: Vec<Box<dyn Detector>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("min_confidence", &self.min_confidence)
            .field("detectors", &self.detectors.iter().map(|d| d.name()).collect::<Vec<_>>())
            .finish()
    }
}

fn this_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days since 1970 → civil year (Howard Hinnant's algorithm, year part only).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    y.clamp(2000, 9999) as u16
}

impl Engine {
    /// Builds an engine. The embedded tables are parsed on first use and shared.
    pub fn new(config: Config) -> Engine {
        let mut enabled = vec![config.kinds.is_none(); Kind::ALL.len()];
        // Custom detectors are asked for by their configuration: on unless kinds are listed
        // without `custom`.
        if let Some(kinds) = &config.kinds {
            for k in kinds {
                enabled[*k as usize] = true;
            }
        }
        // Touch the tables now so that the first scan does not pay for parsing; the lexicons
        // only when a kind that needs them is wanted.
        let _ = crate::tables::tables();
        let _ = crate::keywords::structured_keywords();
        if crate::lexical::wanted(|k| enabled[k as usize]) {
            crate::lexical::load_lexicons();
        }
        Engine {
            enabled,
            min_confidence: config.min_confidence,
            current_year: config.current_year.unwrap_or_else(this_year),
            // Names, addresses and personal attributes, then the configuration's own.
            detectors: crate::lexical::default_detectors()
                .into_iter()
                .chain(std::iter::once(Box::new(crate::mrz::MrzDetector) as Box<dyn Detector>))
                .chain(config.custom.into_iter().map(|d| Box::new(d) as Box<dyn Detector>))
                .collect(),
        }
    }

    /// Adds a detector run after the built-in structured detector.
    pub fn with_detector(mut self, detector: Box<dyn Detector>) -> Engine {
        self.detectors.push(detector);
        self
    }

    /// Finds personal data in `text`. Offsets in the findings point into `text`.
    pub fn detect(&self, text: &str) -> Vec<Finding> {
        self.detect_field(text, &FieldContext::default())
    }

    /// Finds personal data in the value of a labelled field (a spreadsheet cell under its
    /// column header, a JSON value under its key).
    pub fn detect_field(&self, text: &str, field: &FieldContext<'_>) -> Vec<Finding> {
        self.detect_field_with_floor(text, field, REPORT_FLOOR)
    }

    /// Like [`Engine::detect_field`], keeping candidates that score at least `floor` (clamped to
    /// [`LOWEST_FLOOR`]..=1). Below [`REPORT_FLOOR`] the detectors work recall first: they also
    /// keep weaker candidates (a name without a cue, a number that lost its zeros next to a
    /// weaker keyword). Redaction uses it, since a value left in a published copy costs more
    /// than a word replaced in vain; reports keep the default floor.
    pub fn detect_field_with_floor(
        &self,
        text: &str,
        field: &FieldContext<'_>,
        floor: f32,
    ) -> Vec<Finding> {
        let floor = floor.clamp(LOWEST_FLOOR, 1.0);
        let norm = khien_text::Normalized::new(text);
        let mut findings = self.detect_normalized(norm.text(), field, floor);
        if !norm.is_identity() {
            for f in &mut findings {
                let (s, e) = norm.range_to_source(f.start, f.end);
                f.start = s;
                f.end = e;
            }
        }
        findings
    }

    fn detect_normalized(&self, text: &str, field: &FieldContext<'_>, floor: f32) -> Vec<Finding> {
        // The context cache's buffers are kept per thread between calls: a spreadsheet or a
        // JSON file calls the engine once per cell, and fresh buffers for each were a visible
        // share of the time on dense records.
        thread_local! {
            static SPARE: std::cell::Cell<Option<ContextCache<'static>>> =
                const { std::cell::Cell::new(None) };
        }
        let mut cache: ContextCache<'_> =
            SPARE.with(Cell::take).map(ContextCache::recycle).unwrap_or_default();
        let out = self.detect_with(text, field, floor, &mut cache);
        SPARE.with(|spare| spare.set(Some(cache.recycle())));
        out
    }

    fn detect_with<'t>(
        &'t self,
        text: &'t str,
        field: &FieldContext<'t>,
        floor: f32,
        cache: &mut ContextCache<'t>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let doc = Doc {
            text,
            field_label: field.label,
            current_year: self.current_year,
            floor,
            enabled: &self.enabled,
        };
        crate::structured::detect(&doc, cache, &mut out);
        if field.numeric {
            repad_numeric_cell(&doc, &mut out);
        } else if doc.enabled(Kind::NationalId) || doc.enabled(Kind::Phone) {
            repad_table_numbers(&doc, cache, &mut out);
        }
        for d in &self.detectors {
            d.detect(&doc, &mut out);
        }
        out.retain(|f| {
            self.enabled[f.kind as usize]
                && f.score >= floor
                && f.confidence() >= self.min_confidence
        });
        // An organisation's own landline, fax and account are not personal data.
        crate::holders::drop_organisations_own(text, &mut out);
        resolve_overlaps(out)
    }
}

/// Spreadsheets store a number without its leading zeros: a CCCD typed as a number loses one
/// (`79203000111`, 11 digits) or, for the provinces coded 001–009 (Hà Nội is 001), two
/// (`1090000001`, 10 digits); a mobile number loses its `0` (9 digits). When the header says
/// what the column holds, restore the zeros and validate again.
fn repad_numeric_cell(doc: &Doc<'_>, out: &mut Vec<Finding>) {
    let t = doc.text.trim();
    if !out.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let zeros = match t.len() {
        8 | 9 | 11 => "0",
        10 => "00",
        _ => return,
    };
    let padded = format!("{zeros}{t}");
    let inner = Doc {
        text: &padded,
        field_label: doc.field_label,
        current_year: doc.current_year,
        floor: doc.floor,
        enabled: doc.enabled,
    };
    let mut found = Vec::new();
    // Another text: its own cache.
    crate::structured::detect(&inner, &mut ContextCache::default(), &mut found);
    let offset = doc.text.find(t).unwrap_or(0);
    for mut f in found {
        // Only the header (or a keyword) may say a bare number lost its zeros: an amount or a
        // file number that pads into a valid CCCD is still an amount.
        let labelled = f
            .reasons
            .iter()
            .any(|r| matches!(r.code, ReasonCode::FieldLabel | ReasonCode::Keyword));
        if labelled && f.start == 0 && f.end == padded.len() {
            f.start = offset;
            f.end = offset + t.len();
            f.normalized = Some(padded.clone());
            f.reasons.push(crate::Reason::new(ReasonCode::Repadded, "ô số của bảng tính"));
            out.push(f);
        }
    }
}

/// A spreadsheet exported as text (CSV, a pasted table) carries the numbers that lost their
/// zeros as they were shown: a Hà Nội CCCD as 10 digits, another province's as 11, a mobile
/// number as 9. A bare digit run of that length that no detector took, under a column header
/// or after a keyword that names a CCCD or a phone number, gets its zeros back and is
/// validated again.
fn repad_table_numbers<'t>(doc: &Doc<'t>, cache: &mut ContextCache<'t>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    let index = crate::keywords::structured_keywords();
    // The spans already found (tax codes aside), by start, with the running maximum of their
    // ends: "does a digit run overlap a finding" in O(log n) instead of a scan of every
    // finding per run, which made dense tables quadratic.
    let mut spans: Vec<(usize, usize)> =
        out.iter().filter(|f| f.kind != Kind::TaxCode).map(|f| (f.start, f.end)).collect();
    spans.sort_unstable();
    let mut reach = Vec::with_capacity(spans.len());
    let mut furthest = 0;
    for &(_, end) in &spans {
        furthest = furthest.max(end);
        reach.push(furthest);
    }
    let overlaps_found = |start: usize, end: usize| {
        let before_end = spans.partition_point(|&(s, _)| s < end);
        before_end > 0 && reach[before_end - 1] > start
    };
    let mut pos = 0;
    while let Some(start) = crate::structured::next_digit(bytes, pos) {
        let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        pos = end;
        let bare = |at: Option<&u8>| {
            at.is_none_or(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'.' | b'-' | b'/'))
        };
        if !(9..=11).contains(&(end - start))
            || !bare(start.checked_sub(1).and_then(|i| bytes.get(i)))
            || !bare(bytes.get(end))
            // A ten-digit run may have been read as a tax code: under a CCCD header the
            // restored CCCD competes with it in the overlap resolution.
            || overlaps_found(start, end)
        {
            continue;
        }
        let digits = &text[start..end];
        let ctx = crate::context::Context::around(index, text, start, end, doc.field_label, cache);
        let (kind, padded, detail) = match digits.len() {
            10 | 11 if ctx.strongly_supports(Kind::NationalId) => {
                let padded = format!("{}{digits}", if digits.len() == 10 { "00" } else { "0" });
                match crate::validate::cccd(&padded, doc.current_year) {
                    Ok(info) => {
                        (Kind::NationalId, padded, format!("mã tỉnh của {}", info.province))
                    }
                    Err(_) => continue,
                }
            }
            9 if ctx.strongly_supports(Kind::Phone) => {
                let padded = format!("0{digits}");
                match crate::validate::phone(&padded) {
                    Some(_) => (Kind::Phone, padded, "đầu số di động".to_string()),
                    None => continue,
                }
            }
            _ => continue,
        };
        let mut score = 0.5;
        let mut reasons = vec![crate::Reason::new(ReasonCode::Structure, detail)];
        ctx.apply(kind, &mut score, &mut reasons);
        reasons
            .push(crate::Reason::new(ReasonCode::Repadded, "số 0 đầu bị mất khi xuất bảng tính"));
        if let Some(mut f) = crate::context::finish(kind, start, end, score, reasons) {
            f.normalized = Some(padded);
            out.push(f);
        }
    }
}

/// Keeps, among overlapping findings, the best: higher score, then the longer span.
///
/// Findings are grouped into clusters of mutually overlapping spans by one sweep in start
/// order; the greedy choice runs inside each (small) cluster, so the whole is O(n log n). The
/// vector is filtered in place: a second vector of findings the size of a dense chunk cost
/// fresh pages on every call.
pub fn resolve_overlaps(mut v: Vec<Finding>) -> Vec<Finding> {
    if v.len() < 2 {
        return v;
    }
    v.sort_by_key(|f| (f.start, f.end));
    let mut keep = vec![false; v.len()];
    let mut order: Vec<usize> = Vec::new();
    let mut chosen: Vec<usize> = Vec::new();
    let mut a = 0;
    while a < v.len() {
        let mut b = a + 1;
        let mut cluster_end = v[a].end;
        while b < v.len() && v[b].start < cluster_end {
            cluster_end = cluster_end.max(v[b].end);
            b += 1;
        }
        if b - a == 1 {
            keep[a] = true;
        } else {
            order.clear();
            order.extend(a..b);
            order.sort_by(|&x, &y| {
                let (x, y) = (&v[x], &v[y]);
                y.score
                    .partial_cmp(&x.score)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then((y.end - y.start).cmp(&(x.end - x.start)))
                    .then(x.start.cmp(&y.start))
            });
            chosen.clear();
            for &i in &order {
                let f = &v[i];
                if chosen.iter().all(|&k| f.end <= v[k].start || f.start >= v[k].end) {
                    chosen.push(i);
                    keep[i] = true;
                }
            }
        }
        a = b;
    }
    let mut flags = keep.iter();
    v.retain(|_| *flags.next().expect("one flag per finding"));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, Reason, ReasonCode};
    use proptest::prelude::*;

    fn f(start: usize, end: usize, score: f32) -> Finding {
        Finding {
            kind: Kind::Phone,
            start,
            end,
            score,
            reasons: vec![Reason::new(ReasonCode::Structure, "t")],
            also: Vec::new(),
            normalized: None,
            custom: None,
        }
    }

    #[test]
    fn numeric_cells_get_all_their_lost_zeros_back() {
        let engine = Engine::new(Config::default().with_current_year(2026));
        let cell = |text: &str, label: &str| {
            let field = FieldContext { label: Some(label), numeric: true };
            engine.detect_field(text, &field).into_iter().next().map(|f| (f.kind, f.normalized))
        };
        // Hà Nội (001) loses two zeros, Nam Định (036) one, a mobile number its 0.
        assert_eq!(
            cell("1090000001", "Số CCCD"),
            Some((Kind::NationalId, Some("001090000001".into())))
        );
        assert_eq!(
            cell("36079012684", "so_cccd"),
            Some((Kind::NationalId, Some("036079012684".into())))
        );
        assert_eq!(cell("912345678", "SĐT").map(|c| c.0), Some(Kind::Phone));
        // Without a header that says what the column holds, a number stays a number.
        assert_eq!(cell("1090000001", "Thành tiền"), None);
    }

    #[test]
    fn keeps_best_of_overlaps() {
        let kept =
            resolve_overlaps(vec![f(0, 10, 0.5), f(5, 15, 0.9), f(14, 20, 0.4), f(30, 40, 0.3)]);
        let spans: Vec<(usize, usize)> = kept.iter().map(|k| (k.start, k.end)).collect();
        assert_eq!(spans, vec![(5, 15), (30, 40)]);
    }

    proptest! {
        #[test]
        fn result_is_sorted_disjoint_and_maximal(spans in proptest::collection::vec((0usize..200, 1usize..30, 0u8..100), 0..60)) {
            let input: Vec<Finding> = spans.iter().map(|&(s, l, sc)| f(s, s + l, f32::from(sc) / 100.0)).collect();
            let kept = resolve_overlaps(input.clone());
            for w in kept.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
            // Every dropped finding overlaps a kept one that is at least as good.
            for x in &input {
                if !kept.contains(x) {
                    prop_assert!(kept.iter().any(|k| k.start < x.end && x.start < k.end && k.score >= x.score));
                }
            }
        }
    }
}
