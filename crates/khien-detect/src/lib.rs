//! Khiên personal-data engine: finds, validates and legally classifies Vietnamese personal data
//! in text.
//!
//! The engine takes text (any Unicode form: NFC, NFD, full-width digits, no-break spaces) and
//! returns [`Finding`]s with byte offsets into that same text, a [`Kind`], a 0–1 score and a
//! [`Confidence`], the [`Reason`]s behind it, and its legal classification (basic or sensitive,
//! Decree 356/2025 articles with the Decree 13/2023 reference as legacy).
//!
//! It is **not** a file reader, a report writer or a redactor: it does no I/O at all, so the
//! scanner, the redactor and the server all call the same detectors. Reference tables (province
//! codes, phone prefixes, BINs, BHYT group codes, context keywords, the legal table) are data
//! files in `data/`, embedded at build time.
//!
//! ```
//! use khien_detect::{Config, Engine, Kind};
//! let engine = Engine::new(Config::default());
//! let text = "Ông A, số CCCD: 001090000001, SĐT 0912 345 678.";
//! let found = engine.detect(text);
//! assert_eq!(found[0].kind, Kind::NationalId);
//! assert_eq!(&text[found[0].start..found[0].end], "001090000001");
//! assert_eq!(found[1].kind, Kind::Phone);
//! assert_eq!(found[1].masked(text), "091* *** *78");
//! ```
//!
//! # Performance
//! The structured detector is one pass over the bytes that jumps between digits, `@` and
//! `:`; context keywords are matched only in a small window around each candidate, on an
//! accent-folded copy of that window. Prose without digits is skipped at memory speed.
//!
//! # Untrusted input
//! Any `&str` is accepted; no input can make the engine panic or take more than linear time
//! (windows and groups are bounded).

mod context;
mod custom;
pub mod document;
mod engine;
mod finding;
mod holders;
mod keywords;
mod kind;
mod lexical;
mod mask;
mod memo;
pub mod mrz;
mod structured;
pub mod tables;
pub mod validate;
mod words;

pub use custom::{CustomDetector, CustomDetectorSpec, CustomError, CustomKind};
pub use engine::{
    Config, Detector, Doc, Engine, FieldContext, LOWEST_FLOOR, REPORT_FLOOR, resolve_overlaps,
};
pub use finding::{Confidence, Finding, Reason, ReasonCode};
pub use kind::{Kind, LegalClass, Sensitivity};
pub use mask::mask;

/// Internals that the fuzz targets, benchmarks and evaluation tests reach into. Not part of the
/// API: they may change in any release.
#[doc(hidden)]
pub mod internals {
    pub use crate::context::{Context, ContextCache};
    pub use crate::keywords::{KeywordIndex, structured_keywords};
    pub use crate::lexical::LEXICAL_KINDS;
}
