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
    /// The type model laid out bucket-major and quantised to 8 bits (as stored): one feature
    /// reads one cache line of all the types' weights instead of one line per type.
    type_rows: Vec<i8>,
    type_scale: f32,
}

impl MessageModel {
    /// Wraps a parsed model file.
    pub fn new(file: ModelFile, styles: Vec<Style>) -> MessageModel {
        let types = &file.types;
        let count = types.types.len();
        let width = 1usize << types.bits;
        let largest = types.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let type_scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
        let mut type_rows = vec![0i8; count * width];
        for t in 0..count {
            for bucket in 0..width {
                let w = types.weights[t * width + bucket] / type_scale;
                type_rows[bucket * count + t] = w.round().clamp(-127.0, 127.0) as i8;
            }
        }
        MessageModel { file, styles, type_rows, type_scale }
    }

    /// Softmax probabilities per type (same as [`linear::TypeModel::probabilities`], faster).
    fn type_probabilities(&self, features: &[(u32, f32)]) -> Vec<f32> {
        let types = &self.file.types;
        let count = types.types.len();
        let mask = (1u32 << types.bits) - 1;
        let mut sums = vec![0f32; count];
        for &(bucket, value) in features {
            let row = &self.type_rows[(bucket & mask) as usize * count..][..count];
            for (sum, &w) in sums.iter_mut().zip(row) {
                *sum += f32::from(w) * value;
            }
        }
        let mut scores: Vec<f32> =
            sums.iter().zip(&types.bias).map(|(s, b)| s * self.type_scale + b).collect();
        linear::softmax(&mut scores);
        scores
    }
}

/// What the model says of one message. The scam type is computed only when asked for (an
/// alarm): most messages are genuine, and the type model is the larger of the two.
#[derive(Debug, Clone)]
pub(crate) struct ModelView<'a> {
    /// Calibrated probability that the message is a scam.
    pub probability: f32,
    pub alarm_at: f32,
    pub veto_at: f32,
    pub danger_at: f32,
    model: &'a MessageModel,
    features: &'a [(u32, f32)],
}

impl ModelView<'_> {
    /// The most likely scam type and its probability among scam types.
    pub fn top_type(&self) -> Option<(String, f32)> {
        let probs = self.model.type_probabilities(self.features);
        probs
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, &p)| (self.model.file.types.types[i].clone(), p))
    }
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
        Ok(Some(MessageModel::new(file, styles.style)))
    }

    /// The styles file alone (for checks that every scam type has a style).
    pub fn styles() -> Result<Vec<Style>, Error> {
        let styles: StylesFile = toml::from_str(STYLES_TOML)
            .map_err(|e| Error::Data { file: "styles.toml", message: e.to_string() })?;
        Ok(styles.style)
    }

    /// Scores a feature vector.
    pub fn view<'a>(&'a self, features: &'a [(u32, f32)]) -> ModelView<'a> {
        let scam = &self.file.scam;
        ModelView {
            probability: scam.probability(scam.margin(features)),
            alarm_at: scam.alarm_at,
            veto_at: scam.veto_at,
            danger_at: scam.danger_at,
            model: self,
            features,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_type_probabilities_match_the_reference() {
        let model = MessageModel::embedded().expect("model").expect("a model is embedded");
        let features = features::extract(
            "chuc mung ban trung thuong iphone nop phi nhan qua",
            &features::Context {
                signals: &["prize"],
                sender: Some("personal_mobile"),
                has_diacritics: false,
                obfuscated: false,
                links: 0,
            },
            u32::from(model.file.scam.bits),
        );
        let fast = model.type_probabilities(&features);
        let reference = model.file.types.probabilities(&features);
        for (a, b) in fast.iter().zip(&reference) {
            assert!((a - b).abs() < 1e-3, "{a} {b}");
        }
    }
}
