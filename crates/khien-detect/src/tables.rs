//! Reference tables loaded once from the embedded data files in `data/`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

/// One pre-2025 province as printed in CCCD numbers, landline area codes and plates.
#[derive(Debug, Clone, Deserialize)]
pub struct Province {
    /// Three-digit CCCD prefix, e.g. `001`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Landline area code with trunk 0, e.g. `024`.
    pub area_code: String,
    /// Plate locality codes.
    pub plates: Vec<u8>,
    /// The province it belongs to since 1 July 2025.
    pub merged_into: String,
}

/// A bank (or e-wallet that receives transfers) with its codes, VietQR IDs and card BINs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    /// Common name.
    pub name: String,
    /// Short codes people type and banks print (`VCB`, `ICB`), the usual one first.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Folded words that name the bank next to an account number (`vcb`, `vietcombank`).
    #[serde(default)]
    pub words: Vec<String>,
    /// VietQR / NAPAS bank IDs.
    pub bank_ids: Vec<String>,
    /// ATM card BINs where they differ or are known.
    pub card_bins: Vec<String>,
    /// VietQR participant IDs that are not card BINs (wallets, CAKE, Timo): never used to
    /// recognise a card.
    #[serde(default)]
    pub qr_ids: Vec<String>,
}

impl Bank {
    /// Whether `id` is one of its VietQR bank IDs, card BINs or participant IDs.
    pub fn has_id(&self, id: &str) -> bool {
        self.bank_ids.iter().chain(&self.card_bins).chain(&self.qr_ids).any(|b| b == id)
    }

    /// The VietQR ID used in payment codes: the bank ID, else the participant ID.
    pub fn qr_id(&self) -> Option<&str> {
        self.bank_ids.first().or(self.qr_ids.first()).map(String::as_str)
    }
}

#[derive(Deserialize)]
struct ProvinceFile {
    province: Vec<Province>,
}

#[derive(Deserialize)]
struct BankFile {
    bank: Vec<Bank>,
}

#[derive(Deserialize)]
struct Mobile {
    carrier: String,
    /// The network an MVNO runs on, named with it (`Itelecom (VinaPhone)`).
    #[serde(default)]
    network: Option<String>,
    prefixes: Vec<String>,
}

#[derive(Deserialize)]
struct Service {
    prefixes: Vec<String>,
}

#[derive(Deserialize)]
struct PhoneFile {
    mobile: Vec<Mobile>,
    legacy: HashMap<String, String>,
    service: Service,
}

#[derive(Deserialize)]
struct BhytFile {
    groups: Vec<String>,
    newer: Vec<String>,
    reveals: HashMap<String, String>,
}

/// All tables, parsed once.
#[derive(Debug)]
pub struct Tables {
    /// Provinces keyed by CCCD code number (1–96).
    pub provinces: HashMap<u16, Province>,
    /// Landline area codes without trunk 0 (`24`, `236`…) → province name.
    pub area_codes: HashMap<String, String>,
    /// Plate locality codes in use (including 80 for central agencies).
    pub plate_codes: HashSet<u8>,
    /// Mobile prefixes on the national number (no trunk 0) → carrier, longest first.
    pub mobile_prefixes: Vec<(String, String)>,
    /// Legacy `01xx` prefixes → new `0xx` prefixes.
    pub legacy_mobile: HashMap<String, String>,
    /// Service number prefixes (`1800`, `1900`).
    pub service_prefixes: Vec<String>,
    /// Card BIN (6 digits) → bank name.
    pub card_bins: HashMap<String, String>,
    /// Banks and e-wallets, in file order.
    pub banks: Vec<Bank>,
    /// BHYT group codes (current list).
    pub bhyt_groups: HashSet<String>,
    /// BHYT group codes accepted by newer validators only.
    pub bhyt_newer: HashSet<String>,
    /// BHYT group code → what it reveals.
    pub bhyt_reveals: HashMap<String, String>,
}

impl Tables {
    /// The bank with this VietQR bank ID, card BIN or participant ID.
    pub fn bank_by_id(&self, id: &str) -> Option<&Bank> {
        self.banks.iter().find(|b| b.has_id(id))
    }

    /// The bank by short code, word or name, case and punctuation ignored (`VCB`, `vcb`,
    /// `Vietcombank`, `Nam A Bank`).
    pub fn bank_by_code(&self, code: &str) -> Option<&Bank> {
        let key = |s: &str| -> String {
            khien_text::fold(s).chars().filter(char::is_ascii_alphanumeric).collect()
        };
        let k = key(code);
        if k.is_empty() {
            return None;
        }
        self.banks.iter().find(|b| {
            key(&b.name) == k
                || b.codes.iter().any(|c| key(c) == k)
                || b.words.iter().any(|w| key(w) == k)
        })
    }

    /// The carrier of a 9-digit national mobile number (after the trunk 0), by the longest
    /// prefix that matches.
    pub fn mobile_carrier(&self, national: &str) -> Option<&str> {
        if national.len() != 9 || !national.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.mobile_prefixes
            .iter()
            .find(|(p, _)| national.starts_with(p.as_str()))
            .map(|(_, c)| c.as_str())
    }
}

/// The shared tables.
pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(load)
}

fn load() -> Tables {
    let provinces: ProvinceFile =
        toml::from_str(include_str!("../data/provinces.toml")).expect("data/provinces.toml");
    let banks: BankFile =
        toml::from_str(include_str!("../data/banks.toml")).expect("data/banks.toml");
    let phone: PhoneFile =
        toml::from_str(include_str!("../data/phone.toml")).expect("data/phone.toml");
    let bhyt: BhytFile =
        toml::from_str(include_str!("../data/bhyt_groups.toml")).expect("data/bhyt_groups.toml");

    let mut area_codes = HashMap::new();
    let mut plate_codes: HashSet<u8> = HashSet::from([80]);
    let mut by_code = HashMap::new();
    for p in provinces.province {
        area_codes.insert(p.area_code.trim_start_matches('0').to_string(), p.name.clone());
        plate_codes.extend(p.plates.iter().copied());
        by_code.insert(p.code.parse::<u16>().expect("numeric province code"), p);
    }
    let mut mobile_prefixes: Vec<(String, String)> = phone
        .mobile
        .into_iter()
        .flat_map(|m| {
            let name = match &m.network {
                Some(n) => format!("{} ({n})", m.carrier),
                None => m.carrier.clone(),
            };
            m.prefixes.into_iter().map(move |p| (p, name.clone()))
        })
        .collect();
    mobile_prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut card_bins = HashMap::new();
    for b in &banks.bank {
        for bin in b.card_bins.iter().chain(b.bank_ids.iter()) {
            card_bins.entry(bin.clone()).or_insert_with(|| b.name.clone());
        }
    }
    Tables {
        provinces: by_code,
        area_codes,
        plate_codes,
        mobile_prefixes,
        legacy_mobile: phone.legacy,
        service_prefixes: phone.service.prefixes,
        card_bins,
        banks: banks.bank,
        bhyt_groups: bhyt.groups.into_iter().collect(),
        bhyt_newer: bhyt.newer.into_iter().collect(),
        bhyt_reveals: bhyt.reveals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_with_expected_sizes() {
        let t = tables();
        assert_eq!(t.provinces.len(), 63);
        assert_eq!(t.provinces[&1].name, "Hà Nội");
        assert_eq!(t.area_codes["236"], "Đà Nẵng");
        assert!(t.plate_codes.contains(&51) && t.plate_codes.contains(&80));
        assert!(!t.plate_codes.contains(&42));
        assert_eq!(t.card_bins["970436"], "Vietcombank");
        assert_eq!(t.card_bins["970499"], "Agribank");
        assert!(t.bhyt_groups.contains("DN") && t.bhyt_groups.len() == 44);
        assert_eq!(t.legacy_mobile["0169"], "039");
    }

    #[test]
    fn banks_by_code_and_id() {
        let t = tables();
        assert_eq!(t.bank_by_code("vcb").map(|b| b.name.as_str()), Some("Vietcombank"));
        assert_eq!(t.bank_by_code("Nam A Bank").map(|b| b.name.as_str()), Some("Nam A Bank"));
        assert_eq!(t.bank_by_id("970499").map(|b| b.name.as_str()), Some("Agribank"));
        let momo = t.bank_by_id("971025").unwrap();
        assert_eq!((momo.name.as_str(), momo.qr_id()), ("MoMo", Some("971025")));
        // Participant IDs are not card BINs.
        assert!(!t.card_bins.contains_key("971025") && !t.card_bins.contains_key("546034"));
        assert!(t.bank_by_code("").is_none() && t.bank_by_code("XYZ").is_none());
    }

    #[test]
    fn mobile_carriers() {
        let t = tables();
        assert_eq!(t.mobile_carrier("912345678"), Some("VinaPhone"));
        assert_eq!(t.mobile_carrier("871234567"), Some("Itelecom (VinaPhone)"));
        assert_eq!(t.mobile_carrier("301234567"), Some("MobiFone"));
        assert_eq!(t.mobile_carrier("998123456"), Some("Itelecom"));
        assert_eq!(t.mobile_carrier("891234567"), None);
        assert_eq!(t.mobile_carrier("31234567"), None);
    }
}
