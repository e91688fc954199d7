//! The signals the engine knows: one variant per cue class and per signal computed in code.
//!
//! Their weights and texts are data (`data/rules.toml`: `[[class]]` with phrases, `[[signal]]`
//! without); the engine refuses to load if a code there is not a variant, or a variant has no
//! definition there, so no signal can be missing at run time.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! signals {
    ($($(#[$doc:meta])* $v:ident => $code:literal,)*) => {
        /// A signal. Serialised as its stable snake_case code (`claims_police`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Signal {
            $($(#[$doc])* $v,)*
        }

        impl Signal {
            /// Every signal, in id order.
            pub const ALL: &'static [Signal] = &[$(Signal::$v,)*];

            /// The stable snake_case code.
            pub fn code(self) -> &'static str {
                match self {
                    $(Signal::$v => $code,)*
                }
            }

            /// The signal with this code.
            pub fn from_code(code: &str) -> Option<Signal> {
                match code {
                    $($code => Some(Signal::$v),)*
                    _ => None,
                }
            }
        }
    };
}

signals! {
    /// Claims to be the police or an investigation agency
    ClaimsPolice => "claims_police",
    /// Claims to be the procuracy or a court
    ClaimsCourt => "claims_court",
    /// Mentions the tax authority
    ClaimsTax => "claims_tax",
    /// Mentions social insurance
    ClaimsBhxh => "claims_bhxh",
    /// Promises state support money or benefits
    ClaimsGovSupport => "claims_gov_support",
    /// Mentions the power company (EVN)
    ClaimsEvn => "claims_evn",
    /// Mentions VNeID or electronic identification
    ClaimsVneid => "claims_vneid",
    /// Mentions a bank or e-wallet
    ClaimsBank => "claims_bank",
    /// Mentions a mobile carrier
    ClaimsCarrier => "claims_carrier",
    /// Mentions an order, parcel or customs
    ClaimsParcel => "claims_parcel",
    /// Mentions a scholarship or admission
    ClaimsSchool => "claims_school",
    /// Threatens a criminal case, arrest warrant or summons
    LegalThreat => "legal_threat",
    /// Demands secrecy from family
    Secrecy => "secrecy",
    /// Demands isolation: stay alone, rent a room, cut contact
    Isolation => "isolation",
    /// Threatens to spread intimate photos or videos unless paid
    Sextortion => "sextortion",
    /// Says a relative is being held and demands ransom
    Kidnap => "kidnap",
    /// Threatens to lock an account or line, or reports an unusual login
    AccountThreat => "account_threat",
    /// Asks to update biometrics or scan your face
    Biometric => "biometric",
    /// Typical bank-impersonation lure (raise limit, cancel card, redeem points)
    BankPretext => "bank_pretext",
    /// Threatens a power cut, claims unpaid bills or a customer-code change
    PowerCut => "power_cut",
    /// Reports a tax violation or refund, or asks to update the tax code
    TaxIssue => "tax_issue",
    /// Asks to upgrade, sync or re-activate electronic ID
    VneidPretext => "vneid_pretext",
    /// Asks to upgrade the SIM or standardise the subscription, or says the SIM will be locked
    SimThreat => "sim_threat",
    /// Says a parcel is held, contains banned goods or needs a fee to be released
    ParcelIssue => "parcel_issue",
    /// Offers easy online work with high pay
    JobOffer => "job_offer",
    /// Task-scam script: pay in to unlock tasks or withdrawals
    TaskDeposit => "task_deposit",
    /// Investment pitch (trading platform, crypto, forex, foreign stocks)
    Investment => "investment",
    /// Promises high, risk-free returns
    GuaranteedProfit => "guaranteed_profit",
    /// Demands a fee or tax before allowing a withdrawal
    WithdrawFee => "withdraw_fee",
    /// Romance or gift-from-abroad story
    Romance => "romance",
    /// Announces a prize or gift
    Prize => "prize",
    /// Says a relative is in an emergency and needs money
    RelativeEmergency => "relative_emergency",
    /// Asks to borrow money or to transfer on their behalf
    Borrow => "borrow",
    /// Claims they cannot take a call: text only or a short video call
    CantTalk => "cant_talk",
    /// Mentions a video call (deepfake pattern)
    VideoCall => "video_call",
    /// Asks to pay into an account in someone else's name
    DifferentName => "different_name",
    /// Offers an easy loan
    LoanOffer => "loan_offer",
    /// Demands a fee before disbursement
    LoanFee => "loan_fee",
    /// Debt collection, smear threats or a 'mistaken transfer'
    DebtThreat => "debt_threat",
    /// Charity or donation appeal
    Charity => "charity",
    /// Collects money into a personal account
    PersonalAccount => "personal_account",
    /// Booking: rooms, tickets, travel combos
    Booking => "booking",
    /// Claims a mistaken payment or a refund to obtain details
    RefundLure => "refund_lure",
    /// Unusually low price
    CheapPrice => "cheap_price",
    /// Asks to pay outside the marketplace or in advance
    OffPlatform => "off_platform",
    /// 'Get your scammed money back' service
    Recovery => "recovery",
    /// Social-account recovery service
    FbRecovery => "fb_recovery",
    /// Curiosity lure (leaked clip, exposé, 'see your photo')
    PhishingLure => "phishing_lure",
    /// Sells lottery numbers with guaranteed wins
    Lottery => "lottery",
    /// Online betting or gambling invitation
    Gambling => "gambling",
    /// Asks to verify a Telegram account or send a screenshot
    TelegramOtp => "telegram_otp",
    /// Child-model casting
    Casting => "casting",
    /// Buyer claims to have paid but 'the bank is slow' and pushes you to ship
    FakeReceipt => "fake_receipt",
    /// Pushes you to ship before the money has arrived
    ShipPressure => "ship_pressure",
    /// Sensational hoax asking to share urgently
    Hoax => "hoax",
    /// Asks to transfer or top up money
    MoneyTransfer => "money_transfer",
    /// Demands a fee, charge or fine
    FeeDemand => "fee_demand",
    /// Asks for a deposit or pre-payment
    Deposit => "deposit",
    /// Asks for an OTP, password or card details
    AsksCredential => "asks_credential",
    /// Mentions an OTP code or a login
    MentionsCredential => "mentions_credential",
    /// Asks to provide or update personal information
    AsksPersonalInfo => "asks_personal_info",
    /// Asks for ID-card or face photos
    AsksIdPhoto => "asks_id_photo",
    /// Asks to install an app from a link
    InstallApp => "install_app",
    /// Moves the conversation to a private channel (Zalo, Telegram, DM)
    ChannelSwitch => "channel_switch",
    /// Demands you stay on the line and follow instructions
    FollowInstructions => "follow_instructions",
    /// Asks to call back or press keys / dial a code
    CallBack => "call_back",
    /// Urgency or a tight deadline
    Urgency => "urgency",
    /// Asks to click a link
    ClickLink => "click_link",
    /// Contains an anti-fraud warning, as genuine notices do
    SafetyWarning => "safety_warning",
    /// Is a warning that describes a scam technique (as official notices do)
    ScamWarning => "scam_warning",
    /// Points to an official channel (official app, branch counter, store)
    OfficialChannel => "official_channel",
    /// On a known scam blocklist
    Blocklisted => "blocklisted",
    /// Domain imitates an official brand or agency
    LookalikeDomain => "lookalike_domain",
    /// Brand name inside a domain the brand does not own
    BrandInDomain => "brand_in_domain",
    /// Domain uses look-alike characters (accents, Cyrillic) to imitate a brand
    HomoglyphDomain => "homoglyph_domain",
    /// Link to an APK installer outside the official app stores
    ApkLink => "apk_link",
    /// Link uses a raw IP address instead of a domain
    IpHost => "ip_host",
    /// Link uses an @ sign to hide its real address: the part before @ is not the site it opens
    UserinfoDisguise => "userinfo_disguise",
    /// Internationalised (punycode) domain may hide look-alike characters
    PunycodeHost => "punycode_host",
    /// Contains a link to a domain that is not a known official one
    UnofficialLink => "unofficial_link",
    /// Login or verification page on an unofficial domain
    CredentialPath => "credential_path",
    /// Shortened link hides the real destination
    Shortener => "shortener",
    /// Domain ending often used by scam sites
    RiskyTld => "risky_tld",
    /// Page hosted on a free site builder
    SharedHosting => "shared_hosting",
    /// Link moving the chat to a personal Zalo (zalo.me)
    ZaloLink => "zalo_link",
    /// Link moving the chat to Telegram (t.me)
    TelegramLink => "telegram_link",
    /// Claims to be an organisation but asks you to contact a personal mobile number
    PersonalContactNumber => "personal_contact_number",
    /// Gives a bank account number to pay into
    AccountNumber => "account_number",
    /// Contains a phone number
    PhoneNumber => "phone_number",
    /// Unusual international prefix the police have warned about
    RiskyPhonePrefix => "risky_phone_prefix",
    /// Foreign phone number
    ForeignPhone => "foreign_phone",
    /// Number imitating a Vietnamese number (+84 but outside the numbering plan)
    SpoofedVnNumber => "spoofed_vn_number",
    /// Promises high daily or hourly income
    HighIncome => "high_income",
    /// Promises a high percentage return
    BigProfit => "big_profit",
    /// Mentions an amount of money
    MoneyAmount => "money_amount",
    /// Sets a specific deadline
    Deadline => "deadline",
    /// Text deliberately distorted to evade filters
    ObfuscatedText => "obfuscated_text",
    /// Link deliberately broken up to evade filters
    DefangedLink => "defanged_link",
    /// Sent from a personal phone number while claiming to be an organisation
    PersonalSender => "personal_sender",
    /// Sent from a foreign number while claiming to be a Vietnamese organisation
    ForeignSender => "foreign_sender",
    /// The message model finds the wording close to known scam messages
    MessageModel => "message_model",
    /// The URL model finds the host close to known scam, phishing or gambling hosts
    UrlModel => "url_model",
    /// Sender name matches a brand (can be spoofed; not proof)
    BrandnameSender => "brandname_sender",
    /// Known official domain
    OfficialDomain => "official_domain",
    /// On the allowlist
    Allowlisted => "allowlisted",
    /// Written without diacritics (genuine SMS often are too)
    NoDiacritics => "no_diacritics",
    /// QR code fails its checksum (CRC): it may have been altered
    QrBadCrc => "qr_bad_crc",
    /// QR payload breaks the EMVCo/VietQR structure: it may have been altered, or is not a payment code
    QrMalformed => "qr_malformed",
    /// QR beneficiary is a person, not the organisation the message claims to be
    QrNameMismatch => "qr_name_mismatch",
    /// QR pays into a personal account
    QrPersonalAccount => "qr_personal_account",
    /// Matches a published hotline (caller ID can still be spoofed)
    HotlineMatch => "hotline_match",
    /// Unknown bank code
    UnknownBank => "unknown_bank",
    /// Number does not follow the Vietnamese numbering plan
    InvalidNumber => "invalid_number",
}

impl Signal {
    /// The signal's id: its index in [`Signal::ALL`].
    pub fn id(self) -> u16 {
        self as u16
    }
}

impl std::fmt::Display for Signal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Signal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Signal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Signal, D::Error> {
        let code = std::borrow::Cow::<str>::deserialize(d)?;
        Signal::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown signal code {code:?}")))
    }
}

impl PartialEq<str> for Signal {
    fn eq(&self, other: &str) -> bool {
        self.code() == other
    }
}

impl PartialEq<&str> for Signal {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (i, s) in Signal::ALL.iter().enumerate() {
            assert_eq!(usize::from(s.id()), i);
            assert_eq!(Signal::from_code(s.code()), Some(*s));
            assert!(seen.insert(s.code()), "{s}");
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{}\"", s.code()));
        }
        assert!(Signal::ALL.len() <= 256, "the accumulator holds 256 signals");
    }
}
