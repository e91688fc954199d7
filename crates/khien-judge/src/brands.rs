//! The curated brand directory (`data/brands.toml`): official domains, sender names, hotlines.
//! A bank brand links by name to khien-detect's bank table (`data/banks.toml`), which alone
//! holds bank codes, VietQR bank IDs and card BINs.

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::Error;

/// One brand, agency or platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// bank, wallet, carrier, utility, gov, marketplace, delivery, platform, airline.
    pub kind: String,
    /// Folded tokens naming the brand in domains and messages.
    pub keywords: Vec<String>,
    /// Official registrable domains or hosts.
    pub domains: Vec<String>,
    /// Brandname SMS sender names.
    #[serde(default)]
    pub senders: Vec<String>,
    /// Published hotlines (to be re-verified before quoting).
    #[serde(default)]
    pub hotlines_unverified: Vec<String>,
    /// The bank or e-wallet by its name in khien-detect's bank table.
    #[serde(default)]
    pub bank: Option<String>,
    /// Short bank code for `--bank` (from khien-detect's bank table).
    #[serde(skip_deserializing)]
    pub bank_code: Option<String>,
    /// VietQR bank ID (from khien-detect's bank table).
    #[serde(skip_deserializing)]
    pub bin: Option<String>,
    /// ATM card BIN where it differs from the bank ID (from khien-detect's bank table).
    #[serde(skip_deserializing)]
    pub card_bin: Option<String>,
}

#[derive(Deserialize)]
struct BrandsFile {
    brand: Vec<Brand>,
}

/// The brand directory with lookup indexes.
#[derive(Debug)]
pub struct Brands {
    brands: Vec<Brand>,
    /// Per brand: (label, skeleton) pairs used for look-alike checks, computed once.
    labels: Vec<Vec<(String, String)>>,
    by_domain: HashMap<String, usize>,
    by_sender: HashMap<String, usize>,
    by_hotline: HashMap<String, usize>,
    by_bank: HashMap<String, usize>,
    by_bin: HashMap<String, usize>,
}

fn sender_key(s: &str) -> String {
    khien_text::fold(s).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

impl Brands {
    /// Parses `brands.toml`.
    pub fn parse(src: &str) -> Result<Brands, Error> {
        let mut f: BrandsFile = toml::from_str(src)
            .map_err(|e| Error::Data { file: "brands.toml", message: e.to_string() })?;
        let tables = khien_detect::tables::tables();
        for br in &mut f.brand {
            let Some(name) = &br.bank else { continue };
            let bank =
                tables.banks.iter().find(|b| &b.name == name).ok_or_else(|| Error::Data {
                    file: "brands.toml",
                    message: format!(
                        "brand {}: bank {name:?} is not in khien-detect's banks.toml",
                        br.id
                    ),
                })?;
            // The bank's words name the brand too, before the brand's own keywords.
            let own = std::mem::take(&mut br.keywords);
            br.keywords = bank.words.iter().cloned().chain(own).collect();
            br.keywords.dedup();
            br.bank_code = bank.codes.first().cloned();
            br.bin = bank.qr_id().map(str::to_string);
            br.card_bin =
                bank.card_bins.first().filter(|c| Some(c.as_str()) != bank.qr_id()).cloned();
        }
        let labels = f.brand.iter().map(brand_labels).collect();
        let mut b = Brands {
            brands: f.brand,
            labels,
            by_domain: HashMap::new(),
            by_sender: HashMap::new(),
            by_hotline: HashMap::new(),
            by_bank: HashMap::new(),
            by_bin: HashMap::new(),
        };
        for (i, br) in b.brands.iter().enumerate() {
            for d in &br.domains {
                b.by_domain.insert(d.to_ascii_lowercase(), i);
            }
            for s in &br.senders {
                b.by_sender.entry(sender_key(s)).or_insert(i);
            }
            for h in &br.hotlines_unverified {
                b.by_hotline.insert(h.clone(), i);
            }
            if let Some(bank) =
                br.bank.as_deref().and_then(|n| tables.banks.iter().find(|x| x.name == n))
            {
                for c in &bank.codes {
                    b.by_bank.insert(sender_key(c).to_ascii_uppercase(), i);
                }
                for w in &bank.words {
                    b.by_bank.entry(sender_key(w).to_ascii_uppercase()).or_insert(i);
                }
                for id in bank.bank_ids.iter().chain(&bank.card_bins).chain(&bank.qr_ids) {
                    b.by_bin.entry(id.clone()).or_insert(i);
                }
            }
            b.by_bank.insert(br.id.to_ascii_uppercase(), i);
            for k in &br.keywords {
                if matches!(br.kind.as_str(), "bank" | "wallet") {
                    b.by_bank.entry(k.to_ascii_uppercase()).or_insert(i);
                }
            }
            if let Some(c) = &br.bin {
                b.by_bin.insert(c.clone(), i);
                b.by_bank.entry(c.clone()).or_insert(i);
            }
            if let Some(c) = &br.card_bin {
                b.by_bin.entry(c.clone()).or_insert(i);
            }
        }
        Ok(b)
    }

    /// All brands.
    pub fn iter(&self) -> impl Iterator<Item = &Brand> {
        self.brands.iter()
    }

    /// All brands with their look-alike labels: the main label of each official domain and
    /// each keyword of five letters or more, with its skeleton.
    pub fn iter_with_labels(&self) -> impl Iterator<Item = (&Brand, &[(String, String)])> {
        self.brands.iter().zip(self.labels.iter().map(Vec::as_slice))
    }

    /// The brand owning `host` (exact host or any parent domain listed as official).
    pub fn official_for_host(&self, host: &str) -> Option<&Brand> {
        let mut h = host;
        loop {
            if let Some(&i) = self.by_domain.get(h) {
                return Some(&self.brands[i]);
            }
            match h.find('.') {
                Some(p) => h = &h[p + 1..],
                None => return None,
            }
        }
    }

    /// The brand whose SMS sender name is `sender` (case, accents and punctuation ignored).
    pub fn by_sender(&self, sender: &str) -> Option<&Brand> {
        self.by_sender.get(&sender_key(sender)).map(|&i| &self.brands[i])
    }

    /// The brand whose published hotline is `digits`.
    pub fn by_hotline(&self, digits: &str) -> Option<&Brand> {
        self.by_hotline.get(digits).map(|&i| &self.brands[i])
    }

    /// The bank by short code, id, keyword or VietQR bank ID (`VCB`, `vietcombank`, or the
    /// bank's six-digit ID).
    pub fn bank(&self, code: &str) -> Option<&Brand> {
        let k = sender_key(code).to_ascii_uppercase();
        self.by_bank.get(&k).map(|&i| &self.brands[i])
    }

    /// The bank by VietQR bank ID or card BIN.
    pub fn by_bin(&self, bin: &str) -> Option<&Brand> {
        self.by_bin.get(bin).map(|&i| &self.brands[i])
    }
}

fn brand_labels(b: &Brand) -> Vec<(String, String)> {
    let mut v: Vec<String> = b
        .domains
        .iter()
        .map(|d| {
            let reg = crate::link::registrable(d);
            let sl = psl::suffix_str(reg).map_or(0, str::len);
            if reg.len() > sl + 1 { reg[..reg.len() - sl - 1].to_string() } else { reg.to_string() }
        })
        .collect();
    for k in &b.keywords {
        if k.len() >= 5 && !v.contains(k) {
            v.push(k.clone());
        }
    }
    v.sort();
    v.dedup();
    v.into_iter()
        .map(|l| {
            let sk = crate::link::skeleton(&l);
            (l, sk)
        })
        .collect()
}
