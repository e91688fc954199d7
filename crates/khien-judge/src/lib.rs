//! Khiên's offline anti-fraud engine.
//!
//! [`Judge`] assesses a message (with optional sender and channel), a link, a phone number, a
//! bank account or a VietQR payment payload and returns a [`Report`]: a [`Verdict`], a 0–100
//! score, the scam types it matches (stable snake_case codes), per-signal reasons in Vietnamese
//! and English with the byte span they refer to, concrete advice, and the entities it found.
//!
//! Pipeline (the team's scam reference, `scam-vn.md` §8): obfuscation-resistant shadow text
//! (`normalize`) → entity extraction (`entities`, giving [`Entity`]) → list lookups (`lists`,
//! [`Lists`]) → look-alike scoring against the curated brand directory (`link`, `brands`,
//! [`Brands`]) → form-specific Vietnamese rules with weights (`rules`, `data/rules.toml`,
//! `data/words.toml`) → an additive, explainable score (`score`) → the message model
//! ([`model`]: a calibrated linear model over the de-obfuscated text, the rule signals and the
//! sender's class, trained on the project's own corpus) → a verdict explained in words by
//! [`render`]. A URL model judges hosts the lists and look-alike checks know nothing about.
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

mod brands;
mod check;
mod entities;
mod error;
mod link;
mod lists;
pub mod model;
mod normalize;
mod phone;
mod qr;
pub mod render;
mod report;
mod rules;
mod score;
mod sender;
mod signal;
mod words;

pub use brands::{Brand, Brands};
pub use entities::{Entity, EntityKind};
pub use error::{Error, QrError};
pub use lists::{ItemKind, ListHit, Lists};
pub use qr::{QrPayment, build_vietqr};
pub use report::{Channel, Input, Message, Reason, Report, Verdict};
pub use rules::Advice;
pub use score::{DANGEROUS_AT, SUSPICIOUS_AT, VETO_DANGEROUS_AT};
pub use sender::SenderClass;
pub use signal::Signal;

use entities::Extractor;
use link::LinkTables;
use rules::Rules;

const RULES_TOML: &str = include_str!("../data/rules.toml");
const BRANDS_TOML: &str = include_str!("../data/brands.toml");
const LISTS_TOML: &str = include_str!("../data/lists.toml");

#[derive(serde::Deserialize)]
struct ListsFile {
    shorteners: Vec<String>,
    shared_hosting: Vec<String>,
    risky_tlds: Vec<String>,
    known_tlds: Vec<String>,
    deep_link_platforms: Vec<String>,
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
    model: Option<model::MessageModel>,
    url_model: Option<model::UrlModel>,
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
        words::parse(words::WORDS_TOML)?;
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
            deep_link_platforms: lf.deep_link_platforms,
        };
        Ok(Judge {
            rules,
            brands,
            lists,
            tables,
            extractor: Extractor::new(),
            risky_prefixes: lf.risky_phone_prefixes,
            model: model::MessageModel::embedded()?,
            url_model: model::UrlModel::embedded()?,
        })
    }

    /// Adds user-imported lists (on top of the built-in ones).
    pub fn with_lists(mut self, lists: Lists) -> Judge {
        self.lists.extend(lists);
        self
    }

    /// The same engine without the message model: verdicts from the rules alone. For
    /// evaluation ("what the model adds") and for users who want only explainable rules.
    pub fn rules_only(mut self) -> Judge {
        self.model = None;
        self.url_model = None;
        self
    }

    /// The same engine without the message model (the URL model stays): what the message model
    /// is trained on top of.
    pub fn without_message_model(mut self) -> Judge {
        self.model = None;
        self
    }

    /// The same engine with another URL model file: for training and evaluation.
    pub fn with_url_model(mut self, bytes: &[u8]) -> Result<Judge, Error> {
        self.url_model = Some(model::UrlModel { file: model::linear::ModelFile::parse(bytes)? });
        Ok(self)
    }

    /// The URL model's probability that a link's host serves scams, phishing or gambling, when
    /// a URL model is embedded (`None` for text that is not a link).
    pub fn url_probability(&self, url: &str) -> Option<f32> {
        let model = self.url_model.as_ref()?;
        let parsed = link::parse(&entities::refang_source(url))?;
        let registrable = link::registrable(&parsed.host);
        Some(model.probability(&parsed.host, registrable))
    }

    /// The same engine with another message model file (see [`model::linear::ModelFile`]):
    /// for training and evaluation.
    pub fn with_message_model(mut self, bytes: &[u8]) -> Result<Judge, Error> {
        let file = model::linear::ModelFile::parse(bytes)?;
        self.model = Some(model::MessageModel::new(file, model::MessageModel::styles()?));
        Ok(self)
    }

    /// True when a message model is embedded and in use.
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// The provenance header of the embedded message model, if any.
    pub fn model_provenance(&self) -> Option<&str> {
        self.model.as_ref().map(|m| m.file.header.as_str())
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
}

/// Internals that the fuzz targets reach into. Not part of the API: they may change in any
/// release.
#[doc(hidden)]
pub mod internals {
    pub use crate::link::{parse as parse_link, punycode_decode, registrable};
    pub use crate::qr::{Tlv, parse as parse_qr, parse_tlv as parse_qr_tlv};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scam_type_has_exactly_one_style() {
        let j = Judge::new();
        let styles = model::MessageModel::styles().expect("styles.toml");
        for code in j.scam_type_codes() {
            let n = styles.iter().filter(|s| s.types.iter().any(|t| t == code)).count();
            assert_eq!(n, 1, "{code} is in {n} styles");
        }
        for style in &styles {
            for code in &style.types {
                assert!(j.scam_type_name(code).is_some(), "styles.toml: unknown type {code}");
            }
        }
    }

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
        let rules = Judge::new().rules_only();
        let full = Judge::new();
        // A link (even a shortener on a risky TLD), no diacritics and a brandname sender,
        // all together, with nothing else.
        for (text, sender) in [
            ("Xem uu dai thang 11 tai https://bit.ly/3abc", Some("Viettel")),
            ("Chi tiet: http://khuyenmai-thang11.xyz/abc", Some("VinaPhone")),
            ("Thong bao: kiem tra don hang tai https://shorturl.at/xyz nhe", None),
            ("https://tinyurl.com/abcd", Some("Vietcombank")),
        ] {
            let message = Message { text, sender, channel: None };
            let r = rules.check_message(&message);
            assert_eq!(r.verdict, Verdict::NoSigns, "{text}: {r:?}");
            assert!(r.score < SUSPICIOUS_AT as u8);
            // With the models, only the URL model's own judgement of the host may decide, and
            // the report then says so; the message model never raises on these alone.
            let r = full.check_message(&message);
            if r.verdict.is_alarm() {
                assert!(r.reasons.iter().any(|x| x.code == Signal::UrlModel), "{text}: {r:?}");
            }
        }
        for (text, sender) in [
            ("Xem uu dai thang 11 tai https://bit.ly/3abc", Some("Viettel")),
            ("https://tinyurl.com/abcd", Some("Vietcombank")),
        ] {
            let r = full.check_message(&Message { text, sender, channel: None });
            assert_eq!(r.verdict, Verdict::NoSigns, "{text}: {r:?}");
        }
    }

    #[test]
    fn auto_detects_pasted_items() {
        let j = Judge::new();
        assert_eq!(j.check_auto("0912 345 678").verdict, Verdict::Unknown);
        assert_eq!(j.check_auto("https://some-shop.example").verdict, Verdict::Unknown);
        assert!(j.check_auto("vietcombạnk.vn").verdict.is_alarm());
        assert_eq!(j.check_auto("19036688999123").entities[0].kind, EntityKind::Account);
        let p = build_vietqr("970436", "0123456789", None, None, None);
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
        let p = build_vietqr("970436", "0123456789", Some("50000"), None, None);
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
        let p = build_vietqr(
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
