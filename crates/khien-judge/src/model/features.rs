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

/// A sparse feature vector: bucket and value, buckets sorted and unique.
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

/// Builds the feature vector of a shadow text (see module docs) into `bits`-bit buckets.
/// Text features are scaled to unit length so short and long messages weigh alike; context
/// features count 1 each.
pub fn extract(shadow: &str, ctx: &Context<'_>, bits: u32) -> Features {
    let mask = (1u64 << bits) - 1;
    let mut text: Vec<u32> = Vec::with_capacity(shadow.len() * 3 + 64);
    let bytes = shadow.as_bytes();
    // Character n-grams over the text padded with a space at each end, so word starts and
    // ends are features of their own.
    let mut padded = Vec::with_capacity(bytes.len() + 2);
    padded.push(b' ');
    for &byte in bytes {
        // Runs of spaces are one space for the n-grams.
        if byte == b' ' && padded.last() == Some(&b' ') {
            continue;
        }
        // Digits are shapes: an amount or a number's length matters, its digits do not.
        padded.push(if byte.is_ascii_digit() { b'9' } else { byte });
    }
    if padded.last() != Some(&b' ') {
        padded.push(b' ');
    }
    for n in 3..=5 {
        if padded.len() < n {
            break;
        }
        for gram in padded.windows(n) {
            if gram.iter().filter(|&&b| b == b' ').count() > 1 {
                continue;
            }
            text.push((fnv1a(Space::CharGram, gram) & mask) as u32);
        }
    }
    // Digits are shapes, not values: 0912345678 and 0987654321 are the same word.
    let words: Vec<std::borrow::Cow<'_, str>> = shadow
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|word| {
            if word.bytes().any(|b| b.is_ascii_digit()) {
                std::borrow::Cow::Owned(
                    word.bytes()
                        .map(|b| if b.is_ascii_digit() { '9' } else { b as char })
                        .collect(),
                )
            } else {
                std::borrow::Cow::Borrowed(word)
            }
        })
        .collect();
    for (i, word) in words.iter().enumerate() {
        text.push((fnv1a(Space::Word, word.as_bytes()) & mask) as u32);
        if i > 0 {
            let prev = &words[i - 1];
            let mut pair = Vec::with_capacity(prev.len() + word.len() + 1);
            pair.extend_from_slice(prev.as_bytes());
            pair.push(b' ');
            pair.extend_from_slice(word.as_bytes());
            text.push((fnv1a(Space::WordPair, &pair) & mask) as u32);
        }
    }
    text.sort_unstable();
    text.dedup();
    let scale = if text.is_empty() { 0.0 } else { 1.0 / (text.len() as f32).sqrt() };
    let mut out: Vec<(u32, f32)> = text.into_iter().map(|b| (b, scale)).collect();
    let mut context: Vec<u32> = Vec::with_capacity(16);
    for code in ctx.signals {
        context.push((fnv1a(Space::Signal, code.as_bytes()) & mask) as u32);
    }
    context.push((fnv1a(Space::Sender, ctx.sender.unwrap_or("none").as_bytes()) & mask) as u32);
    let words = shadow.split_ascii_whitespace().count();
    let length = match words {
        0..=6 => "len:tiny",
        7..=20 => "len:short",
        21..=60 => "len:medium",
        _ => "len:long",
    };
    context.push((fnv1a(Space::Shape, length.as_bytes()) & mask) as u32);
    if ctx.has_diacritics {
        context.push((fnv1a(Space::Shape, b"diacritics") & mask) as u32);
    }
    if ctx.obfuscated {
        context.push((fnv1a(Space::Shape, b"obfuscated") & mask) as u32);
    }
    let links = match ctx.links {
        0 => "links:0",
        1 => "links:1",
        _ => "links:many",
    };
    context.push((fnv1a(Space::Shape, links.as_bytes()) & mask) as u32);
    for bucket in context {
        match out.binary_search_by_key(&bucket, |&(b, _)| b) {
            Ok(i) => out[i].1 += 1.0,
            Err(i) => out.insert(i, (bucket, 1.0)),
        }
    }
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
    fn buckets_are_sorted_unique_and_in_range() {
        let f = extract("chuyen khoan ngay cho toi 0912345678 nhe", &ctx(), 12);
        assert!(f.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(f.iter().all(|&(b, v)| b < 4096 && v > 0.0));
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
