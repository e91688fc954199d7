//! Hashed features of a message, shared by inference and training so the two can never
//! disagree.
//!
//! Features are hashed (FNV-1a, 64-bit, a namespace byte first) into `2^bits` buckets:
//! character 3- to 5-grams and word 1- and 2-grams of the de-obfuscated shadow text (lower case,
//! no diacritics, leetspeak folded: what a reader sees, whatever the spelling), the rule signals
//! that fired, the sender's class, and a few shapes (length, diacritics, obfuscation, links).
//! FNV-1a is written out here rather than taken from a hashing crate because the weights file
//! depends on its exact output: it must never change with a dependency upgrade.

/// Namespaces keep equal strings of different kinds apart.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Space {
    CharGram = 1,
    Word = 2,
    WordPair = 3,
    Signal = 4,
    Sender = 5,
    Shape = 6,
    HostGram = 7,
    HostToken = 8,
}

#[inline]
fn fnv1a(space: Space, bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in std::iter::once(&(space as u8)).chain(bytes) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A sparse feature vector: bucket and value (a bucket may repeat; its values add).
pub type Features = Vec<(u32, f32)>;

/// What the model sees of a message besides its text.
pub struct Context<'a> {
    /// Codes of the rule signals that fired.
    pub signals: &'a [&'a str],
    /// The sender's class code, if a sender was given.
    pub sender: Option<&'a str>,
    /// True when the source text carries Vietnamese diacritics.
    pub has_diacritics: bool,
    /// True when the shadow text had to undo obfuscation.
    pub obfuscated: bool,
    /// Number of links found.
    pub links: usize,
}

/// One FNV-1a step.
#[inline]
fn step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// The FNV-1a state after the namespace byte.
#[inline]
fn start(space: Space) -> u64 {
    step(0xcbf2_9ce4_8422_2325, space as u8)
}

/// Digits are shapes: an amount or a number's length matters, its digits do not
/// (0912345678 and 0987654321 are the same word).
#[inline]
fn shape(byte: u8) -> u8 {
    if byte.is_ascii_digit() { b'9' } else { byte }
}

/// Builds the feature vector of a shadow text (see module docs) into `bits`-bit buckets.
/// Text features are scaled to unit length so short and long messages weigh alike (a feature
/// seen twice counts twice); context features count 1 each. A bucket may appear more than
/// once: for a linear model its values add.
///
/// Written for speed (it runs on every message): n-gram hashes are computed incrementally
/// from each start position, and nothing is sorted or allocated per word.
pub fn extract(shadow: &str, ctx: &Context<'_>, bits: u32) -> Features {
    let mask = (1u64 << bits) - 1;
    let bytes = shadow.as_bytes();
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(bytes.len() * 3 + 64);
    // Character n-grams over the text padded with a space at each end, so word starts and
    // ends are features of their own; runs of spaces are one space.
    let mut padded = Vec::with_capacity(bytes.len() + 2);
    padded.push(b' ');
    for &byte in bytes {
        if byte == b' ' && padded.last() == Some(&b' ') {
            continue;
        }
        padded.push(shape(byte));
    }
    if padded.last() != Some(&b' ') {
        padded.push(b' ');
    }
    for i in 0..padded.len() {
        let mut hash = start(Space::CharGram);
        let mut spaces = 0;
        for (k, &byte) in padded[i..].iter().take(5).enumerate() {
            hash = step(hash, byte);
            spaces += usize::from(byte == b' ');
            if spaces > 1 {
                // A gram spans at most one word boundary.
                break;
            }
            if k >= 2 {
                out.push(((hash & mask) as u32, 0.0));
            }
        }
    }
    // Word unigrams and bigrams.
    let mut previous: Option<&[u8]> = None;
    for word in bytes.split(|b| !b.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let hash = word.iter().fold(start(Space::Word), |h, &b| step(h, shape(b)));
        out.push(((hash & mask) as u32, 0.0));
        if let Some(prev) = previous {
            let hash = prev.iter().fold(start(Space::WordPair), |h, &b| step(h, shape(b)));
            let hash = word.iter().fold(step(hash, b' '), |h, &b| step(h, shape(b)));
            out.push(((hash & mask) as u32, 0.0));
        }
        previous = Some(word);
    }
    let scale = if out.is_empty() { 0.0 } else { 1.0 / (out.len() as f32).sqrt() };
    for feature in &mut out {
        feature.1 = scale;
    }
    let mut context = |bytes: &[u8], space: Space| {
        let hash = bytes.iter().fold(start(space), |h, &b| step(h, b));
        out.push(((hash & mask) as u32, 1.0));
    };
    for code in ctx.signals {
        context(code.as_bytes(), Space::Signal);
    }
    context(ctx.sender.unwrap_or("none").as_bytes(), Space::Sender);
    let length = match shadow.split_ascii_whitespace().count() {
        0..=6 => "len:tiny",
        7..=20 => "len:short",
        21..=60 => "len:medium",
        _ => "len:long",
    };
    context(length.as_bytes(), Space::Shape);
    if ctx.has_diacritics {
        context(b"diacritics", Space::Shape);
    }
    if ctx.obfuscated {
        context(b"obfuscated", Space::Shape);
    }
    let links = match ctx.links {
        0 => "links:0",
        1 => "links:1",
        _ => "links:many",
    };
    context(links.as_bytes(), Space::Shape);
    out
}

/// Builds the feature vector of a host name (lower-case ASCII, punycode for IDNs) for the URL
/// model: character 3- to 5-grams of the host, its labels, its public suffix, and shapes
/// (number of labels, length, digits, hyphens, letters mixed with digits, punycode). Paths are
/// left out on purpose: the public training lists give paths for scams and bare hosts for
/// legitimate sites, so a path would teach the model the lists' format, not the web.
pub fn host_features(host: &str, suffix: &str, bits: u32) -> Features {
    let mask = (1u64 << bits) - 1;
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut grams: Vec<u32> = Vec::with_capacity(host.len() * 3);
    let mut padded = Vec::with_capacity(host.len() + 2);
    padded.push(b'^');
    padded.extend_from_slice(host.as_bytes());
    padded.push(b'$');
    for n in 3..=5 {
        for gram in padded.windows(n) {
            grams.push((fnv1a(Space::HostGram, gram) & mask) as u32);
        }
    }
    grams.sort_unstable();
    grams.dedup();
    let scale = if grams.is_empty() { 0.0 } else { 1.0 / (grams.len() as f32).sqrt() };
    let mut out: Vec<(u32, f32)> = grams.into_iter().map(|b| (b, scale)).collect();
    let name = host.strip_suffix(suffix).unwrap_or(host).trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').filter(|l| !l.is_empty()).collect();
    let mut tokens: Vec<String> = vec![format!("suffix:{suffix}")];
    if let Some(last) = labels.last() {
        tokens.push(format!("name:{last}"));
    }
    for label in &labels {
        tokens.push(format!("label:{label}"));
    }
    tokens.push(format!("labels:{}", labels.len().min(5)));
    let length = match name.len() {
        0..=6 => "short",
        7..=12 => "medium",
        13..=20 => "long",
        _ => "very long",
    };
    tokens.push(format!("length:{length}"));
    let digits = name.bytes().filter(u8::is_ascii_digit).count();
    tokens.push(format!("digits:{}", digits.min(4)));
    tokens.push(format!("hyphens:{}", name.bytes().filter(|&b| b == b'-').count().min(3)));
    if labels.iter().any(|l| {
        l.bytes().any(|b| b.is_ascii_digit()) && l.bytes().any(|b| b.is_ascii_alphabetic())
    }) {
        tokens.push("mixed".into());
    }
    if host.split('.').any(|l| l.starts_with("xn--")) {
        tokens.push("punycode".into());
    }
    for token in tokens {
        let bucket = (fnv1a(Space::HostToken, token.as_bytes()) & mask) as u32;
        match out.binary_search_by_key(&bucket, |&(b, _)| b) {
            Ok(i) => out[i].1 += 1.0,
            Err(i) => out.insert(i, (bucket, 1.0)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context<'static> {
        Context { signals: &[], sender: None, has_diacritics: false, obfuscated: false, links: 0 }
    }

    #[test]
    fn buckets_are_in_range_and_text_has_unit_length() {
        let f = extract("chuyen khoan ngay cho toi 0912345678 nhe", &ctx(), 12);
        assert!(f.iter().all(|&(b, v)| b < 4096 && v > 0.0));
        let text: f32 = f.iter().filter(|x| x.1 < 1.0).map(|x| x.1 * x.1).sum();
        assert!((text - 1.0).abs() < 1e-4, "{text}");
    }

    #[test]
    fn incremental_hashes_equal_whole_hashes() {
        // "ab c" padded is " ab c ": grams spanning two spaces (" c ", " ab ") are skipped.
        let f = extract("ab c", &ctx(), 32);
        for gram in [&b" ab"[..], b"ab ", b"b c", b"ab c"] {
            let want = (fnv1a(Space::CharGram, gram) & 0xffff_ffff) as u32;
            assert!(f.iter().any(|x| x.0 == want), "{:?}", std::str::from_utf8(gram));
        }
        for gram in [&b" c "[..], b" ab "] {
            let skipped = (fnv1a(Space::CharGram, gram) & 0xffff_ffff) as u32;
            assert!(f.iter().all(|x| x.0 != skipped), "{:?}", std::str::from_utf8(gram));
        }
        let word = (fnv1a(Space::WordPair, b"ab c") & 0xffff_ffff) as u32;
        assert!(f.iter().any(|x| x.0 == word));
    }

    #[test]
    fn numbers_are_shapes() {
        // Two messages that differ only in a number's digits have the same features.
        let a = extract("goi 0912345678 de nhan 500k", &ctx(), 18);
        let b = extract("goi 0987654321 de nhan 300k", &ctx(), 18);
        assert_eq!(a, b);
        let c = extract("goi 091234 de nhan 500k", &ctx(), 18);
        assert_ne!(a, c);
    }

    #[test]
    fn host_features_ignore_www_and_see_the_suffix() {
        let a = host_features("www.kubet88.com", "com", 16);
        let b = host_features("kubet88.com", "com", 16);
        assert_eq!(a, b);
        let c = host_features("kubet88.com.vn", "com.vn", 16);
        assert_ne!(a, c);
    }

    #[test]
    fn hash_is_fixed() {
        // The weights file depends on these exact values.
        assert_eq!(fnv1a(Space::Word, b"otp"), 0xa289_ed8f_c52b_3b2a);
        assert_ne!(fnv1a(Space::Word, b"otp"), fnv1a(Space::Signal, b"otp"));
    }
}
