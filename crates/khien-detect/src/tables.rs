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

/// A bank with its VietQR IDs and card BINs.
#[derive(Debug, Clone, Deserialize)]
pub struct Bank {
    /// Common name.
    pub name: String,
    /// VietQR / NAPAS bank IDs.
    pub bank_ids: Vec<String>,
    /// ATM card BINs where they differ or are known.
    pub card_bins: Vec<String>,
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
    /// BHYT group codes (current list).
    pub bhyt_groups: HashSet<String>,
    /// BHYT group codes accepted by newer validators only.
    pub bhyt_newer: HashSet<String>,
    /// BHYT group code → what it reveals.
    pub bhyt_reveals: HashMap<String, String>,
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
        .flat_map(|m| m.prefixes.into_iter().map(move |p| (p, m.carrier.clone())))
        .collect();
    mobile_prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut card_bins = HashMap::new();
    for b in banks.bank {
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
}
