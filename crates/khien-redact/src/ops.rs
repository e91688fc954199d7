//! Keys and operators.

use std::collections::HashMap;

use aes::Aes256;
use base64::Engine as _;
use fpe::ff1::{BinaryNumeralString, FF1, FlexibleNumeralString};
use hmac::{Hmac, Mac};
use khien_detect::Kind;
use sha2::Sha256;

use crate::RedactError;
use crate::policy::{Operator, Policy};

type HmacSha256 = Hmac<Sha256>;

/// The secret key for `hash`, `token` and keyed `pseudonym`. Subkeys are derived per use with
/// HMAC-SHA256, so one secret serves all operators. `Debug` never shows it.
#[derive(Clone)]
pub struct Keys {
    master: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(****)")
    }
}

impl Keys {
    /// A key from secret bytes (a key file's content or an environment variable). Surrounding
    /// whitespace is ignored; at least 16 bytes are required.
    pub fn from_bytes(secret: &[u8]) -> Result<Keys, RedactError> {
        let s = secret.trim_ascii();
        if s.len() < 16 {
            return Err(RedactError::Key(format!(
                "the key has {} bytes; at least 16 are required",
                s.len()
            )));
        }
        Ok(Keys { master: s.to_vec() })
    }

    /// A key check value: 8 hex digits derived from the key (never the key itself), recorded in
    /// the de-identification report so that `restore` can tell a wrong key before it writes.
    pub fn check_value(&self) -> String {
        self.derive("key-check")[..4].iter().map(|b| format!("{b:02x}")).collect()
    }

    fn derive(&self, label: &str) -> [u8; 32] {
        let mut m = HmacSha256::new_from_slice(&self.master).expect("HMAC takes any key length");
        m.update(b"khien/v1/");
        m.update(label.as_bytes());
        m.finalize().into_bytes().into()
    }

    fn hmac(&self, label: &str, kind: Kind, value: &str) -> [u8; 32] {
        let k = self.derive(label);
        let mut m = HmacSha256::new_from_slice(&k).expect("HMAC takes any key length");
        m.update(kind.code().as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        m.finalize().into_bytes().into()
    }

    fn ff1(&self, radix: u32) -> FF1<Aes256> {
        FF1::<Aes256>::new(&self.derive("ff1"), radix).expect("radix 2 and 10 are valid")
    }
}

/// The label of a kind, e.g. `SỐ CCCD`.
pub fn label(kind: Kind) -> String {
    let s = match kind {
        Kind::NationalId => "SỐ CCCD",
        Kind::OldId => "SỐ CMND",
        Kind::Passport => "SỐ HỘ CHIẾU",
        Kind::Phone => "SỐ ĐIỆN THOẠI",
        Kind::Email => "EMAIL",
        Kind::TaxCode => "MÃ SỐ THUẾ",
        Kind::SocialInsurance => "SỐ BHXH",
        Kind::HealthInsurance => "SỐ THẺ BHYT",
        Kind::BankCard => "SỐ THẺ NGÂN HÀNG",
        Kind::BankAccount => "SỐ TÀI KHOẢN",
        Kind::VehiclePlate => "BIỂN SỐ XE",
        Kind::DrivingLicence => "SỐ GPLX",
        Kind::IpAddress => "ĐỊA CHỈ IP",
        Kind::GpsLocation => "VỊ TRÍ",
        Kind::DateOfBirth => "NGÀY SINH",
        Kind::Credential => "THÔNG TIN ĐĂNG NHẬP",
        Kind::PersonName => "HỌ TÊN",
        Kind::Address => "ĐỊA CHỈ",
        other => return other.legal().vi.to_uppercase(),
    };
    s.to_string()
}

/// A run of de-identification: the policy, the key, and the pseudonym tables that keep
/// replacements consistent across all files of the run.
#[derive(Debug)]
pub struct Session {
    policy: Policy,
    keys: Option<Keys>,
    pseudonyms: HashMap<(Kind, String), u32>,
    next: HashMap<Kind, u32>,
    /// Outputs written on purpose that may still look like personal data to a re-scan (a
    /// birth year, a province, a format-preserving token): not residuals.
    intended: Intended,
}

impl Session {
    /// Starts a run. Fails if the policy uses `hash` or `token` and no key is given.
    pub fn new(policy: Policy, keys: Option<Keys>) -> Result<Session, RedactError> {
        if policy.needs_key() && keys.is_none() {
            return Err(RedactError::Key(
                "the policy uses hash or token; give a key with --key-file or KHIEN_KEY".into(),
            ));
        }
        Ok(Session {
            policy,
            keys,
            pseudonyms: HashMap::new(),
            next: HashMap::new(),
            intended: Intended::default(),
        })
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Generalised values written so far (a year for a date of birth, a province for an
    /// address): the re-scan does not count them as residual findings.
    pub fn intended(&self) -> &Intended {
        &self.intended
    }

    /// The replacement for `value` of `kind`; `normalized` is the engine's normalised form
    /// (digits only, restored leading zero) when it has one.
    pub fn replace(
        &mut self,
        kind: Kind,
        value: &str,
        normalized: Option<&str>,
    ) -> Result<String, RedactError> {
        let rule = self.policy.rule(kind).clone();
        let lbl = rule.label.clone().unwrap_or_else(|| label(kind));
        let key_value = normalized.map(str::to_string).unwrap_or_else(|| canonical(value));
        // Label, pseudonym and a generalisation that falls back to a label write `[lbl …]`.
        if !self.intended.labels.contains(&lbl) {
            self.intended.labels.insert(lbl.clone());
        }
        Ok(match rule.operator {
            Operator::Mask => mask_keep(value, rule.keep.unwrap_or(4)),
            Operator::Label => format!("[{lbl}]"),
            Operator::Remove => String::new(),
            Operator::Pseudonym => match &self.keys {
                Some(k) => {
                    let h = k.hmac("pseudonym", kind, &key_value);
                    format!("[{lbl} {:02X}{:02X}{:02X}]", h[0], h[1], h[2])
                }
                None => {
                    let n = match self.pseudonyms.get(&(kind, key_value.clone())) {
                        Some(&n) => n,
                        None => {
                            let c = self.next.entry(kind).or_insert(0);
                            *c += 1;
                            self.pseudonyms.insert((kind, key_value), *c);
                            *c
                        }
                    };
                    format!("[{lbl} {n}]")
                }
            },
            Operator::Hash => {
                let k = self
                    .keys
                    .as_ref()
                    .ok_or_else(|| RedactError::Key("hash needs a key".into()))?;
                let h = k.hmac("hash", kind, &key_value);
                let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
                hex[..rule.length.unwrap_or(16).clamp(8, 64)].to_string()
            }
            Operator::Token => {
                let k = self
                    .keys
                    .as_ref()
                    .ok_or_else(|| RedactError::Key("token needs a key".into()))?;
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                let only_digits_and_seps =
                    value.chars().all(|c| c.is_ascii_digit() || " .-/".contains(c));
                if rule.format_preserving && only_digits_and_seps && digits.len() >= 6 {
                    let t = ff1_digits(k, kind, value, true)?;
                    self.intended.tokens.insert(t.clone());
                    t
                } else {
                    token(k, kind, value)?
                }
            }
            // A generalisation that changes nothing de-identifies nothing: label it instead.
            Operator::Generalise => match generalise(kind, value) {
                Some(g) if canonical(&g) != canonical(value) => {
                    self.intended.generalised.insert(g.clone());
                    g
                }
                _ => format!("[{lbl}]"),
            },
        })
    }
}

/// What a run wrote on purpose that a re-scan may still take for personal data.
#[derive(Debug, Default)]
pub struct Intended {
    /// Format-preserving tokens (digits that may pass a validator).
    tokens: std::collections::HashSet<String>,
    /// Generalisations (`1985`, `TP Hà Nội (01)`): a few distinct values, whose parts the
    /// re-scan may find (`TP Hà Nội` as an address).
    generalised: std::collections::HashSet<String>,
    /// The labels of the placeholders written (`ĐỊA CHỈ` of `[ĐỊA CHỈ]`, `HỌ TÊN` of
    /// `[HỌ TÊN 2]`): a re-scan that reads a placeholder as an address finds no personal data.
    labels: std::collections::HashSet<String>,
}

impl Intended {
    /// Whether `value`, found by a re-scan, is (part of) something written on purpose.
    pub fn covers(&self, value: &str) -> bool {
        self.tokens.contains(value) || self.generalised.iter().any(|g| g.contains(value))
    }

    /// Whether `text[start..end]`, found by a re-scan, is written on purpose: [`Self::covers`],
    /// or inside a placeholder this run wrote (`[ĐỊA CHỈ]`, `[HỌ TÊN 2]`).
    pub fn covers_span(&self, text: &str, start: usize, end: usize) -> bool {
        if self.covers(&text[start..end]) {
            return true;
        }
        let open = match text[start..end].find('[') {
            Some(0) => start,
            Some(_) => return false,
            None => match text[..start].rfind(['[', ']']) {
                Some(at) if text.as_bytes()[at] == b'[' => at,
                _ => return false,
            },
        };
        let close = match text[open..].find(']') {
            Some(at) if open + at + 1 >= end => open + at,
            _ => return false,
        };
        let inner = &text[open + 1..close];
        self.labels.iter().any(|label| inner.starts_with(label.as_str()))
    }
}

fn canonical(value: &str) -> String {
    let folded = khien_text::fold(value);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps the last `keep` letters or digits and masks the others; separators stay.
pub fn mask_keep(value: &str, keep: usize) -> String {
    let n = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen > n.saturating_sub(keep) { c } else { '*' }
            } else {
                c
            }
        })
        .collect()
}

/// FF1 over the digits of `value`, keeping separators in place.
fn ff1_digits(k: &Keys, kind: Kind, value: &str, encrypt: bool) -> Result<String, RedactError> {
    let digits: Vec<u16> = value.chars().filter_map(|c| c.to_digit(10)).map(|d| d as u16).collect();
    let ff1 = k.ff1(10);
    let ns = FlexibleNumeralString::from(digits);
    let out = if encrypt {
        ff1.encrypt(kind.code().as_bytes(), &ns)
    } else {
        ff1.decrypt(kind.code().as_bytes(), &ns)
    };
    let out: Vec<u16> = out.map_err(|e| RedactError::Key(format!("FF1 failed: {e:?}")))?.into();
    let mut it = out.into_iter();
    Ok(value
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_digit(u32::from(it.next().unwrap_or(0)), 10).unwrap_or('0')
            } else {
                c
            }
        })
        .collect())
}

/// Marker that starts a reversible token.
pub const TOKEN_PREFIX: &str = "[TK:";

fn token(k: &Keys, kind: Kind, value: &str) -> Result<String, RedactError> {
    let mut bytes = value.as_bytes().to_vec();
    // FF1 needs a domain of at least 10^6: pad short values with NULs (never in text).
    while bytes.len() < 4 {
        bytes.push(0);
    }
    let ff1 = k.ff1(2);
    let ct = ff1
        .encrypt(kind.code().as_bytes(), &BinaryNumeralString::from_bytes_le(&bytes))
        .map_err(|e| RedactError::Key(format!("FF1 failed: {e:?}")))?;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(ct.to_bytes_le());
    Ok(format!("{TOKEN_PREFIX}{}:{b64}]", kind.code()))
}

/// Reverses a `[TK:kind:…]` token (the whole marker). `None` if it is not a valid token.
pub fn untoken(k: &Keys, marker: &str) -> Option<String> {
    let inner = marker.strip_prefix(TOKEN_PREFIX)?.strip_suffix(']')?;
    let (kind, b64) = inner.split_once(':')?;
    let kind = Kind::from_code(kind)?;
    let ct = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(b64).ok()?;
    let pt = k
        .ff1(2)
        .decrypt(kind.code().as_bytes(), &BinaryNumeralString::from_bytes_le(&ct))
        .ok()?
        .to_bytes_le();
    let end = pt.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    String::from_utf8(pt[..end].to_vec()).ok()
}

/// Reverses a format-preserving (FF1) token of `kind`, e.g. a CCCD written as 12 other digits.
pub fn unformat_token(k: &Keys, kind: Kind, value: &str) -> Result<String, RedactError> {
    if value.chars().filter(char::is_ascii_digit).count() < 6 {
        return Err(RedactError::Key("a format-preserving token has at least 6 digits".into()));
    }
    ff1_digits(k, kind, value, false)
}

/// Finds `[TK:…]` markers in `text`: (start, end) byte ranges.
pub fn find_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(TOKEN_PREFIX) {
        let s = from + i;
        match text[s..].find(']') {
            Some(j) if j < 400 => {
                out.push((s, s + j + 1));
                from = s + j + 1;
            }
            _ => from = s + TOKEN_PREFIX.len(),
        }
    }
    out
}

fn generalise(kind: Kind, value: &str) -> Option<String> {
    match kind {
        Kind::DateOfBirth => {
            let b = value.as_bytes();
            (0..b.len().saturating_sub(3)).find_map(|i| {
                let w = &b[i..i + 4];
                let boundary = (i == 0 || !b[i - 1].is_ascii_digit())
                    && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
                (boundary
                    && w.iter().all(u8::is_ascii_digit)
                    && (w.starts_with(b"19") || w.starts_with(b"20")))
                .then(|| String::from_utf8_lossy(w).into_owned())
            })
        }
        Kind::Address => {
            let folded = khien_text::fold(value);
            let t = khien_detect::tables::tables();
            let mut best: Option<(usize, String)> = None;
            for p in t.provinces.values() {
                for name in [&p.name, &p.merged_into] {
                    let f = khien_text::fold(name);
                    let short =
                        f.trim_start_matches("tinh ").trim_start_matches("thanh pho ").to_string();
                    if let Some(pos) = folded.rfind(&short)
                        && best.as_ref().is_none_or(|(bp, _)| pos > *bp)
                    {
                        best = Some((pos, p.merged_into.clone()));
                    }
                }
            }
            best.map(|(_, n)| n)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::from_bytes(b"0123456789abcdef-test-key").unwrap()
    }

    #[test]
    fn operators() {
        let mut p = Policy::default();
        p.kinds.insert(
            Kind::Phone,
            crate::policy::Rule { keep: Some(3), ..crate::policy::Rule::new(Operator::Mask) },
        );
        let mut s = Session::new(p, None).unwrap();
        assert_eq!(s.replace(Kind::Phone, "0912 345 678", None).unwrap(), "**** *** 678");
        assert_eq!(s.replace(Kind::NationalId, "001090000001", None).unwrap(), "[SỐ CCCD]");
        assert_eq!(s.replace(Kind::PersonName, "Nguyễn Văn A", None).unwrap(), "[HỌ TÊN 1]");
        assert_eq!(s.replace(Kind::PersonName, "Trần B", None).unwrap(), "[HỌ TÊN 2]");
        assert_eq!(s.replace(Kind::PersonName, "NGUYỄN VĂN A", None).unwrap(), "[HỌ TÊN 1]");
        assert_eq!(s.replace(Kind::DateOfBirth, "12/03/1990", None).unwrap(), "1990");
        assert_eq!(s.replace(Kind::Credential, "hunter2", None).unwrap(), "");
    }

    #[test]
    fn tokens_round_trip() {
        let k = keys();
        for v in ["001090000001", "ab", "Nguyễn Văn A", "a@b.vn"] {
            let t = token(&k, Kind::NationalId, v).unwrap();
            assert!(t.starts_with("[TK:national_id:"));
            assert_eq!(untoken(&k, &t).as_deref(), Some(v));
            assert_eq!(find_tokens(&format!("x {t} y")), vec![(2, 2 + t.len())]);
        }
        let fp = ff1_digits(&k, Kind::NationalId, "001 090 000001", true).unwrap();
        assert_eq!(fp.len(), "001 090 000001".len());
        assert_ne!(fp, "001 090 000001");
        assert_eq!(unformat_token(&k, Kind::NationalId, &fp).unwrap(), "001 090 000001");
        let other = Keys::from_bytes(b"another-key-of-16-bytes").unwrap();
        assert_ne!(
            untoken(&other, &token(&k, Kind::Email, "a@b.vn").unwrap()).as_deref(),
            Some("a@b.vn")
        );
    }

    #[test]
    fn keyed_pseudonyms_and_hashes_are_stable() {
        let mut p = Policy::default();
        p.kinds.insert(Kind::Email, crate::policy::Rule::new(Operator::Hash));
        let mut a = Session::new(p.clone(), Some(keys())).unwrap();
        let mut b = Session::new(p, Some(keys())).unwrap();
        assert_eq!(
            a.replace(Kind::PersonName, "Lê C", None).unwrap(),
            b.replace(Kind::PersonName, "Lê C", None).unwrap()
        );
        let h = a.replace(Kind::Email, "a@b.vn", None).unwrap();
        assert_eq!(h.len(), 16);
        assert_eq!(h, b.replace(Kind::Email, "a@b.vn", None).unwrap());
        assert!(Keys::from_bytes(b"short").is_err());
    }
}
