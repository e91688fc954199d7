//! Blocklists and allowlists of links, phone numbers and bank accounts, with parsers for the
//! public formats (ChongLuaDao JSON, hosts files, plain URL lines) and Khiên's own line format.
//!
//! Parsing takes text (`&str`); reading files is the caller's business. Link entries come in
//! three forms, as in ChongLuaDao's API: `*.domain` (the domain and all its subdomains), `host`
//! or `host/*` (that exact host), and `host/path` (a path prefix on that host, for shared
//! platforms such as `sites.google.com/view/…` where the platform itself must never be
//! condemned).

use std::collections::HashMap;

use crate::error::Error;

/// How a link entry matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// The host exactly.
    Host,
    /// The domain and all its subdomains.
    Domain,
    /// A path prefix on the host.
    Path(String),
}

#[derive(Debug, Clone)]
struct Entry {
    pattern: Pattern,
    allow: bool,
    source: String,
    display: String,
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHit {
    /// True for an allowlist entry.
    pub allow: bool,
    /// Where the entry came from (list name).
    pub source: String,
    /// The entry as written.
    pub pattern: String,
}

/// Which kind of item a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Links, hosts and domains.
    Url,
    /// Phone numbers.
    Phone,
    /// Bank accounts (`BANKCODE:account` or a bare account number).
    Account,
}

/// Block and allow lists.
#[derive(Debug, Default, Clone)]
pub struct Lists {
    hosts: HashMap<String, Vec<Entry>>,
    phones: HashMap<String, ListHit>,
    accounts: HashMap<String, ListHit>,
}

/// Normalises a phone number for list keys: digits only, Vietnamese numbers as `0` + national.
pub fn phone_key(s: &str) -> String {
    let plus = s.trim_start().starts_with('+');
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    if plus {
        if let Some(rest) = d.strip_prefix("84") {
            return format!("0{}", rest.trim_start_matches('0'));
        }
        return format!("+{d}");
    }
    if let Some(rest) = d.strip_prefix("0084") {
        return format!("0{rest}");
    }
    if d.len() == 11 && d.starts_with("84") {
        return format!("0{}", &d[2..]);
    }
    d
}

/// Normalises an account for list keys: digits only (the bank is optional in lists).
pub fn account_key(s: &str) -> String {
    let a = s.rsplit(':').next().unwrap_or(s);
    a.chars().filter(char::is_ascii_digit).collect()
}

impl Lists {
    /// An empty set of lists.
    pub fn new() -> Lists {
        Lists::default()
    }

    /// Number of entries of all kinds.
    pub fn len(&self) -> usize {
        self.hosts.values().map(Vec::len).sum::<usize>() + self.phones.len() + self.accounts.len()
    }

    /// True if there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds one link entry (`*.domain`, `host`, `host/*`, `host/path`, or a full URL).
    /// Returns false if the entry is not a usable host or URL.
    pub fn add_url(&mut self, entry: &str, allow: bool, source: &str) -> bool {
        let e = entry.trim();
        if e.is_empty() || e.starts_with('#') {
            return false;
        }
        let e = e.split_once("://").map_or(e, |(_, r)| r);
        let (pattern, host) = if let Some(d) = e.strip_prefix("*.") {
            (Pattern::Domain, d.trim_end_matches(['/', '*']))
        } else if let Some(h) = e.strip_suffix("/*") {
            (Pattern::Host, h)
        } else if let Some(p) = e.find('/') {
            let path = e[p..].trim_end_matches('*');
            if path == "/" {
                (Pattern::Host, &e[..p])
            } else {
                (Pattern::Path(path.to_ascii_lowercase()), &e[..p])
            }
        } else {
            (Pattern::Host, e)
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host = host.rsplit('@').next().unwrap_or(&host).to_string();
        let host = match host.rfind(':') {
            Some(c) if host[c + 1..].bytes().all(|b| b.is_ascii_digit()) => host[..c].to_string(),
            _ => host,
        };
        let host = host.strip_prefix("www.").map(str::to_string).unwrap_or(host);
        if host.is_empty()
            || !host.contains('.')
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
        {
            return false;
        }
        self.hosts.entry(host).or_default().push(Entry {
            pattern,
            allow,
            source: source.to_string(),
            display: entry.trim().to_string(),
        });
        true
    }

    /// Adds a phone number.
    pub fn add_phone(&mut self, phone: &str, allow: bool, source: &str) -> bool {
        let k = phone_key(phone);
        if k.trim_start_matches('+').len() < 3 {
            return false;
        }
        self.phones.insert(
            k,
            ListHit { allow, source: source.to_string(), pattern: phone.trim().to_string() },
        );
        true
    }

    /// Adds a bank account (`BANK:number` or a bare number).
    pub fn add_account(&mut self, account: &str, allow: bool, source: &str) -> bool {
        let k = account_key(account);
        if k.len() < 6 {
            return false;
        }
        self.accounts.insert(
            k,
            ListHit { allow, source: source.to_string(), pattern: account.trim().to_string() },
        );
        true
    }

    /// Looks a link up: path entries first, then the exact host, then parent domains. At the
    /// same level a block entry wins over an allow entry.
    pub fn lookup_url(&self, host: &str, registrable: &str, path: &str) -> Option<ListHit> {
        let host = host.strip_prefix("www.").unwrap_or(host);
        let lpath = path.to_ascii_lowercase();
        let pick = |entries: &[&Entry]| -> Option<ListHit> {
            let e = entries.iter().find(|e| !e.allow).or_else(|| entries.first())?;
            Some(ListHit { allow: e.allow, source: e.source.clone(), pattern: e.display.clone() })
        };
        if let Some(es) = self.hosts.get(host) {
            let path_hits: Vec<&Entry> = es
                .iter()
                .filter(|e| matches!(&e.pattern, Pattern::Path(p) if lpath.starts_with(p.as_str())))
                .collect();
            if let Some(h) = pick(&path_hits) {
                return Some(h);
            }
            let host_hits: Vec<&Entry> = es
                .iter()
                .filter(|e| matches!(e.pattern, Pattern::Host | Pattern::Domain))
                .collect();
            if let Some(h) = pick(&host_hits) {
                return Some(h);
            }
        }
        // Parent domains, down to the registrable domain. ChongLuaDao's own extension also
        // matches plain host entries against subdomains; we do that only at the registrable
        // domain so that an entry for a platform host does not condemn its neighbours.
        let mut h = host;
        while let Some(p) = h.find('.') {
            h = &h[p + 1..];
            if h.len() < registrable.len() {
                break;
            }
            if let Some(es) = self.hosts.get(h) {
                let hits: Vec<&Entry> = es
                    .iter()
                    .filter(|e| {
                        e.pattern == Pattern::Domain
                            || (e.pattern == Pattern::Host && h == registrable)
                    })
                    .collect();
                if let Some(hit) = pick(&hits) {
                    return Some(hit);
                }
            }
        }
        None
    }

    /// Looks a phone number up.
    pub fn lookup_phone(&self, phone: &str) -> Option<&ListHit> {
        self.phones.get(&phone_key(phone))
    }

    /// Looks an account up.
    pub fn lookup_account(&self, account: &str) -> Option<&ListHit> {
        self.accounts.get(&account_key(account))
    }

    /// Merges another set of lists into this one.
    pub fn extend(&mut self, other: Lists) {
        for (k, v) in other.hosts {
            self.hosts.entry(k).or_default().extend(v);
        }
        self.phones.extend(other.phones);
        self.accounts.extend(other.accounts);
    }

    /// Parses a ChongLuaDao API list: a JSON array of `{"url": …}` objects (extra fields such as
    /// `type` and `level` are ignored) or of plain strings. Returns the number of entries added.
    pub fn import_chongluadao_json(
        &mut self,
        text: &str,
        allow: bool,
        source: &str,
    ) -> Result<usize, Error> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::ListFormat(format!("JSON: {e}")))?;
        let arr = v.as_array().ok_or_else(|| Error::ListFormat("expected a JSON array".into()))?;
        let mut n = 0;
        for item in arr {
            let url = match item {
                serde_json::Value::String(s) => Some(s.as_str()),
                serde_json::Value::Object(o) => o.get("url").and_then(|u| u.as_str()),
                _ => None,
            };
            if let Some(u) = url
                && self.add_url(u, allow, source)
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Parses a hosts file (`0.0.0.0 host`, `127.0.0.1 host1 host2`) or a plain list with one
    /// host or URL per line (`#` comments allowed). Returns the number of entries added.
    pub fn import_hosts(&mut self, text: &str, allow: bool, source: &str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('!') || line.starts_with('[') {
                continue;
            }
            let mut toks = line.split_whitespace().peekable();
            let first = toks.peek().copied().unwrap_or("");
            let is_ip = first.parse::<std::net::IpAddr>().is_ok();
            if is_ip {
                toks.next();
            }
            for t in toks {
                if matches!(
                    t,
                    "localhost" | "localhost.localdomain" | "broadcasthost" | "local" | "0.0.0.0"
                ) {
                    continue;
                }
                // uBlock / AdBlock style `||host^`.
                let t = t.trim_start_matches("||").trim_end_matches('^');
                if self.add_url(t, allow, source) {
                    n += 1;
                }
                if !is_ip {
                    break;
                }
            }
        }
        n
    }

    /// Parses phone numbers or accounts, one per line (`#` comments allowed).
    pub fn import_items(&mut self, text: &str, kind: ItemKind, allow: bool, source: &str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let item = line.split(['\t', ',']).next().unwrap_or("").trim();
            if item.is_empty() {
                continue;
            }
            let ok = match kind {
                ItemKind::Url => self.add_url(item, allow, source),
                ItemKind::Phone => self.add_phone(item, allow, source),
                ItemKind::Account => self.add_account(item, allow, source),
            };
            n += usize::from(ok);
        }
        n
    }

    /// Parses Khiên's stored list format: one entry per line, `KIND<TAB>allow|block<TAB>ENTRY<TAB>SOURCE`,
    /// where KIND is `url`, `phone` or `account`.
    pub fn import_native(&mut self, text: &str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(kind), Some(mode), Some(entry)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let source = f.next().unwrap_or("imported");
            let allow = mode == "allow";
            let ok = match kind {
                "url" => self.add_url(entry, allow, source),
                "phone" => self.add_phone(entry, allow, source),
                "account" => self.add_account(entry, allow, source),
                _ => false,
            };
            n += usize::from(ok);
        }
        n
    }

    /// Writes all entries in Khiên's stored list format (sorted, so output is stable).
    pub fn to_native(&self) -> String {
        let mut lines = Vec::new();
        for es in self.hosts.values() {
            for e in es {
                lines.push(format!(
                    "url\t{}\t{}\t{}",
                    if e.allow { "allow" } else { "block" },
                    e.display,
                    e.source
                ));
            }
        }
        for h in self.phones.values() {
            lines.push(format!(
                "phone\t{}\t{}\t{}",
                if h.allow { "allow" } else { "block" },
                h.pattern,
                h.source
            ));
        }
        for h in self.accounts.values() {
            lines.push(format!(
                "account\t{}\t{}\t{}",
                if h.allow { "allow" } else { "block" },
                h.pattern,
                h.source
            ));
        }
        lines.sort();
        lines.dedup();
        let mut s = String::from("# Khiên lists: KIND\tallow|block\tENTRY\tSOURCE\n");
        for l in lines {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chongluadao_forms() {
        let mut l = Lists::new();
        let n = l
            .import_chongluadao_json(
                r#"[{"url":"*.vcb-xacthuc.com"},{"url":"evil.xyz/*"},{"url":"https://sites.google.com/view/vcb-login"},"plain.top"]"#,
                false,
                "chongluadao",
            )
            .unwrap();
        assert_eq!(n, 4);
        assert!(l.lookup_url("a.b.vcb-xacthuc.com", "vcb-xacthuc.com", "/").is_some());
        assert!(l.lookup_url("evil.xyz", "evil.xyz", "/x").is_some());
        assert!(l.lookup_url("sites.google.com", "google.com", "/view/vcb-login/page").is_some());
        assert!(l.lookup_url("sites.google.com", "google.com", "/view/my-school").is_none());
        assert!(l.lookup_url("plain.top", "plain.top", "").is_some());
        assert!(l.lookup_url("sub.plain.top", "plain.top", "").is_some());
    }

    #[test]
    fn hosts_format_and_native_round_trip() {
        let mut l = Lists::new();
        let n = l.import_hosts(
            "# c\n0.0.0.0 bad.example.xyz\n127.0.0.1 a.top b.top\nlocalhost\n||c.icu^\n",
            false,
            "hosts",
        );
        assert_eq!(n, 4);
        l.add_phone("+84 912 345 678", false, "me");
        l.add_account("VCB:0123456789", false, "me");
        let native = l.to_native();
        let mut m = Lists::new();
        assert_eq!(m.import_native(&native), 6);
        assert!(m.lookup_phone("0912345678").is_some());
        assert!(m.lookup_account("0123456789").is_some());
        assert!(m.lookup_url("a.top", "a.top", "").is_some());
    }

    #[test]
    fn phone_keys() {
        assert_eq!(phone_key("+84 912 345 678"), "0912345678");
        assert_eq!(phone_key("0084912345678"), "0912345678");
        assert_eq!(phone_key("84912345678"), "0912345678");
        assert_eq!(phone_key("+882 1234"), "+8821234");
    }
}
