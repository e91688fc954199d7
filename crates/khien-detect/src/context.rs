//! Context around a candidate: keyword hits in a window, field labels, organisation cues.

use crate::keywords::{Hit, KeywordIndex, Role};
use crate::{Finding, Kind, Reason, ReasonCode};

/// Bytes of text looked at before a candidate (about six to eight Vietnamese words).
pub const WINDOW_BEFORE: usize = 96;
/// Bytes of text looked at after a candidate.
pub const WINDOW_AFTER: usize = 40;

/// Reusable buffers for context look-ups.
#[derive(Default)]
pub struct Scratch {
    folded: khien_text::Folded,
}

/// Keyword evidence around one candidate span.
pub struct Context<'k> {
    hits: Vec<Hit<'k>>,
    /// Start of the candidate in the text.
    start: usize,
    /// Index in `hits` of the closest keyword before the candidate, if any.
    label: Option<usize>,
    /// Keyword hits in the field label (column header, JSON key), if any.
    field: Vec<Hit<'k>>,
    field_label: Option<String>,
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

fn window_end(text: &str, end: usize) -> usize {
    let hi = ceil_boundary(text, (end + WINDOW_AFTER).min(text.len()));
    match memchr::memchr(b'\n', &text.as_bytes()[end..hi]) {
        Some(nl) => end + nl,
        None => hi,
    }
}

impl<'k> Context<'k> {
    /// Looks for keywords around `start..end` of `text`, and in the field label if given.
    pub fn around(
        index: &'k KeywordIndex,
        text: &str,
        start: usize,
        end: usize,
        field_label: Option<&str>,
        scratch: &mut Scratch,
    ) -> Context<'k> {
        let ws = window_start(text, start);
        let we = window_end(text, end);
        let mut hits = Vec::new();
        index.find(&text[ws..we], &mut scratch.folded, &mut hits);
        for h in &mut hits {
            h.start += ws;
            h.end += ws;
        }
        // Keywords inside the candidate itself do not count.
        hits.retain(|h| h.end <= start || h.start >= end);
        let label = hits.iter().enumerate().filter(|(_, h)| h.end <= start).map(|(i, _)| i).next_back();
        let mut field = Vec::new();
        if let Some(label) = field_label {
            index.find(label, &mut scratch.folded, &mut field);
        }
        Context { hits, start, label, field, field_label: field_label.map(str::to_owned) }
    }

    /// Whether any keyword or label supports `kind` (strong or weak).
    pub fn supports(&self, kind: Kind) -> bool {
        self.field.iter().chain(self.hits.iter()).any(|h| {
            h.meanings.iter().any(|m| m.kind == kind && m.role != Role::Negative)
        })
    }

    /// Whether a strong keyword or label supports `kind`.
    pub fn strongly_supports(&self, kind: Kind) -> bool {
        self.field.iter().chain(self.hits.iter()).any(|h| {
            h.meanings.iter().any(|m| m.kind == kind && m.role == Role::Strong)
        })
    }

    /// The kind named by the nearest keyword before the candidate, if strong.
    pub fn label_kind(&self) -> Option<Kind> {
        let h = &self.hits[self.label?];
        h.meanings.iter().find(|m| m.role == Role::Strong).map(|m| m.kind)
    }

    /// Adds the context's evidence for `kind` to `score` and `reasons`.
    pub fn apply(&self, kind: Kind, score: &mut f32, reasons: &mut Vec<Reason>) {
        // A field label (column header, JSON key, form field) is the strongest evidence.
        let mut best_field: f32 = 0.0;
        for h in &self.field {
            for m in h.meanings.iter().filter(|m| m.kind == kind) {
                match m.role {
                    Role::Strong => best_field = best_field.max(0.5),
                    Role::Weak => best_field = best_field.max(0.25),
                    Role::Negative => {
                        *score -= 0.4;
                        reasons.push(Reason::new(ReasonCode::NegativeKeyword, h.display));
                    }
                }
            }
        }
        if best_field > 0.0 {
            *score += best_field;
            reasons.push(Reason::new(
                ReasonCode::FieldLabel,
                self.field_label.clone().unwrap_or_default(),
            ));
        }
        let mut best: f32 = 0.0;
        let mut best_hit: Option<&str> = None;
        let mut label_other = false;
        for (i, h) in self.hits.iter().enumerate() {
            let is_label = Some(i) == self.label;
            // Distance penalty: keywords further away count less.
            let dist = if h.end <= self.start { self.start - h.end } else { h.start.saturating_sub(self.start) };
            let near = if dist <= 24 { 1.0 } else { 0.75 };
            let after = h.start >= self.start;
            for m in h.meanings {
                if m.kind != kind {
                    if is_label && m.role == Role::Strong && !h.meanings.iter().any(|x| x.kind == kind) {
                        label_other = true;
                    }
                    continue;
                }
                let v = match (m.role, is_label, after) {
                    (Role::Strong, true, _) => 0.45,
                    (Role::Strong, false, false) => 0.3 * near,
                    (Role::Strong, false, true) => 0.25,
                    (Role::Weak, true, _) => 0.2,
                    (Role::Weak, false, _) => 0.1,
                    (Role::Negative, _, _) => {
                        *score -= 0.4;
                        reasons.push(Reason::new(ReasonCode::NegativeKeyword, h.display));
                        0.0
                    }
                };
                if v > best {
                    best = v;
                    best_hit = Some(h.display);
                }
            }
        }
        if let Some(d) = best_hit {
            *score += best;
            reasons.push(Reason::new(ReasonCode::Keyword, d));
        } else if label_other && best_field == 0.0 {
            // The nearest label names another type of data.
            *score -= 0.15;
        }
    }
}

/// Clamps a score and builds the finding, or `None` below the engine floor.
pub fn finish(kind: Kind, start: usize, end: usize, score: f32, reasons: Vec<Reason>) -> Option<Finding> {
    let score = score.clamp(0.0, 1.0);
    (score >= crate::engine::REPORT_FLOOR).then(|| Finding {
        kind,
        start,
        end,
        score: (score * 100.0).round() / 100.0,
        reasons,
        also: Vec::new(),
        normalized: None,
    })
}
