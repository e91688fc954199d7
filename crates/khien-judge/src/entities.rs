//! Entity extraction from the shadow text: links (with or without scheme, defanged), APK file
//! names, phone numbers, bank accounts with their bank, money amounts, deadlines and income or
//! profit promises. Offsets are reported in the original text.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::link::{self, Link, LinkTables};
use crate::normalize::Shadow;
use crate::phone::{self, PhoneInfo, PhoneKind};

/// Kinds of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A link.
    Url,
    /// A file name ending in `.apk` outside a link.
    Apk,
    /// A phone number.
    Phone,
    /// A bank account number.
    Account,
    /// An amount of money.
    Money,
    /// A deadline ("trong 2 giờ", "trước 17h").
    Deadline,
    /// A payment QR payload.
    Qr,
}

/// An entity found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Kind.
    pub kind: EntityKind,
    /// The text as written in the input.
    pub text: String,
    /// Canonical value (host for links, `0…` for Vietnamese phones, digits for accounts).
    pub value: String,
    /// Start byte offset in the input.
    pub start: usize,
    /// End byte offset in the input.
    pub end: usize,
    /// Extra facts (host, registrable domain, brand, bank, carrier, …).
    #[serde(flatten)]
    pub details: BTreeMap<&'static str, String>,
}

/// Compiled extraction patterns.
#[derive(Debug)]
pub struct Extractor {
    url: Regex,
    digits: Regex,
    money: Regex,
    deadline: Regex,
    income: Regex,
    profit: Regex,
    apk: Regex,
    money_ask: Regex,
    credential_ask: Regex,
    secrecy: Regex,
    different_name: Regex,
}

/// Shadow-coordinate matches the verdict needs besides entities.
#[derive(Debug, Default)]
pub struct Extra {
    /// High-income promise spans (shadow coordinates).
    pub income: Option<(usize, usize)>,
    /// Big-profit promise spans.
    pub profit: Option<(usize, usize)>,
    /// A request to pay a stated amount ("chuyển 200 triệu", "nộp 2 triệu").
    pub money_ask: Option<(usize, usize)>,
    /// A request to hand over a code ("đọc số serial SIM và mã OTP", "cung cấp số CCCD và mã OTP").
    pub credential_ask: Option<(usize, usize)>,
    /// A demand for secrecy ("không được gọi cho bố mẹ").
    pub secrecy: Option<(usize, usize)>,
    /// An account in someone else's name ("tài khoản của em gái mình").
    pub different_name: Option<(usize, usize)>,
    /// Parsed links, parallel to URL entities (index into the entity list).
    pub links: Vec<(usize, Link)>,
}

/// At most this many entities are extracted from one input, which bounds the work on hostile
/// input (overlap checks are linear in the entities found so far).
pub const MAX_ENTITIES: usize = 512;

impl Extractor {
    /// Compiles the patterns.
    pub fn new() -> Extractor {
        let re = |s: &str| Regex::new(s).unwrap_or_else(|e| panic!("built-in pattern {s}: {e}"));
        Extractor {
            url: re(
                r"(?:(?:https?|ftp)://(?:[^\s/?#@]{1,256}@)?)?(?:[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})(?::[0-9]{2,5})?(?:[/?\\][^\s]*)?",
            ),
            digits: re(r"(?:\+ ?|00)?[0-9](?:[0-9]|[ .-][0-9]|\([0-9]+\) ?[0-9]){5,20}"),
            money: re(
                r"(?:\$ ?[0-9]+(?:[.,][0-9]+)*|[0-9]+(?:[.,][0-9]{3})*(?:[.,][0-9]+)? ?(?:vnd|vnđ|dong|d|k|tr|trieu|ty|nghin|ngan|usd|usdt|\$))",
            ),
            deadline: re(
                r"(?:trong (?:vong )?[0-9]{1,3} ?(?:h|gio|tieng|phut|p)|truoc [0-9]{1,2} ?(?:h|gio|:[0-9]{2})(?:[0-9]{2})?(?: (?:hom nay|ngay mai|toi nay|chieu nay|sang mai))?|(?:han|het han|chậm nhat|cham nhat) (?:trong |vao |truoc )?(?:hom nay|ngay mai|toi nay))",
            ),
            income: re(
                r"[0-9]+(?:[.,][0-9]+)? ?(?:k|tr|trieu|00k|000d|000 ?vnd|00\.000d?)(?: ?(?:-|den|toi|~) ?[0-9]+(?:[.,][0-9]+)? ?(?:k|tr|trieu)?)? ?/ ?(?:ngay|gio|h|buoi|ca|don|nhiem vu|tuan|luot|video|bai)",
            ),
            profit: re(
                r"(?:(?:loi nhuan|hoa hong|lai|sinh loi|thu ve)(?: [a-z]+){0,3} ([0-9]{1,3})(?:[.,][0-9]+)? ?%|([0-9]{1,3})(?:[.,][0-9]+)? ?% ?(?:/|moi|mot|hang)? ?(?:ngay|tuan|thang))",
            ),
            apk: re(r"[a-z0-9_.-]{0,60}\.apk"),
            money_ask: re(
                r"(?:chuyen|ck|nop|dong|nap|gui|thanh toan|tra (?:lai|no|tien)|muon tam|cho (?:minh|em|anh|to|chi) muon)(?: [a-z]+){0,4} [0-9]+(?:[.,][0-9]+)* ?(?:k|tr|trieu|ty|d|dong|vnd|000|usd|usdt)(?:[^a-z0-9]|$)|(?:nop|dong)(?: them| truoc| ngay)? [0-9]+ ?% ?(?:phi|thue)",
            ),
            credential_ask: re(
                r"(?:cung cap|doc|gui|nhap|bao|dua|cho (?:em|anh|chi|minh|toi)|chup)(?: [a-z0-9]+){0,5} (?:ma otp|otp|ma xac thuc|ma xac nhan|mat khau|ma pin|serial sim|so serial|cvv|ma the|ma dang nhap|ma vua (?:gui|nhan)|day so|ma so|ma do|ma nay)(?:[^a-z0-9]|$)",
            ),
            secrecy: re(
                r"khong (?:duoc|dc|nen) (?:goi|noi|bao|lien lac|lien he|ke|tiet lo|chia se|cho) (?:cho |voi )?(?:ai|bo me|ba me|gia dinh|nguoi than|nguoi nha|vo|chong|con|bat ky ai|ngan hang|cong an)",
            ),
            different_name: re(
                r"(?:tai khoan|tk|stk|so tai khoan) (?:cua |ten )?(?:ban|em gai|em trai|chi gai|anh trai|vo|chong|me|bo|nguoi nha|dong nghiep|ban gai|ban trai|chau|cong ty) (?:minh|em|anh|toi|to|chi|con)",
            ),
        }
    }

    /// Extracts entities from `src` using its shadow.
    pub fn extract(
        &self,
        src: &str,
        sh: &Shadow,
        tables: &LinkTables,
        out: &mut Vec<Entity>,
        extra: &mut Extra,
    ) {
        let t = sh.text();
        let tb = t.as_bytes();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        // Links.
        if t.contains('.') {
            for m in self.url.find_iter(t) {
                if out.len() >= MAX_ENTITIES {
                    break;
                }
                let (s, mut e) = (m.start(), m.end());
                if s > 0
                    && (tb[s - 1].is_ascii_alphanumeric()
                        || matches!(tb[s - 1], b'@' | b'.' | b'-'))
                {
                    continue;
                }
                while e > s
                    && matches!(
                        tb[e - 1],
                        b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' | b'\''
                    )
                {
                    e -= 1;
                }
                let shadow_url = &t[s..e];
                let has_scheme = shadow_url.contains("://");
                let Some(sl) = link::parse(shadow_url) else { continue };
                let tld = sl.host.rsplit('.').next().unwrap_or("");
                let tld_ok = has_scheme
                    || sl.host.starts_with("www.")
                    || tables.known_tlds.iter().any(|k| k == tld)
                    || tables.risky_tlds.iter().any(|k| k == tld);
                if !tld_ok || (sl.is_ip && !has_scheme && sl.path.is_empty()) {
                    continue;
                }
                if sl.is_ip && !has_scheme && !shadow_url.contains('/') {
                    continue;
                }
                let (a, b) = sh.source_range(s, e, src);
                let raw = &src[a..b];
                // Re-parse from the source to keep look-alike characters (accents, Cyrillic).
                let parsed = link::parse(&refang_source(raw))
                    .filter(|l| l.host.ends_with(tld) || !l.host_display.is_ascii())
                    .unwrap_or(sl);
                let mut details = BTreeMap::new();
                details.insert("host", parsed.host_display.clone());
                if parsed.host != parsed.host_display {
                    details.insert("host_ascii", parsed.host.clone());
                }
                taken.push((s, e));
                extra.links.push((out.len(), parsed.clone()));
                out.push(Entity {
                    kind: EntityKind::Url,
                    text: raw.to_string(),
                    value: format!("{}{}", parsed.host, parsed.path),
                    start: a,
                    end: b,
                    details,
                });
            }
        }
        // APK file names outside links.
        if t.contains(".apk") {
            for m in self.apk.find_iter(t) {
                if out.len() >= MAX_ENTITIES {
                    break;
                }
                if taken.iter().any(|&(x, y)| m.start() < y && x < m.end()) {
                    continue;
                }
                let (a, b) = sh.source_range(m.start(), m.end(), src);
                out.push(Entity {
                    kind: EntityKind::Apk,
                    text: src[a..b].to_string(),
                    value: m.as_str().to_string(),
                    start: a,
                    end: b,
                    details: BTreeMap::new(),
                });
                taken.push((m.start(), m.end()));
            }
        }
        // Cheap byte prefilters: most patterns below need a digit, a slash or a percent sign.
        let has_digit = tb.iter().any(u8::is_ascii_digit);
        let has_slash = has_digit && memchr::memchr(b'/', tb).is_some();
        let has_pct = has_digit && memchr::memchr(b'%', tb).is_some();
        // Numbers: phones and accounts.
        for m in self.digits.find_iter(if has_digit { t } else { "" }) {
            if out.len() >= MAX_ENTITIES {
                break;
            }
            let (s, e) = (m.start(), m.end());
            if taken.iter().any(|&(x, y)| s < y && x < e) {
                continue;
            }
            if s > 0 && (tb[s - 1].is_ascii_alphanumeric() || tb[s - 1] == b'/') {
                continue;
            }
            if e < tb.len() && (tb[e].is_ascii_alphanumeric() || tb[e] == b'%' || tb[e] == b'/') {
                // "500.000d", "30%", "12/10": not a phone or account.
                continue;
            }
            let raw = m.as_str();
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            if digits.len() < 6 || digits.len() > 19 {
                continue;
            }
            // Money-like grouping ("1.000.000") is neither a phone nor an account.
            if !raw.starts_with('0')
                && !raw.starts_with('+')
                && raw.contains('.')
                && raw.split('.').skip(1).all(|g| g.len() == 3)
            {
                continue;
            }
            // The 32 bytes before the number, widened to a character boundary (the shadow text
            // may hold any character; found by the `message` fuzz target).
            let mut from = s.saturating_sub(32);
            while !t.is_char_boundary(from) {
                from += 1;
            }
            let before = &t[from..s];
            // The cue words are `account_cues` and `phone_cues` of `data/words.toml`.
            let lists = crate::words::words();
            let account_cue = lists.account_cues.words.iter().any(|cue| ends_with_cue(before, cue));
            let phone_cue = lists.phone_cues.words.iter().any(|cue| ends_with_cue(before, cue));
            let info = phone::classify(raw);
            let phone_like = !matches!(info.kind, PhoneKind::Invalid);
            let (a, b) = sh.source_range(s, e, src);
            if account_cue && !(phone_cue && phone_like) {
                let mut details = BTreeMap::new();
                if let Some(bank) = bank_near(t, s, e) {
                    details.insert("bank_hint", bank);
                }
                out.push(Entity {
                    kind: EntityKind::Account,
                    text: src[a..b].to_string(),
                    value: digits,
                    start: a,
                    end: b,
                    details,
                });
                taken.push((s, e));
            } else if phone_like && (digits.len() >= 8 || info.kind == PhoneKind::Emergency) {
                out.push(phone_entity(&src[a..b], &info, a, b));
                taken.push((s, e));
            }
        }
        // Money.
        for m in self.money.find_iter(if has_digit { t } else { "" }) {
            if out.len() >= MAX_ENTITIES {
                break;
            }
            let (s, e) = (m.start(), m.end());
            if taken.iter().any(|&(x, y)| s < y && x < e)
                || (s > 0 && tb[s - 1].is_ascii_alphanumeric())
            {
                continue;
            }
            if e < tb.len()
                && tb[e].is_ascii_alphanumeric()
                && m.as_str().ends_with(|c: char| c.is_ascii_alphabetic())
            {
                continue;
            }
            let (a, b) = sh.source_range(s, e, src);
            out.push(Entity {
                kind: EntityKind::Money,
                text: src[a..b].to_string(),
                value: m.as_str().to_string(),
                start: a,
                end: b,
                details: BTreeMap::new(),
            });
        }
        if let Some(m) = self.deadline.find(t) {
            let (a, b) = sh.source_range(m.start(), m.end(), src);
            out.push(Entity {
                kind: EntityKind::Deadline,
                text: src[a..b].to_string(),
                value: m.as_str().to_string(),
                start: a,
                end: b,
                details: BTreeMap::new(),
            });
        }
        let l = sh.leet();
        let lb = l.as_bytes();
        for m in self.money_ask.find_iter(if has_digit { l } else { "" }) {
            if (m.start() == 0 || !lb[m.start() - 1].is_ascii_alphanumeric())
                && !crate::rules::negated(lb, m.start())
            {
                extra.money_ask = Some((m.start(), m.end()));
                break;
            }
        }
        for m in self.credential_ask.find_iter(l) {
            if (m.start() == 0 || !lb[m.start() - 1].is_ascii_alphanumeric())
                && !crate::rules::negated(lb, m.start())
            {
                extra.credential_ask = Some((m.start(), m.end()));
                break;
            }
        }
        if let Some(m) = self.secrecy.find(l) {
            extra.secrecy = Some((m.start(), m.end()));
        }
        if let Some(m) = self.different_name.find(l) {
            extra.different_name = Some((m.start(), m.end()));
        }
        if let Some(m) = self.income.find(if has_slash { l } else { "" }) {
            extra.income = Some((m.start(), m.end()));
        }
        for c in self.profit.captures_iter(if has_pct { l } else { "" }) {
            // "lợi nhuận 30%" needs a high figure; "5%/ngày" is high already.
            let (pct, bar) = match (c.get(1), c.get(2)) {
                (Some(g), _) => (g.as_str().parse::<u32>().unwrap_or(0), 10),
                (_, Some(g)) => (g.as_str().parse::<u32>().unwrap_or(0), 3),
                _ => (0, 1),
            };
            if pct >= bar {
                let m = c.get(0).map(|m| (m.start(), m.end()));
                extra.profit = m;
                break;
            }
        }
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// A phone entity with its details.
pub fn phone_entity(text: &str, info: &PhoneInfo, start: usize, end: usize) -> Entity {
    let mut details = BTreeMap::new();
    let kind = match info.kind {
        PhoneKind::Mobile => "mobile",
        PhoneKind::Landline => "landline",
        PhoneKind::Service => "service",
        PhoneKind::Emergency => "emergency",
        PhoneKind::Foreign => "foreign",
        PhoneKind::SpoofedVn => "spoofed_vn",
        PhoneKind::Invalid => "invalid",
    };
    details.insert("phone_kind", kind.to_string());
    if let Some(c) = info.carrier {
        details.insert("carrier", c.to_string());
    }
    Entity {
        kind: EntityKind::Phone,
        text: text.to_string(),
        value: info.canonical.clone(),
        start,
        end,
        details,
    }
}

fn ends_with_cue(before: &str, cue: &str) -> bool {
    // The cue must appear as a word within the last few words before the number.
    let b = before.trim_end_matches([' ', ':', '.', '-', ',']);
    if let Some(p) = b.rfind(cue) {
        let ok_start = p == 0 || !b.as_bytes()[p - 1].is_ascii_alphanumeric();
        let after = &b[p + cue.len()..];
        let ok_end = after.is_empty() || !after.as_bytes()[0].is_ascii_alphanumeric();
        // Allow a bank name between cue and number ("stk vcb 0123…", "tk: 0123").
        let words_after = after.split_whitespace().count();
        return ok_start && ok_end && words_after <= 3;
    }
    false
}

/// The bank named right before or after an account number, if any.
fn bank_near(t: &str, s: usize, e: usize) -> Option<String> {
    let lo = s.saturating_sub(40);
    let hi = (e + 30).min(t.len());
    let lo = (lo..=s).find(|&i| t.is_char_boundary(i)).unwrap_or(s);
    let hi = (hi..=t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(t.len());
    let win = &t[lo..hi];
    // The words that name banks are khien-detect's (`data/banks.toml`).
    let banks = &khien_detect::tables::tables().banks;
    for w in win.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.len() >= 2 && banks.iter().any(|b| b.words.iter().any(|x| x == w)) {
            return Some(w.to_string());
        }
    }
    None
}

/// Light normalisation of a link as written in the source: NFKC (full-width and mathematical
/// letters to ASCII, Vietnamese letters composed), invisible characters removed, re-fanged. Look-
/// alike letters (accents, Cyrillic) are kept so that the host can be judged.
pub fn refang_source(raw: &str) -> String {
    let s: String = raw
        .chars()
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{ad}'))
        .nfkc()
        .collect();
    let mut s = s.to_lowercase();
    for (from, to) in [
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("(dot)", "."),
        ("[ . ]", "."),
        ("( . )", "."),
        ("[:]", ":"),
        (" dot ", "."),
        (" . ", "."),
        ("hxxp", "http"),
        ("h**p", "http"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s.replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> LinkTables {
        LinkTables {
            shorteners: vec!["bit.ly".into()],
            shared_hosting: vec![],
            risky_tlds: vec!["xyz".into(), "top".into(), "icu".into()],
            known_tlds: vec!["vn".into(), "com".into()],
            deep_link_platforms: vec![],
        }
    }

    fn ents(src: &str) -> Vec<Entity> {
        let sh = Shadow::new(src);
        let mut out = Vec::new();
        let mut extra = Extra::default();
        Extractor::new().extract(src, &sh, &tables(), &mut out, &mut extra);
        out
    }

    #[test]
    fn links_with_and_without_scheme() {
        let e =
            ents("Truy cap vcb-xacthuc[.]com/login hoac https://bit.ly/3abc ngay. Email a@b.com");
        let urls: Vec<&str> =
            e.iter().filter(|e| e.kind == EntityKind::Url).map(|e| e.value.as_str()).collect();
        assert_eq!(urls, vec!["vcb-xacthuc.com/login", "bit.ly/3abc"]);
        let src = "Vào vietcombạnk.vn để xác thực";
        let e = ents(src);
        assert_eq!(e[0].details["host"], "vietcombạnk.vn");
        assert_eq!(&src[e[0].start..e[0].end], "vietcombạnk.vn");
    }

    #[test]
    fn phones_accounts_money() {
        let e = ents(
            "Goi 0912 345 678 hoac +840912345678. STK 1903 6688 999 Techcombank, so tien 5.000.000d, phi 500k trong 2 gio",
        );
        let kinds: Vec<(EntityKind, &str)> = e.iter().map(|e| (e.kind, e.value.as_str())).collect();
        assert!(kinds.contains(&(EntityKind::Phone, "0912345678")));
        assert!(kinds.contains(&(EntityKind::Phone, "+840912345678")));
        assert!(kinds.contains(&(EntityKind::Account, "19036688999")));
        assert!(kinds.contains(&(EntityKind::Money, "5.000.000d")));
        assert!(kinds.contains(&(EntityKind::Money, "500k")));
        assert!(kinds.iter().any(|(k, _)| *k == EntityKind::Deadline));
        let acct = e.iter().find(|e| e.kind == EntityKind::Account).unwrap();
        assert_eq!(acct.details["bank_hint"], "techcombank");
    }
}
