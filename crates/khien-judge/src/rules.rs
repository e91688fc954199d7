//! Scam rules: cue classes (phrases with weights) and scam types, compiled from
//! `data/rules.toml` into one Aho-Corasick automaton over the folded shadow text.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use khien_text::fold;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::brands::Brands;
use crate::error::Error;
use crate::normalize::Shadow;
use crate::signal::Signal;

/// What a signal says about the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Who the sender claims to be.
    Claim,
    /// The story: a threat, an offer, a problem.
    Pretext,
    /// What the victim is asked to do.
    Ask,
    /// Weak context that never decides alone.
    Context,
    /// Wording of genuine notices; negative weight.
    Safe,
    /// A structural signal computed in code (links, numbers, obfuscation).
    Structural,
    /// Information only (weight 0), e.g. "official domain".
    Info,
}

/// One signal (a cue class from the data file or a structural signal from code).
#[derive(Debug, Clone)]
pub struct SignalDef {
    /// The signal; its code is the reason code.
    pub code: Signal,
    /// Kind.
    pub kind: Kind,
    /// Score contribution (counted once per message).
    pub weight: i32,
    /// Whether a negation just before the phrase switches it off.
    pub negatable: bool,
    /// A strong signal may decide a verdict on its own (blocklists, look-alikes).
    pub strong: bool,
    /// Vietnamese reason text.
    pub vi: String,
    /// English reason text.
    pub en: String,
}

/// A compiled scam type.
#[derive(Debug, Clone)]
pub struct TypeRule {
    /// Stable snake_case code.
    pub code: String,
    /// Vietnamese name.
    pub vi: String,
    /// English name.
    pub en: String,
    /// At least one of these signals must be present.
    pub topic: Vec<u16>,
    /// If non-empty, at least one of these must be present.
    pub pretext: Vec<u16>,
    /// If non-empty, at least one of these must be present.
    pub asks: Vec<u16>,
    /// Bonus added to the score when the type fires.
    pub bonus: i32,
    /// `topic`, `pretext` and `asks` as bitsets over signal ids, for a fast test.
    pub masks: [[u64; 4]; 3],
    /// Advice keys.
    pub advice: Vec<String>,
}

/// A piece of advice in both languages.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Advice {
    /// Vietnamese.
    pub vi: std::sync::Arc<str>,
    /// English.
    pub en: std::sync::Arc<str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    class: Vec<ClassDef>,
    /// Signals computed in code: no phrases.
    signal: Vec<StructuralDef>,
    #[serde(rename = "type")]
    types: Vec<TypeDef>,
    advice: BTreeMap<String, Advice>,
}

#[derive(Deserialize)]
struct ClassDef {
    code: String,
    kind: Kind,
    weight: i32,
    #[serde(default)]
    negatable: bool,
    vi: String,
    en: String,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StructuralDef {
    code: String,
    kind: Kind,
    weight: i32,
    #[serde(default)]
    strong: bool,
    vi: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AsksDef {
    Default(String),
    List(Vec<String>),
}

#[derive(Deserialize)]
struct TypeDef {
    code: String,
    vi: String,
    en: String,
    topic: Vec<String>,
    pretext: Vec<String>,
    asks: AsksDef,
    bonus: i32,
    advice: Vec<String>,
}

/// Asks used when a type says `asks = "default"`.
pub(crate) const DEFAULT_ASKS: &[Signal] = &[
    Signal::MoneyTransfer,
    Signal::FollowInstructions,
    Signal::PersonalContactNumber,
    Signal::FeeDemand,
    Signal::Deposit,
    Signal::AsksCredential,
    Signal::AsksIdPhoto,
    Signal::InstallApp,
    Signal::ChannelSwitch,
    Signal::CallBack,
    Signal::DifferentName,
    Signal::PersonalAccount,
    Signal::LoanFee,
    Signal::OffPlatform,
    Signal::UnofficialLink,
    Signal::ApkLink,
    Signal::LookalikeDomain,
    Signal::BrandInDomain,
    Signal::HomoglyphDomain,
    Signal::Blocklisted,
    Signal::Shortener,
    Signal::ZaloLink,
    Signal::TelegramLink,
    Signal::AccountNumber,
    Signal::IpHost,
];

/// Compiled rules.
#[derive(Debug)]
pub struct Rules {
    /// All signals; the index is the signal id ([`Signal::id`]).
    pub signals: Vec<SignalDef>,
    ac: AhoCorasick,
    /// Signal ids for each automaton pattern.
    pattern_signals: Vec<Vec<u16>>,
    /// Whether each pattern starts / ends with an ASCII alphanumeric (needs a boundary check).
    pattern_bounds: Vec<(bool, bool)>,
    /// The accented phrases each pattern folds from (empty for chat-spelling variants). An
    /// accented source span must agree with one of them ("tại ứng dụng" is not "tải ứng dụng").
    pattern_accented: Vec<Vec<String>>,
    /// Scam types.
    pub types: Vec<TypeRule>,
    /// Advice texts by key.
    pub advice: BTreeMap<String, Advice>,
    /// Bitset of the default asks.
    pub asks_mask: [u64; 4],
    /// Bitset of the default asks that genuine notices do not make (no account number,
    /// transfer wording, plain link or shortener).
    pub strong_asks_mask: [u64; 4],
    /// Bitset of the claims to be an organisation (police, court, tax, social insurance, EVN,
    /// VNeID, bank, carrier, state support).
    pub org_claims_mask: [u64; 4],
}

/// A signal occurrence in shadow coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    /// Signal id.
    pub signal: u16,
    /// Shadow start.
    pub start: usize,
    /// Shadow end.
    pub end: usize,
}

impl Rules {
    /// Compiles the embedded rules, adding bank and wallet names from `brands` to `claims_bank`.
    pub fn compile(src: &str, brands: &Brands) -> Result<Rules, Error> {
        let file: RulesFile = toml::from_str(src)
            .map_err(|e| Error::Data { file: "rules.toml", message: e.to_string() })?;
        let err = |message: String| Error::Data { file: "rules.toml", message };
        let signal_of = |code: &str| {
            Signal::from_code(code)
                .ok_or_else(|| err(format!("{code}: no such signal in the engine (Signal)")))
        };
        let mut defs: Vec<Option<SignalDef>> = vec![None; Signal::ALL.len()];
        let mut define = |def: SignalDef| -> Result<(), Error> {
            let slot = &mut defs[usize::from(def.code.id())];
            if slot.is_some() {
                return Err(err(format!("{}: defined twice", def.code)));
            }
            *slot = Some(def);
            Ok(())
        };
        let mut phrases: Vec<(String, u16)> = Vec::new();
        for c in &file.class {
            let code = signal_of(&c.code)?;
            let id = code.id();
            define(SignalDef {
                code,
                kind: c.kind,
                weight: c.weight,
                negatable: c.negatable,
                strong: false,
                vi: c.vi.clone(),
                en: c.en.clone(),
            })?;
            for p in &c.phrases {
                phrases.push((p.clone(), id));
            }
            if code == Signal::ClaimsBank {
                for b in brands.iter().filter(|b| matches!(b.kind.as_str(), "bank" | "wallet")) {
                    phrases.push((b.name.clone(), id));
                    for k in &b.keywords {
                        // Two-letter codes such as "mb" are too ambiguous in running text
                        // unless written as a word; the boundary check handles that.
                        phrases.push((k.clone(), id));
                    }
                }
            }
        }
        for d in &file.signal {
            define(SignalDef {
                code: signal_of(&d.code)?,
                kind: d.kind,
                weight: d.weight,
                negatable: false,
                strong: d.strong,
                vi: d.vi.clone(),
                en: d.en.clone(),
            })?;
        }
        // Every signal of the engine must be defined.
        let signals: Vec<SignalDef> = defs
            .into_iter()
            .zip(Signal::ALL)
            .map(|(d, s)| d.ok_or_else(|| err(format!("{s}: signal not defined"))))
            .collect::<Result<_, _>>()?;
        // Fold phrases, generate chat-spelling variants, deduplicate.
        let mut by_phrase: BTreeMap<String, Vec<u16>> = BTreeMap::new();
        let mut accented: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (p, id) in &phrases {
            let f = fold(p);
            let lower: String = p.nfc().flat_map(char::to_lowercase).collect();
            let acc = accented.entry(f.clone()).or_default();
            if !acc.contains(&lower) {
                acc.push(lower);
            }
            for v in variants(&f) {
                let ids = by_phrase.entry(v).or_default();
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        }
        let pats: Vec<&String> = by_phrase.keys().collect();
        let pattern_bounds = pats
            .iter()
            .map(|p| {
                let b = p.as_bytes();
                (b[0].is_ascii_alphanumeric(), b[b.len() - 1].is_ascii_alphanumeric())
            })
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&pats)
            .map_err(|e| Error::Data { file: "rules.toml", message: e.to_string() })?;
        let pattern_signals = by_phrase.values().cloned().collect();
        let pattern_accented =
            by_phrase.keys().map(|k| accented.get(k).cloned().unwrap_or_default()).collect();

        let lookup = |names: &[String], what: &str, ty: &str| -> Result<Vec<u16>, Error> {
            names
                .iter()
                .map(|n| {
                    Signal::from_code(n)
                        .map(Signal::id)
                        .ok_or_else(|| err(format!("type {ty}: unknown {what} signal {n}")))
                })
                .collect()
        };
        let mut types = Vec::new();
        for t in &file.types {
            let asks_names: Vec<String> = match &t.asks {
                AsksDef::Default(s) if s == "default" => {
                    DEFAULT_ASKS.iter().map(|s| s.code().to_string()).collect()
                }
                AsksDef::Default(s) => {
                    return Err(Error::Data {
                        file: "rules.toml",
                        message: format!("type {}: asks = {s:?}", t.code),
                    });
                }
                AsksDef::List(l) => l.clone(),
            };
            for a in &t.advice {
                if !file.advice.contains_key(a) {
                    return Err(Error::Data {
                        file: "rules.toml",
                        message: format!("type {}: unknown advice {a}", t.code),
                    });
                }
            }
            let topic = lookup(&t.topic, "topic", &t.code)?;
            let pretext = lookup(&t.pretext, "pretext", &t.code)?;
            let asks = lookup(&asks_names, "ask", &t.code)?;
            let masks = [mask(&topic), mask(&pretext), mask(&asks)];
            types.push(TypeRule {
                code: t.code.clone(),
                vi: t.vi.clone(),
                en: t.en.clone(),
                topic,
                pretext,
                asks,
                bonus: t.bonus,
                masks,
                advice: t.advice.clone(),
            });
        }
        let ids_of = |signals: &[Signal]| -> Vec<u16> { signals.iter().map(|s| s.id()).collect() };
        let asks_mask = mask(&ids_of(DEFAULT_ASKS));
        let strong: Vec<Signal> = DEFAULT_ASKS
            .iter()
            .copied()
            .filter(|c| {
                !matches!(
                    c,
                    Signal::AccountNumber
                        | Signal::MoneyTransfer
                        | Signal::UnofficialLink
                        | Signal::Shortener
                )
            })
            .collect();
        let strong_asks_mask = mask(&ids_of(&strong));
        let org_claims_mask = mask(&ids_of(&[
            Signal::ClaimsPolice,
            Signal::ClaimsCourt,
            Signal::ClaimsTax,
            Signal::ClaimsBhxh,
            Signal::ClaimsEvn,
            Signal::ClaimsVneid,
            Signal::ClaimsBank,
            Signal::ClaimsCarrier,
            Signal::ClaimsGovSupport,
        ]));
        Ok(Rules {
            asks_mask,
            strong_asks_mask,
            org_claims_mask,
            signals,
            ac,
            pattern_signals,
            pattern_bounds,
            pattern_accented,
            types,
            advice: file.advice,
        })
    }

    /// Finds every cue phrase in the leetspeak-folded shadow. Negated hits of negatable classes
    /// are dropped. Hits are reported in shadow coordinates.
    pub fn find_cues(&self, shadow: &Shadow, src: &str, out: &mut Vec<CueHit>) {
        let t = shadow.leet().as_bytes();
        for m in self.ac.find_overlapping_iter(shadow.leet()) {
            let (s, e) = (m.start(), m.end());
            let (bs, be) = self.pattern_bounds[m.pattern().as_usize()];
            if bs && s > 0 && t[s - 1].is_ascii_alphanumeric() {
                continue;
            }
            if be && e < t.len() && t[e].is_ascii_alphanumeric() {
                continue;
            }
            let acc = &self.pattern_accented[m.pattern().as_usize()];
            if !acc.is_empty() {
                let (a, b) = shadow.source_range(s, e, src);
                if !accent_compatible(&src[a..b], acc) {
                    continue;
                }
            }
            for &sig in &self.pattern_signals[m.pattern().as_usize()] {
                if self.signals[sig as usize].negatable && negated(t, s) {
                    continue;
                }
                out.push(CueHit { signal: sig, start: s, end: e });
            }
        }
    }
}

/// A bitset over signal ids.
fn mask(ids: &[u16]) -> [u64; 4] {
    let mut m = [0u64; 4];
    for &i in ids {
        m[usize::from(i / 64)] |= 1 << (i % 64);
    }
    m
}

/// True unless the span is written with diacritics that contradict every accented form of the
/// phrase. Unaccented letters match anything (text typed without diacritics); spans that are
/// not plain Vietnamese (obfuscated, other scripts, different length) are not checked.
fn accent_compatible(span: &str, accented: &[String]) -> bool {
    if span.is_ascii() {
        return true;
    }
    if span.chars().any(unicode_normalization::char::is_combining_mark) {
        // Decomposed input (rare): compose first.
        let composed: String = span.nfc().collect();
        return accent_compatible_composed(&composed, accented);
    }
    accent_compatible_composed(span, accented)
}

fn accent_compatible_composed(span: &str, accented: &[String]) -> bool {
    let plain = |c: char| {
        let f = khien_text::fold_char(c);
        f.is_ascii() && f != '\0'
    };
    if !span.chars().all(plain) {
        return true;
    }
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let n = span.chars().count();
    accented.iter().any(|a| {
        a.chars().count() != n
            || span.chars().zip(a.chars()).all(|(x, y)| lower(x) == y || x.is_ascii())
    })
}

/// True if a negation word closes the clause just before `start` ("không cung cấp OTP",
/// "tuyệt đối không chuyển tiền"); "nếu không" ("if not") is not a negation.
pub(crate) fn negated(t: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(48);
    let mut w = &t[from..start];
    // Cut at the last clause boundary.
    if let Some(p) = w.iter().rposition(|&b| matches!(b, b'.' | b'!' | b'?' | b';' | b',' | b':')) {
        w = &w[p + 1..];
    }
    // The last (up to 8) ASCII words, in order, without allocating.
    let mut buf: [&[u8]; 8] = [&[]; 8];
    let mut n = 0;
    for word in w.rsplit(|b| !b.is_ascii_alphanumeric()).filter(|x| !x.is_empty()).take(8) {
        buf[n] = word;
        n += 1;
    }
    buf[..n].reverse();
    let words = &buf[..n];
    let lists = crate::words::words();
    // A noun use is not a request: "giao dịch chuyển tiền", "phí chuyển tiền", "hạn mức chuyển tiền".
    let last2 = |a: &[u8], b: &[u8]| n >= 2 && words[n - 2] == a && words[n - 1] == b;
    // Memo of a transfer in a balance SMS ("ND: chuyen tien hoc phi").
    if n >= 1 && (words[n - 1] == b"nd" || last2(b"noi", b"dung")) {
        return true;
    }
    if last2(b"giao", b"dich")
        || last2(b"han", b"muc")
        || last2(b"dich", b"vu")
        || (n >= 1 && matches!(words[n - 1], b"phi" | b"lenh"))
    {
        return true;
    }
    // A statement of what already happened or will happen ("đã được chuyển vào", "sẽ chuyển
    // vào") is not a request.
    if n >= 1
        && (words[n - 1] == b"se" || (n >= 2 && words[n - 2] == b"da" && words[n - 1] == b"duoc"))
    {
        return true;
    }
    for i in (n.saturating_sub(6)..n).rev() {
        if i + 1 < n && words[i] == b"da" && words[i + 1] == b"duoc" {
            return true;
        }
        // Between the negator and the phrase only softeners may stand ("không yêu cầu khách
        // hàng cung cấp"); "không rút được do chưa nộp" is not a negated "nộp".
        if !words[i + 1..].iter().all(|w| lists.softeners.has_word(w)) {
            continue;
        }
        let wd = words[i];
        let is_neg =
            lists.negators.has_word(wd) || (wd == b"doi" && i > 0 && words[i - 1] == b"tuyet");
        if is_neg {
            if i > 0 && words[i - 1] == b"neu" {
                return false;
            }
            return true;
        }
    }
    false
}

/// Chat-spelling variants of a folded phrase: `d→z`, `qu→w`, `gi→j` at word starts, and common
/// abbreviations (`khong→ko/k`, `chuyen khoan→ck`, `tai khoan→tk`, `duoc→dc`).
fn variants(f: &str) -> Vec<String> {
    let mut out = vec![f.to_string()];
    let words: Vec<&str> = f.split(' ').collect();
    let subs: [(&str, &[&str]); 3] =
        [("khong", &["ko", "k", "hong", "kh"]), ("duoc", &["dc", "dk"]), ("roi", &["r"])];
    // Word-level substitutions, one at a time.
    for (i, w) in words.iter().enumerate() {
        for (from, tos) in &subs {
            if w == from && words.len() > 1 {
                for to in *tos {
                    let mut ws = words.clone();
                    ws[i] = to;
                    out.push(ws.join(" "));
                }
            }
        }
        let alt = w
            .strip_prefix("qu")
            .map(|rest| format!("w{rest}"))
            .or_else(|| {
                w.strip_prefix("gi").filter(|r| !r.is_empty()).map(|rest| format!("j{rest}"))
            })
            .or_else(|| {
                w.strip_prefix('d').filter(|r| !r.is_empty()).map(|rest| format!("z{rest}"))
            });
        if let Some(alt) = alt {
            let mut ws: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            ws[i] = alt;
            out.push(ws.join(" "));
        }
    }
    // Phrase-level abbreviations.
    for (from, to) in
        [("chuyen khoan", "ck"), ("tai khoan", "tk"), ("so tai khoan", "stk"), ("ngan hang", "nh")]
    {
        if f.contains(from) && f != from {
            out.push(f.replace(from, to));
        }
    }
    // Hyphen-free and space-free forms of short brand-like phrases are not generated: they
    // would match inside unrelated words.
    out.retain(|v| v.len() >= 2);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
pub(crate) mod tests {

    #[test]
    fn every_signal_has_a_rule_and_every_rule_a_signal() {
        let v: toml::Value = toml::from_str(crate::RULES_TOML).unwrap();
        let mut codes: Vec<&str> = ["class", "signal"]
            .iter()
            .flat_map(|t| v[*t].as_array().unwrap())
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        codes.sort_unstable();
        let mut variants: Vec<&str> = Signal::ALL.iter().map(|s| s.code()).collect();
        variants.sort_unstable();
        assert_eq!(codes, variants);
    }

    #[test]
    fn loading_refuses_unknown_and_missing_signals() {
        let brands = Brands::parse(crate::BRANDS_TOML).unwrap();
        assert!(Rules::compile(crate::RULES_TOML, &brands).is_ok());
        let unknown =
            crate::RULES_TOML.replacen("code = \"blocklisted\"", "code = \"blocklisted_typo\"", 1);
        let e = Rules::compile(&unknown, &brands).unwrap_err().to_string();
        assert!(e.contains("blocklisted_typo"), "{e}");
        let twice =
            crate::RULES_TOML.replacen("code = \"lookalike_domain\"", "code = \"blocklisted\"", 1);
        let e = Rules::compile(&twice, &brands).unwrap_err().to_string();
        assert!(e.contains("defined twice"), "{e}");
        let at = crate::RULES_TOML.find("[[signal]]\ncode = \"blocklisted\"").unwrap();
        let end = at + crate::RULES_TOML[at + 1..].find("\n\n").unwrap() + 1;
        let missing = format!("{}{}", &crate::RULES_TOML[..at], &crate::RULES_TOML[end..]);
        let e = Rules::compile(&missing, &brands).unwrap_err().to_string();
        assert!(e.contains("blocklisted: signal not defined"), "{e}");
    }

    use super::*;

    /// The signals the cue automaton finds in `text`.
    pub(crate) fn cues_in(rules: &Rules, text: &str) -> Vec<Signal> {
        let shadow = Shadow::new(text);
        let mut hits = Vec::new();
        rules.find_cues(&shadow, text, &mut hits);
        hits.iter().map(|hit| Signal::ALL[usize::from(hit.signal)]).collect()
    }

    pub(crate) fn compiled() -> Rules {
        let brands = Brands::parse(crate::BRANDS_TOML).unwrap();
        Rules::compile(crate::RULES_TOML, &brands).unwrap()
    }

    /// Each cue class carries texts it must fire on and near misses it must not fire on.
    #[test]
    fn every_class_fires_on_its_examples_and_not_on_its_not_examples() {
        let rules = compiled();
        let file: toml::Value = toml::from_str(crate::RULES_TOML).unwrap();
        let mut failures = Vec::new();
        for class in file["class"].as_array().unwrap() {
            let code = class["code"].as_str().unwrap();
            let signal = Signal::from_code(code).unwrap();
            for (field, must_fire) in [("examples", true), ("not_examples", false)] {
                let texts = class.get(field).and_then(toml::Value::as_array);
                let texts = texts.map(Vec::as_slice).unwrap_or_default();
                if texts.is_empty() {
                    failures.push(format!("{code}: no {field}"));
                }
                for text in texts {
                    let text = text.as_str().unwrap();
                    if cues_in(&rules, text).contains(&signal) != must_fire {
                        failures.push(format!("{code}: {field} {text:?}"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn variants_cover_chat_spelling() {
        let v = variants("du dieu kien");
        assert!(v.contains(&"zu dieu kien".to_string()));
        assert!(v.contains(&"du zieu kien".to_string()));
        let v = variants("khong duoc noi");
        assert!(v.contains(&"ko duoc noi".to_string()));
        assert!(v.contains(&"khong dc noi".to_string()));
        let v = variants("chuyen khoan ngay");
        assert!(v.contains(&"ck ngay".to_string()));
    }

    #[test]
    fn negation() {
        let t = b"tuyet doi khong cung cap ma otp";
        assert!(negated(t, 16));
        let t = b"neu khong cung cap ma otp";
        assert!(!negated(t, 10));
        let t = b"vui long cung cap ma otp";
        assert!(!negated(t, 9));
    }
}
