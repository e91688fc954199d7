//! Finding kinds and their legal classification.

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($variant:ident => $code:literal),* $(,)?) => {
        /// What a finding is. The snake_case code is part of the JSONL contract.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum Kind {
            $(
                #[doc = concat!("`", $code, "`")]
                $variant,
            )*
        }

        impl Kind {
            /// Every kind, in a stable order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The stable snake_case code, e.g. `national_id`.
            pub fn code(self) -> &'static str {
                match self { $(Kind::$variant => $code),* }
            }

            /// Parses a code such as `national_id`.
            pub fn from_code(code: &str) -> Option<Kind> {
                match code { $($code => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    NationalId => "national_id",
    OldId => "old_id",
    Passport => "passport",
    Phone => "phone",
    Email => "email",
    TaxCode => "tax_code",
    SocialInsurance => "social_insurance",
    HealthInsurance => "health_insurance",
    BankCard => "bank_card",
    BankAccount => "bank_account",
    VehiclePlate => "vehicle_plate",
    DrivingLicence => "driving_licence",
    IpAddress => "ip_address",
    GpsLocation => "gps_location",
    DateOfBirth => "date_of_birth",
    Credential => "credential",
    PersonName => "person_name",
    Address => "address",
    Gender => "gender",
    Nationality => "nationality",
    MaritalStatus => "marital_status",
    FamilyRelation => "family_relation",
    Ethnicity => "ethnicity",
    Religion => "religion",
    PoliticalView => "political_view",
    Health => "health",
    Biometric => "biometric",
    SexualLife => "sexual_life",
    CriminalRecord => "criminal_record",
    PrivateLife => "private_life",
    Custom => "custom",
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Kind {
    /// The structured identifiers: kinds with a fixed format that the structured detector
    /// validates (the personal-data engine, part 1).
    pub const STRUCTURED: &'static [Kind] = &[
        Kind::NationalId,
        Kind::OldId,
        Kind::Passport,
        Kind::Phone,
        Kind::Email,
        Kind::TaxCode,
        Kind::SocialInsurance,
        Kind::HealthInsurance,
        Kind::BankCard,
        Kind::BankAccount,
        Kind::VehiclePlate,
        Kind::DrivingLicence,
        Kind::IpAddress,
        Kind::GpsLocation,
        Kind::DateOfBirth,
        Kind::Credential,
    ];

    /// Legal classification of this kind (Decree 356/2025 and the legacy Decree 13/2023).
    pub fn legal(self) -> &'static LegalClass {
        let table = legal_table();
        &table[Kind::ALL.iter().position(|k| *k == self).expect("every kind is in ALL")]
    }

    /// Whether this kind is sensitive personal data.
    pub fn sensitivity(self) -> Sensitivity {
        self.legal().sensitivity
    }
}

/// Basic or sensitive personal data (Law 91/2025, Decree 356/2025 Art. 3 and 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Dữ liệu cá nhân cơ bản (Decree 356 Art. 3).
    Basic,
    /// Dữ liệu cá nhân nhạy cảm (Decree 356 Art. 4).
    Sensitive,
}

impl Sensitivity {
    /// The code used in reports: `basic` or `sensitive`.
    pub fn code(self) -> &'static str {
        match self {
            Sensitivity::Basic => "basic",
            Sensitivity::Sensitive => "sensitive",
        }
    }
}

/// One row of the legal table (`data/legal.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct LegalClass {
    /// Basic or sensitive.
    pub sensitivity: Sensitivity,
    /// Article references under Decree 356/2025, primary first.
    pub d356: Vec<String>,
    /// Legacy references under Decree 13/2023.
    pub d13: Vec<String>,
    /// Vietnamese name of the category.
    pub vi: String,
    /// English name of the category.
    pub en: String,
}

impl LegalClass {
    /// All references, current first, then legacy.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        self.d356.iter().chain(self.d13.iter()).map(String::as_str)
    }
}

#[derive(Deserialize)]
struct LegalFile {
    kind: std::collections::BTreeMap<String, LegalClass>,
}

fn legal_table() -> &'static [LegalClass] {
    static TABLE: OnceLock<Vec<LegalClass>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: LegalFile =
            toml::from_str(include_str!("../data/legal.toml")).expect("data/legal.toml is valid");
        Kind::ALL
            .iter()
            .map(|k| {
                file.kind
                    .get(k.code())
                    .unwrap_or_else(|| panic!("data/legal.toml lacks kind {}", k.code()))
                    .clone()
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_legal_row_and_round_trips() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(*k));
            let l = k.legal();
            assert!(l.d356[0].starts_with("D356 Art."), "{k}");
            assert!(l.d13[0].starts_with("D13 Art.2"), "{k}");
        }
        assert_eq!(Kind::BankCard.sensitivity(), Sensitivity::Sensitive);
        assert_eq!(Kind::NationalId.sensitivity(), Sensitivity::Basic);
        assert_eq!(Kind::Ethnicity.legal().d356[0], "D356 Art.4(1)(a)");
    }
}
