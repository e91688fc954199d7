//! The message model: a calibrated linear model over hashed character and word n-grams of the
//! de-obfuscated text, the rule signals and the sender's class, trained on the project's own
//! labelled corpus (`train/judge/messages/`, see `crates/khien-train`), plus a scam-type model
//! that names the style of scam the wording resembles.
//!
//! The rules still give the reasons and the advice; the model adds a probability, a reason of
//! its own ("văn phong giống tin nhắn lừa đảo tuyển dụng…"), raises messages the rules let pass
//! when it is confident, and withdraws a rules alarm that has no strong signal when it is
//! confident the message is genuine (warnings about scams, carriers' promotions).
//! Inference is a few hundred table lookups; the weights are embedded at compile time.

pub mod features;
pub mod linear;
pub mod train;

use serde::Deserialize;

use crate::Error;
use linear::ModelFile;

/// Bucket bits of the scam model when no model is embedded (the trainer's default).
pub const MESSAGE_BITS: u8 = 18;
/// Bucket bits of the scam-type model.
pub const TYPE_BITS: u8 = 15;

/// The embedded model file (empty only while a model is being trained from scratch).
const MESSAGE_MODEL: &[u8] = include_bytes!("../../data/models/message.model");
/// The embedded URL model file (same format; no type model).
const URL_MODEL: &[u8] = include_bytes!("../../data/models/url.model");
/// Bucket bits of the URL model.
pub const URL_BITS: u8 = 18;
const STYLES_TOML: &str = include_str!("../../data/models/styles.toml");

/// A style of scam message, as named in the model's reason.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Style {
    #[allow(dead_code)]
    pub id: String,
    pub vi: String,
    pub en: String,
    pub types: Vec<String>,
}

#[derive(Deserialize)]
struct StylesFile {
    style: Vec<Style>,
}

/// The loaded models.
#[derive(Debug)]
pub(crate) struct MessageModel {
    pub file: ModelFile,
    pub styles: Vec<Style>,
}

/// What the model says of one message.
#[derive(Debug, Clone)]
pub(crate) struct ModelView {
    /// Calibrated probability that the message is a scam.
    pub probability: f32,
    /// The most likely scam type and its probability among scam types.
    pub top_type: Option<(String, f32)>,
    pub alarm_at: f32,
    pub veto_at: f32,
    pub danger_at: f32,
}

impl MessageModel {
    /// Loads the embedded model; `None` when none is embedded.
    pub fn embedded() -> Result<Option<MessageModel>, Error> {
        let styles: StylesFile = toml::from_str(STYLES_TOML)
            .map_err(|e| Error::Data { file: "styles.toml", message: e.to_string() })?;
        if MESSAGE_MODEL.is_empty() {
            return Ok(None);
        }
        let file = ModelFile::parse(MESSAGE_MODEL)?;
        Ok(Some(MessageModel { file, styles: styles.style }))
    }

    /// The styles file alone (for checks that every scam type has a style).
    pub fn styles() -> Result<Vec<Style>, Error> {
        let styles: StylesFile = toml::from_str(STYLES_TOML)
            .map_err(|e| Error::Data { file: "styles.toml", message: e.to_string() })?;
        Ok(styles.style)
    }

    /// Scores a feature vector.
    pub fn view(&self, features: &[(u32, f32)]) -> ModelView {
        let scam = &self.file.scam;
        let probability = scam.probability(scam.margin(features));
        let probs = self.file.types.probabilities(features);
        let top_type = probs
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, &p)| (self.file.types.types[i].clone(), p));
        ModelView {
            probability,
            top_type,
            alarm_at: scam.alarm_at,
            veto_at: scam.veto_at,
            danger_at: scam.danger_at,
        }
    }

    /// The style a scam type belongs to.
    pub fn style_of(&self, code: &str) -> Option<&Style> {
        self.styles.iter().find(|s| s.types.iter().any(|t| t == code))
    }
}

/// The URL model: a calibrated logistic regression over a host name's features
/// ([`features::host_features`]), trained on public lists of scam and phishing hosts and a set
/// of legitimate Vietnamese hosts (see the file's header).
#[derive(Debug)]
pub(crate) struct UrlModel {
    pub file: ModelFile,
}

impl UrlModel {
    /// Loads the embedded URL model; `None` when none is embedded.
    pub fn embedded() -> Result<Option<UrlModel>, Error> {
        if URL_MODEL.is_empty() {
            return Ok(None);
        }
        Ok(Some(UrlModel { file: ModelFile::parse(URL_MODEL)? }))
    }

    /// Probability that a host serves scams, phishing or gambling.
    pub fn probability(&self, host: &str, registrable: &str) -> f32 {
        let scam = &self.file.scam;
        let features = features::host_features(host, suffix_of(registrable), u32::from(scam.bits));
        scam.probability(scam.margin(&features))
    }

    /// Probability at or above which a link is called suspicious.
    pub fn alarm_at(&self) -> f32 {
        self.file.scam.alarm_at
    }
}

/// The public suffix of a registrable domain (`com.vn` of `abc.com.vn`).
pub fn suffix_of(registrable: &str) -> &str {
    registrable.split_once('.').map_or(registrable, |(_, suffix)| suffix)
}
