//! Scam rules: cue classes (phrases with weights) and scam types, compiled from
//! `data/rules.toml` into one Aho-Corasick automaton over the folded shadow text.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the signal index is looked up by short static codes many times per message, where
/// SipHash's DoS resistance buys nothing.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use khien_text::fold;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::brands::Brands;
use crate::error::Error;
use crate::normalize::Shadow;

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
    /// Stable snake_case code, used as the reason code.
    pub code: String,
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
struct RulesFile {
    class: Vec<ClassDef>,
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

/// Structural signals computed in code: (code, kind, weight, strong, vi, en).
const STRUCTURAL: &[(&str, Kind, i32, bool, &str, &str)] = &[
    (
        "blocklisted",
        Kind::Structural,
        80,
        true,
        "Có trong danh sách lừa đảo đã biết",
        "On a known scam blocklist",
    ),
    (
        "lookalike_domain",
        Kind::Structural,
        45,
        true,
        "Tên miền nhái thương hiệu hoặc cơ quan chính thức",
        "Domain imitates an official brand or agency",
    ),
    (
        "brand_in_domain",
        Kind::Structural,
        40,
        true,
        "Tên thương hiệu nằm trong tên miền không thuộc thương hiệu đó",
        "Brand name inside a domain the brand does not own",
    ),
    (
        "homoglyph_domain",
        Kind::Structural,
        70,
        true,
        "Tên miền dùng ký tự giống hệt (chữ có dấu, chữ Cyrillic) để giả thương hiệu",
        "Domain uses look-alike characters (accents, Cyrillic) to imitate a brand",
    ),
    (
        "apk_link",
        Kind::Structural,
        35,
        true,
        "Đường link tải tệp cài đặt APK ngoài kho ứng dụng chính thức",
        "Link to an APK installer outside the official app stores",
    ),
    (
        "ip_host",
        Kind::Structural,
        25,
        true,
        "Đường link dùng địa chỉ IP thay cho tên miền",
        "Link uses a raw IP address instead of a domain",
    ),
    (
        "userinfo_disguise",
        Kind::Structural,
        40,
        true,
        "Đường link dùng dấu @ để che địa chỉ thật: phần trước @ không phải trang sẽ mở",
        "Link uses an @ sign to hide its real address: the part before @ is not the site it opens",
    ),
    (
        "punycode_host",
        Kind::Structural,
        15,
        false,
        "Tên miền quốc tế hóa (punycode) có thể che giấu ký tự giả",
        "Internationalised (punycode) domain may hide look-alike characters",
    ),
    (
        "unofficial_link",
        Kind::Structural,
        8,
        false,
        "Có đường link không thuộc tên miền chính thức nào đã biết",
        "Contains a link to a domain that is not a known official one",
    ),
    (
        "credential_path",
        Kind::Structural,
        15,
        false,
        "Đường dẫn trang đăng nhập/xác thực trên tên miền không chính thức",
        "Login or verification page on an unofficial domain",
    ),
    (
        "shortener",
        Kind::Structural,
        10,
        false,
        "Link rút gọn che giấu địa chỉ thật",
        "Shortened link hides the real destination",
    ),
    (
        "risky_tld",
        Kind::Structural,
        10,
        false,
        "Tên miền đuôi hay bị dùng cho trang lừa đảo",
        "Domain ending often used by scam sites",
    ),
    (
        "shared_hosting",
        Kind::Structural,
        8,
        false,
        "Trang dựng trên dịch vụ lưu trữ miễn phí",
        "Page hosted on a free site builder",
    ),
    (
        "zalo_link",
        Kind::Structural,
        12,
        false,
        "Link kéo sang Zalo cá nhân (zalo.me)",
        "Link moving the chat to a personal Zalo (zalo.me)",
    ),
    (
        "telegram_link",
        Kind::Structural,
        14,
        false,
        "Link kéo sang Telegram (t.me)",
        "Link moving the chat to Telegram (t.me)",
    ),
    (
        "personal_contact_number",
        Kind::Ask,
        12,
        false,
        "Tự xưng là tổ chức, cơ quan nhưng bắt liên hệ qua số di động cá nhân",
        "Claims to be an organisation but asks you to contact a personal mobile number",
    ),
    (
        "account_number",
        Kind::Structural,
        10,
        false,
        "Đưa ra số tài khoản để nhận tiền",
        "Gives a bank account number to pay into",
    ),
    ("phone_number", Kind::Info, 0, false, "Có số điện thoại", "Contains a phone number"),
    (
        "risky_phone_prefix",
        Kind::Structural,
        40,
        true,
        "Đầu số quốc tế bất thường mà công an đã cảnh báo",
        "Unusual international prefix the police have warned about",
    ),
    (
        "foreign_phone",
        Kind::Structural,
        15,
        false,
        "Số điện thoại nước ngoài",
        "Foreign phone number",
    ),
    (
        "spoofed_vn_number",
        Kind::Structural,
        25,
        true,
        "Số giả dạng số Việt Nam (+84 nhưng ngoài kế hoạch đánh số)",
        "Number imitating a Vietnamese number (+84 but outside the numbering plan)",
    ),
    (
        "high_income",
        Kind::Pretext,
        12,
        false,
        "Hứa thu nhập cao theo ngày/giờ",
        "Promises high daily or hourly income",
    ),
    (
        "big_profit",
        Kind::Pretext,
        15,
        false,
        "Hứa lợi nhuận phần trăm cao",
        "Promises a high percentage return",
    ),
    ("money_amount", Kind::Info, 0, false, "Có số tiền", "Mentions an amount of money"),
    ("deadline", Kind::Context, 6, false, "Đặt hạn chót cụ thể", "Sets a specific deadline"),
    (
        "obfuscated_text",
        Kind::Structural,
        15,
        false,
        "Chữ bị cố tình biến dạng để lọt bộ lọc",
        "Text deliberately distorted to evade filters",
    ),
    (
        "defanged_link",
        Kind::Structural,
        15,
        false,
        "Đường link bị viết tách hoặc ngụy trang để lọt bộ lọc",
        "Link deliberately broken up to evade filters",
    ),
    (
        "personal_sender",
        Kind::Structural,
        15,
        false,
        "Gửi từ số điện thoại cá nhân nhưng tự xưng là tổ chức, cơ quan",
        "Sent from a personal phone number while claiming to be an organisation",
    ),
    (
        "brandname_sender",
        Kind::Info,
        0,
        false,
        "Tên người gửi trùng tên thương hiệu (có thể bị giả mạo, không phải bằng chứng)",
        "Sender name matches a brand (can be spoofed; not proof)",
    ),
    (
        "official_domain",
        Kind::Info,
        -5,
        false,
        "Tên miền chính thức đã biết",
        "Known official domain",
    ),
    ("allowlisted", Kind::Info, -5, false, "Có trong danh sách cho phép", "On the allowlist"),
    (
        "no_diacritics",
        Kind::Info,
        0,
        false,
        "Viết không dấu (tin thật cũng thường không dấu)",
        "Written without diacritics (genuine SMS often are too)",
    ),
    (
        "qr_bad_crc",
        Kind::Structural,
        30,
        true,
        "Mã QR sai mã kiểm tra (CRC): có thể bị sửa",
        "QR code fails its checksum (CRC): it may have been altered",
    ),
    (
        "qr_malformed",
        Kind::Structural,
        30,
        true,
        "Mã QR sai cấu trúc EMVCo/VietQR: có thể bị sửa, hoặc không phải mã thanh toán",
        "QR payload breaks the EMVCo/VietQR structure: it may have been altered, or is not a payment code",
    ),
    (
        "qr_name_mismatch",
        Kind::Structural,
        35,
        true,
        "Người nhận trong mã QR là cá nhân, không khớp tổ chức mà tin nhắn tự xưng",
        "QR beneficiary is a person, not the organisation the message claims to be",
    ),
    (
        "qr_personal_account",
        Kind::Info,
        0,
        false,
        "Mã QR chuyển tiền vào tài khoản cá nhân",
        "QR pays into a personal account",
    ),
    (
        "hotline_match",
        Kind::Info,
        0,
        false,
        "Trùng số tổng đài đã công bố (số hiển thị vẫn có thể bị giả)",
        "Matches a published hotline (caller ID can still be spoofed)",
    ),
    (
        "unknown_bank",
        Kind::Structural,
        10,
        false,
        "Không nhận ra mã ngân hàng",
        "Unknown bank code",
    ),
    (
        "invalid_number",
        Kind::Structural,
        10,
        false,
        "Số không đúng định dạng của Việt Nam",
        "Number does not follow the Vietnamese numbering plan",
    ),
];

/// Asks used when a type says `asks = "default"`.
pub(crate) const DEFAULT_ASKS: &[&str] = &[
    "money_transfer",
    "follow_instructions",
    "personal_contact_number",
    "fee_demand",
    "deposit",
    "asks_credential",
    "asks_id_photo",
    "install_app",
    "channel_switch",
    "call_back",
    "different_name",
    "personal_account",
    "loan_fee",
    "off_platform",
    "unofficial_link",
    "apk_link",
    "lookalike_domain",
    "brand_in_domain",
    "homoglyph_domain",
    "blocklisted",
    "shortener",
    "zalo_link",
    "telegram_link",
    "account_number",
    "ip_host",
];

const NEGATORS: &[&str] = &[
    "khong",
    "ko",
    "k",
    "kh",
    "dung",
    "tuyet doi",
    "chua bao gio",
    "khong bao gio",
    "khong he",
    "khong nen",
    "khong duoc",
    "tranh",
    "dung bao gio",
    "hong",
    "cam",
];

/// Compiled rules.
#[derive(Debug)]
pub struct Rules {
    /// All signals; the index is the signal id.
    pub signals: Vec<SignalDef>,
    index: FnvMap<String, u16>,
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
        let mut signals = Vec::new();
        let mut index = FnvMap::default();
        let mut phrases: Vec<(String, u16)> = Vec::new();
        for c in &file.class {
            let id = signals.len() as u16;
            index.insert(c.code.clone(), id);
            signals.push(SignalDef {
                code: c.code.clone(),
                kind: c.kind,
                weight: c.weight,
                negatable: c.negatable,
                strong: false,
                vi: c.vi.clone(),
                en: c.en.clone(),
            });
            for p in &c.phrases {
                phrases.push((p.clone(), id));
            }
            if c.code == "claims_bank" {
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
        for (code, kind, weight, strong, vi, en) in STRUCTURAL {
            let id = signals.len() as u16;
            index.insert((*code).to_string(), id);
            signals.push(SignalDef {
                code: (*code).to_string(),
                kind: *kind,
                weight: *weight,
                negatable: false,
                strong: *strong,
                vi: (*vi).to_string(),
                en: (*en).to_string(),
            });
        }
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
                    index.get(n).copied().ok_or_else(|| Error::Data {
                        file: "rules.toml",
                        message: format!("type {ty}: unknown {what} signal {n}"),
                    })
                })
                .collect()
        };
        let mut types = Vec::new();
        for t in &file.types {
            let asks_names: Vec<String> = match &t.asks {
                AsksDef::Default(s) if s == "default" => {
                    DEFAULT_ASKS.iter().map(|s| s.to_string()).collect()
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
        let ids_of = |names: &[&str]| -> Vec<u16> {
            names.iter().filter_map(|n| index.get(*n).copied()).collect()
        };
        let asks_mask = mask(&ids_of(DEFAULT_ASKS));
        let strong: Vec<&str> = DEFAULT_ASKS
            .iter()
            .copied()
            .filter(|c| {
                !matches!(*c, "account_number" | "money_transfer" | "unofficial_link" | "shortener")
            })
            .collect();
        let strong_asks_mask = mask(&ids_of(&strong));
        let org_claims_mask = mask(&ids_of(&[
            "claims_police",
            "claims_court",
            "claims_tax",
            "claims_bhxh",
            "claims_evn",
            "claims_vneid",
            "claims_bank",
            "claims_carrier",
            "claims_gov_support",
        ]));
        Ok(Rules {
            asks_mask,
            strong_asks_mask,
            org_claims_mask,
            signals,
            index,
            ac,
            pattern_signals,
            pattern_bounds,
            pattern_accented,
            types,
            advice: file.advice,
        })
    }

    /// The id of a signal by code. Panics on an unknown code: codes used in code are fixed.
    pub fn id(&self, code: &str) -> u16 {
        match self.index.get(code) {
            Some(&i) => i,
            None => panic!("unknown signal code {code}"),
        }
    }

    /// The id of a signal by code, if it exists.
    pub fn try_id(&self, code: &str) -> Option<u16> {
        self.index.get(code).copied()
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
        if !words[i + 1..].iter().all(|w| SOFTENERS.contains(w)) {
            continue;
        }
        let wd = words[i];
        let is_neg = NEGATORS.iter().any(|neg| !neg.contains(' ') && neg.as_bytes() == wd)
            || (wd == b"doi" && i > 0 && words[i - 1] == b"tuyet");
        if is_neg {
            if i > 0 && words[i - 1] == b"neu" {
                return false;
            }
            return true;
        }
    }
    false
}

/// Words that may stand between a negator and the negated phrase.
const SOFTENERS: &[&[u8]] = &[
    b"bao", b"gio", b"he", b"nen", b"duoc", b"yeu", b"cau", b"doi", b"khach", b"hang", b"quy",
    b"ban", b"nguoi", b"dan", b"ai", b"tu", b"y", b"co", b"the", b"hay", b"va", b"moi", b"phai",
    b"can", b"tuyet", b"de", b"nghi", b"bat", b"ky", b"cho", b"qua", b"dien", b"thoai", b"ma",
    b"lai", b"vui", b"long", b"nhan", b"vien", b"cua", b"minh", b"tin", b"nhan", b"bao", b"gom",
    b"gui", b"tin", b"sms", b"hoac", b"email", b"zalo", b"link", b"duong", b"dan", b"tung", b"ho",
    b"tro", b"trong", b"moi", b"truong", b"hop",
];

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
mod tests {
    use super::*;

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
