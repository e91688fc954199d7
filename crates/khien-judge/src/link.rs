//! Links: canonicalisation, list lookups and look-alike detection (TR39-style skeletons plus
//! diacritic folding, dnstwist-style edit classes, brand in subdomain, punycode, raw IPs, risky
//! TLDs, shorteners and shared hosting).

use khien_text::fold;
use percent_encoding::percent_decode_str;
use url::{Host, Url};

use crate::brands::Brands;
use crate::lists::{ListHit, Lists};
use crate::normalize::confusable_to_latin;
use crate::signal::Signal;

/// A parsed, canonical link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Scheme if written (`http`, `https`).
    pub scheme: Option<String>,
    /// Lower-case ASCII host (punycode for IDNs), no trailing dot.
    pub host: String,
    /// The host for display: IDN labels decoded, as the user would see it.
    pub host_display: String,
    /// Path, query included, without the fragment ("" if none).
    pub path: String,
    /// True if the host is an IP address.
    pub is_ip: bool,
    /// A name written where a reader expects the host but that is not the host: the userinfo
    /// before `@` (`https://vietcombank.com.vn@evil.xyz`), or the text after an `@` that follows
    /// a backslash (`https://evil.xyz\@vietcombank.com.vn`). Lower-case, percent-decoded.
    pub decoy: Option<String>,
}

/// Static tables used for link analysis (from `data/lists.toml`).
#[derive(Debug, Default)]
pub struct LinkTables {
    /// URL shortener hosts.
    pub shorteners: Vec<String>,
    /// Shared hosting / site builder suffixes.
    pub shared_hosting: Vec<String>,
    /// Risky TLDs.
    pub risky_tlds: Vec<String>,
    /// TLDs accepted for scheme-less links in running text.
    pub known_tlds: Vec<String>,
    /// Deep-link platforms (`onelink.me`): `<brand>.<platform>` is the brand's own link.
    pub deep_link_platforms: Vec<String>,
}

/// One finding about a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSignal {
    /// The signal.
    pub code: Signal,
    /// Extra detail in Vietnamese (appended to the reason), e.g. the imitated brand.
    pub detail_vi: String,
    /// Extra detail in English.
    pub detail_en: String,
}

/// The result of analysing one link.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Signals found.
    pub signals: Vec<LinkSignal>,
    /// The brand the link belongs to (official) or imitates.
    pub brand: Option<String>,
    /// True when the host is a known official domain (or `.gov.vn`).
    pub official: bool,
    /// Registrable domain.
    pub registrable: String,
}

impl LinkReport {
    fn add(&mut self, code: Signal, vi: impl Into<String>, en: impl Into<String>) {
        if !self.signals.iter().any(|s| s.code == code) {
            self.signals.push(LinkSignal { code, detail_vi: vi.into(), detail_en: en.into() });
        }
    }
}

/// Schemes a browser parses with the special-scheme rules of the WHATWG URL standard
/// (backslash as a slash, host decoded and IDNA-processed).
const SPECIAL_SCHEMES: &[&str] = &["http", "https", "ftp", "ws", "wss"];

/// Parses a link written with or without a scheme, the way a browser does (WHATWG URL: a
/// backslash is a slash, the userinfo before `@` is not the host, a percent-encoded host is
/// decoded, IDNA through `url`/`idna`). The input should already be re-fanged (`[.]` → `.`).
/// Returns `None` if there is no plausible host.
pub fn parse(raw: &str) -> Option<Link> {
    let raw = raw.trim().trim_end_matches(['.', ',', ')', ']', '"', '\'', '!', '?', ';', ':']);
    if raw.is_empty() {
        return None;
    }
    let lower_prefix = raw.get(..raw.len().min(12)).unwrap_or(raw).to_ascii_lowercase();
    let special = SPECIAL_SCHEMES
        .iter()
        .find(|s| lower_prefix.strip_prefix(**s).is_some_and(|r| r.starts_with(':')));
    // (scheme as written, the text a browser would parse, the text after the scheme).
    let (scheme, url, after_scheme) = if let Some(s) = special {
        (Some((*s).to_string()), Url::parse(raw).ok()?, &raw[s.len() + 1..])
    } else {
        match raw.find("://") {
            // Other schemes (`intent://`, `hxxp://` missed by re-fanging) are read as http so
            // that their host can be judged.
            Some(p) if p <= 10 && raw[..p].bytes().all(|b| b.is_ascii_alphabetic()) => (
                Some(raw[..p].to_ascii_lowercase()),
                Url::parse(&format!("http://{}", &raw[p + 3..])).ok()?,
                &raw[p + 1..],
            ),
            _ => (None, Url::parse(&format!("http://{raw}")).ok()?, raw),
        }
    };
    let (host, is_ip) = match url.host()? {
        Host::Domain(d) => {
            let d = d.trim_end_matches('.');
            if !d.contains('.')
                || d.split('.').any(|l| {
                    l.is_empty()
                        || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
            {
                return None;
            }
            (d.to_ascii_lowercase(), false)
        }
        Host::Ipv4(a) => {
            // Without a scheme only a dotted quad is an address ("1.2.3" is not a link).
            if scheme.is_none() && !dotted_quad(authority_of(after_scheme).1) {
                return None;
            }
            (a.to_string(), true)
        }
        Host::Ipv6(a) => (format!("[{a}]"), true),
    };
    let host_display = if host.split('.').any(|l| l.starts_with("xn--")) {
        let (d, res) = idna::domain_to_unicode(&host);
        if res.is_err() {
            return None;
        }
        d
    } else {
        host.clone()
    };
    // Path and query, percent-decoded for reading; "" when the link has neither.
    let mut path = String::new();
    let (authority, rest) = authority_of(after_scheme);
    if url.path() != "/" || rest.starts_with(['/', '\\']) {
        path.push_str(&percent_decode_str(url.path()).decode_utf8_lossy());
    }
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(&percent_decode_str(q).decode_utf8_lossy());
    }
    let decoy = decoy_of(&url, authority, &host);
    Some(Link { scheme, host, host_display, path, is_ip, decoy })
}

/// Splits what follows the scheme into the authority as a careless reader sees it (up to the
/// first `/`, `?` or `#`, backslashes included) and the rest.
fn authority_of(after_scheme: &str) -> (&str, &str) {
    let s = after_scheme.trim_start_matches(['/', '\\']);
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    let auth = &s[..end];
    // For the host part, a backslash ends the authority (WHATWG special schemes).
    let host_end = auth.find('\\').unwrap_or(auth.len());
    let rest_from = if host_end < auth.len() { host_end } else { end };
    (auth, &s[rest_from..])
}

fn dotted_quad(authority: &str) -> bool {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split([':', '\\']).next().unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}

/// The name a reader may take for the host: the userinfo before `@`
/// (`https://vietcombank.com.vn@evil.xyz`), or, when a backslash ends the real host before an
/// `@` (`https://evil.xyz\@vietcombank.com.vn`), what follows that `@`.
fn decoy_of(url: &Url, authority: &str, host: &str) -> Option<String> {
    if !url.username().is_empty() || url.password().is_some() {
        let user = percent_decode_str(url.username()).decode_utf8_lossy().to_lowercase();
        return Some(match url.password() {
            Some(p) if user.is_empty() => percent_decode_str(p).decode_utf8_lossy().to_lowercase(),
            _ => user,
        });
    }
    let (_, seen) = authority.rsplit_once('@')?;
    let seen = seen.split([':', '\\']).next().unwrap_or(seen).trim_end_matches('.').to_lowercase();
    (!seen.is_empty() && seen != host).then_some(seen)
}

/// The registrable domain (public suffix + one label), or the host itself.
pub fn registrable(host: &str) -> &str {
    psl::domain_str(host).unwrap_or(host)
}

/// Whether a brand keyword is too common as a word to flag inside another domain
/// (`common_word_keywords` of `data/words.toml`).
fn common_word_keyword(keyword: &str) -> bool {
    crate::words::words().common_word_keywords.words.iter().any(|word| word == keyword)
}

/// Whether `word` is one that scammers attach to a brand keyword in a domain label
/// (`vcb-xacthuc`, `nhanqua-momo`; `brand_action_words` of `data/words.toml`).
fn action_word(word: &str) -> bool {
    crate::words::words().brand_action_words.words.iter().any(|action| action == word)
}
/// Analyses one link against the lists and the brand directory.
pub fn analyze(link: &Link, brands: &Brands, lists: &Lists, tables: &LinkTables) -> LinkReport {
    let mut r = LinkReport::default();
    if link.is_ip {
        r.registrable = link.host.clone();
        r.add(Signal::IpHost, format!(" ({})", link.host), format!(" ({})", link.host));
        if let Some(hit) = lists.lookup_url(&link.host, &link.host, &link.path) {
            apply_list_hit(&mut r, &hit);
        }
        if link.path.to_ascii_lowercase().contains(".apk") {
            r.add(Signal::ApkLink, "", "");
        }
        r.add(Signal::UnofficialLink, "", "");
        return r;
    }
    let host = link.host.as_str();
    let reg = registrable(host);
    r.registrable = reg.to_string();
    if let Some(hit) = lists.lookup_url(host, reg, &link.path) {
        let allowed = hit.allow;
        apply_list_hit(&mut r, &hit);
        if allowed {
            r.official = true;
            return r;
        }
    }
    let lower_path = link.path.to_ascii_lowercase();
    const CREDENTIAL_PATH: &[&str] = &[
        "login",
        "signin",
        "sign-in",
        "dang-nhap",
        "dangnhap",
        "xac-thuc",
        "xacthuc",
        "xac-minh",
        "xacminh",
        "verify",
        "otp",
        "cap-nhat",
        "capnhat",
        "sinh-trac",
        "sinhtrac",
        "mo-khoa",
        "mokhoa",
        "account",
    ];
    if lower_path.contains(".apk") || host.ends_with(".apk") {
        r.add(
            Signal::ApkLink,
            format!(": {}", tail(&link.path)),
            format!(": {}", tail(&link.path)),
        );
    }
    // Official domains: exact brand domains and any .gov.vn host.
    if link.host_display.is_ascii()
        && let Some(b) = brands.official_for_host(host)
    {
        // Platforms host user content: zalo.me/<phone>, t.me/<handle>, facebook.com/<page>.
        match b.id.as_str() {
            "zalo" if host == "zalo.me" && link.path.len() > 1 => {
                r.add(
                    Signal::ZaloLink,
                    format!(": {}{}", host, link.path),
                    format!(": {}{}", host, link.path),
                );
                return r;
            }
            "telegram" if link.path.len() > 1 => {
                r.add(
                    Signal::TelegramLink,
                    format!(": {}{}", host, link.path),
                    format!(": {}{}", host, link.path),
                );
                return r;
            }
            "google" if tables.shared_hosting.iter().any(|s| s == host) => {}
            _ => {
                r.official = true;
                r.brand = Some(b.name.clone());
                r.add(
                    Signal::OfficialDomain,
                    format!(" của {}", b.name),
                    format!(" of {}", b.name),
                );
                return r;
            }
        }
    }
    // A brand's own deep link: `<brand>.<platform>` with nothing else before the platform.
    if let Some(platform) = tables
        .deep_link_platforms
        .iter()
        .find(|p| host.strip_suffix(p.as_str()).is_some_and(|rest| rest.ends_with('.')))
    {
        let label = &host[..host.len() - platform.len() - 1];
        let brand = brands.iter().find(|b| {
            !label.contains('.')
                && (b.id.replace('_', "") == label
                    || b.keywords.iter().any(|k| {
                        // Apps named "My <brand>" (My Viettel, My VNPT) link as `my<brand>`.
                        k == label || label.strip_prefix("my").is_some_and(|rest| rest == k)
                    }))
        });
        if let Some(b) = brand {
            r.official = true;
            r.brand = Some(b.name.clone());
            r.add(
                Signal::OfficialDomain,
                format!(" của {} (liên kết ứng dụng qua {platform})", b.name),
                format!(" of {} (app link via {platform})", b.name),
            );
            return r;
        }
    }
    if link.host_display.is_ascii() && (host.ends_with(".gov.vn") || host == "gov.vn") {
        r.official = true;
        r.add(Signal::OfficialDomain, " (.gov.vn của cơ quan nhà nước)", " (.gov.vn state agency)");
        return r;
    }
    if tables.shorteners.iter().any(|s| host_is_or_under(host, s)) {
        r.add(Signal::Shortener, format!(" ({host})"), format!(" ({host})"));
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    if tables.risky_tlds.iter().any(|t| t == tld) {
        r.add(Signal::RiskyTld, format!(" (.{tld})"), format!(" (.{tld})"));
    }
    // Shared hosting: the user's label (or path) is what names the site.
    let shared = tables.shared_hosting.iter().find(|s| host_is_or_under(host, s));
    let (main_label, sub_labels): (String, Vec<&str>) = if let Some(s) = shared {
        r.add(Signal::SharedHosting, format!(" ({s})"), format!(" ({s})"));
        let before = host.strip_suffix(s.as_str()).unwrap_or("").trim_end_matches('.');
        let mut labels: Vec<&str> = before.split('.').filter(|l| !l.is_empty()).collect();
        let main = labels.pop().map(str::to_string).unwrap_or_else(|| {
            // sites.google.com/view/<name>: the first path segment after view/site.
            link.path
                .trim_start_matches('/')
                .split('/')
                .find(|seg| !matches!(*seg, "view" | "site" | "s" | ""))
                .unwrap_or("")
                .to_ascii_lowercase()
        });
        (main, labels)
    } else {
        let suffix_len = psl::suffix_str(host).map_or(0, str::len);
        let main =
            if reg.len() > suffix_len + 1 { &reg[..reg.len() - suffix_len - 1] } else { reg };
        let subs = host.strip_suffix(reg).unwrap_or("").trim_end_matches('.');
        (main.to_string(), subs.split('.').filter(|l| !l.is_empty()).collect())
    };
    // The display form of the main label (decoded IDN), for homoglyph / diacritic checks.
    let display_main = display_label_for(link, &main_label);
    if host.split('.').any(|l| l.starts_with("xn--")) {
        r.add(
            Signal::PunycodeHost,
            format!(" ({})", link.host_display),
            format!(" ({})", link.host_display),
        );
    }
    brand_checks(&mut r, &main_label, &display_main, &sub_labels, reg, brands);
    if let Some(decoy) = &link.decoy {
        decoy_checks(&mut r, decoy, host, brands);
    }
    if !r.official {
        if let Some(w) = CREDENTIAL_PATH.iter().find(|w| lower_path.contains(*w)) {
            r.add(Signal::CredentialPath, format!(" (“{w}”)"), format!(" (“{w}”)"));
        }
        r.add(Signal::UnofficialLink, "", "");
    }
    r
}

/// True if `host` is `domain` or a subdomain of it.
fn host_is_or_under(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

fn tail(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn apply_list_hit(r: &mut LinkReport, hit: &ListHit) {
    if hit.allow {
        r.add(Signal::Allowlisted, format!(" ({})", hit.source), format!(" ({})", hit.source));
    } else {
        r.add(
            Signal::Blocklisted,
            format!(" ({}: {})", hit.source, hit.pattern),
            format!(" ({}: {})", hit.source, hit.pattern),
        );
    }
}

fn display_label_for(link: &Link, main_ascii: &str) -> String {
    let asc: Vec<&str> = link.host.split('.').collect();
    let disp: Vec<&str> = link.host_display.split('.').collect();
    if asc.len() == disp.len()
        && let Some(i) = asc.iter().position(|l| *l == main_ascii)
    {
        return disp[i].to_string();
    }
    main_ascii.to_string()
}

/// Folds a (possibly Unicode) label for comparison: diacritics removed, confusable Cyrillic and
/// Greek letters mapped to Latin (a TR39-style skeleton restricted to the letters seen in scams).
pub fn skeleton(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if let Some(l) = confusable_to_latin(c) {
            out.push(l);
            continue;
        }
        let f = fold(&c.to_string());
        out.push_str(&f);
    }
    // ASCII homoglyph sequences.
    out.replace("rn", "m").replace("vv", "w").replace('0', "o").replace(['1', '|'], "l")
}

fn brand_checks(
    r: &mut LinkReport,
    main: &str,
    display_main: &str,
    subs: &[&str],
    reg: &str,
    brands: &Brands,
) {
    let main_nohyphen: String = main.chars().filter(|c| *c != '-').collect();
    let tokens: Vec<&str> = main
        .split(|c: char| c == '-' || c == '_' || c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .collect();
    let is_unicode = display_main != main && !display_main.is_ascii();
    let main_skeleton = skeleton(main);
    let display_skeleton = if is_unicode { skeleton(display_main) } else { String::new() };
    // UTS #39 skeleton (confusables.txt), diacritics folded afterwards: catches look-alikes
    // outside the small Cyrillic/Greek table, and `vietcombạnk` (whose skeleton keeps the mark).
    let tr39_skeleton = if is_unicode { tr39(display_main) } else { String::new() };
    let mixed_script = is_unicode && !unicode_security::MixedScript::is_single_script(display_main);
    for (b, labels) in brands.iter_with_labels() {
        // 1. Homoglyph / diacritic look-alike: the skeleton of the displayed label equals a brand label.
        if is_unicode {
            let sk = &display_skeleton;
            if labels.iter().any(|(l, lsk)| {
                lsk == sk
                    || tr39(l) == tr39_skeleton
                    || (l.len() >= 5 && classify_edit(sk, l).is_some())
            }) {
                r.brand = Some(b.name.clone());
                let (mvi, men) = if mixed_script {
                    (" (trộn chữ của nhiều hệ chữ viết)", " (mixes writing systems)")
                } else {
                    ("", "")
                };
                r.add(
                    Signal::HomoglyphDomain,
                    format!(": {display_main} giả {}{mvi}", b.name),
                    format!(": {display_main} imitates {}{men}", b.name),
                );
                return;
            }
        }
        // 2. Same label, other TLD (vietcombank.top), or a dnstwist-style edit of a brand label.
        for (l, lsk) in labels {
            let fuzz = if l == main || *l == main_nohyphen {
                Some(if l == main { "tld-swap" } else { "hyphenation" })
            } else if l.len() >= 5 {
                classify_edit(&main_nohyphen, l).or(if main_skeleton == *lsk {
                    Some("homoglyph")
                } else {
                    None
                })
            } else {
                None
            };
            if let Some(f) = fuzz {
                r.brand = Some(b.name.clone());
                r.add(
                    Signal::LookalikeDomain,
                    format!(": {reg} nhái {} (kiểu {f})", b.name),
                    format!(": {reg} imitates {} ({f})", b.name),
                );
                return;
            }
        }
        // 3. Brand keyword inside the label or a subdomain of an unrelated domain.
        for k in &b.keywords {
            if common_word_keyword(k) {
                continue;
            }
            let in_main = tokens.contains(&k.as_str())
                || (k.len() >= 5 && main_nohyphen.contains(k.as_str()))
                || (k.len() >= 3
                    && tokens
                        .iter()
                        .any(|t| t.starts_with(k.as_str()) && action_word(&t[k.len()..])));
            if in_main {
                r.brand = Some(b.name.clone());
                r.add(
                    Signal::BrandInDomain,
                    format!(": '{k}' trong {reg}, không phải tên miền của {}", b.name),
                    format!(": '{k}' inside {reg}, which {} does not own", b.name),
                );
                return;
            }
            let in_sub = subs.iter().any(|s| {
                let st: Vec<&str> = s.split(['-', '_']).collect();
                st.contains(&k.as_str()) || (k.len() >= 5 && s.contains(k.as_str()))
            });
            // The whole official domain written in front of another domain
            // ("vietcombank.com.vn.xacthuc-online.xyz") is a deliberate disguise.
            let sub_part = subs.join(".");
            if let Some(d) = b.domains.iter().find(|d| {
                sub_part == **d
                    || sub_part.ends_with(&format!(".{d}"))
                    || sub_part.starts_with(&format!("{d}."))
                    || sub_part.contains(&format!(".{d}."))
            }) {
                r.brand = Some(b.name.clone());
                r.add(
                    Signal::LookalikeDomain,
                    format!(": tên miền thật {d} được đặt trước {reg} để đánh lừa"),
                    format!(": the real domain {d} is placed in front of {reg} to deceive"),
                );
                return;
            }
            if in_sub {
                r.brand = Some(b.name.clone());
                r.add(
                    Signal::BrandInDomain,
                    format!(": '{k}' ở tên miền con của {reg}",),
                    format!(": '{k}' in a subdomain of {reg}"),
                );
                return;
            }
        }
    }
}

/// The `user@host` disguise: a name before `@` (or after a backslash) stands where the reader
/// expects the host. Naming a brand or an official domain there is a deliberate imitation.
fn decoy_checks(r: &mut LinkReport, decoy: &str, host: &str, brands: &Brands) {
    let named = decoy_brand(decoy, brands);
    match named {
        Some(name) => {
            r.brand = Some(name.clone());
            r.add(
                Signal::UserinfoDisguise,
                format!(": trang thật là {host}, được che sau tên của {name} (“{decoy}”)"),
                format!(": the real host is {host}, hidden behind the name of {name} (“{decoy}”)"),
            );
            r.add(
                Signal::LookalikeDomain,
                format!(": “{decoy}” viết cạnh dấu @ để giả {name}, trang thật là {host}"),
                format!(": “{decoy}” next to the @ sign imitates {name}; the real host is {host}"),
            );
        }
        None => r.add(
            Signal::UserinfoDisguise,
            format!(": trang thật là {host}, không phải “{decoy}”"),
            format!(": the real host is {host}, not “{decoy}”"),
        ),
    }
}

/// The brand (or state agency) a decoy names: an official domain, a `.gov.vn` host, or a brand
/// keyword or label among its words.
fn decoy_brand(decoy: &str, brands: &Brands) -> Option<String> {
    let d = decoy.trim_end_matches('.');
    if let Some(b) = brands.official_for_host(d) {
        return Some(b.name.clone());
    }
    if d.ends_with(".gov.vn") || d == "gov.vn" {
        return Some("cơ quan nhà nước (.gov.vn)".to_string());
    }
    let words: Vec<&str> =
        d.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (b, labels) in brands.iter_with_labels() {
        let named =
            b.keywords.iter().any(|k| !common_word_keyword(k) && words.contains(&k.as_str()))
                || labels.iter().any(|(l, _)| words.contains(&l.as_str()));
        if named {
            return Some(b.name.clone());
        }
    }
    None
}

/// The UTS #39 skeleton of a label with diacritics folded afterwards.
fn tr39(label: &str) -> String {
    let sk: String = unicode_security::skeleton(label).collect();
    fold(&sk)
}

const HOMOGLYPH_PAIRS: &[(u8, u8)] = &[
    (b'o', b'0'),
    (b'l', b'1'),
    (b'i', b'1'),
    (b'i', b'l'),
    (b'a', b'4'),
    (b'e', b'3'),
    (b's', b'5'),
    (b'g', b'q'),
    (b'u', b'v'),
    (b'n', b'm'),
];

/// Classifies a one-edit difference between a candidate label and a brand label, dnstwist style:
/// omission, repetition, addition/insertion, transposition, replacement, bitsquatting,
/// homoglyph, vowel-swap. Allows two edits for long labels (≥ 10), reported as "typo".
pub fn classify_edit(cand: &str, brand: &str) -> Option<&'static str> {
    let a = cand.as_bytes();
    let b = brand.as_bytes();
    if a == b || a.len().abs_diff(b.len()) > 2 || a.is_empty() || b.is_empty() {
        return None;
    }
    // A typo keeps at least one end of the name ("vietcombnk", "xietcombank").
    if a[0] != b[0] && a[a.len() - 1] != b[b.len() - 1] {
        return None;
    }
    if a.len() + 1 == b.len() {
        // One char dropped from the brand.
        for i in 0..b.len() {
            if a[..i] == b[..i] && a[i..] == b[i + 1..] {
                return Some("omission");
            }
        }
    }
    if a.len() == b.len() + 1 {
        for i in 0..a.len() {
            if a[..i] == b[..i] && a[i + 1..] == b[i..] {
                let rep = (i > 0 && a[i] == a[i - 1]) || (i + 1 < a.len() && a[i] == a[i + 1]);
                return Some(if rep {
                    "repetition"
                } else if i == a.len() - 1 {
                    "addition"
                } else {
                    "insertion"
                });
            }
        }
    }
    if a.len() == b.len() {
        let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        if diffs.len() == 1 {
            let (x, y) = (a[diffs[0]], b[diffs[0]]);
            if HOMOGLYPH_PAIRS.iter().any(|&(p, q)| (p, q) == (x, y) || (q, p) == (x, y)) {
                return Some("homoglyph");
            }
            if (x ^ y).count_ones() == 1 {
                return Some("bitsquatting");
            }
            let vowel = |c: u8| b"aeiouy".contains(&c);
            if vowel(x) && vowel(y) {
                return Some("vowel-swap");
            }
            return Some("replacement");
        }
        if diffs.len() == 2
            && diffs[1] == diffs[0] + 1
            && a[diffs[0]] == b[diffs[1]]
            && a[diffs[1]] == b[diffs[0]]
        {
            return Some("transposition");
        }
    }
    // Two edits (optimal string alignment: insertions, deletions, substitutions, adjacent
    // transpositions) for long labels. `strsim` counts characters, so a letter the skeleton
    // left outside ASCII is one edit, not one per byte.
    if b.len() >= 10 && strsim::osa_distance(cand, brand) <= 2 {
        return Some("typo");
    }
    None
}

/// Decodes a punycode label (without `xn--`). `None` on malformed input.
pub fn punycode_decode(input: &str) -> Option<String> {
    idna::punycode::decode_to_string(input)
}

/// Encodes a Unicode label as punycode (without `xn--`): the other half of the round trip the
/// tests check; the engine itself only decodes.
#[cfg(test)]
pub fn punycode_encode(input: &str) -> Option<String> {
    idna::punycode::encode_str(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_deep_links_are_official() {
        let brands = Brands::parse(include_str!("../data/brands.toml")).expect("brands");
        let tables = LinkTables {
            deep_link_platforms: vec!["onelink.me".into(), "go.link".into()],
            ..LinkTables::default()
        };
        let lists = Lists::new();
        for (url, brand) in [
            ("https://mobifone.onelink.me/Q8xz/max", "MobiFone"),
            ("https://myvnpt.go.link/abc", "VinaPhone"),
        ] {
            let r = analyze(&parse(url).expect("link"), &brands, &lists, &tables);
            assert!(r.official, "{url}: {r:?}");
            assert!(r.brand.as_deref().is_some_and(|b| b.contains(brand)), "{url}: {r:?}");
        }
        // Anything else before the platform is not the brand's.
        for url in ["https://mobifone-qua.onelink.me/x", "https://a.mobifone.onelink.me/x"] {
            let r = analyze(&parse(url).expect("link"), &brands, &lists, &tables);
            assert!(!r.official, "{url}: {r:?}");
        }
    }

    #[test]
    fn punycode_round_trip() {
        assert_eq!(punycode_decode("vitcombank-m7a").as_deref(), Some("vêitcombank"));
        assert_eq!(
            punycode_encode("vietcombạnk").and_then(|e| punycode_decode(&e)).as_deref(),
            Some("vietcombạnk")
        );
        assert_eq!(punycode_decode("mnchen-3ya").as_deref(), Some("münchen"));
    }

    #[test]
    fn parses_links() {
        let l = parse("https://VCB-XacThuc.com/login?x=1#frag").unwrap();
        assert_eq!(l.host, "vcb-xacthuc.com");
        assert_eq!(l.path, "/login?x=1");
        let l = parse("vietcombạnk.vn/dang-nhap").unwrap();
        assert!(l.host.starts_with("xn--"));
        assert_eq!(l.host_display, "vietcombạnk.vn");
        let l = parse("http://103.21.4.9:8080/vneid.apk").unwrap();
        assert!(l.is_ip);
        let l = parse("https://vietcombank.com.vn@evil.xyz/").unwrap();
        assert_eq!(l.host, "evil.xyz");
        assert!(parse("hello").is_none());
    }

    #[test]
    fn parses_like_a_browser() {
        // A backslash ends the host in http(s): the '@' after it is in the path.
        let l = parse("https://evil.xyz\\@vietcombank.com.vn/").unwrap();
        assert_eq!(l.host, "evil.xyz");
        assert_eq!(l.decoy.as_deref(), Some("vietcombank.com.vn"));
        // The userinfo before '@' is not the host.
        let l = parse("https://vietcombank.com.vn@evil.xyz/login").unwrap();
        assert_eq!(l.host, "evil.xyz");
        assert_eq!(l.path, "/login");
        assert_eq!(l.decoy.as_deref(), Some("vietcombank.com.vn"));
        let l = parse("https://vcb:secret@evil.xyz").unwrap();
        assert_eq!((l.host.as_str(), l.decoy.as_deref()), ("evil.xyz", Some("vcb")));
        // A percent-encoded host is decoded; so is the path.
        let l = parse("https://%65vil.xyz/%64ang-nhap").unwrap();
        assert_eq!((l.host.as_str(), l.path.as_str()), ("evil.xyz", "/dang-nhap"));
        // Backslashes and missing slashes after the scheme, as browsers accept them.
        assert_eq!(parse("https:\\\\evil.xyz\\login").unwrap().host, "evil.xyz");
        assert_eq!(parse("HTTPS://Evil.XYZ./").unwrap().host, "evil.xyz");
        // IDNA: upper-case and full-width letters mapped, Unicode labels encoded and decoded.
        let l = parse("https://VIETCOMBẠNK.vn").unwrap();
        assert!(l.host.starts_with("xn--"));
        assert_eq!(l.host_display, "vietcombạnk.vn");
        assert_eq!(parse("ｖｃｂ-xacthuc.com").unwrap().host, "vcb-xacthuc.com");
        // Without a path the path stays empty; a plain link has no decoy.
        let l = parse("bit.ly").unwrap();
        assert_eq!((l.path.as_str(), l.decoy.as_deref()), ("", None));
        // Without a scheme only a dotted quad is an address.
        assert!(parse("1.2.3").is_none());
        assert!(parse("http://0x67.21.4.9/x").unwrap().is_ip);
        assert!(parse("http://exa mple.com").is_none());
    }

    #[test]
    fn edit_classes() {
        assert_eq!(classify_edit("vietcombnk", "vietcombank"), Some("omission"));
        assert_eq!(classify_edit("viettcombank", "vietcombank"), Some("repetition"));
        assert_eq!(classify_edit("vietcmobank", "vietcombank"), Some("transposition"));
        assert_eq!(classify_edit("vietcombaok", "vietcombank"), Some("bitsquatting"));
        assert_eq!(classify_edit("vietc0mbank", "vietcombank"), Some("homoglyph"));
        assert_eq!(classify_edit("vietcumbank", "vietcombank"), Some("vowel-swap"));
        assert_eq!(classify_edit("vietcombanka", "vietcombank"), Some("addition"));
        assert_eq!(classify_edit("agribank", "agribank"), None);
        // Two edits in a long label are a typo; three are not.
        assert_eq!(classify_edit("vietcombnka", "vietcombank"), Some("typo"));
        assert_eq!(classify_edit("vietcmobnka", "vietcombank"), None);
        assert_eq!(skeleton("vietcornbank"), "vietcombank");
        assert_eq!(skeleton("vietcombạnk"), "vietcombank");
        // Cyrillic 'е' and 'о' through the UTS #39 tables.
        assert_eq!(tr39("viеtcоmbank"), tr39("vietcombank"));
    }
}
