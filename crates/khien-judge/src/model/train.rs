//! Training the linear models: pure, deterministic functions over feature vectors (no I/O, no
//! threads), so the trainer (`crates/khien-train`) and the tests get the same weights from the
//! same corpus on any machine.
//!
//! Logistic regression and multinomial (softmax) regression are fitted by stochastic gradient
//! descent with per-weight AdaGrad steps and L2 regularisation, over a shuffled order drawn from
//! a fixed seed. Written here rather than taken from a machine-learning crate because the
//! inference side must be pure Rust with the exact same features, and these ~100 lines are all
//! a linear model of this size needs.

use super::features::Features;
use super::linear::{sigmoid, softmax};

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Passes over the data.
    pub epochs: usize,
    /// Base learning rate (AdaGrad).
    pub rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Seed of the shuffling.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { epochs: 12, rate: 0.5, l2: 1e-6, seed: 0x6b68_6965_6e21 }
    }
}

/// A small deterministic generator (xorshift64*) for the shuffles.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Fits a logistic regression. `examples` are feature vectors with their label (true = scam)
/// and weight. Returns the weights (`2^bits`) and the bias.
pub fn fit_logistic(
    examples: &[(&Features, bool, f32)],
    bits: u8,
    settings: Settings,
) -> (Vec<f32>, f32) {
    let width = 1usize << bits;
    let mask = (width - 1) as u32;
    let mut weights = vec![0f32; width];
    let mut squares = vec![1e-6f32; width];
    let mut bias = 0f32;
    let mut bias_square = 1e-6f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(settings.seed | 1);
    for _ in 0..settings.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (features, label, weight) = examples[i];
            let margin =
                bias + features.iter().map(|&(b, v)| weights[(b & mask) as usize] * v).sum::<f32>();
            let error = (sigmoid(margin) - if label { 1.0 } else { 0.0 }) * weight;
            for &(b, v) in features.iter() {
                let k = (b & mask) as usize;
                let gradient = error * v + settings.l2 * weights[k];
                squares[k] += gradient * gradient;
                weights[k] -= settings.rate * gradient / squares[k].sqrt();
            }
            bias_square += error * error;
            bias -= settings.rate * error / bias_square.sqrt();
        }
    }
    (weights, bias)
}

/// Fits a multinomial (softmax) regression over `classes` classes. Returns the weights
/// (class-major, `classes × 2^bits`) and the biases.
pub fn fit_softmax(
    examples: &[(&Features, usize)],
    classes: usize,
    bits: u8,
    settings: Settings,
) -> (Vec<f32>, Vec<f32>) {
    let width = 1usize << bits;
    let mask = (width - 1) as u32;
    let mut weights = vec![0f32; classes * width];
    let mut squares = vec![1e-6f32; classes * width];
    let mut bias = vec![0f32; classes];
    let mut bias_square = vec![1e-6f32; classes];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(settings.seed.rotate_left(17) | 1);
    let mut scores = vec![0f32; classes];
    for _ in 0..settings.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (features, class) = examples[i];
            for (c, score) in scores.iter_mut().enumerate() {
                let row = &weights[c * width..(c + 1) * width];
                *score = bias[c]
                    + features.iter().map(|&(b, v)| row[(b & mask) as usize] * v).sum::<f32>();
            }
            softmax(&mut scores);
            for c in 0..classes {
                let error = scores[c] - if c == class { 1.0 } else { 0.0 };
                if error.abs() < 1e-4 {
                    continue;
                }
                for &(b, v) in features.iter() {
                    let k = c * width + (b & mask) as usize;
                    let gradient = error * v + settings.l2 * weights[k];
                    squares[k] += gradient * gradient;
                    weights[k] -= settings.rate * gradient / squares[k].sqrt();
                }
                bias_square[c] += error * error;
                bias[c] -= settings.rate * error / bias_square[c].sqrt();
            }
        }
    }
    (weights, bias)
}

/// Platt scaling: fits `a`, `b` so that `sigmoid(a · margin + b)` is a calibrated probability,
/// on margins the model did not train on (out-of-fold), with Platt's smoothed targets.
pub fn fit_platt(margins: &[(f32, bool)]) -> (f32, f32) {
    let positives = margins.iter().filter(|m| m.1).count() as f32;
    let negatives = margins.len() as f32 - positives;
    let high = (positives + 1.0) / (positives + 2.0);
    let low = 1.0 / (negatives + 2.0);
    let targets: Vec<(f64, f64)> = margins
        .iter()
        .map(|&(m, label)| (f64::from(m), f64::from(if label { high } else { low })))
        .collect();
    // Cross-entropy against the smoothed targets, written to stay finite for large margins.
    let loss = |a: f64, b: f64| {
        targets
            .iter()
            .map(|&(x, t)| {
                let z = a * x + b;
                // log(1 + e^z) - t·z, computed without overflow.
                let softplus = if z > 0.0 { z + (-z).exp().ln_1p() } else { z.exp().ln_1p() };
                softplus - t * z
            })
            .sum::<f64>()
    };
    let (mut a, mut b) = (0.0f64, f64::from((positives + 1.0) / (negatives + 1.0)).ln());
    let mut current = loss(a, b);
    // Newton's method with a backtracking line search (Platt; Lin, Lin & Weng 2007).
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0f64, 0f64, 1e-12f64, 0f64, 1e-12f64);
        for &(x, target) in &targets {
            let p = 1.0 / (1.0 + (-(a * x + b)).exp());
            let d = p - target;
            ga += d * x;
            gb += d;
            let w = p * (1.0 - p);
            haa += w * x * x;
            hab += w * x;
            hbb += w;
        }
        if ga.abs() < 1e-7 && gb.abs() < 1e-7 {
            break;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-18 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        let mut step = 1.0;
        let mut improved = false;
        while step > 1e-10 {
            let next = loss(a - step * da, b - step * db);
            if next < current {
                a -= step * da;
                b -= step * db;
                current = next;
                improved = true;
                break;
            }
            step /= 2.0;
        }
        if !improved {
            break;
        }
    }
    (a as f32, b as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(Features, bool)> {
        // Bucket 1 means scam, bucket 2 means genuine, bucket 3 is noise.
        (0..200)
            .map(|i| {
                let scam = i % 2 == 0;
                let mut f = vec![(if scam { 1 } else { 2 }, 1.0)];
                if i % 3 == 0 {
                    f.push((3, 1.0));
                }
                (f, scam)
            })
            .collect()
    }

    #[test]
    fn logistic_separates_and_is_deterministic() {
        let data = toy();
        let examples: Vec<(&Features, bool, f32)> =
            data.iter().map(|(f, l)| (f, *l, 1.0)).collect();
        let (w, b) = fit_logistic(&examples, 4, Settings::default());
        assert!(w[1] + b > 1.0 && w[2] + b < -1.0, "{w:?} {b}");
        assert!(w[3].abs() < w[1].abs() / 2.0, "{w:?}");
        assert_eq!(fit_logistic(&examples, 4, Settings::default()), (w, b));
    }

    #[test]
    fn softmax_learns_classes() {
        let data: Vec<(Features, usize)> =
            (0..90).map(|i| (vec![((i % 3) as u32 + 1, 1.0)], i % 3)).collect();
        let examples: Vec<(&Features, usize)> = data.iter().map(|(f, c)| (f, *c)).collect();
        let (w, b) = fit_softmax(&examples, 3, 4, Settings::default());
        for class in 0..3 {
            let score = |c: usize| w[c * 16 + class + 1] + b[c];
            assert!((0..3).filter(|&c| c != class).all(|c| score(class) > score(c)));
        }
    }

    #[test]
    fn platt_calibrates_an_overconfident_margin() {
        // Margins of ±4 that are right only 80% of the time: calibrated p ≈ 0.8, not 0.98.
        let margins: Vec<(f32, bool)> = (0..1000)
            .map(|i| (if i % 2 == 0 { 4.0 } else { -4.0 }, (i % 10 < 8) == (i % 2 == 0)))
            .collect();
        let (a, b) = fit_platt(&margins);
        let p = sigmoid(a * 4.0 + b);
        assert!((p - 0.8).abs() < 0.03, "{p}");
    }
}
