//! The engine's inputs and its answer: what can be judged, the verdict, the reasons.

use serde::{Deserialize, Serialize};

use crate::{Advice, Entity, QrPayment, Signal};

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing suspicious in a message (not a guarantee of safety).
    NoSigns,
    /// Nothing is known about this number, account or link: never read as "safe".
    Unknown,
    /// Suspicious signals.
    Suspicious,
    /// Listed as a scam, or a strong scam pattern.
    Dangerous,
}

impl Verdict {
    /// The stable code (`dangerous`, `suspicious`, `no_signs`, `unknown`).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::NoSigns => "no_signs",
            Verdict::Unknown => "unknown",
            Verdict::Suspicious => "suspicious",
            Verdict::Dangerous => "dangerous",
        }
    }
    /// The Vietnamese label shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            Verdict::NoSigns => "CHƯA THẤY DẤU HIỆU LỪA ĐẢO",
            Verdict::Unknown => "CHƯA CÓ DỮ LIỆU",
            Verdict::Suspicious => "CẦN THẬN TRỌNG",
            Verdict::Dangerous => "NGUY HIỂM",
        }
    }
    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Verdict::NoSigns => "NO SIGNS OF FRAUD",
            Verdict::Unknown => "NO DATA",
            Verdict::Suspicious => "SUSPICIOUS",
            Verdict::Dangerous => "DANGEROUS",
        }
    }
    /// True for suspicious and dangerous.
    pub fn is_alarm(self) -> bool {
        matches!(self, Verdict::Suspicious | Verdict::Dangerous)
    }
}

/// One reason for the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The signal, serialised as its stable snake_case code.
    pub code: Signal,
    /// Vietnamese text.
    pub vi: String,
    /// English text.
    pub en: String,
    /// Start byte offset in the input it refers to (null if it refers to the whole input).
    pub start: Option<usize>,
    /// End byte offset.
    pub end: Option<usize>,
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Verdict.
    pub verdict: Verdict,
    /// 0–100.
    pub score: u8,
    /// For messages: the message model's calibrated probability that this is a scam (0–1,
    /// three decimals), when a model is embedded. Absent for links, numbers and QR codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f32>,
    /// Matched scam types, strongest first.
    pub scam_types: Vec<String>,
    /// Reasons, strongest first.
    pub reasons: Vec<Reason>,
    /// Advice, most specific first.
    pub advice: Vec<Advice>,
    /// Entities found.
    pub entities: Vec<Entity>,
    /// Decoded payment QR, for QR input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<QrPayment>,
}

/// Where a message arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// SMS (sender is a phone number or a brandname).
    #[default]
    Sms,
    /// Zalo.
    Zalo,
    /// Facebook / Messenger.
    Facebook,
    /// Telegram.
    Telegram,
    /// E-mail.
    Email,
    /// A phone call (transcript or summary).
    Call,
    /// Anything else.
    Other,
}

/// A message to judge.
#[derive(Debug, Clone, Copy, Default)]
pub struct Message<'a> {
    /// The text.
    pub text: &'a str,
    /// Sender phone number or name, if known.
    pub sender: Option<&'a str>,
    /// Channel, if known.
    pub channel: Option<Channel>,
}

/// Anything the engine can judge.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A message.
    Message(Message<'a>),
    /// A link.
    Url(&'a str),
    /// A phone number.
    Phone(&'a str),
    /// A bank account with an optional bank code.
    Account {
        /// Account number.
        account: &'a str,
        /// Bank code, id or VietQR BIN.
        bank: Option<&'a str>,
    },
    /// An EMVCo/VietQR payload with an optional message that came with it.
    Qr {
        /// The payload.
        payload: &'a str,
        /// Message text that came with the QR code.
        context: Option<&'a str>,
    },
}
