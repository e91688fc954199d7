//! Khiên's offline anti-fraud engine.
//!
//! [`Judge`] assesses a message (with optional sender and channel), a link, a phone number, a
//! bank account or a VietQR payment payload and returns a [`Report`]: a [`Verdict`], a 0–100
//! score, the scam types it matches (stable snake_case codes), per-signal reasons in Vietnamese
//! and English with the byte span they refer to, concrete advice, and the entities it found.
//!
//! Pipeline (see `../shared/reference/scam-vn.md` §8): obfuscation-resistant shadow text
//! ([`normalize`]) → entity extraction ([`entities`]) → list lookups ([`lists`]) → look-alike
//! scoring against the curated brand directory ([`link`], [`brands`]) → form-specific Vietnamese
//! rules with weights ([`rules`], `data/rules.toml`) → an additive, explainable score.
//!
//! It is **not** a network service, a classifier trained on private data, or a URL expander: it
//! does no I/O at all. Data tables are embedded at compile time; user-imported blocklists are
//! passed in as [`Lists`] parsed by the caller from text.
//!
//! Verdict semantics: [`Verdict::Dangerous`] and [`Verdict::Suspicious`] when there are signals;
//! [`Verdict::NoSigns`] for a message with nothing suspicious; [`Verdict::Unknown`] for a number,
//! account or link nothing is known about. The engine never calls anything "safe". A link, text
//! without diacritics or a brandname sender never decides a verdict alone.
//!
//! ```
//! use khien_judge::{Judge, Verdict};
//! let judge = Judge::new();
//! let r = judge.check_text("Công an quận 1 thông báo anh liên quan vụ án rửa tiền, \
//!     yêu cầu chuyển toàn bộ tiền vào tài khoản tạm giữ, không được nói với ai.");
//! assert_eq!(r.verdict, Verdict::Dangerous);
//! assert!(r.scam_types.iter().any(|t| t == "impersonate_police"));
//! let r = judge.check_phone("0912345678");
//! assert_eq!(r.verdict, Verdict::Unknown);
//! ```
//!
//! # Performance
//! One pass builds the shadow text, one Aho-Corasick automaton finds every cue phrase, and a few
//! linear-time regexes extract entities. Typical SMS take a few microseconds.
//!
//! # Untrusted input
//! All inputs are treated as hostile: parsers never panic (fuzzed and property-tested), regexes
//! are linear-time, and no input is ever fetched or executed.

pub mod brands;
pub mod entities;
mod error;
pub mod link;
pub mod lists;
pub mod normalize;
pub mod phone;
pub mod qr;
pub mod rules;
pub mod signal;

use serde::{Deserialize, Serialize};

pub use brands::{Brand, Brands};
pub use entities::{Entity, EntityKind};
pub use error::{Error, QrError};
pub use lists::{ItemKind, Lists};
pub use qr::QrPayment;
pub use rules::Advice;
pub use signal::Signal;

use entities::{Extra, Extractor};
use link::LinkTables;
use normalize::Shadow;
use phone::PhoneKind;
use rules::{Kind, Rules};

const RULES_TOML: &str = include_str!("../data/rules.toml");
const BRANDS_TOML: &str = include_str!("../data/brands.toml");
const LISTS_TOML: &str = include_str!("../data/lists.toml");

/// Score at or above which a message with a matched scam type is dangerous.
pub const DANGEROUS_AT: i32 = 70;
/// Score at or above which a message with signals is suspicious.
pub const SUSPICIOUS_AT: i32 = 40;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing suspicious in a message (not a guarantee of safety).
    NoSigns,
    /// Nothing is known about this number, account or link: never read as "safe".
    Unknown,
    /// Suspicious signals.
    Suspicious,
    /// Listed as a scam, or a strong scam pattern.
    Dangerous,
}

impl Verdict {
    /// The stable code (`dangerous`, `suspicious`, `no_signs`, `unknown`).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::NoSigns => "no_signs",
            Verdict::Unknown => "unknown",
            Verdict::Suspicious => "suspicious",
            Verdict::Dangerous => "dangerous",
        }
    }
    /// The Vietnamese label shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            Verdict::NoSigns => "CHƯA THẤY DẤU HIỆU LỪA ĐẢO",
            Verdict::Unknown => "CHƯA CÓ DỮ LIỆU",
            Verdict::Suspicious => "CẦN THẬN TRỌNG",
            Verdict::Dangerous => "NGUY HIỂM",
        }
    }
    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Verdict::NoSigns => "NO SIGNS OF FRAUD",
            Verdict::Unknown => "NO DATA",
            Verdict::Suspicious => "SUSPICIOUS",
            Verdict::Dangerous => "DANGEROUS",
        }
    }
    /// True for suspicious and dangerous.
    pub fn is_alarm(self) -> bool {
        matches!(self, Verdict::Suspicious | Verdict::Dangerous)
    }
}

/// One reason for the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The signal, serialised as its stable snake_case code.
    pub code: Signal,
    /// Vietnamese text.
    pub vi: String,
    /// English text.
    pub en: String,
    /// Start byte offset in the input it refers to (null if it refers to the whole input).
    pub start: Option<usize>,
    /// End byte offset.
    pub end: Option<usize>,
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Verdict.
    pub verdict: Verdict,
    /// 0–100.
    pub score: u8,
    /// Matched scam types, strongest first.
    pub scam_types: Vec<String>,
    /// Reasons, strongest first.
    pub reasons: Vec<Reason>,
    /// Advice, most specific first.
    pub advice: Vec<Advice>,
    /// Entities found.
    pub entities: Vec<Entity>,
    /// Decoded payment QR, for QR input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<QrPayment>,
}

/// Where a message arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// SMS (sender is a phone number or a brandname).
    #[default]
    Sms,
    /// Zalo.
    Zalo,
    /// Facebook / Messenger.
    Facebook,
    /// Telegram.
    Telegram,
    /// E-mail.
    Email,
    /// A phone call (transcript or summary).
    Call,
    /// Anything else.
    Other,
}

/// A message to judge.
#[derive(Debug, Clone, Copy, Default)]
pub struct Message<'a> {
    /// The text.
    pub text: &'a str,
    /// Sender phone number or name, if known.
    pub sender: Option<&'a str>,
    /// Channel, if known.
    pub channel: Option<Channel>,
}

/// Anything the engine can judge.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A message.
    Message(Message<'a>),
    /// A link.
    Url(&'a str),
    /// A phone number.
    Phone(&'a str),
    /// A bank account with an optional bank code.
    Account {
        /// Account number.
        account: &'a str,
        /// Bank code, id or VietQR BIN.
        bank: Option<&'a str>,
    },
    /// An EMVCo/VietQR payload with an optional message that came with it.
    Qr {
        /// The payload.
        payload: &'a str,
        /// Message text that came with the QR code.
        context: Option<&'a str>,
    },
}

#[derive(serde::Deserialize)]
struct ListsFile {
    shorteners: Vec<String>,
    shared_hosting: Vec<String>,
    risky_tlds: Vec<String>,
    known_tlds: Vec<String>,
    risky_phone_prefixes: Vec<RiskyPrefix>,
    #[serde(default)]
    block: Vec<BlockEntry>,
}

#[derive(serde::Deserialize, Debug, Clone)]
struct RiskyPrefix {
    prefix: String,
    vi: String,
    en: String,
}

#[derive(serde::Deserialize)]
struct BlockEntry {
    pattern: String,
    source: String,
}

/// The engine. Build once, share freely (it is `Sync`), judge many inputs.
#[derive(Debug)]
pub struct Judge {
    rules: Rules,
    brands: Brands,
    lists: Lists,
    tables: LinkTables,
    extractor: Extractor,
    risky_prefixes: Vec<RiskyPrefix>,
}

/// First occurrence of a signal: source span, detail in Vietnamese, detail in English.
type Hit = (Option<(usize, usize)>, String, String);

/// Signal accumulator for one input: a presence bitset plus the first occurrence of each
/// signal, in order of discovery (cheap to create per message).
struct Acc {
    present: [u64; 4],
    hits: Vec<(u16, Hit)>,
}

impl Acc {
    fn new(rules: &Rules) -> Self {
        // Signal::ALL is at most 256 long (tested), and rules define each signal once.
        debug_assert!(rules.signals.len() <= 256, "at most 256 signals");
        Acc { present: [0; 4], hits: Vec::new() }
    }
    fn add(&mut self, signal: Signal, span: Option<(usize, usize)>, vi: String, en: String) {
        self.add_id(signal.id(), span, vi, en);
    }
    fn add_id(&mut self, id: u16, span: Option<(usize, usize)>, vi: String, en: String) {
        if !self.has_id(id) {
            self.present[usize::from(id / 64)] |= 1 << (id % 64);
            self.hits.push((id, (span, vi, en)));
        }
    }
    fn has(&self, signal: Signal) -> bool {
        self.has_id(signal.id())
    }
    fn count(&self, mask: &[u64; 4]) -> usize {
        (0..4).map(|k| (mask[k] & self.present[k]).count_ones() as usize).sum()
    }
    fn has_id(&self, id: u16) -> bool {
        self.present[usize::from(id / 64)] & (1 << (id % 64)) != 0
    }
}

impl Default for Judge {
    fn default() -> Self {
        Judge::new()
    }
}

impl Judge {
    /// Builds the engine from the embedded data, with the built-in lists only.
    ///
    /// # Panics
    /// Only if the embedded data files are malformed, which the test suite rules out.
    pub fn new() -> Judge {
        match Judge::try_new() {
            Ok(j) => j,
            Err(e) => panic!("embedded data: {e}"),
        }
    }

    /// Builds the engine from the embedded data.
    pub fn try_new() -> Result<Judge, Error> {
        let brands = Brands::parse(BRANDS_TOML)?;
        let rules = Rules::compile(RULES_TOML, &brands)?;
        let lf: ListsFile = toml::from_str(LISTS_TOML)
            .map_err(|e| Error::Data { file: "lists.toml", message: e.to_string() })?;
        let mut lists = Lists::new();
        for b in &lf.block {
            lists.add_url(&b.pattern, false, &b.source);
        }
        let tables = LinkTables {
            shorteners: lf.shorteners,
            shared_hosting: lf.shared_hosting,
            risky_tlds: lf.risky_tlds,
            known_tlds: lf.known_tlds,
        };
        Ok(Judge {
            rules,
            brands,
            lists,
            tables,
            extractor: Extractor::new(),
            risky_prefixes: lf.risky_phone_prefixes,
        })
    }

    /// Adds user-imported lists (on top of the built-in ones).
    pub fn with_lists(mut self, lists: Lists) -> Judge {
        self.lists.extend(lists);
        self
    }

    /// The brand directory.
    pub fn brands(&self) -> &Brands {
        &self.brands
    }

    /// The Vietnamese and English names of a scam type code.
    pub fn scam_type_name(&self, code: &str) -> Option<(&str, &str)> {
        self.rules.types.iter().find(|t| t.code == code).map(|t| (t.vi.as_str(), t.en.as_str()))
    }

    /// All scam type codes.
    pub fn scam_type_codes(&self) -> impl Iterator<Item = &str> {
        self.rules.types.iter().map(|t| t.code.as_str())
    }

    /// Judges any input.
    pub fn check(&self, input: &Input<'_>) -> Report {
        match *input {
            Input::Message(m) => self.check_message(&m),
            Input::Url(u) => self.check_url(u),
            Input::Phone(p) => self.check_phone(p),
            Input::Account { account, bank } => self.check_account(account, bank),
            Input::Qr { payload, context } => self.check_qr(payload, context),
        }
    }

    /// Judges whatever a person pasted: a payment QR payload, a bare link, a bare phone or
    /// account number, or otherwise a message. Bare items get item semantics (`unknown` when
    /// nothing is known) instead of message semantics.
    pub fn check_auto(&self, text: &str) -> Report {
        let t = text.trim();
        if t.starts_with("000201") && qr::parse(t).is_ok() {
            return self.check_qr(t, None);
        }
        if !t.is_empty() && !t.contains(char::is_whitespace) {
            let cleaned = entities::refang_source(t);
            if let Some(l) = link::parse(&cleaned) {
                let tld = l.host.rsplit('.').next().unwrap_or("");
                let known = cleaned.contains("://")
                    || l.is_ip
                    || l.host_display != l.host
                    || self
                        .tables
                        .known_tlds
                        .iter()
                        .chain(&self.tables.risky_tlds)
                        .any(|k| k == tld);
                if known {
                    return self.check_url(t);
                }
            }
        }
        let numberish =
            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        if numberish {
            let digits = t.chars().filter(char::is_ascii_digit).count();
            if phone::classify(t).kind != PhoneKind::Invalid {
                return self.check_phone(t);
            }
            if (6..=19).contains(&digits) {
                return self.check_account(t, None);
            }
        }
        self.check_text(text)
    }

    /// Judges a message text with no sender information.
    pub fn check_text(&self, text: &str) -> Report {
        self.check_message(&Message { text, sender: None, channel: None })
    }

    /// Judges a message.
    pub fn check_message(&self, msg: &Message<'_>) -> Report {
        let mut acc = Acc::new(&self.rules);
        let mut entities = Vec::new();
        self.scan_text(msg.text, &mut acc, &mut entities);
        if let Some(sender) = msg.sender {
            self.sender_signals(sender, msg.channel, &mut acc);
        }
        self.finish(acc, entities, None, false, msg.text)
    }

    fn scan_text(&self, text: &str, acc: &mut Acc, entities: &mut Vec<Entity>) {
        let sh = Shadow::new(text);
        let mut cues = Vec::new();
        self.rules.find_cues(&sh, text, &mut cues);
        for c in &cues {
            if acc.has_id(c.signal) {
                continue;
            }
            let (a, b) = sh.source_range(c.start, c.end, text);
            let snippet = snippet(&text[a..b]);
            acc.add_id(c.signal, Some((a, b)), format!(": “{snippet}”"), format!(": “{snippet}”"));
        }
        let mut extra = Extra::default();
        self.extractor.extract(text, &sh, &self.tables, entities, &mut extra);
        for (idx, l) in &extra.links {
            let rep = link::analyze(l, &self.brands, &self.lists, &self.tables);
            let e = &mut entities[*idx];
            let span = Some((e.start, e.end));
            for s in &rep.signals {
                acc.add(s.code, span, s.detail_vi.clone(), s.detail_en.clone());
            }
            if !rep.registrable.is_empty() {
                e.details.insert("registrable", rep.registrable.clone());
            }
            if let Some(b) = rep.brand {
                e.details.insert(if rep.official { "official_of" } else { "imitates" }, b);
            }
        }
        for e in entities.iter() {
            let span = Some((e.start, e.end));
            match e.kind {
                EntityKind::Apk => {
                    acc.add(Signal::ApkLink, span, format!(": {}", e.text), format!(": {}", e.text))
                }
                EntityKind::Phone => self.phone_signals(&e.text, &e.value, span, acc),
                EntityKind::Account => {
                    acc.add(
                        Signal::AccountNumber,
                        span,
                        format!(": {}", e.text),
                        format!(": {}", e.text),
                    );
                    if let Some(hit) = self.lists.lookup_account(&e.value) {
                        let code =
                            if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
                        acc.add(
                            code,
                            span,
                            format!(" ({})", hit.source),
                            format!(" ({})", hit.source),
                        );
                    }
                }
                EntityKind::Deadline => acc.add(
                    Signal::Deadline,
                    span,
                    format!(": “{}”", e.text),
                    format!(": “{}”", e.text),
                ),
                _ => {}
            }
        }
        // Organisations publish hotlines; "call this mobile number" from a bank, agency or
        // utility is an ask to leave the official channel. Couriers do call from mobiles.
        if acc.count(&self.rules.org_claims_mask) > 0
            && let Some(e) = entities.iter().find(|e| {
                e.kind == EntityKind::Phone
                    && e.details.get("phone_kind").is_some_and(|k| k == "mobile")
            })
        {
            acc.add(
                Signal::PersonalContactNumber,
                Some((e.start, e.end)),
                format!(": {}", e.text),
                format!(": {}", e.text),
            );
        }
        if let Some((s, e)) = extra.income {
            let (a, b) = sh.source_range(s, e, text);
            let sn = snippet(&text[a..b]);
            acc.add(Signal::HighIncome, Some((a, b)), format!(": “{sn}”"), format!(": “{sn}”"));
        }
        for (code, span) in [
            (Signal::MoneyTransfer, extra.money_ask),
            (Signal::AsksCredential, extra.credential_ask),
            (Signal::Secrecy, extra.secrecy),
            (Signal::DifferentName, extra.different_name),
        ] {
            if let Some((s, e)) = span {
                let (a, b) = sh.source_range(s, e, text);
                let sn = snippet(&text[a..b]);
                acc.add(code, Some((a, b)), format!(": “{sn}”"), format!(": “{sn}”"));
            }
        }
        if let Some((s, e)) = extra.profit {
            let (a, b) = sh.source_range(s, e, text);
            let sn = snippet(&text[a..b]);
            acc.add(Signal::BigProfit, Some((a, b)), format!(": “{sn}”"), format!(": “{sn}”"));
        }
        let o = &sh.obfuscation;
        let tricks: Vec<(&str, &str, Option<usize>)> = vec![
            ("leetspeak", "leetspeak", o.leetspeak),
            ("chữ toán học", "math letters", o.math_letters),
            ("ký tự ẩn", "hidden characters", o.invisible),
            ("chữ Cyrillic/Hy Lạp giả chữ Latin", "Cyrillic/Greek look-alikes", o.confusable),
            ("chữ cách quãng", "spaced letters", o.spaced_letters),
            ("chữ full-width", "full-width letters", o.full_width),
        ];
        let found: Vec<&(&str, &str, Option<usize>)> =
            tricks.iter().filter(|t| t.2.is_some()).collect();
        if !found.is_empty() {
            let first = found.iter().filter_map(|t| t.2).min().unwrap_or(0);
            let end = text[first..].chars().next().map_or(first, |c| first + c.len_utf8());
            let vi = found.iter().map(|t| t.0).collect::<Vec<_>>().join(", ");
            let en = found.iter().map(|t| t.1).collect::<Vec<_>>().join(", ");
            acc.add(
                Signal::ObfuscatedText,
                Some((first, end)),
                format!(" ({vi})"),
                format!(" ({en})"),
            );
        }
        if let Some(p) = o.defanged {
            let end = text[p..].chars().next().map_or(p, |c| p + c.len_utf8());
            acc.add(Signal::DefangedLink, Some((p, end)), String::new(), String::new());
        }
    }

    fn phone_signals(
        &self,
        text: &str,
        canonical: &str,
        span: Option<(usize, usize)>,
        acc: &mut Acc,
    ) {
        if let Some(hit) = self.lists.lookup_phone(canonical) {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, span, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let info = phone::classify(text);
        match info.kind {
            PhoneKind::SpoofedVn => {
                let (vi, en) = problem_details(text, &info);
                acc.add(Signal::SpoofedVnNumber, span, vi, en)
            }
            PhoneKind::Foreign => {
                let p = self.risky_prefixes.iter().find(|p| info.canonical.starts_with(&p.prefix));
                match p {
                    Some(p) => acc.add(
                        Signal::RiskyPhonePrefix,
                        span,
                        format!(": {}", p.vi),
                        format!(": {}", p.en),
                    ),
                    None => acc.add(
                        Signal::ForeignPhone,
                        span,
                        format!(": {text}"),
                        format!(": {text}"),
                    ),
                }
            }
            PhoneKind::Service => {
                if let Some(b) = self.brands.by_hotline(&info.canonical) {
                    acc.add(
                        Signal::HotlineMatch,
                        span,
                        format!(" của {}", b.name),
                        format!(" of {}", b.name),
                    );
                }
            }
            _ => {}
        }
    }

    fn sender_signals(&self, sender: &str, channel: Option<Channel>, acc: &mut Acc) {
        let digits = sender.chars().filter(char::is_ascii_digit).count();
        let claims = acc.count(&self.rules.org_claims_mask) > 0 || acc.has(Signal::ClaimsParcel);
        let phone_channel = matches!(channel, None | Some(Channel::Sms) | Some(Channel::Call));
        if digits >= 9 && phone_channel {
            let info = phone::classify(sender);
            match info.kind {
                PhoneKind::Mobile if claims => acc.add(
                    Signal::PersonalSender,
                    None,
                    format!(": {sender}"),
                    format!(": {sender}"),
                ),
                PhoneKind::SpoofedVn => {
                    let (vi, en) = problem_details(sender, &info);
                    acc.add(Signal::SpoofedVnNumber, None, vi, en)
                }
                PhoneKind::Foreign => self.phone_signals(sender, &info.canonical, None, acc),
                _ => {}
            }
            if let Some(hit) = self.lists.lookup_phone(sender)
                && !hit.allow
            {
                acc.add(
                    Signal::Blocklisted,
                    None,
                    format!(" ({})", hit.source),
                    format!(" ({})", hit.source),
                );
            }
        } else if let Some(b) = self.brands.by_sender(sender) {
            acc.add(
                Signal::BrandnameSender,
                None,
                format!(": {} ({})", sender, b.name),
                format!(": {} ({})", sender, b.name),
            );
        }
    }

    /// Turns accumulated signals into a report. `entity_only` inputs get `unknown` instead of
    /// `no_signs` when nothing is found.
    fn finish(
        &self,
        acc: Acc,
        entities: Vec<Entity>,
        qr: Option<QrPayment>,
        entity_only: bool,
        _text: &str,
    ) -> Report {
        let rules = &self.rules;
        // Scam types.
        let mut fired: Vec<(usize, i32)> = Vec::new();
        let meets = |m: &[u64; 4], empty_ok: bool| {
            let any = (0..4).any(|k| m[k] & acc.present[k] != 0);
            any || (empty_ok && m.iter().all(|&w| w == 0))
        };
        for (ti, t) in rules.types.iter().enumerate() {
            if meets(&t.masks[0], false) && meets(&t.masks[1], true) && meets(&t.masks[2], true) {
                let strength: i32 = t
                    .topic
                    .iter()
                    .chain(&t.pretext)
                    .chain(&t.asks)
                    .filter(|&&s| acc.has_id(s))
                    .map(|&s| rules.signals[s as usize].weight.max(0))
                    .sum::<i32>()
                    + t.bonus;
                fired.push((ti, strength));
            }
        }
        fired.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // A warning that describes a scam technique (police and bank notices) names the same
        // cues as the scam itself; without a strong structural signal it matches no type.
        let any_strong = acc.hits.iter().any(|(i, _)| rules.signals[usize::from(*i)].strong);
        if acc.has(Signal::ScamWarning) && !any_strong {
            // "Get your money back" services talk about scams by design.
            fired.retain(|&(ti, _)| rules.types[ti].code == "money_recovery");
        }
        // Score.
        let mut score: i32 = 0;
        let mut strong = false;
        let blocklisted = Signal::Blocklisted.id();
        let mut decisive = false;
        let mut substantive = 0;
        for (i, _) in &acc.hits {
            let def = &rules.signals[usize::from(*i)];
            score += def.weight;
            strong |= def.strong;
            decisive |= *i == blocklisted;
            if matches!(def.kind, Kind::Claim | Kind::Pretext | Kind::Ask)
                || (def.kind == Kind::Structural && def.weight >= 15)
            {
                substantive += 1;
            }
        }
        if let Some(&(ti, _)) = fired.first() {
            score += rules.types[ti].bonus;
            score += 5 * (fired.len() as i32 - 1).min(2);
        }
        let asks = acc.count(&rules.asks_mask);
        // Demands that genuine notices do not make (a balance SMS names an account and a
        // transfer; a promotion carries a link).
        let strong_asks = acc.count(&rules.strong_asks_mask);
        if asks >= 2 {
            score += 5;
        }
        let mut score = score.clamp(0, 100);
        let typed = !fired.is_empty();
        let warning_only = acc.has(Signal::ScamWarning) && !any_strong && !typed;
        let has_kind =
            |k: Kind| acc.hits.iter().any(|(i, _)| rules.signals[usize::from(*i)].kind == k);
        let verdict = if decisive {
            score = score.max(90);
            Verdict::Dangerous
        } else if score >= DANGEROUS_AT && (typed || strong) {
            Verdict::Dangerous
        } else if strong {
            score = score.max(SUSPICIOUS_AT);
            Verdict::Suspicious
        } else if !warning_only
            && ((score >= SUSPICIOUS_AT
                && (typed || (substantive >= 3 && has_kind(Kind::Pretext) && has_kind(Kind::Ask))))
                || (score >= SUSPICIOUS_AT - 10 && has_kind(Kind::Claim) && strong_asks >= 2))
        {
            // An organisation named together with two demands (pay, call a mobile, open a
            // link...) is suspicious even when no known story matches.
            score = score.max(SUSPICIOUS_AT);
            Verdict::Suspicious
        } else if entity_only {
            Verdict::Unknown
        } else {
            Verdict::NoSigns
        };
        if !verdict.is_alarm() {
            // Without an alarm the score stays below the suspicious threshold.
            score = score.min(SUSPICIOUS_AT - 1);
        }
        // Reasons: strongest first; info and safe reasons last.
        let mut reasons: Vec<(i32, usize, Reason)> = Vec::new();
        for (i, (span, dvi, den)) in &acc.hits {
            let def = &rules.signals[usize::from(*i)];
            if matches!(def.code, Signal::PhoneNumber | Signal::MoneyAmount | Signal::NoDiacritics)
            {
                continue;
            }
            let order = if def.weight > 0 { -def.weight } else { 1000 - def.weight };
            reasons.push((
                order,
                span.map_or(usize::MAX, |s| s.0),
                Reason {
                    code: def.code,
                    vi: format!("{}{}", def.vi, dvi),
                    en: format!("{}{}", def.en, den),
                    start: span.map(|s| s.0),
                    end: span.map(|s| s.1),
                },
            ));
        }
        reasons.sort_by(|a, b| {
            a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.code.code().cmp(b.2.code.code()))
        });
        let reasons: Vec<Reason> = reasons.into_iter().map(|r| r.2).collect();
        // Scam types reported only with an alarm.
        let scam_types: Vec<String> = if verdict.is_alarm() {
            let mut v: Vec<String> =
                fired.iter().take(3).map(|&(ti, _)| rules.types[ti].code.clone()).collect();
            if v.is_empty()
                && (acc.has(Signal::LookalikeDomain)
                    || acc.has(Signal::HomoglyphDomain)
                    || acc.has(Signal::BrandInDomain)
                    || acc.has(Signal::Blocklisted))
            {
                v.push("phishing_link".into());
            }
            if v.is_empty() && acc.has(Signal::ApkLink) {
                v.push("fake_app".into());
            }
            v
        } else {
            Vec::new()
        };
        // Advice.
        let mut keys: Vec<&str> = Vec::new();
        for code in &scam_types {
            if let Some(t) = rules.types.iter().find(|t| &t.code == code) {
                keys.extend(t.advice.iter().map(String::as_str));
            }
        }
        if verdict.is_alarm() {
            keys.push("stop_no_otp");
            if acc.has(Signal::AsksCredential)
                || acc.has(Signal::MoneyTransfer)
                || acc.has(Signal::FeeDemand)
                || acc.has(Signal::LookalikeDomain)
                || acc.has(Signal::BrandInDomain)
                || acc.has(Signal::HomoglyphDomain)
            {
                keys.push("lock_account");
            }
            keys.push("report_portal");
        }
        if acc.has(Signal::QrPersonalAccount) || acc.has(Signal::QrNameMismatch) {
            keys.push("qr_check_name");
        }
        if acc.has(Signal::HotlineMatch) {
            keys.push("caller_id_spoof");
        }
        let mut seen: Vec<&str> = Vec::with_capacity(keys.len());
        let advice: Vec<Advice> = keys
            .into_iter()
            .filter(|k| {
                let new = !seen.contains(k);
                seen.push(k);
                new
            })
            .filter_map(|k| rules.advice.get(k).cloned())
            .collect();
        Report { verdict, score: score as u8, scam_types, reasons, advice, entities, qr }
    }

    fn with_no_data(&self, mut r: Report, key: &str) -> Report {
        if matches!(r.verdict, Verdict::Unknown)
            && let Some(a) = self.rules.advice.get(key)
            && !r.advice.contains(a)
        {
            r.advice.push(a.clone());
        }
        r
    }

    /// Judges a link on its own.
    pub fn check_url(&self, url: &str) -> Report {
        let mut acc = Acc::new(&self.rules);
        let mut entities = Vec::new();
        let cleaned = entities::refang_source(url);
        let span = Some((0, url.len()));
        match link::parse(&cleaned) {
            Some(l) => {
                let rep = link::analyze(&l, &self.brands, &self.lists, &self.tables);
                let mut e = Entity {
                    kind: EntityKind::Url,
                    text: url.to_string(),
                    value: format!("{}{}", l.host, l.path),
                    start: 0,
                    end: url.len(),
                    details: Default::default(),
                };
                e.details.insert("host", l.host_display.clone());
                e.details.insert("registrable", rep.registrable.clone());
                if let Some(b) = &rep.brand {
                    e.details
                        .insert(if rep.official { "official_of" } else { "imitates" }, b.clone());
                }
                entities.push(e);
                for s in &rep.signals {
                    // A bare link is not a message: "unofficial" says nothing by itself.
                    if s.code == Signal::UnofficialLink {
                        continue;
                    }
                    acc.add(s.code, span, s.detail_vi.clone(), s.detail_en.clone());
                }
                // Words in the path or host ("dang-nhap", "xac-thuc") count as cues too.
                let words = format!(
                    "{} {}",
                    l.host.replace(['.', '-', '_'], " "),
                    l.path.replace(['/', '-', '_', '.', '?', '=', '&'], " ")
                );
                let sh = Shadow::new(&words);
                let mut cues = Vec::new();
                self.rules.find_cues(&sh, &words, &mut cues);
                let official = rep.official;
                for c in cues {
                    let def = &self.rules.signals[c.signal as usize];
                    if !official && matches!(def.kind, Kind::Ask) && def.weight >= 15 {
                        let w = &words[c.start..c.end];
                        acc.add_id(c.signal, span, format!(": “{w}”"), format!(": “{w}”"));
                    }
                }
                let official_only = rep.official;
                let r = self.finish(acc, entities, None, true, url);
                if official_only && r.verdict == Verdict::Unknown {
                    return Report { verdict: Verdict::NoSigns, ..r };
                }
                self.with_no_data(r, "no_data_url")
            }
            None => {
                acc.add(
                    Signal::InvalidNumber,
                    span,
                    " (không phải đường link hợp lệ)".into(),
                    " (not a valid link)".into(),
                );
                let r = self.finish(acc, entities, None, true, url);
                self.with_no_data(
                    Report { verdict: Verdict::Unknown, score: 0, ..r },
                    "no_data_url",
                )
            }
        }
    }

    /// Judges a phone number on its own.
    pub fn check_phone(&self, phone: &str) -> Report {
        let mut acc = Acc::new(&self.rules);
        let info = phone::classify(phone);
        let span = Some((0, phone.len()));
        let entities = vec![entities::phone_entity(phone, &info, 0, phone.len())];
        self.phone_signals(phone, &info.canonical, span, &mut acc);
        if info.kind == PhoneKind::Invalid {
            let (vi, en) = problem_details(phone, &info);
            acc.add(Signal::InvalidNumber, span, vi, en);
        }
        let r = self.finish(acc, entities, None, true, phone);
        self.with_no_data(r, "no_data_phone")
    }

    /// Judges a bank account (with an optional bank code, id or VietQR BIN) on its own.
    pub fn check_account(&self, account: &str, bank: Option<&str>) -> Report {
        let mut acc = Acc::new(&self.rules);
        let digits: String = account.chars().filter(char::is_ascii_digit).collect();
        let span = Some((0, account.len()));
        let mut e = Entity {
            kind: EntityKind::Account,
            text: account.to_string(),
            value: digits.clone(),
            start: 0,
            end: account.len(),
            details: Default::default(),
        };
        if let Some(b) = bank {
            // A brand of the directory, else any bank of khien-detect's table.
            let tables = khien_detect::tables::tables();
            let found = match self.brands.bank(b) {
                Some(br) => Some((br.name.as_str(), br.bin.as_deref())),
                None => tables
                    .bank_by_code(b)
                    .or_else(|| tables.bank_by_id(b))
                    .map(|x| (x.name.as_str(), x.qr_id())),
            };
            match found {
                Some((name, bin)) => {
                    e.details.insert("bank", name.to_string());
                    if let Some(bin) = bin {
                        e.details.insert("bank_bin", bin.to_string());
                    }
                }
                None => acc.add(Signal::UnknownBank, None, format!(": {b}"), format!(": {b}")),
            }
        }
        if !(6..=19).contains(&digits.len())
            || digits.len()
                != account.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '.').count()
        {
            acc.add(
                Signal::InvalidNumber,
                span,
                " (số tài khoản phải gồm 6–19 chữ số)".into(),
                " (account numbers have 6–19 digits)".into(),
            );
        }
        if let Some(hit) = self.lists.lookup_account(&digits) {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, span, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let r = self.finish(acc, vec![e], None, true, account);
        self.with_no_data(r, "no_data_account")
    }

    /// Judges a payment QR payload, optionally together with the message it came with.
    pub fn check_qr(&self, payload: &str, context: Option<&str>) -> Report {
        let mut acc = Acc::new(&self.rules);
        let mut entities = Vec::new();
        if let Some(text) = context {
            self.scan_text(text, &mut acc, &mut entities);
        }
        let q = match qr::parse(payload) {
            Ok(q) => q,
            Err(e) => {
                let (vi, en) = match &e {
                    Error::Qr(q) => (q.vi(), q.en()),
                    other => (other.vi(), other.to_string()),
                };
                acc.add(Signal::QrMalformed, None, format!(": {vi}"), format!(": {en}"));
                let r =
                    self.finish(acc, entities, None, context.is_none(), context.unwrap_or(payload));
                return r;
            }
        };
        match qr::crc_check(payload) {
            qr::Crc::Ok => {}
            qr::Crc::Missing => acc.add(
                Signal::QrBadCrc,
                None,
                " (thiếu trường CRC 63 ở cuối mã)".into(),
                " (the CRC field 63 is missing at the end)".into(),
            ),
            qr::Crc::Mismatch { written, computed } => acc.add(
                Signal::QrBadCrc,
                None,
                format!(" (ghi {written}, tính ra {computed})"),
                format!(" (written {written}, computed {computed})"),
            ),
        }
        let mut e = Entity {
            kind: EntityKind::Qr,
            text: payload.to_string(),
            value: q.account.clone().unwrap_or_default(),
            start: 0,
            end: 0,
            details: Default::default(),
        };
        if let Some(bin) = &q.bank_bin {
            e.details.insert("bank_bin", bin.clone());
            let name = self.brands.by_bin(bin).map(|b| b.name.as_str()).or_else(|| {
                khien_detect::tables::tables().bank_by_id(bin).map(|b| b.name.as_str())
            });
            match name {
                Some(n) => {
                    e.details.insert("bank", n.to_string());
                }
                None => acc.add(Signal::UnknownBank, None, format!(": {bin}"), format!(": {bin}")),
            }
        }
        if let Some(n) = &q.name {
            e.details.insert("name", n.clone());
        }
        if let Some(a) = &q.amount {
            e.details.insert("amount", a.clone());
        }
        if let Some(m) = &q.message {
            e.details.insert("message", m.clone());
        }
        if let Some(a) = &q.account
            && let Some(hit) = self.lists.lookup_account(a)
        {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, None, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let personal = q.name.as_deref().is_some_and(qr::looks_personal);
        if personal {
            let name = q.name.clone().unwrap_or_default();
            let claims_org = [
                Signal::ClaimsPolice,
                Signal::ClaimsCourt,
                Signal::ClaimsTax,
                Signal::ClaimsBhxh,
                Signal::ClaimsEvn,
                Signal::ClaimsVneid,
                Signal::ClaimsBank,
                Signal::ClaimsCarrier,
                Signal::ClaimsGovSupport,
                Signal::Charity,
                Signal::ClaimsSchool,
            ]
            .iter()
            .any(|c| acc.has(*c));
            if claims_org {
                acc.add(Signal::QrNameMismatch, None, format!(": {name}"), format!(": {name}"));
            } else {
                acc.add(Signal::QrPersonalAccount, None, format!(": {name}"), format!(": {name}"));
            }
        }
        // The message of a QR is text too ("nop phat", "phi kich hoat").
        if let Some(m) = &q.message {
            let sh = Shadow::new(m);
            let mut cues = Vec::new();
            self.rules.find_cues(&sh, m, &mut cues);
            for c in cues {
                if matches!(self.rules.signals[c.signal as usize].kind, Kind::Ask | Kind::Pretext) {
                    let (a, b) = sh.source_range(c.start, c.end, m);
                    let sn = snippet(&m[a..b]);
                    acc.add_id(
                        c.signal,
                        None,
                        format!(": “{sn}” (nội dung QR)"),
                        format!(": “{sn}” (QR message)"),
                    );
                }
            }
        }
        entities.push(e);
        let r = self.finish(acc, entities, Some(q), context.is_none(), context.unwrap_or(payload));
        self.with_no_data(r, "no_data_account")
    }
}

/// Reason details for a spoofed or invalid number: the number as written and, in each
/// language, why it is not a Vietnamese number.
fn problem_details(text: &str, info: &phone::PhoneInfo) -> (String, String) {
    match &info.problem {
        Some(p) => (format!(": {text} ({})", p.vi()), format!(": {text} ({})", p.en())),
        None => (format!(": {text}"), format!(": {text}")),
    }
}

fn snippet(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 60 {
        return s.to_string();
    }
    let mut out: String = s.chars().take(57).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds() {
        let j = Judge::new();
        assert!(j.scam_type_codes().count() >= 30);
    }

    #[test]
    fn link_alone_never_decides() {
        let j = Judge::new();
        let r = j.check_text("Chi tiet xem tai https://example.com/abc");
        assert_eq!(r.verdict, Verdict::NoSigns);
        let r = j.check_message(&Message {
            text: "Ma OTP cua ban la 123456",
            sender: Some("Vietcombank"),
            channel: None,
        });
        assert_eq!(r.verdict, Verdict::NoSigns);
    }

    #[test]
    fn weak_signals_never_decide_alone() {
        let j = Judge::new();
        // A link (even a shortener on a risky TLD), no diacritics and a brandname sender,
        // all together, with nothing else.
        for (text, sender) in [
            ("Xem uu dai thang 11 tai https://bit.ly/3abc", Some("Viettel")),
            ("Chi tiet: http://khuyenmai-thang11.xyz/abc", Some("VinaPhone")),
            ("Thong bao: kiem tra don hang tai https://shorturl.at/xyz nhe", None),
            ("https://tinyurl.com/abcd", Some("Vietcombank")),
        ] {
            let r = j.check_message(&Message { text, sender, channel: None });
            assert_eq!(r.verdict, Verdict::NoSigns, "{text}: {r:?}");
            assert!(r.score < SUSPICIOUS_AT as u8);
        }
    }

    #[test]
    fn auto_detects_pasted_items() {
        let j = Judge::new();
        assert_eq!(j.check_auto("0912 345 678").verdict, Verdict::Unknown);
        assert_eq!(j.check_auto("https://some-shop.example").verdict, Verdict::Unknown);
        assert!(j.check_auto("vietcombạnk.vn").verdict.is_alarm());
        assert_eq!(j.check_auto("19036688999123").entities[0].kind, EntityKind::Account);
        let p = qr::build_vietqr("970436", "0123456789", None, None, None);
        assert!(j.check_auto(&p).qr.is_some());
        assert_eq!(j.check_auto("Mẹ ơi con về rồi").verdict, Verdict::NoSigns);
    }

    #[test]
    fn unknown_for_bare_entities() {
        let j = Judge::new();
        assert_eq!(j.check_phone("0912345678").verdict, Verdict::Unknown);
        assert_eq!(j.check_account("0123456789", Some("VCB")).verdict, Verdict::Unknown);
        assert_eq!(j.check_url("https://some-shop.example").verdict, Verdict::Unknown);
        assert_eq!(j.check_url("https://vietcombank.com.vn/").verdict, Verdict::NoSigns);
    }

    #[test]
    fn lookalikes() {
        let j = Judge::new();
        for u in [
            "vietcombạnk.vn",
            "vietcornbank.com",
            "vcb-xacthuc.com",
            "http://vietcombank.com.vn.xacthuc-online.xyz/login",
            "xn--vitcombank-m7a.com",
        ] {
            let r = j.check_url(u);
            assert!(r.verdict.is_alarm(), "{u}: {r:?}");
        }
        let r = j.check_url("http://dichvucong.thongtindancu.org/");
        assert_eq!(r.verdict, Verdict::Dangerous);
    }

    #[test]
    fn userinfo_and_backslash_disguises() {
        let j = Judge::new();
        // The browser opens evil.xyz: never "official domain of Vietcombank".
        let r = j.check_url("https://evil.xyz\\@vietcombank.com.vn/");
        assert!(r.reasons.iter().all(|x| x.code != "official_domain"), "{r:?}");
        assert!(r.verdict.is_alarm(), "{r:?}");
        assert_eq!(r.entities[0].details["host"], "evil.xyz");
        // The bank's domain before '@' hides the real host.
        let r = j.check_url("https://vietcombank.com.vn@evil.xyz/login");
        assert_eq!(r.verdict, Verdict::Dangerous, "{r:?}");
        let d = r.reasons.iter().find(|x| x.code == "userinfo_disguise").expect("disguise");
        assert!(d.en.contains("real host is evil.xyz") && d.en.contains("Vietcombank"), "{d:?}");
        assert!(d.vi.contains("evil.xyz") && d.vi.contains("Vietcombank"), "{d:?}");
        assert_eq!(r.entities[0].details["imitates"], "Vietcombank");
        // Any name before '@' is at least suspicious.
        let r = j.check_url("https://khuyenmai@some-shop.example/");
        assert_eq!(r.verdict, Verdict::Suspicious, "{r:?}");
        // In running text, the whole link is found and judged by its real host.
        let r = j.check_text("Xac thuc tai khoan tai https://vietcombank.com.vn@evil.xyz/login");
        assert!(r.verdict.is_alarm(), "{r:?}");
        let e = r.entities.iter().find(|e| e.kind == EntityKind::Url).expect("link");
        assert_eq!(e.details["host"], "evil.xyz");
        assert!(r.reasons.iter().any(|x| x.code == "userinfo_disguise"));
        // Scheme-less links and e-mail addresses behave as before.
        let r = j.check_text("Lien he cskh@vietcombank.com.vn hoac vao vietcombank.com.vn");
        let hosts: Vec<&str> = r
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Url)
            .map(|e| e.details["host"].as_str())
            .collect();
        assert_eq!(hosts, vec!["vietcombank.com.vn"]);
    }

    #[test]
    fn qr_structure_error_is_not_a_checksum_failure() {
        let j = Judge::new();
        let p = qr::build_vietqr("970436", "0123456789", Some("50000"), None, None);
        let r = j.check_qr(&p.replace("540550000", "549950000"), None);
        assert!(r.reasons.iter().all(|x| x.code != "qr_bad_crc"), "{r:?}");
        let m = r.reasons.iter().find(|x| x.code == "qr_malformed").expect("malformed");
        assert!(m.en.contains("field 54") && m.en.contains("offset"), "{m:?}");
        assert!(m.vi.contains("trường 54") && m.vi.contains("vị trí"), "{m:?}");
        assert_ne!(m.vi, m.en);
        // A real checksum failure says what was written and what was computed.
        let r = j.check_qr(&p.replace("5405500005", "5405900005"), None);
        let c = r.reasons.iter().find(|x| x.code == "qr_bad_crc").expect("crc");
        assert!(c.en.contains("written") && c.vi.contains("tính ra"), "{c:?}");
    }

    #[test]
    fn phone_reasons_say_what_is_wrong() {
        let j = Judge::new();
        let r = j.check_phone("+84 123 456 789");
        let s = r.reasons.iter().find(|x| x.code == "spoofed_vn_number").expect("spoofed");
        assert!(!s.en.contains("followed by 0") && !s.vi.contains("kèm số 0"), "{s:?}");
        assert!(s.en.contains("prefix 012") && s.vi.contains("đầu số 012"), "{s:?}");
        let r = j.check_phone("+840912345678");
        let s = r.reasons.iter().find(|x| x.code == "spoofed_vn_number").expect("spoofed");
        assert!(s.en.contains("followed by 0") && s.vi.contains("kèm số 0"), "{s:?}");
        // The country code alone is not a spoofed number.
        let r = j.check_phone("+84");
        assert!(r.reasons.iter().all(|x| x.code != "spoofed_vn_number"), "{r:?}");
        assert!(
            r.reasons
                .iter()
                .any(|x| x.code == "invalid_number" && x.en.contains("only the country code"))
        );
    }

    #[test]
    fn qr_mismatch() {
        let j = Judge::new();
        let p = qr::build_vietqr(
            "970436",
            "0123456789",
            Some("2000000"),
            Some("NGUYEN VAN A"),
            Some("nop phat"),
        );
        let r = j.check_qr(
            &p,
            Some("Cong an quan 3 thong bao anh vi pham giao thong, nop phat qua ma QR"),
        );
        assert!(r.verdict.is_alarm(), "{r:?}");
        assert!(r.reasons.iter().any(|x| x.code == "qr_name_mismatch"));
        let r = j.check_qr(&p, None);
        assert_eq!(r.qr.as_ref().and_then(|q| q.account.as_deref()), Some("0123456789"));
    }
}
