//! The weights of the linear models and their file format.
//!
//! A model file is a UTF-8 header of `key = value` and `# comment` lines (its provenance:
//! sources, date, corpus fingerprint, training settings, the figures it was chosen on) ended by
//! a line `---`, then a little-endian payload:
//!
//! ```text
//! b"KHM1"
//! scam model:  u8 bits, f32 bias, f32 scale, f32 platt_a, f32 platt_b,
//!              f32 alarm_at, f32 veto_at, f32 danger_at, 2^bits × i16 weights
//! type model:  u8 bits, u16 types, types × (u8 length, code bytes), f32 scale,
//!              types × f32 bias, types × 2^bits × i8 weights (type-major)
//! ```
//!
//! Weights are stored quantised (`weight = stored × scale`); the scam model keeps 16 bits
//! because its score decides verdicts, the type model 8 bits because only its ranking is used.

use crate::Error;

const MAGIC: &[u8; 4] = b"KHM1";

/// The scam/genuine model: a calibrated logistic regression and the thresholds the combination
/// with the rules uses.
#[derive(Debug, Clone, PartialEq)]
pub struct ScamModel {
    /// Bucket bits.
    pub bits: u8,
    /// Bias.
    pub bias: f32,
    /// Weights, one per bucket.
    pub weights: Vec<f32>,
    /// Platt calibration: probability = sigmoid(a · margin + b).
    pub platt: (f32, f32),
    /// Probability at or above which a message the rules let pass is raised to suspicious.
    pub alarm_at: f32,
    /// Probability below which a rules alarm without a strong signal is withdrawn.
    pub veto_at: f32,
    /// Probability at or above which a typed suspicious message becomes dangerous.
    pub danger_at: f32,
}

/// The scam-type model: one linear score per type (softmax), trained on scams only.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeModel {
    /// Bucket bits.
    pub bits: u8,
    /// Type codes.
    pub types: Vec<String>,
    /// Bias per type.
    pub bias: Vec<f32>,
    /// Weights, type-major: `weights[type << bits | bucket]`.
    pub weights: Vec<f32>,
}

/// Both models with the file's header text.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    /// The header (provenance), without the `---` line.
    pub header: String,
    /// Scam/genuine model.
    pub scam: ScamModel,
    /// Scam-type model.
    pub types: TypeModel,
}

impl ScamModel {
    /// The raw margin of a feature vector.
    pub fn margin(&self, features: &[(u32, f32)]) -> f32 {
        let mask = (1u32 << self.bits) - 1;
        self.bias
            + features.iter().map(|&(b, v)| self.weights[(b & mask) as usize] * v).sum::<f32>()
    }
    /// The calibrated probability of a margin.
    pub fn probability(&self, margin: f32) -> f32 {
        sigmoid(self.platt.0 * margin + self.platt.1)
    }
}

impl TypeModel {
    /// Softmax probabilities per type.
    pub fn probabilities(&self, features: &[(u32, f32)]) -> Vec<f32> {
        let mask = (1u32 << self.bits) - 1;
        let width = 1usize << self.bits;
        let mut scores: Vec<f32> = self.bias.clone();
        for (t, score) in scores.iter_mut().enumerate() {
            let row = &self.weights[t * width..(t + 1) * width];
            *score += features.iter().map(|&(b, v)| row[(b & mask) as usize] * v).sum::<f32>();
        }
        softmax(&mut scores);
        scores
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// In-place softmax.
pub fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    if sum > 0.0 {
        for s in scores.iter_mut() {
            *s /= sum;
        }
    }
}

fn quantise<const MAX: i32>(weights: &[f32]) -> (f32, Vec<i32>) {
    let largest = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = if largest > 0.0 { largest / MAX as f32 } else { 1.0 };
    let q = weights.iter().map(|w| (w / scale).round().clamp(-MAX as f32, MAX as f32) as i32);
    (scale, q.collect())
}

impl ModelFile {
    /// Serialises the models (weights are quantised on the way out).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(self.header.trim_end().as_bytes());
        out.extend_from_slice(b"\n---\n");
        out.extend_from_slice(MAGIC);
        let s = &self.scam;
        out.push(s.bits);
        let (scale, q) = quantise::<32767>(&s.weights);
        for v in [s.bias, scale, s.platt.0, s.platt.1, s.alarm_at, s.veto_at, s.danger_at] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in q {
            out.extend_from_slice(&(w as i16).to_le_bytes());
        }
        let t = &self.types;
        out.push(t.bits);
        out.extend_from_slice(&(t.types.len() as u16).to_le_bytes());
        for code in &t.types {
            out.push(code.len() as u8);
            out.extend_from_slice(code.as_bytes());
        }
        let (scale, q) = quantise::<127>(&t.weights);
        out.extend_from_slice(&scale.to_le_bytes());
        for b in &t.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out.extend(q.into_iter().map(|w| (w as i8) as u8));
        out
    }

    /// Reads a model file.
    pub fn parse(bytes: &[u8]) -> Result<ModelFile, Error> {
        let bad = |message: &str| Error::Data { file: "message.model", message: message.into() };
        let split = bytes
            .windows(5)
            .position(|w| w == b"\n---\n")
            .ok_or_else(|| bad("no `---` line after the header"))?;
        let header = std::str::from_utf8(&bytes[..split])
            .map_err(|_| bad("the header is not UTF-8"))?
            .to_string();
        let mut r = Reader { bytes: &bytes[split + 5..], at: 0 };
        if r.take(4).ok_or_else(|| bad("truncated"))? != MAGIC {
            return Err(bad("not a Khiên model (magic)"));
        }
        let truncated = || bad("truncated payload");
        let bits = r.u8().ok_or_else(truncated)?;
        if !(8..=22).contains(&bits) {
            return Err(bad("scam model bits out of range"));
        }
        let mut f = [0f32; 7];
        for v in &mut f {
            *v = r.f32().ok_or_else(truncated)?;
        }
        let [bias, scale, pa, pb, alarm_at, veto_at, danger_at] = f;
        let width = 1usize << bits;
        let raw = r.take(width * 2).ok_or_else(truncated)?;
        let weights =
            raw.chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale);
        let scam = ScamModel {
            bits,
            bias,
            weights: weights.collect(),
            platt: (pa, pb),
            alarm_at,
            veto_at,
            danger_at,
        };
        let tbits = r.u8().ok_or_else(truncated)?;
        if !(8..=20).contains(&tbits) {
            return Err(bad("type model bits out of range"));
        }
        let count = usize::from(u16::from_le_bytes([
            r.u8().ok_or_else(truncated)?,
            r.u8().ok_or_else(truncated)?,
        ]));
        let mut types = Vec::with_capacity(count);
        for _ in 0..count {
            let len = usize::from(r.u8().ok_or_else(truncated)?);
            let code = std::str::from_utf8(r.take(len).ok_or_else(truncated)?)
                .map_err(|_| bad("a type code is not UTF-8"))?;
            types.push(code.to_string());
        }
        let scale = r.f32().ok_or_else(truncated)?;
        let mut bias = Vec::with_capacity(count);
        for _ in 0..count {
            bias.push(r.f32().ok_or_else(truncated)?);
        }
        let raw = r.take(count << tbits).ok_or_else(truncated)?;
        let weights = raw.iter().map(|&b| f32::from(b as i8) * scale).collect();
        if r.at != r.bytes.len() {
            return Err(bad("trailing bytes after the payload"));
        }
        Ok(ModelFile { header, scam, types: TypeModel { bits: tbits, types, bias, weights } })
    }

    /// The value of a `key = value` header line.
    pub fn header_value(&self, key: &str) -> Option<&str> {
        self.header.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn f32(&mut self) -> Option<f32> {
        self.take(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ModelFile {
        ModelFile {
            header: "# test\ncorpus = abc".into(),
            scam: ScamModel {
                bits: 8,
                bias: -0.5,
                weights: (0..256).map(|i| (i as f32 - 128.0) / 64.0).collect(),
                platt: (1.5, -0.2),
                alarm_at: 0.9,
                veto_at: 0.05,
                danger_at: 0.97,
            },
            types: TypeModel {
                bits: 8,
                types: vec!["a".into(), "bb".into()],
                bias: vec![0.1, -0.1],
                weights: (0..512).map(|i| ((i % 17) as f32 - 8.0) / 4.0).collect(),
            },
        }
    }

    #[test]
    fn round_trip_within_quantisation() {
        let m = sample();
        let back = ModelFile::parse(&m.to_bytes()).expect("parse");
        assert_eq!(back.header, m.header);
        assert_eq!(back.header_value("corpus"), Some("abc"));
        assert_eq!(back.scam.platt, m.scam.platt);
        assert_eq!(back.types.types, m.types.types);
        for (a, b) in back.scam.weights.iter().zip(&m.scam.weights) {
            assert!((a - b).abs() < 1e-3, "{a} {b}");
        }
        for (a, b) in back.types.weights.iter().zip(&m.types.weights) {
            assert!((a - b).abs() < 0.02, "{a} {b}");
        }
        // Serialising again gives the same bytes.
        assert_eq!(back.to_bytes(), m.to_bytes());
    }

    #[test]
    fn truncated_and_foreign_files_are_refused() {
        let bytes = sample().to_bytes();
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(ModelFile::parse(&bytes[..cut]).is_err(), "{cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(ModelFile::parse(&extra).is_err());
        assert!(ModelFile::parse(b"# x\n---\nNOPE").is_err());
    }
}
